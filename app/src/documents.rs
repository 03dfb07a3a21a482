//! The document cabinet (Lemari Digital): an employee's personnel
//! archives, stored encrypted, recognised by content, and every view and
//! download recorded for the owner to see.

pub mod api;
pub mod document_page;
#[cfg(feature = "ssr")]
pub mod http;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
pub mod sniff;
