//! The second factor as the portal runs it: enrolment (forced after the
//! first password sign-in, or adding another device), the code step at
//! every sign-in, recovery codes, and removing a device. Every change and
//! its audit event commit together; every code is accepted by one
//! conditional UPDATE, so it works once across app instances.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use sqlx::AnyConnection;

use super::device_name::DeviceName;
use super::error::MfaError;
use super::model::{DeviceView, EnrolmentView, SecurityView};
use super::totp::{self, Check, TotpSecret};
use super::{recovery, repo};
use crate::account::lockout::{Failed, count_failure};
use crate::account::repo::credential;
use crate::audit::{self, Actor, AuditKind, AuditRecord, RequestInfo};
use crate::domain::date::format_timestamp;
use crate::error::OrInternal;
use crate::notify::kind::NotificationKind;
use crate::org::repo::{EmployeeRow, find_employee};
use crate::server::AppState;
use crate::server::session::{self, Current, Stage};

/// How long an "add a device" enrolment stays open after the password and
/// code that opened it (seconds).
pub const ADD_WINDOW_SECONDS: i64 = 15 * 60;
/// Offset of the times shown (WIB, UTC+7).
const DISPLAY_OFFSET_HOURS: i64 = 7;

/// Seeds are sealed for their employee: a sealed value copied onto another
/// employee's row does not open.
fn seed_owner(employee_id: i64) -> String {
    format!("totp:{employee_id}")
}

fn reveal_owner(employee_id: i64) -> String {
    format!("recovery-reveal:{employee_id}")
}

async fn employee(state: &AppState, id: i64) -> Result<EmployeeRow, MfaError> {
    find_employee(&state.db, id).await.or_internal()?.ok_or(MfaError::Unauthorized)
}

fn open_seed(state: &AppState, employee_id: i64, sealed: &str) -> Result<TotpSecret, MfaError> {
    let bytes = state.mfa.keyring.open(sealed, &seed_owner(employee_id)).or_internal()?;
    Ok(TotpSecret::from_bytes(bytes.to_vec()))
}

/// The QR code as SVG: plain attributes (no inline style, which the CSP
/// forbids), crisp edges, scaled by CSS.
pub fn qr_svg(uri: &str) -> Result<String, MfaError> {
    let code = QrCode::with_error_correction_level(uri.as_bytes(), EcLevel::M).or_internal()?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(240, 240)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .quiet_zone(true)
        .build())
}

/// The enrolment page: the pending seed as QR code and text. At the
/// `enroll_totp` step a seed is made on first view and kept across reloads
/// (the user may already have scanned it); when adding a device, only the
/// enrolment the password and code opened is shown.
pub async fn enrolment(state: &AppState, current: &Current) -> Result<EnrolmentView, MfaError> {
    let now = state.clock.now();
    let mut conn = state.db.pool().acquire().await.or_internal()?;
    let pending = repo::pending(&mut conn, current.employee_id).await.or_internal()?;
    let adding = match current.stage {
        Stage::EnrollTotp => false,
        Stage::SignedIn => true,
        other => return Err(MfaError::StepOwed(other)),
    };
    drop(conn);
    let sealed = match pending {
        Some(row) if !adding || now - row.created_at < ADD_WINDOW_SECONDS => row.secret_sealed,
        _ if adding => return Err(MfaError::NotFound),
        _ => first_seed(state, current.employee_id, now).await?,
    };
    let secret = open_seed(state, current.employee_id, &sealed)?;
    let who = employee(state, current.employee_id).await?;
    let uri = totp::otpauth_uri(&secret, &state.mfa.issuer, &who.nip);
    Ok(EnrolmentView {
        qr_svg: qr_svg(&uri)?,
        otpauth_uri: uri,
        secret_grouped: secret.grouped(),
        issuer: state.mfa.issuer.clone(),
        account: who.nip,
        adding,
    })
}

/// The seed of a first enrolment, made once: two views of the page at the
/// same moment (a page still loading its data when the browser is sent to
/// it again) must not each make one, or the page shows a seed the server
/// has already replaced and the first code is refused. The employee's row
/// lock lines the views up; the second finds the first one's seed.
async fn first_seed(state: &AppState, employee_id: i64, now: i64) -> Result<String, MfaError> {
    let mut tx = state.db.begin().await.or_internal()?;
    repo::lock_employee(&mut tx, employee_id, now).await.or_internal()?;
    let sealed = match repo::pending(&mut tx, employee_id).await.or_internal()? {
        Some(row) => row.secret_sealed,
        None => {
            let sealed = state.mfa.keyring.seal(TotpSecret::generate().expose(), &seed_owner(employee_id));
            repo::start_enrolment(&mut tx, employee_id, &sealed, now).await.or_internal()?;
            sealed
        }
    };
    tx.commit().await.or_internal()?;
    Ok(sealed)
}

