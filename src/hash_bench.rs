//! `asn-portal hash-bench`: how many Argon2id verifications per second this
//! machine does with the configured parameters and concurrency bound, through
//! the same bounded hasher sign-in uses. Sign-in throughput cannot exceed
//! it; `scripts/bench-sign-in.sh` prints both side by side. Operators use
//! it to size `ASN_ARGON2_*` and `ASN_PASSWORD_HASH_CONCURRENCY`.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use app::domain::password::{Holder, NewPassword};
use app::server::hasher::{HashError, Hasher};

use crate::config::Config;

pub struct Report {
    pub verifications: u64,
    pub elapsed: Duration,
    pub p50: Duration,
    pub p99: Duration,
}

impl Report {
    pub fn per_second(&self) -> f64 {
        self.verifications as f64 / self.elapsed.as_secs_f64()
    }
}

/// Keeps twice as many verifications in flight as the hasher admits (so
/// its slots never idle) for `duration`.
pub async fn run(config: &Config, duration: Duration) -> anyhow::Result<Report> {
    let s = &config.passwords;
    // Generous queue timeout: this measures throughput, not the 429 path.
    let hasher = Hasher::new(s.params, s.concurrency, Duration::from_secs(60))?;
    let sample = NewPassword::parse(s.profile, "Kopi-Tubruk-Pagi#2024", Holder::default(), |_| false)
        .map_err(|v| anyhow::anyhow!("sample password refused: {v:?}"))?;
    let hash: Arc<str> = hasher.hash(&sample).await?.into();
    let done = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + duration;
    let mut workers = Vec::new();
    for _ in 0..(2 * s.concurrency).max(2) {
        let (hasher, hash, done) = (hasher.clone(), hash.clone(), done.clone());
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let t = Instant::now();
                let verified = hasher.verify("Kopi-Tubruk-Pagi#2024", Some(&hash)).await?;
                assert!(verified.ok, "the sample password must verify");
                latencies.push(t.elapsed());
                done.fetch_add(1, Ordering::Relaxed);
            }
            Ok::<_, HashError>(latencies)
        }));
    }
    let mut latencies = Vec::new();
    for worker in workers {
        latencies.extend(worker.await??);
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let pick = |q: f64| latencies.get(((latencies.len() as f64 - 1.0) * q) as usize).copied().unwrap_or_default();
    Ok(Report { verifications: done.load(Ordering::Relaxed), elapsed, p50: pick(0.5), p99: pick(0.99) })
}
