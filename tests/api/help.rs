//! Help on both engines: an agency admin keeps the agency's BKPSDM contact
//! in the console (checked, audited with before and after, never another
//! agency's); the help page and the "your BKPSDM" card show it, signed in
//! or not; the reset wizard names the address the code went to.

use app::org::Role;
use app::org::repo as org;
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::on_both_engines;
use crate::sign_in::{employee_with_password_in, sign_in};

const PASSWORD: &str = "Gudeg!Wijilan#77";
const ADMIN: &str = "197502022001012002";
const SITI: &str = "198003032005012003";
const OUTSIDER: &str = "198807072012011007";

async fn call(app: &TestApp, token: &str, endpoint: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let response = app.call(endpoint, token, form).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn contact<'a>(unit: &'a str, email: &'a str, whatsapp: &'a str) -> [(&'static str, &'a str); 6] {
    [
        ("agency", "AG"),
        ("unit_name", unit),
        ("email", email),
        ("phone", "0361-222333"),
        ("whatsapp", whatsapp),
        ("hours", "Senin–Jumat 08.00–15.00 WITA"),
    ]
}

on_both_engines! {
    async fn an_agency_admin_keeps_the_contact_and_everyone_sees_it(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let ag = org::create_agency(&app.db, "AG", "Pemerintah Kabupaten Nusa Jaya").await.unwrap();
        org::create_agency(&app.db, "OTHER", "Other agency").await.unwrap();
        let admin_id = employee_with_password_in(&app, "AG", ADMIN, "Agency Admin", PASSWORD).await;
        org::grant_role(&app.db, admin_id, Role::AgencyAdmin, ag).await.unwrap();
        employee_with_password_in(&app, "AG", SITI, "Siti Rahayu", PASSWORD).await;
        employee_with_password_in(&app, "OTHER", OUTSIDER, "Orang Lain", PASSWORD).await;
        let admin = sign_in(&app, ADMIN, PASSWORD, "", None).await.token.unwrap();
        let siti = sign_in(&app, SITI, PASSWORD, "", None).await.token.unwrap();
        let outsider = sign_in(&app, OUTSIDER, PASSWORD, "", None).await.token.unwrap();

        // Nothing yet: the list shows the agency without a contact.
        let (status, list) = call(&app, &admin, "admin_contacts", &[]).await;
        assert_eq!((status, list), (200, json!([{"code": "AG", "name": "Pemerintah Kabupaten Nusa Jaya", "contact": null}])));
        assert_eq!(call(&app, &siti, "my_bkpsdm", &[]).await, (200, Value::Null));

        // Bad input is refused by field, and writes nothing.
        let (status, bad) = call(&app, &admin, "admin_contact", &contact("BKPSDM", "bukan alamat", "")).await;
        assert_eq!((status, bad), (400, json!({"Validation": {"field": "contact_email"}})));
        let none = [("agency", "AG"), ("unit_name", "BKPSDM"), ("email", ""), ("phone", ""), ("whatsapp", ""), ("hours", "")];
        let (status, bad) = call(&app, &admin, "admin_contact", &none).await;
        assert_eq!((status, bad), (400, json!({"Validation": {"field": "contact_no_way"}})));
        let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM agency_contacts").fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(stored, 0);
        // An employee is no admin; another agency is not found.
        assert_eq!(call(&app, &siti, "admin_contact", &contact("BKPSDM", "a@b.example", "")).await.0, 403);
        let mut elsewhere = contact("BKPSDM", "a@b.example", "");
        elsewhere[0] = ("agency", "NOPE");
        assert_eq!(call(&app, &admin, "admin_contact", &elsewhere).await.0, 404);

        // Saved once; the same again changes nothing.
        let good = contact("BKPSDM Kabupaten Nusa Jaya", "Layanan@BKPSDM.nusajaya.go.id", "0812-3456-7890");
        assert_eq!(call(&app, &admin, "admin_contact", &good).await, (200, json!(true)));
        assert_eq!(call(&app, &admin, "admin_contact", &good).await, (200, json!(false)));
        let changed = contact("BKPSDM Kabupaten Nusa Jaya", "layanan@bkpsdm.nusajaya.go.id", "0813-0000-1111");
        assert_eq!(call(&app, &admin, "admin_contact", &changed).await, (200, json!(true)));
        let details: Vec<(Option<i64>, String)> = sqlx::query_as(
            "SELECT actor_employee_id, detail FROM audit_events WHERE event = 'contact_changed' ORDER BY id",
        )
        .fetch_all(app.db.pool())
        .await
        .unwrap();
        assert_eq!(details.len(), 2);
        assert_eq!(details[0].0, Some(admin_id));
        assert!(details[0].1.starts_with("AG: before none; after BKPSDM Kabupaten Nusa Jaya | e-mail layanan@bkpsdm.nusajaya.go.id"), "{}", details[0].1);
        assert!(details[1].1.contains("WhatsApp 081234567890") && details[1].1.ends_with("WhatsApp 081300001111 | hours Senin–Jumat 08.00–15.00 WITA"), "{}", details[1].1);

        // The employee's card, and the help page's answer signed in or not.
        let (_, mine) = call(&app, &siti, "my_bkpsdm", &[]).await;
        assert_eq!(mine["unit_name"], json!("BKPSDM Kabupaten Nusa Jaya"));
        assert_eq!(mine["whatsapp"], json!("081300001111"));
        let (_, help) = call(&app, &siti, "help_contacts", &[]).await;
        assert_eq!(help["mine"]["agency_code"], json!("AG"));
        let (status, public) = call(&app, "", "help_contacts", &[("agency", "AG")]).await;
        assert_eq!(status, 200);
        assert_eq!((public["mine"].clone(), public["chosen"]["email"].clone()), (Value::Null, json!("layanan@bkpsdm.nusajaya.go.id")));
        assert_eq!(public["agencies"], json!([["AG", "Pemerintah Kabupaten Nusa Jaya"]]), "only agencies with a contact");
        let (_, theirs) = call(&app, &outsider, "help_contacts", &[]).await;
        assert_eq!(theirs["mine"], Value::Null, "the other agency has none");
        assert_eq!(call(&app, "", "my_bkpsdm", &[]).await.0, 401);

        // The page itself, without JavaScript: the chosen agency's contact and every topic.
        let page = app.get("/help?agency=AG").await.text().await.unwrap();
        assert!(page.contains("https://wa.me/6281300001111"), "the WhatsApp link");
        assert!(page.contains("mailto:layanan@bkpsdm.nusajaya.go.id"));
        for topic in ["email", "clock", "phone", "locked", "qr", "same-phone"] {
            assert!(page.contains(&format!("id=\"{topic}\"")), "topic {topic}");
        }
        app.stop().await;
    }
}
