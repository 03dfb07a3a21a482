//! The console's queries, each scoped to the agencies the admin
//! administers (all of them for a national admin) here, in the repository
//! layer: an employee outside them is not found, whatever the page asks.

pub mod archive;

pub use super::error::AdminError;
use super::model::*;
use crate::org::Role;
use crate::org::repo::admin_agencies;
use crate::server::db::Db;

/// The search's filters, as the form sends them (all optional).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// A NIP (or its start, spaces allowed) or part of a name.
    pub text: String,
    pub unit: Option<i64>,
    pub kind: Option<String>,
    pub state: Option<AccountState>,
}

/// Shown at most; more means "narrow the search".
pub const PAGE: usize = 200;

/// The admin's agencies as an SQL list of integers, or forbidden.
pub(crate) async fn scope(db: &Db, admin: i64) -> Result<String, AdminError> {
    Ok(agencies(db, admin).await?.iter().map(i64::to_string).collect::<Vec<_>>().join(","))
}

/// The admin's agencies (every one for a national admin), or forbidden.
pub(crate) async fn agencies(db: &Db, admin: i64) -> Result<Vec<i64>, AdminError> {
    let agencies = admin_agencies(db, admin).await?;
    if agencies.is_empty() { Err(AdminError::Forbidden) } else { Ok(agencies) }
}

/// The admin's agencies by name, and the one a page asks for by code (the
/// first without one): forbidden for another agency, not found for a code
/// no agency has.
pub(crate) async fn chosen_agency(
    db: &Db,
    admin: i64,
    code: Option<&str>,
) -> Result<(Vec<crate::org::repo::AgencyRow>, crate::org::repo::AgencyRow), AdminError> {
    let scope = agencies(db, admin).await?;
    let mut mine: Vec<_> =
        crate::org::repo::list_agencies(db).await?.into_iter().filter(|a| scope.contains(&a.id)).collect();
    mine.sort_by(|a, b| a.name.cmp(&b.name));
    let found = match code.map(str::trim).filter(|c| !c.is_empty()) {
        None => mine.first().cloned(),
        Some(code) => match mine.iter().find(|a| a.code == code) {
            Some(a) => Some(a.clone()),
            None => {
                let mut conn = db.pool().acquire().await?;
                let exists = crate::org::repo::find_agency(&mut conn, code).await?.is_some();
                return Err(if exists { AdminError::Forbidden } else { AdminError::NotFound });
            }
        },
    };
    Ok((mine, found.ok_or(AdminError::Forbidden)?))
}

/// The audit event of a change an admin made to one of their agencies'
/// settings (its contact, hours, offices): on the admin's own chain, as
/// the import's, with the before and after in `detail`.
pub(crate) fn agency_setting_changed<'a>(
    kind: crate::audit::AuditKind,
    admin: i64,
    request: &'a crate::audit::RequestInfo,
    detail: &'a str,
) -> crate::audit::AuditRecord<'a> {
    crate::audit::AuditRecord {
        kind,
        reason: None,
        employee_id: Some(admin),
        nip: None,
        actor: crate::audit::Actor::Employee(admin),
        request,
        detail: Some(detail),
    }
}

/// Text for `LIKE` with its wildcards escaped (`\` is the escape character).
fn escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| match c {
            '\\' | '%' | '_' => vec!['\\', c],
            c => vec![c],
        })
        .collect()
}

/// `LIKE` for text anywhere in the value.
fn like(text: &str) -> String {
    format!("%{}%", escape(text))
}

type Row = (i64, String, String, Option<String>, String, i64, i64, i64, Option<i64>, i64);

const ROW_COLUMNS: &str = "e.id, e.nip, e.full_name, u.name, e.kind, \
     CASE WHEN c.password_hash IS NULL THEN 0 ELSE 1 END, COALESCE(c.disabled, 0), COALESCE(c.locked_permanently, 0), \
     c.locked_until, \
     (SELECT COUNT(*) FROM authenticators a WHERE a.employee_id = e.id AND a.confirmed_at IS NOT NULL) \
     FROM employees e LEFT JOIN units u ON u.id = e.unit_id LEFT JOIN credentials c ON c.employee_id = e.id";

