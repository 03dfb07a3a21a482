//! Signing in with NIP and password.
//!
//! Every refusal (malformed or unknown NIP, no password yet, wrong password,
//! locked or disabled account) returns the same error after the same work:
//! exactly one Argon2 verification. Failures on an existing account count
//! toward growing temporary locks and, at the configured limit, a permanent
//! lock only an agency admin can lift. While locked, even the right password
//! gets the same answer, so the lock is no oracle.

use crate::account::repo::credential;
use crate::audit::{self, Actor, AuditKind, AuditRecord, RequestInfo};
use crate::domain::Nip;
use crate::org::repo::find_employee_by_nip;
use crate::server::{AppState, AuthSettings};

use super::blocklist::is_common;
use super::hasher::HashError;
use super::password::{self, Holder};
use super::rate_limit;
use super::session::{self, Stage};
pub use crate::ui::url::safe_next;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignInError {
    #[error("NIP or password is wrong, or the account is locked")]
    InvalidCredentials,
    #[error("too many sign-in attempts from this address")]
    TooManyAttempts,
    #[error("the server is busy")]
    Busy,
    #[error("internal error")]
    Internal,
}

impl From<sqlx::Error> for SignInError {
    fn from(e: sqlx::Error) -> Self {
        tracing::error!(error = %e, "sign-in: database error");
        SignInError::Internal
    }
}

impl From<HashError> for SignInError {
    fn from(e: HashError) -> Self {
        match e {
            HashError::Busy => SignInError::Busy,
            _ => SignInError::Internal,
        }
    }
}

#[derive(Debug)]
pub struct SignedIn {
    pub token: String,
    pub employee_id: i64,
    /// The second factor comes next: `VerifyTotp`, or `EnrollTotp` for an
    /// account without an authenticator.
    pub stage: Stage,
}

/// Whether a password that just verified still meets today's policy; one
/// that does not must be replaced before the portal opens (DOMAIN.md).
fn meets_policy(state: &AppState, typed: &str, nip: Option<&Nip>, full_name: &str) -> bool {
    let name = crate::domain::PersonName::parse(full_name).ok();
    let holder = Holder { nip, name: name.as_ref() };
    let normalized = password::normalize(typed);
    password::violations(state.settings.auth.policy, typed, holder).is_empty()
        && !is_common(&normalized, nip, name.as_ref())
}

/// The lock a failure count earns: `Some(None)` permanent, `Some(Some(s))`
/// temporary for `s` seconds, `None` none.
pub fn lock_for(failures: i64, s: &AuthSettings) -> Option<Option<i64>> {
    if failures >= s.lockout_permanent_after {
        return Some(None);
    }
    if failures >= s.lockout_threshold && (failures - s.lockout_threshold) % s.lockout_threshold == 0 {
        let doublings = ((failures - s.lockout_threshold) / s.lockout_threshold).min(16) as u32;
        return Some(Some(s.lockout_base.saturating_mul(1 << doublings)));
    }
    None
}

