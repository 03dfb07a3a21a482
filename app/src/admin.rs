//! The agency admin console (BKPSDM): finding an employee of the admin's
//! agencies and seeing, on one page, why they cannot get in (account state,
//! sessions, authenticators, recent sign-in events) and what their cabinet
//! holds; account actions with a reason (audited, e-mailed); the employee
//! CSV import with a preview; archive completeness with reminders; the
//! audit viewer with its live feed and CSV. Every query is scoped to the
//! admin's agencies in the repository layer; an employee elsewhere is not
//! found. Actions need a recent sign-in; `ASN_ADMIN_NETWORKS` can limit
//! where the console is used from.

#[cfg(feature = "ssr")]
pub mod actions;
pub mod api;
#[cfg(feature = "ssr")]
pub mod archive;
pub mod archive_page;
#[cfg(feature = "ssr")]
pub mod error;
#[cfg(feature = "ssr")]
pub mod audit_log;
pub mod audit_page;
pub mod calendar;
pub mod calendar_page;
pub mod contact;
pub mod contact_page;
pub mod hours;
pub mod hours_page;
pub mod offices;
pub mod offices_page;
#[cfg(feature = "ssr")]
pub mod http;
#[cfg(feature = "ssr")]
pub mod import;
pub mod import_page;
pub mod jobs_page;
#[cfg(feature = "ssr")]
mod mail;
pub mod model;
pub mod pages;
pub mod panel;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod roles;
pub mod roles_panel;

/// The fields of this feature's forms that can be refused, each with its message.
pub mod field {
    use crate::error::Field;
    use crate::i18n::Msg;

    pub const REASON: Field = Field::new("admin_reason", Msg::AdminReasonInvalid);
    pub const EMAIL: Field = Field::new("admin_email", Msg::AdminEmailInvalid);
    pub const SELF: Field = Field::new("admin_self", Msg::AdminNotOnSelf);
    pub const ROLE_HOLDER: Field = Field::new("admin_role_holder", Msg::AdminRoleHolderNeedsNational);
    pub const NATIONAL_CLI: Field = Field::new("admin_national_cli", Msg::AdminNationalCliOnly);
    pub const CSV: Field = Field::new("admin_csv", Msg::AdminImportUnreadable);
    pub const ACTION: Field = Field::new("admin_action", Msg::ErrorBody);
    pub const AUDIT_FILTER: Field = Field::new("admin_audit_filter", Msg::AuditFilterInvalid);
    pub const YEAR: Field = Field::new("admin_calendar_year", Msg::CalendarYearInvalid);
    pub const CALENDAR_CSV: Field = Field::new("admin_calendar_csv", Msg::CalendarFileEmpty);
    pub const DAY: Field = Field::new("admin_calendar_day", Msg::CalendarDayInvalid);
    pub const ROLE: Field = Field::new("admin_role", Msg::AdminRoleInvalid);
    pub const HOURS: Field = Field::new("admin_hours", Msg::AdminHoursInvalid);
    pub const HOURS_NONE: Field = Field::new("admin_hours_none", Msg::AdminHoursNone);
    pub const ZONE: Field = Field::new("admin_zone", Msg::AdminZoneInvalid);
    pub const OFFICE_CODE: Field = Field::new("admin_office_code", Msg::AdminOfficeCodeInvalid);
    pub const OFFICE_NAME: Field = Field::new("admin_office_name", Msg::AdminOfficeNameInvalid);
    pub const OFFICE_PLACE: Field = Field::new("admin_office_place", Msg::AdminOfficePlaceInvalid);
    pub const OFFICE_RADIUS: Field = Field::new("admin_office_radius", Msg::AdminOfficeRadiusInvalid);
    pub const OFFICE_UNIT: Field = Field::new("admin_office_unit", Msg::AdminOfficeUnitInvalid);
}

/// Every field above, for `crate::error::register_fields`.
pub const INVALID_FIELDS: &[crate::error::Field] = &[
    field::REASON,
    field::EMAIL,
    field::SELF,
    field::ROLE_HOLDER,
    field::NATIONAL_CLI,
    field::CSV,
    field::ACTION,
    field::AUDIT_FILTER,
    field::YEAR,
    field::CALENDAR_CSV,
    field::DAY,
    field::ROLE,
    field::HOURS,
    field::HOURS_NONE,
    field::ZONE,
    field::OFFICE_CODE,
    field::OFFICE_NAME,
    field::OFFICE_PLACE,
    field::OFFICE_RADIUS,
    field::OFFICE_UNIT,
];
