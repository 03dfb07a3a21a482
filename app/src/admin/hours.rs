//! The agency's working week and time zone in the console: attendance
//! reads its days and hours in them (late, early leave, the recap). An
//! agency admin sets their agencies' (a national admin any agency's), with
//! a recent sign-in, each change audited as `work_hours_changed` with the
//! week before and after. An agency without hours of its own works the
//! national default, which stays the CLI's (`work-hours set`).

// One form field per weekday: the server function takes nine arguments,
// and the `server` macro's generated code does not carry an item's allow.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::model::HoursView;
use crate::error::AppError;

/// One agency's time zone and week (`agency`: its code; the first of the
/// admin's agencies by name without one).
#[server(prefix = "/api", endpoint = "admin_hours")]
pub async fn admin_hours(agency: Option<String>) -> Result<HoursView, AppError> {
    use crate::server::context::{fail, request_info, state as app_state};

    let app = app_state()?;
    let session = crate::org::guard::console(&app, &request_info()).await?;
    service::view(&app, session.employee_id, agency.as_deref()).await.map_err(fail)
}

/// Sets an agency's time zone (`WIB`, `WITA`, `WIT`) and hours, one field
/// per weekday (`HH:MM-HH:MM`, empty for a day off): `true`, or `false`
/// when nothing changed.
#[server(prefix = "/api", endpoint = "admin_hours_save")]
pub async fn admin_hours_save(
    agency: String,
    zone: String,
    mon: String,
    tue: String,
    wed: String,
    thu: String,
    fri: String,
    sat: String,
    sun: String,
) -> Result<bool, AppError> {
    use crate::server::context::{fail, request_info, state as app_state};

    let app = app_state()?;
    let request = request_info();
    let session = crate::org::guard::fresh_console(&app, &request).await?;
    let days = [mon, tue, wed, thu, fri, sat, sun];
    service::save(&app, session.employee_id, &agency, &zone, &days, &request).await.map_err(fail)
}

#[cfg(feature = "ssr")]
mod service {
    use super::super::error::AdminError;
    use super::super::field;
    use super::super::repo::{agency_setting_changed, chosen_agency as chosen};
    use super::HoursView;
    use crate::attendance::repo::{agency_rules, replace_week, replace_zone};
    use crate::attendance::rules::{DAY_NAMES, TimeZone, WorkWeek, describe_week, format_minutes, parse_week};
    use crate::audit::{self, AuditKind, RequestInfo};
    use crate::server::AppState;

    #[track_caller]
    fn rules_error(e: crate::attendance::repo::AttendanceRepoError) -> AdminError {
        use crate::attendance::repo::AttendanceRepoError;
        match e {
            AttendanceRepoError::Db(e) => AdminError::Db(e),
            other => AdminError::Internal(crate::error::Logged::log(other)),
        }
    }

    pub async fn view(state: &AppState, admin: i64, code: Option<&str>) -> Result<HoursView, AdminError> {
        let (mine, agency) = chosen(&state.db, admin, code).await?;
        let mut conn = state.db.pool().acquire().await?;
        let (zone, week) = agency_rules(&mut conn, agency.id).await.map_err(rules_error)?;
        let own = has_own_hours(&mut conn, agency.id).await?;
        Ok(HoursView {
            agencies: mine.into_iter().map(|a| (a.code, a.name)).collect(),
            code: agency.code,
            name: agency.name,
            zone: zone.label().to_string(),
            days: day_texts(&week),
            own,
        })
    }

    /// Whether the agency has working hours of its own (else it works the
    /// national default).
    async fn has_own_hours(conn: &mut sqlx::AnyConnection, agency_id: i64) -> Result<bool, sqlx::Error> {
        let first: Option<i64> = sqlx::query_scalar("SELECT MIN(weekday) FROM work_hours WHERE agency_id = $1")
            .bind(agency_id)
            .fetch_one(conn)
            .await?;
        Ok(first.is_some())
    }

    /// `HH:MM-HH:MM` for each weekday from Monday, empty for a day off.
    fn day_texts(week: &WorkWeek) -> Vec<String> {
        let mut days = vec![String::new(); 7];
        for (weekday, day) in week.days() {
            days[usize::from(weekday - 1)] =
                format!("{}-{}", format_minutes(day.starts_at()), format_minutes(day.ends_at()));
        }
        days
    }

    /// The week the form describes: a bad day, or none at all, is refused.
    pub fn week_of(days: &[String; 7]) -> Result<WorkWeek, AdminError> {
        let specs: Vec<String> = DAY_NAMES
            .iter()
            .zip(days)
            .filter(|(_, hours)| !hours.trim().is_empty())
            .map(|(day, hours)| format!("{day}={}", hours.trim().replace('.', ":")))
            .collect();
        if specs.is_empty() {
            return Err(AdminError::Invalid(field::HOURS_NONE));
        }
        parse_week(&specs).map_err(|_| AdminError::Invalid(field::HOURS))
    }

    pub async fn save(
        state: &AppState,
        admin: i64,
        code: &str,
        zone: &str,
        days: &[String; 7],
        request: &RequestInfo,
    ) -> Result<bool, AdminError> {
        let (_, agency) = chosen(&state.db, admin, Some(code)).await?;
        let zone = TimeZone::parse(zone).ok_or(AdminError::Invalid(field::ZONE))?;
        let week = week_of(days)?;
        let mut tx = state.db.begin().await?;
        let (zone_before, week_before) = agency_rules(&mut tx, agency.id).await.map_err(rules_error)?;
        let own = has_own_hours(&mut tx, agency.id).await?;
        // The same week as the default it follows still becomes its own, so
        // a later change of the default leaves it alone; only an identical
        // week of its own is no change.
        if zone == zone_before && week == week_before && own {
            return Ok(false);
        }
        replace_zone(&mut tx, agency.id, zone).await?;
        replace_week(&mut tx, Some(agency.id), &week).await?;
        let describe = |zone: TimeZone, week: &WorkWeek| format!("{} {}", zone.label(), describe_week(week).join(", "));
        let detail = format!(
            "{}: before {}{}; after {}",
            agency.code,
            describe(zone_before, &week_before),
            if own { "" } else { " (the national default)" },
            describe(zone, &week)
        );
        let event = agency_setting_changed(AuditKind::WorkHoursChanged, admin, request, &detail);
        audit::record(&mut tx, &event).await?;
        tx.commit().await?;
        Ok(true)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn days(texts: [&str; 7]) -> [String; 7] {
            texts.map(str::to_string)
        }

        #[test]
        fn a_week_reads_from_one_field_per_day() {
            let week =
                week_of(&days(["07:30-16:00", "07.30-16.00", "", " 07:30-16:00 ", "07:30-16:30", "", ""])).unwrap();
            assert_eq!(day_texts(&week), ["07:30-16:00", "07:30-16:00", "", "07:30-16:00", "07:30-16:30", "", ""]);
        }

        #[test]
        fn a_bad_day_or_no_working_day_is_refused() {
            for bad in ["16:00-07:30", "7-16", "07:30", "25:00-26:00"] {
                let err = week_of(&days(["07:30-16:00", bad, "", "", "", "", ""])).unwrap_err();
                assert!(matches!(err, AdminError::Invalid(f) if f == field::HOURS), "{bad}");
            }
            let err = week_of(&days(["", " ", "", "", "", "", ""])).unwrap_err();
            assert!(matches!(err, AdminError::Invalid(f) if f == field::HOURS_NONE));
        }
    }
}
