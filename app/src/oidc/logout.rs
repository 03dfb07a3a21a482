//! Signing out everywhere: when a portal session ends by signing out, the
//! services it signed in to lose their tokens, and those that registered a
//! back-channel logout URI are told (OpenID Connect Back-Channel Logout 1.0)
//! with a signed logout token naming the session (`sid`) and the subject.

use std::sync::OnceLock;
use std::time::Duration;

use serde_json::json;
use sqlx::AnyConnection;

use super::flow::sid_of;
use super::{claims, keys, repo};
use crate::audit::{Actor, AuditKind, RequestInfo};
use crate::auth::session::new_token;
use crate::server::AppState;

/// A service to tell that a session ended.
#[derive(Debug, Clone)]
pub struct Notice {
    client_pk: i64,
    employee_id: i64,
    session_hash: String,
}

/// Revokes every token the session gave out and returns the services to
/// tell. Call it in the transaction that ends the session.
pub async fn end_session_tokens(
    conn: &mut AnyConnection,
    session_hash: &str,
    now: i64,
) -> Result<Vec<Notice>, sqlx::Error> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT DISTINCT t.client_pk, t.employee_id FROM oidc_tokens t JOIN oidc_clients c ON c.id = t.client_pk \
         WHERE t.session_hash = $1 AND t.revoked_at IS NULL AND c.backchannel_logout_uri IS NOT NULL \
           AND c.disabled = 0 AND (t.kind = 'refresh' AND t.used_at IS NULL OR t.expires_at > $2)",
    )
    .bind(session_hash)
    .bind(now)
    .fetch_all(&mut *conn)
    .await?;
    sqlx::query("UPDATE oidc_tokens SET revoked_at = $1 WHERE session_hash = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(session_hash)
        .execute(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(client_pk, employee_id)| Notice { client_pk, employee_id, session_hash: session_hash.to_string() })
        .collect())
}

fn http() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("an HTTP client for back-channel logout")
    })
}

/// Sends the logout tokens in the background, each audited as delivered
/// or failed. The sign-out itself never waits for a service.
pub fn notify(state: &AppState, notices: Vec<Notice>) -> Option<tokio::task::JoinHandle<()>> {
    if notices.is_empty() {
        return None;
    }
    let state = state.clone();
    Some(tokio::spawn(async move {
        for notice in notices {
            if let Err(e) = deliver(&state, &notice).await {
                tracing::warn!(error = %e, "back-channel logout could not be prepared");
            }
        }
    }))
}

async fn deliver(state: &AppState, n: &Notice) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let now = state.clock.now();
    let mut conn = state.db.pool().acquire().await?;
    let Some(client) = repo::find_by_pk(&mut conn, n.client_pk).await? else { return Ok(()) };
    let Some(uri) = client.backchannel_logout_uri.clone() else { return Ok(()) };
    let sub = claims::subject(&mut conn, &client, n.employee_id).await?;
    drop(conn);
    let token_claims = json!({
        "iss": state.settings.public_url,
        "aud": client.client_id,
        "iat": now,
        "exp": now + 120,
        "jti": new_token(),
        "sub": sub,
        "sid": sid_of(&n.session_hash),
        "events": { "http://schemas.openid.net/event/backchannel-logout": {} },
    });
    let (kid, pair) = keys::signing_key(&state.db, &state.mfa.keyring, now).await?;
    let jwt = keys::sign(&kid, &pair, &token_claims)?;
    let body = format!("logout_token={}", crate::ui::url::encode_component(&jwt));
    let sent = http()
        .post(&uri)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cache-control", "no-cache, no-store")
        .body(body)
        .send()
        .await;
    let outcome = match &sent {
        Ok(r) if r.status().is_success() => "delivered",
        Ok(_) | Err(_) => "failed",
    };
    if outcome == "failed" {
        tracing::warn!(client = %client.client_id, status = ?sent.as_ref().map(|r| r.status()).ok(), "back-channel logout failed");
    }
    let mut tx = state.db.begin().await?;
    let (kind, request) = (AuditKind::ServiceSignedOut, RequestInfo::default());
    super::record(&mut tx, kind, n.employee_id, &client.client_id, Actor::System, Some(outcome), &request).await?;
    tx.commit().await?;
    Ok(())
}

/// The query (or form) of the end-session endpoint.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct EndSessionParams {
    pub id_token_hint: Option<String>,
    pub post_logout_redirect_uri: Option<String>,
    pub state: Option<String>,
    pub client_id: Option<String>,
}

/// Where to send the browser after signing out at a service's request:
/// the registered `post_logout_redirect_uri` of the client the hint was
/// issued to, or `None` (the portal's sign-in page).
pub async fn after_sign_out(state: &AppState, p: &EndSessionParams) -> Option<String> {
    let uri = p.post_logout_redirect_uri.as_deref()?;
    let claims = keys::verify(&state.db, p.id_token_hint.as_deref()?, state.clock.now()).await?;
    if claims.get("iss")?.as_str()? != state.settings.public_url {
        return None;
    }
    let aud = claims.get("aud")?.as_str()?;
    if p.client_id.as_deref().is_some_and(|c| c != aud) {
        return None;
    }
    let mut conn = state.db.pool().acquire().await.ok()?;
    let client = repo::find(&mut conn, aud).await.ok()??;
    if !client.post_logout_redirect_uris.iter().any(|u| u == uri) {
        return None;
    }
    let mut u = url::Url::parse(uri).ok()?;
    if let Some(s) = &p.state {
        u.query_pairs_mut().append_pair("state", s);
    }
    Some(u.to_string())
}
