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
use crate::server::AppState;

use super::challenge;
use crate::domain::password::blocklist::is_common;
use crate::domain::password::{self, Holder};
use crate::server::hasher::HashError;
use crate::server::rate_limit;
use crate::server::session::{self, Stage};

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
/// that does not must be replaced before the portal opens (the `update_password`
/// step in ARCHITECTURE.md).
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
            crate::account::repo::rehash_password(&mut tx, employee.id, &fresh).await?;
        }
        let stored_must_change = cred.as_ref().is_some_and(|c| c.must_change);
        let must_change = stored_must_change || !meets_policy(state, password, nip.as_ref(), &employee.full_name);
        if must_change && !stored_must_change {
            // Remembered, so the step after the code still asks for it.
            crate::account::repo::require_password_change(&mut tx, employee.id, now).await?;
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
    crate::account::lockout::count_failure(
        &mut tx,
        counted,
        crate::account::lockout::Failed::Password,
        nip_str,
        now,
        settings,
        request,
    )
    .await?;
    challenge::note_failure(&mut tx, nip_text, now).await?;
    tx.commit().await?;
    Err(SignInError::InvalidCredentials)
}
