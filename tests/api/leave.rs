//! Leave requests end to end on both engines: the two-stage flow and each
//! outcome, PERUBAHAN accepted, the ledger, the refusals (overlap, balance,
//! self and out-of-scope approval by id), a double decision, withdrawing
//! after a decision, the letter and its public verification.

use app::domain::Date;
use app::leave::rules::DayKind;
use app::leave::yearly;
use app::org::Role;
use app::org::repo as org;
use app::server::time::Clock;
use serde_json::json;

use crate::helpers::TestApp;
use crate::on_both_engines;
use crate::sign_in::{employee_with_password, sign_in};

const PASSWORD: &str = "Gudeg!Wijilan#77";
pub(crate) const OWNER: &str = "198003032005012003";
pub(crate) const SUPERVISOR: &str = "197502022001011002";
pub(crate) const OFFICIAL: &str = "197001012000011001";
const PEER: &str = "199005052015011005";
const STRANGER: &str = "198807072012011007";

pub(crate) struct World {
    pub(crate) app: TestApp,
    owner: i64,
    /// A Monday in February of next year, with the Wednesday after it a holiday.
    pub(crate) monday: Date,
}

pub(crate) fn plus(day: Date, days: i64) -> Date {
    Date::from_unix_days(day.unix_days() + days).unwrap()
}

pub(crate) async fn world(engine: crate::helpers::Engine) -> World {
    let app = TestApp::spawn(engine).await;
    // Move the clock to 1 February next year, so every date below lies in
    // one year whatever day the tests run on.
    let today = app::domain::date::today(app.clock.now());
    let first = Date::from_ymd(today.year() + 1, 2, 1).unwrap();
    app.clock.advance((first.unix_days() - today.unix_days()) * 86_400);
    let mut monday = plus(first, 7);
    while app::leave::rules::weekday(monday) != 1 {
        monday = plus(monday, 1);
    }
    let ag = org::create_agency(&app.db, "AG", "Pemerintah Kota Contoh").await.unwrap();
    let other = org::create_agency(&app.db, "OTHER", "Other agency").await.unwrap();
    let mut ids = Vec::new();
    for (nip, name, agency) in [
        (OWNER, "Siti Rahayu", ag),
        (SUPERVISOR, "Budi Santoso", ag),
        (OFFICIAL, "Endang Lestari", ag),
        (PEER, "Peer Person", ag),
        (STRANGER, "Stranger Official", other),
    ] {
        let id = employee_with_password(&app, nip, name, PASSWORD, false).await;
        sqlx::query("UPDATE employees SET agency_id = $1 WHERE id = $2")
            .bind(agency)
            .bind(id)
            .execute(app.db.pool())
            .await
            .unwrap();
        ids.push(id);
    }
    for (employee, supervisor) in [(ids[0], ids[1]), (ids[1], ids[2])] {
        sqlx::query("UPDATE employees SET supervisor_id = $1 WHERE id = $2")
            .bind(supervisor)
            .bind(employee)
            .execute(app.db.pool())
            .await
            .unwrap();
    }
    org::grant_role(&app.db, ids[2], Role::Pybmc, ag).await.unwrap();
    org::grant_role(&app.db, ids[4], Role::Pybmc, other).await.unwrap();
    org::grant_role(&app.db, ids[3], Role::AgencyAdmin, ag).await.unwrap();
    yearly::import_calendar(&app.db, &[(plus(monday, 2), DayKind::Holiday, "Hari libur uji".into())]).await.unwrap();
    let now = app.clock.now();
    yearly::roll_over(&app.db, monday.year(), now).await.unwrap();
    World { app, owner: ids[0], monday }
}

pub(crate) async fn session(app: &TestApp, nip: &str) -> String {
    sign_in(app, nip, PASSWORD, "", None).await.token.expect("signed in")
}

async fn call(app: &TestApp, token: &str, endpoint: &str, form: &[(&str, &str)]) -> (u16, serde_json::Value) {
    let response = app.call(endpoint, token, form).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(serde_json::Value::Null))
}

async fn count(app: &TestApp, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(app.db.pool()).await.unwrap()
}

