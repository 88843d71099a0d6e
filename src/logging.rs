//! Tracing to a file (the terminal belongs to the TUI): one file a day in
//! the log folder, the oldest removed past [`KEPT_FILES`]; the standalone
//! server logs to stderr instead.

use std::path::Path;

use tracing_appender::non_blocking::{NonBlockingBuilder, WorkerGuard};
use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::EnvFilter;

/// Environment variable with a tracing filter (e.g. `debug`), as `--log-level`.
pub const LOG_ENV: &str = "PROMPTCRAFTER_LOG";
/// The log files are named `promptcrafter.YYYY-MM-DD.log`.
pub const FILE_PREFIX: &str = "promptcrafter";
/// How many daily files are kept.
pub const KEPT_FILES: usize = 7;

/// The filter of `level` (`None`: `info`).
///
/// # Errors
/// When `level` is not a level or a tracing filter.
pub fn filter(level: Option<&str>) -> Result<EnvFilter, tracing_subscriber::filter::ParseError> {
    EnvFilter::try_new(level.map_or("info", str::trim))
}

/// Sends tracing output at `filter` to the day's file in `log_dir`, or to
/// stderr when `to_stderr` (the standalone server). Failing to open the
/// folder only disables logging: it never stops the program.
///
/// The server's stderr is written by a thread of its own (lines queued, never
/// dropped), so a request does not wait on a `write` to stderr under load;
/// keep the returned guard until the end: dropping it writes what is queued.
#[must_use = "dropping the guard stops the server's log writer"]
pub fn init(log_dir: &Path, filter: EnvFilter, to_stderr: bool) -> Option<WorkerGuard> {
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false);
    if to_stderr {
        let (writer, guard) = NonBlockingBuilder::default()
            .lossy(false)
            .finish(std::io::stderr());
        let _ = builder.with_writer(writer).try_init();
        return Some(guard);
    }
    let appender = std::fs::create_dir_all(log_dir).ok().and_then(|()| {
        Builder::new()
            .rotation(Rotation::DAILY)
            .filename_prefix(FILE_PREFIX)
            .filename_suffix("log")
            .max_log_files(KEPT_FILES)
            .build(log_dir)
            .ok()
    });
    if let Some(appender) = appender {
        let _ = builder.with_writer(appender).try_init();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_and_filters_parse() {
        assert!(filter(None).is_ok());
        assert!(filter(Some("debug")).is_ok());
        assert!(filter(Some("promptcrafter=trace,info")).is_ok());
        assert!(filter(Some("loud=[")).is_err());
    }
}
