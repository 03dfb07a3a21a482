//! "My data" and the dashboard: one's own record only, histories in order,
//! external services by audience, demo data that fills every record.

use app::dashboard::external::NewExternalService;
use app::dashboard::repo as services;
use app::demo::{self, DemoOutcome};
use app::domain::Date;
use app::org::repo as org;
use app::profile::record::*;
use app::profile::repo as record;

use crate::helpers::TestApp;
use crate::on_both_engines;
use crate::sign_in::{NIP, PASSWORD, account_holder, employee_with_password, sign_in};

const OTHER_NIP: &str = "199002022015022002";
const OTHER_PASSWORD: &str = "Soto-Betawi#2019";

fn day(text: &str) -> Date {
    Date::parse_iso(text).unwrap()
}

/// The account holder, placed in a unit with a career behind them.
async fn holder_with_history(app: &TestApp) -> i64 {
    let id = account_holder(app).await;
    let unit = org::create_unit(&app.db, "AG", None, "DISKOMINFO", "Dinas Komunikasi dan Informatika").await.unwrap();
    sqlx::query("UPDATE employees SET unit_id = $1, rank_code = 'III/b', position = 'Pranata Komputer Ahli Pertama' WHERE id = $2")
        .bind(unit)
        .bind(id)
        .execute(app.db.pool())
        .await
        .unwrap();
    let mut conn = app.db.pool().acquire().await.unwrap();
    record::set_appointment(&mut conn, id, Some(day("2005-01-01")), Some(day("2006-01-01"))).await.unwrap();
    for (code, tmt) in [("III/b", "2009-04-01"), ("III/a", "2005-01-01")] {
        let entry =
            RankEntry { code: code.into(), title: None, tmt: day(tmt), decree_number: Some(format!("SK-{code}")) };
        record::add_rank(&mut conn, id, &entry).await.unwrap();
    }
    for (position, kind, tmt) in [
        ("Pranata Komputer Ahli Pertama", PositionKind::Fungsional, "2010-07-01"),
        ("Pengadministrasi Umum", PositionKind::Pelaksana, "2005-01-01"),
    ] {
        let entry = PositionEntry {
            position: position.into(),
            kind,
            unit: "Diskominfo".into(),
            tmt: day(tmt),
            decree_number: None,
        };
        record::add_position(&mut conn, id, &entry).await.unwrap();
    }
    let degree = EducationEntry {
        level: EducationLevel::S1,
        institution: "Universitas Nusa Jaya".into(),
        major: Some("Teknik Informatika".into()),
        graduation_year: 2003,
    };
    record::add_education(&mut conn, id, &degree).await.unwrap();
    let training = TrainingEntry {
        name: "Pelatihan Dasar CPNS".into(),
        organiser: "BPSDM Provinsi".into(),
        start: day("2005-04-04"),
        end: day("2005-04-28"),
        hours: 300,
        certificate_number: None,
    };
    record::add_training(&mut conn, id, &training).await.unwrap();
    let spouse =
        FamilyMember { relation: Relation::Spouse, name: "Dewi Lestari".into(), birth_date: Some(day("1982-03-14")) };
    record::add_family_member(&mut conn, id, &spouse).await.unwrap();
    id
}

