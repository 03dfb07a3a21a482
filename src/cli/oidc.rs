//! The services that sign civil servants in through the portal (OpenID
//! Connect clients), and the keys that sign their ID tokens.

use clap::{Args, Subcommand};

use app::domain::date::WIB_OFFSET_HOURS as WIB;
use app::oidc::client::{ClientInput, NewClient};
use app::oidc::{keys, repo};
use app::server::time::now_unix;

use super::{Refused, connect};
use crate::config::Config;

#[derive(Debug, Subcommand)]
pub enum OidcCommand {
    /// Register a service (or change one with --replace). A confidential
    /// service's secret is printed once; only its hash is kept.
    Register(Box<RegisterArgs>),
    /// List the registered services.
    List,
    /// Give a confidential service a new secret (printed once); the old one stops working.
    NewSecret { client_id: String },
    /// Stop a service signing anyone in, and revoke every token it holds.
    Disable { client_id: String },
    /// Let a disabled service sign employees in again.
    Enable { client_id: String },
    /// Add a new signing key: published at once, signing after --delay-minutes;
    /// the keys it replaces stay published for a day after that.
    RotateKey {
        #[arg(long, default_value_t = 60)]
        delay_minutes: i64,
    },
    /// List the signing keys.
    Keys,
    /// Stop publishing a key at once (one thought compromised).
    RetireKey {
        /// The key id as `oidc keys` lists it (it may start with `-`).
        #[arg(allow_hyphen_values = true)]
        kid: String,
    },
}

#[derive(Debug, Args)]
pub struct RegisterArgs {
    /// The client id the service sends, e.g. e-kinerja.
    #[arg(long)]
    client_id: String,
    /// The name employees see on the consent screen and the dashboard.
    #[arg(long)]
    name: String,
    /// Exact redirect URI; repeat for several.
    #[arg(long = "redirect-uri", required = true)]
    redirect_uris: Vec<String>,
    /// Scopes it may ask for: openid profile email asn (openid is always included).
    #[arg(long, default_value = "openid profile email")]
    scopes: String,
    /// A public client (a phone app or single-page app): no secret, PKCE only.
    #[arg(long)]
    public: bool,
    /// The portal's own service: no consent screen.
    #[arg(long)]
    first_party: bool,
    /// Use the NIP as `sub` instead of an identifier of its own.
    #[arg(long)]
    nip_as_sub: bool,
    /// Only employees of this agency (code) may use it; repeat for several. Default: every agency.
    #[arg(long = "agency")]
    agencies: Vec<String>,
    /// The service's start page: the dashboard shows a tile linking there.
    #[arg(long)]
    home_url: Option<String>,
    /// The tile's icon (as for `service add`).
    #[arg(long)]
    icon: Option<String>,
    /// The service's own logo address, kept with the registration (the
    /// portal's pages show only a `--logo` file, which it serves itself).
    #[arg(long)]
    logo_url: Option<String>,
    /// A PNG or JPEG of at most 64 KiB, shown on the consent screen, the
    /// account's services and the dashboard tile.
    #[arg(long)]
    logo: Option<std::path::PathBuf>,
    /// Where the service may send the browser after signing out; repeat for several.
    #[arg(long = "post-logout-redirect-uri")]
    post_logout_redirect_uris: Vec<String>,
    /// Receives a logout token when the employee signs out of the portal.
    #[arg(long)]
    backchannel_logout_uri: Option<String>,
    /// Change the service with this id if it exists (its secret and grants stay).
    #[arg(long)]
    replace: bool,
}

fn refused(e: impl std::fmt::Display) -> anyhow::Error {
    Refused(format!("{e}.")).into()
}

/// The logo file, read no further than one byte past the limit.
fn read_logo(path: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| refused(format!("cannot read {}: {e}", path.display())))?;
    let mut bytes = Vec::new();
    let limit = app::oidc::client::MAX_LOGO_BYTES as u64 + 1;
    file.take(limit).read_to_end(&mut bytes).map_err(|e| refused(format!("cannot read {}: {e}", path.display())))?;
    Ok(bytes)
}

