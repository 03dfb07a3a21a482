//! Attendance: geofences, work from anywhere, idempotent check-ins, the
//! server's clock, exact monthly recaps, and who may see whose recap.

use app::attendance::geo::GeoPoint;
use app::attendance::repo as attendance;
use app::attendance::rules::{Month, TimeZone, weekday};
use app::domain::Date;
use app::org::Role;
use app::org::repo as org;
use app::server::time::Clock;

use crate::helpers::TestApp;
use crate::on_both_engines;
use crate::sign_in::{employee_with_password, sign_in};

const PASSWORD: &str = "Gudeg!Wijilan#77";
const ADMIN: &str = "197502022001012002";
const BOSS: &str = "197001012000011001";
const WORKER: &str = "198003032005011003";
const CHILD_WORKER: &str = "198504042010012004";
const OTHER_ADMIN: &str = "199005052015011005";

/// The head office's geofence centre (Monas) and a point 50 m north of it.
const HQ: (&str, &str) = ("-6.175392", "106.827153");
const HQ_50M: (&str, &str) = ("-6.174942", "106.827153");
/// About 1.1 km north of the head office.
const NORTH_1KM: (&str, &str) = ("-6.165392", "106.827153");
/// The child unit's own office (Bandung).
const BRANCH: (&str, &str) = ("-6.902477", "107.618782");

/// Hours and minutes, local time.
type HourMinute = (i64, i64);

struct World {
    app: TestApp,
    agency: i64,
    child_unit: i64,
}

/// Agency AG (WIB) with unit PARENT and CHILD below it: an admin, a boss
/// who supervises WORKER, WORKER in PARENT and CHILD_WORKER in CHILD; an
/// office for the whole agency and one for CHILD only. OTHER has its own admin.
async fn world(engine: crate::helpers::Engine) -> World {
    let app = TestApp::spawn(engine).await;
    let agency = org::create_agency(&app.db, "AG", "Agency").await.unwrap();
    let other = org::create_agency(&app.db, "OTHER", "Other agency").await.unwrap();
    let parent = org::create_unit(&app.db, "AG", None, "PARENT", "Parent unit").await.unwrap();
    let child_unit = org::create_unit(&app.db, "AG", Some("PARENT"), "CHILD", "Child unit").await.unwrap();
    let other_unit = org::create_unit(&app.db, "OTHER", None, "O1", "Other unit").await.unwrap();
    let mut boss_id = 0;
    for (nip, name, unit, agency_id) in [
        (ADMIN, "Agency Admin", parent, agency),
        (BOSS, "Boss Person", parent, agency),
        (WORKER, "Worker Person", parent, agency),
        (CHILD_WORKER, "Child Worker", child_unit, agency),
        (OTHER_ADMIN, "Other Admin", other_unit, other),
    ] {
        let id = employee_with_password(&app, nip, name, PASSWORD, false).await;
        let supervisor = (nip == WORKER).then_some(boss_id);
        sqlx::query("UPDATE employees SET unit_id = $1, agency_id = $2, supervisor_id = $3 WHERE id = $4")
            .bind(unit)
            .bind(agency_id)
            .bind(supervisor)
            .bind(id)
            .execute(app.db.pool())
            .await
            .unwrap();
        match nip {
            ADMIN => org::grant_role(&app.db, id, Role::AgencyAdmin, agency).await.unwrap(),
            OTHER_ADMIN => org::grant_role(&app.db, id, Role::AgencyAdmin, other).await.unwrap(),
            BOSS => boss_id = id,
            _ => {}
        }
    }
    let now = app.clock.now();
    let hq = GeoPoint::parse(HQ.0, HQ.1).unwrap();
    let office = |unit, code, name, centre| attendance::NewOffice {
        agency_code: "AG",
        unit_code: unit,
        code,
        name,
        centre,
        radius_m: 100,
    };
    attendance::save_office(&app.db, &office(None, "HQ", "Kantor Pusat", hq), now).await.unwrap();
    let branch = GeoPoint::parse(BRANCH.0, BRANCH.1).unwrap();
    attendance::save_office(&app.db, &office(Some("CHILD"), "BDG", "Kantor Cabang", branch), now).await.unwrap();
    World { app, agency, child_unit }
}

