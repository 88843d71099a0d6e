//! Never lose an output: autosaved drafts of each prompt's form, a durable
//! outbox of submissions that failed for a passing reason, and delivery that
//! logs each submission exactly once. Used by the TUI and the CLI alike.

mod deliver;
mod drafts;
mod error;
mod lock;
mod queue;

pub use deliver::{
    Outcome, SubmitResult, attempt, backoff, flush, flush_with_progress, submit,
    submit_finding_duplicate,
};
pub use drafts::{Draft, Drafts};
pub use error::OutboxError;
pub use lock::DataLock;
pub use queue::{Claim, Entry, EntryState, Outbox};

/// Whether `id` names an outbox entry (they start with `obx_`), for
/// reading files written before entries were told apart by type.
#[must_use]
pub fn is_entry_id(id: &str) -> bool {
    id.starts_with(queue::ENTRY_PREFIX)
}

/// A file name for `id` that is safe on any filesystem: ASCII letters,
/// digits, `-` and `_` kept, every other byte written as `%XX`.
#[must_use]
pub fn file_stem(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if out.is_empty() {
        out.push_str("%00");
    }
    out
}

/// Every `.json` file in `dir` parsed as `T`; a missing folder is empty.
/// Files that cannot be parsed are skipped (and left in place, so nothing a
/// person may still want is deleted).
///
/// # Errors
/// When the folder exists but cannot be read.
fn read_json_dir<T: serde::de::DeserializeOwned>(
    dir: &std::path::Path,
) -> Result<Vec<T>, OutboxError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(OutboxError::Read {
                path: dir.to_path_buf(),
                source,
            });
        }
    };
    Ok(entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter_map(
            |p| match std::fs::read(&p).map(|b| serde_json::from_slice(&b)) {
                Ok(Ok(value)) => Some(value),
                _ => {
                    tracing::warn!("skipping unreadable file {}", p.display());
                    None
                }
            },
        )
        .collect())
}

/// Removes `path`; one that is already gone is fine.
fn remove_if_present(path: &std::path::Path) -> Result<(), OutboxError> {
    match std::fs::remove_file(path) {
        Err(source) if source.kind() != std::io::ErrorKind::NotFound => Err(OutboxError::Remove {
            path: path.to_path_buf(),
            source,
        }),
        _ => Ok(()),
    }
}

/// Writes `contents` to `path` durably and privately (see [`crate::paths::write_private`]).
fn write_file(path: &std::path::Path, contents: &[u8]) -> Result<(), OutboxError> {
    crate::paths::write_private(path, contents).map_err(|source| OutboxError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// `value` as JSON, for a file at `path`.
fn to_json<T: serde::Serialize>(path: &std::path::Path, value: &T) -> Result<Vec<u8>, OutboxError> {
    serde_json::to_vec_pretty(value).map_err(|source| OutboxError::Parse {
        path: path.to_path_buf(),
        source,
    })
}

/// Opens (creating) the lock file `path` and tries to lock it: `None` when
/// someone else holds it.
fn try_lock_file(path: &std::path::Path) -> Result<Option<std::fs::File>, OutboxError> {
    let lock_error = |source| OutboxError::Lock {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(lock_error)?;
    }
    let file = std::fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(lock_error)?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => Ok(None),
        Err(std::fs::TryLockError::Error(e)) => Err(lock_error(e)),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_stems() {
        assert_eq!(super::file_stem("prm_01-ab"), "prm_01-ab");
        assert_eq!(super::file_stem("../x y"), "%2E%2E%2Fx%20y");
        assert_eq!(super::file_stem(""), "%00");
    }
}
