//! An admin's correction of an employee's registered e-mail address, which
//! is where reset codes go. It takes effect only when the new address
//! confirms it through the mailed link; the old address is told at once and
//! can stop it through its own link. So an agency admin alone cannot move an
//! account's reset mail to an address of their own without the owner's
//! mailbox hearing of it first, and a typo never strands an account.
//!
//! Links carry 256-bit tokens; the table keeps only their SHA-256. A
//! request lives three days; a newer one for the same employee replaces it.
//! Confirming and objecting are plain form posts (a mail scanner that
//! follows links changes nothing).

use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use super::mail;
use super::repo::{Subject, record_with_reason};
use crate::audit::{Actor, AuditKind, RequestInfo};
use crate::domain::Email;
use crate::mail::outbox;
use crate::org::repo::EmployeeRow;

/// A request waits this long (seconds) for the new address to confirm it.
pub const LIFETIME: i64 = 3 * 24 * 3600;

/// Who asked, and why (for the audit trail and the mails).
pub struct Requested<'a> {
    pub admin: i64,
    pub reason: &'a str,
    pub request: &'a RequestInfo,
    pub now: i64,
    /// The portal's public address, for the links.
    pub public_url: &'a str,
}

/// What a link's answer did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Confirmed,
    Stopped,
    /// No open request has this token (used, replaced, stopped or expired).
    Gone,
}

fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// `budi.santoso@example.go.id` → `b***@example.go.id`.
pub fn mask(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
        None => "***".into(),
    }
}

/// Opens a request to change `employee`'s address to `new`, in the
/// caller's transaction: mails the confirmation link to the new address
/// and the objection link to the old one, and records it.
pub async fn request(
    tx: &mut AnyConnection,
    employee: &EmployeeRow,
    new: &Email,
    by: &Requested<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE email_changes SET outcome = 'replaced', decided_at = $1 WHERE employee_id = $2 AND outcome IS NULL",
    )
    .bind(by.now)
    .bind(employee.id)
    .execute(&mut *tx)
    .await?;
    let (confirm, object) = (new_token(), new_token());
    sqlx::query(
        "INSERT INTO email_changes (employee_id, old_email, new_email, confirm_hash, object_hash, admin_id, reason, \
                                    created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(employee.id)
    .bind(&employee.email)
    .bind(new.as_str())
    .bind(digest(&confirm))
    .bind(digest(&object))
    .bind(by.admin)
    .bind(by.reason)
    .bind(by.now)
    .bind(by.now + LIFETIME)
    .execute(&mut *tx)
    .await?;
    let name = &employee.full_name;
    let base = by.public_url.trim_end_matches('/');
    outbox::enqueue(
        tx,
        &mail::confirm(new.clone(), name, by.reason, &format!("{base}/email/confirm?token={confirm}")),
        by.now,
    )
    .await?;
    if let Ok(old) = Email::parse(&employee.email) {
        let link = format!("{base}/email/object?token={object}");
        outbox::enqueue(tx, &mail::objection(old, name, &mask(new.as_str()), by.reason, &link), by.now).await?;
    }
    let subject = Subject { employee_id: employee.id, nip: &employee.nip };
    let detail = format!("waiting for {} to confirm; the old address may stop it", mask(new.as_str()));
    record_with_reason(
        tx,
        AuditKind::EmailChangeRequested,
        subject,
        Actor::Employee(by.admin),
        by.request,
        Some(by.reason),
        Some(&detail),
    )
    .await
}

