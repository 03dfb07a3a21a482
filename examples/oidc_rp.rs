//! A tiny service that signs civil servants in through asn-portal, the way
//! any OpenID Connect relying party would: it knows only the portal's
//! issuer URL and its own client id, and uses the `openidconnect` crate.
//! The end-to-end tests sign in to it; it also shows what a service has to
//! do (see the README's "Single sign-on").
//!
//! ```text
//! asn-portal oidc register --client-id contoh-layanan --name "Contoh Layanan" --public \
//!     --redirect-uri http://127.0.0.1:3101/callback --home-url http://127.0.0.1:3101/ \
//!     --post-logout-redirect-uri http://127.0.0.1:3101/ --scopes "openid profile asn"
//! RP_ISSUER=http://127.0.0.1:3000 cargo run --example oidc_rp
//! ```
//!
//! Settings: `RP_ISSUER` (required), `RP_BIND` (127.0.0.1:3101),
//! `RP_CLIENT_ID` (contoh-layanan), `RP_CLIENT_SECRET` (none: a public
//! client). Sessions live in memory.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreGenderClaim, CoreProviderMetadata};
use openidconnect::{
    AdditionalClaims, AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse, UserInfoClaims,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
struct AsnClaims {
    nip: Option<String>,
    agency: Option<String>,
    position: Option<String>,
}
impl AdditionalClaims for AsnClaims {}

struct Signed {
    name: String,
    nip: String,
    agency: String,
    id_token: String,
}

struct Rp {
    issuer: String,
    base: String,
    client_id: String,
    client_secret: Option<String>,
    pending: Mutex<HashMap<String, (String, String)>>,
    sessions: Mutex<HashMap<String, Signed>>,
    http: openidconnect::reqwest::Client,
}

type Shared = Arc<Rp>;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn page(body: &str) -> Response {
    Html(format!(
        "<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>Contoh Layanan</title></head><body>\
         <h1>Contoh Layanan</h1>{body}</body></html>"
    ))
    .into_response()
}

fn session_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::COOKIE)?
        .to_str()
        .ok()?
        .split(';')
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| *k == "rp_session")
        .map(|(_, v)| v.to_string())
}

async fn client(rp: &Rp) -> Result<ClientOf, String> {
    let issuer = IssuerUrl::new(rp.issuer.clone()).map_err(|e| e.to_string())?;
    let metadata =
        CoreProviderMetadata::discover_async(issuer, &rp.http).await.map_err(|e| format!("discovery: {e}"))?;
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(rp.client_id.clone()),
        rp.client_secret.clone().map(ClientSecret::new),
    )
    .set_redirect_uri(RedirectUrl::new(format!("{}/callback", rp.base)).map_err(|e| e.to_string())?);
    Ok(client)
}

type ClientOf = CoreClient<
    openidconnect::EndpointSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointMaybeSet,
    openidconnect::EndpointMaybeSet,
>;

#[derive(Deserialize)]
struct Home {
    iss: Option<String>,
}

async fn home(State(rp): State<Shared>, headers: HeaderMap, Query(q): Query<Home>) -> Response {
    let id = session_id(&headers);
    if let Some(s) = id
        .as_ref()
        .and_then(|id| rp.sessions.lock().unwrap().get(id).map(|s| (s.name.clone(), s.nip.clone(), s.agency.clone())))
    {
        return page(&format!(
            "<p data-testid=\"rp-user\">Masuk sebagai {}</p><p>NIP <span data-testid=\"rp-nip\">{}</span> · {}</p>\
             <p><a href=\"/logout\" data-testid=\"rp-logout\">Keluar</a></p>",
            escape(&s.0),
            escape(&s.1),
            escape(&s.2)
        ));
    }
    // Third-party-initiated login: the portal's dashboard tile names the issuer.
    if q.iss.as_deref() == Some(rp.issuer.as_str()) {
        return Redirect::to("/login").into_response();
    }
    page("<p><a href=\"/login\" data-testid=\"rp-login\">Masuk dengan Portal ASN</a></p>")
}

async fn login(State(rp): State<Shared>) -> Response {
    let client = match client(&rp).await {
        Ok(c) => c,
        Err(e) => return page(&format!("<p role=\"alert\">{}</p>", escape(&e))),
    };
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = client
        .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
        .add_scope(Scope::new("profile".into()))
        .add_scope(Scope::new("asn".into()))
        .set_pkce_challenge(challenge)
        .url();
    rp.pending.lock().unwrap().insert(state.secret().clone(), (verifier.secret().clone(), nonce.secret().clone()));
    Redirect::to(url.as_str()).into_response()
}

