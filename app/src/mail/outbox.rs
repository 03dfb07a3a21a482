//! The persistent outbox: enqueue inside the caller's transaction; workers
//! (one per app instance) claim due messages one at a time, so a message is
//! delivered by one instance even when several poll the same database.

use sqlx::AnyConnection;

use crate::domain::Email;
use crate::server::db::Db;

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

/// Delay before attempt `attempts + 1`: 30 s doubling, at most an hour.
pub fn backoff(attempts: i64) -> i64 {
    let doublings = u32::try_from(attempts.clamp(1, 8) - 1).unwrap_or(0);
    (30_i64 << doublings).min(3600)
}

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

/// Claims the oldest due message, if any. The claim is a conditional
/// UPDATE on one row: of two workers racing for it, one gets it and the
/// other moves on to the next candidate.
pub async fn claim_due(db: &Db, now: i64) -> Result<Option<Claimed>, sqlx::Error> {
    let candidates: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 \
         AND (claimed_until IS NULL OR claimed_until <= $1) ORDER BY next_attempt_at, id LIMIT 8",
    )
    .bind(now)
    .fetch_all(db.pool())
    .await?;
    for (id,) in candidates {
        let claimed: Option<Claimed> = sqlx::query_as(
            "UPDATE mail_outbox SET claimed_until = $1, attempts = attempts + 1 \
             WHERE id = $2 AND sent_at IS NULL AND failed_at IS NULL \
             AND (claimed_until IS NULL OR claimed_until <= $3) \
             RETURNING id, to_address, subject, body_text, body_html, attempts",
        )
        .bind(now + LEASE_SECONDS)
        .bind(id)
        .bind(now)
        .fetch_optional(db.pool())
        .await?;
        if claimed.is_some() {
            return Ok(claimed);
        }
    }
    Ok(None)
}

pub async fn mark_sent(db: &Db, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE mail_outbox SET sent_at = $1, claimed_until = NULL, last_error = NULL WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
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
    let error: String = error.chars().take(500).collect();
    let give_up = permanent || message.attempts >= MAX_ATTEMPTS;
    sqlx::query(
        "UPDATE mail_outbox SET claimed_until = NULL, next_attempt_at = $1, last_error = $2, failed_at = $3 \
         WHERE id = $4",
    )
    .bind(now + backoff(message.attempts))
    .bind(error)
    .bind(give_up.then_some(now))
    .bind(message.id)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Messages waiting to be sent (for `/metrics`).
pub async fn depth(db: &Db) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL")
        .fetch_one(db.pool())
        .await?;
    Ok(n)
}

/// Messages given up (for `/metrics`: each needs an operator's look).
pub async fn failed(db: &Db) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM mail_outbox WHERE failed_at IS NOT NULL").fetch_one(db.pool()).await?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_to_an_hour() {
        let delays: Vec<i64> = (1..=10).map(backoff).collect();
        assert_eq!(delays, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
    }

    #[test]
    fn no_line_break_survives_into_the_subject() {
        let to = Email::parse("a@uji.example").unwrap();
        let mail = Mail::new(to, "Kode\r\nBcc: mallory@evil.example\u{85}x", "t", None);
        assert_eq!(mail.subject(), "Kode Bcc: mallory@evil.example x");
        assert!(!mail.subject().chars().any(char::is_control));
    }
}
