//! server_fn answers every error it raises itself with 500, including a
//! request whose arguments do not parse (a missing or malformed field),
//! before any of our code runs. That is the caller's fault: this layer turns
//! such answers (`AppError::Validation` in the body) into 400. Errors our
//! server functions return set their own status and pass through untouched.

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
    if bytes.starts_with(br#"{"Validation""#) {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, Body::from(bytes))
}
