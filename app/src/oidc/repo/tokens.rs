//! The SQL of the token endpoint: authorization codes, access and
//! refresh tokens (stored only as hashes), and what keeps them valid.

use sqlx::AnyConnection;

/// An authorization code: `(family, client, employee, session hash,
/// redirect URI, scopes, nonce, code challenge, auth time, expiry, used at)`.
pub type CodeRow = (String, i64, i64, String, String, String, Option<String>, String, i64, i64, Option<i64>);

/// A refresh token: `(family, client, employee, session hash, scopes, auth
/// time, expiry, used at, revoked at)`.
pub type RefreshRow = (String, i64, i64, String, String, i64, i64, Option<i64>, Option<i64>);

/// A token to store.
pub struct NewToken<'a> {
    pub token_hash: &'a str,
    pub kind: &'a str,
    pub family: &'a str,
    pub client_pk: i64,
    pub employee_id: i64,
    pub session_hash: &'a str,
    pub scopes: &'a str,
    pub auth_time: i64,
}

/// Forgets codes, pending consents and tokens that expired over a day ago
/// (a used token must outlive its expiry only as long as it could be
/// presented again, and an expired one is refused anyway).
/// Forgets codes, requests and tokens expired a day ago.
pub async fn sweep(conn: &mut AnyConnection, now: i64) -> Result<(), sqlx::Error> {
    for table in ["oidc_codes", "oidc_requests", "oidc_tokens"] {
        let sql = format!("DELETE FROM {table} WHERE expires_at < $1");
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(now - 86_400).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Revokes every token of the family.
pub async fn revoke_family(conn: &mut AnyConnection, family: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE oidc_tokens SET revoked_at = $1 WHERE family = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(family)
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether the portal session behind a token still lives (not signed out,
/// not ended, not past its absolute lifetime), the grant stands, and the
/// client still admits the employee's agency (which may have changed).
pub async fn still_allowed(
    conn: &mut AnyConnection,
    session_hash: &str,
    client_pk: i64,
    employee_id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let live: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM sessions s JOIN employees e ON e.id = s.employee_id \
         JOIN oidc_grants g ON g.employee_id = s.employee_id AND g.client_pk = $2 \
         WHERE s.id_hash = $1 AND s.stage = 'signed_in' AND s.expires_at > $3 AND e.active = 1 \
           AND g.revoked_at IS NULL AND s.employee_id = $4 \
           AND (NOT EXISTS (SELECT 1 FROM oidc_client_agencies x WHERE x.client_pk = $2) \
                OR EXISTS (SELECT 1 FROM oidc_client_agencies x WHERE x.client_pk = $2 AND x.agency_id = e.agency_id))",
    )
    .bind(session_hash)
    .bind(client_pk)
    .bind(now)
    .bind(employee_id)
    .fetch_optional(conn)
    .await?;
    Ok(live.is_some())
}

pub async fn code(conn: &mut AnyConnection, code_hash: &str) -> Result<Option<CodeRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT family, client_pk, employee_id, session_hash, redirect_uri, scopes, nonce, code_challenge, auth_time, \
         expires_at, used_at FROM oidc_codes WHERE code_hash = $1",
    )
    .bind(code_hash)
    .fetch_optional(conn)
    .await
}

/// Uses the code up; `false` when it was used already.
pub async fn use_code(conn: &mut AnyConnection, code_hash: &str, now: i64) -> Result<bool, sqlx::Error> {
    let taken = sqlx::query("UPDATE oidc_codes SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL")
        .bind(now)
        .bind(code_hash)
        .execute(conn)
        .await?;
    Ok(taken.rows_affected() == 1)
}

pub async fn refresh_token(conn: &mut AnyConnection, token_hash: &str) -> Result<Option<RefreshRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT family, client_pk, employee_id, session_hash, scopes, auth_time, expires_at, used_at, revoked_at \
         FROM oidc_tokens WHERE token_hash = $1 AND kind = 'refresh'",
    )
    .bind(token_hash)
    .fetch_optional(conn)
    .await
}

/// Uses the refresh token up; `false` when it was used already.
pub async fn use_refresh_token(conn: &mut AnyConnection, token_hash: &str, now: i64) -> Result<bool, sqlx::Error> {
    let taken = sqlx::query("UPDATE oidc_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL")
        .bind(now)
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(taken.rows_affected() == 1)
}

pub async fn insert(conn: &mut AnyConnection, t: &NewToken<'_>, now: i64, expires_at: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO oidc_tokens (token_hash, kind, family, client_pk, employee_id, session_hash, scopes, \
         auth_time, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(t.token_hash)
    .bind(t.kind)
    .bind(t.family)
    .bind(t.client_pk)
    .bind(t.employee_id)
    .bind(t.session_hash)
    .bind(t.scopes)
    .bind(t.auth_time)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The grant was used now.
pub async fn grant_used(
    conn: &mut AnyConnection,
    client_pk: i64,
    employee_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE oidc_grants SET last_used_at = $1 WHERE client_pk = $2 AND employee_id = $3")
        .bind(now)
        .bind(client_pk)
        .bind(employee_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A live access token (its session, employee and grant too):
/// `(client, employee, scopes)`.
pub async fn live_access(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: i64,
) -> Result<Option<(i64, i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.client_pk, t.employee_id, t.scopes FROM oidc_tokens t \
         JOIN sessions s ON s.id_hash = t.session_hash AND s.expires_at > $2 \
         JOIN employees e ON e.id = t.employee_id AND e.active = 1 \
         JOIN oidc_grants g ON g.client_pk = t.client_pk AND g.employee_id = t.employee_id AND g.revoked_at IS NULL \
         WHERE t.token_hash = $1 AND t.kind = 'access' AND t.revoked_at IS NULL AND t.expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(conn)
    .await
}
