//! Storage for the PromptCrafter server: one [`Db`] handle with a small
//! typed API per table, over SQLite (the default) or PostgreSQL. Each backend
//! has its own connection setup, embedded migrations and integrity check
//! (`sqlite.rs`, `postgres.rs`); the queries are shared text, run on
//! whichever pool is open, so the two cannot drift apart in what a client
//! sees. Queries are checked at run time (`query_as` + `FromRow`), so the
//! crate builds without a database.

/// Runs `$body` with `$pool` bound to the open pool, whichever backend it is.
/// The same statement text serves both: placeholders are `$1`, `$2`, … which
/// SQLite and PostgreSQL both read.
macro_rules! on_pool {
    ($db:expr, |$pool:ident| $body:expr) => {
        match &$db.pool {
            $crate::store::Pool::Sqlite($pool) => $body,
            $crate::store::Pool::Postgres($pool) => $body,
        }
    };
}

mod check;
mod copy;
mod error;
mod known_users;
mod location;
mod log_heads;
mod log_pages;
mod log_stats;
mod logs;
mod postgres;
mod prompts;
mod sqlite;
#[cfg(test)]
pub(crate) mod testing;
mod users;
mod writer;

use chrono::{DateTime, Utc};
use sqlx::{PgPool, SqlitePool};

pub use check::CheckReport;
pub use copy::{CopyReport, TableCopy, copy_all};
pub use error::StoreError;
pub use location::{BadLocation, DbLocation, PgUrl};
pub use log_heads::{HEAD_CHARS, LogHead};
pub use log_pages::PageCursor;
pub use users::{NewUser, User};

/// The open pool of one backend.
#[derive(Debug, Clone)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A handle to the database. Cheap to clone: clones share one pool.
#[derive(Debug, Clone)]
pub struct Db {
    pool: Pool,
    /// The group-commit writer new logs go through.
    writer: writer::Writer,
    /// Users lately found, so a token's check needs no query each time.
    known_users: known_users::KnownUsers,
}

impl Db {
    /// Opens the database at `location` and applies that backend's embedded
    /// migrations. A SQLite file is created (with its directories) if
    /// missing and opened with WAL, foreign keys and `synchronous=FULL`; a
    /// PostgreSQL database must exist, and its migrations run under an
    /// advisory lock, so servers starting together migrate it once.
    /// Either way a write that returned is committed durably.
    ///
    /// # Errors
    /// [`StoreError`] when the directory, the connection or the migrations fail.
    pub async fn connect(location: &DbLocation) -> Result<Self, StoreError> {
        let (pool, target) = match location {
            DbLocation::Sqlite(path) => (
                Pool::Sqlite(sqlite::open(path).await?),
                writer::Target::Sqlite(sqlite::options(path)),
            ),
            DbLocation::Postgres(url) => (
                Pool::Postgres(postgres::open(url).await?),
                writer::Target::Postgres(postgres::options(url)?),
            ),
        };
        let writer = writer::Writer::start(target).await?;
        Ok(Self {
            pool,
            writer,
            known_users: known_users::KnownUsers::default(),
        })
    }

    /// Opens the SQLite database file at `path` (see [`Db::connect`]).
    ///
    /// # Errors
    /// [`StoreError`] when the directory, the file or the migrations fail.
    pub async fn open(path: &std::path::Path) -> Result<Self, StoreError> {
        Self::connect(&DbLocation::Sqlite(path.to_path_buf())).await
    }

    /// The backend's name: `sqlite` or `postgres`.
    #[must_use]
    pub fn backend(&self) -> &'static str {
        match self.pool {
            Pool::Sqlite(_) => "sqlite",
            Pool::Postgres(_) => "postgres",
        }
    }

    /// Stops the writer, waits for the connections in use to be returned,
    /// then closes them all.
    pub async fn close(&self) {
        self.writer.stop().await;
        on_pool!(self, |pool| pool.close().await);
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

    /// A prompt "Report" of `owner` to hang test logs on.
    pub(crate) async fn report_prompt(db: &Db, owner: &str) -> crate::model::Prompt {
        let new = crate::model::NewPrompt {
            title: "Report".into(),
            content: "c".into(),
            model: "m".into(),
            tags: None,
        };
        db.insert_prompt(owner, &new).await.unwrap()
    }

    #[tokio::test]
    async fn sqlite_opens_creates_and_reopens_with_wal_and_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/dir/test.db");
        Db::open(&path).await.unwrap().close().await;
        let db = Db::open(&path).await.unwrap();
        let Pool::Sqlite(pool) = &db.pool else {
            panic!("a path opens SQLite")
        };
        let mode: (String,) = sqlx::query_as("PRAGMA journal_mode")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(mode.0, "wal");
        let fk: (i64,) = sqlx::query_as("PRAGMA foreign_keys")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(fk.0, 1);
    }

    #[tokio::test]
    async fn each_backend_checks_clean_at_the_binarys_schema() {
        for t in testing::each_backend().await {
            let ada = owner(&t.db, "ada@example.com").await;
            let p =
                t.db.insert_prompt(
                    &ada,
                    &crate::model::NewPrompt {
                        title: "t".into(),
                        content: "c".into(),
                        model: "m".into(),
                        tags: None,
                    },
                )
                .await
                .unwrap();
            assert_eq!(p.owner_id, ada);
            let report = t.db.check().await.unwrap();
            assert!(report.is_ok(), "{report:?}");
            assert_eq!(report.schema_version, 1, "{report:?}");
            assert_eq!(
                report.counts,
                vec![("users", 1), ("prompts", 1), ("logs", 0)],
                "{}",
                t.db.backend()
            );
        }
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
