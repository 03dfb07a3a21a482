//! The server's clock. Timestamps are stored as Unix seconds (`BIGINT`) so the
//! same column type and the same comparisons work on both engines.

use std::time::{SystemTime, UNIX_EPOCH};

pub fn now_unix() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}
