//! The agency's offices and their attendance geofences in the console: an
//! agency admin adds, edits and removes their agencies' offices (a national
//! admin any agency's), entered by coordinates, with a recent sign-in, each
//! change audited as `office_changed` with the office before and after.
//! The same rules as `asn-portal office add` (code, name, radius 10–5000 m,
//! a unit of the agency or the whole agency).

// The office form's fields: the save takes eight arguments, and the
// `server` macro's generated code does not carry an item's allow.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::model::OfficesView;
use crate::error::AppError;

/// One agency's offices and units (`agency`: its code; the first of the
/// admin's agencies by name without one).
#[server(prefix = "/api", endpoint = "admin_offices")]
pub async fn admin_offices(agency: Option<String>) -> Result<OfficesView, AppError> {
    use crate::server::context::{fail, request_info, state as app_state};

    let app = app_state()?;
    let session = crate::org::guard::console(&app, &request_info()).await?;
    service::view(&app, session.employee_id, agency.as_deref()).await.map_err(fail)
}

/// Adds the office, or updates the agency's office with this code:
/// `true`, or `false` when nothing changed. `unit` empty: the whole agency.
#[server(prefix = "/api", endpoint = "admin_office_save")]
pub async fn admin_office_save(
    agency: String,
    code: String,
    name: String,
    latitude: String,
    longitude: String,
    radius: String,
    unit: String,
) -> Result<bool, AppError> {
    use crate::server::context::{fail, request_info, state as app_state};

    let app = app_state()?;
    let request = request_info();
    let session = crate::org::guard::fresh_console(&app, &request).await?;
    let form = service::OfficeForm { code, name, latitude, longitude, radius, unit };
    service::save(&app, session.employee_id, &agency, &form, &request).await.map_err(fail)
}

/// Removes the agency's office with this code: `true`, or `false` when it
/// was not there (a second click). Attendance already recorded keeps its times.
#[server(prefix = "/api", endpoint = "admin_office_remove")]
pub async fn admin_office_remove(agency: String, code: String) -> Result<bool, AppError> {
    use crate::server::context::{fail, request_info, state as app_state};

    let app = app_state()?;
    let request = request_info();
    let session = crate::org::guard::fresh_console(&app, &request).await?;
    service::remove(&app, session.employee_id, &agency, &code, &request).await.map_err(fail)
}

#[cfg(feature = "ssr")]
mod service {
    use super::super::error::AdminError;
    use super::super::field;
    use super::super::model::{OfficeLine, OfficesView};
    use super::super::repo::{agency_setting_changed, chosen_agency};
    use crate::attendance::geo::GeoPoint;
    use crate::attendance::repo::{Office, delete_office, list_offices, office_in, upsert_office};
    use crate::audit::{self, AuditKind, RequestInfo};
    use crate::server::AppState;

    pub struct OfficeForm {
        pub code: String,
        pub name: String,
        pub latitude: String,
        pub longitude: String,
        pub radius: String,
        pub unit: String,
    }

    /// An office form that passed every check but the unit's existence.
    #[derive(Debug, PartialEq)]
    pub struct Checked {
        pub code: String,
        pub name: String,
        pub centre: GeoPoint,
        pub radius_m: i64,
        pub unit: Option<String>,
    }

