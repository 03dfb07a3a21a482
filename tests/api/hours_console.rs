//! An agency's time zone and working week from the console, on both
//! engines: what attendance then reads, the refusals, "twice is once", and
//! the audit row with the week before and after.

use app::org::Role;
use app::org::repo as org;
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::on_both_engines;
use crate::sign_in::{employee_with_password_in, sign_in};

const PASSWORD: &str = "Gudeg!Wijilan#77";
const ADMIN: &str = "197502022001012002";
const OTHER_ADMIN: &str = "199005052015011005";

async fn call(app: &TestApp, token: &str, endpoint: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let response = app.call(endpoint, token, form).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn week<'a>(zone: &'a str, weekdays: &'a str, friday: &'a str) -> Vec<(&'static str, &'a str)> {
    let mut form = vec![("agency", "AG"), ("zone", zone)];
    form.extend(["mon", "tue", "wed", "thu"].map(|d| (d, weekdays)));
    form.extend([("fri", friday), ("sat", ""), ("sun", "")]);
    form
}

on_both_engines! {
    async fn an_agency_admin_sets_the_zone_and_week_that_attendance_reads(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let ag = org::create_agency(&app.db, "AG", "Pemerintah Kabupaten Nusa Jaya").await.unwrap();
        let other = org::create_agency(&app.db, "OTHER", "Other agency").await.unwrap();
        let admin_id = employee_with_password_in(&app, "AG", ADMIN, "Agency Admin", PASSWORD).await;
        let other_id = employee_with_password_in(&app, "OTHER", OTHER_ADMIN, "Other Admin", PASSWORD).await;
        org::grant_role(&app.db, admin_id, Role::AgencyAdmin, ag).await.unwrap();
        org::grant_role(&app.db, other_id, Role::AgencyAdmin, other).await.unwrap();
        let admin = sign_in(&app, ADMIN, PASSWORD, "", None).await.token.unwrap();
        let outsider = sign_in(&app, OTHER_ADMIN, PASSWORD, "", None).await.token.unwrap();

        // The national default until the agency has its own.
        let (status, view) = call(&app, &admin, "admin_hours", &[]).await;
        assert_eq!(status, 200, "{view}");
        assert_eq!((view["code"].clone(), view["zone"].clone(), view["own"].clone()), (json!("AG"), json!("WIB"), json!(false)));
        assert_eq!(view["days"], json!(["07:30-16:00", "07:30-16:00", "07:30-16:00", "07:30-16:00", "07:30-16:30", "", ""]));

        // Bad input changes nothing.
        let (status, bad) = call(&app, &admin, "admin_hours_save", &week("WIB", "16:00-07:30", "")).await;
        assert_eq!((status, bad), (400, json!({"Validation": {"field": "admin_hours"}})));
        let (status, bad) = call(&app, &admin, "admin_hours_save", &week("WIB", "", "")).await;
        assert_eq!((status, bad), (400, json!({"Validation": {"field": "admin_hours_none"}})));
        let (status, bad) = call(&app, &admin, "admin_hours_save", &week("UTC", "08:00-16:00", "")).await;
        assert_eq!((status, bad), (400, json!({"Validation": {"field": "admin_zone"}})));
        assert_eq!(call(&app, &outsider, "admin_hours_save", &week("WIT", "08:00-16:00", "")).await.0, 403);
        assert_eq!(call(&app, &outsider, "admin_hours", &[("agency", "AG")]).await.0, 403);
        let own: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM work_hours WHERE agency_id IS NOT NULL").fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(own, 0);

        // Saved: attendance reads WITA and the new week; the same again is no change.
        let form = week("WITA", "08:00-16:00", "08.00-11.30");
        assert_eq!(call(&app, &admin, "admin_hours_save", &form).await, (200, json!(true)));
        assert_eq!(call(&app, &admin, "admin_hours_save", &form).await, (200, json!(false)));
        let mut conn = app.db.pool().acquire().await.unwrap();
        let (zone, rules) = app::attendance::repo::agency_rules(&mut conn, ag).await.unwrap();
        assert_eq!(zone.label(), "WITA");
        assert_eq!(
            app::attendance::rules::describe_week(&rules),
            ["mon 08:00-16:00", "tue 08:00-16:00", "wed 08:00-16:00", "thu 08:00-16:00", "fri 08:00-11:30"]
        );
        let (_, other_rules) = app::attendance::repo::agency_rules(&mut conn, other).await.unwrap();
        assert_eq!(app::attendance::rules::describe_week(&other_rules)[4], "fri 07:30-16:30", "the other agency keeps the default");
        let (_, view) = call(&app, &admin, "admin_hours", &[("agency", "AG")]).await;
        assert_eq!(view["own"], json!(true));

        let details: Vec<(Option<i64>, String)> = sqlx::query_as(
            "SELECT actor_employee_id, detail FROM audit_events WHERE event = 'work_hours_changed' ORDER BY id",
        )
        .fetch_all(app.db.pool())
        .await
        .unwrap();
        assert_eq!(details.len(), 1);
        assert_eq!(details[0].0, Some(admin_id));
        assert_eq!(
            details[0].1,
            "AG: before WIB mon 07:30-16:00, tue 07:30-16:00, wed 07:30-16:00, thu 07:30-16:00, fri 07:30-16:30 \
             (the national default); after WITA mon 08:00-16:00, tue 08:00-16:00, wed 08:00-16:00, thu 08:00-16:00, fri 08:00-11:30"
        );
        app.stop().await;
    }
}
