//! The life of a leave request on the employee's side: drafted, submitted
//! (checked against every rule), withdrawn; and what the pages read. The
//! approvers' side is in `decisions`.
//!
//! Every transition is one transaction that first moves the request with a
//! conditional UPDATE on its id, expected status and version: a double
//! click, a second tab or two approvers at once find the version moved and
//! get a conflict, so nothing is decided twice. The ledger rows, the
//! timeline step, the audit event, the notifications and their mails commit
//! in the same transaction.

use sqlx::AnyConnection;

use super::model::*;
use super::repo::requests;
use super::repo::transition::{self, Move};
use super::repo::{self, Person};
use super::rules::{self, LeaveType};
use crate::audit::{self, Actor, AuditKind, AuditRecord, RequestInfo};
use crate::domain::{Date, Email, Phone};
use crate::mail::outbox::{self, Mail};
use crate::notify::kind::NotificationKind;
use crate::server::db::Db;

#[derive(Debug, thiserror::Error)]
pub enum LeaveError {
    #[error("refused: {0:?}")]
    Refused(LeaveRefusal),
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    /// The request moved on under the caller (decided, withdrawn, edited).
    #[error("conflict")]
    Conflict,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl From<LeaveRefusal> for LeaveError {
    fn from(r: LeaveRefusal) -> Self {
        Self::Refused(r)
    }
}

/// The form, checked for shape (the rules come at submission).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaveForm {
    pub type_code: String,
    pub start: Date,
    pub end: Date,
    pub reason: String,
    pub address: String,
    pub phone: String,
    pub attachment: Option<i64>,
}

/// Free text from a form: trimmed, line breaks kept (a textarea posts them
/// as CRLF; stored as LF), any other control character refused.
pub(super) fn clean(text: &str, max: usize) -> Option<String> {
    let t = text.trim().replace("\r\n", "\n");
    (!t.is_empty() && t.chars().count() <= max && !t.chars().any(|c| c.is_control() && c != '\n')).then_some(t)
}

impl LeaveForm {
    /// Parses the raw fields; the first bad one is refused.
    pub fn parse(
        type_code: &str,
        start: &str,
        end: &str,
        reason: &str,
        address: &str,
        phone: &str,
        attachment: Option<&str>,
    ) -> Result<Self, LeaveRefusal> {
        let start = Date::parse_iso(start.trim()).ok_or(LeaveRefusal::DatesInvalid)?;
        let end = Date::parse_iso(end.trim()).ok_or(LeaveRefusal::DatesInvalid)?;
        let reason = clean(reason, 500).ok_or(LeaveRefusal::ReasonRequired)?;
        let address = clean(address, 300).ok_or(LeaveRefusal::AddressRequired)?;
        let phone = Phone::parse(phone.trim()).map_err(|_| LeaveRefusal::PhoneInvalid)?.as_str().to_string();
        let attachment = match attachment.map(str::trim).filter(|a| !a.is_empty()) {
            None => None,
            Some(a) => Some(a.parse::<i64>().map_err(|_| LeaveRefusal::AttachmentInvalid)?),
        };
        Ok(Self { type_code: type_code.trim().to_string(), start, end, reason, address, phone, attachment })
    }
}

impl LeaveForm {
    /// A stored request's form, for `start`..=`end` (its own dates, or the
    /// dates a PERUBAHAN proposed), to check every rule again.
    pub fn of(view: &RequestView, start: Date, end: Date) -> Self {
        Self {
            type_code: view.type_code.clone(),
            start,
            end,
            reason: view.reason.clone(),
            address: view.address.clone(),
            phone: view.phone.clone(),
            attachment: view.attachment_id,
        }
    }
}

/// A move that did not happen: someone else moved the request first.
pub(super) fn moved(done: bool) -> Result<(), LeaveError> {
    if done { Ok(()) } else { Err(LeaveError::Conflict) }
}

pub(super) async fn person(conn: &mut AnyConnection, id: i64) -> Result<Person, LeaveError> {
    repo::person(conn, id).await?.ok_or(LeaveError::NotFound)
}

pub(super) async fn leave_type(conn: &mut AnyConnection, person: &Person, code: &str) -> Result<LeaveType, LeaveError> {
    repo::types(conn, person.staff())
        .await?
        .into_iter()
        .find(|t| t.code == code)
        .ok_or(LeaveError::Refused(LeaveRefusal::UnknownType))
}

