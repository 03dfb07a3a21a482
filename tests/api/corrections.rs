//! Data-correction requests: proposed with evidence, verified by the
//! agency's admin; accepting applies the change and keeps the old value,
//! rejecting changes nothing; decided once; scoped to the admin's agency.

use app::documents::service::file_system_document;
use app::org::Role;
use app::org::repo as org;
use asn_portal::config::Config;

use crate::helpers::TestApp;
use crate::on_both_engines;
use crate::sign_in::{employee_with_password, sign_in};

const PASSWORD: &str = "Gudeg!Wijilan#77";
const OWNER: &str = "198003032005011003";
const ADMIN: &str = "197502022001012002";
const OTHER_ADMIN: &str = "199005052015011005";

struct World {
    app: TestApp,
    owner: i64,
    admin: i64,
    position: i64,
    member: i64,
    evidence: i64,
    admins_evidence: i64,
}

async fn world(engine: crate::helpers::Engine) -> World {
    let app = TestApp::spawn(engine).await;
    let ag = org::create_agency(&app.db, "AG", "Agency").await.unwrap();
    let other = org::create_agency(&app.db, "OTHER", "Other agency").await.unwrap();
    let mut ids = Vec::new();
    for (nip, name, agency) in
        [(OWNER, "Owner Person", ag), (ADMIN, "Agency Admin", ag), (OTHER_ADMIN, "Other Admin", other)]
    {
        let id = employee_with_password(&app, nip, name, PASSWORD, false).await;
        sqlx::query("UPDATE employees SET agency_id = $1 WHERE id = $2")
            .bind(agency)
            .bind(id)
            .execute(app.db.pool())
            .await
            .unwrap();
        ids.push(id);
    }
    org::grant_role(&app.db, ids[1], Role::AgencyAdmin, ag).await.unwrap();
    org::grant_role(&app.db, ids[2], Role::AgencyAdmin, other).await.unwrap();
    let position: i64 = sqlx::query_scalar(
        "INSERT INTO position_history (employee_id, position, position_kind, unit_name, tmt, decree_number) \
         VALUES ($1, 'Analis Kepegawaian', 'fungsional', 'BKPSDM', '2019-03-01', '821/45/2019') RETURNING id",
    )
    .bind(ids[0])
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    let member: i64 = sqlx::query_scalar(
        "INSERT INTO family_members (employee_id, relation, full_name, birth_date) VALUES ($1, 'child', 'Anak Pertama', '2015-06-01') RETURNING id",
    )
    .bind(ids[0])
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    let store = Config::load(&app.env).unwrap().documents.store;
    let now = app::server::time::now_unix();
    let evidence =
        file_system_document(&app.db, &store, ids[0], "SK_JABATAN", "SK Jabatan 2019", b"%PDF-1.4 evidence", now, None)
            .await
            .unwrap()
            .expect("filed");
    let admins_evidence =
        file_system_document(&app.db, &store, ids[1], "IJAZAH", "Ijazah admin", b"%PDF-1.4 admin", now, None)
            .await
            .unwrap()
            .expect("filed");
    World { app, owner: ids[0], admin: ids[1], position, member, evidence, admins_evidence }
}

async fn session(app: &TestApp, nip: &str) -> String {
    sign_in(app, nip, PASSWORD, "", None).await.token.expect("signed in")
}

async fn call(app: &TestApp, token: &str, endpoint: &str, form: &[(&str, &str)]) -> (u16, serde_json::Value) {
    let response = app.call(endpoint, token, form).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(serde_json::Value::Null))
}

async fn scalar(app: &TestApp, sql: &'static str, id: i64) -> Option<String> {
    sqlx::query_scalar(sql).bind(id).fetch_one(app.db.pool()).await.unwrap()
}

async fn count(app: &TestApp, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(app.db.pool()).await.unwrap()
}

