//! The SQL behind back-channel logout: which services hear of an ended
//! session or a withdrawn grant, and the notices queued for them (the
//! queue itself is a `server::lease_queue`).

use sqlx::AnyConnection;

/// Services holding a token of the session that still worked (an access
/// token not yet expired, or a refresh token not yet used) and listening
/// for logouts: `(client, employee)`.
pub async fn listening_to_session(
    conn: &mut AnyConnection,
    session_hash: &str,
    now: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT DISTINCT t.client_pk, t.employee_id FROM oidc_tokens t JOIN oidc_clients c ON c.id = t.client_pk \
         WHERE t.session_hash = $1 AND t.revoked_at IS NULL AND c.backchannel_logout_uri IS NOT NULL \
           AND c.disabled = 0 AND (t.kind = 'refresh' AND t.used_at IS NULL OR t.expires_at > $2)",
    )
    .bind(session_hash)
    .bind(now)
    .fetch_all(conn)
    .await
}

/// Revokes every token the session gave.
pub async fn revoke_session_tokens(conn: &mut AnyConnection, session_hash: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE oidc_tokens SET revoked_at = $1 WHERE session_hash = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(session_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// The sessions in which the employee is signed in to the client (which
/// listens for logouts).
pub async fn sessions_at_client(
    conn: &mut AnyConnection,
    client_pk: i64,
    employee_id: i64,
    now: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT t.session_hash FROM oidc_tokens t JOIN oidc_clients c ON c.id = t.client_pk \
         WHERE t.client_pk = $1 AND t.employee_id = $2 AND t.revoked_at IS NULL \
           AND c.backchannel_logout_uri IS NOT NULL AND c.disabled = 0 \
           AND (t.kind = 'refresh' AND t.used_at IS NULL OR t.expires_at > $3)",
    )
    .bind(client_pk)
    .bind(employee_id)
    .bind(now)
    .fetch_all(conn)
    .await
}

/// Queues a notice to the client about the session.
pub async fn enqueue(
    conn: &mut AnyConnection,
    client_pk: i64,
    employee_id: i64,
    session_hash: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO oidc_logout_queue (client_pk, employee_id, session_hash, created_at, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(client_pk)
    .bind(employee_id)
    .bind(session_hash)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
