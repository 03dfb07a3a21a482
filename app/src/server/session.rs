//! Server-side sessions. The cookie carries a random 256-bit id; the
//! database keeps only its SHA-256, so a leaked table cannot be replayed.
//! A session ends when idle too long, at its absolute expiry, at sign-out,
//! or when revoked.

use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

use crate::server::AuthSettings;
use crate::server::db::Db;
use crate::server::request_info::RequestInfo;

/// How far through sign-in a session is (the state machine in ARCHITECTURE.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The password was right; a code from the authenticator comes next.
    VerifyTotp,
    /// The password was right and the account has no authenticator yet:
    /// one must be set up (its first code is the second factor).
    EnrollTotp,
    /// Both factors are proven, but a new password must be chosen before
    /// anything else.
    UpdatePassword,
    /// Every page is open.
    SignedIn,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::VerifyTotp => "verify_totp",
            Self::EnrollTotp => "enroll_totp",
            Self::UpdatePassword => "update_password",
            Self::SignedIn => "signed_in",
        }
    }

    /// Whether both factors are proven (the password and a code).
    pub fn second_factor_done(self) -> bool {
        matches!(self, Self::UpdatePassword | Self::SignedIn)
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "verify_totp" => Some(Self::VerifyTotp),
            "enroll_totp" => Some(Self::EnrollTotp),
            "update_password" => Some(Self::UpdatePassword),
            "signed_in" => Some(Self::SignedIn),
            _ => None,
        }
    }
}

/// How long a session may wait at the code step after the password
/// (seconds): long enough to find the phone, short enough that a
/// half-signed-in session is no asset.
pub const PENDING_STEP_SECONDS: i64 = 10 * 60;

/// The live session a request presented.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Current {
    pub employee_id: i64,
    pub stage: Stage,
    id_hash: String,
}

impl Current {
    /// The stored id hash (never the token): the key of the session row.
    pub fn id_hash(&self) -> &str {
        &self.id_hash
    }

    /// The handle the sessions page shows for this session.
    pub fn handle(&self) -> String {
        handle_of(&self.id_hash)
    }
}

/// One of an employee's sessions, as the sessions page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    /// Names the session in forms without revealing its id or id hash.
    pub handle: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// A one-way name for a session: the sessions page can end it by this
/// handle, and knowing it gives no way back to the cookie.
fn handle_of(id_hash: &str) -> String {
    let d = Sha256::digest(format!("session-handle:{id_hash}").as_bytes());
    hex::encode(&d[..16])
}

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
    random_token_cookie(header, cookie_name(secure))
}

/// The value of cookie `name` in a `Cookie` header, if it is a 256-bit hex
/// token like those [`new_token`] makes (the session's, the reset flow's).
pub fn random_token_cookie(header: &str, name: &str) -> Option<String> {
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
    stage: Stage,
) -> Result<String, sqlx::Error> {
    let token = new_token();
    let lifetime = if stage.second_factor_done() { settings.session_absolute } else { PENDING_STEP_SECONDS };
    let user_agent = request.user_agent.as_deref().map(|ua| ua.chars().take(256).collect::<String>());
    sqlx::query(
        "INSERT INTO sessions (id_hash, employee_id, created_at, last_seen_at, expires_at, ip, user_agent, stage, \
                               authenticated_at) \
         VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8)",
    )
    .bind(digest(&token))
    .bind(employee_id)
    .bind(now)
    .bind(now + lifetime.min(settings.session_absolute))
    .bind(request.ip.as_deref())
    .bind(user_agent)
    .bind(stage.as_str())
    .bind(stage.second_factor_done().then_some(now))
    .execute(conn)
    .await?;
    Ok(token)
}

