//! Reading the leave data: the rule rows, the calendar, the ledger and the
//! requests. Writes live in `service` (the request lifecycle) and `yearly`
//! (roll-over, calendar import, settings).

pub mod requests;
pub mod transition;
pub mod yearly;

use sqlx::AnyConnection;

use super::ledger::{Balances, Policy};
use super::model::*;
use super::rules::{Applicant, Calendar, DayKind, LeaveType, Staff};
use crate::domain::{Date, EmployeeKind, Nip};

fn flag(v: i64) -> bool {
    v != 0
}

fn count(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}

type TypeRow =
    (String, String, String, String, String, i64, i64, i64, i64, Option<i64>, Option<i64>, i64, i64, i64, String);

/// Every leave type of a staff class, in the form's order.
pub async fn types(conn: &mut AnyConnection, staff: Staff) -> Result<Vec<LeaveType>, sqlx::Error> {
    let rows: Vec<TypeRow> = sqlx::query_as(
        "SELECT staff, code, name_id, name_en, unit, min_length, max_length, min_service_months, women_only, \
                max_children, attachment_over, uses_annual_balance, forfeits_annual, requestable, legal_reference \
         FROM leave_types WHERE staff = $1 ORDER BY sort_order, code",
    )
    .bind(staff.as_str())
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(LeaveType {
                staff: Staff::parse(&r.0)?,
                code: r.1,
                name_id: r.2,
                name_en: r.3,
                unit: LengthUnit::parse(&r.4)?,
                min_length: count(r.5),
                max_length: count(r.6),
                min_service_months: count(r.7),
                women_only: flag(r.8),
                max_children: r.9.map(count),
                attachment_over: r.10.map(count),
                uses_annual_balance: flag(r.11),
                forfeits_annual: flag(r.12),
                requestable: flag(r.13),
                legal_reference: r.14,
            })
        })
        .collect())
}

pub async fn policy(conn: &mut AnyConnection, staff: Staff) -> Result<Policy, sqlx::Error> {
    let (annual_days, carry_cap, total_cap, extended_cap): (i64, i64, i64, i64) =
        sqlx::query_as("SELECT annual_days, carry_cap, total_cap, extended_cap FROM leave_policy WHERE staff = $1")
            .bind(staff.as_str())
            .fetch_one(conn)
            .await?;
    Ok(Policy {
        annual_days: count(annual_days),
        carry_cap: count(carry_cap),
        total_cap: count(total_cap),
        extended_cap: count(extended_cap),
    })
}

/// The holidays and collective-leave days of the years `from..=to`.
pub async fn calendar(conn: &mut AnyConnection, from: u16, to: u16) -> Result<Calendar, sqlx::Error> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT day, kind, name FROM leave_calendar WHERE day >= $1 AND day <= $2 ORDER BY day")
            .bind(format!("{from:04}-01-01"))
            .bind(format!("{to:04}-12-31"))
            .fetch_all(conn)
            .await?;
    Ok(Calendar::new(
        rows.into_iter().filter_map(|(day, kind, name)| Some((Date::parse_iso(&day)?, DayKind::parse(&kind)?, name))),
    ))
}

/// The employee as the leave rules see them.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub nip: Nip,
    pub kind: EmployeeKind,
    pub agency_id: i64,
    pub email: String,
    pub position: Option<String>,
    pub unit: Option<String>,
    /// The TMT of appointment (CPNS or PPPK) the personnel record holds, or
    /// else the one the NIP records.
    pub service_start: Date,
}

impl Person {
    pub fn staff(&self) -> Staff {
        Staff::of(self.kind)
    }
}

