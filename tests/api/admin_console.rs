//! The admin console on both engines: search and the employee page show
//! the account's state and never reach outside the admin's agencies.
//! Every console server function is enumerated below: one that forgets
//! its scope check fails here.

use app::org::Role;
use app::org::repo as org;
use app::server::time::Clock;
use serde_json::json;

use crate::helpers::TestApp;
use crate::on_both_engines;
use crate::sign_in::{employee_with_password, employee_without_authenticator, sign_in};

const PASSWORD: &str = "Gudeg!Wijilan#77";
const ADMIN: &str = "197502022001012002";
const OTHER_ADMIN: &str = "199005052015011005";
const SITI: &str = "198003032005012003";
const BUDI: &str = "198504042010011004";
const STRANGER: &str = "198807072012011007";

/// Every console server function with a form naming an employee (`{id}`).
const CONSOLE: [(&str, &[(&str, &str)]); 2] =
    [("admin_employee", &[("id", "{id}")]), ("admin_employees", &[("text", "{nip}")])];

async fn call(app: &TestApp, token: &str, endpoint: &str, form: &[(&str, &str)]) -> (u16, serde_json::Value) {
    let response = app.call(endpoint, token, form).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(serde_json::Value::Null))
}

on_both_engines! {
    async fn the_console_finds_and_explains_accounts_of_the_admins_agency_only(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let ag = org::create_agency(&app.db, "AG", "Pemerintah Kota Contoh").await.unwrap();
        let other = org::create_agency(&app.db, "OTHER", "Other agency").await.unwrap();
        let mut ids = std::collections::HashMap::new();
        for (nip, name, agency, with_device) in [
            (ADMIN, "Agency Admin", ag, true),
            (OTHER_ADMIN, "Other Admin", other, true),
            (SITI, "Siti Rahayu", ag, true),
            (BUDI, "Budi Santoso", ag, false),
            (STRANGER, "Siti Stranger", other, true),
        ] {
            let id = if with_device {
                employee_with_password(&app, nip, name, PASSWORD, false).await
            } else {
                employee_without_authenticator(&app, nip, name, PASSWORD, false).await
            };
            sqlx::query("UPDATE employees SET agency_id = $1 WHERE id = $2").bind(agency).bind(id).execute(app.db.pool()).await.unwrap();
            ids.insert(nip, id);
        }
        org::grant_role(&app.db, ids[ADMIN], Role::AgencyAdmin, ag).await.unwrap();
        org::grant_role(&app.db, ids[OTHER_ADMIN], Role::AgencyAdmin, other).await.unwrap();
        // Siti is locked out for an hour.
        sqlx::query("UPDATE credentials SET failed_count = 5, locked_until = $1 WHERE employee_id = $2")
            .bind(app.clock.now() + 3600).bind(ids[SITI]).execute(app.db.pool()).await.unwrap();

        let admin = sign_in(&app, ADMIN, PASSWORD, "", None).await.token.unwrap();
        let (code, all) = call(&app, &admin, "admin_employees", &[]).await;
        assert_eq!(code, 200, "{all}");
        let names: Vec<&str> = all["rows"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Agency Admin", "Budi Santoso", "Siti Rahayu"], "the other agency's employees never show");
        let state = |v: &serde_json::Value, name: &str| {
            v["rows"].as_array().unwrap().iter().find(|r| r["name"] == name).unwrap()["state"].clone()
        };
        assert_eq!(state(&all, "Siti Rahayu"), json!("Locked"));
        assert_eq!(state(&all, "Budi Santoso"), json!("NoAuthenticator"));
        assert_eq!(state(&all, "Agency Admin"), json!("Active"));

        // By grouped NIP, by part of a name (wildcards are literal), by state.
        let find = |form: Vec<(&'static str, &'static str)>| {
            let (app, admin) = (&app, admin.clone());
            async move {
                let (_, v) = call(app, &admin, "admin_employees", &form).await;
                v["rows"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap().to_string()).collect::<Vec<_>>()
            }
        };
        assert_eq!(find(vec![("text", "19800303 200501 2 003")]).await, ["Siti Rahayu"]);
        assert_eq!(find(vec![("text", "siti")]).await, ["Siti Rahayu"], "not the stranger of another agency");
        assert_eq!(find(vec![("text", "budi")]).await, ["Budi Santoso"]);
        assert!(find(vec![("text", "%")]).await.is_empty(), "a bare wildcard matches nothing");
        assert!(find(vec![("text", "_")]).await.is_empty(), "nor does a one-character one");
        assert!(find(vec![("text", "' OR 1=1 --")]).await.is_empty());
        assert_eq!(find(vec![("state", "locked")]).await, ["Siti Rahayu"]);
        assert_eq!(find(vec![("state", "no_authenticator")]).await, ["Budi Santoso"]);

        // The employee page: state, lock, devices by name, the sign-in trail.
        let (code, siti) = call(&app, &admin, "admin_employee", &[("id", &ids[SITI].to_string())]).await;
        assert_eq!(code, 200, "{siti}");
        assert_eq!(siti["row"]["state"], "Locked");
        assert_eq!(siti["failed_count"], 5);
        assert_eq!(siti["devices"][0]["name"], "Test phone");
        assert!(!siti.to_string().contains("secret"), "no secrets in the answer");

        // Outside the scope: not found for an employee of another agency through
        // every console function; forbidden for a non-admin.
        let other_admin = sign_in(&app, OTHER_ADMIN, PASSWORD, "", None).await.token.unwrap();
        for (endpoint, form) in CONSOLE {
            let id = ids[SITI].to_string();
            let form: Vec<(&str, String)> = form.iter().map(|(k, v)| (*k, v.replace("{id}", &id).replace("{nip}", SITI))).collect();
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (code, body) = call(&app, &other_admin, endpoint, &form).await;
            match endpoint {
                "admin_employees" => assert_eq!((code, body["rows"].clone()), (200, json!([])), "{endpoint}"),
                _ => assert_eq!(code, 404, "{endpoint}: {body}"),
            }
        }
        let employee = sign_in(&app, STRANGER, PASSWORD, "", None).await.token.unwrap();
        for (endpoint, _) in CONSOLE {
            assert_eq!(call(&app, &employee, endpoint, &[("id", &ids[SITI].to_string())]).await.0, 403, "{endpoint}");
        }
        assert_eq!(call(&app, &admin, "admin_employee", &[("id", "999999")]).await.0, 404);
        // The pages render for the admin and the dashboard offers the console.
        let page = reqwest::Client::new().get(app.url(&format!("/admin/employees/{}", ids[SITI])))
            .header("cookie", format!("asn_session={admin}")).send().await.unwrap();
        assert_eq!(page.status(), 200);
        assert!(page.text().await.unwrap().contains("Siti Rahayu"));
        assert_eq!(call(&app, &admin, "dashboard_overview", &[]).await.1["is_admin"], true);
        assert_eq!(call(&app, &employee, "dashboard_overview", &[]).await.1["is_admin"], false);
        app.stop().await;
    }
}
