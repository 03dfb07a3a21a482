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

/// The fields of this feature's forms that can be refused, each with its message.
pub mod field {
    use crate::error::Field;
    use crate::i18n::Msg;

    pub const TITLE: Field = Field::new("title", Msg::NoticeTitleInvalid);
    pub const BODY: Field = Field::new("body", Msg::NoticeBodyInvalid);
    pub const SCOPE: Field = Field::new("scope", Msg::NoticeScopeInvalid);
    pub const DATES: Field = Field::new("dates", Msg::NoticeDatesInvalid);
}

/// Every field above, for `crate::error::register_fields`.
pub const INVALID_FIELDS: &[crate::error::Field] = &[field::TITLE, field::BODY, field::SCOPE, field::DATES];
