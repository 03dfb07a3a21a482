//! The authenticator store on both engines: a code's step is accepted once,
//! even when two requests race, and seeds are stored sealed.

use app::mfa::repo;
use app::mfa::totp::TotpSecret;
use app::server::secret_box::Keyring;

use crate::helpers::TestApp;
use crate::on_both_engines;
use crate::sign_in::{NIP, PASSWORD, account_holder, account_holder_without_authenticator, dashboard, sign_in};

const KEYS: &str = "k1:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

/// A confirmed authenticator for a new account: (employee id, authenticator id).
async fn enrolled(app: &TestApp, ring: &Keyring, secret: &TotpSecret) -> (i64, i64) {
    let employee = account_holder_without_authenticator(app).await;
    let mut conn = app.db.pool().acquire().await.unwrap();
    let sealed = ring.seal(secret.expose(), &format!("totp:{employee}"));
    let id = repo::start_enrolment(&mut conn, employee, &sealed, 1_000).await.unwrap();
    assert!(repo::accept_step(&mut conn, id, employee, 100, 1_000, Some("Redmi Note 12")).await.unwrap());
    (employee, id)
}

on_both_engines! {
    async fn two_requests_with_one_code_are_accepted_once(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let ring = Keyring::parse(KEYS).unwrap();
        let (employee, id) = enrolled(&app, &ring, &TotpSecret::generate()).await;
        for step in [101_i64, 102, 103] {
            let (mut a, mut b) = (app.db.pool().acquire().await.unwrap(), app.db.pool().acquire().await.unwrap());
            let (first, second) = tokio::join!(
                repo::accept_step(&mut a, id, employee, step, 2_000, None),
                repo::accept_step(&mut b, id, employee, step, 2_000, None),
            );
            let wins = [first.unwrap(), second.unwrap()].iter().filter(|w| **w).count();
            assert_eq!(wins, 1, "step {step}: exactly one of two racing requests is accepted");
        }
        let mut conn = app.db.pool().acquire().await.unwrap();
        assert!(!repo::accept_step(&mut conn, id, employee, 102, 2_000, None).await.unwrap(), "an older step");
        assert!(!repo::accept_step(&mut conn, id, employee + 1, 104, 2_000, None).await.unwrap(), "another employee");
        assert!(repo::accept_step(&mut conn, id, employee, 104, 2_000, None).await.unwrap());
        app.stop().await;
    }

    async fn seeds_are_stored_sealed_and_enrolment_confirms_once(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let ring = Keyring::parse(KEYS).unwrap();
        let secret = TotpSecret::from_bytes(b"12345678901234567890".to_vec());
        let (employee, id) = enrolled(&app, &ring, &secret).await;
        let rows = repo::confirmed(&app.db, employee).await.unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].device_name, "Redmi Note 12");
        assert_eq!(rows[0].last_step, Some(100));
        let stored = &rows[0].secret_sealed;
        for plain in [secret.base32(), hex::encode(secret.expose()), "12345678901234567890".to_string()] {
            assert!(!stored.contains(&plain), "the stored value holds the seed in the clear: {stored}");
        }
        assert_eq!(ring.open(stored, &format!("totp:{employee}")).unwrap().as_slice(), secret.expose());
        let mut conn = app.db.pool().acquire().await.unwrap();
        assert!(!repo::accept_step(&mut conn, id, employee, 200, 3_000, Some("again")).await.unwrap(), "confirmed once");
        // A new enrolment replaces an unconfirmed one and leaves the confirmed one alone.
        let first = repo::start_enrolment(&mut conn, employee, &ring.seal(b"a", "x"), 3_000).await.unwrap();
        let second = repo::start_enrolment(&mut conn, employee, &ring.seal(b"b", "x"), 3_001).await.unwrap();
        assert_ne!(first, second);
        assert_eq!(repo::pending(&mut conn, employee).await.unwrap().map(|r| r.id), Some(second));
        assert_eq!(repo::confirmed(&app.db, employee).await.unwrap().len(), 1);
        app.stop().await;
    }

    async fn an_admin_reset_removes_authenticators_ends_sessions_and_tells_the_employee(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let employee = account_holder(&app).await;
        let token = sign_in(&app, NIP, PASSWORD, "", None).await.token.unwrap();
        let row = app::org::repo::find_employee(&app.db, employee).await.unwrap().unwrap();
        let removed = app::mfa::reset::reset_authenticators(
            &app.db, &row, app::audit::Actor::Cli, &app::audit::RequestInfo::default(), 5_000,
        ).await.unwrap();
        assert_eq!(removed, 1);
        assert!(repo::confirmed(&app.db, employee).await.unwrap().is_empty());
        assert!(dashboard(&app, &token).await.is_none(), "its sessions ended");
        let (to, subject, body): (String, String, String) =
            sqlx::query_as("SELECT to_address, subject, body_text FROM mail_outbox").fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(to, row.email);
        assert!(subject.contains("direset") && subject.contains("reset"), "{subject}");
        assert!(body.find("Yth.").unwrap() < body.find("Dear").unwrap(), "Indonesian first: {body}");
        let (detail,): (Option<String>,) = sqlx::query_as("SELECT detail FROM audit_events WHERE event = 'mfa_reset'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_eq!(detail.as_deref(), Some("removed 1 authenticator(s); sessions ended; notice queued"));
        app.stop().await;
    }
}
