//! The SQL of a leave request's life besides its status moves
//! (`transition`): the draft, the people it goes to, its history, the
//! ledger lines a decision books, the counts that wait, and its letter.

use sqlx::AnyConnection;

use crate::domain::Date;
use crate::leave::model::{LengthUnit, Outcome};
use crate::leave::rules::Staff;
use crate::server::db::Db;

/// A new draft.
pub struct Draft<'a> {
    pub employee_id: i64,
    pub staff: Staff,
    pub type_code: &'a str,
    pub start: Date,
    pub end: Date,
    pub length: u32,
    pub unit: LengthUnit,
    pub reason: &'a str,
    pub address: &'a str,
    pub phone: &'a str,
    pub attachment: Option<i64>,
}

pub async fn insert_draft(conn: &mut AnyConnection, d: &Draft<'_>, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO leave_requests (employee_id, staff, type_code, start_date, end_date, length, unit, reason, \
             address, phone, attachment_id, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'draft', $12, $12) RETURNING id",
    )
    .bind(d.employee_id)
    .bind(d.staff.as_str())
    .bind(d.type_code)
    .bind(d.start.to_string())
    .bind(d.end.to_string())
    .bind(i64::from(d.length))
    .bind(d.unit.as_str())
    .bind(d.reason)
    .bind(d.address)
    .bind(d.phone)
    .bind(d.attachment)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// A draft's length, counted again at submission.
pub async fn recount_draft(conn: &mut AnyConnection, id: i64, length: u32) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE leave_requests SET length = $1 WHERE id = $2 AND status = 'draft'")
        .bind(i64::from(length))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// One step of the request's history.
pub async fn step(
    conn: &mut AnyConnection,
    request_id: i64,
    action: &str,
    outcome: Option<Outcome>,
    note: Option<&str>,
    actor: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO leave_events (request_id, action, outcome, note, actor_id, at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(request_id)
    .bind(action)
    .bind(outcome.map(Outcome::as_str))
    .bind(note)
    .bind(actor)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The supervisor the request waits for (or waited for).
pub async fn supervisor(conn: &mut AnyConnection, id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT supervisor_id FROM leave_requests WHERE id = $1").bind(id).fetch_one(conn).await
}

/// The official who decided the request.
pub async fn decided_by(conn: &mut AnyConnection, id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT decided_by FROM leave_requests WHERE id = $1").bind(id).fetch_one(conn).await
}

/// The requester's agency and the request's supervisor.
pub async fn agency_and_supervisor(conn: &mut AnyConnection, id: i64) -> Result<(i64, Option<i64>), sqlx::Error> {
    sqlx::query_as(
        "SELECT e.agency_id, r.supervisor_id FROM leave_requests r JOIN employees e ON e.id = r.employee_id WHERE r.id = $1",
    )
    .bind(id)
    .fetch_one(conn)
    .await
}

/// The agency's authorised officials (PyB) besides `besides`.
pub async fn officials(conn: &mut AnyConnection, agency_id: i64, besides: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT employee_id FROM role_assignments WHERE role = 'pybmc' AND agency_id = $1 AND employee_id <> $2 \
         ORDER BY employee_id",
    )
    .bind(agency_id)
    .bind(besides)
    .fetch_all(conn)
    .await
}

/// One line a decision books in the ledger.
#[allow(clippy::too_many_arguments)]
pub async fn book_line(
    conn: &mut AnyConnection,
    employee_id: i64,
    year: u16,
    source_year: i64,
    entry: &str,
    days: i64,
    request_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO leave_ledger (employee_id, year, source_year, entry, days, request_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(employee_id)
    .bind(i64::from(year))
    .bind(source_year)
    .bind(entry)
    .bind(days)
    .bind(request_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Requests waiting for this supervisor's consideration.
pub async fn awaiting_supervisor(conn: &mut AnyConnection, supervisor: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM leave_requests WHERE status = 'awaiting_supervisor' AND supervisor_id = $1",
    )
    .bind(supervisor)
    .fetch_one(conn)
    .await
}

/// Requests of the agency waiting for a decision, the official's own left out.
pub async fn awaiting_official(conn: &mut AnyConnection, agency_id: i64, official: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM leave_requests r JOIN employees e ON e.id = r.employee_id \
         WHERE r.status = 'awaiting_official' AND e.agency_id = $1 AND r.employee_id <> $2",
    )
    .bind(agency_id)
    .bind(official)
    .fetch_one(conn)
    .await
}

/// Who a letter names: the agency, the supervisor who considered, the
/// official who decided, and when.
pub async fn letter_signatories(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<(String, Option<String>, Option<String>, Option<i64>), sqlx::Error> {
    sqlx::query_as(
        "SELECT a.name, c.full_name, d.full_name, r.decided_at FROM leave_requests r \
         JOIN employees e ON e.id = r.employee_id JOIN agencies a ON a.id = e.agency_id \
         LEFT JOIN employees c ON c.id = r.considered_by LEFT JOIN employees d ON d.id = r.decided_by \
         WHERE r.id = $1",
    )
    .bind(id)
    .fetch_one(conn)
    .await
}

/// The cabinet document the request's letter was filed as, if any.
pub async fn letter_document(db: &Db, id: i64) -> Result<Option<i64>, sqlx::Error> {
    let found: Option<Option<i64>> = sqlx::query_scalar("SELECT letter_document_id FROM leave_requests WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    Ok(found.flatten())
}

/// Links a filed letter to its request, once (`$1` the document, `$2` the
/// request, `$3` the letter's SHA-256): the cabinet runs it in the
/// transaction that files the document.
pub const LINK_LETTER: &str = "UPDATE leave_requests SET letter_document_id = $1, letter_sha256 = $3 WHERE id = $2 AND letter_document_id IS NULL";

/// What the public verification page reads of a letter code: the
/// employee's name and NIP, the type's names, the dates, when it was
/// decided, the letter's SHA-256 and the status.
pub type LetterRow = (String, String, String, String, String, String, Option<i64>, Option<String>, String);

pub async fn letter_by_code(db: &Db, code: &str) -> Result<Option<LetterRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.full_name, e.nip, t.name_id, t.name_en, r.start_date, r.end_date, r.decided_at, r.letter_sha256, \
                r.status \
         FROM leave_requests r JOIN employees e ON e.id = r.employee_id \
         JOIN leave_types t ON t.staff = r.staff AND t.code = r.type_code WHERE r.letter_code = $1",
    )
    .bind(code)
    .fetch_optional(db.pool())
    .await
}
