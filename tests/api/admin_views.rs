//! The console's views on both engines: the audit viewer (filters, CSV,
//! the live feed over SSE, the national admin's reach), archive
//! completeness with reminders and filing for an employee, and the
//! employee import's preview and commit.

use std::collections::HashMap;
use std::time::Duration;

use app::org::Role;
use app::org::repo as org;
use futures_util::StreamExt;
use serde_json::{Value, json};

use crate::documents::{multipart, pdf};
use crate::helpers::TestApp;
use crate::on_both_engines;
use crate::sign_in::{employee_with_password_in, sign_in};

const PASSWORD: &str = "Gudeg!Wijilan#77";
const ADMIN: &str = "197502022001012002";
const NATIONAL: &str = "196801011990031001";
const SITI: &str = "198003032005012003";
const BUDI: &str = "198504042010011004";
const STRANGER: &str = "198807072012011007";

struct World {
    app: TestApp,
    ids: HashMap<&'static str, i64>,
}

async fn world(engine: crate::helpers::Engine) -> World {
    let app = TestApp::spawn(engine).await;
    let ag = org::create_agency(&app.db, "AG", "Pemerintah Kota Contoh").await.unwrap();
    let other = org::create_agency(&app.db, "OTHER", "Other agency").await.unwrap();
    let unit = org::create_unit(&app.db, "AG", None, "DINKES", "Dinas Kesehatan").await.unwrap();
    let mut ids = HashMap::new();
    for (nip, name, agency) in [
        (ADMIN, "Agency Admin", "AG"),
        (NATIONAL, "National Admin", "OTHER"),
        (SITI, "Siti Rahayu", "AG"),
        (BUDI, "Budi Santoso", "AG"),
        (STRANGER, "Siti Stranger", "OTHER"),
    ] {
        ids.insert(nip, employee_with_password_in(&app, agency, nip, name, PASSWORD).await);
    }
    sqlx::query("UPDATE employees SET unit_id = $1 WHERE id IN ($2, $3)")
        .bind(unit)
        .bind(ids[SITI])
        .bind(ids[BUDI])
        .execute(app.db.pool())
        .await
        .unwrap();
    org::grant_role(&app.db, ids[ADMIN], Role::AgencyAdmin, ag).await.unwrap();
    org::grant_role(&app.db, ids[NATIONAL], Role::NationalAdmin, other).await.unwrap();
    World { app, ids }
}

