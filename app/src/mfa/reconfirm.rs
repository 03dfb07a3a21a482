//! Proving both factors again inside a signed-in session: before admin
//! actions (`admin_reauth`) and when a service asks for a fresh sign-in
//! (`confirm_sign_in`).

use super::error::MfaError;
use super::repo;
use super::service::{password_matches, record, reset_failures, use_factor};
use super::totp;
use crate::account::lockout::{Failed, count_failure};
use crate::account::repo::credential;
use crate::audit::{self, AuditKind, RequestInfo};
use crate::error::OrInternal;
use crate::server::AppState;
use crate::server::session::{self, Current, Stage};

/// Proves both factors again inside a signed-in session (before admin
/// actions): the password, then a code from an authenticator (recovery
/// codes are for getting in, not for this). Refusals count toward the
/// account's lockout like a sign-in's; a lockout ends the session.
pub async fn reconfirm(
    state: &AppState,
    current: &Current,
    password: &str,
    code: &str,
    request: &RequestInfo,
) -> Result<(), MfaError> {
    if current.stage != Stage::SignedIn {
        return Err(MfaError::StepOwed(current.stage));
    }
    let now = state.clock.now();
    let id = current.employee_id;
    let password_ok = {
        let mut conn = state.db.pool().acquire().await.or_internal()?;
        password_matches(state, &mut conn, id, password).await?
    };
    let mut tx = state.db.begin().await.or_internal()?;
    repo::lock_employee(&mut tx, id, now).await.or_internal()?;
    let cred = credential(&mut tx, id).await.or_internal()?.ok_or(MfaError::Unauthorized)?;
    if cred.closed(now) {
        session::end(&mut tx, current, now).await.or_internal()?;
        tx.commit().await.or_internal()?;
        return Err(MfaError::CodeLocked);
    }
    let refusal = if !password_ok {
        Some((MfaError::WrongCurrentPassword, "password"))
    } else if totp::normalize_code(code).is_none() {
        Some((MfaError::WrongCode, "code"))
    } else {
        match use_factor(state, &mut tx, id, code, now).await? {
            Ok(_) => None,
            Err(e) => Some((e, "code")),
        }
    };
    match refusal {
        None => {
            reset_failures(&mut tx, id, now).await?;
            if !session::reauthenticated(&mut tx, current, now).await.or_internal()? {
                return Err(MfaError::Unauthorized);
            }
            audit::record(&mut tx, &record(AuditKind::Reauthenticated, id, request, None, None)).await.or_internal()?;
            tx.commit().await.or_internal()?;
            Ok(())
        }
        Some((refusal, what)) => {
            audit::record(&mut tx, &record(AuditKind::ReauthFailed, id, request, Some(what), None))
                .await
                .or_internal()?;
            let failed = if what == "password" { Failed::Password } else { Failed::SecondFactor };
            let locked =
                count_failure(&mut tx, id, failed, None, now, &state.settings.auth, request).await.or_internal()?;
            if locked {
                session::end(&mut tx, current, now).await.or_internal()?;
            }
            tx.commit().await.or_internal()?;
            Err(if locked { MfaError::CodeLocked } else { refusal })
        }
    }
}
