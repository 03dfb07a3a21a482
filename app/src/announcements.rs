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

/// The messages of this feature's invalid fields (`crate::error::register_fields`).
pub const INVALID_FIELDS: &[(&str, crate::i18n::Msg)] = &[
    ("title", crate::i18n::Msg::NoticeTitleInvalid),
    ("body", crate::i18n::Msg::NoticeBodyInvalid),
    ("scope", crate::i18n::Msg::NoticeScopeInvalid),
    ("dates", crate::i18n::Msg::NoticeDatesInvalid),
];
