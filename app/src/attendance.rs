//! Attendance (presensi): check-in and check-out from the browser, checked
//! against the office's geofence or a "work from anywhere" grant; working
//! hours per agency; monthly recaps for the employee, for supervisors and
//! for agency admins (also as CSV).

pub mod api;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod export;
pub mod geo;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;
pub mod team_page;
