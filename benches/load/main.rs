//! Load benchmark: simulated civil servants against the release server,
//! over HTTP as browsers without JavaScript send them (the plain forms), on
//! SQLite or PostgreSQL, behind one or two app instances. Run by
//! `scripts/bench-load.sh`; see the README's "Measuring".
//!
//! Phases, each reporting throughput, p50/p95/p99 and errors per step:
//! 1. the bare Argon2id verification rate (`asn-portal hash-bench`);
//! 2. sign-in at saturation: clients sign in back to back (password, then
//!    the authenticator's code), with the server's CPU time per sign-in;
//! 3. the dashboard with many signed-in users at once, each opening it
//!    again after a think time;
//! 4. the working day at a fixed arrival rate: an employee arrives, signs
//!    in, opens the dashboard, requests a day of annual leave, which the
//!    official opens and approves (the letter is filed), uploads a PDF,
//!    downloads it back byte for byte, and signs out. `--soak-minutes`
//!    runs this phase alone for that long, printing the servers' memory
//!    every minute.
//!
//! 5. single sign-on at saturation: signed-in employees sign in to a
//!    service through the portal back to back, as its relying party does
//!    (authorize with PKCE, the code for tokens, userinfo, a refresh).
//!
//! The servers' peak resident memory (VmHWM) ends the report.

mod setup;
mod stats;
mod visitor;

use std::sync::Arc;
use std::time::{Duration, Instant};

use setup::{Options, Servers};
use stats::Recorder;
use visitor::{Pool, Visitor};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let options = Options::parse()?;
    let servers = Servers::start(&options).await?;
    let result = run(&options, &servers).await;
    servers.report_memory();
    servers.stop();
    result
}

