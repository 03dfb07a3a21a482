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

/// The messages of this feature's invalid fields (`crate::error::register_fields`).
pub const INVALID_FIELDS: &[(&str, crate::i18n::Msg)] = &[
    ("reason", crate::i18n::Msg::WfaReasonInvalid),
    ("wfa_nip", crate::i18n::Msg::WfaNipUnknown),
    ("wfa_dates", crate::i18n::Msg::WfaDatesInvalid),
    ("month", crate::i18n::Msg::AttendanceMonthInvalid),
];
