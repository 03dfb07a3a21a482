//! Granting and revoking the stored roles that give power over others
//! (`pybmc`, the authorised official; `agency_admin`, the BKPSDM officer)
//! from the console. Only a national admin does it, never on their own
//! account, with a reason, in the employee's agency; a national admin's
//! role and account stay the server CLI's (`asn-portal role`). Each change
//! is one transaction with its audit event on the employee's chain and
//! the e-mail that tells the employee (through the outbox).

use super::error::AdminError;
use super::model::{ActionOutcome, Reason, RoleChange};
use super::repo::target;
use crate::audit::{self, Actor, AuditKind, AuditRecord, RequestInfo};
use crate::error::OrInternal;
use crate::org::Role;
use crate::server::AppState;

/// What the national admin asked for, checked.
pub struct Request<'a> {
    pub employee_id: i64,
    pub role: Role,
    pub change: RoleChange,
    pub reason: &'a Reason,
}

pub async fn change(
    state: &AppState,
    admin: i64,
    wanted: &Request<'_>,
    request: &RequestInfo,
) -> Result<ActionOutcome, AdminError> {
    if !crate::org::repo::is_national_admin(&state.db, admin).await? {
        return Err(AdminError::Forbidden);
    }
    let employee = target(&state.db, admin, wanted.employee_id).await?;
    if employee.id == admin {
        return Err(AdminError::Invalid(super::field::SELF));
    }
    if wanted.role == Role::NationalAdmin || crate::org::repo::is_national_admin(&state.db, employee.id).await? {
        return Err(AdminError::Invalid(super::field::NATIONAL_CLI));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await.or_internal()?;
    let changed = match wanted.change {
        RoleChange::Grant => {
            crate::org::repo::grant_role_in(&mut tx, employee.id, wanted.role, employee.agency_id, now).await?
        }
        RoleChange::Revoke => {
            crate::org::repo::revoke_role_in(&mut tx, employee.id, wanted.role, employee.agency_id).await?
        }
    };
    if !changed {
        return Ok(ActionOutcome::Unchanged);
    }
    let detail = format!("{} in agency {}", wanted.role.as_str(), employee.agency_id);
    let event = AuditRecord {
        kind: match wanted.change {
            RoleChange::Grant => AuditKind::RoleGranted,
            RoleChange::Revoke => AuditKind::RoleRevoked,
        },
        reason: Some(wanted.reason.as_str()),
        employee_id: Some(employee.id),
        nip: Some(&employee.nip),
        actor: Actor::Employee(admin),
        request,
        detail: Some(&detail),
    };
    audit::record(&mut tx, &event).await?;
    if let Ok(to) = crate::domain::Email::parse(&employee.email) {
        let granted = wanted.change == RoleChange::Grant;
        let mail = super::mail::role_notice(granted, wanted.role, to, &employee.full_name, wanted.reason);
        crate::mail::outbox::enqueue(&mut tx, &mail, now).await?;
    }
    tx.commit().await.or_internal()?;
    Ok(ActionOutcome::Done)
}
