//! The server function behind the dashboard.

use leptos::prelude::*;

pub use super::model::Overview;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::OrInternal;

#[server(prefix = "/api", endpoint = "dashboard_overview")]
pub async fn dashboard_overview() -> Result<Overview, AppError> {
    use crate::domain::{EmployeeKind, Nip};
    use crate::server::context::{signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    let row = super::repo::card(&state.db, session.employee_id).await.or_internal()?;
    let row = row.ok_or(AppError::Unauthorized)?;
    let kind = EmployeeKind::parse(&row.kind).or_internal()?;
    let mut external = super::repo::links_for(&state.db, row.agency_id, kind).await.or_internal()?;
    // Services that sign in through the portal: their start page, told
    // which portal to use (OIDC's third-party-initiated login).
    for tile in crate::oidc::repo::tiles_for(&state.db, row.agency_id).await.or_internal()? {
        let url = crate::oidc::flow::client_redirect(&tile.home_url, &state.settings.public_url, &[]);
        let crate::oidc::repo::Tile { client_id: code, name, icon, logo, .. } = tile;
        external.push(super::external::ExternalLink { code, name, url, icon, logo });
    }
    let unread_notices = crate::announcements::repo::unread_count(&state.db, session.employee_id, state.clock.now())
        .await
        .or_internal()?;
    let pending_corrections =
        crate::corrections::service::pending_count(&state.db, session.employee_id).await.or_internal()?;
    let pending_leave = crate::leave::service::waiting_count(&state.db, session.employee_id).await.or_internal()?;
    let is_admin = !crate::org::repo::admin_agencies(&state.db, session.employee_id).await.or_internal()?.is_empty();
    let nip = Nip::parse(&row.nip).map(|n| n.grouped()).unwrap_or(row.nip);
    Ok(Overview {
        name: row.full_name,
        nip,
        position: row.position,
        unit: row.unit,
        agency: row.agency,
        external,
        unread_notices,
        pending_corrections,
        pending_leave,
        is_admin,
    })
}
