//! Lockout: what a wrong password or a wrong second factor costs the
//! account (capped temporary locks; only wrong second factors lock for
//! good), shared by sign-in, the code step, re-authentication and the
//! reset wizard.

use super::repo;
use crate::audit::{self, Actor, AuditKind, AuditRecord, RequestInfo};
use crate::server::AuthSettings;

/// Which factor a failure was wrong about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failed {
    /// A wrong password: anyone who knows a NIP can cause it.
    Password,
    /// A wrong authenticator or recovery code after the right password
    /// (or the mailed code): whoever types it holds a factor already.
    SecondFactor,
}

/// The lock a failure earns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    /// For this many seconds.
    Temporary(i64),
    /// Until an agency admin unlocks.
    Permanent,
}

/// The lock the account's `failures` (every factor) and `second_factor`
/// failures earn after a failure of kind `failed`, if any. Temporary locks
/// come every `lockout_threshold` failures, doubling from `lockout_base`
/// up to `lockout_max`; only second factors lock for good.
pub fn lock_for(failed: Failed, failures: i64, second_factor: i64, s: &AuthSettings) -> Option<Lock> {
    if failed == Failed::SecondFactor && second_factor >= s.lockout_permanent_after {
        return Some(Lock::Permanent);
    }
    if failures >= s.lockout_threshold && (failures - s.lockout_threshold) % s.lockout_threshold == 0 {
        let doublings = ((failures - s.lockout_threshold) / s.lockout_threshold).min(16) as u32;
        return Some(Lock::Temporary(s.lockout_base.saturating_mul(1 << doublings).min(s.lockout_max)));
    }
    None
}

/// Counts a failed factor (a wrong password, a wrong code) toward the
/// account's lockout, in the caller's transaction. Returns whether this
/// failure locked the account.
pub async fn count_failure(
    conn: &mut sqlx::AnyConnection,
    employee_id: i64,
    failed: Failed,
    nip: Option<&str>,
    now: i64,
    settings: &AuthSettings,
    request: &RequestInfo,
) -> Result<bool, sqlx::Error> {
    let counted = repo::count_failure(conn, employee_id, failed == Failed::SecondFactor, now).await?;
    let Some((failures, second_factor)) = counted else { return Ok(false) };
    let Some(lock) = lock_for(failed, failures, second_factor, settings) else { return Ok(false) };
    let (until, permanent) = match lock {
        Lock::Temporary(seconds) => (Some(now + seconds), false),
        Lock::Permanent => (None, true),
    };
    repo::lock(conn, employee_id, until, permanent).await?;
    let detail = match lock {
        Lock::Temporary(seconds) => format!("temporary lock for {seconds} s after {failures} failures"),
        Lock::Permanent => format!("permanent lock after {second_factor} wrong second factors"),
    };
    let event = AuditRecord {
        kind: AuditKind::LockedOut,
        reason: None,
        employee_id: Some(employee_id),
        nip,
        actor: Actor::System,
        request,
        detail: Some(&detail),
    };
    audit::record(conn, &event).await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_passwords_lock_for_at_most_fifteen_minutes_and_never_for_good() {
        let s = AuthSettings::default();
        let locks: Vec<_> = (1..=1000).map(|n| lock_for(Failed::Password, n, 0, &s)).collect();
        assert_eq!(locks[3], None);
        assert_eq!(locks[4], Some(Lock::Temporary(300)));
        assert_eq!(locks[5], None);
        assert_eq!(locks[9], Some(Lock::Temporary(600)));
        assert_eq!(locks[14], Some(Lock::Temporary(900)), "capped at 15 minutes");
        assert_eq!(locks[19], Some(Lock::Temporary(900)));
        assert!(locks.iter().all(|l| *l != Some(Lock::Permanent)));
        // Earlier wrong codes do not make a later wrong password permanent.
        assert_eq!(lock_for(Failed::Password, 40, 25, &s), Some(Lock::Temporary(900)));
    }

    #[test]
    fn wrong_second_factors_after_the_password_lock_for_good_at_the_limit() {
        let s = AuthSettings::default();
        assert_eq!(lock_for(Failed::SecondFactor, 19, 19, &s), None);
        assert_eq!(lock_for(Failed::SecondFactor, 20, 20, &s), Some(Lock::Permanent));
        assert_eq!(lock_for(Failed::SecondFactor, 5, 5, &s), Some(Lock::Temporary(300)));
    }
}
