//! The bench's world: options, a fresh database (SQLite file or a
//! PostgreSQL database `asn_load`) seeded with an agency, its official
//! and the employees who will sign in, and the release server started on
//! it once or twice.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail, ensure};
use app::account::repo::{self as account, Subject};
use app::audit::{Actor, RequestInfo};
use app::org::repo as org;
use app::org::role::Role;
use app::org::{EmployeeInput, NewEmployee};
use app::server::db::{Db, DbOptions};
use app::server::hasher::{HashParams, Hasher};

use crate::visitor::{Account, PASSWORD, SEED};

/// The keys the servers run with: fixed, for a throw-away database.
const SECRET_KEY: &str = "load-bench-secret-key-0123456789abcdef0123456789abcdef";
const TOTP_KEYS: &str = "bench:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

#[derive(Debug, Clone)]
pub struct Options {
    pub postgres: Option<String>,
    pub instances: usize,
    pub clients: usize,
    pub users: usize,
    pub think_ms: u64,
    pub rate: f64,
    pub seconds: u64,
    pub soak_minutes: Option<u64>,
    pub accounts: usize,
    pub server: PathBuf,
    pub site: PathBuf,
    pub port: u16,
}

const USAGE: &str = "usage: load [--engine sqlite|postgres] [--postgres-url URL] [--instances N] [--clients N] \
     [--users N] [--think-ms MS] [--rate PER-SECOND] [--seconds S] [--soak-minutes M] [--accounts N] \
     [--server PATH] [--site DIR] [--port P]";

impl Options {
    pub fn parse() -> anyhow::Result<Self> {
        let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
        let mut o = Options {
            postgres: None,
            instances: 1,
            clients: 16,
            users: 200,
            think_ms: 1000,
            rate: 4.0,
            seconds: 30,
            soak_minutes: None,
            accounts: 6000,
            server: std::env::var("ASN_SERVER_BIN").unwrap_or_else(|_| format!("{target}/release/asn-portal")).into(),
            site: std::env::var("ASN_SITE_DIR").unwrap_or_else(|_| format!("{target}/site")).into(),
            port: 3300,
        };
        let mut engine = "sqlite".to_string();
        let mut postgres_url = std::env::var("ASN_BENCH_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            if arg == "--bench" {
                continue; // what `cargo bench` adds
            }
            let value = args.next().with_context(|| format!("{arg} needs a value; {USAGE}"))?;
            let number = || value.parse::<u64>().with_context(|| format!("{arg} {value}: not a number"));
            match arg.as_str() {
                "--engine" => engine = value.clone(),
                "--postgres-url" => postgres_url = value.clone(),
                "--instances" => o.instances = number()? as usize,
                "--clients" => o.clients = number()? as usize,
                "--users" => o.users = number()? as usize,
                "--think-ms" => o.think_ms = number()?,
                "--rate" => o.rate = value.parse().with_context(|| format!("--rate {value}"))?,
                "--seconds" => o.seconds = number()?,
                "--soak-minutes" => o.soak_minutes = Some(number()?),
                "--accounts" => o.accounts = number()? as usize,
                "--server" => o.server = value.into(),
                "--site" => o.site = value.into(),
                "--port" => o.port = number()? as u16,
                _ => bail!("unknown argument {arg}; {USAGE}"),
            }
        }
        o.postgres = match engine.as_str() {
            "sqlite" => None,
            "postgres" => Some(postgres_url),
            other => bail!("--engine {other}: sqlite or postgres"),
        };
        ensure!((1..=8).contains(&o.instances), "--instances 1 to 8");
        ensure!(o.rate > 0.0 && o.clients > 0 && o.users > 0 && o.seconds > 0, "{USAGE}");
        ensure!(o.server.is_file(), "no server binary at {} (scripts/build.sh makes it)", o.server.display());
        Ok(o)
    }
}

/// The running servers and what the visitors need to know.
pub struct Servers {
    pub urls: Vec<String>,
    /// The single sign-on client the bench registers: (client id, secret).
    pub sso: (String, String),
    pub accounts: Vec<Arc<Account>>,
    pub official: Arc<Account>,
    children: Vec<Child>,
    env: Vec<(String, String)>,
    server: PathBuf,
    _data: tempfile::TempDir,
}

