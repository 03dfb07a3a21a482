//! The reset wizard: a new password by e-mailed code (also how an account
//! without one is activated), and removing a lost authenticator the same
//! way. NIP + captcha, then the registered e-mail, then the code.

pub mod api;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

/// The messages of this feature's invalid fields (`crate::error::register_fields`).
pub const INVALID_FIELDS: &[(&str, crate::i18n::Msg)] = &[
    ("reset_second_factor", crate::i18n::Msg::ResetNeedsSecondFactor),
    ("nip", crate::i18n::Msg::ResetNipInvalid),
    ("email", crate::i18n::Msg::ResetEmailInvalid),
];
