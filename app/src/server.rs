//! Server-only building blocks: database, shared state, clock.

pub mod base64;
pub mod db;
pub mod state;
pub mod time;

pub use db::{Backend, Db, DbError, DbOptions};
pub use state::{AppState, AuthSettings, MfaKeys, ResetSettings, ServerSettings, SignInCounters};
