//! The SQL of correction requests: the employee's rows a request may
//! name, the requests themselves, and the changes an accepted one makes
//! (with the old value kept in `record_changes`).

use sqlx::AnyConnection;

use super::model::*;
use crate::server::db::Db;

/// How an existing row reads now, if it is the employee's.
pub async fn current_value(
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

/// The employee's positions, newest first: `(id, position, tmt)`.
pub async fn positions(conn: &mut AnyConnection, employee_id: i64) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, position, tmt FROM position_history WHERE employee_id = $1 ORDER BY tmt DESC")
        .bind(employee_id)
        .fetch_all(conn)
        .await
}

/// The employee's family members: `(id, name, birth date)`.
pub async fn family(
    conn: &mut AnyConnection,
    employee_id: i64,
) -> Result<Vec<(i64, String, Option<String>)>, sqlx::Error> {
    sqlx::query_as("SELECT id, full_name, birth_date FROM family_members WHERE employee_id = $1 ORDER BY id")
        .bind(employee_id)
        .fetch_all(conn)
        .await
}

/// Whose requests to list.
pub enum RequestFilter {
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

/// Requests, newest first; a row whose proposal or status no longer
/// reads is left out.
pub async fn requests(db: &Db, filter: RequestFilter) -> Result<Vec<RequestView>, sqlx::Error> {
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

/// Pending requests of the agency's employees.
pub async fn pending_in_agency(db: &Db, agency_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM correction_requests r JOIN employees e ON e.id = r.employee_id \
         WHERE r.status = 'pending' AND e.agency_id = $1",
    )
    .bind(agency_id)
    .fetch_one(db.pool())
    .await
}

/// A request as filed.
pub struct NewRequest<'a> {
    pub employee_id: i64,
    pub kind: &'a str,
    /// The proposal as JSON.
    pub proposed: &'a str,
    pub current: Option<&'a str>,
    pub evidence_id: i64,
    pub note: Option<&'a str>,
}

pub async fn insert(conn: &mut AnyConnection, r: &NewRequest<'_>, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO correction_requests (employee_id, kind, proposed, current_value, evidence_id, note, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(r.employee_id)
    .bind(r.kind)
    .bind(r.proposed)
    .bind(r.current)
    .bind(r.evidence_id)
    .bind(r.note)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// What deciding a request needs: `(employee, their agency, the proposal as JSON)`.
pub async fn for_decision(db: &Db, id: i64) -> Result<Option<(i64, i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.employee_id, e.agency_id, r.proposed FROM correction_requests r \
         JOIN employees e ON e.id = r.employee_id WHERE r.id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await
}

/// Records the decision, only while the request is pending: `false` when
/// it was decided already (a second decision finds nothing to update).
pub async fn decide(
    conn: &mut AnyConnection,
    id: i64,
    status: Status,
    admin_id: i64,
    reason: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let status = match status {
        Status::Accepted => "accepted",
        Status::Rejected => "rejected",
        Status::Pending => "pending",
    };
    let decided = sqlx::query(
        "UPDATE correction_requests SET status = $1, decided_by = $2, decided_at = $3, decision_reason = $4 \
         WHERE id = $5 AND status = 'pending'",
    )
    .bind(status)
    .bind(admin_id)
    .bind(now)
    .bind(reason)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(decided.rows_affected() == 1)
}

pub async fn add_education(
    conn: &mut AnyConnection,
    employee_id: i64,
    level: &str,
    institution: &str,
    major: Option<&str>,
    graduation_year: u16,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO education_history (employee_id, level, institution, major, graduation_year) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(employee_id)
    .bind(level)
    .bind(institution)
    .bind(major)
    .bind(i64::from(graduation_year))
    .fetch_one(conn)
    .await
}

pub async fn position_tmt(conn: &mut AnyConnection, employee_id: i64, id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT tmt FROM position_history WHERE id = $1 AND employee_id = $2")
        .bind(id)
        .bind(employee_id)
        .fetch_optional(conn)
        .await
}

/// `false` when the row is not the employee's.
pub async fn set_position_tmt(
    conn: &mut AnyConnection,
    employee_id: i64,
    id: i64,
    tmt: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE position_history SET tmt = $1 WHERE id = $2 AND employee_id = $3")
        .bind(tmt)
        .bind(id)
        .bind(employee_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn family_birth_date(
    conn: &mut AnyConnection,
    employee_id: i64,
    id: i64,
) -> Result<Option<String>, sqlx::Error> {
    let found: Option<Option<String>> =
        sqlx::query_scalar("SELECT birth_date FROM family_members WHERE id = $1 AND employee_id = $2")
            .bind(id)
            .bind(employee_id)
            .fetch_optional(conn)
            .await?;
    Ok(found.flatten())
}

/// `false` when the row is not the employee's.
pub async fn set_family_birth_date(
    conn: &mut AnyConnection,
    employee_id: i64,
    id: i64,
    birth_date: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE family_members SET birth_date = $1 WHERE id = $2 AND employee_id = $3")
        .bind(birth_date)
        .bind(id)
        .bind(employee_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// One changed item of a personnel record and the request behind it.
pub struct RecordChange<'a> {
    pub employee_id: i64,
    pub request_id: i64,
    pub item: &'a str,
    pub old: Option<&'a str>,
    pub new: &'a str,
}

pub async fn record_change(
    conn: &mut AnyConnection,
    c: &RecordChange<'_>,
    changed_by: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO record_changes (employee_id, request_id, item, old_value, new_value, changed_by, changed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(c.employee_id)
    .bind(c.request_id)
    .bind(c.item)
    .bind(c.old)
    .bind(c.new)
    .bind(changed_by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