/// Where a session goes once both factors are proven.
async fn after_second_factor(conn: &mut AnyConnection, employee_id: i64) -> Result<Stage, MfaError> {
    let must_change = credential(conn, employee_id).await.or_internal()?.is_some_and(|c| c.must_change);
    Ok(if must_change { Stage::UpdatePassword } else { Stage::SignedIn })
}

/// A completed second factor clears the failure count and any expired lock.
pub(super) async fn reset_failures(conn: &mut AnyConnection, employee_id: i64, now: i64) -> Result<(), MfaError> {
    Ok(crate::account::repo::clear_failures(conn, employee_id, now).await.or_internal()?)
}

/// What a completed step hands back: the rotated session token (when the
/// session moved on) and the stage it reached.
#[derive(Debug)]
pub struct Proceed {
    pub token: Option<String>,
    pub stage: Stage,
    /// Fresh recovery codes wait to be shown.
    pub show_recovery: bool,
}

pub(super) fn record<'a>(
    kind: AuditKind,
    employee_id: i64,
    request: &'a RequestInfo,
    reason: Option<&'a str>,
    detail: Option<&'a str>,
) -> AuditRecord<'a> {
    AuditRecord {
        kind,
        reason,
        employee_id: Some(employee_id),
        nip: None,
        actor: Actor::Employee(employee_id),
        request,
        detail,
    }
}

/// Confirms the pending enrolment with its first code. At the forced step
/// the code is also the second factor: the session moves on, and the first
/// set of recovery codes is made and kept for showing once.
pub async fn confirm_enrolment(
    state: &AppState,
    current: &Current,
    code: &str,
    device_name: &str,
    request: &RequestInfo,
) -> Result<Proceed, MfaError> {
    let now = state.clock.now();
    let adding = match current.stage {
        Stage::EnrollTotp => false,
        Stage::SignedIn => true,
        other => return Err(MfaError::StepOwed(other)),
    };
    let name = DeviceName::parse(device_name).map_err(|_| MfaError::DeviceNameInvalid)?;
    let id = current.employee_id;
    let mut conn = state.db.pool().acquire().await.or_internal()?;
    let pending = repo::pending(&mut conn, id).await.or_internal()?;
    drop(conn);
    let pending = pending.filter(|p| !adding || now - p.created_at < ADD_WINDOW_SECONDS).ok_or(MfaError::NotFound)?;
    let secret = open_seed(state, id, &pending.secret_sealed)?;
    let step = match totp::check(&secret, code, now, None) {
        Check::Accepted { step } => step,
        Check::ClockOff { seconds } => return Err(MfaError::ClockOff { seconds }),
        Check::Replayed | Check::Wrong => return Err(MfaError::WrongCode),
    };
    let mut tx = state.db.begin().await.or_internal()?;
    if !repo::accept_step(&mut tx, pending.id, id, step, now, Some(name.as_str())).await.or_internal()? {
        return Err(MfaError::Conflict);
    }
    let detail = if adding { "additional authenticator" } else { "first authenticator; second factor proven" };
    audit::record(&mut tx, &record(AuditKind::MfaEnrolled, id, request, None, Some(detail))).await.or_internal()?;
    let who = employee(state, id).await?;
    if let Ok(to) = crate::domain::Email::parse(&who.email) {
        let mail = super::mail::device_added(to, &who.full_name, name.as_str());
        crate::mail::outbox::enqueue(&mut tx, &mail, now).await.or_internal()?;
    }
    if adding {
        crate::notify::repo::push(&mut tx, id, NotificationKind::DeviceAdded, Some(name.as_str()), None, now)
            .await
            .or_internal()?;
        tx.commit().await.or_internal()?;
        return Ok(Proceed { token: None, stage: Stage::SignedIn, show_recovery: false });
    }
    let codes = recovery::generate();
    recovery::replace_all(&mut tx, &state.mfa.recovery_key, id, &codes, now).await.or_internal()?;
    reset_failures(&mut tx, id, now).await?;
    // The first code is also this sign-in's second factor.
    notify_sign_in(state, &mut tx, id, request, now).await?;
    let stage = after_second_factor(&mut tx, id).await?;
    let token = session::step_up(&mut tx, current, stage, now, &state.settings.auth)
        .await
        .or_internal()?
        .ok_or(MfaError::Unauthorized)?;
    session::record_factor(&mut tx, &token, Factor::Code.as_str()).await.or_internal()?;
    let sealed = state.mfa.keyring.seal(codes.join("\n").as_bytes(), &reveal_owner(id));
    session::set_reveal(&mut tx, &session::hash_token(&token), &sealed).await.or_internal()?;
    tx.commit().await.or_internal()?;
    Ok(Proceed { token: Some(token), stage, show_recovery: true })
}

