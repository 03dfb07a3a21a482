//! The types the pages and the server functions share.

use serde::{Deserialize, Serialize};

use crate::domain::password::PolicyProfile;

/// One session, as the sessions page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    pub handle: String,
    /// "Chrome · Android"; `None` when the user agent says nothing useful.
    pub device: Option<String>,
    pub ip: Option<String>,
    /// Local time (WIB), `YYYY-MM-DD HH:MM`.
    pub signed_in_at: String,
    pub last_seen_at: String,
    /// The session this page was loaded with.
    pub current: bool,
}

/// What the change-password form needs to explain the rules as the user
/// types: the profile, and the holder's NIP and name (which the password
/// must not contain). `forced` is the `update_password` step, where the
/// current password is not asked again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordFormInfo {
    pub forced: bool,
    pub profile: PolicyProfile,
    pub nip: String,
    pub name: String,
}
