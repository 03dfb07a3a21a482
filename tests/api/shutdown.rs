//! SIGTERM lets an in-flight request finish before the process exits.

use std::process::{Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_asn-portal");

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

mod sqlite {
    use super::*;

    #[tokio::test]
    async fn sigterm_finishes_the_request_in_flight_then_exits_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let mut child = Command::new(BIN)
            .arg("serve")
            .env("ASN_DATA_DIR", dir.path())
            .env("ASN_BIND", format!("127.0.0.1:{port}"))
            .env("ASN_LOG", "warn")
            .env_remove("ASN_DATABASE_URL")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        let mut up = false;
        for _ in 0..100 {
            if client.get(format!("{base}/healthz")).send().await.is_ok() {
                up = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(up, "server did not start");

        // A request whose body arrives slowly: it is in flight when SIGTERM lands.
        let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(4);
        let body = reqwest::Body::wrap_stream(tokio_stream_from(rx));
        let request = tokio::spawn(
            client
                .post(format!("{base}/api/set_language"))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("content-length", "7")
                .body(body)
                .send(),
        );
        tx.send(Ok(b"lang".to_vec())).await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
        assert!(killed.success());
        tokio::time::sleep(Duration::from_millis(300)).await;
        tx.send(Ok(b"=en".to_vec())).await.unwrap();
        drop(tx);

        let response = request.await.unwrap().expect("the in-flight request gets its answer");
        assert_eq!(response.status(), 200);
        assert!(response.headers()["set-cookie"].to_str().unwrap().starts_with("asn_lang=en"));
        let status = tokio::task::spawn_blocking(move || child.wait()).await.unwrap().unwrap();
        assert!(status.success(), "exit status {status:?}");
        assert!(client.get(format!("{base}/healthz")).send().await.is_err(), "no longer listening");
    }
}

/// Adapts a channel receiver to the `Stream` reqwest wants, without a
/// streams crate.
fn tokio_stream_from(
    mut rx: tokio::sync::mpsc::Receiver<Result<Vec<u8>, std::io::Error>>,
) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}
