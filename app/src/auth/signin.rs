//! Signing in with NIP and password.
//!
//! Every refusal (malformed or unknown NIP, no password yet, wrong password,
//! locked or disabled account) returns the same error after the same work:
//! exactly one Argon2 verification. Wrong passwords on an existing account
//! earn growing temporary locks, capped (15 minutes by default): someone who
//! knows only a NIP can slow an account down but never shut it. After
//! repeated failures for a NIP (known or not) its form also asks for a
//! captcha. Only wrong second factors, typed after the right password, lead
//! to a permanent lock that an agency admin lifts. While locked, even the
//! right password gets the same answer, so the lock is no oracle.

use crate::account::repo::credential;
use crate::audit::{self, Actor, AuditKind, AuditRecord, RequestInfo};
use crate::domain::Nip;
use crate::org::repo::find_employee_by_nip;
use crate::server::{AppState, AuthSettings};

use super::blocklist::is_common;
use super::challenge;
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
    /// This NIP has had too many wrong answers lately: the form must carry
    /// a solved captcha too.
    #[error("a captcha is required")]
    CaptchaRequired,
    /// The captcha was wrong or expired (a new one is shown).
    #[error("wrong captcha")]
    WrongCaptcha,
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

/// An employee id no row has (ids start at 1): what an unknown NIP's
/// statements look up, so they cost what a known NIP's do.
const NO_EMPLOYEE: i64 = -1;

/// Which factor a failure was wrong about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failed {
    /// A wrong password: anyone who knows a NIP can cause it.
    Password,
    /// A wrong authenticator or recovery code after the right password
    /// (or the mailed code): whoever types it holds a factor already.
    SecondFactor,
}

/// The lock a failure earns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    /// For this many seconds.
    Temporary(i64),
    /// Until an agency admin unlocks.
    Permanent,
}

/// The lock the account's `failures` (every factor) and `second_factor`
/// failures earn after a failure of kind `failed`, if any. Temporary locks
/// come every `lockout_threshold` failures, doubling from `lockout_base`
/// up to `lockout_max`; only second factors lock for good.
pub fn lock_for(failed: Failed, failures: i64, second_factor: i64, s: &AuthSettings) -> Option<Lock> {
    if failed == Failed::SecondFactor && second_factor >= s.lockout_permanent_after {
        return Some(Lock::Permanent);
    }
    if failures >= s.lockout_threshold && (failures - s.lockout_threshold) % s.lockout_threshold == 0 {
        let doublings = ((failures - s.lockout_threshold) / s.lockout_threshold).min(16) as u32;
        return Some(Lock::Temporary(s.lockout_base.saturating_mul(1 << doublings).min(s.lockout_max)));
    }
    None
}

/// A captcha as the form sent it: the challenge's token and the answer.
#[derive(Debug, Clone, Copy)]
pub struct CaptchaAnswer<'a> {
    pub token: &'a str,
    pub answer: &'a str,
}

#[tracing::instrument(skip_all)]
pub async fn sign_in(
    state: &AppState,
    nip_text: &str,
    password: &str,
    captcha: Option<CaptchaAnswer<'_>>,
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
    // Checked before any password work: repeated wrong answers for this NIP
    // (known or not) make the form carry a solved captcha.
    if state.settings.reset.captcha && challenge::required(&mut conn, nip_text, now, settings.captcha_after).await? {
        let Some(c) = captcha.filter(|c| !c.token.is_empty() && !c.answer.trim().is_empty()) else {
            return Err(SignInError::CaptchaRequired);
        };
        if !challenge::solve(&mut conn, c.token, c.answer, now).await? {
            return Err(SignInError::WrongCaptcha);
        }
    }
    let nip = Nip::parse(nip_text).ok();
    // Every NIP, known or not, costs the same statements: an unknown one
    // reads (and below, updates) the rows of an employee that cannot exist,
    // so neither the time nor the database's work tells which NIPs exist.
    let employee = find_employee_by_nip(&mut conn, nip.as_ref().map_or("", Nip::as_str)).await?;
    let probe = employee.as_ref().map_or(NO_EMPLOYEE, |e| e.id);
    let cred = credential(&mut conn, probe).await?;
    // Read here, not in the transaction below, which holds SQLite's write
    // lock from its start (`Db::begin`): the lock is held no longer than the
    // writes need, so concurrent sign-ins wait less for it.
    let has_authenticator = crate::mfa::repo::has_confirmed(&mut conn, probe).await?;
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
    // Only a wrong password counts; every other refusal runs the same
    // statement on no row (see above).
    let counted = match (employee_id, reason) {
        (Some(id), "wrong_password") => id,
        _ => NO_EMPLOYEE,
    };
    count_failure(&mut tx, counted, Failed::Password, nip_str, now, settings, request).await?;
    challenge::note_failure(&mut tx, nip_text, now).await?;
    tx.commit().await?;
    Err(SignInError::InvalidCredentials)
}