async fn call(app: &TestApp, token: &str, endpoint: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let response = app.call(endpoint, token, form).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn events(view: &Value) -> Vec<(String, String)> {
    view["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["event"].as_str().unwrap().to_string(), l["nip"].as_str().unwrap_or("").to_string()))
        .collect()
}

/// An admin upload into `nip`'s cabinet (JSON answer).
async fn file_for(app: &TestApp, token: &str, nip: &str, kind: &str) -> (u16, Value) {
    let fields = [("nip", nip), ("type", kind), ("title", "Berkas arsip")];
    let (content_type, body) = multipart(&fields, Some(("arsip.pdf", "application/pdf", &pdf(4096))));
    let response = reqwest::Client::new()
        .post(app.url("/documents/upload"))
        .header("origin", &app.address)
        .header("cookie", format!("asn_session={token}"))
        .header("accept", "application/json")
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

on_both_engines! {
    // An event belongs to the agency its employee was in when it happened:
    // after a move, the old agency's admin keeps the earlier events and gets
    // none of the later ones; the national admin sees both.
    async fn an_audit_event_stays_with_the_agency_it_happened_in(engine: Engine) {
        let w = world(engine).await;
        let app = &w.app;
        let _ = sign_in(app, SITI, "Salah!Sekali#1", "", None).await;
        sqlx::query("UPDATE employees SET agency_id = (SELECT id FROM agencies WHERE code = 'OTHER'), unit_id = NULL WHERE id = $1")
            .bind(w.ids[SITI])
            .execute(app.db.pool())
            .await
            .unwrap();
        let _ = sign_in(app, SITI, "Salah!Sekali#2", "", None).await;

        let admin = sign_in(app, ADMIN, PASSWORD, "", None).await.token.unwrap();
        let (code, seen) = call(app, &admin, "admin_audit", &[("event", "sign_in_failed")]).await;
        assert_eq!(code, 200, "{seen}");
        assert_eq!(events(&seen), [("sign_in_failed".to_string(), SITI.to_string())], "only the failure in AG");
        let national = sign_in(app, NATIONAL, PASSWORD, "", None).await.token.unwrap();
        let (_, every) = call(app, &national, "admin_audit", &[("nip", SITI), ("event", "sign_in_failed")]).await;
        assert_eq!(events(&every).len(), 2, "{every}");
    }

    async fn the_audit_viewer_filters_exports_and_streams_within_scope(engine: Engine) {
        let w = world(engine).await;
        let app = &w.app;
        let admin = sign_in(app, ADMIN, PASSWORD, "", None).await.token.unwrap();
        let _ = sign_in(app, SITI, "Salah!Sekali#1", "", None).await;
        let _ = sign_in(app, STRANGER, "Salah!Sekali#1", "", None).await;
        // An unknown NIP's failure is about no employee.
        let _ = sign_in(app, "199901012020011099", "Salah!Sekali#1", "", None).await;

        let (code, all) = call(app, &admin, "admin_audit", &[]).await;
        assert_eq!(code, 200, "{all}");
        let seen = events(&all);
        assert!(seen.contains(&("sign_in_failed".into(), SITI.into())), "{seen:?}");
        assert!(!seen.iter().any(|(_, nip)| nip == STRANGER), "another agency's events stay hidden: {seen:?}");
        assert!(!seen.iter().any(|(_, nip)| nip == "199901012020011099"), "events about no employee are the national admin's");
        assert!(all["kinds"].as_array().unwrap().contains(&json!("sign_in_failed")));

        // Filters: employee, event, dates (WIB), address; a bad date is refused.
        let (_, only) = call(app, &admin, "admin_audit", &[("nip", "19800303 200501 2 003"), ("event", "sign_in_failed")]).await;
        assert_eq!(events(&only), [("sign_in_failed".to_string(), SITI.to_string())]);
        let (_, none) = call(app, &admin, "admin_audit", &[("to", "2000-01-01")]).await;
        assert_eq!(events(&none), Vec::<(String, String)>::new());
        let (_, by_ip) = call(app, &admin, "admin_audit", &[("ip", "203.0.113.7")]).await;
        assert!(events(&by_ip).is_empty());
        let (_, by_ip) = call(app, &admin, "admin_audit", &[("ip", "127.0.0.1"), ("event", "sign_in_failed")]).await;
        assert_eq!(events(&by_ip).len(), 1);
        assert_eq!(call(app, &admin, "admin_audit", &[("from", "31-12-2026")]).await.0, 400);

        // The national admin sees every agency and the events about no employee.
        let national = sign_in(app, NATIONAL, PASSWORD, "", None).await.token.unwrap();
        let (_, every) = call(app, &national, "admin_audit", &[("event", "sign_in_failed")]).await;
        let nips: Vec<String> = events(&every).into_iter().map(|(_, n)| n).collect();
        assert!(nips.contains(&SITI.to_string()) && nips.contains(&STRANGER.to_string()), "{nips:?}");
        assert!(nips.contains(&"199901012020011099".to_string()), "{nips:?}");

        // The CSV holds the same selection.
        let csv = reqwest::Client::new()
            .get(app.url("/admin/audit.csv?event=sign_in_failed"))
            .header("cookie", format!("asn_session={admin}"))
            .send().await.unwrap();
        assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
        let text = csv.text().await.unwrap();
        let rows: Vec<&str> = text.lines().collect();
        assert_eq!(rows.len(), 2, "{text}");
        assert!(rows[1].contains(",sign_in_failed,") && rows[1].contains(SITI), "{text}");

        // The live feed: a failure recorded after the stream opened arrives as JSON.
        let stream = reqwest::Client::new()
            .get(app.url("/admin/audit/live"))
            .header("cookie", format!("asn_session={admin}"))
            .send().await.unwrap();
        assert_eq!(stream.status(), 200);
        assert_eq!(stream.headers()["content-type"], "text/event-stream");
        let mut body = stream.bytes_stream();
        let _ = sign_in(app, STRANGER, "Salah!Sekali#2", "", None).await; // not the admin's
        let _ = sign_in(app, BUDI, "Salah!Sekali#2", "", None).await;
        let mut got = String::new();
        let found = tokio::time::timeout(Duration::from_secs(15), async {
            while let Some(chunk) = body.next().await {
                got.push_str(&String::from_utf8_lossy(&chunk.unwrap()));
                if got.contains(BUDI) { return true; }
            }
            false
        }).await;
        assert_eq!(found, Ok(true), "{got}");
        assert!(got.contains("\"event\":\"sign_in_failed\"") && !got.contains(STRANGER), "{got}");
        assert!(!got.contains(SITI), "only events after the stream opened: {got}");
        w.app.stop().await;
    }

    async fn archive_completeness_counts_current_core_documents_and_reminds_once_a_day(engine: Engine) {
        let w = world(engine).await;
        let app = &w.app;
        let admin = sign_in(app, ADMIN, PASSWORD, "", None).await.token.unwrap();
        let (code, (view, _)) = {
            let (c, v) = call(app, &admin, "admin_archive", &[]).await;
            (c, (v[0].clone(), v[1].clone()))
        };
        assert_eq!(code, 200, "{view}");
        assert_eq!((view["total"].clone(), view["complete"].clone()), (json!(3), json!(0)));
        let siti_row = |v: &Value| v["rows"].as_array().unwrap().iter().find(|r| r["nip"] == SITI).cloned();
        assert_eq!(siti_row(&view).unwrap()["missing"], json!(["SK_CPNS", "SK_PNS", "IJAZAH", "TRANSKRIP"]));

        // The admin files all four into Siti's cabinet (decrees included).
        for kind in ["SK_CPNS", "SK_PNS", "IJAZAH", "TRANSKRIP"] {
            let (code, body) = file_for(app, &admin, SITI, kind).await;
            assert_eq!(code, 200, "{kind}: {body}");
        }
        let (_, v) = call(app, &admin, "admin_archive", &[]).await;
        assert!(siti_row(&v[0]).is_none(), "complete now: {}", v[0]);
        assert_eq!(v[0]["complete"], json!(1));
        // Siti deletes her diploma (she may: she could have uploaded it): missing again.
        let id: i64 = sqlx::query_scalar("SELECT id FROM documents WHERE type_code = 'IJAZAH' AND employee_id = $1")
            .bind(w.ids[SITI]).fetch_one(app.db.pool()).await.unwrap();
        sqlx::query("UPDATE documents SET deleted_at = 1 WHERE id = $1").bind(id).execute(app.db.pool()).await.unwrap();
        let (_, v) = call(app, &admin, "admin_archive", &[]).await;
        assert_eq!(siti_row(&v[0]).unwrap()["missing"], json!(["IJAZAH"]));

        // By unit: the unit holds Siti and Budi.
        let unit = v[0]["units"][0]["id"].to_string();
        let (_, by_unit) = call(app, &admin, "admin_archive", &[("unit", &unit)]).await;
        assert_eq!(by_unit[0]["total"], json!(2));

        // Reminders: one per employee per day, as a notification, audited.
        let (code, sent) = call(app, &admin, "admin_remind", &[("id", &w.ids[SITI].to_string())]).await;
        assert_eq!((code, sent), (200, json!(1)));
        assert_eq!(call(app, &admin, "admin_remind", &[]).await, (200, json!(2)), "Budi and the admin; Siti not again");
        assert_eq!(call(app, &admin, "admin_remind", &[]).await, (200, json!(0)));
        let detail: String = sqlx::query_scalar("SELECT detail FROM notifications WHERE employee_id = $1 AND kind = 'archive_incomplete'")
            .bind(w.ids[SITI]).fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(detail, "IJAZAH");
        let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE event = 'archive_reminded'")
            .fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(audited, 3);
        // Someone of another agency is not found, not reminded.
        let (code, _) = call(app, &admin, "admin_remind", &[("id", &w.ids[STRANGER].to_string())]).await;
        assert_eq!(code, 404);
        // The admin's opening of Siti's file is an audited access.
        let doc: i64 = sqlx::query_scalar("SELECT id FROM documents WHERE type_code = 'SK_PNS' AND employee_id = $1")
            .bind(w.ids[SITI]).fetch_one(app.db.pool()).await.unwrap();
        let file = reqwest::Client::new().get(app.url(&format!("/documents/{doc}/file")))
            .header("cookie", format!("asn_session={admin}")).send().await.unwrap();
        assert_eq!(file.status(), 200);
        let (_, viewed) = call(app, &admin, "admin_audit", &[("event", "document_viewed")]).await;
        assert_eq!(events(&viewed), [("document_viewed".to_string(), String::new())]);
        assert_eq!(viewed["lines"][0]["name"], json!("Siti Rahayu"));
        w.app.stop().await;
    }

    async fn the_import_previews_changes_and_row_errors_before_it_commits(engine: Engine) {
        let w = world(engine).await;
        let app = &w.app;
        let admin = sign_in(app, ADMIN, PASSWORD, "", None).await.token.unwrap();
        let header = app::org::import::HEADER.join(",");
        let csv = format!(
            "{header}\n\
             {SITI},Siti Rahayu,siti.baru@uji.example,,pns,AG,DINKES,Perawat,,\n\
             199201012020012001,Dewi Lestari,dewi@uji.example,,pns,AG,,,,\n\
             {BUDI},Budi Santoso,,,pns,AG,DINKES,,,\n"
        );
        let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM employees").fetch_one(app.db.pool()).await.unwrap();
        let (code, preview) = call(app, &admin, "admin_import", &[("csv", &csv)]).await;
        assert_eq!(code, 200, "{preview}");
        // Budi's row lacks an e-mail: a row error, nothing else counts yet.
        assert_eq!(preview["errors"][0][0], json!(4), "{preview}");
        assert_eq!(preview["committed"], json!(false));

        let csv = csv.replace(&format!("{BUDI},Budi Santoso,,"), &format!("{BUDI},Budi Santoso,budi@uji.example,"));
        let (_, preview) = call(app, &admin, "admin_import", &[("csv", &csv)]).await;
        assert_eq!(preview["errors"], json!([]), "{preview}");
        assert_eq!((preview["created"].clone(), preview["updated"].clone()), (json!(1), json!(2)));
        let siti = preview["lines"].as_array().unwrap().iter().find(|l| l["nip"] == SITI).unwrap().clone();
        assert_eq!(siti["change"], json!("updated"));
        assert_eq!(siti["columns"], json!(["email", "position"]));
        let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM employees").fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(after, before, "a preview writes nothing");

        let (code, done) = call(app, &admin, "admin_import", &[("csv", &csv), ("commit", "1")]).await;
        assert_eq!((code, done["committed"].clone()), (200, json!(true)), "{done}");
        let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM employees").fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(after, before + 1);
        // New addresses take effect only once they confirm (as an
        // admin's correction does); her other changes are in.
        assert_eq!(done["emails_awaiting"], json!(2), "Siti's and Budi's: {done}");
        let (email, position): (String, Option<String>) = sqlx::query_as("SELECT email, position FROM employees WHERE id = $1")
            .bind(w.ids[SITI]).fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(email, format!("{SITI}@x.example"), "the old address until the new one confirms");
        assert!(position.is_some());
        let waiting: (String, String) = sqlx::query_as("SELECT old_email, new_email FROM email_changes WHERE employee_id = $1 AND outcome IS NULL")
            .bind(w.ids[SITI]).fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(waiting.0, format!("{SITI}@x.example"));
        let imported: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE event = 'employees_imported'")
            .fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(imported, 1);
        // Again: nothing changes. Another agency's rows are refused.
        let (_, again) = call(app, &admin, "admin_import", &[("csv", &csv), ("commit", "1")]).await;
        assert_eq!((again["created"].clone(), again["updated"].clone(), again["unchanged"].clone()), (json!(0), json!(0), json!(3)));
        let foreign = format!("{header}\n199301012020012002,Rina,rina@uji.example,,pns,OTHER,,,,\n");
        let (_, refused) = call(app, &admin, "admin_import", &[("csv", &foreign)]).await;
        assert_eq!(refused["errors"][0], json!([2, "the agency is not one you administer"]));
        let (_, bad) = call(app, &admin, "admin_import", &[("csv", "nip,name\n1,2\n")]).await;
        assert_eq!(bad["file_error"], json!("Header"), "{bad}");
        // Password hashes from another system are the operator's to import.
        let hashes = format!("{header},password_hash\n199301012020012002,Rina,rina@uji.example,,pns,AG,,,,,\n");
        let (_, refused) = call(app, &admin, "admin_import", &[("csv", &hashes)]).await;
        assert_eq!(refused["file_error"], json!("PasswordHashes"), "{refused}");
        assert_eq!(bad["committed"], json!(false));
        assert_eq!(call(app, &admin, "admin_import", &[("csv", "  ")]).await, (400, json!({"Validation": {"field": "admin_csv"}})));
        w.app.stop().await;
    }
}
