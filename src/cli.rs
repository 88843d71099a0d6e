//! The command line: global flags, subcommands, exit codes.

mod auth;
mod calibrate;
mod exit;
mod export;
mod import;
mod logs;
mod outbox;
mod prompts;
mod review;
mod serve;
pub mod session;
mod stats;
mod table;
mod tui;

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use exit::{ExitCode, Failure};
pub use session::Session;
pub use tui::run as run_tui;

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  2  usage error (bad flags or arguments)
  3  invalid input (the server or the local check answered 400)
  4  not authorised (401/403: log in again, or not yours)
  5  not found (404)
  6  server error (5xx, or an answer that could not be read)
  7  network error or timeout
  8  conflict (409, e.g. email already in use)
  9  not sent for a passing reason (network, timeout, 5xx): kept in the
     outbox, to be sent by `promptcrafter outbox flush` or the TUI
  1  anything else (a local file or the data directory)

Where the API is: --api-url, then PROMPTCRAFTER_API_URL, then api-url in the
config file; with none of them, an embedded local server is started with its
data in the platform's data directory. The token: PROMPTCRAFTER_TOKEN, then
the one stored by `promptcrafter login`.";

/// promptcrafter: log model outputs against saved prompts, fast, from the
/// keyboard. With no subcommand, opens the review-and-log TUI.
#[derive(Debug, Parser)]
#[command(name = "promptcrafter", version, after_long_help = EXIT_CODES, after_help = EXIT_CODES)]
pub struct Cli {
    /// Base URL of a remote PromptCrafter API (default: the embedded local server).
    #[arg(long, global = true, env = crate::config::API_URL_ENV, value_name = "URL")]
    pub api_url: Option<String>,
    /// What to do; nothing opens the TUI.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the PromptCrafter API on SQLite (a team server).
    Serve(ServeArgs),
    /// Create an account on the API.
    Signup(SignupArgs),
    /// Log in and store the token for this API (mode 0600).
    Login(LoginArgs),
    /// Forget the stored token for this API.
    Logout,
    /// List or search prompts, or add one.
    Prompts(PromptsArgs),
    /// Log a model output against a prompt (the output from --file or stdin).
    Log(LogArgs),
    /// List logs, or delete one.
    Logs(LogsArgs),
    /// Submissions waiting to be sent: list them, send them, or drop one.
    Outbox(OutboxArgs),
    /// Print an example config file, and where the config file is.
    Config,
    /// Score statistics per model: of one prompt, or of every prompt with logs.
    Stats(stats::StatsArgs),
    /// Write every log (and with --with-prompts every prompt) as JSONL or CSV.
    Export(export::ExportArgs),
    /// Load an export into this API; what is already there is skipped.
    Import(import::ImportArgs),
    /// Score a sample of past outputs again, blind, and see how well you agree.
    Calibrate(calibrate::CalibrateArgs),
    /// Review a queue of outputs (JSONL, CSV, folders) one key per score.
    Review(review::ReviewArgs),
}

/// `promptcrafter outbox`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct OutboxArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// What to do with the outbox.
    #[command(subcommand)]
    pub command: Option<OutboxCommand>,
}

/// `promptcrafter outbox <command>`.
#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// Send every pending entry for this API now and report each result.
    Flush,
    /// Discard one entry.
    Drop {
        /// The entry's id (`obx_...`).
        id: String,
    },
}

/// `promptcrafter serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// SQLite database file (default: in the data directory).
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Lifetime of issued tokens, e.g. 7d, 12h, 30m, 90s.
    #[arg(long, default_value = "7d", value_parser = parse_duration)]
    pub token_ttl: std::time::Duration,
}

/// `promptcrafter signup`.
#[derive(Debug, Args)]
pub struct SignupArgs {
    /// Display name.
    #[arg(long)]
    pub name: String,
    /// Login email.
    #[arg(long)]
    pub email: String,
    /// Read the password from the first line of stdin instead of prompting.
    #[arg(long)]
    pub password_stdin: bool,
}

/// `promptcrafter login`.
#[derive(Debug, Args)]
pub struct LoginArgs {
    /// Login email.
    #[arg(long)]
    pub email: String,
    /// Read the password from the first line of stdin instead of prompting.
    #[arg(long)]
    pub password_stdin: bool,
}

/// `promptcrafter prompts`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct PromptsArgs {
    /// Only prompts whose title, content or tags contain this (case-insensitive).
    #[arg(long, value_name = "Q")]
    pub search: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Add a prompt.
    #[command(subcommand)]
    pub command: Option<PromptsCommand>,
}

