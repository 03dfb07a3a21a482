//! Archive completeness: which core documents (the types
//! `required_documents` lists for each kind of employee) each employee of
//! the admin's agencies still lacks in the cabinet, per unit, and a
//! reminder to those who lack some. Counted against current documents
//! only (neither deleted nor replaced).

use std::collections::{HashMap, HashSet};

use sqlx::AnyConnection;

use super::model::{ArchiveRow, ArchiveView, Choice};
use super::repo::{AdminError, scope};
use crate::audit::{self, Actor, AuditKind, AuditRecord, RequestInfo};
use crate::notify::kind::NotificationKind;
use crate::server::db::Db;

/// One reminder per employee per this many seconds, however often the
/// button is pressed.
pub const REMIND_EVERY: i64 = 24 * 3600;

/// The completeness of the admin's agencies, or of one unit of them.
pub async fn view(db: &Db, admin: i64, unit: Option<i64>) -> Result<ArchiveView, AdminError> {
    let agencies = scope(db, admin).await?;
    let units: Vec<(i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, name FROM units WHERE agency_id IN ({agencies}) ORDER BY name"
    )))
    .fetch_all(db.pool())
    .await?;
    // Audited: `agencies` is a list of integers; the unit is bound.
    let employees: Vec<(i64, String, String, String, Option<String>)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT e.id, e.nip, e.full_name, e.kind, u.name FROM employees e LEFT JOIN units u ON u.id = e.unit_id \
         WHERE e.agency_id IN ({agencies}) AND ($1 = 0 OR e.unit_id = $1) ORDER BY u.name, e.full_name, e.id"
    )))
    .bind(unit.unwrap_or(0))
    .fetch_all(db.pool())
    .await?;
    let held: Vec<(i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT d.employee_id, d.type_code FROM documents d JOIN employees e ON e.id = d.employee_id \
         WHERE e.agency_id IN ({agencies}) AND ($1 = 0 OR e.unit_id = $1) \
           AND d.deleted_at IS NULL AND d.superseded_at IS NULL"
    )))
    .bind(unit.unwrap_or(0))
    .fetch_all(db.pool())
    .await?;
    let required = required(db).await?;
    let held: HashSet<(i64, String)> = held.into_iter().collect();
    let total = employees.len();
    let rows: Vec<ArchiveRow> = employees
        .into_iter()
        .filter_map(|(id, nip, name, kind, unit)| {
            let missing: Vec<String> = required
                .get(&kind)
                .into_iter()
                .flatten()
                .filter(|code| !held.contains(&(id, (*code).clone())))
                .cloned()
                .collect();
            (!missing.is_empty()).then_some(ArchiveRow { id, nip, name, unit, missing })
        })
        .collect();
    Ok(ArchiveView {
        units: units.into_iter().map(|(id, name)| Choice { id, name }).collect(),
        complete: total - rows.len(),
        total,
        rows,
    })
}

/// The required type codes per kind of employee.
async fn required(db: &Db) -> Result<HashMap<String, Vec<String>>, sqlx::Error> {
    let rows = required_list(db).await?;
    let mut by_kind: HashMap<String, Vec<String>> = HashMap::new();
    for (kind, code) in rows {
        by_kind.entry(kind).or_default().push(code);
    }
    Ok(by_kind)
}

/// Sends the reminder to each incomplete employee of `ids` (all of those
/// shown when `ids` is empty) not reminded in the last day. Returns how
/// many were reminded.
pub async fn remind(
    db: &Db,
    admin: i64,
    unit: Option<i64>,
    ids: &[i64],
    request: &RequestInfo,
    now: i64,
) -> Result<usize, AdminError> {
    let incomplete = view(db, admin, unit).await?.rows;
    let chosen: Vec<&ArchiveRow> = incomplete.iter().filter(|r| ids.is_empty() || ids.contains(&r.id)).collect();
    if !ids.is_empty() && chosen.len() < ids.len() {
        // An id outside the scope, or one whose cabinet is complete.
        return Err(AdminError::NotFound);
    }
    let mut tx = db.begin().await?;
    let mut sent = 0;
    for row in chosen {
        if remind_one(&mut tx, admin, row, request, now).await? {
            sent += 1;
        }
    }
    tx.commit().await?;
    Ok(sent)
}

async fn remind_one(
    tx: &mut AnyConnection,
    admin: i64,
    row: &ArchiveRow,
    request: &RequestInfo,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let detail = row.missing.join(", ");
    // One statement checks and writes (SQLite's writer lock comes first).
    let sent = sqlx::query(
        "INSERT INTO notifications (employee_id, kind, detail, link, created_at) \
         SELECT $1, $2, $3, '/documents', $4 WHERE NOT EXISTS ( \
             SELECT 1 FROM notifications WHERE employee_id = $1 AND kind = $2 AND created_at > $5)",
    )
    .bind(row.id)
    .bind(NotificationKind::ArchiveIncomplete.as_str())
    .bind(&detail)
    .bind(now)
    .bind(now - REMIND_EVERY)
    .execute(&mut *tx)
    .await?;
    if sent.rows_affected() == 0 {
        return Ok(false);
    }
    let event = AuditRecord {
        kind: AuditKind::ArchiveReminded,
        reason: None,
        employee_id: Some(row.id),
        nip: Some(&row.nip),
        actor: Actor::Employee(admin),
        request,
        detail: Some(&detail),
    };
    audit::record(tx, &event).await?;
    Ok(true)
}

/// The kinds of employee `required_documents` knows.
pub const KINDS: [&str; 3] = ["cpns", "pns", "pppk"];

/// Every (kind, type code) pair that completeness counts, by kind.
pub async fn required_list(db: &Db) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.kind, r.type_code FROM required_documents r JOIN document_types t ON t.code = r.type_code \
         ORDER BY r.kind, t.sort_order",
    )
    .fetch_all(db.pool())
    .await
}

/// Why a requirement cannot be set.
#[derive(Debug, thiserror::Error)]
pub enum RequireError {
    #[error("the kind must be one of cpns, pns, pppk")]
    Kind,
    #[error("no core (arsip utama) document type has that code")]
    Type,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Makes a core document type required (or no longer required) for a kind
/// of employee. Answers whether anything changed.
pub async fn set_required(db: &Db, kind: &str, type_code: &str, required: bool) -> Result<bool, RequireError> {
    if !KINDS.contains(&kind) {
        return Err(RequireError::Kind);
    }
    let core: Option<String> =
        sqlx::query_scalar("SELECT code FROM document_types WHERE code = $1 AND archive = 'utama'")
            .bind(type_code)
            .fetch_optional(db.pool())
            .await?;
    if core.is_none() {
        return Err(RequireError::Type);
    }
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
