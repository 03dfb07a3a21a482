//! Argon2id hashing off the async runtime, behind a concurrency bound.
//!
//! Each hash costs `memory_kib` of RAM for tens of milliseconds; unbounded,
//! a flood of sign-ins would exhaust memory. At most `max_concurrent`
//! computations run at once (default: the CPU count); a request that cannot
//! get a slot within `queue_timeout` gets [`HashError::Busy`] (HTTP 429).
//! Verifying for an account that has no hash verifies against a dummy hash,
//! so unknown NIPs, accounts without a password and wrong passwords cost
//! the same work.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use argon2::password_hash::{self, Output, ParamsString, PasswordHash, PasswordHasher as _, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use rand_core::OsRng;
use tokio::sync::Semaphore;

use crate::domain::password::{MAX_PASSWORD_BYTES, NewPassword, normalize};

pub mod imported;

/// OWASP's Argon2id recommendation: 19 MiB, 2 iterations, 1 lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Default for HashParams {
    fn default() -> Self {
        Self { memory_kib: 19_456, iterations: 2, parallelism: 1 }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HashError {
    #[error("too many password checks in progress; try again shortly")]
    Busy,
    #[error("invalid Argon2 parameters")]
    Params,
    #[error("password hashing failed")]
    Internal,
}

/// The outcome of a verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    pub ok: bool,
    /// The stored hash uses other parameters than the configured ones:
    /// rehash the password now that it is known.
    pub needs_rehash: bool,
}

/// Argon2's working memory (`memory_kib` each), one buffer per slot in use,
/// kept and reused. Allocating it per computation left a freed 19 MiB block
/// in the allocator arena of every thread that had hashed: the load
/// benchmark (`scripts/bench-load.sh`) saw 700 MiB resident after a burst of
/// sign-ins that never held more than two hashes at once.
type Memory = Arc<std::sync::Mutex<Vec<Vec<Block>>>>;

#[derive(Clone)]
pub struct Hasher {
    params: Params,
    slots: Arc<Semaphore>,
    memory: Memory,
    queue_timeout: Duration,
    dummy: Arc<str>,
    /// Argon2 computations done, for tests that compare work across paths.
    computations: Arc<AtomicU64>,
}

impl Hasher {
    pub fn new(params: HashParams, max_concurrent: usize, queue_timeout: Duration) -> Result<Self, HashError> {
        let params = Params::new(params.memory_kib, params.iterations, params.parallelism, None)
            .map_err(|_| HashError::Params)?;
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
        let salt = SaltString::generate(&mut OsRng);
        let dummy = argon
            .hash_password(b"dummy password for accounts without one", &salt)
            .map_err(|_| HashError::Internal)?
            .to_string();
        Ok(Self {
            params,
            slots: Arc::new(Semaphore::new(max_concurrent.max(1))),
            memory: Memory::default(),
            queue_timeout,
            dummy: dummy.into(),
            computations: Arc::new(AtomicU64::new(0)),
        })
    }

    fn argon(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    /// Runs `work` on the blocking pool once a slot is free, with a slot's
    /// Argon2 memory.
    async fn bounded<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
    ) -> Result<T, HashError> {
        let permit = tokio::time::timeout(self.queue_timeout, self.slots.clone().acquire_owned())
            .await
            .map_err(|_| HashError::Busy)?
            .map_err(|_| HashError::Internal)?;
        let span = tracing::Span::current();
        self.computations.fetch_add(1, Ordering::Relaxed);
        let (memory, usual) = (self.memory.clone(), self.params.block_count());
        let result = tokio::task::spawn_blocking(move || {
            let _entered = span.enter();
            let mut buffer = memory.lock().map(|mut m| m.pop()).ok().flatten().unwrap_or_default();
            let out = work(&mut buffer);
            // A stored hash with larger parameters grew it: back to the usual size.
            if buffer.len() > usual {
                buffer.truncate(usual);
                buffer.shrink_to_fit();
            }
            if let Ok(mut m) = memory.lock() {
                m.push(buffer);
            }
            drop(permit);
            out
        })
        .await
        .map_err(|_| HashError::Internal)?;
        Ok(result)
    }

    /// Buffers of Argon2 memory kept: never more than the slots.
    pub fn memory_buffers(&self) -> usize {
        self.memory.lock().map_or(0, |m| m.len())
    }