/// `promptcrafter prompts <command>`.
#[derive(Debug, Subcommand)]
pub enum PromptsCommand {
    /// Add a prompt (content from --content or stdin); prints its id.
    Add(PromptAddArgs),
}

/// `promptcrafter prompts add`.
#[derive(Debug, Args)]
pub struct PromptAddArgs {
    /// Title, 3 to 100 characters.
    #[arg(long)]
    pub title: String,
    /// The model the prompt is for.
    #[arg(long)]
    pub model: String,
    /// A tag (repeat for more).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// The prompt text (default: read from stdin).
    #[arg(long)]
    pub content: Option<String>,
}

/// `promptcrafter log`.
#[derive(Debug, Args)]
pub struct LogArgs {
    /// The prompt's id.
    #[arg(long = "prompt", value_name = "ID")]
    pub prompt_id: String,
    /// The model that produced the output.
    #[arg(long)]
    pub model: String,
    /// Score from 0 to 10.
    #[arg(long)]
    pub score: Option<i64>,
    /// Reviewer's notes.
    #[arg(long)]
    pub notes: Option<String>,
    /// Read the output from this file (default: stdin).
    #[arg(long, value_name = "F")]
    pub file: Option<PathBuf>,
}

/// `promptcrafter logs`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct LogsArgs {
    /// Only this prompt's logs.
    #[arg(long = "prompt", value_name = "ID")]
    pub prompt_id: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Delete a log.
    #[command(subcommand)]
    pub command: Option<LogsCommand>,
}

/// `promptcrafter logs <command>`.
#[derive(Debug, Subcommand)]
pub enum LogsCommand {
    /// Delete a log by id.
    Delete {
        /// The log's id.
        id: String,
    },
}

/// Parses `7d`, `12h`, `30m`, `90s` or a bare number of seconds.
fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let s = s.trim();
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: u64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not a duration like 7d, 12h, 30m or 90s"))?;
    let secs = match unit {
        "" | "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        "d" => n * 86_400,
        _ => return Err(format!("unknown unit {unit:?}: use s, m, h or d")),
    };
    if secs == 0 {
        return Err("the token lifetime must be more than zero".to_owned());
    }
    Ok(std::time::Duration::from_secs(secs))
}

/// Runs a subcommand to its end.
///
/// # Errors
/// A [`Failure`] with its exit code and message.
pub async fn run(cli: Cli, paths: &crate::paths::Paths) -> Result<(), Failure> {
    let Some(command) = cli.command else {
        return Err(Failure::other("no subcommand given"));
    };
    match command {
        Command::Serve(args) => serve::run(args, paths).await,
        Command::Config => {
            println!("# config file: {}\n", paths.config_file().display());
            print!("{}", crate::config::EXAMPLE);
            Ok(())
        }
        Command::Logout => auth::logout(cli.api_url, paths).await,
        Command::Signup(args) => auth::signup(args, cli.api_url, paths).await,
        Command::Login(args) => auth::login(args, cli.api_url, paths).await,
        Command::Prompts(args) => prompts::run(args, cli.api_url, paths).await,
        Command::Log(args) => logs::log(args, cli.api_url, paths).await,
        Command::Logs(args) => logs::run(args, cli.api_url, paths).await,
        Command::Outbox(args) => outbox::run(args, cli.api_url, paths).await,
        Command::Stats(args) => stats::run(args, cli.api_url, paths).await,
        Command::Export(args) => export::run(args, cli.api_url, paths).await,
        Command::Import(args) => import::run(args, cli.api_url, paths).await,
        Command::Calibrate(args) => calibrate::run(args, cli.api_url, paths).await,
        Command::Review(args) => review::run(args, cli.api_url, paths).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("7d").unwrap().as_secs(), 604_800);
        assert_eq!(parse_duration("90").unwrap().as_secs(), 90);
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("3w").is_err());
        assert!(parse_duration("h").is_err());
    }

    #[test]
    fn api_url_is_global() {
        let cli = Cli::try_parse_from(["promptcrafter", "logs", "--api-url", "http://x"]).unwrap();
        assert_eq!(cli.api_url.as_deref(), Some("http://x"));
        let cli = Cli::try_parse_from([
            "promptcrafter",
            "--api-url",
            "http://y",
            "prompts",
            "--json",
        ])
        .unwrap();
        assert_eq!(cli.api_url.as_deref(), Some("http://y"));
    }

    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
