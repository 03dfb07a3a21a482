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

/// The fields of this feature's forms that can be refused, each with its message.
pub mod field {
    use crate::error::Field;
    use crate::i18n::Msg;

    pub const KIND: Field = Field::new("correction_kind", Msg::CorrectionInvalid);
    pub const LEVEL: Field = Field::new("correction_level", Msg::CorrectionInvalid);
    pub const INSTITUTION: Field = Field::new("correction_institution", Msg::CorrectionInvalid);
    pub const MAJOR: Field = Field::new("correction_major", Msg::CorrectionInvalid);
    pub const YEAR: Field = Field::new("correction_year", Msg::CorrectionInvalid);
    pub const TARGET: Field = Field::new("correction_target", Msg::CorrectionInvalid);
    pub const DATE: Field = Field::new("correction_date", Msg::CorrectionInvalid);
    pub const NOTE: Field = Field::new("correction_note", Msg::CorrectionInvalid);
    pub const PROPOSAL: Field = Field::new("correction_proposal", Msg::CorrectionInvalid);
    pub const DECISION: Field = Field::new("correction_decision", Msg::CorrectionInvalid);
    pub const EVIDENCE: Field = Field::new("correction_evidence", Msg::CorrectionEvidenceRequired);
    pub const REASON: Field = Field::new("correction_reason", Msg::CorrectionReasonRequired);
}

/// Every field above, for `crate::error::register_fields`.
pub const INVALID_FIELDS: &[crate::error::Field] = &[
    field::KIND,
    field::LEVEL,
    field::INSTITUTION,
    field::MAJOR,
    field::YEAR,
    field::TARGET,
    field::DATE,
    field::NOTE,
    field::PROPOSAL,
    field::DECISION,
    field::EVIDENCE,
    field::REASON,
];
