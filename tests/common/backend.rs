//! The server on either backend: SQLite in a temporary directory, or a fresh
//! database on the PostgreSQL server named by `PROMPTCRAFTER_TEST_PG_URL`
//! (which `.ci/run` starts, setting `PROMPTCRAFTER_REQUIRE_PG` so that a
//! missing server fails instead of skipping), and the macro that runs one
//! suite on both.

use std::net::SocketAddr;
use std::sync::Once;

use promptcrafter::server::{self, RunningServer, ServerConfig};
use promptcrafter::store::DbLocation;
use sqlx::Connection;

/// The admin URL of a PostgreSQL server the tests may create databases on.
pub const PG_URL_ENV: &str = "PROMPTCRAFTER_TEST_PG_URL";
/// When set (to anything but `0`), a missing PostgreSQL fails the tests.
pub const REQUIRE_PG_ENV: &str = "PROMPTCRAFTER_REQUIRE_PG";

/// Which database a test server runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in the server's temporary directory.
    Sqlite,
    /// A fresh database on the test PostgreSQL server.
    Postgres,
}

/// The admin URL of the test PostgreSQL server, or `None` after saying once
/// why the PostgreSQL cases are skipped; panics when they are required.
pub fn pg_admin_url() -> Option<String> {
    static SKIP: Once = Once::new();
    if let Ok(url) = std::env::var(PG_URL_ENV) {
        return Some(url);
    }
    let required = std::env::var(REQUIRE_PG_ENV).is_ok_and(|v| v != "0");
    assert!(!required, "{REQUIRE_PG_ENV} is set but {PG_URL_ENV} is not");
    SKIP.call_once(|| eprintln!("skipping the PostgreSQL cases: set {PG_URL_ENV} (.ci/run does)"));
    None
}

/// Creates an empty database on the test PostgreSQL server; its location.
pub async fn fresh_pg_database() -> Option<DbLocation> {
    let admin = pg_admin_url()?;
    let name = format!("pc_test_{}", uuid::Uuid::now_v7().simple());
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .expect("connect to the test PostgreSQL server");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create a test database");
    conn.close().await.expect("close");
    let mut url = url::Url::parse(&admin).expect("a URL");
    url.set_path(&name);
    Some(url.as_str().parse().expect("a postgres URL"))
}

/// A running server, the directory of its secret (and SQLite file), and its
/// database.
pub struct BackendServer {
    /// The running server.
    pub server: RunningServer,
    /// Holds the secret (and `data/db.sqlite` on SQLite); removed on drop.
    pub dir: tempfile::TempDir,
    /// Where its data is.
    pub db: DbLocation,
}

impl BackendServer {
    /// The API base URL.
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// Shuts the server down gracefully and starts a new one on the same data.
    pub async fn restart(self) -> BackendServer {
        self.server.shutdown().await.expect("clean shutdown");
        start(self.dir, self.db).await
    }
}

/// The server config over `db`, with the secret in `dir`.
pub fn config_on(dir: &std::path::Path, db: &DbLocation) -> ServerConfig {
    let mut config = super::config(dir);
    config.db = db.clone();
    config
}

/// A server on `backend` over fresh data; `None` when it is PostgreSQL and
/// no server is configured (see [`pg_admin_url`]).
pub async fn spawn_on(backend: Backend) -> Option<BackendServer> {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = match backend {
        Backend::Sqlite => DbLocation::Sqlite(dir.path().join("data/db.sqlite")),
        Backend::Postgres => fresh_pg_database().await?,
    };
    Some(start(dir, db).await)
}

async fn start(dir: tempfile::TempDir, db: DbLocation) -> BackendServer {
    let loopback: SocketAddr = "127.0.0.1:0".parse().expect("address");
    let server = server::start(config_on(dir.path(), &db), loopback)
        .await
        .expect("server starts");
    BackendServer { server, dir, db }
}

/// Runs each listed `async fn(Backend)` as two tests, `sqlite::NAME` and
/// `postgres::NAME`; the PostgreSQL one skips (saying why, once) when no
/// server is configured and none is required.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name($crate::common::backend::Backend::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if $crate::common::backend::pg_admin_url().is_some() {
                        super::$name($crate::common::backend::Backend::Postgres).await;
                    }
                }
            )*
        }
    };
}
