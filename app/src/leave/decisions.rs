//! The approvers' side of a leave request: the direct supervisor's
//! consideration, the authorised official's decision (booking approved
//! annual leave in the ledger), and the employee accepting the dates of a
//! PERUBAHAN.
//!
//! Every transition is one transaction that first moves the request with a
//! conditional UPDATE on its id, expected status and version: a double
//! click, a second tab or two approvers at once find the version moved and
//! get a conflict, so nothing is decided twice.

use sqlx::AnyConnection;

use super::ledger;
use super::model::*;
use super::repo;
use super::repo::requests;
use super::repo::transition::{self, Move};
use super::rules::LeaveType;
use super::service::{
    LeaveError, LeaveForm, audit, check, clean, leave_type, moved, officials_of, person, step, summary, tell,
};
use crate::audit::{AuditKind, RequestInfo};
use crate::domain::Date;
use crate::notify::kind::NotificationKind;
use crate::server::db::Db;

/// A decision or consideration as the approver's form sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub outcome: Outcome,
    pub note: Option<String>,
    /// For PERUBAHAN: the dates proposed instead.
    pub proposed: Option<(Date, Date)>,
}

impl Verdict {
    pub fn parse(
        outcome: &str,
        note: Option<&str>,
        start: Option<&str>,
        end: Option<&str>,
    ) -> Result<Self, LeaveRefusal> {
        let outcome = Outcome::parse(outcome.trim()).ok_or(LeaveRefusal::WrongState)?;
        let note = match note.map(str::trim).filter(|n| !n.is_empty()) {
            None => None,
            Some(n) => Some(clean(n, 500).ok_or(LeaveRefusal::ReasonRequired)?),
        };
        let date = |v: Option<&str>| v.map(str::trim).filter(|v| !v.is_empty()).and_then(Date::parse_iso);
        let proposed = match outcome {
            Outcome::Changed => {
                let (s, e) = date(start).zip(date(end)).ok_or(LeaveRefusal::ProposedDatesRequired)?;
                if e < s {
                    return Err(LeaveRefusal::DatesInvalid);
                }
                Some((s, e))
            }
            _ => None,
        };
        // Anything but a plain approval says why.
        if outcome != Outcome::Approved && note.is_none() {
            return Err(LeaveRefusal::ReasonRequired);
        }
        Ok(Self { outcome, note, proposed })
    }
}

