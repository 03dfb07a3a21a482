//! The reset wizard on the server: identify (NIP + captcha), e-mail, code.
//! It serves two purposes: a new password (also how an account without one
//! is activated), and removing a lost authenticator.
//!
//! Nothing in any answer depends on whether the NIP exists or the address
//! matched: both steps always move the flow on, do the same hashing and
//! the same writes, and only the mail (queued in the same transaction as
//! the code) differs. A code is 8 random digits, stored as a keyed hash,
//! valid for at most 10 minutes, single use, at most 5 tries, bound to its
//! flow; a new code for the same employee voids every earlier one.

use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use super::error::ResetError;
use super::model::{Purpose, ResetStep, ResetView};
use super::repo::{self, Flow};
use crate::account::lockout::Failed;
use crate::account::repo::{Subject, credential, store_password};
use crate::audit::{self, Actor, AuditKind, AuditRecord, RequestInfo};
use crate::domain::password::blocklist::is_common;
use crate::domain::password::{self, Holder, NewPassword};
use crate::domain::{Email, Nip, PersonName};
use crate::error::OrInternal;
use crate::i18n::Lang;
use crate::mail::outbox;
use crate::org::repo::{find_employee, find_employee_by_nip};
use crate::server::AppState;
use crate::server::captcha::{self, Challenge};
use crate::server::{rate_limit, session};

/// A flow lives this long from its start (seconds).
pub const FLOW_SECONDS: i64 = 30 * 60;
/// A captcha is valid this long (seconds).
pub const CAPTCHA_SECONDS: i64 = 5 * 60;
/// Wrong codes a flow may try before it must start again.
pub const CODE_ATTEMPTS: i64 = 5;
const RATE_WINDOW: i64 = 3600;
/// New flows a client address may start per hour, as a multiple of
/// `ASN_RESET_IP_LIMIT_PER_HOUR` (a page opened without its cookie).
pub const FLOW_STARTS_PER_STEP: i64 = 4;

fn digest(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

async fn load(conn: &mut AnyConnection, token: &str, now: i64) -> Result<Option<Flow>, ResetError> {
    let flow = repo::flow(conn, &digest(token)).await.or_internal()?;
    Ok(flow.filter(|f| f.expires_at > now))
}

fn captcha_answer_hash(flow_id: i64, answer: &str) -> String {
    digest(&format!("captcha:{flow_id}:{answer}"))
}

fn code_hash(key: &[u8; 32], flow_id: i64, code: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"asn-portal reset code v1\0");
    h.update(key);
    h.update(flow_id.to_be_bytes());
    h.update(code.as_bytes());
    hex::encode(h.finalize())
}

fn constant_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Eight random digits.
fn new_code() -> String {
    let n = loop {
        let v = OsRng.next_u32();
        // Below 4_200_000_000 every remainder is equally likely.
        if v < 4_200_000_000 {
            break v % 100_000_000;
        }
    };
    format!("{n:08}")
}

/// Deletes expired flows (called on each new flow: no worker needed).
async fn sweep(conn: &mut AnyConnection, now: i64) -> Result<(), ResetError> {
    Ok(repo::sweep(conn, now).await.or_internal()?)
}

/// Sets a fresh captcha on the flow and returns what the page shows.
async fn fresh_captcha(
    conn: &mut AnyConnection,
    state: &AppState,
    flow_id: i64,
    now: i64,
    lang: Lang,
) -> Result<Option<Challenge>, ResetError> {
    if !state.settings.reset.captcha {
        return Ok(None);
    }
    let challenge = captcha::generate(lang).ok_or(ResetError::Internal(crate::error::Logged))?;
    let (answer, alt) =
        (captcha_answer_hash(flow_id, &challenge.answer), captcha_answer_hash(flow_id, &challenge.alt_answer));
    repo::set_captcha(conn, flow_id, &answer, &alt, now + CAPTCHA_SECONDS).await.or_internal()?;
    Ok(Some(challenge))
}

