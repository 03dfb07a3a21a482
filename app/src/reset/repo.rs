//! The SQL of the reset wizard: one row per browser's flow (`reset_flows`),
//! named by the SHA-256 of the flow cookie.

use sqlx::AnyConnection;

#[derive(Debug, sqlx::FromRow)]
pub struct Flow {
    pub id: i64,
    pub purpose: String,
    pub step: String,
    pub expires_at: i64,
    pub captcha_hash: Option<String>,
    pub captcha_alt_hash: Option<String>,
    pub captcha_expires_at: Option<i64>,
    pub nip: Option<String>,
    pub employee_id: Option<i64>,
    pub code_hash: Option<String>,
    pub code_expires_at: Option<i64>,
    pub code_attempts: i64,
    pub email_hint: Option<String>,
}

pub async fn flow(conn: &mut AnyConnection, flow_hash: &str) -> Result<Option<Flow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, purpose, step, expires_at, captcha_hash, captcha_alt_hash, captcha_expires_at, nip, \
         employee_id, code_hash, code_expires_at, code_attempts, email_hint FROM reset_flows WHERE flow_hash = $1",
    )
    .bind(flow_hash)
    .fetch_optional(conn)
    .await
}

/// Deletes expired flows.
pub async fn sweep(conn: &mut AnyConnection, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM reset_flows WHERE expires_at <= $1").bind(now).execute(conn).await?;
    Ok(())
}

pub async fn start(
    conn: &mut AnyConnection,
    flow_hash: &str,
    purpose: &str,
    now: i64,
    expires_at: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO reset_flows (flow_hash, purpose, step, created_at, expires_at) \
         VALUES ($1, $2, 'identify', $3, $4) RETURNING id",
    )
    .bind(flow_hash)
    .bind(purpose)
    .bind(now)
    .bind(expires_at)
    .fetch_one(conn)
    .await
}

/// A fresh captcha: the hashes of its two accepted answers.
pub async fn set_captcha(
    conn: &mut AnyConnection,
    id: i64,
    answer_hash: &str,
    alt_hash: &str,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE reset_flows SET captcha_hash = $1, captcha_alt_hash = $2, captcha_expires_at = $3 WHERE id = $4",
    )
    .bind(answer_hash)
    .bind(alt_hash)
    .bind(expires_at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The captcha is answered once, whatever the answer.
pub async fn spend_captcha(conn: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE reset_flows SET captcha_hash = NULL, captcha_alt_hash = NULL WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn count_captcha_failure(conn: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE reset_flows SET captcha_failures = captcha_failures + 1 WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The NIP step done: on to the e-mail step (the employee, if the NIP is one).
pub async fn identified(
    conn: &mut AnyConnection,
    id: i64,
    nip: &str,
    employee_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE reset_flows SET step = 'email', nip = $1, employee_id = $2 WHERE id = $3")
        .bind(nip)
        .bind(employee_id)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Voids the codes of the employee's other flows.
pub async fn void_other_codes(conn: &mut AnyConnection, employee_id: i64, except: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE reset_flows SET code_hash = NULL WHERE employee_id = $1 AND id <> $2")
        .bind(employee_id)
        .bind(except)
        .execute(conn)
        .await?;
    Ok(())
}

/// On to the code step with a fresh code (its hash).
/// Step two done: the code's hash, its expiry, and where it went (masked).
pub async fn code_sent(
    conn: &mut AnyConnection,
    id: i64,
    code_hash: &str,
    expires_at: i64,
    email_hint: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE reset_flows SET step = 'code', code_hash = $1, code_expires_at = $2, code_attempts = 0, \
                                email_hint = $3 WHERE id = $4",
    )
    .bind(code_hash)
    .bind(expires_at)
    .bind(email_hint)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn count_code_attempt(conn: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE reset_flows SET code_attempts = code_attempts + 1 WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Deletes the flow; `false` when another request spent it first.
pub async fn spend(conn: &mut AnyConnection, id: i64) -> Result<bool, sqlx::Error> {
    let spent = sqlx::query("DELETE FROM reset_flows WHERE id = $1").bind(id).execute(conn).await?;
    Ok(spent.rows_affected() == 1)
}

/// Forgets the browser's flow.
pub async fn forget(conn: &mut AnyConnection, flow_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM reset_flows WHERE flow_hash = $1").bind(flow_hash).execute(conn).await?;
    Ok(())
}