pub async fn person(conn: &mut AnyConnection, id: i64) -> Result<Option<Person>, sqlx::Error> {
    type Row = (i64, String, String, String, i64, String, Option<String>, Option<String>, Option<String>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT e.id, e.full_name, e.nip, e.kind, e.agency_id, e.email, e.position, u.name, \
                e.tmt_appointment \
         FROM employees e LEFT JOIN units u ON u.id = e.unit_id WHERE e.id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    Ok(row.and_then(|(id, name, nip, kind, agency_id, email, position, unit, tmt)| {
        let nip = Nip::parse(&nip).ok()?;
        Some(Person {
            id,
            name,
            service_start: tmt.as_deref().and_then(Date::parse_iso).unwrap_or_else(|| nip.appointed()),
            nip,
            kind: EmployeeKind::parse(&kind).ok()?,
            agency_id,
            email,
            position,
            unit,
        })
    }))
}

/// What eligibility depends on: the service start the NIP records, the
/// gender, and the children born so far (the family record or the
/// maternity leaves approved here, whichever is more).
pub async fn applicant(conn: &mut AnyConnection, person: &Person) -> Result<Applicant, sqlx::Error> {
    let children: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM family_members WHERE employee_id = $1 AND relation = 'child'")
            .bind(person.id)
            .fetch_one(&mut *conn)
            .await?;
    let maternity: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM leave_requests WHERE employee_id = $1 AND type_code = 'maternity' AND status = 'approved'",
    )
    .bind(person.id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(Applicant {
        service_start: person.service_start,
        female: person.nip.gender() == crate::domain::nip::Gender::Female,
        children: count(children.max(maternity)),
    })
}

/// The balances usable in `year`, by source year.
pub async fn balances(conn: &mut AnyConnection, employee_id: i64, year: u16) -> Result<Balances, sqlx::Error> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT source_year, CAST(SUM(days) AS BIGINT) FROM leave_ledger WHERE employee_id = $1 AND year = $2 GROUP BY source_year",
    )
    .bind(employee_id)
    .bind(i64::from(year))
    .fetch_all(conn)
    .await?;
    let mut b = Balances::default();
    for (source, days) in rows {
        match i64::from(year) - source {
            0 => b.n += days,
            1 => b.n1 += days,
            2 => b.n2 += days,
            _ => {}
        }
    }
    Ok(b)
}

pub async fn ledger(conn: &mut AnyConnection, employee_id: i64, year: u16) -> Result<Vec<LedgerLine>, sqlx::Error> {
    type Row = (i64, String, i64, Option<i64>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT source_year, entry, days, request_id, note FROM leave_ledger \
         WHERE employee_id = $1 AND year = $2 ORDER BY source_year, id",
    )
    .bind(employee_id)
    .bind(i64::from(year))
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(source_year, entry, days, request_id, note)| LedgerLine { source_year, entry, days, request_id, note })
        .collect())
}

/// Annual-leave days held by the employee's open requests in `year`
/// (all but `except`).
pub async fn pending_annual_days(
    conn: &mut AnyConnection,
    employee_id: i64,
    year: u16,
    except: i64,
) -> Result<i64, sqlx::Error> {
    let days: Option<i64> = sqlx::query_scalar(
        "SELECT CAST(SUM(r.length) AS BIGINT) FROM leave_requests r JOIN leave_types t ON t.staff = r.staff AND t.code = r.type_code \
         WHERE r.employee_id = $1 AND t.uses_annual_balance = 1 AND r.id <> $2 \
           AND r.status IN ('awaiting_supervisor', 'awaiting_official', 'changed') AND r.start_date LIKE $3",
    )
    .bind(employee_id)
    .bind(except)
    .bind(format!("{year:04}-%"))
    .fetch_one(conn)
    .await?;
    Ok(days.unwrap_or(0))
}

/// An open or approved request of the employee overlapping the dates.
pub async fn overlapping(
    conn: &mut AnyConnection,
    employee_id: i64,
    start: Date,
    end: Date,
    except: i64,
) -> Result<Option<(Date, Date)>, sqlx::Error> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT start_date, end_date FROM leave_requests WHERE employee_id = $1 AND id <> $2 \
           AND status IN ('awaiting_supervisor', 'awaiting_official', 'changed', 'approved') \
           AND start_date <= $3 AND end_date >= $4 ORDER BY start_date LIMIT 1",
    )
    .bind(employee_id)
    .bind(except)
    .bind(end.to_string())
    .bind(start.to_string())
    .fetch_optional(conn)
    .await?;
    Ok(row.and_then(|(s, e)| Some((Date::parse_iso(&s)?, Date::parse_iso(&e)?))))
}

/// Whether the employee holds the deciding official's role in the agency.
pub async fn is_official(conn: &mut AnyConnection, employee_id: i64, agency_id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM role_assignments WHERE employee_id = $1 AND role = 'pybmc' AND agency_id = $2",
    )
    .bind(employee_id)
    .bind(agency_id)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// The agencies where the employee is a deciding official.
pub async fn official_agencies(conn: &mut AnyConnection, employee_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT agency_id FROM role_assignments WHERE employee_id = $1 AND role = 'pybmc' ORDER BY agency_id",
    )
    .bind(employee_id)
    .fetch_all(conn)
    .await
}

