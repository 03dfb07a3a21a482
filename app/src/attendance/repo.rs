//! SQL for attendance. The same text runs on SQLite and PostgreSQL.

use sqlx::AnyConnection;

use super::geo::GeoPoint;
use super::rules::{TimeZone, WorkWeek};
use crate::domain::Date;
use crate::server::db::Db;

#[derive(Debug, thiserror::Error)]
pub enum AttendanceRepoError {
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// An office and its geofence.
#[derive(Debug, Clone, PartialEq)]
pub struct Office {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub centre: GeoPoint,
    pub radius_m: i64,
    /// The unit it serves (with the units below it); `None`: the whole agency.
    pub unit_code: Option<String>,
}

type OfficeRow = (i64, String, String, i64, i64, i64, Option<String>);

fn office(row: OfficeRow) -> Option<Office> {
    let (id, code, name, lat, lon, radius_m, unit_code) = row;
    Some(Office { id, code, name, centre: GeoPoint::from_e6(lat, lon)?, radius_m, unit_code })
}

/// The employee's agency, time zone, working week and the local date the
/// record was created.
#[derive(Debug, Clone)]
pub struct Context {
    pub agency_id: i64,
    pub zone: TimeZone,
    pub week: WorkWeek,
    pub since: Date,
}

pub async fn agency_rules(
    conn: &mut AnyConnection,
    agency_id: i64,
) -> Result<(TimeZone, WorkWeek), AttendanceRepoError> {
    let (offset,): (i64,) = sqlx::query_as("SELECT utc_offset_hours FROM agencies WHERE id = $1")
        .bind(agency_id)
        .fetch_one(&mut *conn)
        .await?;
    let zone =
        TimeZone::from_offset_hours(offset).ok_or_else(|| AttendanceRepoError::Invalid(format!("offset {offset}")))?;
    // The agency's own hours if it has any, else the national default.
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT weekday, starts_at, ends_at FROM work_hours \
         WHERE agency_id = $1 OR (agency_id IS NULL AND NOT EXISTS (SELECT 1 FROM work_hours WHERE agency_id = $1))",
    )
    .bind(agency_id)
    .fetch_all(&mut *conn)
    .await?;
    let week = WorkWeek::from_rows(&rows).map_err(AttendanceRepoError::Invalid)?;
    Ok((zone, week))
}

pub async fn context(db: &Db, employee_id: i64) -> Result<Option<Context>, AttendanceRepoError> {
    let mut conn = db.pool().acquire().await?;
    let row: Option<(i64, i64)> = sqlx::query_as("SELECT agency_id, created_at FROM employees WHERE id = $1")
        .bind(employee_id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some((agency_id, created_at)) = row else { return Ok(None) };
    let (zone, week) = agency_rules(&mut conn, agency_id).await?;
    let since =
        zone.local(created_at).map(|(d, _)| d).ok_or_else(|| AttendanceRepoError::Invalid("created_at".into()))?;
    Ok(Some(Context { agency_id, zone, week, since }))
}

/// The offices an employee may check in at: those of the agency as a whole
/// and those of the employee's unit or any unit above it.
pub async fn offices_for(db: &Db, employee_id: i64) -> Result<Vec<Office>, sqlx::Error> {
    let rows: Vec<OfficeRow> = sqlx::query_as(
        "WITH RECURSIVE up (id, parent_id) AS ( \
             SELECT u.id, u.parent_id FROM units u JOIN employees e ON e.unit_id = u.id WHERE e.id = $1 \
             UNION ALL \
             SELECT p.id, p.parent_id FROM units p JOIN up ON p.id = up.parent_id) \
         SELECT o.id, o.code, o.name, o.latitude_e6, o.longitude_e6, o.radius_m, un.code FROM offices o \
         JOIN employees e ON e.id = $1 AND e.agency_id = o.agency_id \
         LEFT JOIN units un ON un.id = o.unit_id \
         WHERE o.unit_id IS NULL OR o.unit_id IN (SELECT id FROM up) \
         ORDER BY o.name",
    )
    .bind(employee_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().filter_map(office).collect())
}

pub async fn list_offices(db: &Db, agency_code: &str) -> Result<Vec<Office>, sqlx::Error> {
    let rows: Vec<OfficeRow> = sqlx::query_as(
        "SELECT o.id, o.code, o.name, o.latitude_e6, o.longitude_e6, o.radius_m, un.code FROM offices o \
         JOIN agencies a ON a.id = o.agency_id LEFT JOIN units un ON un.id = o.unit_id \
         WHERE a.code = $1 ORDER BY o.code",
    )
    .bind(agency_code)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().filter_map(office).collect())
}

