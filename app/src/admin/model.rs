//! What the console shows.

use serde::{Deserialize, Serialize};

/// Why an employee can or cannot sign in, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AccountState {
    /// An operator or admin disabled the account.
    Disabled,
    /// Too many wrong passwords or codes (for a while, or until unlocked).
    Locked,
    /// No password was ever set: the employee has not activated the account.
    NotActivated,
    /// A password, but no confirmed authenticator: the next sign-in enrols one.
    NoAuthenticator,
    Active,
}

impl AccountState {
    pub const ALL: [AccountState; 5] =
        [Self::Disabled, Self::Locked, Self::NotActivated, Self::NoAuthenticator, Self::Active];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Disabled => "disabled",
            Self::Locked => "locked",
            Self::NotActivated => "not_activated",
            Self::NoAuthenticator => "no_authenticator",
            Self::Active => "active",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The state from the credential row, worst first.
    pub fn of(has_password: bool, disabled: bool, locked: bool, authenticators: i64) -> Self {
        if disabled {
            Self::Disabled
        } else if locked {
            Self::Locked
        } else if !has_password {
            Self::NotActivated
        } else if authenticators == 0 {
            Self::NoAuthenticator
        } else {
            Self::Active
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployeeRow {
    pub id: i64,
    pub nip: String,
    pub name: String,
    pub unit: Option<String>,
    pub kind: String,
    pub state: AccountState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i64,
    pub name: String,
}

/// The search page: the rows found and what the filters offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Console {
    pub units: Vec<Choice>,
    pub rows: Vec<EmployeeRow>,
    /// More matched than are shown: narrow the search.
    pub truncated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionLine {
    pub created_at: i64,
    pub last_seen_at: i64,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// An authenticator: its name and dates, never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceLine {
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventLine {
    pub event: String,
    pub reason: Option<String>,
    pub at: i64,
    pub ip: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentLine {
    pub id: i64,
    pub title: String,
    pub type_code: String,
    pub uploaded_at: i64,
}

/// A change of the registered e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailChange {
    pub old_email: String,
    pub new_email: String,
    pub at: i64,
    pub source: String,
    pub reason: Option<String>,
}

/// One employee as the admin sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployeeDetail {
    pub row: EmployeeRow,
    pub email: String,
    pub position: Option<String>,
    pub agency: String,
    pub locked_until: Option<i64>,
    pub failed_count: i64,
    pub must_change: bool,
    pub sessions: Vec<SessionLine>,
    pub devices: Vec<DeviceLine>,
    pub events: Vec<EventLine>,
    pub documents: Vec<DocumentLine>,
    pub email_history: Vec<EmailChange>,
    /// Every document type, for filing one into this cabinet.
    pub types: Vec<crate::documents::model::DocumentType>,
    /// The stored roles the employee holds (`pybmc`, `agency_admin`,
    /// `national_admin`), with the agency each is held in.
    pub roles: Vec<RoleLine>,
    /// The reader may grant and revoke roles here: a national admin, on
    /// someone else's account that is not a national admin's.
    pub can_change_roles: bool,
}

/// One stored role an employee holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleLine {
    /// `pybmc`, `agency_admin` or `national_admin`.
    pub role: String,
    pub agency: String,
}

/// Granting or revoking a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RoleChange {
    Grant,
    Revoke,
}

impl RoleChange {
    pub fn as_str(self) -> &'static str {
        match self {
            RoleChange::Grant => "grant",
            RoleChange::Revoke => "revoke",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [RoleChange::Grant, RoleChange::Revoke].into_iter().find(|c| c.as_str() == text.trim())
    }
}

/// One audit event as the viewer shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub id: i64,
    pub at: i64,
    pub event: String,
    pub reason: Option<String>,
    pub nip: Option<String>,
    /// The employee's name, when the event is about one.
    pub name: Option<String>,
    pub actor: String,
    pub ip: Option<String>,
    pub detail: Option<String>,
}

