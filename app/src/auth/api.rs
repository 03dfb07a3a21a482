//! Server functions of sign-in: thin wrappers over `signin` and `session`.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// What the pages show about the signed-in employee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub name: String,
    pub nip: String,
    pub position: Option<String>,
}

#[cfg(feature = "ssr")]
pub(crate) mod server {
    use super::*;
    use crate::audit::RequestInfo;
    use crate::auth::session::{self, Current, Stage};
    use crate::server::AppState;
    use http::header::{COOKIE, SET_COOKIE, USER_AGENT};
    use http::{HeaderValue, StatusCode};

    pub fn state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or(AppError::Internal)
    }

    fn parts() -> Result<http::request::Parts, AppError> {
        use_context::<http::request::Parts>().ok_or(AppError::Internal)
    }

    pub fn request_info() -> RequestInfo {
        let Ok(parts) = parts() else { return RequestInfo::default() };
        let ip = parts.extensions.get::<crate::ClientIp>().map(|c| c.to_string()).or_else(|| {
            parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip().to_string())
        });
        let user_agent = parts.headers.get(USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_string);
        let request_id = parts.headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_string);
        RequestInfo { ip, user_agent, request_id }
    }

    /// The reader's language, from the request's cookie.
    pub fn lang() -> crate::i18n::Lang {
        parts()
            .ok()
            .and_then(|p| {
                p.headers.get(COOKIE).and_then(|v| v.to_str().ok()).map(crate::i18n::Lang::from_cookie_header)
            })
            .unwrap_or_default()
    }

    /// The HTTP status that goes with an error.
    pub fn status_of(e: &AppError) -> StatusCode {
        match e {
            AppError::Validation { .. }
            | AppError::WrongCurrentPassword
            | AppError::PasswordMismatch
            | AppError::WeakPassword { .. }
            | AppError::WrongCode
            | AppError::CodeUsed
            | AppError::ClockOff { .. }
            | AppError::DeviceNameInvalid
            | AppError::WrongCaptcha
            | AppError::CaptchaRequired
            | AppError::ResetExpired
            | AppError::WrongResetCode
            | AppError::ResetCodeExpired
            | AppError::ResetCodeSpent
            | AppError::Attendance(_)
            | AppError::Leave(_) => StatusCode::BAD_REQUEST,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Conflict | AppError::LastAuthenticator => StatusCode::CONFLICT,
            AppError::InvalidCredentials | AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden
            | AppError::PasswordChangeRequired
            | AppError::SecondFactorRequired
            | AppError::EnrolmentRequired
            | AppError::ReauthRequired => StatusCode::FORBIDDEN,
            AppError::TooManyRequests | AppError::CodeLocked => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal | AppError::Transport => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Sets the error's status on the response (see [`status`]) and returns it.
    pub fn fail(e: AppError) -> AppError {
        status(status_of(&e));
        e
    }

    /// The live session the request presents, at whatever stage.
    pub async fn current_session(state: &AppState) -> Result<Current, AppError> {
        let token = session_token(state.settings.cookie_secure).ok_or_else(|| fail(AppError::Unauthorized))?;
        session::load(&state.db, &token, state.clock.now(), &state.settings.auth)
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "loading the session failed");
                fail(AppError::Internal)
            })?
            .ok_or_else(|| fail(AppError::Unauthorized))
    }

    /// A session past both factors (possibly still owing a new password):
    /// the guard of the change-password step and the recovery-code display.
    pub async fn both_factors(state: &AppState) -> Result<Current, AppError> {
        let current = current_session(state).await?;
        if current.stage.second_factor_done() { Ok(current) } else { Err(fail(step_owed(current.stage))) }
    }

    /// A session that finished every sign-in step: the guard of every
    /// page and server function beyond sign-in.
    pub async fn signed_in(state: &AppState) -> Result<Current, AppError> {
        let current = current_session(state).await?;
        match current.stage {
            Stage::SignedIn => Ok(current),
            other => Err(fail(step_owed(other))),
        }
    }

    /// The error that sends a session to the sign-in step it still owes.
    pub fn step_owed(stage: Stage) -> AppError {
        match stage {
            Stage::VerifyTotp => AppError::SecondFactorRequired,
            Stage::EnrollTotp => AppError::EnrolmentRequired,
            Stage::UpdatePassword => AppError::PasswordChangeRequired,
            // Nothing is owed: the step asked for is already behind it.
            Stage::SignedIn => AppError::Conflict,
        }
    }

    pub fn session_token(secure: bool) -> Option<String> {
        let parts = parts().ok()?;
        let header = parts.headers.get(COOKIE)?.to_str().ok()?;
        session::token_from_cookie_header(header, secure)
    }

    pub fn set_cookie(value: &str) -> Result<(), AppError> {
        let response = expect_context::<leptos_axum::ResponseOptions>();
        response.append_header(SET_COOKIE, HeaderValue::from_str(value).map_err(|_| AppError::Internal)?);
        Ok(())
    }

    /// Sets the status of a failed call, except for plain form posts, which
    /// must stay a redirect back to the form (it shows the error).
    pub fn status(code: StatusCode) {
        let form_post = parts()
            .ok()
            .and_then(|p| {
                p.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).map(|a| a.contains("text/html"))
            })
            .unwrap_or(false);
        if let (false, Some(response)) = (form_post, use_context::<leptos_axum::ResponseOptions>()) {
            response.set_status(code);
        }
    }
}

