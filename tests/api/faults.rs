//! Faults: the process killed during leave decisions and during an upload
//! (the real binary, SIGKILL), the disk filling up during an upload,
//! the database going away under load and coming back, and slow clients.
//! Each must end in a clean answer and a whole state: nothing half done,
//! nothing the user sent lost without saying so, no restart needed.
//! (SMTP down during a reset: `reset.rs`; SMTP down in general: `mail.rs`.)

use std::path::{Path, PathBuf};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::documents::{IJAZAH, multipart, pdf};
use crate::helpers::{Engine, Parked, Process, TestApp};
use crate::leave::{self, OFFICIAL, OWNER, SUPERVISOR};
use crate::on_both_engines;

const BIN: &str = env!("CARGO_BIN_EXE_asn-portal");

async fn count(parked: &Parked, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(parked.db.pool()).await.unwrap()
}

/// Runs a CLI command with the parked application's settings.
fn cli(parked: &Parked, args: &[&str]) -> (bool, String) {
    let output = std::process::Command::new(BIN)
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(&parked.env)
        .output()
        .unwrap();
    (
        output.status.success(),
        format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)),
    )
}

fn blobs(parked: &Parked) -> PathBuf {
    Path::new(&parked.env["ASN_DATA_DIR"]).join("blobs")
}

/// The files under `dir` (recursively), as paths relative to it.
fn files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return found };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            let name = entry.file_name().to_string_lossy().to_string();
            found.extend(files(&path).into_iter().map(|f| format!("{name}/{f}")));
        } else {
            found.push(entry.file_name().to_string_lossy().to_string());
        }
    }
    found.sort();
    found
}

/// Posts a server function to the server at `address` with a session, as
/// the hydrated app does; 0 when the connection failed.
async fn call(address: &str, token: &str, endpoint: &str, form: &[(String, String)]) -> u16 {
    reqwest::Client::new()
        .post(format!("{address}/api/{endpoint}"))
        .header("origin", address)
        .header("cookie", format!("asn_session={token}"))
        .form(form)
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0)
}

