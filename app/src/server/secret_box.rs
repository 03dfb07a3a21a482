//! Encryption at rest for secrets the server must read back (TOTP seeds):
//! XChaCha20-Poly1305 under a key from configuration, with the key's id
//! stored beside each ciphertext so keys can rotate: new secrets are sealed
//! with the current key, older ones still open with the key they name, and
//! `needs_reseal` finds them for re-encryption.
//!
//! Each ciphertext is bound to what it belongs to (associated data such as
//! `totp:42`), so a sealed value copied onto another row does not open.
//! Stored form: `v1.<key id>.<hex nonce>.<hex ciphertext+tag>`.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand_core::{OsRng, RngCore};
use zeroize::Zeroizing;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretBoxError {
    #[error("key list: {0}")]
    Config(String),
    #[error("sealed value is malformed")]
    Malformed,
    #[error("no configured key has id `{0}`")]
    UnknownKey(String),
    #[error("sealed value does not open (wrong key, wrong owner, or tampered)")]
    Tampered,
}

struct Key {
    id: String,
    cipher: XChaCha20Poly1305,
}

/// The configured keys; the first seals, all open.
pub struct Keyring {
    keys: Vec<Key>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.keys.iter().map(|k| k.id.as_str()).collect();
        f.debug_struct("Keyring").field("ids", &ids).finish_non_exhaustive()
    }
}

impl Keyring {
    /// Parses `id:hex,id:hex,…` (each key 32 bytes as 64 hex digits; ids
    /// of letters, digits, `-` and `_`). The first is the current key.
    pub fn parse(list: &str) -> Result<Self, SecretBoxError> {
        let mut keys = Vec::new();
        for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let (id, hex_key) = entry
                .split_once(':')
                .ok_or_else(|| SecretBoxError::Config(format!("`{}…` is not id:key", &entry[..entry.len().min(4)])))?;
            let id_ok = !id.is_empty()
                && id.len() <= 32
                && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !id_ok {
                return Err(SecretBoxError::Config(format!("key id `{id}` must be 1–32 letters, digits, - or _")));
            }
            let bytes = Zeroizing::new(
                hex::decode(hex_key).map_err(|_| SecretBoxError::Config(format!("key `{id}` is not hex")))?,
            );
            if bytes.len() != 32 {
                return Err(SecretBoxError::Config(format!("key `{id}` must be 32 bytes (64 hex digits)")));
            }
            if keys.iter().any(|k: &Key| k.id == id) {
                return Err(SecretBoxError::Config(format!("key id `{id}` appears twice")));
            }
            let cipher =
                XChaCha20Poly1305::new_from_slice(&bytes).map_err(|_| SecretBoxError::Config("bad key".into()))?;
            keys.push(Key { id: id.to_string(), cipher });
        }
        if keys.is_empty() {
            return Err(SecretBoxError::Config("no key given".into()));
        }
        Ok(Self { keys })
    }

    pub fn current_id(&self) -> &str {
        &self.keys[0].id
    }

    /// Encrypts `plaintext` for `owner` under the current key.
    pub fn seal(&self, plaintext: &[u8], owner: &str) -> String {
        let key = &self.keys[0];
        let mut nonce = [0u8; 24];
        OsRng.fill_bytes(&mut nonce);
        let sealed = key
            .cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plaintext, aad: owner.as_bytes() })
            .expect("XChaCha20-Poly1305 encryption does not fail for in-memory input");
        format!("v1.{}.{}.{}", key.id, hex::encode(nonce), hex::encode(sealed))
    }

    /// Decrypts a value sealed for `owner`, with whichever key it names.
    pub fn open(&self, sealed: &str, owner: &str) -> Result<Zeroizing<Vec<u8>>, SecretBoxError> {
        let (id, nonce, ciphertext) = split(sealed)?;
        let key = self.keys.iter().find(|k| k.id == id).ok_or_else(|| SecretBoxError::UnknownKey(id.to_string()))?;
        key.cipher
            .decrypt(XNonce::from_slice(&nonce), Payload { msg: &ciphertext, aad: owner.as_bytes() })
            .map(Zeroizing::new)
            .map_err(|_| SecretBoxError::Tampered)
    }

    /// The current key's id and cipher (for encrypting streams).
    pub fn current_cipher(&self) -> (&str, &XChaCha20Poly1305) {
        (&self.keys[0].id, &self.keys[0].cipher)
    }

    /// The cipher of the key with this id.
    pub fn cipher(&self, id: &str) -> Option<&XChaCha20Poly1305> {
        self.keys.iter().find(|k| k.id == id).map(|k| &k.cipher)
    }

    /// Whether the value was sealed with a key other than the current one.
    pub fn needs_reseal(&self, sealed: &str) -> bool {
        split(sealed).map(|(id, ..)| id != self.current_id()).unwrap_or(true)
    }
}

