//! Accounts and the audit trail.

use app::account::repo::{self, Subject};
use app::audit::{self, Actor, AuditKind, AuditRecord, RequestInfo};
use app::org::repo as org;
use app::org::{EmployeeInput, NewEmployee};

use crate::helpers::TestDb;
use crate::on_both_engines;

const NIP: &str = "198001012005011001";

async fn employee(db: &app::server::Db) -> i64 {
    org::create_agency(db, "AG", "Agency").await.unwrap();
    let input = EmployeeInput {
        nip: NIP.into(),
        name: "Ahmad Fauzi".into(),
        email: "ahmad@x.example".into(),
        kind: "pns".into(),
        agency: "AG".into(),
        ..Default::default()
    };
    org::add_employee(db, &NewEmployee::parse(&input).unwrap()).await.unwrap()
}

async fn events(db: &app::server::Db, id: i64) -> Vec<String> {
    let mut conn = db.pool().acquire().await.unwrap();
    let mut rows = audit::recent_for(&mut conn, id, 50).await.unwrap();
    rows.reverse();
    rows.into_iter().map(|r| r.event).collect()
}

on_both_engines! {
    async fn audit_events_can_be_added_but_never_changed_or_removed(engine: Engine) {
        let t = TestDb::new(engine).await;
        let id = employee(&t.db).await;
        let request = RequestInfo { ip: Some("203.0.113.7".into()), user_agent: Some("x".repeat(1000)), request_id: Some("req-1".into()) };
        let mut conn = t.db.pool().acquire().await.unwrap();
        audit::record(&mut conn, &AuditRecord {
            kind: AuditKind::SignInFailed, reason: Some("wrong_password"), employee_id: Some(id), nip: Some(NIP),
            actor: Actor::System, request: &request, detail: None,
        }).await.unwrap();
        let update = sqlx::query("UPDATE audit_events SET reason = 'nothing'").execute(&mut *conn).await;
        assert!(update.is_err(), "an UPDATE must be refused");
        let delete = sqlx::query("DELETE FROM audit_events").execute(&mut *conn).await;
        assert!(delete.is_err(), "a DELETE must be refused");
        let rows = audit::recent_for(&mut conn, id, 10).await.unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].reason.as_deref(), Some("wrong_password"));
        let (ua_len,): (i64,) = sqlx::query_as("SELECT CAST(LENGTH(user_agent) AS BIGINT) FROM audit_events")
            .fetch_one(&mut *conn).await.unwrap();
        assert_eq!(ua_len, 256, "user agents are stored bounded");
    }

    async fn operator_actions_change_the_account_and_are_audited_together(engine: Engine) {
        let t = TestDb::new(engine).await;
        let id = employee(&t.db).await;
        let subject = Subject { employee_id: id, nip: NIP };
        let request = RequestInfo::default();
        repo::set_password(&t.db, subject, "$argon2id$v=19$placeholder", true, Actor::Cli, &request).await.unwrap();
        let mut conn = t.db.pool().acquire().await.unwrap();
        let c = repo::credential(&mut conn, id).await.unwrap().unwrap();
        assert!(c.must_change && !c.disabled && c.password_hash.is_some());
        drop(conn);

        sqlx::query("UPDATE credentials SET failed_count = 9, locked_permanently = 1 WHERE employee_id = $1")
            .bind(id).execute(t.db.pool()).await.unwrap();
        assert!(repo::unlock(&t.db, subject, Actor::Cli, &request).await.unwrap());
        assert!(!repo::unlock(&t.db, subject, Actor::Cli, &request).await.unwrap(), "nothing left to unlock");
        repo::set_disabled(&t.db, subject, true, Actor::Cli, &request).await.unwrap();
        let mut conn = t.db.pool().acquire().await.unwrap();
        let c = repo::credential(&mut conn, id).await.unwrap().unwrap();
        assert!(c.disabled && !c.locked_permanently && c.failed_count == 0);
        drop(conn);
        assert_eq!(events(&t.db, id).await, ["password_set", "unlocked", "unlocked", "account_disabled"]);
    }
}
