//! The operators' side of leave: opening a year's balances (safe to run
//! twice), importing the calendar, adding the collective-leave days an
//! employee had to work, and choosing one or two decision stages.

use super::calendar_csv::Row;
use super::ledger::{self, YearEnd};
use super::repo::{self, yearly};
use super::rules::{self, Staff};
use crate::audit::{self, Actor, AuditKind, AuditRecord, RequestInfo};
use crate::domain::{Date, Nip};
use crate::server::AppState;
use crate::server::db::Db;
use crate::server::schedule::{Job, Run};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RollReport {
    /// Employees whose year was opened by this run.
    pub opened: usize,
    /// Employees whose year an earlier run opened.
    pub already: usize,
    /// Employees granted the year's days during it (a first year completed).
    pub granted_late: usize,
}

/// Opens `year` for every active employee: the carry-over from the two
/// years before with the caps of `leave_policy`, and the year's grant when
/// they have served long enough on its first day. A year is opened once per
/// employee (a marker row in `leave_years`), so a second run, or two at
/// once, adds nothing. Running it again during the year grants the days to
/// employees who completed their first year since.
pub async fn roll_over(db: &Db, year: u16, now: i64) -> Result<RollReport, sqlx::Error> {
    let employees = yearly::active_staff(db).await?;
    let first_day = Date::from_ymd(year, 1, 1).expect("a real year");
    let today = crate::domain::date::today(now);
    let y = i64::from(year);
    let mut report = RollReport::default();
    for (id, nip, kind, tmt) in employees {
        let Ok(nip) = Nip::parse(&nip) else { continue };
        let appointed = tmt.as_deref().and_then(Date::parse_iso).unwrap_or_else(|| nip.appointed());
        let staff = Staff::of(crate::domain::EmployeeKind::parse(&kind).unwrap_or(crate::domain::EmployeeKind::Pns));
        let mut tx = db.begin().await?;
        let fresh = yearly::mark_opened(&mut tx, id, y, now).await?;
        let policy = repo::policy(&mut tx, staff).await?;
        let service = yearly::annual_min_service(&mut tx, staff).await?;
        let served_on_first_day = i64::from(rules::months_between(appointed, first_day)) >= service;
        let served_today = today.year() == year && i64::from(rules::months_between(appointed, today)) >= service;
        if fresh {
            let deferred = yearly::deferred_days(&mut tx, id, year - 1).await?;
            let end = YearEnd {
                left: repo::balances(&mut tx, id, year - 1).await?,
                took_last_year: yearly::took_annual(&mut tx, id, y - 1).await?,
                took_year_before: yearly::took_annual(&mut tx, id, y - 2).await?,
                deferred: u32::try_from(deferred.max(0)).unwrap_or(0),
                eligible: served_on_first_day,
            };
            let opening = ledger::open_year(policy, end);
            yearly::insert_opening(&mut tx, id, y, y - 1, "carry", opening.carry_n1, now).await?;
            yearly::insert_opening(&mut tx, id, y, y - 2, "carry", opening.carry_n2, now).await?;
            yearly::insert_opening(&mut tx, id, y, y, "grant", opening.grant, now).await?;
            report.opened += 1;
        } else {
            report.already += 1;
        }
        if !served_on_first_day
            && served_today
            && yearly::insert_opening(&mut tx, id, y, y, "grant", policy.annual_days, now).await? == 1
        {
            report.granted_late += 1;
        }
        tx.commit().await?;
    }
    Ok(report)
}

/// The scheduled job (`server::schedule`) that keeps leave years open
/// without an outside cron job: every portal day it runs [`roll_over`] for
/// the current year, which opens the year on its first day and, on any
/// later day, grants the year's days to whoever completed their first year
/// of service since. Both are idempotent, so a day's second run (a retry, a
/// second instance) adds nothing.
pub const JOB: Job = Job { name: "leave_year", run: run_job };

fn run_job(state: &AppState, now: i64) -> Run<'_> {
    Box::pin(async move {
        let year = crate::domain::date::today(now).year();
        let report = roll_over(&state.db, year, now).await.map_err(|e| format!("year {year}: {e}"))?;
        Ok(format!(
            "year {year}: {} opened, {} already open, {} granted after their first year",
            report.opened, report.already, report.granted_late
        ))
    })
}

/// Replaces (per date) the calendar rows; answers how many were written.
pub async fn import_calendar(db: &Db, rows: &[Row]) -> Result<usize, sqlx::Error> {
    let mut tx = db.begin().await?;
    for (day, kind, name) in rows {
        yearly::put_calendar_day(&mut tx, *day, *kind, name).await?;
    }
    tx.commit().await?;
    Ok(rows.len())
}

/// Who changes the calendar from the console, for its audit event.
pub struct CalendarEditor<'a> {
    pub admin: i64,
    pub request: &'a RequestInfo,
}

