//! The OpenID Connect provider's HTTP endpoints (the logic is in
//! `crate::oidc`):
//! - `GET /.well-known/openid-configuration`: discovery;
//! - `GET /oauth/jwks`: the published signing keys;
//! - `GET /oauth/authorize`: the authorization endpoint (code + PKCE S256);
//! - `POST /oauth/consent/decide`: the consent screen's answer;
//! - `POST /oauth/token`: codes and refresh tokens for tokens;
//! - `GET|POST /oauth/userinfo`: claims for a bearer access token;
//! - `GET|POST /oauth/logout`: RP-initiated logout (end session);
//! - `GET /oauth/clients/{client_id}/logo`: a service's logo, for the
//!   portal's own pages.

use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use serde_json::json;

use crate::audit::RequestInfo;
use crate::oidc::flow::{self, AuthorizeParams, Outcome, PageError};
use crate::oidc::logout::{self, EndSessionParams};
use crate::oidc::token::{self, TokenError, TokenForm};
use crate::oidc::{claims, keys};
use crate::server::AppState;
use crate::server::context::{SignedIn, presented_session};
use crate::server::session::{self, Current};
use crate::ui::html::escape;

/// The provider's endpoints.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/.well-known/openid-configuration", get(discovery))
        .route("/oauth/jwks", get(jwks))
        .route("/oauth/clients/{client_id}/logo", get(logo))
        .route("/oauth/authorize", get(authorize))
        .route("/oauth/consent/decide", post(decide))
        .route("/oauth/token", post(token).options(preflight))
        .route("/oauth/userinfo", get(userinfo).post(userinfo).options(preflight))
        .route("/oauth/logout", get(end_session).post(end_session_confirmed))
}

/// The browser's session at whatever stage, if it has one.
async fn session_of(state: &AppState, headers: &HeaderMap) -> Result<Option<(String, Current)>, StatusCode> {
    match presented_session(state, headers).await {
        Ok(found) => Ok(found),
        Err(e) => {
            tracing::error!(error = %e, "loading a session failed");
            Err(StatusCode::SERVICE_UNAVAILABLE)
        }
    }
}

/// A small bilingual page of the portal's own (errors, the hand-over back
/// to a service, the sign-out question).
fn page(status: StatusCode, title: &str, body: &str, head: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">{head}\
         <link rel=\"stylesheet\" href=\"/pkg/{}.css\"><title>{title}</title></head>\
         <body><main id=\"main\"><section class=\"card\" data-testid=\"oidc-page\">{body}</section></main></body></html>",
        crate::OUTPUT_NAME
    );
    let mut response = (status, html).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn error_page(e: PageError) -> Response {
    let (id, en) = match e {
        PageError::UnknownClient => {
            ("Layanan ini tidak terdaftar di Portal ASN.", "This service is not registered with the ASN Portal.")
        }
        PageError::BadRedirectUri => (
            "Alamat kembali layanan ini tidak terdaftar, jadi Portal ASN tidak mengirim Anda ke sana.",
            "This service's return address is not registered, so the ASN Portal does not send you there.",
        ),
        PageError::Malformed => (
            "Permintaan ini tidak dapat dibaca. Kembali ke layanan dan coba lagi.",
            "This request could not be read. Go back to the service and try again.",
        ),
        PageError::RequestGone => (
            "Permintaan ini sudah tidak berlaku. Kembali ke layanan dan masuk lagi.",
            "This request is no longer valid. Go back to the service and sign in again.",
        ),
    };
    let body = format!(
        "<h1>Permintaan masuk ditolak</h1><p role=\"alert\" data-testid=\"oidc-error\">{id}</p>\
         <p lang=\"en\">Sign-in request refused. {en}</p><a class=\"button\" href=\"/dashboard\">Beranda / Home</a>"
    );
    page(StatusCode::BAD_REQUEST, "Permintaan ditolak · Request refused", &body, "")
}

/// Back to the service. A browser that came here from one of the portal's
/// own pages (after the sign-in or consent form) gets a page that moves on
/// by itself: the portal's `form-action 'self'` policy would stop a
/// redirect chain that began with a form post from leaving the site.
fn to_client(url: &str, headers: &HeaderMap) -> Response {
    let from_portal = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("same-origin");
    if !from_portal {
        return Redirect::to(url).into_response();
    }
    let url = escape(url);
    let body = format!(
        "<h1>Kembali ke layanan…</h1><p><a class=\"button\" href=\"{url}\" data-testid=\"oidc-continue\">\
         Lanjutkan / Continue</a></p>"
    );
    page(
        StatusCode::OK,
        "Kembali ke layanan · Returning to the service",
        &body,
        &format!(
            "<meta http-equiv=\"refresh\" content=\"0;url={url}\"><meta name=\"referrer\" content=\"no-referrer\">"
        ),
    )
}

