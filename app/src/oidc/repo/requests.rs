//! The SQL of the authorization endpoint: the requests waiting on the
//! consent screen and the codes handed back to services (both stored only
//! as hashes).

use sqlx::AnyConnection;

/// The employee's agency, if they are active.
pub async fn active_agency(conn: &mut AnyConnection, employee_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT agency_id FROM employees WHERE id = $1 AND active = 1")
        .bind(employee_id)
        .fetch_optional(conn)
        .await
}

/// A request waiting for consent.
pub struct NewRequest<'a> {
    pub id_hash: &'a str,
    pub session_hash: &'a str,
    pub client_pk: i64,
    pub employee_id: i64,
    pub redirect_uri: &'a str,
    pub scopes: &'a str,
    pub state: Option<&'a str>,
    pub nonce: Option<&'a str>,
    pub challenge: &'a str,
}

pub async fn insert(conn: &mut AnyConnection, r: &NewRequest<'_>, expires_at: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO oidc_requests (id_hash, session_hash, client_pk, employee_id, redirect_uri, scopes, state, nonce, \
         code_challenge, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(r.id_hash)
    .bind(r.session_hash)
    .bind(r.client_pk)
    .bind(r.employee_id)
    .bind(r.redirect_uri)
    .bind(r.scopes)
    .bind(r.state)
    .bind(r.nonce)
    .bind(r.challenge)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// A waiting request: `(client, redirect URI, scopes, state, nonce, code
/// challenge, expiry)`.
pub type PendingRow = (i64, String, String, Option<String>, Option<String>, String, i64);

/// The request, if it is this session's and this employee's.
pub async fn pending(
    conn: &mut AnyConnection,
    id_hash: &str,
    session_hash: &str,
    employee_id: i64,
) -> Result<Option<PendingRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT client_pk, redirect_uri, scopes, state, nonce, code_challenge, expires_at FROM oidc_requests \
         WHERE id_hash = $1 AND session_hash = $2 AND employee_id = $3",
    )
    .bind(id_hash)
    .bind(session_hash)
    .bind(employee_id)
    .fetch_optional(conn)
    .await
}

/// The request is answered.
pub async fn forget(conn: &mut AnyConnection, id_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM oidc_requests WHERE id_hash = $1").bind(id_hash).execute(conn).await?;
    Ok(())
}

/// A code for the token endpoint.
pub struct NewCode<'a> {
    pub code_hash: &'a str,
    pub family: &'a str,
    pub client_pk: i64,
    pub employee_id: i64,
    pub session_hash: &'a str,
    pub redirect_uri: &'a str,
    pub scopes: &'a str,
    pub nonce: Option<&'a str>,
    pub challenge: &'a str,
    pub auth_time: i64,
}

pub async fn insert_code(conn: &mut AnyConnection, c: &NewCode<'_>, expires_at: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO oidc_codes (code_hash, family, client_pk, employee_id, session_hash, redirect_uri, scopes, nonce, \
         code_challenge, auth_time, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(c.code_hash)
    .bind(c.family)
    .bind(c.client_pk)
    .bind(c.employee_id)
    .bind(c.session_hash)
    .bind(c.redirect_uri)
    .bind(c.scopes)
    .bind(c.nonce)
    .bind(c.challenge)
    .bind(c.auth_time)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}
