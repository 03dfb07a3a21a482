//! Server functions of the correction pages.

// `request_correction` takes the flat form a plain HTML form posts (its
// fields are checked together by `Proposal::parse`); the client stub the
// server macro generates for it carries no attribute we could put there.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;

#[cfg(feature = "ssr")]
fn refused(e: super::service::CorrectionError) -> AppError {
    use super::service::CorrectionError as E;
    use crate::server::context::fail;
    match e {
        E::Invalid(field) => fail(AppError::invalid(field)),
        E::NotFound => fail(AppError::NotFound),
        E::Forbidden => fail(AppError::Forbidden),
        E::Conflict => fail(AppError::Conflict),
        E::Db(e) => {
            tracing::error!(error = %e, "a correction request failed");
            AppError::Internal
        }
    }
}

#[server(prefix = "/api", endpoint = "corrections_overview")]
pub async fn corrections_overview() -> Result<MyCorrections, AppError> {
    use crate::server::context::{signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    super::service::my_corrections(&state.db, session.employee_id).await.map_err(refused)
}

/// Proposes one change to the caller's own record, with one of their
/// documents as evidence. No parameter names another employee.
#[server(prefix = "/api", endpoint = "request_correction")]
pub async fn request_correction(
    kind: String,
    level: Option<String>,
    institution: Option<String>,
    major: Option<String>,
    year: Option<String>,
    target: Option<String>,
    date: Option<String>,
    evidence: Option<String>,
    note: Option<String>,
) -> Result<i64, AppError> {
    use crate::server::context::{fail, request_info, signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    let now = state.clock.now();
    let form = ProposalForm { kind, level, institution, major, year, target, date };
    let proposal =
        Proposal::parse(&form, crate::domain::date::today(now)).map_err(|field| fail(AppError::invalid(field)))?;
    let evidence = evidence
        .as_deref()
        .and_then(|e| e.trim().parse::<i64>().ok())
        .ok_or_else(|| fail(AppError::invalid(super::field::EVIDENCE)))?;
    let id = super::service::request(
        &state.db,
        session.employee_id,
        &proposal,
        evidence,
        note.as_deref(),
        &request_info(),
        now,
    )
    .await
    .map_err(refused)?;
    leptos_axum::redirect("/my-data/corrections?sent=1");
    Ok(id)
}

/// The pending requests an admin may decide; 403 for anyone else.
#[server(prefix = "/api", endpoint = "correction_queue")]
pub async fn correction_queue() -> Result<Vec<RequestView>, AppError> {
    use crate::server::context::{signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    super::service::queue(&state.db, session.employee_id).await.map_err(refused)
}

/// `decision` is `accept` or `reject` (which needs a `reason`).
#[server(prefix = "/api", endpoint = "decide_correction")]
pub async fn decide_correction(id: i64, decision: String, reason: Option<String>) -> Result<Status, AppError> {
    use crate::server::context::{fail, request_info, signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    let request = request_info();
    crate::org::guard::admin_network(&state, session.employee_id, &request).await?;
    let accept = match decision.trim() {
        "accept" => true,
        "reject" => false,
        _ => return Err(fail(AppError::invalid(super::field::DECISION))),
    };
    let status = super::service::decide(
        &state.db,
        session.employee_id,
        id,
        accept,
        reason.as_deref(),
        &request,
        state.clock.now(),
    )
    .await
    .map_err(refused)?;
    leptos_axum::redirect("/corrections");
    Ok(status)
}