/// Counts a failed factor (a wrong password, a wrong code) toward the
/// account's lockout, in the caller's transaction. Returns whether this
/// failure locked the account.
pub async fn count_failure(
    conn: &mut sqlx::AnyConnection,
    employee_id: i64,
    failed: Failed,
    nip: Option<&str>,
    now: i64,
    settings: &AuthSettings,
    request: &RequestInfo,
) -> Result<bool, sqlx::Error> {
    let counted: Option<(i64, i64)> = sqlx::query_as(
        "UPDATE credentials SET failed_count = failed_count + 1, second_factor_failures = second_factor_failures + $1, \
         updated_at = $2 WHERE employee_id = $3 RETURNING failed_count, second_factor_failures",
    )
    .bind(i64::from(failed == Failed::SecondFactor))
    .bind(now)
    .bind(employee_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((failures, second_factor)) = counted else { return Ok(false) };
    let Some(lock) = lock_for(failed, failures, second_factor, settings) else { return Ok(false) };
    let (until, permanent) = match lock {
        Lock::Temporary(seconds) => (Some(now + seconds), 0i64),
        Lock::Permanent => (None, 1i64),
    };
    sqlx::query("UPDATE credentials SET locked_until = $1, locked_permanently = $2 WHERE employee_id = $3")
        .bind(until)
        .bind(permanent)
        .bind(employee_id)
        .execute(&mut *conn)
        .await?;
    let detail = match lock {
        Lock::Temporary(seconds) => format!("temporary lock for {seconds} s after {failures} failures"),
        Lock::Permanent => format!("permanent lock after {second_factor} wrong second factors"),
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
    fn wrong_passwords_lock_for_at_most_fifteen_minutes_and_never_for_good() {
        let s = AuthSettings::default();
        let locks: Vec<_> = (1..=1000).map(|n| lock_for(Failed::Password, n, 0, &s)).collect();
        assert_eq!(locks[3], None);
        assert_eq!(locks[4], Some(Lock::Temporary(300)));
        assert_eq!(locks[5], None);
        assert_eq!(locks[9], Some(Lock::Temporary(600)));
        assert_eq!(locks[14], Some(Lock::Temporary(900)), "capped at 15 minutes");
        assert_eq!(locks[19], Some(Lock::Temporary(900)));
        assert!(locks.iter().all(|l| *l != Some(Lock::Permanent)));
        // Earlier wrong codes do not make a later wrong password permanent.
        assert_eq!(lock_for(Failed::Password, 40, 25, &s), Some(Lock::Temporary(900)));
    }

    #[test]
    fn wrong_second_factors_after_the_password_lock_for_good_at_the_limit() {
        let s = AuthSettings::default();
        assert_eq!(lock_for(Failed::SecondFactor, 19, 19, &s), None);
        assert_eq!(lock_for(Failed::SecondFactor, 20, 20, &s), Some(Lock::Permanent));
        assert_eq!(lock_for(Failed::SecondFactor, 5, 5, &s), Some(Lock::Temporary(300)));
    }
}
