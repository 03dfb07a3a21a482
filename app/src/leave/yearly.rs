//! The operators' side of leave: opening a year's balances (safe to run
//! twice), importing the calendar, adding the collective-leave days an
//! employee had to work, and choosing one or two decision stages.

use super::calendar_csv::Row;
use super::ledger::{self, YearEnd};
use super::repo;
use super::rules::{self, Staff};
use crate::audit::{self, Actor, AuditKind, AuditRecord, RequestInfo};
use crate::domain::{Date, Nip};
use crate::server::db::Db;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RollReport {
    /// Employees whose year was opened by this run.
    pub opened: usize,
    /// Employees whose year an earlier run opened.
    pub already: usize,
    /// Employees granted the year's days during it (a first year completed).
    pub granted_late: usize,
}

async fn insert_opening(
    conn: &mut sqlx::AnyConnection,
    employee_id: i64,
    year: i64,
    source_year: i64,
    entry: &str,
    days: u32,
    now: i64,
) -> Result<u64, sqlx::Error> {
    if days == 0 {
        return Ok(0);
    }
    let done = sqlx::query(
        "INSERT INTO leave_ledger (employee_id, year, source_year, entry, days, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (employee_id, year, source_year, entry) WHERE entry IN ('grant', 'carry') DO NOTHING",
    )
    .bind(employee_id)
    .bind(year)
    .bind(source_year)
    .bind(entry)
    .bind(i64::from(days))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

async fn took_annual(conn: &mut sqlx::AnyConnection, employee_id: i64, year: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM leave_ledger WHERE employee_id = $1 AND year = $2 AND entry = 'taken'",
    )
    .bind(employee_id)
    .bind(year)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// Opens `year` for every active employee: the carry-over from the two
/// years before with the caps of `leave_policy`, and the year's grant when
/// they have served long enough on its first day. A year is opened once per
/// employee (a marker row in `leave_years`), so a second run, or two at
/// once, adds nothing. Running it again during the year grants the days to
/// employees who completed their first year since.
pub async fn roll_over(db: &Db, year: u16, now: i64) -> Result<RollReport, sqlx::Error> {
    let employees: Vec<(i64, String, String, Option<String>)> =
        sqlx::query_as("SELECT id, nip, kind, tmt_appointment FROM employees WHERE active = 1 ORDER BY id")
            .fetch_all(db.pool())
            .await?;
    let first_day = Date::from_ymd(year, 1, 1).expect("a real year");
    let today = crate::domain::date::today(now);
    let y = i64::from(year);
    let mut report = RollReport::default();
    for (id, nip, kind, tmt) in employees {
        let Ok(nip) = Nip::parse(&nip) else { continue };
        let appointed = tmt.as_deref().and_then(Date::parse_iso).unwrap_or_else(|| nip.appointed());
        let staff = Staff::of(crate::domain::EmployeeKind::parse(&kind).unwrap_or(crate::domain::EmployeeKind::Pns));
        let mut tx = db.begin().await?;
        let fresh = sqlx::query(
            "INSERT INTO leave_years (employee_id, year, opened_at) VALUES ($1, $2, $3) \
             ON CONFLICT (employee_id, year) DO NOTHING",
        )
        .bind(id)
        .bind(y)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        let policy = repo::policy(&mut tx, staff).await?;
        let service: i64 =
            sqlx::query_scalar("SELECT min_service_months FROM leave_types WHERE staff = $1 AND code = 'annual'")
                .bind(staff.as_str())
                .fetch_one(&mut *tx)
                .await?;
        let served_on_first_day = i64::from(rules::months_between(appointed, first_day)) >= service;
        let served_today = today.year() == year && i64::from(rules::months_between(appointed, today)) >= service;
        if fresh {
            let deferred: Option<i64> = sqlx::query_scalar(
                "SELECT CAST(SUM(r.length) AS BIGINT) FROM leave_requests r \
                 JOIN leave_types t ON t.staff = r.staff AND t.code = r.type_code \
                 WHERE r.employee_id = $1 AND r.status = 'deferred' AND t.uses_annual_balance = 1 \
                   AND r.start_date LIKE $2",
            )
            .bind(id)
            .bind(format!("{:04}-%", year - 1))
            .fetch_one(&mut *tx)
            .await?;
            let end = YearEnd {
                left: repo::balances(&mut tx, id, year - 1).await?,
                took_last_year: took_annual(&mut tx, id, y - 1).await?,
                took_year_before: took_annual(&mut tx, id, y - 2).await?,
                deferred: u32::try_from(deferred.unwrap_or(0).max(0)).unwrap_or(0),
                eligible: served_on_first_day,
            };
            let opening = ledger::open_year(policy, end);
            insert_opening(&mut tx, id, y, y - 1, "carry", opening.carry_n1, now).await?;
            insert_opening(&mut tx, id, y, y - 2, "carry", opening.carry_n2, now).await?;
            insert_opening(&mut tx, id, y, y, "grant", opening.grant, now).await?;
            report.opened += 1;
        } else {
            report.already += 1;
        }
        if !served_on_first_day
            && served_today
            && insert_opening(&mut tx, id, y, y, "grant", policy.annual_days, now).await? == 1
        {
            report.granted_late += 1;
        }
        tx.commit().await?;
    }
    Ok(report)
}

/// Replaces (per date) the calendar rows; answers how many were written.
pub async fn import_calendar(db: &Db, rows: &[Row]) -> Result<usize, sqlx::Error> {
    let mut tx = db.begin().await?;
    for (day, kind, name) in rows {
        sqlx::query(
            "INSERT INTO leave_calendar (day, kind, name) VALUES ($1, $2, $3) \
             ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name",
        )
        .bind(day.to_string())
        .bind(kind.as_str())
        .bind(name)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(rows.len())
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
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM employees WHERE nip = $1")
        .bind(nip.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    let id = id.ok_or(YearlyError::UnknownNip)?;
    if repo::calendar(&mut conn, day.year(), day.year()).await?.kind(day) != Some(rules::DayKind::Collective) {
        return Err(YearlyError::NotCollective(day));
    }
    let note = format!("cuti bersama {day}");
    let seen: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM leave_ledger WHERE employee_id = $1 AND entry = 'collective_worked' AND note = $2",
    )
    .bind(id)
    .bind(&note)
    .fetch_one(&mut *conn)
    .await?;
    if seen > 0 {
        return Err(YearlyError::AlreadyAdded);
    }
    drop(conn);
    let mut tx = db.begin().await?;
    let y = i64::from(day.year());
    sqlx::query(
        "INSERT INTO leave_ledger (employee_id, year, source_year, entry, days, note, created_at) \
         VALUES ($1, $2, $2, 'collective_worked', 1, $3, $4)",
    )
    .bind(id)
    .bind(y)
    .bind(&note)
    .bind(now)
    .execute(&mut *tx)
    .await?;
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
    sqlx::query(
        "INSERT INTO leave_settings (agency_id, stages) VALUES ($1, $2) \
         ON CONFLICT (agency_id) DO UPDATE SET stages = excluded.stages",
    )
    .bind(agency_id)
    .bind(stages)
    .execute(db.pool())
    .await?;
    Ok(())
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