/// A page of the audit viewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditView {
    pub lines: Vec<AuditLine>,
    /// Every event name, for the filter.
    pub kinds: Vec<String>,
    /// The id to ask `before` for the next page, when there is one.
    pub next_before: Option<i64>,
}

/// An employee whose cabinet lacks core documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveRow {
    pub id: i64,
    pub nip: String,
    pub name: String,
    pub unit: Option<String>,
    /// The missing document types' codes.
    pub missing: Vec<String>,
}

/// Archive completeness of the admin's agencies (or one unit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveView {
    pub units: Vec<Choice>,
    pub total: usize,
    pub complete: usize,
    /// The incomplete ones.
    pub rows: Vec<ArchiveRow>,
}

/// One row of an import, as the preview shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportLine {
    pub line: u64,
    pub nip: String,
    pub name: String,
    /// `created`, `updated` or `unchanged`.
    pub change: String,
    /// The columns an update changes.
    pub columns: Vec<String>,
}

/// What an uploaded employee CSV does (or did, when `committed`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub committed: bool,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// The changing rows (unchanged ones are only counted), at most 1,000.
    pub lines: Vec<ImportLine>,
    /// Line and reason of each bad row; nothing is imported while any is left.
    pub errors: Vec<(u64, String)>,
    /// The whole file was refused.
    pub file_error: Option<ImportFileError>,
    /// Existing employees whose new e-mail address must confirm before it
    /// takes effect (each was mailed a link on commit).
    pub emails_awaiting: usize,
}

/// Why a whole CSV file was refused before any row was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportFileError {
    /// The header is not exactly the expected columns.
    Header,
    /// No employee rows.
    Empty,
    /// More rows than one import takes.
    TooLarge,
    /// The `password_hash` column, which only the CLI's import takes.
    PasswordHashes,
}

/// What an admin can do to an employee's account. Each needs a reason,
/// is audited with it, and is e-mailed to the employee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AccountAction {
    /// Lift every lock and reset the failure count.
    Unlock,
    /// Refuse every sign-in and end every session.
    Disable,
    Enable,
    /// End every session (a stolen phone or a shared computer).
    EndSessions,
    /// Remove the authenticators and recovery codes; the next sign-in enrols again.
    ResetAuthenticator,
    /// Replace the registered e-mail address (the old one stays in the history).
    CorrectEmail,
    /// Require a new password at the next sign-in (no admin ever sets or sees one).
    ForcePasswordChange,
}

impl AccountAction {
    pub const ALL: [AccountAction; 7] = [
        Self::Unlock,
        Self::Disable,
        Self::Enable,
        Self::EndSessions,
        Self::ResetAuthenticator,
        Self::CorrectEmail,
        Self::ForcePasswordChange,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unlock => "unlock",
            Self::Disable => "disable",
            Self::Enable => "enable",
            Self::EndSessions => "end_sessions",
            Self::ResetAuthenticator => "reset_authenticator",
            Self::CorrectEmail => "correct_email",
            Self::ForcePasswordChange => "force_password_change",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == text)
    }
}

/// The reason an admin gives for an action: 10 to 500 characters of
/// text, without control characters. It is audited and sent to the employee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason(String);

impl Reason {
    pub const MIN: usize = 10;
    pub const MAX: usize = 500;

    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let n = text.chars().count();
        ((Self::MIN..=Self::MAX).contains(&n) && !text.chars().any(char::is_control)).then(|| Self(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What an action did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActionOutcome {
    Done,
    /// An e-mail correction was asked for: it takes effect when the new
    /// address confirms it; the old address was told and can stop it.
    AwaitingConfirmation,
    /// The account was already so (a second click, or another admin first):
    /// nothing was changed, audited or sent.
    Unchanged,
}

/// A year of the holiday calendar, and whether the reader may change it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarView {
    pub year: u16,
    pub days: Vec<CalendarDay>,
    /// A national admin: the import and remove forms are shown.
    pub can_edit: bool,
}

/// One holiday or collective-leave day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub date: crate::domain::Date,
    /// Collective leave (cuti bersama); otherwise a national holiday.
    pub collective: bool,
    pub name: String,
}

/// What a calendar import did: the days written, or every bad line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarImport {
    pub written: usize,
    /// Each bad line's number and what is wrong with it.
    pub errors: Vec<(usize, crate::leave::calendar_csv::LineError)>,
}

