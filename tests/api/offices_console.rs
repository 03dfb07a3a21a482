//! An agency's offices from the console, on both engines: added, changed
//! and removed with the CLI's rules, where attendance then finds them; the
//! refusals; "twice is once"; the audit rows with before and after.

use app::org::Role;
use app::org::repo as org;
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::on_both_engines;
use crate::sign_in::{employee_with_password_in, sign_in};

const PASSWORD: &str = "Gudeg!Wijilan#77";
const ADMIN: &str = "197502022001012002";

async fn call(app: &TestApp, token: &str, endpoint: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let response = app.call(endpoint, token, form).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn office<'a>(code: &'a str, latitude: &'a str, radius: &'a str, unit: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("agency", "AG"),
        ("code", code),
        ("name", "Kantor Bupati Nusa Jaya"),
        ("latitude", latitude),
        ("longitude", "115.216667"),
        ("radius", radius),
        ("unit", unit),
    ]
}

on_both_engines! {
    async fn an_agency_admin_keeps_the_offices_that_attendance_uses(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let ag = org::create_agency(&app.db, "AG", "Pemerintah Kabupaten Nusa Jaya").await.unwrap();
        org::create_unit(&app.db, "AG", None, "DINKES", "Dinas Kesehatan").await.unwrap();
        org::create_agency(&app.db, "OTHER", "Other agency").await.unwrap();
        org::create_unit(&app.db, "OTHER", None, "LAIN", "Unit lain").await.unwrap();
        let admin_id = employee_with_password_in(&app, "AG", ADMIN, "Agency Admin", PASSWORD).await;
        org::grant_role(&app.db, admin_id, Role::AgencyAdmin, ag).await.unwrap();
        let admin = sign_in(&app, ADMIN, PASSWORD, "", None).await.token.unwrap();

        let (status, view) = call(&app, &admin, "admin_offices", &[]).await;
        assert_eq!((status, view["offices"].clone(), view["units"].clone()), (200, json!([]), json!([["DINKES", "Dinas Kesehatan"]])));

        // Bad input: named by field, nothing written.
        for (form, field) in [
            (office("KANTOR PUSAT", "-8.65", "150", ""), "admin_office_code"),
            (office("PUSAT", "-98", "150", ""), "admin_office_place"),
            (office("PUSAT", "-8.65", "9", ""), "admin_office_radius"),
            (office("PUSAT", "-8.65", "150", "LAIN"), "admin_office_unit"),
        ] {
            let (status, bad) = call(&app, &admin, "admin_office_save", &form).await;
            assert_eq!((status, bad), (400, json!({"Validation": {"field": field}})));
        }
        let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM offices").fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(stored, 0);

        // Added (a decimal comma reads too), the same again is no change, then moved to a unit.
        assert_eq!(call(&app, &admin, "admin_office_save", &office("pusat", "-8,65", "150", "")).await, (200, json!(true)));
        assert_eq!(call(&app, &admin, "admin_office_save", &office("PUSAT", "-8.650000", "150", "")).await, (200, json!(false)));
        assert_eq!(call(&app, &admin, "admin_office_save", &office("PUSAT", "-8.65", "200", "DINKES")).await, (200, json!(true)));
        let offices = app::attendance::repo::list_offices(&app.db, "AG").await.unwrap();
        assert_eq!(offices.len(), 1);
        assert_eq!((offices[0].code.as_str(), offices[0].radius_m, offices[0].unit_code.as_deref()), ("PUSAT", 200, Some("DINKES")));
        let (_, view) = call(&app, &admin, "admin_offices", &[("agency", "AG")]).await;
        assert_eq!(view["offices"][0]["latitude"], json!("-8.650000"));

        // Removed once; a second click answers false.
        let remove = [("agency", "AG"), ("code", "pusat")];
        assert_eq!(call(&app, &admin, "admin_office_remove", &remove).await, (200, json!(true)));
        assert_eq!(call(&app, &admin, "admin_office_remove", &remove).await, (200, json!(false)));
        assert!(app::attendance::repo::list_offices(&app.db, "AG").await.unwrap().is_empty());

        let details: Vec<String> = sqlx::query_scalar("SELECT detail FROM audit_events WHERE event = 'office_changed' ORDER BY id")
            .fetch_all(app.db.pool())
            .await
            .unwrap();
        assert_eq!(
            details,
            [
                "AG PUSAT: before none; after Kantor Bupati Nusa Jaya at -8.650000, 115.216667, radius 150 m, whole agency",
                "AG PUSAT: before Kantor Bupati Nusa Jaya at -8.650000, 115.216667, radius 150 m, whole agency; \
                 after Kantor Bupati Nusa Jaya at -8.650000, 115.216667, radius 200 m, DINKES",
                "AG PUSAT: removed Kantor Bupati Nusa Jaya at -8.650000, 115.216667, radius 200 m, DINKES",
            ]
        );
        app.stop().await;
    }
}