on_both_engines! {
    async fn an_accepted_correction_is_applied_once_with_its_history_and_a_rejected_one_changes_nothing(engine: Engine) {
        let w = world(engine).await;
        let owner = session(&w.app, OWNER).await;
        let (position, member, evidence) = (w.position.to_string(), w.member.to_string(), w.evidence.to_string());

        // Refused: someone else's document as evidence, a row that is not the owner's, nonsense.
        let theirs = w.admins_evidence.to_string();
        let bad: [(&[(&str, &str)], &str); 4] = [
            (&[("kind", "position_tmt"), ("target", &position), ("date", "2019-01-02"), ("evidence", &theirs)], "correction_evidence"),
            (&[("kind", "position_tmt"), ("target", "999999"), ("date", "2019-01-02"), ("evidence", &evidence)], "correction_target"),
            (&[("kind", "position_tmt"), ("target", &position), ("date", "2999-01-02"), ("evidence", &evidence)], "correction_date"),
            (&[("kind", "status"), ("evidence", &evidence)], "correction_kind"),
        ];
        for (form, field) in bad {
            let (status, body) = call(&w.app, &owner, "request_correction", form).await;
            assert_eq!((status, &body), (400, &serde_json::json!({"Validation": {"field": field}})), "{form:?}");
        }
        assert_eq!(count(&w.app, "SELECT COUNT(*) FROM correction_requests").await, 0);

        let (status, body) = call(&w.app, &owner, "request_correction",
            &[("kind", "position_tmt"), ("target", &position), ("date", "2019-01-02"), ("evidence", &evidence), ("note", "Sesuai SK")]).await;
        assert_eq!(status, 200, "{body}");
        let id = body.as_i64().unwrap().to_string();
        assert_eq!(count(&w.app, "SELECT COUNT(*) FROM notifications WHERE kind = 'correction_requested'").await, 1, "the admin is told");

        // The admin's dashboard counts it; the other agency's admin neither sees nor decides it.
        let admin = session(&w.app, ADMIN).await;
        assert_eq!(call(&w.app, &admin, "dashboard_overview", &[]).await.1["pending_corrections"], 1);
        assert_eq!(call(&w.app, &owner, "dashboard_overview", &[]).await.1["pending_corrections"], 0);
        let stranger = session(&w.app, OTHER_ADMIN).await;
        assert_eq!(call(&w.app, &stranger, "correction_queue", &[]).await.1, serde_json::json!([]));
        assert_eq!(call(&w.app, &stranger, "decide_correction", &[("id", &id), ("decision", "accept")]).await.0, 404);
        assert_eq!(call(&w.app, &owner, "correction_queue", &[]).await.0, 403);
        assert_eq!(call(&w.app, &owner, "decide_correction", &[("id", &id), ("decision", "accept")]).await.0, 404);
        let (_, queue) = call(&w.app, &admin, "correction_queue", &[]).await;
        assert_eq!(queue[0]["current"], "Analis Kepegawaian, BKPSDM: TMT 2019-03-01");
        assert_eq!(queue[0]["evidence_title"], "SK Jabatan 2019");

        // Accept twice at once (a double click): applied once, the second is a conflict.
        let form = [("id", id.as_str()), ("decision", "accept")];
        let (a, b) = tokio::join!(call(&w.app, &admin, "decide_correction", &form), call(&w.app, &admin, "decide_correction", &form));
        let mut statuses = [a.0, b.0];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 409]);
        assert_eq!(scalar(&w.app, "SELECT tmt FROM position_history WHERE id = $1", w.position).await.as_deref(), Some("2019-01-02"));
        let history: Vec<(String, Option<String>, String)> =
            sqlx::query_as("SELECT item, old_value, new_value FROM record_changes WHERE employee_id = $1")
                .bind(w.owner).fetch_all(w.app.db.pool()).await.unwrap();
        assert_eq!(history, [(format!("position_history:{}:tmt", w.position), Some("2019-03-01".into()), "2019-01-02".into())]);
        assert_eq!(count(&w.app, "SELECT COUNT(*) FROM notifications WHERE kind = 'correction_accepted'").await, 1);
        assert_eq!(count(&w.app, "SELECT COUNT(*) FROM audit_events WHERE event = 'correction_accepted'").await, 1);

        // Rejecting needs a reason and changes nothing of the record.
        let (_, body) = call(&w.app, &owner, "request_correction",
            &[("kind", "family_birth_date"), ("target", &member), ("date", "2015-07-01"), ("evidence", &evidence)]).await;
        let second = body.as_i64().unwrap().to_string();
        let (status, body) = call(&w.app, &admin, "decide_correction", &[("id", &second), ("decision", "reject")]).await;
        assert_eq!((status, &body), (400, &serde_json::json!({"Validation": {"field": "correction_reason"}})));
        let (status, body) = call(&w.app, &admin, "decide_correction", &[("id", &second), ("decision", "reject"), ("reason", "Akta kelahiran tidak dilampirkan")]).await;
        assert_eq!((status, &body), (200, &serde_json::json!("Rejected")));
        assert_eq!(scalar(&w.app, "SELECT birth_date FROM family_members WHERE id = $1", w.member).await.as_deref(), Some("2015-06-01"));
        assert_eq!(count(&w.app, "SELECT COUNT(*) FROM record_changes").await, 1);
        let detail: Option<String> = sqlx::query_scalar("SELECT detail FROM notifications WHERE kind = 'correction_rejected'")
            .fetch_one(w.app.db.pool()).await.unwrap();
        assert_eq!(detail.as_deref(), Some("Akta kelahiran tidak dilampirkan"));

        // A missing education record, added on acceptance.
        let (_, body) = call(&w.app, &owner, "request_correction",
            &[("kind", "add_education"), ("level", "s2"), ("institution", "Universitas Gadjah Mada"), ("major", "Magister Administrasi Publik"), ("year", "2016"), ("evidence", &evidence)]).await;
        let third = body.as_i64().unwrap().to_string();
        assert_eq!(call(&w.app, &admin, "decide_correction", &[("id", &third), ("decision", "accept")]).await.0, 200);
        let added: (String, String, i64) = sqlx::query_as("SELECT level, institution, graduation_year FROM education_history WHERE employee_id = $1")
            .bind(w.owner).fetch_one(w.app.db.pool()).await.unwrap();
        assert_eq!(added, ("s2".into(), "Universitas Gadjah Mada".into(), 2016));

        // The owner sees every request with its outcome.
        let (_, mine) = call(&w.app, &owner, "corrections_overview", &[]).await;
        let statuses: Vec<&str> = mine["requests"].as_array().unwrap().iter().map(|r| r["status"].as_str().unwrap()).collect();
        assert_eq!(statuses, ["Accepted", "Rejected", "Accepted"]);

        // Nobody decides their own request.
        let (_, body) = call(&w.app, &admin, "request_correction",
            &[("kind", "add_education"), ("level", "s1"), ("institution", "ITB"), ("year", "2000"), ("evidence", &w.admins_evidence.to_string())]).await;
        let own = body.as_i64().unwrap().to_string();
        assert_eq!(call(&w.app, &admin, "decide_correction", &[("id", &own), ("decision", "accept")]).await.0, 403);
        let _ = w.admin;
        w.app.stop().await;
    }
}
