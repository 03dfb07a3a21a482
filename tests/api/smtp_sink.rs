//! A real SMTP server for tests: it speaks enough of RFC 5321 for lettre
//! (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) and keeps every message it
//! accepts, so tests check what actually crossed the wire.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

pub struct SmtpSink {
    pub port: u16,
    pub messages: Arc<Mutex<Vec<Received>>>,
    /// While `false`, every connection is closed at once, before the
    /// greeting: the mail server is down, but its port stays taken.
    up: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<()>,
}

impl SmtpSink {
    /// Listens on `port` (0 for any free one).
    pub async fn start(port: u16) -> Self {
        Self::listen(port, true).await
    }

    /// A sink that refuses every session until [`SmtpSink::come_up`]: an
    /// SMTP server that is down, on a port no other test can take meanwhile.
    pub async fn start_down() -> Self {
        Self::listen(0, false).await
    }

    pub fn come_up(&self) {
        self.up.store(true, Ordering::SeqCst);
    }

    async fn listen(port: u16, up: bool) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.expect("bind the SMTP sink");
        let port = listener.local_addr().unwrap().port();
        let messages = Arc::new(Mutex::new(Vec::new()));
        let store = messages.clone();
        let up = Arc::new(AtomicBool::new(up));
        let serving = up.clone();
        let task = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                if !serving.load(Ordering::SeqCst) {
                    drop(socket);
                    continue;
                }
                let store = store.clone();
                tokio::spawn(async move {
                    let _ = session(socket, store).await;
                });
            }
        });
        Self { port, messages, up, task }
    }

    pub fn received(&self) -> Vec<Received> {
        self.messages.lock().unwrap().clone()
    }

    /// Waits (up to 15 s) until `count` messages arrived.
    pub async fn wait_for(&self, count: usize) -> Vec<Received> {
        for _ in 0..150 {
            if self.messages.lock().unwrap().len() >= count {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        self.received()
    }

    pub fn stop(self) {
        self.task.abort();
    }
}

async fn session(socket: tokio::net::TcpStream, store: Arc<Mutex<Vec<Received>>>) -> std::io::Result<()> {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    write.write_all(b"220 sink ESMTP ready\r\n").await?;
    let (mut from, mut to) = (String::new(), Vec::new());
    while let Some(line) = lines.next_line().await? {
        let upper = line.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            b"250-sink\r\n250 8BITMIME\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            from = line[10..].trim().to_string();
            to.clear();
            b"250 OK\r\n"
        } else if upper.starts_with("RCPT TO:") {
            // Addresses starting with "tolak" do not exist here: a
            // permanent refusal, as a real server gives.
            if line[8..].trim().trim_start_matches('<').starts_with("tolak") {
                b"550 5.1.1 no such user\r\n"
            } else {
                to.push(line[8..].trim().to_string());
                b"250 OK\r\n"
            }
        } else if upper == "DATA" {
            write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
            let mut data = String::new();
            while let Some(l) = lines.next_line().await? {
                if l == "." {
                    break;
                }
                data.push_str(l.strip_prefix('.').unwrap_or(&l));
                data.push('\n');
            }
            store.lock().unwrap().push(Received { from: from.clone(), to: to.clone(), data });
            b"250 OK queued\r\n"
        } else if upper == "QUIT" {
            write.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else if upper == "RSET" || upper == "NOOP" {
            b"250 OK\r\n"
        } else {
            b"502 not implemented\r\n"
        };
        write.write_all(reply).await?;
    }
    Ok(())
}
