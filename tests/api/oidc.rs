//! The OpenID Connect provider, driven by an independent relying party
//! library (the `openidconnect` crate) against the running server; the
//! browser's part (session cookie, consent form) is played with plain HTTP.

mod flow;
mod logout;
mod refresh;
mod rules;

use app::server::time::Clock;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreGenderClaim, CoreProviderMetadata};
use openidconnect::{
    AdditionalClaims, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, UserInfoClaims,
};
use serde::{Deserialize, Serialize};

use crate::helpers::{Engine, TestApp};
use crate::sign_in::{NIP, PASSWORD, account_holder, sign_in};

pub const REDIRECT: &str = "https://kinerja.example.go.id/callback";

pub type Rp =
    CoreClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointMaybeSet, EndpointMaybeSet>;

/// The portal's own claims, as a relying party declares them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AsnClaims {
    pub nip: Option<String>,
    pub agency: Option<String>,
    pub agency_code: Option<String>,
    pub unit: Option<String>,
    pub position: Option<String>,
    pub rank: Option<String>,
    pub employee_kind: Option<String>,
}
impl AdditionalClaims for AsnClaims {}

pub type Userinfo = UserInfoClaims<AsnClaims, CoreGenderClaim>;

/// A portal whose public URL is its real address, so the issuer the
/// library discovers is the one it talks to.
pub async fn provider(engine: Engine, extra: &[(&str, &str)]) -> TestApp {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let bind = format!("127.0.0.1:{port}");
    let url = format!("http://127.0.0.1:{port}");
    let mut settings = vec![("ASN_BIND", bind.as_str()), ("ASN_PUBLIC_URL", url.as_str())];
    settings.extend_from_slice(extra);
    TestApp::spawn_with(engine, &settings).await
}

pub struct Registration<'a> {
    pub client_id: &'a str,
    pub public: bool,
    pub first_party: bool,
    pub agencies: &'a [String],
    pub scopes: &'a str,
    pub backchannel: Option<&'a str>,
    pub nip_as_sub: bool,
}

impl Default for Registration<'_> {
    fn default() -> Self {
        Registration {
            client_id: "e-kinerja",
            public: false,
            first_party: false,
            agencies: &[],
            scopes: "openid profile email asn",
            backchannel: None,
            nip_as_sub: false,
        }
    }
}

/// Registers a client as `asn-portal oidc register` does; returns its secret.
pub async fn register(app: &TestApp, r: Registration<'_>) -> Option<String> {
    use app::oidc::client::{ClientInput, NewClient};
    let redirects = vec![REDIRECT.to_string()];
    let post_logout = vec!["https://kinerja.example.go.id/signed-out".to_string()];
    let client = NewClient::new(&ClientInput {
        client_id: r.client_id,
        name: "e-Kinerja",
        redirect_uris: &redirects,
        post_logout_redirect_uris: &post_logout,
        backchannel_logout_uri: r.backchannel,
        scopes: r.scopes,
        confidential: !r.public,
        first_party: r.first_party,
        nip_as_sub: r.nip_as_sub,
        agencies: r.agencies,
        ..Default::default()
    })
    .unwrap();
    app::oidc::repo::register(&app.db, &client, false, app.clock.now()).await.unwrap()
}

