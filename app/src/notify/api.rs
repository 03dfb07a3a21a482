//! Server functions of the notification centre and the header's count.

use leptos::prelude::*;

use super::kind::NotificationCentre;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::OrInternal;

/// The header's unread count: `None` when nobody is signed in (no error,
/// since every page asks).
#[server(prefix = "/api", endpoint = "notification_count")]
pub async fn notification_count() -> Result<Option<i64>, AppError> {
    use crate::server::context::{signed_in_quietly, state};

    // Looked up without the guards' refusals: those set the page's status.
    let state = state()?;
    let Some(session) = signed_in_quietly(&state).await? else { return Ok(None) };
    Ok(super::repo::unread_count(&state.db, session.employee_id).await.map(Some).or_internal()?)
}

#[server(prefix = "/api", endpoint = "my_notifications")]
pub async fn my_notifications() -> Result<NotificationCentre, AppError> {
    use crate::server::context::{signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    let items = super::repo::list(&state.db, session.employee_id, 100).await.or_internal()?;
    let mut conn = state.db.pool().acquire().await.or_internal()?;
    let email_sign_in = super::repo::wants_sign_in_mail(&mut conn, session.employee_id).await.or_internal()?;
    Ok(NotificationCentre { items, email_sign_in })
}

/// Marks one notification read (404 unless the caller's), or all when `id` is absent.
#[server(prefix = "/api", endpoint = "mark_notification_read")]
pub async fn mark_notification_read(id: Option<i64>) -> Result<(), AppError> {
    use crate::server::context::{fail, signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    let now = state.clock.now();
    match id {
        Some(id) => {
            if !super::repo::mark_read(&state.db, session.employee_id, id, now).await.or_internal()? {
                return Err(fail(AppError::NotFound));
            }
        }
        None => {
            super::repo::mark_all_read(&state.db, session.employee_id, now).await.or_internal()?;
        }
    }
    leptos_axum::redirect("/notifications");
    Ok(())
}

/// E-mail at every new sign-in: `on` or absent.
#[server(prefix = "/api", endpoint = "set_notification_prefs")]
pub async fn set_notification_prefs(email_sign_in: Option<String>) -> Result<(), AppError> {
    use crate::server::context::{signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    let on = email_sign_in.as_deref().is_some_and(|v| v == "on" || v == "true");
    super::repo::set_sign_in_mail(&state.db, session.employee_id, on, state.clock.now()).await.or_internal()?;
    leptos_axum::redirect("/notifications?saved=1");
    Ok(())
}
