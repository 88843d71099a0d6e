//! The SQLite backend: how its file is opened, its embedded migrations, and
//! its own integrity check.

use std::path::Path;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::StoreError;

/// The SQLite schema, embedded in the binary.
pub(super) static MIGRATOR: Migrator = sqlx::migrate!("src/store/migrations/sqlite");

/// How long a connection waits for a lock held by another before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections in the pool; SQLite serialises writers anyway.
const MAX_CONNECTIONS: u32 = 8;

/// How every connection to the file at `path` is opened: WAL, foreign
/// keys, `synchronous=FULL` (a commit is on disk before it returns, power
/// loss included), and a busy timeout.
pub(super) fn options(path: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(BUSY_TIMEOUT)
}

/// Opens (creating the file and its parent directories if missing) the
/// database at `path` with WAL, foreign keys and `synchronous=FULL`, so a
/// write that returned is on disk, and applies the migrations.
pub(super) async fn open(path: &Path) -> Result<SqlitePool, StoreError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(|source| StoreError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
    }
    let pool = SqlitePoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        .connect_with(options(path))
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

/// SQLite's own verdict on the file: `PRAGMA integrity_check` (pages,
/// indexes, constraints) and `PRAGMA foreign_key_check`; empty when sound.
pub(super) async fn integrity(pool: &SqlitePool) -> Result<Vec<String>, StoreError> {
    let rows: Vec<(String,)> = sqlx::query_as("PRAGMA integrity_check")
        .fetch_all(pool)
        .await?;
    let mut problems: Vec<String> = rows
        .into_iter()
        .map(|(line,)| line)
        .filter(|line| line != "ok")
        .collect();
    let dangling: Vec<(String, i64)> =
        sqlx::query_as("SELECT \"table\", rowid FROM pragma_foreign_key_check")
            .fetch_all(pool)
            .await?;
    problems.extend(
        dangling
            .into_iter()
            .map(|(table, rowid)| format!("{table} row {rowid} refers to a missing row")),
    );
    Ok(problems)
}
