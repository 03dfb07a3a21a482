//! The signed-in home (beranda): who is signed in, tiles for the portal's
//! own services, and links to external services kept as data.

pub mod api;
pub mod external;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
