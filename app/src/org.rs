//! Organisation model: agencies (instansi), the work-unit tree, employees and
//! their roles.

pub mod employee;
pub mod role;

#[cfg(feature = "ssr")]
pub mod guard;
#[cfg(feature = "ssr")]
pub mod import;
#[cfg(feature = "ssr")]
pub mod repo;

pub use employee::{EmployeeField, EmployeeInput, FieldError, NewEmployee};
pub use role::Role;