/// Every rule a request must pass to be submitted (or re-dated): the type's
/// eligibility and length, the attachment, overlaps and the balance.
/// Answers the length.
pub(super) async fn check(
    conn: &mut AnyConnection,
    person: &Person,
    form: &LeaveForm,
    except: i64,
    today: Date,
) -> Result<(LeaveType, u32), LeaveError> {
    let ty = leave_type(conn, person, &form.type_code).await?;
    let applicant = repo::applicant(conn, person).await?;
    let calendar = repo::calendar(conn, form.start.year(), form.end.year()).await?;
    let length = rules::check_request(&ty, &applicant, form.start, form.end, today, &calendar)?;
    match form.attachment {
        Some(id) if !crate::documents::repo::is_live_of(&mut *conn, id, person.id).await? => {
            return Err(LeaveRefusal::AttachmentInvalid.into());
        }
        Some(_) => {}
        None if ty.needs_attachment(length) => return Err(LeaveRefusal::AttachmentRequired.into()),
        None => {}
    }
    if let Some((start, end)) = repo::overlapping(conn, person.id, form.start, form.end, except).await? {
        return Err(LeaveRefusal::Overlap { start, end }.into());
    }
    if ty.uses_annual_balance {
        let year = form.start.year();
        let available = repo::balances(conn, person.id, year).await?.total()
            - repo::pending_annual_days(conn, person.id, year, except).await?;
        if available < i64::from(length) {
            return Err(LeaveRefusal::InsufficientBalance { available: available.max(0), requested: length }.into());
        }
    }
    Ok((ty, length))
}

/// The employee's direct supervisor (atasan langsung) as the organisation
/// defines one: the explicit supervisor, else the head of their unit or of
/// the nearest unit above it headed by someone else.
pub(super) async fn supervisor_of(db: &Db, employee_id: i64) -> Result<Option<i64>, sqlx::Error> {
    Ok(crate::org::repo::direct_supervisor(db, employee_id).await?.map(|s| s.id).filter(|s| *s != employee_id))
}

/// Who acts next once a request is submitted: the direct supervisor (two
/// stages), or straight the officials (one stage configured, no
/// supervisor, or the supervisor is an official: the same person).
async fn route(
    conn: &mut AnyConnection,
    person: &Person,
    supervisor: Option<i64>,
) -> Result<(Status, Vec<i64>), sqlx::Error> {
    let two_stages = repo::stages(conn, person.agency_id).await? == 2;
    if let Some(supervisor) = supervisor
        && two_stages
        && !repo::is_official(conn, supervisor, person.agency_id).await?
    {
        return Ok((Status::AwaitingSupervisor, vec![supervisor]));
    }
    let officials = officials_of(conn, person).await?;
    Ok((Status::AwaitingOfficial, officials))
}

/// The officials (`pybmc`) of the employee's agency who may decide their
/// requests: everyone with the role but the employee.
pub(super) async fn officials_of(conn: &mut AnyConnection, person: &Person) -> Result<Vec<i64>, sqlx::Error> {
    requests::officials(conn, person.agency_id, person.id).await
}

/// An in-app notification and its mail, in the caller's transaction.
pub(super) async fn tell(
    conn: &mut AnyConnection,
    to: i64,
    kind: NotificationKind,
    detail: &str,
    link: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    crate::notify::repo::push(conn, to, kind, Some(detail), Some(link), now).await?;
    let email = crate::org::repo::active_email(&mut *conn, to).await?;
    if let Some(email) = email.and_then(|e| Email::parse(&e).ok()) {
        use crate::i18n::Lang;
        let text = format!(
            "{}\n\n{}\n\n-- \nPortal ASN: {link}",
            kind.text(Some(detail), Lang::Id),
            kind.text(Some(detail), Lang::En)
        );
        let subject = match kind {
            NotificationKind::LeaveToConsider => "Pengajuan cuti menunggu pertimbangan Anda",
            NotificationKind::LeaveToDecide => "Pengajuan cuti menunggu keputusan Anda",
            _ => "Pengajuan cuti Anda",
        };
        outbox::enqueue(conn, &Mail::new(email, subject, text, None), now).await?;
    }
    Ok(())
}

/// One step of a request's history (the repository's, shared with the
/// decisions).
pub(super) use super::repo::requests::step;

pub(super) async fn audit(
    conn: &mut AnyConnection,
    kind: AuditKind,
    owner: i64,
    actor: i64,
    detail: &str,
    info: &RequestInfo,
) -> Result<(), sqlx::Error> {
    let event = AuditRecord {
        kind,
        reason: None,
        employee_id: Some(owner),
        nip: None,
        actor: Actor::Employee(actor),
        request: info,
        detail: Some(detail),
    };
    audit::record(conn, &event).await
}

pub(super) fn summary(r: &RequestView) -> String {
    format!("{} {} – {}", r.type_name_id, r.start, r.end)
}

