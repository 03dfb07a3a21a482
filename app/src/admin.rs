//! The agency admin console (BKPSDM): finding an employee of the admin's
//! agencies and seeing, on one page, why they cannot get in (account state,
//! sessions, authenticators, recent sign-in events) and what their cabinet
//! holds; account actions with a reason (audited, e-mailed); the employee
//! CSV import with a preview; archive completeness with reminders; the
//! audit viewer with its live feed and CSV. Every query is scoped to the
//! admin's agencies in the repository layer; an employee elsewhere is not
//! found. Actions need a recent sign-in; `ASN_ADMIN_NETWORKS` can limit
//! where the console is used from.

#[cfg(feature = "ssr")]
pub mod actions;
pub mod api;
#[cfg(feature = "ssr")]
pub mod archive;
pub mod archive_page;
#[cfg(feature = "ssr")]
pub mod audit_log;
pub mod audit_page;
#[cfg(feature = "ssr")]
pub mod http;
#[cfg(feature = "ssr")]
pub mod import;
pub mod import_page;
#[cfg(feature = "ssr")]
mod mail;
pub mod model;
pub mod pages;
pub mod panel;
#[cfg(feature = "ssr")]
pub mod repo;

/// The messages of this feature's invalid fields (`crate::error::register_fields`).
pub const INVALID_FIELDS: &[(&str, crate::i18n::Msg)] = &[
    ("admin_reason", crate::i18n::Msg::AdminReasonInvalid),
    ("admin_email", crate::i18n::Msg::AdminEmailInvalid),
    ("admin_self", crate::i18n::Msg::AdminNotOnSelf),
    ("admin_role_holder", crate::i18n::Msg::AdminRoleHolderNeedsNational),
    ("admin_national_cli", crate::i18n::Msg::AdminNationalCliOnly),
    ("admin_csv", crate::i18n::Msg::AdminImportUnreadable),
];
