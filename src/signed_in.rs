//! The signed-in employee behind a plain axum route (downloads, uploads,
//! event streams): the session cookie, checked as the server functions
//! check it.

use axum::http::{HeaderMap, StatusCode, header};

use app::server::AppState;
use app::server::session::{self, Stage};

/// The employee id of a fully signed-in session; 401 without one, 503 when
/// the database does not answer.
pub async fn employee(state: &AppState, headers: &HeaderMap) -> Result<session::Current, StatusCode> {
    let token = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|h| session::token_from_cookie_header(h, state.settings.cookie_secure))
        .ok_or(StatusCode::UNAUTHORIZED)?;
    match session::load(&state.db, &token, state.clock.now(), &state.settings.auth).await {
        Ok(Some(current)) if current.stage == Stage::SignedIn => Ok(current),
        Ok(_) => Err(StatusCode::UNAUTHORIZED),
        Err(e) => {
            tracing::error!(error = %e, "loading a session failed");
            Err(StatusCode::SERVICE_UNAVAILABLE)
        }
    }
}
