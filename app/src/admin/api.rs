//! Server functions of the admin console. Each one resolves the caller's
//! scope in the repository; none takes an agency from the client.

use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;

#[cfg(feature = "ssr")]
fn refused(e: super::repo::AdminError) -> AppError {
    use super::repo::AdminError as E;
    use crate::auth::api::server::fail;
    match e {
        E::Forbidden => fail(AppError::Forbidden),
        E::NotFound => fail(AppError::NotFound),
        E::Db(e) => {
            tracing::error!(error = %e, "an admin console query failed");
            AppError::Internal
        }
    }
}

/// Searches the admin's agencies: `text` (a NIP, grouped or not, or part of
/// a name), `unit`, `kind` (`pns`, `cpns`, `pppk`), `state` (an
/// [`AccountState`] name). 403 for anyone who administers no agency.
#[server(prefix = "/api", endpoint = "admin_employees")]
pub async fn admin_employees(
    text: Option<String>,
    unit: Option<String>,
    kind: Option<String>,
    state: Option<String>,
) -> Result<Console, AppError> {
    use crate::auth::api::server::{signed_in, state as app_state};

    let app = app_state()?;
    let session = signed_in(&app).await?;
    let blank = |v: Option<String>| v.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let query = super::repo::Query {
        text: text.unwrap_or_default().chars().take(100).collect(),
        unit: blank(unit).and_then(|u| u.parse().ok()),
        kind: blank(kind).filter(|k| ["pns", "cpns", "pppk"].contains(&k.as_str())),
        state: blank(state).as_deref().and_then(AccountState::parse),
    };
    super::repo::search(&app.db, session.employee_id, &query, app.clock.now()).await.map_err(refused)
}

/// One employee of the admin's agencies; not found for anyone else's.
#[server(prefix = "/api", endpoint = "admin_employee")]
pub async fn admin_employee(id: i64) -> Result<EmployeeDetail, AppError> {
    use crate::auth::api::server::{signed_in, state as app_state};

    let app = app_state()?;
    let session = signed_in(&app).await?;
    super::repo::employee(&app.db, session.employee_id, id, app.clock.now()).await.map_err(refused)
}
