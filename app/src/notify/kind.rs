//! Kinds of notification and their texts in both languages.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotificationKind {
    /// Both factors passed on some device; the detail names it.
    SignIn,
    /// An authenticator was added; the detail is its name.
    DeviceAdded,
    DeviceRemoved,
    PasswordChanged,
}

impl NotificationKind {
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "sign_in" => Some(Self::SignIn),
            "device_added" => Some(Self::DeviceAdded),
            "device_removed" => Some(Self::DeviceRemoved),
            "password_changed" => Some(Self::PasswordChanged),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignIn => "sign_in",
            Self::DeviceAdded => "device_added",
            Self::DeviceRemoved => "device_removed",
            Self::PasswordChanged => "password_changed",
        }
    }

    /// The sentence shown, with the detail worked in.
    pub fn text(self, detail: Option<&str>, lang: Lang) -> String {
        let d = detail.unwrap_or("");
        match (self, lang) {
            (Self::SignIn, Lang::Id) => {
                format!("Ada yang masuk ke akun Anda: {d}. Bukan Anda? Akhiri sesinya dan ganti kata sandi.")
            }
            (Self::SignIn, Lang::En) => {
                format!("Someone signed in to your account: {d}. Not you? End that session and change your password.")
            }
            (Self::DeviceAdded, Lang::Id) => format!("Autentikator baru ditambahkan: \"{d}\"."),
            (Self::DeviceAdded, Lang::En) => format!("A new authenticator was added: \"{d}\"."),
            (Self::DeviceRemoved, Lang::Id) => "Sebuah autentikator dihapus dari akun Anda.".into(),
            (Self::DeviceRemoved, Lang::En) => "An authenticator was removed from your account.".into(),
            (Self::PasswordChanged, Lang::Id) => "Kata sandi akun Anda telah diubah.".into(),
            (Self::PasswordChanged, Lang::En) => "Your account's password was changed.".into(),
        }
    }
}

/// One notification as the centre lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i64,
    pub kind: NotificationKind,
    pub detail: Option<String>,
    pub link: Option<String>,
    /// `YYYY-MM-DD HH:MM` WIB.
    pub at: String,
    pub unread: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationCentre {
    pub items: Vec<NotificationView>,
    pub email_sign_in: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_read_in_both_languages() {
        for kind in [
            NotificationKind::SignIn,
            NotificationKind::DeviceAdded,
            NotificationKind::DeviceRemoved,
            NotificationKind::PasswordChanged,
        ] {
            assert_eq!(NotificationKind::parse(kind.as_str()), Some(kind));
            assert_ne!(kind.text(Some("x"), Lang::Id), kind.text(Some("x"), Lang::En));
        }
        assert_eq!(NotificationKind::parse("leave_approved"), None);
        assert!(NotificationKind::SignIn.text(Some("Chrome · Android"), Lang::Id).contains("Chrome · Android"));
    }
}
