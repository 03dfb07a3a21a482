//! The audit trail's key. Every event is sealed with HMAC-SHA256 under a key
//! derived from `ASN_SECRET_KEY` (format v2, `audit_events.hash_version =
//! 2`), over every stored field, the agency included, and the previous
//! event's seal. Someone with write access to the database alone can
//! therefore neither alter an event nor rewrite a chain from some point on:
//! `audit verify` recomputes every seal with the key.
//!
//! Events from before the key (format v1: plain SHA-256, no agency) stay
//! verifiable as they were, but only up to the event id the migration
//! recorded (`audit_keying.legacy_through`). That boundary is itself sealed
//! the first time a keyed instance starts, so it cannot be moved later to
//! pass rewritten events off as old ones.
//!
//! The key lives in the process (installed once at start-up by the server
//! and by every CLI command, from the configuration). Tests run one process
//! each (cargo-nextest), so two test servers never share it.

use std::sync::RwLock;

use ring::hmac;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use super::Hashed;

static KEY: RwLock<Option<[u8; 32]>> = RwLock::new(None);

/// The audit key for a secret key.
pub fn derive(secret_key: &str) -> [u8; 32] {
    Sha256::digest(format!("asn-portal audit seal:{secret_key}").as_bytes()).into()
}

/// Installs the key every later seal and check uses.
pub fn install(key: [u8; 32]) {
    if let Ok(mut slot) = KEY.write() {
        *slot = Some(key);
    }
}

fn key() -> Result<hmac::Key, sqlx::Error> {
    let key = KEY.read().ok().and_then(|k| *k);
    let key = key.ok_or_else(|| sqlx::Error::Protocol("the audit key is not installed".into()))?;
    Ok(hmac::Key::new(hmac::HMAC_SHA256, &key))
}

/// The v2 seal of one event: HMAC-SHA256 over what
/// [`super::hashed_bytes`] lays out, the agency included.
pub fn seal(chain: &str, prev_hash: &str, h: &Hashed) -> Result<String, sqlx::Error> {
    let bytes = super::hashed_bytes("asn-portal audit v2", chain, prev_hash, h, true);
    Ok(hex::encode(hmac::sign(&key()?, &bytes).as_ref()))
}

fn boundary_mac(legacy_through: i64) -> Result<String, sqlx::Error> {
    Ok(hex::encode(
        hmac::sign(&key()?, format!("asn-portal audit legacy through {legacy_through}").as_bytes()).as_ref(),
    ))
}

/// Seals the legacy boundary the migration recorded, once: only while no
/// event is sealed yet (the first keyed start), so a boundary moved later
/// is never signed.
pub async fn seal_boundary(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    let row: Option<(i64, Option<String>)> =
        sqlx::query_as("SELECT legacy_through, mac FROM audit_keying WHERE id = 1").fetch_optional(&mut *conn).await?;
    let Some((through, None)) = row else { return Ok(()) };
    sqlx::query(
        "UPDATE audit_keying SET mac = $1 WHERE id = 1 AND mac IS NULL \
         AND NOT EXISTS (SELECT 1 FROM audit_events WHERE hash_version = 2)",
    )
    .bind(boundary_mac(through)?)
    .execute(conn)
    .await?;
    Ok(())
}

/// The legacy boundary, if its seal holds; `Err` names the problem.
pub async fn boundary(conn: &mut AnyConnection) -> Result<Result<i64, String>, sqlx::Error> {
    let row: Option<(i64, Option<String>)> =
        sqlx::query_as("SELECT legacy_through, mac FROM audit_keying WHERE id = 1").fetch_optional(&mut *conn).await?;
    Ok(match row {
        None => Err("the record of where keyed sealing began is missing".into()),
        Some((through, Some(mac))) if mac == boundary_mac(through)? => Ok(through),
        Some((_, Some(_))) => Err("the record of where keyed sealing began was altered".into()),
        Some((through, None)) => {
            let sealed: Option<i64> = sqlx::query_scalar("SELECT id FROM audit_events WHERE hash_version = 2 LIMIT 1")
                .fetch_optional(&mut *conn)
                .await?;
            match sealed {
                // No keyed instance has started yet: nothing to trust beyond it.
                None => Ok(through),
                Some(_) => Err("the record of where keyed sealing began lost its seal".into()),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> Hashed {
        Hashed {
            seq: 1,
            occurred_at: 1_700_000_000,
            event: "unlocked".into(),
            reason: Some("Permintaan lewat telepon".into()),
            employee_id: Some(7),
            nip: Some("198001012005011001".into()),
            actor_employee_id: Some(3),
            actor: "employee".into(),
            ip: None,
            user_agent: None,
            request_id: None,
            detail: None,
            agency_id: Some(2),
        }
    }

    #[test]
    fn the_seal_covers_the_agency_and_depends_on_the_key() {
        install(derive("first secret key, long enough for the test"));
        let original = seal("employee:7", super::super::GENESIS, &event()).unwrap();
        let moved = Hashed { agency_id: Some(9), ..event() };
        assert_ne!(seal("employee:7", super::super::GENESIS, &moved).unwrap(), original, "the agency is sealed");
        let unsealed = Hashed { agency_id: None, ..event() };
        assert_ne!(seal("employee:7", super::super::GENESIS, &unsealed).unwrap(), original);
        install(derive("another secret key, long enough for the test"));
        assert_ne!(seal("employee:7", super::super::GENESIS, &event()).unwrap(), original, "keyed");
    }
}
