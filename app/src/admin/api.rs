//! Server functions of the admin console. Each one resolves the caller's
//! scope in the repository; none takes an agency from the client.

use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;

#[cfg(feature = "ssr")]
fn refused(e: super::repo::AdminError) -> AppError {
    crate::server::context::fail(e)
}

/// Searches the admin's agencies: `text` (a NIP, grouped or not, or part of
/// a name), `unit`, `kind` (`pns`, `cpns`, `pppk`), `state` (an
/// [`AccountState`] name). 403 for anyone who administers no agency.
#[server(prefix = "/api", endpoint = "admin_employees")]
pub async fn admin_employees(
    text: Option<String>,
    unit: Option<String>,
    kind: Option<String>,
    state: Option<String>,
) -> Result<Console, AppError> {
    use crate::server::context::{request_info, state as app_state};

    let app = app_state()?;
    let session = crate::org::guard::console(&app, &request_info()).await?;
    let blank = |v: Option<String>| v.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let query = super::repo::Query {
        text: text.unwrap_or_default().chars().take(100).collect(),
        unit: blank(unit).and_then(|u| u.parse().ok()),
        kind: blank(kind).filter(|k| ["pns", "cpns", "pppk"].contains(&k.as_str())),
        state: blank(state).as_deref().and_then(AccountState::parse),
    };
    super::repo::search(&app.db, session.employee_id, &query, app.clock.now()).await.map_err(refused)
}

/// One employee of the admin's agencies; not found for anyone else's.
#[server(prefix = "/api", endpoint = "admin_employee")]
pub async fn admin_employee(id: i64) -> Result<EmployeeDetail, AppError> {
    use crate::server::context::{request_info, state as app_state};

    let app = app_state()?;
    let session = crate::org::guard::console(&app, &request_info()).await?;
    super::repo::employee(&app.db, session.employee_id, id, app.clock.now()).await.map_err(refused)
}

/// One account action ([`AccountAction`]) on an employee of the admin's agencies,
/// with the reason (10–500 characters) the audit trail and the e-mail to
/// the employee carry. `email` is the corrected address for
/// `correct_email`. Needs a recent sign-in (else `ReauthRequired`).
#[server(prefix = "/api", endpoint = "admin_act")]
pub async fn admin_act(
    id: i64,
    action: String,
    reason: String,
    email: Option<String>,
) -> Result<ActionOutcome, AppError> {
    use crate::domain::Email;
    use crate::server::context::{fail, request_info, state as app_state};

    let app = app_state()?;
    let request = request_info();
    let session = crate::org::guard::fresh_console(&app, &request).await?;
    let action = AccountAction::parse(action.trim()).ok_or_else(|| fail(AppError::invalid(super::field::ACTION)))?;
    let reason = Reason::parse(&reason).ok_or_else(|| fail(AppError::invalid(super::field::REASON)))?;
    let email = match action {
        AccountAction::CorrectEmail => Some(
            Email::parse(email.unwrap_or_default().trim()).map_err(|_| fail(AppError::invalid(super::field::EMAIL)))?,
        ),
        _ => None,
    };
    let wanted = super::actions::Request { employee_id: id, action, reason: &reason, email };
    super::actions::perform(&app, session.employee_id, &wanted, &request).await.map_err(fail)
}

/// Grants or revokes (`change`: `grant`, `revoke`) a stored role (`pybmc`,
/// `agency_admin`) of employee `id` in their agency, with the reason the
/// audit trail carries. A national admin's, on someone else's account,
/// with a recent sign-in (else `ReauthRequired`).
#[server(prefix = "/api", endpoint = "admin_role")]
pub async fn admin_role(id: i64, role: String, change: String, reason: String) -> Result<ActionOutcome, AppError> {
    use crate::server::context::{fail, request_info, state as app_state};

    let app = app_state()?;
    let request = request_info();
    let session = crate::org::guard::fresh_console(&app, &request).await?;
    let role = crate::org::Role::parse_assignable(&role).ok_or_else(|| fail(AppError::invalid(super::field::ROLE)))?;
    let change = RoleChange::parse(&change).ok_or_else(|| fail(AppError::invalid(super::field::ACTION)))?;
    let reason = Reason::parse(&reason).ok_or_else(|| fail(AppError::invalid(super::field::REASON)))?;
    let wanted = super::roles::Request { employee_id: id, role, change, reason: &reason };
    super::roles::change(&app, session.employee_id, &wanted, &request).await.map_err(fail)
}

/// Proves password and code again for the console's actions.
#[server(prefix = "/api", endpoint = "admin_reauth")]
pub async fn admin_reauth(password: String, code: String) -> Result<(), AppError> {
    use crate::server::context::{fail, request_info, state as app_state};

    let app = app_state()?;
    let request = request_info();
    let session = crate::org::guard::console(&app, &request).await?;
    crate::mfa::reconfirm::reconfirm(&app, &session, &password, code.trim(), &request).await.map_err(fail)
}

