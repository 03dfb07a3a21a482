//! The reset wizard: a new password by e-mailed code (also how an account
//! without one is activated), and removing a lost authenticator the same
//! way. NIP + captcha, then the registered e-mail, then the code.

pub mod api;
#[cfg(feature = "ssr")]
pub mod error;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

/// The fields of this feature's forms that can be refused, each with its message.
pub mod field {
    use crate::error::Field;
    use crate::i18n::Msg;

    pub const SECOND_FACTOR: Field = Field::new("reset_second_factor", Msg::ResetNeedsSecondFactor);
    pub const NIP: Field = Field::new("nip", Msg::ResetNipInvalid);
    pub const EMAIL: Field = Field::new("email", Msg::ResetEmailInvalid);
}

/// Every field above, for `crate::error::register_fields`.
pub const INVALID_FIELDS: &[crate::error::Field] = &[field::SECOND_FACTOR, field::NIP, field::EMAIL];
