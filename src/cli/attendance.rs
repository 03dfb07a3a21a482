//! Attendance set-up at the command line: offices and their geofences,
//! working hours, an agency's time zone.

use clap::Subcommand;

use app::attendance::geo::GeoPoint;
use app::attendance::repo as attendance;
use app::attendance::rules::{TimeZone, WorkWeek, describe_week, parse_week};
use app::org::repo;

use super::{Refused, connect};
use crate::config::Config;

#[derive(Debug, Subcommand)]
pub enum OfficeCommand {
    /// Add an office, or update the one with this code in the agency.
    Add {
        #[arg(long)]
        agency: String,
        /// Short code, unique in the agency, e.g. KANTOR-BUPATI.
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// Decimal degrees, e.g. -6.175392.
        #[arg(long, allow_hyphen_values = true)]
        latitude: String,
        /// Decimal degrees, e.g. 106.827153.
        #[arg(long, allow_hyphen_values = true)]
        longitude: String,
        /// Check-ins count within this many metres (10 to 5000).
        #[arg(long, default_value_t = 100)]
        radius: i64,
        /// Serve only this unit and the units below it (default: the whole agency).
        #[arg(long)]
        unit: Option<String>,
    },
    /// List an agency's offices.
    List {
        #[arg(long)]
        agency: String,
    },
    /// Remove an office (past records keep their times).
    Remove {
        #[arg(long)]
        agency: String,
        #[arg(long)]
        code: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum WorkHoursCommand {
    /// Replace the working week, e.g. `mon-thu=07:30-16:00 fri=07:30-16:30`;
    /// days not named are days off.
    Set {
        /// The agency; without it, the national default (for agencies without hours of their own).
        #[arg(long)]
        agency: Option<String>,
        /// days=HH:MM-HH:MM, one or more.
        #[arg(required = true)]
        days: Vec<String>,
    },
    /// Show the working week an agency uses (or the national default).
    Show {
        #[arg(long)]
        agency: Option<String>,
    },
}

/// `agency time-zone`.
pub async fn time_zone(code: &str, zone: &str, config: Config) -> anyhow::Result<()> {
    let zone = TimeZone::parse(zone).ok_or_else(|| Refused("--zone must be WIB, WITA or WIT".into()))?;
    let db = connect(&config).await?;
    if !attendance::set_zone(&db, code, zone).await? {
        return Err(Refused(format!("No agency has the code {code}.")).into());
    }
    println!("Agency {code} keeps {} time.", zone.label());
    Ok(())
}

/// `work-hours set|show`.
pub async fn work_hours(command: WorkHoursCommand, config: Config) -> anyhow::Result<()> {
    match command {
        WorkHoursCommand::Set { agency, days } => {
            let week = parse_week(&days).map_err(Refused)?;
            let db = connect(&config).await?;
            attendance::set_week(&db, agency.as_deref(), &week).await.map_err(attendance_refusal)?;
            let whose = agency.map_or("The national default".to_string(), |a| format!("Agency {a}"));
            println!("{whose} now works: {}.", describe_week(&week).join(", "));
        }
        WorkHoursCommand::Show { agency } => {
            let db = connect(&config).await?;
            let week = match agency {
                None => {
                    let rows: Vec<(i64, i64, i64)> =
                        sqlx::query_as("SELECT weekday, starts_at, ends_at FROM work_hours WHERE agency_id IS NULL")
                            .fetch_all(db.pool())
                            .await?;
                    WorkWeek::from_rows(&rows).map_err(Refused)?
                }
                Some(code) => {
                    let agency = repo::list_agencies(&db)
                        .await?
                        .into_iter()
                        .find(|a| a.code == code)
                        .ok_or_else(|| Refused(format!("No agency has the code {code}.")))?;
                    let mut conn = db.pool().acquire().await?;
                    attendance::agency_rules(&mut conn, agency.id).await.map_err(attendance_refusal)?.1
                }
            };
            for line in describe_week(&week) {
                println!("{line}");
            }
        }
    }
    Ok(())
}

pub async fn office(command: OfficeCommand, config: Config) -> anyhow::Result<()> {
    let db = connect(&config).await?;
    match command {
        OfficeCommand::Add { agency, code, name, latitude, longitude, radius, unit } => {
            let centre = GeoPoint::parse(&latitude, &longitude)
                .ok_or_else(|| Refused("--latitude and --longitude must be decimal degrees on Earth".into()))?;
            let now = app::server::time::now_unix();
            let office = attendance::NewOffice {
                agency_code: &agency,
                unit_code: unit.as_deref(),
                code: &code,
                name: &name,
                centre,
                radius_m: radius,
            };
            let created = attendance::save_office(&db, &office, now).await.map_err(attendance_refusal)?;
            let done = if created { "Added" } else { "Updated" };
            println!("{done} office {} of {agency} at {centre}, radius {radius} m.", code.to_ascii_uppercase());
        }
        OfficeCommand::List { agency } => {
            for o in attendance::list_offices(&db, &agency).await? {
                let unit = o.unit_code.as_deref().unwrap_or("whole agency");
                println!("{:<16} {:<36} {:<24} {:>5} m  {}", o.code, o.name, o.centre, o.radius_m, unit);
            }
        }
        OfficeCommand::Remove { agency, code } => {
            if !attendance::remove_office(&db, &agency, &code).await? {
                return Err(Refused(format!("Agency {agency} has no office {code}.")).into());
            }
            println!("Removed office {} of {agency}.", code.to_ascii_uppercase());
        }
    }
    Ok(())
}

fn attendance_refusal(e: attendance::AttendanceRepoError) -> anyhow::Error {
    match e {
        attendance::AttendanceRepoError::Db(e) => e.into(),
        other => Refused(format!("{other}.")).into(),
    }
}
