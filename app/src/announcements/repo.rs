//! Announcements in the database. Every read is filtered by what the
//! employee may see: published, not expired, and for everyone, their
//! agency, or their unit or a unit above it.

use sqlx::AnyConnection;

use super::model::*;
use crate::domain::Date;
use crate::org::Role;
use crate::server::db::Db;

/// Seconds east of UTC of the calendar the portal's dates are in.
const WIB: i64 = crate::domain::date::WIB_OFFSET_HOURS * 3600;

pub fn day_of(unix: i64) -> Date {
    crate::domain::date::today(unix)
}

/// 00:00 WIB of the day.
pub fn start_of(day: Date) -> i64 {
    day.unix_days() * 86_400 - WIB
}

/// The condition on `n` (announcements) for employee `$1` at time `$2`,
/// as a literal so queries stay static strings.
macro_rules! visible {
    () => {
        "n.publish_at <= $2 AND (n.expires_at IS NULL OR n.expires_at > $2) AND (
    n.audience = 'everyone'
    OR (n.audience = 'agency' AND n.agency_id = (SELECT agency_id FROM employees WHERE id = $1))
    OR (n.audience = 'unit' AND n.unit_id IN (
        WITH RECURSIVE up (id, parent_id) AS (
            SELECT u.id, u.parent_id FROM units u JOIN employees e ON e.unit_id = u.id WHERE e.id = $1
            UNION ALL
            SELECT p.id, p.parent_id FROM units p JOIN up ON p.id = up.parent_id
        )
        SELECT id FROM up)))"
    };
}

fn scope_name(audience: &str, agency: Option<String>, unit: Option<String>) -> ScopeName {
    match audience {
        "unit" => ScopeName::Named(unit.unwrap_or_default()),
        "agency" => ScopeName::Named(agency.unwrap_or_default()),
        _ => ScopeName::Everyone,
    }
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    title: String,
    pinned: i64,
    publish_at: i64,
    audience: String,
    agency_name: Option<String>,
    unit_name: Option<String>,
    unread: i64,
}

/// The employee's announcements: pinned first, then newest first.
pub async fn list_for(db: &Db, employee_id: i64, now: i64) -> Result<Vec<NoticeSummary>, sqlx::Error> {
    let sql = concat!(
        "SELECT n.id, n.title, n.pinned, n.publish_at, n.audience, a.name AS agency_name, u.name AS unit_name, \
                CASE WHEN r.employee_id IS NULL THEN 1 ELSE 0 END AS unread \
         FROM announcements n LEFT JOIN agencies a ON a.id = n.agency_id LEFT JOIN units u ON u.id = n.unit_id \
         LEFT JOIN announcement_reads r ON r.announcement_id = n.id AND r.employee_id = $1 \
         WHERE ",
        visible!(),
        " ORDER BY n.pinned DESC, n.publish_at DESC, n.id DESC LIMIT 200"
    );
    let rows: Vec<SummaryRow> = sqlx::query_as(sql).bind(employee_id).bind(now).fetch_all(db.pool()).await?;
    Ok(rows
        .into_iter()
        .map(|r| NoticeSummary {
            id: r.id,
            title: r.title,
            pinned: r.pinned == 1,
            published_on: day_of(r.publish_at),
            scope: scope_name(&r.audience, r.agency_name, r.unit_name),
            unread: r.unread == 1,
        })
        .collect())
}

pub async fn unread_count(db: &Db, employee_id: i64, now: i64) -> Result<i64, sqlx::Error> {
    let sql = concat!(
        "SELECT COUNT(*) FROM announcements n WHERE ",
        visible!(),
        " AND NOT EXISTS \
         (SELECT 1 FROM announcement_reads r WHERE r.announcement_id = n.id AND r.employee_id = $1)"
    );
    sqlx::query_scalar(sql).bind(employee_id).bind(now).fetch_one(db.pool()).await
}

#[derive(sqlx::FromRow)]
struct DetailRow {
    id: i64,
    title: String,
    body_html: String,
    pinned: i64,
    publish_at: i64,
    expires_at: Option<i64>,
    audience: String,
    agency_name: Option<String>,
    unit_name: Option<String>,
    author: String,
}

