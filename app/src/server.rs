//! Server-only building blocks: database, shared state, clock.

pub mod base64;
pub mod db;
pub mod ip_net;
pub mod state;
pub mod time;

pub use db::{Backend, Db, DbError, DbOptions};
pub use ip_net::IpNet;
pub use state::{AppState, AuthSettings, MfaKeys, OidcSettings, ResetSettings, ServerSettings, SignInCounters};
