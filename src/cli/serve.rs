//! `promptcrafter serve`: the API server, standalone.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;

use crate::paths::Paths;
use crate::server::{self, ServerConfig};

use super::Failure;

/// `promptcrafter serve`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  promptcrafter serve --addr 0.0.0.0:8080 --db /srv/promptcrafter.db --token-ttl 12h"
)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// SQLite database file (default: in the data directory).
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Lifetime of issued tokens, e.g. 7d, 12h, 30m, 90s.
    #[arg(long, default_value = "7d", value_parser = crate::config::parse_positive_duration)]
    pub token_ttl: std::time::Duration,
}

/// Serves until SIGINT or SIGTERM.
pub async fn run(args: ServeArgs, paths: &Paths) -> Result<(), Failure> {
    let db = args.db.unwrap_or_else(|| paths.db_file());
    let mut config = ServerConfig::new(db, paths.secret_file());
    config.token_ttl = args.token_ttl;
    server::serve_until_signal(config, args.addr)
        .await
        .map_err(|e| Failure::other(e.to_string()))
}
