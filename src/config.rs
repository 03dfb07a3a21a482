//! Configuration: an optional TOML file, then `ASN_*` environment variables
//! (which win). Every problem is collected and reported at once; production
//! mode refuses insecure settings instead of falling back to defaults.
//!
//! File keys are the variable names without the `ASN_` prefix, lower-cased
//! (`ASN_PUBLIC_URL` → `public_url`). The README lists every key.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use app::domain::password::PolicyProfile;
use app::server::hasher::HashParams;
use app::server::{AuthSettings, DbOptions};
use url::Url;

use crate::middleware::client_ip::{IpNet, TrustedProxies};

mod auth;
mod documents;
mod mail;
mod totp;

pub use documents::{DEFAULT_UPLOAD_MAX_BYTES, DocumentConfig};
pub use mail::{MailSettings, MailTransport, SmtpUrl};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Dev,
    Production,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// Every setting, as documented in the README.
#[derive(Debug, Clone)]
pub struct Config {
    pub mode: Mode,
    pub bind: SocketAddr,
    pub public_url: Url,
    pub data_dir: PathBuf,
    pub database: DbOptions,
    pub secret_key: SecretKey,
    pub cookie_secure: bool,
    pub demo_data: bool,
    /// This instance runs the scheduled jobs (`ASN_SCHEDULED_JOBS`).
    pub scheduled_jobs: bool,
    pub site_dir: PathBuf,
    pub max_body_bytes: usize,
    pub request_timeout: Duration,
    /// How long a client may take to send a request's headers (slow
    /// clients that trickle them are cut off: no slowloris).
    pub header_timeout: Duration,
    pub shutdown_timeout: Duration,
    pub log_format: LogFormat,
    pub log_filter: String,
    pub metrics_token: Option<String>,
    /// Open event streams one session may hold, and this instance in all.
    pub event_streams_per_session: usize,
    pub event_streams_max: usize,
    pub passwords: PasswordSettings,
    pub auth: AuthSettings,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: TrustedProxies,
    /// Outgoing mail.
    pub mail: MailSettings,
    /// Keys of the second factor (TOTP seeds, recovery codes).
    pub mfa: std::sync::Arc<app::server::MfaKeys>,
    /// The reset wizard: captcha, rate limits, code lifetime.
    pub reset: app::server::ResetSettings,
    /// The OpenID Connect provider's token lifetimes and limit.
    pub oidc: app::server::OidcSettings,
    /// The document cabinet: blob store and upload limit.
    pub documents: DocumentConfig,
}

/// How passwords are checked and hashed.
#[derive(Debug, Clone)]
pub struct PasswordSettings {
    pub profile: PolicyProfile,
    pub params: HashParams,
    /// Argon2 computations at once; more wait or get 429.
    pub concurrency: usize,
    /// How long a sign-in waits for a hashing slot.
    pub queue_timeout: Duration,
}

/// The key that signs and protects server-side secrets. Never printed.
#[derive(Clone)]
pub struct SecretKey(String);

impl SecretKey {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

/// Every key the configuration understands, with its environment variable.
pub const KEYS: [&str; 66] = [
    "mode",
    "bind",
    "public_url",
    "data_dir",
    "database_url",
    "secret_key",
    "cookie_secure",
    "demo_data",
    "scheduled_jobs",
    "site_dir",
    "db_max_connections",
    "db_min_connections",
    "db_acquire_timeout_secs",
    "db_idle_timeout_secs",
    "sqlite_busy_timeout_ms",
    "sqlite_synchronous",
    "max_body_bytes",
    "request_timeout_secs",
    "header_timeout_secs",
    "shutdown_timeout_secs",
    "log_format",
    "log",
    "metrics_token",
    "event_streams_per_session",
    "event_streams_max",
    "cabinet_quota_bytes",
    "uploads_per_hour",
    "password_policy",
    "argon2_memory_kib",
    "argon2_iterations",
    "argon2_parallelism",
    "password_hash_concurrency",
    "password_hash_queue_ms",
    "session_idle_minutes",
    "session_absolute_hours",
    "lockout_threshold",
    "lockout_base_secs",
    "lockout_permanent_after",
    "lockout_max_secs",
    "sign_in_captcha_after",
    "sign_in_ip_limit_per_minute",
    "trusted_proxies",
    "admin_reauth_minutes",
    "admin_networks",
    "smtp_url",
    "mail_from",
    "smtp_timeout_secs",
    "totp_keys",
    "totp_issuer",
    "blob_keys",
    "upload_max_bytes",
    "documents_supervisor_access",
    "blob_store",
    "s3_bucket",
    "s3_endpoint",
    "s3_region",
    "s3_access_key_id",
    "s3_secret_access_key",
    "s3_prefix",
    "captcha",
    "reset_ip_limit_per_hour",
    "reset_nip_limit_per_hour",
    "reset_code_minutes",
    "oidc_access_token_minutes",
    "oidc_refresh_token_hours",
    "oidc_token_limit_per_minute",
];

#[derive(Debug, thiserror::Error)]
#[error("invalid configuration:\n{}", .0.iter().map(|e| format!("  - {e}")).collect::<Vec<_>>().join("\n"))]
pub struct ConfigError(pub Vec<String>);

/// Minimum length of a production secret key.
const MIN_SECRET_LEN: usize = 32;
/// A production `/metrics` token is at least this long.
const MIN_METRICS_TOKEN_LEN: usize = 16;

impl Config {
    /// Loads from the process environment and the file it names
    /// (`ASN_CONFIG`, else `./asn-portal.toml` when present).
    pub fn from_env() -> Result<Self, ConfigError> {
        let env: BTreeMap<String, String> = std::env::vars().collect();
        Self::load(&env)
    }