/// What the wizard shows now. Starts a flow (returning its new token) when
/// the browser has none, or one for another purpose; a step-one view
/// always carries a new captcha (a reload is the refresh button).
pub async fn view(
    state: &AppState,
    token: Option<&str>,
    purpose: Purpose,
    lang: Lang,
    request: &RequestInfo,
) -> Result<(ResetView, Option<String>), ResetError> {
    let now = state.clock.now();
    let mut conn = state.db.pool().acquire().await.or_internal()?;
    let existing = match token {
        Some(t) => load(&mut conn, t, now).await?.filter(|f| f.purpose == purpose.as_str()),
        None => None,
    };
    let (flow_id, step, nip, email_hint, new_token) = match existing {
        Some(flow) => (flow.id, ResetStep::parse(&flow.step), flow.nip.unwrap_or_default(), flow.email_hint, None),
        None => {
            // A new flow writes a row and draws a captcha: it has a budget
            // per client address of its own (four times the steps').
            if let Some(ip) = &request.ip {
                let bucket = format!("reset_start_ip:{}", rate_limit::address_key(ip));
                let budget = state.settings.reset.ip_per_hour.saturating_mul(FLOW_STARTS_PER_STEP);
                if !rate_limit::hit(&mut conn, &bucket, now, RATE_WINDOW, budget).await.or_internal()? {
                    return Err(ResetError::TooManyRequests);
                }
            }
            sweep(&mut conn, now).await?;
            let token = session::new_token();
            let id = repo::start(&mut conn, &digest(&token), purpose.as_str(), now, now + FLOW_SECONDS)
                .await
                .or_internal()?;
            (id, ResetStep::Identify, String::new(), None, Some(token))
        }
    };
    let challenge =
        if step == ResetStep::Identify { fresh_captcha(&mut conn, state, flow_id, now, lang).await? } else { None };
    let view = ResetView {
        purpose,
        step,
        captcha_png: challenge.as_ref().map(|c| c.png_base64.clone()),
        captcha_question: challenge.map(|c| c.alt_question),
        code_minutes: state.settings.reset.code_ttl / 60,
        profile: state.settings.auth.policy,
        nip,
        email_hint,
    };
    Ok((view, new_token))
}

/// Counts one request of a step against the per-address and per-NIP limits.
async fn limit(
    conn: &mut AnyConnection,
    state: &AppState,
    request: &RequestInfo,
    nip: Option<&str>,
    now: i64,
) -> Result<(), ResetError> {
    let s = &state.settings.reset;
    if let Some(ip) = &request.ip
        && !rate_limit::hit(conn, &format!("reset_ip:{}", rate_limit::address_key(ip)), now, RATE_WINDOW, s.ip_per_hour)
            .await
            .or_internal()?
    {
        return Err(ResetError::TooManyRequests);
    }
    match nip {
        Some(nip) => limit_nip(conn, state, nip, now).await,
        None => Ok(()),
    }
}

async fn limit_nip(conn: &mut AnyConnection, state: &AppState, nip: &str, now: i64) -> Result<(), ResetError> {
    let limit = state.settings.reset.nip_per_hour;
    if !rate_limit::hit(conn, &format!("reset_nip:{nip}"), now, RATE_WINDOW, limit).await.or_internal()? {
        return Err(ResetError::TooManyRequests);
    }
    Ok(())
}

async fn flow_at(conn: &mut AnyConnection, token: Option<&str>, now: i64, step: ResetStep) -> Result<Flow, ResetError> {
    let flow = match token {
        Some(t) => load(conn, t, now).await?,
        None => None,
    };
    let flow = flow.ok_or(ResetError::Expired)?;
    if ResetStep::parse(&flow.step) != step {
        return Err(ResetError::Expired);
    }
    Ok(flow)
}