/// Moves the app's clock forward to `hh:mm` WIB on `day`.
fn move_to(app: &TestApp, day: Date, hh: i64, mm: i64) {
    let target = TimeZone::Wib.midnight(day) + hh * 3600 + mm * 60;
    let now = app.clock.now();
    assert!(target >= now, "the clock only moves forward");
    app.clock.advance(target - now);
}

/// The first Monday after today (WIB).
fn next_monday(app: &TestApp) -> Date {
    let (today, _) = TimeZone::Wib.local(app.clock.now()).unwrap();
    let mut day = today.unix_days() + 1;
    while weekday(Date::from_unix_days(day).unwrap()) != 1 {
        day += 1;
    }
    Date::from_unix_days(day).unwrap()
}

fn plus(day: Date, days: i64) -> Date {
    Date::from_unix_days(day.unix_days() + days).unwrap()
}

async fn session(app: &TestApp, nip: &str) -> String {
    sign_in(app, nip, PASSWORD, "", None).await.token.expect("signed in")
}

async fn call(app: &TestApp, token: &str, endpoint: &str, form: &[(&str, &str)]) -> (u16, serde_json::Value) {
    let response = app.call(endpoint, token, form).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(serde_json::Value::Null))
}

/// Signs in (the clock may have moved past the last session) and checks in or out.
async fn mark(app: &TestApp, nip: &str, direction: &str, at: Option<(&str, &str)>) -> (u16, serde_json::Value) {
    let token = session(app, nip).await;
    let mut form = vec![("direction", direction)];
    if let Some((lat, lon)) = at {
        form.extend([("latitude", lat), ("longitude", lon), ("accuracy", "12.5")]);
    }
    call(app, &token, "record_attendance", &form).await
}

async fn stored(app: &TestApp, nip: &str) -> Vec<(String, i64, String, Option<i64>)> {
    sqlx::query_as(
        "SELECT a.day, a.check_in_at, a.check_in_mode, a.check_out_at FROM attendance a \
         JOIN employees e ON e.id = a.employee_id WHERE e.nip = $1 ORDER BY a.day",
    )
    .bind(nip)
    .fetch_all(app.db.pool())
    .await
    .unwrap()
}

