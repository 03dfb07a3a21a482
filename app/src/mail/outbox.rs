//! The persistent outbox: enqueue inside the caller's transaction; workers
//! (one per app instance) claim due messages one at a time, so a message is
//! delivered by one instance even when several poll the same database.

use sqlx::AnyConnection;

use crate::domain::Email;
use crate::server::db::Db;
use crate::server::lease_queue::LeaseQueue;

/// A message to send to one registered address: plain text, and an HTML
/// alternative when given. Built only through [`Mail::new`], which keeps
/// line breaks and other control characters out of the subject, so no text
/// that reached it (a name, say) can add a header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    to: Email,
    subject: String,
    text: String,
    html: Option<String>,
}

impl Mail {
    pub fn new(to: Email, subject: &str, text: impl Into<String>, html: Option<String>) -> Self {
        let subject: String = subject.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
        Self { to, subject, text: text.into(), html }
    }

    pub fn to(&self) -> &Email {
        &self.to
    }

    pub fn subject(&self) -> &str {
        &self.subject
    }

    pub fn text(&self) -> &str {
        &self.text
    }
}

/// A claimed message, for the worker.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Claimed {
    pub id: i64,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: Option<String>,
    /// Including this one.
    pub attempts: i64,
}

/// Attempts after which a message is given up (about a day of back-off).
pub const MAX_ATTEMPTS: i64 = 30;

/// How long a claim holds before another worker may retry the message (a
/// worker that died mid-send).
pub const LEASE_SECONDS: i64 = 120;

pub use crate::server::lease_queue::backoff;

/// The outbox as a lease queue.
const QUEUE: LeaseQueue = LeaseQueue {
    table: "mail_outbox",
    done_column: "sent_at",
    claimed_columns: "id, to_address, subject, body_text, body_html, attempts",
    lease_seconds: LEASE_SECONDS,
    max_attempts: MAX_ATTEMPTS,
};

/// Queues a message; commits with the caller's transaction.
pub async fn enqueue(conn: &mut AnyConnection, mail: &Mail, now: i64) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO mail_outbox (to_address, subject, body_text, body_html, created_at, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(mail.to.as_str())
    .bind(&mail.subject)
    .bind(&mail.text)
    .bind(mail.html.as_deref())
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// Claims the oldest due message, if any: of two workers racing for it,
/// one gets it and the other moves on to the next candidate.
pub async fn claim_due(db: &Db, now: i64) -> Result<Option<Claimed>, sqlx::Error> {
    QUEUE.claim_due(db, now).await
}

pub async fn mark_sent(db: &Db, id: i64, now: i64) -> Result<(), sqlx::Error> {
    QUEUE.mark_done(&mut *db.pool().acquire().await?, id, now).await
}

/// Releases the claim and schedules the next attempt, or gives the
/// message up when the refusal is `permanent` (the server said the address
/// does not exist, say) or it has had [`MAX_ATTEMPTS`]. `error` must carry
/// no secret (the worker passes lettre's error text, which has none).
pub async fn mark_failed(
    db: &Db,
    message: &Claimed,
    now: i64,
    error: &str,
    permanent: bool,
) -> Result<(), sqlx::Error> {
    let mut conn = db.pool().acquire().await?;
    QUEUE.mark_failed(&mut conn, message.id, message.attempts, now, error, permanent).await?;
    Ok(())
}

/// Messages waiting to be sent (for `/metrics`).
pub async fn depth(db: &Db) -> Result<i64, sqlx::Error> {
    QUEUE.depth(db).await
}

/// Messages given up (for `/metrics`: each needs an operator's look).
pub async fn failed(db: &Db) -> Result<i64, sqlx::Error> {
    QUEUE.failed(db).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_line_break_survives_into_the_subject() {
        let to = Email::parse("a@uji.example").unwrap();
        let mail = Mail::new(to, "Kode\r\nBcc: mallory@evil.example\u{85}x", "t", None);
        assert_eq!(mail.subject(), "Kode Bcc: mallory@evil.example x");
        assert!(!mail.subject().chars().any(char::is_control));
    }
}
