//! Archive completeness: which core documents (the types
//! `required_documents` lists for each kind of employee) each employee of
//! the admin's agencies still lacks in the cabinet, per unit, and a
//! reminder to those who lack some. Counted against current documents
//! only (neither deleted nor replaced).

use std::collections::{HashMap, HashSet};

use sqlx::AnyConnection;

use super::model::{ArchiveRow, ArchiveView, Choice};
use super::repo::{AdminError, archive, scope};
use crate::audit::{self, Actor, AuditKind, AuditRecord, RequestInfo};
use crate::notify::kind::NotificationKind;
use crate::server::db::Db;

/// One reminder per employee per this many seconds, however often the
/// button is pressed.
pub const REMIND_EVERY: i64 = 24 * 3600;

/// The completeness of the admin's agencies, or of one unit of them.
pub async fn view(db: &Db, admin: i64, unit: Option<i64>) -> Result<ArchiveView, AdminError> {
    let agencies = scope(db, admin).await?;
    let units = archive::units(db, &agencies).await?;
    let employees = archive::employees(db, &agencies, unit).await?;
    let held = archive::held(db, &agencies, unit).await?;
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
    if !archive::remind(tx, row.id, NotificationKind::ArchiveIncomplete.as_str(), &detail, now, now - REMIND_EVERY)
        .await?
    {
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
    archive::required_list(db).await
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
    if !archive::is_core_type(db, type_code).await? {
        return Err(RequireError::Type);
    }
    Ok(archive::set_required(db, kind, type_code, required).await?)
}
