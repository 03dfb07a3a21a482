//! The keys that sign ID tokens (RS256), and the JWTs they sign.
//!
//! A key is generated when none can sign (first start, or every key
//! retired). `asn-portal oidc rotate-key` adds a key that is published at
//! once and signs from a later moment, so relying parties that cache the
//! JWKS learn it first; the keys it replaces stay published for a day after
//! that, so tokens they signed still verify. Private keys are sealed with
//! the TOTP keyring (`ASN_TOTP_KEYS`) at rest and signed with by ring; the
//! `rsa` crate only generates them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use ring::signature::{self, RsaKeyPair};
use serde_json::Value;
use zeroize::Zeroizing;

use super::repo::signing_keys as keys;
use crate::server::Db;
use crate::server::secret_box::Keyring;

/// How long a replaced key stays published after its successor starts signing.
pub const RETIRE_AFTER: i64 = 24 * 3600;
pub const ALG: &str = "RS256";
const RSA_BITS: usize = 2048;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("key generation failed: {0}")]
    Generate(String),
    #[error("a stored signing key cannot be opened (was ASN_TOTP_KEYS changed?)")]
    Sealed,
    #[error("signing failed")]
    Sign,
    #[error("no key has the id {0}")]
    Unknown(String),
    #[error("{0} is the only key that can sign; rotate first")]
    LastKey(String),
}

/// A freshly generated key pair: PKCS#8 private key and public JWK.
pub struct GeneratedKey {
    pub kid: String,
    pub pkcs8: Zeroizing<Vec<u8>>,
    pub jwk: Value,
}

