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
    /// An employee of the admin's agency asked for a data correction; the detail names them.
    CorrectionRequested,
    /// The employee's correction was accepted and applied.
    CorrectionAccepted,
    /// The employee's correction was rejected; the detail is the reason.
    CorrectionRejected,
    /// A leave request waits for the supervisor's consideration; the detail names the employee.
    LeaveToConsider,
    /// A leave request waits for the official's decision; the detail names the employee.
    LeaveToDecide,
    /// The employee's own leave request moved on; the detail says to what.
    LeaveUpdated,
    /// An admin reminded the employee of missing core documents; the detail lists their types.
    ArchiveIncomplete,
}

impl NotificationKind {
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "sign_in" => Some(Self::SignIn),
            "device_added" => Some(Self::DeviceAdded),
            "device_removed" => Some(Self::DeviceRemoved),
            "password_changed" => Some(Self::PasswordChanged),
            "correction_requested" => Some(Self::CorrectionRequested),
            "correction_accepted" => Some(Self::CorrectionAccepted),
            "correction_rejected" => Some(Self::CorrectionRejected),
            "leave_to_consider" => Some(Self::LeaveToConsider),
            "leave_to_decide" => Some(Self::LeaveToDecide),
            "leave_updated" => Some(Self::LeaveUpdated),
            "archive_incomplete" => Some(Self::ArchiveIncomplete),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignIn => "sign_in",
            Self::DeviceAdded => "device_added",
            Self::DeviceRemoved => "device_removed",
            Self::PasswordChanged => "password_changed",
            Self::CorrectionRequested => "correction_requested",
            Self::CorrectionAccepted => "correction_accepted",
            Self::CorrectionRejected => "correction_rejected",
            Self::LeaveToConsider => "leave_to_consider",
            Self::LeaveToDecide => "leave_to_decide",
            Self::LeaveUpdated => "leave_updated",
            Self::ArchiveIncomplete => "archive_incomplete",
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
            (Self::CorrectionRequested, Lang::Id) => {
                format!("Permintaan perbaikan data baru dari {d} menunggu verifikasi.")
            }
            (Self::CorrectionRequested, Lang::En) => {
                format!("A new data-correction request from {d} awaits verification.")
            }
            (Self::CorrectionAccepted, Lang::Id) => {
                "Permintaan perbaikan data Anda diterima dan datanya sudah diperbarui.".into()
            }
            (Self::CorrectionAccepted, Lang::En) => {
                "Your data-correction request was accepted and your record is updated.".into()
            }
            (Self::CorrectionRejected, Lang::Id) => format!("Permintaan perbaikan data Anda ditolak: {d}"),
            (Self::CorrectionRejected, Lang::En) => format!("Your data-correction request was rejected: {d}"),
            (Self::LeaveToConsider, Lang::Id) => {
                format!("Pengajuan cuti {d} menunggu pertimbangan Anda sebagai atasan langsung.")
            }
            (Self::LeaveToConsider, Lang::En) => {
                format!("A leave request from {d} awaits your consideration as direct supervisor.")
            }
            (Self::LeaveToDecide, Lang::Id) => format!("Pengajuan cuti {d} menunggu keputusan Anda."),
            (Self::LeaveToDecide, Lang::En) => format!("A leave request from {d} awaits your decision."),
            (Self::LeaveUpdated, Lang::Id) => format!("Pengajuan cuti Anda: {d}."),
            (Self::LeaveUpdated, Lang::En) => format!("Your leave request: {d}."),
            (Self::ArchiveIncomplete, Lang::Id) => {
                format!("Arsip digital Anda belum lengkap. Dokumen yang belum ada: {d}. Unggah di Lemari Digital.")
            }
            (Self::ArchiveIncomplete, Lang::En) => {
                format!("Your digital archive is incomplete. Missing: {d}. Upload them to the Lemari Digital.")
            }
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
            NotificationKind::CorrectionRequested,
            NotificationKind::CorrectionAccepted,
            NotificationKind::CorrectionRejected,
            NotificationKind::LeaveToConsider,
            NotificationKind::LeaveToDecide,
            NotificationKind::LeaveUpdated,
            NotificationKind::ArchiveIncomplete,
        ] {
            assert_eq!(NotificationKind::parse(kind.as_str()), Some(kind));
            assert_ne!(kind.text(Some("x"), Lang::Id), kind.text(Some("x"), Lang::En));
        }
        assert_eq!(NotificationKind::parse("leave_granted"), None);
        assert!(NotificationKind::SignIn.text(Some("Chrome · Android"), Lang::Id).contains("Chrome · Android"));
    }
}
