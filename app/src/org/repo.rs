//! SQL for the organisation model. Runtime queries with `$n` placeholders,
//! the same text on SQLite and PostgreSQL.

use sqlx::{Any, AnyConnection, Transaction};

use super::employee::NewEmployee;
use super::role::Role;
use crate::server::db::{ConstraintKind, Db, constraint_violation};
use crate::server::time::now_unix;

#[derive(Debug, thiserror::Error)]
pub enum OrgError {
    #[error("agency {0} does not exist")]
    UnknownAgency(String),
    #[error("unit {unit} does not exist in agency {agency}")]
    UnknownUnit { agency: String, unit: String },
    #[error("an employee with NIP {0} already exists")]
    DuplicateNip(String),
    #[error("supervisor {0} is not an employee of the same agency")]
    UnknownSupervisor(String),
    #[error("{0} already exists")]
    Duplicate(String),
    #[error("invalid value: {0}")]
    Invalid(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AgencyRow {
    pub id: i64,
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EmployeeRow {
    pub id: i64,
    pub nip: String,
    pub full_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub kind: String,
    pub agency_id: i64,
    pub unit_id: Option<i64>,
    pub position: Option<String>,
    pub rank_code: Option<String>,
    pub supervisor_id: Option<i64>,
}

/// The columns of [`EmployeeRow`], as a literal so queries stay static strings.
macro_rules! employee_columns {
    () => {
        "id, nip, full_name, email, phone, kind, agency_id, unit_id, position, rank_code, supervisor_id"
    };
}

pub async fn create_agency(db: &Db, code: &str, name: &str) -> Result<i64, OrgError> {
    let code = code.trim();
    let name = name.trim();
    if code.is_empty()
        || name.is_empty()
        || code.len() > 32
        || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(OrgError::Invalid(
            "an agency needs a code (letters, digits, - or _, at most 32) and a name".into(),
        ));
    }
    let row: Result<(i64,), _> =
        sqlx::query_as("INSERT INTO agencies (code, name, created_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(code)
            .bind(name)
            .bind(now_unix())
            .fetch_one(db.pool())
            .await;
    match row {
        Ok((id,)) => Ok(id),
        Err(e) if constraint_violation(&e) == Some(ConstraintKind::Unique) => {
            Err(OrgError::Duplicate(format!("agency {code}")))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn find_agency(conn: &mut AnyConnection, code: &str) -> Result<Option<AgencyRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, code, name FROM agencies WHERE code = $1").bind(code.trim()).fetch_optional(conn).await
}

pub async fn list_agencies(db: &Db) -> Result<Vec<AgencyRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, code, name FROM agencies ORDER BY code").fetch_all(db.pool()).await
}

/// Creates a unit under `parent_code` (or at the top of the agency's tree).
pub async fn create_unit(
    db: &Db,
    agency_code: &str,
    parent_code: Option<&str>,
    code: &str,
    name: &str,
) -> Result<i64, OrgError> {
    let code = code.trim();
    let name = name.trim();
    if code.is_empty() || name.is_empty() || code.len() > 64 {
        return Err(OrgError::Invalid("a unit needs a code (at most 64 characters) and a name".into()));
    }
    let mut tx = db.begin().await?;
    let agency = find_agency(&mut tx, agency_code).await?.ok_or_else(|| OrgError::UnknownAgency(agency_code.into()))?;
    let parent_id = match parent_code {
        None => None,
        Some(p) => Some(
            find_unit_id(&mut tx, agency.id, p)
                .await?
                .ok_or_else(|| OrgError::UnknownUnit { agency: agency.code.clone(), unit: p.into() })?,
        ),
    };
    let inserted: Result<(i64,), _> = sqlx::query_as(
        "INSERT INTO units (agency_id, parent_id, code, name, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(agency.id)
    .bind(parent_id)
    .bind(code)
    .bind(name)
    .bind(now_unix())
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok((id,)) => id,
        Err(e) if constraint_violation(&e) == Some(ConstraintKind::Unique) => {
            return Err(OrgError::Duplicate(format!("unit {code} in agency {}", agency.code)));
        }
        Err(e) => return Err(e.into()),
    };
    tx.commit().await?;
    Ok(id)
}

pub async fn find_unit_id(conn: &mut AnyConnection, agency_id: i64, code: &str) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM units WHERE agency_id = $1 AND code = $2")
        .bind(agency_id)
        .bind(code.trim())
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|r| r.0))
}

pub async fn set_unit_head(db: &Db, unit_id: i64, employee_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE units SET head_employee_id = $1 WHERE id = $2")
        .bind(employee_id)
        .bind(unit_id)
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn find_employee_by_nip(conn: &mut AnyConnection, nip: &str) -> Result<Option<EmployeeRow>, sqlx::Error> {
    sqlx::query_as(concat!("SELECT ", employee_columns!(), " FROM employees WHERE nip = $1"))
        .bind(nip)
        .fetch_optional(conn)
        .await
}

/// Whether a correction of the employee's e-mail address to `email` waits
/// for that address to confirm it (see `account::email_change`).
pub async fn email_change_waiting(
    conn: &mut AnyConnection,
    employee_id: i64,
    email: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let open: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM email_changes WHERE employee_id = $1 AND outcome IS NULL AND expires_at > $2 \
         AND LOWER(new_email) = LOWER($3)",
    )
    .bind(employee_id)
    .bind(now)
    .bind(email)
    .fetch_optional(conn)
    .await?;
    Ok(open.is_some())
}

/// [`find_employee`] within the caller's connection or transaction.
pub async fn find_employee_in(conn: &mut AnyConnection, id: i64) -> Result<Option<EmployeeRow>, sqlx::Error> {
    sqlx::query_as(concat!("SELECT ", employee_columns!(), " FROM employees WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn find_employee(db: &Db, id: i64) -> Result<Option<EmployeeRow>, sqlx::Error> {
    sqlx::query_as(concat!("SELECT ", employee_columns!(), " FROM employees WHERE id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await
}

/// The column values of an employee once its references are resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedEmployee {
    pub nip: String,
    pub full_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub kind: String,
    pub agency_id: i64,
    pub unit_id: Option<i64>,
    pub position: Option<String>,
    pub rank_code: Option<String>,
}

impl ResolvedEmployee {
    pub fn matches(&self, row: &EmployeeRow) -> bool {
        self.full_name == row.full_name
            && self.email == row.email
            && self.phone == row.phone
            && self.kind == row.kind
            && self.agency_id == row.agency_id
            && self.unit_id == row.unit_id
            && self.position == row.position
            && self.rank_code == row.rank_code
    }
}

/// Resolves agency and unit codes; the supervisor is resolved separately
/// because it may be created in the same batch.
pub async fn resolve(conn: &mut AnyConnection, e: &NewEmployee) -> Result<ResolvedEmployee, OrgError> {
    let agency =
        find_agency(&mut *conn, &e.agency_code).await?.ok_or_else(|| OrgError::UnknownAgency(e.agency_code.clone()))?;
    let unit_id = match &e.unit_code {
        None => None,
        Some(code) => Some(
            find_unit_id(&mut *conn, agency.id, code)
                .await?
                .ok_or_else(|| OrgError::UnknownUnit { agency: agency.code.clone(), unit: code.clone() })?,
        ),
    };
    Ok(ResolvedEmployee {
        nip: e.nip.as_str().to_string(),
        full_name: e.name.as_str().to_string(),
        email: e.email.as_str().to_string(),
        phone: e.phone.as_ref().map(|p| p.as_str().to_string()),
        kind: e.kind.as_str().to_string(),
        agency_id: agency.id,
        unit_id,
        position: e.position.clone(),
        rank_code: e.rank.map(|r| r.code().to_string()),
    })
}

pub async fn insert_employee(tx: &mut Transaction<'_, Any>, e: &ResolvedEmployee) -> Result<i64, OrgError> {
    let now = now_unix();
    let inserted: Result<(i64,), _> = sqlx::query_as(
        "INSERT INTO employees (nip, full_name, email, phone, kind, agency_id, unit_id, position, rank_code, \
                                active, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $10) RETURNING id",
    )
    .bind(&e.nip)
    .bind(&e.full_name)
    .bind(&e.email)
    .bind(&e.phone)
    .bind(&e.kind)
    .bind(e.agency_id)
    .bind(e.unit_id)
    .bind(&e.position)
    .bind(&e.rank_code)
    .bind(now)
    .fetch_one(&mut **tx)
    .await;
    match inserted {
        Ok((id,)) => Ok(id),
        Err(err) if constraint_violation(&err) == Some(ConstraintKind::Unique) => {
            Err(OrgError::DuplicateNip(e.nip.clone()))
        }
        Err(err) => Err(err.into()),
    }
}

pub async fn update_employee(tx: &mut Transaction<'_, Any>, id: i64, e: &ResolvedEmployee) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE employees SET full_name = $1, email = $2, phone = $3, kind = $4, agency_id = $5, unit_id = $6, \
                              position = $7, rank_code = $8, updated_at = $9 WHERE id = $10",
    )
    .bind(&e.full_name)
    .bind(&e.email)
    .bind(&e.phone)
    .bind(&e.kind)
    .bind(e.agency_id)
    .bind(e.unit_id)
    .bind(&e.position)
    .bind(&e.rank_code)
    .bind(now_unix())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn set_supervisor(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    supervisor_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE employees SET supervisor_id = $1, updated_at = $2 WHERE id = $3")
        .bind(supervisor_id)
        .bind(now_unix())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Adds one employee (the CLI's `employee add`): refuses an existing NIP.
pub async fn add_employee(db: &Db, e: &NewEmployee) -> Result<i64, OrgError> {
    let mut tx = db.begin().await?;
    let resolved = resolve(&mut tx, e).await?;
    let supervisor_id = match &e.supervisor_nip {
        None => None,
        Some(nip) => Some(
            find_employee_by_nip(&mut tx, nip.as_str())
                .await?
                .filter(|s| s.agency_id == resolved.agency_id)
                .ok_or_else(|| OrgError::UnknownSupervisor(nip.grouped()))?
                .id,
        ),
    };
    let id = insert_employee(&mut tx, &resolved).await?;
    if supervisor_id.is_some() {
        set_supervisor(&mut tx, id, supervisor_id).await?;
    }
    tx.commit().await?;
    Ok(id)
}

pub async fn grant_role(db: &Db, employee_id: i64, role: Role, agency_id: i64) -> Result<(), OrgError> {
    if !Role::ASSIGNABLE.contains(&role) {
        return Err(OrgError::Invalid(format!("role {} is not assignable", role.as_str())));
    }
    sqlx::query(
        "INSERT INTO role_assignments (employee_id, role, agency_id, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (employee_id, role, agency_id) DO NOTHING",
    )
    .bind(employee_id)
    .bind(role.as_str())
    .bind(agency_id)
    .bind(now_unix())
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Whether the employee holds the national admin role.
pub async fn is_national_admin(db: &Db, employee_id: i64) -> Result<bool, sqlx::Error> {
    let held: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM role_assignments WHERE employee_id = $1 AND role = 'national_admin'")
            .bind(employee_id)
            .fetch_one(db.pool())
            .await?;
    Ok(held > 0)
}

/// Grants `role` in `agency_id` inside the caller's transaction; answers
/// whether it was new.
pub async fn grant_role_in(
    conn: &mut AnyConnection,
    employee_id: i64,
    role: Role,
    agency_id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let added = sqlx::query(
        "INSERT INTO role_assignments (employee_id, role, agency_id, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (employee_id, role, agency_id) DO NOTHING",
    )
    .bind(employee_id)
    .bind(role.as_str())
    .bind(agency_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(added.rows_affected() == 1)
}

/// Revokes `role` in `agency_id` inside the caller's transaction; answers
/// whether it was held.
pub async fn revoke_role_in(
    conn: &mut AnyConnection,
    employee_id: i64,
    role: Role,
    agency_id: i64,
) -> Result<bool, sqlx::Error> {
    let removed = sqlx::query("DELETE FROM role_assignments WHERE employee_id = $1 AND role = $2 AND agency_id = $3")
        .bind(employee_id)
        .bind(role.as_str())
        .bind(agency_id)
        .execute(conn)
        .await?;
    Ok(removed.rows_affected() == 1)
}

/// The direct supervisor (atasan langsung): the explicit one when set,
/// otherwise the head of the employee's unit, or of the nearest ancestor
/// unit whose head is someone else.
pub async fn direct_supervisor(db: &Db, employee_id: i64) -> Result<Option<EmployeeRow>, sqlx::Error> {
    let Some(employee) = find_employee(db, employee_id).await? else { return Ok(None) };
    if let Some(explicit) = employee.supervisor_id {
        return find_employee(db, explicit).await;
    }
    let mut unit = employee.unit_id;
    // The tree is shallow; the bound only guards against a corrupted cycle.
    for _ in 0..32 {
        let Some(unit_id) = unit else { break };
        let row: Option<(Option<i64>, Option<i64>)> =
            sqlx::query_as("SELECT head_employee_id, parent_id FROM units WHERE id = $1")
                .bind(unit_id)
                .fetch_optional(db.pool())
                .await?;
        let Some((head, parent)) = row else { break };
        if let Some(head) = head.filter(|h| *h != employee_id) {
            return find_employee(db, head).await;
        }
        unit = parent;
    }
    Ok(None)
}

/// Every role of an employee with its agency scope: `employee` always,
/// `supervisor` when they head a unit or supervise someone explicitly, and
/// the stored assignments.
pub async fn roles_of(db: &Db, employee_id: i64) -> Result<Vec<(Role, i64)>, sqlx::Error> {
    let Some(employee) = find_employee(db, employee_id).await? else { return Ok(Vec::new()) };
    let mut roles = vec![(Role::Employee, employee.agency_id)];
    let (supervises,): (i64,) = sqlx::query_as(
        "SELECT CAST((SELECT COUNT(*) FROM units WHERE head_employee_id = $1) \
                   + (SELECT COUNT(*) FROM employees WHERE supervisor_id = $1) AS BIGINT)",
    )
    .bind(employee_id)
    .fetch_one(db.pool())
    .await?;
    if supervises > 0 {
        roles.push((Role::Supervisor, employee.agency_id));
    }
    let stored: Vec<(String, i64)> =
        sqlx::query_as("SELECT role, agency_id FROM role_assignments WHERE employee_id = $1 ORDER BY role")
            .bind(employee_id)
            .fetch_all(db.pool())
            .await?;
    roles.extend(stored.into_iter().filter_map(|(r, a)| Role::parse_assignable(&r).map(|r| (r, a))));
    Ok(roles)
}

pub async fn count_employees(db: &Db) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT CAST(COUNT(*) AS BIGINT) FROM employees").fetch_one(db.pool()).await?;
    Ok(n)
}

/// Whether `above` stands anywhere above `employee` in the chain of
/// explicit supervisors (UNION, not UNION ALL: a loop in the data ends the
/// walk).
pub async fn is_above(db: &Db, above: i64, employee: i64) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar(
        "WITH RECURSIVE up (id) AS ( \
             SELECT supervisor_id FROM employees WHERE id = $1 AND supervisor_id IS NOT NULL \
             UNION SELECT e.supervisor_id FROM employees e JOIN up ON e.id = up.id WHERE e.supervisor_id IS NOT NULL) \
         SELECT id FROM up WHERE id = $2",
    )
    .bind(employee)
    .bind(above)
    .fetch_optional(db.pool())
    .await?;
    Ok(found.is_some())
}

/// The address of an active employee.
pub async fn active_email(conn: &mut AnyConnection, employee_id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT email FROM employees WHERE id = $1 AND active = 1")
        .bind(employee_id)
        .fetch_optional(conn)
        .await
}

/// The agency's name.
pub async fn agency_name(db: &Db, agency_id: i64) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM agencies WHERE id = $1").bind(agency_id).fetch_one(db.pool()).await
}

/// The employee's explicit supervisor, if one is set.
pub async fn explicit_supervisor(conn: &mut AnyConnection, employee_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT supervisor_id FROM employees WHERE id = $1").bind(employee_id).fetch_one(conn).await
}

/// Keeps the address an import replaces in the e-mail history.
/// Gives an account without a password this hash (from another system);
/// `false`, writing nothing, when it already has one.
pub async fn import_password_hash(
    tx: &mut Transaction<'_, Any>,
    employee_id: i64,
    hash: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let written = sqlx::query(
        "INSERT INTO credentials (employee_id, password_hash, password_changed_at, updated_at) \
         VALUES ($1, $2, $3, $3) \
         ON CONFLICT (employee_id) DO UPDATE \
         SET password_hash = excluded.password_hash, password_changed_at = excluded.password_changed_at, \
             updated_at = excluded.updated_at \
         WHERE credentials.password_hash IS NULL",
    )
    .bind(employee_id)
    .bind(hash)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(written.rows_affected() == 1)
}

pub async fn keep_imported_email(
    conn: &mut AnyConnection,
    old: &EmployeeRow,
    new: &str,
    actor: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO email_history (employee_id, old_email, new_email, changed_at, actor_employee_id, source) \
         VALUES ($1, $2, $3, $4, $5, 'import')",
    )
    .bind(old.id)
    .bind(&old.email)
    .bind(new)
    .bind(now)
    .bind(actor)
    .execute(conn)
    .await?;
    Ok(())
}

/// The agency's admins other than `besides` (who to tell of a request).
pub async fn agency_admins_besides(
    conn: &mut AnyConnection,
    agency_id: i64,
    besides: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT employee_id FROM role_assignments WHERE role = 'agency_admin' AND agency_id = $1 AND employee_id <> $2",
    )
    .bind(agency_id)
    .bind(besides)
    .fetch_all(conn)
    .await
}

/// The agencies the employee administers (every one for a national admin).
pub async fn admin_agencies(db: &Db, employee_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    let roles = roles_of(db, employee_id).await?;
    let mut ids: Vec<i64> = roles.iter().filter(|(r, _)| *r == Role::AgencyAdmin).map(|(_, a)| *a).collect();
    if roles.iter().any(|(r, _)| *r == Role::NationalAdmin) {
        ids = sqlx::query_scalar("SELECT id FROM agencies").fetch_all(db.pool()).await?;
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}