#[derive(Deserialize)]
struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

async fn callback(State(rp): State<Shared>, Query(q): Query<Callback>) -> Response {
    let fail = |e: String| page(&format!("<p role=\"alert\" data-testid=\"rp-error\">{}</p>", escape(&e)));
    if let Some(e) = q.error {
        return fail(format!("the portal refused: {e}"));
    }
    let Some((verifier, nonce)) = q.state.and_then(|s| rp.pending.lock().unwrap().remove(&s)) else {
        return fail("unknown state".into());
    };
    let client = match client(&rp).await {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let Ok(request) = client.exchange_code(AuthorizationCode::new(q.code.unwrap_or_default())) else {
        return fail("no token endpoint".into());
    };
    let tokens = match request.set_pkce_verifier(PkceCodeVerifier::new(verifier)).request_async(&rp.http).await {
        Ok(t) => t,
        Err(e) => return fail(format!("token request: {e}")),
    };
    let Some(id_token) = tokens.id_token() else { return fail("no ID token".into()) };
    let claims = match id_token.claims(&client.id_token_verifier(), &Nonce::new(nonce)) {
        Ok(c) => c.clone(),
        Err(e) => return fail(format!("ID token: {e}")),
    };
    let info: UserInfoClaims<AsnClaims, CoreGenderClaim> =
        match client.user_info(tokens.access_token().clone(), Some(claims.subject().clone())) {
            Ok(r) => match r.request_async(&rp.http).await {
                Ok(i) => i,
                Err(e) => return fail(format!("userinfo: {e}")),
            },
            Err(e) => return fail(format!("userinfo: {e}")),
        };
    let signed = Signed {
        name: info.name().and_then(|n| n.get(None)).map(|n| n.to_string()).unwrap_or_default(),
        nip: info.additional_claims().nip.clone().unwrap_or_default(),
        agency: info.additional_claims().agency.clone().unwrap_or_default(),
        id_token: id_token.to_string(),
    };
    let id = CsrfToken::new_random().secret().clone();
    rp.sessions.lock().unwrap().insert(id.clone(), signed);
    let mut response = Redirect::to("/").into_response();
    if let Ok(cookie) = HeaderValue::from_str(&format!("rp_session={id}; Path=/; HttpOnly; SameSite=Lax")) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

async fn logout(State(rp): State<Shared>, headers: HeaderMap) -> Response {
    let Some(signed) = session_id(&headers).and_then(|id| rp.sessions.lock().unwrap().remove(&id)) else {
        return Redirect::to("/").into_response();
    };
    let mut to = url::Url::parse(&format!("{}/oauth/logout", rp.issuer)).expect("issuer URL");
    to.query_pairs_mut()
        .append_pair("id_token_hint", &signed.id_token)
        .append_pair("post_logout_redirect_uri", &format!("{}/", rp.base));
    Redirect::to(to.as_str()).into_response()
}

#[tokio::main]
async fn main() {
    let issuer = std::env::var("RP_ISSUER").expect("RP_ISSUER: the portal's public URL");
    let bind = std::env::var("RP_BIND").unwrap_or_else(|_| "127.0.0.1:3101".into());
    let rp = Arc::new(Rp {
        issuer: issuer.trim_end_matches('/').to_string(),
        base: format!("http://{bind}"),
        client_id: std::env::var("RP_CLIENT_ID").unwrap_or_else(|_| "contoh-layanan".into()),
        client_secret: std::env::var("RP_CLIENT_SECRET").ok(),
        pending: Mutex::default(),
        sessions: Mutex::default(),
        http: openidconnect::reqwest::Client::builder()
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .build()
            .expect("an HTTP client"),
    });
    let app = axum::Router::new()
        .route("/", get(home))
        .route("/login", get(login))
        .route("/callback", get(callback))
        .route("/logout", get(logout))
        .route("/healthz", get(|| async { "ok" }))
        .with_state(rp);
    let listener = tokio::net::TcpListener::bind(&bind).await.expect("RP_BIND");
    axum::serve(listener, app).await.expect("serve");
}
