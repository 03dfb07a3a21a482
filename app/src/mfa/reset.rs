//! Removing an employee's authenticators (an agency admin's reset: the CLI
//! now, the admin console later). One transaction removes them, ends every
//! session (the next sign-in must enrol again), queues a notice to the
//! employee's registered address, and records the event.

use crate::audit::{self, Actor, AuditKind, AuditRecord, RequestInfo};
use crate::domain::Email;
use crate::mail::outbox::{self, Mail};
use crate::org::repo::EmployeeRow;
use crate::server::db::Db;
use crate::server::session;

/// The notice, Indonesian first. It names no device and no code.
pub fn notice(to: Email, name: &str, reason: Option<&str>) -> Mail {
    let (alasan, because) = match reason {
        Some(r) => (format!("Alasan: {r}\n"), format!("Reason: {r}\n")),
        None => (String::new(), String::new()),
    };
    let text = format!(
        "Yth. {name},\n\n\
         Autentikator (aplikasi kode sekali pakai) akun Portal ASN Anda telah direset oleh petugas BKPSDM. \
         Saat masuk berikutnya Anda akan diminta mendaftarkan autentikator baru.\n{alasan}\
         Jika Anda tidak meminta reset ini, segera hubungi BKPSDM instansi Anda.\n\n\
         ---\n\n\
         Dear {name},\n\n\
         The authenticator (one-time code app) of your ASN Portal account was reset by an HR officer (BKPSDM). \
         At your next sign-in you will be asked to set up a new one.\n{because}\
         If you did not ask for this, contact your agency's HR office (BKPSDM) at once.\n"
    );
    Mail::new(to, "Autentikator akun Portal ASN direset / Your ASN Portal authenticator was reset", text, None)
}

/// Removes every authenticator and the recovery codes (they belonged to the
/// removed set-up; enrolment makes new ones). Returns how many
/// authenticators went.
pub async fn remove_all(conn: &mut sqlx::AnyConnection, employee_id: i64) -> Result<u64, sqlx::Error> {
    let removed = sqlx::query("DELETE FROM authenticators WHERE employee_id = $1")
        .bind(employee_id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    sqlx::query("DELETE FROM recovery_codes WHERE employee_id = $1").bind(employee_id).execute(conn).await?;
    Ok(removed)
}

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
    let removed = remove_all(conn, employee.id).await?;
    session::revoke_all(conn, employee.id, now).await?;
    if let Ok(to) = Email::parse(&employee.email) {
        outbox::enqueue(conn, &notice(to, &employee.full_name, reason), now).await?;
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