/// Saves a new request as a draft, or submits it at once.
pub async fn create(
    db: &Db,
    employee_id: i64,
    form: &LeaveForm,
    submit_now: bool,
    info: &RequestInfo,
    now: i64,
) -> Result<i64, LeaveError> {
    let mut conn = db.pool().acquire().await?;
    let person = person(&mut conn, employee_id).await?;
    let ty = leave_type(&mut conn, &person, &form.type_code).await?;
    if !ty.requestable {
        return Err(LeaveRefusal::NotRequestable.into());
    }
    if form.end < form.start {
        return Err(LeaveRefusal::DatesInvalid.into());
    }
    // A draft needs only a sound shape; submitting checks every rule.
    let length = if submit_now {
        check(&mut conn, &person, form, 0, crate::domain::date::today(now)).await?.1
    } else {
        let calendar = repo::calendar(&mut conn, form.start.year(), form.end.year()).await?;
        rules::length_in(ty.unit, form.start, form.end, &calendar).max(1)
    };
    drop(conn);
    let supervisor = supervisor_of(db, employee_id).await?;
    let mut tx = db.begin().await?;
    let draft = requests::Draft {
        employee_id,
        staff: person.staff(),
        type_code: &ty.code,
        start: form.start,
        end: form.end,
        length,
        unit: ty.unit,
        reason: &form.reason,
        address: &form.address,
        phone: &form.phone,
        attachment: form.attachment,
    };
    let id = requests::insert_draft(&mut tx, &draft, now).await?;
    step(&mut tx, id, "created", None, None, employee_id, now).await?;
    if submit_now {
        submit_in(&mut tx, &person, supervisor, id, 1, &ty, info, now).await?;
    }
    tx.commit().await?;
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
async fn submit_in(
    tx: &mut AnyConnection,
    person: &Person,
    supervisor: Option<i64>,
    id: i64,
    version: i64,
    ty: &LeaveType,
    info: &RequestInfo,
    now: i64,
) -> Result<Status, LeaveError> {
    let (status, next) = route(tx, person, supervisor).await?;
    let submitted = Move {
        id,
        version,
        from: &[Status::Draft],
        holder: None,
        set: vec![
            ("status", status.as_str().into()),
            (
                "supervisor_id",
                (if status == Status::AwaitingSupervisor { next.first().copied() } else { supervisor }).into(),
            ),
            ("submitted_at", now.into()),
        ],
    };
    moved(transition::make(tx, submitted, now).await?)?;
    step(tx, id, "submitted", None, None, person.id, now).await?;
    audit(tx, AuditKind::LeaveSubmitted, person.id, person.id, &format!("leave {id}: {}", ty.code), info).await?;
    let kind = if status == Status::AwaitingSupervisor {
        NotificationKind::LeaveToConsider
    } else {
        NotificationKind::LeaveToDecide
    };
    for to in next {
        tell(tx, to, kind, &person.name, &format!("/leave/{id}"), now).await?;
    }
    Ok(status)
}

/// Submits the employee's own draft (checking every rule again).
pub async fn submit(
    db: &Db,
    employee_id: i64,
    id: i64,
    version: i64,
    info: &RequestInfo,
    now: i64,
) -> Result<Status, LeaveError> {
    let mut conn = db.pool().acquire().await?;
    let (owner, view) = repo::request(&mut conn, id).await?.ok_or(LeaveError::NotFound)?;
    if owner != employee_id {
        return Err(LeaveError::NotFound);
    }
    if view.status != Status::Draft {
        return Err(LeaveError::Conflict);
    }
    let person = person(&mut conn, employee_id).await?;
    let form = LeaveForm::of(&view, view.start, view.end);
    let (ty, length) = check(&mut conn, &person, &form, id, crate::domain::date::today(now)).await?;
    drop(conn);
    let supervisor = supervisor_of(db, employee_id).await?;
    let mut tx = db.begin().await?;
    // The length is counted again: the calendar may have changed since the draft.
    requests::recount_draft(&mut tx, id, length).await?;
    let status = submit_in(&mut tx, &person, supervisor, id, version, &ty, info, now).await?;
    tx.commit().await?;
    Ok(status)
}

/// The employee withdraws their own request before it is decided.
pub async fn withdraw(
    db: &Db,
    employee_id: i64,
    id: i64,
    version: i64,
    info: &RequestInfo,
    now: i64,
) -> Result<(), LeaveError> {
    let mut tx = db.begin().await?;
    let withdrawn = Move {
        id,
        version,
        from: &[Status::Draft, Status::AwaitingSupervisor, Status::AwaitingOfficial, Status::Changed],
        holder: Some(("employee_id", employee_id)),
        set: vec![("status", Status::Withdrawn.as_str().into())],
    };
    if !transition::make(&mut tx, withdrawn, now).await? {
        drop(tx);
        let mut conn = db.pool().acquire().await?;
        return match repo::request(&mut conn, id).await? {
            Some((owner, _)) if owner == employee_id => Err(LeaveError::Conflict),
            _ => Err(LeaveError::NotFound),
        };
    }
    step(&mut tx, id, "withdrawn", None, None, employee_id, now).await?;
    audit(&mut tx, AuditKind::LeaveWithdrawn, employee_id, employee_id, &format!("leave {id}"), info).await?;
    tx.commit().await?;
    Ok(())
}

/// The employee's leave page: this year's balances with their ledger, the
/// types they may ask for, the calendar and their requests.
pub async fn my_leave(db: &Db, employee_id: i64, now: i64) -> Result<MyLeave, LeaveError> {
    let mut conn = db.pool().acquire().await?;
    let person = person(&mut conn, employee_id).await?;
    let today = crate::domain::date::today(now);
    let year = today.year();
    let attachables = crate::documents::repo::titles_of(&mut conn, employee_id).await?;
    Ok(MyLeave {
        year,
        today,
        balances: repo::balances(&mut conn, employee_id, year).await?,
        pending_days: repo::pending_annual_days(&mut conn, employee_id, year, 0).await?,
        ledger: repo::ledger(&mut conn, employee_id, year).await?,
        types: repo::types(&mut conn, person.staff()).await?.into_iter().filter(|t| t.requestable).collect(),
        calendar: repo::calendar(&mut conn, year, year + 1).await?,
        attachables: attachables.into_iter().map(|(id, title)| Attachable { id, title }).collect(),
        requests: repo::requests_where(&mut conn, "r.employee_id = $1", employee_id, 200).await?,
    })
}

/// One request for its employee, its supervisor or an official of its
/// agency; anyone else gets not-found.
pub async fn detail(db: &Db, viewer: i64, id: i64) -> Result<RequestDetail, LeaveError> {
    let mut conn = db.pool().acquire().await?;
    let (owner, request) = repo::request(&mut conn, id).await?.ok_or(LeaveError::NotFound)?;
    let (agency, supervisor) = requests::agency_and_supervisor(&mut conn, id).await?;
    let is_owner = owner == viewer;
    let is_supervisor = supervisor == Some(viewer);
    let is_official = repo::is_official(&mut conn, viewer, agency).await?;
    if !(is_owner || is_supervisor || is_official) || (request.status == Status::Draft && !is_owner) {
        return Err(LeaveError::NotFound);
    }
    Ok(RequestDetail {
        may_consider: is_supervisor && !is_owner && request.status == Status::AwaitingSupervisor,
        may_decide: is_official && !is_owner && request.status == Status::AwaitingOfficial,
        timeline: repo::timeline(&mut conn, id).await?,
        is_owner,
        request,
    })
}

/// What waits for the approver, and what they decided lately.
pub async fn inbox(db: &Db, viewer: i64) -> Result<Inbox, LeaveError> {
    let mut conn = db.pool().acquire().await?;
    let to_consider =
        repo::requests_where(&mut conn, "r.status = 'awaiting_supervisor' AND r.supervisor_id = $1", viewer, 500)
            .await?;
    let mut to_decide = Vec::new();
    for agency in repo::official_agencies(&mut conn, viewer).await? {
        // Nobody decides their own request: an i64 formatted into the SQL.
        let condition = format!("r.status = 'awaiting_official' AND e.agency_id = $1 AND r.employee_id <> {viewer}");
        to_decide.extend(repo::requests_where(&mut conn, &condition, agency, 500).await?);
    }
    // The newest 100 of each kind, each from its own index: with `decided_by
    // = $1 OR considered_by = $1` PostgreSQL walked the whole table
    // backwards for a unit head (scripts/bench-scale.sh: 227 ms, now 3 ms).
    let decided = repo::requests_where(
        &mut conn,
        "r.id IN (SELECT id FROM (SELECT id FROM leave_requests WHERE decided_by = $1 ORDER BY id DESC LIMIT 100) d \
                  UNION ALL \
                  SELECT id FROM (SELECT id FROM leave_requests WHERE considered_by = $1 ORDER BY id DESC LIMIT 100) c) \
         AND r.status <> 'draft'",
        viewer,
        100,
    )
    .await?;
    Ok(Inbox { to_consider, to_decide, decided })
}

/// How many requests wait for this employee (the dashboard and the nav).
pub async fn waiting_count(db: &Db, viewer: i64) -> Result<i64, sqlx::Error> {
    let mut conn = db.pool().acquire().await?;
    let mut total = requests::awaiting_supervisor(&mut conn, viewer).await?;
    for agency in repo::official_agencies(&mut conn, viewer).await? {
        total += requests::awaiting_official(&mut conn, agency, viewer).await?;
    }
    Ok(total)
}
