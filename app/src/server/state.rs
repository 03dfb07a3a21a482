//! State shared by axum handlers and server functions.

use leptos::config::LeptosOptions;
use std::sync::Arc;

use super::db::Db;

/// What server functions need to know about the running configuration.
#[derive(Debug, Clone)]
pub struct ServerSettings {
    /// `true` in production mode: no demo affordances, strict cookies.
    pub production: bool,
    /// Whether cookies carry the `Secure` attribute.
    pub cookie_secure: bool,
}

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub settings: Arc<ServerSettings>,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