/// A scheduled job's last runs, as the console shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobView {
    /// The job's name (`leave_year`).
    pub name: String,
    /// The last portal day (WIB) the job finished, ISO.
    pub done_day: Option<String>,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    /// What the last finished run did.
    pub outcome: Option<String>,
    pub running: bool,
    /// Failures since the last finished run, the last one's time and error,
    /// and when the job is tried again.
    pub failures: i64,
    pub failed_at: Option<i64>,
    pub last_error: Option<String>,
    pub retry_at: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bad_header_message_names_the_real_columns() {
        use crate::i18n::{Lang, Msg};
        let columns = crate::org::employee::CSV_HEADER.join(",");
        for lang in [Lang::Id, Lang::En] {
            assert!(Msg::AdminImportBadHeader.text(lang).ends_with(&columns), "{lang:?}");
        }
    }

    #[test]
    fn actions_read_back_and_reasons_are_bounded() {
        for a in AccountAction::ALL {
            assert_eq!(AccountAction::parse(a.as_str()), Some(a));
        }
        assert_eq!(AccountAction::parse("set_password"), None);
        assert_eq!(Reason::parse("  lost it  "), None, "shorter than 10 after trimming");
        assert!(Reason::parse("lost phone").is_some(), "10 is enough");
        assert_eq!(Reason::parse("  lost her phone  ").map(|r| r.as_str().to_string()), Some("lost her phone".into()));
        assert!(Reason::parse(&"x".repeat(501)).is_none());
        assert!(Reason::parse(&"x".repeat(500)).is_some());
        assert!(Reason::parse("line one\nline two").is_none(), "no control characters");
    }

    #[test]
    fn the_worst_state_wins() {
        assert_eq!(AccountState::of(true, true, true, 0), AccountState::Disabled);
        assert_eq!(AccountState::of(true, false, true, 1), AccountState::Locked);
        assert_eq!(AccountState::of(false, false, false, 0), AccountState::NotActivated);
        assert_eq!(AccountState::of(true, false, false, 0), AccountState::NoAuthenticator);
        assert_eq!(AccountState::of(true, false, false, 2), AccountState::Active);
        for s in AccountState::ALL {
            assert_eq!(AccountState::parse(s.as_str()), Some(s));
        }
    }
}

/// One agency of the admin's, with its BKPSDM contact (the console's
/// contact page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyContact {
    pub code: String,
    pub name: String,
    pub contact: Option<crate::help::contact::ContactView>,
}

/// One agency's time zone and working week (the console's hours page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursView {
    /// (code, name) of each of the admin's agencies, by name.
    pub agencies: Vec<(String, String)>,
    pub code: String,
    pub name: String,
    /// `WIB`, `WITA` or `WIT`.
    pub zone: String,
    /// `HH:MM-HH:MM` from Monday to Sunday, empty for a day off.
    pub days: Vec<String>,
    /// Whether the agency has hours of its own (else the national default).
    pub own: bool,
}

/// One agency's offices (the console's offices page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficesView {
    /// (code, name) of each of the admin's agencies, by name.
    pub agencies: Vec<(String, String)>,
    pub code: String,
    pub name: String,
    /// (code, name) of the agency's units, for an office that serves one.
    pub units: Vec<(String, String)>,
    pub offices: Vec<OfficeLine>,
}

/// An office and its geofence, as the form shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeLine {
    pub code: String,
    pub name: String,
    /// Decimal degrees, six places.
    pub latitude: String,
    pub longitude: String,
    pub radius_m: i64,
    /// The unit's code; `None`: the whole agency.
    pub unit: Option<String>,
}
