//! `GET /attendance/recap.csv?scope=…&month=YYYY-MM`: the team recap the
//! attendance page shows, as a download. The same access rules apply: only
//! a group the signed-in reader leads or administers.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::export;
use super::rules::Month;
use super::service::{self, AttendanceError};
use crate::server::AppState;
use crate::server::context::SignedIn;

/// The attendance feature's routes beside its pages.
pub fn routes() -> Router<AppState> {
    Router::new().route("/attendance/recap.csv", get(download))
}

#[derive(Debug, Deserialize)]
pub struct RecapQuery {
    scope: Option<String>,
    month: Option<String>,
}

async fn download(State(state): State<AppState>, SignedIn(current): SignedIn, Query(q): Query<RecapQuery>) -> Response {
    let now = state.clock.now();
    let employee_id = current.employee_id;
    let month = match q.month.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        None => None,
        Some(m) => match Month::parse(m) {
            Some(m) => Some(m),
            None => return (StatusCode::BAD_REQUEST, "month must be YYYY-MM").into_response(),
        },
    };
    let recap = match service::team_recap(&state.db, employee_id, q.scope.as_deref(), month, now).await {
        Ok(recap) => recap,
        Err(AttendanceError::Forbidden) => return StatusCode::FORBIDDEN.into_response(),
        Err(AttendanceError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "building a recap download failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let body = match export::csv(&recap) {
        Ok(body) => body,
        Err(e) => {
            tracing::error!(error = %e, "writing a recap download failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    // The name holds only the month and a scope tag made of [a-z0-9-].
    let tag: String = recap.scope.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    crate::server::csv::download(body, &format!("presensi-{}-{tag}.csv", recap.month))
}
