//! Typed helpers: a fresh database per test, the real application on port 0.

use std::collections::BTreeMap;
use std::path::PathBuf;

use app::server::time::{Clock, ManualClock};
use app::server::{Db, DbOptions};
use asn_portal::config::Config;
use asn_portal::startup::Application;
use sqlx::Connection;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Runs each listed test once per engine, in modules `sqlite` and `postgres`,
/// with the server on a multi-threaded runtime as in production.
#[macro_export]
macro_rules! on_both_engines {
    ($(async fn $name:ident($engine:ident: Engine) $body:block)*) => {
        mod sqlite {
            #[allow(unused_imports)]
            use super::*;
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let $engine = $crate::helpers::Engine::Sqlite;
                $body
            })*
        }
        mod postgres {
            #[allow(unused_imports)]
            use super::*;
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let $engine = $crate::helpers::Engine::Postgres;
                $body
            })*
        }
    };
}

/// The server-level URL for creating and dropping test databases.
pub fn postgres_admin_url() -> String {
    std::env::var("ASN_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A fresh, migrated database; dropped (PostgreSQL) or deleted (SQLite) on drop.
pub struct TestDb {
    pub db: Db,
    pub url: String,
    pub dir: tempfile::TempDir,
    pg_name: Option<String>,
}

impl TestDb {
    pub async fn new(engine: Engine) -> Self {
        Self::create(engine, true).await
    }

    async fn create(engine: Engine, _migrate: bool) -> Self {
        // `migrate` is false only to test migration itself.
        let dir = tempfile::tempdir().expect("temp dir");
        let (url, pg_name) = match engine {
            Engine::Sqlite => (format!("sqlite://{}", dir.path().join("portal.db").display()), None),
            Engine::Postgres => {
                let admin = postgres_admin_url();
                let name = format!("asn_test_{}", uuid::Uuid::new_v4().simple());
                let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap_or_else(|e| {
                    panic!("PostgreSQL is required for this test and did not answer at {admin}: {e}")
                });
                let template = migrated_template(&mut conn, &admin).await;
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name} TEMPLATE {template}")))
                    .execute(&mut conn)
                    .await
                    .unwrap();
                conn.close().await.ok();
                let mut url = url::Url::parse(&admin).unwrap();
                url.set_path(&format!("/{name}"));
                (url.to_string(), Some(name))
            }
        };
        let db = Db::connect(&DbOptions::new(url.clone())).await.expect("connect");
        db.migrate().await.expect("migrate");
        // Tests that write through the repositories without a server seal
        // the audit trail with a key of their own (a server started on this
        // database installs its own, from its configuration).
        app::audit::seal::install(app::audit::seal::derive("a test database without a server"));
        app::register_hooks();
        Self { db, url, dir, pg_name }
    }
}

/// The migrated PostgreSQL database every test database is copied from
/// (copying takes a fraction of a second, migrating a fresh one seconds).
/// Its name carries a hash of the migrations, so a changed migration makes
/// a new one; the first test to need it builds it under an advisory lock
/// while the others wait, and publishes it by renaming it when complete.
/// Each test still runs the migrator on its copy, which finds nothing to do.
async fn migrated_template(admin: &mut sqlx::PgConnection, admin_url: &str) -> String {
    use sha2::{Digest, Sha256};
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/postgres");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut hash = Sha256::new();
    for file in &files {
        hash.update(file.file_name().unwrap().to_string_lossy().as_bytes());
        hash.update(std::fs::read(file).unwrap());
    }
    let template = format!("asn_test_tpl_{}", &hex::encode(hash.finalize())[..16]);
    // Any fixed key: it only keeps two builders of the template apart.
    sqlx::query("SELECT pg_advisory_lock(7279001)").execute(&mut *admin).await.unwrap();
    let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(&template)
        .fetch_optional(&mut *admin)
        .await
        .unwrap();
    if exists.is_none() {
        let building = format!("asn_test_build_{}", uuid::Uuid::new_v4().simple());
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {building}"))).execute(&mut *admin).await.unwrap();
        let mut url = url::Url::parse(admin_url).unwrap();
        url.set_path(&format!("/{building}"));
        let db = Db::connect(&DbOptions::new(url.to_string())).await.expect("connect");
        db.migrate().await.expect("migrate the template");
        // A template must have no connection left when it is copied.
        db.pool().close().await;
        let rename = format!("ALTER DATABASE {building} RENAME TO {template}");
        for attempt in 0.. {
            // A closed pool's last backend can take a moment to leave.
            match sqlx::query(sqlx::AssertSqlSafe(rename.clone())).execute(&mut *admin).await {
                Ok(_) => break,
                Err(_) if attempt < 50 => {
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                Err(e) => panic!("publishing the template: {e}"),
            }
        }
    }
    sqlx::query("SELECT pg_advisory_unlock(7279001)").execute(&mut *admin).await.unwrap();
    template
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(name) = self.pg_name.take() else { return };
        // Async drop is not a thing: drop the database from a helper thread.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async {
                if let Ok(mut conn) = sqlx::PgConnection::connect(&postgres_admin_url()).await {
                    let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
                        .execute(&mut conn)
                        .await;
                }
            });
        })
        .join();
    }
}

pub struct TestApp {
    pub address: String,
    /// The application's clock: tests move it instead of sleeping.
    pub clock: Arc<ManualClock>,
    pub db: Db,
    pub client: reqwest::Client,
    /// Keeps the database (and its folder) alive as long as the app; `None`
    /// for a second instance on another app's database.
    _test_db: Option<TestDb>,
    db_url: String,
    data_dir: PathBuf,
    /// The `ASN_*` settings the instance was started with.
    pub env: BTreeMap<String, String>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

/// The built site, when `scripts/build.sh` has made one; tests that only
/// read server-rendered HTML do not need it.
pub fn site_dir() -> PathBuf {
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    PathBuf::from(target).join("site")
}

impl TestApp {
    pub async fn spawn(engine: Engine) -> Self {
        Self::spawn_with(engine, &[]).await
    }

