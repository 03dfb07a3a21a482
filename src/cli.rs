//! The command line. Every command reads the same configuration as `serve`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use app::account::repo::{self as account_repo, Subject};
use app::audit::{Actor, RequestInfo};
use app::demo::{self, DemoOutcome};
use app::domain::password::blocklist::is_common;
use app::domain::password::generate::generate as generate_password;
use app::domain::password::{Holder, NewPassword, Violation};
use app::domain::{EmployeeKind, Nip, PersonName};
use app::org::import::{self, ImportError};
use app::org::repo::{self, OrgError};
use app::org::{EmployeeInput, NewEmployee, Role};
use app::server::Db;
use app::server::hasher::Hasher;

use crate::config::Config;

mod archive;
mod attendance;
mod leave;
mod oidc;
mod service;

use crate::startup::{Application, shutdown_signal};
pub use archive::ArchiveCommand;
pub use attendance::{OfficeCommand, WorkHoursCommand};
pub use leave::{CalendarCommand, LeaveCommand};
pub use oidc::OidcCommand;
pub use service::ServiceCommand;

#[derive(Debug, Parser)]
#[command(
    name = "asn-portal",
    version,
    about = "Self-hostable portal for Indonesia's civil servants (ASN)",
    long_about = "Self-hostable portal for Indonesia's civil servants (ASN).\n\n\
        Configuration comes from ASN_* environment variables and an optional TOML file \
        (ASN_CONFIG, or ./asn-portal.toml); see the README for every key.",
    after_help = "Without a command, `serve` runs."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply migrations, then serve the portal on ASN_BIND until SIGTERM or Ctrl-C.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load the demo organisation into an empty database and print the demo accounts.
    DemoData,
    /// Manage employees.
    #[command(subcommand)]
    Employee(EmployeeCommand),
    /// Manage agencies (instansi).
    #[command(subcommand)]
    Agency(AgencyCommand),
    /// Manage work units (unit kerja).
    #[command(subcommand)]
    Unit(UnitCommand),
    /// Manage stored roles (pybmc, agency_admin, national_admin).
    #[command(subcommand)]
    Role(RoleCommand),
    /// Manage sign-in accounts: passwords, locks, disabling.
    #[command(subcommand)]
    Account(AccountCommand),
    /// Check the audit trail's hash chains.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Check the document cabinet's blobs.
    #[command(subcommand)]
    Documents(DocumentsCommand),
    /// Manage offices and their attendance geofences.
    #[command(subcommand)]
    Office(OfficeCommand),
    /// Set or show working hours: the national default or an agency's own.
    #[command(subcommand)]
    WorkHours(WorkHoursCommand),
    /// Manage the leave calendar: national holidays and collective-leave days.
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// Leave administration: year roll-over, collective leave worked, decision stages.
    #[command(subcommand)]
    Leave(LeaveCommand),
    /// The core documents (arsip utama) each kind of employee must have.
    #[command(subcommand)]
    Archive(ArchiveCommand),
    /// Manage the external services linked from the dashboard (MyASN, SIASN...).
    #[command(subcommand)]
    Service(ServiceCommand),
    /// Single sign-on: register the services that sign employees in through
    /// the portal (OpenID Connect clients) and rotate the signing keys.
    #[command(subcommand)]
    Oidc(OidcCommand),
    /// Measure Argon2id verifications per second with the configured
    /// parameters and concurrency (for sizing them; sign-in cannot go faster).
    HashBench {
        /// How long to measure.
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Set a password read from the first line of standard input, or a
    /// generated one (--generate, printed once). The employee must change it
    /// at the next sign-in.
    SetPassword {
        /// The employee's NIP.
        nip: String,
        /// Generate a strong password instead of reading one.
        #[arg(long)]
        generate: bool,
    },
    /// Lift every lock (temporary or permanent) and reset the failure count.
    Unlock { nip: String },
    /// Stop the account from signing in.
    Disable { nip: String },
    /// Let a disabled account sign in again.
    Enable { nip: String },
    /// Remove every authenticator of the account and end its sessions; the
    /// next sign-in enrols a new one. The employee is e-mailed.
    ResetMfa { nip: String },
}

