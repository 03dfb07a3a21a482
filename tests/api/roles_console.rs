//! Roles from the console, on both engines: only a national admin grants
//! and revokes `pybmc` and `agency_admin`, with a reason, never on their
//! own account nor on a national admin's; twice is once; every change is
//! on the employee's audit chain, shows on their console page and is
//! mailed to them.

use app::org::Role;
use app::org::repo as org;
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::on_both_engines;
use crate::sign_in::{employee_with_password_in, sign_in};

const PASSWORD: &str = "Gudeg!Wijilan#77";
const ADMIN: &str = "197502022001012002";
const NATIONAL: &str = "196801011990031001";
const OTHER_NATIONAL: &str = "196902021991031002";
const SITI: &str = "198003032005012003";
const REASON: &str = "SK penunjukan PyB nomor 800/12/2027";

/// An audit row: event, reason, actor, detail.
type Event = (String, Option<String>, Option<i64>, Option<String>);

async fn call(app: &TestApp, token: &str, endpoint: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let response = app.call(endpoint, token, form).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The stored roles (not the derived `employee` and `supervisor`).
async fn roles_of(app: &TestApp, id: i64) -> Vec<String> {
    let roles = org::roles_of(&app.db, id).await.unwrap();
    roles.into_iter().filter(|(r, _)| Role::ASSIGNABLE.contains(r)).map(|(r, _)| r.as_str().to_string()).collect()
}

on_both_engines! {
    async fn only_a_national_admin_grants_and_revokes_roles_with_a_reason(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let ag = org::create_agency(&app.db, "AG", "Pemerintah Kota Contoh").await.unwrap();
        let other = org::create_agency(&app.db, "OTHER", "Other agency").await.unwrap();
        let admin_id = employee_with_password_in(&app, "AG", ADMIN, "Agency Admin", PASSWORD).await;
        let national_id = employee_with_password_in(&app, "OTHER", NATIONAL, "National Admin", PASSWORD).await;
        let other_national = employee_with_password_in(&app, "AG", OTHER_NATIONAL, "Second National", PASSWORD).await;
        let siti = employee_with_password_in(&app, "AG", SITI, "Siti Rahayu", PASSWORD).await;
        org::grant_role(&app.db, admin_id, Role::AgencyAdmin, ag).await.unwrap();
        org::grant_role(&app.db, national_id, Role::NationalAdmin, other).await.unwrap();
        org::grant_role(&app.db, other_national, Role::NationalAdmin, ag).await.unwrap();
        let admin = sign_in(&app, ADMIN, PASSWORD, "", None).await.token.expect("signed in");
        let national = sign_in(&app, NATIONAL, PASSWORD, "", None).await.token.expect("signed in");
        let id = siti.to_string();
        let grant = |role: &'static str| [("id", id.clone()), ("role", role.to_string()), ("change", "grant".into()), ("reason", REASON.into())];
        let form = |f: &[(&'static str, String); 4]| f.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
        let send = |token: String, f: Vec<(&'static str, String)>| {
            let app = &app;
            async move {
                let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
                call(app, &token, "admin_role", &f).await
            }
        };

        // An agency admin sees the roles but changes none.
        let (status, page) = call(&app, &admin, "admin_employee", &[("id", &id)]).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!((&page["roles"], &page["can_change_roles"]), (&json!([]), &json!(false)));
        assert_eq!(send(admin.clone(), form(&grant("pybmc"))).await.0, 403);
        assert!(roles_of(&app, siti).await.is_empty());

        // Refused: no reason, an unknown or a national role, oneself, a national admin's account.
        let mut short = form(&grant("pybmc"));
        short[3].1 = "singkat".into();
        assert_eq!(send(national.clone(), short).await, (400, json!({"Validation": {"field": "admin_reason"}})));
        assert_eq!(send(national.clone(), form(&grant("kepala"))).await, (400, json!({"Validation": {"field": "admin_role"}})));
        assert_eq!(send(national.clone(), form(&grant("national_admin"))).await, (400, json!({"Validation": {"field": "admin_national_cli"}})));
        let mut own = form(&grant("pybmc"));
        own[0].1 = national_id.to_string();
        assert_eq!(send(national.clone(), own).await, (400, json!({"Validation": {"field": "admin_self"}})));
        let mut theirs = form(&grant("agency_admin"));
        theirs[0].1 = other_national.to_string();
        assert_eq!(send(national.clone(), theirs).await, (400, json!({"Validation": {"field": "admin_national_cli"}})));
        assert!(roles_of(&app, siti).await.is_empty());
        assert_eq!(roles_of(&app, other_national).await, ["national_admin"]);

        // Granted once; twice changes nothing and records nothing.
        let (_, page) = call(&app, &national, "admin_employee", &[("id", &id)]).await;
        assert_eq!(page["can_change_roles"], json!(true));
        assert_eq!(send(national.clone(), form(&grant("pybmc"))).await, (200, json!("Done")));
        assert_eq!(send(national.clone(), form(&grant("pybmc"))).await, (200, json!("Unchanged")));
        assert_eq!(roles_of(&app, siti).await, ["pybmc"]);
        let (_, page) = call(&app, &national, "admin_employee", &[("id", &id)]).await;
        assert_eq!(page["roles"], json!([{"role": "pybmc", "agency": "Pemerintah Kota Contoh"}]));
        assert_eq!(page["events"][0]["event"], "role_granted", "on the employee's page");

        // Revoked once.
        let mut revoke = form(&grant("pybmc"));
        revoke[2].1 = "revoke".into();
        assert_eq!(send(national.clone(), revoke.clone()).await, (200, json!("Done")));
        assert_eq!(send(national.clone(), revoke).await, (200, json!("Unchanged")));
        assert!(roles_of(&app, siti).await.is_empty());

        let events: Vec<Event> = sqlx::query_as(
            "SELECT event, reason, actor_employee_id, detail FROM audit_events \
             WHERE employee_id = $1 AND event LIKE 'role_%' ORDER BY id",
        )
        .bind(siti)
        .fetch_all(app.db.pool())
        .await
        .unwrap();
        // The employee was told of each change, once.
        let mails: Vec<(String,)> = sqlx::query_as(
            "SELECT subject FROM mail_outbox WHERE to_address = (SELECT email FROM employees WHERE id = $1) ORDER BY id",
        )
        .bind(siti)
        .fetch_all(app.db.pool())
        .await
        .unwrap();
        assert_eq!(
            mails,
            [
                ("Peran baru di Portal ASN / A new role on the ASN Portal".to_string(),),
                ("Peran Portal ASN dicabut / An ASN Portal role was revoked".to_string(),),
            ]
        );
        let detail = Some(format!("pybmc in agency {ag}"));
        assert_eq!(
            events,
            [
                ("role_granted".to_string(), Some(REASON.to_string()), Some(national_id), detail.clone()),
                ("role_revoked".to_string(), Some(REASON.to_string()), Some(national_id), detail),
            ]
        );
        app.stop().await;
    }
}
