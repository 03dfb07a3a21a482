//! Server-side sessions. The cookie carries a random 256-bit id; the
//! database keeps only its SHA-256, so a leaked table cannot be replayed.
//! A session ends when idle too long, at its absolute expiry, at sign-out,
//! or when revoked.

use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

use crate::audit::RequestInfo;
use crate::server::AuthSettings;
use crate::server::db::Db;

/// `__Host-` pins the cookie to this host, path `/` and https.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-asn_session" } else { "asn_session" }
}

fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The `Set-Cookie` value that hands the session to the browser.
pub fn set_cookie(token: &str, secure: bool, max_age: i64) -> String {
    let secure_attr = if secure { "; Secure" } else { "" };
    format!("{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure_attr}", cookie_name(secure))
}

/// The `Set-Cookie` value that removes it.
pub fn clear_cookie(secure: bool) -> String {
    set_cookie("", secure, 0)
}

/// The session token in a `Cookie` header, if well formed.
pub fn token_from_cookie_header(header: &str, secure: bool) -> Option<String> {
    let name = cookie_name(secure);
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Starts a session and returns its token.
pub async fn create(
    conn: &mut sqlx::AnyConnection,
    employee_id: i64,
    now: i64,
    settings: &AuthSettings,
    request: &RequestInfo,
) -> Result<String, sqlx::Error> {
    let token = new_token();
    let user_agent = request.user_agent.as_deref().map(|ua| ua.chars().take(256).collect::<String>());
    sqlx::query(
        "INSERT INTO sessions (id_hash, employee_id, created_at, last_seen_at, expires_at, ip, user_agent) \
         VALUES ($1, $2, $3, $3, $4, $5, $6)",
    )
    .bind(digest(&token))
    .bind(employee_id)
    .bind(now)
    .bind(now + settings.session_absolute)
    .bind(request.ip.as_deref())
    .bind(user_agent)
    .execute(conn)
    .await?;
    Ok(token)
}

/// The employee a live session belongs to. Refreshes its idle timer (at
/// most once a minute, to spare the database a write per request) and
/// deletes it once expired.
pub async fn load(db: &Db, token: &str, now: i64, settings: &AuthSettings) -> Result<Option<i64>, sqlx::Error> {
    let id_hash = digest(token);
    let row: Option<(i64, i64, i64)> =
        sqlx::query_as("SELECT employee_id, last_seen_at, expires_at FROM sessions WHERE id_hash = $1")
            .bind(&id_hash)
            .fetch_optional(db.pool())
            .await?;
    let Some((employee_id, last_seen, expires)) = row else { return Ok(None) };
    if now >= expires || now - last_seen >= settings.session_idle {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(&id_hash).execute(db.pool()).await?;
        return Ok(None);
    }
    if now - last_seen >= 60 {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
            .bind(now)
            .bind(&id_hash)
            .execute(db.pool())
            .await?;
    }
    Ok(Some(employee_id))
}

/// Ends one session; returns the employee it belonged to.
pub async fn revoke(conn: &mut sqlx::AnyConnection, token: &str) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as("DELETE FROM sessions WHERE id_hash = $1 RETURNING employee_id")
        .bind(digest(token))
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|r| r.0))
}

/// Ends every session of an employee (disable, password reset).
pub async fn revoke_all(conn: &mut sqlx::AnyConnection, employee_id: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE employee_id = $1").bind(employee_id).execute(conn).await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_256_bit_hex_and_only_well_formed_ones_are_read() {
        let t = new_token();
        assert_eq!(t.len(), 64);
        assert_ne!(t, new_token());
        let header = format!("asn_lang=en; asn_session={t}");
        assert_eq!(token_from_cookie_header(&header, false), Some(t.clone()));
        assert_eq!(token_from_cookie_header(&header, true), None, "the secure name differs");
        assert_eq!(token_from_cookie_header("asn_session=abc", false), None);
        assert_eq!(token_from_cookie_header(&format!("asn_session={}", "z".repeat(64)), false), None);
    }

    #[test]
    fn the_cookie_is_http_only_and_host_bound_when_secure() {
        let c = set_cookie("abc", true, 600);
        assert!(c.starts_with("__Host-asn_session=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=600; Secure"), "{c}");
        assert!(clear_cookie(false).contains("Max-Age=0"));
        assert_ne!(digest("a"), digest("b"));
    }
}
