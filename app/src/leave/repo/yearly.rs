//! The SQL of the leave year: opening it (markers, grants, carry-overs),
//! the calendar, the collective-leave days worked, the decision stages.

use sqlx::AnyConnection;

use crate::domain::Date;
use crate::leave::rules::{DayKind, Staff};
use crate::server::db::Db;

/// Active employees: `(id, nip, kind, tmt_appointment)`.
pub async fn active_staff(db: &Db) -> Result<Vec<(i64, String, String, Option<String>)>, sqlx::Error> {
    sqlx::query_as("SELECT id, nip, kind, tmt_appointment FROM employees WHERE active = 1 ORDER BY id")
        .fetch_all(db.pool())
        .await
}

/// Marks `year` opened for the employee; `false` when it was already.
pub async fn mark_opened(conn: &mut AnyConnection, employee_id: i64, year: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO leave_years (employee_id, year, opened_at) VALUES ($1, $2, $3) \
         ON CONFLICT (employee_id, year) DO NOTHING",
    )
    .bind(employee_id)
    .bind(year)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Months of service annual leave asks of `staff`.
pub async fn annual_min_service(conn: &mut AnyConnection, staff: Staff) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT min_service_months FROM leave_types WHERE staff = $1 AND code = 'annual'")
        .bind(staff.as_str())
        .fetch_one(conn)
        .await
}

/// Annual-balance days of the employee's requests deferred in `year`.
pub async fn deferred_days(conn: &mut AnyConnection, employee_id: i64, year: u16) -> Result<i64, sqlx::Error> {
    let days: Option<i64> = sqlx::query_scalar(
        "SELECT CAST(SUM(r.length) AS BIGINT) FROM leave_requests r \
         JOIN leave_types t ON t.staff = r.staff AND t.code = r.type_code \
         WHERE r.employee_id = $1 AND r.status = 'deferred' AND t.uses_annual_balance = 1 \
           AND r.start_date LIKE $2",
    )
    .bind(employee_id)
    .bind(format!("{year:04}-%"))
    .fetch_one(conn)
    .await?;
    Ok(days.unwrap_or(0))
}

/// A grant or carry-over line of an opened year (once: a second insert
/// adds nothing); answers how many lines it added.
pub async fn insert_opening(
    conn: &mut AnyConnection,
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

/// Whether the employee took annual leave in `year`.
pub async fn took_annual(conn: &mut AnyConnection, employee_id: i64, year: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM leave_ledger WHERE employee_id = $1 AND year = $2 AND entry = 'taken'",
    )
    .bind(employee_id)
    .bind(year)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// Writes (or replaces) one calendar day.
pub async fn put_calendar_day(
    conn: &mut AnyConnection,
    day: Date,
    kind: DayKind,
    name: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO leave_calendar (day, kind, name) VALUES ($1, $2, $3) \
         ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name",
    )
    .bind(day.to_string())
    .bind(kind.as_str())
    .bind(name)
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes one calendar day; answers whether there was one.
pub async fn remove_calendar_day(conn: &mut AnyConnection, day: Date) -> Result<bool, sqlx::Error> {
    let removed = sqlx::query("DELETE FROM leave_calendar WHERE day = $1").bind(day.to_string()).execute(conn).await?;
    Ok(removed.rows_affected() == 1)
}

/// Whether the collective-leave day (its note) was added for the employee.
pub async fn collective_worked_added(
    conn: &mut AnyConnection,
    employee_id: i64,
    note: &str,
) -> Result<bool, sqlx::Error> {
    let seen: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM leave_ledger WHERE employee_id = $1 AND entry = 'collective_worked' AND note = $2",
    )
    .bind(employee_id)
    .bind(note)
    .fetch_one(conn)
    .await?;
    Ok(seen > 0)
}

/// One day added to `year`'s annual leave for a collective-leave day worked.
pub async fn add_collective_worked(
    conn: &mut AnyConnection,
    employee_id: i64,
    year: i64,
    note: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO leave_ledger (employee_id, year, source_year, entry, days, note, created_at) \
         VALUES ($1, $2, $2, 'collective_worked', 1, $3, $4)",
    )
    .bind(employee_id)
    .bind(year)
    .bind(note)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// One decision stage or two, for the agency.
pub async fn set_stages(conn: &mut AnyConnection, agency_id: i64, stages: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO leave_settings (agency_id, stages) VALUES ($1, $2) \
         ON CONFLICT (agency_id) DO UPDATE SET stages = excluded.stages",
    )
    .bind(agency_id)
    .bind(stages)
    .execute(conn)
    .await?;
    Ok(())
}