/// The live session a token names. Refreshes its idle timer (at most once
/// a minute, to spare the database a write per request) and deletes it once
/// expired. A session at a stage this build does not know is no session.
pub async fn load(db: &Db, token: &str, now: i64, settings: &AuthSettings) -> Result<Option<Current>, sqlx::Error> {
    let id_hash = digest(token);
    let row: Option<(i64, i64, i64, String)> =
        sqlx::query_as("SELECT employee_id, last_seen_at, expires_at, stage FROM sessions WHERE id_hash = $1")
            .bind(&id_hash)
            .fetch_optional(db.pool())
            .await?;
    let Some((employee_id, last_seen, expires, stage)) = row else { return Ok(None) };
    if now >= expires || now - last_seen >= settings.session_idle {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(&id_hash).execute(db.pool()).await?;
        return Ok(None);
    }
    let Some(stage) = Stage::parse(&stage) else { return Ok(None) };
    if now - last_seen >= 60 {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
            .bind(now)
            .bind(&id_hash)
            .execute(db.pool())
            .await?;
    }
    Ok(Some(Current { employee_id, stage, id_hash }))
}

/// Steps a session up to `stage` under a fresh id (the old one is dead at
/// once) and returns the new token. `None` if the session ended meanwhile
/// or was no longer at the stage the caller checked. A session that has
/// just proven its second factor gets its full lifetime from now.
pub async fn step_up(
    conn: &mut sqlx::AnyConnection,
    current: &Current,
    stage: Stage,
    now: i64,
    settings: &AuthSettings,
) -> Result<Option<String>, sqlx::Error> {
    let token = new_token();
    let done = if stage.second_factor_done() && !current.stage.second_factor_done() {
        sqlx::query(
            "UPDATE sessions SET id_hash = $1, stage = $2, last_seen_at = $3, expires_at = $4, authenticated_at = $3 \
             WHERE id_hash = $5 AND stage = $6",
        )
        .bind(digest(&token))
        .bind(stage.as_str())
        .bind(now)
        .bind(now + settings.session_absolute)
        .bind(&current.id_hash)
        .bind(current.stage.as_str())
        .execute(conn)
        .await?
    } else {
        sqlx::query("UPDATE sessions SET id_hash = $1, stage = $2, last_seen_at = $3 WHERE id_hash = $4 AND stage = $5")
            .bind(digest(&token))
            .bind(stage.as_str())
            .bind(now)
            .bind(&current.id_hash)
            .bind(current.stage.as_str())
            .execute(conn)
            .await?
    };
    Ok((done.rows_affected() == 1).then_some(token))
}

/// Every live session of an employee, most recently used first.
pub async fn list(
    db: &Db,
    employee_id: i64,
    now: i64,
    settings: &AuthSettings,
) -> Result<Vec<SessionRow>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id_hash: String,
        created_at: i64,
        last_seen_at: i64,
        ip: Option<String>,
        user_agent: Option<String>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id_hash, created_at, last_seen_at, ip, user_agent FROM sessions \
         WHERE employee_id = $1 AND expires_at > $2 AND last_seen_at > $3 ORDER BY last_seen_at DESC, created_at DESC",
    )
    .bind(employee_id)
    .bind(now)
    .bind(now - settings.session_idle)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| SessionRow {
            handle: handle_of(&r.id_hash),
            created_at: r.created_at,
            last_seen_at: r.last_seen_at,
            ip: r.ip,
            user_agent: r.user_agent,
        })
        .collect())
}

/// Ends the employee's session with this handle, never the current one and
/// never another employee's. Returns whether one ended.
pub async fn revoke_by_handle(
    conn: &mut sqlx::AnyConnection,
    current: &Current,
    handle: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let hashes: Vec<(String,)> =
        sqlx::query_as("SELECT id_hash FROM sessions WHERE employee_id = $1 AND id_hash <> $2")
            .bind(current.employee_id)
            .bind(&current.id_hash)
            .fetch_all(&mut *conn)
            .await?;
    let Some((id_hash,)) = hashes.into_iter().find(|(h,)| handle_of(h) == handle) else { return Ok(false) };
    let done = sqlx::query("DELETE FROM sessions WHERE id_hash = $1 AND employee_id = $2")
        .bind(&id_hash)
        .bind(current.employee_id)
        .execute(&mut *conn)
        .await?;
    ended(conn, vec![id_hash], now).await?;
    Ok(done.rows_affected() == 1)
}

