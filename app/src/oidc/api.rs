//! Server functions of the consent screen and the account's services page.
//! Requests and grants are only ever looked up within the signed-in
//! employee's own session and grants.

use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::OrInternal;

/// The consent screen's request; `NotFound` when it is not this session's
/// or no longer waiting.
#[server(prefix = "/api", endpoint = "oidc_consent")]
pub async fn consent_details(request: String) -> Result<ConsentView, AppError> {
    use crate::server::context::{fail, signed_in, state};

    let state = state()?;
    let current = signed_in(&state).await?;
    let found = super::flow::consent_request(&state, &current, request.trim()).await.or_internal()?;
    let Some(found) = found else { return Err(fail(AppError::NotFound)) };
    Ok(ConsentView {
        client_name: found.client.name,
        logo: found.client.logo,
        scopes: found.scopes.iter().collect(),
        request: request.trim().to_string(),
    })
}

/// The services the employee has signed in to through the portal.
#[server(prefix = "/api", endpoint = "my_services")]
pub async fn my_services() -> Result<Vec<ConnectedService>, AppError> {
    use crate::domain::date::{WIB_OFFSET_HOURS, format_timestamp};
    use crate::server::context::{signed_in, state};

    let state = state()?;
    let current = signed_in(&state).await?;
    let rows = super::repo::grants_of(&state.db, current.employee_id).await.or_internal()?;
    Ok(rows
        .into_iter()
        .map(|g| ConnectedService {
            client_id: g.client_id,
            name: g.name,
            logo: g.logo,
            scopes: g.scopes.iter().collect(),
            last_used: g.last_used_at.map(|t| format_timestamp(t, WIB_OFFSET_HOURS)),
        })
        .collect())
}

/// Withdraws the employee's consent for a service and ends its access at
/// once (every token revoked); the next sign-in there asks again.
#[server(prefix = "/api", endpoint = "revoke_service")]
pub async fn revoke_service(client_id: String) -> Result<(), AppError> {
    use crate::audit::{Actor, AuditKind};
    use crate::server::context::{fail, request_info, signed_in, state};

    let state = state()?;
    let current = signed_in(&state).await?;
    let request = request_info();
    let client_id = client_id.trim();
    let mut tx = state.db.begin().await.or_internal()?;
    let revoked = super::backchannel::revoke_grant(&mut tx, client_id, current.employee_id, state.clock.now())
        .await
        .or_internal()?;
    if !revoked {
        return Err(fail(AppError::NotFound));
    }
    let actor = Actor::Employee(current.employee_id);
    super::record(&mut tx, AuditKind::ServiceRevoked, current.employee_id, client_id, actor, None, &request)
        .await
        .or_internal()?;
    tx.commit().await.or_internal()?;
    Ok(())
}

/// A service asked for a fresh sign-in (`prompt=login`, or `max_age` the
/// session's sign-in is older than): the signed-in employee proves password
/// and authenticator code again in place, then goes on to `next` (the
/// service's request). Nothing ends: a wrong answer leaves the session and
/// its services as they were, and counts toward the lockout.
#[server(prefix = "/api", endpoint = "confirm_sign_in")]
pub async fn confirm_sign_in(password: String, code: String, next: Option<String>) -> Result<(), AppError> {
    use crate::server::context::{fail, request_info, signed_in, state};

    let state = state()?;
    let request = request_info();
    let session = signed_in(&state).await?;
    crate::mfa::reconfirm::reconfirm(&state, &session, &password, code.trim(), &request).await.map_err(fail)?;
    leptos_axum::redirect(&crate::ui::url::safe_next(next.as_deref()));
    Ok(())
}
