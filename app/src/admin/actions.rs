//! The account actions of the console. Each runs in one transaction that
//! takes the employee's credential row first (so two admins, or a double
//! click, line up), looks at the account, and either changes nothing
//! (already so) or makes the change, records it with the admin's reason
//! and queues the e-mail to the employee. No action sets or reveals a
//! password.

use sqlx::AnyConnection;

use super::error::AdminError;
use super::mail;
use super::model::{AccountAction, ActionOutcome, Reason};
use super::repo::target;
use crate::account::email_change;
use crate::account::repo::{self as accounts, Subject, credential, ensure_row};
use crate::audit::{Actor, AuditKind, RequestInfo};
use crate::domain::Email;
use crate::error::OrInternal;
use crate::mail::outbox;
use crate::org::repo::EmployeeRow;
use crate::server::AppState;
use crate::server::session;

/// What the admin asked for, checked.
pub struct Request<'a> {
    pub employee_id: i64,
    pub action: AccountAction,
    pub reason: &'a Reason,
    /// The corrected address ([`AccountAction::CorrectEmail`] only).
    pub email: Option<Email>,
}

/// Carries out one action on an employee of the admin's agencies.
pub async fn perform(
    state: &AppState,
    admin: i64,
    wanted: &Request<'_>,
    request: &RequestInfo,
) -> Result<ActionOutcome, AdminError> {
    let employee = target(&state.db, admin, wanted.employee_id).await?;
    // Separation of duties: another admin acts on an admin's own account.
    if employee.id == admin {
        return Err(AdminError::Invalid(super::field::SELF));
    }
    match super::repo::untouchable(&state.db, admin, employee.id).await? {
        Some(super::repo::Untouchable::RoleHolder) => {
            return Err(AdminError::Invalid(super::field::ROLE_HOLDER));
        }
        Some(super::repo::Untouchable::NationalAdmin) => {
            return Err(AdminError::Invalid(super::field::NATIONAL_CLI));
        }
        None => {}
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await.or_internal()?;
    ensure_row(&mut tx, employee.id).await.or_internal()?;
    crate::mfa::repo::lock_employee(&mut tx, employee.id, now).await.or_internal()?;
    let done = act(&mut tx, &employee, admin, wanted, request, now, &state.settings.public_url).await?;
    tx.commit().await.or_internal()?;
    Ok(done)
}

async fn act(
    tx: &mut AnyConnection,
    employee: &EmployeeRow,
    admin: i64,
    wanted: &Request<'_>,
    request: &RequestInfo,
    now: i64,
    public_url: &str,
) -> Result<ActionOutcome, AdminError> {
    let cred = credential(tx, employee.id).await.or_internal()?.ok_or(AdminError::Conflict)?;
    let subject = Subject { employee_id: employee.id, nip: &employee.nip };
    let actor = Actor::Employee(admin);
    let reason = Some(wanted.reason.as_str());
    let action = wanted.action;
    let unchanged = match action {
        AccountAction::Unlock => !cred.needs_unlock(now),
        AccountAction::Disable => cred.disabled,
        AccountAction::Enable => !cred.disabled,
        AccountAction::EndSessions => sessions_of(tx, employee.id, now).await? == 0,
        AccountAction::ResetAuthenticator => devices_of(tx, employee.id).await? == 0,
        AccountAction::ForcePasswordChange => cred.must_change || cred.password_hash.is_none(),
        AccountAction::CorrectEmail => {
            let new = wanted.email.as_ref().ok_or(AdminError::Invalid(super::field::EMAIL))?;
            // A correction to the address already waiting (a second click,
            // another admin first) would only mail new links.
            new.as_str().eq_ignore_ascii_case(&employee.email)
                || crate::org::repo::email_change_waiting(tx, employee.id, new.as_str(), now).await.or_internal()?
        }
    };
    if unchanged {
        return Ok(ActionOutcome::Unchanged);
    }
    match action {
        AccountAction::Unlock => {
            accounts::unlock_in(tx, subject, actor, request, reason, now).await.or_internal()?;
        }
        AccountAction::Disable | AccountAction::Enable => {
            let disable = action == AccountAction::Disable;
            accounts::set_disabled_in(tx, subject, disable, actor, request, reason, now).await.or_internal()?;
        }
        AccountAction::EndSessions => {
            let ended = session::revoke_all(tx, employee.id, now).await.or_internal()?;
            let detail = format!("ended {ended} session(s)");
            accounts::record_with_reason(tx, AuditKind::SessionsEnded, subject, actor, request, reason, Some(&detail))
                .await
                .or_internal()?;
        }
        AccountAction::ForcePasswordChange => {
            accounts::force_password_change_in(tx, subject, actor, request, reason, now).await.or_internal()?;
        }
        AccountAction::ResetAuthenticator => {
            // Queues its own notice, with the reason.
            crate::mfa::reset::reset_in(tx, employee, actor, request, reason, now).await.or_internal()?;
            return Ok(ActionOutcome::Done);
        }
        AccountAction::CorrectEmail => {
            // Takes effect only when the new address confirms it; the old
            // one hears of it first and can stop it.
            let new = wanted.email.clone().ok_or(AdminError::Invalid(super::field::EMAIL))?;
            let by = email_change::Requested { admin, reason: wanted.reason.as_str(), request, now, public_url };
            email_change::request(tx, employee, &new, &by).await.or_internal()?;
            return Ok(ActionOutcome::AwaitingConfirmation);
        }
    }
    if let Ok(to) = Email::parse(&employee.email) {
        let mail = mail::notice(action, to, &employee.full_name, wanted.reason, None);
        outbox::enqueue(tx, &mail, now).await.or_internal()?;
    }
    Ok(ActionOutcome::Done)
}

async fn sessions_of(tx: &mut AnyConnection, employee_id: i64, now: i64) -> Result<i64, AdminError> {
    Ok(crate::server::session::count_live(tx, employee_id, now).await.or_internal()?)
}

/// Authenticators, confirmed or being enrolled, and recovery codes.
async fn devices_of(tx: &mut AnyConnection, employee_id: i64) -> Result<i64, AdminError> {
    Ok(crate::mfa::repo::device_count(tx, employee_id).await.or_internal()?)
}
