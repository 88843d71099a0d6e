//! One process at a time owns the drafts and the outbox of a data dir.

use std::fs::{self, File, TryLockError};
use std::io;
use std::path::Path;

/// An exclusive lock on a data dir, held while this value lives.
#[derive(Debug)]
pub struct DataLock {
    _file: File,
}

impl DataLock {
    /// Takes the lock on `data_dir`, or `None` when another process holds it.
    ///
    /// # Errors
    /// When the lock file cannot be created or locked for another reason.
    pub fn try_acquire(data_dir: &Path) -> io::Result<Option<Self>> {
        fs::create_dir_all(data_dir)?;
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(data_dir.join("promptcrafter.lock"))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(Self { _file: file })),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(e)) => Err(e),
        }
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