async fn get_page(app: &TestApp, path: &str, token: &str) -> (u16, String) {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let response = client.get(app.url(path)).header("cookie", format!("asn_session={token}")).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// `my_record` as the hydrated app calls it, with whatever extra fields.
async fn my_record(app: &TestApp, token: &str, form: &[(&str, &str)]) -> (u16, String) {
    let response = app.call("my_record", token, form).await;
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn add_service(app: &TestApp, code: &str, audience: &str, agency: Option<&str>) {
    let mut service = NewExternalService::new(
        code,
        &format!("Service {code}"),
        &format!("https://{}.example", code.to_lowercase()),
        "chart",
        audience,
    )
    .unwrap();
    service.agency_code = agency.map(str::to_string);
    services::save(&app.db, &service).await.unwrap();
}

fn services_shown(html: &str) -> Vec<String> {
    html.split("data-service=\"").skip(1).map(|rest| rest[..rest.find('"').unwrap()].to_string()).collect()
}

on_both_engines! {
    async fn my_data_shows_the_record_and_its_histories_newest_first(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        holder_with_history(&app).await;
        let token = sign_in(&app, NIP, PASSWORD, "", None).await.token.unwrap();

        let (status, json) = my_record(&app, &token, &[]).await;
        assert_eq!(status, 200, "{json}");
        let r: PersonnelRecord = serde_json::from_str(&json).unwrap();
        assert_eq!(r.nip, "19800101 200501 1 001");
        assert_eq!(r.birth_date, Some(day("1980-01-01")));
        assert_eq!(r.unit.as_deref(), Some("Dinas Komunikasi dan Informatika"));
        let rank = r.rank.unwrap();
        assert_eq!((rank.code.as_str(), rank.title.as_deref(), rank.tmt), ("III/b", Some("Penata Muda Tingkat I"), Some(day("2009-04-01"))));
        assert_eq!(r.ranks.iter().map(|k| k.code.as_str()).collect::<Vec<_>>(), ["III/a", "III/b"], "oldest first");
        assert_eq!(r.positions[0].position, "Pengadministrasi Umum");
        assert_eq!((r.tmt_appointment, r.tmt_pns), (Some(day("2005-01-01")), Some(day("2006-01-01"))));
        assert_eq!(r.family[0].relation, Relation::Spouse);

        let (status, html) = get_page(&app, "/my-data", &token).await;
        assert_eq!(status, 200);
        for text in ["Penata Muda Tingkat I (III/b)", "1 April 2009", "Teknik Informatika", "Pelatihan Dasar CPNS", "300 JP", "Dewi Lestari", "Suami/istri", "TMT CPNS"] {
            assert!(html.contains(text), "{text} missing");
        }
        let newest = html.find("Pranata Komputer Ahli Pertama</strong>").unwrap();
        let oldest = html.find("Pengadministrasi Umum</strong>").unwrap();
        assert!(newest < oldest, "the page lists the newest position first");
        app.stop().await;
    }

    async fn the_record_is_always_the_signed_in_employees_own(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let holder = holder_with_history(&app).await;
        employee_with_password(&app, OTHER_NIP, "Siti Rahmawati", OTHER_PASSWORD, false).await;
        let token = sign_in(&app, OTHER_NIP, OTHER_PASSWORD, "", None).await.token.unwrap();

        // Naming the other employee in any way changes nothing.
        let holder_id = holder.to_string();
        for form in [vec![], vec![("employee_id", holder_id.as_str())], vec![("nip", NIP)], vec![("id", holder_id.as_str())]] {
            let (status, json) = my_record(&app, &token, &form).await;
            assert_eq!(status, 200, "{json}");
            let r: PersonnelRecord = serde_json::from_str(&json).unwrap();
            assert_eq!(r.name, "Siti Rahmawati", "{form:?}");
            assert!(r.ranks.is_empty() && r.family.is_empty(), "{form:?}");
        }
        let (_, html) = get_page(&app, &format!("/my-data?employee_id={holder}&nip={NIP}"), &token).await;
        assert!(html.contains("Siti Rahmawati") && !html.contains("Dewi Lestari"));

        // Without a session: nothing, and the page sends to sign-in.
        let (status, body) = my_record(&app, "", &[]).await;
        assert_eq!(status, 401, "{body}");
        assert!(!body.contains("Ahmad"));
        let (status, _) = get_page(&app, "/my-data", "").await;
        assert_eq!(status, 302);
        let overview = reqwest::Client::new().post(app.url("/api/dashboard_overview")).header("origin", &app.address).send().await.unwrap();
        assert_eq!(overview.status().as_u16(), 401);
        app.stop().await;
    }

    async fn the_dashboard_shows_who_and_the_services_meant_for_them(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        holder_with_history(&app).await;
        org::create_agency(&app.db, "OTHER", "Other agency").await.unwrap();
        add_service(&app, "EVERYONE", "all", None).await;
        add_service(&app, "PNSONLY", "pns", None).await;
        add_service(&app, "PPPKONLY", "pppk", None).await;
        add_service(&app, "OURS", "all", Some("AG")).await;
        add_service(&app, "THEIRS", "all", Some("OTHER")).await;
        let token = sign_in(&app, NIP, PASSWORD, "", None).await.token.unwrap();

        let (status, html) = get_page(&app, "/dashboard", &token).await;
        assert_eq!(status, 200);
        assert!(html.contains("19800101 200501 1 001") && html.contains("Dinas Komunikasi dan Informatika · Agency"));
        assert!(html.contains("Pranata Komputer Ahli Pertama"));
        let mut shown = services_shown(&html);
        shown.sort();
        assert_eq!(shown, ["EVERYONE", "OURS", "PNSONLY"]);
        assert!(html.contains("href=\"/my-data\""), "the My data tile links to its page");
        assert!(html.contains("rel=\"noopener noreferrer\""));

        // A PPPK employee of the same agency sees the PPPK service instead.
        sqlx::query("UPDATE employees SET kind = 'pppk', nip = '199001012022211001' WHERE nip = $1")
            .bind(NIP)
            .execute(app.db.pool())
            .await
            .unwrap();
        let (_, html) = get_page(&app, "/dashboard", &token).await;
        let mut shown = services_shown(&html);
        shown.sort();
        assert_eq!(shown, ["EVERYONE", "OURS", "PPPKONLY"]);

        // Saving a service again updates it in place.
        let mut renamed = NewExternalService::new("ours", "Renamed", "https://renamed.example", "shield", "all").unwrap();
        renamed.agency_code = Some("AG".into());
        assert_eq!(services::save(&app.db, &renamed).await.unwrap(), services::Saved::Updated);
        let (_, html) = get_page(&app, "/dashboard", &token).await;
        assert!(html.contains("https://renamed.example") && !html.contains("https://ours.example"));
        app.stop().await;
    }

    async fn demo_data_gives_every_employee_a_consistent_record(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let DemoOutcome::Loaded(accounts) = demo::load(&app.db).await.unwrap() else { panic!("expected a load") };
        let today = Date::from_unix_days(app::server::time::now_unix().div_euclid(86_400)).unwrap();
        let ids: Vec<(i64, Option<String>, String)> =
            sqlx::query_as("SELECT id, rank_code, kind FROM employees").fetch_all(app.db.pool()).await.unwrap();
        assert_eq!(ids.len(), accounts.len());
        for (id, rank_code, kind) in ids {
            let r = record::load(&app.db, id).await.unwrap().unwrap();
            let current = r.rank.as_ref().unwrap();
            assert_eq!(Some(current.code.clone()), rank_code);
            assert_eq!(r.ranks.last().map(|k| k.code.clone()), rank_code, "the newest rank is the current one");
            assert!(current.tmt.is_some());
            assert_eq!(r.positions.last().map(|p| p.position.clone()), r.position);
            assert!(r.education.iter().any(|e| e.level >= EducationLevel::D3), "{}", r.name);
            assert_eq!(r.tmt_pns.is_some(), kind == "pns", "{}", r.name);
            let dates = r.ranks.iter().map(|k| k.tmt).chain(r.positions.iter().map(|p| p.tmt)).chain(r.training.iter().map(|t| t.end));
            for date in dates {
                assert!(date <= today && date >= r.tmt_appointment.unwrap(), "{}: {date}", r.name);
            }
            assert!(r.ranks.windows(2).all(|w| w[0].tmt <= w[1].tmt));
        }
        let shown = services::list(&app.db).await.unwrap();
        assert!(shown.iter().any(|s| s.agency_code.as_deref() == Some("PEMKAB-NJ")));
        app.stop().await;
    }
}
