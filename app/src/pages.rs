//! Pages that belong to no single feature.

pub mod home;
pub mod layout;