/// An office as an operator describes it.
#[derive(Debug, Clone, Copy)]
pub struct NewOffice<'a> {
    pub agency_code: &'a str,
    /// `None`: the whole agency.
    pub unit_code: Option<&'a str>,
    pub code: &'a str,
    pub name: &'a str,
    pub centre: GeoPoint,
    pub radius_m: i64,
}

/// Adds an office, or updates the one with this code in the agency.
/// Answers whether it was new.
pub async fn save_office(db: &Db, office: &NewOffice<'_>, now: i64) -> Result<bool, AttendanceRepoError> {
    let NewOffice { agency_code, unit_code, code, name, centre, radius_m } = *office;
    let invalid = |s: &str| AttendanceRepoError::Invalid(s.to_string());
    let code = code.trim().to_ascii_uppercase();
    let name = name.trim();
    if code.is_empty() || code.len() > 32 || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(invalid("an office code has letters, digits, - or _ (at most 32)"));
    }
    if name.is_empty() || name.chars().count() > 200 {
        return Err(invalid("an office needs a name (at most 200 characters)"));
    }
    if !(10..=5000).contains(&radius_m) {
        return Err(invalid("the radius must be 10 to 5000 metres"));
    }
    let mut tx = db.begin().await?;
    let agency: Option<(i64,)> = sqlx::query_as("SELECT id FROM agencies WHERE code = $1")
        .bind(agency_code.trim())
        .fetch_optional(&mut *tx)
        .await?;
    let (agency_id,) = agency.ok_or_else(|| invalid(&format!("agency {agency_code} does not exist")))?;
    let unit_id = match unit_code.map(str::trim).filter(|u| !u.is_empty()) {
        None => None,
        Some(unit) => {
            let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM units WHERE agency_id = $1 AND code = $2")
                .bind(agency_id)
                .bind(unit)
                .fetch_optional(&mut *tx)
                .await?;
            Some(found.ok_or_else(|| invalid(&format!("unit {unit} does not exist in agency {agency_code}")))?.0)
        }
    };
    let created = upsert_office(&mut tx, agency_id, unit_id, &code, name, centre, radius_m, now).await?;
    tx.commit().await?;
    Ok(created)
}

