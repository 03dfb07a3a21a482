//! The agency's BKPSDM contact in the console: an agency admin keeps their
//! agencies' (a national admin any agency's), with a recent sign-in, each
//! change audited as `contact_changed` with the contact before and after.
//! A contact is what employees are told to call, so changing it is guarded
//! like the console's other changes: a stolen admin session must not be
//! able to point a whole agency at another number quietly.

use leptos::prelude::*;

use super::model::AgencyContact;
use crate::error::AppError;

/// The admin's agencies and their contacts, by name.
#[server(prefix = "/api", endpoint = "admin_contacts")]
pub async fn admin_contacts() -> Result<Vec<AgencyContact>, AppError> {
    use crate::server::context::{fail, request_info, state as app_state};

    let app = app_state()?;
    let session = crate::org::guard::console(&app, &request_info()).await?;
    service::list(&app, session.employee_id).await.map_err(fail)
}

/// Saves an agency's contact (by the agency's code): `true`, or `false`
/// when nothing changed.
#[server(prefix = "/api", endpoint = "admin_contact")]
pub async fn admin_contact(
    agency: String,
    unit_name: String,
    email: String,
    phone: String,
    whatsapp: String,
    hours: String,
) -> Result<bool, AppError> {
    use crate::server::context::{fail, request_info, state as app_state};

    let contact = crate::help::contact::ContactInput { unit_name, email, phone, whatsapp, hours };
    let app = app_state()?;
    let request = request_info();
    let session = crate::org::guard::fresh_console(&app, &request).await?;
    service::save(&app, session.employee_id, &agency, &contact, &request).await.map_err(fail)
}

#[cfg(feature = "ssr")]
mod service {
    use super::super::error::AdminError;
    use super::super::repo::{agencies, agency_setting_changed, chosen_agency};
    use super::AgencyContact;
    use crate::audit::{self, AuditKind, RequestInfo};
    use crate::help::contact::{Contact, ContactInput};
    use crate::server::AppState;

    pub async fn list(state: &AppState, admin: i64) -> Result<Vec<AgencyContact>, AdminError> {
        let scope = agencies(&state.db, admin).await?;
        // Two queries whatever the number of agencies (a national admin
        // sees every one of them).
        let mut contacts: std::collections::HashMap<String, _> =
            crate::help::repo::all(&state.db).await?.into_iter().map(|c| (c.agency_code.clone(), c)).collect();
        let mut found: Vec<AgencyContact> = crate::org::repo::list_agencies(&state.db)
            .await?
            .into_iter()
            .filter(|a| scope.contains(&a.id))
            .map(|a| AgencyContact { contact: contacts.remove(&a.code), code: a.code, name: a.name })
            .collect();
        found.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(found)
    }

    pub async fn save(
        state: &AppState,
        admin: i64,
        code: &str,
        input: &ContactInput,
        request: &RequestInfo,
    ) -> Result<bool, AdminError> {
        let (_, agency) = chosen_agency(&state.db, admin, Some(code)).await?;
        let contact = Contact::parse(input)
            .map_err(|errors| AdminError::Invalid(errors.first().map_or(crate::help::field::UNIT, |e| e.field())))?;
        let mut tx = state.db.begin().await?;
        let after = contact.view(&agency.code, &agency.name);
        let before = crate::help::repo::of_agency(&mut tx, agency.id).await?;
        if before.as_ref() == Some(&after) {
            return Ok(false);
        }
        crate::help::repo::save(&mut tx, agency.id, &contact, state.clock.now()).await?;
        let detail = format!(
            "{}: before {}; after {}",
            agency.code,
            before.map_or_else(|| "none".to_string(), |b| b.summary()),
            after.summary()
        );
        let event = agency_setting_changed(AuditKind::ContactChanged, admin, request, &detail);
        audit::record(&mut tx, &event).await?;
        tx.commit().await?;
        Ok(true)
    }
}
