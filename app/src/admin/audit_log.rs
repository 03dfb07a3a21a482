//! The audit viewer's queries: the trail filtered by employee, event,
//! time and address, its CSV, and the live feed's "what is new since".
//! An agency admin sees the events about employees of their agencies,
//! recorded while the employee belonged to one of them (an event stays with
//! the agency it happened in when its employee moves); a national admin sees
//! every event, those about no employee (an unknown NIP's failed sign-in)
//! included. The scope is applied here.

use super::model::AuditLine;
use super::repo::AdminError;
use crate::domain::Date;
use crate::domain::date::WIB_OFFSET_HOURS;
use crate::org::repo::admin_agencies;
use crate::server::db::Db;

/// The events the live feed carries: what support and security watch.
pub const LIVE: [&str; 7] = [
    "sign_in_failed",
    "locked_out",
    "mfa_failed",
    "reauth_failed",
    "admin_network_refused",
    "document_viewed",
    "document_uploaded",
];

/// Lines per page of the viewer; the CSV holds at most [`CSV_MAX`].
pub const PAGE: i64 = 200;
pub const CSV_MAX: i64 = 50_000;

/// Whose events the admin may read.
#[derive(Debug, Clone)]
pub struct Scope {
    national: bool,
    /// The agencies as an SQL list of integers.
    agencies: String,
}

impl Scope {
    pub async fn of(db: &Db, admin: i64) -> Result<Self, AdminError> {
        let agencies = admin_agencies(db, admin).await?;
        if agencies.is_empty() {
            return Err(AdminError::Forbidden);
        }
        let national = crate::org::repo::is_national_admin(db, admin).await?;
        Ok(Self { national, agencies: agencies.iter().map(i64::to_string).collect::<Vec<_>>().join(",") })
    }

    /// The condition the scope sets: the agency the event was recorded in
    /// (its employee's at the time; indexed with the id).
    fn condition(&self) -> String {
        if self.national { "1 = 1".into() } else { format!("a.agency_id IN ({})", self.agencies) }
    }
}

/// The viewer's filters; empty text means any.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// The employee's NIP (spaces allowed).
    pub nip: String,
    pub event: String,
    /// Days in WIB, inclusive.
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub ip: String,
    /// Only events older than this id (the next page).
    pub before: Option<i64>,
}

impl Filter {
    /// The filter from query values; `None` when a date is not YYYY-MM-DD.
    pub fn read(
        nip: Option<String>,
        event: Option<String>,
        from: Option<String>,
        to: Option<String>,
        ip: Option<String>,
        before: Option<i64>,
    ) -> Option<Self> {
        let date = |v: Option<String>| -> Option<Option<Date>> {
            match v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                None => Some(None),
                Some(text) => Date::parse_iso(text).map(Some),
            }
        };
        let text = |v: Option<String>| v.unwrap_or_default().trim().chars().take(100).collect::<String>();
        Some(Self {
            nip: text(nip),
            event: text(event),
            from: date(from)?,
            to: date(to)?,
            ip: text(ip),
            before: before.filter(|b| *b > 0),
        })
    }
}

/// The first second (Unix) of a WIB day.
fn day_start(d: Date) -> i64 {
    d.unix_days() * 86_400 - WIB_OFFSET_HOURS * 3600
}

type Row = (i64, i64, String, Option<String>, Option<String>, Option<String>, String, Option<String>, Option<String>);

const COLUMNS: &str = "a.id, a.occurred_at, a.event, a.reason, a.nip, e.full_name, a.actor, a.ip, a.detail \
     FROM audit_events a LEFT JOIN employees e ON e.id = a.employee_id";

fn line((id, at, event, reason, nip, name, actor, ip, detail): Row) -> AuditLine {
    AuditLine { id, at, event, reason, nip, name, actor, ip, detail }
}

/// Events matching the filter, newest first, at most `limit`.
pub async fn search(db: &Db, scope: &Scope, filter: &Filter, limit: i64) -> Result<Vec<AuditLine>, AdminError> {
    let nip: String = filter.nip.chars().filter(|c| !c.is_whitespace()).collect();
    let from = filter.from.map_or(i64::MIN, day_start);
    let to = filter.to.map_or(i64::MAX, |d| day_start(d) + 86_400);
    // Audited: the scope is a list of integers; every filter value is bound.
    let sql = format!(
        "SELECT {COLUMNS} WHERE {} \
           AND ($1 = '' OR e.nip = $1) AND ($2 = '' OR a.event = $2) \
           AND a.occurred_at >= $3 AND a.occurred_at < $4 AND ($5 = '' OR a.ip = $5) AND ($6 = 0 OR a.id < $6) \
         ORDER BY a.id DESC LIMIT $7",
        scope.condition()
    );
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(nip)
        .bind(filter.event.trim())
        .bind(from)
        .bind(to)
        .bind(filter.ip.trim())
        .bind(filter.before.unwrap_or(0))
        .bind(limit)
        .fetch_all(db.pool())
        .await?;
    Ok(rows.into_iter().map(line).collect())
}

/// The newest event id the scope can see (where a live feed starts).
pub async fn newest(db: &Db) -> Result<i64, AdminError> {
    Ok(sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM audit_events").fetch_one(db.pool()).await?)
}

/// Live-feed events after `after`, oldest first.
pub async fn live_after(db: &Db, scope: &Scope, after: i64) -> Result<Vec<AuditLine>, AdminError> {
    let kinds = LIVE.iter().map(|k| format!("'{k}'")).collect::<Vec<_>>().join(",");
    // Audited: the scope and the kinds are constants of this module.
    let sql = format!(
        "SELECT {COLUMNS} WHERE {} AND a.id > $1 AND a.event IN ({kinds}) ORDER BY a.id LIMIT 100",
        scope.condition()
    );
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(after).fetch_all(db.pool()).await?;
    Ok(rows.into_iter().map(line).collect())
}

/// One CSV field: quoted when needed, and a leading `=`, `+`, `-` or `@`
/// neutralised so a spreadsheet does not run it as a formula.
fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.to_string() };
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

/// The lines as CSV (UTC Unix time and WIB time both).
pub fn csv(lines: &[AuditLine]) -> String {
    let mut out = String::from("id,occurred_at,occurred_wib,event,reason,nip,name,actor,ip,detail\r\n");
    for l in lines {
        let cells = [
            l.id.to_string(),
            l.at.to_string(),
            crate::domain::date::format_timestamp(l.at, WIB_OFFSET_HOURS),
            l.event.clone(),
            l.reason.clone().unwrap_or_default(),
            l.nip.clone().unwrap_or_default(),
            l.name.clone().unwrap_or_default(),
            l.actor.clone(),
            l.ip.clone().unwrap_or_default(),
            l.detail.clone().unwrap_or_default(),
        ];
        out.push_str(&cells.iter().map(|c| field(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("-1"), "'-1");
    }

    #[test]
    fn days_start_at_wib_midnight() {
        let d = Date::parse_iso("2026-01-01").unwrap();
        // 2026-01-01 00:00 WIB is 2025-12-31 17:00 UTC.
        assert_eq!(day_start(d), 1_767_200_400);
    }
}
