//! Security headers on every response, and the per-request nonce that lets
//! Leptos's own hydration scripts run under a CSP that forbids inline script.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderName, HeaderValue, header};

use app::CspNonce;

#[derive(Clone, Copy)]
pub struct SecurityPolicy {
    /// Adds Strict-Transport-Security (production, behind https).
    pub hsts: bool,
}

pub fn content_security_policy(nonce: &str) -> String {
    // 'wasm-unsafe-eval' allows compiling the WASM bundle, nothing else.
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

pub async fn layer(State(policy): State<SecurityPolicy>, mut request: Request, next: Next) -> Response {
    let nonce = {
        use app::server::base64::encode;
        encode(&rand::random::<[u8; 16]>())
    };
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // A handler's own policy (the sandbox of an uploaded image) is kept:
    // with two policies a browser enforces both.
    if let Ok(v) = HeaderValue::from_str(&content_security_policy(&nonce)) {
        headers.append(header::CONTENT_SECURITY_POLICY, v);
    }
    let mut set = |name: HeaderName, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            headers.insert(name, v);
        }
    };
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::REFERRER_POLICY, "same-origin");
    set(HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    set(HeaderName::from_static("cross-origin-resource-policy"), "same-origin");
    set(HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), payment=(), geolocation=(self)");
    if policy.hsts {
        set(header::STRICT_TRANSPORT_SECURITY, "max-age=63072000; includeSubDomains");
    }
    response
}
