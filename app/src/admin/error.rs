//! What the console refuses, and how each reads on the wire.

use crate::error::{AppError, Field, Logged};

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// Not an admin of any agency.
    #[error("forbidden")]
    Forbidden,
    /// No such employee in the admin's agencies.
    #[error("not found")]
    NotFound,
    /// An action the rules refuse (on oneself, on another admin), or a
    /// form field that does not read.
    #[error("invalid {}", .0.name())]
    Invalid(Field),
    /// The account changed under the action.
    #[error("conflict")]
    Conflict,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Internal(#[from] Logged),
}

impl From<AdminError> for AppError {
    fn from(e: AdminError) -> Self {
        match e {
            AdminError::Forbidden => Self::Forbidden,
            AdminError::NotFound => Self::NotFound,
            AdminError::Invalid(field) => Self::invalid(field),
            AdminError::Conflict => Self::Conflict,
            AdminError::Db(e) => {
                tracing::error!(error = %e, "an admin console query failed");
                Self::Internal
            }
            AdminError::Internal(logged) => logged.into(),
        }
    }
}
