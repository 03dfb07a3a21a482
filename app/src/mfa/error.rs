//! What the second-factor services refuse, and how each reads on the wire.

use crate::error::{AppError, Logged};
use crate::server::session::Stage;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MfaError {
    /// The session's employee is gone.
    #[error("not signed in")]
    Unauthorized,
    /// No such pending enrolment or device (or not the caller's).
    #[error("not found")]
    NotFound,
    /// The enrolment finished in another tab meanwhile.
    #[error("conflict")]
    Conflict,
    #[error("invalid device name")]
    DeviceNameInvalid,
    #[error("wrong code")]
    WrongCode,
    #[error("code already used")]
    CodeUsed,
    /// The code fits a phone clock `seconds` off.
    #[error("phone clock off by {seconds} s")]
    ClockOff { seconds: i64 },
    /// Too many wrong codes: the account is locked.
    #[error("locked after wrong codes")]
    CodeLocked,
    #[error("current password is wrong")]
    WrongCurrentPassword,
    /// Too many attempts, or every password-hashing slot is busy.
    #[error("too many requests")]
    TooManyRequests,
    #[error("last authenticator")]
    LastAuthenticator,
    /// The session owes another sign-in step first.
    #[error("the session owes {0:?}")]
    StepOwed(Stage),
    #[error(transparent)]
    Internal(#[from] Logged),
}

impl From<MfaError> for AppError {
    fn from(e: MfaError) -> AppError {
        match e {
            MfaError::Unauthorized => AppError::Unauthorized,
            MfaError::NotFound => AppError::NotFound,
            MfaError::Conflict => AppError::Conflict,
            MfaError::DeviceNameInvalid => AppError::DeviceNameInvalid,
            MfaError::WrongCode => AppError::WrongCode,
            MfaError::CodeUsed => AppError::CodeUsed,
            MfaError::ClockOff { seconds } => AppError::ClockOff { seconds },
            MfaError::CodeLocked => AppError::CodeLocked,
            MfaError::WrongCurrentPassword => AppError::WrongCurrentPassword,
            MfaError::TooManyRequests => AppError::TooManyRequests,
            MfaError::LastAuthenticator => AppError::LastAuthenticator,
            MfaError::StepOwed(stage) => crate::server::context::step_owed(stage),
            MfaError::Internal(logged) => logged.into(),
        }
    }
}
