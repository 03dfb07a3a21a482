//! One database layer for both engines.
//!
//! Queries go through sqlx's `Any` driver with `$1` placeholders, which both
//! SQLite and PostgreSQL accept, and only portable column types: `BIGINT`
//! integers (Unix-second timestamps and 0/1 flags included: the `Any` driver
//! cannot decode SQLite `BOOLEAN` columns) and `TEXT`. Each engine
//! has its own migration folder (the DDL differs); a test checks that both
//! produce the same tables and columns.

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};
use std::path::Path;
use std::time::Duration;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    fn migrator(self) -> &'static Migrator {
        match self {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }
}

/// Pool and engine settings; every field comes from configuration.
#[derive(Debug, Clone)]
pub struct DbOptions {
    pub url: String,
    pub max_connections: u32,
    pub min_connections: u32,
    pub acquire_timeout: Duration,
    pub idle_timeout: Duration,
    /// SQLite only: how long a writer waits for the lock before failing.
    pub sqlite_busy_timeout: Duration,
    /// SQLite only: `NORMAL` (default, safe with WAL) or `FULL`.
    pub sqlite_synchronous: String,
}

impl DbOptions {
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            max_connections: 10,
            min_connections: 0,
            acquire_timeout: Duration::from_secs(5),
            idle_timeout: Duration::from_secs(600),
            sqlite_busy_timeout: Duration::from_secs(5),
            sqlite_synchronous: "NORMAL".into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unsupported database URL (expected sqlite:// or postgres://)")]
    UnsupportedUrl,
    #[error("cannot create the database folder {0}: {1}")]
    Folder(String, std::io::Error),
    #[error("cannot connect to the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error(transparent)]
    Query(#[from] sqlx::Error),
}

/// Migration status as `/readyz` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationStatus {
    pub applied: usize,
    pub expected: usize,
    pub dirty: bool,
}

impl MigrationStatus {
    pub fn is_current(&self) -> bool {
        !self.dirty && self.applied == self.expected
    }
}

#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
}

impl Db {
    /// Opens a pool (creating the SQLite file and its folder when missing).
    /// Does not migrate: call [`Db::migrate`].
    pub async fn connect(options: &DbOptions) -> Result<Self, DbError> {
        install_default_drivers();
        let backend = Backend::from_url(&options.url).ok_or(DbError::UnsupportedUrl)?;
        let url = match backend {
            Backend::Sqlite => sqlite_url_with_create(&options.url)?,
            Backend::Postgres => options.url.clone(),
        };
        let busy_ms = options.sqlite_busy_timeout.as_millis();
        let synchronous = match options.sqlite_synchronous.to_ascii_uppercase().as_str() {
            "FULL" => "FULL",
            "EXTRA" => "EXTRA",
            _ => "NORMAL",
        };
        let pool = AnyPoolOptions::new()
            .max_connections(options.max_connections)
            .min_connections(options.min_connections)
            .acquire_timeout(options.acquire_timeout)
            .idle_timeout(Some(options.idle_timeout))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // Per-connection settings; journal_mode=WAL persists in the file.
                        // Safe to format: a number and a whitelisted keyword.
                        let pragmas = format!(
                            "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                             PRAGMA busy_timeout = {busy_ms}; PRAGMA synchronous = {synchronous};"
                        );
                        conn.execute(sqlx::AssertSqlSafe(pragmas)).await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .map_err(DbError::Connect)?;
        Ok(Self { pool, backend })
    }

    /// Applies every pending migration of this engine. Safe to run on every
    /// start and from several instances (sqlx takes a lock on PostgreSQL).
    pub async fn migrate(&self) -> Result<(), DbError> {
        self.backend.migrator().run(&self.pool).await?;
        Ok(())
    }

    pub async fn migration_status(&self) -> Result<MigrationStatus, DbError> {
        let expected = self.backend.migrator().iter().filter(|m| m.migration_type.is_up_migration()).count();
        let table_exists: Option<(i64,)> = match self.backend {
            Backend::Sqlite => {
                sqlx::query_as("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'")
                    .fetch_optional(&self.pool)
                    .await?
            }
            Backend::Postgres => {
                sqlx::query_as(
                    "SELECT CAST(1 AS BIGINT) FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_name = '_sqlx_migrations'",
                )
                .fetch_optional(&self.pool)
                .await?
            }
        };
        if table_exists.is_none() {
            return Ok(MigrationStatus { applied: 0, expected, dirty: false });
        }
        let (applied, dirty): (i64, i64) = sqlx::query_as(
            "SELECT CAST(COUNT(*) AS BIGINT), \
                    CAST(COALESCE(SUM(CASE WHEN success THEN 0 ELSE 1 END), 0) AS BIGINT) \
             FROM _sqlx_migrations",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(MigrationStatus { applied: applied as usize, expected, dirty: dirty > 0 })
    }

    /// A cheap round trip, for readiness checks.
    pub async fn ping(&self) -> Result<(), DbError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// A transaction that may write. On SQLite it takes the write lock at
    /// `BEGIN IMMEDIATE`, waiting up to the busy timeout for another writer.
    /// A deferred transaction there (sqlx's default) reads from a snapshot
    /// and fails at once with `SQLITE_BUSY` when its first write comes after
    /// another connection committed, so a read-then-write under load (ending
    /// a session, deciding a request) failed now and then. PostgreSQL begins
    /// as usual.
    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// `sqlite://path` → `sqlite://path?mode=rwc`, creating the parent folder.
fn sqlite_url_with_create(url: &str) -> Result<String, DbError> {
    let rest = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path != ":memory:"
        && !path.is_empty()
        && let Some(parent) = Path::new(path).parent().filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent).map_err(|e| DbError::Folder(parent.display().to_string(), e))?;
    }
    let mode = if query.contains("mode=") { String::new() } else { "mode=rwc".into() };
    let joined = [query, mode.as_str()].iter().filter(|s| !s.is_empty()).cloned().collect::<Vec<_>>().join("&");
    Ok(format!("sqlite://{path}?{joined}"))
}

/// Maps a unique or foreign-key violation to `Some(kind)`; other errors to `None`.
pub fn constraint_violation(err: &sqlx::Error) -> Option<ConstraintKind> {
    let db = err.as_database_error()?;
    match db.kind() {
        sqlx::error::ErrorKind::UniqueViolation => Some(ConstraintKind::Unique),
        sqlx::error::ErrorKind::ForeignKeyViolation => Some(ConstraintKind::ForeignKey),
        sqlx::error::ErrorKind::CheckViolation => Some(ConstraintKind::Check),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConstraintKind {
    Unique,
    ForeignKey,
    Check,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_gain_create_mode_and_keep_their_own_options() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/portal.db");
        let url = format!("sqlite://{}", path.display());
        assert_eq!(sqlite_url_with_create(&url).unwrap(), format!("{url}?mode=rwc"));
        assert!(path.parent().unwrap().is_dir());
        let ro = format!("sqlite://{}?mode=ro", path.display());
        assert_eq!(sqlite_url_with_create(&ro).unwrap(), ro);
    }

    #[test]
    fn only_sqlite_and_postgres_urls_are_understood() {
        assert_eq!(Backend::from_url("sqlite://data/x.db"), Some(Backend::Sqlite));
        assert_eq!(Backend::from_url("postgres://u@h/db"), Some(Backend::Postgres));
        assert_eq!(Backend::from_url("postgresql://u@h/db"), Some(Backend::Postgres));
        assert_eq!(Backend::from_url("mysql://u@h/db"), None);
    }
}