fn row(
    (id, nip, name, unit, kind, has_password, disabled, locked_forever, locked_until, devices): Row,
    now: i64,
) -> EmployeeRow {
    let locked = locked_forever != 0 || locked_until.is_some_and(|t| t > now);
    EmployeeRow {
        id,
        nip,
        name,
        unit,
        kind,
        state: AccountState::of(has_password != 0, disabled != 0, locked, devices),
    }
}

/// Employees of the admin's agencies matching the query, by name.
pub async fn search(db: &Db, admin: i64, query: &Query, now: i64) -> Result<Console, AdminError> {
    let agencies = scope(db, admin).await?;
    let units: Vec<(i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, name FROM units WHERE agency_id IN ({agencies}) ORDER BY name"
    )))
    .fetch_all(db.pool())
    .await?;
    let digits: String = query.text.chars().filter(|c| !c.is_whitespace()).collect();
    let text = query.text.trim().to_lowercase();
    // The account state is worked out here, so a search filtered by it reads
    // up to 5000 rows; without that filter one more than a page tells
    // whether there are more (scripts/bench-scale.sh: a national admin's
    // name search fell from 317 to under 80 ms with the trigram index).
    let limit = if query.state.is_some() { 5000 } else { PAGE + 1 };
    // Audited: `agencies` is a list of integers and `limit` a number; every
    // value from the form is bound.
    let sql = format!(
        "SELECT {ROW_COLUMNS} WHERE e.agency_id IN ({agencies}) \
           AND ($1 = '' OR e.nip LIKE $2 ESCAPE '\\' OR LOWER(e.full_name) LIKE $3 ESCAPE '\\') \
           AND ($4 = 0 OR e.unit_id = $4) AND ($5 = '' OR e.kind = $5) \
         ORDER BY e.full_name, e.id LIMIT {limit}"
    );
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(&text)
        .bind(format!("{}%", escape(&digits)))
        .bind(like(&text))
        .bind(query.unit.unwrap_or(0))
        .bind(query.kind.clone().unwrap_or_default())
        .fetch_all(db.pool())
        .await?;
    let mut found: Vec<EmployeeRow> =
        rows.into_iter().map(|r| row(r, now)).filter(|r| query.state.is_none_or(|s| r.state == s)).collect();
    let truncated = found.len() > PAGE;
    found.truncate(PAGE);
    Ok(Console { units: units.into_iter().map(|(id, name)| Choice { id, name }).collect(), rows: found, truncated })
}

/// An employee of the admin's agencies, as the organisation stores them:
/// the target of an action. Anyone else is not found.
pub async fn target(db: &Db, admin: i64, id: i64) -> Result<crate::org::repo::EmployeeRow, AdminError> {
    let agencies = agencies(db, admin).await?;
    let employee = crate::org::repo::find_employee(db, id).await?.ok_or(AdminError::NotFound)?;
    if agencies.contains(&employee.agency_id) { Ok(employee) } else { Err(AdminError::NotFound) }
}

/// Why an admin may not act on an account of their agencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Untouchable {
    /// The account holds a stored role (`pybmc`, `agency_admin`): only a
    /// national admin acts on it, so an agency admin cannot take over a
    /// fellow admin's or an official's account.
    RoleHolder,
    /// A national admin's account: only the server's CLI changes it.
    NationalAdmin,
}

/// Whether `admin` may act on `employee` beyond reading it. The agency
/// check is [`target`]'s; this is the check by role.
pub async fn untouchable(db: &Db, admin: i64, employee: i64) -> Result<Option<Untouchable>, AdminError> {
    // Stored roles only: every employee is an `employee`, and heading a
    // unit (a derived `supervisor`) is not a role an admin grants.
    let held: Vec<Role> = crate::org::repo::roles_of(db, employee)
        .await?
        .into_iter()
        .map(|(r, _)| r)
        .filter(|r| Role::ASSIGNABLE.contains(r))
        .collect();
    if held.contains(&Role::NationalAdmin) {
        return Ok(Some(Untouchable::NationalAdmin));
    }
    if held.is_empty() {
        return Ok(None);
    }
    let acting = crate::org::repo::roles_of(db, admin).await?;
    Ok((!acting.iter().any(|(r, _)| *r == Role::NationalAdmin)).then_some(Untouchable::RoleHolder))
}

