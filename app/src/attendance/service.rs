//! Attendance on the server: who may check in where, today's state, and
//! the recaps with their access rules. The server's clock decides the time.

use std::collections::HashMap;

use super::geo::GeoPoint;
use super::model::*;
use super::repo::{self, AttendanceRepoError, Mark, Member, StoredDay};
use super::rules::{DayRecord, Month, recap};
use crate::audit::{self, Actor, AuditKind, AuditRecord, RequestInfo};
use crate::domain::{Date, Nip};
use crate::org::repo::admin_agencies;
use crate::server::db::Db;

#[derive(Debug, thiserror::Error)]
pub enum AttendanceError {
    #[error("refused: {0:?}")]
    Refused(AttendanceRefusal),
    #[error("invalid {}", .0.name())]
    Invalid(crate::error::Field),
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error(transparent)]
    Repo(#[from] AttendanceRepoError),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Check-in or check-out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    In,
    Out,
}

impl Direction {
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "in" => Some(Self::In),
            "out" => Some(Self::Out),
            _ => None,
        }
    }
}

/// Where the browser says the employee is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fix {
    pub position: GeoPoint,
    pub accuracy_m: Option<i64>,
}

async fn context(db: &Db, employee_id: i64) -> Result<repo::Context, AttendanceError> {
    repo::context(db, employee_id).await?.ok_or(AttendanceError::NotFound)
}

pub async fn today(db: &Db, employee_id: i64, now: i64) -> Result<Today, AttendanceError> {
    let ctx = context(db, employee_id).await?;
    let (day, _) = ctx.zone.local(now).ok_or(AttendanceError::Invalid(super::field::CLOCK))?;
    let record = repo::day_of(db, employee_id, day).await?.map(|s| {
        let local = |t: i64| ctx.zone.local(t).map_or(0, |(_, secs)| secs);
        TodayRecord {
            check_in: local(s.check_in_at),
            check_out: s.check_out_at.map(local),
            office: (s.check_in_mode == "office").then(|| s.office.unwrap_or_default()),
        }
    });
    Ok(Today {
        day,
        zone: ctx.zone.label().to_string(),
        hours: ctx.week.on(day),
        wfa_until: repo::wfa_until(db, employee_id, day).await?,
        record,
        offices: repo::offices_for(db, employee_id).await?.into_iter().map(|o| o.name).collect(),
        has_team: !scopes_for(db, employee_id).await?.is_empty(),
    })
}

/// Checks in or out. A second check-in the same day changes nothing; a
/// later check-out replaces an earlier one.
pub async fn record(
    db: &Db,
    employee_id: i64,
    direction: Direction,
    fix: Option<Fix>,
    ip: Option<&str>,
    now: i64,
) -> Result<Recorded, AttendanceError> {
    let ctx = context(db, employee_id).await?;
    let (day, _) = ctx.zone.local(now).ok_or(AttendanceError::Invalid(super::field::CLOCK))?;
    if direction == Direction::In && repo::day_of(db, employee_id, day).await?.is_some() {
        return Ok(Recorded::AlreadyCheckedIn);
    }
    let office_id = if repo::wfa_until(db, employee_id, day).await?.is_some() {
        None
    } else {
        let fix = fix.ok_or(AttendanceError::Refused(AttendanceRefusal::LocationRequired))?;
        Some(office_at(db, employee_id, fix.position).await?)
    };
    let mark = Mark {
        employee_id,
        day,
        at: now,
        office_id,
        position: fix.map(|f| f.position),
        accuracy_m: fix.and_then(|f| f.accuracy_m),
        ip,
    };
    match direction {
        // Two check-ins at once: the database keeps the first.
        Direction::In => {
            Ok(if repo::check_in(db, &mark).await? { Recorded::CheckedIn } else { Recorded::AlreadyCheckedIn })
        }
        Direction::Out => {
            if repo::check_out(db, &mark).await? {
                Ok(Recorded::CheckedOut)
            } else {
                Err(AttendanceError::Refused(AttendanceRefusal::NotCheckedIn))
            }
        }
    }
}

