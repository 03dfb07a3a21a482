//! The reset wizard: a new password by e-mailed code (also how an account
//! without one is activated), and removing a lost authenticator the same
//! way. NIP + captcha, then the registered e-mail, then the code.

pub mod api;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
