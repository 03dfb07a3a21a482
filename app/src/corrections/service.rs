//! Correction requests on the server: proposing (checked against the
//! employee's own rows and documents), the admins' queue, and deciding,
//! which applies an accepted change in the same transaction as the
//! decision, keeps the old value, notifies and audits.

use sqlx::AnyConnection;

use super::model::*;
use crate::audit::{self, Actor, AuditKind, AuditRecord, RequestInfo};
use crate::notify::kind::NotificationKind;
use crate::org::repo::admin_agencies;
use crate::server::db::Db;

#[derive(Debug, thiserror::Error)]
pub enum CorrectionError {
    #[error("invalid {0}")]
    Invalid(&'static str),
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    /// Decided already (a double click, a second tab, another admin).
    #[error("already decided")]
    Conflict,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// How an existing row reads now, if it is the employee's.
async fn current_of(
    conn: &mut AnyConnection,
    employee_id: i64,
    proposal: &Proposal,
) -> Result<Option<String>, sqlx::Error> {
    Ok(match proposal {
        Proposal::AddEducation { .. } => None,
        Proposal::PositionTmt { position_id, .. } => {
            let row: Option<(String, String, String)> = sqlx::query_as(
                "SELECT position, unit_name, tmt FROM position_history WHERE id = $1 AND employee_id = $2",
            )
            .bind(position_id)
            .bind(employee_id)
            .fetch_optional(conn)
            .await?;
            row.map(|(position, unit, tmt)| format!("{position}, {unit}: TMT {tmt}"))
        }
        Proposal::FamilyBirthDate { member_id, .. } => {
            let row: Option<(String, Option<String>)> =
                sqlx::query_as("SELECT full_name, birth_date FROM family_members WHERE id = $1 AND employee_id = $2")
                    .bind(member_id)
                    .bind(employee_id)
                    .fetch_optional(conn)
                    .await?;
            row.map(|(name, date)| format!("{name}: {}", date.unwrap_or_else(|| "-".into())))
        }
    })
}

pub async fn my_corrections(db: &Db, employee_id: i64) -> Result<MyCorrections, CorrectionError> {
    let positions: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, position, tmt FROM position_history WHERE employee_id = $1 ORDER BY tmt DESC")
            .bind(employee_id)
            .fetch_all(db.pool())
            .await?;
    let family: Vec<(i64, String, Option<String>)> =
        sqlx::query_as("SELECT id, full_name, birth_date FROM family_members WHERE employee_id = $1 ORDER BY id")
            .bind(employee_id)
            .fetch_all(db.pool())
            .await?;
    let documents: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, title FROM documents WHERE employee_id = $1 AND deleted_at IS NULL ORDER BY uploaded_at DESC, id DESC",
    )
    .bind(employee_id)
    .fetch_all(db.pool())
    .await?;
    Ok(MyCorrections {
        positions: positions.into_iter().map(|(id, p, tmt)| Choice { id, label: format!("{p} (TMT {tmt})") }).collect(),
        family: family
            .into_iter()
            .map(|(id, name, date)| Choice { id, label: format!("{name} ({})", date.unwrap_or_else(|| "-".into())) })
            .collect(),
        documents: documents.into_iter().map(|(id, title)| Choice { id, label: title }).collect(),
        requests: requests(db, RequestFilter::Employee(employee_id)).await?,
    })
}

enum RequestFilter {
    Employee(i64),
    PendingInAgency(i64),
}

type RequestRow =
    (i64, String, String, String, Option<String>, i64, String, Option<String>, String, Option<String>, i64);

macro_rules! request_rows {
    ($where:literal) => {
        concat!(
            "SELECT r.id, e.full_name, e.nip, r.proposed, r.current_value, r.evidence_id, d.title, r.note, r.status, \
                    r.decision_reason, r.created_at \
             FROM correction_requests r JOIN employees e ON e.id = r.employee_id JOIN documents d ON d.id = r.evidence_id ",
            $where,
            " ORDER BY r.id DESC"
        )
    };
}

async fn requests(db: &Db, filter: RequestFilter) -> Result<Vec<RequestView>, sqlx::Error> {
    let rows: Vec<RequestRow> = match filter {
        RequestFilter::Employee(id) => {
            sqlx::query_as(request_rows!("WHERE r.employee_id = $1")).bind(id).fetch_all(db.pool()).await?
        }
        RequestFilter::PendingInAgency(agency) => {
            sqlx::query_as(request_rows!("WHERE r.status = 'pending' AND e.agency_id = $1"))
                .bind(agency)
                .fetch_all(db.pool())
                .await?
        }
    };
    Ok(rows
        .into_iter()
        .filter_map(
            |(id, employee, nip, proposed, current, evidence_id, evidence_title, note, status, reason, created_at)| {
                Some(RequestView {
                    id,
                    employee,
                    nip,
                    proposal: serde_json::from_str(&proposed).ok()?,
                    current,
                    evidence_id,
                    evidence_title,
                    note,
                    status: Status::parse(&status)?,
                    reason,
                    created_at,
                })
            },
        )
        .collect())
}

/// The pending requests of every agency the admin administers.
pub async fn queue(db: &Db, admin_id: i64) -> Result<Vec<RequestView>, CorrectionError> {
    let agencies = admin_agencies(db, admin_id).await?;
    if agencies.is_empty() {
        return Err(CorrectionError::Forbidden);
    }
    let mut out = Vec::new();
    for agency in agencies {
        out.extend(requests(db, RequestFilter::PendingInAgency(agency)).await?);
    }
    Ok(out)
}

/// How many requests wait for this admin (0 for everyone else).
pub async fn pending_count(db: &Db, admin_id: i64) -> Result<i64, sqlx::Error> {
    let mut total = 0;
    for agency in admin_agencies(db, admin_id).await? {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM correction_requests r JOIN employees e ON e.id = r.employee_id \
             WHERE r.status = 'pending' AND e.agency_id = $1",
        )
        .bind(agency)
        .fetch_one(db.pool())
        .await?;
        total += n;
    }
    Ok(total)
}

