//! server_fn answers every error with 500 unless the function set another
//! status, including a request whose arguments do not parse (a missing or
//! malformed field) before any of our code runs. This layer reads the
//! `AppError` in such a body and gives it its own status (`Validation` 400,
//! `Conflict` 409, `Unauthorized` 401 …), so a function that returns an
//! error without setting its status still answers correctly; only
//! `Internal` (and anything unreadable) stays 500.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::StatusCode;

/// Error bodies are a few dozen bytes; anything larger is not ours to read.
const MAX_ERROR_BODY: usize = 4096;

pub async fn layer(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR || !response.headers().contains_key("serverfnerror") {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        parts.status = error.http_status();
    }
    Response::from_parts(parts, Body::from(bytes))
}
