//! Announcements (pengumuman): agency and national admins publish to
//! everyone, an agency or a unit (and the units below it); employees read
//! the ones meant for them, with unread markers.

pub mod api;
#[cfg(feature = "ssr")]
pub mod markdown;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
