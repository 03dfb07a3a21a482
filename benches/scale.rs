//! The queries that grow with the civil service, timed on scale data: the
//! approver's inbox, the admin console's employee search and the audit
//! viewer, each called through the app's own function (the code the pages
//! run) against a PostgreSQL database filled by `scripts/scale-data.sql`.
//! `scripts/bench-scale.sh` makes that database and runs this; see the
//! README's "Measuring".
//!
//! Usage: `cargo bench --bench scale -- [--url URL] [--runs N] [--migrate-only]`
//! (`ASN_SCALE_DATABASE_URL` is the default URL). The database is migrated
//! first, so indexes added by a newer migration are in place.

use std::time::{Duration, Instant};

use app::admin::audit_log::{self, Filter, Scope};
use app::admin::repo::{self as admin_repo, Query};
use app::domain::Date;
use app::leave::service;
use app::server::db::{Db, DbOptions};
use rand::prelude::*;

/// One query's timings.
struct Timings {
    name: &'static str,
    took: Vec<Duration>,
    rows: usize,
}

impl Timings {
    fn percentile(&self, p: f64) -> Duration {
        let mut sorted = self.took.clone();
        sorted.sort();
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1]
    }

    fn print(&self) {
        let ms = |d: Duration| format!("{:.2}", d.as_secs_f64() * 1000.0);
        println!(
            "| {} | {} | {} | {} | {} | {} | {:.0} |",
            self.name,
            self.took.len(),
            ms(self.percentile(50.0)),
            ms(self.percentile(95.0)),
            ms(self.percentile(99.0)),
            ms(self.percentile(100.0)),
            self.rows as f64 / self.took.len() as f64,
        );
    }
}

/// Runs `call` `runs` times (after five untimed warm-up calls) with a fresh
/// random parameter each time; `call` returns how many rows it read.
async fn time<P, F, Fut>(name: &'static str, runs: usize, params: &[P], rng: &mut StdRng, call: F) -> Timings
where
    P: Clone,
    F: Fn(P) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<usize>>,
{
    for _ in 0..5 {
        call(params.choose(rng).expect("parameters").clone()).await.expect("warm-up");
    }
    let mut timings = Timings { name, took: Vec::with_capacity(runs), rows: 0 };
    for _ in 0..runs {
        let param = params.choose(rng).expect("parameters").clone();
        let started = Instant::now();
        timings.rows += call(param).await.unwrap_or_else(|e| panic!("{name}: {e}"));
        timings.took.push(started.elapsed());
    }
    timings.print();
    timings
}

async fn ids(db: &Db, sql: &str) -> anyhow::Result<Vec<i64>> {
    let ids: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string())).fetch_all(db.pool()).await?;
    anyhow::ensure!(!ids.is_empty(), "no rows for {sql}: is this scale data?");
    Ok(ids)
}

