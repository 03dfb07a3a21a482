//! A work queue in a database table, shared by every app instance: a row is
//! due at `next_attempt_at`; a worker claims it with a lease
//! (`claimed_until`) by a conditional UPDATE, so of two workers racing for
//! a row one gets it, and a worker that dies mid-task only delays the row
//! until its lease ends. A failure schedules the next attempt with a
//! growing back-off, or gives the row up (`failed_at`). The mail outbox and
//! the back-channel logout notices are such queues.
//!
//! Each queue's table has the columns `id`, `next_attempt_at`,
//! `claimed_until`, `attempts`, `failed_at`, `last_error` and a completion
//! column of its own (`sent_at`, `delivered_at`).

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe, FromRow};

use super::db::Db;

/// One queue: its table and how it retries. The names are constants of
/// the code, never input.
#[derive(Debug, Clone, Copy)]
pub struct LeaseQueue {
    pub table: &'static str,
    /// The column set when a row's work is done.
    pub done_column: &'static str,
    /// The columns a claim returns, `attempts` (this one included) among them.
    pub claimed_columns: &'static str,
    /// How long a claim holds before another worker may take the row.
    pub lease_seconds: i64,
    /// Attempts after which a row is given up.
    pub max_attempts: i64,
}

/// Delay before attempt `attempts + 1`: 30 s doubling, at most an hour.
pub fn backoff(attempts: i64) -> i64 {
    let doublings = u32::try_from(attempts.clamp(1, 8) - 1).unwrap_or(0);
    (30_i64 << doublings).min(3600)
}

impl LeaseQueue {
    fn open(&self) -> String {
        format!("{} IS NULL AND failed_at IS NULL", self.done_column)
    }

    /// Claims the oldest due row, if any.
    pub async fn claim_due<T>(&self, db: &Db, now: i64) -> Result<Option<T>, sqlx::Error>
    where
        T: for<'r> FromRow<'r, AnyRow> + Send + Unpin,
    {
        let candidates: Vec<(i64,)> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT id FROM {} WHERE {} AND next_attempt_at <= $1 \
             AND (claimed_until IS NULL OR claimed_until <= $1) ORDER BY next_attempt_at, id LIMIT 8",
            self.table,
            self.open()
        )))
        .bind(now)
        .fetch_all(db.pool())
        .await?;
        let claim = format!(
            "UPDATE {} SET claimed_until = $1, attempts = attempts + 1 \
             WHERE id = $2 AND {} AND (claimed_until IS NULL OR claimed_until <= $3) RETURNING {}",
            self.table,
            self.open(),
            self.claimed_columns
        );
        for (id,) in candidates {
            let claimed: Option<T> = sqlx::query_as(AssertSqlSafe(claim.clone()))
                .bind(now + self.lease_seconds)
                .bind(id)
                .bind(now)
                .fetch_optional(db.pool())
                .await?;
            if claimed.is_some() {
                return Ok(claimed);
            }
        }
        Ok(None)
    }

    /// The row's work is done.
    pub async fn mark_done(&self, conn: &mut AnyConnection, id: i64, now: i64) -> Result<(), sqlx::Error> {
        sqlx::query(AssertSqlSafe(format!(
            "UPDATE {} SET {} = $1, claimed_until = NULL, last_error = NULL WHERE id = $2",
            self.table, self.done_column
        )))
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
        Ok(())
    }

    /// Releases the claim and schedules the next attempt, or gives the row
    /// up when `permanent` or after [`LeaseQueue::max_attempts`]; answers
    /// whether it gave up. `error` must carry no secret.
    pub async fn mark_failed(
        &self,
        conn: &mut AnyConnection,
        id: i64,
        attempts: i64,
        now: i64,
        error: &str,
        permanent: bool,
    ) -> Result<bool, sqlx::Error> {
        let error: String = error.chars().take(500).collect();
        let give_up = permanent || attempts >= self.max_attempts;
        sqlx::query(AssertSqlSafe(format!(
            "UPDATE {} SET claimed_until = NULL, next_attempt_at = $1, last_error = $2, failed_at = $3 WHERE id = $4",
            self.table
        )))
        .bind(now + backoff(attempts))
        .bind(error)
        .bind(give_up.then_some(now))
        .bind(id)
        .execute(conn)
        .await?;
        Ok(give_up)
    }

    /// Rows waiting (for `/metrics`).
    pub async fn depth(&self, db: &Db) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM {} WHERE {}", self.table, self.open())))
            .fetch_one(db.pool())
            .await
    }

    /// Rows given up (for `/metrics`).
    pub async fn failed(&self, db: &Db) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM {} WHERE failed_at IS NOT NULL", self.table)))
            .fetch_one(db.pool())
            .await
    }

    /// Forgets rows finished (done or given up) before `before`.
    pub async fn forget_finished(&self, conn: &mut AnyConnection, before: i64) -> Result<(), sqlx::Error> {
        sqlx::query(AssertSqlSafe(format!(
            "DELETE FROM {} WHERE {} < $1 OR failed_at < $1",
            self.table, self.done_column
        )))
        .bind(before)
        .execute(conn)
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_to_an_hour() {
        let delays: Vec<i64> = (1..=10).map(backoff).collect();
        assert_eq!(delays, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
    }
}
