//! The token endpoint: codes for tokens (with PKCE), and refresh tokens
//! rotated on every use. A code or refresh token presented twice revokes
//! everything issued from the same code.

use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::AnyConnection;

use super::client::{Client, hash_secret};
use super::flow::sid_of;
use super::keys;
use super::repo::{self, tokens};
use super::scope::Scopes;
use crate::audit::{Actor, AuditKind, RequestInfo};
use crate::server::AppState;
use crate::server::session::{hash_token, new_token};

/// The form of `POST /oauth/token`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TokenForm {
    pub grant_type: Option<String>,
    pub code: Option<String>,
    pub redirect_uri: Option<String>,
    pub code_verifier: Option<String>,
    pub refresh_token: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
}

/// RFC 6749 §5.2 errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenError {
    InvalidRequest(&'static str),
    InvalidClient,
    InvalidGrant(&'static str),
    UnsupportedGrantType,
    SlowDown,
    Server,
}

impl TokenError {
    pub fn code(&self) -> &'static str {
        match self {
            TokenError::InvalidRequest(_) => "invalid_request",
            TokenError::InvalidClient => "invalid_client",
            TokenError::InvalidGrant(_) => "invalid_grant",
            TokenError::UnsupportedGrantType => "unsupported_grant_type",
            TokenError::SlowDown => "slow_down",
            TokenError::Server => "server_error",
        }
    }

    pub fn description(&self) -> &'static str {
        match self {
            TokenError::InvalidRequest(d) | TokenError::InvalidGrant(d) => d,
            TokenError::InvalidClient => "client authentication failed",
            TokenError::UnsupportedGrantType => "grant_type must be authorization_code or refresh_token",
            TokenError::SlowDown => "too many token requests; wait a minute",
            TokenError::Server => "internal error",
        }
    }
}

impl From<sqlx::Error> for TokenError {
    fn from(e: sqlx::Error) -> Self {
        tracing::error!(error = %e, "token endpoint: database error");
        TokenError::Server
    }
}