/// Files a request; notifies the admins of the employee's agency.
pub async fn request(
    db: &Db,
    employee_id: i64,
    proposal: &Proposal,
    evidence_id: i64,
    note: Option<&str>,
    info: &RequestInfo,
    now: i64,
) -> Result<i64, CorrectionError> {
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > 500) {
        return Err(CorrectionError::Invalid("note"));
    }
    let mut conn = db.pool().acquire().await?;
    let current = current_of(&mut conn, employee_id, proposal).await?;
    if current.is_none() && !matches!(proposal, Proposal::AddEducation { .. }) {
        return Err(CorrectionError::Invalid("target"));
    }
    let evidence: Option<i64> =
        sqlx::query_scalar("SELECT id FROM documents WHERE id = $1 AND employee_id = $2 AND deleted_at IS NULL")
            .bind(evidence_id)
            .bind(employee_id)
            .fetch_optional(&mut *conn)
            .await?;
    evidence.ok_or(CorrectionError::Invalid("evidence"))?;
    let (name, agency): (String, i64) = sqlx::query_as("SELECT full_name, agency_id FROM employees WHERE id = $1")
        .bind(employee_id)
        .fetch_one(&mut *conn)
        .await?;
    let admins: Vec<i64> = sqlx::query_scalar(
        "SELECT employee_id FROM role_assignments WHERE role = 'agency_admin' AND agency_id = $1 AND employee_id <> $2",
    )
    .bind(agency)
    .bind(employee_id)
    .fetch_all(&mut *conn)
    .await?;
    drop(conn);
    let proposed = serde_json::to_string(proposal).expect("a proposal serialises");
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO correction_requests (employee_id, kind, proposed, current_value, evidence_id, note, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(employee_id)
    .bind(proposal.kind())
    .bind(&proposed)
    .bind(current.as_deref())
    .bind(evidence_id)
    .bind(note)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let detail = format!("correction {id}: {}", proposal.kind());
    let event = AuditRecord {
        kind: AuditKind::CorrectionRequested,
        reason: None,
        employee_id: Some(employee_id),
        nip: None,
        actor: Actor::Employee(employee_id),
        request: info,
        detail: Some(&detail),
    };
    audit::record(&mut tx, &event).await?;
    for admin in admins {
        crate::notify::repo::push(
            &mut tx,
            admin,
            NotificationKind::CorrectionRequested,
            Some(&name),
            Some("/corrections"),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Applies an accepted proposal; answers `(item, old value, new value)`.
async fn apply(
    conn: &mut AnyConnection,
    employee_id: i64,
    proposal: &Proposal,
) -> Result<(String, Option<String>, String), CorrectionError> {
    let changed = |n: u64| if n == 1 { Ok(()) } else { Err(CorrectionError::Invalid("target")) };
    match proposal {
        Proposal::AddEducation { level, institution, major, graduation_year } => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO education_history (employee_id, level, institution, major, graduation_year) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(employee_id)
            .bind(level)
            .bind(institution)
            .bind(major.as_deref())
            .bind(i64::from(*graduation_year))
            .fetch_one(&mut *conn)
            .await?;
            Ok((format!("education_history:{id}"), None, proposal.summary()))
        }
        Proposal::PositionTmt { position_id, tmt } => {
            let old: Option<String> =
                sqlx::query_scalar("SELECT tmt FROM position_history WHERE id = $1 AND employee_id = $2")
                    .bind(position_id)
                    .bind(employee_id)
                    .fetch_optional(&mut *conn)
                    .await?;
            let done = sqlx::query("UPDATE position_history SET tmt = $1 WHERE id = $2 AND employee_id = $3")
                .bind(tmt.to_string())
                .bind(position_id)
                .bind(employee_id)
                .execute(&mut *conn)
                .await?;
            changed(done.rows_affected())?;
            Ok((format!("position_history:{position_id}:tmt"), old, tmt.to_string()))
        }
        Proposal::FamilyBirthDate { member_id, birth_date } => {
            let old: Option<Option<String>> =
                sqlx::query_scalar("SELECT birth_date FROM family_members WHERE id = $1 AND employee_id = $2")
                    .bind(member_id)
                    .bind(employee_id)
                    .fetch_optional(&mut *conn)
                    .await?;
            let done = sqlx::query("UPDATE family_members SET birth_date = $1 WHERE id = $2 AND employee_id = $3")
                .bind(birth_date.to_string())
                .bind(member_id)
                .bind(employee_id)
                .execute(&mut *conn)
                .await?;
            changed(done.rows_affected())?;
            Ok((format!("family_members:{member_id}:birth_date"), old.flatten(), birth_date.to_string()))
        }
    }
}

/// Accepts (applying the change) or rejects (with a reason) a pending
/// request of an employee of the admin's agency, never the admin's own.
/// The decision, the change, the history of the old value, the audit event
/// and the notification commit together; deciding twice is a conflict.
pub async fn decide(
    db: &Db,
    admin_id: i64,
    id: i64,
    accept: bool,
    reason: Option<&str>,
    info: &RequestInfo,
    now: i64,
) -> Result<Status, CorrectionError> {
    let row: Option<(i64, i64, String)> = sqlx::query_as(
        "SELECT r.employee_id, e.agency_id, r.proposed FROM correction_requests r \
         JOIN employees e ON e.id = r.employee_id WHERE r.id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    let (employee_id, agency, proposed) = row.ok_or(CorrectionError::NotFound)?;
    if !admin_agencies(db, admin_id).await?.contains(&agency) {
        return Err(CorrectionError::NotFound);
    }
    if employee_id == admin_id {
        return Err(CorrectionError::Forbidden);
    }
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if reason.is_some_and(|r| r.chars().count() > 500) || (!accept && reason.is_none()) {
        return Err(CorrectionError::Invalid("reason"));
    }
    let proposal: Proposal = serde_json::from_str(&proposed).map_err(|_| CorrectionError::Invalid("proposal"))?;
    let status = if accept { Status::Accepted } else { Status::Rejected };
    let mut tx = db.begin().await?;
    // The decision is written first, and only while pending: a second
    // decision finds nothing to update.
    let decided = sqlx::query(
        "UPDATE correction_requests SET status = $1, decided_by = $2, decided_at = $3, decision_reason = $4 \
         WHERE id = $5 AND status = 'pending'",
    )
    .bind(if accept { "accepted" } else { "rejected" })
    .bind(admin_id)
    .bind(now)
    .bind(reason)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if decided.rows_affected() != 1 {
        return Err(CorrectionError::Conflict);
    }
    if accept {
        let (item, old, new) = apply(&mut tx, employee_id, &proposal).await?;
        sqlx::query(
            "INSERT INTO record_changes (employee_id, request_id, item, old_value, new_value, changed_by, changed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(employee_id)
        .bind(id)
        .bind(&item)
        .bind(old.as_deref())
        .bind(&new)
        .bind(admin_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    let detail = format!("correction {id}: {}", proposal.kind());
    let event = AuditRecord {
        kind: if accept { AuditKind::CorrectionAccepted } else { AuditKind::CorrectionRejected },
        reason,
        employee_id: Some(employee_id),
        nip: None,
        actor: Actor::Employee(admin_id),
        request: info,
        detail: Some(&detail),
    };
    audit::record(&mut tx, &event).await?;
    let kind = if accept { NotificationKind::CorrectionAccepted } else { NotificationKind::CorrectionRejected };
    crate::notify::repo::push(&mut tx, employee_id, kind, reason, Some("/my-data/corrections"), now).await?;
    tx.commit().await?;
    Ok(status)
}
