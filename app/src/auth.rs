//! Sign-in: the NIP-and-password step (with its captcha after repeated
//! failures) and the server functions and page around it. Sessions, the
//! hasher and the rate limits it uses are server building blocks
//! (`crate::server`); the password rules are domain types.

pub mod api;
#[cfg(feature = "ssr")]
pub mod challenge;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod signin;
