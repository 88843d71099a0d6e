//! One process at a time owns the drafts and the outbox of a data dir.

use std::fs::File;
use std::path::Path;

use super::OutboxError;

/// An exclusive lock on a data dir, held while this value lives.
#[derive(Debug)]
pub struct DataLock {
    _file: File,
}

impl DataLock {
    /// Takes the lock on `data_dir`, or `None` when another process holds it.
    ///
    /// # Errors
    /// When the lock file cannot be created or locked for another reason;
    /// the error names the file.
    pub fn try_acquire(data_dir: &Path) -> Result<Option<Self>, OutboxError> {
        let file = super::try_lock_file(&data_dir.join("promptcrafter.lock"))?;
        Ok(file.map(|file| Self { _file: file }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_holder_is_refused_until_release() {
        let dir = tempfile::tempdir().unwrap();
        let first = DataLock::try_acquire(dir.path()).unwrap();
        assert!(first.is_some());
        assert!(DataLock::try_acquire(dir.path()).unwrap().is_none());
        drop(first);
        assert!(DataLock::try_acquire(dir.path()).unwrap().is_some());
    }
}
