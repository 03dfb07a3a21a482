//! What a request brings to the code that serves it, in one place: the
//! shared state, who is asking (`RequestInfo`), the session its cookie
//! presents and the sign-in step that session still owes. Server functions
//! read it from the Leptos context (`state`, `signed_in`, `both_factors`,
//! …); plain axum routes take the same values as extractors
//! ([`RequestInfo`], [`SignedIn`]).

use axum::extract::{FromRef, FromRequestParts};
use http::header::{COOKIE, SET_COOKIE};
use http::request::Parts;
use http::{HeaderMap, HeaderValue, StatusCode};
use leptos::prelude::*;

use crate::error::{AppError, OrInternal};
use crate::server::AppState;
pub use crate::server::request_info::RequestInfo;
use crate::server::session::{self, Current, Stage};

/// The session the request's cookie presents, at whatever stage, with its
/// token; `None` without a cookie or for a session that ended.
pub async fn presented_session(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<(String, Current)>, sqlx::Error> {
    let Some(token) = headers
        .get(COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|h| session::token_from_cookie_header(h, state.settings.cookie_secure))
    else {
        return Ok(None);
    };
    let current = session::load(&state.db, &token, state.clock.now(), &state.settings.auth).await?;
    Ok(current.map(|c| (token, c)))
}

/// A session that finished every sign-in step, for a plain axum route
/// (downloads, uploads, event streams, exports): 401 without one, 503 when
/// the database does not answer.
pub struct SignedIn(pub Current);

impl<S> FromRequestParts<S> for SignedIn
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        match presented_session(&state, &parts.headers).await {
            Ok(Some((_, current))) if current.stage == Stage::SignedIn => Ok(SignedIn(current)),
            Ok(_) => Err(StatusCode::UNAUTHORIZED),
            Err(e) => {
                tracing::error!(error = %e, "loading a session failed");
                Err(StatusCode::SERVICE_UNAVAILABLE)
            }
        }
    }
}

/// The shared state of a server function.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or(AppError::Internal)
}

fn parts() -> Result<Parts, AppError> {
    use_context::<Parts>().ok_or(AppError::Internal)
}

/// Who calls the server function (empty outside a request).
pub fn request_info() -> RequestInfo {
    parts().map(|p| RequestInfo::from_parts(&p)).unwrap_or_default()
}

/// The reader's language, from the request's cookie.
pub fn lang() -> crate::i18n::Lang {
    parts()
        .ok()
        .and_then(|p| p.headers.get(COOKIE).and_then(|v| v.to_str().ok()).map(crate::i18n::Lang::from_cookie_header))
        .unwrap_or_default()
}

/// Sets the error's status on the response (see [`status`]) and returns it.
pub fn fail(e: impl Into<AppError>) -> AppError {
    let e = e.into();
    status(e.http_status());
    e
}

/// The live session the request presents, at whatever stage.
pub async fn current_session(state: &AppState) -> Result<Current, AppError> {
    let parts = parts()?;
    presented_session(state, &parts.headers)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "loading the session failed");
            fail(AppError::Internal)
        })?
        .map(|(_, current)| current)
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

/// The signed-in session, or `None` when nobody is fully signed in; never
/// a refusal, so a page element every page asks for (the header's count)
/// leaves the page's status alone.
pub async fn signed_in_quietly(state: &AppState) -> Result<Option<Current>, AppError> {
    let parts = parts()?;
    let found = presented_session(state, &parts.headers).await.or_internal()?;
    Ok(found.map(|(_, current)| current).filter(|s| s.stage == Stage::SignedIn))
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

/// The session token the request's cookie carries, if any.
pub fn session_token(secure: bool) -> Option<String> {
    let parts = parts().ok()?;
    let header = parts.headers.get(COOKIE)?.to_str().ok()?;
    session::token_from_cookie_header(header, secure)
}

/// Adds a `Set-Cookie` header to the server function's response.
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
