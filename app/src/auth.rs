//! Authentication building blocks. This first part holds the password rules
//! (shared with the browser, so forms can explain them as the user types)
//! and, on the server, the bounded Argon2id hasher and the common-password
//! check. The sign-in flow itself builds on these.

#[cfg(feature = "ssr")]
pub mod blocklist;
#[cfg(feature = "ssr")]
pub mod generate;
#[cfg(feature = "ssr")]
pub mod hasher;
pub mod password;