/// The audit trail of the admin's scope, filtered: `nip` (the employee),
/// `event`, `from`/`to` (YYYY-MM-DD, WIB, inclusive), `ip`, and `before`
/// (an event id, for the next page).
#[server(prefix = "/api", endpoint = "admin_audit")]
pub async fn admin_audit(
    nip: Option<String>,
    event: Option<String>,
    from: Option<String>,
    to: Option<String>,
    ip: Option<String>,
    before: Option<i64>,
) -> Result<AuditView, AppError> {
    use super::audit_log::{self, Filter, PAGE, Scope};
    use crate::server::context::{fail, request_info, state as app_state};

    let app = app_state()?;
    let session = crate::org::guard::console(&app, &request_info()).await?;
    let filter = Filter::read(nip, event, from, to, ip, before)
        .ok_or_else(|| fail(AppError::invalid(super::field::AUDIT_FILTER)))?;
    let scope = Scope::of(&app.db, session.employee_id).await.map_err(refused)?;
    let mut lines = audit_log::search(&app.db, &scope, &filter, PAGE + 1).await.map_err(refused)?;
    let more = lines.len() as i64 > PAGE;
    lines.truncate(PAGE as usize);
    let next_before = if more { lines.last().map(|l| l.id) } else { None };
    let kinds = crate::audit::AuditKind::ALL.iter().map(|k| k.as_str().to_string()).collect();
    Ok(AuditView { lines, kinds, next_before })
}

/// The scheduled jobs' last runs (every console admin may read them: they
/// name no employee).
#[server(prefix = "/api", endpoint = "admin_jobs")]
pub async fn admin_jobs() -> Result<Vec<JobView>, AppError> {
    use crate::error::OrInternal;
    use crate::server::context::{request_info, state as app_state};

    let app = app_state()?;
    let session = crate::org::guard::console(&app, &request_info()).await?;
    super::repo::agencies(&app.db, session.employee_id).await.map_err(refused)?;
    let now = app.clock.now();
    let rows = crate::server::schedule::runs(&app.db).await.or_internal()?;
    Ok(rows
        .into_iter()
        .map(|r| JobView {
            name: r.name,
            done_day: r.done_day,
            started_at: r.started_at,
            finished_at: r.finished_at,
            outcome: r.outcome,
            running: r.claimed_until.is_some_and(|until| until > now),
            failures: r.failures,
            failed_at: r.failed_at,
            last_error: r.last_error,
            retry_at: r.retry_at,
        })
        .collect())
}

/// Which employees of the admin's agencies (or of `unit`) lack core documents.
#[server(prefix = "/api", endpoint = "admin_archive")]
pub async fn admin_archive(
    unit: Option<String>,
) -> Result<(ArchiveView, Vec<crate::documents::model::DocumentType>), AppError> {
    use crate::server::context::{request_info, state as app_state};

    let app = app_state()?;
    let session = crate::org::guard::console(&app, &request_info()).await?;
    let unit = unit.and_then(|u| u.trim().parse::<i64>().ok());
    let view = super::archive::view(&app.db, session.employee_id, unit).await.map_err(refused)?;
    let types = crate::documents::repo::types(&app.db).await.map_err(|e| refused(e.into()))?;
    Ok((view, types))
}

/// Reminds employee `id` (or, without one, every incomplete employee of
/// `unit` or of the admin's agencies) of the missing core documents, at
/// most once a day each. Returns how many were reminded.
#[server(prefix = "/api", endpoint = "admin_remind")]
pub async fn admin_remind(unit: Option<String>, id: Option<i64>) -> Result<usize, AppError> {
    use crate::server::context::{request_info, state as app_state};

    let app = app_state()?;
    let request = request_info();
    let session = crate::org::guard::console(&app, &request).await?;
    let unit = unit.and_then(|u| u.trim().parse::<i64>().ok());
    let ids: Vec<i64> = id.into_iter().collect();
    super::archive::remind(&app.db, session.employee_id, unit, &ids, &request, app.clock.now()).await.map_err(refused)
}

/// Checks an employee CSV (the CLI import's format and rules, limited to
/// the admin's agencies) and shows what it would change; with `commit`
/// set, applies it. Nothing is written while any row is bad.
#[server(prefix = "/api", endpoint = "admin_import")]
pub async fn admin_import(csv: String, commit: Option<String>) -> Result<ImportPreview, AppError> {
    use crate::server::context::{fail, request_info, state as app_state};

    let app = app_state()?;
    let request = request_info();
    let commit = commit.is_some_and(|c| !c.is_empty() && c != "false");
    let session = if commit {
        crate::org::guard::fresh_console(&app, &request).await?
    } else {
        crate::org::guard::console(&app, &request).await?
    };
    if csv.trim().is_empty() {
        return Err(fail(AppError::invalid(super::field::CSV)));
    }
    super::import::run(&app, session.employee_id, &csv, commit, &request).await.map_err(fail)
}
