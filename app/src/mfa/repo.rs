//! Authenticators in the database. Seeds arrive and leave sealed (see
//! `secret_box`); this layer never sees them in the clear.

use sqlx::AnyConnection;

use crate::server::db::Db;

/// A confirmed authenticator, as the account page lists it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuthenticatorRow {
    pub id: i64,
    pub device_name: String,
    pub secret_sealed: String,
    pub created_at: i64,
    pub confirmed_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub last_step: Option<i64>,
}

/// Starts an enrolment: a pending row holding the sealed seed. Earlier
/// pending enrolments of the employee are dropped (one QR code is live).
pub async fn start_enrolment(
    conn: &mut AnyConnection,
    employee_id: i64,
    secret_sealed: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query("DELETE FROM authenticators WHERE employee_id = $1 AND confirmed_at IS NULL")
        .bind(employee_id)
        .execute(&mut *conn)
        .await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO authenticators (employee_id, device_name, secret_sealed, created_at) \
         VALUES ($1, '', $2, $3) RETURNING id",
    )
    .bind(employee_id)
    .bind(secret_sealed)
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// The employee's pending enrolment, if any.
pub async fn pending(conn: &mut AnyConnection, employee_id: i64) -> Result<Option<AuthenticatorRow>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT id, device_name, secret_sealed, created_at, confirmed_at, last_used_at, last_step ",
        "FROM authenticators WHERE employee_id = $1 AND confirmed_at IS NULL"
    ))
    .bind(employee_id)
    .fetch_optional(conn)
    .await
}

/// The employee's confirmed authenticators, oldest first.
pub async fn confirmed(db: &Db, employee_id: i64) -> Result<Vec<AuthenticatorRow>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT id, device_name, secret_sealed, created_at, confirmed_at, last_used_at, last_step ",
        "FROM authenticators WHERE employee_id = $1 AND confirmed_at IS NOT NULL ORDER BY created_at, id"
    ))
    .bind(employee_id)
    .fetch_all(db.pool())
    .await
}

/// Accepts time step `step` for the authenticator: one conditional UPDATE,
/// so of two requests carrying the same code (on any instances) exactly one
/// raises `last_step` and gets `true`. A pending enrolment is confirmed by
/// the same statement when `device_name` is given.
pub async fn accept_step(
    conn: &mut AnyConnection,
    authenticator_id: i64,
    employee_id: i64,
    step: i64,
    now: i64,
    confirm_as: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let done = match confirm_as {
        None => {
            sqlx::query(
                "UPDATE authenticators SET last_step = $1, last_used_at = $2 \
                 WHERE id = $3 AND employee_id = $4 AND confirmed_at IS NOT NULL \
                 AND (last_step IS NULL OR last_step < $1)",
            )
            .bind(step)
            .bind(now)
            .bind(authenticator_id)
            .bind(employee_id)
            .execute(conn)
            .await?
        }
        Some(name) => {
            sqlx::query(
                "UPDATE authenticators SET last_step = $1, last_used_at = $2, confirmed_at = $2, device_name = $5 \
                 WHERE id = $3 AND employee_id = $4 AND confirmed_at IS NULL",
            )
            .bind(step)
            .bind(now)
            .bind(authenticator_id)
            .bind(employee_id)
            .bind(name)
            .execute(conn)
            .await?
        }
    };
    Ok(done.rows_affected() == 1)
}

/// How long a wrong code's clock offset is remembered for the next one.
pub const DRIFT_MEMORY_SECONDS: i64 = 10 * 60;

/// Notes that a wrong code fitted the step `offset` seconds away and
/// answers whether the authenticator's previous wrong code, within
/// [`DRIFT_MEMORY_SECONDS`], fitted the same offset.
pub async fn note_drift(
    conn: &mut AnyConnection,
    authenticator_id: i64,
    offset: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let (previous, seen_at): (Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT drift_offset, drift_seen_at FROM authenticators WHERE id = $1")
            .bind(authenticator_id)
            .fetch_one(&mut *conn)
            .await?;
    sqlx::query("UPDATE authenticators SET drift_offset = $1, drift_seen_at = $2 WHERE id = $3")
        .bind(offset)
        .bind(now)
        .bind(authenticator_id)
        .execute(conn)
        .await?;
    Ok(previous == Some(offset) && seen_at.is_some_and(|t| now - t <= DRIFT_MEMORY_SECONDS))
}

/// Whether the employee has a confirmed authenticator.
pub async fn has_confirmed(conn: &mut AnyConnection, employee_id: i64) -> Result<bool, sqlx::Error> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM authenticators WHERE employee_id = $1 AND confirmed_at IS NOT NULL")
            .bind(employee_id)
            .fetch_one(conn)
            .await?;
    Ok(n > 0)
}

