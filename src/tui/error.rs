//! What the TUI can fail at, as one error type whose words are what the
//! user reads; [`Reported`] is the one path an error takes to the log file
//! and to the screen.

use std::path::PathBuf;

use crate::client::ApiError;
use crate::outbox::OutboxError;

/// Why the external editor did not give a new output.
#[derive(Debug, thiserror::Error)]
pub enum EditorError {
    /// The temporary file could not be written or read back.
    #[error("cannot use the temporary file {}: {source}", path.display())]
    TempFile {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The editor program could not be started.
    #[error("cannot start {program:?}: {source}")]
    Start {
        /// The program named by `$VISUAL` / `$EDITOR`.
        program: String,
        /// Why.
        source: std::io::Error,
    },
    /// The editor ended with a failure status.
    #[error("{program:?} exited with {status}")]
    Exited {
        /// The program.
        program: String,
        /// How it ended.
        status: std::process::ExitStatus,
    },
    /// The edited file is not UTF-8 text.
    #[error("the edited file is not UTF-8")]
    NotUtf8,
}

/// Everything the TUI reports to the user; `Display` is the sentence shown.
#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    /// A later page of the prompt list failed: the prompts shown stay.
    #[error("Loaded {shown} prompts; the rest did not load ({error}). Press r to reload.")]
    LoadMorePrompts {
        /// How many prompts are shown.
        shown: usize,
        /// Why the rest is missing.
        error: ApiError,
    },
    /// The prompt list did not load.
    #[error("Cannot load the prompts: {0}. Press r to retry.")]
    LoadPrompts(ApiError),
    /// A log could not be deleted.
    #[error("Could not delete the log: {0}")]
    DeleteLog(ApiError),
    /// Logging in again by itself (embedded default) failed.
    #[error("Could not log in again: {0}. Your text is kept.")]
    Relogin(ApiError),
    /// A draft could not be written.
    #[error("Could not save the draft ({0}). Your text is still in the form, but not on disk.")]
    SaveDraft(OutboxError),
    /// The outbox could not be flushed.
    #[error("Cannot use the outbox: {0}")]
    Outbox(OutboxError),
    /// The outbox could not be read.
    #[error("Cannot read the outbox: {0}")]
    ReadOutbox(OutboxError),
    /// The external editor failed.
    #[error("The editor failed: {0}. The output is unchanged.")]
    Editor(#[from] EditorError),
    /// A review's progress could not be written.
    #[error("Could not save the review progress: {0}")]
    SaveProgress(std::io::Error),
    /// Your logs did not load, so earlier deliveries are not recognised.
    #[error("Cannot load your logs ({0}): outputs already on the server are not recognised.")]
    LoadLogs(ApiError),
    /// The next, older page of a prompt's logs did not load (the rows
    /// loaded stay).
    #[error("Cannot load older logs: {0}. Move in the list to try again.")]
    LoadMoreLogs(ApiError),
    /// An undo could not delete its log.
    #[error("Could not delete {log_id}: {source}")]
    Undo {
        /// The log.
        log_id: String,
        /// Why.
        source: ApiError,
    },
    /// The data-dir lock failed for another reason than another holder.
    #[error(
        "Cannot lock the data folder ({0}): this window does not save drafts or keep an outbox."
    )]
    Lock(OutboxError),
}

/// The one way an error reaches the user: logged (tracing, to the log
/// file), then shown where the user is looking, by the screen's own `show`.
pub trait Reported {
    /// Shows `text` where the user is looking (the banner, or an open
    /// dialog's error line).
    fn show_error(&mut self, text: String);

    /// Logs `error` and shows it.
    fn report(&mut self, error: &TuiError) {
        tracing::error!("{error}");
        self.show_error(error.to_string());
    }
}
