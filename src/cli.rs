//! The command line: the top-level flags, the subcommands (each with its
//! arguments in its own module under `cli/`), and dispatch.

mod auth;
mod calibrate;
mod config;
mod db;
mod docs;
mod doctor;
mod exit;
mod export;
mod import;
mod log;
mod logs;
mod outbox;
mod progress;
mod prompts;
mod review;
mod serve;
pub mod session;
mod stats;
mod table;
mod tui;
mod utf8;

use clap::{Parser, Subcommand};

pub use exit::{EXIT_CODES, ExitCode, Failure, exit_codes_help, exit_codes_markdown};
pub use session::{ApiArgs, Session};
pub use tui::run as run_tui;

/// What `--help` prints after the flags.
fn after_help() -> String {
    format!(
        "{}\nWhere the API is: --api-url, then PROMPTCRAFTER_API_URL, then api-url in the\n\
         config file (`promptcrafter config path`); with none of them, an embedded local\n\
         server is started with its data in the platform's data directory. The token:\n\
         PROMPTCRAFTER_TOKEN, then the one stored by `promptcrafter login`.\n\n\
         Example:\n  promptcrafter                      # open the TUI\n  \
         llm 'Summarise this' | promptcrafter log --prompt 'Report summary' --model gpt-4o",
        exit_codes_help()
    )
}

/// promptcrafter: log model outputs against saved prompts, fast, from the
/// keyboard. With no subcommand, opens the review-and-log TUI.
#[derive(Debug, Parser)]
#[command(
    name = "promptcrafter",
    version = crate::VERSION,
    after_help = after_help(),
    after_long_help = after_help()
)]
pub struct Cli {
    /// The API the TUI talks to (subcommands take their own --api-url).
    #[command(flatten)]
    pub api: ApiArgs,
    /// What to log to the log file: error, warn, info, debug, trace, or a
    /// tracing filter such as `promptcrafter=debug`.
    #[arg(long, global = true, value_name = "LEVEL", env = crate::logging::LOG_ENV)]
    pub log_level: Option<String>,
    /// How credentials may travel: plain http beyond loopback, a team's CA.
    #[command(flatten)]
    pub transport: auth::TransportArgs,
    /// What to do; nothing opens the TUI.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the PromptCrafter API on SQLite or PostgreSQL (a team server).
    Serve(serve::ServeArgs),
    /// Move a server's data between SQLite and PostgreSQL, or check a database.
    Db(db::DbArgs),
    /// Create an account on the API.
    Signup(auth::SignupArgs),
    /// Log in and store the token for this API (mode 0600).
    Login(auth::LoginArgs),
    /// Forget the stored token for this API.
    Logout(auth::LogoutArgs),
    /// List or search prompts, or add one.
    Prompts(prompts::PromptsArgs),
    /// Log a model output against a prompt (the output from --file or stdin).
    Log(log::LogArgs),
    /// List logs, or delete one.
    Logs(logs::LogsArgs),
    /// Submissions waiting to be sent: list them, send them, or drop one.
    Outbox(outbox::OutboxArgs),
    /// The config file: where it is, what is in force, or write a new one.
    Config(config::ConfigArgs),
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
    /// Print a shell completion script.
    Completions(docs::CompletionsArgs),
    /// Print the man page (roff), or write one per subcommand to a folder.
    Man(docs::ManArgs),
    /// Print what a bug report needs: paths, the API, the token, the terminal.
    Doctor(doctor::DoctorArgs),
}

/// The `--api-url` given before the subcommand, for a subcommand that takes
/// one and was not given its own; a usage error for one that takes none.
fn take_api(top: &ApiArgs, own: Option<&mut ApiArgs>, name: &str) -> Result<(), Failure> {
    if top.is_empty() {
        return Ok(());
    }
    match own {
        Some(own) if own.is_empty() => {
            *own = top.clone();
            Ok(())
        }
        Some(_) => Ok(()),
        None => Err(Failure::usage(format!(
            "`promptcrafter {name}` talks to no API: --api-url means nothing to it"
        ))),
    }
}

/// The API flags of a subcommand, if it takes them.
fn api_of(command: &mut Command) -> Option<&mut ApiArgs> {
    match command {
        Command::Signup(a) => Some(&mut a.api),
        Command::Login(a) => Some(&mut a.api),
        Command::Logout(a) => Some(&mut a.api),
        Command::Prompts(a) => Some(&mut a.api),
        Command::Log(a) => Some(&mut a.api),
        Command::Logs(a) => Some(&mut a.api),
        Command::Outbox(a) => Some(&mut a.api),
        Command::Config(a) => a.api_mut(),
        Command::Stats(a) => Some(&mut a.api),
        Command::Export(a) => Some(&mut a.api),
        Command::Import(a) => Some(&mut a.api),
        Command::Calibrate(a) => Some(&mut a.api),
        Command::Review(a) => Some(&mut a.api),
        Command::Doctor(a) => Some(&mut a.api),
        Command::Serve(_) | Command::Db(_) | Command::Completions(_) | Command::Man(_) => None,
    }
}

/// Runs a subcommand to its end.
///
/// # Errors
/// A [`Failure`] with its exit code and message.
pub async fn run(cli: Cli, paths: &crate::paths::Paths) -> Result<(), Failure> {
    let Some(mut command) = cli.command else {
        return Err(Failure::other("no subcommand given"));
    };
    let name = command_name(&command);
    take_api(&cli.api, api_of(&mut command), &name)?;
    match command {
        Command::Serve(args) => serve::run(args, paths).await,
        Command::Db(args) => db::run(args, paths).await,
        Command::Config(args) => config::run(args, paths),
        Command::Completions(args) => docs::completions(&args),
        Command::Man(args) => docs::man(&args),
        Command::Doctor(args) => doctor::run(args, paths).await,
        Command::Logout(args) => auth::logout(args, paths),
        Command::Signup(args) => auth::signup(args, paths).await,
        Command::Login(args) => auth::login(args, paths).await,
        Command::Prompts(args) => prompts::run(args, paths).await,
        Command::Log(args) => log::run(args, paths).await,
        Command::Logs(args) => logs::run(args, paths).await,
        Command::Outbox(args) => outbox::run(args, paths).await,
        Command::Stats(args) => stats::run(args, paths).await,
        Command::Export(args) => export::run(args, paths).await,
        Command::Import(args) => import::run(args, paths).await,
        Command::Calibrate(args) => calibrate::run(args, paths).await,
        Command::Review(args) => review::run(args, paths).await,
    }
}

/// The subcommand's name as typed.
fn command_name(command: &Command) -> String {
    let debug = format!("{command:?}");
    let variant = debug.split(['(', ' ']).next().unwrap_or("");
    variant.to_ascii_lowercase()
}

#[cfg(test)]
mod tests;
