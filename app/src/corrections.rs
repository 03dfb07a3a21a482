//! Data-correction requests: the employee proposes one change to their
//! personnel record, with an evidence document from their cabinet; an
//! admin of their agency accepts it (applied in the same transaction, the
//! old value kept) or rejects it with a reason. Everything is notified and
//! audited.

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

/// The messages of this feature's invalid fields (`crate::error::register_fields`;
/// `correction_*` is every other field of a correction).
pub const INVALID_FIELDS: &[(&str, crate::i18n::Msg)] = &[
    ("correction_evidence", crate::i18n::Msg::CorrectionEvidenceRequired),
    ("correction_reason", crate::i18n::Msg::CorrectionReasonRequired),
    ("correction_*", crate::i18n::Msg::CorrectionInvalid),
];