/// The stored id hash of a session token.
pub fn hash_token(token: &str) -> String {
    digest(token)
}

/// Keeps a sealed value with the session (by id hash) until
/// [`clear_reveal`] (recovery codes waiting to be shown once).
pub async fn set_reveal(conn: &mut sqlx::AnyConnection, id_hash: &str, sealed: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET reveal_sealed = $1 WHERE id_hash = $2")
        .bind(sealed)
        .bind(id_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// The sealed value the session holds for showing, if any.
pub async fn reveal(db: &Db, current: &Current) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(Option<String>,)> = sqlx::query_as("SELECT reveal_sealed FROM sessions WHERE id_hash = $1")
        .bind(&current.id_hash)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.and_then(|r| r.0))
}

/// Forgets the value kept for showing.
pub async fn clear_reveal(db: &Db, current: &Current) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET reveal_sealed = NULL WHERE id_hash = $1")
        .bind(&current.id_hash)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Work that must end with a session, in the transaction that ends it:
/// given the ended sessions' id hashes and the time. A feature above this
/// layer registers one with [`on_end`] (the single sign-on provider revokes
/// the tokens those sessions gave and queues the services' logout).
pub type EndHook = for<'c> fn(
    &'c mut sqlx::AnyConnection,
    &'c [String],
    i64,
) -> futures_util::future::BoxFuture<'c, Result<(), sqlx::Error>>;

static END_HOOKS: std::sync::RwLock<Vec<EndHook>> = std::sync::RwLock::new(Vec::new());

/// Registers `hook` to run whenever sessions end (once, however often it
/// is registered). `crate::register_hooks` registers every feature's.
pub fn on_end(hook: EndHook) {
    let mut hooks = END_HOOKS.write().unwrap_or_else(std::sync::PoisonError::into_inner);
    if !hooks.iter().any(|h| std::ptr::fn_addr_eq(*h, hook)) {
        hooks.push(hook);
    }
}

/// Whatever ends a session runs the registered end hooks, in the same
/// transaction.
async fn ended(conn: &mut sqlx::AnyConnection, id_hashes: Vec<String>, now: i64) -> Result<(), sqlx::Error> {
    let hooks = END_HOOKS.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
    for hook in hooks {
        hook(&mut *conn, &id_hashes, now).await?;
    }
    Ok(())
}

/// Ends the current session.
pub async fn end(conn: &mut sqlx::AnyConnection, current: &Current, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(&current.id_hash).execute(&mut *conn).await?;
    ended(conn, vec![current.id_hash.clone()], now).await
}

/// Ends every session of the employee except the current one.
pub async fn revoke_others(conn: &mut sqlx::AnyConnection, current: &Current, now: i64) -> Result<u64, sqlx::Error> {
    let gone: Vec<String> =
        sqlx::query_scalar("DELETE FROM sessions WHERE employee_id = $1 AND id_hash <> $2 RETURNING id_hash")
            .bind(current.employee_id)
            .bind(&current.id_hash)
            .fetch_all(&mut *conn)
            .await?;
    let count = gone.len() as u64;
    ended(conn, gone, now).await?;
    Ok(count)
}

/// Ends one session; returns the employee it belonged to.
pub async fn revoke(conn: &mut sqlx::AnyConnection, token: &str, now: i64) -> Result<Option<i64>, sqlx::Error> {
    let id_hash = digest(token);
    let row: Option<(i64,)> = sqlx::query_as("DELETE FROM sessions WHERE id_hash = $1 RETURNING employee_id")
        .bind(&id_hash)
        .fetch_optional(&mut *conn)
        .await?;
    // Tokens of a session that ended otherwise (it expired) end too.
    ended(conn, vec![id_hash], now).await?;
    Ok(row.map(|r| r.0))
}

/// When this session last proved both factors (`None`: never, or gone).
pub async fn authenticated_at(db: &Db, current: &Current) -> Result<Option<i64>, sqlx::Error> {
    authenticated_at_in(&mut *db.pool().acquire().await?, &current.id_hash).await
}