    /// Loads from an explicit environment map (tests pass their own).
    pub fn load(env: &BTreeMap<String, String>) -> Result<Self, ConfigError> {
        let mut raw = BTreeMap::new();
        let mut errors = Vec::new();
        let file = match env.get("ASN_CONFIG") {
            Some(path) => Some(PathBuf::from(path)),
            None => Some(PathBuf::from("asn-portal.toml")).filter(|p| p.is_file()),
        };
        if let Some(path) = file {
            match read_file(&path) {
                Ok(values) => raw.extend(values),
                Err(e) => errors.push(e),
            }
        }
        for key in KEYS {
            if let Some(value) = env.get(&format!("ASN_{}", key.to_ascii_uppercase())) {
                raw.insert(key.to_string(), value.clone());
            }
        }
        let config = Parser { raw: &raw, errors: &mut errors }.build();
        match config {
            Some(c) if errors.is_empty() => Ok(c),
            _ => Err(ConfigError(errors)),
        }
    }

    pub fn is_production(&self) -> bool {
        self.mode == Mode::Production
    }

    /// The origin (`scheme://host[:port]`) browsers send for this portal.
    pub fn public_origin(&self) -> String {
        self.public_url.origin().ascii_serialization()
    }
}

fn read_file(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read config file {}: {e}", path.display()))?;
    let table: toml::Table =
        text.parse().map_err(|e| format!("config file {} is not valid TOML: {e}", path.display()))?;
    let mut out = BTreeMap::new();
    for (key, value) in table {
        if !KEYS.contains(&key.as_str()) {
            return Err(format!("config file {}: unknown key `{key}`", path.display()));
        }
        let text = match value {
            toml::Value::String(s) => s,
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            other => {
                return Err(format!(
                    "config file {}: `{key}` must be a string, number or boolean, not {}",
                    path.display(),
                    other.type_str()
                ));
            }
        };
        out.insert(key, text);
    }
    Ok(out)
}

struct Parser<'a> {
    raw: &'a BTreeMap<String, String>,
    errors: &'a mut Vec<String>,
}

