//! Server functions of the cabinet pages. Files themselves go through the
//! streaming routes in the server binary (`/documents/upload`,
//! `/documents/:id/file`).

use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;

#[cfg(feature = "ssr")]
fn refused(e: super::service::DocumentError) -> AppError {
    use super::service::DocumentError as E;
    match e {
        E::NotFound => crate::server::context::fail(AppError::NotFound),
        other => {
            tracing::error!(error = %other, "a cabinet request failed");
            AppError::Internal
        }
    }
}

/// The caller's own cabinet, and the types they may upload.
#[server(prefix = "/api", endpoint = "my_cabinet")]
pub async fn my_cabinet() -> Result<Cabinet, AppError> {
    use crate::server::context::{signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    let types = super::repo::types(&state.db).await.map_err(|e| refused(e.into()))?;
    let documents = super::repo::of_employee(&state.db, session.employee_id)
        .await
        .map_err(|e| refused(e.into()))?
        .iter()
        .map(super::repo::DocumentRow::item)
        .collect();
    let used_bytes =
        super::service::own_uploads_bytes(&state.db, session.employee_id).await.map_err(|e| refused(e.into()))?;
    let settings = &state.documents;
    Ok(Cabinet {
        types,
        documents,
        max_bytes: settings.max_bytes,
        used_bytes,
        quota_bytes: settings.quota_bytes,
        uploads_per_hour: settings.uploads_per_hour,
    })
}

/// One document and its access history; 404 unless the caller may see it
/// (its owner, or an admin of the owner's agency).
#[server(prefix = "/api", endpoint = "open_document")]
pub async fn open_document(id: i64) -> Result<DocumentDetail, AppError> {
    use crate::server::context::{request_info, signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    let policy = state.documents.policy;
    let (detail, role) = super::service::detail(&state.db, policy, session.employee_id, id).await.map_err(refused)?;
    // Another employee's document by an admin role: from the admin networks only.
    if matches!(role, AccessRole::AgencyAdmin | AccessRole::NationalAdmin) {
        crate::org::guard::admin_network(&state, session.employee_id, &request_info()).await?;
    }
    Ok(detail)
}

/// Deletes (softly) a document the caller uploaded into their own cabinet;
/// 404 for anything else. The agency keeps it.
#[server(prefix = "/api", endpoint = "delete_document")]
pub async fn delete_document(id: i64) -> Result<(), AppError> {
    use crate::server::context::{request_info, signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    super::service::delete(&state.db, session.employee_id, id, &request_info(), state.clock.now())
        .await
        .map_err(refused)?;
    leptos_axum::redirect("/documents?deleted=1");
    Ok(())
}