/// Removes one confirmed authenticator of the employee, never the last.
/// Call it in a transaction after [`lock_employee`], so two removals racing
/// on two devices (or instances) run one after the other and cannot leave
/// none. Returns whether one was removed.
pub async fn remove_unless_last(
    conn: &mut AnyConnection,
    employee_id: i64,
    authenticator_id: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM authenticators WHERE id = $1 AND employee_id = $2 AND confirmed_at IS NOT NULL \
         AND (SELECT COUNT(*) FROM authenticators WHERE employee_id = $2 AND confirmed_at IS NOT NULL) > 1",
    )
    .bind(authenticator_id)
    .bind(employee_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Drops the employee's pending enrolment, if any.
pub async fn drop_pending(conn: &mut AnyConnection, employee_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM authenticators WHERE employee_id = $1 AND confirmed_at IS NULL")
        .bind(employee_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Serialises changes to one employee's authenticators: a write to their
/// credential row, which PostgreSQL locks until commit (SQLite's writer
/// lock already serialises the whole transaction).
pub async fn lock_employee(conn: &mut AnyConnection, employee_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE credentials SET updated_at = $1 WHERE employee_id = $2")
        .bind(now)
        .bind(employee_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Replaces an authenticator's sealed seed (re-encrypted under a newer key).
pub async fn reseal(conn: &mut AnyConnection, authenticator_id: i64, sealed: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE authenticators SET secret_sealed = $1 WHERE id = $2")
        .bind(sealed)
        .bind(authenticator_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Removes every authenticator and the recovery codes (they belonged to the
/// removed set-up; enrolment makes new ones). Returns how many
/// authenticators went.
pub async fn remove_all(conn: &mut AnyConnection, employee_id: i64) -> Result<u64, sqlx::Error> {
    let removed = sqlx::query("DELETE FROM authenticators WHERE employee_id = $1")
        .bind(employee_id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    sqlx::query("DELETE FROM recovery_codes WHERE employee_id = $1").bind(employee_id).execute(conn).await?;
    Ok(removed)
}

/// Authenticators (confirmed or being enrolled) and recovery codes.
pub async fn device_count(conn: &mut AnyConnection, employee_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT CAST((SELECT COUNT(*) FROM authenticators WHERE employee_id = $1) \
              + (SELECT COUNT(*) FROM recovery_codes WHERE employee_id = $1) AS BIGINT)",
    )
    .bind(employee_id)
    .fetch_one(conn)
    .await
}

/// Replaces the employee's recovery codes (their hashes).
pub async fn replace_recovery_codes(
    conn: &mut AnyConnection,
    employee_id: i64,
    hashes: &[String],
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM recovery_codes WHERE employee_id = $1").bind(employee_id).execute(&mut *conn).await?;
    for hash in hashes {
        sqlx::query("INSERT INTO recovery_codes (employee_id, code_hash, created_at) VALUES ($1, $2, $3)")
            .bind(employee_id)
            .bind(hash)
            .bind(now)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Uses up a code (its hash): one conditional UPDATE, so of two requests
/// with the same code exactly one succeeds.
pub async fn use_recovery_code(
    conn: &mut AnyConnection,
    employee_id: i64,
    hash: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE recovery_codes SET used_at = $1 WHERE employee_id = $2 AND code_hash = $3 AND used_at IS NULL",
    )
    .bind(now)
    .bind(employee_id)
    .bind(hash)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Unused recovery codes.
pub async fn recovery_codes_left(db: &Db, employee_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE employee_id = $1 AND used_at IS NULL")
        .bind(employee_id)
        .fetch_one(db.pool())
        .await
}
