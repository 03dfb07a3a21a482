//! Server functions of the attendance pages.

use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;

#[cfg(feature = "ssr")]
fn refused(e: super::service::AttendanceError) -> AppError {
    use super::service::AttendanceError as E;
    use crate::server::context::fail;
    match e {
        E::Refused(r) => fail(AppError::refused(r)),
        E::Invalid(field) => fail(AppError::invalid(field)),
        E::NotFound => fail(AppError::NotFound),
        E::Forbidden => fail(AppError::Forbidden),
        other => {
            tracing::error!(error = %other, "attendance request failed");
            AppError::Internal
        }
    }
}

#[server(prefix = "/api", endpoint = "attendance_today")]
pub async fn attendance_today() -> Result<Today, AppError> {
    use crate::server::context::{signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    super::service::today(&state.db, session.employee_id, state.clock.now()).await.map_err(refused)
}

/// Checks in (`direction` "in") or out ("out") at the server's time, with
/// the browser's position when it gave one. As a plain form (no
/// JavaScript, so no position) it goes back to the attendance page.
#[server(prefix = "/api", endpoint = "record_attendance")]
pub async fn record_attendance(
    direction: String,
    latitude: Option<String>,
    longitude: Option<String>,
    accuracy: Option<String>,
) -> Result<Recorded, AppError> {
    use super::geo::{GeoPoint, parse_accuracy};
    use super::service::{self, Direction, Fix};
    use crate::server::context::{fail, request_info, signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    let direction = Direction::parse(&direction).ok_or_else(|| fail(AppError::invalid(super::field::DIRECTION)))?;
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|t| t.trim().is_empty());
    let fix = if blank(&latitude) && blank(&longitude) {
        None
    } else {
        let invalid = || fail(AppError::refused(AttendanceRefusal::LocationInvalid));
        let position = GeoPoint::parse(latitude.as_deref().unwrap_or(""), longitude.as_deref().unwrap_or(""))
            .ok_or_else(invalid)?;
        let accuracy_m = parse_accuracy(accuracy.as_deref()).map_err(|_| invalid())?;
        Some(Fix { position, accuracy_m })
    };
    let ip = request_info().ip;
    let done = service::record(&state.db, session.employee_id, direction, fix, ip.as_deref(), state.clock.now())
        .await
        .map_err(refused)?;
    leptos_axum::redirect("/attendance");
    Ok(done)
}

/// The caller's month ("2026-11"; the current one when absent).
#[server(prefix = "/api", endpoint = "attendance_month")]
pub async fn attendance_month(month: Option<String>) -> Result<MyRecap, AppError> {
    use super::rules::Month;
    use crate::server::context::{fail, signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    let month = match month.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        None => None,
        Some(m) => Some(Month::parse(m).ok_or_else(|| fail(AppError::invalid(super::field::MONTH)))?),
    };
    super::service::my_recap(&state.db, session.employee_id, month, state.clock.now()).await.map_err(refused)
}

/// The recap of a group the caller leads or administers.
#[server(prefix = "/api", endpoint = "attendance_team")]
pub async fn attendance_team(scope: Option<String>, month: Option<String>) -> Result<TeamRecap, AppError> {
    use super::rules::Month;
    use crate::server::context::{fail, signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    let month = match month.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        None => None,
        Some(m) => Some(Month::parse(m).ok_or_else(|| fail(AppError::invalid(super::field::MONTH)))?),
    };
    super::service::team_recap(&state.db, session.employee_id, scope.as_deref(), month, state.clock.now())
        .await
        .map_err(refused)
}

/// An agency admin lets an employee of their agency check in from anywhere
/// between two dates (inclusive).
#[server(prefix = "/api", endpoint = "grant_wfa")]
pub async fn grant_wfa(
    nip: String,
    starts_on: String,
    ends_on: String,
    reason: String,
    scope: Option<String>,
) -> Result<i64, AppError> {
    use crate::domain::Date;
    use crate::server::context::{fail, request_info, signed_in, state};
    use crate::ui::url::encode_query;

    let state = state()?;
    let session = signed_in(&state).await?;
    let request = request_info();
    crate::org::guard::admin_network(&state, session.employee_id, &request).await?;
    let dates = || fail(AppError::invalid(super::field::WFA_DATES));
    let from = Date::parse_iso(starts_on.trim()).ok_or_else(dates)?;
    let to = Date::parse_iso(ends_on.trim()).ok_or_else(dates)?;
    let wanted = super::service::WfaRequest { nip: &nip, from, to, reason: &reason };
    let id = super::service::grant_wfa(&state.db, session.employee_id, &wanted, &request, state.clock.now())
        .await
        .map_err(refused)?;
    let back =
        scope.filter(|s| !s.trim().is_empty()).map(|s| format!("?scope={}", encode_query(&s))).unwrap_or_default();
    leptos_axum::redirect(&format!("/attendance/team{back}"));
    Ok(id)
}
