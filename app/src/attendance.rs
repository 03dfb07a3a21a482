//! Attendance (presensi): check-in and check-out from the browser, checked
//! against the office's geofence or a "work from anywhere" grant; working
//! hours per agency; monthly recaps for the employee, for supervisors and
//! for agency admins (also as CSV).

pub mod api;
#[cfg(feature = "ssr")]
pub mod export;
pub mod geo;
#[cfg(feature = "ssr")]
pub mod http;
pub mod model;
pub mod pages;
pub mod refusal;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;
pub mod team_page;

/// The fields of this feature's forms that can be refused, each with its message.
pub mod field {
    use crate::error::Field;
    use crate::i18n::Msg;

    pub const REASON: Field = Field::new("reason", Msg::WfaReasonInvalid);
    pub const WFA_NIP: Field = Field::new("wfa_nip", Msg::WfaNipUnknown);
    pub const WFA_DATES: Field = Field::new("wfa_dates", Msg::WfaDatesInvalid);
    pub const MONTH: Field = Field::new("month", Msg::AttendanceMonthInvalid);
    pub const DIRECTION: Field = Field::new("direction", Msg::ErrorBody);
    pub const CLOCK: Field = Field::new("clock", Msg::ErrorBody);
}

/// Every field above, for `crate::error::register_fields`.
pub const INVALID_FIELDS: &[crate::error::Field] =
    &[field::REASON, field::WFA_NIP, field::WFA_DATES, field::MONTH, field::DIRECTION, field::CLOCK];