/// A 2048-bit RSA key; its id is the RFC 7638 thumbprint of its public JWK.
pub fn generate() -> Result<GeneratedKey, KeyError> {
    use rsa::pkcs8::EncodePrivateKey;
    use rsa::traits::PublicKeyParts;
    use sha2::{Digest, Sha256};
    let key =
        rsa::RsaPrivateKey::new(&mut rand_core::OsRng, RSA_BITS).map_err(|e| KeyError::Generate(e.to_string()))?;
    let der = key.to_pkcs8_der().map_err(|e| KeyError::Generate(e.to_string()))?;
    let n = B64.encode(key.n().to_bytes_be());
    let e = B64.encode(key.e().to_bytes_be());
    let thumbprint = Sha256::digest(format!(r#"{{"e":"{e}","kty":"RSA","n":"{n}"}}"#).as_bytes());
    let kid = B64.encode(thumbprint);
    let jwk = serde_json::json!({ "kty": "RSA", "use": "sig", "alg": ALG, "kid": kid, "n": n, "e": e });
    Ok(GeneratedKey { kid, pkcs8: Zeroizing::new(der.as_bytes().to_vec()), jwk })
}

fn owner(kid: &str) -> String {
    format!("oidc-key:{kid}")
}

async fn insert(db: &Db, keyring: &Keyring, key: &GeneratedKey, now: i64, signs_from: i64) -> Result<(), KeyError> {
    let sealed = keyring.seal(&key.pkcs8, &owner(&key.kid));
    keys::insert(db, &key.kid, ALG, &sealed, &key.jwk.to_string(), now, signs_from).await?;
    Ok(())
}

async fn generate_blocking() -> Result<GeneratedKey, KeyError> {
    tokio::task::spawn_blocking(generate).await.map_err(|e| KeyError::Generate(e.to_string()))?
}

fn cache() -> &'static Mutex<HashMap<String, Arc<RsaKeyPair>>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<RsaKeyPair>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// The key that signs now: the newest whose signing time has come and that
/// is not retired. One is generated if there is none.
pub async fn signing_key(db: &Db, keyring: &Keyring, now: i64) -> Result<(String, Arc<RsaKeyPair>), KeyError> {
    for _ in 0..2 {
        let row = keys::signing(db, now).await?;
        if let Some((kid, sealed)) = row {
            if let Some(pair) = cache().lock().expect("key cache").get(&kid) {
                return Ok((kid, pair.clone()));
            }
            let der = keyring.open(&sealed, &owner(&kid)).map_err(|_| KeyError::Sealed)?;
            let pair = Arc::new(RsaKeyPair::from_pkcs8(&der).map_err(|_| KeyError::Sealed)?);
            cache().lock().expect("key cache").insert(kid.clone(), pair.clone());
            return Ok((kid, pair));
        }
        // Several instances may get here at once: each adds a key, all are
        // published, and the newest signs.
        let key = generate_blocking().await?;
        insert(db, keyring, &key, now, now).await?;
        tracing::info!(kid = %key.kid, "generated an ID-token signing key");
    }
    Err(KeyError::Generate("no key after generating one".into()))
}

/// The public keys relying parties may see signatures from.
pub async fn published(db: &Db, now: i64) -> Result<Vec<Value>, KeyError> {
    let rows = keys::published(db, now).await?;
    Ok(rows.into_iter().filter_map(|j| serde_json::from_str(&j).ok()).collect())
}

/// Adds a key that signs from `now + delay`; every other unretired key
/// retires [`RETIRE_AFTER`] after that. Returns the new key's id.
pub async fn rotate(db: &Db, keyring: &Keyring, now: i64, delay: i64) -> Result<String, KeyError> {
    let key = generate_blocking().await?;
    let signs_from = now + delay.max(0);
    insert(db, keyring, &key, now, signs_from).await?;
    keys::retire_others(db, &key.kid, signs_from + RETIRE_AFTER).await?;
    Ok(key.kid)
}

/// Stops publishing a key at once (a key thought compromised). Refused for
/// the only key that can sign now.
pub async fn retire(db: &Db, kid: &str, now: i64) -> Result<(), KeyError> {
    if !keys::exists(db, kid).await? {
        return Err(KeyError::Unknown(kid.to_string()));
    }
    if keys::others_signing(db, kid, now).await? == 0 {
        return Err(KeyError::LastKey(kid.to_string()));
    }
    keys::retire(db, kid, now).await?;
    Ok(())
}

/// One key as `oidc keys` lists it: id, created, signs from, retired.
pub async fn list(db: &Db) -> Result<Vec<(String, i64, i64, Option<i64>)>, KeyError> {
    Ok(keys::list(db).await?)
}

/// A compact JWS (RS256) over `claims`.
pub fn sign(kid: &str, pair: &RsaKeyPair, claims: &Value) -> Result<String, KeyError> {
    let header = serde_json::json!({ "alg": ALG, "typ": "JWT", "kid": kid });
    let input = format!("{}.{}", B64.encode(header.to_string()), B64.encode(claims.to_string()));
    let mut sig = vec![0u8; pair.public().modulus_len()];
    pair.sign(&signature::RSA_PKCS1_SHA256, &ring::rand::SystemRandom::new(), input.as_bytes(), &mut sig)
        .map_err(|_| KeyError::Sign)?;
    Ok(format!("{input}.{}", B64.encode(sig)))
}

/// The claims of a JWT this portal signed with a published key, whatever
/// its expiry (an `id_token_hint` may be old); `None` for anything else.
pub async fn verify(db: &Db, token: &str, now: i64) -> Option<Value> {
    let mut parts = token.split('.');
    let (h, p, s) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let header: Value = serde_json::from_slice(&B64.decode(h).ok()?).ok()?;
    if header.get("alg")?.as_str()? != ALG {
        return None;
    }
    let kid = header.get("kid")?.as_str()?;
    let jwk = published(db, now).await.ok()?.into_iter().find(|k| k.get("kid").and_then(Value::as_str) == Some(kid))?;
    let n = B64.decode(jwk.get("n")?.as_str()?).ok()?;
    let e = B64.decode(jwk.get("e")?.as_str()?).ok()?;
    let public = signature::RsaPublicKeyComponents { n, e };
    public.verify(&signature::RSA_PKCS1_2048_8192_SHA256, format!("{h}.{p}").as_bytes(), &B64.decode(s).ok()?).ok()?;
    serde_json::from_slice(&B64.decode(p).ok()?).ok()
}

/// `base64url(left half of SHA-256(value))`: the `at_hash` of an access token.
pub fn half_hash(value: &str) -> String {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(value.as_bytes());
    B64.encode(&d[..16])
}

/// `base64url(SHA-256(verifier))`: PKCE's S256 transform.
pub fn s256(verifier: &str) -> String {
    use sha2::{Digest, Sha256};
    B64.encode(Sha256::digest(verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_key_signs_tokens_its_public_jwk_verifies() {
        let key = generate().unwrap();
        let pair = RsaKeyPair::from_pkcs8(&key.pkcs8).unwrap();
        let jwt = sign(&key.kid, &pair, &serde_json::json!({ "sub": "x" })).unwrap();
        let parts: Vec<&str> = jwt.split('.').collect();
        let n = B64.decode(key.jwk["n"].as_str().unwrap()).unwrap();
        let e = B64.decode(key.jwk["e"].as_str().unwrap()).unwrap();
        let public = signature::RsaPublicKeyComponents { n, e };
        let input = format!("{}.{}", parts[0], parts[1]);
        let sig = B64.decode(parts[2]).unwrap();
        public.verify(&signature::RSA_PKCS1_2048_8192_SHA256, input.as_bytes(), &sig).unwrap();
        // One changed byte of the claims and it no longer verifies.
        let forged = format!("{}.{}", parts[0], B64.encode(r#"{"sub":"y"}"#));
        assert!(public.verify(&signature::RSA_PKCS1_2048_8192_SHA256, forged.as_bytes(), &sig).is_err());
        let header: Value = serde_json::from_slice(&B64.decode(parts[0]).unwrap()).unwrap();
        assert_eq!(header["kid"], key.kid.as_str());
        assert_eq!(header["alg"], "RS256");
    }

    #[test]
    fn pkce_s256_matches_rfc_7636_appendix_b() {
        assert_eq!(s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }
}