/// [`import_calendar`] from the console: the rows and one audit event
/// naming how many days and which span, in one transaction.
pub async fn import_calendar_audited(db: &Db, rows: &[Row], by: &CalendarEditor<'_>) -> Result<usize, sqlx::Error> {
    let mut tx = db.begin().await?;
    for (day, kind, name) in rows {
        yearly::put_calendar_day(&mut tx, *day, *kind, name).await?;
    }
    let (first, last) = (rows.iter().map(|r| r.0).min(), rows.iter().map(|r| r.0).max());
    let detail = match (first, last) {
        (Some(first), Some(last)) => format!("imported {} day(s), {first}..{last}", rows.len()),
        _ => "imported nothing".to_string(),
    };
    record_calendar_change(&mut tx, by, &detail).await?;
    tx.commit().await?;
    Ok(rows.len())
}

/// Removes one calendar day from the console (audited); answers whether
/// there was one (a second click changes nothing and records nothing).
pub async fn remove_calendar_day(db: &Db, day: Date, by: &CalendarEditor<'_>) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let before = repo::calendar(&mut tx, day.year(), day.year()).await?;
    let name = before.iter().find(|r| r.0 == day).map(|(_, kind, name)| format!("{} {name}", kind.as_str()));
    if !yearly::remove_calendar_day(&mut tx, day).await? {
        return Ok(false);
    }
    record_calendar_change(&mut tx, by, &format!("removed {day} ({})", name.unwrap_or_default())).await?;
    tx.commit().await?;
    Ok(true)
}

async fn record_calendar_change(
    tx: &mut sqlx::AnyConnection,
    by: &CalendarEditor<'_>,
    detail: &str,
) -> Result<(), sqlx::Error> {
    let event = AuditRecord {
        kind: AuditKind::CalendarChanged,
        reason: None,
        employee_id: None,
        nip: None,
        actor: Actor::Employee(by.admin),
        request: by.request,
        detail: Some(detail),
    };
    audit::record(tx, &event).await?;
    Ok(())
}

/// The calendar rows of a year, for `calendar list`.
pub async fn calendar_of(db: &Db, year: u16) -> Result<Vec<(Date, rules::DayKind, String)>, sqlx::Error> {
    let mut conn = db.pool().acquire().await?;
    let calendar = repo::calendar(&mut conn, year, year).await?;
    Ok(calendar.iter().map(|(d, k, n)| (d, k, n.to_string())).collect())
}

#[derive(Debug, thiserror::Error)]
pub enum YearlyError {
    #[error("no employee with that NIP")]
    UnknownNip,
    #[error("{0} is not a collective-leave day in the calendar")]
    NotCollective(Date),
    #[error("that day was added for this employee already")]
    AlreadyAdded,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// An employee worked through a collective-leave day: the day is added to
/// that year's annual leave (PP 17/2020). Once per employee and day.
pub async fn collective_worked(db: &Db, nip: &Nip, day: Date, now: i64) -> Result<i64, YearlyError> {
    let mut conn = db.pool().acquire().await?;
    let employee = crate::org::repo::find_employee_by_nip(&mut conn, nip.as_str()).await?;
    let id = employee.ok_or(YearlyError::UnknownNip)?.id;
    if repo::calendar(&mut conn, day.year(), day.year()).await?.kind(day) != Some(rules::DayKind::Collective) {
        return Err(YearlyError::NotCollective(day));
    }
    let note = format!("cuti bersama {day}");
    if yearly::collective_worked_added(&mut conn, id, &note).await? {
        return Err(YearlyError::AlreadyAdded);
    }
    drop(conn);
    let mut tx = db.begin().await?;
    let y = i64::from(day.year());
    yearly::add_collective_worked(&mut tx, id, y, &note, now).await?;
    let event = AuditRecord {
        kind: AuditKind::LeaveDaysAdded,
        reason: None,
        employee_id: Some(id),
        nip: None,
        actor: Actor::Cli,
        request: &RequestInfo::default(),
        detail: Some(&note),
    };
    audit::record(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(id)
}

/// One stage (the official decides alone) or two (the supervisor first).
pub async fn set_stages(db: &Db, agency_id: i64, stages: i64) -> Result<(), sqlx::Error> {
    yearly::set_stages(&mut *db.pool().acquire().await?, agency_id, stages).await
}

/// The demo's leave set-up: this year's and next year's calendar, and the
/// current year opened for everyone (with last year's balance carried as if
/// nobody took leave then, so the form shows an N-1 column).
pub async fn load_demo(db: &Db, now: i64) -> Result<(), sqlx::Error> {
    for text in [super::calendar_csv::DEMO_2026, super::calendar_csv::DEMO_2027] {
        let rows = super::calendar_csv::parse(text).expect("the demo calendars parse");
        import_calendar(db, &rows).await?;
    }
    let year = crate::domain::date::today(now).year();
    roll_over(db, year - 1, now).await?;
    roll_over(db, year, now).await?;
    Ok(())
}