/// One employee of the admin's agencies, with what support needs to see.
pub async fn employee(db: &Db, admin: i64, id: i64, now: i64) -> Result<EmployeeDetail, AdminError> {
    let agencies = scope(db, admin).await?;
    let sql = format!("SELECT {ROW_COLUMNS} WHERE e.id = $1 AND e.agency_id IN ({agencies})");
    let found: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(db.pool()).await?;
    let row = row(found.ok_or(AdminError::NotFound)?, now);
    let (email, position, agency, locked_until, failed_count, must_change): (
        String,
        Option<String>,
        String,
        Option<i64>,
        Option<i64>,
        Option<i64>,
    ) = sqlx::query_as(
        "SELECT e.email, e.position, a.name, c.locked_until, c.failed_count, c.must_change FROM employees e \
         JOIN agencies a ON a.id = e.agency_id LEFT JOIN credentials c ON c.employee_id = e.id WHERE e.id = $1",
    )
    .bind(id)
    .fetch_one(db.pool())
    .await?;
    let sessions: Vec<(i64, i64, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT created_at, last_seen_at, ip, user_agent FROM sessions \
         WHERE employee_id = $1 AND expires_at > $2 ORDER BY last_seen_at DESC LIMIT 20",
    )
    .bind(id)
    .bind(now)
    .fetch_all(db.pool())
    .await?;
    let devices: Vec<(String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT device_name, created_at, last_used_at FROM authenticators \
         WHERE employee_id = $1 AND confirmed_at IS NOT NULL ORDER BY created_at",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let events: Vec<(String, Option<String>, i64, Option<String>)> = sqlx::query_as(
        "SELECT event, reason, occurred_at, ip FROM audit_events WHERE employee_id = $1 \
         ORDER BY occurred_at DESC, id DESC LIMIT 30",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let documents: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT id, title, type_code, uploaded_at FROM documents \
         WHERE employee_id = $1 AND deleted_at IS NULL ORDER BY uploaded_at DESC, id DESC",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let email_history: Vec<(String, String, i64, String, Option<String>)> = sqlx::query_as(
        "SELECT old_email, new_email, changed_at, source, reason FROM email_history \
         WHERE employee_id = $1 ORDER BY id DESC LIMIT 20",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let types = crate::documents::repo::types(db).await?;
    let roles: Vec<(String, String)> = sqlx::query_as(
        "SELECT r.role, a.name FROM role_assignments r JOIN agencies a ON a.id = r.agency_id \
         WHERE r.employee_id = $1 ORDER BY r.role, a.name",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let can_change_roles = id != admin
        && crate::org::repo::is_national_admin(db, admin).await?
        && !crate::org::repo::is_national_admin(db, id).await?;
    Ok(EmployeeDetail {
        roles: roles.into_iter().map(|(role, agency)| RoleLine { role, agency }).collect(),
        can_change_roles,
        email_history: email_history
            .into_iter()
            .map(|(old_email, new_email, at, source, reason)| EmailChange { old_email, new_email, at, source, reason })
            .collect(),
        types,
        row,
        email,
        position,
        agency,
        locked_until: locked_until.filter(|t| *t > now),
        failed_count: failed_count.unwrap_or(0),
        must_change: must_change.unwrap_or(0) != 0,
        sessions: sessions
            .into_iter()
            .map(|(created_at, last_seen_at, ip, user_agent)| SessionLine { created_at, last_seen_at, ip, user_agent })
            .collect(),
        devices: devices
            .into_iter()
            .map(|(name, created_at, last_used_at)| DeviceLine { name, created_at, last_used_at })
            .collect(),
        events: events.into_iter().map(|(event, reason, at, ip)| EventLine { event, reason, at, ip }).collect(),
        documents: documents
            .into_iter()
            .map(|(id, title, type_code, uploaded_at)| DocumentLine { id, title, type_code, uploaded_at })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(super::like("siti"), "%siti%");
        assert_eq!(super::like("100%_a\\"), "%100\\%\\_a\\\\%");
    }
}