/// Updates the agency's office with this code, or adds it, in the caller's
/// transaction (the fields already checked). Answers whether it was new.
#[allow(clippy::too_many_arguments)]
pub async fn upsert_office(
    conn: &mut AnyConnection,
    agency_id: i64,
    unit_id: Option<i64>,
    code: &str,
    name: &str,
    centre: GeoPoint,
    radius_m: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE offices SET unit_id = $1, name = $2, latitude_e6 = $3, longitude_e6 = $4, radius_m = $5 \
         WHERE agency_id = $6 AND code = $7",
    )
    .bind(unit_id)
    .bind(name)
    .bind(centre.lat_e6())
    .bind(centre.lon_e6())
    .bind(radius_m)
    .bind(agency_id)
    .bind(code)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if updated == 0 {
        sqlx::query(
            "INSERT INTO offices (agency_id, unit_id, code, name, latitude_e6, longitude_e6, radius_m, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(agency_id)
        .bind(unit_id)
        .bind(code)
        .bind(name)
        .bind(centre.lat_e6())
        .bind(centre.lon_e6())
        .bind(radius_m)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(updated == 0)
}

/// The agency's office with this code, in the caller's transaction.
pub async fn office_in(conn: &mut AnyConnection, agency_id: i64, code: &str) -> Result<Option<Office>, sqlx::Error> {
    let row: Option<OfficeRow> = sqlx::query_as(
        "SELECT o.id, o.code, o.name, o.latitude_e6, o.longitude_e6, o.radius_m, un.code FROM offices o \
         LEFT JOIN units un ON un.id = o.unit_id WHERE o.agency_id = $1 AND o.code = $2",
    )
    .bind(agency_id)
    .bind(code)
    .fetch_optional(conn)
    .await?;
    Ok(row.and_then(office))
}

/// Removes the agency's office with this code in the caller's transaction.
pub async fn delete_office(conn: &mut AnyConnection, agency_id: i64, code: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM offices WHERE agency_id = $1 AND code = $2")
        .bind(agency_id)
        .bind(code)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn remove_office(db: &Db, agency_code: &str, code: &str) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("DELETE FROM offices WHERE code = $1 AND agency_id = (SELECT id FROM agencies WHERE code = $2)")
            .bind(code.trim().to_ascii_uppercase())
            .bind(agency_code.trim())
            .execute(db.pool())
            .await?;
    Ok(done.rows_affected() > 0)
}

/// Replaces an agency's working hours (or, with `None`, the national
/// default) with `week`, in one transaction.
pub async fn set_week(db: &Db, agency_code: Option<&str>, week: &WorkWeek) -> Result<(), AttendanceRepoError> {
    let mut tx = db.begin().await?;
    let agency_id = match agency_code {
        None => None,
        Some(code) => {
            let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM agencies WHERE code = $1")
                .bind(code.trim())
                .fetch_optional(&mut *tx)
                .await?;
            Some(found.ok_or_else(|| AttendanceRepoError::Invalid(format!("agency {code} does not exist")))?.0)
        }
    };
    replace_week(&mut tx, agency_id, week).await?;
    tx.commit().await?;
    Ok(())
}

/// Replaces the agency's working hours (`None`: the national default) in
/// the caller's transaction.
pub async fn replace_week(
    conn: &mut AnyConnection,
    agency_id: Option<i64>,
    week: &WorkWeek,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM work_hours WHERE agency_id = $1 OR ($1 IS NULL AND agency_id IS NULL)")
        .bind(agency_id)
        .execute(&mut *conn)
        .await?;
    for (weekday, day) in week.days() {
        sqlx::query("INSERT INTO work_hours (agency_id, weekday, starts_at, ends_at) VALUES ($1, $2, $3, $4)")
            .bind(agency_id)
            .bind(i64::from(weekday))
            .bind(i64::from(day.starts_at()))
            .bind(i64::from(day.ends_at()))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Sets the agency's time zone in the caller's transaction.
pub async fn replace_zone(conn: &mut AnyConnection, agency_id: i64, zone: TimeZone) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE agencies SET utc_offset_hours = $1 WHERE id = $2")
        .bind(zone.offset_hours())
        .bind(agency_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_zone(db: &Db, agency_code: &str, zone: TimeZone) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE agencies SET utc_offset_hours = $1 WHERE code = $2")
        .bind(zone.offset_hours())
        .bind(agency_code.trim())
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() > 0)
}

/// The last day of a WFA grant covering `day`, if any.
pub async fn wfa_until(db: &Db, employee_id: i64, day: Date) -> Result<Option<Date>, sqlx::Error> {
    let until: Option<String> = sqlx::query_scalar(
        "SELECT MAX(ends_on) FROM wfa_grants WHERE employee_id = $1 AND starts_on <= $2 AND ends_on >= $2",
    )
    .bind(employee_id)
    .bind(day.to_string())
    .fetch_one(db.pool())
    .await?;
    Ok(until.as_deref().and_then(Date::parse_iso))
}

/// A stored day: times as Unix seconds.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredDay {
    pub employee_id: i64,
    pub day: String,
    pub check_in_at: i64,
    pub check_in_mode: String,
    pub check_out_at: Option<i64>,
    pub office: Option<String>,
}

macro_rules! stored_day {
    ($tail:literal) => {
        concat!(
            "SELECT a.employee_id, a.day, a.check_in_at, a.check_in_mode, a.check_out_at, o.name AS office \
             FROM attendance a LEFT JOIN offices o ON o.id = a.check_in_office ",
            $tail
        )
    };
}

pub async fn day_of(db: &Db, employee_id: i64, day: Date) -> Result<Option<StoredDay>, sqlx::Error> {
    sqlx::query_as(stored_day!("WHERE a.employee_id = $1 AND a.day = $2"))
        .bind(employee_id)
        .bind(day.to_string())
        .fetch_optional(db.pool())
        .await
}

pub async fn month_of(db: &Db, employee_id: i64, from: Date, to: Date) -> Result<Vec<StoredDay>, sqlx::Error> {
    sqlx::query_as(stored_day!("WHERE a.employee_id = $1 AND a.day >= $2 AND a.day <= $3 ORDER BY a.day"))
        .bind(employee_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(db.pool())
        .await
}

/// Every record of an agency's employees between two days.
pub async fn agency_month(db: &Db, agency_id: i64, from: Date, to: Date) -> Result<Vec<StoredDay>, sqlx::Error> {
    sqlx::query_as(stored_day!(
        "JOIN employees e ON e.id = a.employee_id \
         WHERE e.agency_id = $1 AND a.day >= $2 AND a.day <= $3 ORDER BY a.employee_id, a.day"
    ))
    .bind(agency_id)
    .bind(from.to_string())
    .bind(to.to_string())
    .fetch_all(db.pool())
    .await
}

/// Where and how a check-in or check-out was made.
#[derive(Debug, Clone)]
pub struct Mark<'a> {
    pub employee_id: i64,
    pub day: Date,
    pub at: i64,
    /// `None`: work from anywhere.
    pub office_id: Option<i64>,
    pub position: Option<GeoPoint>,
    pub accuracy_m: Option<i64>,
    pub ip: Option<&'a str>,
}

impl Mark<'_> {
    fn mode(&self) -> &'static str {
        if self.office_id.is_some() { "office" } else { "wfa" }
    }
}

