//! The agency admins' export of leave requests (`GET /leave/export.csv`):
//! every request of the agencies they administer for one year, as CSV.

use super::repo;
use super::service::LeaveError;
use crate::org::repo::admin_agencies;
use crate::server::csv::cell;
use crate::server::db::Db;

pub const HEADER: [&str; 13] = [
    "id",
    "nip",
    "name",
    "type",
    "start",
    "end",
    "length",
    "unit",
    "status",
    "consideration",
    "decision",
    "decision_note",
    "created_at",
];

/// The CSV of `year`'s requests (by start date) of the admin's agencies;
/// forbidden for anyone who administers none. Drafts stay private.
pub async fn csv(db: &Db, admin_id: i64, year: u16) -> Result<String, LeaveError> {
    let agencies = admin_agencies(db, admin_id).await?;
    if agencies.is_empty() {
        return Err(LeaveError::Forbidden);
    }
    let mut conn = db.pool().acquire().await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let failed = |e: csv::Error| LeaveError::Db(sqlx::Error::Protocol(format!("csv: {e}")));
    out.write_record(HEADER).map_err(failed)?;
    for agency in agencies {
        let condition = format!("e.agency_id = $1 AND r.status <> 'draft' AND r.start_date LIKE '{year:04}-%'");
        let mut rows = repo::requests_where(&mut conn, &condition, agency, 100_000).await?;
        rows.sort_by_key(|r| r.id);
        for r in rows {
            out.write_record([
                r.id.to_string(),
                r.nip.clone(),
                cell(&r.employee),
                r.type_code.clone(),
                r.start.to_string(),
                r.end.to_string(),
                r.length.to_string(),
                r.unit.as_str().to_string(),
                r.status.as_str().to_string(),
                r.consideration.map(|o| o.as_str().to_string()).unwrap_or_default(),
                r.decision.map(|o| o.as_str().to_string()).unwrap_or_default(),
                cell(r.decision_note.as_deref().unwrap_or_default()),
                crate::domain::date::format_timestamp(r.created_at, crate::domain::date::WIB_OFFSET_HOURS),
            ])
            .map_err(failed)?;
        }
    }
    let bytes = out.into_inner().map_err(|e| LeaveError::Db(sqlx::Error::Protocol(format!("csv: {e}"))))?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 text"))
}
