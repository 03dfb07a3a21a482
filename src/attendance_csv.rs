//! `GET /attendance/recap.csv?scope=…&month=YYYY-MM`: the team recap the
//! attendance page shows, as a download. The same access rules apply: only
//! a group the signed-in reader leads or administers.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use app::attendance::export;
use app::attendance::rules::Month;
use app::attendance::service::{self, AttendanceError};
use app::server::AppState;

#[derive(Debug, Deserialize)]
pub struct RecapQuery {
    scope: Option<String>,
    month: Option<String>,
}

pub async fn download(State(state): State<AppState>, headers: HeaderMap, Query(q): Query<RecapQuery>) -> Response {
    let now = state.clock.now();
    let employee_id = match crate::signed_in::employee(&state, &headers).await {
        Ok(current) => current.employee_id,
        Err(status) => return status.into_response(),
    };
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
    let disposition = format!("attachment; filename=\"presensi-{}-{tag}.csv\"", recap.month);
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}
