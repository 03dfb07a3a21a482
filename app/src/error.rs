//! The one error type that crosses the wire. It carries a code that the UI
//! translates, never internal text: database and I/O failures are logged on
//! the server (with the request id) and reach the client as `Internal`.

use std::sync::RwLock;

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::domain::password::Violation;
use crate::i18n::{Lang, Msg};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// 400: the input was refused; the field says which and why.
    #[error("invalid input")]
    Validation { field: Field },
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
    /// 400: a feature's own refusal (a leave request overlapping another,
    /// a check-in outside the geofence), on the wire as `{"Leave": …}`.
    #[error("refused")]
    #[serde(untagged)]
    Refused(Refusal),
}

/// `?` for a failure whose detail the client must not see: logged with the
/// caller's file and line, then carried as [`Logged`], which every
/// feature's error type and `AppError` (as `Internal`) take in.
pub trait OrInternal<T> {
    fn or_internal(self) -> Result<T, Logged>;
}

impl<T, E: std::fmt::Display> OrInternal<T> for Result<T, E> {
    #[track_caller]
    fn or_internal(self) -> Result<T, Logged> {
        match self {
            Ok(value) => Ok(value),
            Err(e) => Err(Logged::log(e)),
        }
    }
}

/// A failure that was logged where it happened; the client learns only
/// that something went wrong (`AppError::Internal`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("internal error (logged)")]
pub struct Logged;

impl Logged {
    /// Logs the failure with the caller's file and line.
    #[track_caller]
    pub fn log(e: impl std::fmt::Display) -> Logged {
        #[cfg(feature = "ssr")]
        tracing::error!(error = %e, at = %std::panic::Location::caller(), "a request failed");
        #[cfg(not(feature = "ssr"))]
        let _ = e;
        Logged
    }
}

impl From<Logged> for AppError {
    fn from(_: Logged) -> AppError {
        AppError::Internal
    }
}

/// A feature's refusal, typed where it is made and read ([`RefusalKind`]),
/// carried here as the feature's name and the refusal's serialised form,
/// so this layer knows no feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub feature: String,
    pub detail: serde_json::Value,
}

/// A feature's refusal type, with its words beside it.
pub trait RefusalKind: Serialize + DeserializeOwned {
    /// The feature's key on the wire (`"Leave"`, `"Attendance"`).
    const FEATURE: &'static str;
    /// The fixed message of the refusal.
    fn message(&self) -> Msg;
    /// The full sentence, with the details a fixed message cannot hold.
    fn text(&self, lang: Lang) -> String {
        self.message().text(lang).to_string()
    }
}

impl Refusal {
    /// The typed refusal, when it is `R`'s.
    pub fn kind<R: RefusalKind>(&self) -> Option<R> {
        (self.feature == R::FEATURE).then(|| serde_json::from_value(self.detail.clone()).ok()).flatten()
    }
}

impl Serialize for Refusal {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(&self.feature, &self.detail)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for Refusal {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = serde_json::Map::<String, serde_json::Value>::deserialize(deserializer)?;
        let mut entries = map.into_iter();
        match (entries.next(), entries.next()) {
            (Some((feature, detail)), None) => Ok(Refusal { feature, detail }),
            _ => Err(serde::de::Error::custom("a refusal is one feature's key and its detail")),
        }
    }
}

/// The words of one feature's refusals, as the registry keeps them.
struct RefusalWords {
    feature: &'static str,
    message: fn(&Refusal) -> Option<Msg>,
    text: fn(&Refusal, Lang) -> Option<String>,
}

static REFUSALS: RwLock<Vec<RefusalWords>> = RwLock::new(Vec::new());
static FIELDS: RwLock<Vec<Field>> = RwLock::new(Vec::new());

/// Makes `R`'s refusals readable wherever an error is shown (once, however
/// often called). `crate::register_errors` registers every feature's.
pub fn register_refusal<R: RefusalKind>() {
    let mut words = REFUSALS.write().unwrap_or_else(std::sync::PoisonError::into_inner);
    if !words.iter().any(|w| w.feature == R::FEATURE) {
        words.push(RefusalWords {
            feature: R::FEATURE,
            message: |r| r.kind::<R>().map(|k| k.message()),
            text: |r, lang| r.kind::<R>().map(|k| k.text(lang)),
        });
    }
}

