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

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand_core::OsRng;
use tokio::sync::Semaphore;

use super::password::{MAX_PASSWORD_BYTES, NewPassword, normalize};

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

#[derive(Clone)]
pub struct Hasher {
    params: Params,
    slots: Arc<Semaphore>,
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
            queue_timeout,
            dummy: dummy.into(),
            computations: Arc::new(AtomicU64::new(0)),
        })
    }

    fn argon(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    /// Runs `work` on the blocking pool once a slot is free.
    async fn bounded<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, HashError> {
        let permit = tokio::time::timeout(self.queue_timeout, self.slots.clone().acquire_owned())
            .await
            .map_err(|_| HashError::Busy)?
            .map_err(|_| HashError::Internal)?;
        let span = tracing::Span::current();
        self.computations.fetch_add(1, Ordering::Relaxed);
        let result = tokio::task::spawn_blocking(move || {
            let _entered = span.enter();
            let out = work();
            drop(permit);
            out
        })
        .await
        .map_err(|_| HashError::Internal)?;
        Ok(result)
    }

    /// A PHC string (`$argon2id$v=19$m=…`) for a policy-checked password.
    pub async fn hash(&self, password: &NewPassword) -> Result<String, HashError> {
        let argon = self.argon();
        let secret = zeroize::Zeroizing::new(password.expose().as_bytes().to_vec());
        self.bounded(move || {
            let salt = SaltString::generate(&mut OsRng);
            argon.hash_password(&secret, &salt).map(|h| h.to_string()).map_err(|_| HashError::Internal)
        })
        .await?
    }

    /// Hashes a password that has just verified, with the current parameters
    /// (no policy check: it is the password the account already has).
    pub async fn rehash(&self, typed: &str) -> Result<String, HashError> {
        let argon = self.argon();
        let secret = zeroize::Zeroizing::new(normalize(typed).into_bytes());
        self.bounded(move || {
            let salt = SaltString::generate(&mut OsRng);
            argon.hash_password(&secret, &salt).map(|h| h.to_string()).map_err(|_| HashError::Internal)
        })
        .await?
    }

    /// Checks a typed password against the stored hash, or against the dummy
    /// when there is none (same work, always `ok: false`). Oversized input is
    /// refused before any hashing.
    pub async fn verify(&self, typed: &str, stored: Option<&str>) -> Result<Verified, HashError> {
        if typed.len() > MAX_PASSWORD_BYTES {
            return Ok(Verified { ok: false, needs_rehash: false });
        }
        let candidate = zeroize::Zeroizing::new(normalize(typed).into_bytes());
        let has_hash = stored.is_some();
        let stored = stored.unwrap_or(&self.dummy).to_string();
        let argon = self.argon();
        let configured = self.params.clone();
        self.bounded(move || {
            let Ok(parsed) = PasswordHash::new(&stored) else {
                return Verified { ok: false, needs_rehash: false };
            };
            let ok = argon.verify_password(&candidate, &parsed).is_ok() && has_hash;
            let current = Params::try_from(&parsed).ok();
            let same_algorithm = parsed.algorithm == argon2::ARGON2ID_IDENT;
            let same_cost = current.is_some_and(|c| {
                (c.m_cost(), c.t_cost(), c.p_cost()) == (configured.m_cost(), configured.t_cost(), configured.p_cost())
            });
            let needs_rehash = ok && !(same_algorithm && same_cost);
            Verified { ok, needs_rehash }
        })
        .await
    }

    pub fn computations(&self) -> u64 {
        self.computations.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::password::{Holder, PolicyProfile};

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
