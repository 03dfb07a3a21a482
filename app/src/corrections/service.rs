//! Correction requests on the server: proposing (checked against the
//! employee's own rows and documents), the admins' queue, and deciding,
//! which applies an accepted change in the same transaction as the
//! decision, keeps the old value, notifies and audits.

use sqlx::AnyConnection;

use super::model::*;
use super::repo::{self, RequestFilter};
use crate::audit::{self, Actor, AuditKind, AuditRecord, RequestInfo};
use crate::notify::kind::NotificationKind;
use crate::org::repo::admin_agencies;
use crate::server::db::Db;

#[derive(Debug, thiserror::Error)]
pub enum CorrectionError {
    #[error("invalid {}", .0.name())]
    Invalid(crate::error::Field),
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

pub async fn my_corrections(db: &Db, employee_id: i64) -> Result<MyCorrections, CorrectionError> {
    let mut conn = db.pool().acquire().await?;
    let positions = repo::positions(&mut conn, employee_id).await?;
    let family = repo::family(&mut conn, employee_id).await?;
    let documents = crate::documents::repo::titles_of(&mut conn, employee_id).await?;
    drop(conn);
    Ok(MyCorrections {
        positions: positions.into_iter().map(|(id, p, tmt)| Choice { id, label: format!("{p} (TMT {tmt})") }).collect(),
        family: family
            .into_iter()
            .map(|(id, name, date)| Choice { id, label: format!("{name} ({})", date.unwrap_or_else(|| "-".into())) })
            .collect(),
        documents: documents.into_iter().map(|(id, title)| Choice { id, label: title }).collect(),
        requests: repo::requests(db, RequestFilter::Employee(employee_id)).await?,
    })
}

/// The pending requests of every agency the admin administers.
pub async fn queue(db: &Db, admin_id: i64) -> Result<Vec<RequestView>, CorrectionError> {
    let agencies = admin_agencies(db, admin_id).await?;
    if agencies.is_empty() {
        return Err(CorrectionError::Forbidden);
    }
    let mut out = Vec::new();
    for agency in agencies {
        out.extend(repo::requests(db, RequestFilter::PendingInAgency(agency)).await?);
    }
    Ok(out)
}

/// How many requests wait for this admin (0 for everyone else).
pub async fn pending_count(db: &Db, admin_id: i64) -> Result<i64, sqlx::Error> {
    let mut total = 0;
    for agency in admin_agencies(db, admin_id).await? {
        total += repo::pending_in_agency(db, agency).await?;
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
        return Err(CorrectionError::Invalid(super::field::NOTE));
    }
    let mut conn = db.pool().acquire().await?;
    let current = repo::current_value(&mut conn, employee_id, proposal).await?;
    if current.is_none() && !matches!(proposal, Proposal::AddEducation { .. }) {
        return Err(CorrectionError::Invalid(super::field::TARGET));
    }
    if !crate::documents::repo::is_live_of(&mut conn, evidence_id, employee_id).await? {
        return Err(CorrectionError::Invalid(super::field::EVIDENCE));
    }
    let employee =
        crate::org::repo::find_employee_in(&mut conn, employee_id).await?.ok_or(CorrectionError::NotFound)?;
    let admins = crate::org::repo::agency_admins_besides(&mut conn, employee.agency_id, employee_id).await?;
    let name = employee.full_name;
    drop(conn);
    let proposed = serde_json::to_string(proposal).expect("a proposal serialises");
    let mut tx = db.begin().await?;
    let filed = repo::NewRequest {
        employee_id,
        kind: proposal.kind(),
        proposed: &proposed,
        current: current.as_deref(),
        evidence_id,
        note,
    };
    let id = repo::insert(&mut tx, &filed, now).await?;
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
    let changed = |done: bool| if done { Ok(()) } else { Err(CorrectionError::Invalid(super::field::TARGET)) };
    match proposal {
        Proposal::AddEducation { level, institution, major, graduation_year } => {
            let id =
                repo::add_education(conn, employee_id, level, institution, major.as_deref(), *graduation_year).await?;
            Ok((format!("education_history:{id}"), None, proposal.summary()))
        }
        Proposal::PositionTmt { position_id, tmt } => {
            let old = repo::position_tmt(conn, employee_id, *position_id).await?;
            changed(repo::set_position_tmt(conn, employee_id, *position_id, &tmt.to_string()).await?)?;
            Ok((format!("position_history:{position_id}:tmt"), old, tmt.to_string()))
        }
        Proposal::FamilyBirthDate { member_id, birth_date } => {
            let old = repo::family_birth_date(conn, employee_id, *member_id).await?;
            changed(repo::set_family_birth_date(conn, employee_id, *member_id, &birth_date.to_string()).await?)?;
            Ok((format!("family_members:{member_id}:birth_date"), old, birth_date.to_string()))
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
    let (employee_id, agency, proposed) = repo::for_decision(db, id).await?.ok_or(CorrectionError::NotFound)?;
    if !admin_agencies(db, admin_id).await?.contains(&agency) {
        return Err(CorrectionError::NotFound);
    }
    if employee_id == admin_id {
        return Err(CorrectionError::Forbidden);
    }
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if reason.is_some_and(|r| r.chars().count() > 500) || (!accept && reason.is_none()) {
        return Err(CorrectionError::Invalid(super::field::REASON));
    }
    let proposal: Proposal =
        serde_json::from_str(&proposed).map_err(|_| CorrectionError::Invalid(super::field::PROPOSAL))?;
    let status = if accept { Status::Accepted } else { Status::Rejected };
    let mut tx = db.begin().await?;
    // The decision is written first, and only while pending: a second
    // decision finds nothing to update.
    if !repo::decide(&mut tx, id, status, admin_id, reason, now).await? {
        return Err(CorrectionError::Conflict);
    }
    if accept {
        let (item, old, new) = apply(&mut tx, employee_id, &proposal).await?;
        let change = repo::RecordChange { employee_id, request_id: id, item: &item, old: old.as_deref(), new: &new };
        repo::record_change(&mut tx, &change, admin_id, now).await?;
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
