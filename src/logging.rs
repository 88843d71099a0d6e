//! Tracing to a file: the terminal belongs to the TUI.

use std::fs;
use std::path::Path;
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

/// Environment variable with a tracing filter (e.g. `debug`).
pub const LOG_ENV: &str = "PROMPTCRAFTER_LOG";

/// Sends tracing output to `promptcrafter.log` in `log_dir`, or to stderr
/// when `to_stderr` (the standalone server). Failing to open the file only
/// disables logging: it never stops the program.
pub fn init(log_dir: &Path, to_stderr: bool) {
    let filter = EnvFilter::try_from_env(LOG_ENV).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false);
    if to_stderr {
        let _ = builder.with_writer(std::io::stderr).try_init();
        return;
    }
    let file = fs::create_dir_all(log_dir).and_then(|()| {
        fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log_dir.join("promptcrafter.log"))
    });
    if let Ok(file) = file {
        let _ = builder.with_writer(Mutex::new(file)).try_init();
    }
}