pub fn http() -> openidconnect::reqwest::Client {
    openidconnect::reqwest::Client::builder()
        .redirect(openidconnect::reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The relying party, configured from the portal's discovery document.
pub async fn relying_party(app: &TestApp, client_id: &str, secret: Option<String>) -> Rp {
    let metadata = CoreProviderMetadata::discover_async(IssuerUrl::new(app.address.clone()).unwrap(), &http())
        .await
        .expect("discovery");
    CoreClient::from_provider_metadata(metadata, ClientId::new(client_id.into()), secret.map(ClientSecret::new))
        .set_redirect_uri(RedirectUrl::new(REDIRECT.into()).unwrap())
}

/// One authorization request: where to send the browser, and what the
/// relying party keeps to check the answer.
pub struct Request {
    pub url: String,
    pub state: CsrfToken,
    pub nonce: Nonce,
    pub verifier: PkceCodeVerifier,
}

pub fn request(rp: &Rp, scopes: &[&str]) -> Request {
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut r = rp.authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random);
    for s in scopes {
        r = r.add_scope(Scope::new((*s).into()));
    }
    let (url, state, nonce) = r.set_pkce_challenge(challenge).url();
    Request { url: url.to_string(), state, nonce, verifier }
}

/// An employee with password and authenticator, signed in to the portal;
/// returns (employee id, session token).
pub async fn signed_in(app: &TestApp) -> (i64, String) {
    let id = account_holder(app).await;
    let answer = sign_in(app, NIP, PASSWORD, "/dashboard", None).await;
    assert_eq!(answer.location, "/dashboard");
    (id, answer.token.expect("a session"))
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

pub fn location(r: &reqwest::Response) -> String {
    r.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default()
}

/// The browser at an authorization URL with this session ("" for none):
/// the answer's status and `Location`.
pub async fn visit(app: &TestApp, url: &str, token: &str) -> (u16, String) {
    let url = if url.starts_with('/') { app.url(url) } else { url.to_string() };
    let r = no_redirects().get(url).header("cookie", format!("asn_session={token}")).send().await.unwrap();
    (r.status().as_u16(), location(&r))
}

/// The consent screen's answer, posted as the page's form does.
pub async fn decide(app: &TestApp, consent_path: &str, token: &str, decision: &str) -> (u16, String) {
    let request = consent_path.split("request=").nth(1).expect("a consent request");
    let r = no_redirects()
        .post(app.url("/oauth/consent/decide"))
        .header("cookie", format!("asn_session={token}"))
        .header("origin", &app.address)
        .form(&[("request", request), ("decision", decision)])
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), location(&r))
}

/// Follows an authorization request through consent (allowing) to the
/// code the portal sends back; checks `state` and `iss` on the way.
pub async fn authorize(app: &TestApp, req: &Request, token: &str) -> String {
    let (status, mut to) = visit(app, &req.url, token).await;
    assert!(matches!(status, 302 | 303), "authorize answered {status}");
    if to.starts_with("/oauth/consent?") {
        let (status, next) = decide(app, &to, token, "allow").await;
        assert!(matches!(status, 302 | 303), "consent answered {status}");
        to = next;
    }
    let params = query(&to);
    assert!(to.starts_with(REDIRECT), "sent to {to}");
    assert_eq!(params.get("state").map(String::as_str), Some(req.state.secret().as_str()));
    assert_eq!(params.get("iss").map(String::as_str), Some(app.address.as_str()));
    params.get("code").cloned().unwrap_or_else(|| panic!("no code in {to}"))
}

pub fn query(url: &str) -> std::collections::HashMap<String, String> {
    let parsed = url::Url::parse(url).or_else(|_| url::Url::parse(&format!("http://x{url}"))).unwrap();
    parsed.query_pairs().into_owned().collect()
}

pub async fn exchange(
    rp: &Rp,
    code: &str,
    verifier: PkceCodeVerifier,
) -> Result<openidconnect::core::CoreTokenResponse, String> {
    rp.exchange_code(AuthorizationCode::new(code.into()))
        .unwrap()
        .set_pkce_verifier(verifier)
        .request_async(&http())
        .await
        .map_err(|e| match e {
            openidconnect::RequestTokenError::ServerResponse(r) => r.error().to_string(),
            other => format!("{other:?}"),
        })
}

pub async fn events(app: &TestApp, event: &str) -> Vec<(Option<String>, Option<String>)> {
    sqlx::query_as("SELECT reason, detail FROM audit_events WHERE event = $1 ORDER BY id")
        .bind(event)
        .fetch_all(app.db.pool())
        .await
        .unwrap()
}
