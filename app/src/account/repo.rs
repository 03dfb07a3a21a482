pub mod email_changes;

use sqlx::AnyConnection;

use crate::audit::{self, Actor, AuditKind, AuditRecord, RequestInfo};
use crate::server::db::Db;
use crate::server::time::now_unix;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialRow {
    pub employee_id: i64,
    pub password_hash: Option<String>,
    pub must_change: bool,
    pub disabled: bool,
    pub failed_count: i64,
    pub locked_until: Option<i64>,
    pub locked_permanently: bool,
}

/// The row as stored: flags are BIGINT 0/1 on both engines.
#[derive(sqlx::FromRow)]
struct StoredCredential {
    employee_id: i64,
    password_hash: Option<String>,
    must_change: i64,
    disabled: i64,
    failed_count: i64,
    locked_until: Option<i64>,
    locked_permanently: i64,
}

impl CredentialRow {
    /// Refuses every sign-in now: disabled, or locked.
    pub fn closed(&self, now: i64) -> bool {
        self.disabled || self.locked_permanently || self.locked_until.is_some_and(|t| t > now)
    }

    /// Locked now, or with failures counted toward a lock.
    pub fn needs_unlock(&self, now: i64) -> bool {
        self.locked_permanently || self.locked_until.is_some_and(|t| t > now) || self.failed_count > 0
    }
}

impl From<StoredCredential> for CredentialRow {
    fn from(s: StoredCredential) -> Self {
        Self {
            employee_id: s.employee_id,
            password_hash: s.password_hash,
            must_change: s.must_change != 0,
            disabled: s.disabled != 0,
            failed_count: s.failed_count,
            locked_until: s.locked_until,
            locked_permanently: s.locked_permanently != 0,
        }
    }
}

pub async fn credential(conn: &mut AnyConnection, employee_id: i64) -> Result<Option<CredentialRow>, sqlx::Error> {
    let row: Option<StoredCredential> = sqlx::query_as(
        "SELECT employee_id, password_hash, must_change, disabled, failed_count, locked_until, locked_permanently \
         FROM credentials WHERE employee_id = $1",
    )
    .bind(employee_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(CredentialRow::from))
}

/// Makes sure the employee has a credential row (no password yet).
/// Counts one more failed factor (and one more wrong second factor when
/// `second_factor`); the counts after it, or `None` without a credential.
pub async fn count_failure(
    conn: &mut AnyConnection,
    employee_id: i64,
    second_factor: bool,
    now: i64,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "UPDATE credentials SET failed_count = failed_count + 1, second_factor_failures = second_factor_failures + $1, \
         updated_at = $2 WHERE employee_id = $3 RETURNING failed_count, second_factor_failures",
    )
    .bind(i64::from(second_factor))
    .bind(now)
    .bind(employee_id)
    .fetch_optional(conn)
    .await
}

