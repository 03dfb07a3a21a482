//! Announcements: who may publish where, who sees what, unread markers,
//! sanitised bodies, and ids that name someone else's announcement.

use app::org::Role;
use app::org::repo as org;
use app::server::time::Clock;

use crate::helpers::TestApp;
use crate::on_both_engines;
use crate::sign_in::{employee_with_password, sign_in};

const PASSWORD: &str = "Gudeg!Wijilan#77";
const NATIONAL: &str = "197001012000011001";
const AG_ADMIN: &str = "197502022001012002";
const IN_CHILD: &str = "198003032005011003";
const IN_PARENT: &str = "198504042010012004";
const OTHER_AGENCY: &str = "199005052015011005";

struct World {
    app: TestApp,
    /// `agency:ID` of AG.
    ag: String,
    other_agency: i64,
    parent_unit: i64,
}

/// Agency AG with unit PARENT and CHILD below it, agency OTHER; a national
/// admin and an agency admin (both of AG), and three employees.
async fn world(engine: crate::helpers::Engine) -> World {
    let app = TestApp::spawn(engine).await;
    let ag = org::create_agency(&app.db, "AG", "Agency").await.unwrap();
    let other_agency = org::create_agency(&app.db, "OTHER", "Other agency").await.unwrap();
    let parent_unit = org::create_unit(&app.db, "AG", None, "PARENT", "Parent unit").await.unwrap();
    let child = org::create_unit(&app.db, "AG", Some("PARENT"), "CHILD", "Child unit").await.unwrap();
    let other_unit = org::create_unit(&app.db, "OTHER", None, "O1", "Other unit").await.unwrap();
    for (nip, name, unit, agency) in [
        (NATIONAL, "Nasional Admin", parent_unit, ag),
        (AG_ADMIN, "Agency Admin", parent_unit, ag),
        (IN_CHILD, "Child Person", child, ag),
        (IN_PARENT, "Parent Person", parent_unit, ag),
        (OTHER_AGENCY, "Other Person", other_unit, other_agency),
    ] {
        let id = employee_with_password(&app, nip, name, PASSWORD, false).await;
        sqlx::query("UPDATE employees SET unit_id = $1, agency_id = $2 WHERE id = $3")
            .bind(unit)
            .bind(agency)
            .bind(id)
            .execute(app.db.pool())
            .await
            .unwrap();
        match nip {
            NATIONAL => org::grant_role(&app.db, id, Role::NationalAdmin, ag).await.unwrap(),
            AG_ADMIN => org::grant_role(&app.db, id, Role::AgencyAdmin, ag).await.unwrap(),
            _ => {}
        }
    }
    World { app, ag: format!("agency:{ag}"), other_agency, parent_unit }
}

async fn session(app: &TestApp, nip: &str) -> String {
    sign_in(app, nip, PASSWORD, "", None).await.token.expect("signed in")
}

async fn call(app: &TestApp, token: &str, endpoint: &str, form: &[(&str, &str)]) -> (u16, serde_json::Value) {
    let response = app.call(endpoint, token, form).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(serde_json::Value::Null))
}

async fn publish(
    app: &TestApp,
    token: &str,
    title: &str,
    scope: &str,
    extra: &[(&str, &str)],
) -> (u16, serde_json::Value) {
    let mut form = vec![("title", title), ("body", "Isi **penting**."), ("scope", scope)];
    form.extend_from_slice(extra);
    call(app, token, "publish_notice", &form).await
}

async fn titles(app: &TestApp, token: &str) -> Vec<String> {
    let (status, board) = call(app, token, "notices", &[]).await;
    assert_eq!(status, 200, "{board}");
    board["notices"].as_array().unwrap().iter().map(|n| n["title"].as_str().unwrap().to_string()).collect()
}

async fn count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM announcements").fetch_one(app.db.pool()).await.unwrap()
}

