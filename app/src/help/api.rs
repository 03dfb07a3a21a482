//! Server functions of help: agencies' BKPSDM contacts are public (an
//! agency's HR office is reached by people who cannot sign in), so they
//! answer without a session; a signed-in reader also gets their own.

use leptos::prelude::*;

use super::contact::{ContactView, HelpView};
use crate::error::AppError;

/// The help page's contacts: the reader's own agency's (signed in), the
/// agency chosen by code (`agency`), and every agency with a contact.
#[server(prefix = "/api", endpoint = "help_contacts")]
pub async fn help_contacts(agency: Option<String>) -> Result<HelpView, AppError> {
    use crate::error::OrInternal;
    use crate::server::context::{signed_in_quietly, state as app_state};

    let app = app_state()?;
    let mine = match signed_in_quietly(&app).await? {
        Some(session) => super::repo::of_employee(&app.db, session.employee_id).await.or_internal()?,
        None => None,
    };
    let chosen = match agency.as_deref().map(str::trim).filter(|a| !a.is_empty() && a.len() <= 64) {
        Some(code) => super::repo::of_code(&app.db, code).await.or_internal()?,
        None => None,
    };
    let agencies = super::repo::agencies_with_contact(&app.db).await.or_internal()?;
    Ok(HelpView { mine, chosen, agencies })
}

/// The signed-in reader's agency's contact (`None` when it has none yet).
#[server(prefix = "/api", endpoint = "my_bkpsdm")]
pub async fn my_bkpsdm() -> Result<Option<ContactView>, AppError> {
    use crate::error::OrInternal;
    use crate::server::context::{signed_in, state as app_state};

    let app = app_state()?;
    let session = signed_in(&app).await?;
    Ok(super::repo::of_employee(&app.db, session.employee_id).await.or_internal()?)
}
