//! Outgoing-mail settings: `ASN_SMTP_URL`, `ASN_MAIL_FROM`,
//! `ASN_SMTP_TIMEOUT_SECS`. Production requires SMTP and refuses it in the
//! clear to another host; development without it writes `.eml` files.

use std::path::{Path, PathBuf};
use std::time::Duration;

use url::Url;

use super::Parser;

/// Where and as whom the mail worker sends.
#[derive(Debug, Clone)]
pub struct MailSettings {
    pub transport: MailTransport,
    pub from: lettre::message::Mailbox,
}

#[derive(Debug, Clone)]
pub enum MailTransport {
    /// `ASN_SMTP_URL`: the only choice in production.
    Smtp { url: SmtpUrl, timeout: Duration },
    /// Development without SMTP: each message becomes an `.eml` file here.
    Files(PathBuf),
}

/// The SMTP URL; it may hold a password, so it never prints.
#[derive(Clone)]
pub struct SmtpUrl(String);

impl SmtpUrl {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SmtpUrl(..)")
    }
}

impl Parser<'_> {
    pub(super) fn mail(&mut self, production: bool, data_dir: &Path) -> Option<MailSettings> {
        let timeout = Duration::from_secs(self.parse("smtp_timeout_secs", 15u64, "seconds").max(1));
        let from_text = self.get("mail_from").map(str::to_string);
        let transport = match self.get("smtp_url").map(str::to_string) {
            None if production => {
                self.fail("smtp_url", "required in production (activation, reset and security mail depend on it)");
                return None;
            }
            None => MailTransport::Files(data_dir.join("outbox")),
            Some(url) => {
                let parsed = match Url::parse(&url) {
                    Ok(u) if matches!(u.scheme(), "smtp" | "smtps") && u.host_str().is_some() => u,
                    _ => {
                        self.fail(
                            "smtp_url",
                            "expected smtp://HOST:PORT, smtp://USER:PASS@HOST:587?tls=required or smtps://USER:PASS@HOST",
                        );
                        return None;
                    }
                };
                let encrypted =
                    parsed.scheme() == "smtps" || parsed.query_pairs().any(|(k, v)| k == "tls" && v == "required");
                let local = matches!(parsed.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
                if production && !encrypted && !local {
                    self.fail(
                        "smtp_url",
                        "production refuses mail in the clear to another host: use smtps:// or ?tls=required",
                    );
                }
                if from_text.is_none() {
                    self.fail("mail_from", "required with smtp_url, e.g. `Portal ASN <noreply@bkpsdm.example.go.id>`");
                    return None;
                }
                MailTransport::Smtp { url: SmtpUrl(url), timeout }
            }
        };
        let from_text = from_text.unwrap_or_else(|| "Portal ASN <noreply@asn-portal.localhost>".into());
        match from_text.parse::<lettre::message::Mailbox>() {
            Ok(from) => Some(MailSettings { transport, from }),
            Err(_) => {
                self.fail("mail_from", "expected an address such as `Portal ASN <noreply@bkpsdm.example.go.id>`");
                None
            }
        }
    }
}
