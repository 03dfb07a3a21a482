//! Server-only building blocks: database, shared state, clock.

pub mod base64;
pub mod blob_store;
pub mod captcha;
pub mod context;
pub mod csv;
pub mod db;
pub mod hasher;
pub mod ip_net;
pub mod lease_queue;
pub mod rate_limit;
pub mod request_info;
pub mod schedule;
pub mod secret_box;
pub mod session;
pub mod state;
pub mod stream_slots;
pub mod time;

pub use db::{Backend, Db, DbError, DbOptions};
pub use ip_net::IpNet;
pub use state::{AppState, AuthSettings, MfaKeys, OidcSettings, ResetSettings, ServerSettings, SignInCounters};
