//! The external services linked from the dashboard (MyASN, SIASN...).

use clap::Subcommand;

use app::dashboard::external::NewExternalService;
use app::dashboard::repo as external;

use super::{Refused, connect};
use crate::config::Config;

#[derive(Debug, Subcommand)]
pub enum ServiceCommand {
    /// Add a service, or update the one with this code.
    Add {
        /// Short code, e.g. MYASN.
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// An https:// URL.
        #[arg(long)]
        url: String,
        /// person, calendar, clock, folder, megaphone, shield or chart; any
        /// other name shows a generic link icon.
        #[arg(long, default_value = "link")]
        icon: String,
        /// all, pns (PNS and CPNS) or pppk.
        #[arg(long, default_value = "all")]
        audience: String,
        /// Show it to this agency's employees only.
        #[arg(long)]
        agency: Option<String>,
        /// Position among the services (smallest first).
        #[arg(long, default_value_t = 100)]
        order: i64,
    },
    /// List services.
    List,
    /// Remove a service.
    Remove {
        #[arg(long)]
        code: String,
    },
}

pub async fn service(command: ServiceCommand, config: Config) -> anyhow::Result<()> {
    match command {
        ServiceCommand::Add { code, name, url, icon, audience, agency, order } => {
            let mut service =
                NewExternalService::new(&code, &name, &url, &icon, &audience).map_err(|e| Refused(format!("{e}.")))?;
            service.agency_code = agency;
            service.sort_order = order;
            let db = connect(&config).await?;
            let saved = match external::save(&db, &service).await {
                Ok(saved) => saved,
                Err(external::ServiceRepoError::Db(e)) => return Err(e.into()),
                Err(other) => return Err(Refused(format!("{other}.")).into()),
            };
            let done = if saved == external::Saved::Created { "Added" } else { "Updated" };
            println!("{done} service {}.", service.code);
        }
        ServiceCommand::List => {
            let db = connect(&config).await?;
            for s in external::list(&db).await? {
                let agency = s.agency_code.as_deref().unwrap_or("every agency");
                println!("{:<12} {:<28} {:<6} {:<16} {}", s.code, s.name, s.audience, agency, s.url);
            }
        }
        ServiceCommand::Remove { code } => {
            let db = connect(&config).await?;
            if !external::remove(&db, &code).await? {
                return Err(Refused(format!("No service has the code {code}.")).into());
            }
            println!("Removed service {}.", code.to_ascii_uppercase());
        }
    }
    Ok(())
}
