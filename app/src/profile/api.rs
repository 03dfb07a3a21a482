//! The server function behind "My data". It takes no id: the record is
//! always the signed-in employee's own.

use leptos::prelude::*;

use super::record::PersonnelRecord;
use crate::error::AppError;

#[server(prefix = "/api", endpoint = "my_record")]
pub async fn my_record() -> Result<PersonnelRecord, AppError> {
    use crate::server::context::{signed_in, state};

    let state = state()?;
    let session = signed_in(&state).await?;
    super::repo::load(&state.db, session.employee_id)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "loading a personnel record failed");
            AppError::Internal
        })?
        .ok_or(AppError::Unauthorized)
}
