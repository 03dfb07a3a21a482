//! Removing an employee's authenticators (an agency admin's reset: the CLI
//! now, the admin console later). One transaction removes them, ends every
//! session (the next sign-in must enrol again), queues a notice to the
//! employee's registered address, and records the event.

use crate::audit::{self, Actor, AuditKind, AuditRecord, RequestInfo};
use crate::domain::Email;
use crate::mail::outbox;
use crate::org::repo::EmployeeRow;
use crate::server::db::Db;
use crate::server::session;

/// Returns how many authenticators were removed.
pub async fn reset_authenticators(
    db: &Db,
    employee: &EmployeeRow,
    actor: Actor,
    request: &RequestInfo,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let removed = reset_in(&mut tx, employee, actor, request, None, now).await?;
    tx.commit().await?;
    Ok(removed)
}

/// [`reset_authenticators`] inside the caller's transaction, with the
/// admin's reason (which the notice repeats).
pub async fn reset_in(
    conn: &mut sqlx::AnyConnection,
    employee: &EmployeeRow,
    actor: Actor,
    request: &RequestInfo,
    reason: Option<&str>,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let removed = super::repo::remove_all(conn, employee.id).await?;
    session::revoke_all(conn, employee.id, now).await?;
    if let Ok(to) = Email::parse(&employee.email) {
        outbox::enqueue(conn, &super::mail::authenticators_reset(to, &employee.full_name, reason), now).await?;
    }
    let detail = format!("removed {removed} authenticator(s); sessions ended; notice queued");
    let event = AuditRecord {
        kind: AuditKind::MfaReset,
        reason,
        employee_id: Some(employee.id),
        nip: Some(&employee.nip),
        actor,
        request,
        detail: Some(&detail),
    };
    audit::record(conn, &event).await?;
    Ok(removed)
}
