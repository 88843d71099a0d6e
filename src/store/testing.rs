//! Test databases of each backend: a SQLite file in a temporary directory,
//! and a fresh PostgreSQL database when `PROMPTCRAFTER_TEST_PG_URL` names a
//! server (`.ci/run` starts one and also sets `PROMPTCRAFTER_REQUIRE_PG`, so
//! CI cannot pass by skipping).

use std::sync::Once;

use sqlx::Connection;

use super::{Db, DbLocation};

/// The admin URL of a PostgreSQL server the tests may create databases on.
pub(crate) const PG_URL_ENV: &str = "PROMPTCRAFTER_TEST_PG_URL";
/// When set (to anything but `0`), a missing PostgreSQL fails the tests.
pub(crate) const REQUIRE_PG_ENV: &str = "PROMPTCRAFTER_REQUIRE_PG";

/// An open test database and what keeps its files alive.
pub(crate) struct TestDb {
    /// The database.
    pub(crate) db: Db,
    /// The SQLite file's directory (none for PostgreSQL).
    _dir: Option<tempfile::TempDir>,
}

/// A fresh SQLite database in a new temporary directory.
pub(crate) async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("nested/dir/test.db"))
        .await
        .unwrap();
    TestDb {
        db,
        _dir: Some(dir),
    }
}

/// A fresh PostgreSQL database, or `None` (said once) when no server is
/// configured and none is required.
pub(crate) async fn postgres() -> Option<TestDb> {
    let url = fresh_pg_database().await?;
    let db = Db::connect(&url).await.unwrap();
    Some(TestDb { db, _dir: None })
}

/// Every backend available: SQLite always, PostgreSQL when configured.
pub(crate) async fn each_backend() -> Vec<TestDb> {
    let mut all = vec![sqlite().await];
    all.extend(postgres().await);
    all
}

/// Creates an empty database on the configured server; its location.
pub(crate) async fn fresh_pg_database() -> Option<DbLocation> {
    static SKIP: Once = Once::new();
    let Ok(admin) = std::env::var(PG_URL_ENV) else {
        let required = std::env::var(REQUIRE_PG_ENV).is_ok_and(|v| v != "0");
        assert!(!required, "{REQUIRE_PG_ENV} is set but {PG_URL_ENV} is not");
        SKIP.call_once(|| {
            eprintln!("skipping the PostgreSQL cases: set {PG_URL_ENV} (.ci/run does)");
        });
        return None;
    };
    let name = format!("pc_test_{}", uuid::Uuid::now_v7().simple());
    let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let mut url = url::Url::parse(&admin).unwrap();
    url.set_path(&name);
    Some(url.as_str().parse().unwrap())
}
