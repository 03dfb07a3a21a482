//! The console's account actions on both engines: each works, needs a
//! reason, is audited with it and e-mailed (through a real SMTP server),
//! does nothing twice, needs a recent sign-in, and never reaches another
//! agency: every `admin_*` server function is enumerated in [`CONSOLE`]
//! and checked against the registry, so a new one must be added here.

use std::collections::{BTreeSet, HashMap};

use app::org::Role;
use app::org::repo as org;
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::on_both_engines;
use crate::sign_in::{employee_with_password, fresh_code, sign_in};
use crate::smtp_sink::SmtpSink;

const PASSWORD: &str = "Gudeg!Wijilan#77";
const ADMIN: &str = "197502022001012002";
const OTHER_ADMIN: &str = "199005052015011005";
const SITI: &str = "198003032005012003";
const STRANGER: &str = "198807072012011007";

/// Every console server function, a form naming Siti (`{id}`, `{nip}`),
/// and what another agency's admin must get.
#[derive(Debug, Clone, Copy)]
enum Outside {
    NotFound,
    /// 200 with nothing of Siti's in the answer.
    NothingOfHers,
    /// 200, and the row naming her is refused (the import).
    RowRefused,
    /// 403: a national admin's power (the holiday calendar).
    NationalOnly,
    /// 403: Siti's agency's own settings (its BKPSDM contact, hours, offices).
    HerAgencys,
}

type Form = &'static [(&'static str, &'static str)];

const CONSOLE: [(&str, Form, Outside); 21] = [
    ("admin_employee", &[("id", "{id}")], Outside::NotFound),
    ("admin_employees", &[("text", "{nip}")], Outside::NothingOfHers),
    ("admin_act", &[("id", "{id}"), ("action", "unlock"), ("reason", "Permintaan lewat telepon")], Outside::NotFound),
    ("admin_audit", &[("nip", "{nip}")], Outside::NothingOfHers),
    ("admin_archive", &[], Outside::NothingOfHers),
    ("admin_remind", &[("id", "{id}")], Outside::NotFound),
    ("admin_import", &[("csv", "{csv}")], Outside::RowRefused),
    ("admin_import", &[("csv", "{csv}"), ("commit", "1")], Outside::RowRefused),
    // Not about any employee: proves the caller's own factors.
    ("admin_reauth", &[("password", "x"), ("code", "000000")], Outside::NothingOfHers),
    // Not about any employee: the scheduled jobs and the national calendar.
    ("admin_jobs", &[], Outside::NothingOfHers),
    ("admin_calendar", &[], Outside::NothingOfHers),
    ("admin_calendar_import", &[("csv", "2031-03-10,holiday,Hari Suci Nyepi")], Outside::NationalOnly),
    ("admin_calendar_remove", &[("day", "2031-03-10")], Outside::NationalOnly),
    (
        "admin_role",
        &[("id", "{id}"), ("role", "pybmc"), ("change", "grant"), ("reason", "Penugasan sebagai PyB")],
        Outside::NationalOnly,
    ),
    // The agencies' BKPSDM contacts: the list names only the caller's.
    ("admin_contacts", &[], Outside::NothingOfHers),
    (
        "admin_contact",
        &[
            ("agency", "AG"),
            ("unit_name", "BKPSDM Palsu"),
            ("email", ""),
            ("phone", ""),
            ("whatsapp", "0899-0000-0000"),
            ("hours", ""),
        ],
        Outside::HerAgencys,
    ),
    // The agencies' time zone and working week.
    ("admin_hours", &[("agency", "AG")], Outside::HerAgencys),
    (
        "admin_hours_save",
        &[
            ("agency", "AG"),
            ("zone", "WIT"),
            ("mon", "09:00-12:00"),
            ("tue", ""),
            ("wed", ""),
            ("thu", ""),
            ("fri", ""),
            ("sat", ""),
            ("sun", ""),
        ],
        Outside::HerAgencys,
    ),
    // The agencies' offices.
    ("admin_offices", &[("agency", "AG")], Outside::HerAgencys),
    (
        "admin_office_save",
        &[
            ("agency", "AG"),
            ("code", "PALSU"),
            ("name", "Kantor Palsu"),
            ("latitude", "-6.2"),
            ("longitude", "106.8"),
            ("radius", "100"),
            ("unit", ""),
        ],
        Outside::HerAgencys,
    ),
    ("admin_office_remove", &[("agency", "AG"), ("code", "PALSU")], Outside::HerAgencys),
];

