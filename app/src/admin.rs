//! The agency admin console (BKPSDM): finding an employee of the admin's
//! agencies and seeing, on one page, why they cannot get in (account state,
//! sessions, authenticators, recent sign-in events) and what their cabinet
//! holds. Every query is scoped to the admin's agencies in the repository
//! layer; an employee elsewhere is not found.

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
