//! Tamper evidence: audit events are hash-chained, and `audit verify`
//! finds the first broken link however the trail was altered.

use app::audit::verify::{Report, verify};

use crate::helpers::{Engine, TestApp};
use crate::on_both_engines;
use crate::sign_in::{NIP, PASSWORD, account_holder, password_step, sign_in};

async fn check(app: &TestApp) -> Report {
    let mut conn = app.db.pool().acquire().await.unwrap();
    verify(&mut conn).await.unwrap()
}

/// Lifts the append-only triggers, as someone with direct database access could.
async fn unprotect(app: &TestApp, engine: Engine) {
    let statements: &[&str] = match engine {
        Engine::Sqlite => &["DROP TRIGGER audit_events_no_update", "DROP TRIGGER audit_events_no_delete"],
        Engine::Postgres => &["ALTER TABLE audit_events DISABLE TRIGGER USER"],
    };
    for s in statements {
        sqlx::query(sqlx::AssertSqlSafe(s.to_string())).execute(app.db.pool()).await.unwrap();
    }
}

/// Some history: sign-ins, failures on a known and an unknown NIP.
async fn history(app: &TestApp) {
    account_holder(app).await;
    sign_in(app, NIP, PASSWORD, "", None).await;
    password_step(app, NIP, "Salah-Sandi#1", "", None).await;
    password_step(app, "199001012015052002", "Salah-Sandi#1", "", None).await;
    sign_in(app, NIP, PASSWORD, "", None).await;
}

async fn ids(app: &TestApp, chain: &str) -> Vec<i64> {
    let rows: Vec<(i64,)> = sqlx::query_as("SELECT id FROM audit_events WHERE chain = $1 ORDER BY seq")
        .bind(chain)
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    rows.into_iter().map(|r| r.0).collect()
}

on_both_engines! {
    async fn an_untouched_trail_verifies_with_every_event_in_a_chain(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        history(&app).await;
        let report = check(&app).await;
        let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_events").fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(report.broken, None);
        assert_eq!(report.events, total as u64);
        assert!(report.chains >= 2, "the employee's chain and the system chain: {report:?}");
        assert_eq!(ids(&app, "system").await.len(), 1, "the unknown NIP's failure");
        app.stop().await;
    }

    async fn concurrent_events_of_one_chain_line_up(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        account_holder(&app).await;
        let attempts = (0..8).map(|_| password_step(&app, NIP, "Salah-Sandi#1", "", None));
        futures_util::future::join_all(attempts).await;
        let report = check(&app).await;
        assert_eq!(report.broken, None, "{report:?}");
        let (max, count): (i64, i64) = sqlx::query_as("SELECT MAX(seq), COUNT(*) FROM audit_events WHERE chain LIKE 'employee:%'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_eq!(max, count, "no gaps, no duplicates");
        app.stop().await;
    }

    async fn an_altered_event_is_found(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        history(&app).await;
        unprotect(&app, engine).await;
        let chain = ids(&app, "employee:1").await;
        sqlx::query("UPDATE audit_events SET ip = '10.9.9.9' WHERE id = $1").bind(chain[1]).execute(app.db.pool()).await.unwrap();
        let broken = check(&app).await.broken.expect("found");
        assert!(broken.contains("employee:1") && broken.contains("event 2") && broken.contains("altered"), "{broken}");
        app.stop().await;
    }

    async fn a_removed_event_is_found_in_the_middle_and_at_the_end(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        history(&app).await;
        unprotect(&app, engine).await;
        let chain = ids(&app, "employee:1").await;
        sqlx::query("DELETE FROM audit_events WHERE id = $1").bind(chain[chain.len() - 1]).execute(app.db.pool()).await.unwrap();
        let broken = check(&app).await.broken.expect("found");
        assert!(broken.contains("newest events are missing"), "{broken}");
        sqlx::query("DELETE FROM audit_events WHERE id = $1").bind(chain[1]).execute(app.db.pool()).await.unwrap();
        let broken = check(&app).await.broken.expect("found");
        assert!(broken.contains("event 2 is missing"), "{broken}");
        app.stop().await;
    }

    // Someone with write access to the database but not the secret key
    // cannot rewrite the trail: not by recomputing an unkeyed hash, not by
    // moving an event to another agency, not by moving the boundary where
    // keyed sealing began.
    async fn a_chain_rewritten_without_the_key_is_found(engine: Engine) {
        use app::audit::{Hashed, row_hash};
        let app = TestApp::spawn(engine).await;
        history(&app).await;
        unprotect(&app, engine).await;
        assert_eq!(check(&app).await.broken, None);
        let last = *ids(&app, "employee:1").await.last().unwrap();
        // The newest event, rewritten with the unkeyed (v1) hash and the head moved along.
        let mut row: Hashed = sqlx::query_as(
            "SELECT seq, occurred_at, event, reason, employee_id, nip, actor_employee_id, actor, ip, user_agent, \
             request_id, detail, agency_id FROM audit_events WHERE id = $1",
        )
        .bind(last)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
        let (prev,): (String,) = sqlx::query_as("SELECT prev_hash FROM audit_events WHERE id = $1").bind(last).fetch_one(app.db.pool()).await.unwrap();
        row.ip = Some("10.9.9.9".into());
        let forged = row_hash("employee:1", &prev, &row);
        sqlx::query("UPDATE audit_events SET ip = '10.9.9.9', row_hash = $1, hash_version = NULL WHERE id = $2")
            .bind(&forged).bind(last).execute(app.db.pool()).await.unwrap();
        sqlx::query("UPDATE audit_chain_heads SET last_hash = $1 WHERE chain = 'employee:1'")
            .bind(&forged).execute(app.db.pool()).await.unwrap();
        let broken = check(&app).await.broken.expect("found");
        assert!(broken.contains("unkeyed but was written after keyed sealing began"), "{broken}");
        // Moving the boundary to cover it is found too.
        sqlx::query("UPDATE audit_keying SET legacy_through = 1000000000").execute(app.db.pool()).await.unwrap();
        let broken = check(&app).await.broken.expect("found");
        assert!(broken.contains("keyed sealing began was altered"), "{broken}");
        app.stop().await;
    }

    async fn moving_an_event_to_another_agency_is_found(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        history(&app).await;
        unprotect(&app, engine).await;
        let chain = ids(&app, "employee:1").await;
        sqlx::query("UPDATE audit_events SET agency_id = 999 WHERE id = $1").bind(chain[0]).execute(app.db.pool()).await.unwrap();
        let broken = check(&app).await.broken.expect("found");
        assert!(broken.contains("event 1") && broken.contains("altered"), "{broken}");
        app.stop().await;
    }

    async fn an_event_slipped_in_without_a_chain_is_found(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        history(&app).await;
        sqlx::query("INSERT INTO audit_events (occurred_at, event, actor) VALUES (1, 'unlocked', 'cli')")
            .execute(app.db.pool())
            .await
            .unwrap();
        let broken = check(&app).await.broken.expect("found");
        assert!(broken.contains("has no chain"), "{broken}");
        app.stop().await;
    }
}
