//! Telling services that a portal session ended (OpenID Connect
//! Back-Channel Logout 1.0). Every way a session ends (signing out, ending
//! another device's session, a password change or reset, an admin ending
//! sessions or disabling the account, `prompt=login`) goes through
//! [`sessions_ended`] in the transaction that ends it: the session's service
//! tokens are revoked there and a notice is queued for each service that
//! registered a back-channel logout URI. Workers (one per instance) claim
//! due notices as the mail outbox does, post a signed logout token naming
//! the session (`sid`) and the subject, and retry with a growing delay while
//! the service is down. The sign-out itself never waits for a service.

use std::sync::OnceLock;
use std::time::Duration;

use serde_json::json;
use sqlx::AnyConnection;
use tokio::sync::watch;

use super::client::Client;
use super::flow::sid_of;
use super::repo::logout_queue as logout;
use super::{claims, keys, repo};
use crate::audit::{Actor, AuditKind, RequestInfo};
use crate::server::lease_queue::LeaseQueue;
use crate::server::session::new_token;
use crate::server::{AppState, Db};

/// Attempts after which a notice is given up (about two hours of back-off:
/// 30 s doubling to an hour). A service that was down longer has its own
/// sessions to expire.
pub const MAX_ATTEMPTS: i64 = 8;

/// How long a claim holds before another worker may take the notice (a
/// worker that died mid-post). Well above the post's timeout.
const LEASE_SECONDS: i64 = 60;

/// How long delivered and given-up notices are kept (for an operator
/// looking into a complaint), in seconds.
const KEEP_SECONDS: i64 = 30 * 86_400;

/// How often an idle worker looks for due notices.
const POLL: Duration = Duration::from_secs(1);

/// [`sessions_ended`] as the sessions' end hook (`server::session::on_end`).
pub fn end_hook<'c>(
    conn: &'c mut AnyConnection,
    session_hashes: &'c [String],
    now: i64,
) -> futures_util::future::BoxFuture<'c, Result<(), sqlx::Error>> {
    Box::pin(sessions_ended(conn, session_hashes, now))
}

/// Revokes every token the ended sessions (by id hash) gave out and queues
/// a notice for each service to tell. Call it in the transaction that ends
/// the sessions, so both happen or neither does.
pub async fn sessions_ended(conn: &mut AnyConnection, session_hashes: &[String], now: i64) -> Result<(), sqlx::Error> {
    for hash in session_hashes {
        // Services holding a token that still worked: an access token not
        // yet expired, or a refresh token not yet used.
        let rows = logout::listening_to_session(&mut *conn, hash, now).await?;
        logout::revoke_session_tokens(&mut *conn, hash, now).await?;
        for (client_pk, employee_id) in rows {
            logout::enqueue(conn, client_pk, employee_id, hash, now).await?;
        }
    }
    Ok(())
}

/// Withdraws consent and revokes every token the client holds for the
/// employee, telling it (back-channel) of each session it is signed in to.
/// `false` if there was nothing to revoke.
pub async fn revoke_grant(
    conn: &mut AnyConnection,
    client_id: &str,
    employee_id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let Some(pk) = repo::withdraw_grant(&mut *conn, client_id, employee_id, now).await? else { return Ok(false) };
    grant_revoked(&mut *conn, pk, employee_id, now).await?;
    repo::revoke_client_tokens(conn, pk, employee_id, now).await?;
    Ok(true)
}

/// Queues a notice for each session in which the employee is signed in to
/// the client (the employee withdrew the service's access). Call it before
/// the tokens are revoked.
pub async fn grant_revoked(
    conn: &mut AnyConnection,
    client_pk: i64,
    employee_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    let sessions = logout::sessions_at_client(&mut *conn, client_pk, employee_id, now).await?;
    for hash in sessions {
        logout::enqueue(conn, client_pk, employee_id, &hash, now).await?;
    }
    Ok(())
}

/// A claimed notice.
#[derive(Debug, Clone, sqlx::FromRow)]
struct Claimed {
    id: i64,
    client_pk: i64,
    employee_id: i64,
    session_hash: String,
    /// Including this one.
    attempts: i64,
}

/// The notices as a lease queue.
const QUEUE: LeaseQueue = LeaseQueue {
    table: "oidc_logout_queue",
    done_column: "delivered_at",
    claimed_columns: "id, client_pk, employee_id, session_hash, attempts",
    lease_seconds: LEASE_SECONDS,
    max_attempts: MAX_ATTEMPTS,
};

/// Why a post failed, and whether trying again can help.
#[derive(Debug)]
struct Failure {
    reason: String,
    permanent: bool,
}

