//! A signed-in employee replaces their password (or, at the
//! `update_password` step, must). Cheap checks first, so every broken rule
//! is reported before any Argon2 work; then the current password (unless
//! this is the forced step, where it was typed a moment ago); then "not the
//! same as now"; then one transaction stores the hash, ends the other
//! sessions, steps this one up under a fresh id (or ends it) and records
//! the event.

use crate::account::repo::{Subject, credential, store_password};
use crate::audit::{Actor, RequestInfo};
use crate::domain::password::blocklist::is_common;
use crate::domain::password::{self, Holder, NewPassword, Violation};
use crate::domain::{Nip, PersonName};
use crate::error::{AppError, Logged, OrInternal};
use crate::notify::kind::NotificationKind;
use crate::server::AppState;
use crate::server::hasher::HashError;
use crate::server::rate_limit;
use crate::server::session::{self, Current, Stage};

/// Attempts per employee per quarter hour: the current-password check must
/// not become a way to guess it from a borrowed session.
const ATTEMPTS_PER_WINDOW: i64 = 10;
const WINDOW_SECONDS: i64 = 15 * 60;

/// What the employee typed.
pub struct ChangeRequest<'a> {
    pub current: Option<&'a str>,
    pub new: &'a str,
    pub confirm: &'a str,
    /// Stay signed in here; every other session ends either way.
    pub keep_this_session: bool,
}

/// The result: this session's new token, if it was kept.
#[derive(Debug)]
pub struct Changed {
    pub token: Option<String>,
    pub ended_others: u64,
}

/// What a password change refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordChangeError {
    /// Too many attempts, or every password-hashing slot is busy.
    #[error("too many requests")]
    TooManyRequests,
    /// The session's employee or session is gone.
    #[error("not signed in")]
    Unauthorized,
    #[error("weak password")]
    WeakPassword { violations: Vec<Violation> },
    #[error("passwords differ")]
    PasswordMismatch,
    #[error("current password is wrong")]
    WrongCurrentPassword,
    #[error(transparent)]
    Internal(#[from] Logged),
}

impl From<PasswordChangeError> for AppError {
    fn from(e: PasswordChangeError) -> AppError {
        match e {
            PasswordChangeError::TooManyRequests => AppError::TooManyRequests,
            PasswordChangeError::Unauthorized => AppError::Unauthorized,
            PasswordChangeError::WeakPassword { violations } => AppError::WeakPassword { violations },
            PasswordChangeError::PasswordMismatch => AppError::PasswordMismatch,
            PasswordChangeError::WrongCurrentPassword => AppError::WrongCurrentPassword,
            PasswordChangeError::Internal(logged) => logged.into(),
        }
    }
}

fn hash_error(e: HashError) -> PasswordChangeError {
    match e {
        HashError::Busy => PasswordChangeError::TooManyRequests,
        other => Logged::log(other).into(),
    }
}

pub async fn change_password(
    state: &AppState,
    current: &Current,
    input: ChangeRequest<'_>,
    request: &RequestInfo,
) -> Result<Changed, PasswordChangeError> {
    let now = state.clock.now();
    let mut conn = state.db.pool().acquire().await.or_internal()?;
    let bucket = format!("change_password:{}", current.employee_id);
    if !rate_limit::hit(&mut conn, &bucket, now, WINDOW_SECONDS, ATTEMPTS_PER_WINDOW).await.or_internal()? {
        return Err(PasswordChangeError::TooManyRequests);
    }
    let employee = crate::org::repo::find_employee(&state.db, current.employee_id)
        .await
        .or_internal()?
        .ok_or(PasswordChangeError::Unauthorized)?;
    let stored = credential(&mut conn, current.employee_id).await.or_internal()?.and_then(|c| c.password_hash);
    drop(conn);

    let nip = Nip::parse(&employee.nip).ok();
    let name = PersonName::parse(&employee.full_name).ok();
    let holder = Holder { nip: nip.as_ref(), name: name.as_ref() };
    let new = NewPassword::parse(state.settings.auth.policy, input.new, holder, |p| {
        is_common(p, nip.as_ref(), name.as_ref())
    })
    .map_err(|violations| PasswordChangeError::WeakPassword { violations })?;
    if password::normalize(input.confirm) != new.expose() {
        return Err(PasswordChangeError::PasswordMismatch);
    }
    if current.stage == Stage::SignedIn {
        let typed = input.current.unwrap_or_default();
        if typed.is_empty() || !state.hasher.verify(typed, stored.as_deref()).await.map_err(hash_error)?.ok {
            return Err(PasswordChangeError::WrongCurrentPassword);
        }
    }
    if state.hasher.verify(new.expose(), stored.as_deref()).await.map_err(hash_error)?.ok {
        return Err(PasswordChangeError::WeakPassword { violations: vec![Violation::SameAsCurrent] });
    }
    let hash = state.hasher.hash(&new).await.map_err(hash_error)?;

    let mut tx = state.db.begin().await.or_internal()?;
    let ended_others = session::revoke_others(&mut tx, current, now).await.or_internal()?;
    let token = if input.keep_this_session {
        Some(
            session::step_up(&mut tx, current, Stage::SignedIn, now, &state.settings.auth)
                .await
                .or_internal()?
                .ok_or(PasswordChangeError::Unauthorized)?,
        )
    } else {
        session::end(&mut tx, current, now).await.or_internal()?;
        None
    };
    let detail = format!(
        "ended {ended_others} other session(s); {}",
        if input.keep_this_session { "kept this one under a new id" } else { "ended this one too" }
    );
    let subject = Subject { employee_id: employee.id, nip: &employee.nip };
    store_password(&mut tx, subject, &hash, false, now, Actor::Employee(employee.id), request, Some(&detail))
        .await
        .or_internal()?;
    crate::notify::repo::push(&mut tx, employee.id, NotificationKind::PasswordChanged, None, None, now)
        .await
        .or_internal()?;
    tx.commit().await.or_internal()?;
    Ok(Changed { token, ended_others })
}
