//! SQLite storage for the PromptCrafter server: one [`Db`] handle with a
//! small typed API per table. Queries are checked at run time
//! (`query_as` + `FromRow`), so the crate builds without a database.

mod error;
mod logs;
mod prompts;
mod users;

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

pub use error::StoreError;
pub use users::{NewUser, User};

/// How long a connection waits for a lock held by another before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections in the pool; SQLite serialises writers anyway.
const MAX_CONNECTIONS: u32 = 8;

/// A handle to the database. Cheap to clone: clones share one pool.
#[derive(Debug, Clone)]
pub struct Db {
    pool: SqlitePool,
}

impl Db {
    /// Opens (creating the file and its parent directories if missing) the
    /// database at `path` and applies the embedded migrations.
    ///
    /// The connection uses WAL, foreign keys and `synchronous=FULL`, so a
    /// write that returned is on disk.
    ///
    /// # Errors
    /// [`StoreError`] when the directory, the file or the migrations fail.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            tokio::fs::create_dir_all(dir)
                .await
                .map_err(|source| StoreError::CreateDir {
                    path: dir.to_path_buf(),
                    source,
                })?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let pool = SqlitePoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .connect_with(options)
            .await?;
        sqlx::migrate!("src/store/migrations").run(&pool).await?;
        Ok(Self { pool })
    }

    /// Waits for the connections in use to be returned, then closes them all.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A new record id: `prefix` then `_` then a UUIDv7 in hex. Time-ordered,
/// and says nothing about how many records exist.
fn new_id(prefix: &str) -> String {
    format!("{prefix}_{}", uuid::Uuid::now_v7().simple())
}

/// A timestamp as stored and sent: RFC 3339 UTC with milliseconds.
fn timestamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// The current time, as stored.
fn now() -> String {
    timestamp(Utc::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A user to own test records; returns the id.
    pub(crate) async fn owner(db: &Db, email: &str) -> String {
        let new = NewUser {
            name: "Ada".into(),
            email: email.into(),
            password_hash: "hash".into(),
        };
        db.insert_user(&new).await.unwrap().id
    }

    /// A database in a fresh temporary directory.
    pub(crate) async fn temp_db() -> (Db, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("nested/dir/test.db"))
            .await
            .unwrap();
        (db, dir)
    }

    #[tokio::test]
    async fn opens_creates_and_reopens() {
        let (db, dir) = temp_db().await;
        db.close().await;
        let db = Db::open(&dir.path().join("nested/dir/test.db"))
            .await
            .unwrap();
        let mode: (String,) = sqlx::query_as("PRAGMA journal_mode")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(mode.0, "wal");
        let fk: (i64,) = sqlx::query_as("PRAGMA foreign_keys")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(fk.0, 1);
    }

    #[test]
    fn ids_and_times_have_the_wire_shape() {
        let id = new_id("log");
        assert!(id.starts_with("log_") && id.len() == 36, "{id}");
        let t = now();
        assert_eq!(t.len(), "2026-11-28T15:04:05.123Z".len(), "{t}");
        assert!(t.ends_with('Z'));
        assert!(DateTime::parse_from_rfc3339(&t).is_ok());
    }
}