impl Failure {
    fn transient(reason: impl Into<String>) -> Self {
        Self { reason: reason.into(), permanent: false }
    }
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

/// Runs until `stop` turns true; the notice in hand is finished first.
pub async fn run(state: AppState, mut stop: watch::Receiver<bool>) {
    loop {
        match deliver_due(&state).await {
            Ok(0) => {}
            Ok(done) => tracing::debug!(done, "back-channel logout notices handled"),
            Err(e) => tracing::warn!(error = %e, "back-channel logout queue: database error"),
        }
        tokio::select! {
            _ = tokio::time::sleep(POLL) => {}
            _ = stop.changed() => {}
        }
        if *stop.borrow() {
            return;
        }
    }
}

/// Posts every due notice once; returns how many were handled (delivered,
/// put off or given up). A service that is down delays only its own
/// notices: each failure moves that notice to a later attempt.
pub async fn deliver_due(state: &AppState) -> Result<usize, sqlx::Error> {
    let mut handled = 0;
    while let Some(notice) = QUEUE.claim_due::<Claimed>(&state.db, state.clock.now()).await? {
        let client = {
            let mut conn = state.db.pool().acquire().await?;
            repo::find_by_pk(&mut conn, notice.client_pk).await?
        };
        let outcome = match client.as_ref().and_then(|c| Some((c, c.backchannel_logout_uri.as_deref()?))) {
            Some((client, uri)) if !client.disabled => post(state, &notice, client, uri).await,
            _ => Err(Failure { reason: "the service no longer takes logout notices".into(), permanent: true }),
        };
        let client_id = client.as_ref().map_or("", |c| c.client_id.as_str());
        settle(state, &notice, client_id, outcome).await?;
        handled += 1;
    }
    Ok(handled)
}

async fn post(state: &AppState, n: &Claimed, client: &Client, uri: &str) -> Result<(), Failure> {
    let now = state.clock.now();
    let sub = {
        let mut conn = state.db.pool().acquire().await.map_err(|e| Failure::transient(e.to_string()))?;
        claims::subject(&mut conn, client, n.employee_id).await.map_err(|e| Failure::transient(e.to_string()))?
    };
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
    let (kid, pair) = keys::signing_key(&state.db, &state.mfa.keyring, now)
        .await
        .map_err(|e| Failure::transient(format!("no signing key: {e}")))?;
    let jwt = keys::sign(&kid, &pair, &token_claims).map_err(|e| Failure::transient(format!("signing: {e}")))?;
    let body = format!("logout_token={}", crate::ui::url::encode_component(&jwt));
    let sent = http()
        .post(uri)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cache-control", "no-cache, no-store")
        .body(body)
        .send()
        .await;
    match sent {
        Ok(r) if r.status().is_success() => Ok(()),
        Ok(r) => {
            let status = r.status();
            // The spec's answer to a token the service will not accept is a
            // 400: sending the same notice again cannot help. A 408, a 429
            // or a 5xx is the service being busy or down.
            let permanent = status.is_client_error() && !matches!(status.as_u16(), 408 | 429);
            Err(Failure { reason: format!("the service answered {status}"), permanent })
        }
        // reqwest's error names the URL, which is the service's public
        // endpoint, never a secret.
        Err(e) => Err(Failure::transient(e.to_string())),
    }
}

/// Marks the notice delivered, put off, or given up; a final outcome is
/// audited on the employee's trail in the same transaction.
async fn settle(
    state: &AppState,
    n: &Claimed,
    client_id: &str,
    outcome: Result<(), Failure>,
) -> Result<(), sqlx::Error> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let final_outcome = match &outcome {
        Ok(()) => {
            QUEUE.mark_done(&mut tx, n.id, now).await?;
            Some("delivered")
        }
        Err(failure) => {
            let give_up = QUEUE.mark_failed(&mut tx, n.id, n.attempts, now, &failure.reason, failure.permanent).await?;
            tracing::warn!(client = %client_id, attempts = n.attempts, give_up, reason = %failure.reason, "back-channel logout not delivered");
            give_up.then_some("failed")
        }
    };
    if let Some(outcome) = final_outcome {
        let (kind, request) = (AuditKind::ServiceSignedOut, RequestInfo::default());
        super::record(&mut tx, kind, n.employee_id, client_id, Actor::System, Some(outcome), &request).await?;
        QUEUE.forget_finished(&mut tx, now - KEEP_SECONDS).await?;
    }
    tx.commit().await
}

/// Notices waiting to be delivered (for `/metrics`).
pub async fn depth(db: &Db) -> Result<i64, sqlx::Error> {
    QUEUE.depth(db).await
}