/// A completed second factor clears the failure counts and any expired lock.
pub async fn clear_failures(conn: &mut AnyConnection, employee_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE credentials SET failed_count = 0, second_factor_failures = 0, locked_until = NULL, updated_at = $1 \
         WHERE employee_id = $2",
    )
    .bind(now)
    .bind(employee_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Locks the account until `until`, or for good.
pub async fn lock(
    conn: &mut AnyConnection,
    employee_id: i64,
    until: Option<i64>,
    permanently: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE credentials SET locked_until = $1, locked_permanently = $2 WHERE employee_id = $3")
        .bind(until)
        .bind(i64::from(permanently))
        .bind(employee_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Stores a fresh hash of the same password (stronger parameters).
pub async fn rehash_password(conn: &mut AnyConnection, employee_id: i64, hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE credentials SET password_hash = $1 WHERE employee_id = $2")
        .bind(hash)
        .bind(employee_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Remembers that the password must change at the next step.
pub async fn require_password_change(conn: &mut AnyConnection, employee_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE credentials SET must_change = 1, updated_at = $1 WHERE employee_id = $2")
        .bind(now)
        .bind(employee_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn ensure_row(conn: &mut AnyConnection, employee_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO credentials (employee_id, updated_at) VALUES ($1, $2) ON CONFLICT (employee_id) DO NOTHING",
    )
    .bind(employee_id)
    .bind(now_unix())
    .execute(conn)
    .await?;
    Ok(())
}

/// Who the change is about, for the audit trail.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub employee_id: i64,
    pub nip: &'a str,
}

/// Appends the audit event of an operator action on `subject`, with the
/// reason the admin gave (none from the command line).
pub async fn record(
    conn: &mut AnyConnection,
    kind: AuditKind,
    subject: Subject<'_>,
    actor: Actor,
    request: &RequestInfo,
    detail: Option<&str>,
) -> Result<(), sqlx::Error> {
    record_with_reason(conn, kind, subject, actor, request, None, detail).await
}

pub async fn record_with_reason(
    conn: &mut AnyConnection,
    kind: AuditKind,
    subject: Subject<'_>,
    actor: Actor,
    request: &RequestInfo,
    reason: Option<&str>,
    detail: Option<&str>,
) -> Result<(), sqlx::Error> {
    let event = AuditRecord {
        kind,
        reason,
        employee_id: Some(subject.employee_id),
        nip: Some(subject.nip),
        actor,
        request,
        detail,
    };
    audit::record(conn, &event).await
}

/// Stores a new password hash. `must_change` forces a change at the next
/// sign-in (set by operators, who must not know a user's password).
pub async fn set_password(
    db: &Db,
    subject: Subject<'_>,
    hash: &str,
    must_change: bool,
    actor: Actor,
    request: &RequestInfo,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    let detail = must_change.then_some("must change at next sign-in");
    store_password(&mut tx, subject, hash, must_change, now_unix(), actor, request, detail).await?;
    tx.commit().await
}

/// The write behind every password change, inside the caller's
/// transaction: the hash, the must-change flag, the time, and the audit
/// event (`password_changed` when the holder acted, else `password_set`).
#[allow(clippy::too_many_arguments)]
pub async fn store_password(
    conn: &mut AnyConnection,
    subject: Subject<'_>,
    hash: &str,
    must_change: bool,
    now: i64,
    actor: Actor,
    request: &RequestInfo,
    detail: Option<&str>,
) -> Result<(), sqlx::Error> {
    ensure_row(conn, subject.employee_id).await?;
    sqlx::query(
        "UPDATE credentials SET password_hash = $1, must_change = $2, password_changed_at = $3, updated_at = $3 \
         WHERE employee_id = $4",
    )
    .bind(hash)
    .bind(i64::from(must_change))
    .bind(now)
    .bind(subject.employee_id)
    .execute(&mut *conn)
    .await?;
    let kind = if matches!(actor, Actor::Employee(id) if id == subject.employee_id) {
        AuditKind::PasswordChanged
    } else {
        AuditKind::PasswordSet
    };
    record(conn, kind, subject, actor, request, detail).await
}

/// Lifts every lock, temporary or permanent, and resets the failure count.
/// Returns whether the account was locked at all.
pub async fn unlock(db: &Db, subject: Subject<'_>, actor: Actor, request: &RequestInfo) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let was_locked = unlock_in(&mut tx, subject, actor, request, None, now_unix()).await?;
    tx.commit().await?;
    Ok(was_locked)
}

/// [`unlock`] inside the caller's transaction, with the admin's reason.
pub async fn unlock_in(
    conn: &mut AnyConnection,
    subject: Subject<'_>,
    actor: Actor,
    request: &RequestInfo,
    reason: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    ensure_row(conn, subject.employee_id).await?;
    let was_locked = credential(conn, subject.employee_id).await?.is_some_and(|c| c.needs_unlock(now));
    sqlx::query(
        "UPDATE credentials SET failed_count = 0, second_factor_failures = 0, locked_until = NULL, \
         locked_permanently = 0, updated_at = $1 WHERE employee_id = $2",
    )
    .bind(now)
    .bind(subject.employee_id)
    .execute(&mut *conn)
    .await?;
    record_with_reason(conn, AuditKind::Unlocked, subject, actor, request, reason, None).await?;
    Ok(was_locked)
}

/// Disables or re-enables sign-in for the account; disabling ends every
/// session it has.
pub async fn set_disabled(
    db: &Db,
    subject: Subject<'_>,
    disabled: bool,
    actor: Actor,
    request: &RequestInfo,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    set_disabled_in(&mut tx, subject, disabled, actor, request, None, now_unix()).await?;
    tx.commit().await
}

/// [`set_disabled`] inside the caller's transaction, with the admin's reason.
pub async fn set_disabled_in(
    conn: &mut AnyConnection,
    subject: Subject<'_>,
    disabled: bool,
    actor: Actor,
    request: &RequestInfo,
    reason: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    ensure_row(conn, subject.employee_id).await?;
    sqlx::query("UPDATE credentials SET disabled = $1, updated_at = $2 WHERE employee_id = $3")
        .bind(i64::from(disabled))
        .bind(now)
        .bind(subject.employee_id)
        .execute(&mut *conn)
        .await?;
    let ended = if disabled { crate::server::session::revoke_all(conn, subject.employee_id, now).await? } else { 0 };
    let kind = if disabled { AuditKind::AccountDisabled } else { AuditKind::AccountEnabled };
    let detail = disabled.then(|| format!("ended {ended} session(s)"));
    record_with_reason(conn, kind, subject, actor, request, reason, detail.as_deref()).await
}

/// Requires a new password at the next sign-in, and ends every session so
/// the requirement applies at once.
pub async fn force_password_change_in(
    conn: &mut AnyConnection,
    subject: Subject<'_>,
    actor: Actor,
    request: &RequestInfo,
    reason: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    ensure_row(conn, subject.employee_id).await?;
    sqlx::query("UPDATE credentials SET must_change = 1, updated_at = $1 WHERE employee_id = $2")
        .bind(now)
        .bind(subject.employee_id)
        .execute(&mut *conn)
        .await?;
    let ended = crate::server::session::revoke_all(conn, subject.employee_id, now).await?;
    let detail = format!("ended {ended} session(s)");
    record_with_reason(conn, AuditKind::PasswordChangeForced, subject, actor, request, reason, Some(&detail)).await
}