/// Step one: the NIP and the captcha. A wrong captcha is counted and
/// replaced; the NIP's existence changes nothing in the answer.
pub async fn identify(
    state: &AppState,
    token: Option<&str>,
    nip_typed: &str,
    answer: &str,
    request: &RequestInfo,
) -> Result<(), ResetError> {
    let now = state.clock.now();
    let mut conn = state.db.pool().acquire().await.or_internal()?;
    limit(&mut conn, state, request, None, now).await?;
    let nip = Nip::parse(nip_typed).map_err(|_| ResetError::Invalid(super::field::NIP))?;
    limit_nip(&mut conn, state, nip.as_str(), now).await?;
    let flow = flow_at(&mut conn, token, now, ResetStep::Identify).await?;
    if state.settings.reset.captcha {
        // Single use: whatever the answer, this captcha is spent.
        repo::spend_captcha(&mut conn, flow.id).await.or_internal()?;
        let typed = captcha_answer_hash(flow.id, answer.trim());
        let fresh = flow.captcha_expires_at.is_some_and(|t| t > now);
        let right = [&flow.captcha_hash, &flow.captcha_alt_hash]
            .iter()
            .any(|h| h.as_deref().is_some_and(|h| constant_eq(h, &typed)));
        if !(fresh && right) {
            repo::count_captcha_failure(&mut conn, flow.id).await.or_internal()?;
            return Err(ResetError::WrongCaptcha);
        }
    }
    let employee = find_employee_by_nip(&mut conn, nip.as_str()).await.or_internal()?;
    Ok(repo::identified(&mut conn, flow.id, nip.as_str(), employee.map(|e| e.id)).await.or_internal()?)
}

/// Step two: the registered e-mail address. When it belongs to the NIP, a
/// code is mailed; otherwise a code nobody knows is stored. Same work,
/// same answer.
pub async fn send_code(
    state: &AppState,
    token: Option<&str>,
    email_typed: &str,
    request: &RequestInfo,
) -> Result<(), ResetError> {
    let now = state.clock.now();
    let mut conn = state.db.pool().acquire().await.or_internal()?;
    let flow = flow_at(&mut conn, token, now, ResetStep::Email).await?;
    limit(&mut conn, state, request, flow.nip.as_deref(), now).await?;
    let email = Email::parse(email_typed).map_err(|_| ResetError::Invalid(super::field::EMAIL))?;
    let employee = match flow.employee_id {
        Some(id) => find_employee(&state.db, id).await.or_internal()?,
        None => None,
    };
    drop(conn);
    let matched = employee.filter(|e| Email::parse(&e.email).is_ok_and(|registered| registered == email));
    let code = new_code();
    let hash = code_hash(&state.mfa.recovery_key, flow.id, &code);
    let ttl = state.settings.reset.code_ttl;
    let purpose = Purpose::parse(&flow.purpose);
    let mut tx = state.db.begin().await.or_internal()?;
    if let Some(e) = &matched {
        // A new code voids every earlier one of this employee.
        repo::void_other_codes(&mut tx, e.id, flow.id).await.or_internal()?;
    }
    // The typed address, masked, whether or not it matched: the page then
    // reads the same either way, and when it matched it is the registered one.
    repo::code_sent(&mut tx, flow.id, &hash, now + ttl, &email.masked()).await.or_internal()?;
    if let Some(e) = &matched {
        let mail = super::mail::code_mail(email.clone(), &e.full_name, &code, ttl / 60, purpose);
        outbox::enqueue(&mut tx, &mail, now).await.or_internal()?;
    }
    let detail = if matched.is_some() { "address matched; code mailed" } else { "no match; nothing sent" };
    let event = AuditRecord {
        kind: AuditKind::ResetRequested,
        reason: Some(purpose.as_str()),
        employee_id: matched.as_ref().map(|e| e.id),
        nip: flow.nip.as_deref(),
        actor: Actor::System,
        request,
        detail: Some(detail),
    };
    audit::record(&mut tx, &event).await.or_internal()?;
    tx.commit().await.or_internal()?;
    Ok(())
}

/// Checks the code, counting the try. `Ok(employee_id)` when it is right.
async fn check_code(
    conn: &mut AnyConnection,
    state: &AppState,
    flow: &Flow,
    typed: &str,
    now: i64,
) -> Result<i64, ResetError> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if flow.code_attempts >= CODE_ATTEMPTS {
        return Err(ResetError::CodeSpent);
    }
    let live = flow.code_expires_at.is_some_and(|t| t > now);
    let hash = code_hash(&state.mfa.recovery_key, flow.id, &typed);
    let right = live && flow.code_hash.as_deref().is_some_and(|h| constant_eq(h, &hash));
    match (right, flow.employee_id) {
        (true, Some(id)) => Ok(id),
        _ => {
            repo::count_code_attempt(conn, flow.id).await.or_internal()?;
            Err(if !live && flow.code_hash.is_some() {
                ResetError::CodeExpired
            } else if flow.code_attempts + 1 >= CODE_ATTEMPTS {
                ResetError::CodeSpent
            } else {
                ResetError::WrongCode
            })
        }
    }
}

