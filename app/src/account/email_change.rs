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
use super::repo::email_changes;
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
    let (confirm, object) = (new_token(), new_token());
    let open = email_changes::Open {
        employee_id: employee.id,
        old_email: &employee.email,
        new_email: new.as_str(),
        confirm_hash: &digest(&confirm),
        object_hash: &digest(&object),
        admin_id: by.admin,
        reason: by.reason,
    };
    email_changes::open(tx, &open, by.now, by.now + LIFETIME).await?;
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
    let Some(open) = take(tx, email_changes::CONFIRM, token, "confirmed", now).await? else { return Ok(Outcome::Gone) };
    if !email_changes::move_address(tx, open.employee_id, &open.old_email, &open.new_email).await? {
        // The address changed another way meanwhile (the operator's import):
        // this request no longer describes the account.
        email_changes::mark_replaced(tx, &digest(token)).await?;
        return Ok(Outcome::Gone);
    }
    email_changes::keep_history(
        tx,
        open.employee_id,
        &open.old_email,
        &open.new_email,
        now,
        open.admin_id,
        &open.reason,
    )
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
    let Some(open) = take(tx, email_changes::OBJECT, token, "stopped", now).await? else { return Ok(Outcome::Gone) };
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
    let row = email_changes::take(tx, column, &digest(token), outcome, now).await?;
    let Some((employee_id, old_email, new_email, admin_id, reason)) = row else { return Ok(None) };
    let employee = crate::org::repo::find_employee_in(tx, employee_id).await?.ok_or(sqlx::Error::RowNotFound)?;
    let (nip, full_name) = (employee.nip, employee.full_name);
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
