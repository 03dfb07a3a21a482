//! `asn-portal audit verify`: walks every chain of the audit trail and
//! reports the first broken link: an altered event, a missing one, a
//! broken link to the previous event, newest events removed (the chain's
//! head disagrees), or an event slipped in without a chain. Keyed events
//! (format v2) are checked with the audit key (`seal`), so a chain
//! rewritten by someone without the key fails; unkeyed ones (v1) pass only
//! up to the sealed boundary where keying began.

use sqlx::AnyConnection;

use super::{GENESIS, Hashed, row_hash, seal};

/// What the walk found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub chains: u64,
    pub events: u64,
    /// Events from before chaining began (no chain, older than every chained one).
    pub legacy: u64,
    /// The first broken link, in words, if any.
    pub broken: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    prev_hash: Option<String>,
    row_hash: Option<String>,
    hash_version: Option<i64>,
    #[sqlx(flatten)]
    hashed: Hashed,
}

pub async fn verify(conn: &mut AnyConnection) -> Result<Report, sqlx::Error> {
    let mut report = Report { chains: 0, events: 0, legacy: 0, broken: None };
    let legacy_through = match seal::boundary(&mut *conn).await? {
        Ok(through) => through,
        Err(problem) => {
            report.broken = Some(problem);
            return Ok(report);
        }
    };
    let (first_chained,): (Option<i64>,) =
        sqlx::query_as("SELECT MIN(id) FROM audit_events WHERE chain IS NOT NULL").fetch_one(&mut *conn).await?;
    let first_chained = first_chained.unwrap_or(i64::MAX);
    let (legacy,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_events WHERE chain IS NULL AND id < $1")
        .bind(first_chained)
        .fetch_one(&mut *conn)
        .await?;
    report.legacy = legacy as u64;
    let stray: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM audit_events WHERE chain IS NULL AND id > $1 ORDER BY id LIMIT 1")
            .bind(first_chained)
            .fetch_optional(&mut *conn)
            .await?;
    if let Some((id,)) = stray {
        report.broken = Some(format!("event {id} has no chain but was written after chaining began"));
        return Ok(report);
    }
    let orphan: Option<(String,)> = sqlx::query_as(
        "SELECT chain FROM audit_events WHERE chain IS NOT NULL \
         AND chain NOT IN (SELECT chain FROM audit_chain_heads) ORDER BY id LIMIT 1",
    )
    .fetch_optional(&mut *conn)
    .await?;
    if let Some((chain,)) = orphan {
        report.broken = Some(format!("chain {chain}: its head record is missing"));
        return Ok(report);
    }
    let heads: Vec<(String, i64, String)> =
        sqlx::query_as("SELECT chain, seq, last_hash FROM audit_chain_heads ORDER BY chain")
            .fetch_all(&mut *conn)
            .await?;
    for (chain, head_seq, head_hash) in heads {
        report.chains += 1;
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, prev_hash, row_hash, hash_version, seq, occurred_at, event, reason, employee_id, nip, \
             actor_employee_id, actor, ip, user_agent, request_id, detail, agency_id \
             FROM audit_events WHERE chain = $1 ORDER BY seq",
        )
        .bind(&chain)
        .fetch_all(&mut *conn)
        .await?;
        let mut prev = GENESIS.to_string();
        let mut expected = 1;
        for row in rows {
            report.events += 1;
            let seq = row.hashed.seq;
            let problem = if seq != expected {
                Some(format!("event {expected} is missing (the next one found is {seq}, id {})", row.id))
            } else if row.prev_hash.as_deref() != Some(prev.as_str()) {
                Some(format!("event {seq} (id {}) does not link to the event before it", row.id))
            } else if row.hash_version.is_none() && row.id > legacy_through {
                Some(format!("event {seq} (id {}) is unkeyed but was written after keyed sealing began", row.id))
            } else if row.row_hash.as_deref() != Some(expected_hash(&chain, &prev, &row)?.as_str()) {
                Some(format!("event {seq} (id {}) was altered after it was written", row.id))
            } else {
                None
            };
            if let Some(p) = problem {
                report.broken = Some(format!("chain {chain}: {p}"));
                return Ok(report);
            }
            prev = row.row_hash.unwrap_or_default();
            expected += 1;
        }
        if expected - 1 != head_seq || prev != head_hash {
            report.broken = Some(format!(
                "chain {chain}: the newest events are missing (the chain ends at {}, its head records {head_seq})",
                expected - 1
            ));
            return Ok(report);
        }
    }
    Ok(report)
}

/// The hash the row's format gives it.
fn expected_hash(chain: &str, prev: &str, row: &Row) -> Result<String, sqlx::Error> {
    match row.hash_version {
        Some(2) => seal::seal(chain, prev, &row.hashed),
        None => Ok(row_hash(chain, prev, &row.hashed)),
        Some(other) => Ok(format!("unknown format {other}")),
    }
}
