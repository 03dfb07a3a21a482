//! The asn-portal server: configuration, start-up, router and middleware,
//! and the command line. The Leptos application lives in the `app` crate.

pub mod admin_http;
pub mod attendance_csv;
pub mod cli;
pub mod config;
pub mod documents_http;
pub mod events;
pub mod hash_bench;
pub mod leave_http;
pub mod mail_worker;
pub mod middleware;
pub mod oidc_http;
pub mod ops;
pub mod router;
pub mod serve;
pub mod signed_in;
pub mod startup;
pub mod stream_slots;
pub mod telemetry;
