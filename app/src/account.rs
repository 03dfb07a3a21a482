//! Accounts: an employee's credential and its administrative state, and
//! the employee's own account pages (sessions, password change). The
//! sign-in flow reads and updates the same row. Each change and its audit
//! event commit together.

pub mod api;
pub mod device;
#[cfg(feature = "ssr")]
pub mod email_change;
pub mod email_links;
#[cfg(feature = "ssr")]
pub mod lockout;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod password_change;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod sign_out;
