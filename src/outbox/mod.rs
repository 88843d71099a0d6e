//! Never lose an output: autosaved drafts of each prompt's form, a durable
//! outbox of submissions that failed for a passing reason, and delivery that
//! logs each submission exactly once. Used by the TUI and the CLI alike.

mod deliver;
mod drafts;
mod lock;
mod queue;

pub use deliver::{Outcome, SubmitResult, attempt, backoff, flush, flush_with_progress, submit};
pub use drafts::{Draft, Drafts};
pub use lock::DataLock;
pub use queue::{Claim, Entry, EntryState, Outbox};

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
fn read_json_dir<T: serde::de::DeserializeOwned>(dir: &std::path::Path) -> std::io::Result<Vec<T>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
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
fn remove_if_present(path: &std::path::Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
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
