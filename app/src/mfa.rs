//! Multi-factor sign-in: one-time codes from an authenticator app
//! (enrolment by QR code, the code step at every sign-in, several devices),
//! recovery codes, and the encryption that keeps seeds unreadable at rest.

pub mod api;
pub mod device_name;
#[cfg(feature = "ssr")]
pub mod error;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod reconfirm;
#[cfg(feature = "ssr")]
pub mod recovery;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod reset;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod totp;
