//! A password hash carried over from another system: the `password_hash`
//! column of `asn-portal employee import`.
//!
//! Accepted: Argon2id and Argon2i in PHC format (`$argon2id$v=19$m=…`), and
//! bcrypt in modular crypt format (`$2a$`, `$2b$`, `$2y$`). Anything else is
//! refused, and so is a cost the hasher would not verify quickly and within
//! its memory: such a hash would tie up a slot at every wrong password.
//! [`super::Hasher::verify`] checks these like the portal's own hashes, and
//! the first sign-in replaces them with the portal's Argon2id.

use argon2::password_hash::PasswordHash;
use argon2::{Algorithm, Params};

/// Argon2 costs accepted: up to 128 MiB (argon2-cffi's default is 64),
/// 10 passes and 16 lanes.
pub const MAX_ARGON2_MEMORY_KIB: u32 = 131_072;
pub const MAX_ARGON2_ITERATIONS: u32 = 10;
pub const MAX_ARGON2_LANES: u32 = 16;
/// bcrypt's cost is a power of two: 14 is about a second here; the usual
/// defaults are 10 to 12.
pub const BCRYPT_COSTS: std::ops::RangeInclusive<u32> = 4..=14;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Argon2id,
    Argon2i,
    Bcrypt,
}

/// A stored hash of an accepted scheme and cost (valid by construction).
#[derive(Clone, PartialEq, Eq)]
pub struct ImportedHash {
    text: String,
    scheme: Scheme,
}

impl std::fmt::Debug for ImportedHash {
    /// The scheme only: a hash is a secret of sorts (it can be attacked offline).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ImportedHash({:?})", self.scheme)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ImportedHashError {
    #[error("not an argon2id, argon2i (PHC format) or bcrypt ($2a$, $2b$, $2y$) hash")]
    Format,
    #[error(
        "its cost is more than the portal verifies (argon2: at most {MAX_ARGON2_MEMORY_KIB} KiB, \
         {MAX_ARGON2_ITERATIONS} passes, {MAX_ARGON2_LANES} lanes; bcrypt: cost 4 to 14)"
    )]
    Cost,
}

impl ImportedHash {
    pub fn parse(text: &str) -> Result<Self, ImportedHashError> {
        let text = text.trim();
        if is_bcrypt(text) {
            let cost: u32 = text[4..6].parse().map_err(|_| ImportedHashError::Format)?;
            if !BCRYPT_COSTS.contains(&cost) {
                return Err(ImportedHashError::Cost);
            }
            return Ok(Self { text: text.to_string(), scheme: Scheme::Bcrypt });
        }
        let parsed = PasswordHash::new(text).map_err(|_| ImportedHashError::Format)?;
        let scheme = match Algorithm::try_from(parsed.algorithm) {
            Ok(Algorithm::Argon2id) => Scheme::Argon2id,
            Ok(Algorithm::Argon2i) => Scheme::Argon2i,
            _ => return Err(ImportedHashError::Format),
        };
        if parsed.salt.is_none() || parsed.hash.is_none_or(|h| h.len() < 16) {
            return Err(ImportedHashError::Format);
        }
        if parsed.version.is_some_and(|v| v != 0x10 && v != 0x13) {
            return Err(ImportedHashError::Format);
        }
        let params = Params::try_from(&parsed).map_err(|_| ImportedHashError::Format)?;
        if params.m_cost() > MAX_ARGON2_MEMORY_KIB
            || params.t_cost() > MAX_ARGON2_ITERATIONS
            || params.p_cost() > MAX_ARGON2_LANES
        {
            return Err(ImportedHashError::Cost);
        }
        Ok(Self { text: text.to_string(), scheme })
    }

    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// bcrypt's modular format: `$2b$` (or `$2a$`, `$2y$`), two cost digits,
/// `$`, then 53 characters of bcrypt's base-64 (22 of salt, 31 of hash).
pub fn is_bcrypt(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 60
        && (text.starts_with("$2a$") || text.starts_with("$2b$") || text.starts_with("$2y$"))
        && bytes[4..6].iter().all(u8::is_ascii_digit)
        && bytes[6] == b'$'
        && bytes[7..].iter().all(|b| b.is_ascii_alphanumeric() || *b == b'.' || *b == b'/')
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// `tests/fixtures/legacy_hashes.csv`: (scheme, password, hash), made by
    /// argon2-cffi and pyca/bcrypt (`scripts/legacy-hashes.py`).
    pub(crate) fn fixture(scheme: &str) -> (String, String) {
        let file = include_str!("../../../../tests/fixtures/legacy_hashes.csv");
        let line = file.lines().find(|l| l.split(',').next() == Some(scheme)).expect("fixture scheme");
        let mut parts = line.splitn(3, ',').skip(1);
        (parts.next().unwrap().to_string(), parts.next().unwrap().to_string())
    }

    #[test]
    fn hashes_of_other_tools_are_accepted_with_their_scheme() {
        for (name, scheme) in [
            ("argon2id", Scheme::Argon2id),
            ("argon2id-default", Scheme::Argon2id),
            ("argon2i", Scheme::Argon2i),
            ("bcrypt-2a", Scheme::Bcrypt),
            ("bcrypt-2b", Scheme::Bcrypt),
            ("bcrypt-2y", Scheme::Bcrypt),
        ] {
            let (_, hash) = fixture(name);
            assert_eq!(ImportedHash::parse(&hash).map(|h| h.scheme()), Ok(scheme), "{name}");
        }
    }

    #[test]
    fn other_algorithms_shapes_and_costs_are_refused() {
        assert_eq!(ImportedHash::parse(&fixture("argon2d").1), Err(ImportedHashError::Format));
        assert_eq!(ImportedHash::parse(&fixture("argon2id-costly").1), Err(ImportedHashError::Cost));
        assert_eq!(ImportedHash::parse(&fixture("bcrypt-costly").1), Err(ImportedHashError::Cost));
        let bcrypt = fixture("bcrypt-2b").1;
        for bad in [
            String::new(),
            "Lama#Sistem-2019".into(),
            "5f4dcc3b5aa765d61d8327deb882cf99".into(), // unsalted MD5
            "$1$abc$def".into(),                       // md5-crypt
            format!("$2x${}", &bcrypt[4..]),
            bcrypt[..59].to_string(),
            format!("{}!", &bcrypt[..59]),
            format!("$2b$x{}", &bcrypt[5..]),
            "$argon2id$v=19$m=4096,t=2,p=2$c2FsdHNhbHQ".into(), // no output
            "$scrypt$ln=16,r=8,p=1$c2FsdA$aGFzaA".into(),
        ] {
            assert!(ImportedHash::parse(&bad).is_err(), "{bad:?}");
        }
        assert_eq!(ImportedHash::parse(&format!("$2b$03{}", &bcrypt[6..])), Err(ImportedHashError::Cost));
    }

    #[test]
    fn debug_shows_the_scheme_not_the_hash() {
        let hash = ImportedHash::parse(&fixture("bcrypt-2b").1).unwrap();
        assert_eq!(format!("{hash:?}"), "ImportedHash(Bcrypt)");
    }
}
