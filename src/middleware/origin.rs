//! Cross-site request refusal for every state-changing request.
//!
//! Browsers send `Origin` (and `Sec-Fetch-Site`) on every POST, form posts
//! included; a request whose origin is not the portal's is refused before it
//! reaches a handler. Requests with neither header come from non-browser
//! clients, which cannot carry a victim's cookies, and pass.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{Method, StatusCode, header};
use std::sync::Arc;

#[derive(Clone)]
pub struct OriginPolicy {
    /// `scheme://host[:port]` of ASN_PUBLIC_URL.
    pub public_origin: String,
    /// Dev mode also accepts the origin of the Host the browser used, so
    /// `localhost` and `127.0.0.1` both work locally.
    pub allow_host_origin: bool,
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

pub fn allowed(policy: &OriginPolicy, method: &Method, headers: &http::HeaderMap) -> bool {
    if is_safe(method) {
        return true;
    }
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if get("sec-fetch-site") == Some("cross-site") {
        return false;
    }
    let origin = get(header::ORIGIN.as_str()).or_else(|| {
        // Some privacy tools strip Origin but keep a same-origin Referer.
        get(header::REFERER.as_str()).map(|r| {
            let end = r.match_indices('/').nth(2).map_or(r.len(), |(i, _)| i);
            &r[..end]
        })
    });
    match origin {
        None => matches!(get("sec-fetch-site"), None | Some("same-origin")),
        Some(origin) => {
            origin == policy.public_origin
                || (policy.allow_host_origin
                    && get(header::HOST.as_str()).is_some_and(|host| origin == format!("http://{host}")))
        }
    }
}

/// Endpoints that no cookie authenticates (a service's own credentials or
/// bearer token do), which browser-based services call from their origin.
const CROSS_ORIGIN_APIS: [&str; 2] = ["/oauth/token", "/oauth/userinfo"];

pub async fn layer(State(policy): State<Arc<OriginPolicy>>, request: Request, next: Next) -> Response {
    if CROSS_ORIGIN_APIS.contains(&request.uri().path()) || allowed(&policy, request.method(), request.headers()) {
        return next.run(request).await;
    }
    tracing::warn!(origin = ?request.headers().get(header::ORIGIN), "cross-origin state change refused");
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Permintaan ditolak: asal permintaan tidak dikenal.\nRequest refused: unknown origin.\n",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderMap;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    fn policy(dev: bool) -> OriginPolicy {
        OriginPolicy { public_origin: "https://portal.example.go.id".into(), allow_host_origin: dev }
    }

    #[test]
    fn same_origin_posts_pass_and_foreign_ones_are_refused() {
        let p = policy(false);
        assert!(allowed(&p, &Method::POST, &headers(&[("origin", "https://portal.example.go.id")])));
        assert!(!allowed(&p, &Method::POST, &headers(&[("origin", "https://evil.example")])));
        assert!(!allowed(&p, &Method::POST, &headers(&[("origin", "null")])));
        assert!(!allowed(&p, &Method::DELETE, &headers(&[("sec-fetch-site", "cross-site")])));
        assert!(allowed(&p, &Method::GET, &headers(&[("origin", "https://evil.example")])));
    }

    #[test]
    fn a_referer_stands_in_for_a_missing_origin() {
        let p = policy(false);
        assert!(allowed(&p, &Method::POST, &headers(&[("referer", "https://portal.example.go.id/cuti?x=1")])));
        assert!(!allowed(&p, &Method::POST, &headers(&[("referer", "https://portal.example.go.id.evil.example/")])));
    }

    #[test]
    fn a_browser_request_without_origin_is_refused_but_a_plain_client_passes() {
        let p = policy(false);
        assert!(!allowed(&p, &Method::POST, &headers(&[("sec-fetch-site", "same-site")])));
        assert!(allowed(&p, &Method::POST, &headers(&[])));
    }

    #[test]
    fn dev_mode_accepts_the_host_the_browser_used_and_production_does_not() {
        let h = headers(&[("origin", "http://localhost:3000"), ("host", "localhost:3000")]);
        assert!(allowed(&policy(true), &Method::POST, &h));
        assert!(!allowed(&policy(false), &Method::POST, &h));
    }
}