/// What a typed second factor turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Factor {
    Code,
    RecoveryCode,
}

impl Factor {
    /// As stored on the session (`sessions.second_factor`).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Factor::Code => "otp",
            Factor::RecoveryCode => "recovery",
        }
    }
}

/// Checks a code (six digits) against each of the employee's
/// authenticators, or anything else as a recovery code, and uses it up in
/// `conn`'s transaction. `Err` carries the refusal to show.
pub(crate) async fn use_factor(
    state: &AppState,
    conn: &mut AnyConnection,
    employee_id: i64,
    typed: &str,
    now: i64,
) -> Result<Result<Factor, MfaError>, MfaError> {
    if totp::normalize_code(typed).is_none() {
        let ok = recovery::redeem(conn, &state.mfa.recovery_key, employee_id, typed, now).await.or_internal()?;
        return Ok(if ok { Ok(Factor::RecoveryCode) } else { Err(MfaError::WrongCode) });
    }
    let mut refusal = MfaError::WrongCode;
    for authenticator in repo::confirmed(&state.db, employee_id).await.or_internal()? {
        let secret = open_seed(state, employee_id, &authenticator.secret_sealed)?;
        match totp::check(&secret, typed, now, authenticator.last_step) {
            Check::Accepted { step } => {
                if repo::accept_step(conn, authenticator.id, employee_id, step, now, None).await.or_internal()? {
                    // Key rotation completes itself: a seed sealed under an
                    // older key moves to the current one when next used.
                    if state.mfa.keyring.needs_reseal(&authenticator.secret_sealed) {
                        let resealed = state.mfa.keyring.seal(secret.expose(), &seed_owner(employee_id));
                        repo::reseal(conn, authenticator.id, &resealed).await.or_internal()?;
                    }
                    return Ok(Ok(Factor::Code));
                }
                // Another request took this step first.
                refusal = MfaError::CodeUsed;
            }
            Check::Replayed => refusal = MfaError::CodeUsed,
            // Only a phone that is really off fits the same offset twice in
            // a row; a single code that fits some other step is answered
            // as wrong, since naming its offset would tell a guesser a code
            // that works later.
            Check::ClockOff { seconds } => {
                let repeated = repo::note_drift(conn, authenticator.id, seconds, now).await.or_internal()?;
                if repeated && refusal == MfaError::WrongCode {
                    refusal = MfaError::ClockOff { seconds };
                }
            }
            Check::Wrong => {}
        }
    }
    Ok(Err(refusal))
}

fn refusal_reason(e: &MfaError) -> &'static str {
    match e {
        MfaError::CodeUsed => "replayed",
        MfaError::ClockOff { .. } => "clock_off",
        _ => "wrong",
    }
}

/// Tells the employee of a completed sign-in (device and address), and
/// mails them too when they asked for it.
async fn notify_sign_in(
    state: &AppState,
    conn: &mut AnyConnection,
    employee_id: i64,
    request: &RequestInfo,
    now: i64,
) -> Result<(), MfaError> {
    let device = request.user_agent.as_deref().and_then(crate::account::device::describe);
    let detail = match (device, request.ip.as_deref()) {
        (Some(d), Some(ip)) => format!("{d}, {ip}"),
        (Some(d), None) => d,
        (None, Some(ip)) => ip.to_string(),
        (None, None) => "?".into(),
    };
    crate::notify::repo::push(
        conn,
        employee_id,
        NotificationKind::SignIn,
        Some(&detail),
        Some("/account/sessions"),
        now,
    )
    .await
    .or_internal()?;
    if crate::notify::repo::wants_sign_in_mail(conn, employee_id).await.or_internal()? {
        let who = employee(state, employee_id).await?;
        if let Ok(to) = crate::domain::Email::parse(&who.email) {
            let mail = super::mail::signed_in(to, &who.full_name, &detail);
            crate::mail::outbox::enqueue(conn, &mail, now).await.or_internal()?;
        }
    }
    Ok(())
}