impl Parser<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.raw.get(key).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    fn fail(&mut self, key: &str, message: impl std::fmt::Display) {
        self.errors.push(format!("ASN_{} ({key}): {message}", key.to_ascii_uppercase()));
    }

    fn parse<T: std::str::FromStr>(&mut self, key: &str, default: T, what: &str) -> T {
        match self.get(key).map(|v| v.parse::<T>()) {
            None => default,
            Some(Ok(v)) => v,
            Some(Err(_)) => {
                self.fail(key, format!("expected {what}"));
                default
            }
        }
    }

    fn flag(&mut self, key: &str, default: bool) -> bool {
        match self.get(key).map(str::to_ascii_lowercase).as_deref() {
            None => default,
            Some("1" | "true" | "yes" | "on") => true,
            Some("0" | "false" | "no" | "off") => false,
            Some(_) => {
                self.fail(key, "expected true or false");
                default
            }
        }
    }

    fn build(mut self) -> Option<Config> {
        let mode = match self.get("mode").map(str::to_ascii_lowercase).as_deref() {
            None | Some("dev") => Mode::Dev,
            Some("production") => Mode::Production,
            Some(other) => {
                let other = other.to_string();
                self.fail("mode", format!("expected dev or production, got `{other}`"));
                Mode::Dev
            }
        };
        let production = mode == Mode::Production;
        let bind: SocketAddr =
            self.parse("bind", SocketAddr::from(([127, 0, 0, 1], 3000)), "address:port, e.g. 0.0.0.0:3000");
        let public_url = match self.get("public_url").map(Url::parse) {
            None if production => {
                self.fail("public_url", "required in production (the https address users open)");
                None
            }
            None => Url::parse(&format!("http://{bind}")).ok(),
            Some(Ok(u)) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Some(u),
            Some(_) => {
                self.fail("public_url", "expected an absolute http(s) URL");
                None
            }
        };
        if production && public_url.as_ref().is_some_and(|u| u.scheme() != "https") {
            self.fail("public_url", "production requires an https URL");
        }
        let data_dir = PathBuf::from(self.get("data_dir").unwrap_or("./data"));
        let database_url = self
            .get("database_url")
            .map(str::to_string)
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("asn-portal.db").display()));
        if app::server::Backend::from_url(&database_url).is_none() {
            self.fail("database_url", "expected sqlite://PATH or postgres://USER@HOST/DB");
        }
        let cookie_secure = self.flag("cookie_secure", production);
        if production && !cookie_secure {
            self.fail("cookie_secure", "production refuses cookies without the Secure attribute");
        }
        let demo_data = self.flag("demo_data", false);
        if production && demo_data {
            self.fail("demo_data", "production refuses demo data");
        }
        let scheduled_jobs = self.flag("scheduled_jobs", true);
        let secret_key = match self.get("secret_key").map(str::to_string) {
            Some(key) => {
                if let Err(why) = check_secret(&key)
                    && production
                {
                    self.fail("secret_key", why);
                }
                Some(SecretKey(key))
            }
            None if production => {
                self.fail("secret_key", format!("required in production: at least {MIN_SECRET_LEN} random characters (e.g. `openssl rand -hex 32`)"));
                None
            }
            None => match dev_secret(&data_dir) {
                Ok(key) => Some(key),
                Err(e) => {
                    self.fail("secret_key", e);
                    None
                }
            },
        };
        let mut database = DbOptions::new(database_url);
        database.max_connections = self.parse("db_max_connections", 10u32, "a whole number");
        database.min_connections = self.parse("db_min_connections", 0u32, "a whole number");
        if database.max_connections == 0 || database.min_connections > database.max_connections {
            self.fail("db_max_connections", "must be at least 1 and not below db_min_connections");
        }
        database.acquire_timeout = Duration::from_secs(self.parse("db_acquire_timeout_secs", 5u64, "seconds"));
        database.idle_timeout = Duration::from_secs(self.parse("db_idle_timeout_secs", 600u64, "seconds"));
        database.sqlite_busy_timeout =
            Duration::from_millis(self.parse("sqlite_busy_timeout_ms", 5000u64, "milliseconds"));
        let synchronous = self.get("sqlite_synchronous").unwrap_or("NORMAL").to_ascii_uppercase();
        if !matches!(synchronous.as_str(), "NORMAL" | "FULL" | "EXTRA") {
            self.fail("sqlite_synchronous", "expected NORMAL, FULL or EXTRA");
        }
        database.sqlite_synchronous = synchronous;
        let site_dir = PathBuf::from(self.get("site_dir").unwrap_or("target/site"));
        let max_body_bytes = self.parse("max_body_bytes", 1024 * 1024usize, "a number of bytes");
        let request_timeout = Duration::from_secs(self.parse("request_timeout_secs", 30u64, "seconds"));
        let shutdown_timeout = Duration::from_secs(self.parse("shutdown_timeout_secs", 30u64, "seconds"));
        let header_secs = self.parse("header_timeout_secs", 10u64, "seconds");
        if !(1..=300).contains(&header_secs) {
            self.fail("header_timeout_secs", "must be 1 to 300 seconds");
        }
        let header_timeout = Duration::from_secs(header_secs);
        let log_format = match self.get("log_format").map(str::to_ascii_lowercase).as_deref() {
            None if production => LogFormat::Json,
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(_) => {
                self.fail("log_format", "expected text or json");
                LogFormat::Text
            }
        };
        let log_filter = self.get("log").unwrap_or("info").to_string();
        let metrics_token = self.get("metrics_token").map(str::to_string);
        match &metrics_token {
            None if production => self.fail(
                "metrics_token",
                "required in production: /metrics shows traffic and sign-in figures (e.g. `openssl rand -hex 24`)",
            ),
            Some(t) if production && t.len() < MIN_METRICS_TOKEN_LEN => {
                self.fail("metrics_token", format!("must be at least {MIN_METRICS_TOKEN_LEN} characters in production"))
            }
            _ => {}
        }
        let event_streams_per_session = self.parse("event_streams_per_session", 6usize, "a whole number");
        let event_streams_max = self.parse("event_streams_max", 2000usize, "a whole number");
        if event_streams_per_session == 0 || event_streams_max < event_streams_per_session {
            self.fail("event_streams_per_session", "must be at least 1 and not above ASN_EVENT_STREAMS_MAX");
        }
        let passwords = self.passwords(production);
        let auth = self.auth(passwords.profile);
        let trusted_proxies = self.trusted_proxies();
        let mail = self.mail(production, &data_dir);
        let mfa = self.totp(production, secret_key.as_ref());
        let reset = self.reset(production);
        let oidc = self.oidc();
        let documents = self.documents(production, &data_dir, secret_key.as_ref());
        Some(Config {
            mode,
            bind,
            public_url: public_url?,
            data_dir,
            database,
            secret_key: secret_key?,
            cookie_secure,
            demo_data,
            scheduled_jobs,
            site_dir,
            max_body_bytes,
            request_timeout,
            header_timeout,
            shutdown_timeout,
            log_format,
            log_filter,
            metrics_token,
            event_streams_per_session,
            event_streams_max,
            passwords,
            auth,
            trusted_proxies,
            mail: mail?,
            mfa: mfa?,
            reset,
            oidc,
            documents: documents?,
        })
    }

    fn oidc(&mut self) -> app::server::OidcSettings {
        let d = app::server::OidcSettings::default();
        let access = self.parse("oidc_access_token_minutes", d.access_ttl / 60, "minutes");
        if !(1..=60).contains(&access) {
            self.fail("oidc_access_token_minutes", "must be 1 to 60 (access tokens are short-lived)");
        }
        let refresh = self.parse("oidc_refresh_token_hours", d.refresh_ttl / 3600, "hours");
        if !(1..=24 * 30).contains(&refresh) {
            self.fail("oidc_refresh_token_hours", "must be 1 to 720");
        }
        let limit = self.parse("oidc_token_limit_per_minute", d.token_per_minute, "a whole number");
        if limit < 1 {
            self.fail("oidc_token_limit_per_minute", "must be at least 1");
        }
        app::server::OidcSettings {
            access_ttl: access * 60,
            id_token_ttl: access * 60,
            refresh_ttl: refresh * 3600,
            code_ttl: d.code_ttl,
            token_per_minute: limit,
        }
    }

    fn passwords(&mut self, production: bool) -> PasswordSettings {
        let profile = match self.get("password_policy").map(PolicyProfile::parse) {
            None => PolicyProfile::Portal,
            Some(Some(p)) => p,
            Some(None) => {
                self.fail("password_policy", "expected portal or nist");
                PolicyProfile::Portal
            }
        };
        let defaults = HashParams::default();
        let params = HashParams {
            memory_kib: self.parse("argon2_memory_kib", defaults.memory_kib, "KiB"),
            iterations: self.parse("argon2_iterations", defaults.iterations, "a whole number"),
            parallelism: self.parse("argon2_parallelism", defaults.parallelism, "a whole number"),
        };
        // OWASP's Argon2id table: from 47104 KiB × 1 down to 7168 KiB × 5.
        let cost = u64::from(params.memory_kib) * u64::from(params.iterations);
        if production && (params.memory_kib < 7168 || cost < 35_840) {
            self.fail("argon2_memory_kib", "production requires OWASP's minimum (e.g. 19456 KiB with 2 iterations)");
        }
        if params.iterations == 0 || params.parallelism == 0 {
            self.fail("argon2_iterations", "iterations and parallelism must be at least 1");
        }
        let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
        let concurrency = self.parse("password_hash_concurrency", cpus, "a whole number").max(1);
        let queue_timeout = Duration::from_millis(self.parse("password_hash_queue_ms", 2000u64, "milliseconds"));
        PasswordSettings { profile, params, concurrency, queue_timeout }
    }
}