async fn run(options: &Options, servers: &Servers) -> anyhow::Result<()> {
    let pool = Arc::new(Pool::new(servers.accounts.clone()));
    let urls = servers.urls.clone();
    if let Some(minutes) = options.soak_minutes {
        let official = Visitor::signed_in_official(&urls[0], &servers.official).await?;
        println!("\n## Soak: {} arrivals per second for {minutes} minutes", options.rate);
        let recorder = Recorder::new();
        let until = Instant::now() + Duration::from_secs(minutes * 60);
        let mut next_sample = Instant::now() + Duration::from_secs(60);
        let arrivals =
            tokio::spawn(arrive(options.rate, until, urls.clone(), pool.clone(), official, recorder.clone()));
        while Instant::now() < until {
            tokio::time::sleep(Duration::from_secs(1)).await;
            if Instant::now() >= next_sample {
                next_sample += Duration::from_secs(60);
                println!(
                    "  {:>4} s: {} flows done; {}",
                    recorder.elapsed().as_secs(),
                    recorder.count("flow"),
                    servers.memory()
                );
            }
        }
        arrivals.await??;
        recorder.print();
        return Ok(());
    }

    println!("\n## Bare Argon2id verification (asn-portal hash-bench, {} s)", options.seconds.min(10));
    servers.hash_bench(options.seconds.min(10))?;

    println!("\n## Sign-in at saturation: {} clients for {} s", options.clients, options.seconds);
    let recorder = Recorder::new();
    let cpu_before = servers.cpu_seconds();
    let until = Instant::now() + Duration::from_secs(options.seconds);
    let mut clients = Vec::new();
    for i in 0..options.clients {
        let (url, pool, recorder) = (urls[i % urls.len()].clone(), pool.clone(), recorder.clone());
        clients.push(tokio::spawn(async move {
            while Instant::now() < until {
                let mut visitor = Visitor::new(&url);
                let _ = visitor.sign_in(&pool, &recorder).await;
            }
        }));
    }
    for client in clients {
        client.await?;
    }
    let cpu = servers.cpu_seconds() - cpu_before;
    recorder.print();
    if pool.waits() > 0 {
        println!("\nWARNING: every account had signed in during a code step {} times: raise --accounts", pool.waits());
    }
    let done = recorder.count("sign-in (both steps)");
    if done > 0 {
        println!(
            "\nserver CPU: {cpu:.1} s for {done} sign-ins = {:.1} ms of CPU per sign-in",
            cpu * 1000.0 / done as f64
        );
    }

    println!(
        "\n## Dashboard: {} signed-in users at once for {} s, {} ms think time",
        options.users, options.seconds, options.think_ms
    );
    let recorder = Recorder::new();
    let setup_recorder = Recorder::new();
    let mut users = Vec::new();
    for i in 0..options.users {
        let mut visitor = Visitor::new(&urls[i % urls.len()]);
        visitor.sign_in(&pool, &setup_recorder).await?;
        users.push(visitor);
    }
    recorder.restart();
    let until = Instant::now() + Duration::from_secs(options.seconds);
    let think = Duration::from_millis(options.think_ms);
    let mut tasks = Vec::new();
    let users_count = users.len();
    for (i, visitor) in users.into_iter().enumerate() {
        let recorder = recorder.clone();
        tasks.push(tokio::spawn(async move {
            // Spread the first visits over the think time.
            tokio::time::sleep(think.mul_f64(i as f64 / users_count as f64)).await;
            while Instant::now() < until {
                let _ = visitor.dashboard(&recorder).await;
                tokio::time::sleep(think).await;
            }
        }));
    }
    for task in tasks {
        task.await?;
    }
    recorder.print();
    println!("servers now: {}", servers.memory());

    println!("\n## Working day: {} arrivals per second for {} s", options.rate, options.seconds);
    let official = Visitor::signed_in_official(&urls[0], &servers.official).await?;
    let recorder = Recorder::new();
    let until = Instant::now() + Duration::from_secs(options.seconds);
    arrive(options.rate, until, urls.clone(), pool.clone(), official, recorder.clone()).await?;
    recorder.print();

    println!(
        "\n## Single sign-on: {} signed-in employees at a service, back to back, for {} s",
        options.clients, options.seconds
    );
    let setup_recorder = Recorder::new();
    let mut visitors = Vec::new();
    for i in 0..options.clients {
        let mut visitor = Visitor::new(&urls[i % urls.len()]);
        visitor.sign_in(&pool, &setup_recorder).await?;
        visitors.push(visitor);
    }
    let recorder = Recorder::new();
    let until = Instant::now() + Duration::from_secs(options.seconds);
    let mut tasks = Vec::new();
    for visitor in visitors {
        let (recorder, client) = (recorder.clone(), servers.sso.clone());
        tasks.push(tokio::spawn(async move {
            while Instant::now() < until {
                let started = Instant::now();
                let done = visitor.single_sign_on(&client, &recorder).await.is_ok();
                recorder.record("sso flow", started.elapsed(), done);
            }
        }));
    }
    for task in tasks {
        task.await?;
    }
    recorder.print();
    Ok(())
}

/// Starts an employee's working day every `1 / rate` seconds until `until`
/// (whether or not earlier ones have finished: an open model), then waits
/// for every one still going.
async fn arrive(
    rate: f64,
    until: Instant,
    urls: Vec<String>,
    pool: Arc<Pool>,
    official: Visitor,
    recorder: Recorder,
) -> anyhow::Result<()> {
    let official = Arc::new(official);
    let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / rate));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut flows = tokio::task::JoinSet::new();
    let mut n = 0usize;
    while Instant::now() < until {
        ticker.tick().await;
        let (url, pool, official, recorder) =
            (urls[n % urls.len()].clone(), pool.clone(), official.clone(), recorder.clone());
        n += 1;
        flows.spawn(async move {
            let started = Instant::now();
            let mut visitor = Visitor::new(&url);
            let done = visitor.working_day(&pool, &official, &recorder).await.is_ok();
            recorder.record("flow", started.elapsed(), done);
        });
        while let Some(done) = flows.try_join_next() {
            done?;
        }
    }
    while let Some(done) = flows.join_next().await {
        done?;
    }
    Ok(())
}
