//! The storage layer's one error type.

use std::path::PathBuf;

/// What went wrong reading or writing the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database directory could not be created.
    #[error("cannot create the database directory {path}: {source}")]
    CreateDir {
        /// The directory that could not be created.
        path: PathBuf,
        /// The underlying IO error.
        source: std::io::Error,
    },
    /// Applying the embedded migrations failed.
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A unique constraint was violated (e.g. an email already in use).
    #[error("a record with the same key already exists")]
    Conflict,
    /// A stored value could not be read back (e.g. tags that are not a JSON array).
    #[error("corrupt value in column {column}: {reason}")]
    Corrupt {
        /// The column holding the bad value.
        column: &'static str,
        /// Why it could not be read.
        reason: String,
    },
    /// The database server cannot be used (e.g. too old a version).
    #[error("unsupported database: {0}")]
    Unsupported(String),
    /// `db migrate` found the destination's copy of a table differing.
    #[error("table {table} did not verify: {reason}")]
    Mismatch {
        /// The table that failed the check.
        table: &'static str,
        /// The counts and checksums that differ.
        reason: String,
    },
    /// The group-commit writer has stopped (the database is closing).
    #[error("the database is closing")]
    WriterStopped,
    /// Any other database error.
    #[error("database error: {0}")]
    Sqlx(sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => Self::Conflict,
            _ => Self::Sqlx(e),
        }
    }
}