    pub fn check(form: &OfficeForm) -> Result<Checked, AdminError> {
        let code = form.code.trim().to_ascii_uppercase();
        if code.is_empty()
            || code.len() > 32
            || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(AdminError::Invalid(field::OFFICE_CODE));
        }
        let name = form.name.trim();
        if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
            return Err(AdminError::Invalid(field::OFFICE_NAME));
        }
        let centre = GeoPoint::parse(&form.latitude.replace(',', "."), &form.longitude.replace(',', "."))
            .ok_or(AdminError::Invalid(field::OFFICE_PLACE))?;
        let radius_m = form
            .radius
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|r| (10..=5000).contains(r))
            .ok_or(AdminError::Invalid(field::OFFICE_RADIUS))?;
        let unit = Some(form.unit.trim().to_string()).filter(|u| !u.is_empty());
        Ok(Checked { code, name: name.to_string(), centre, radius_m, unit })
    }

    fn line(o: Office) -> OfficeLine {
        OfficeLine {
            latitude: format!("{:.6}", o.centre.lat_e6() as f64 / 1e6),
            longitude: format!("{:.6}", o.centre.lon_e6() as f64 / 1e6),
            code: o.code,
            name: o.name,
            radius_m: o.radius_m,
            unit: o.unit_code,
        }
    }

    /// One line for the audit trail.
    fn summary(o: &Office) -> String {
        let unit = o.unit_code.as_deref().unwrap_or("whole agency");
        format!("{} at {}, radius {} m, {unit}", o.name, o.centre, o.radius_m)
    }

    pub async fn view(state: &AppState, admin: i64, code: Option<&str>) -> Result<OfficesView, AdminError> {
        let (mine, agency) = chosen_agency(&state.db, admin, code).await?;
        let offices = list_offices(&state.db, &agency.code).await?;
        let units: Vec<(String, String)> =
            sqlx::query_as("SELECT code, name FROM units WHERE agency_id = $1 ORDER BY name")
                .bind(agency.id)
                .fetch_all(state.db.pool())
                .await?;
        Ok(OfficesView {
            agencies: mine.into_iter().map(|a| (a.code, a.name)).collect(),
            code: agency.code,
            name: agency.name,
            units,
            offices: offices.into_iter().map(line).collect(),
        })
    }

    pub async fn save(
        state: &AppState,
        admin: i64,
        agency_code: &str,
        form: &OfficeForm,
        request: &RequestInfo,
    ) -> Result<bool, AdminError> {
        let (_, agency) = chosen_agency(&state.db, admin, Some(agency_code)).await?;
        let office = check(form)?;
        let mut tx = state.db.begin().await?;
        let unit_id = match &office.unit {
            None => None,
            Some(unit) => Some(
                sqlx::query_scalar::<_, i64>("SELECT id FROM units WHERE agency_id = $1 AND code = $2")
                    .bind(agency.id)
                    .bind(unit)
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or(AdminError::Invalid(field::OFFICE_UNIT))?,
            ),
        };
        let before = office_in(&mut tx, agency.id, &office.code).await?;
        let unchanged = before.as_ref().is_some_and(|b| {
            b.name == office.name
                && b.centre == office.centre
                && b.radius_m == office.radius_m
                && b.unit_code == office.unit
        });
        if unchanged {
            return Ok(false);
        }
        let now = state.clock.now();
        upsert_office(&mut tx, agency.id, unit_id, &office.code, &office.name, office.centre, office.radius_m, now)
            .await?;
        let after = office_in(&mut tx, agency.id, &office.code).await?.ok_or(AdminError::Conflict)?;
        let detail = format!(
            "{} {}: before {}; after {}",
            agency.code,
            office.code,
            before.as_ref().map_or_else(|| "none".to_string(), summary),
            summary(&after)
        );
        audit::record(&mut tx, &agency_setting_changed(AuditKind::OfficeChanged, admin, request, &detail)).await?;
        tx.commit().await?;
        Ok(true)
    }

    pub async fn remove(
        state: &AppState,
        admin: i64,
        agency_code: &str,
        code: &str,
        request: &RequestInfo,
    ) -> Result<bool, AdminError> {
        let (_, agency) = chosen_agency(&state.db, admin, Some(agency_code)).await?;
        let code = code.trim().to_ascii_uppercase();
        let mut tx = state.db.begin().await?;
        let Some(before) = office_in(&mut tx, agency.id, &code).await? else { return Ok(false) };
        delete_office(&mut tx, agency.id, &code).await?;
        let detail = format!("{} {code}: removed {}", agency.code, summary(&before));
        audit::record(&mut tx, &agency_setting_changed(AuditKind::OfficeChanged, admin, request, &detail)).await?;
        tx.commit().await?;
        Ok(true)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn form() -> OfficeForm {
            OfficeForm {
                code: " kantor-pusat ".into(),
                name: "Kantor Bupati".into(),
                latitude: "-8,650000".into(),
                longitude: "115.216667".into(),
                radius: "150".into(),
                unit: String::new(),
            }
        }

        #[test]
        fn a_good_office_is_tidied() {
            let checked = check(&form()).unwrap();
            assert_eq!(checked.code, "KANTOR-PUSAT");
            assert_eq!(checked.centre, GeoPoint::from_e6(-8_650_000, 115_216_667).unwrap());
            assert_eq!((checked.radius_m, checked.unit), (150, None));
        }

        #[test]
        fn each_bad_field_is_named() {
            let cases = [
                (OfficeForm { code: "KANTOR PUSAT".into(), ..form() }, field::OFFICE_CODE),
                (OfficeForm { name: " ".into(), ..form() }, field::OFFICE_NAME),
                (OfficeForm { latitude: "95".into(), ..form() }, field::OFFICE_PLACE),
                (OfficeForm { longitude: "timur".into(), ..form() }, field::OFFICE_PLACE),
                (OfficeForm { radius: "5".into(), ..form() }, field::OFFICE_RADIUS),
                (OfficeForm { radius: "5001".into(), ..form() }, field::OFFICE_RADIUS),
            ];
            for (bad, expected) in cases {
                assert!(matches!(check(&bad), Err(AdminError::Invalid(f)) if f == expected), "{expected:?}");
            }
        }
    }
}
