//! What the outbox, the drafts and the data-dir lock can fail at, each
//! failure naming the file and the operation.

use std::io;
use std::path::PathBuf;

/// A failure of the outbox, the drafts folder or the data-dir lock.
#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    /// A file could not be written (disk full, read-only folder).
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A file or folder could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A file could not be removed.
    #[error("cannot remove {}: {source}", path.display())]
    Remove {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A file holds something that is not what it should.
    #[error("{} is not readable: {source}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// Why.
        source: serde_json::Error,
    },
    /// A lock file could not be made or taken (not: someone else holds it).
    #[error("cannot lock {}: {source}", path.display())]
    Lock {
        /// The lock file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// Another promptcrafter holds the data folder, so this one keeps no outbox.
    #[error("the outbox is in use by another promptcrafter")]
    InUse,
}