impl From<keys::KeyError> for TokenError {
    fn from(e: keys::KeyError) -> Self {
        tracing::error!(error = %e, "token endpoint: signing key");
        TokenError::Server
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_in: i64,
    pub refresh_token: String,
    pub id_token: String,
    pub scope: String,
}

/// Client credentials from `Authorization: Basic` (RFC 6749 §2.3.1: each
/// part form-urlencoded) or the form.
pub fn basic_credentials(header: &str) -> Option<(String, String)> {
    use base64::Engine;
    let encoded = header.strip_prefix("Basic ").or_else(|| header.strip_prefix("basic "))?;
    let raw = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (id, secret) = text.split_once(':')?;
    let decode = |s: &str| url::form_urlencoded::parse(format!("x={s}").as_bytes()).next().map(|(_, v)| v.into_owned());
    Some((decode(id)?, decode(secret)?))
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn authenticate(
    conn: &mut AnyConnection,
    basic: Option<(String, String)>,
    form: &TokenForm,
) -> Result<Client, TokenError> {
    let (id, secret) = match basic {
        Some((id, secret)) => {
            if form.client_id.as_deref().is_some_and(|f| f != id) {
                return Err(TokenError::InvalidRequest("client_id differs from the Authorization header"));
            }
            (id, Some(secret))
        }
        None => match form.client_id.clone() {
            Some(id) => (id, form.client_secret.clone()),
            None => return Err(TokenError::InvalidClient),
        },
    };
    let client = repo::find(conn, &id).await?.filter(|c| !c.disabled).ok_or(TokenError::InvalidClient)?;
    let ok = match (&client.secret_hash, secret) {
        (Some(hash), Some(secret)) => same(hash, &hash_secret(&secret)),
        (None, None) => true,
        // A public client with a secret, or a confidential one without.
        _ => false,
    };
    if ok { Ok(client) } else { Err(TokenError::InvalidClient) }
}

pub async fn token(
    state: &AppState,
    basic: Option<(String, String)>,
    form: &TokenForm,
    request: &RequestInfo,
) -> Result<TokenResponse, TokenError> {
    let now = state.clock.now();
    let mut conn = state.db.pool().acquire().await?;
    let bucket = format!("oidc_token:{}", crate::server::rate_limit::address_key(request.ip.as_deref().unwrap_or("-")));
    if !crate::server::rate_limit::hit(&mut conn, &bucket, now, 60, state.settings.oidc.token_per_minute).await? {
        return Err(TokenError::SlowDown);
    }
    let client = authenticate(&mut conn, basic, form).await?;
    tokens::sweep(&mut conn, now).await?;
    drop(conn);
    // Before any transaction: on SQLite a key generated here must not wait
    // for the write lock a transaction holds.
    let signer = keys::signing_key(&state.db, &state.mfa.keyring, now).await?;
    match form.grant_type.as_deref() {
        Some("authorization_code") => exchange_code(state, &client, form, now, request, &signer).await,
        Some("refresh_token") => refresh(state, &client, form, now, request, &signer).await,
        Some(_) => Err(TokenError::UnsupportedGrantType),
        None => Err(TokenError::InvalidRequest("grant_type is required")),
    }
}

async fn record(
    conn: &mut AnyConnection,
    kind: AuditKind,
    employee_id: i64,
    client: &Client,
    reason: &str,
    request: &RequestInfo,
) -> Result<(), sqlx::Error> {
    super::record(conn, kind, employee_id, &client.client_id, Actor::System, Some(reason), request).await
}

async fn exchange_code(
    state: &AppState,
    client: &Client,
    form: &TokenForm,
    now: i64,
    request: &RequestInfo,
    signer: &Signer,
) -> Result<TokenResponse, TokenError> {
    let code = form.code.as_deref().ok_or(TokenError::InvalidRequest("code is required"))?;
    let verifier = form.code_verifier.as_deref().ok_or(TokenError::InvalidRequest("code_verifier is required"))?;
    let mut tx = state.db.begin().await?;
    let row = tokens::code(&mut tx, &hash_token(code)).await?;
    let Some((
        family,
        client_pk,
        employee_id,
        session_hash,
        redirect_uri,
        scopes,
        nonce,
        challenge,
        auth_time,
        expires,
        used,
    )) = row
    else {
        return Err(TokenError::InvalidGrant("the code is not valid"));
    };
    if client_pk != client.pk {
        return Err(TokenError::InvalidGrant("the code was issued to another client"));
    }
    if used.is_some() {
        // RFC 6749 §4.1.2: a code used twice revokes what it gave.
        tokens::revoke_family(&mut tx, &family, now).await?;
        record(&mut tx, AuditKind::ServiceTokenReused, employee_id, client, "code", request).await?;
        tx.commit().await?;
        return Err(TokenError::InvalidGrant("the code has been used already"));
    }
    if now >= expires {
        return Err(TokenError::InvalidGrant("the code has expired"));
    }
    if form.redirect_uri.as_deref() != Some(redirect_uri.as_str()) {
        return Err(TokenError::InvalidGrant("redirect_uri differs from the authorization request"));
    }
    let verifier_ok = (43..=128).contains(&verifier.len())
        && verifier.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
        && keys::s256(verifier) == challenge;
    if !verifier_ok {
        return Err(TokenError::InvalidGrant("code_verifier does not match the code_challenge"));
    }
    if !tokens::use_code(&mut tx, &hash_token(code), now).await? {
        return Err(TokenError::InvalidGrant("the code has been used already"));
    }
    if !tokens::still_allowed(&mut tx, &session_hash, client.pk, employee_id, now).await? {
        tx.commit().await?;
        return Err(TokenError::InvalidGrant("the portal session has ended"));
    }
    let issued = Issue {
        family: &family,
        client,
        employee_id,
        session_hash: &session_hash,
        scopes: Scopes::parse_lenient(&scopes),
        nonce: nonce.as_deref(),
        auth_time,
    };
    let response = issue(state, &mut tx, &issued, now, signer).await?;
    record(&mut tx, AuditKind::ServiceTokenIssued, employee_id, client, "code", request).await?;
    tx.commit().await?;
    Ok(response)
}

async fn refresh(
    state: &AppState,
    client: &Client,
    form: &TokenForm,
    now: i64,
    request: &RequestInfo,
    signer: &Signer,
) -> Result<TokenResponse, TokenError> {
    let token = form.refresh_token.as_deref().ok_or(TokenError::InvalidRequest("refresh_token is required"))?;
    let mut tx = state.db.begin().await?;
    let row = tokens::refresh_token(&mut tx, &hash_token(token)).await?;
    let Some((family, client_pk, employee_id, session_hash, scopes, auth_time, expires, used, revoked)) = row else {
        return Err(TokenError::InvalidGrant("the refresh token is not valid"));
    };
    if client_pk != client.pk {
        return Err(TokenError::InvalidGrant("the refresh token was issued to another client"));
    }
    if revoked.is_some() {
        return Err(TokenError::InvalidGrant("the refresh token has been revoked"));
    }
    let taken = tokens::use_refresh_token(&mut tx, &hash_token(token), now).await?;
    if used.is_some() || !taken {
        // Someone holds a copy: whichever of the two is the thief, the
        // whole family ends and the user signs in again.
        tokens::revoke_family(&mut tx, &family, now).await?;
        record(&mut tx, AuditKind::ServiceTokenReused, employee_id, client, "refresh", request).await?;
        tx.commit().await?;
        return Err(TokenError::InvalidGrant("the refresh token has been used already"));
    }
    if now >= expires {
        return Err(TokenError::InvalidGrant("the refresh token has expired"));
    }
    if !tokens::still_allowed(&mut tx, &session_hash, client.pk, employee_id, now).await? {
        tokens::revoke_family(&mut tx, &family, now).await?;
        tx.commit().await?;
        return Err(TokenError::InvalidGrant("the portal session has ended"));
    }
    // Using a service keeps the portal session (single sign-on) alive.
    crate::server::session::touch(&mut tx, &session_hash, now).await?;
    let issued = Issue {
        family: &family,
        client,
        employee_id,
        session_hash: &session_hash,
        scopes: Scopes::parse_lenient(&scopes),
        nonce: None,
        auth_time,
    };
    let response = issue(state, &mut tx, &issued, now, signer).await?;
    record(&mut tx, AuditKind::ServiceTokenIssued, employee_id, client, "refresh", request).await?;
    tx.commit().await?;
    Ok(response)
}

type Signer = (String, std::sync::Arc<ring::signature::RsaKeyPair>);

struct Issue<'a> {
    family: &'a str,
    client: &'a Client,
    employee_id: i64,
    session_hash: &'a str,
    scopes: Scopes,
    nonce: Option<&'a str>,
    auth_time: i64,
}

/// The `acr` value for a sign-in with password and a one-time code.
pub const ACR_MFA: &str = "urn:asn-portal:acr:password-otp";

async fn issue(
    state: &AppState,
    conn: &mut AnyConnection,
    i: &Issue<'_>,
    now: i64,
    (kid, pair): &Signer,
) -> Result<TokenResponse, TokenError> {
    let settings = &state.settings.oidc;
    let access = new_token();
    let refresh = new_token();
    for (kind, token, ttl) in [("access", &access, settings.access_ttl), ("refresh", &refresh, settings.refresh_ttl)] {
        let token = tokens::NewToken {
            token_hash: &hash_token(token),
            kind,
            family: i.family,
            client_pk: i.client.pk,
            employee_id: i.employee_id,
            session_hash: i.session_hash,
            scopes: &i.scopes.to_string(),
            auth_time: i.auth_time,
        };
        tokens::insert(&mut *conn, &token, now, now + ttl).await?;
    }
    tokens::grant_used(&mut *conn, i.client.pk, i.employee_id, now).await?;
    let subject = super::claims::subject(conn, i.client, i.employee_id).await?;
    let factor = crate::server::session::second_factor(conn, i.session_hash).await?;
    let mut claims = json!({
        "iss": state.settings.public_url,
        "sub": subject,
        "aud": i.client.client_id,
        "azp": i.client.client_id,
        "exp": now + settings.id_token_ttl,
        "iat": now,
        "auth_time": i.auth_time,
        "acr": ACR_MFA,
        "amr": amr(factor.as_deref()),
        "sid": sid_of(i.session_hash),
        "at_hash": keys::half_hash(&access),
    });
    if let Some(nonce) = i.nonce {
        claims["nonce"] = json!(nonce);
    }
    let id_token = keys::sign(kid, pair, &claims)?;
    Ok(TokenResponse {
        access_token: access,
        token_type: "Bearer",
        expires_in: settings.access_ttl,
        refresh_token: refresh,
        id_token,
        scope: i.scopes.to_string(),
    })
}

/// The `amr` claim (RFC 8176) for how the session proved its second
/// factor: `otp` only for an authenticator code, never for a recovery code.
fn amr(second_factor: Option<&str>) -> Vec<&'static str> {
    match second_factor {
        Some("otp") => vec!["pwd", "otp", "mfa"],
        _ => vec!["pwd", "mfa"],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amr_claims_otp_only_after_an_authenticator_code() {
        assert_eq!(amr(Some("otp")), ["pwd", "otp", "mfa"]);
        assert_eq!(amr(Some("recovery")), ["pwd", "mfa"]);
        assert_eq!(amr(None), ["pwd", "mfa"]);
    }

    #[test]
    fn basic_credentials_are_url_decoded_parts() {
        use base64::Engine;
        let header = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode("my%3Aapp:s%2Bcret"));
        assert_eq!(basic_credentials(&header), Some(("my:app".into(), "s+cret".into())));
        assert_eq!(basic_credentials("Bearer x"), None);
        assert_eq!(basic_credentials("Basic !!!"), None);
    }
}