#[tracing::instrument(skip_all)]
pub async fn sign_in(
    state: &AppState,
    nip_text: &str,
    password: &str,
    request: &RequestInfo,
) -> Result<SignedIn, SignInError> {
    let settings = &state.settings.auth;
    let now = state.clock.now();
    let mut conn = state.db.pool().acquire().await?;
    if let Some(ip) = &request.ip {
        let bucket = format!("sign_in_ip:{}", rate_limit::address_key(ip));
        if !rate_limit::hit(&mut conn, &bucket, now, 60, settings.ip_attempts_per_minute).await? {
            return Err(SignInError::TooManyAttempts);
        }
    }
    let nip = Nip::parse(nip_text).ok();
    let employee = match &nip {
        Some(n) => find_employee_by_nip(&mut conn, n.as_str()).await?,
        None => None,
    };
    let cred = match &employee {
        Some(e) => credential(&mut conn, e.id).await?,
        None => None,
    };
    // Read here, not in the transaction below, which holds SQLite's write
    // lock from its start (`Db::begin`): the lock is held no longer than the
    // writes need, so concurrent sign-ins wait less for it.
    let has_authenticator = match &employee {
        Some(e) => crate::mfa::repo::has_confirmed(&mut conn, e.id).await?,
        None => false,
    };
    drop(conn);
    let locked = cred.as_ref().is_some_and(|c| c.locked_permanently || c.locked_until.is_some_and(|t| t > now));
    let disabled = cred.as_ref().is_some_and(|c| c.disabled);
    let usable_hash = cred.as_ref().filter(|_| !locked && !disabled).and_then(|c| c.password_hash.clone());
    // Exactly one Argon2 run on every path.
    let verified = state.hasher.verify(password, usable_hash.as_deref()).await?;

    let mut tx = state.db.begin().await?;
    let nip_str = nip.as_ref().map(Nip::as_str);
    if let (true, Some(employee)) = (verified.ok, &employee) {
        // The failure count is not reset here: only a completed second
        // factor does that, or re-entering a known password would give a
        // code guesser endless attempts.
        if verified.needs_rehash {
            let fresh = state.hasher.rehash(password).await?;
            sqlx::query("UPDATE credentials SET password_hash = $1 WHERE employee_id = $2")
                .bind(fresh)
                .bind(employee.id)
                .execute(&mut *tx)
                .await?;
        }
        let stored_must_change = cred.as_ref().is_some_and(|c| c.must_change);
        let must_change = stored_must_change || !meets_policy(state, password, nip.as_ref(), &employee.full_name);
        if must_change && !stored_must_change {
            // Remembered, so the step after the code still asks for it.
            sqlx::query("UPDATE credentials SET must_change = 1, updated_at = $1 WHERE employee_id = $2")
                .bind(now)
                .bind(employee.id)
                .execute(&mut *tx)
                .await?;
        }
        let stage = if has_authenticator { Stage::VerifyTotp } else { Stage::EnrollTotp };
        let token = session::create(&mut tx, employee.id, now, settings, request, stage).await?;
        let event = AuditRecord {
            kind: AuditKind::SignInSucceeded,
            reason: None,
            employee_id: Some(employee.id),
            nip: nip_str,
            actor: Actor::Employee(employee.id),
            request,
            detail: Some(match (has_authenticator, must_change) {
                (true, false) => "password verified; code next",
                (true, true) => "password verified; code next, then a new password",
                (false, false) => "password verified; authenticator set-up next",
                (false, true) => "password verified; authenticator set-up next, then a new password",
            }),
        };
        audit::record(&mut tx, &event).await?;
        tx.commit().await?;
        return Ok(SignedIn { token, employee_id: employee.id, stage });
    }

    let reason = match (&nip, &employee, &cred) {
        (None, _, _) => "malformed_nip",
        (_, None, _) => "unknown_nip",
        _ if disabled => "disabled",
        _ if locked => "locked",
        (_, _, Some(c)) if c.password_hash.is_some() => "wrong_password",
        _ => "no_password",
    };
    let employee_id = employee.as_ref().map(|e| e.id);
    let failed = AuditRecord {
        kind: AuditKind::SignInFailed,
        reason: Some(reason),
        employee_id,
        nip: nip_str,
        actor: Actor::System,
        request,
        detail: None,
    };
    audit::record(&mut tx, &failed).await?;
    if let (Some(id), "wrong_password") = (employee_id, reason) {
        count_failure(&mut tx, id, nip_str, now, settings, request).await?;
    }
    tx.commit().await?;
    Err(SignInError::InvalidCredentials)
}

/// Counts a failed factor (a wrong password, a wrong code) toward the
/// account's lockout, in the caller's transaction. Returns whether this
/// failure locked the account.
pub async fn count_failure(
    conn: &mut sqlx::AnyConnection,
    employee_id: i64,
    nip: Option<&str>,
    now: i64,
    settings: &AuthSettings,
    request: &RequestInfo,
) -> Result<bool, sqlx::Error> {
    let (failures,): (i64,) = sqlx::query_as(
        "UPDATE credentials SET failed_count = failed_count + 1, updated_at = $1 WHERE employee_id = $2 \
         RETURNING failed_count",
    )
    .bind(now)
    .bind(employee_id)
    .fetch_one(&mut *conn)
    .await?;
    let Some(lock) = lock_for(failures, settings) else { return Ok(false) };
    let (until, permanent) = match lock {
        Some(seconds) => (Some(now + seconds), 0i64),
        None => (None, 1i64),
    };
    sqlx::query("UPDATE credentials SET locked_until = $1, locked_permanently = $2 WHERE employee_id = $3")
        .bind(until)
        .bind(permanent)
        .bind(employee_id)
        .execute(&mut *conn)
        .await?;
    let detail = match lock {
        Some(seconds) => format!("temporary lock for {seconds} s after {failures} failures"),
        None => format!("permanent lock after {failures} failures"),
    };
    let event = AuditRecord {
        kind: AuditKind::LockedOut,
        reason: None,
        employee_id: Some(employee_id),
        nip,
        actor: Actor::System,
        request,
        detail: Some(&detail),
    };
    audit::record(conn, &event).await?;
    Ok(true)
}

/// Ends the session the token names, if any; audited.
pub async fn sign_out(state: &AppState, token: &str, request: &RequestInfo) -> Result<(), SignInError> {
    let mut tx = state.db.begin().await?;
    if let Some(employee_id) = session::revoke(&mut tx, token, state.clock.now()).await? {
        let event = AuditRecord {
            kind: AuditKind::SignedOut,
            reason: None,
            employee_id: Some(employee_id),
            nip: None,
            actor: Actor::Employee(employee_id),
            request,
            detail: None,
        };
        audit::record(&mut tx, &event).await?;
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_grow_then_become_permanent() {
        let s = AuthSettings::default();
        let locks: Vec<_> = (1..=20).map(|n| lock_for(n, &s)).collect();
        assert_eq!(locks[3], None);
        assert_eq!(locks[4], Some(Some(300)));
        assert_eq!(locks[5], None);
        assert_eq!(locks[9], Some(Some(600)));
        assert_eq!(locks[14], Some(Some(1200)));
        assert_eq!(locks[19], Some(None));
    }
}
