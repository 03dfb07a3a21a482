//! Jobs the server runs itself, once per portal day (WIB), however many app
//! instances share the database: no outside cron job. Each job has a row in
//! `scheduled_jobs`; an instance runs it only after claiming that row with
//! a lease by a conditional UPDATE (of two instances racing, one gets it),
//! and records the day it finished and what it did. A job that fails keeps
//! its error and is tried again after a growing delay; an instance that
//! dies mid-run only delays the job until its lease ends.
//!
//! The jobs themselves belong to the features (`leave::yearly::JOB`); this
//! layer knows none of them. `app::scheduled_jobs` lists them.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use tokio::sync::watch;

use super::db::Db;
use super::lease_queue::backoff;
use super::state::AppState;
use crate::domain::Date;
use crate::domain::date::today;

/// How often an instance looks for a job that is due.
const POLL: Duration = Duration::from_secs(60);

/// How long a claim holds: longer than any run, so that a live run is
/// never taken over; a dead instance's claim lapses after it.
pub const LEASE_SECONDS: i64 = 60 * 60;

/// What a run did, in a line for the console (no secret, no personal data).
pub type Outcome = Result<String, String>;

/// A job's run, started at Unix time `now`.
pub type Run<'a> = Pin<Box<dyn Future<Output = Outcome> + Send + 'a>>;

/// One job: its name (the row's key, shown in the console) and what it does.
#[derive(Clone, Copy)]
pub struct Job {
    pub name: &'static str,
    pub run: for<'a> fn(&'a AppState, i64) -> Run<'a>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job").field("name", &self.name).finish_non_exhaustive()
    }
}

/// A job's row: its last finished run, a claim, and its failures since.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct JobRow {
    pub name: String,
    /// The last day the job finished (WIB, ISO).
    pub done_day: Option<String>,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    /// What the last finished run did.
    pub outcome: Option<String>,
    pub claimed_until: Option<i64>,
    /// Failures since the last run that finished.
    pub failures: i64,
    pub failed_at: Option<i64>,
    pub last_error: Option<String>,
    /// When a failed job is tried again.
    pub retry_at: Option<i64>,
}

/// Runs the due jobs every [`POLL`] until `stop` says so.
pub async fn run(state: AppState, jobs: Vec<Job>, mut stop: watch::Receiver<bool>) {
    loop {
        for job in &jobs {
            if let Err(e) = run_if_due(&state, job).await {
                tracing::warn!(job = job.name, error = %e, "scheduled job: database error");
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(POLL) => {}
            _ = stop.changed() => {}
        }
        if *stop.borrow() {
            return;
        }
    }
}

/// Runs `job` if today's run is still owed and no other instance holds it;
/// answers whether this call ran it.
pub async fn run_if_due(state: &AppState, job: &Job) -> Result<bool, sqlx::Error> {
    let now = state.clock.now();
    let day = today(now);
    if !claim(&state.db, job.name, day, now).await? {
        return Ok(false);
    }
    tracing::info!(job = job.name, %day, "scheduled job started");
    let outcome = (job.run)(state, now).await;
    let finished = state.clock.now();
    match &outcome {
        Ok(did) => {
            tracing::info!(job = job.name, %day, did = %did, "scheduled job finished");
            finish(&state.db, job.name, day, finished, did).await?;
        }
        Err(error) => {
            tracing::error!(job = job.name, %day, error = %error, "scheduled job failed");
            fail(&state.db, job.name, finished, error).await?;
        }
    }
    Ok(true)
}

/// Takes the job for this instance when its run for `day` is owed, no
/// claim holds it and no retry is pending.
pub async fn claim(db: &Db, name: &str, day: Date, now: i64) -> Result<bool, sqlx::Error> {
    let mut conn = db.pool().acquire().await?;
    sqlx::query("INSERT INTO scheduled_jobs (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .execute(&mut *conn)
        .await?;
    let claimed = sqlx::query(
        "UPDATE scheduled_jobs SET claimed_until = $1, started_at = $2 \
         WHERE name = $3 AND (done_day IS NULL OR done_day < $4) \
         AND (claimed_until IS NULL OR claimed_until <= $2) AND (retry_at IS NULL OR retry_at <= $2)",
    )
    .bind(now + LEASE_SECONDS)
    .bind(now)
    .bind(name)
    .bind(day.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(claimed.rows_affected() == 1)
}

/// The run for `day` finished: recorded, and the claim released.
pub async fn finish(db: &Db, name: &str, day: Date, now: i64, outcome: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE scheduled_jobs SET done_day = $1, finished_at = $2, outcome = $3, claimed_until = NULL, \
         failures = 0, retry_at = NULL WHERE name = $4",
    )
    .bind(day.to_string())
    .bind(now)
    .bind(outcome.chars().take(500).collect::<String>())
    .bind(name)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// The run failed: the error kept, the claim released, the next try put off.
pub async fn fail(db: &Db, name: &str, now: i64, error: &str) -> Result<(), sqlx::Error> {
    let mut conn = db.pool().acquire().await?;
    let failures: i64 = sqlx::query_scalar("SELECT failures FROM scheduled_jobs WHERE name = $1")
        .bind(name)
        .fetch_one(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE scheduled_jobs SET claimed_until = NULL, failures = $1, failed_at = $2, last_error = $3, \
         retry_at = $4 WHERE name = $5",
    )
    .bind(failures + 1)
    .bind(now)
    .bind(error.chars().take(500).collect::<String>())
    .bind(now + backoff(failures + 1))
    .bind(name)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Every job that has run or been claimed, by name.
pub async fn runs(db: &Db) -> Result<Vec<JobRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT name, done_day, started_at, finished_at, outcome, claimed_until, failures, failed_at, last_error, \
         retry_at FROM scheduled_jobs ORDER BY name",
    )
    .fetch_all(db.pool())
    .await
}
