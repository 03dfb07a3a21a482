//! Authentication building blocks. This first part holds the password rules
//! (shared with the browser, so forms can explain them as the user types)
//! and, on the server, the bounded Argon2id hasher and the common-password
//! check. The sign-in flow itself builds on these.

pub mod api;
#[cfg(feature = "ssr")]
pub mod blocklist;
#[cfg(feature = "ssr")]
pub mod captcha;
#[cfg(feature = "ssr")]
pub mod challenge;
#[cfg(feature = "ssr")]
pub mod generate;
#[cfg(feature = "ssr")]
pub mod hasher;
pub mod pages;
pub mod password;
#[cfg(feature = "ssr")]
pub mod rate_limit;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod signin;
