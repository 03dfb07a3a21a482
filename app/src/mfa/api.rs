//! Server functions of the second factor: thin wrappers over `service`.
//! Each checks the session's stage itself; ids from the browser are only
//! matched among the signed-in employee's own authenticators.

use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;

#[cfg(feature = "ssr")]
fn redirect_to(path: &str) {
    leptos_axum::redirect(path);
}

#[cfg(feature = "ssr")]
fn move_on(token: Option<String>) -> Result<(), AppError> {
    use crate::server::context::{set_cookie, state};
    if let Some(token) = token {
        let state = state()?;
        let secure = state.settings.cookie_secure;
        set_cookie(&crate::server::session::set_cookie(&token, secure, state.settings.auth.session_absolute))?;
    }
    Ok(())
}

/// Whether the session is at the code step (the page's guard). A session
/// that is already signed in gets `Conflict` (the page moves it on).
#[server(prefix = "/api", endpoint = "otp_step")]
pub async fn otp_step() -> Result<(), AppError> {
    use crate::server::context::{current_session, fail, state, step_owed};
    use crate::server::session::Stage;

    let state = state()?;
    match current_session(&state).await?.stage {
        Stage::VerifyTotp => Ok(()),
        Stage::SignedIn => Err(AppError::Conflict),
        other => Err(fail(step_owed(other))),
    }
}

/// The code (or a recovery code) after the password.
#[server(prefix = "/api", endpoint = "verify_code")]
pub async fn verify_code(code: String, next: Option<String>) -> Result<(), AppError> {
    use crate::server::context::{current_session, fail, request_info, set_cookie, state};
    use crate::server::session;

    let state = state()?;
    let current = current_session(&state).await?;
    match super::service::verify(&state, &current, &code, &request_info()).await {
        Ok(done) => {
            move_on(done.token)?;
            let next = crate::ui::url::safe_next(next.as_deref());
            redirect_to(&crate::ui::guard::step_path(done.stage, &next));
            Ok(())
        }
        Err(super::error::MfaError::CodeLocked) => {
            set_cookie(&session::clear_cookie(state.settings.cookie_secure))?;
            Err(fail(AppError::CodeLocked))
        }
        Err(e) => Err(fail(e)),
    }
}

/// The pending enrolment: at the forced step, or when adding a device.
#[server(prefix = "/api", endpoint = "enrolment_info")]
pub async fn enrolment_info() -> Result<EnrolmentView, AppError> {
    use crate::server::context::{current_session, fail, state};

    let state = state()?;
    let current = current_session(&state).await?;
    super::service::enrolment(&state, &current).await.map_err(fail)
}

/// Confirms the enrolment with its first code and names the device.
#[server(prefix = "/api", endpoint = "confirm_enrolment")]
pub async fn confirm_enrolment(code: String, device_name: String, next: Option<String>) -> Result<(), AppError> {
    use crate::server::context::{current_session, fail, request_info, state};
    use crate::ui::url::encode_query;

    let state = state()?;
    let current = current_session(&state).await?;
    let done = super::service::confirm_enrolment(&state, &current, &code, &device_name, &request_info())
        .await
        .map_err(fail)?;
    move_on(done.token)?;
    if done.show_recovery {
        let next = crate::ui::url::safe_next(next.as_deref());
        redirect_to(&format!("/account/recovery-codes?next={}", encode_query(&next)));
    } else {
        redirect_to("/account/security?notice=added");
    }
    Ok(())
}

/// Recovery codes made for this session and not yet confirmed as saved.
#[server(prefix = "/api", endpoint = "new_recovery_codes")]
pub async fn new_recovery_codes() -> Result<Option<Vec<String>>, AppError> {
    use crate::server::context::{both_factors, fail, state};

    let state = state()?;
    let current = both_factors(&state).await?;
    super::service::pending_reveal(&state, &current).await.map_err(fail)
}

/// The user saved the codes: they are not shown again.
#[server(prefix = "/api", endpoint = "recovery_codes_saved")]
pub async fn recovery_codes_saved(next: Option<String>) -> Result<(), AppError> {
    use crate::server::context::{both_factors, fail, state};

    let state = state()?;
    let current = both_factors(&state).await?;
    super::service::forget_reveal(&state, &current).await.map_err(fail)?;
    let next = crate::ui::url::safe_next(next.as_deref());
    redirect_to(&crate::ui::guard::step_path(current.stage, &next));
    Ok(())
}

#[server(prefix = "/api", endpoint = "security_overview")]
pub async fn security_overview() -> Result<SecurityView, AppError> {
    use crate::server::context::{fail, signed_in, state};

    let state = state()?;
    let current = signed_in(&state).await?;
    super::service::overview(&state, &current).await.map_err(fail)
}

/// Password and a current code (or recovery code) open an enrolment for
/// another device.
#[server(prefix = "/api", endpoint = "add_authenticator")]
pub async fn add_authenticator(password: String, code: String) -> Result<(), AppError> {
    use crate::server::context::{fail, request_info, signed_in, state};

    let state = state()?;
    let current = signed_in(&state).await?;
    super::service::start_adding(&state, &current, &password, &code, &request_info()).await.map_err(fail)?;
    redirect_to("/account/security/add");
    Ok(())
}

#[server(prefix = "/api", endpoint = "remove_authenticator")]
pub async fn remove_authenticator(id: String) -> Result<(), AppError> {
    use crate::server::context::{fail, request_info, signed_in, state};

    let state = state()?;
    let current = signed_in(&state).await?;
    let id: i64 = id.trim().parse().map_err(|_| fail(AppError::NotFound))?;
    super::service::remove(&state, &current, id, &request_info()).await.map_err(fail)?;
    redirect_to("/account/security?notice=removed");
    Ok(())
}

/// A new set of recovery codes, after a current code.
#[server(prefix = "/api", endpoint = "regenerate_recovery_codes")]
pub async fn regenerate_recovery_codes(code: String) -> Result<(), AppError> {
    use crate::server::context::{fail, request_info, signed_in, state};

    let state = state()?;
    let current = signed_in(&state).await?;
    super::service::regenerate(&state, &current, &code, &request_info()).await.map_err(fail)?;
    redirect_to("/account/recovery-codes?next=%2Faccount%2Fsecurity");
    Ok(())
}
