//! Notifications in the database. Every read and write is scoped to the
//! employee: an id that is not theirs matches nothing.

use sqlx::AnyConnection;

use super::kind::{NotificationKind, NotificationView};
use crate::server::db::Db;

/// Adds a notification in the caller's transaction; when the employee wants
/// mail for it, the caller's `mail` is queued there too.
pub async fn push(
    conn: &mut AnyConnection,
    employee_id: i64,
    kind: NotificationKind,
    detail: Option<&str>,
    link: Option<&str>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO notifications (employee_id, kind, detail, link, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(employee_id)
    .bind(kind.as_str())
    .bind(detail)
    .bind(link)
    .bind(now)
    .fetch_one(conn)
    .await
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    kind: String,
    detail: Option<String>,
    link: Option<String>,
    created_at: i64,
    read_at: Option<i64>,
}

/// The newest notifications, newest first.
pub async fn list(db: &Db, employee_id: i64, limit: i64) -> Result<Vec<NotificationView>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, kind, detail, link, created_at, read_at FROM notifications WHERE employee_id = $1 \
         ORDER BY id DESC LIMIT $2",
    )
    .bind(employee_id)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(NotificationView {
                id: r.id,
                kind: NotificationKind::parse(&r.kind)?,
                detail: r.detail,
                link: r.link,
                at: crate::domain::date::format_timestamp(r.created_at, crate::domain::date::WIB_OFFSET_HOURS),
                unread: r.read_at.is_none(),
            })
        })
        .collect())
}

pub async fn unread_count(db: &Db, employee_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE employee_id = $1 AND read_at IS NULL")
        .bind(employee_id)
        .fetch_one(db.pool())
        .await
}

/// The newest id (0 when none): where a new live stream starts.
pub async fn newest_id(db: &Db, employee_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM notifications WHERE employee_id = $1")
        .bind(employee_id)
        .fetch_one(db.pool())
        .await
}

/// Marks one of the employee's notifications read; `false` if it is not theirs.
pub async fn mark_read(db: &Db, employee_id: i64, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let own: Option<i64> = sqlx::query_scalar("SELECT id FROM notifications WHERE id = $1 AND employee_id = $2")
        .bind(id)
        .bind(employee_id)
        .fetch_optional(db.pool())
        .await?;
    if own.is_none() {
        return Ok(false);
    }
    sqlx::query("UPDATE notifications SET read_at = $1 WHERE id = $2 AND employee_id = $3 AND read_at IS NULL")
        .bind(now)
        .bind(id)
        .bind(employee_id)
        .execute(db.pool())
        .await?;
    Ok(true)
}

pub async fn mark_all_read(db: &Db, employee_id: i64, now: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("UPDATE notifications SET read_at = $1 WHERE employee_id = $2 AND read_at IS NULL")
        .bind(now)
        .bind(employee_id)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected())
}

pub async fn wants_sign_in_mail(conn: &mut AnyConnection, employee_id: i64) -> Result<bool, sqlx::Error> {
    let pref: Option<i64> = sqlx::query_scalar("SELECT email_sign_in FROM notification_prefs WHERE employee_id = $1")
        .bind(employee_id)
        .fetch_optional(conn)
        .await?;
    Ok(pref == Some(1))
}

pub async fn set_sign_in_mail(db: &Db, employee_id: i64, on: bool, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO notification_prefs (employee_id, email_sign_in, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (employee_id) DO UPDATE SET email_sign_in = $2, updated_at = $3",
    )
    .bind(employee_id)
    .bind(i64::from(on))
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Newest notification id and unread count of one employee.
pub async fn snapshot(db: &Db, employee_id: i64) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT COALESCE(MAX(id), 0), COALESCE(SUM(CASE WHEN read_at IS NULL THEN 1 ELSE 0 END), 0) \
         FROM notifications WHERE employee_id = $1",
    )
    .bind(employee_id)
    .fetch_one(db.pool())
    .await
}
