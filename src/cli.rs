//! The command line. Every command reads the same configuration as `serve`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use app::domain::{EmployeeKind, Nip};
use app::org::demo::{self, DemoOutcome};
use app::org::import::{self, ImportError};
use app::org::repo::{self, OrgError};
use app::org::{EmployeeInput, NewEmployee, Role};
use app::server::Db;

use crate::config::Config;
use crate::startup::{Application, shutdown_signal};

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
            let db = connect(&config).await?;
            match demo::load(&db).await? {
                DemoOutcome::AlreadyPresent => {
                    println!("The database already holds agencies; demo data is loaded only into an empty database.");
                }
                DemoOutcome::Loaded(accounts) => print_demo_accounts(&accounts),
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
                    "Imported {}: {} created, {} updated, {} unchanged.",
                    file.display(),
                    report.created,
                    report.updated,
                    report.unchanged
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
    }
    Ok(())
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
    let db = Db::connect(&config.database).await?;
    db.migrate().await?;
    Ok(db)
}

fn print_demo_accounts(accounts: &[demo::DemoAccount]) {
    println!("Demo data loaded: {} employees in 2 agencies.\n", accounts.len());
    println!("{:<23} {:<36} {:<28} Unit", "NIP", "Name", "Roles");
    for a in accounts {
        let roles = a.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",");
        println!("{:<23} {:<36} {:<28} {} ({})", a.nip, a.name, roles, a.unit, a.agency);
    }
    println!(
        "\nE-mail addresses use the reserved .example domain. Passwords are set through activation (coming with sign-in)."
    );
}
