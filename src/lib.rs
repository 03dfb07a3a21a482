//! The asn-portal server: configuration, start-up, router and middleware,
//! and the command line. The Leptos application lives in the `app` crate.

pub mod cli;
pub mod config;
pub mod hash_bench;
pub mod mail_worker;
pub mod middleware;
pub mod ops;
pub mod router;
pub mod serve;
pub mod startup;
pub mod telemetry;