/// The office whose geofence holds `position`, or why none does.
async fn office_at(db: &Db, employee_id: i64, position: GeoPoint) -> Result<i64, AttendanceError> {
    let offices = repo::offices_for(db, employee_id).await?;
    let nearest = offices
        .iter()
        .map(|o| (o, o.centre.distance_m(position)))
        .min_by(|a, b| (a.1 - a.0.radius_m as f64).total_cmp(&(b.1 - b.0.radius_m as f64)));
    match nearest {
        None => Err(AttendanceError::Refused(AttendanceRefusal::NoOffice)),
        Some((office, distance)) if distance <= office.radius_m as f64 => Ok(office.id),
        Some((office, distance)) => Err(AttendanceError::Refused(AttendanceRefusal::OutsideGeofence {
            office: office.name.clone(),
            distance_m: distance.round() as i64,
            radius_m: office.radius_m,
        })),
    }
}

fn day_records(zone: super::rules::TimeZone, stored: &[StoredDay]) -> Vec<DayRecord> {
    stored
        .iter()
        .filter_map(|s| {
            let day = Date::parse_iso(&s.day)?;
            let (_, check_in) = zone.local(s.check_in_at)?;
            // A check-out after local midnight (a night shift) reads as 24:00+.
            let check_out = s.check_out_at.map(|t| (t - zone.midnight(day)).clamp(0, 2 * 86_400) as u32);
            Some(DayRecord { day, check_in, check_out, wfa: s.check_in_mode == "wfa" })
        })
        .collect()
}

pub async fn my_recap(db: &Db, employee_id: i64, month: Option<Month>, now: i64) -> Result<MyRecap, AttendanceError> {
    let ctx = context(db, employee_id).await?;
    let (today, _) = ctx.zone.local(now).ok_or(AttendanceError::Invalid(super::field::CLOCK))?;
    let month = month.unwrap_or(Month::of(today));
    let stored = repo::month_of(db, employee_id, month.first(), month.last()).await?;
    let (lines, counts) = recap(month, &ctx.week, &day_records(ctx.zone, &stored), ctx.since, today);
    Ok(MyRecap { month, zone: ctx.zone.label().to_string(), lines, counts })
}

/// A group whose recap someone may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Reports,
    Unit { id: i64, agency_id: i64 },
    Agency(i64),
}

/// Every scope the employee may see, first the closest.
pub async fn scopes_for(db: &Db, employee_id: i64) -> Result<Vec<(Scope, TeamScope)>, sqlx::Error> {
    let mut out = Vec::new();
    if repo::has_reports(db, employee_id).await? {
        out.push((Scope::Reports, TeamScope { value: "reports".into(), name: None }));
    }
    let mut units = repo::headed_units(db, employee_id).await?;
    for agency_id in admin_agencies(db, employee_id).await? {
        let name = crate::org::repo::agency_name(db, agency_id).await?;
        out.push((Scope::Agency(agency_id), TeamScope { value: format!("agency:{agency_id}"), name: Some(name) }));
        units.extend(repo::agency_units(db, agency_id).await?);
    }
    let mut seen = std::collections::HashSet::new();
    for (id, agency_id, name) in units {
        if seen.insert(id) {
            out.push((Scope::Unit { id, agency_id }, TeamScope { value: format!("unit:{id}"), name: Some(name) }));
        }
    }
    Ok(out)
}

