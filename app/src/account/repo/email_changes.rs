//! The SQL of e-mail corrections (`email_changes`) and of the e-mail
//! history they write when confirmed.

use sqlx::{AnyConnection, AssertSqlSafe};

/// A correction as opened: the link tokens only as hashes.
pub struct Open<'a> {
    pub employee_id: i64,
    pub old_email: &'a str,
    pub new_email: &'a str,
    pub confirm_hash: &'a str,
    pub object_hash: &'a str,
    pub admin_id: i64,
    pub reason: &'a str,
}

/// Opens a correction, replacing any the employee has open.
pub async fn open(conn: &mut AnyConnection, o: &Open<'_>, now: i64, expires_at: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE email_changes SET outcome = 'replaced', decided_at = $1 WHERE employee_id = $2 AND outcome IS NULL",
    )
    .bind(now)
    .bind(o.employee_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO email_changes (employee_id, old_email, new_email, confirm_hash, object_hash, admin_id, reason, \
                                    created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(o.employee_id)
    .bind(o.old_email)
    .bind(o.new_email)
    .bind(o.confirm_hash)
    .bind(o.object_hash)
    .bind(o.admin_id)
    .bind(o.reason)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The link column a token is looked up by.
pub const CONFIRM: &str = "confirm_hash";
pub const OBJECT: &str = "object_hash";

/// Closes the open, unexpired correction whose `column` (`CONFIRM` or
/// `OBJECT`) is `token_hash`, with `outcome`; only one of two racing
/// answers gets it: `(employee, old address, new address, admin, reason)`.
pub async fn take(
    conn: &mut AnyConnection,
    column: &str,
    token_hash: &str,
    outcome: &str,
    now: i64,
) -> Result<Option<(i64, String, String, i64, String)>, sqlx::Error> {
    let column = if column == OBJECT { OBJECT } else { CONFIRM };
    let sql = format!(
        "UPDATE email_changes SET outcome = $1, decided_at = $2 \
         WHERE {column} = $3 AND outcome IS NULL AND expires_at > $2 \
         RETURNING employee_id, old_email, new_email, admin_id, reason"
    );
    sqlx::query_as(AssertSqlSafe(sql)).bind(outcome).bind(now).bind(token_hash).fetch_optional(conn).await
}

/// Moves the account to the new address, only while it still has the old
/// one: `false` when it changed another way meanwhile.
pub async fn move_address(
    conn: &mut AnyConnection,
    employee_id: i64,
    old: &str,
    new: &str,
) -> Result<bool, sqlx::Error> {
    let moved = sqlx::query("UPDATE employees SET email = $1 WHERE id = $2 AND email = $3")
        .bind(new)
        .bind(employee_id)
        .bind(old)
        .execute(conn)
        .await?;
    Ok(moved.rows_affected() == 1)
}

/// The correction no longer describes the account.
pub async fn mark_replaced(conn: &mut AnyConnection, confirm_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE email_changes SET outcome = 'replaced' WHERE confirm_hash = $1")
        .bind(confirm_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// Keeps the replaced address in the e-mail history.
pub async fn keep_history(
    conn: &mut AnyConnection,
    employee_id: i64,
    old: &str,
    new: &str,
    now: i64,
    admin_id: i64,
    reason: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO email_history (employee_id, old_email, new_email, changed_at, actor_employee_id, source, reason) \
         VALUES ($1, $2, $3, $4, $5, 'admin', $6)",
    )
    .bind(employee_id)
    .bind(old)
    .bind(new)
    .bind(now)
    .bind(admin_id)
    .bind(reason)
    .execute(conn)
    .await?;
    Ok(())
}