fn answer(outcome: Outcome, headers: &HeaderMap) -> Response {
    match outcome {
        Outcome::Page(e) => error_page(e),
        Outcome::Client(url) => to_client(&url, headers),
        Outcome::Portal(path) => Redirect::to(&path).into_response(),
    }
}

fn no_store(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    response
}

async fn discovery(State(state): State<AppState>) -> Response {
    let issuer = &state.settings.public_url;
    let body = json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/oauth/authorize"),
        "token_endpoint": format!("{issuer}/oauth/token"),
        "userinfo_endpoint": format!("{issuer}/oauth/userinfo"),
        "jwks_uri": format!("{issuer}/oauth/jwks"),
        "end_session_endpoint": format!("{issuer}/oauth/logout"),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "subject_types_supported": ["pairwise", "public"],
        "id_token_signing_alg_values_supported": [keys::ALG],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": crate::oidc::scope::Scope::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "sid", "azp",
            "name", "email", "nip", "agency", "agency_code", "unit", "position", "rank", "employee_kind"],
        "acr_values_supported": [token::ACR_MFA],
        "prompt_values_supported": ["none", "login", "consent"],
        "claims_parameter_supported": false,
        "request_parameter_supported": false,
        "request_uri_parameter_supported": false,
        "authorization_response_iss_parameter_supported": true,
        "backchannel_logout_supported": true,
        "backchannel_logout_session_supported": true,
        "ui_locales_supported": ["id", "en"],
    });
    let mut response = axum::Json(body).into_response();
    response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    response
}