/// One announcement if the employee may see it, marked as read by them.
pub async fn open_for(db: &Db, employee_id: i64, id: i64, now: i64) -> Result<Option<NoticeDetail>, sqlx::Error> {
    let sql = concat!(
        "SELECT n.id, n.title, n.body_html, n.pinned, n.publish_at, n.expires_at, n.audience, \
                a.name AS agency_name, u.name AS unit_name, w.full_name AS author \
         FROM announcements n LEFT JOIN agencies a ON a.id = n.agency_id LEFT JOIN units u ON u.id = n.unit_id \
         JOIN employees w ON w.id = n.author_id \
         WHERE n.id = $3 AND ",
        visible!(),
        ""
    );
    let row: Option<DetailRow> =
        sqlx::query_as(sql).bind(employee_id).bind(now).bind(id).fetch_optional(db.pool()).await?;
    let Some(r) = row else { return Ok(None) };
    sqlx::query(
        "INSERT INTO announcement_reads (announcement_id, employee_id, read_at) VALUES ($1, $2, $3) \
         ON CONFLICT (announcement_id, employee_id) DO NOTHING",
    )
    .bind(r.id)
    .bind(employee_id)
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(Some(NoticeDetail {
        id: r.id,
        title: r.title,
        body_html: r.body_html,
        pinned: r.pinned == 1,
        published_on: day_of(r.publish_at),
        // The last day it shows is the day before it expires at 00:00.
        expires_on: r.expires_at.map(|t| day_of(t - 1)),
        scope: scope_name(&r.audience, r.agency_name, r.unit_name),
        author: r.author,
    }))
}

/// Marks every announcement the employee can see as read; returns how many were unread.
pub async fn mark_all_read(db: &Db, employee_id: i64, now: i64) -> Result<u64, sqlx::Error> {
    let sql = concat!(
        "INSERT INTO announcement_reads (announcement_id, employee_id, read_at) \
         SELECT n.id, $1, $2 FROM announcements n WHERE ",
        visible!(),
        " \
         ON CONFLICT (announcement_id, employee_id) DO NOTHING"
    );
    Ok(sqlx::query(sql).bind(employee_id).bind(now).execute(db.pool()).await?.rows_affected())
}

/// Where an announcement goes, checked against the author's roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Everyone,
    Agency(i64),
    Unit { agency_id: i64, unit_id: i64 },
}

/// The audiences the employee may publish to: national admins everyone and
/// every agency; agency admins their agency and its units.
pub async fn scopes_for(db: &Db, employee_id: i64) -> Result<Vec<(Scope, ScopeOption)>, sqlx::Error> {
    let roles = crate::org::repo::roles_of(db, employee_id).await?;
    let national = roles.iter().any(|(r, _)| *r == Role::NationalAdmin);
    let mut admin_of: Vec<i64> = roles.iter().filter(|(r, _)| *r == Role::AgencyAdmin).map(|(_, a)| *a).collect();
    let mut out = Vec::new();
    if national {
        out.push((Scope::Everyone, ScopeOption { value: "everyone".into(), scope: ScopeName::Everyone }));
        let all: Vec<(i64,)> = sqlx::query_as("SELECT id FROM agencies ORDER BY name").fetch_all(db.pool()).await?;
        admin_of.extend(all.into_iter().map(|(id,)| id));
    }
    admin_of.sort_unstable();
    admin_of.dedup();
    for agency_id in admin_of {
        let (name,): (String,) =
            sqlx::query_as("SELECT name FROM agencies WHERE id = $1").bind(agency_id).fetch_one(db.pool()).await?;
        let option = ScopeOption { value: format!("agency:{agency_id}"), scope: ScopeName::Named(name) };
        out.push((Scope::Agency(agency_id), option));
        let units: Vec<(i64, String)> = sqlx::query_as("SELECT id, name FROM units WHERE agency_id = $1 ORDER BY name")
            .bind(agency_id)
            .fetch_all(db.pool())
            .await?;
        for (unit_id, name) in units {
            let option = ScopeOption { value: format!("unit:{unit_id}"), scope: ScopeName::Named(name) };
            out.push((Scope::Unit { agency_id, unit_id }, option));
        }
    }
    Ok(out)
}

/// A checked announcement, ready to store.
pub struct NewNotice<'a> {
    pub title: &'a str,
    pub body_markdown: &'a str,
    pub scope: Scope,
    pub pinned: bool,
    pub publish_at: i64,
    pub expires_at: Option<i64>,
    pub author_id: i64,
}

pub async fn insert(conn: &mut AnyConnection, n: &NewNotice<'_>, now: i64) -> Result<i64, sqlx::Error> {
    let (audience, agency_id, unit_id) = match n.scope {
        Scope::Everyone => ("everyone", None, None),
        Scope::Agency(a) => ("agency", Some(a), None),
        Scope::Unit { agency_id, unit_id } => ("unit", Some(agency_id), Some(unit_id)),
    };
    sqlx::query_scalar(
        "INSERT INTO announcements (title, body_markdown, body_html, audience, agency_id, unit_id, pinned, \
                                    publish_at, expires_at, author_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(n.title)
    .bind(n.body_markdown)
    .bind(super::markdown::render(n.body_markdown))
    .bind(audience)
    .bind(agency_id)
    .bind(unit_id)
    .bind(i64::from(n.pinned))
    .bind(n.publish_at)
    .bind(n.expires_at)
    .bind(n.author_id)
    .bind(now)
    .fetch_one(conn)
    .await
}