/// The captcha a sign-in form shows after repeated wrong answers for its
/// NIP: a picture, the same question in words, and the token the form
/// sends back with the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaptchaChallenge {
    pub token: String,
    pub png_base64: String,
    pub question: String,
}

/// Draws a new sign-in captcha (each is answered once). Limited per client
/// address, as every picture costs drawing and a row.
#[server(prefix = "/api", endpoint = "sign_in_captcha")]
pub async fn sign_in_captcha() -> Result<CaptchaChallenge, AppError> {
    use crate::auth::{challenge, rate_limit};
    use server::*;

    let state = state()?;
    let now = state.clock.now();
    let mut conn = state.db.pool().acquire().await.map_err(|_| fail(AppError::Internal))?;
    if let Some(ip) = request_info().ip {
        let bucket = format!("sign_in_captcha_ip:{}", rate_limit::address_key(&ip));
        let within = rate_limit::hit(&mut conn, &bucket, now, 3600, challenge::CHALLENGES_PER_ADDRESS_HOUR)
            .await
            .map_err(|_| fail(AppError::Internal))?;
        if !within {
            return Err(fail(AppError::TooManyRequests));
        }
    }
    let drawn = challenge::draw(&mut conn, lang(), now)
        .await
        .map_err(|_| fail(AppError::Internal))?
        .ok_or_else(|| fail(AppError::Internal))?;
    Ok(CaptchaChallenge { token: drawn.token, png_base64: drawn.png_base64, question: drawn.question })
}

/// Signs in; on success sets the session cookie and goes to `next` (a
/// same-origin path) or the dashboard. After repeated wrong answers for the
/// NIP, the form also carries a solved captcha (`captcha_token`, `captcha`).
#[server(prefix = "/api", endpoint = "sign_in")]
pub async fn sign_in(
    nip: String,
    password: String,
    next: Option<String>,
    captcha_token: Option<String>,
    captcha: Option<String>,
) -> Result<(), AppError> {
    use crate::auth::session;
    use crate::auth::signin::{self, CaptchaAnswer, SignInError};
    use server::*;

    let state = state()?;
    let secure = state.settings.cookie_secure;
    let request = request_info();
    // A session presented before sign-in dies now: the new one gets a fresh id.
    if let Some(old) = session_token(secure) {
        let _ = signin::sign_out(&state, &old, &request).await;
    }
    let answer = match (captcha_token.as_deref(), captcha.as_deref()) {
        (Some(token), Some(answer)) => Some(CaptchaAnswer { token, answer }),
        _ => None,
    };
    let outcome = signin::sign_in(&state, &nip, &password, answer, &request).await;
    let counters = &state.sign_ins;
    crate::server::SignInCounters::count(match &outcome {
        Ok(_) => &counters.succeeded,
        Err(SignInError::InvalidCredentials) => &counters.refused,
        Err(_) => &counters.limited,
    });
    match outcome {
        Ok(done) => {
            set_cookie(&session::set_cookie(&done.token, secure, state.settings.auth.session_absolute))?;
            let next = signin::safe_next(next.as_deref());
            leptos_axum::redirect(&crate::ui::guard::step_path(done.stage, &next));
            Ok(())
        }
        Err(SignInError::InvalidCredentials) => {
            status(http::StatusCode::UNAUTHORIZED);
            Err(AppError::InvalidCredentials)
        }
        Err(SignInError::TooManyAttempts | SignInError::Busy) => {
            status(http::StatusCode::TOO_MANY_REQUESTS);
            Err(AppError::TooManyRequests)
        }
        Err(SignInError::CaptchaRequired) => Err(fail(AppError::CaptchaRequired)),
        Err(SignInError::WrongCaptcha) => Err(fail(AppError::WrongCaptcha)),
        Err(SignInError::Internal) => Err(AppError::Internal),
    }
}

/// Ends the session on the server and removes the cookie.
#[server(prefix = "/api", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::auth::{session, signin};
    use server::*;

    let state = state()?;
    let secure = state.settings.cookie_secure;
    if let Some(token) = session_token(secure) {
        signin::sign_out(&state, &token, &request_info()).await.map_err(|_| AppError::Internal)?;
    }
    set_cookie(&session::clear_cookie(secure))?;
    leptos_axum::redirect("/sign-in");
    Ok(())
}

/// The signed-in employee, or `Unauthorized`.
#[server(prefix = "/api", endpoint = "current_user")]
pub async fn current_user() -> Result<UserView, AppError> {
    use crate::domain::Nip;
    use server::*;

    let state = state()?;
    let session = signed_in(&state).await?;
    let employee = crate::org::repo::find_employee(&state.db, session.employee_id)
        .await
        .map_err(|_| AppError::Internal)?
        .ok_or(AppError::Unauthorized)?;
    let nip = Nip::parse(&employee.nip).map(|n| n.grouped()).unwrap_or(employee.nip);
    Ok(UserView { name: employee.full_name, nip, position: employee.position })
}
