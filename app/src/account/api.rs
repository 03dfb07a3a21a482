//! Server functions of the account pages: sessions and password change.
//! Each checks the session itself; handles and ids from the browser are
//! only ever matched within the signed-in employee's own sessions.

use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::OrInternal;

/// The signed-in employee's live sessions, this one first.
#[server(prefix = "/api", endpoint = "my_sessions")]
pub async fn my_sessions() -> Result<Vec<SessionView>, AppError> {
    use crate::domain::date::{WIB_OFFSET_HOURS, format_timestamp};
    use crate::server::context::{signed_in, state};
    use crate::server::session;

    let state = state()?;
    let current = signed_in(&state).await?;
    let here = current.handle();
    let rows =
        session::list(&state.db, current.employee_id, state.clock.now(), &state.settings.auth).await.or_internal()?;
    let mut views: Vec<SessionView> = rows
        .into_iter()
        .map(|r| SessionView {
            current: r.handle == here,
            device: r.user_agent.as_deref().and_then(super::device::describe),
            ip: r.ip,
            signed_in_at: format_timestamp(r.created_at, WIB_OFFSET_HOURS),
            last_seen_at: format_timestamp(r.last_seen_at, WIB_OFFSET_HOURS),
            handle: r.handle,
        })
        .collect();
    views.sort_by_key(|v| !v.current);
    Ok(views)
}

/// Ends one of the employee's other sessions. A handle that is not one of
/// them (another employee's, this session's, made up) is `NotFound`.
#[server(prefix = "/api", endpoint = "end_session")]
pub async fn end_session(handle: String) -> Result<(), AppError> {
    use crate::audit::{self, Actor, AuditKind, AuditRecord};
    use crate::server::context::{fail, request_info, signed_in, state};
    use crate::server::session;

    let state = state()?;
    let current = signed_in(&state).await?;
    let request = request_info();
    let mut tx = state.db.begin().await.or_internal()?;
    if !session::revoke_by_handle(&mut tx, &current, handle.trim(), state.clock.now()).await.or_internal()? {
        return Err(fail(AppError::NotFound));
    }
    let event = AuditRecord {
        kind: AuditKind::SessionRevoked,
        reason: None,
        employee_id: Some(current.employee_id),
        nip: None,
        actor: Actor::Employee(current.employee_id),
        request: &request,
        detail: Some("ended one other session"),
    };
    audit::record(&mut tx, &event).await.or_internal()?;
    tx.commit().await.or_internal()?;
    Ok(())
}

/// Ends every session of the employee except this one; returns how many.
#[server(prefix = "/api", endpoint = "end_other_sessions")]
pub async fn end_other_sessions() -> Result<u64, AppError> {
    use crate::audit::{self, Actor, AuditKind, AuditRecord};
    use crate::server::context::{request_info, signed_in, state};
    use crate::server::session;

    let state = state()?;
    let current = signed_in(&state).await?;
    let request = request_info();
    let mut tx = state.db.begin().await.or_internal()?;
    let ended = session::revoke_others(&mut tx, &current, state.clock.now()).await.or_internal()?;
    if ended > 0 {
        let detail = format!("ended {ended} other session(s)");
        let event = AuditRecord {
            kind: AuditKind::SessionRevoked,
            reason: None,
            employee_id: Some(current.employee_id),
            nip: None,
            actor: Actor::Employee(current.employee_id),
            request: &request,
            detail: Some(&detail),
        };
        audit::record(&mut tx, &event).await.or_internal()?;
    }
    tx.commit().await.or_internal()?;
    Ok(ended)
}

/// The change-password form's context; open at the `update_password` step.
#[server(prefix = "/api", endpoint = "password_form")]
pub async fn password_form() -> Result<PasswordFormInfo, AppError> {
    use crate::server::context::{both_factors, state};
    use crate::server::session::Stage;

    let state = state()?;
    let current = both_factors(&state).await?;
    let employee = crate::org::repo::find_employee(&state.db, current.employee_id)
        .await
        .or_internal()?
        .ok_or(AppError::Unauthorized)?;
    Ok(PasswordFormInfo {
        forced: current.stage == Stage::UpdatePassword,
        profile: state.settings.auth.policy,
        nip: employee.nip,
        name: employee.full_name,
    })
}

/// Replaces the password. Every other session ends; this one continues
/// under a fresh id unless `keep_signed_in` is absent (an unticked box).
#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(
    current_password: Option<String>,
    new_password: String,
    confirm_password: String,
    keep_signed_in: Option<String>,
    next: Option<String>,
) -> Result<(), AppError> {
    use super::password_change::{ChangeRequest, change_password};
    use crate::server::context::{both_factors, fail, request_info, set_cookie, state};
    use crate::server::session::{self, Stage};
    use crate::ui::url::safe_next;

    let state = state()?;
    let current = both_factors(&state).await?;
    let forced = current.stage == Stage::UpdatePassword;
    let next = next.filter(|n| !n.trim().is_empty());
    let input = ChangeRequest {
        current: current_password.as_deref(),
        new: &new_password,
        confirm: &confirm_password,
        keep_this_session: keep_signed_in.is_some(),
    };
    let secure = state.settings.cookie_secure;
    match change_password(&state, &current, input, &request_info()).await {
        Ok(done) => {
            match done.token {
                Some(token) => {
                    set_cookie(&session::set_cookie(&token, secure, state.settings.auth.session_absolute))?;
                    let to = if forced || next.is_some() {
                        safe_next(next.as_deref())
                    } else {
                        "/account/password?done=1".to_string()
                    };
                    leptos_axum::redirect(&to);
                }
                None => {
                    set_cookie(&session::clear_cookie(secure))?;
                    leptos_axum::redirect("/sign-in?notice=password-changed");
                }
            }
            Ok(())
        }
        Err(e) => Err(fail(e)),
    }
}
