//! Signing out: the session ends on the server (audited, and with it the
//! single sign-on it gave) and the cookie goes.

use leptos::prelude::*;

use crate::error::AppError;

#[cfg(feature = "ssr")]
pub use server::end_session;

#[cfg(feature = "ssr")]
mod server {
    use crate::audit::{self, Actor, AuditKind, AuditRecord, RequestInfo};
    use crate::server::AppState;
    use crate::server::session;

    /// Ends the session the token names, if any; audited.
    pub async fn end_session(state: &AppState, token: &str, request: &RequestInfo) -> Result<(), sqlx::Error> {
        let mut tx = state.db.begin().await?;
        if let Some(employee_id) = session::revoke(&mut tx, token, state.clock.now()).await? {
            let event = AuditRecord {
                kind: AuditKind::SignedOut,
                reason: None,
                employee_id: Some(employee_id),
                nip: None,
                actor: Actor::Employee(employee_id),
                request,
                detail: None,
            };
            audit::record(&mut tx, &event).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Ends the session on the server and removes the cookie.
#[server(prefix = "/api", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::error::OrInternal;
    use crate::server::context::*;
    use crate::server::session;

    let state = state()?;
    let secure = state.settings.cookie_secure;
    if let Some(token) = session_token(secure) {
        end_session(&state, &token, &request_info()).await.or_internal()?;
    }
    set_cookie(&session::clear_cookie(secure))?;
    leptos_axum::redirect("/sign-in");
    Ok(())
}
