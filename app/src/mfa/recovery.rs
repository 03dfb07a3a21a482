//! Recovery codes: the way in when the phone is lost. Ten single-use codes
//! of ten characters (about 50 bits each) from an alphabet without look-
//! alike characters, shown once, stored only as keyed SHA-256 hashes bound
//! to the employee. Regenerating replaces the whole set.

use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use crate::server::db::Db;

pub const COUNT: usize = 10;
const LENGTH: usize = 10;
/// No 0/o, 1/i/l: codes are copied from paper.
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
/// The account page warns at or below this many unused codes.
pub const FEW_LEFT: i64 = 3;

/// A fresh set, as shown to the user (`xxxxx-xxxxx`).
pub fn generate() -> Vec<String> {
    (0..COUNT).map(|_| one()).collect()
}

fn one() -> String {
    let mut out = String::with_capacity(LENGTH + 1);
    while out.len() < LENGTH + 1 {
        let mut byte = [0u8; 1];
        OsRng.fill_bytes(&mut byte);
        // Rejection sampling: 248 = 8 × 31 keeps every character equally likely.
        if usize::from(byte[0]) < ALPHABET.len() * (256 / ALPHABET.len()) {
            if out.len() == LENGTH / 2 {
                out.push('-');
            }
            out.push(ALPHABET[usize::from(byte[0]) % ALPHABET.len()] as char);
        }
    }
    out
}

/// What the user typed, as stored: lower case, without spaces or dashes.
/// `None` unless it can be a recovery code at all.
pub fn normalize(typed: &str) -> Option<String> {
    let code: String =
        typed.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_lowercase()).collect();
    (code.len() == LENGTH && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

/// The stored form: SHA-256 keyed with the server's recovery key and bound
/// to the employee, so neither a copied table nor a code moved to another
/// account is of use.
pub fn hash(key: &[u8; 32], employee_id: i64, normalized: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"asn-portal recovery code v1\0");
    h.update(key);
    h.update(employee_id.to_be_bytes());
    h.update(normalized.as_bytes());
    hex::encode(h.finalize())
}

/// Replaces the employee's codes with `codes` (the old set stops working).
pub async fn replace_all(
    conn: &mut AnyConnection,
    key: &[u8; 32],
    employee_id: i64,
    codes: &[String],
    now: i64,
) -> Result<(), sqlx::Error> {
    let hashes: Vec<String> = codes
        .iter()
        .map(|code| hash(key, employee_id, &normalize(code).expect("generated codes are well formed")))
        .collect();
    super::repo::replace_recovery_codes(conn, employee_id, &hashes, now).await
}

/// Uses up a code: one conditional UPDATE, so of two requests with the
/// same code exactly one succeeds. Returns whether the code was good.
pub async fn redeem(
    conn: &mut AnyConnection,
    key: &[u8; 32],
    employee_id: i64,
    typed: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let Some(normalized) = normalize(typed) else { return Ok(false) };
    super::repo::use_recovery_code(conn, employee_id, &hash(key, employee_id, &normalized), now).await
}

/// How many unused codes the employee has.
pub async fn remaining(db: &Db, employee_id: i64) -> Result<i64, sqlx::Error> {
    super::repo::recovery_codes_left(db, employee_id).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_readable_and_read_back_however_typed() {
        let codes = generate();
        assert_eq!(codes.len(), COUNT);
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), COUNT);
        for code in &codes {
            assert_eq!(code.len(), 11);
            assert_eq!(&code[5..6], "-");
            assert!(!code.contains(['0', 'o', '1', 'i', 'l']), "{code}");
            let spaced = code.to_uppercase().replace('-', " ");
            assert_eq!(normalize(&spaced), normalize(code));
        }
        assert_eq!(normalize("123456"), None, "a TOTP code is not a recovery code");
        assert_eq!(normalize("abcde-fghi0"), None);
    }

    #[test]
    fn hashes_are_keyed_and_bound_to_the_employee() {
        let code = normalize("abcde-fghjk").unwrap();
        let k1 = [1u8; 32];
        let k2 = [2u8; 32];
        assert_eq!(hash(&k1, 7, &code), hash(&k1, 7, &code));
        assert_ne!(hash(&k1, 7, &code), hash(&k1, 8, &code));
        assert_ne!(hash(&k1, 7, &code), hash(&k2, 7, &code));
        assert!(!hash(&k1, 7, &code).contains(&code));
    }
}
