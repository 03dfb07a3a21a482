//! Which core documents (arsip utama) each kind of employee must have: the
//! archive-completeness view of the admin console counts against this.

use clap::Subcommand;

use app::admin::archive::{self, RequireError};

use super::{Refused, connect};
use crate::config::Config;

#[derive(Debug, Subcommand)]
pub enum ArchiveCommand {
    /// List the required core document types per kind of employee.
    Required,
    /// Require a core document type of a kind of employee (cpns, pns, pppk).
    Require {
        #[arg(long)]
        kind: String,
        /// A document type code of the arsip utama, e.g. SK_PANGKAT.
        #[arg(long = "type")]
        type_code: String,
    },
    /// No longer require it.
    Unrequire {
        #[arg(long)]
        kind: String,
        #[arg(long = "type")]
        type_code: String,
    },
}

pub async fn archive(command: ArchiveCommand, config: Config) -> anyhow::Result<()> {
    let db = connect(&config).await?;
    let set = |kind: String, code: String, required: bool| {
        let db = db.clone();
        async move {
            match archive::set_required(&db, kind.trim(), code.trim(), required).await {
                Ok(changed) => Ok(changed),
                Err(RequireError::Db(e)) => Err(anyhow::Error::from(e)),
                Err(e) => Err(Refused(format!("{e}.")).into()),
            }
        }
    };
    match command {
        ArchiveCommand::Required => {
            for (kind, code) in archive::required_list(&db).await? {
                println!("{kind:<5} {code}");
            }
        }
        ArchiveCommand::Require { kind, type_code } => {
            let changed = set(kind.clone(), type_code.clone(), true).await?;
            println!("{type_code} is {}required of {kind}.", if changed { "now " } else { "already " });
        }
        ArchiveCommand::Unrequire { kind, type_code } => {
            let changed = set(kind.clone(), type_code.clone(), false).await?;
            println!("{type_code} is {}not required of {kind}.", if changed { "now " } else { "already " });
        }
    }
    Ok(())
}