impl Servers {
    pub async fn start(o: &Options) -> anyhow::Result<Self> {
        let data = tempfile::Builder::new().prefix("asn-load-").tempdir()?;
        let database_url = match &o.postgres {
            None => format!("sqlite://{}/asn-portal.db", data.path().display()),
            Some(admin) => fresh_postgres(admin).await?,
        };
        let env: Vec<(String, String)> = [
            ("ASN_MODE", "dev".to_string()),
            ("ASN_DATA_DIR", data.path().display().to_string()),
            ("ASN_DATABASE_URL", database_url.clone()),
            ("ASN_SITE_DIR", o.site.display().to_string()),
            ("ASN_LOG", "warn".into()),
            ("ASN_SECRET_KEY", SECRET_KEY.into()),
            ("ASN_TOTP_KEYS", TOTP_KEYS.into()),
            // Every visitor comes from 127.0.0.1.
            ("ASN_SIGN_IN_IP_LIMIT_PER_MINUTE", "1000000000".into()),
            ("ASN_OIDC_TOKEN_LIMIT_PER_MINUTE", "1000000000".into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let status = Command::new(&o.server).arg("migrate").envs(env.clone()).stdout(Stdio::null()).status()?;
        ensure!(status.success(), "asn-portal migrate failed");

        println!("engine: {}; {} instance(s); seeding {} accounts", engine_name(o), o.instances, o.accounts);
        let started = std::time::Instant::now();
        let db = Db::connect(&DbOptions::new(database_url)).await?;
        let (official, accounts) = seed(&db, o.accounts).await?;
        let sso = register_sso_client(&db).await?;
        println!("seeded in {:.1} s", started.elapsed().as_secs_f64());

        let mut children = Vec::new();
        let mut urls = Vec::new();
        for i in 0..o.instances {
            let port = o.port + i as u16;
            let url = format!("http://127.0.0.1:{port}");
            let log = std::fs::File::create(data.path().join(format!("instance-{i}.log")))?;
            children.push(
                Command::new(&o.server)
                    .arg("serve")
                    .envs(env.clone())
                    .env("ASN_BIND", format!("127.0.0.1:{port}"))
                    .env("ASN_PUBLIC_URL", &url)
                    .stdout(Stdio::null())
                    .stderr(log)
                    .spawn()?,
            );
            urls.push(url);
        }
        let servers = Servers { urls, sso, accounts, official, children, env, server: o.server.clone(), _data: data };
        for url in &servers.urls {
            wait_healthy(url).await?;
        }
        Ok(servers)
    }

    /// `asn-portal hash-bench` with the servers' settings, printed as it runs.
    pub fn hash_bench(&self, seconds: u64) -> anyhow::Result<()> {
        let status = Command::new(&self.server)
            .args(["hash-bench", "--seconds", &seconds.to_string()])
            .envs(self.env.clone())
            .status()?;
        ensure!(status.success(), "hash-bench failed");
        Ok(())
    }

    /// User plus system CPU time of every instance so far, in seconds.
    pub fn cpu_seconds(&self) -> f64 {
        self.children
            .iter()
            .filter_map(|c| std::fs::read_to_string(format!("/proc/{}/stat", c.id())).ok())
            .filter_map(|stat| {
                let after = stat.rsplit_once(')')?.1.split_whitespace().collect::<Vec<_>>();
                let ticks: u64 = after.get(11)?.parse::<u64>().ok()? + after.get(12)?.parse::<u64>().ok()?;
                // USER_HZ is 100 on Linux.
                Some(ticks as f64 / 100.0)
            })
            .sum()
    }

    /// Each instance's resident memory now and at its peak.
    pub fn memory(&self) -> String {
        self.children
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let status = std::fs::read_to_string(format!("/proc/{}/status", c.id())).unwrap_or_default();
                let field = |name: &str| {
                    status
                        .lines()
                        .find(|l| l.starts_with(name))
                        .and_then(|l| l.split_whitespace().nth(1))
                        .and_then(|kb| kb.parse::<f64>().ok())
                        .map_or("?".to_string(), |kb| format!("{:.1} MiB", kb / 1024.0))
                };
                format!("instance {} RSS {} (peak {})", i + 1, field("VmRSS:"), field("VmHWM:"))
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn report_memory(&self) {
        println!("\n## Server memory at the end\n{}", self.memory());
    }

    pub fn stop(mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn engine_name(o: &Options) -> &'static str {
    if o.postgres.is_some() { "PostgreSQL" } else { "SQLite" }
}

/// Drops and makes `asn_load` on the server of `admin`; its URL.
async fn fresh_postgres(admin: &str) -> anyhow::Result<String> {
    let db = Db::connect(&DbOptions::new(admin)).await?;
    sqlx::raw_sql("DROP DATABASE IF EXISTS asn_load WITH (FORCE)").execute(db.pool()).await?;
    sqlx::raw_sql("CREATE DATABASE asn_load").execute(db.pool()).await?;
    db.pool().close().await;
    let (base, _) = admin.rsplit_once('/').context("a PostgreSQL URL ends in /DATABASE")?;
    Ok(format!("{base}/asn_load"))
}

async fn wait_healthy(url: &str) -> anyhow::Result<()> {
    let client = reqwest::Client::new();
    for _ in 0..300 {
        if client.get(format!("{url}/healthz")).send().await.is_ok_and(|r| r.status().is_success()) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("the server at {url} did not answer /healthz within 30 s")
}

/// A NIP for account `i`: born 1970–1989, appointed January 2010 (so a
/// year's annual leave is granted), numbered within the birth date.
fn nip(i: usize) -> String {
    let (year, month, day, number) = (1970 + i % 20, 1 + (i / 20) % 12, 1 + (i / 240) % 28, 1 + i / 6720);
    format!("{year:04}{month:02}{day:02}201001{}{number:03}", 1 + i % 2)
}

/// `i` in letters for a name (names hold no digits), from letters that are
/// not in [`PASSWORD`]: a name part inside the password makes the policy
/// send the holder to change it at sign-in. 0 → "B", 14 → "CB".
fn letters(mut i: usize) -> String {
    const ALPHABET: &[u8] = b"BCFHKMOPRSTVYZ";
    let mut out = Vec::new();
    loop {
        out.push(ALPHABET[i % ALPHABET.len()]);
        i /= ALPHABET.len();
        if i == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII")
}

/// The agency LOAD (one-stage leave: the official decides), its official
/// and `n` employees, every one with the same password (hashed once with
/// the servers' Argon2 parameters) and an authenticator holding [`SEED`].
/// The service the single sign-on phase signs in to: confidential,
/// first-party (no consent screen), every scope.
async fn register_sso_client(db: &Db) -> anyhow::Result<(String, String)> {
    use app::oidc::client::{ClientInput, NewClient};
    let redirects = vec![crate::visitor::SSO_REDIRECT.to_string()];
    let client = NewClient::new(&ClientInput {
        client_id: "load-bench",
        name: "Load bench",
        redirect_uris: &redirects,
        scopes: "openid profile email asn",
        confidential: true,
        first_party: true,
        ..Default::default()
    })?;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs() as i64;
    let secret = app::oidc::repo::register(db, &client, false, now).await?.context("a secret")?;
    Ok((client.client_id, secret))
}

async fn seed(db: &Db, n: usize) -> anyhow::Result<(Arc<Account>, Vec<Arc<Account>>)> {
    let agency = org::create_agency(db, "LOAD", "Instansi Uji Beban").await?;
    app::leave::yearly::set_stages(db, agency, 1).await?;
    let hasher = Hasher::new(HashParams::default(), 1, Duration::from_secs(30))?;
    let hash = hasher.rehash(PASSWORD).await?;
    let ring = app::server::secret_box::Keyring::parse(TOTP_KEYS)?;
    let mut accounts = Vec::with_capacity(n + 1);
    for i in 0..=n {
        let nip = nip(i);
        let input = EmployeeInput {
            nip: nip.clone(),
            name: format!("Pegawai Uji {}", letters(i)),
            email: format!("pegawai{i}@uji.example"),
            kind: "pns".into(),
            agency: "LOAD".into(),
            position: if i == 0 { "Pejabat Pembina Kepegawaian".into() } else { "Analis".into() },
            ..Default::default()
        };
        let parsed = NewEmployee::parse(&input).map_err(|e| anyhow::anyhow!("NIP {nip}: {e:?}"))?;
        let id = org::add_employee(db, &parsed).await?;
        let subject = Subject { employee_id: id, nip: &nip };
        account::set_password(db, subject, &hash, false, Actor::Cli, &RequestInfo::default()).await?;
        let sealed = ring.seal(SEED, &format!("totp:{id}"));
        let mut conn = db.pool().acquire().await?;
        let device = app::mfa::repo::start_enrolment(&mut conn, id, &sealed, 0).await?;
        ensure!(app::mfa::repo::accept_step(&mut conn, device, id, 0, 0, Some("Ponsel uji")).await?);
        accounts.push(Arc::new(Account::new(id, nip)));
    }
    let official = accounts.remove(0);
    org::grant_role(db, official.id, Role::Pybmc, agency).await?;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs() as i64;
    let year = app::domain::Date::from_unix_days(now.div_euclid(86_400)).context("today")?.year();
    for y in [year, year + 1] {
        app::leave::yearly::roll_over(db, y, now).await?;
    }
    Ok((official, accounts))
}