struct World {
    app: TestApp,
    ids: HashMap<&'static str, i64>,
    sink: SmtpSink,
}

async fn world(engine: crate::helpers::Engine, extra: &[(&str, &str)]) -> World {
    let sink = SmtpSink::start(0).await;
    let smtp = format!("smtp://127.0.0.1:{}", sink.port);
    let mut env: Vec<(&str, &str)> =
        vec![("ASN_SMTP_URL", &smtp), ("ASN_MAIL_FROM", "Portal ASN <noreply@uji.example>")];
    env.extend_from_slice(extra);
    let app = TestApp::spawn_with(engine, &env).await;
    let ag = org::create_agency(&app.db, "AG", "Pemerintah Kota Contoh").await.unwrap();
    let other = org::create_agency(&app.db, "OTHER", "Other agency").await.unwrap();
    let mut ids = HashMap::new();
    for (nip, name, agency) in [
        (ADMIN, "Agency Admin", ag),
        (OTHER_ADMIN, "Other Admin", other),
        (SITI, "Siti Rahayu", ag),
        (STRANGER, "Siti Stranger", other),
    ] {
        let id = employee_with_password(&app, nip, name, PASSWORD, false).await;
        sqlx::query("UPDATE employees SET agency_id = $1, email = $2 WHERE id = $3")
            .bind(agency)
            .bind(format!("{nip}@uji.example"))
            .bind(id)
            .execute(app.db.pool())
            .await
            .unwrap();
        ids.insert(nip, id);
    }
    org::grant_role(&app.db, ids[ADMIN], Role::AgencyAdmin, ag).await.unwrap();
    org::grant_role(&app.db, ids[OTHER_ADMIN], Role::AgencyAdmin, other).await.unwrap();
    World { app, ids, sink }
}

async fn finish(w: World) {
    w.app.stop().await;
    w.sink.stop();
}

async fn call(app: &TestApp, token: &str, endpoint: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let response = app.call(endpoint, token, form).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn act(w: &World, token: &str, who: &str, action: &str, reason: &str, email: &str) -> (u16, Value) {
    let id = w.ids[who].to_string();
    call(&w.app, token, "admin_act", &[("id", &id), ("action", action), ("reason", reason), ("email", email)]).await
}

async fn scalar(app: &TestApp, sql: &str, id: i64) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string())).bind(id).fetch_one(app.db.pool()).await.unwrap()
}

