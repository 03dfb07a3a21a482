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
    /// 403: signed in, but this is not the caller's to do.
    #[error("forbidden")]
    Forbidden,
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
    /// 403: the code from the authenticator comes first.
    #[error("second factor required")]
    SecondFactorRequired,
    /// 403: an authenticator must be set up first.
    #[error("enrolment required")]
    EnrolmentRequired,
    /// 400: the one-time or recovery code is wrong.
    #[error("wrong code")]
    WrongCode,
    /// 400: the code was right but already used.
    #[error("code already used")]
    CodeUsed,
    /// 400: the code fits the phone's clock, not the server's: the phone
    /// is `seconds` ahead (negative: behind). Never accepted.
    #[error("phone clock off")]
    ClockOff { seconds: i64 },
    /// 429: too many wrong codes; the session ended and the account is locked.
    #[error("locked after wrong codes")]
    CodeLocked,
    /// 400: the device name is empty or too long.
    #[error("invalid device name")]
    DeviceNameInvalid,
    /// 409: the last authenticator cannot be removed.
    #[error("last authenticator")]
    LastAuthenticator,
    /// 400: the captcha answer is wrong or expired (a new one is shown).
    #[error("wrong captcha")]
    WrongCaptcha,
    /// 400: after repeated wrong answers for this NIP, the sign-in form
    /// must carry a solved captcha too (one is shown).
    #[error("captcha required")]
    CaptchaRequired,
    /// 400: the reset flow expired or is at another step: start again.
    #[error("reset expired")]
    ResetExpired,
    /// 400: the e-mailed code is wrong.
    #[error("wrong reset code")]
    WrongResetCode,
    /// 400: the e-mailed code expired.
    #[error("reset code expired")]
    ResetCodeExpired,
    /// 400: too many wrong codes; ask for a new one.
    #[error("reset code spent")]
    ResetCodeSpent,
    /// 429: too many attempts, or every password-hashing slot is busy.
    #[error("too many requests")]
    TooManyRequests,
    /// 400: a check-in or check-out was refused, and why.
    #[error("attendance refused")]
    Attendance(crate::attendance::model::AttendanceRefusal),
    /// 400: a leave request or a step on it was refused, and why.
    #[error("leave refused")]
    Leave(crate::leave::model::LeaveRefusal),
    /// 403: an admin action needs both factors proven again (the session
    /// proved them longer ago than `ASN_ADMIN_REAUTH_MINUTES`).
    #[error("re-authentication required")]
    ReauthRequired,
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
            AppError::Forbidden => Msg::Forbidden,
            AppError::Validation { field } if field == "title" => Msg::NoticeTitleInvalid,
            AppError::Validation { field } if field == "body" => Msg::NoticeBodyInvalid,
            AppError::Validation { field } if field == "scope" => Msg::NoticeScopeInvalid,
            AppError::Validation { field } if field == "dates" => Msg::NoticeDatesInvalid,
            AppError::Validation { field } if field == "reason" => Msg::WfaReasonInvalid,
            AppError::Validation { field } if field == "wfa_nip" => Msg::WfaNipUnknown,
            AppError::Validation { field } if field == "wfa_dates" => Msg::WfaDatesInvalid,
            AppError::Validation { field } if field == "correction_evidence" => Msg::CorrectionEvidenceRequired,
            AppError::Validation { field } if field == "correction_reason" => Msg::CorrectionReasonRequired,
            AppError::Validation { field } if field.starts_with("correction_") => Msg::CorrectionInvalid,
            AppError::Conflict => Msg::ConflictReload,
            AppError::Validation { field } if field == "month" => Msg::AttendanceMonthInvalid,
            AppError::Attendance(refusal) => crate::attendance::api::refusal_message(refusal),
            AppError::Leave(refusal) => crate::leave::api::refusal_message(refusal),
            AppError::InvalidCredentials => Msg::SignInInvalid,
            AppError::ReauthRequired => Msg::AdminReauthRequired,
            AppError::Validation { field } if field == "admin_reason" => Msg::AdminReasonInvalid,
            AppError::Validation { field } if field == "admin_email" => Msg::AdminEmailInvalid,
            AppError::Validation { field } if field == "admin_self" => Msg::AdminNotOnSelf,
            AppError::Validation { field } if field == "reset_second_factor" => Msg::ResetNeedsSecondFactor,
            AppError::Validation { field } if field == "admin_role_holder" => Msg::AdminRoleHolderNeedsNational,
            AppError::Validation { field } if field == "admin_national_cli" => Msg::AdminNationalCliOnly,
            AppError::Validation { field } if field == "admin_csv" => Msg::AdminImportUnreadable,
            AppError::Unauthorized => Msg::SignInRequired,
            AppError::TooManyRequests => Msg::TooManyRequests,
            AppError::PasswordChangeRequired => Msg::PasswordChangeRequired,
            AppError::WrongCurrentPassword => Msg::WrongCurrentPassword,
            AppError::PasswordMismatch => Msg::PasswordMismatch,
            AppError::WeakPassword { .. } => Msg::WeakPassword,
            AppError::SecondFactorRequired => Msg::SecondFactorRequired,
            AppError::EnrolmentRequired => Msg::EnrolmentRequired,
            AppError::WrongCode | AppError::ClockOff { .. } => Msg::WrongCode,
            AppError::CodeUsed => Msg::CodeUsed,
            AppError::CodeLocked => Msg::CodeLocked,
            AppError::DeviceNameInvalid => Msg::DeviceNameInvalid,
            AppError::LastAuthenticator => Msg::LastAuthenticator,
            AppError::WrongCaptcha => Msg::WrongCaptcha,
            AppError::CaptchaRequired => Msg::SignInCaptchaRequired,
            AppError::ResetExpired => Msg::ResetExpired,
            AppError::WrongResetCode => Msg::WrongResetCode,
            AppError::ResetCodeExpired => Msg::ResetCodeExpired,
            AppError::ResetCodeSpent => Msg::ResetCodeSpent,
            AppError::Validation { field } if field == "nip" => Msg::ResetNipInvalid,
            AppError::Validation { field } if field == "email" => Msg::ResetEmailInvalid,
            _ => Msg::ErrorBody,
        }
    }

    /// The HTTP status that goes with the error.
    #[cfg(feature = "ssr")]
    pub fn http_status(&self) -> http::StatusCode {
        crate::auth::api::server::status_of(self)
    }

    pub fn text(&self, lang: Lang) -> &'static str {
        self.message().text(lang)
    }

    /// The full text to show, with the details a fixed message cannot hold
    /// (how far off the phone's clock is).
    pub fn explain(&self, lang: Lang) -> String {
        match self {
            AppError::ClockOff { seconds } => clock_off_text(*seconds, lang),
            AppError::Attendance(refusal) => crate::attendance::api::refusal_text(refusal, lang),
            AppError::Leave(refusal) => crate::leave::api::refusal_text(refusal, lang),
            other => other.text(lang).to_string(),
        }
    }
}

/// Plain words for a phone whose clock is off, and how to fix it.
pub fn clock_off_text(seconds: i64, lang: Lang) -> String {
    let minutes = ((seconds.abs() + 30) / 60).max(1);
    match lang {
        Lang::Id => format!(
            "Kode ini cocok dengan waktu ponsel Anda, tetapi jam ponsel Anda sekitar {minutes} menit lebih {} dari waktu \
             sebenarnya, jadi kode tidak dapat diterima. Buka Pengaturan → Tanggal & waktu, aktifkan \"Atur otomatis\" \
             (waktu dari jaringan), lalu masukkan kode yang baru.",
            if seconds > 0 { "cepat" } else { "lambat" }
        ),
        Lang::En => format!(
            "This code fits your phone's clock, but that clock is about {minutes} minute{} {} the real time, so the code \
             cannot be accepted. Open Settings → Date & time, turn on \"Set automatically\" (network time), then enter \
             the new code.",
            if minutes == 1 { "" } else { "s" },
            if seconds > 0 { "ahead of" } else { "behind" }
        ),
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