/// Requests annual leave from `start` to `end` and answers the call.
pub(crate) async fn request(w: &World, token: &str, start: Date, end: Date, then: &str) -> (u16, serde_json::Value) {
    let (s, e) = (start.to_string(), end.to_string());
    call(
        &w.app,
        token,
        "request_leave",
        &[
            ("type_code", "annual"),
            ("start", &s),
            ("end", &e),
            ("reason", "Urusan keluarga"),
            ("address", "Jl. Malioboro No. 1, Yogyakarta"),
            ("phone", "081234567890"),
            ("then", then),
        ],
    )
    .await
}

pub(crate) async fn version(app: &TestApp, id: i64) -> String {
    let v: i64 = sqlx::query_scalar("SELECT version FROM leave_requests WHERE id = $1")
        .bind(id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    v.to_string()
}

pub(crate) async fn verdict(
    app: &TestApp,
    token: &str,
    id: i64,
    stage: &str,
    outcome: &str,
    extra: &[(&str, &str)],
) -> (u16, serde_json::Value) {
    let (id_text, v) = (id.to_string(), version(app, id).await);
    let mut form = vec![("id", id_text.as_str()), ("version", v.as_str()), ("stage", stage), ("outcome", outcome)];
    form.extend_from_slice(extra);
    call(app, token, "decide_leave", &form).await
}

async fn status(app: &TestApp, id: i64) -> String {
    sqlx::query_scalar("SELECT status FROM leave_requests WHERE id = $1")
        .bind(id)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

async fn balance(app: &TestApp, token: &str) -> i64 {
    call(app, token, "my_leave", &[]).await.1["balances"]["n"].as_i64().unwrap()
}

on_both_engines! {
    async fn annual_leave_goes_through_both_stages_is_booked_once_and_its_letter_verifies(engine: Engine) {
        let w = world(engine).await;
        let owner = session(&w.app, OWNER).await;
        let supervisor = session(&w.app, SUPERVISOR).await;
        let official = session(&w.app, OFFICIAL).await;
        assert_eq!(balance(&w.app, &owner).await, 12, "the roll-over granted the year");

        // Monday to Friday with a holiday on Wednesday: 4 working days.
        let (code, body) = request(&w, &owner, w.monday, plus(w.monday, 4), "submit").await;
        assert_eq!(code, 200, "{body}");
        let id = body.as_i64().unwrap();
        assert_eq!(status(&w.app, id).await, "awaiting_supervisor");
        let length: i64 = sqlx::query_scalar("SELECT length FROM leave_requests WHERE id = $1").bind(id).fetch_one(w.app.db.pool()).await.unwrap();
        assert_eq!(length, 4);
        assert_eq!(count(&w.app, "SELECT COUNT(*) FROM notifications WHERE kind = 'leave_to_consider'").await, 1);
        assert_eq!(count(&w.app, "SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE 'Pengajuan cuti menunggu pertimbangan%'").await, 1);

        // Nobody but the assigned supervisor considers; the official waits for the consideration.
        let peer = session(&w.app, PEER).await;
        assert_eq!(verdict(&w.app, &peer, id, "consider", "approved", &[]).await.0, 404, "IDOR by id");
        assert_eq!(verdict(&w.app, &official, id, "decide", "approved", &[]).await.0, 409, "not yet considered");
        assert_eq!(call(&w.app, &peer, "leave_detail", &[("id", &id.to_string())]).await.0, 404);

        assert_eq!(verdict(&w.app, &supervisor, id, "consider", "approved", &[]).await.0, 200);
        assert_eq!(status(&w.app, id).await, "awaiting_official");
        assert_eq!(count(&w.app, "SELECT COUNT(*) FROM notifications WHERE kind = 'leave_to_decide'").await, 1);
        let (_, inbox) = call(&w.app, &official, "leave_inbox", &[]).await;
        assert_eq!(inbox["to_decide"].as_array().unwrap().len(), 1);

        // Out of scope: another agency's official, by id.
        let stranger = session(&w.app, STRANGER).await;
        assert_eq!(verdict(&w.app, &stranger, id, "decide", "approved", &[]).await.0, 404);

        // Two decisions at once (a double click): one wins, booked once.
        let (id_text, v) = (id.to_string(), version(&w.app, id).await);
        let form = [("id", id_text.as_str()), ("version", v.as_str()), ("stage", "decide"), ("outcome", "approved")];
        let (a, b) = tokio::join!(call(&w.app, &official, "decide_leave", &form), call(&w.app, &official, "decide_leave", &form));
        let mut codes = [a.0, b.0];
        codes.sort_unstable();
        assert_eq!(codes, [200, 409]);
        assert_eq!(status(&w.app, id).await, "approved");
        assert_eq!(count(&w.app, "SELECT COUNT(*) FROM leave_ledger WHERE entry = 'taken'").await, 1);
        assert_eq!(balance(&w.app, &owner).await, 8);
        assert_eq!(count(&w.app, "SELECT COUNT(*) FROM audit_events WHERE event = 'leave_decided'").await, 1);
        assert_eq!(count(&w.app, "SELECT COUNT(*) FROM notifications WHERE kind = 'leave_updated'").await, 2, "considered, decided");

        // Withdrawing after the decision is refused.
        let v = version(&w.app, id).await;
        let (code, body) = call(&w.app, &owner, "leave_step", &[("id", &id.to_string()), ("version", &v), ("step", "withdraw")]).await;
        assert_eq!((code, body), (409, json!("Conflict")));

        // The letter was filed into the owner's cabinet and verifies.
        let (_, detail) = call(&w.app, &owner, "leave_detail", &[("id", &id.to_string())]).await;
        let doc = detail["request"]["letter_document_id"].as_i64().expect("filed");
        let letter_code = detail["request"]["letter_code"].as_str().unwrap().to_string();
        let file = reqwest::Client::new()
            .get(w.app.url(&format!("/documents/{doc}/file")))
            .header("cookie", format!("asn_session={owner}"))
            .send().await.unwrap();
        assert_eq!(file.status(), 200);
        let pdf = file.bytes().await.unwrap().to_vec();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(String::from_utf8_lossy(&pdf).contains(&format!("/verify/{letter_code}")), "the QR link is printed");
        let check = |bytes: Vec<u8>| {
            let app = &w.app;
            let code = letter_code.clone();
            async move {
                let (content_type, body) = crate::documents::multipart(&[], Some(("surat.pdf", "application/pdf", &bytes)));
                let response = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
                    .post(app.url(&format!("/verify/{code}")))
                    .header("origin", &app.address)
                    .header("content-type", content_type)
                    .body(body)
                    .send().await.unwrap();
                response.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default()
            }
        };
        assert_eq!(check(pdf.clone()).await, format!("/verify/{letter_code}?file=authentic"));
        let mut forged = pdf.clone();
        let at = forged.windows(4).position(|w| w == b"Siti").unwrap();
        forged[at] = b'Z';
        assert_eq!(check(forged).await, format!("/verify/{letter_code}?file=altered"));
        // The public page knows the code, shows the masked NIP, and nothing for a made-up code.
        let (code, page) = call(&w.app, "", "verify_letter", &[("code", &letter_code)]).await;
        assert_eq!(code, 200);
        assert_eq!(page["employee"], "Siti Rahayu");
        assert_eq!(page["nip_masked"], "1980•••• 2005•• • •03");
        assert_eq!(page["valid"], true);
        assert_eq!(call(&w.app, "", "verify_letter", &[("code", "0123456789ABCDEF01234567")]).await.1, serde_json::Value::Null);

        // Overlapping the approved leave is refused; so is more than the balance.
        let (code, body) = request(&w, &owner, plus(w.monday, 4), plus(w.monday, 7), "submit").await;
        assert_eq!(code, 400);
        assert_eq!(body, json!({"Leave": {"Overlap": {"start": w.monday, "end": plus(w.monday, 4)}}}));
        let (code, body) = request(&w, &owner, plus(w.monday, 7), plus(w.monday, 7 + 13), "submit").await;
        assert_eq!((code, body), (400, json!({"Leave": {"InsufficientBalance": {"available": 8, "requested": 10}}})));
        assert_eq!(count(&w.app, "SELECT COUNT(*) FROM leave_requests").await, 1, "refusals store nothing");
        w.app.stop().await;
    }

    async fn every_outcome_and_a_change_the_employee_accepts(engine: Engine) {
        let w = world(engine).await;
        let owner = session(&w.app, OWNER).await;
        let supervisor = session(&w.app, SUPERVISOR).await;
        let official = session(&w.app, OFFICIAL).await;
        let week = |n: i64| (plus(w.monday, 7 * n), plus(w.monday, 7 * n + 1));

        // Refused by the official, whatever the supervisor said; reasons are required.
        let (s, e) = week(1);
        let id = request(&w, &owner, s, e, "submit").await.1.as_i64().unwrap();
        let (code, body) = verdict(&w.app, &supervisor, id, "consider", "refused", &[]).await;
        assert_eq!((code, body), (400, json!({"Leave": "ReasonRequired"})));
        assert_eq!(verdict(&w.app, &supervisor, id, "consider", "refused", &[("note", "Tenaga kurang")]).await.0, 200);
        assert_eq!(verdict(&w.app, &official, id, "decide", "refused", &[("note", "Sesuai pertimbangan atasan")]).await.0, 200);
        assert_eq!(status(&w.app, id).await, "refused");

        // Deferred.
        let (s, e) = week(2);
        let id = request(&w, &owner, s, e, "submit").await.1.as_i64().unwrap();
        assert_eq!(verdict(&w.app, &supervisor, id, "consider", "approved", &[]).await.0, 200);
        assert_eq!(verdict(&w.app, &official, id, "decide", "deferred", &[("note", "Akhir tahun anggaran")]).await.0, 200);
        assert_eq!(status(&w.app, id).await, "deferred");
        assert_eq!(balance(&w.app, &owner).await, 12, "nothing booked for refused or deferred leave");

        // PERUBAHAN needs the other dates; the employee accepts them in one step.
        let (s, e) = week(3);
        let id = request(&w, &owner, s, e, "submit").await.1.as_i64().unwrap();
        assert_eq!(verdict(&w.app, &supervisor, id, "consider", "approved", &[]).await.0, 200);
        let (code, body) = verdict(&w.app, &official, id, "decide", "changed", &[("note", "Geser sepekan")]).await;
        assert_eq!((code, body), (400, json!({"Leave": "ProposedDatesRequired"})));
        let (ps, pe) = week(4);
        let (ps, pe) = (ps.to_string(), pe.to_string());
        assert_eq!(verdict(&w.app, &official, id, "decide", "changed", &[("note", "Geser sepekan"), ("proposed_start", &ps), ("proposed_end", &pe)]).await.0, 200);
        assert_eq!(status(&w.app, id).await, "changed");
        // Only the owner accepts, and only once.
        let v = version(&w.app, id).await;
        let form = [("id", id.to_string()), ("version", v.clone()), ("step", "accept".into())];
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(call(&w.app, &official, "leave_step", &form).await.0, 404);
        assert_eq!(call(&w.app, &owner, "leave_step", &form).await.0, 200);
        assert_eq!(call(&w.app, &owner, "leave_step", &form).await.0, 409);
        let dates: (String, String, String) = sqlx::query_as("SELECT status, start_date, end_date FROM leave_requests WHERE id = $1")
            .bind(id).fetch_one(w.app.db.pool()).await.unwrap();
        assert_eq!(dates, ("approved".into(), ps.clone(), pe.clone()));
        assert_eq!(balance(&w.app, &owner).await, 10);

        // A draft, then withdrawn before any decision.
        let (s, e) = week(5);
        let id = request(&w, &owner, s, e, "draft").await.1.as_i64().unwrap();
        assert_eq!(status(&w.app, id).await, "draft");
        assert_eq!(call(&w.app, &supervisor, "leave_detail", &[("id", &id.to_string())]).await.0, 404, "drafts are private");
        let v = version(&w.app, id).await;
        assert_eq!(call(&w.app, &owner, "leave_step", &[("id", &id.to_string()), ("version", &v), ("step", "submit")]).await.0, 200);
        let v = version(&w.app, id).await;
        assert_eq!(call(&w.app, &owner, "leave_step", &[("id", &id.to_string()), ("version", &v), ("step", "withdraw")]).await.0, 200);
        assert_eq!(status(&w.app, id).await, "withdrawn");

        // The official's own request (they have no supervisor) waits for
        // another official: nobody decides their own.
        let (s, e) = week(6);
        let official_own = request(&w, &official, s, e, "submit").await.1.as_i64().unwrap();
        assert_eq!(status(&w.app, official_own).await, "awaiting_official");
        let (code, body) = verdict(&w.app, &official, official_own, "decide", "approved", &[]).await;
        assert_eq!((code, body), (400, json!({"Leave": "OwnRequest"})));

        // The timeline tells the whole story; the owner's history lists all.
        let (_, mine) = call(&w.app, &owner, "my_leave", &[]).await;
        let statuses: Vec<&str> = mine["requests"].as_array().unwrap().iter().map(|r| r["status"].as_str().unwrap()).collect();
        assert_eq!(statuses, ["Withdrawn", "Approved", "Deferred", "Refused"]);
        let taken: i64 = sqlx::query_scalar("SELECT CAST(SUM(days) AS BIGINT) FROM leave_ledger WHERE employee_id = $1 AND entry = 'taken'")
            .bind(w.owner).fetch_one(w.app.db.pool()).await.unwrap();
        assert_eq!(taken, -2);

        // The agency admin's export lists the submitted requests, not drafts of others.
        let admin = session(&w.app, PEER).await;
        let csv = reqwest::Client::new()
            .get(w.app.url(&format!("/leave/export.csv?year={}", w.monday.year())))
            .header("cookie", format!("asn_session={admin}"))
            .send().await.unwrap();
        assert_eq!(csv.status(), 200);
        let text = csv.text().await.unwrap();
        assert_eq!(text.lines().count(), 1 + 5, "{text}");
        assert!(text.contains(",deferred,approved,deferred,Akhir tahun anggaran,"), "{text}");
        let refused = reqwest::Client::new()
            .get(w.app.url("/leave/export.csv"))
            .header("cookie", format!("asn_session={owner}"))
            .send().await.unwrap();
        assert_eq!(refused.status(), 403);
        w.app.stop().await;
    }

    async fn the_roll_over_is_safe_to_run_twice_and_carries_with_the_caps(engine: Engine) {
        let w = world(engine).await;
        let year = w.monday.year();
        let now = w.app.clock.now();
        let again = yearly::roll_over(&w.app.db, year, now).await.unwrap();
        assert_eq!((again.opened, again.granted_late), (0, 0));
        assert_eq!(count(&w.app, "SELECT COUNT(*) FROM leave_ledger WHERE entry = 'grant'").await, 5);
        // Next year: 12 left of this one carry as 6 (18 in all); twice is once.
        let next = yearly::roll_over(&w.app.db, year + 1, now).await.unwrap();
        assert_eq!(next.opened, 5);
        yearly::roll_over(&w.app.db, year + 1, now).await.unwrap();
        let rows: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT source_year, entry, days FROM leave_ledger WHERE employee_id = $1 AND year = $2 ORDER BY source_year",
        )
        .bind(w.owner).bind(i64::from(year + 1)).fetch_all(w.app.db.pool()).await.unwrap();
        assert_eq!(rows, [(i64::from(year), "carry".to_string(), 6), (i64::from(year + 1), "grant".to_string(), 12)]);
        // A collective-leave day worked adds one day, once.
        let day = plus(w.monday, 3);
        yearly::import_calendar(&w.app.db, &[(day, DayKind::Collective, "Cuti bersama uji".into())]).await.unwrap();
        let nip = app::domain::Nip::parse(OWNER).unwrap();
        yearly::collective_worked(&w.app.db, &nip, day, now).await.unwrap();
        assert!(matches!(yearly::collective_worked(&w.app.db, &nip, day, now).await, Err(yearly::YearlyError::AlreadyAdded)));
        assert!(matches!(
            yearly::collective_worked(&w.app.db, &nip, w.monday, now).await,
            Err(yearly::YearlyError::NotCollective(_))
        ));
        let owner = session(&w.app, OWNER).await;
        assert_eq!(balance(&w.app, &owner).await, 13);

        // No explicit supervisor: the head of the employee's unit is the direct supervisor.
        let unit = org::create_unit(&w.app.db, "AG", None, "BKPSDM", "BKPSDM").await.unwrap();
        let (peer_id, supervisor_id): (i64, i64) = (
            sqlx::query_scalar("SELECT id FROM employees WHERE nip = $1").bind(PEER).fetch_one(w.app.db.pool()).await.unwrap(),
            sqlx::query_scalar("SELECT id FROM employees WHERE nip = $1").bind(SUPERVISOR).fetch_one(w.app.db.pool()).await.unwrap(),
        );
        sqlx::query("UPDATE employees SET unit_id = $1 WHERE id = $2").bind(unit).bind(peer_id).execute(w.app.db.pool()).await.unwrap();
        org::set_unit_head(&w.app.db, unit, supervisor_id).await.unwrap();
        let peer = session(&w.app, PEER).await;
        let theirs = request(&w, &peer, plus(w.monday, 14), plus(w.monday, 14), "submit").await.1.as_i64().unwrap();
        let routed: (String, Option<i64>) = sqlx::query_as("SELECT status, supervisor_id FROM leave_requests WHERE id = $1")
            .bind(theirs).fetch_one(w.app.db.pool()).await.unwrap();
        assert_eq!(routed, ("awaiting_supervisor".to_string(), Some(supervisor_id)));

        // One stage, configured per agency: the request skips the supervisor.
        let ag: i64 = sqlx::query_scalar("SELECT id FROM agencies WHERE code = 'AG'").fetch_one(w.app.db.pool()).await.unwrap();
        yearly::set_stages(&w.app.db, ag, 1).await.unwrap();
        let id = request(&w, &owner, w.monday, w.monday, "submit").await.1.as_i64().unwrap();
        assert_eq!(status(&w.app, id).await, "awaiting_official");
        assert_eq!(count(&w.app, "SELECT COUNT(*) FROM notifications WHERE kind = 'leave_to_consider'").await, 1, "the peer's only");
        assert_eq!(count(&w.app, "SELECT COUNT(*) FROM notifications WHERE kind = 'leave_to_decide'").await, 1);

        // Cuti besar (PP 11/2017 Pasal 310 huruf b): approving it forfeits the
        // year's own annual days (the collective-leave day added to them too);
        // the request just submitted still holds its day until decided.
        let official = session(&w.app, OFFICIAL).await;
        let (s, e) = (plus(w.monday, 28).to_string(), plus(w.monday, 40).to_string());
        let form = [
            ("type_code", "long"), ("start", s.as_str()), ("end", e.as_str()), ("reason", "Ibadah haji"),
            ("address", "Makkah"), ("phone", "081234567890"), ("then", "submit"),
        ];
        let (code, body) = call(&w.app, &owner, "request_leave", &form).await;
        assert_eq!(code, 200, "{body}");
        let long = body.as_i64().unwrap();
        assert_eq!(verdict(&w.app, &official, long, "decide", "approved", &[]).await.0, 200);
        let forfeit: i64 = sqlx::query_scalar("SELECT days FROM leave_ledger WHERE entry = 'forfeit' AND request_id = $1")
            .bind(long).fetch_one(w.app.db.pool()).await.unwrap();
        assert_eq!(forfeit, -13);
        assert_eq!(balance(&w.app, &owner).await, 0);
        // The annual request still waiting can no longer be booked.
        let (code, body) = verdict(&w.app, &official, id, "decide", "approved", &[]).await;
        assert_eq!((code, body), (400, json!({"Leave": {"InsufficientBalance": {"available": 0, "requested": 1}}})));
        assert_eq!(status(&w.app, id).await, "awaiting_official", "the refused decision changed nothing");
        w.app.stop().await;
    }

    async fn hostile_leave_input_is_refused_or_stored_inert_and_changes_nothing_else(engine: Engine) {
        let w = world(engine).await;
        let owner = session(&w.app, OWNER).await;
        let (s, e) = (w.monday.to_string(), plus(w.monday, 1).to_string());
        let form = |overrides: &[(&'static str, &'static str)]| {
            let mut fields: Vec<(&'static str, String)> = vec![
                ("type_code", "annual".into()), ("start", s.clone()), ("end", e.clone()), ("reason", "Urusan keluarga".into()),
                ("address", "Jl. Malioboro No. 1".into()), ("phone", "081234567890".into()), ("then", "submit".into()),
            ];
            for (k, v) in overrides {
                match fields.iter_mut().find(|f| f.0 == *k) {
                    Some(field) => field.1 = v.to_string(),
                    None => fields.push((k, v.to_string())),
                }
            }
            fields
        };
        let send = |fields: Vec<(&'static str, String)>| {
            let app = &w.app;
            let token = owner.clone();
            async move {
                let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                call(app, &token, "request_leave", &pairs).await
            }
        };
        let long_reason: &'static str = Box::leak("x".repeat(501).into_boxed_str());
        let refused: Vec<(Vec<(&'static str, &'static str)>, serde_json::Value)> = vec![
            (vec![("type_code", "../../etc/passwd")], json!({"Leave": "UnknownType"})),
            (vec![("type_code", "collective")], json!({"Leave": "NotRequestable"})),
            (vec![("start", "2027-02-30")], json!({"Leave": "DatesInvalid"})),
            (vec![("start", "' OR 1=1 --")], json!({"Leave": "DatesInvalid"})),
            (vec![("reason", long_reason)], json!({"Leave": "ReasonRequired"})),
            (vec![("reason", "   ")], json!({"Leave": "ReasonRequired"})),
            (vec![("address", "a\u{0}b")], json!({"Leave": "AddressRequired"})),
            (vec![("phone", "٠٨١٢٣٤٥٦٧٨٩٠")], json!({"Leave": "PhoneInvalid"})),
            (vec![("attachment", "1 OR 1=1")], json!({"Leave": "AttachmentInvalid"})),
            (vec![("attachment", "999999")], json!({"Leave": "AttachmentInvalid"})),
            (vec![("then", "approve")], json!({"Validation": {"field": "then"}})),
        ];
        for (overrides, expected) in refused {
            let (code, body) = send(form(&overrides)).await;
            assert_eq!((code, &body), (400, &expected), "{overrides:?}");
        }
        assert_eq!(count(&w.app, "SELECT COUNT(*) FROM leave_requests").await, 0, "nothing stored");

        // Mass assignment: fields naming a status, an owner, an approver or a
        // version are not parameters and change nothing.
        let sneaky = form(&[
            ("status", "approved"), ("employee_id", "1"), ("supervisor_id", "3"), ("decided_by", "3"), ("version", "99"),
            ("reason", "<script>alert(1)</script><img src=x onerror=alert(2)> '; DROP TABLE leave_requests; --"),
            ("address", "Jl. \"Kutip\" <b>tebal</b>\r\nBcc: mallory@example.com"),
        ]);
        let (code, body) = send(sneaky).await;
        assert_eq!(code, 200, "{body}");
        let id = body.as_i64().unwrap();
        let row: (i64, String, i64, Option<i64>) =
            sqlx::query_as("SELECT employee_id, status, version, decided_by FROM leave_requests WHERE id = $1")
                .bind(id).fetch_one(w.app.db.pool()).await.unwrap();
        assert_eq!(row, (w.owner, "awaiting_supervisor".to_string(), 2, None));

        // Rendered back as text, never as markup, on the request's page and in the approver's inbox.
        for (token, path) in [(owner.clone(), format!("/leave/{id}")), (session(&w.app, SUPERVISOR).await, "/leave/inbox".to_string())] {
            let html = reqwest::Client::new().get(w.app.url(&path)).header("cookie", format!("asn_session={token}"))
                .send().await.unwrap().text().await.unwrap();
            assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{path}: the reason is shown escaped");
            assert!(!html.contains("<script>alert(1)") && !html.contains("<img src=x"), "{path}: no live markup");
        }
        // The address's line break stays in the database, never reaches a mail header.
        let headers: Vec<String> = sqlx::query_scalar("SELECT subject FROM mail_outbox").fetch_all(w.app.db.pool()).await.unwrap();
        assert!(headers.iter().all(|h| !h.contains('\n') && !h.contains("Bcc")), "{headers:?}");

        // A stale tab (an old version) cannot act.
        let supervisor = session(&w.app, SUPERVISOR).await;
        let (code, _) = call(&w.app, &supervisor, "decide_leave", &[
            ("id", &id.to_string()), ("version", "1"), ("stage", "consider"), ("outcome", "approved"),
        ]).await;
        assert_eq!(code, 409);
        assert_eq!(status(&w.app, id).await, "awaiting_supervisor");
        // Nonsense verdicts are refused before anything is read.
        for (outcome, stage) in [("DISETUJUI", "consider"), ("approved", "approve_all"), ("approved'--", "decide")] {
            let (code, _) = call(&w.app, &supervisor, "decide_leave", &[
                ("id", &id.to_string()), ("version", "2"), ("stage", stage), ("outcome", outcome),
            ]).await;
            assert_eq!(code, 400, "{outcome} / {stage}");
        }
        assert_eq!(status(&w.app, id).await, "awaiting_supervisor");
        w.app.stop().await;
    }
}