/// (event, reason) of the employee's audit events, oldest first.
async fn events(app: &TestApp, id: i64) -> Vec<(String, Option<String>)> {
    sqlx::query_as("SELECT event, reason FROM audit_events WHERE employee_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(app.db.pool())
        .await
        .unwrap()
}

/// Queued mails to `to` whose text holds `needle`.
async fn email_of(app: &TestApp, id: i64) -> String {
    sqlx::query_scalar("SELECT email FROM employees WHERE id = $1").bind(id).fetch_one(app.db.pool()).await.unwrap()
}

/// The token of the newest mailed link to `to` that starts with `prefix`.
async fn link_token(app: &TestApp, to: &str, prefix: &str) -> String {
    let bodies: Vec<String> =
        sqlx::query_scalar("SELECT body_text FROM mail_outbox WHERE to_address = $1 ORDER BY id DESC")
            .bind(to)
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    let body = bodies.iter().find(|b| b.contains(prefix)).unwrap_or_else(|| panic!("no {prefix} link to {to}"));
    let start = body.find(prefix).unwrap() + prefix.len();
    body[start..start + 64].to_string()
}

/// Posts a mailed link's button, as its page does without JavaScript or a session.
async fn answer_link(app: &TestApp, endpoint: &str, token: &str) -> Value {
    let response = app.call(endpoint, "", &[("token", token)]).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn mails_to(app: &TestApp, to: &str, needle: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE to_address = $1 AND body_text LIKE $2")
        .bind(to)
        .bind(format!("%{needle}%"))
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

on_both_engines! {
    async fn each_account_action_works_once_is_audited_with_its_reason_and_mailed(engine: Engine) {
        let w = world(engine, &[]).await;
        let app = &w.app;
        let siti = w.ids[SITI];
        let siti_mail = format!("{SITI}@uji.example");
        let admin = sign_in(app, ADMIN, PASSWORD, "", None).await.token.unwrap();

        // A reason is required: too short, nothing happens.
        sqlx::query("UPDATE credentials SET failed_count = 20, locked_permanently = 1 WHERE employee_id = $1")
            .bind(siti).execute(app.db.pool()).await.unwrap();
        let before = events(app, siti).await.len();
        let (code, body) = act(&w, &admin, SITI, "unlock", "  short ", "").await;
        assert_eq!((code, body), (400, json!({"Validation": {"field": "admin_reason"}})));
        assert_eq!(events(app, siti).await.len(), before);
        assert_eq!(scalar(app, "SELECT locked_permanently FROM credentials WHERE employee_id = $1", siti).await, 1);
        let (code, _) = act(&w, &admin, SITI, "set_password", "Permintaan lewat telepon", "").await;
        assert_eq!(code, 400, "no such action: no admin sets a password");

        // Unlock: done, audited with the reason, mailed; a second click changes nothing.
        let reason = "Permintaan lewat telepon, tiket 42";
        assert_eq!(act(&w, &admin, SITI, "unlock", reason, "").await, (200, json!("Done")));
        assert_eq!(scalar(app, "SELECT locked_permanently + failed_count FROM credentials WHERE employee_id = $1", siti).await, 0);
        assert_eq!(events(app, siti).await.last().unwrap(), &("unlocked".to_string(), Some(reason.to_string())));
        assert_eq!(mails_to(app, &siti_mail, reason).await, 1);
        assert_eq!(act(&w, &admin, SITI, "unlock", reason, "").await, (200, json!("Unchanged")));
        assert_eq!(mails_to(app, &siti_mail, reason).await, 1, "no second mail");
        assert_eq!(events(app, siti).await.iter().filter(|(e, _)| e == "unlocked").count(), 1, "no second event");

        // End every session: her session dies.
        let hers = sign_in(app, SITI, PASSWORD, "", None).await.token.unwrap();
        assert_eq!(call(app, &hers, "current_user", &[]).await.0, 200);
        assert_eq!(act(&w, &admin, SITI, "end_sessions", "Ponsel hilang di kereta", "").await, (200, json!("Done")));
        assert_eq!(call(app, &hers, "current_user", &[]).await.0, 401);
        assert_eq!(act(&w, &admin, SITI, "end_sessions", "Ponsel hilang di kereta", "").await, (200, json!("Unchanged")));

        // Disable: sign-in refused; enable: back.
        assert_eq!(act(&w, &admin, SITI, "disable", "Cuti di luar tanggungan negara", "").await, (200, json!("Done")));
        assert!(sign_in(app, SITI, PASSWORD, "", None).await.token.is_none(), "a disabled account does not sign in");
        assert_eq!(act(&w, &admin, SITI, "enable", "Kembali bertugas 1 Desember", "").await, (200, json!("Done")));
        assert!(sign_in(app, SITI, PASSWORD, "", None).await.token.is_some());

        // Force a password change: the next sign-in stops at the password step.
        assert_eq!(act(&w, &admin, SITI, "force_password_change", "Kata sandi terlihat orang lain", "").await, (200, json!("Done")));
        assert_eq!(scalar(app, "SELECT must_change FROM credentials WHERE employee_id = $1", siti).await, 1);
        let answer = sign_in(app, SITI, PASSWORD, "", None).await;
        assert!(answer.location.contains("/account/password"), "{}", answer.location);

        // Correct the e-mail: a bad address is refused; a good one waits for
        // its own confirmation (a second click mails nothing new), the old
        // address is told with a way to stop it; confirmed, it is stored,
        // the old one kept.
        let (code, body) = act(&w, &admin, SITI, "correct_email", "Salah ketik saat pendataan", "not-an-address").await;
        assert_eq!((code, body), (400, json!({"Validation": {"field": "admin_email"}})));
        assert_eq!(act(&w, &admin, SITI, "correct_email", "Salah ketik saat pendataan", "siti.rahayu@uji.example").await, (200, json!("AwaitingConfirmation")));
        assert_eq!(act(&w, &admin, SITI, "correct_email", "Salah ketik saat pendataan", "siti.rahayu@uji.example").await, (200, json!("Unchanged")));
        assert_eq!(email_of(app, siti).await, siti_mail, "nothing changes before the new address confirms");
        assert_eq!(mails_to(app, &siti_mail, "s***@uji.example").await, 1, "the old address hears of it, masked");
        assert_eq!(mails_to(app, &siti_mail, "/email/object?token=").await, 1, "with a link to stop it");
        let confirm = link_token(app, "siti.rahayu@uji.example", "/email/confirm?token=").await;
        assert_eq!(answer_link(app, "confirm_email_change", &confirm).await, json!(true));
        assert_eq!(answer_link(app, "confirm_email_change", &confirm).await, json!(false), "a link works once");
        let email = email_of(app, siti).await;
        assert_eq!(email, "siti.rahayu@uji.example");
        let history: (String, String, String) = sqlx::query_as("SELECT old_email, new_email, source FROM email_history WHERE employee_id = $1")
            .bind(siti).fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(history, (siti_mail.clone(), "siti.rahayu@uji.example".into(), "admin".into()));
        assert_eq!(mails_to(app, &siti_mail, "s***@uji.example").await, 2, "the old address learns where mail goes now");
        assert_eq!(mails_to(app, "siti.rahayu@uji.example", "Salah ketik").await, 1);
        let (_, detail) = call(app, &admin, "admin_employee", &[("id", &siti.to_string())]).await;
        assert_eq!(detail["email_history"][0]["old_email"], json!(siti_mail));

        // Reset the authenticator: gone, and the notice really reaches the mailbox.
        assert_eq!(act(&w, &admin, SITI, "reset_authenticator", "Ganti ponsel, laporan 12/XI", "").await, (200, json!("Done")));
        assert_eq!(scalar(app, "SELECT COUNT(*) FROM authenticators WHERE employee_id = $1", siti).await, 0);
        assert_eq!(act(&w, &admin, SITI, "reset_authenticator", "Ganti ponsel, laporan 12/XI", "").await, (200, json!("Unchanged")));
        let received = w.sink.wait_for(9).await;
        let reset = received.iter().find(|m| m.data.contains("Alasan: Ganti ponsel")).expect("the reset notice was delivered");
        assert_eq!(reset.to, ["<siti.rahayu@uji.example>"]);

        // Every action is on Siti's chain with its reason and the admin as actor.
        let audited: Vec<(String, Option<String>, Option<i64>)> = sqlx::query_as(
            "SELECT event, reason, actor_employee_id FROM audit_events WHERE employee_id = $1 AND actor_employee_id = $2 ORDER BY id",
        ).bind(siti).bind(w.ids[ADMIN]).fetch_all(app.db.pool()).await.unwrap();
        let kinds: Vec<&str> = audited.iter().map(|(e, _, _)| e.as_str()).collect();
        assert_eq!(kinds, ["unlocked", "sessions_ended", "account_disabled", "account_enabled", "password_change_forced", "email_change_requested", "mfa_reset"]);
        assert!(audited.iter().all(|(_, r, _)| r.as_deref().is_some_and(|r| r.len() >= 10)));

        // Nobody acts on their own account.
        let (code, body) = act(&w, &admin, ADMIN, "end_sessions", "Menguji tindakan atas diri sendiri", "").await;
        assert_eq!((code, body), (400, json!({"Validation": {"field": "admin_self"}})));
        let report = app::audit::verify::verify(&mut app.db.pool().acquire().await.unwrap()).await.unwrap();
        assert!(report.broken.is_none(), "{report:?}");
        finish(w).await;
    }

    // An agency admin alone cannot move an account's reset mail: the new
    // address must confirm, and until it does the old one can stop it; a
    // stopped request's confirmation link then does nothing, and the reset
    // wizard keeps mailing the registered address.
    async fn an_email_correction_waits_for_the_new_address_and_the_old_one_can_stop_it(engine: Engine) {
        let w = world(engine, &[]).await;
        let app = &w.app;
        let siti = w.ids[SITI];
        let siti_mail = format!("{SITI}@uji.example");
        let admin = sign_in(app, ADMIN, PASSWORD, "", None).await.token.unwrap();
        let reason = "Permintaan lewat telepon, tiket 7";
        assert_eq!(act(&w, &admin, SITI, "correct_email", reason, "admin.pribadi@evil.example").await, (200, json!("AwaitingConfirmation")));
        let stop = link_token(app, &siti_mail, "/email/object?token=").await;
        let confirm = link_token(app, "admin.pribadi@evil.example", "/email/confirm?token=").await;
        // The pages open without a session and explain their button.
        let page = app.get(&format!("/email/object?token={stop}")).await.text().await.unwrap();
        assert!(page.contains("data-testid=\"email-link-submit\"") && page.contains(&stop), "{page}");
        assert_eq!(answer_link(app, "stop_email_change", &stop).await, json!(true));
        assert_eq!(answer_link(app, "confirm_email_change", &confirm).await, json!(false), "stopped: the link is dead");
        assert_eq!(answer_link(app, "confirm_email_change", &"0".repeat(64)).await, json!(false));
        assert_eq!(email_of(app, siti).await, siti_mail);
        let (event, why) = events(app, siti).await.pop().unwrap();
        assert_eq!((event.as_str(), why.as_deref()), ("email_change_stopped", Some(reason)));
        // A request that nobody confirms dies after three days.
        assert_eq!(act(&w, &admin, SITI, "correct_email", reason, "siti.baru@uji.example").await, (200, json!("AwaitingConfirmation")));
        let late = link_token(app, "siti.baru@uji.example", "/email/confirm?token=").await;
        app.clock.advance(3 * 24 * 3600 + 1);
        assert_eq!(answer_link(app, "confirm_email_change", &late).await, json!(false));
        assert_eq!(email_of(app, siti).await, siti_mail);
        // The address changed another way meanwhile (the operator's import):
        // the old request no longer applies.
        let admin = sign_in(app, ADMIN, PASSWORD, "", None).await.token.unwrap();
        assert_eq!(act(&w, &admin, SITI, "correct_email", reason, "siti.lagi@uji.example").await, (200, json!("AwaitingConfirmation")));
        let stale = link_token(app, "siti.lagi@uji.example", "/email/confirm?token=").await;
        sqlx::query("UPDATE employees SET email = 'siti.cli@uji.example' WHERE id = $1").bind(siti).execute(app.db.pool()).await.unwrap();
        assert_eq!(answer_link(app, "confirm_email_change", &stale).await, json!(false));
        assert_eq!(email_of(app, siti).await, "siti.cli@uji.example");
        let history: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM email_history").fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(history, 0);
        finish(w).await;
    }

    async fn a_stale_admin_session_is_asked_to_reauthenticate(engine: Engine) {
        let w = world(engine, &[("ASN_ADMIN_REAUTH_MINUTES", "10")]).await;
        let app = &w.app;
        let admin = sign_in(app, ADMIN, PASSWORD, "", None).await.token.unwrap();
        app.clock.advance(11 * 60);
        let reason = "Permintaan lewat telepon, tiket 43";
        assert_eq!(act(&w, &admin, SITI, "end_sessions", reason, "").await, (403, json!("ReauthRequired")));
        // Reading stays open; the import's preview too, but not its commit.
        assert_eq!(call(app, &admin, "admin_employees", &[]).await.0, 200);
        let csv = format!("{}\n", app::org::import::HEADER.join(","));
        assert_eq!(call(app, &admin, "admin_import", &[("csv", &csv), ("commit", "1")]).await, (403, json!("ReauthRequired")));

        // Wrong password, then a wrong code: refused, recorded, counted.
        let code = fresh_code(app, w.ids[ADMIN]).await;
        let (status, body) = call(app, &admin, "admin_reauth", &[("password", "Salah!Sekali#1"), ("code", &code)]).await;
        assert_eq!((status, body), (400, json!("WrongCurrentPassword")));
        let (status, body) = call(app, &admin, "admin_reauth", &[("password", PASSWORD), ("code", "000000")]).await;
        assert_eq!((status, body), (400, json!("WrongCode")));
        let failures: Vec<(String, Option<String>)> = events(app, w.ids[ADMIN]).await.into_iter().filter(|(e, _)| e == "reauth_failed").collect();
        assert_eq!(failures, [("reauth_failed".into(), Some("password".into())), ("reauth_failed".into(), Some("code".into()))]);
        assert_eq!(scalar(app, "SELECT failed_count FROM credentials WHERE employee_id = $1", w.ids[ADMIN]).await, 2);
        assert_eq!(act(&w, &admin, SITI, "end_sessions", reason, "").await.0, 403);

        // Password and a fresh code: the action goes through; the code works once.
        let code = fresh_code(app, w.ids[ADMIN]).await;
        assert_eq!(call(app, &admin, "admin_reauth", &[("password", PASSWORD), ("code", &code)]).await.0, 200);
        assert_eq!(call(app, &admin, "admin_reauth", &[("password", PASSWORD), ("code", &code)]).await, (400, json!("CodeUsed")));
        assert_eq!(scalar(app, "SELECT failed_count FROM credentials WHERE employee_id = $1", w.ids[ADMIN]).await, 1, "the replay counted");
        let _ = sign_in(app, SITI, PASSWORD, "", None).await;
        assert_eq!(act(&w, &admin, SITI, "end_sessions", reason, "").await, (200, json!("Done")));
        assert!(events(app, w.ids[ADMIN]).await.iter().any(|(e, _)| e == "reauthenticated"));
        // And it goes stale again.
        app.clock.advance(11 * 60);
        assert_eq!(act(&w, &admin, SITI, "end_sessions", reason, "").await.0, 403);
        finish(w).await;
    }

    async fn every_console_function_stays_inside_the_admins_agencies(engine: Engine) {
        let w = world(engine, &[]).await;
        let app = &w.app;
        let siti = w.ids[SITI].to_string();
        // Something about Siti in every view: a failed sign-in, a missing archive.
        let _ = sign_in(app, SITI, "Salah!Sekali#1", "", None).await;
        let csv = format!(
            "{}\n{SITI},Siti Rahayu,siti@uji.example,,pns,OTHER,,,,\n",
            app::org::import::HEADER.join(",")
        );
        let fill = |v: &str| v.replace("{id}", &siti).replace("{nip}", SITI).replace("{csv}", &csv);

        // The list is the registry's: a new admin_* function fails here until listed.
        let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
            .map(|(path, _)| path.to_string())
            .filter(|p| p.starts_with("/api/admin_"))
            .collect();
        let listed: BTreeSet<String> = CONSOLE.iter().map(|(e, _, _)| format!("/api/{e}")).collect();
        assert_eq!(registered, listed);

        let other = sign_in(app, OTHER_ADMIN, PASSWORD, "", None).await.token.unwrap();
        for (endpoint, form, outside) in CONSOLE {
            let form: Vec<(&str, String)> = form.iter().map(|(k, v)| (*k, fill(v))).collect();
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (code, body) = call(app, &other, endpoint, &form).await;
            match outside {
                Outside::NotFound => assert_eq!(code, 404, "{endpoint}: {body}"),
                Outside::NothingOfHers => {
                    assert!(code == 200 || endpoint == "admin_reauth", "{endpoint}: {code} {body}");
                    assert!(!body.to_string().contains("Siti Rahayu") && !body.to_string().contains(SITI), "{endpoint}: {body}");
                }
                Outside::NationalOnly | Outside::HerAgencys => assert_eq!(code, 403, "{endpoint}: {body}"),
                Outside::RowRefused => {
                    assert_eq!(code, 200, "{endpoint}: {body}");
                    assert_eq!(body["errors"][0][1], json!("this NIP belongs to an agency you do not administer"), "{endpoint}");
                    assert_eq!(body["committed"], json!(false));
                }
            }
        }
        let name: String = sqlx::query_scalar("SELECT full_name FROM employees WHERE id = $1").bind(w.ids[SITI]).fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(name, "Siti Rahayu", "the import moved nobody");
        // A non-admin is refused every console function.
        let employee = sign_in(app, STRANGER, PASSWORD, "", None).await.token.unwrap();
        for (endpoint, form, _) in CONSOLE {
            if endpoint == "admin_reauth" { continue; }
            let form: Vec<(&str, String)> = form.iter().map(|(k, v)| (*k, fill(v))).collect();
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            assert_eq!(call(app, &employee, endpoint, &form).await.0, 403, "{endpoint}");
        }
        // The CSV and the live feed too.
        let get = |path: &'static str, token: String| {
            async move { reqwest::Client::new().get(app.url(path)).header("cookie", format!("asn_session={token}")).send().await.unwrap() }
        };
        let csv = get("/admin/audit.csv", other.clone()).await;
        assert_eq!(csv.status(), 200);
        let text = csv.text().await.unwrap();
        assert!(text.starts_with("id,occurred_at,") && !text.contains(SITI), "{text}");
        assert_eq!(get("/admin/audit.csv", employee.clone()).await.status(), 403);
        assert_eq!(get("/admin/audit/live", employee).await.status(), 403);
        finish(w).await;
    }

    async fn only_a_national_admin_acts_on_a_role_holder_and_a_national_admin_only_from_the_cli(engine: Engine) {
        let w = world(engine, &[]).await;
        let app = &w.app;
        let agency_of = |nip: &'static str| scalar(app, "SELECT agency_id FROM employees WHERE id = $1", w.ids[nip]);
        let (ag, other) = (agency_of(SITI).await, agency_of(STRANGER).await);
        // Siti becomes her agency's authorised official; the stranger (of
        // the other agency) a national admin.
        org::grant_role(&app.db, w.ids[SITI], Role::Pybmc, ag).await.unwrap();
        org::grant_role(&app.db, w.ids[STRANGER], Role::NationalAdmin, other).await.unwrap();
        let siti = sign_in(app, SITI, PASSWORD, "", None).await.token.unwrap();
        let admin = sign_in(app, ADMIN, PASSWORD, "", None).await.token.unwrap();
        let before = events(app, w.ids[SITI]).await.len();
        // The agency admin cannot touch the official's account: not the
        // address (the first step of the takeover), not the authenticator,
        // nothing else.
        for action in ["correct_email", "reset_authenticator", "end_sessions", "disable", "force_password_change", "unlock"] {
            let (status, body) = act(&w, &admin, SITI, action, "Permintaan lewat telepon", "penyerang@contoh.example").await;
            assert_eq!(status, 400, "{action}: {body}");
            assert_eq!(body["Validation"]["field"], "admin_role_holder", "{action}: {body}");
        }
        assert_eq!(events(app, w.ids[SITI]).await.len(), before, "a refused action changed nothing");
        assert_eq!(call(app, &siti, "current_user", &[]).await.0, 200, "her session lives");
        let email: String = sqlx::query_scalar("SELECT email FROM employees WHERE id = $1").bind(w.ids[SITI]).fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(email, format!("{SITI}@uji.example"));
        // Nor a fellow agency admin's.
        org::grant_role(&app.db, w.ids[OTHER_ADMIN], Role::AgencyAdmin, ag).await.unwrap();
        sqlx::query("UPDATE employees SET agency_id = $1 WHERE id = $2").bind(ag).bind(w.ids[OTHER_ADMIN]).execute(app.db.pool()).await.unwrap();
        let (status, body) = act(&w, &admin, OTHER_ADMIN, "reset_authenticator", "Ponsel hilang di kereta", "").await;
        assert_eq!((status, body["Validation"]["field"].as_str()), (400, Some("admin_role_holder")));
        // A national admin can.
        let national = sign_in(app, STRANGER, PASSWORD, "", None).await.token.unwrap();
        let (status, body) = act(&w, &national, SITI, "end_sessions", "Ponsel hilang di kereta", "").await;
        assert_eq!(status, 200, "{body}");
        assert!(call(app, &siti, "current_user", &[]).await.0 != 200, "her sessions ended");
        // A national admin's own account is the CLI's alone, whoever asks.
        org::grant_role(&app.db, w.ids[OTHER_ADMIN], Role::NationalAdmin, ag).await.unwrap();
        for token in [&national, &admin] {
            let (status, body) = act(&w, token, OTHER_ADMIN, "reset_authenticator", "Ponsel hilang di kereta", "").await;
            assert_eq!((status, body["Validation"]["field"].as_str()), (400, Some("admin_national_cli")), "{body}");
        }
        finish(w).await;
    }

    async fn the_console_can_be_held_to_the_agencys_networks(engine: Engine) {
        // Tests connect from 127.0.0.1: outside 10.20.0.0/16.
        let w = world(engine, &[("ASN_ADMIN_NETWORKS", "10.20.0.0/16")]).await;
        let app = &w.app;
        let admin = sign_in(app, ADMIN, PASSWORD, "", None).await.token.unwrap();
        assert_eq!(call(app, &admin, "admin_employees", &[]).await.0, 403);
        assert_eq!(act(&w, &admin, SITI, "end_sessions", "Ponsel hilang di kereta", "").await.0, 403);
        let csv = reqwest::Client::new().get(app.url("/admin/audit.csv")).header("cookie", format!("asn_session={admin}")).send().await.unwrap();
        assert_eq!(csv.status(), 403);
        // The admin is still an employee: the rest of the portal works.
        assert_eq!(call(app, &admin, "current_user", &[]).await.0, 200);
        let refused = events(app, w.ids[ADMIN]).await.iter().filter(|(e, _)| e == "admin_network_refused").count();
        assert_eq!(refused, 3);
        finish(w).await;

        let w = world(engine, &[("ASN_ADMIN_NETWORKS", "127.0.0.0/8")]).await;
        let admin = sign_in(&w.app, ADMIN, PASSWORD, "", None).await.token.unwrap();
        assert_eq!(call(&w.app, &admin, "admin_employees", &[]).await.0, 200);
        finish(w).await;
    }

    // Every power an admin role grants outside the console is held to the
    // networks too; the same person's own cabinet is not.
    async fn every_admin_power_is_held_to_the_admin_networks(engine: Engine) {
        use crate::documents::{fetch, pdf, upload};
        let w = world(engine, &[("ASN_ADMIN_NETWORKS", "10.20.0.0/16")]).await;
        let app = &w.app;
        let siti = sign_in(app, SITI, PASSWORD, "", None).await.token.unwrap();
        let file = pdf(600);
        let (status, filed) = upload(app, &siti, &[("type", "IJAZAH"), ("title", "Ijazah")], Some(("i.pdf", "application/pdf", &file))).await;
        assert_eq!(status, 200, "her own cabinet is hers from anywhere: {filed}");
        let doc = filed["id"].as_i64().unwrap().to_string();
        assert_eq!(fetch(app, &siti, &format!("/documents/{doc}/file")).await.status(), 200);
        assert_eq!(call(app, &siti, "open_document", &[("id", &doc)]).await.0, 200);

        let admin = sign_in(app, ADMIN, PASSWORD, "", None).await.token.unwrap();
        assert_eq!(fetch(app, &admin, "/leave/export.csv").await.status(), 403, "the leave export");
        assert_eq!(fetch(app, &admin, &format!("/documents/{doc}/file")).await.status(), 403, "her file");
        assert_eq!(call(app, &admin, "open_document", &[("id", &doc)]).await.0, 403, "her document's page");
        let filing = [("nip", SITI), ("type", "IJAZAH"), ("title", "Ijazah")];
        let (status, body) = upload(app, &admin, &filing, Some(("i.pdf", "application/pdf", &file))).await;
        assert_eq!((status, body["error"].as_str()), (403, Some("outside_admin_network")), "filing for her");
        let decide = [("id", "1"), ("decision", "accept"), ("reason", "")];
        assert_eq!(call(app, &admin, "decide_correction", &decide).await.0, 403, "deciding a correction");
        let wfa = [("nip", SITI), ("starts_on", "2030-01-07"), ("ends_on", "2030-01-08"), ("reason", "Tugas lapangan")];
        assert_eq!(call(app, &admin, "grant_wfa", &wfa).await.0, 403, "granting work from anywhere");
        let notice = [("title", "Rapat"), ("body", "Besok pagi"), ("scope", "x")];
        assert_eq!(call(app, &admin, "publish_notice", &notice).await.0, 403, "publishing an announcement");
        let refused = events(app, w.ids[ADMIN]).await.iter().filter(|(e, _)| e == "admin_network_refused").count();
        assert_eq!(refused, 7);
        // Someone without an admin role is refused too, with no admin event on her chain.
        assert_eq!(fetch(app, &siti, "/leave/export.csv").await.status(), 403);
        assert!(events(app, w.ids[SITI]).await.iter().all(|(e, _)| e != "admin_network_refused"));
        let documents: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM documents").fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(documents, 1, "nothing was filed");
        finish(w).await;
    }

    async fn behind_a_proxy_inside_the_admin_network_a_malformed_forwarded_hop_is_not_the_proxy(engine: Engine) {
        // The proxy (127.0.0.1, where the tests connect from) sits inside the
        // admin network; the admins work from 10.20.0.0/16 behind it.
        let w = world(engine, &[("ASN_ADMIN_NETWORKS", "127.0.0.0/8, 10.20.0.0/16"), ("ASN_TRUSTED_PROXIES", "127.0.0.1/32")]).await;
        let app = &w.app;
        let admin = sign_in(app, ADMIN, PASSWORD, "", None).await.token.unwrap();
        let console = |forwarded: &'static str| {
            let admin = admin.clone();
            async move {
                reqwest::Client::new()
                    .post(app.url("/api/admin_employees"))
                    .header("origin", &app.address)
                    .header("cookie", format!("asn_session={admin}"))
                    .header("x-forwarded-for", forwarded)
                    .form(&[("text", "")])
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }
        };
        // An admin at the office, behind the proxy.
        assert_eq!(console("10.20.3.4").await, 200);
        // Someone outside, whatever they write left of the proxy's entry.
        assert_eq!(console("203.0.113.9").await, 403);
        assert_eq!(console("10.20.3.4, 203.0.113.9").await, 403);
        assert_eq!(console("nonsense, 203.0.113.9").await, 403);
        // A hop the proxy passed on that is not an address: the client is
        // unknown, never the proxy, so the console stays shut.
        assert_eq!(console("nonsense").await, 403);
        assert_eq!(console("203.0.113.9, nonsense").await, 403);
        let ips: Vec<Option<String>> = sqlx::query_scalar(
            "SELECT ip FROM audit_events WHERE event = 'admin_network_refused' ORDER BY id",
        )
        .fetch_all(app.db.pool())
        .await
        .unwrap();
        let ips: Vec<&str> = ips.iter().map(|ip| ip.as_deref().unwrap_or("-")).collect();
        assert_eq!(ips, ["203.0.113.9", "203.0.113.9", "203.0.113.9", "unknown", "unknown"]);
        finish(w).await;
    }
}