fn repo_error(e: repo::ClientRepoError) -> anyhow::Error {
    match e {
        repo::ClientRepoError::Db(e) => e.into(),
        other => refused(other),
    }
}

pub async fn oidc(command: OidcCommand, config: Config) -> anyhow::Result<()> {
    let db = connect(&config).await?;
    let now = now_unix();
    match command {
        OidcCommand::Register(args) => {
            let RegisterArgs {
                client_id,
                name,
                redirect_uris,
                scopes,
                public,
                first_party,
                nip_as_sub,
                agencies,
                home_url,
                icon,
                logo_url,
                logo,
                post_logout_redirect_uris,
                backchannel_logout_uri,
                replace,
            } = *args;
            let logo = logo.map(|path| read_logo(&path)).transpose()?;
            let client = NewClient::new(&ClientInput {
                client_id: &client_id,
                name: &name,
                logo_url: logo_url.as_deref(),
                logo: logo.as_deref(),
                home_url: home_url.as_deref(),
                icon: icon.as_deref(),
                redirect_uris: &redirect_uris,
                post_logout_redirect_uris: &post_logout_redirect_uris,
                backchannel_logout_uri: backchannel_logout_uri.as_deref(),
                scopes: &scopes,
                confidential: !public,
                first_party,
                nip_as_sub,
                agencies: &agencies,
            })
            .map_err(refused)?;
            let secret = repo::register(&db, &client, replace, now).await.map_err(repo_error)?;
            println!("Registered {} ({}).", client.client_id, if public { "public" } else { "confidential" });
            if let Some(secret) = secret {
                println!("client_secret: {secret}");
                println!("Store it now: it is not shown again.");
            }
            println!("Issuer: {}", config.public_url.as_str().trim_end_matches('/'));
        }
        OidcCommand::List => {
            for c in repo::list(&db).await? {
                let kind = if c.is_public() { "public" } else { "confidential" };
                let state = if c.disabled { "disabled" } else { "enabled" };
                let agencies = if c.agencies.is_empty() {
                    "every agency".to_string()
                } else {
                    format!("{} agencies", c.agencies.len())
                };
                println!("{:<20} {:<28} {kind:<12} {state:<8} {:<14} {}", c.client_id, c.name, agencies, c.scopes);
                for uri in &c.redirect_uris {
                    println!("{:<20} redirect {uri}", "");
                }
            }
        }
        OidcCommand::NewSecret { client_id } => {
            let secret = repo::new_secret(&db, &client_id, now).await.map_err(repo_error)?;
            println!("client_secret: {secret}");
            println!("Store it now: it is not shown again.");
        }
        OidcCommand::Disable { client_id } => {
            repo::set_disabled(&db, &client_id, true, now).await.map_err(repo_error)?;
            println!("Disabled {client_id}; its tokens are revoked.");
        }
        OidcCommand::Enable { client_id } => {
            repo::set_disabled(&db, &client_id, false, now).await.map_err(repo_error)?;
            println!("Enabled {client_id}.");
        }
        OidcCommand::RotateKey { delay_minutes } => {
            if delay_minutes < 0 {
                return Err(refused("--delay-minutes cannot be negative"));
            }
            let kid = keys::rotate(&db, &config.mfa.keyring, now, delay_minutes * 60).await?;
            println!("New signing key {kid}: published now, signing in {delay_minutes} minute(s).");
        }
        OidcCommand::Keys => {
            for (kid, created, signs_from, retired) in keys::list(&db).await? {
                let state = match retired {
                    Some(t) if t <= now => "retired".to_string(),
                    Some(t) => format!("published until {}", app::domain::date::format_timestamp(t, WIB)),
                    None if signs_from > now => "published, not signing yet".to_string(),
                    None => "signing".to_string(),
                };
                println!("{kid}  created {}  {state}", app::domain::date::format_timestamp(created, WIB));
            }
        }
        OidcCommand::RetireKey { kid } => {
            keys::retire(&db, &kid, now).await.map_err(|e| match e {
                keys::KeyError::Db(e) => e.into(),
                other => refused(other),
            })?;
            println!("Retired {kid}: no longer published.");
        }
    }
    Ok(())
}
