//! Delivers the mail outbox over SMTP (lettre). One worker per app
//! instance; the outbox's claims keep instances from sending a message
//! twice. A failed attempt (server down, refused, timed out) leaves the
//! message queued with a growing delay; nothing is dropped.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::watch;

use app::mail::outbox::{self, Claimed};
use app::server::Db;
use app::server::time::Clock;

use crate::config::MailSettings;

/// How often an idle worker looks for due messages.
const POLL: Duration = Duration::from_secs(1);

pub struct MailWorker {
    db: Db,
    clock: Arc<dyn Clock>,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl MailWorker {
    pub fn new(settings: &MailSettings, db: Db, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(settings.smtp_url.expose())
            .map_err(|e| anyhow::anyhow!("ASN_SMTP_URL: {e}"))?
            .timeout(Some(Duration::from_secs(15)))
            .build();
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
                Err(reason) => {
                    tracing::warn!(id = message.id, attempts = message.attempts, %reason, "mail not delivered; will retry");
                    outbox::mark_failed(&self.db, &message, self.clock.now(), &reason).await?;
                    // The server is likely down: wait for the next poll.
                    break;
                }
            }
        }
        Ok(sent)
    }

    /// One SMTP delivery. The error text names the failure, never the
    /// credentials (lettre's errors do not carry the URL).
    async fn send(&self, message: &Claimed) -> Result<(), String> {
        let to: Mailbox = message.to_address.parse().map_err(|e| format!("bad recipient: {e}"))?;
        let email = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&message.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(message.body_text.clone())
            .map_err(|e| format!("cannot build the message: {e}"))?;
        self.transport.send(email).await.map(|_| ()).map_err(|e| e.to_string())
    }
}
