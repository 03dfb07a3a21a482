//! Leave routes that are not pages:
//! - `POST /verify/{code}`: public; compares an uploaded file with the leave
//!   letter registered under the code and sends the reader back to the
//!   verification page with `?file=authentic` or `?file=altered`.
//! - `GET /leave/export.csv?year=YYYY`: an agency admin's export of the
//!   year's requests in their agencies.

use axum::Router;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::service::LeaveError;
use crate::audit::RequestInfo;
use crate::server::AppState;
use crate::server::context::SignedIn;

/// The leave feature's routes beside its pages.
pub fn routes() -> Router<AppState> {
    Router::new().route("/leave/export.csv", get(export)).route("/verify/{code}", post(verify_file))
}

/// A leave letter is a few tens of kilobytes; anything much bigger is not one.
const MAX_LETTER_BYTES: usize = 512 * 1024;

async fn verify_file(State(state): State<AppState>, Path(code): Path<String>, mut multipart: Multipart) -> Response {
    let page = format!("/verify/{}", code.trim().to_ascii_uppercase());
    if !code.bytes().all(|b| b.is_ascii_hexdigit()) || code.len() != 24 {
        return StatusCode::NOT_FOUND.into_response();
    }
    let mut bytes = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return StatusCode::BAD_REQUEST.into_response(),
        };
        if field.name() != Some("file") {
            continue;
        }
        let mut field = field;
        loop {
            match field.chunk().await {
                Ok(Some(piece)) if bytes.len() + piece.len() <= MAX_LETTER_BYTES => bytes.extend_from_slice(&piece),
                // Too big to be a letter: it cannot match.
                Ok(Some(_)) => return Redirect::to(&format!("{page}?file=altered")).into_response(),
                Ok(None) => break,
                Err(_) => return StatusCode::BAD_REQUEST.into_response(),
            }
        }
        break;
    }
    match crate::leave::letters::is_authentic(&state.db, &code, &bytes).await {
        Ok(Some(true)) => Redirect::to(&format!("{page}?file=authentic")).into_response(),
        Ok(Some(false)) => Redirect::to(&format!("{page}?file=altered")).into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "checking a leave letter failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    year: Option<String>,
}

async fn export(
    State(state): State<AppState>,
    SignedIn(current): SignedIn,
    request: RequestInfo,
    Query(q): Query<ExportQuery>,
) -> Response {
    let now = state.clock.now();
    let admin = current.employee_id;
    // An agency's leave register leaves only towards the admin networks.
    if let Err(e) = crate::org::guard::admin_network(&state, admin, &request).await {
        return e.http_status().into_response();
    }
    let year = match q.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        None => crate::domain::date::today(now).year(),
        Some(y) => match y.parse::<u16>() {
            Ok(y) if (2000..=2100).contains(&y) => y,
            _ => return (StatusCode::BAD_REQUEST, "year must be YYYY").into_response(),
        },
    };
    let body = match crate::leave::export::csv(&state.db, admin, year).await {
        Ok(body) => body,
        Err(LeaveError::Forbidden) => return StatusCode::FORBIDDEN.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "building the leave export failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    crate::server::csv::download(body, &format!("cuti-{year}.csv"))
}