    /// Starts the application with extra `ASN_*` settings.
    pub async fn spawn_with(engine: Engine, extra: &[(&str, &str)]) -> Self {
        let test_db = TestDb::new(engine).await;
        let clock = Arc::new(ManualClock::new(app::server::time::now_unix()));
        let (url, dir, db) = (test_db.url.clone(), test_db.dir.path().to_path_buf(), test_db.db.clone());
        Self::start(url, dir, db, Some(test_db), clock, extra).await
    }

    /// A second app instance on this one's database (as behind a load
    /// balancer), with the same clock.
    pub async fn another_instance(&self, extra: &[(&str, &str)]) -> Self {
        Self::start(self.db_url.clone(), self.data_dir.clone(), self.db.clone(), None, self.clock.clone(), extra).await
    }

    async fn start(
        db_url: String,
        data_dir: PathBuf,
        db: Db,
        test_db: Option<TestDb>,
        clock: Arc<ManualClock>,
        extra: &[(&str, &str)],
    ) -> Self {
        let mut env: BTreeMap<String, String> = BTreeMap::from([
            ("ASN_BIND".into(), "127.0.0.1:0".into()),
            ("ASN_DATA_DIR".into(), data_dir.display().to_string()),
            ("ASN_DATABASE_URL".into(), db_url.clone()),
            ("ASN_SITE_DIR".into(), site_dir().display().to_string()),
            ("ASN_LOG".into(), "warn".into()),
            // Cheap Argon2: these tests check behaviour, not cost.
            ("ASN_ARGON2_MEMORY_KIB".into(), "1024".into()),
            ("ASN_ARGON2_ITERATIONS".into(), "1".into()),
            ("ASN_TOTP_KEYS".into(), crate::sign_in::TOTP_KEYS.into()),
            // The sign-in captcha after repeated wrong passwords has tests
            // of its own (`sign_in_captcha`); elsewhere it stays out of the way.
            ("ASN_SIGN_IN_CAPTCHA_AFTER".into(), "1000".into()),
            // The scheduled jobs would change a test's data at start-up; the
            // tests that need them (`scheduled_jobs`) turn them on.
            ("ASN_SCHEDULED_JOBS".into(), "off".into()),
        ]);
        for (k, v) in extra {
            env.insert(k.to_string(), v.to_string());
        }
        let config = Config::load(&env).expect("test configuration");
        let settings = env.clone();
        let app =
            Application::build_with_clock(config, clock.clone() as Arc<dyn Clock>).await.expect("application starts");
        let port = app.port();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(app.run_until_stopped(async {
            let _ = rx.await;
        }));
        let client =
            reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).cookie_store(true).build().unwrap();
        Self {
            address: format!("http://127.0.0.1:{port}"),
            clock,
            db,
            client,
            _test_db: test_db,
            db_url,
            data_dir,
            env: settings,
            shutdown: Some(tx),
            server: Some(server),
        }
    }

    /// The instance's `ASN_DATA_DIR`.
    pub fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request")
    }

    /// Calls a server function as the hydrated app does (JSON answers, no
    /// redirects followed) with the session `token` ("" for none).
    pub async fn call(&self, endpoint: &str, token: &str, form: &[(&str, &str)]) -> reqwest::Response {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
            .post(self.url(&format!("/api/{endpoint}")))
            .header("origin", &self.address)
            .header("cookie", format!("asn_session={token}"))
            .form(form)
            .send()
            .await
            .expect("request")
    }

    /// A same-origin form post, as a browser without JavaScript sends it.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("origin", &self.address)
            .header("referer", self.url("/"))
            .header("accept", "text/html,application/xhtml+xml")
            .form(form)
            .send()
            .await
            .expect("request")
    }

    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.expect("server task").expect("server stops cleanly");
        }
    }
}

/// An application whose server has stopped while its database and data
/// folder stay: fault tests start the real binary on them, kill it, and
/// look at what is left.
pub struct Parked {
    pub db: Db,
    pub env: BTreeMap<String, String>,
    _test_db: Option<TestDb>,
}

impl TestApp {
    /// Stops the server, keeping its database and data folder.
    pub async fn park(mut self) -> Parked {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.expect("server task").expect("server stops cleanly");
        }
        Parked { db: self.db.clone(), env: self.env.clone(), _test_db: self._test_db.take() }
    }
}

/// The real `asn-portal` binary, serving a parked application's database.
pub struct Process {
    child: std::process::Child,
    pub address: String,
}

impl Parked {
    /// Starts `asn-portal serve` with the application's settings (and
    /// `extra`) on a free port, and waits until it answers.
    pub async fn serve(&self, extra: &[(&str, &str)]) -> Process {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_asn-portal"));
        command.arg("serve").env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
        for (k, v) in &self.env {
            command.env(k, v);
        }
        for (k, v) in extra {
            command.env(k, v);
        }
        let child = command
            .env("ASN_BIND", format!("127.0.0.1:{port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("the server binary starts");
        let process = Process { child, address: format!("http://127.0.0.1:{port}") };
        for _ in 0..200 {
            if reqwest::get(process.url("/healthz")).await.is_ok_and(|r| r.status().is_success()) {
                return process;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the server binary did not answer on {}", process.address);
    }
}

impl Process {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// SIGKILL: no shutdown, no flush, no rollback but the database's own.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
