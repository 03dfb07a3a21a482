//! Single sign-on for other personnel services: the portal as an OpenID
//! Connect provider (authorization code flow with PKCE). The HTTP
//! endpoints live in the server crate (`src/oidc_http.rs`); the consent
//! screen and the account's list of services are pages here.

pub mod api;
pub mod pages;
pub mod scope;

#[cfg(feature = "ssr")]
pub mod claims;
#[cfg(feature = "ssr")]
pub mod client;
#[cfg(feature = "ssr")]
pub mod flow;
#[cfg(feature = "ssr")]
pub mod keys;
#[cfg(feature = "ssr")]
pub mod logout;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod token;
