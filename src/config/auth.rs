//! Sign-in, lockout, session and admin-network settings (`ASN_SESSION_*`,
//! `ASN_LOCKOUT_*`, `ASN_SIGN_IN_*`, `ASN_ADMIN_*`, `ASN_TRUSTED_PROXIES`)
//! and the reset wizard's (`ASN_CAPTCHA`, `ASN_RESET_*`).

use app::domain::password::PolicyProfile;
use app::server::AuthSettings;

use super::{IpNet, Parser, TrustedProxies};

impl Parser<'_> {
    pub(super) fn reset(&mut self, production: bool) -> app::server::ResetSettings {
        let captcha = self.flag("captcha", true);
        if production && !captcha {
            self.fail("captcha", "production refuses to switch the captcha off (it is for automated tests only)");
        }
        let minutes = self.parse("reset_code_minutes", 10i64, "minutes");
        if !(1..=10).contains(&minutes) {
            self.fail("reset_code_minutes", "must be 1 to 10 (a reset code lives at most 10 minutes)");
        }
        let ip_per_hour = self.parse("reset_ip_limit_per_hour", 30i64, "a whole number");
        let nip_per_hour = self.parse("reset_nip_limit_per_hour", 20i64, "a whole number");
        if ip_per_hour < 1 || nip_per_hour < 1 {
            self.fail("reset_ip_limit_per_hour", "reset limits must be at least 1");
        }
        app::server::ResetSettings { captcha, ip_per_hour, nip_per_hour, code_ttl: minutes * 60 }
    }

    pub(super) fn trusted_proxies(&mut self) -> TrustedProxies {
        TrustedProxies(self.networks("trusted_proxies"))
    }

    /// A comma-separated list of addresses and CIDR blocks (empty if unset).
    fn networks(&mut self, key: &str) -> Vec<IpNet> {
        let Some(list) = self.get(key).map(str::to_string) else { return Vec::new() };
        let mut nets = Vec::new();
        for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            match IpNet::parse(entry) {
                Some(net) => nets.push(net),
                None => self.fail(key, format!("`{entry}` is not an IP address or CIDR block")),
            }
        }
        nets
    }

    pub(super) fn auth(&mut self, policy: PolicyProfile) -> AuthSettings {
        let d = AuthSettings::default();
        let auth = AuthSettings {
            policy,
            session_idle: 60 * self.parse("session_idle_minutes", d.session_idle / 60, "minutes"),
            session_absolute: 3600 * self.parse("session_absolute_hours", d.session_absolute / 3600, "hours"),
            lockout_threshold: self.parse("lockout_threshold", d.lockout_threshold, "a whole number"),
            lockout_base: self.parse("lockout_base_secs", d.lockout_base, "seconds"),
            lockout_max: self.parse("lockout_max_secs", d.lockout_max, "seconds"),
            lockout_permanent_after: self.parse("lockout_permanent_after", d.lockout_permanent_after, "a whole number"),
            captcha_after: self.parse("sign_in_captcha_after", d.captcha_after, "a whole number"),
            ip_attempts_per_minute: self.parse(
                "sign_in_ip_limit_per_minute",
                d.ip_attempts_per_minute,
                "a whole number",
            ),
            admin_reauth: 60 * self.parse("admin_reauth_minutes", d.admin_reauth / 60, "minutes"),
            admin_networks: self.networks("admin_networks"),
        };
        if !(1..=12 * 3600).contains(&auth.admin_reauth) {
            self.fail("admin_reauth_minutes", "must be 1 to 720 minutes");
        }
        if self.get("admin_networks").is_some() && auth.admin_networks.is_empty() {
            self.fail("admin_networks", "names no network: leave it unset to allow the console from anywhere");
        }
        if auth.session_idle <= 0 || auth.session_absolute < auth.session_idle {
            self.fail("session_idle_minutes", "must be positive and not longer than session_absolute_hours");
        }
        if auth.lockout_threshold < 1 || auth.lockout_permanent_after < auth.lockout_threshold || auth.lockout_base < 1
        {
            self.fail(
                "lockout_threshold",
                "threshold and base must be positive, permanent_after at least the threshold",
            );
        }
        if auth.lockout_max < auth.lockout_base || auth.lockout_max > 24 * 3600 {
            self.fail("lockout_max_secs", "must be at least lockout_base_secs and at most a day");
        }
        if auth.captcha_after < 1 {
            self.fail("sign_in_captcha_after", "must be at least 1");
        }
        if auth.ip_attempts_per_minute < 1 {
            self.fail("sign_in_ip_limit_per_minute", "must be at least 1");
        }
        auth
    }
}
