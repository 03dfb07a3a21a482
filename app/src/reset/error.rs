//! What the reset wizard refuses, and how each reads on the wire.

use crate::domain::password::Violation;
use crate::error::{AppError, Field, Logged};
use crate::mfa::error::MfaError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResetError {
    /// Too many attempts, or every password-hashing slot is busy.
    #[error("too many requests")]
    TooManyRequests,
    /// The flow expired or is at another step: start again.
    #[error("reset expired")]
    Expired,
    #[error("invalid {}", .0.name())]
    Invalid(Field),
    #[error("wrong captcha")]
    WrongCaptcha,
    #[error("wrong reset code")]
    WrongCode,
    #[error("reset code expired")]
    CodeExpired,
    /// Too many wrong codes: ask for a new one.
    #[error("reset code spent")]
    CodeSpent,
    #[error("weak password")]
    WeakPassword { violations: Vec<Violation> },
    #[error("passwords differ")]
    PasswordMismatch,
    /// A lost authenticator is proven by the current password: it was wrong.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// The second factor a password reset also needs was refused.
    #[error(transparent)]
    SecondFactor(#[from] MfaError),
    #[error(transparent)]
    Internal(#[from] Logged),
}

impl From<ResetError> for AppError {
    fn from(e: ResetError) -> AppError {
        match e {
            ResetError::TooManyRequests => AppError::TooManyRequests,
            ResetError::Expired => AppError::ResetExpired,
            ResetError::Invalid(field) => AppError::invalid(field),
            ResetError::WrongCaptcha => AppError::WrongCaptcha,
            ResetError::WrongCode => AppError::WrongResetCode,
            ResetError::CodeExpired => AppError::ResetCodeExpired,
            ResetError::CodeSpent => AppError::ResetCodeSpent,
            ResetError::WeakPassword { violations } => AppError::WeakPassword { violations },
            ResetError::PasswordMismatch => AppError::PasswordMismatch,
            ResetError::InvalidCredentials => AppError::InvalidCredentials,
            ResetError::SecondFactor(e) => e.into(),
            ResetError::Internal(logged) => logged.into(),
        }
    }
}
