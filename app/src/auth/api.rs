//! Server functions of sign-in: thin wrappers over `signin` and `session`.

use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;

/// Draws a new sign-in captcha (each is answered once). Limited per client
/// address, as every picture costs drawing and a row.
#[server(prefix = "/api", endpoint = "sign_in_captcha")]
pub async fn sign_in_captcha() -> Result<CaptchaChallenge, AppError> {
    use crate::auth::challenge;
    use crate::server::context::*;
    use crate::server::rate_limit;

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
    use crate::auth::signin::{self, CaptchaAnswer, SignInError};
    use crate::server::context::*;
    use crate::server::session;

    let state = state()?;
    let secure = state.settings.cookie_secure;
    let request = request_info();
    // A session presented before sign-in dies now: the new one gets a fresh id.
    if let Some(old) = session_token(secure) {
        let _ = crate::account::sign_out::end_session(&state, &old, &request).await;
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
            let next = crate::ui::url::safe_next(next.as_deref());
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

/// The signed-in employee, or `Unauthorized`.
#[server(prefix = "/api", endpoint = "current_user")]
pub async fn current_user() -> Result<UserView, AppError> {
    use crate::domain::Nip;
    use crate::server::context::*;

    let state = state()?;
    let session = signed_in(&state).await?;
    let employee = crate::org::repo::find_employee(&state.db, session.employee_id)
        .await
        .map_err(|_| AppError::Internal)?
        .ok_or(AppError::Unauthorized)?;
    let nip = Nip::parse(&employee.nip).map(|n| n.grouped()).unwrap_or(employee.nip);
    Ok(UserView { name: employee.full_name, nip, position: employee.position })
}