/// Confirms the open request `token` names: the new address becomes the
/// account's (the old one kept in `email_history`), both are told.
pub async fn confirm(
    tx: &mut AnyConnection,
    token: &str,
    request: &RequestInfo,
    now: i64,
) -> Result<Outcome, sqlx::Error> {
    let Some(open) = take(tx, "confirm_hash", token, "confirmed", now).await? else { return Ok(Outcome::Gone) };
    let moved = sqlx::query("UPDATE employees SET email = $1 WHERE id = $2 AND email = $3")
        .bind(&open.new_email)
        .bind(open.employee_id)
        .bind(&open.old_email)
        .execute(&mut *tx)
        .await?;
    if moved.rows_affected() != 1 {
        // The address changed another way meanwhile (the operator's import):
        // this request no longer describes the account.
        sqlx::query("UPDATE email_changes SET outcome = 'replaced' WHERE confirm_hash = $1")
            .bind(digest(token))
            .execute(&mut *tx)
            .await?;
        return Ok(Outcome::Gone);
    }
    sqlx::query(
        "INSERT INTO email_history (employee_id, old_email, new_email, changed_at, actor_employee_id, source, reason) \
         VALUES ($1, $2, $3, $4, $5, 'admin', $6)",
    )
    .bind(open.employee_id)
    .bind(&open.old_email)
    .bind(&open.new_email)
    .bind(now)
    .bind(open.admin_id)
    .bind(&open.reason)
    .execute(&mut *tx)
    .await?;
    let subject = Subject { employee_id: open.employee_id, nip: &open.nip };
    let detail = "confirmed by the new address; the old address is kept in the e-mail history";
    record_with_reason(
        tx,
        AuditKind::EmailCorrected,
        subject,
        Actor::Employee(open.employee_id),
        request,
        Some(&open.reason),
        Some(detail),
    )
    .await?;
    if let Ok(old) = Email::parse(&open.old_email) {
        outbox::enqueue(tx, &mail::changed(old, &open.full_name, &mask(&open.new_email)), now).await?;
    }
    Ok(Outcome::Confirmed)
}

/// Stops the open request `token` names (the old address objected); the
/// address stays, and the objection is recorded for the agency to see.
pub async fn object(
    tx: &mut AnyConnection,
    token: &str,
    request: &RequestInfo,
    now: i64,
) -> Result<Outcome, sqlx::Error> {
    let Some(open) = take(tx, "object_hash", token, "stopped", now).await? else { return Ok(Outcome::Gone) };
    let subject = Subject { employee_id: open.employee_id, nip: &open.nip };
    let detail = format!("the change to {} was stopped from the registered address", mask(&open.new_email));
    record_with_reason(
        tx,
        AuditKind::EmailChangeStopped,
        subject,
        Actor::Employee(open.employee_id),
        request,
        Some(&open.reason),
        Some(&detail),
    )
    .await?;
    Ok(Outcome::Stopped)
}

struct Open {
    employee_id: i64,
    nip: String,
    full_name: String,
    old_email: String,
    new_email: String,
    admin_id: i64,
    reason: String,
}

/// Closes the open, unexpired request whose `column` hashes `token`, with
/// `outcome`; only one of two racing answers gets it.
async fn take(
    tx: &mut AnyConnection,
    column: &str,
    token: &str,
    outcome: &str,
    now: i64,
) -> Result<Option<Open>, sqlx::Error> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let sql = format!(
        "UPDATE email_changes SET outcome = $1, decided_at = $2 \
         WHERE {column} = $3 AND outcome IS NULL AND expires_at > $2 \
         RETURNING employee_id, old_email, new_email, admin_id, reason"
    );
    let row: Option<(i64, String, String, i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(outcome)
        .bind(now)
        .bind(digest(token))
        .fetch_optional(&mut *tx)
        .await?;
    let Some((employee_id, old_email, new_email, admin_id, reason)) = row else { return Ok(None) };
    let (nip, full_name): (String, String) = sqlx::query_as("SELECT nip, full_name FROM employees WHERE id = $1")
        .bind(employee_id)
        .fetch_one(&mut *tx)
        .await?;
    Ok(Some(Open { employee_id, nip, full_name, old_email, new_email, admin_id, reason }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_masked_address_shows_its_first_letter_and_domain_only() {
        assert_eq!(mask("budi.santoso@example.go.id"), "b***@example.go.id");
        assert_eq!(mask("nonsense"), "***");
    }
}
