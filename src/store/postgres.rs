//! The PostgreSQL backend: how it is connected, its embedded migrations run
//! once under an advisory lock, and its integrity check.

use std::str::FromStr;

use sqlx::PgPool;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use super::{PgUrl, StoreError};

/// The PostgreSQL schema, embedded in the binary.
pub(super) static MIGRATOR: Migrator = sqlx::migrate!("src/store/migrations/postgres");

/// Connections in this process's pool (each `serve` process has its own).
const MAX_CONNECTIONS: u32 = 16;
/// The oldest server the schema and queries are tested against.
const MIN_SERVER_VERSION: u32 = 13;

/// How every connection to the database at `url` is opened (the pool's
/// and the group-commit writer's).
pub(super) fn options(url: &PgUrl) -> Result<PgConnectOptions, StoreError> {
    Ok(PgConnectOptions::from_str(url.expose())?.application_name("promptcrafter"))
}

/// Connects to the database at `url` and applies the migrations.
///
/// sqlx's migrator holds `pg_advisory_lock` (keyed by the database name)
/// from before it creates its bookkeeping table until the last migration is
/// committed, so servers starting together on a fresh database migrate it
/// exactly once; the others wait, then find nothing to do. Every statement
/// commits with PostgreSQL's default `synchronous_commit = on`: a write that
/// returned is in the server's WAL on disk.
pub(super) async fn open(url: &PgUrl) -> Result<PgPool, StoreError> {
    let pool = PgPoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        .connect_with(options(url)?)
        .await?;
    let version = pool
        .acquire()
        .await?
        .server_version_num()
        .map_or(0, |v| v / 10_000);
    if version < MIN_SERVER_VERSION {
        return Err(StoreError::Unsupported(format!(
            "PostgreSQL {version} is too old: {MIN_SERVER_VERSION} or later is needed"
        )));
    }
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

/// What PostgreSQL can say about our tables without extensions: indexes
/// left invalid (e.g. by an interrupted build) and constraints never
/// validated. Rows are checked by the shared orphan queries. Empty when sound.
pub(super) async fn integrity(pool: &PgPool) -> Result<Vec<String>, StoreError> {
    let invalid: Vec<(String,)> = sqlx::query_as(
        "SELECT c.relname::TEXT FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         JOIN pg_class t ON t.oid = i.indrelid
         WHERE t.relname IN ('users', 'prompts', 'logs')
           AND t.relnamespace = current_schema()::regnamespace
           AND NOT (i.indisvalid AND i.indisready)",
    )
    .fetch_all(pool)
    .await?;
    let unvalidated: Vec<(String,)> = sqlx::query_as(
        "SELECT conname::TEXT FROM pg_constraint
         WHERE conrelid IN ('users'::regclass, 'prompts'::regclass, 'logs'::regclass)
           AND NOT convalidated",
    )
    .fetch_all(pool)
    .await?;
    let invalid = invalid
        .into_iter()
        .map(|(name,)| format!("index {name} is invalid"));
    let unvalidated = unvalidated
        .into_iter()
        .map(|(name,)| format!("constraint {name} is not validated"));
    Ok(invalid.chain(unvalidated).collect())
}
