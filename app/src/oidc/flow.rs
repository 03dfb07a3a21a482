//! The authorization endpoint and the consent decision: who may sign in to
//! which service, and the single-use code that carries the answer back.

use serde::Deserialize;
use sqlx::AnyConnection;

use super::client::Client;
use super::repo;
use super::repo::requests;
use super::scope::{Scope, Scopes};
use crate::audit::{Actor, AuditKind, RequestInfo};
use crate::server::AppState;
use crate::server::session::{self, Current, new_token};

/// The query of `GET /oauth/authorize` (OIDC Core §3.1.2.1).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AuthorizeParams {
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub response_type: Option<String>,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub prompt: Option<String>,
    pub max_age: Option<String>,
    pub response_mode: Option<String>,
    pub request: Option<String>,
    pub request_uri: Option<String>,
    pub login_hint: Option<String>,
    pub ui_locales: Option<String>,
}

impl AuthorizeParams {
    /// This request again, without `prompt` (after the fresh sign-in that
    /// `prompt=login` asked for, the request must not ask again).
    pub fn path_without_prompt(&self) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        let fields = [
            ("client_id", &self.client_id),
            ("redirect_uri", &self.redirect_uri),
            ("response_type", &self.response_type),
            ("scope", &self.scope),
            ("state", &self.state),
            ("nonce", &self.nonce),
            ("code_challenge", &self.code_challenge),
            ("code_challenge_method", &self.code_challenge_method),
            ("max_age", &self.max_age),
            ("response_mode", &self.response_mode),
        ];
        for (k, v) in fields {
            if let Some(v) = v {
                q.append_pair(k, v);
            }
        }
        format!("/oauth/authorize?{}", q.finish())
    }
}

/// Why a request is refused before anything can go back to the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageError {
    UnknownClient,
    BadRedirectUri,
    /// The pending consent is gone (used, expired, another session's).
    RequestGone,
    /// The request's parameters do not parse (a repeated or malformed one).
    Malformed,
}

/// What the authorization endpoint answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// An error shown by the portal itself: the redirect URI is not trusted.
    Page(PageError),
    /// Back to the client (a code, or an OAuth error), absolute URL.
    Client(String),
    /// A portal page first: sign-in or consent (same-origin path).
    Portal(String),
}

#[derive(Debug, thiserror::Error)]
pub enum FlowError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
}

/// `redirect_uri` with the response parameters added (`iss` per RFC 9207).
pub fn client_redirect(redirect_uri: &str, issuer: &str, params: &[(&str, Option<&str>)]) -> String {
    let Ok(mut u) = url::Url::parse(redirect_uri) else { return redirect_uri.to_string() };
    {
        let mut q = u.query_pairs_mut();
        for (k, v) in params {
            if let Some(v) = v {
                q.append_pair(k, v);
            }
        }
        q.append_pair("iss", issuer);
    }
    u.to_string()
}

fn error_to(client_redirect_uri: &str, issuer: &str, error: &str, description: &str, state: Option<&str>) -> Outcome {
    Outcome::Client(client_redirect(
        client_redirect_uri,
        issuer,
        &[("error", Some(error)), ("error_description", Some(description)), ("state", state)],
    ))
}

