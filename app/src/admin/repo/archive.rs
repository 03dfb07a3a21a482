//! The SQL of archive completeness. `agencies` is always the list of
//! integers `repo::scope` builds (audited: nothing typed reaches it); the
//! unit is bound.

use sqlx::{AnyConnection, AssertSqlSafe};

use crate::server::db::Db;

/// The units of the agencies: `(id, name)`.
pub async fn units(db: &Db, agencies: &str) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(AssertSqlSafe(format!("SELECT id, name FROM units WHERE agency_id IN ({agencies}) ORDER BY name")))
        .fetch_all(db.pool())
        .await
}

/// The employees of the agencies (or of one unit): `(id, nip, name, kind, unit)`.
pub async fn employees(
    db: &Db,
    agencies: &str,
    unit: Option<i64>,
) -> Result<Vec<(i64, String, String, String, Option<String>)>, sqlx::Error> {
    sqlx::query_as(AssertSqlSafe(format!(
        "SELECT e.id, e.nip, e.full_name, e.kind, u.name FROM employees e LEFT JOIN units u ON u.id = e.unit_id \
         WHERE e.agency_id IN ({agencies}) AND ($1 = 0 OR e.unit_id = $1) ORDER BY u.name, e.full_name, e.id"
    )))
    .bind(unit.unwrap_or(0))
    .fetch_all(db.pool())
    .await
}

/// The current documents those employees hold: `(employee, type code)`.
pub async fn held(db: &Db, agencies: &str, unit: Option<i64>) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(AssertSqlSafe(format!(
        "SELECT d.employee_id, d.type_code FROM documents d JOIN employees e ON e.id = d.employee_id \
         WHERE e.agency_id IN ({agencies}) AND ($1 = 0 OR e.unit_id = $1) \
           AND d.deleted_at IS NULL AND d.superseded_at IS NULL"
    )))
    .bind(unit.unwrap_or(0))
    .fetch_all(db.pool())
    .await
}

/// A reminder notification, unless one of `kind` went out after `since`:
/// one statement checks and writes (SQLite's writer lock comes first).
/// Answers whether it went out.
pub async fn remind(
    conn: &mut AnyConnection,
    employee_id: i64,
    kind: &str,
    detail: &str,
    now: i64,
    since: i64,
) -> Result<bool, sqlx::Error> {
    let sent = sqlx::query(
        "INSERT INTO notifications (employee_id, kind, detail, link, created_at) \
         SELECT $1, $2, $3, '/documents', $4 WHERE NOT EXISTS ( \
             SELECT 1 FROM notifications WHERE employee_id = $1 AND kind = $2 AND created_at > $5)",
    )
    .bind(employee_id)
    .bind(kind)
    .bind(detail)
    .bind(now)
    .bind(since)
    .execute(conn)
    .await?;
    Ok(sent.rows_affected() == 1)
}

/// Every (kind, type code) pair that completeness counts.
pub async fn required_list(db: &Db) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.kind, r.type_code FROM required_documents r JOIN document_types t ON t.code = r.type_code \
         ORDER BY r.kind, t.sort_order",
    )
    .fetch_all(db.pool())
    .await
}

/// Whether `type_code` is a core (arsip utama) document type.
pub async fn is_core_type(db: &Db, type_code: &str) -> Result<bool, sqlx::Error> {
    let core: Option<String> =
        sqlx::query_scalar("SELECT code FROM document_types WHERE code = $1 AND archive = 'utama'")
            .bind(type_code)
            .fetch_optional(db.pool())
            .await?;
    Ok(core.is_some())
}

/// Requires the type for the kind (or stops requiring it); whether anything changed.
pub async fn set_required(db: &Db, kind: &str, type_code: &str, required: bool) -> Result<bool, sqlx::Error> {
    let done = if required {
        sqlx::query(
            "INSERT INTO required_documents (kind, type_code) VALUES ($1, $2) ON CONFLICT (kind, type_code) DO NOTHING",
        )
    } else {
        sqlx::query("DELETE FROM required_documents WHERE kind = $1 AND type_code = $2")
    }
    .bind(kind)
    .bind(type_code)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() > 0)
}
