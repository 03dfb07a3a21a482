//! The notification centre: what happened to the employee's account (and,
//! as features arrive, their requests), an unread count in the header that
//! updates live on open pages through `/events`, and e-mail preferences.

pub mod api;
#[cfg(feature = "ssr")]
pub mod http;
pub mod kind;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
