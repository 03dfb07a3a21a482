//! Delivers the mail outbox over SMTP (lettre), or in development without
//! SMTP as `.eml` files. One worker per app instance; the outbox's claims
//! keep instances from sending a message twice. A transient failure (server
//! down, timed out, 4xx) leaves the message queued with a growing delay; a
//! permanent refusal (5xx) gives it up with the server's answer recorded.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::watch;

use app::mail::outbox::{self, Claimed};
use app::server::Db;
use app::server::time::Clock;

use crate::config::{MailSettings, MailTransport};

/// How often an idle worker looks for due messages.
const POLL: Duration = Duration::from_secs(1);

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

/// Why a delivery failed, and whether trying again can help.
struct Failure {
    reason: String,
    permanent: bool,
}

pub struct MailWorker {
    db: Db,
    clock: Arc<dyn Clock>,
    transport: Transport,
    from: Mailbox,
}

impl MailWorker {
    pub fn new(settings: &MailSettings, db: Db, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let transport = match &settings.transport {
            MailTransport::Smtp { url, timeout } => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
                    .map_err(|e| anyhow::anyhow!("ASN_SMTP_URL: {e}"))?
                    .timeout(Some(*timeout))
                    .build(),
            ),
            MailTransport::Files(dir) => {
                std::fs::create_dir_all(dir)
                    .map_err(|e| anyhow::anyhow!("cannot create the mail folder {}: {e}", dir.display()))?;
                tracing::info!(folder = %dir.display(), "no ASN_SMTP_URL: mail is written as .eml files");
                Transport::Files(AsyncFileTransport::new(dir))
            }
        };
        Ok(Self { db, clock, transport, from: settings.from.clone() })
    }

    /// Runs until `stop` turns true; the message in hand is finished first.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        loop {
            match self.deliver_due().await {
                Ok(0) => {}
                Ok(sent) => tracing::debug!(sent, "mail delivered"),
                Err(e) => tracing::warn!(error = %e, "mail outbox: database error"),
            }
            tokio::select! {
                _ = tokio::time::sleep(POLL) => {}
                _ = stop.changed() => {}
            }
            if *stop.borrow() {
                return;
            }
        }
    }

    /// Sends every due message; returns how many went out.
    pub async fn deliver_due(&self) -> Result<usize, sqlx::Error> {
        let mut sent = 0;
        while let Some(message) = outbox::claim_due(&self.db, self.clock.now()).await? {
            match self.send(&message).await {
                Ok(()) => {
                    outbox::mark_sent(&self.db, message.id, self.clock.now()).await?;
                    sent += 1;
                }
                Err(Failure { reason, permanent }) => {
                    tracing::warn!(id = message.id, attempts = message.attempts, permanent, %reason, "mail not delivered");
                    outbox::mark_failed(&self.db, &message, self.clock.now(), &reason, permanent).await?;
                    if !permanent {
                        // The server is likely down: wait for the next poll.
                        break;
                    }
                }
            }
        }
        Ok(sent)
    }

    /// One delivery. The error text names the failure, never the
    /// credentials (lettre's errors do not carry the URL).
    async fn send(&self, message: &Claimed) -> Result<(), Failure> {
        let refuse = |reason: String| Failure { reason, permanent: true };
        let to: Mailbox = message.to_address.parse().map_err(|e| refuse(format!("bad recipient: {e}")))?;
        let builder = Message::builder().from(self.from.clone()).to(to).subject(&message.subject);
        let text = SinglePart::builder().header(ContentType::TEXT_PLAIN).body(message.body_text.clone());
        let email = match &message.body_html {
            Some(html) => builder.multipart(
                MultiPart::alternative()
                    .singlepart(text)
                    .singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(html.clone())),
            ),
            None => builder.singlepart(text),
        }
        .map_err(|e| refuse(format!("cannot build the message: {e}")))?;
        match &self.transport {
            Transport::Smtp(smtp) => smtp
                .send(email)
                .await
                .map(|_| ())
                .map_err(|e| Failure { permanent: e.is_permanent(), reason: e.to_string() }),
            Transport::Files(files) => {
                files.send(email).await.map(|_| ()).map_err(|e| Failure { permanent: false, reason: e.to_string() })
            }
        }
    }
}