/// A registered service's logo (PNG or JPEG, checked when registered).
/// Pages link it with the registration time in the query, so it may be
/// kept for a day.
async fn logo(State(state): State<AppState>, axum::extract::Path(client_id): axum::extract::Path<String>) -> Response {
    match crate::oidc::repo::logo(&state.db, &client_id).await {
        Ok(Some((content_type, bytes))) => (
            [(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=86400".to_string())],
            bytes,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "reading a service's logo failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

async fn jwks(State(state): State<AppState>) -> Response {
    let now = state.clock.now();
    // A first request on an empty database makes the first key.
    if let Err(e) = keys::signing_key(&state.db, &state.mfa.keyring, now).await {
        tracing::error!(error = %e, "no ID-token signing key");
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    match keys::published(&state.db, now).await {
        Ok(list) => {
            let mut response = axum::Json(json!({ "keys": list })).into_response();
            response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
            response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "reading the published keys failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

async fn authorize(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: RequestInfo,
    params: Result<Query<AuthorizeParams>, QueryRejection>,
) -> Response {
    let Ok(Query(params)) = params else { return error_page(PageError::Malformed) };
    let current = match session_of(&state, &headers).await {
        Ok(c) => c.map(|(_, c)| c),
        Err(status) => return status.into_response(),
    };
    match flow::authorize(&state, &params, current.as_ref(), &request).await {
        Ok(outcome) => answer(outcome, &headers),
        Err(e) => {
            tracing::error!(error = %e, "authorization request failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct DecideForm {
    request: String,
    decision: String,
}

async fn decide(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: RequestInfo,
    signed_in: Result<SignedIn, StatusCode>,
    form: Result<Form<DecideForm>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else { return error_page(PageError::Malformed) };
    let current = match signed_in {
        Ok(SignedIn(c)) => c,
        Err(StatusCode::UNAUTHORIZED) => return Redirect::to("/sign-in").into_response(),
        Err(status) => return status.into_response(),
    };
    let allow = form.decision == "allow";
    match flow::decide(&state, &current, form.request.trim(), allow, &request).await {
        Ok(outcome) => answer(outcome, &headers),
        Err(e) => {
            tracing::error!(error = %e, "consent decision failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

fn token_error(e: TokenError) -> Response {
    let status = match e {
        TokenError::InvalidClient => StatusCode::UNAUTHORIZED,
        TokenError::SlowDown => StatusCode::TOO_MANY_REQUESTS,
        TokenError::Server => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::BAD_REQUEST,
    };
    let mut response =
        (status, axum::Json(json!({ "error": e.code(), "error_description": e.description() }))).into_response();
    if e == TokenError::InvalidClient {
        response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Basic realm=\"asn-portal\""));
    }
    no_store(response)
}

async fn token(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: RequestInfo,
    body: Result<Form<TokenForm>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = body else {
        return token_error(TokenError::InvalidRequest("send an application/x-www-form-urlencoded body"));
    };
    let basic = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(token::basic_credentials);
    match token::token(&state, basic, &form, &request).await {
        Ok(tokens) => no_store(axum::Json(tokens).into_response()),
        Err(e) => token_error(e),
    }
}

/// CORS preflight for the endpoints a browser-based service calls.
async fn preflight() -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    let h = response.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, POST"));
    h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("authorization, content-type"));
    h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
    response
}

async fn userinfo(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim);
    let refused = |error: &'static str| {
        let mut response = StatusCode::UNAUTHORIZED.into_response();
        let value = if error.is_empty() {
            HeaderValue::from_static("Bearer realm=\"asn-portal\"")
        } else {
            HeaderValue::from_static("Bearer realm=\"asn-portal\", error=\"invalid_token\"")
        };
        response.headers_mut().insert(header::WWW_AUTHENTICATE, value);
        no_store(response)
    };
    let Some(bearer) = bearer else { return refused("") };
    match claims::userinfo(&state, bearer).await {
        Ok(claims) => no_store(axum::Json(claims).into_response()),
        Err(claims::UserinfoError::InvalidToken) => refused("invalid_token"),
        Err(claims::UserinfoError::Server) => no_store(StatusCode::SERVICE_UNAVAILABLE.into_response()),
    }
}

async fn sign_out_and_leave(
    state: &AppState,
    token: Option<&str>,
    after: Option<String>,
    request: &RequestInfo,
    headers: &HeaderMap,
) -> Response {
    if let Some(token) = token
        && let Err(e) = crate::account::sign_out::end_session(state, token, request).await
    {
        tracing::error!(error = ?e, "signing out failed");
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    let mut response = match after {
        Some(url) => to_client(&url, headers),
        None => Redirect::to("/sign-in").into_response(),
    };
    if let Ok(v) = HeaderValue::from_str(&session::clear_cookie(state.settings.cookie_secure)) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

/// What both logout endpoints start from: the browser's session (if any),
/// where to go afterwards (if the hint and address allow it), and the
/// request's details for the audit trail.
struct Logout {
    session: Option<(String, Current)>,
    after: Option<String>,
    request: RequestInfo,
}

async fn logout_context(
    state: &AppState,
    headers: &HeaderMap,
    request: RequestInfo,
    params: &EndSessionParams,
) -> Result<Logout, Response> {
    let session = session_of(state, headers).await.map_err(IntoResponse::into_response)?;
    let after = logout::after_sign_out(state, params).await;
    Ok(Logout { session, after, request })
}

/// `GET /oauth/logout`: a service asks to end the portal session. With an
/// `id_token_hint` for this very session the portal signs out at once;
/// otherwise it asks the user first (no site can sign anyone out unasked).
async fn end_session(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: RequestInfo,
    params: Result<Query<EndSessionParams>, QueryRejection>,
) -> Response {
    let Ok(Query(params)) = params else { return error_page(PageError::Malformed) };
    let Logout { session, after, request } = match logout_context(&state, &headers, request, &params).await {
        Ok(context) => context,
        Err(response) => return response,
    };
    let Some((token, current)) = session else {
        return sign_out_and_leave(&state, None, after, &request, &headers).await;
    };
    let hint_sid = match params.id_token_hint.as_deref() {
        Some(hint) => keys::verify(&state.db, hint, state.clock.now())
            .await
            .and_then(|c| c.get("sid").and_then(|s| s.as_str()).map(str::to_string)),
        None => None,
    };
    if hint_sid.as_deref() == Some(flow::sid_of(current.id_hash()).as_str()) {
        return sign_out_and_leave(&state, Some(&token), after, &request, &headers).await;
    }
    let hidden = |name: &str, value: &Option<String>| {
        value
            .as_deref()
            .map_or(String::new(), |v| format!("<input type=\"hidden\" name=\"{name}\" value=\"{}\">", escape(v)))
    };
    let body = format!(
        "<h1>Keluar dari Portal ASN?</h1><p>Sebuah layanan meminta Anda keluar dari Portal ASN.</p>\
         <p lang=\"en\">A service asks you to sign out of the ASN Portal.</p>\
         <form method=\"post\" action=\"/oauth/logout\">{}{}{}{}\
         <button type=\"submit\" class=\"button\" data-testid=\"oidc-sign-out\">Keluar / Sign out</button></form>\
         <p><a href=\"/dashboard\">Tetap masuk / Stay signed in</a></p>",
        hidden("id_token_hint", &params.id_token_hint),
        hidden("post_logout_redirect_uri", &params.post_logout_redirect_uri),
        hidden("state", &params.state),
        hidden("client_id", &params.client_id),
    );
    page(StatusCode::OK, "Keluar? · Sign out?", &body, "")
}

/// `POST /oauth/logout`: the user confirmed (a same-origin form; the
/// Origin check has passed).
async fn end_session_confirmed(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: RequestInfo,
    params: Result<Form<EndSessionParams>, FormRejection>,
) -> Response {
    let Ok(Form(params)) = params else { return error_page(PageError::Malformed) };
    let Logout { session, after, request } = match logout_context(&state, &headers, request, &params).await {
        Ok(context) => context,
        Err(response) => return response,
    };
    sign_out_and_leave(&state, session.as_ref().map(|(t, _)| t.as_str()), after, &request, &headers).await
}
