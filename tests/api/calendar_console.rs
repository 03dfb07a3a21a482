//! The holiday calendar in the console, on both engines: every admin reads
//! it, only a national admin changes it; an import is all or nothing with
//! each bad line named; a removal happens once; every change is audited.

use app::org::Role;
use app::org::repo as org;
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::on_both_engines;
use crate::sign_in::{employee_with_password_in, sign_in};

const PASSWORD: &str = "Gudeg!Wijilan#77";
const ADMIN: &str = "197502022001012002";
const NATIONAL: &str = "196801011990031001";

async fn call(app: &TestApp, token: &str, endpoint: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let response = app.call(endpoint, token, form).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn count(app: &TestApp, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(app.db.pool()).await.unwrap()
}

on_both_engines! {
    async fn only_a_national_admin_changes_the_calendar_all_or_nothing_and_audited(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let ag = org::create_agency(&app.db, "AG", "Pemerintah Kota Contoh").await.unwrap();
        let other = org::create_agency(&app.db, "OTHER", "Other agency").await.unwrap();
        let admin_id = employee_with_password_in(&app, "AG", ADMIN, "Agency Admin", PASSWORD).await;
        let national_id = employee_with_password_in(&app, "OTHER", NATIONAL, "National Admin", PASSWORD).await;
        org::grant_role(&app.db, admin_id, Role::AgencyAdmin, ag).await.unwrap();
        org::grant_role(&app.db, national_id, Role::NationalAdmin, other).await.unwrap();
        let admin = sign_in(&app, ADMIN, PASSWORD, "", None).await.token.expect("signed in");
        let national = sign_in(&app, NATIONAL, PASSWORD, "", None).await.token.expect("signed in");
        let good = "date,kind,name\n2031-03-10,holiday,Hari Suci Nyepi\n2031-03-11,collective,Cuti bersama Nyepi\n";

        // An agency admin reads, but cannot change.
        let (status, view) = call(&app, &admin, "admin_calendar", &[("year", "2031")]).await;
        assert_eq!((status, &view["can_edit"], &view["days"]), (200, &json!(false), &json!([])));
        assert_eq!(call(&app, &admin, "admin_calendar_import", &[("csv", good)]).await.0, 403);
        assert_eq!(call(&app, &admin, "admin_calendar_remove", &[("day", "2031-03-10")]).await.0, 403);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM leave_calendar").await, 0);

        // Bad input: named, nothing written.
        let bad = "2031-03-10,holiday,Hari Suci Nyepi\n2031-13-01,holiday,No such month\n2031-03-12,festival,Not a kind\n";
        let (status, refused) = call(&app, &national, "admin_calendar_import", &[("csv", bad)]).await;
        assert_eq!((status, &refused["written"]), (200, &json!(0)));
        let lines: Vec<i64> = refused["errors"].as_array().unwrap().iter().map(|e| e[0].as_i64().unwrap()).collect();
        assert_eq!(lines, [2, 3], "{refused}");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM leave_calendar").await, 0);
        let (status, empty) = call(&app, &national, "admin_calendar_import", &[("csv", "  ")]).await;
        assert_eq!((status, empty), (400, json!({"Validation": {"field": "admin_calendar_csv"}})));
        let (status, year) = call(&app, &national, "admin_calendar", &[("year", "31")]).await;
        assert_eq!((status, year), (400, json!({"Validation": {"field": "admin_calendar_year"}})));

        // A national admin imports, and the year shows the days.
        let (status, done) = call(&app, &national, "admin_calendar_import", &[("csv", good)]).await;
        assert_eq!((status, done), (200, json!({"written": 2, "errors": []})));
        let (_, view) = call(&app, &national, "admin_calendar", &[("year", "2031")]).await;
        assert_eq!(view["can_edit"], json!(true));
        assert_eq!(
            view["days"],
            json!([
                {"date": {"year": 2031, "month": 3, "day": 10}, "collective": false, "name": "Hari Suci Nyepi"},
                {"date": {"year": 2031, "month": 3, "day": 11}, "collective": true, "name": "Cuti bersama Nyepi"},
            ])
        );

        // A removal happens once; a second click changes and records nothing.
        assert_eq!(call(&app, &national, "admin_calendar_remove", &[("day", "2031-03-11")]).await, (200, json!(true)));
        assert_eq!(call(&app, &national, "admin_calendar_remove", &[("day", "2031-03-11")]).await, (200, json!(false)));
        let (status, day) = call(&app, &national, "admin_calendar_remove", &[("day", "11-03-2031")]).await;
        assert_eq!((status, day), (400, json!({"Validation": {"field": "admin_calendar_day"}})));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM leave_calendar").await, 1);

        let events: Vec<(Option<i64>, Option<String>)> = sqlx::query_as(
            "SELECT actor_employee_id, detail FROM audit_events WHERE event = 'calendar_changed' ORDER BY id",
        )
        .fetch_all(app.db.pool())
        .await
        .unwrap();
        assert_eq!(
            events,
            [
                (Some(national_id), Some("imported 2 day(s), 2031-03-10..2031-03-11".to_string())),
                (Some(national_id), Some("removed 2031-03-11 (collective Cuti bersama Nyepi)".to_string())),
            ]
        );
        app.stop().await;
    }
}
