//! Every move of a leave request from one status to another, in one
//! place: a single UPDATE that names the version the caller read and the
//! statuses the move starts from, so of two clicks (or two officials) only
//! the first moves the request; the second finds it moved and gets a
//! conflict.

use sqlx::{AnyConnection, AssertSqlSafe};

use crate::leave::model::Status;

/// A value a move writes.
#[derive(Debug, Clone)]
pub enum Value {
    Int(Option<i64>),
    Text(Option<String>),
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Int(Some(n))
    }
}

impl From<Option<i64>> for Value {
    fn from(n: Option<i64>) -> Self {
        Value::Int(n)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(Some(s.to_string()))
    }
}

impl From<Option<String>> for Value {
    fn from(s: Option<String>) -> Self {
        Value::Text(s)
    }
}

/// One move: request `id`, read at `version`, from one of `from` (and, with
/// `holder`, only while that column still names that person), writing `set`.
#[derive(Debug, Clone)]
pub struct Move<'a> {
    pub id: i64,
    pub version: i64,
    pub from: &'a [Status],
    pub holder: Option<(&'static str, i64)>,
    /// Columns (constants of the code, never input) and their values.
    pub set: Vec<(&'static str, Value)>,
}

/// Makes the move, stamping `updated_at` and the next version; `false`
/// when the request is no longer where the caller saw it.
pub async fn make(conn: &mut AnyConnection, m: Move<'_>, now: i64) -> Result<bool, sqlx::Error> {
    let mut assignments: Vec<String> =
        m.set.iter().enumerate().map(|(i, (col, _))| format!("{col} = ${}", i + 1)).collect();
    let mut n = m.set.len();
    let mut param = || {
        n += 1;
        format!("${n}")
    };
    assignments.push(format!("updated_at = {}", param()));
    assignments.push("version = version + 1".to_string());
    let statuses: Vec<String> = m.from.iter().map(|s| format!("'{}'", s.as_str())).collect();
    let mut sql = format!(
        "UPDATE leave_requests SET {} WHERE id = {} AND version = {} AND status IN ({})",
        assignments.join(", "),
        param(),
        param(),
        statuses.join(", ")
    );
    if let Some((column, _)) = m.holder {
        sql.push_str(&format!(" AND {column} = {}", param()));
    }
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for (_, value) in m.set {
        query = match value {
            Value::Int(v) => query.bind(v),
            Value::Text(v) => query.bind(v),
        };
    }
    query = query.bind(now).bind(m.id).bind(m.version);
    if let Some((_, holder)) = m.holder {
        query = query.bind(holder);
    }
    Ok(query.execute(conn).await?.rows_affected() == 1)
}