/// The recap of one scope the caller may see (the first one when `scope`
/// is absent); `Forbidden` when the caller may see none, `NotFound` for a
/// scope that is not theirs.
pub async fn team_recap(
    db: &Db,
    employee_id: i64,
    scope: Option<&str>,
    month: Option<Month>,
    now: i64,
) -> Result<TeamRecap, AttendanceError> {
    let scopes = scopes_for(db, employee_id).await?;
    let chosen = match scope.map(str::trim).filter(|s| !s.is_empty()) {
        None => scopes.first().ok_or(AttendanceError::Forbidden)?,
        Some(value) => scopes.iter().find(|(_, s)| s.value == value).ok_or(if scopes.is_empty() {
            AttendanceError::Forbidden
        } else {
            AttendanceError::NotFound
        })?,
    }
    .clone();
    let (members, agency_id) = match chosen.0 {
        Scope::Reports => (repo::direct_reports(db, employee_id).await?, context(db, employee_id).await?.agency_id),
        Scope::Unit { id, agency_id } => (repo::unit_members(db, id).await?, agency_id),
        Scope::Agency(id) => (repo::agency_members(db, id).await?, id),
    };
    let mut conn = db.pool().acquire().await?;
    let (zone, week) = repo::agency_rules(&mut conn, agency_id).await?;
    drop(conn);
    let (today, _) = zone.local(now).ok_or(AttendanceError::Invalid(super::field::CLOCK))?;
    let month = month.unwrap_or(Month::of(today));
    let mut by_employee: HashMap<i64, Vec<StoredDay>> = HashMap::new();
    for day in repo::agency_month(db, agency_id, month.first(), month.last()).await? {
        by_employee.entry(day.employee_id).or_default().push(day);
    }
    let rows = members
        .into_iter()
        .map(|m: Member| {
            let since = zone.local(m.created_at).map_or(month.first(), |(d, _)| d);
            let records = day_records(zone, by_employee.get(&m.id).map_or(&[][..], Vec::as_slice));
            let (_, counts) = recap(month, &week, &records, since, today);
            TeamRow { nip: m.nip, name: m.full_name, unit: m.unit, counts }
        })
        .collect();
    let admin_of = admin_agencies(db, employee_id).await?;
    let can_grant_wfa = admin_of.contains(&agency_id);
    let grants = if can_grant_wfa {
        repo::wfa_grants(db, agency_id, month.first(), month.last())
            .await?
            .into_iter()
            .filter_map(|(nip, name, from, to, reason)| {
                Some(WfaGrantView {
                    nip,
                    name,
                    starts_on: Date::parse_iso(&from)?,
                    ends_on: Date::parse_iso(&to)?,
                    reason,
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(TeamRecap {
        month,
        scopes: scopes.into_iter().map(|(_, s)| s).collect(),
        scope: chosen.1.value,
        rows,
        can_grant_wfa,
        grants,
    })
}

/// A work-from-anywhere grant as an admin asks for it.
#[derive(Debug, Clone, Copy)]
pub struct WfaRequest<'a> {
    pub nip: &'a str,
    pub from: Date,
    /// Inclusive.
    pub to: Date,
    pub reason: &'a str,
}

/// Lets an employee of an agency the caller administers check in from
/// anywhere from `from` to `to` (inclusive). Audited in the same transaction.
pub async fn grant_wfa(
    db: &Db,
    actor_id: i64,
    wanted: &WfaRequest<'_>,
    request: &RequestInfo,
    now: i64,
) -> Result<i64, AttendanceError> {
    let WfaRequest { nip, from, to, reason } = *wanted;
    let nip = Nip::parse(nip).map_err(|_| AttendanceError::Invalid(super::field::WFA_NIP))?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 300 {
        return Err(AttendanceError::Invalid(super::field::REASON));
    }
    // At most a year at a time, and not entirely in the past.
    if to < from || to.unix_days() - from.unix_days() > 366 {
        return Err(AttendanceError::Invalid(super::field::WFA_DATES));
    }
    let admin_of = admin_agencies(db, actor_id).await?;
    if admin_of.is_empty() {
        return Err(AttendanceError::Forbidden);
    }
    let mut conn = db.pool().acquire().await?;
    let employee = crate::org::repo::find_employee_by_nip(&mut conn, nip.as_str()).await?;
    // An employee of another agency is reported exactly like a missing NIP.
    let employee =
        employee.filter(|e| admin_of.contains(&e.agency_id)).ok_or(AttendanceError::Invalid(super::field::WFA_NIP))?;
    let (zone, _) = repo::agency_rules(&mut conn, employee.agency_id).await?;
    drop(conn);
    let (today, _) = zone.local(now).ok_or(AttendanceError::Invalid(super::field::CLOCK))?;
    if to < today {
        return Err(AttendanceError::Invalid(super::field::WFA_DATES));
    }
    // SQLite: the transaction's first statement writes (see server::db).
    let mut tx = db.begin().await?;
    let id = repo::insert_wfa(&mut tx, employee.id, from, to, reason, actor_id, now).await?;
    let detail = format!("WFA {from}..{to} for {}: {reason}", nip.as_str());
    let event = AuditRecord {
        kind: AuditKind::WfaGranted,
        reason: None,
        employee_id: Some(employee.id),
        nip: Some(nip.as_str()),
        actor: Actor::Employee(actor_id),
        request,
        detail: Some(&detail),
    };
    audit::record(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(id)
}
