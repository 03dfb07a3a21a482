//! The types the pages and the server functions share.

use serde::{Deserialize, Serialize};

use super::scope::Scope;

/// What the consent screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentView {
    pub client_name: String,
    /// The portal's address of the service's logo.
    pub logo: Option<String>,
    pub scopes: Vec<Scope>,
    /// The pending request, posted back with the answer.
    pub request: String,
}

/// A service the employee has signed in to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectedService {
    pub client_id: String,
    pub name: String,
    /// The portal's address of the service's logo.
    pub logo: Option<String>,
    pub scopes: Vec<Scope>,
    /// Local time (WIB), `YYYY-MM-DD HH:MM`; `None` before the first token.
    pub last_used: Option<String>,
}
