//! Server functions of the leave pages.

// `request_leave` and `decide_leave` take the flat forms plain HTML forms
// post; the client stubs the server macro generates carry no attribute.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;

#[cfg(feature = "ssr")]
fn refused(e: super::service::LeaveError) -> AppError {
    use super::service::LeaveError as E;
    use crate::server::context::fail;
    match e {
        E::Refused(r) => fail(AppError::refused(r)),
        E::NotFound => fail(AppError::NotFound),
        E::Forbidden => fail(AppError::Forbidden),
        E::Conflict => fail(AppError::Conflict),
        E::Db(e) => {
            tracing::error!(error = %e, "a leave request failed");
            AppError::Internal
        }
    }
}

/// Files the letter of a just-approved request; a failure is logged and
/// retried when the request is next opened.
#[cfg(feature = "ssr")]
async fn file_letter(state: &crate::server::AppState, id: i64) {
    let now = state.clock.now();
    if let Err(e) =
        super::letters::file_letter(&state.db, &state.documents.store, id, &state.settings.public_url, now).await
    {
        tracing::error!(error = %e, request = id, "the leave letter was not filed yet");
    }
}

#[server(prefix = "/api", endpoint = "my_leave")]
pub async fn leave_overview() -> Result<MyLeave, AppError> {
    use crate::server::context::{signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    super::service::my_leave(&state.db, session.employee_id, state.clock.now()).await.map_err(refused)
}

/// Drafts (`then=draft`) or submits (`then=submit`) a request of the
/// caller's own. No parameter names another employee.
#[server(prefix = "/api", endpoint = "request_leave")]
pub async fn request_leave(
    type_code: String,
    start: String,
    end: String,
    reason: String,
    address: String,
    phone: String,
    attachment: Option<String>,
    then: String,
) -> Result<i64, AppError> {
    use crate::server::context::{fail, request_info, signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    let form =
        super::service::LeaveForm::parse(&type_code, &start, &end, &reason, &address, &phone, attachment.as_deref())
            .map_err(|r| fail(AppError::refused(r)))?;
    let submit = match then.as_str() {
        "submit" => true,
        "draft" => false,
        _ => return Err(fail(AppError::invalid(super::field::THEN))),
    };
    let id = super::service::create(&state.db, session.employee_id, &form, submit, &request_info(), state.clock.now())
        .await
        .map_err(refused)?;
    leptos_axum::redirect(&format!("/leave/{id}"));
    Ok(id)
}

#[server(prefix = "/api", endpoint = "leave_detail")]
pub async fn leave_detail(id: i64) -> Result<RequestDetail, AppError> {
    use crate::server::context::{signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    let mut detail = super::service::detail(&state.db, session.employee_id, id).await.map_err(refused)?;
    if detail.request.status == Status::Approved && detail.request.letter_document_id.is_none() {
        file_letter(&state, id).await;
        detail = super::service::detail(&state.db, session.employee_id, id).await.map_err(refused)?;
    }
    Ok(detail)
}

/// The employee's steps on their own request: `submit` a draft, `withdraw`
/// before a decision, `accept` the dates of a PERUBAHAN.
#[server(prefix = "/api", endpoint = "leave_step")]
pub async fn leave_step(id: i64, version: i64, step: String) -> Result<(), AppError> {
    use super::service as s;
    use crate::server::context::{fail, request_info, signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    let (me, now, info) = (session.employee_id, state.clock.now(), request_info());
    match step.as_str() {
        "submit" => s::submit(&state.db, me, id, version, &info, now).await.map(|_| ()),
        "withdraw" => s::withdraw(&state.db, me, id, version, &info, now).await,
        "accept" => super::decisions::accept_change(&state.db, me, id, version, &info, now).await,
        _ => return Err(fail(AppError::invalid(super::field::STEP))),
    }
    .map_err(refused)?;
    if step == "accept" {
        file_letter(&state, id).await;
    }
    leptos_axum::redirect(&format!("/leave/{id}"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "leave_inbox")]
pub async fn leave_inbox() -> Result<Inbox, AppError> {
    use crate::server::context::{signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    super::service::inbox(&state.db, session.employee_id).await.map_err(refused)
}

/// The supervisor's consideration (`stage=consider`) or the official's
/// decision (`stage=decide`): DISETUJUI, PERUBAHAN (with the proposed
/// dates), DITANGGUHKAN or TIDAK DISETUJUI, with a note.
#[server(prefix = "/api", endpoint = "decide_leave")]
pub async fn decide_leave(
    id: i64,
    version: i64,
    stage: String,
    outcome: String,
    note: Option<String>,
    proposed_start: Option<String>,
    proposed_end: Option<String>,
) -> Result<(), AppError> {
    use crate::server::context::{fail, request_info, signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    let verdict =
        super::decisions::Verdict::parse(&outcome, note.as_deref(), proposed_start.as_deref(), proposed_end.as_deref())
            .map_err(|r| fail(AppError::refused(r)))?;
    let (me, now, info) = (session.employee_id, state.clock.now(), request_info());
    match stage.as_str() {
        "consider" => super::decisions::consider(&state.db, me, id, version, &verdict, &info, now).await,
        "decide" => super::decisions::decide(&state.db, me, id, version, &verdict, &info, now).await.map(|_| ()),
        _ => return Err(fail(AppError::invalid(super::field::STAGE))),
    }
    .map_err(refused)?;
    if stage == "decide" && verdict.outcome == Outcome::Approved {
        file_letter(&state, id).await;
    }
    leptos_axum::redirect("/leave/inbox");
    Ok(())
}

/// The public check of a letter code: no sign-in, nothing beyond what the
/// letter prints (and the NIP masked).
#[server(prefix = "/api", endpoint = "verify_letter")]
pub async fn verify_letter(code: String) -> Result<Option<LetterCheck>, AppError> {
    use crate::server::context::state;

    let state = state()?;
    super::letters::check(&state.db, code.trim()).await.map_err(|e| {
        tracing::error!(error = %e, "a letter check failed");
        AppError::Internal
    })
}
