//! The words of leave: a refusal's message and sentence (with its numbers),
//! and a leave's length as the pages show it.

use super::model::*;
use crate::error::RefusalKind;
use crate::i18n::{Lang, Msg};

fn unit_words(unit: LengthUnit, n: u32, lang: Lang) -> String {
    let word = match (unit, lang) {
        (LengthUnit::WorkingDays, Lang::Id) => "hari kerja",
        (LengthUnit::CalendarDays, Lang::Id) => "hari",
        (LengthUnit::Months, Lang::Id) => "bulan",
        (LengthUnit::WorkingDays, Lang::En) if n == 1 => "working day",
        (LengthUnit::WorkingDays, Lang::En) => "working days",
        (LengthUnit::CalendarDays, Lang::En) if n == 1 => "day",
        (LengthUnit::CalendarDays, Lang::En) => "days",
        (LengthUnit::Months, Lang::En) if n == 1 => "month",
        (LengthUnit::Months, Lang::En) => "months",
    };
    format!("{n} {word}")
}

/// A length as the pages show it ("3 hari kerja", "2 months").
pub fn length_text(unit: LengthUnit, n: u32, lang: Lang) -> String {
    unit_words(unit, n, lang)
}

impl RefusalKind for LeaveRefusal {
    const FEATURE: &'static str = "Leave";

    fn message(&self) -> Msg {
        match self {
            LeaveRefusal::UnknownType | LeaveRefusal::NotRequestable => Msg::LeaveTypeInvalid,
            LeaveRefusal::DatesInvalid => Msg::LeaveDatesInvalid,
            LeaveRefusal::InThePast => Msg::LeaveInThePast,
            LeaveRefusal::TooFarAhead => Msg::LeaveTooFarAhead,
            LeaveRefusal::SpansYears => Msg::LeaveSpansYears,
            LeaveRefusal::NoWorkingDays => Msg::LeaveNoWorkingDays,
            LeaveRefusal::WomenOnly => Msg::LeaveWomenOnly,
            LeaveRefusal::AttachmentRequired => Msg::LeaveAttachmentRequired,
            LeaveRefusal::AttachmentInvalid => Msg::LeaveAttachmentInvalid,
            LeaveRefusal::ReasonRequired => Msg::LeaveReasonRequired,
            LeaveRefusal::AddressRequired => Msg::LeaveAddressRequired,
            LeaveRefusal::PhoneInvalid => Msg::LeavePhoneInvalid,
            LeaveRefusal::ProposedDatesRequired => Msg::LeaveProposedDatesRequired,
            LeaveRefusal::WrongState => Msg::ConflictReload,
            LeaveRefusal::OwnRequest => Msg::LeaveOwnRequest,
            LeaveRefusal::ChildLimit { .. }
            | LeaveRefusal::ServiceTooShort { .. }
            | LeaveRefusal::TooShort { .. }
            | LeaveRefusal::TooLong { .. }
            | LeaveRefusal::InsufficientBalance { .. }
            | LeaveRefusal::Overlap { .. } => Msg::LeaveRefused,
        }
    }

    /// The full sentence, with its numbers.
    fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (LeaveRefusal::ChildLimit { max }, Lang::Id) => format!(
                "Cuti melahirkan diberikan untuk kelahiran anak pertama sampai ke-{max}. Untuk kelahiran berikutnya, ajukan cuti besar."
            ),
            (LeaveRefusal::ChildLimit { max }, Lang::En) => format!(
                "Maternity leave covers the first to the {max}rd birth. For a later birth, request long leave (cuti besar)."
            ),
            (LeaveRefusal::ServiceTooShort { required_months, served_months }, Lang::Id) => format!(
                "Cuti ini memerlukan masa kerja paling sedikit {} bulan secara terus-menerus; pada tanggal mulai cuti masa kerja Anda {} bulan.",
                required_months, served_months
            ),
            (LeaveRefusal::ServiceTooShort { required_months, served_months }, Lang::En) => format!(
                "This leave needs at least {required_months} months of continuous service; on its first day you will have served {served_months}."
            ),
            (LeaveRefusal::TooShort { min, unit }, _) => match lang {
                Lang::Id => format!("Cuti ini paling singkat {}.", unit_words(*unit, *min, lang)),
                Lang::En => format!("This leave lasts at least {}.", unit_words(*unit, *min, lang)),
            },
            (LeaveRefusal::TooLong { max, unit }, _) => match lang {
                Lang::Id => format!("Cuti ini paling lama {}. Perpendek tanggalnya.", unit_words(*unit, *max, lang)),
                Lang::En => format!("This leave lasts at most {}. Shorten the dates.", unit_words(*unit, *max, lang)),
            },
            (LeaveRefusal::InsufficientBalance { available, requested }, Lang::Id) => format!(
                "Sisa cuti tahunan Anda {available} hari kerja (termasuk yang masih menunggu keputusan), sedangkan yang diajukan {requested} hari kerja."
            ),
            (LeaveRefusal::InsufficientBalance { available, requested }, Lang::En) => format!(
                "Your annual-leave balance is {available} working days (counting requests still waiting), and this request needs {requested}."
            ),
            (LeaveRefusal::Overlap { start, end }, Lang::Id) => {
                format!("Tanggal ini bertumpang tindih dengan pengajuan cuti Anda yang lain ({start} s.d. {end}).")
            }
            (LeaveRefusal::Overlap { start, end }, Lang::En) => {
                format!("These dates overlap another of your leave requests ({start} to {end}).")
            }
            (other, lang) => other.message().text(lang).to_string(),
        }
    }
}
