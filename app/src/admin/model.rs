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
}

#[cfg(test)]
mod tests {
    use super::*;

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
