//! Interface language: Bahasa Indonesia by default, English selectable.
//!
//! Every message is declared once with both translations, so a missing
//! translation is a compile error rather than a blank on screen.

mod messages;

pub use messages::Msg;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The cookie that remembers the reader's choice.
pub const LANG_COOKIE: &str = "asn_lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Id, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// Unknown codes fall back to Indonesian, the portal's default.
    pub fn from_code(code: &str) -> Self {
        match code.trim() {
            "en" => Lang::En,
            _ => Lang::Id,
        }
    }

    /// The language's own name, shown in the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Id => "Bahasa Indonesia",
            Lang::En => "English",
        }
    }

    /// Reads the language cookie out of a `Cookie` request header.
    pub fn from_cookie_header(header: &str) -> Self {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == LANG_COOKIE)
            .map(|(_, value)| Lang::from_code(value))
            .unwrap_or_default()
    }
}

/// The reader's language, provided by `App`.
pub fn use_lang() -> RwSignal<Lang> {
    use_context::<RwSignal<Lang>>().expect("App provides the language signal")
}

/// A reactive translation of one message, for use inside `view!`.
pub fn t(msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || msg.text(lang.get())
}

/// A date as people write it: `26 September 1986`, month named in `lang`.
pub fn long_date(date: crate::domain::Date, lang: Lang) -> String {
    const ID: [&str; 12] = [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let names = if lang == Lang::Id { ID } else { EN };
    format!("{} {} {}", date.day(), names[usize::from(date.month() - 1)], date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_people_write_them() {
        let date = crate::domain::Date::from_ymd(1986, 8, 7).unwrap();
        assert_eq!(long_date(date, Lang::Id), "7 Agustus 1986");
        assert_eq!(long_date(date, Lang::En), "7 August 1986");
        let last = crate::domain::Date::from_ymd(2024, 12, 31).unwrap();
        assert_eq!(long_date(last, Lang::Id), "31 Desember 2024");
    }

    #[test]
    fn the_cookie_decides_and_anything_else_means_indonesian() {
        assert_eq!(Lang::from_cookie_header("a=b; asn_lang=en; c=d"), Lang::En);
        assert_eq!(Lang::from_cookie_header("asn_lang=id"), Lang::Id);
        assert_eq!(Lang::from_cookie_header("asn_lang=fr"), Lang::Id);
        assert_eq!(Lang::from_cookie_header("x_asn_lang=en"), Lang::Id);
        assert_eq!(Lang::from_cookie_header(""), Lang::Id);
    }

    #[test]
    fn every_message_differs_between_languages_where_it_should() {
        // The brand name and the term WFA are the same in both languages; nothing else is.
        let same: Vec<_> =
            Msg::ALL.iter().filter(|m| m.text(Lang::Id) == m.text(Lang::En) && !m.is_language_neutral()).collect();
        assert!(same.is_empty(), "untranslated: {same:?}");
    }
}