fn args() -> (String, usize, bool) {
    let mut url = std::env::var("ASN_SCALE_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/asn_scale".into());
    let mut runs = 200;
    let mut migrate_only = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--url" => url = args.next().expect("--url URL"),
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N"),
            "--migrate-only" => migrate_only = true,
            // What `cargo bench` adds.
            "--bench" => {}
            other => panic!("unknown argument {other}; usage: scale [--url URL] [--runs N] [--migrate-only]"),
        }
    }
    (url, runs, migrate_only)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let (url, runs, migrate_only) = args();
    let db = Db::connect(&DbOptions::new(url)).await?;
    db.migrate().await?;
    if migrate_only {
        return Ok(());
    }
    let (employees, requests, events): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM employees), (SELECT COUNT(*) FROM leave_requests), \
         (SELECT COUNT(*) FROM audit_events)",
    )
    .fetch_one(db.pool())
    .await?;
    println!("{employees} employees, {requests} leave requests, {events} audit events; {runs} runs per query\n");

    let heads = ids(&db, "SELECT head_employee_id FROM units WHERE head_employee_id IS NOT NULL").await?;
    let officials = ids(&db, "SELECT employee_id FROM role_assignments WHERE role = 'pybmc'").await?;
    let admins = ids(&db, "SELECT employee_id FROM role_assignments WHERE role = 'agency_admin'").await?;
    let national = ids(&db, "SELECT employee_id FROM role_assignments WHERE role = 'national_admin'").await?;
    let sample: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT e.nip, (SELECT a.ip FROM audit_events a WHERE a.employee_id = e.id LIMIT 1) \
         FROM employees e WHERE e.id % 997 = 0 LIMIT 500",
    )
    .fetch_all(db.pool())
    .await?;
    let nips: Vec<String> = sample.iter().map(|(nip, _)| nip.clone()).collect();
    let ips: Vec<String> = sample.iter().filter_map(|(_, ip)| ip.clone()).collect();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs() as i64;
    let today = now.div_euclid(86_400);
    let days: Vec<Date> = (1..700).filter_map(|d| Date::from_unix_days(today - d)).collect();
    let names = ["siti", "rahma", "putra sir", "wibowo", "kusuma ginting", "dewi", "tidak-ada-nama"];
    let prefixes = ["1975", "196803", "19800101", "19"];
    let mut rng = StdRng::seed_from_u64(2026);
    let db = &db;

    println!("| query | runs | p50 ms | p95 ms | p99 ms | max ms | rows |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    time("leave inbox: unit head (supervisor)", runs, &heads, &mut rng, |id| async move {
        let inbox = service::inbox(db, id).await?;
        Ok(inbox.to_consider.len() + inbox.to_decide.len() + inbox.decided.len())
    })
    .await;
    time("leave inbox: agency official (pybmc)", runs, &officials, &mut rng, |id| async move {
        let inbox = service::inbox(db, id).await?;
        Ok(inbox.to_consider.len() + inbox.to_decide.len() + inbox.decided.len())
    })
    .await;
    time("dashboard's waiting count: official", runs, &officials, &mut rng, |id| async move {
        service::waiting_count(db, id).await?;
        Ok(1)
    })
    .await;

    let search = |admin: i64, text: String| async move {
        let query = Query { text, ..Query::default() };
        Ok(admin_repo::search(db, admin, &query, now).await?.rows.len())
    };
    let by_name: Vec<(i64, String)> =
        admins.iter().flat_map(|a| names.iter().map(move |n| (*a, n.to_string()))).collect();
    time("employee search: agency admin, by name", runs, &by_name, &mut rng, |(a, t)| search(a, t)).await;
    let by_prefix: Vec<(i64, String)> =
        admins.iter().flat_map(|a| prefixes.iter().map(move |p| (*a, p.to_string()))).collect();
    time("employee search: agency admin, by NIP start", runs, &by_prefix, &mut rng, |(a, t)| search(a, t)).await;
    let everyone: Vec<(i64, String)> = admins.iter().map(|a| (*a, String::new())).collect();
    time("employee search: agency admin, no filter", runs, &everyone, &mut rng, |(a, t)| search(a, t)).await;
    let national_names: Vec<(i64, String)> = names.iter().map(|n| (national[0], n.to_string())).collect();
    time("employee search: national admin, by name", runs, &national_names, &mut rng, |(a, t)| search(a, t)).await;
    let national_nips: Vec<(i64, String)> = nips.iter().map(|n| (national[0], n.clone())).collect();
    time("employee search: national admin, one NIP", runs, &national_nips, &mut rng, |(a, t)| search(a, t)).await;

    let audit = |admin: i64, filter: Filter| async move {
        let scope = Scope::of(db, admin).await?;
        Ok(audit_log::search(db, &scope, &filter, audit_log::PAGE).await?.len())
    };
    let newest: Vec<(i64, Filter)> = admins.iter().map(|a| (*a, Filter::default())).collect();
    time("audit viewer: agency admin, newest page", runs, &newest, &mut rng, |(a, f)| audit(a, f)).await;
    let (max_id,): (i64,) =
        sqlx::query_as("SELECT COALESCE(MAX(id), 0) FROM audit_events").fetch_one(db.pool()).await?;
    let pages: Vec<(i64, Filter)> = admins
        .iter()
        .flat_map(|a| {
            (1..20).map(move |k| (*a, Filter { before: Some(max_id - k * max_id / 20), ..Filter::default() }))
        })
        .collect();
    time("audit viewer: agency admin, an older page", runs, &pages, &mut rng, |(a, f)| audit(a, f)).await;
    // The national admin, who sees every agency, looks the NIPs up.
    let by_nip: Vec<(i64, Filter)> =
        nips.iter().map(|n| (national[0], Filter { nip: n.clone(), ..Filter::default() })).collect();
    time("audit viewer: one employee's NIP", runs, &by_nip, &mut rng, |(a, f)| audit(a, f)).await;
    let by_day: Vec<(i64, Filter)> = admins
        .iter()
        .zip(days.iter().cycle())
        .map(|(a, d)| (*a, Filter { from: Some(*d), to: Some(*d), ..Filter::default() }))
        .collect();
    time("audit viewer: agency admin, one day", runs, &by_day, &mut rng, |(a, f)| audit(a, f)).await;
    let agency_events: Vec<(i64, Filter)> = admins
        .iter()
        .zip(audit_log::LIVE.iter().cycle())
        .map(|(a, e)| (*a, Filter { event: e.to_string(), ..Filter::default() }))
        .collect();
    time("audit viewer: agency admin, one event", runs, &agency_events, &mut rng, |(a, f)| audit(a, f)).await;
    let national_newest = vec![(national[0], Filter::default())];
    time("audit viewer: national admin, newest page", runs, &national_newest, &mut rng, |(a, f)| audit(a, f)).await;
    let by_event: Vec<(i64, Filter)> =
        audit_log::LIVE.iter().map(|e| (national[0], Filter { event: e.to_string(), ..Filter::default() })).collect();
    time("audit viewer: national admin, one event", runs, &by_event, &mut rng, |(a, f)| audit(a, f)).await;
    let by_ip: Vec<(i64, Filter)> =
        ips.iter().map(|ip| (national[0], Filter { ip: ip.clone(), ..Filter::default() })).collect();
    time("audit viewer: national admin, one address", runs, &by_ip, &mut rng, |(a, f)| audit(a, f)).await;
    Ok(())
}
