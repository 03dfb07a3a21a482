//! The scheduled jobs on both engines: a job's day is claimed by one
//! instance only, however many race for it; a finished day is not run
//! again, the next day is; a failure is kept and tried again after a
//! delay; the server opens the leave year by itself at start-up, once for
//! two instances; the console shows the runs.

use std::time::Duration;

use app::domain::Date;
use app::domain::date::today;
use app::org::Role;
use app::org::repo as org;
use app::server::schedule::{self, JobRow};
use app::server::time::Clock;
use serde_json::Value;

use crate::helpers::TestApp;
use crate::on_both_engines;
use crate::sign_in::{NIP, PASSWORD, account_holder, sign_in};

fn next_day(day: Date) -> Date {
    Date::from_unix_days(day.unix_days() + 1).unwrap()
}

async fn row(app: &TestApp, name: &str) -> JobRow {
    schedule::runs(&app.db).await.unwrap().into_iter().find(|r| r.name == name).expect("the job has a row")
}

/// Waits for the instances' own scheduler to finish the day's leave run.
async fn leave_year_done(app: &TestApp) -> JobRow {
    for _ in 0..300 {
        if let Some(r) = schedule::runs(&app.db).await.unwrap().into_iter().find(|r| r.name == "leave_year")
            && r.done_day.is_some()
        {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not run the leave-year job");
}

on_both_engines! {
    async fn a_jobs_day_is_claimed_once_then_the_next_day_again(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let now = app.clock.now();
        let day = today(now);
        // Eight instances race for the day: one gets it.
        let claims = futures_util::future::join_all((0..8).map(|_| schedule::claim(&app.db, "test_job", day, now))).await;
        assert_eq!(claims.iter().filter(|c| *c.as_ref().unwrap()).count(), 1, "{claims:?}");
        // Held: nobody else, even after the day is over, while the lease lasts.
        assert!(!schedule::claim(&app.db, "test_job", next_day(day), now + 60).await.unwrap());
        schedule::finish(&app.db, "test_job", day, now + 5, "did it").await.unwrap();
        let done = row(&app, "test_job").await;
        assert_eq!((done.done_day.as_deref(), done.outcome.as_deref()), (Some(day.to_string().as_str()), Some("did it")));
        assert_eq!((done.claimed_until, done.finished_at), (None, Some(now + 5)));
        // The day is done: not again that day.
        assert!(!schedule::claim(&app.db, "test_job", day, now + 10).await.unwrap());
        // The next day, once.
        assert!(schedule::claim(&app.db, "test_job", next_day(day), now + 86_400).await.unwrap());
        assert!(!schedule::claim(&app.db, "test_job", next_day(day), now + 86_400).await.unwrap());
        // A dead instance's claim lapses after the lease.
        let later = now + 86_400 + schedule::LEASE_SECONDS;
        assert!(schedule::claim(&app.db, "test_job", next_day(day), later).await.unwrap());
        app.stop().await;
    }

    async fn a_failed_run_is_kept_and_tried_again_after_a_delay(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let now = app.clock.now();
        let day = today(now);
        assert!(schedule::claim(&app.db, "test_job", day, now).await.unwrap());
        schedule::fail(&app.db, "test_job", now + 1, "the database went away").await.unwrap();
        let failed = row(&app, "test_job").await;
        assert_eq!((failed.failures, failed.last_error.as_deref()), (1, Some("the database went away")));
        assert_eq!((failed.done_day, failed.claimed_until), (None, None));
        let retry = failed.retry_at.expect("a retry time");
        assert!(retry > now + 1);
        assert!(!schedule::claim(&app.db, "test_job", day, retry - 1).await.unwrap(), "not before the delay");
        assert!(schedule::claim(&app.db, "test_job", day, retry).await.unwrap());
        // A second failure waits longer.
        schedule::fail(&app.db, "test_job", retry, "again").await.unwrap();
        let twice = row(&app, "test_job").await;
        assert_eq!(twice.failures, 2);
        assert!(twice.retry_at.unwrap() - retry > retry - (now + 1), "the delay grows");
        // A run that finishes clears the failures.
        assert!(schedule::claim(&app.db, "test_job", day, twice.retry_at.unwrap()).await.unwrap());
        schedule::finish(&app.db, "test_job", day, twice.retry_at.unwrap(), "done").await.unwrap();
        let done = row(&app, "test_job").await;
        assert_eq!((done.failures, done.retry_at), (0, None));
        app.stop().await;
    }

    async fn the_server_opens_the_leave_year_itself_once_for_two_instances(engine: Engine) {
        // Jobs off on the first instance (the default of the test apps): the
        // employee exists before any instance runs them.
        let app = TestApp::spawn(engine).await;
        let id = account_holder(&app).await;
        let agency: i64 =
            sqlx::query_scalar("SELECT agency_id FROM employees WHERE id = $1").bind(id).fetch_one(app.db.pool()).await.unwrap();
        org::grant_role(&app.db, id, Role::AgencyAdmin, agency).await.unwrap();
        let year = i64::from(today(app.clock.now()).year());
        let grants = || {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM leave_ledger WHERE employee_id = $1 AND year = $2 AND entry = 'grant'")
                .bind(id)
                .bind(year)
                .fetch_one(app.db.pool())
        };
        assert_eq!(grants().await.unwrap(), 0);

        let first = app.another_instance(&[("ASN_SCHEDULED_JOBS", "on")]).await;
        let done = leave_year_done(&app).await;
        assert_eq!(done.done_day, Some(today(app.clock.now()).to_string()));
        let outcome = done.outcome.clone().unwrap();
        assert!(outcome.starts_with(&format!("year {year}: 1 opened")), "{outcome}");
        assert_eq!(grants().await.unwrap(), 1, "the year's days granted");

        // A second instance the same day finds the day done.
        let second = app.another_instance(&[("ASN_SCHEDULED_JOBS", "on")]).await;
        let admin = sign_in(&second, NIP, PASSWORD, "", None).await.token.expect("signed in");
        let response = second.call("admin_jobs", &admin, &[]).await;
        assert_eq!(response.status(), 200);
        let jobs: Value = response.json().await.unwrap();
        assert_eq!(jobs[0]["name"], "leave_year");
        assert_eq!(jobs[0]["outcome"], outcome.as_str());
        assert_eq!(row(&app, "leave_year").await.started_at, done.started_at, "not run again");
        assert_eq!(grants().await.unwrap(), 1);

        // Not for someone outside the console.
        let stranger = second.call("admin_jobs", "no-such-session", &[]).await;
        assert_eq!(stranger.status(), 401);
        second.stop().await;
        first.stop().await;
        app.stop().await;
    }
}