fn check_secret(key: &str) -> Result<(), String> {
    let distinct = key.chars().collect::<std::collections::BTreeSet<_>>().len();
    let lowered = key.to_ascii_lowercase();
    if key.len() < MIN_SECRET_LEN {
        Err(format!("too short: at least {MIN_SECRET_LEN} characters"))
    } else if distinct < 10 || ["changeme", "secret", "password", "example"].iter().any(|w| lowered.contains(w)) {
        Err("too weak: use random characters (e.g. `openssl rand -hex 32`)".into())
    } else {
        Ok(())
    }
}

/// Dev mode without a key: a random one, kept in the data folder so sessions
/// survive restarts. Production never gets here.
fn dev_secret(data_dir: &Path) -> Result<SecretKey, String> {
    use std::io::Write;
    let path = data_dir.join("dev-secret.key");
    if let Ok(existing) = std::fs::read_to_string(&path)
        && check_secret(existing.trim()).is_ok()
    {
        return Ok(SecretKey(existing.trim().to_string()));
    }
    std::fs::create_dir_all(data_dir).map_err(|e| format!("cannot create {}: {e}", data_dir.display()))?;
    let key = hex::encode(rand::random::<[u8; 32]>());
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&path).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    file.write_all(key.as_bytes()).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(SecretKey(key))
}

#[cfg(test)]
mod tests;