on_both_engines! {
    async fn each_announcement_reaches_exactly_its_audience(engine: Engine) {
        let w = world(engine).await;
        let national = session(&w.app, NATIONAL).await;
        let admin = session(&w.app, AG_ADMIN).await;
        assert_eq!(publish(&w.app, &national, "Untuk semua", "everyone", &[]).await.0, 200);
        assert_eq!(publish(&w.app, &national, "Untuk instansi lain", &format!("agency:{}", w.other_agency), &[]).await.0, 200);
        assert_eq!(publish(&w.app, &admin, "Untuk instansi", &w.ag, &[("pinned", "on")]).await.0, 200);
        assert_eq!(publish(&w.app, &admin, "Untuk unit induk", &format!("unit:{}", w.parent_unit), &[]).await.0, 200);
        // Not yet published, and already over (the clock moves past it).
        assert_eq!(publish(&w.app, &admin, "Besok", &w.ag, &[("publish_on", "2999-01-01")]).await.0, 200);
        let today = app::announcements::repo::day_of(w.app.clock.now()).to_string();
        assert_eq!(publish(&w.app, &admin, "Hari ini saja", &w.ag, &[("expires_on", &today)]).await.0, 200);
        w.app.clock.advance(2 * 86_400);

        let child = session(&w.app, IN_CHILD).await;
        assert_eq!(titles(&w.app, &child).await, ["Untuk instansi", "Untuk unit induk", "Untuk semua"], "pinned first, then newest");
        let parent = session(&w.app, IN_PARENT).await;
        assert_eq!(titles(&w.app, &parent).await.len(), 3);
        let other = session(&w.app, OTHER_AGENCY).await;
        assert_eq!(titles(&w.app, &other).await, ["Untuk instansi lain", "Untuk semua"]);
        w.app.stop().await;
    }

    async fn publishing_is_limited_to_the_authors_scope_and_changes_nothing_when_refused(engine: Engine) {
        let w = world(engine).await;
        let admin = session(&w.app, AG_ADMIN).await;
        let employee = session(&w.app, IN_CHILD).await;
        let other = format!("agency:{}", w.other_agency);
        for (token, scope, status, why) in [
            (&employee, w.ag.as_str(), 403, "an employee publishes nothing"),
            (&admin, "everyone", 400, "an agency admin cannot reach everyone"),
            (&admin, other.as_str(), 400, "nor another agency"),
            (&admin, "unit:999", 400, "nor a unit that does not exist"),
            (&admin, "agency:1 OR 1=1", 400, "nor anything else"),
        ] {
            assert_eq!(publish(&w.app, token, "X", scope, &[]).await.0, status, "{why}");
        }
        for (title, extra) in [
            ("", vec![]),
            (&"x".repeat(151)[..], vec![]),
            ("Tanggal", vec![("expires_on", "2020-01-01")]),
            ("Tanggal", vec![("publish_on", "31-12-2030")]),
            ("Tanggal", vec![("publish_on", "2030-02-01"), ("expires_on", "2030-01-01")]),
        ] {
            let (status, error) = publish(&w.app, &admin, title, &w.ag, &extra).await;
            assert_eq!(status, 400, "{title} {extra:?}: {error}");
        }
        assert_eq!(count(&w.app).await, 0);
        let (status, _) = call(&w.app, &employee, "publish_scopes", &[]).await;
        assert_eq!(status, 403);
        let (_, scopes) = call(&w.app, &admin, "publish_scopes", &[]).await;
        let values: Vec<&str> = scopes.as_array().unwrap().iter().map(|s| s["value"].as_str().unwrap()).collect();
        assert_eq!(values.len(), 3, "the agency and its two units: {values:?}");
        w.app.stop().await;
    }

    async fn reading_marks_read_and_foreign_ids_are_not_found(engine: Engine) {
        let w = world(engine).await;
        let admin = session(&w.app, AG_ADMIN).await;
        let body = "Lihat [MyASN](https://myasn.bkn.go.id) atau [ini](javascript:alert(1)).\n\n<script>alert(2)</script>";
        let (_, id) = call(&w.app, &admin, "publish_notice", &[("title", "Satu"), ("body", body), ("scope", &w.ag)]).await;
        let id = id.as_i64().unwrap().to_string();
        publish(&w.app, &admin, "Dua", &w.ag, &[]).await;

        let reader = session(&w.app, IN_CHILD).await;
        let (_, board) = call(&w.app, &reader, "notices", &[]).await;
        assert!(board["notices"].as_array().unwrap().iter().all(|n| n["unread"] == true));
        let (status, notice) = call(&w.app, &reader, "open_notice", &[("id", &id)]).await;
        assert_eq!(status, 200);
        let html = notice["body_html"].as_str().unwrap();
        assert!(html.contains(r#"<a href="https://myasn.bkn.go.id">MyASN</a>"#), "{html}");
        assert!(!html.contains("javascript:") && !html.contains("<script>"), "{html}");
        let (_, board) = call(&w.app, &reader, "notices", &[]).await;
        let unread: Vec<bool> = board["notices"].as_array().unwrap().iter().map(|n| n["unread"].as_bool().unwrap()).collect();
        assert_eq!(unread, [true, false], "only the one opened is read");
        // The dashboard counts what is left.
        let (_, overview) = call(&w.app, &reader, "dashboard_overview", &[]).await;
        assert_eq!(overview["unread_notices"], 1);
        let (status, _) = call(&w.app, &reader, "mark_notices_read", &[]).await;
        assert!(status == 200 || status == 302, "{status}");
        let (_, overview) = call(&w.app, &reader, "dashboard_overview", &[]).await;
        assert_eq!(overview["unread_notices"], 0);

        // Someone in another agency gets 404 for the same id, as for one that does not exist.
        let stranger = session(&w.app, OTHER_AGENCY).await;
        for probe in [id.as_str(), "999999", "-1", "abc"] {
            let (status, _) = call(&w.app, &stranger, "open_notice", &[("id", probe)]).await;
            assert!(status == 404 || (status == 400 && probe == "abc"), "{probe}: {status}");
        }
        let page = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
            .get(w.app.url(&format!("/announcements/{id}")))
            .header("cookie", format!("asn_session={stranger}"))
            .send().await.unwrap();
        assert_eq!(page.status().as_u16(), 404);
        assert!(!page.text().await.unwrap().contains("MyASN"));
        let reads: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM announcement_reads r JOIN employees e ON e.id = r.employee_id WHERE e.nip = $1")
            .bind(OTHER_AGENCY).fetch_one(w.app.db.pool()).await.unwrap();
        assert_eq!(reads, 0, "a refused read records nothing");
        // A title is text wherever it is rendered back.
        let xss = "<script>alert(3)</script><img src=x onerror=alert(4)>";
        assert_eq!(publish(&w.app, &admin, xss, &w.ag, &[]).await.0, 200);
        let list = reqwest::Client::new()
            .get(w.app.url("/announcements"))
            .header("cookie", format!("asn_session={reader}"))
            .send().await.unwrap().text().await.unwrap();
        assert!(list.contains("&lt;script&gt;alert(3)&lt;/script&gt;"), "the title is shown as text");
        assert!(!list.contains("<script>alert(3)") && !list.contains("<img src=x"), "and never as markup");
        let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE event = 'announcement_published'")
            .fetch_one(w.app.db.pool()).await.unwrap();
        assert_eq!(events, 3);
        w.app.stop().await;
    }
}
