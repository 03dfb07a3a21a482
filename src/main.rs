use clap::Parser;

use asn_portal::cli::{Cli, Command, Refused, run};
use asn_portal::config::Config;
use asn_portal::telemetry;

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("asn-portal: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    telemetry::init(config.log_format, &config.log_filter);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("asn-portal: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command.unwrap_or(Command::Serve), config)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            match e.downcast_ref::<Refused>() {
                Some(refused) => eprintln!("{refused}"),
                None => {
                    tracing::error!(error = %format!("{e:#}"), "command failed");
                    eprintln!("asn-portal: {e:#}");
                }
            }
            std::process::ExitCode::FAILURE
        }
    }
}