/// The code step after the password. A refusal counts toward the
/// account's lockout; when it locks the account the session ends.
pub async fn verify(
    state: &AppState,
    current: &Current,
    typed: &str,
    request: &RequestInfo,
) -> Result<Proceed, MfaError> {
    if current.stage != Stage::VerifyTotp {
        return Err(MfaError::StepOwed(current.stage));
    }
    let now = state.clock.now();
    let id = current.employee_id;
    let mut tx = state.db.begin().await.or_internal()?;
    // Writing first takes the lock (SQLite's writer lock, PostgreSQL's row
    // lock): two requests with one code run one after the other.
    repo::lock_employee(&mut tx, id, now).await.or_internal()?;
    let cred = credential(&mut tx, id).await.or_internal()?.ok_or(MfaError::Unauthorized)?;
    if cred.closed(now) {
        session::end(&mut tx, current, now).await.or_internal()?;
        tx.commit().await.or_internal()?;
        return Err(MfaError::CodeLocked);
    }
    match use_factor(state, &mut tx, id, typed, now).await? {
        Ok(factor) => {
            reset_failures(&mut tx, id, now).await?;
            let kind = match factor {
                Factor::Code => AuditKind::MfaVerified,
                Factor::RecoveryCode => AuditKind::RecoveryCodeUsed,
            };
            audit::record(&mut tx, &record(kind, id, request, None, None)).await.or_internal()?;
            notify_sign_in(state, &mut tx, id, request, now).await?;
            let stage = after_second_factor(&mut tx, id).await?;
            let token = session::step_up(&mut tx, current, stage, now, &state.settings.auth)
                .await
                .or_internal()?
                .ok_or(MfaError::Unauthorized)?;
            session::record_factor(&mut tx, &token, factor.as_str()).await.or_internal()?;
            tx.commit().await.or_internal()?;
            Ok(Proceed { token: Some(token), stage, show_recovery: false })
        }
        Err(refusal) => {
            let failed = record(AuditKind::MfaFailed, id, request, Some(refusal_reason(&refusal)), None);
            audit::record(&mut tx, &failed).await.or_internal()?;
            let locked = count_failure(&mut tx, id, Failed::SecondFactor, None, now, &state.settings.auth, request)
                .await
                .or_internal()?;
            if locked {
                session::end(&mut tx, current, now).await.or_internal()?;
            }
            tx.commit().await.or_internal()?;
            Err(if locked { MfaError::CodeLocked } else { refusal })
        }
    }
}

/// The recovery codes waiting to be shown to this session, if any.
pub async fn pending_reveal(state: &AppState, current: &Current) -> Result<Option<Vec<String>>, MfaError> {
    let Some(sealed) = session::reveal(&state.db, current).await.or_internal()? else { return Ok(None) };
    let text = state.mfa.keyring.open(&sealed, &reveal_owner(current.employee_id)).or_internal()?;
    let text = String::from_utf8(text.to_vec()).or_internal()?;
    Ok(Some(text.lines().map(str::to_string).collect()))
}

pub async fn forget_reveal(state: &AppState, current: &Current) -> Result<(), MfaError> {
    Ok(session::clear_reveal(&state.db, current).await.or_internal()?)
}

/// The account security page.
pub async fn overview(state: &AppState, current: &Current) -> Result<SecurityView, MfaError> {
    let devices = repo::confirmed(&state.db, current.employee_id)
        .await
        .or_internal()?
        .into_iter()
        .map(|row| DeviceView {
            id: row.id,
            name: row.device_name,
            added_at: format_timestamp(row.confirmed_at.unwrap_or(row.created_at), DISPLAY_OFFSET_HOURS),
            last_used_at: row.last_used_at.map(|t| format_timestamp(t, DISPLAY_OFFSET_HOURS)),
        })
        .collect();
    let recovery_left = recovery::remaining(&state.db, current.employee_id).await.or_internal()?;
    Ok(SecurityView { devices, recovery_left, few_left: recovery_left <= recovery::FEW_LEFT })
}

/// Whether `password` is the employee's (an empty one never is). The
/// Argon2 work runs on the hasher's bounded pool: busy means 429.
pub(super) async fn password_matches(
    state: &AppState,
    conn: &mut AnyConnection,
    employee_id: i64,
    password: &str,
) -> Result<bool, MfaError> {
    let stored = credential(conn, employee_id).await.or_internal()?.and_then(|c| c.password_hash);
    let verified = state.hasher.verify(password, stored.as_deref()).await.map_err(|e| match e {
        crate::server::hasher::HashError::Busy => MfaError::TooManyRequests,
        other => MfaError::Internal(crate::error::Logged::log(other)),
    })?;
    Ok(!password.is_empty() && verified.ok)
}