#[derive(Debug, Subcommand)]
pub enum EmployeeCommand {
    /// Add one employee; refuses a NIP that already exists.
    Add(Box<EmployeeAddArgs>),
    /// Import employees from CSV: all rows or none; safe to re-run.
    ///
    /// Header (exactly): nip,name,email,phone,kind,agency,unit,position,rank,supervisor_nip
    Import {
        /// The CSV file (UTF-8, comma-separated, with the header row).
        file: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct EmployeeAddArgs {
    /// NIP, 18 digits (spaces between groups allowed).
    #[arg(long)]
    pub nip: String,
    /// Full name with academic titles, e.g. "Dr. Siti Rahmawati, S.Kom., M.T.".
    #[arg(long)]
    pub name: String,
    /// E-mail registered in the personnel records.
    #[arg(long)]
    pub email: String,
    /// Agency code.
    #[arg(long)]
    pub agency: String,
    /// Unit code within the agency.
    #[arg(long)]
    pub unit: Option<String>,
    /// NIP of the direct supervisor (same agency); default: derived from the unit tree.
    #[arg(long)]
    pub supervisor: Option<String>,
    /// pns, cpns or pppk; default: pppk for a PPPK-numbered NIP, else pns.
    #[arg(long)]
    pub kind: Option<String>,
    /// Phone number.
    #[arg(long)]
    pub phone: Option<String>,
    /// Position (jabatan).
    #[arg(long)]
    pub position: Option<String>,
    /// Rank: golongan such as III/b for PNS, IX for PPPK.
    #[arg(long)]
    pub rank: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum AgencyCommand {
    /// Add an agency.
    Add {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
    },
    /// List agencies.
    List,
    /// Set an agency's time zone (WIB, WITA or WIT; new agencies are WIB).
    TimeZone {
        #[arg(long)]
        code: String,
        #[arg(long)]
        zone: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum DocumentsCommand {
    /// Re-read every blob, decrypt it and compare its size and SHA-256 with
    /// its row; report missing or altered blobs (exit 1) and files no row
    /// refers to (left by a crash between writing and committing).
    Verify,
    /// Delete the blob files no row refers to (what `verify` reports as
    /// unreferenced) once older than the given age: a younger one may be
    /// an upload about to commit on another instance.
    Sweep {
        #[arg(long, default_value_t = 60)]
        older_than_minutes: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum UnitCommand {
    /// Add a unit, optionally under a parent unit.
    Add {
        #[arg(long)]
        agency: String,
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        parent: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RoleCommand {
    /// Grant a role to an employee, scoped to their agency.
    Grant {
        #[arg(long)]
        nip: String,
        /// pybmc, agency_admin or national_admin.
        #[arg(long)]
        role: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk every chain and report the first broken link (exit status 1), if any.
    Verify,
}

/// An error the operator can act on: printed plainly, exit status 1.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

pub async fn run(command: Command, config: Config) -> anyhow::Result<()> {
    match command {
        Command::Serve => {
            let app = Application::build(config).await?;
            app.run_until_stopped(shutdown_signal()).await?;
        }
        Command::Migrate => {
            let db = connect(&config).await?;
            let status = db.migration_status().await?;
            println!(
                "database: {} — {} of {} migrations applied",
                db.backend().name(),
                status.applied,
                status.expected
            );
        }
        Command::DemoData => {
            if config.is_production() {
                return Err(Refused("production refuses demo data".into()).into());
            }
            let db = connect(&config).await?;
            match demo::load(&db).await? {
                DemoOutcome::AlreadyPresent => {
                    println!("The database already holds agencies; demo data is loaded only into an empty database.");
                }
                DemoOutcome::Loaded(accounts) => {
                    let password = demo_passwords(&db, &config, &accounts).await?;
                    print_demo_accounts(&accounts, &password);
                }
            }
        }
        Command::Employee(EmployeeCommand::Add(args)) => {
            let db = connect(&config).await?;
            let kind = match &args.kind {
                Some(k) => k.clone(),
                None => default_kind(&args.nip).as_str().to_string(),
            };
            let input = EmployeeInput {
                nip: args.nip,
                name: args.name,
                email: args.email,
                phone: args.phone.unwrap_or_default(),
                kind,
                agency: args.agency,
                unit: args.unit.unwrap_or_default(),
                position: args.position.unwrap_or_default(),
                rank: args.rank.unwrap_or_default(),
                supervisor_nip: args.supervisor.unwrap_or_default(),
            };
            let employee = NewEmployee::parse(&input).map_err(|errors| {
                Refused(
                    errors
                        .iter()
                        .map(|e| format!("--{}: {}", e.field.column().replace('_', "-"), e.reason))
                        .collect::<Vec<_>>()
                        .join("\n"),
                )
            })?;
            repo::add_employee(&db, &employee).await.map_err(org_refusal)?;
            println!("Added {} ({}).", employee.name, employee.nip);
        }
        Command::Employee(EmployeeCommand::Import { file }) => {
            let db = connect(&config).await?;
            let reader =
                std::fs::File::open(&file).map_err(|e| Refused(format!("cannot open {}: {e}", file.display())))?;
            match import::import_csv(&db, std::io::BufReader::new(reader)).await {
                Ok(report) => println!(
                    "Imported {}: {} created, {} updated, {} unchanged; {} password hash(es) carried over.",
                    file.display(),
                    report.created,
                    report.updated,
                    report.unchanged,
                    report.passwords
                ),
                Err(ImportError::Rows(rows)) => {
                    let mut text = format!("{} bad row(s) in {}; nothing was imported:", rows.len(), file.display());
                    for row in rows {
                        text.push_str(&format!("\n  line {}: {}", row.line, row.reason));
                    }
                    return Err(Refused(text).into());
                }
                Err(ImportError::Db(e)) => return Err(e.into()),
                Err(other) => return Err(Refused(format!("{}: {other}", file.display())).into()),
            }
        }
        Command::Agency(AgencyCommand::Add { code, name }) => {
            let db = connect(&config).await?;
            repo::create_agency(&db, &code, &name).await.map_err(org_refusal)?;
            println!("Added agency {code}.");
        }
        Command::Agency(AgencyCommand::List) => {
            let db = connect(&config).await?;
            for agency in repo::list_agencies(&db).await? {
                println!("{:<16} {}", agency.code, agency.name);
            }
        }
        Command::Agency(AgencyCommand::TimeZone { code, zone }) => attendance::time_zone(&code, &zone, config).await?,
        Command::Office(command) => attendance::office(command, config).await?,
        Command::Documents(DocumentsCommand::Sweep { older_than_minutes }) => {
            let db = connect(&config).await?;
            let age = std::time::Duration::from_secs(older_than_minutes * 60);
            let swept = app::documents::service::sweep_unreferenced(&db, &config.documents.store, age).await?;
            for id in &swept {
                println!("DELETED  {id}");
            }
            println!("{} unreferenced blob(s) older than {older_than_minutes} minutes deleted", swept.len());
        }
        Command::Documents(DocumentsCommand::Verify) => {
            let db = connect(&config).await?;
            let report = app::documents::service::verify(&db, &config.documents.store).await?;
            for id in &report.missing {
                println!("MISSING  {id}");
            }
            for id in &report.altered {
                println!("ALTERED  {id}");
            }
            for id in &report.unreferenced {
                println!("UNREFERENCED  {id} (no document uses it; safe to delete)");
            }
            let summary = format!(
                "{} blobs checked: {} missing, {} altered, {} unreferenced files",
                report.checked,
                report.missing.len(),
                report.altered.len(),
                report.unreferenced.len()
            );
            if !report.is_consistent() {
                return Err(Refused(format!("documents INCONSISTENT: {summary}")).into());
            }
            println!("documents consistent: {summary}");
        }
        Command::WorkHours(command) => attendance::work_hours(command, config).await?,
        Command::Calendar(command) => leave::calendar(command, config).await?,
        Command::Leave(command) => leave::leave(command, config).await?,
        Command::Archive(command) => archive::archive(command, config).await?,
        Command::Service(command) => service::service(command, config).await?,
        Command::Oidc(command) => oidc::oidc(command, config).await?,
        Command::Unit(UnitCommand::Add { agency, code, name, parent }) => {
            let db = connect(&config).await?;
            repo::create_unit(&db, &agency, parent.as_deref(), &code, &name).await.map_err(org_refusal)?;
            println!("Added unit {code} to {agency}.");
        }
        Command::Role(RoleCommand::Grant { nip, role }) => {
            let db = connect(&config).await?;
            let role = Role::parse_assignable(&role)
                .ok_or_else(|| Refused("--role must be pybmc, agency_admin or national_admin".into()))?;
            let nip = Nip::parse(&nip).map_err(|e| Refused(format!("--nip: {e}")))?;
            let mut conn = db.pool().acquire().await?;
            let employee = repo::find_employee_by_nip(&mut conn, nip.as_str())
                .await?
                .ok_or_else(|| Refused(format!("no employee has NIP {nip}")))?;
            drop(conn);
            repo::grant_role(&db, employee.id, role, employee.agency_id).await.map_err(org_refusal)?;
            println!("Granted {} to {nip}.", role.as_str());
        }
        Command::Account(command) => account(command, config).await?,
        Command::Audit(AuditCommand::Verify) => {
            let db = connect(&config).await?;
            let mut conn = db.pool().acquire().await?;
            let report = app::audit::verify::verify(&mut conn).await?;
            let legacy = if report.legacy > 0 {
                format!(" ({} earlier events predate chaining)", report.legacy)
            } else {
                String::new()
            };
            match report.broken {
                None => println!("audit trail intact: {} events in {} chains{legacy}", report.events, report.chains),
                Some(broken) => return Err(Refused(format!("audit trail BROKEN: {broken}")).into()),
            }
        }
        Command::HashBench { seconds } => {
            let s = &config.passwords;
            let report = crate::hash_bench::run(&config, std::time::Duration::from_secs(seconds.max(1))).await?;
            println!(
                "argon2id m={} KiB t={} p={}, {} at once: {} verifications in {:.1} s = {:.1}/s (p50 {} ms, p99 {} ms)",
                s.params.memory_kib,
                s.params.iterations,
                s.params.parallelism,
                s.concurrency,
                report.verifications,
                report.elapsed.as_secs_f64(),
                report.per_second(),
                report.p50.as_millis(),
                report.p99.as_millis(),
            );
        }
    }
    Ok(())
}

async fn account(command: AccountCommand, config: Config) -> anyhow::Result<()> {
    let db = connect(&config).await?;
    let nip_text = match &command {
        AccountCommand::SetPassword { nip, .. }
        | AccountCommand::Unlock { nip }
        | AccountCommand::Disable { nip }
        | AccountCommand::Enable { nip }
        | AccountCommand::ResetMfa { nip } => nip.clone(),
    };
    let nip = Nip::parse(&nip_text).map_err(|e| Refused(format!("NIP: {e}")))?;
    let mut conn = db.pool().acquire().await?;
    let employee = repo::find_employee_by_nip(&mut conn, nip.as_str())
        .await?
        .ok_or_else(|| Refused(format!("no employee has NIP {nip}")))?;
    drop(conn);
    let subject = Subject { employee_id: employee.id, nip: nip.as_str() };
    let request = RequestInfo::default();
    match command {
        AccountCommand::SetPassword { generate, .. } => {
            let name = PersonName::parse(&employee.full_name).ok();
            let holder = Holder { nip: Some(&nip), name: name.as_ref() };
            let profile = config.passwords.profile;
            let password = if generate {
                generate_password(profile, holder)
            } else {
                let mut line = String::new();
                std::io::stdin()
                    .read_line(&mut line)
                    .map_err(|e| Refused(format!("cannot read standard input: {e}")))?;
                let typed = line.trim_end_matches(['\n', '\r']);
                if typed.is_empty() {
                    return Err(Refused("no password on standard input (or use --generate)".into()).into());
                }
                NewPassword::parse(profile, typed, holder, |p| is_common(p, holder.nip, holder.name)).map_err(|v| {
                    Refused(format!(
                        "the password breaks the {profile:?} policy:\n{}",
                        v.iter().map(|v| format!("  - {}", violation_text(*v))).collect::<Vec<_>>().join("\n")
                    ))
                })?
            };
            let s = &config.passwords;
            let hasher = Hasher::new(s.params, s.concurrency, s.queue_timeout)?;
            let hash = hasher.hash(&password).await?;
            account_repo::set_password(&db, subject, &hash, true, Actor::Cli, &request).await?;
            if generate {
                println!("{}", password.expose());
                eprintln!("Password set for {nip}; it must be changed at the next sign-in. It is shown only once.");
            } else {
                println!("Password set for {nip}; it must be changed at the next sign-in.");
            }
        }
        AccountCommand::Unlock { .. } => {
            let was_locked = account_repo::unlock(&db, subject, Actor::Cli, &request).await?;
            println!("{}", if was_locked { format!("Unlocked {nip}.") } else { format!("{nip} was not locked.") });
        }
        AccountCommand::Disable { .. } => {
            account_repo::set_disabled(&db, subject, true, Actor::Cli, &request).await?;
            println!("Disabled {nip}: it can no longer sign in.");
        }
        AccountCommand::ResetMfa { .. } => {
            let now = app::server::time::now_unix();
            let removed = app::mfa::reset::reset_authenticators(&db, &employee, Actor::Cli, &request, now).await?;
            println!(
                "Removed {removed} authenticator(s) of {nip} and ended its sessions; a notice to {} is queued.",
                employee.email
            );
        }
        AccountCommand::Enable { .. } => {
            account_repo::set_disabled(&db, subject, false, Actor::Cli, &request).await?;
            println!("Enabled {nip}.");
        }
    }
    Ok(())
}

/// Operator-facing wording of a password rule (the web forms translate).
fn violation_text(v: Violation) -> String {
    match v {
        Violation::TooShort { min } => format!("at least {min} characters"),
        Violation::TooLong => "too long".into(),
        Violation::NoUppercase => "an upper-case letter".into(),
        Violation::NoLowercase => "a lower-case letter".into(),
        Violation::NoDigit => "a digit".into(),
        Violation::NoSymbol => "a symbol".into(),
        Violation::ContainsNip => "must not contain the NIP".into(),
        Violation::ContainsBirthDate => "must not contain the birth date".into(),
        Violation::ContainsName => "must not contain the name".into(),
        Violation::Common => "too common or easy to guess".into(),
        Violation::SameAsCurrent => "must differ from the current password".into(),
    }
}

fn default_kind(nip: &str) -> EmployeeKind {
    match Nip::parse(nip).map(|n| n.scheme()) {
        Ok(app::domain::nip::NipScheme::Pppk) => EmployeeKind::Pppk,
        _ => EmployeeKind::Pns,
    }
}

fn org_refusal(e: OrgError) -> anyhow::Error {
    match e {
        OrgError::Db(db) => db.into(),
        other => Refused(other.to_string()).into(),
    }
}

async fn connect(config: &Config) -> anyhow::Result<Db> {
    crate::startup::open_database(config).await
}

/// Gives every demo account one freshly generated password, marked
/// must-change, so a newcomer can sign in at once and meets the forced
/// change straight away. Random per database: a demo portal left reachable
/// shares no known password with any other.
async fn demo_passwords(db: &Db, config: &Config, accounts: &[demo::DemoAccount]) -> anyhow::Result<NewPassword> {
    let s = &config.passwords;
    let password = generate_password(s.profile, Holder::default());
    let hasher = Hasher::new(s.params, s.concurrency, std::time::Duration::from_secs(120))?;
    let mut conn = db.pool().acquire().await?;
    for account in accounts {
        let nip = Nip::parse(&account.nip).map_err(|e| Refused(format!("demo NIP {}: {e}", account.nip)))?;
        let employee = repo::find_employee_by_nip(&mut conn, nip.as_str())
            .await?
            .ok_or_else(|| Refused(format!("demo employee {} vanished", account.nip)))?;
        let hash = hasher.hash(&password).await?;
        let subject = Subject { employee_id: employee.id, nip: nip.as_str() };
        account_repo::set_password(db, subject, &hash, true, Actor::Cli, &RequestInfo::default()).await?;
    }
    Ok(password)
}

fn print_demo_accounts(accounts: &[demo::DemoAccount], password: &NewPassword) {
    println!("Demo data loaded: {} employees in 2 agencies.\n", accounts.len());
    println!("{:<23} {:<36} {:<28} Unit", "NIP", "Name", "Roles");
    for a in accounts {
        let roles = a.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",");
        println!("{:<23} {:<36} {:<28} {} ({})", a.nip, a.name, roles, a.unit, a.agency);
    }
    println!("\nEvery demo account's first password (this database only): {}", password.expose());
    println!("Each account chooses its own at its first sign-in. E-mail addresses use the reserved .example domain.");
}