/// Records the day's check-in unless one exists; answers whether it did.
pub async fn check_in(db: &Db, m: &Mark<'_>) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO attendance (employee_id, day, check_in_at, check_in_mode, check_in_office, check_in_lat_e6, \
                                 check_in_lon_e6, check_in_accuracy_m, check_in_ip) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (employee_id, day) DO NOTHING",
    )
    .bind(m.employee_id)
    .bind(m.day.to_string())
    .bind(m.at)
    .bind(m.mode())
    .bind(m.office_id)
    .bind(m.position.map(GeoPoint::lat_e6))
    .bind(m.position.map(GeoPoint::lon_e6))
    .bind(m.accuracy_m)
    .bind(m.ip)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records the day's check-out (the latest one counts); answers whether
/// there was a check-in to close.
pub async fn check_out(db: &Db, m: &Mark<'_>) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE attendance SET check_out_at = $1, check_out_mode = $2, check_out_office = $3, check_out_lat_e6 = $4, \
                               check_out_lon_e6 = $5, check_out_accuracy_m = $6, check_out_ip = $7 \
         WHERE employee_id = $8 AND day = $9 AND check_in_at <= $1",
    )
    .bind(m.at)
    .bind(m.mode())
    .bind(m.office_id)
    .bind(m.position.map(GeoPoint::lat_e6))
    .bind(m.position.map(GeoPoint::lon_e6))
    .bind(m.accuracy_m)
    .bind(m.ip)
    .bind(m.employee_id)
    .bind(m.day.to_string())
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// An employee in a recap.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Member {
    pub id: i64,
    pub nip: String,
    pub full_name: String,
    pub unit: Option<String>,
    pub created_at: i64,
}

macro_rules! members {
    ($where:literal) => {
        concat!(
            "SELECT e.id, e.nip, e.full_name, un.name AS unit, e.created_at FROM employees e \
             LEFT JOIN units un ON un.id = e.unit_id WHERE e.active = 1 AND ",
            $where,
            " ORDER BY un.name, e.full_name"
        )
    };
}

pub async fn direct_reports(db: &Db, supervisor_id: i64) -> Result<Vec<Member>, sqlx::Error> {
    sqlx::query_as(members!("e.supervisor_id = $1")).bind(supervisor_id).fetch_all(db.pool()).await
}

/// Employees of a unit and of every unit below it.
pub async fn unit_members(db: &Db, unit_id: i64) -> Result<Vec<Member>, sqlx::Error> {
    sqlx::query_as(concat!(
        "WITH RECURSIVE down (id) AS ( \
             SELECT id FROM units WHERE id = $1 \
             UNION ALL SELECT u.id FROM units u JOIN down ON u.parent_id = down.id) ",
        members!("e.unit_id IN (SELECT id FROM down)")
    ))
    .bind(unit_id)
    .fetch_all(db.pool())
    .await
}

pub async fn agency_members(db: &Db, agency_id: i64) -> Result<Vec<Member>, sqlx::Error> {
    sqlx::query_as(members!("e.agency_id = $1")).bind(agency_id).fetch_all(db.pool()).await
}

/// Units headed by the employee: `(id, agency_id, name)`.
pub async fn headed_units(db: &Db, employee_id: i64) -> Result<Vec<(i64, i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, agency_id, name FROM units WHERE head_employee_id = $1 ORDER BY name")
        .bind(employee_id)
        .fetch_all(db.pool())
        .await
}

pub async fn agency_units(db: &Db, agency_id: i64) -> Result<Vec<(i64, i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, agency_id, name FROM units WHERE agency_id = $1 ORDER BY name")
        .bind(agency_id)
        .fetch_all(db.pool())
        .await
}

pub async fn has_reports(db: &Db, employee_id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM employees WHERE supervisor_id = $1 AND active = 1")
        .bind(employee_id)
        .fetch_one(db.pool())
        .await?;
    Ok(n > 0)
}

pub async fn insert_wfa(
    conn: &mut AnyConnection,
    employee_id: i64,
    from: Date,
    to: Date,
    reason: &str,
    granted_by: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO wfa_grants (employee_id, starts_on, ends_on, reason, granted_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(employee_id)
    .bind(from.to_string())
    .bind(to.to_string())
    .bind(reason)
    .bind(granted_by)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// Grants to employees of the agencies that overlap `[from, to]`:
/// `(nip, name, starts_on, ends_on, reason)`.
pub async fn wfa_grants(
    db: &Db,
    agency_id: i64,
    from: Date,
    to: Date,
) -> Result<Vec<(String, String, String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.nip, e.full_name, g.starts_on, g.ends_on, g.reason FROM wfa_grants g \
         JOIN employees e ON e.id = g.employee_id \
         WHERE e.agency_id = $1 AND g.starts_on <= $3 AND g.ends_on >= $2 ORDER BY g.starts_on, e.full_name",
    )
    .bind(agency_id)
    .bind(from.to_string())
    .bind(to.to_string())
    .fetch_all(db.pool())
    .await
}