fn split(sealed: &str) -> Result<(&str, Vec<u8>, Vec<u8>), SecretBoxError> {
    let mut parts = sealed.split('.');
    let (Some("v1"), Some(id), Some(nonce), Some(body), None) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(SecretBoxError::Malformed);
    };
    let nonce = hex::decode(nonce).map_err(|_| SecretBoxError::Malformed)?;
    let body = hex::decode(body).map_err(|_| SecretBoxError::Malformed)?;
    if nonce.len() != 24 || body.len() < 16 {
        return Err(SecretBoxError::Malformed);
    }
    Ok((id, nonce, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    const K1: &str = "1111111111111111111111111111111111111111111111111111111111111111";
    const K2: &str = "2222222222222222222222222222222222222222222222222222222222222222";

    #[test]
    fn sealed_values_open_for_their_owner_only_and_hide_the_plaintext() {
        let ring = Keyring::parse(&format!("k1:{K1}")).unwrap();
        let sealed = ring.seal(b"12345678901234567890", "totp:7");
        assert!(sealed.starts_with("v1.k1."), "{sealed}");
        assert!(!sealed.contains(&hex::encode(b"12345678901234567890")));
        assert_ne!(sealed, ring.seal(b"12345678901234567890", "totp:7"), "a fresh nonce every time");
        assert_eq!(ring.open(&sealed, "totp:7").unwrap().as_slice(), b"12345678901234567890");
        assert_eq!(ring.open(&sealed, "totp:8"), Err(SecretBoxError::Tampered));
        let mut flipped = sealed.clone();
        let last = flipped.pop().unwrap();
        flipped.push(if last == '0' { '1' } else { '0' });
        assert_eq!(ring.open(&flipped, "totp:7"), Err(SecretBoxError::Tampered));
        assert_eq!(ring.open("v1.k1.zz.zz", "totp:7"), Err(SecretBoxError::Malformed));
    }

    #[test]
    fn keys_rotate_old_values_still_open_and_are_flagged_for_resealing() {
        let old = Keyring::parse(&format!("k1:{K1}")).unwrap();
        let sealed = old.seal(b"seed", "totp:1");
        let rotated = Keyring::parse(&format!("k2:{K2}, k1:{K1}")).unwrap();
        assert_eq!(rotated.current_id(), "k2");
        assert_eq!(rotated.open(&sealed, "totp:1").unwrap().as_slice(), b"seed");
        assert!(rotated.needs_reseal(&sealed));
        assert!(!rotated.needs_reseal(&rotated.seal(b"seed", "totp:1")));
        let retired = Keyring::parse(&format!("k2:{K2}")).unwrap();
        assert_eq!(retired.open(&sealed, "totp:1"), Err(SecretBoxError::UnknownKey("k1".into())));
    }

    #[test]
    fn bad_key_lists_are_refused_with_a_reason() {
        for bad in ["", "k1", "k1:abcd", &format!("k 1:{K1}"), &format!("k1:{K1},k1:{K2}"), "k1:zz"] {
            assert!(matches!(Keyring::parse(bad), Err(SecretBoxError::Config(_))), "{bad}");
        }
        let ring = Keyring::parse(&format!("k1:{K1}")).unwrap();
        assert!(!format!("{ring:?}").contains(K1), "keys never print");
    }
}
