//! Reading a personnel record, and writing its history rows (demo data and
//! the HR office's tools). Rows that fail to parse are errors, not blanks:
//! the schema's CHECKs keep them out, so one would mean a damaged database.

use sqlx::AnyConnection;

use super::record::*;
use crate::domain::date::Date;
use crate::domain::{EmployeeKind, Nip, Rank};
use crate::server::db::Db;

fn corrupt(what: &str) -> sqlx::Error {
    sqlx::Error::Protocol(format!("stored {what} does not parse"))
}

fn date(text: &str) -> Result<Date, sqlx::Error> {
    Date::parse_iso(text).ok_or_else(|| corrupt("date"))
}

fn optional_date(text: Option<String>) -> Result<Option<Date>, sqlx::Error> {
    text.as_deref().map(date).transpose()
}

fn rank_entry(code: String, tmt: &str, decree_number: Option<String>) -> Result<RankEntry, sqlx::Error> {
    let title = Rank::parse_any(&code).and_then(|r| r.title()).map(str::to_string);
    Ok(RankEntry { code, title, tmt: date(tmt)?, decree_number })
}

type CoreRow = (
    String,
    String,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The employee's whole record, or `None` if there is no such employee.
pub async fn load(db: &Db, employee_id: i64) -> Result<Option<PersonnelRecord>, sqlx::Error> {
    let mut conn = db.pool().acquire().await?;
    let core: Option<CoreRow> = sqlx::query_as(
        "SELECT e.nip, e.full_name, e.email, e.phone, e.kind, a.name, u.name, e.position, e.rank_code, \
                e.tmt_appointment, e.tmt_pns \
         FROM employees e JOIN agencies a ON a.id = e.agency_id LEFT JOIN units u ON u.id = e.unit_id \
         WHERE e.id = $1",
    )
    .bind(employee_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((nip, name, email, phone, kind, agency, unit, position, rank_code, tmt_appointment, tmt_pns)) = core
    else {
        return Ok(None);
    };
    let parsed = Nip::parse(&nip).ok();
    let ranks = ranks(&mut conn, employee_id).await?;
    let rank = rank_code.map(|code| CurrentRank {
        title: Rank::parse_any(&code).and_then(|r| r.title()).map(str::to_string),
        // The current rank took effect at its newest history row.
        tmt: ranks.iter().rev().find(|r| r.code == code).map(|r| r.tmt),
        code,
    });
    Ok(Some(PersonnelRecord {
        nip: parsed.as_ref().map_or(nip.clone(), Nip::grouped),
        birth_date: parsed.as_ref().map(Nip::birth_date),
        gender: parsed.as_ref().map(Nip::gender),
        name,
        kind: EmployeeKind::parse(&kind).map_err(|_| corrupt("kind"))?,
        email,
        phone,
        agency,
        unit,
        position,
        rank,
        tmt_appointment: optional_date(tmt_appointment)?,
        tmt_pns: optional_date(tmt_pns)?,
        positions: positions(&mut conn, employee_id).await?,
        ranks,
        education: education(&mut conn, employee_id).await?,
        training: training(&mut conn, employee_id).await?,
        family: family(&mut conn, employee_id).await?,
    }))
}

async fn positions(conn: &mut AnyConnection, employee_id: i64) -> Result<Vec<PositionEntry>, sqlx::Error> {
    let rows: Vec<(String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT position, position_kind, unit_name, tmt, decree_number FROM position_history \
         WHERE employee_id = $1 ORDER BY tmt, id",
    )
    .bind(employee_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(position, kind, unit, tmt, decree_number)| {
            let kind = PositionKind::parse(&kind).ok_or_else(|| corrupt("position kind"))?;
            Ok(PositionEntry { position, kind, unit, tmt: date(&tmt)?, decree_number })
        })
        .collect()
}

async fn ranks(conn: &mut AnyConnection, employee_id: i64) -> Result<Vec<RankEntry>, sqlx::Error> {
    let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT rank_code, tmt, decree_number FROM rank_history WHERE employee_id = $1 ORDER BY tmt, id",
    )
    .bind(employee_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(|(code, tmt, decree_number)| rank_entry(code, &tmt, decree_number)).collect()
}

async fn education(conn: &mut AnyConnection, employee_id: i64) -> Result<Vec<EducationEntry>, sqlx::Error> {
    let rows: Vec<(String, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT level, institution, major, graduation_year FROM education_history \
         WHERE employee_id = $1 ORDER BY graduation_year, id",
    )
    .bind(employee_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(level, institution, major, year)| {
            Ok(EducationEntry {
                level: EducationLevel::parse(&level).ok_or_else(|| corrupt("education level"))?,
                institution,
                major,
                graduation_year: u16::try_from(year).map_err(|_| corrupt("graduation year"))?,
            })
        })
        .collect()
}

async fn training(conn: &mut AnyConnection, employee_id: i64) -> Result<Vec<TrainingEntry>, sqlx::Error> {
    let rows: Vec<(String, String, String, String, i64, Option<String>)> = sqlx::query_as(
        "SELECT name, organiser, start_date, end_date, hours, certificate_number FROM training_history \
         WHERE employee_id = $1 ORDER BY start_date, id",
    )
    .bind(employee_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(name, organiser, start, end, hours, certificate_number)| {
            Ok(TrainingEntry {
                name,
                organiser,
                start: date(&start)?,
                end: date(&end)?,
                hours: u32::try_from(hours).map_err(|_| corrupt("training hours"))?,
                certificate_number,
            })
        })
        .collect()
}

async fn family(conn: &mut AnyConnection, employee_id: i64) -> Result<Vec<FamilyMember>, sqlx::Error> {
    let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT relation, full_name, birth_date FROM family_members WHERE employee_id = $1 \
         ORDER BY CASE relation WHEN 'spouse' THEN 0 WHEN 'child' THEN 1 ELSE 2 END, birth_date, id",
    )
    .bind(employee_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(relation, name, birth_date)| {
            Ok(FamilyMember {
                relation: Relation::parse(&relation).ok_or_else(|| corrupt("relation"))?,
                name,
                birth_date: optional_date(birth_date)?,
            })
        })
        .collect()
}

/// Sets TMT CPNS/PPPK and TMT PNS.
pub async fn set_appointment(
    conn: &mut AnyConnection,
    employee_id: i64,
    tmt_appointment: Option<Date>,
    tmt_pns: Option<Date>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE employees SET tmt_appointment = $1, tmt_pns = $2 WHERE id = $3")
        .bind(tmt_appointment.map(|d| d.to_string()))
        .bind(tmt_pns.map(|d| d.to_string()))
        .bind(employee_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn add_position(conn: &mut AnyConnection, employee_id: i64, e: &PositionEntry) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO position_history (employee_id, position, position_kind, unit_name, tmt, decree_number) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(employee_id)
    .bind(&e.position)
    .bind(e.kind.as_str())
    .bind(&e.unit)
    .bind(e.tmt.to_string())
    .bind(&e.decree_number)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn add_rank(conn: &mut AnyConnection, employee_id: i64, e: &RankEntry) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO rank_history (employee_id, rank_code, tmt, decree_number) VALUES ($1, $2, $3, $4)")
        .bind(employee_id)
        .bind(&e.code)
        .bind(e.tmt.to_string())
        .bind(&e.decree_number)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn add_education(conn: &mut AnyConnection, employee_id: i64, e: &EducationEntry) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO education_history (employee_id, level, institution, major, graduation_year) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(employee_id)
    .bind(e.level.as_str())
    .bind(&e.institution)
    .bind(&e.major)
    .bind(i64::from(e.graduation_year))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn add_training(conn: &mut AnyConnection, employee_id: i64, e: &TrainingEntry) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO training_history (employee_id, name, organiser, start_date, end_date, hours, certificate_number) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(employee_id)
    .bind(&e.name)
    .bind(&e.organiser)
    .bind(e.start.to_string())
    .bind(e.end.to_string())
    .bind(i64::from(e.hours))
    .bind(&e.certificate_number)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn add_family_member(
    conn: &mut AnyConnection,
    employee_id: i64,
    e: &FamilyMember,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO family_members (employee_id, relation, full_name, birth_date) VALUES ($1, $2, $3, $4)")
        .bind(employee_id)
        .bind(e.relation.as_str())
        .bind(&e.name)
        .bind(e.birth_date.map(|d| d.to_string()))
        .execute(conn)
        .await?;
    Ok(())
}