/// What step three carries besides the mailed code.
pub struct Finish<'a> {
    pub code: &'a str,
    /// The new password (password reset), or the current one (lost
    /// authenticator).
    pub password: &'a str,
    pub confirm: Option<&'a str>,
    /// A code from the authenticator, or a recovery code: a password reset
    /// needs it once the account has an authenticator, so that the mailbox
    /// alone is never a way in (the README's security model).
    pub second_factor: Option<&'a str>,
}

/// Step three: the code and the new password (or, for a lost
/// authenticator, the current password). Ends every session of the
/// account, records the event and tells the employee.
pub async fn finish(
    state: &AppState,
    token: Option<&str>,
    step: &Finish<'_>,
    request: &RequestInfo,
) -> Result<Purpose, ResetError> {
    let Finish { code, password, confirm, second_factor } = *step;
    let now = state.clock.now();
    let mut conn = state.db.pool().acquire().await.or_internal()?;
    let flow = flow_at(&mut conn, token, now, ResetStep::Code).await?;
    limit(&mut conn, state, request, flow.nip.as_deref(), now).await?;
    let purpose = Purpose::parse(&flow.purpose);
    // The password's rules first (cheap, and no try is spent on a typo).
    let new_hash = match purpose {
        Purpose::Password => {
            let holder_row = match flow.employee_id {
                Some(id) => find_employee(&state.db, id).await.or_internal()?,
                None => None,
            };
            let nip = flow.nip.as_deref().and_then(|n| Nip::parse(n).ok());
            let name = holder_row.as_ref().and_then(|e| PersonName::parse(&e.full_name).ok());
            let holder = Holder { nip: nip.as_ref(), name: name.as_ref() };
            let new = NewPassword::parse(state.settings.auth.policy, password, holder, |p| {
                is_common(p, nip.as_ref(), name.as_ref())
            })
            .map_err(|violations| ResetError::WeakPassword { violations })?;
            if password::normalize(confirm.unwrap_or_default()) != new.expose() {
                return Err(ResetError::PasswordMismatch);
            }
            Some(new)
        }
        Purpose::Authenticator => None,
    };
    let employee_id = check_code(&mut conn, state, &flow, code, now).await?;
    let employee = find_employee(&state.db, employee_id).await.or_internal()?.ok_or(ResetError::Expired)?;
    let hash = match &new_hash {
        Some(new) => Some(state.hasher.hash(new).await.map_err(hash_error)?),
        None => {
            // Proving the password is what keeps this from being a way
            // round the second factor for someone holding only the mailbox.
            let cred = credential(&mut conn, employee_id).await.or_internal()?;
            let usable = cred
                .as_ref()
                .filter(|c| !c.disabled && !c.locked_permanently && c.locked_until.is_none_or(|t| t <= now));
            let verified = state
                .hasher
                .verify(password, usable.and_then(|c| c.password_hash.as_deref()))
                .await
                .map_err(hash_error)?;
            if !verified.ok {
                if usable.is_some() {
                    failed_factor(state, None, employee_id, &employee.nip, now, request).await?;
                }
                return Err(ResetError::InvalidCredentials);
            }
            None
        }
    };
    drop(conn);
    let mut tx = state.db.begin().await.or_internal()?;
    // A password reset of an account with an authenticator also needs the
    // second factor, used up in this transaction: the mailbox and the NIP
    // alone open nothing. (A lost authenticator is the other purpose,
    // which needs the current password instead.)
    if purpose == Purpose::Password && crate::mfa::repo::has_confirmed(&mut tx, employee_id).await.or_internal()? {
        let typed = second_factor.unwrap_or_default().trim();
        if typed.is_empty() {
            // Not a guess: the field was left blank. No try is spent.
            return Err(ResetError::Invalid(super::field::SECOND_FACTOR));
        }
        let used = crate::mfa::service::use_factor(state, &mut tx, employee_id, typed, now).await?;
        if let Err(refusal) = used {
            drop(tx);
            failed_factor(state, Some(flow.id), employee_id, &employee.nip, now, request).await?;
            return Err(refusal.into());
        }
    }
    // The flow is spent: deleting it is what makes the code single-use,
    // and only one of two racing requests deletes it.
    if !repo::spend(&mut tx, flow.id).await.or_internal()? {
        return Err(ResetError::Expired);
    }
    let ended = session::revoke_all(&mut tx, employee_id, now).await.or_internal()?;
    let subject = Subject { employee_id, nip: &employee.nip };
    let detail = format!("by e-mailed code; {ended} session(s) ended");
    match hash {
        Some(hash) => {
            store_password(&mut tx, subject, &hash, false, now, Actor::Employee(employee_id), request, Some(&detail))
                .await
                .or_internal()?;
            // A reset is how a temporarily locked employee gets back in; a
            // permanent lock stays for the agency admin.
            crate::account::repo::clear_failures(&mut tx, employee_id, now).await.or_internal()?;
        }
        None => {
            crate::mfa::repo::remove_all(&mut tx, employee_id).await.or_internal()?;
        }
    }
    let event = AuditRecord {
        kind: match purpose {
            Purpose::Password => AuditKind::PasswordReset,
            Purpose::Authenticator => AuditKind::MfaSelfReset,
        },
        reason: None,
        employee_id: Some(employee_id),
        nip: Some(&employee.nip),
        actor: Actor::Employee(employee_id),
        request,
        detail: Some(&detail),
    };
    audit::record(&mut tx, &event).await.or_internal()?;
    if let Ok(to) = Email::parse(&employee.email) {
        outbox::enqueue(&mut tx, &super::mail::done_mail(to, &employee.full_name, purpose), now).await.or_internal()?;
    }
    tx.commit().await.or_internal()?;
    Ok(purpose)
}