/// [`authenticated_at`] in the caller's transaction, by the session's id hash.
pub async fn authenticated_at_in(conn: &mut sqlx::AnyConnection, id_hash: &str) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(Option<i64>,)> = sqlx::query_as("SELECT authenticated_at FROM sessions WHERE id_hash = $1")
        .bind(id_hash)
        .fetch_optional(conn)
        .await?;
    Ok(row.and_then(|r| r.0))
}

/// Records which second factor the session (named by its token, as
/// `step_up` returns it) proved last: `otp` or `recovery`.
pub async fn record_factor(conn: &mut sqlx::AnyConnection, token: &str, factor: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET second_factor = $1 WHERE id_hash = $2")
        .bind(factor)
        .bind(digest(token))
        .execute(conn)
        .await?;
    Ok(())
}

/// The second factor the session proved last (`otp`, `recovery`), if any.
pub async fn second_factor(conn: &mut sqlx::AnyConnection, id_hash: &str) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(Option<String>,)> = sqlx::query_as("SELECT second_factor FROM sessions WHERE id_hash = $1")
        .bind(id_hash)
        .fetch_optional(conn)
        .await?;
    Ok(row.and_then(|r| r.0))
}

/// Records that this session proved both factors again just now.
pub async fn reauthenticated(conn: &mut sqlx::AnyConnection, current: &Current, now: i64) -> Result<bool, sqlx::Error> {
    // Re-authentication takes an authenticator code only (see `admin_reauth`).
    let done = sqlx::query(
        "UPDATE sessions SET authenticated_at = $1, last_seen_at = $1, second_factor = 'otp' WHERE id_hash = $2",
    )
    .bind(now)
    .bind(&current.id_hash)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends every session of an employee (disable, password reset).
pub async fn revoke_all(conn: &mut sqlx::AnyConnection, employee_id: i64, now: i64) -> Result<u64, sqlx::Error> {
    let gone: Vec<String> = sqlx::query_scalar("DELETE FROM sessions WHERE employee_id = $1 RETURNING id_hash")
        .bind(employee_id)
        .fetch_all(&mut *conn)
        .await?;
    let count = gone.len() as u64;
    ended(conn, gone, now).await?;
    Ok(count)
}

/// Whether the signed-in session behind a stream still exists (a database
/// hiccup does not end a stream; a missing session does).
pub async fn signed_in_alive(db: &Db, id_hash: &str) -> bool {
    let found: Result<Option<i64>, _> =
        sqlx::query_scalar("SELECT employee_id FROM sessions WHERE id_hash = $1 AND stage = 'signed_in'")
            .bind(id_hash)
            .fetch_optional(db.pool())
            .await;
    // A database hiccup does not end the stream; a missing session does.
    !matches!(found, Ok(None))
}

/// The employee's sessions that have not expired.
pub async fn count_live(conn: &mut sqlx::AnyConnection, employee_id: i64, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE employee_id = $1 AND expires_at > $2")
        .bind(employee_id)
        .bind(now)
        .fetch_one(conn)
        .await
}

/// A session was used now (a service it signed in to refreshed its tokens).
pub async fn touch(conn: &mut sqlx::AnyConnection, id_hash: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
        .bind(now)
        .bind(id_hash)
        .execute(conn)
        .await?;
    Ok(())
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

    #[test]
    fn handles_name_sessions_without_revealing_their_hash() {
        let h = digest(&new_token());
        assert_eq!(handle_of(&h).len(), 32);
        assert_eq!(handle_of(&h), handle_of(&h));
        assert!(!h.contains(&handle_of(&h)));
        for stage in [Stage::VerifyTotp, Stage::EnrollTotp, Stage::UpdatePassword, Stage::SignedIn] {
            assert_eq!(Stage::parse(stage.as_str()), Some(stage));
        }
        assert_eq!(Stage::parse("verify_totp_from_the_future"), None);
    }
}