/// Makes a feature's fields known by their wire names, so that a refused
/// field read back from the wire (in the browser) has its message. A name
/// names one field of the whole portal: a feature prefixes its own
/// (`correction_reason`, `admin_email`); two fields of one name panic.
pub fn register_fields(fields: &[Field]) {
    let mut known = FIELDS.write().unwrap_or_else(std::sync::PoisonError::into_inner);
    for &field in fields {
        match known.iter().find(|f| f.name == field.name) {
            Some(f) if *f == field => {}
            Some(_) => panic!("the field name {:?} is declared twice", field.name),
            None => known.push(field),
        }
    }
}

fn refusal_words<T>(refusal: &Refusal, pick: impl Fn(&RefusalWords) -> Option<T>) -> Option<T> {
    let words = REFUSALS.read().unwrap_or_else(std::sync::PoisonError::into_inner);
    words.iter().filter(|w| w.feature == refusal.feature).find_map(pick)
}

/// One input field that can be refused: its name on the wire and the
/// message that says what is wrong with it. Each feature declares its own
/// as constants (`leave::field::THEN`), so nothing matches on a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    name: &'static str,
    message: Msg,
}

impl Field {
    /// A request whose arguments could not be read at all.
    pub const UNREADABLE: Field = Field::new("", Msg::ErrorBody);

    pub const fn new(name: &'static str, message: Msg) -> Field {
        Field { name, message }
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    pub fn message(&self) -> Msg {
        self.message
    }
}

impl Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name)
    }
}

impl<'de> Deserialize<'de> for Field {
    /// The registered field of that name; one this build does not know
    /// reads as [`Field::UNREADABLE`].
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        let known = FIELDS.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        Ok(known.iter().find(|f| f.name == name).copied().unwrap_or(Field::UNREADABLE))
    }
}

impl AppError {
    /// A refused input of this field.
    pub fn invalid(field: Field) -> AppError {
        AppError::Validation { field }
    }

    /// A feature's refusal.
    pub fn refused<R: RefusalKind>(refusal: R) -> AppError {
        match serde_json::to_value(&refusal) {
            Ok(detail) => AppError::Refused(Refusal { feature: R::FEATURE.to_string(), detail }),
            Err(_) => AppError::Internal,
        }
    }

    /// Logs a failure whose detail the client must not see (with where it
    /// happened) and answers `Internal`.
    #[track_caller]
    pub fn internal(e: impl std::fmt::Display) -> AppError {
        Logged::log(e).into()
    }

    pub fn message(&self) -> Msg {
        match self {
            AppError::NotFound => Msg::NotFoundTitle,
            AppError::Forbidden => Msg::Forbidden,
            AppError::Validation { field } => field.message(),
            AppError::Conflict => Msg::ConflictReload,
            AppError::Refused(refusal) => refusal_words(refusal, |w| (w.message)(refusal)).unwrap_or(Msg::ErrorBody),
            AppError::InvalidCredentials => Msg::SignInInvalid,
            AppError::ReauthRequired => Msg::AdminReauthRequired,
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
            AppError::Internal | AppError::Transport => Msg::ErrorBody,
        }
    }

    /// The HTTP status that goes with the error.
    #[cfg(feature = "ssr")]
    pub fn http_status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::Validation { .. }
            | AppError::WrongCurrentPassword
            | AppError::PasswordMismatch
            | AppError::WeakPassword { .. }
            | AppError::WrongCode
            | AppError::CodeUsed
            | AppError::ClockOff { .. }
            | AppError::DeviceNameInvalid
            | AppError::WrongCaptcha
            | AppError::CaptchaRequired
            | AppError::ResetExpired
            | AppError::WrongResetCode
            | AppError::ResetCodeExpired
            | AppError::ResetCodeSpent
            | AppError::Refused(_) => StatusCode::BAD_REQUEST,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Conflict | AppError::LastAuthenticator => StatusCode::CONFLICT,
            AppError::InvalidCredentials | AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden
            | AppError::PasswordChangeRequired
            | AppError::SecondFactorRequired
            | AppError::EnrolmentRequired
            | AppError::ReauthRequired => StatusCode::FORBIDDEN,
            AppError::TooManyRequests | AppError::CodeLocked => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal | AppError::Transport => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn text(&self, lang: Lang) -> &'static str {
        self.message().text(lang)
    }

    /// The full text to show, with the details a fixed message cannot hold
    /// (how far off the phone's clock is).
    pub fn explain(&self, lang: Lang) -> String {
        match self {
            AppError::ClockOff { seconds } => clock_off_text(*seconds, lang),
            AppError::Refused(refusal) => {
                refusal_words(refusal, |w| (w.text)(refusal, lang)).unwrap_or_else(|| self.text(lang).to_string())
            }
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
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => AppError::invalid(Field::UNREADABLE),
            _ => AppError::Internal,
        }
    }
}
