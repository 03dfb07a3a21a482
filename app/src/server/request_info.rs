//! Who made a request, for the audit trail and the rate limits.

use axum::extract::FromRequestParts;
use http::header::USER_AGENT;
use http::request::Parts;

/// Who made a request, for the audit trail. Every field is empty for CLI
/// actions.
#[derive(Debug, Clone, Default)]
pub struct RequestInfo {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
}

impl RequestInfo {
    /// The client address as the proxy rules resolved it (the client-ip
    /// middleware), the user agent and the request id.
    pub fn from_parts(parts: &Parts) -> Self {
        let ip = parts.extensions.get::<crate::ClientIp>().map(|c| c.to_string()).or_else(|| {
            parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip().to_string())
        });
        let text = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        RequestInfo { ip, user_agent: text(USER_AGENT.as_str()), request_id: text("x-request-id") }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestInfo {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(RequestInfo::from_parts(parts))
    }
}
