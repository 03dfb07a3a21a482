//! Accounts: an employee's credential and its administrative state. The
//! sign-in flow reads and updates the same row; these are the operator's
//! actions (CLI now, the admin console later). Each change and its audit
//! event commit together.

#[cfg(feature = "ssr")]
pub mod repo;