pub async fn stages(conn: &mut AnyConnection, agency_id: i64) -> Result<i64, sqlx::Error> {
    let stages: Option<i64> = sqlx::query_scalar("SELECT stages FROM leave_settings WHERE agency_id = $1")
        .bind(agency_id)
        .fetch_optional(conn)
        .await?;
    Ok(stages.unwrap_or(2))
}

const REQUEST_COLUMNS: &str = "r.id, e.full_name, e.nip, r.type_code, t.name_id, t.name_en, r.start_date, r.end_date, \
     r.length, r.unit, r.reason, r.address, r.phone, r.attachment_id, r.status, r.version, r.consideration, \
     r.consideration_note, r.decision, r.decision_note, r.proposed_start, r.proposed_end, r.letter_document_id, \
     r.letter_code, r.created_at, r.employee_id \
     FROM leave_requests r JOIN employees e ON e.id = r.employee_id \
     JOIN leave_types t ON t.staff = r.staff AND t.code = r.type_code";

#[derive(sqlx::FromRow)]
struct Flat {
    id: i64,
    full_name: String,
    nip: String,
    type_code: String,
    name_id: String,
    name_en: String,
    start_date: String,
    end_date: String,
    length: i64,
    unit: String,
    reason: String,
    address: String,
    phone: String,
    attachment_id: Option<i64>,
    status: String,
    version: i64,
    consideration: Option<String>,
    consideration_note: Option<String>,
    decision: Option<String>,
    decision_note: Option<String>,
    proposed_start: Option<String>,
    proposed_end: Option<String>,
    letter_document_id: Option<i64>,
    letter_code: Option<String>,
    created_at: i64,
    employee_id: i64,
}

impl Flat {
    fn view(self) -> Option<(i64, RequestView)> {
        let proposed = match (self.proposed_start.as_deref(), self.proposed_end.as_deref()) {
            (Some(s), Some(e)) => Some((Date::parse_iso(s)?, Date::parse_iso(e)?)),
            _ => None,
        };
        Some((
            self.employee_id,
            RequestView {
                id: self.id,
                employee: self.full_name,
                nip: self.nip,
                type_code: self.type_code,
                type_name_id: self.name_id,
                type_name_en: self.name_en,
                start: Date::parse_iso(&self.start_date)?,
                end: Date::parse_iso(&self.end_date)?,
                length: count(self.length),
                unit: LengthUnit::parse(&self.unit)?,
                reason: self.reason,
                address: self.address,
                phone: self.phone,
                attachment_id: self.attachment_id,
                status: Status::parse(&self.status)?,
                version: self.version,
                consideration: self.consideration.as_deref().and_then(Outcome::parse),
                consideration_note: self.consideration_note,
                decision: self.decision.as_deref().and_then(Outcome::parse),
                decision_note: self.decision_note,
                proposed,
                letter_document_id: self.letter_document_id,
                letter_code: self.letter_code,
                created_at: self.created_at,
            },
        ))
    }
}

/// Requests matching a condition on `r` / `e` (bound as `$1`), newest first.
pub async fn requests_where(
    conn: &mut AnyConnection,
    condition: &str,
    param: i64,
    limit: i64,
) -> Result<Vec<RequestView>, sqlx::Error> {
    // Audited: `condition` is one of this crate's literal conditions (at most
    // with an i64 formatted in); every value from a request is bound.
    let sql = format!("SELECT {REQUEST_COLUMNS} WHERE {condition} ORDER BY r.id DESC LIMIT {limit}");
    let rows: Vec<Flat> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(param).fetch_all(conn).await?;
    Ok(rows.into_iter().filter_map(Flat::view).map(|(_, v)| v).collect())
}

/// One request with its owner's id.
pub async fn request(conn: &mut AnyConnection, id: i64) -> Result<Option<(i64, RequestView)>, sqlx::Error> {
    let sql = format!("SELECT {REQUEST_COLUMNS} WHERE r.id = $1");
    let row: Option<Flat> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(conn).await?;
    Ok(row.and_then(Flat::view))
}

pub async fn timeline(conn: &mut AnyConnection, id: i64) -> Result<Vec<TimelineStep>, sqlx::Error> {
    type Row = (String, Option<String>, Option<String>, String, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT ev.action, ev.outcome, ev.note, e.full_name, ev.at FROM leave_events ev \
         JOIN employees e ON e.id = ev.actor_id WHERE ev.request_id = $1 ORDER BY ev.id",
    )
    .bind(id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(action, outcome, note, actor, at)| TimelineStep {
            action,
            outcome: outcome.as_deref().and_then(Outcome::parse),
            note,
            actor,
            at,
        })
        .collect())
}
