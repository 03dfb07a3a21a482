//! Leave set-up at the command line: the holiday calendar, opening a year's
//! balances, days added for collective leave worked, one or two stages.

use clap::Subcommand;

use app::domain::{Date, Nip};
use app::leave::{calendar_csv, yearly};
use app::org::repo;

use super::{Refused, connect};
use crate::config::Config;

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Import national holidays and collective-leave days from a CSV file
    /// (`date,kind,name`, kind `holiday` or `collective`); a date already in
    /// the calendar is replaced. Nothing is written unless every line is valid.
    Import { file: std::path::PathBuf },
    /// List a year's holidays and collective-leave days.
    List {
        #[arg(long)]
        year: u16,
    },
}

#[derive(Debug, Subcommand)]
pub enum LeaveCommand {
    /// Open a year's annual-leave balances (grant and carry-over) for every
    /// employee. Safe to run again: run it on 1 January, and at any time
    /// during the year to grant employees who completed their first year.
    RollOver {
        /// Default: the current year.
        #[arg(long)]
        year: Option<u16>,
    },
    /// Add a collective-leave day an employee had to work to their annual leave.
    CollectiveWorked {
        #[arg(long)]
        nip: String,
        /// The collective-leave day, YYYY-MM-DD.
        #[arg(long)]
        date: String,
    },
    /// Decide leave in two stages (supervisor, then official) or one (official only).
    Stages {
        #[arg(long)]
        agency: String,
        /// 1 or 2.
        #[arg(long)]
        stages: i64,
    },
}

pub async fn calendar(command: CalendarCommand, config: Config) -> anyhow::Result<()> {
    match command {
        CalendarCommand::Import { file } => {
            let text =
                std::fs::read_to_string(&file).map_err(|e| Refused(format!("cannot read {}: {e}", file.display())))?;
            let rows = calendar_csv::parse(&text).map_err(|errors| {
                let lines: Vec<String> = errors.iter().map(|(n, why)| format!("line {n}: {why}")).collect();
                Refused(format!("{}: nothing imported.\n{}", file.display(), lines.join("\n")))
            })?;
            let db = connect(&config).await?;
            let n = yearly::import_calendar(&db, &rows).await?;
            println!("Imported {n} calendar days from {}.", file.display());
        }
        CalendarCommand::List { year } => {
            let db = connect(&config).await?;
            for (day, kind, name) in yearly::calendar_of(&db, year).await? {
                println!("{day}  {:<10}  {name}", kind.as_str());
            }
        }
    }
    Ok(())
}

pub async fn leave(command: LeaveCommand, config: Config) -> anyhow::Result<()> {
    let db = connect(&config).await?;
    let now = app::server::time::now_unix();
    match command {
        LeaveCommand::RollOver { year } => {
            let year = year.unwrap_or_else(|| app::domain::date::today(now).year());
            let report = yearly::roll_over(&db, year, now).await?;
            println!(
                "Year {year}: opened for {} employees, already open for {}, first-year grants {}.",
                report.opened, report.already, report.granted_late
            );
        }
        LeaveCommand::CollectiveWorked { nip, date } => {
            let nip = Nip::parse(&nip).map_err(|e| Refused(format!("--nip: {e}")))?;
            let day = Date::parse_iso(date.trim()).ok_or_else(|| Refused("--date must be YYYY-MM-DD".into()))?;
            yearly::collective_worked(&db, &nip, day, now).await.map_err(|e| match e {
                yearly::YearlyError::Db(e) => anyhow::Error::from(e),
                other => Refused(format!("{other}.")).into(),
            })?;
            println!("Added {day} to {}'s annual leave of {}.", nip.grouped(), day.year());
        }
        LeaveCommand::Stages { agency, stages } => {
            if !matches!(stages, 1 | 2) {
                return Err(Refused("--stages must be 1 or 2".into()).into());
            }
            let found = repo::list_agencies(&db)
                .await?
                .into_iter()
                .find(|a| a.code == agency)
                .ok_or_else(|| Refused(format!("No agency has the code {agency}.")))?;
            yearly::set_stages(&db, found.id, stages).await?;
            println!("Agency {agency} decides leave in {stages} stage{}.", if stages == 1 { "" } else { "s" });
        }
    }
    Ok(())
}