/// A wrong password or second factor at step three: a failure toward the
/// account's lockout and, for a wrong second factor (`flow`), a try of the
/// mailed code.
async fn failed_factor(
    state: &AppState,
    flow: Option<i64>,
    employee_id: i64,
    nip: &str,
    now: i64,
    request: &RequestInfo,
) -> Result<(), ResetError> {
    let mut tx = state.db.begin().await.or_internal()?;
    if let Some(id) = flow {
        repo::count_code_attempt(&mut tx, id).await.or_internal()?;
    }
    // A wrong password (lost-authenticator path) is anyone's guess; a wrong
    // second factor comes from someone who holds the mailed code.
    let failed = if flow.is_some() { Failed::SecondFactor } else { Failed::Password };
    crate::account::lockout::count_failure(&mut tx, employee_id, failed, Some(nip), now, &state.settings.auth, request)
        .await
        .or_internal()?;
    Ok(tx.commit().await.or_internal()?)
}

fn hash_error(e: crate::server::hasher::HashError) -> ResetError {
    match e {
        crate::server::hasher::HashError::Busy => ResetError::TooManyRequests,
        other => ResetError::Internal(crate::error::Logged::log(other)),
    }
}

/// Forgets the browser's flow (start again).
pub async fn restart(state: &AppState, token: Option<&str>) -> Result<(), ResetError> {
    if let Some(t) = token {
        repo::forget(&mut *state.db.pool().acquire().await.or_internal()?, &digest(t)).await.or_internal()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_eight_digits_and_hashes_are_keyed_and_bound_to_the_flow() {
        let c = new_code();
        assert_eq!(c.len(), 8);
        assert!(c.bytes().all(|b| b.is_ascii_digit()));
        assert_ne!(new_code(), new_code());
        let k = [7u8; 32];
        assert_eq!(code_hash(&k, 1, "12345678"), code_hash(&k, 1, "12345678"));
        assert_ne!(code_hash(&k, 1, "12345678"), code_hash(&k, 2, "12345678"));
        assert_ne!(code_hash(&k, 1, "12345678"), code_hash(&[8u8; 32], 1, "12345678"));
    }
}
