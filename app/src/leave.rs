//! Leave (cuti): the PNS and PPPK leave types and their rules as data,
//! the holiday calendar, the annual-leave ledger, requests with the
//! supervisor's consideration and the official's decision, the leave letter
//! with its public verification, and the history.

pub mod api;
pub mod calendar_csv;
#[cfg(feature = "ssr")]
pub mod decisions;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod http;
pub mod ledger;
#[cfg(feature = "ssr")]
pub mod letter;
#[cfg(feature = "ssr")]
pub mod letters;
pub mod model;
pub mod pages;
pub mod refusal;
pub mod request_page;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;
pub mod verify_page;
#[cfg(feature = "ssr")]
pub mod yearly;

/// The fields of this feature's forms that can be refused, each with its message.
pub mod field {
    use crate::error::Field;
    use crate::i18n::Msg;

    /// Where to go after a decision: a form the portal's own pages fill in.
    pub const THEN: Field = Field::new("then", Msg::ErrorBody);
    pub const STEP: Field = Field::new("step", Msg::ErrorBody);
    pub const STAGE: Field = Field::new("stage", Msg::ErrorBody);
}

/// Every field above, for `crate::error::register_fields`.
pub const INVALID_FIELDS: &[crate::error::Field] = &[field::THEN, field::STEP, field::STAGE];
