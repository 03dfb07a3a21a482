//! What the leave pages show and send, and every reason a request or a
//! decision is refused.

use serde::{Deserialize, Serialize};

use super::ledger::Balances;
use super::rules::{Calendar, LeaveType};
pub use super::rules::{LeaveRefusal, LengthUnit};
use crate::domain::Date;

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    Draft,
    AwaitingSupervisor,
    AwaitingOfficial,
    Approved,
    /// PERUBAHAN: the official proposed other dates; the employee may accept.
    Changed,
    Deferred,
    Refused,
    Withdrawn,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::AwaitingSupervisor => "awaiting_supervisor",
            Self::AwaitingOfficial => "awaiting_official",
            Self::Approved => "approved",
            Self::Changed => "changed",
            Self::Deferred => "deferred",
            Self::Refused => "refused",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Draft,
            Self::AwaitingSupervisor,
            Self::AwaitingOfficial,
            Self::Approved,
            Self::Changed,
            Self::Deferred,
            Self::Refused,
            Self::Withdrawn,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }

    /// Still open: it holds its days against the balance and blocks
    /// overlapping requests.
    pub fn is_pending(self) -> bool {
        matches!(self, Self::AwaitingSupervisor | Self::AwaitingOfficial | Self::Changed)
    }

    /// The employee may still withdraw it.
    pub fn is_withdrawable(self) -> bool {
        matches!(self, Self::Draft | Self::AwaitingSupervisor | Self::AwaitingOfficial | Self::Changed)
    }
}

/// The four answers of the official form, for the supervisor's
/// consideration and the official's decision alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    /// DISETUJUI
    Approved,
    /// PERUBAHAN: other dates.
    Changed,
    /// DITANGGUHKAN
    Deferred,
    /// TIDAK DISETUJUI
    Refused,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [Self::Approved, Self::Changed, Self::Deferred, Self::Refused];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approved => "approved",
            Self::Changed => "changed",
            Self::Deferred => "deferred",
            Self::Refused => "refused",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == text)
    }

    /// The words on the official form, the same in every language.
    pub fn form_word(self) -> &'static str {
        match self {
            Self::Approved => "DISETUJUI",
            Self::Changed => "PERUBAHAN",
            Self::Deferred => "DITANGGUHKAN",
            Self::Refused => "TIDAK DISETUJUI",
        }
    }
}

/// One step on a request's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineStep {
    pub action: String,
    pub outcome: Option<Outcome>,
    pub note: Option<String>,
    pub actor: String,
    pub at: i64,
}

/// A request as its employee and its approvers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestView {
    pub id: i64,
    pub employee: String,
    pub nip: String,
    pub type_code: String,
    pub type_name_id: String,
    pub type_name_en: String,
    pub start: Date,
    pub end: Date,
    pub length: u32,
    pub unit: LengthUnit,
    pub reason: String,
    pub address: String,
    pub phone: String,
    pub attachment_id: Option<i64>,
    pub status: Status,
    pub version: i64,
    pub consideration: Option<Outcome>,
    pub consideration_note: Option<String>,
    pub decision: Option<Outcome>,
    pub decision_note: Option<String>,
    pub proposed: Option<(Date, Date)>,
    /// The leave letter in the employee's cabinet, once filed.
    pub letter_document_id: Option<i64>,
    pub letter_code: Option<String>,
    pub created_at: i64,
}

impl RequestView {
    pub fn type_name(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Id => &self.type_name_id,
            crate::i18n::Lang::En => &self.type_name_en,
        }
    }
}

/// One ledger row, to explain a balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerLine {
    pub source_year: i64,
    pub entry: String,
    pub days: i64,
    pub request_id: Option<i64>,
    pub note: Option<String>,
}

/// A document of the employee's own, to attach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachable {
    pub id: i64,
    pub title: String,
}

/// The employee's leave page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyLeave {
    pub year: u16,
    pub today: Date,
    pub balances: Balances,
    /// Annual-leave days held by requests still waiting for a decision.
    pub pending_days: i64,
    pub ledger: Vec<LedgerLine>,
    pub types: Vec<LeaveType>,
    /// Holidays and collective-leave days of this year and the next, so the
    /// form can count working days as the employee types.
    pub calendar: Calendar,
    pub attachables: Vec<Attachable>,
    pub requests: Vec<RequestView>,
}

/// One request with its timeline and what the viewer may do with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestDetail {
    pub request: RequestView,
    pub timeline: Vec<TimelineStep>,
    pub is_owner: bool,
    pub may_consider: bool,
    pub may_decide: bool,
}

/// An approver's inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub to_consider: Vec<RequestView>,
    pub to_decide: Vec<RequestView>,
    pub decided: Vec<RequestView>,
}

/// What the public verification page shows of a letter: only what the
/// letter itself shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterCheck {
    pub code: String,
    pub employee: String,
    /// The NIP with its middle digits hidden.
    pub nip_masked: String,
    pub type_name_id: String,
    pub type_name_en: String,
    pub start: Date,
    pub end: Date,
    pub decided_at: i64,
    pub sha256: Option<String>,
    /// Still valid: the request was not withdrawn or replaced since.
    pub valid: bool,
}

/// `19860926 2015•• • •01`: enough to match a printed letter, not enough to
/// learn a birth date from the page.
pub fn mask_nip(nip: &str) -> String {
    if nip.len() != 18 || !nip.is_ascii() {
        return "•".repeat(18);
    }
    format!("{}•••• {}•• • •{}", &nip[0..4], &nip[8..12], &nip[16..18])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_outcomes_round_trip_their_names() {
        for s in [Status::Draft, Status::AwaitingOfficial, Status::Changed, Status::Withdrawn] {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.as_str()), Some(o));
        }
        assert_eq!(Outcome::parse("DISETUJUI"), None);
        assert!(Status::Changed.is_pending() && !Status::Approved.is_pending());
        assert!(!Status::Approved.is_withdrawable());
    }

    #[test]
    fn a_masked_nip_hides_the_birth_date() {
        let masked = mask_nip("198609262015051001");
        assert_eq!(masked, "1986•••• 2015•• • •01");
        assert!(!masked.contains("0926"));
        assert_eq!(mask_nip("short"), "•".repeat(18));
    }
}