/// The form that approves request `id` at its current version.
async fn approval(parked: &Parked, id: i64) -> Vec<(String, String)> {
    let version: i64 = sqlx::query_scalar("SELECT version FROM leave_requests WHERE id = $1")
        .bind(id)
        .fetch_one(parked.db.pool())
        .await
        .unwrap();
    [
        ("id", id.to_string()),
        ("version", version.to_string()),
        ("stage", "decide".into()),
        ("outcome", "approved".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// Uploads `bytes` as an ijazah to the process (JSON answer).
async fn upload_to(process: &Process, token: &str, bytes: &[u8]) -> (u16, serde_json::Value) {
    crate::documents::upload_at(&process.address, token, &IJAZAH, Some(("ijazah.pdf", "application/pdf", bytes))).await
}

/// A tmpfs of `kib` KiB mounted over a folder; unmounted on drop.
struct SmallDisk(PathBuf);

impl SmallDisk {
    /// `None` when this user may not mount (not root): outside CI the test
    /// says so and stops; in CI (`CI=true`) that is a failure.
    fn mount(at: &Path, kib: u64) -> Option<Self> {
        std::fs::create_dir_all(at).unwrap();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(at)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            assert!(std::env::var("CI").as_deref() != Ok("true"), "CI must be able to mount a tmpfs (run as root)");
            eprintln!("SKIPPED: the disk-full test needs to mount a small tmpfs (run as root)");
            return None;
        }
        Some(Self(at.to_path_buf()))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

on_both_engines! {
    async fn killed_mid_upload_leaves_nothing_half_done_and_the_next_start_sweeps_it(engine: Engine) {
        let app = crate::documents::world(engine, &[]).await;
        let token = crate::documents::session(&app, crate::documents::OWNER).await;
        let parked = app.park().await;
        let mut process = parked.serve(&[]).await;

        // A 4 MiB upload whose body stops after the first MiB: the process
        // is killed while the file is being written.
        let file = pdf(4 << 20);
        let (content_type, body) = multipart(&IJAZAH, Some(("ijazah.pdf", "application/pdf", &file)));
        let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(4);
        let request = tokio::spawn(
            reqwest::Client::new()
                .post(process.url("/documents/upload"))
                .header("origin", &process.address)
                .header("cookie", format!("asn_session={token}"))
                .header("accept", "application/json")
                .header("content-type", content_type)
                .header("content-length", body.len())
                .body(reqwest::Body::wrap_stream(futures_util::stream::poll_fn({
                    let mut rx = rx;
                    move |cx| rx.poll_recv(cx)
                })))
                .send(),
        );
        tx.send(Ok(body[..1 << 20].to_vec())).await.unwrap();
        let tmp = blobs(&parked).join("tmp");
        let mut partial = Vec::new();
        for _ in 0..200 {
            partial = files(&tmp);
            if !partial.is_empty() && std::fs::metadata(tmp.join(&partial[0])).unwrap().len() > 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        assert_eq!(partial.len(), 1, "the upload was being written when the process died");
        process.kill();
        assert!(request.await.unwrap().is_err(), "the client sees the connection drop, not an answer");
        drop(tx);

        // Nothing half done: no row, no blob in place; only the part file.
        assert_eq!(count(&parked, "SELECT COUNT(*) FROM documents").await, 0);
            let placed: Vec<_> = files(&blobs(&parked)).into_iter().filter(|f| !f.starts_with("tmp/")).collect();
        assert!(placed.is_empty(), "{placed:?}");
        let (ok, report) = cli(&parked, &["documents", "verify"]);
        assert!(ok && report.contains("0 blobs checked: 0 missing, 0 altered, 0 unreferenced"), "{report}");

        // A fresh part file (another instance's upload in progress, say) is
        // left alone at start; one older than any upload may take is swept.
        let process = parked.serve(&[]).await;
        assert_eq!(files(&tmp), partial);
        drop(process);
        let aged = std::process::Command::new("touch").args(["-d", "2 hours ago"]).arg(tmp.join(&partial[0])).status().unwrap();
        assert!(aged.success());
        let process = parked.serve(&[]).await;
        assert!(files(&tmp).is_empty(), "swept at start");

        // The user tries again and it works.
        let (status, body) = upload_to(&process, &token, &file).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(count(&parked, "SELECT COUNT(*) FROM documents").await, 1);
        let (ok, report) = cli(&parked, &["documents", "verify"]);
        assert!(ok && report.contains("1 blobs checked: 0 missing, 0 altered, 0 unreferenced"), "{report}");
    }

    async fn killed_during_leave_decisions_each_is_whole_or_untouched(engine: Engine) {
        let w = leave::world(engine).await;
        let owner = leave::session(&w.app, OWNER).await;
        let supervisor = leave::session(&w.app, SUPERVISOR).await;
        let official = leave::session(&w.app, OFFICIAL).await;
        // Six one-day requests (the Wednesday is a holiday), each considered.
        let mut ids = Vec::new();
        for offset in [0, 1, 3, 4, 7, 8] {
            let day = leave::plus(w.monday, offset);
            let (code, body) = leave::request(&w, &owner, day, day, "submit").await;
            assert_eq!(code, 200, "{body}");
            let id = body.as_i64().unwrap();
            assert_eq!(leave::verdict(&w.app, &supervisor, id, "consider", "approved", &[]).await.0, 200);
            ids.push(id);
        }
        let parked = w.app.park().await;
        let mut process = parked.serve(&[]).await;

        // The official approves all six at once; the process dies as the
        // first answer comes back, with the others in flight.
        let mut pending = tokio::task::JoinSet::new();
        for &id in &ids {
            let form = approval(&parked, id).await;
            let (address, official) = (process.address.clone(), official.clone());
            pending.spawn(async move { call(&address, &official, "decide_leave", &form).await });
        }
        let first = pending.join_next().await.unwrap().unwrap();
        process.kill();
        let mut answers = vec![first];
        while let Some(answer) = pending.join_next().await {
            answers.push(answer.unwrap());
        }
        assert!(answers.iter().all(|&a| a == 200 || a == 0), "answered or cut off: {answers:?}");

        // Each decision is whole (approved, booked once, audited) or not
        // there at all. Its letter, filed just after the decision, is there
        // whole (document and link together) or not yet; no stray letter.
        let mut approved = 0;
        for &id in &ids {
            let (status, letter): (String, Option<i64>) =
                sqlx::query_as("SELECT status, letter_document_id FROM leave_requests WHERE id = $1")
                    .bind(id).fetch_one(parked.db.pool()).await.unwrap();
            let booked: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM leave_ledger WHERE request_id = $1 AND entry = 'taken'")
                .bind(id).fetch_one(parked.db.pool()).await.unwrap();
            match status.as_str() {
                "approved" => {
                    approved += 1;
                    assert_eq!(booked, 1, "request {id} approved and booked once");
                }
                "awaiting_official" => {
                    assert_eq!(booked, 0, "request {id} untouched");
                    assert!(letter.is_none(), "request {id} untouched");
                }
                other => panic!("request {id} is {other}"),
            }
        }
        assert!(approved >= answers.iter().filter(|&&a| a == 200).count() as i64, "every 200 was kept");
        assert_eq!(count(&parked, "SELECT COUNT(*) FROM audit_events WHERE event = 'leave_decided'").await, approved);
        assert_eq!(
            count(&parked, "SELECT COUNT(*) FROM documents").await,
            count(&parked, "SELECT COUNT(*) FROM leave_requests WHERE letter_document_id IS NOT NULL").await,
            "no letter without its link"
        );
        // A letter's file written just before the kill, whose row never
        // committed, is the one residue: unreachable, reported, and swept.
        let (ok, report) = cli(&parked, &["documents", "verify"]);
        assert!(ok && report.contains("0 missing, 0 altered"), "{report}");
        let (ok, report) = cli(&parked, &["documents", "sweep", "--older-than-minutes", "0"]);
        assert!(ok, "{report}");
        let (ok, report) = cli(&parked, &["documents", "verify"]);
        assert!(ok && report.contains("0 missing, 0 altered, 0 unreferenced"), "{report}");

        // After a restart the official finishes, and opening each request
        // files any letter still owed; everything adds up.
        let process = parked.serve(&[]).await;
        for &id in &ids {
            let status: String = sqlx::query_scalar("SELECT status FROM leave_requests WHERE id = $1")
                .bind(id).fetch_one(parked.db.pool()).await.unwrap();
            if status == "awaiting_official" {
                assert_eq!(call(&process.address, &official, "decide_leave", &approval(&parked, id).await).await, 200);
            }
            let open = [("id".to_string(), id.to_string())];
            assert_eq!(call(&process.address, &owner, "leave_detail", &open).await, 200);
        }
        assert_eq!(count(&parked, "SELECT COUNT(*) FROM leave_ledger WHERE entry = 'taken'").await, 6);
        assert_eq!(count(&parked, "SELECT COUNT(*) FROM audit_events WHERE event = 'leave_decided'").await, 6);
        assert_eq!(count(&parked, "SELECT COUNT(*) FROM leave_requests WHERE letter_document_id IS NOT NULL").await, 6);
        assert_eq!(count(&parked, "SELECT COUNT(*) FROM documents").await, 6, "one letter each");
        let (ok, report) = cli(&parked, &["audit", "verify"]);
        assert!(ok && report.contains("intact"), "{report}");
        let (ok, report) = cli(&parked, &["documents", "verify"]);
        assert!(ok && report.contains("6 blobs checked: 0 missing, 0 altered, 0 unreferenced"), "{report}");
    }

    async fn a_full_disk_refuses_the_upload_clearly_and_keeps_nothing(engine: Engine) {
        let app = crate::documents::world(engine, &[]).await;
        let token = crate::documents::session(&app, crate::documents::OWNER).await;
        let parked = app.park().await;
        // 512 KiB of disk for the documents, then a 2 MiB upload.
        let Some(_disk) = SmallDisk::mount(&blobs(&parked), 512) else { return };
        let process = parked.serve(&[]).await;

        let (status, body) = upload_to(&process, &token, &pdf(2 << 20)).await;
        assert_eq!((status, body), (507, serde_json::json!({ "error": "storage_full" })));
        assert_eq!(count(&parked, "SELECT COUNT(*) FROM documents").await, 0);
        assert!(files(&blobs(&parked)).is_empty(), "no partial file: {:?}", files(&blobs(&parked)));

        // Without JavaScript: back to the cabinet, which says why in the reader's language.
        let (content_type, form) = multipart(&IJAZAH, Some(("ijazah.pdf", "application/pdf", &pdf(2 << 20))));
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let response = client.post(process.url("/documents/upload"))
            .header("origin", &process.address)
            .header("cookie", format!("asn_session={token}"))
            .header("content-type", content_type)
            .body(form)
            .send().await.unwrap();
        assert_eq!(response.headers()["location"], "/documents?error=storage_full");
        // A fresh connection: the server answered before reading the whole
        // body and closed the one above.
        let page = reqwest::Client::new().get(process.url("/documents?error=storage_full"))
            .header("cookie", format!("asn_session={token}"))
            .send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Penyimpanan server sedang penuh"), "the refusal is shown");

        // A file that fits still goes in, whole.
        let (status, body) = upload_to(&process, &token, &pdf(64 << 10)).await;
        assert_eq!(status, 200, "{body}");
        let (ok, report) = cli(&parked, &["documents", "verify"]);
        assert!(ok && report.contains("1 blobs checked: 0 missing, 0 altered, 0 unreferenced"), "{report}");
    }
}

mod outage {
    use super::*;

    mod postgres {
        use super::*;

        /// The database stops taking connections and every open one is cut
        /// (what a restart or a failover does to the app) while clients keep
        /// calling; then it comes back. The app is never restarted.
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn requests_fail_cleanly_while_the_database_is_away_and_recover_when_it_returns() {
            let app = TestApp::spawn_with(Engine::Postgres, &[("ASN_DB_ACQUIRE_TIMEOUT_SECS", "2")]).await;
            crate::sign_in::account_holder(&app).await;
            let token = crate::sign_in::sign_in(&app, crate::sign_in::NIP, crate::sign_in::PASSWORD, "", None)
                .await
                .token
                .unwrap();
            let name =
                url::Url::parse(&app.env["ASN_DATABASE_URL"]).unwrap().path().trim_start_matches('/').to_string();
            use sqlx::Connection;
            let mut admin = sqlx::PgConnection::connect(&crate::helpers::postgres_admin_url()).await.unwrap();

            let phase = std::sync::Arc::new(std::sync::atomic::AtomicU8::new(0));
            let mut load = tokio::task::JoinSet::new();
            for worker in 0..6 {
                let (address, token, phase) = (app.address.clone(), token.clone(), phase.clone());
                load.spawn(async move {
                    let client = reqwest::Client::new();
                    let mut seen = Vec::new();
                    loop {
                        let now = phase.load(std::sync::atomic::Ordering::SeqCst);
                        if now == 3 {
                            return seen;
                        }
                        let started = std::time::Instant::now();
                        let request = if worker % 2 == 0 {
                            client
                                .post(format!("{address}/api/my_sessions"))
                                .header("origin", &address)
                                .header("cookie", format!("asn_session={token}"))
                        } else {
                            client.get(format!("{address}/readyz"))
                        };
                        let status = request.send().await.map(|r| r.status().as_u16()).unwrap_or(0);
                        // The phase at both ends: a call sent just before
                        // the cut may meet it.
                        let end = phase.load(std::sync::atomic::Ordering::SeqCst);
                        seen.push((now, end, worker % 2 == 0, status, started.elapsed()));
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                });
            }
            let set = |p: u8| phase.store(p, std::sync::atomic::Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(700)).await;
            set(1);
            sqlx::query(sqlx::AssertSqlSafe(format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false")))
                .execute(&mut admin)
                .await
                .unwrap();
            sqlx::query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            )
            .bind(&name)
            .execute(&mut admin)
            .await
            .unwrap();
            tokio::time::sleep(Duration::from_secs(4)).await;
            sqlx::query(sqlx::AssertSqlSafe(format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true")))
                .execute(&mut admin)
                .await
                .unwrap();
            set(2);
            tokio::time::sleep(Duration::from_secs(3)).await;
            set(3);
            let mut seen = Vec::new();
            while let Some(worker) = load.join_next().await {
                seen.extend(worker.unwrap());
            }

            let before: Vec<_> = seen.iter().filter(|s| s.0 == 0 && s.1 == 0).collect();
            assert!(!before.is_empty() && before.iter().all(|s| s.3 == 200), "{before:?}");
            let away: Vec<_> = seen.iter().filter(|s| s.0 == 1 || (s.0 == 0 && s.1 > 0)).collect();
            // Clean failures: an answer (no dropped connection, no hang past
            // the pool's acquire timeout), 500 or 503, never a success that
            // pretends.
            assert!(away.iter().all(|s| matches!(s.3, 200 | 500 | 503)), "{away:?}");
            assert!(away.iter().all(|s| s.4 < Duration::from_secs(5)), "a request hung: {away:?}");
            assert!(away.iter().any(|s| !s.2 && s.3 == 503), "/readyz told the balancer: {away:?}");
            assert!(away.iter().any(|s| s.2 && s.3 == 500), "the signed-in call failed cleanly: {away:?}");
            // Recovered without a restart: the last second of calls all succeed.
            let after: Vec<_> = seen.iter().filter(|s| s.0 == 2).collect();
            let tail = &after[after.len().saturating_sub(12)..];
            assert!(tail.len() >= 6 && tail.iter().all(|s| s.3 == 200), "{after:?}");
            // The session survived: it lives in the database, not the process.
            assert_eq!(app.call("my_sessions", &token, &[]).await.status(), 200);
            app.stop().await;
        }
    }
}

mod neutral {
    use super::*;

    /// Sends `head`, then trickles `drip` one byte every 200 ms; answers
    /// what the server sent before it closed the connection, or `None` if
    /// it had not closed it after `limit`.
    async fn slow_client(address: &str, head: &str, drip: &'static [u8], limit: Duration) -> Option<String> {
        let stream = tokio::net::TcpStream::connect(address).await.unwrap();
        let (mut reader, mut writer) = stream.into_split();
        writer.write_all(head.as_bytes()).await.unwrap();
        let dripping = tokio::spawn(async move {
            for byte in drip.iter().cycle() {
                tokio::time::sleep(Duration::from_millis(200)).await;
                if writer.write_all(&[*byte]).await.is_err() {
                    return;
                }
            }
        });
        let mut answer = Vec::new();
        let read = tokio::time::timeout(limit, reader.read_to_end(&mut answer)).await;
        dripping.abort();
        read.ok().map(|_| String::from_utf8_lossy(&answer).to_string())
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn slow_clients_are_cut_off_without_holding_the_server() {
        let app =
            TestApp::spawn_with(Engine::Sqlite, &[("ASN_HEADER_TIMEOUT_SECS", "1"), ("ASN_REQUEST_TIMEOUT_SECS", "2")])
                .await;
        let address = app.address.trim_start_matches("http://").to_string();
        let limit = Duration::from_secs(8);
        // A hundred clients trickling headers (slowloris), and as many
        // that connect and say nothing.
        let mut slow = tokio::task::JoinSet::new();
        for i in 0..200 {
            let address = address.clone();
            slow.spawn(async move {
                let head = if i % 2 == 0 { "GET /healthz HTTP/1.1\r\nHost: x\r\n" } else { "" };
                (i % 2 == 0, slow_client(&address, head, b"X-a: b\r\n", limit).await)
            });
        }
        // Meanwhile everyone else is served.
        tokio::time::sleep(Duration::from_millis(300)).await;
        for _ in 0..20 {
            assert_eq!(app.get("/healthz").await.status(), 200);
        }
        while let Some(outcome) = slow.join_next().await {
            let (trickling, answer) = outcome.unwrap();
            let answer = answer.unwrap_or_else(|| {
                panic!(
                    "a {} client still held its connection after {limit:?}",
                    if trickling { "trickling" } else { "silent" }
                )
            });
            assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 408"), "{answer}");
        }
        // A body trickled after complete headers meets the request timeout.
        let head = format!(
            "POST /api/sign_in HTTP/1.1\r\nHost: {address}\r\nOrigin: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nnip=",
            app.address
        );
        let answer = slow_client(&address, &head, b"1", limit).await.expect("cut off");
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
        assert_eq!(app.get("/healthz").await.status(), 200);
        app.stop().await;
    }
}