    /// A PHC string (`$argon2id$v=19$m=…`) for a policy-checked password.
    pub async fn hash(&self, password: &NewPassword) -> Result<String, HashError> {
        let argon = self.argon();
        let secret = zeroize::Zeroizing::new(password.expose().as_bytes().to_vec());
        self.bounded(move |memory| phc(&argon, &secret, memory).map_err(|_| HashError::Internal)).await?
    }

    /// Hashes a password that has just verified, with the current parameters
    /// (no policy check: it is the password the account already has).
    pub async fn rehash(&self, typed: &str) -> Result<String, HashError> {
        let argon = self.argon();
        let secret = zeroize::Zeroizing::new(normalize(typed).into_bytes());
        self.bounded(move |memory| phc(&argon, &secret, memory).map_err(|_| HashError::Internal)).await?
    }

    /// Checks a typed password against the stored hash, or against the dummy
    /// when there is none (same work, always `ok: false`). Oversized input is
    /// refused before any hashing. A hash of another scheme or cost than the
    /// configured one (one imported from another system, see [`imported`])
    /// is also tried with the password as typed when its NFKC form differs,
    /// as the old system may not have normalised it; the portal's own hashes
    /// are of the NFKC form only, so they cost one run.
    pub async fn verify(&self, typed: &str, stored: Option<&str>) -> Result<Verified, HashError> {
        if typed.len() > MAX_PASSWORD_BYTES {
            return Ok(Verified { ok: false, needs_rehash: false });
        }
        let normalized = normalize(typed);
        let as_typed = (normalized != typed).then(|| zeroize::Zeroizing::new(typed.as_bytes().to_vec()));
        let candidate = zeroize::Zeroizing::new(normalized.into_bytes());
        let has_hash = stored.is_some();
        let stored = stored.unwrap_or(&self.dummy).to_string();
        let configured = self.params.clone();
        self.bounded(move |memory| {
            if imported::is_bcrypt(&stored) {
                let tried = |password: &[u8]| bcrypt::verify(password, &stored).unwrap_or(false);
                let ok = has_hash && (tried(&candidate) || as_typed.as_deref().is_some_and(|t| tried(t)));
                return Verified { ok, needs_rehash: ok };
            }
            let Ok(parsed) = PasswordHash::new(&stored) else {
                return Verified { ok: false, needs_rehash: false };
            };
            let current = Params::try_from(&parsed).ok();
            let same_algorithm = parsed.algorithm == argon2::ARGON2ID_IDENT;
            let same_cost = current.is_some_and(|c| {
                (c.m_cost(), c.t_cost(), c.p_cost()) == (configured.m_cost(), configured.t_cost(), configured.p_cost())
            });
            let ours = same_algorithm && same_cost;
            let matched = matches(&parsed, &candidate, memory)
                || (!ours && as_typed.as_deref().is_some_and(|t| matches(&parsed, t, memory)));
            let ok = matched && has_hash;
            Verified { ok, needs_rehash: ok && !ours }
        })
        .await
    }

    pub fn computations(&self) -> u64 {
        self.computations.load(Ordering::Relaxed)
    }
}

/// Argon2 of `password` with `salt` into an output of `len` bytes, in
/// `memory` (grown to the parameters' size when smaller).
fn compute(
    argon: &Argon2<'_>,
    password: &[u8],
    salt: Salt<'_>,
    len: usize,
    memory: &mut Vec<Block>,
) -> password_hash::Result<Output> {
    let mut salt_bytes = [0u8; 64];
    let salt = salt.decode_b64(&mut salt_bytes)?;
    let blocks = argon.params().block_count();
    if memory.len() < blocks {
        memory.resize(blocks, Block::new());
    }
    Output::init_with(len, |out| {
        Ok(argon.hash_password_into_with_memory(password, salt, out, &mut memory[..blocks])?)
    })
}

/// A new PHC string (`$argon2id$v=19$m=…`) with a fresh salt.
fn phc(argon: &Argon2<'_>, password: &[u8], memory: &mut Vec<Block>) -> password_hash::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    let len = argon.params().output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    let output = compute(argon, password, salt.as_salt(), len, memory)?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(argon.params())?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(hash.to_string())
}

