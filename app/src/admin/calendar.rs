//! The holiday calendar in the console: every admin reads a year's
//! national holidays and collective-leave days; a national admin imports
//! the decree's CSV (the CLI's format and all-or-nothing rule) and removes
//! a day, each change audited as `calendar_changed`.

use leptos::prelude::*;

use super::model::{CalendarImport, CalendarView};
use crate::error::AppError;

/// Whether the signed-in admin is a national admin (who edits the
/// calendar); forbidden for someone who administers no agency.
#[cfg(feature = "ssr")]
async fn national(app: &crate::server::AppState, admin: i64) -> Result<bool, AppError> {
    use crate::error::OrInternal;
    use crate::server::context::fail;
    super::repo::agencies(&app.db, admin).await.map_err(fail)?;
    Ok(crate::org::repo::is_national_admin(&app.db, admin).await.or_internal()?)
}

/// A year's calendar (`year`, `YYYY`; this year without one).
#[server(prefix = "/api", endpoint = "admin_calendar")]
pub async fn admin_calendar(year: Option<String>) -> Result<CalendarView, AppError> {
    use super::model::CalendarDay;
    use crate::error::OrInternal;
    use crate::server::context::{fail, request_info, state as app_state};

    let app = app_state()?;
    let session = crate::org::guard::console(&app, &request_info()).await?;
    let can_edit = national(&app, session.employee_id).await?;
    let year = match year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        None => crate::domain::date::today(app.clock.now()).year(),
        Some(y) => y
            .parse::<u16>()
            .ok()
            .filter(|y| (1950..=2200).contains(y))
            .ok_or_else(|| fail(AppError::invalid(super::field::YEAR)))?,
    };
    let days = crate::leave::yearly::calendar_of(&app.db, year).await.or_internal()?;
    Ok(CalendarView {
        year,
        days: days
            .into_iter()
            .map(|(date, kind, name)| CalendarDay { date, collective: kind.as_str() == "collective", name })
            .collect(),
        can_edit,
    })
}

/// Imports calendar lines (`date,kind,name`): all of them, or none with
/// every bad line's number and reason. A national admin's, with both
/// factors proven recently.
#[server(prefix = "/api", endpoint = "admin_calendar_import")]
pub async fn admin_calendar_import(csv: String) -> Result<CalendarImport, AppError> {
    use crate::error::OrInternal;
    use crate::leave::yearly::{CalendarEditor, import_calendar_audited};
    use crate::server::context::{fail, request_info, state as app_state};

    let app = app_state()?;
    let request = request_info();
    let session = crate::org::guard::fresh_console(&app, &request).await?;
    if !national(&app, session.employee_id).await? {
        return Err(fail(AppError::Forbidden));
    }
    if csv.trim().is_empty() || csv.len() > 200_000 {
        return Err(fail(AppError::invalid(super::field::CALENDAR_CSV)));
    }
    match crate::leave::calendar_csv::parse(&csv) {
        Err(errors) => Ok(CalendarImport { written: 0, errors }),
        Ok(rows) => {
            let by = CalendarEditor { admin: session.employee_id, request: &request };
            let written = import_calendar_audited(&app.db, &rows, &by).await.or_internal()?;
            Ok(CalendarImport { written, errors: Vec::new() })
        }
    }
}

/// Removes one day (`YYYY-MM-DD`) from the calendar; `false` when it was
/// not there (a second click). A national admin's, as the import.
#[server(prefix = "/api", endpoint = "admin_calendar_remove")]
pub async fn admin_calendar_remove(day: String) -> Result<bool, AppError> {
    use crate::error::OrInternal;
    use crate::leave::yearly::{CalendarEditor, remove_calendar_day};
    use crate::server::context::{fail, request_info, state as app_state};

    let app = app_state()?;
    let request = request_info();
    let session = crate::org::guard::fresh_console(&app, &request).await?;
    if !national(&app, session.employee_id).await? {
        return Err(fail(AppError::Forbidden));
    }
    let day = crate::domain::Date::parse_iso(day.trim()).ok_or_else(|| fail(AppError::invalid(super::field::DAY)))?;
    let by = CalendarEditor { admin: session.employee_id, request: &request };
    Ok(remove_calendar_day(&app.db, day, &by).await.or_internal()?)
}
