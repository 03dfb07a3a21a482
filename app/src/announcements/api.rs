//! Server functions of the announcements pages. Ids from the browser are
//! only ever looked up among the announcements the caller may see.

use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::OrInternal;

#[server(prefix = "/api", endpoint = "notices")]
pub async fn notices_list() -> Result<NoticeBoard, AppError> {
    use crate::server::context::{signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    let now = state.clock.now();
    let notices = super::repo::list_for(&state.db, session.employee_id, now).await.or_internal()?;
    let can_publish = !super::repo::scopes_for(&state.db, session.employee_id).await.or_internal()?.is_empty();
    Ok(NoticeBoard { notices, can_publish })
}

/// One announcement (and it counts as read); 404 unless it is meant for the caller.
#[server(prefix = "/api", endpoint = "open_notice")]
pub async fn open_notice(id: i64) -> Result<NoticeDetail, AppError> {
    use crate::server::context::{fail, signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    super::repo::open_for(&state.db, session.employee_id, id, state.clock.now())
        .await
        .or_internal()?
        .ok_or_else(|| fail(AppError::NotFound))
}

#[server(prefix = "/api", endpoint = "mark_notices_read")]
pub async fn mark_notices_read() -> Result<u64, AppError> {
    use crate::server::context::{signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    let marked = super::repo::mark_all_read(&state.db, session.employee_id, state.clock.now()).await.or_internal()?;
    leptos_axum::redirect("/announcements");
    Ok(marked)
}

/// The audiences the caller may publish to; `Forbidden` when none.
#[server(prefix = "/api", endpoint = "publish_scopes")]
pub async fn publish_scopes() -> Result<Vec<ScopeOption>, AppError> {
    use crate::server::context::{fail, signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    let scopes = super::repo::scopes_for(&state.db, session.employee_id).await.or_internal()?;
    if scopes.is_empty() {
        return Err(fail(AppError::Forbidden));
    }
    Ok(scopes.into_iter().map(|(_, option)| option).collect())
}

/// Publishes an announcement; answers with its id and, as a form, goes to it.
#[server(prefix = "/api", endpoint = "publish_notice")]
pub async fn publish_notice(
    title: String,
    body: String,
    scope: String,
    pinned: Option<String>,
    publish_on: Option<String>,
    expires_on: Option<String>,
) -> Result<i64, AppError> {
    use super::repo::{self, NewNotice};
    use crate::audit::{self, Actor, AuditKind, AuditRecord};
    use crate::domain::Date;
    use crate::server::context::{fail, request_info, signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    let invalid = |field| fail(AppError::invalid(field));
    let scopes = repo::scopes_for(&state.db, session.employee_id).await.or_internal()?;
    if scopes.is_empty() {
        return Err(fail(AppError::Forbidden));
    }
    crate::org::guard::admin_network(&state, session.employee_id, &request_info()).await?;
    let title = title.trim();
    if title.is_empty() || title.chars().count() > 150 {
        return Err(invalid(super::field::TITLE));
    }
    let body = body.trim();
    if body.is_empty() || body.chars().count() > 20_000 {
        return Err(invalid(super::field::BODY));
    }
    let scope = scopes.iter().find(|(_, option)| option.value == scope.trim()).map(|(s, _)| *s);
    let scope = scope.ok_or_else(|| invalid(super::field::SCOPE))?;
    let now = state.clock.now();
    let day = |text: Option<String>| -> Result<Option<i64>, AppError> {
        match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => Ok(None),
            Some(t) => Date::parse_iso(t).map(|d| Some(repo::start_of(d))).ok_or_else(|| invalid(super::field::DATES)),
        }
    };
    let publish_at = day(publish_on)?.map_or(now, |t| t.max(now));
    // An announcement shows through its last day: it expires at 00:00 after it.
    let expires_at = day(expires_on)?.map(|t| t + 86_400);
    if expires_at.is_some_and(|e| e <= publish_at || e <= now) {
        return Err(invalid(super::field::DATES));
    }
    let notice = NewNotice {
        title,
        body_markdown: body,
        scope,
        pinned: pinned.as_deref().is_some_and(|p| !p.is_empty() && p != "false"),
        publish_at,
        expires_at,
        author_id: session.employee_id,
    };
    let request = request_info();
    let mut tx = state.db.begin().await.or_internal()?;
    let id = repo::insert(&mut tx, &notice, now).await.or_internal()?;
    let detail = format!("announcement {id}: {title}");
    let event = AuditRecord {
        kind: AuditKind::AnnouncementPublished,
        reason: None,
        employee_id: Some(session.employee_id),
        nip: None,
        actor: Actor::Employee(session.employee_id),
        request: &request,
        detail: Some(&detail),
    };
    audit::record(&mut tx, &event).await.or_internal()?;
    tx.commit().await.or_internal()?;
    leptos_axum::redirect(&format!("/announcements/{id}"));
    Ok(id)
}
