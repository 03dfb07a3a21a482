//! State shared by axum handlers and server functions.

use leptos::config::LeptosOptions;
use std::sync::Arc;

use super::blob_store::BlobStore;
use super::db::Db;
use super::time::Clock;
use crate::domain::password::PolicyProfile;
use crate::server::hasher::Hasher;

/// What server functions need to know about the running configuration.
#[derive(Debug, Clone)]
pub struct ServerSettings {
    /// `true` in production mode: no demo affordances, strict cookies.
    pub production: bool,
    /// Whether cookies carry the `Secure` attribute (and the session cookie
    /// the `__Host-` prefix).
    pub cookie_secure: bool,
    pub auth: AuthSettings,
    pub reset: ResetSettings,
    pub oidc: OidcSettings,
    /// The portal's public address without a trailing slash
    /// (`ASN_PUBLIC_URL`), for links printed on letters.
    pub public_url: String,
}

/// Lifetimes and limits of the OpenID Connect provider, in seconds.
#[derive(Debug, Clone)]
pub struct OidcSettings {
    /// Access tokens (`ASN_OIDC_ACCESS_TOKEN_MINUTES`).
    pub access_ttl: i64,
    /// ID tokens: as long as the access token they come with.
    pub id_token_ttl: i64,
    /// Refresh tokens (`ASN_OIDC_REFRESH_TOKEN_HOURS`); each also dies with
    /// the portal session it came from.
    pub refresh_ttl: i64,
    /// Authorization codes: one minute.
    pub code_ttl: i64,
    /// Token requests per client address and minute (`ASN_OIDC_TOKEN_LIMIT_PER_MINUTE`).
    pub token_per_minute: i64,
}

impl Default for OidcSettings {
    fn default() -> Self {
        OidcSettings { access_ttl: 300, id_token_ttl: 300, refresh_ttl: 8 * 3600, code_ttl: 60, token_per_minute: 120 }
    }
}

/// The reset wizard's rules; every number is configuration.
#[derive(Debug, Clone)]
pub struct ResetSettings {
    /// `false` only with `ASN_CAPTCHA=off` (automated tests; production refuses it).
    pub captcha: bool,
    /// Wizard requests per client address per hour, on every step.
    pub ip_per_hour: i64,
    /// Wizard requests naming one NIP per hour, on every step.
    pub nip_per_hour: i64,
    /// How long an e-mailed code is valid (seconds; at most 10 minutes).
    pub code_ttl: i64,
}

impl Default for ResetSettings {
    fn default() -> Self {
        Self { captcha: true, ip_per_hour: 30, nip_per_hour: 20, code_ttl: 600 }
    }
}

/// Sign-in, session and lockout rules; every number is configuration.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    pub policy: PolicyProfile,
    /// A session unused this long (seconds) ends.
    pub session_idle: i64,
    /// A session ends this long (seconds) after sign-in, used or not.
    pub session_absolute: i64,
    /// Failures before the first temporary lock, and between later ones.
    pub lockout_threshold: i64,
    /// Length of the first temporary lock (seconds); each next one doubles.
    pub lockout_base: i64,
    /// No temporary lock lasts longer (seconds): wrong passwords alone
    /// never lock an account for good.
    pub lockout_max: i64,
    /// Wrong second factors (authenticator or recovery codes, typed after
    /// the right password) after which only an agency admin can unlock.
    pub lockout_permanent_after: i64,
    /// Wrong passwords for one NIP within the hour after which its sign-in
    /// form asks for a captcha too (unknown NIPs alike).
    pub captcha_after: i64,
    /// Sign-in attempts per client address per minute.
    pub ip_attempts_per_minute: i64,
    /// Admin actions need both factors proven this recently (seconds);
    /// older sessions re-enter password and code first.
    pub admin_reauth: i64,
    /// Where the admin console may be used from (`ASN_ADMIN_NETWORKS`);
    /// empty: anywhere.
    pub admin_networks: Vec<super::IpNet>,
}

impl Default for AuthSettings {
    fn default() -> Self {
        Self {
            policy: PolicyProfile::Portal,
            session_idle: 30 * 60,
            session_absolute: 12 * 3600,
            lockout_threshold: 5,
            lockout_base: 5 * 60,
            lockout_max: 15 * 60,
            lockout_permanent_after: 20,
            captcha_after: 3,
            ip_attempts_per_minute: 30,
            admin_reauth: 15 * 60,
            admin_networks: Vec::new(),
        }
    }
}

/// Sign-in attempts by outcome since start, for `/metrics` (a rise in
/// refusals or limits is what a password-guessing campaign looks like).
#[derive(Debug, Default)]
pub struct SignInCounters {
    pub succeeded: std::sync::atomic::AtomicU64,
    pub refused: std::sync::atomic::AtomicU64,
    pub limited: std::sync::atomic::AtomicU64,
}

impl SignInCounters {
    pub fn count(counter: &std::sync::atomic::AtomicU64) {
        counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// `(outcome label, count)` pairs.
    pub fn snapshot(&self) -> [(&'static str, u64); 3] {
        let get = |c: &std::sync::atomic::AtomicU64| c.load(std::sync::atomic::Ordering::Relaxed);
        [("succeeded", get(&self.succeeded)), ("refused", get(&self.refused)), ("limited", get(&self.limited))]
    }
}

/// Keys of the second factor. Never printed.
pub struct MfaKeys {
    /// Seals TOTP seeds at rest (`ASN_TOTP_KEYS`).
    pub keyring: crate::server::secret_box::Keyring,
    /// Keys the hashes of recovery codes (derived from `ASN_SECRET_KEY`).
    pub recovery_key: zeroize::Zeroizing<[u8; 32]>,
    /// The issuer authenticator apps show (`ASN_TOTP_ISSUER`).
    pub issuer: String,
}

impl std::fmt::Debug for MfaKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MfaKeys").field("keyring", &self.keyring).field("issuer", &self.issuer).finish_non_exhaustive()
    }
}

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub settings: Arc<ServerSettings>,
    pub hasher: Hasher,
    pub clock: Arc<dyn Clock>,
    pub sign_ins: Arc<SignInCounters>,
    pub mfa: Arc<MfaKeys>,
    /// The document cabinet's blob store and upload limit.
    pub documents: Arc<DocumentSettings>,
    /// The open event streams' caps and their shutdown signal.
    pub events: super::stream_slots::EventStreams,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The cabinet's part of the server state.
#[derive(Debug, Clone)]
pub struct DocumentSettings {
    pub store: BlobStore,
    /// The largest file accepted (`ASN_UPLOAD_MAX_BYTES`).
    pub max_bytes: u64,
    /// Who besides the owner and the agency's admins may read documents.
    pub policy: AccessPolicy,
    /// What an employee's own uploads into their cabinet may occupy in all,
    /// every version kept included (`ASN_CABINET_QUOTA_BYTES`). Filings by
    /// admins do not count.
    pub quota_bytes: u64,
    /// Uploads one person may start per hour (`ASN_UPLOADS_PER_HOUR`).
    pub uploads_per_hour: i64,
}

/// Readers beyond the owner and the agency's admins.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AccessPolicy {
    /// Supervisors read (never change) the cabinets of everyone below
    /// them in the supervisor chain (`ASN_DOCUMENTS_SUPERVISOR_ACCESS`).
    pub supervisors_read: bool,
}
