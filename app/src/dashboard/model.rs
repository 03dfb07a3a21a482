//! What the dashboard shows.

use serde::{Deserialize, Serialize};

use super::external::ExternalLink;

/// What the dashboard shows about the signed-in employee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub name: String,
    /// Grouped: `19860926 201505 1 001`.
    pub nip: String,
    pub position: Option<String>,
    pub unit: Option<String>,
    pub agency: String,
    pub external: Vec<ExternalLink>,
    /// Announcements meant for the employee and not read yet.
    pub unread_notices: i64,
    /// Data corrections waiting for this admin (0 for everyone else).
    pub pending_corrections: i64,
    /// Leave requests waiting for this employee's consideration or decision.
    pub pending_leave: i64,
    /// An agency (or national) admin: the console is offered.
    pub is_admin: bool,
}
