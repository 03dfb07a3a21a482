//! Integration tests against the real server on port 0, each on a fresh
//! SQLite file and (under `postgres::`) a fresh PostgreSQL database.
//!
//! `scripts/test.sh` runs the `sqlite::` half always and the `postgres::` half
//! when PostgreSQL answers (always in CI).

mod helpers;

mod account_pages;
mod accounts;
mod admin_actions;
mod admin_console;
mod admin_views;
mod announcements;
mod assets;
mod attendance;
mod audit_chain;
mod blob_bucket;
mod calendar_console;
mod cli;
mod corrections;
mod documents;
mod every_route;
mod faults;
mod health;
mod help;
mod hours_console;
mod hostile;
mod import;
mod language;
mod leave;
mod legacy_passwords;
mod mail;
mod mfa_sign_in;
mod mfa_store;
mod my_data;
mod notifications;
mod offices_console;
mod oidc;
mod organisation;
mod reset;
mod roles_console;
mod scheduled_jobs;
mod schema;
mod security;
mod server_starts;
mod shutdown;
mod sign_in;
mod smtp_sink;
mod sql_log;
mod transactions;
