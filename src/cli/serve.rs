//! `promptcrafter serve`: the API server, standalone.

use crate::paths::Paths;
use crate::server::{self, ServerConfig};

use super::{Failure, ServeArgs};

/// Serves until SIGINT or SIGTERM.
pub async fn run(args: ServeArgs, paths: &Paths) -> Result<(), Failure> {
    let mut config = ServerConfig::new(paths.db_file(), paths.secret_file());
    config.db = args.store.location(paths);
    config.secret = args.store.secret(paths);
    config.token_ttl = args.token_ttl;
    server::serve_until_signal(config, args.addr)
        .await
        .map_err(|e| Failure::other(e.to_string()))
}