on_both_engines! {
    async fn check_in_is_held_to_the_geofence_and_happens_once_a_day(engine: Engine) {
        let w = world(engine).await;
        let monday = next_monday(&w.app);
        move_to(&w.app, monday, 7, 20);

        // No position (location denied, or no JavaScript): refused with a reason.
        let (status, body) = mark(&w.app, WORKER, "in", None).await;
        assert_eq!((status, &body), (400, &serde_json::json!({"Attendance": "LocationRequired"})));
        // 1.1 km away: refused, naming the office, the distance and the radius.
        let (status, body) = mark(&w.app, WORKER, "in", Some(NORTH_1KM)).await;
        assert_eq!(status, 400);
        let outside = &body["Attendance"]["OutsideGeofence"];
        assert_eq!(outside["office"], "Kantor Pusat");
        assert_eq!(outside["radius_m"], 100);
        let distance = outside["distance_m"].as_i64().unwrap();
        assert!((1100..1125).contains(&distance), "{distance}");
        // Another unit's office does not admit someone of PARENT.
        let (status, body) = mark(&w.app, WORKER, "in", Some(BRANCH)).await;
        assert_eq!(status, 400);
        assert_eq!(body["Attendance"]["OutsideGeofence"]["office"], "Kantor Pusat");
        // Nonsense positions and directions.
        for (lat, lon) in [("91", "106"), ("NaN", "106"), ("-6.17", ""), ("1e400", "0")] {
            let (status, body) = mark(&w.app, WORKER, "in", Some((lat, lon))).await;
            assert_eq!((status, &body), (400, &serde_json::json!({"Attendance": "LocationInvalid"})), "{lat},{lon}");
        }
        let (status, _) = mark(&w.app, WORKER, "sideways", Some(HQ)).await;
        assert_eq!(status, 400);
        assert!(stored(&w.app, WORKER).await.is_empty(), "nothing refused was recorded");
        // Checking out first is refused.
        let (status, body) = mark(&w.app, WORKER, "out", Some(HQ)).await;
        assert_eq!((status, &body), (400, &serde_json::json!({"Attendance": "NotCheckedIn"})));

        // 50 m from the centre: inside. The time is the server's.
        let (status, body) = mark(&w.app, WORKER, "in", Some(HQ_50M)).await;
        assert_eq!((status, &body), (200, &serde_json::json!("CheckedIn")));
        let checked_in_at = w.app.clock.now();
        // The child unit's employee may use both the agency's and the unit's office.
        assert_eq!(mark(&w.app, CHILD_WORKER, "in", Some(BRANCH)).await.1, serde_json::json!("CheckedIn"));

        // A second check-in the same day, even from elsewhere, changes nothing.
        move_to(&w.app, monday, 9, 0);
        let (status, body) = mark(&w.app, WORKER, "in", Some(NORTH_1KM)).await;
        assert_eq!((status, &body), (200, &serde_json::json!("AlreadyCheckedIn")));
        // Two at once (a double click): one row, the first time.
        move_to(&w.app, plus(monday, 1), 7, 10);
        let (a, b) = (session(&w.app, WORKER).await, session(&w.app, WORKER).await);
        let form = [("direction", "in"), ("latitude", HQ.0), ("longitude", HQ.1)];
        let (first, second) = tokio::join!(call(&w.app, &a, "record_attendance", &form), call(&w.app, &b, "record_attendance", &form));
        let mut answers = [first.1, second.1];
        answers.sort_by_key(|v| v.to_string());
        assert_eq!(answers, [serde_json::json!("AlreadyCheckedIn"), serde_json::json!("CheckedIn")]);

        // Check-out: refused outside, recorded inside, and the latest one counts.
        move_to(&w.app, plus(monday, 1), 15, 0);
        assert_eq!(mark(&w.app, WORKER, "out", Some(NORTH_1KM)).await.0, 400);
        assert_eq!(mark(&w.app, WORKER, "out", Some(HQ)).await.1, serde_json::json!("CheckedOut"));
        move_to(&w.app, plus(monday, 1), 16, 5);
        assert_eq!(mark(&w.app, WORKER, "out", Some(HQ)).await.1, serde_json::json!("CheckedOut"));
        let rows = stored(&w.app, WORKER).await;
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].0.as_str(), rows[0].1, rows[0].2.as_str(), rows[0].3), (monday.to_string().as_str(), checked_in_at, "office", None));
        assert_eq!(rows[1].0, plus(monday, 1).to_string());
        assert_eq!(rows[1].3, Some(w.app.clock.now()));

        // Today's state as the page shows it.
        let token = session(&w.app, WORKER).await;
        let (status, today) = call(&w.app, &token, "attendance_today", &[]).await;
        assert_eq!(status, 200);
        // Local seconds after midnight (signing in may move the test clock by a 30-second code step).
        let local = |t: i64| i64::from(TimeZone::Wib.local(t).unwrap().1);
        assert_eq!(today["record"]["check_in"], local(rows[1].1));
        assert!((7 * 3600 + 10 * 60..7 * 3600 + 11 * 60).contains(&local(rows[1].1)));
        assert_eq!(today["record"]["check_out"], local(rows[1].3.unwrap()));
        assert_eq!(today["record"]["office"], "Kantor Pusat");
        assert_eq!(today["offices"], serde_json::json!(["Kantor Pusat"]));
        assert_eq!(today["has_team"], false);
        w.app.stop().await;
    }

    async fn work_from_anywhere_holds_only_within_its_dates(engine: Engine) {
        let w = world(engine).await;
        let monday = next_monday(&w.app);
        move_to(&w.app, monday, 6, 0);
        let (tuesday, wednesday) = (plus(monday, 1).to_string(), plus(monday, 2).to_string());
        let form = [("nip", WORKER), ("starts_on", tuesday.as_str()), ("ends_on", wednesday.as_str()), ("reason", "Dinas luar kota")];
        // An ordinary employee may not grant; the other agency's admin sees no such NIP.
        let worker = session(&w.app, CHILD_WORKER).await;
        assert_eq!(call(&w.app, &worker, "grant_wfa", &form).await.0, 403);
        let stranger = session(&w.app, OTHER_ADMIN).await;
        let (status, body) = call(&w.app, &stranger, "grant_wfa", &form).await;
        assert_eq!((status, &body), (400, &serde_json::json!({"Validation": {"field": "wfa_nip"}})));
        // Reversed, past or over-long dates are refused.
        let admin = session(&w.app, ADMIN).await;
        let monday_text = monday.to_string();
        let year_later = plus(monday, 400).to_string();
        let past = plus(monday, -3).to_string();
        for (from, to) in [(wednesday.as_str(), tuesday.as_str()), (monday_text.as_str(), year_later.as_str()), (past.as_str(), past.as_str())] {
            let bad = [("nip", WORKER), ("starts_on", from), ("ends_on", to), ("reason", "x")];
            let (status, body) = call(&w.app, &admin, "grant_wfa", &bad).await;
            assert_eq!((status, &body), (400, &serde_json::json!({"Validation": {"field": "wfa_dates"}})), "{from}..{to}");
        }
        let (status, _) = call(&w.app, &admin, "grant_wfa", &form).await;
        assert_eq!(status, 200);
        let granted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE event = 'wfa_granted'")
            .fetch_one(w.app.db.pool()).await.unwrap();
        assert_eq!(granted, 1);

        // Monday: not yet.
        move_to(&w.app, monday, 7, 15);
        assert_eq!(mark(&w.app, WORKER, "in", Some(NORTH_1KM)).await.0, 400);
        // Tuesday and Wednesday: anywhere, with or without a position.
        move_to(&w.app, plus(monday, 1), 7, 15);
        assert_eq!(mark(&w.app, WORKER, "in", None).await.1, serde_json::json!("CheckedIn"));
        move_to(&w.app, plus(monday, 1), 16, 30);
        assert_eq!(mark(&w.app, WORKER, "out", Some(BRANCH)).await.1, serde_json::json!("CheckedOut"));
        move_to(&w.app, plus(monday, 2), 7, 15);
        assert_eq!(mark(&w.app, WORKER, "in", Some(BRANCH)).await.1, serde_json::json!("CheckedIn"));
        // Thursday: the office again.
        move_to(&w.app, plus(monday, 3), 7, 15);
        let (status, body) = mark(&w.app, WORKER, "in", Some(NORTH_1KM)).await;
        assert_eq!(status, 400);
        assert!(body["Attendance"]["OutsideGeofence"].is_object());
        let modes: Vec<String> = stored(&w.app, WORKER).await.into_iter().map(|r| r.2).collect();
        assert_eq!(modes, ["wfa", "wfa"]);
        w.app.stop().await;
    }

    async fn a_constructed_month_gives_exact_recaps_to_those_allowed(engine: Engine) {
        let w = world(engine).await;
        // The month after next, so every one of its days lies ahead.
        let (today, _) = TimeZone::Wib.local(w.app.clock.now()).unwrap();
        let month = Month::of(today).next().next();
        let working: Vec<Date> = month.days().filter(|d| weekday(*d) <= 5).collect();
        // (check-in, check-out) per working day, by index; the rest: 07:00-17:00.
        let plan = |i: usize| -> Option<(HourMinute, Option<HourMinute>)> {
            match i {
                0 => Some(((7, 25), Some((17, 0)))),  // on time
                1 => Some(((7, 45), Some((17, 0)))),  // late
                2 => Some(((7, 20), Some((15, 0)))),  // left early
                3 => Some(((7, 20), None)),           // no check-out
                4 => None,                            // absent
                5 => Some(((8, 10), Some((14, 0)))),  // late and early
                _ => Some(((7, 0), Some((17, 0)))),
            }
        };
        let mut saturday_done = false;
        for (i, day) in working.iter().enumerate() {
            let Some(((ih, im), out)) = plan(i) else { continue };
            move_to(&w.app, *day, ih, im);
            assert_eq!(mark(&w.app, WORKER, "in", Some(HQ)).await.0, 200);
            if let Some((oh, om)) = out {
                move_to(&w.app, *day, oh, om);
                assert_eq!(mark(&w.app, WORKER, "out", Some(HQ)).await.0, 200);
            }
            // A Saturday check-in is shown but never counted.
            let saturday = plus(*day, 1);
            if i >= 6 && !saturday_done && weekday(*day) == 5 && Month::of(saturday) == month {
                saturday_done = true;
                move_to(&w.app, saturday, 9, 0);
                assert_eq!(mark(&w.app, WORKER, "in", Some(HQ)).await.0, 200);
            }
        }
        assert!(saturday_done);
        move_to(&w.app, month.next().first(), 8, 0);
        let n = working.len() as i64;
        let expected = serde_json::json!({
            "working_days": n, "present": n - 1, "late": 2, "early_leave": 2, "no_check_out": 1, "absent": 1, "wfa": 0
        });
        let m = month.to_string();

        let worker = session(&w.app, WORKER).await;
        let (status, mine) = call(&w.app, &worker, "attendance_month", &[("month", &m)]).await;
        assert_eq!(status, 200);
        assert_eq!(mine["counts"], expected);
        let absent: Vec<&serde_json::Value> = mine["lines"].as_array().unwrap().iter().filter(|l| l["absent"] == true).collect();
        assert_eq!(absent.len(), 1);
        assert_eq!(absent[0]["day"], serde_json::to_value(working[4]).unwrap());
        assert_eq!(call(&w.app, &worker, "attendance_month", &[("month", "2026-13")]).await.0, 400);
        // An employee who leads nobody has no team recap, as a page or a file.
        assert_eq!(call(&w.app, &worker, "attendance_team", &[]).await.0, 403);
        let csv = |token: String, scope: String| {
            let url = w.app.url(&format!("/attendance/recap.csv?scope={scope}&month={m}"));
            async move {
                reqwest::Client::new().get(url).header("cookie", format!("asn_session={token}")).send().await.unwrap()
            }
        };
        assert_eq!(csv(worker.clone(), format!("agency:{}", w.agency)).await.status().as_u16(), 403);

        // The supervisor sees direct reports; the same numbers.
        let boss = session(&w.app, BOSS).await;
        let (status, team) = call(&w.app, &boss, "attendance_team", &[("month", &m)]).await;
        assert_eq!(status, 200);
        assert_eq!(team["scope"], "reports");
        let rows = team["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0]["nip"].as_str(), &rows[0]["counts"]), (Some(WORKER), &expected));
        assert_eq!(team["can_grant_wfa"], false);
        // ...but not the agency, nor a unit they do not head.
        for scope in [format!("agency:{}", w.agency), format!("unit:{}", w.child_unit)] {
            assert_eq!(call(&w.app, &boss, "attendance_team", &[("scope", &scope), ("month", &m)]).await.0, 404);
        }

        // The agency admin sees the whole agency, and its CSV.
        let admin = session(&w.app, ADMIN).await;
        let scope = format!("agency:{}", w.agency);
        let (status, team) = call(&w.app, &admin, "attendance_team", &[("scope", &scope), ("month", &m)]).await;
        assert_eq!(status, 200);
        let nips: Vec<&str> = team["rows"].as_array().unwrap().iter().map(|r| r["nip"].as_str().unwrap()).collect();
        assert_eq!(nips.len(), 4, "{nips:?}");
        let row = team["rows"].as_array().unwrap().iter().find(|r| r["nip"] == WORKER).unwrap();
        assert_eq!(row["counts"], expected);
        let download = csv(admin.clone(), scope.clone()).await;
        assert_eq!(download.status().as_u16(), 200);
        assert_eq!(download.headers()["content-type"], "text/csv; charset=utf-8");
        let disposition = download.headers()["content-disposition"].to_str().unwrap().to_string();
        assert_eq!(disposition, format!("attachment; filename=\"presensi-{m}-agency-{}.csv\"", w.agency));
        let body = download.text().await.unwrap();
        let mut lines = body.lines();
        assert_eq!(lines.next(), Some("month,nip,name,unit,working_days,present,late,early_leave,no_check_out,absent,wfa"));
        let worker_line = format!("{m},{WORKER},Worker Person,Parent unit,{n},{},2,2,1,1,0", n - 1);
        assert!(body.lines().any(|l| l == worker_line), "{body}");
        // The other agency's admin cannot name this agency.
        let stranger = session(&w.app, OTHER_ADMIN).await;
        assert_eq!(call(&w.app, &stranger, "attendance_team", &[("scope", &scope)]).await.0, 404);
        assert_eq!(csv(stranger, scope.clone()).await.status().as_u16(), 404);
        assert_eq!(csv(String::new(), scope).await.status().as_u16(), 401);
        w.app.stop().await;
    }

    async fn the_attendance_page_renders_for_the_signed_in_only(engine: Engine) {
        let w = world(engine).await;
        let token = session(&w.app, WORKER).await;
        let page = reqwest::Client::new()
            .get(w.app.url("/attendance"))
            .header("cookie", format!("asn_session={token}"))
            .send().await.unwrap();
        assert_eq!(page.status().as_u16(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains("data-testid=\"attendance-submit\""), "the check-in form is there");
        assert!(html.contains("Kantor Pusat"));
        let anonymous = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
            .get(w.app.url("/attendance")).send().await.unwrap();
        assert_eq!(anonymous.status().as_u16(), 302);
        w.app.stop().await;
    }

    async fn hours_and_days_follow_the_agency_time_zone_and_week(engine: Engine) {
        use app::attendance::rules::parse_week;
        let w = world(engine).await;
        // AG moves to WITA and works Monday to Saturday; the national default gets Saturdays too.
        assert!(attendance::set_zone(&w.app.db, "AG", TimeZone::Wita).await.unwrap());
        attendance::set_week(&w.app.db, Some("AG"), &parse_week(&["mon-sat=07:00-14:00"]).unwrap()).await.unwrap();
        attendance::set_week(&w.app.db, None, &parse_week(&["mon-fri=08:00-16:00", "sat=08:00-12:00"]).unwrap())
            .await
            .unwrap();
        let other: i64 = sqlx::query_scalar("SELECT id FROM agencies WHERE code = 'OTHER'")
            .fetch_one(w.app.db.pool())
            .await
            .unwrap();
        let mut conn = w.app.db.pool().acquire().await.unwrap();
        let (_, other_week) = attendance::agency_rules(&mut conn, other).await.unwrap();
        drop(conn);
        let saturday = plus(next_monday(&w.app), 5);
        assert_eq!(other_week.on(saturday).map(|d| (d.starts_at(), d.ends_at())), Some((480, 720)));

        // 23:30 WIB on Friday is already 00:30 WITA on Saturday: Saturday's record.
        move_to(&w.app, plus(saturday, -1), 23, 30);
        assert_eq!(mark(&w.app, WORKER, "in", Some(HQ)).await.1, serde_json::json!("CheckedIn"));
        let rows = stored(&w.app, WORKER).await;
        assert_eq!(rows[0].0, saturday.to_string());
        let token = session(&w.app, WORKER).await;
        let (_, today) = call(&w.app, &token, "attendance_today", &[]).await;
        assert_eq!(today["zone"], "WITA");
        assert_eq!(today["hours"], serde_json::json!({"starts_at": 420, "ends_at": 840}));
        assert!((1800..1900).contains(&today["record"]["check_in"].as_i64().unwrap()), "{today}");
        w.app.stop().await;
    }
}