/// Whether `password` gives the stored hash, with its own algorithm, version
/// and parameters (the output compared in constant time).
fn matches(stored: &PasswordHash<'_>, password: &[u8], memory: &mut Vec<Block>) -> bool {
    let (Some(salt), Some(expected)) = (stored.salt, &stored.hash) else { return false };
    let (Ok(algorithm), Ok(params)) = (Algorithm::try_from(stored.algorithm), Params::try_from(stored)) else {
        return false;
    };
    let version = match stored.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(v)) => v,
        Some(Err(_)) => return false,
    };
    let argon = Argon2::new(algorithm, version, params);
    compute(&argon, password, salt, expected.len(), memory).is_ok_and(|out| out == *expected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::password::{Holder, PolicyProfile};

    /// Cheap parameters: these tests check behaviour, not cost.
    fn cheap() -> HashParams {
        HashParams { memory_kib: 1024, iterations: 1, parallelism: 1 }
    }

    fn new_password(raw: &str) -> NewPassword {
        NewPassword::parse(PolicyProfile::Portal, raw, Holder::default(), |_| false).unwrap()
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_nothing_else() {
        let h = Hasher::new(cheap(), 2, Duration::from_secs(5)).unwrap();
        let stored = h.hash(&new_password("Kopi-Tubruk-2024")).await.unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=1024,t=1,p=1$"), "{stored}");
        assert_eq!(
            h.verify("Kopi-Tubruk-2024", Some(&stored)).await.unwrap(),
            Verified { ok: true, needs_rehash: false }
        );
        assert!(!h.verify("Kopi-Tubruk-2025", Some(&stored)).await.unwrap().ok);
        assert!(!h.verify("Kopi-Tubruk-2024", Some("not a hash")).await.unwrap().ok);
    }

    #[tokio::test]
    async fn composed_and_decomposed_forms_both_verify() {
        let h = Hasher::new(cheap(), 2, Duration::from_secs(5)).unwrap();
        let stored = h.hash(&new_password("Caf\u{e9}-Pagi-2024")).await.unwrap();
        assert!(h.verify("Caf\u{e9}-Pagi-2024", Some(&stored)).await.unwrap().ok);
        assert!(h.verify("Cafe\u{301}-Pagi-2024", Some(&stored)).await.unwrap().ok);
    }

    #[tokio::test]
    async fn hashes_agree_with_the_argon2_crate_both_ways() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let h = Hasher::new(cheap(), 2, Duration::from_secs(5)).unwrap();
        let ours = h.hash(&new_password("Kopi-Tubruk-2024")).await.unwrap();
        let reference = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(1024, 1, 1, None).unwrap());
        assert!(reference.verify_password(b"Kopi-Tubruk-2024", &PasswordHash::new(&ours).unwrap()).is_ok());
        assert!(reference.verify_password(b"Kopi-Tubruk-2025", &PasswordHash::new(&ours).unwrap()).is_err());
        // A hash stored by the crate itself, with other parameters (and an
        // older version): it verifies and asks for a rehash.
        let salt = SaltString::generate(&mut OsRng);
        let older = Argon2::new(Algorithm::Argon2id, Version::V0x10, Params::new(2048, 2, 1, None).unwrap());
        let theirs = older.hash_password(b"Kopi-Tubruk-2024", &salt).unwrap().to_string();
        assert_eq!(
            h.verify("Kopi-Tubruk-2024", Some(&theirs)).await.unwrap(),
            Verified { ok: true, needs_rehash: true }
        );
        assert!(!h.verify("Kopi-Tubruk-2025", Some(&theirs)).await.unwrap().ok);
    }

    #[tokio::test]
    async fn hashes_made_by_other_tools_verify_and_ask_for_a_rehash() {
        use imported::tests::fixture;
        let h = Hasher::new(cheap(), 2, Duration::from_secs(5)).unwrap();
        for scheme in ["argon2id", "argon2i", "argon2id-default", "bcrypt-2a", "bcrypt-2b", "bcrypt-2y"] {
            let (password, hash) = fixture(scheme);
            assert_eq!(
                h.verify(&password, Some(&hash)).await.unwrap(),
                Verified { ok: true, needs_rehash: true },
                "{scheme}"
            );
            assert_eq!(
                h.verify(&format!("{password}x"), Some(&hash)).await.unwrap(),
                Verified { ok: false, needs_rehash: false },
                "{scheme}: a wrong password"
            );
        }
        // The old system hashed the full-width characters as typed; the
        // portal's NFKC form of them is plain ASCII.
        let (password, hash) = fixture("bcrypt-unicode");
        assert!(h.verify(&password, Some(&hash)).await.unwrap().ok);
        assert!(!h.verify(&crate::domain::password::normalize(&password), Some(&hash)).await.unwrap().ok);
        // Once rehashed, the portal's own hash (of the NFKC form) verifies.
        let fresh = h.rehash(&password).await.unwrap();
        assert_eq!(h.verify(&password, Some(&fresh)).await.unwrap(), Verified { ok: true, needs_rehash: false });
    }

    #[tokio::test]
    async fn the_working_memory_is_kept_per_slot_not_per_computation() {
        let h = Hasher::new(cheap(), 2, Duration::from_secs(5)).unwrap();
        let stored = h.hash(&new_password("Kopi-Tubruk-2024")).await.unwrap();
        let checks = (0..12).map(|_| {
            let (h, stored) = (h.clone(), stored.clone());
            tokio::spawn(async move { h.verify("Kopi-Tubruk-2024", Some(&stored)).await.unwrap().ok })
        });
        for check in checks.collect::<Vec<_>>() {
            assert!(check.await.unwrap());
        }
        assert!((1..=2).contains(&h.memory_buffers()), "{} buffers for 2 slots", h.memory_buffers());
    }

    #[tokio::test]
    async fn a_missing_hash_costs_the_same_work_and_never_verifies() {
        let h = Hasher::new(cheap(), 2, Duration::from_secs(5)).unwrap();
        let stored = h.hash(&new_password("Kopi-Tubruk-2024")).await.unwrap();
        let before = h.computations();
        assert!(!h.verify("Wrong-Password-1", Some(&stored)).await.unwrap().ok);
        let wrong = h.computations() - before;
        // Even the dummy's own password does not verify for a missing account.
        assert!(!h.verify("dummy password for accounts without one", None).await.unwrap().ok);
        assert_eq!(h.computations() - before - wrong, wrong, "unknown accounts must cost an Argon2 run too");
    }

    #[tokio::test]
    async fn changed_parameters_ask_for_a_rehash_on_success_only() {
        let old = Hasher::new(cheap(), 2, Duration::from_secs(5)).unwrap();
        let stored = old.hash(&new_password("Kopi-Tubruk-2024")).await.unwrap();
        let stronger = Hasher::new(HashParams { memory_kib: 2048, ..cheap() }, 2, Duration::from_secs(5)).unwrap();
        assert_eq!(
            stronger.verify("Kopi-Tubruk-2024", Some(&stored)).await.unwrap(),
            Verified { ok: true, needs_rehash: true }
        );
        assert_eq!(
            stronger.verify("Wrong-Password-1", Some(&stored)).await.unwrap(),
            Verified { ok: false, needs_rehash: false }
        );
    }

    #[tokio::test]
    async fn an_oversized_password_is_refused_before_hashing() {
        let h = Hasher::new(cheap(), 2, Duration::from_secs(5)).unwrap();
        let huge = "x".repeat(10 * 1024 * 1024);
        let before = h.computations();
        assert!(!h.verify(&huge, None).await.unwrap().ok);
        assert_eq!(h.computations(), before);
    }

    #[tokio::test]
    async fn when_every_slot_is_taken_the_caller_is_told_busy() {
        let h = Hasher::new(cheap(), 1, Duration::from_millis(50)).unwrap();
        let held = h.slots.clone().acquire_owned().await.unwrap();
        assert_eq!(h.verify("Kopi-Tubruk-2024", None).await, Err(HashError::Busy));
        drop(held);
        assert!(h.verify("Kopi-Tubruk-2024", None).await.is_ok());
    }

    #[test]
    fn the_default_parameters_are_owasps() {
        assert_eq!(HashParams::default(), HashParams { memory_kib: 19_456, iterations: 2, parallelism: 1 });
        assert!(Hasher::new(HashParams { memory_kib: 1, iterations: 0, parallelism: 1 }, 1, Duration::ZERO).is_err());
    }
}
