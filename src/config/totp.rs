//! Second-factor settings: `ASN_TOTP_KEYS` (the keyring that seals TOTP
//! seeds at rest) and `ASN_TOTP_ISSUER` (the name authenticator apps show).
//! Production requires the keyring; development derives one from the
//! secret key, so a local portal works with no set-up.

use std::sync::Arc;

use app::server::MfaKeys;
use app::server::secret_box::Keyring;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::{Parser, SecretKey};

impl Parser<'_> {
    pub(super) fn totp(&mut self, production: bool, secret_key: Option<&SecretKey>) -> Option<Arc<MfaKeys>> {
        let issuer = self.get("totp_issuer").unwrap_or("Portal ASN").trim().to_string();
        if issuer.is_empty() || issuer.len() > 40 || issuer.contains(':') || issuer.chars().any(char::is_control) {
            self.fail("totp_issuer", "1–40 characters, no colon (authenticator apps split the label at it)");
        }
        let secret_key = secret_key?;
        let keyring = match self.get("totp_keys").map(str::to_string) {
            Some(list) => match Keyring::parse(&list) {
                Ok(ring) => ring,
                Err(e) => {
                    self.fail(
                        "totp_keys",
                        format!("{e} (expected `id:64-hex-digits,…`, e.g. `k1:$(openssl rand -hex 32)`)"),
                    );
                    return None;
                }
            },
            None if production => {
                self.fail(
                    "totp_keys",
                    "required in production: `k1:` followed by 64 hex digits (`openssl rand -hex 32`)",
                );
                return None;
            }
            None => {
                let derived = Sha256::digest(format!("asn-portal dev totp key:{}", secret_key.expose()).as_bytes());
                Keyring::parse(&format!("dev:{}", hex::encode(derived))).expect("a derived key is well formed")
            }
        };
        let recovery = Sha256::digest(format!("asn-portal recovery codes:{}", secret_key.expose()).as_bytes());
        Some(Arc::new(MfaKeys { keyring, recovery_key: Zeroizing::new(recovery.into()), issuer }))
    }
}
