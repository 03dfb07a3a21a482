//! The one error type that crosses the wire. It carries a code that the UI
//! translates, never internal text: database and I/O failures are logged on
//! the server (with the request id) and reach the client as `Internal`.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::auth::password::Violation;
use crate::i18n::{Lang, Msg};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// 400: the input was refused; the field and a message code say why.
    #[error("invalid input")]
    Validation { field: String },
    /// 404: no such object, or not one the caller may see.
    #[error("not found")]
    NotFound,
    /// 409: the state changed under the request.
    #[error("conflict")]
    Conflict,
    /// 401: the NIP or password is wrong, or the account is locked. One
    /// variant for all of these on purpose.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// 401: the page needs a signed-in user.
    #[error("not signed in")]
    Unauthorized,
    /// 403: a new password must be chosen before anything else opens.
    #[error("password change required")]
    PasswordChangeRequired,
    /// 400: the current password typed into a form is wrong.
    #[error("current password is wrong")]
    WrongCurrentPassword,
    /// 400: the new password and its confirmation differ.
    #[error("passwords differ")]
    PasswordMismatch,
    /// 400: the new password breaks these rules.
    #[error("weak password")]
    WeakPassword { violations: Vec<Violation> },
    /// 429: too many attempts, or every password-hashing slot is busy.
    #[error("too many requests")]
    TooManyRequests,
    /// 500: logged on the server, never detailed to the client.
    #[error("internal error")]
    Internal,
    /// The transport failed (offline, server restarting).
    #[error("transport error")]
    Transport,
}

impl AppError {
    pub fn message(&self) -> Msg {
        match self {
            AppError::NotFound => Msg::NotFoundTitle,
            AppError::InvalidCredentials => Msg::SignInInvalid,
            AppError::Unauthorized => Msg::SignInRequired,
            AppError::TooManyRequests => Msg::TooManyRequests,
            AppError::PasswordChangeRequired => Msg::PasswordChangeRequired,
            AppError::WrongCurrentPassword => Msg::WrongCurrentPassword,
            AppError::PasswordMismatch => Msg::PasswordMismatch,
            AppError::WeakPassword { .. } => Msg::WeakPassword,
            _ => Msg::ErrorBody,
        }
    }

    pub fn text(&self, lang: Lang) -> &'static str {
        self.message().text(lang)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Transport,
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::Validation { field: String::new() }
            }
            _ => AppError::Internal,
        }
    }
}
