//! The `promptcrafter` binary: parse the command line, start logging to a
//! file, and dispatch to the TUI, the server or a CLI command.

use clap::Parser;

use promptcrafter::cli::{self, Cli, Command};
use promptcrafter::paths::Paths;
use promptcrafter::{logging, sanitize};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let paths = match Paths::discover() {
        Ok(p) => p,
        Err(e) => return fail(&cli::Failure::other(e.to_string())),
    };
    cli.transport.install(&paths);
    let filter = match logging::filter(cli.log_level.as_deref()) {
        Ok(f) => f,
        Err(e) => {
            return fail(&cli::Failure::usage(format!(
                "--log-level or PROMPTCRAFTER_LOG: {e}"
            )));
        }
    };
    let serving = matches!(cli.command, Some(Command::Serve(_)));
    let _log_writer = logging::init(&paths.log_dir, filter, serving);
    let runtime = match runtime_for(cli.command.as_ref()) {
        Ok(rt) => rt,
        Err(e) => return fail(&cli::Failure::other(e.to_string())),
    };
    let result = runtime.block_on(async {
        match cli.command {
            None => cli::run_tui(&cli.api, &paths).await,
            Some(_) => cli::run(cli, &paths).await,
        }
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(f) => fail(&f),
    }
}

/// The TUI, the review screen and the server keep many tasks going at once
/// on worker threads; a one-shot command (`log`, `prompts`, ...) runs its
/// few requests on the main thread, and starts no threads it would not use
/// (issue 9: `log` against curl).
fn runtime_for(command: Option<&Command>) -> std::io::Result<tokio::runtime::Runtime> {
    match command {
        None | Some(Command::Serve(_) | Command::Review(_)) => tokio::runtime::Runtime::new(),
        Some(_) => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build(),
    }
}

fn fail(f: &cli::Failure) -> std::process::ExitCode {
    eprintln!("promptcrafter: error: {}", sanitize::line(&f.message));
    std::process::ExitCode::from(f.code as u8)
}
