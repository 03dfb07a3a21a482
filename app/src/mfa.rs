//! Multi-factor sign-in: one-time codes from an authenticator app, and the
//! encryption that keeps their seeds unreadable at rest. This part is the
//! tested core; the enrolment and sign-in steps build on it.

#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod reset;
#[cfg(feature = "ssr")]
pub mod secret_box;
#[cfg(feature = "ssr")]
pub mod totp;
