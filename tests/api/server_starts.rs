//! Several servers in one process (as these tests run them): starting one
//! must never stall a page render in another.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::helpers::{Engine, TestApp};

/// Leptos lists an app's routes by rendering it with every resource load
/// suppressed through a process-wide flag; a render elsewhere in the
/// process that first polled a resource meanwhile waited forever (a 408
/// here). The router now lists its routes once per process.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starting_servers_never_stalls_a_render_in_another() {
    let app = TestApp::spawn_with(Engine::Sqlite, &[("ASN_REQUEST_TIMEOUT_SECS", "2")]).await;
    let done = Arc::new(AtomicBool::new(false));
    // Four clients keep asking for the dashboard: its render polls a
    // resource (the signed-in user), which sends them on to sign in.
    let clients: Vec<_> = (0..4)
        .map(|_| {
            let (url, done) = (app.url("/dashboard"), done.clone());
            tokio::spawn(async move {
                let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
                let mut statuses = BTreeMap::<u16, u32>::new();
                while !done.load(Ordering::Relaxed) {
                    let status = client.get(&url).send().await.expect("request").status().as_u16();
                    *statuses.entry(status).or_default() += 1;
                }
                statuses
            })
        })
        .collect();
    for _ in 0..15 {
        app.another_instance(&[]).await.stop().await;
    }
    done.store(true, Ordering::Relaxed);
    let mut statuses = BTreeMap::<u16, u32>::new();
    for client in clients {
        for (status, n) in client.await.unwrap() {
            *statuses.entry(status).or_default() += n;
        }
    }
    assert_eq!(statuses.keys().copied().collect::<Vec<_>>(), [302], "every render finished: {statuses:?}");
    assert!(statuses[&302] >= 20, "the renders overlapped the starts: {statuses:?}");
    app.stop().await;
}