/// A PKCE challenge: S256 of a 43–128 character verifier is 43 base64url characters.
fn valid_challenge(c: &str) -> bool {
    c.len() == 43 && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn too_long(v: &Option<String>) -> bool {
    v.as_ref().is_some_and(|s| s.len() > 512)
}

pub fn sid_of(session_hash: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(&Sha256::digest(format!("oidc-sid:{session_hash}").as_bytes())[..16])
}

async fn record(
    conn: &mut AnyConnection,
    kind: AuditKind,
    employee_id: i64,
    client: &Client,
    reason: Option<&str>,
    request: &RequestInfo,
) -> Result<(), sqlx::Error> {
    super::record(conn, kind, employee_id, &client.client_id, Actor::Employee(employee_id), reason, request).await
}

/// The authorization endpoint. `current` is the browser's session if it has
/// one (at any stage).
pub async fn authorize(
    state: &AppState,
    p: &AuthorizeParams,
    current: Option<&Current>,
    request: &RequestInfo,
) -> Result<Outcome, FlowError> {
    let issuer = state.settings.public_url.as_str();
    let mut conn = state.db.pool().acquire().await?;
    let client = match p.client_id.as_deref() {
        Some(id) => repo::find(&mut conn, id).await?,
        None => None,
    };
    let Some(client) = client.filter(|c| !c.disabled) else { return Ok(Outcome::Page(PageError::UnknownClient)) };
    let Some(redirect_uri) = p.redirect_uri.as_deref().filter(|r| client.has_redirect_uri(r)) else {
        return Ok(Outcome::Page(PageError::BadRedirectUri));
    };
    drop(conn);
    let st = p.state.as_deref();
    let refuse = |error: &str, description: &str| Ok(error_to(redirect_uri, issuer, error, description, st));
    if p.request.is_some() {
        return refuse("request_not_supported", "request objects are not supported");
    }
    if p.request_uri.is_some() {
        return refuse("request_uri_not_supported", "request_uri is not supported");
    }
    if p.response_type.as_deref() != Some("code") {
        return refuse(
            "unsupported_response_type",
            "only the authorization code flow (response_type=code) is supported",
        );
    }
    if p.response_mode.as_deref().is_some_and(|m| m != "query") {
        return refuse("invalid_request", "only response_mode=query is supported");
    }
    let asked = Scopes::parse_lenient(p.scope.as_deref().unwrap_or(""));
    if !asked.contains(Scope::OpenId) {
        return refuse("invalid_scope", "the openid scope is required");
    }
    let scopes = asked.intersect(&client.scopes);
    let Some(challenge) = p.code_challenge.as_deref() else {
        return refuse("invalid_request", "PKCE is required: send code_challenge with code_challenge_method=S256");
    };
    if p.code_challenge_method.as_deref() != Some("S256") || !valid_challenge(challenge) {
        return refuse("invalid_request", "code_challenge_method must be S256 with a 43-character challenge");
    }
    if too_long(&p.state) || too_long(&p.nonce) {
        return refuse("invalid_request", "state and nonce may be at most 512 characters");
    }
    let prompts: Vec<&str> = p.prompt.as_deref().unwrap_or("").split(' ').filter(|w| !w.is_empty()).collect();
    let prompt_none = prompts.contains(&"none");
    if prompt_none && prompts.len() > 1 {
        return refuse("invalid_request", "prompt=none cannot be combined with other values");
    }
    let max_age = match p.max_age.as_deref() {
        None => None,
        Some(v) => match v.parse::<i64>() {
            Ok(n) if n >= 0 => Some(n),
            _ => return refuse("invalid_request", "max_age must be a whole number of seconds"),
        },
    };

    // The employee: fully signed in, or sent to the portal's own sign-in.
    let here = p.path_without_prompt();
    let sign_in_path = |next: &str| format!("/sign-in?next={}", crate::ui::url::encode_query(next));
    let Some(current) = current.filter(|c| c.stage == session::Stage::SignedIn) else {
        if prompt_none {
            return refuse("login_required", "the user is not signed in to the portal");
        }
        let full = match &current {
            Some(c) => crate::ui::guard::step_path(c.stage, &here),
            None => sign_in_path(&here),
        };
        return Ok(Outcome::Portal(full));
    };
    let now = state.clock.now();
    let auth_time = session::authenticated_at(&state.db, current).await?.unwrap_or(now);
    let too_old = max_age.is_some_and(|m| now - auth_time > m);
    if prompts.contains(&"login") || too_old {
        if prompt_none {
            return refuse("login_required", "a fresh sign-in is required");
        }
        // Password and code again, in place: nothing ends unless the new
        // proof succeeds (a link from anywhere cannot sign anyone out), and
        // the request comes back without the prompt (`max_age` stays; the
        // fresh proof meets it).
        return Ok(Outcome::Portal(format!("/oauth/confirm?next={}", crate::ui::url::encode_query(&here))));
    }

    let mut tx = state.db.begin().await?;
    let agency = requests::active_agency(&mut tx, current.employee_id).await?;
    if !agency.is_some_and(|a| client.admits_agency(a)) {
        record(&mut tx, AuditKind::ServiceRefused, current.employee_id, &client, Some("agency"), request).await?;
        tx.commit().await?;
        return refuse("access_denied", "this service is not available to employees of your agency");
    }
    let grant = repo::grant(&mut tx, client.pk, current.employee_id).await?;
    let remembered = !grant.revoked && grant.scopes.covers(&scopes);
    if client.first_party || (remembered && !prompts.contains(&"consent")) {
        let reason = if client.first_party { "first_party" } else { "remembered" };
        let pending = Pending {
            client_pk: client.pk,
            employee_id: current.employee_id,
            session_hash: current.id_hash().to_string(),
            redirect_uri: redirect_uri.to_string(),
            scopes,
            nonce: p.nonce.clone(),
            challenge: challenge.to_string(),
            auth_time,
        };
        let code = issue_code(&mut tx, &pending, now, state.settings.oidc.code_ttl).await?;
        record(&mut tx, AuditKind::ServiceAuthorized, current.employee_id, &client, Some(reason), request).await?;
        tx.commit().await?;
        return Ok(Outcome::Client(client_redirect(redirect_uri, issuer, &[("code", Some(&code)), ("state", st)])));
    }
    if prompt_none {
        tx.commit().await?;
        return refuse("consent_required", "the user has not yet agreed to share this information");
    }
    let token = new_token();
    let pending = requests::NewRequest {
        id_hash: &session::hash_token(&token),
        session_hash: current.id_hash(),
        client_pk: client.pk,
        employee_id: current.employee_id,
        redirect_uri,
        scopes: &scopes.to_string(),
        state: p.state.as_deref(),
        nonce: p.nonce.as_deref(),
        challenge,
    };
    requests::insert(&mut tx, &pending, now + CONSENT_TTL).await?;
    tx.commit().await?;
    Ok(Outcome::Portal(format!("/oauth/consent?request={token}")))
}

/// How long the consent screen may stay open.
pub const CONSENT_TTL: i64 = 10 * 60;

/// Everything a code carries to the token endpoint.
struct Pending {
    client_pk: i64,
    employee_id: i64,
    session_hash: String,
    redirect_uri: String,
    scopes: Scopes,
    nonce: Option<String>,
    challenge: String,
    auth_time: i64,
}

async fn issue_code(conn: &mut AnyConnection, p: &Pending, now: i64, ttl: i64) -> Result<String, sqlx::Error> {
    let code = new_token();
    let issued = requests::NewCode {
        code_hash: &session::hash_token(&code),
        family: &new_token(),
        client_pk: p.client_pk,
        employee_id: p.employee_id,
        session_hash: &p.session_hash,
        redirect_uri: &p.redirect_uri,
        scopes: &p.scopes.to_string(),
        nonce: p.nonce.as_deref(),
        challenge: &p.challenge,
        auth_time: p.auth_time,
    };
    requests::insert_code(conn, &issued, now + ttl).await?;
    Ok(code)
}

/// What the consent screen shows.
#[derive(Debug, Clone)]
pub struct ConsentRequest {
    pub client: Client,
    pub scopes: Scopes,
}

async fn pending_row(
    conn: &mut AnyConnection,
    current: &Current,
    token: &str,
    now: i64,
) -> Result<Option<requests::PendingRow>, sqlx::Error> {
    let row = requests::pending(conn, &session::hash_token(token), current.id_hash(), current.employee_id).await?;
    Ok(row.filter(|r| r.6 > now))
}

/// The pending request behind a consent screen, if it is this session's.
pub async fn consent_request(
    state: &AppState,
    current: &Current,
    token: &str,
) -> Result<Option<ConsentRequest>, FlowError> {
    let mut conn = state.db.pool().acquire().await?;
    let Some(row) = pending_row(&mut conn, current, token, state.clock.now()).await? else { return Ok(None) };
    let client = repo::find_by_pk(&mut conn, row.0).await?.filter(|c| !c.disabled);
    Ok(client.map(|client| ConsentRequest { client, scopes: Scopes::parse_lenient(&row.2) }))
}

/// The employee's answer on the consent screen. The pending request is
/// used up either way, so a second click changes nothing.
pub async fn decide(
    state: &AppState,
    current: &Current,
    token: &str,
    allow: bool,
    request: &RequestInfo,
) -> Result<Outcome, FlowError> {
    let issuer = state.settings.public_url.as_str();
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let Some(row) = pending_row(&mut tx, current, token, now).await? else {
        return Ok(Outcome::Page(PageError::RequestGone));
    };
    let (client_pk, redirect_uri, scopes, st, nonce, challenge, _) = row;
    requests::forget(&mut tx, &session::hash_token(token)).await?;
    let Some(client) = repo::find_by_pk(&mut tx, client_pk).await?.filter(|c| !c.disabled) else {
        tx.commit().await?;
        return Ok(Outcome::Page(PageError::UnknownClient));
    };
    if !allow {
        record(&mut tx, AuditKind::ServiceRefused, current.employee_id, &client, Some("declined"), request).await?;
        tx.commit().await?;
        return Ok(error_to(&redirect_uri, issuer, "access_denied", "the user declined", st.as_deref()));
    }
    let scopes = Scopes::parse_lenient(&scopes);
    repo::consent(&mut tx, client_pk, current.employee_id, &scopes, now).await?;
    let auth_time = session::authenticated_at_in(&mut tx, current.id_hash()).await?.unwrap_or(now);
    let pending = Pending {
        client_pk,
        employee_id: current.employee_id,
        session_hash: current.id_hash().to_string(),
        redirect_uri: redirect_uri.clone(),
        scopes,
        nonce,
        challenge,
        auth_time,
    };
    let code = issue_code(&mut tx, &pending, now, state.settings.oidc.code_ttl).await?;
    record(&mut tx, AuditKind::ServiceAuthorized, current.employee_id, &client, Some("consented"), request).await?;
    tx.commit().await?;
    Ok(Outcome::Client(client_redirect(&redirect_uri, issuer, &[("code", Some(&code)), ("state", st.as_deref())])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_keep_the_clients_own_query_and_name_the_issuer() {
        let to = client_redirect(
            "https://svc.example/cb?tenant=7",
            "https://portal.example",
            &[("code", Some("abc")), ("state", Some("s p&")), ("skip", None)],
        );
        assert_eq!(to, "https://svc.example/cb?tenant=7&code=abc&state=s+p%26&iss=https%3A%2F%2Fportal.example");
    }

    #[test]
    fn only_s256_shaped_challenges_pass() {
        assert!(valid_challenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
        assert!(!valid_challenge("short"));
        assert!(!valid_challenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c="));
    }

    #[test]
    fn the_request_again_drops_prompt_only() {
        let p = AuthorizeParams {
            client_id: Some("svc".into()),
            prompt: Some("login".into()),
            state: Some("a b".into()),
            ..Default::default()
        };
        assert_eq!(p.path_without_prompt(), "/oauth/authorize?client_id=svc&state=a+b");
    }
}
