//! "My data" (data pribadi): the employee's own personnel record and its
//! histories (positions, ranks, education, training, family). Read-only
//! for the employee; there is no id in any request, so one employee can
//! never ask for another's record.

pub mod api;
pub mod pages;
pub mod record;
#[cfg(feature = "ssr")]
pub mod repo;