/// The direct supervisor's consideration: recorded, then the request goes
/// to the deciding officials whatever it says (the decision is theirs).
pub async fn consider(
    db: &Db,
    supervisor_id: i64,
    id: i64,
    version: i64,
    verdict: &Verdict,
    info: &RequestInfo,
    now: i64,
) -> Result<(), LeaveError> {
    let mut conn = db.pool().acquire().await?;
    let (owner, view) = repo::request(&mut conn, id).await?.ok_or(LeaveError::NotFound)?;
    let assigned = requests::supervisor(&mut conn, id).await?;
    if owner == supervisor_id {
        return Err(LeaveRefusal::OwnRequest.into());
    }
    if assigned != Some(supervisor_id) {
        return Err(LeaveError::NotFound);
    }
    let person = person(&mut conn, owner).await?;
    let officials = officials_of(&mut conn, &person).await?;
    drop(conn);
    let mut tx = db.begin().await?;
    let considered = Move {
        id,
        version,
        from: &[Status::AwaitingSupervisor],
        holder: Some(("supervisor_id", supervisor_id)),
        set: vec![
            ("status", Status::AwaitingOfficial.as_str().into()),
            ("consideration", verdict.outcome.as_str().into()),
            ("consideration_note", verdict.note.clone().into()),
            ("considered_by", supervisor_id.into()),
            ("considered_at", now.into()),
            ("proposed_start", verdict.proposed.map(|p| p.0.to_string()).into()),
            ("proposed_end", verdict.proposed.map(|p| p.1.to_string()).into()),
        ],
    };
    moved(transition::make(&mut tx, considered, now).await?)?;
    step(&mut tx, id, "considered", Some(verdict.outcome), verdict.note.as_deref(), supervisor_id, now).await?;
    let detail = format!("leave {id}: {}", verdict.outcome.as_str());
    audit(&mut tx, AuditKind::LeaveConsidered, owner, supervisor_id, &detail, info).await?;
    let link = format!("/leave/{id}");
    for official in officials {
        tell(&mut tx, official, NotificationKind::LeaveToDecide, &person.name, &link, now).await?;
    }
    let told = format!("{}: {} ({})", summary(&view), verdict.outcome.form_word(), "pertimbangan atasan");
    tell(&mut tx, owner, NotificationKind::LeaveUpdated, &told, &link, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Takes an approved annual leave from the ledger (oldest days first), or
/// forfeits the year's own days for an approved long leave.
async fn book(
    conn: &mut AnyConnection,
    owner: i64,
    id: i64,
    ty: &LeaveType,
    start: Date,
    length: u32,
    now: i64,
) -> Result<(), LeaveError> {
    let year = start.year();
    let balances = repo::balances(conn, owner, year).await?;
    let mut rows: Vec<(i64, &str, i64)> = Vec::new();
    if ty.uses_annual_balance {
        // Other requests still waiting held days only until now: the
        // decision books against what the ledger holds.
        let taken = ledger::take(balances, length)
            .ok_or(LeaveRefusal::InsufficientBalance { available: balances.total().max(0), requested: length })?;
        let y = i64::from(year);
        rows.extend([(y - 2, "taken", -taken.n2), (y - 1, "taken", -taken.n1), (y, "taken", -taken.n)]);
    }
    if ty.forfeits_annual && balances.n > 0 {
        rows.push((i64::from(year), "forfeit", -balances.n));
    }
    for (source, entry, days) in rows.into_iter().filter(|r| r.2 != 0) {
        requests::book_line(&mut *conn, owner, year, source, entry, days, id, now).await?;
    }
    Ok(())
}

/// A random code naming a letter on the public verification page.
fn letter_code() -> String {
    use rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 12];
    OsRng.fill_bytes(&mut bytes);
    hex::encode_upper(bytes)
}

/// The authorised official's decision on a request of their agency, never
/// their own. DISETUJUI books the leave (and the letter gets its code);
/// PERUBAHAN waits for the employee to accept the proposed dates.
pub async fn decide(
    db: &Db,
    official_id: i64,
    id: i64,
    version: i64,
    verdict: &Verdict,
    info: &RequestInfo,
    now: i64,
) -> Result<Status, LeaveError> {
    let mut conn = db.pool().acquire().await?;
    let (owner, view) = repo::request(&mut conn, id).await?.ok_or(LeaveError::NotFound)?;
    let person = person(&mut conn, owner).await?;
    if !repo::is_official(&mut conn, official_id, person.agency_id).await? {
        return Err(LeaveError::NotFound);
    }
    if owner == official_id {
        return Err(LeaveRefusal::OwnRequest.into());
    }
    let ty = leave_type(&mut conn, &person, &view.type_code).await?;
    drop(conn);
    let status = match verdict.outcome {
        Outcome::Approved => Status::Approved,
        Outcome::Changed => Status::Changed,
        Outcome::Deferred => Status::Deferred,
        Outcome::Refused => Status::Refused,
    };
    let mut tx = db.begin().await?;
    let decided = Move {
        id,
        version,
        from: &[Status::AwaitingOfficial],
        holder: None,
        set: vec![
            ("status", status.as_str().into()),
            ("decision", verdict.outcome.as_str().into()),
            ("decision_note", verdict.note.clone().into()),
            ("decided_by", official_id.into()),
            ("decided_at", now.into()),
            ("proposed_start", verdict.proposed.map(|p| p.0.to_string()).into()),
            ("proposed_end", verdict.proposed.map(|p| p.1.to_string()).into()),
            ("letter_code", (status == Status::Approved).then(letter_code).into()),
        ],
    };
    moved(transition::make(&mut tx, decided, now).await?)?;
    if status == Status::Approved {
        book(&mut tx, owner, id, &ty, view.start, view.length, now).await?;
    }
    step(&mut tx, id, "decided", Some(verdict.outcome), verdict.note.as_deref(), official_id, now).await?;
    let detail = format!("leave {id}: {}", verdict.outcome.as_str());
    audit(&mut tx, AuditKind::LeaveDecided, owner, official_id, &detail, info).await?;
    let told = format!("{}: {}", summary(&view), verdict.outcome.form_word());
    tell(&mut tx, owner, NotificationKind::LeaveUpdated, &told, &format!("/leave/{id}"), now).await?;
    tx.commit().await?;
    Ok(status)
}

/// The employee accepts the dates a PERUBAHAN proposed, in one step: the
/// request is re-checked for the new dates and approved with them.
pub async fn accept_change(
    db: &Db,
    employee_id: i64,
    id: i64,
    version: i64,
    info: &RequestInfo,
    now: i64,
) -> Result<(), LeaveError> {
    let mut conn = db.pool().acquire().await?;
    let (owner, view) = repo::request(&mut conn, id).await?.ok_or(LeaveError::NotFound)?;
    if owner != employee_id {
        return Err(LeaveError::NotFound);
    }
    let (start, end) = match (view.status, view.proposed) {
        (Status::Changed, Some(p)) => p,
        _ => return Err(LeaveError::Conflict),
    };
    let person = person(&mut conn, employee_id).await?;
    let form = LeaveForm::of(&view, start, end);
    let (ty, length) = check(&mut conn, &person, &form, id, crate::domain::date::today(now)).await?;
    let decided_by = requests::decided_by(&mut conn, id).await?;
    drop(conn);
    let mut tx = db.begin().await?;
    let accepted = Move {
        id,
        version,
        from: &[Status::Changed],
        holder: None,
        set: vec![
            ("status", Status::Approved.as_str().into()),
            ("start_date", start.to_string().as_str().into()),
            ("end_date", end.to_string().as_str().into()),
            ("length", i64::from(length).into()),
            ("letter_code", Some(letter_code()).into()),
        ],
    };
    moved(transition::make(&mut tx, accepted, now).await?)?;
    book(&mut tx, employee_id, id, &ty, start, length, now).await?;
    step(&mut tx, id, "change_accepted", None, None, employee_id, now).await?;
    audit(&mut tx, AuditKind::LeaveChangeAccepted, employee_id, employee_id, &format!("leave {id}"), info).await?;
    if let Some(official) = decided_by {
        let told = format!("{} {start} – {end}", person.name);
        tell(&mut tx, official, NotificationKind::LeaveUpdated, &told, &format!("/leave/{id}"), now).await?;
    }
    tx.commit().await?;
    Ok(())
}