const ATTEMPTS_PER_WINDOW: i64 = 10;
const WINDOW_SECONDS: i64 = 15 * 60;

/// Re-authentication for changes to the second factor: the password (when
/// asked) and a current code or recovery code, used up. Limited per
/// employee.
async fn reauthenticate(
    state: &AppState,
    conn: &mut AnyConnection,
    current: &Current,
    password: Option<&str>,
    code: &str,
    now: i64,
) -> Result<Factor, MfaError> {
    let bucket = format!("mfa_change:{}", current.employee_id);
    if !crate::server::rate_limit::hit(conn, &bucket, now, WINDOW_SECONDS, ATTEMPTS_PER_WINDOW).await.or_internal()? {
        return Err(MfaError::TooManyRequests);
    }
    if let Some(password) = password
        && !password_matches(state, conn, current.employee_id, password).await?
    {
        return Err(MfaError::WrongCurrentPassword);
    }
    use_factor(state, conn, current.employee_id, code, now).await?
}

/// Opens an enrolment for another device, after the password and a code.
pub async fn start_adding(
    state: &AppState,
    current: &Current,
    password: &str,
    code: &str,
    request: &RequestInfo,
) -> Result<(), MfaError> {
    let now = state.clock.now();
    let mut conn = state.db.pool().acquire().await.or_internal()?;
    // The rate-limit hit and the code's use must persist even when the
    // password is wrong, so these run outside a rolled-back transaction.
    let factor = reauthenticate(state, &mut conn, current, Some(password), code, now).await?;
    let sealed = state.mfa.keyring.seal(TotpSecret::generate().expose(), &seed_owner(current.employee_id));
    let mut tx = state.db.begin().await.or_internal()?;
    repo::start_enrolment(&mut tx, current.employee_id, &sealed, now).await.or_internal()?;
    if factor == Factor::RecoveryCode {
        let event = record(AuditKind::RecoveryCodeUsed, current.employee_id, request, None, Some("to add a device"));
        audit::record(&mut tx, &event).await.or_internal()?;
    }
    tx.commit().await.or_internal()?;
    Ok(())
}

/// Replaces the recovery codes after a current code; the new set waits in
/// the session to be shown once.
pub async fn regenerate(
    state: &AppState,
    current: &Current,
    code: &str,
    request: &RequestInfo,
) -> Result<(), MfaError> {
    let now = state.clock.now();
    let mut conn = state.db.pool().acquire().await.or_internal()?;
    reauthenticate(state, &mut conn, current, None, code, now).await?;
    drop(conn);
    let id = current.employee_id;
    let codes = recovery::generate();
    let mut tx = state.db.begin().await.or_internal()?;
    recovery::replace_all(&mut tx, &state.mfa.recovery_key, id, &codes, now).await.or_internal()?;
    let sealed = state.mfa.keyring.seal(codes.join("\n").as_bytes(), &reveal_owner(id));
    session::set_reveal(&mut tx, current.id_hash(), &sealed).await.or_internal()?;
    audit::record(&mut tx, &record(AuditKind::RecoveryCodesRegenerated, id, request, None, None))
        .await
        .or_internal()?;
    tx.commit().await.or_internal()?;
    Ok(())
}

/// Removes one of the employee's authenticators, never the last; another
/// employee's id is `NotFound`.
pub async fn remove(
    state: &AppState,
    current: &Current,
    authenticator_id: i64,
    request: &RequestInfo,
) -> Result<(), MfaError> {
    let now = state.clock.now();
    let id = current.employee_id;
    let mut tx = state.db.begin().await.or_internal()?;
    repo::lock_employee(&mut tx, id, now).await.or_internal()?;
    if !repo::remove_unless_last(&mut tx, id, authenticator_id).await.or_internal()? {
        let own = repo::confirmed(&state.db, id).await.or_internal()?.iter().any(|a| a.id == authenticator_id);
        return Err(if own { MfaError::LastAuthenticator } else { MfaError::NotFound });
    }
    audit::record(&mut tx, &record(AuditKind::AuthenticatorRemoved, id, request, None, None)).await.or_internal()?;
    let who = employee(state, id).await?;
    if let Ok(to) = crate::domain::Email::parse(&who.email) {
        crate::mail::outbox::enqueue(&mut tx, &super::mail::device_removed(to, &who.full_name), now)
            .await
            .or_internal()?;
    }
    crate::notify::repo::push(&mut tx, id, NotificationKind::DeviceRemoved, None, None, now).await.or_internal()?;
    tx.commit().await.or_internal()?;
    Ok(())
}
