//! `promptcrafter serve`: the API server, standalone, and the flags of its
//! limits, timeouts, TLS and CORS ([`ServeLimits`]).

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use crate::paths::Paths;
use crate::server::{self, Limits, Rate, ServerConfig, TlsFiles};

use super::Failure;

/// `promptcrafter serve`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  promptcrafter serve --addr 0.0.0.0:8080 --db /srv/promptcrafter.db --token-ttl 12h\n  promptcrafter serve --addr 0.0.0.0:8443 --db postgres://pc@db/pc --jwt-secret-file /etc/pc/jwt --tls-cert c.pem --tls-key k.pem"
)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The database and the token signing secret.
    #[command(flatten)]
    pub store: super::db::ServeDbArgs,
    /// Lifetime of issued tokens, e.g. 7d, 12h, 30m, 90s.
    #[arg(long, default_value = "7d", value_parser = crate::config::parse_positive_duration)]
    pub token_ttl: std::time::Duration,
    /// Limits, timeouts, TLS and CORS.
    #[command(flatten)]
    pub limits: ServeLimits,
}

/// The limits, timeouts, TLS and CORS settings of `serve` (flattened into
/// its arguments). Defaults suit a small team; see the README's server section.
#[derive(Debug, Clone, Args)]
pub struct ServeLimits {
    /// Connections open at once; more are answered 503 and closed.
    #[arg(long, default_value_t = 512, value_name = "N")]
    pub max_connections: usize,
    /// Time allowed for a request's headers, from connect (e.g. 10s, 500ms).
    #[arg(long, default_value = "10s", value_parser = parse_time, value_name = "T")]
    pub header_timeout: Duration,
    /// Time allowed for a request's whole body once its headers are in.
    #[arg(long, default_value = "30s", value_parser = parse_time, value_name = "T")]
    pub body_timeout: Duration,
    /// Time a kept-alive connection may sit idle between requests.
    #[arg(long, default_value = "60s", value_parser = parse_time, value_name = "T")]
    pub idle_timeout: Duration,
    /// Largest request body in MiB (at least 11: an output may hold 10 MiB).
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u32).range(11..=1024), value_name = "MIB")]
    pub max_body_mib: u32,
    /// Password checks computed at once (default: the number of cores).
    #[arg(long, value_name = "N")]
    pub hash_concurrency: Option<usize>,
    /// Password checks that may wait for a slot; beyond, 503 (default: twice the cores).
    #[arg(long, value_name = "N")]
    pub hash_queue: Option<usize>,
    /// Logins per client address: BURST/PERIOD, one more allowed each PERIOD.
    #[arg(long, default_value = "30/1s", value_parser = parse_rate, value_name = "RATE")]
    pub login_rate: Rate,
    /// Logins per account (email), from any address: BURST/PERIOD.
    #[arg(long, default_value = "10/6s", value_parser = parse_rate, value_name = "RATE")]
    pub account_rate: Rate,
    /// Signups per client address: BURST/PERIOD.
    #[arg(long, default_value = "10/6s", value_parser = parse_rate, value_name = "RATE")]
    pub signup_rate: Rate,
    /// Speak HTTPS with this PEM certificate chain (needs --tls-key).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The PEM private key of --tls-cert.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Allow browsers on this origin to call the API (repeat for more; CORS is off without it).
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    pub cors_origins: Vec<String>,
}

impl ServeLimits {
    /// The server limits these flags ask for, over the built-in defaults.
    #[must_use]
    pub fn limits(&self) -> Limits {
        let defaults = Limits::default();
        Limits {
            max_connections: self.max_connections,
            header_timeout: self.header_timeout,
            body_timeout: self.body_timeout,
            idle_timeout: self.idle_timeout,
            body_limit: self.max_body_mib as usize * 1024 * 1024,
            hash_concurrency: self.hash_concurrency.unwrap_or(defaults.hash_concurrency),
            hash_queue: self.hash_queue.unwrap_or(defaults.hash_queue),
            login_per_address: self.login_rate,
            login_per_account: self.account_rate,
            signup_per_address: self.signup_rate,
        }
    }

    /// The TLS files, when both were given.
    #[must_use]
    pub fn tls(&self) -> Option<TlsFiles> {
        match (&self.tls_cert, &self.tls_key) {
            (Some(cert), Some(key)) => Some(TlsFiles {
                cert: cert.clone(),
                key: key.clone(),
            }),
            _ => None,
        }
    }
}

/// Serves until SIGINT or SIGTERM.
pub async fn run(args: ServeArgs, paths: &Paths) -> Result<(), Failure> {
    let mut config = ServerConfig::new(paths.db_file(), paths.secret_file());
    config.db = args.store.location(paths);
    config.secret = args.store.secret(paths);
    config.token_ttl = args.token_ttl;
    config.limits = args.limits.limits();
    config.tls = args.limits.tls();
    config.cors_origins.clone_from(&args.limits.cors_origins);
    server::serve_until_signal(config, args.addr)
        .await
        .map_err(|e| Failure::other(e.to_string()))
}

/// The error of a flag value, as clap shows it.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct FlagError(String);

/// Parses `500ms`, `10s`, `2m`, `1h` or a bare number of seconds; more than zero.
fn parse_time(s: &str) -> Result<Duration, FlagError> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let bad = || FlagError(format!("{s:?} is not a time like 500ms, 10s, 2m or 1h"));
    let n: u64 = num.parse().map_err(|_| bad())?;
    let time = match unit {
        "ms" => Duration::from_millis(n),
        "" | "s" => Duration::from_secs(n),
        "m" => Duration::from_secs(n.saturating_mul(60)),
        "h" => Duration::from_secs(n.saturating_mul(3600)),
        _ => return Err(bad()),
    };
    if time.is_zero() {
        return Err(FlagError("the time must be more than zero".to_owned()));
    }
    Ok(time)
}

/// Parses `BURST/PERIOD`, e.g. `10/6s`: ten at once, then one more each 6 s.
fn parse_rate(s: &str) -> Result<Rate, FlagError> {
    let bad = || FlagError(format!("{s:?} is not a rate like 10/6s (burst/period)"));
    let (burst, period) = s.trim().split_once('/').ok_or_else(bad)?;
    let burst: NonZeroU32 = burst.trim().parse().map_err(|_| bad())?;
    Ok(Rate::new(burst, parse_time(period)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_rates() {
        assert_eq!(parse_time("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_time("10").unwrap(), Duration::from_secs(10));
        assert_eq!(parse_time("2m").unwrap(), Duration::from_secs(120));
        assert!(parse_time("0s").is_err());
        assert!(parse_time("5d").is_err());
        let r = parse_rate("10/6s").unwrap();
        assert_eq!((r.burst.get(), r.every), (10, Duration::from_secs(6)));
        assert!(parse_rate("0/1s").is_err());
        assert!(parse_rate("10").is_err());
    }

    #[test]
    fn defaults_match_the_servers() {
        use clap::Parser;
        #[derive(Debug, Parser)]
        struct Probe {
            #[command(flatten)]
            limits: ServeLimits,
        }
        let probe = Probe::try_parse_from(["probe"]).unwrap();
        assert_eq!(probe.limits.limits(), Limits::default());
        assert_eq!(probe.limits.tls(), None);
        let probe = Probe::try_parse_from(["probe", "--tls-cert", "c.pem"]);
        assert!(probe.is_err(), "--tls-cert without --tls-key");
    }
}
