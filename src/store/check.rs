//! `db check`: the schema version, the row count of each table, and the
//! backend's integrity check plus the rows whose parent is missing.

use super::{Db, Pool, StoreError, postgres, sqlite};

/// The tables, parents first.
pub(super) const TABLES: [&str; 3] = ["users", "prompts", "logs"];

/// Rows whose parent row is missing: a query per child table.
const ORPHANS: [(&str, &str); 2] = [
    (
        "prompts whose owner is missing",
        "SELECT COUNT(*) FROM prompts p WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = p.owner_id)",
    ),
    (
        "logs whose prompt is missing",
        "SELECT COUNT(*) FROM logs l WHERE NOT EXISTS (SELECT 1 FROM prompts p WHERE p.id = l.prompt_id)",
    ),
];

/// What `db check` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    /// `sqlite` or `postgres`.
    pub backend: &'static str,
    /// The newest migration applied to the database.
    pub schema_version: i64,
    /// The newest migration this binary carries.
    pub binary_version: i64,
    /// Each table and its row count, parents first.
    pub counts: Vec<(&'static str, i64)>,
    /// Integrity problems, in words; empty when the database is sound.
    pub problems: Vec<String>,
}

impl CheckReport {
    /// Whether the database is sound and on this binary's schema.
    #[must_use]
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty() && self.schema_version == self.binary_version
    }
}

impl Db {
    /// Reads the schema version, counts each table's rows and runs the
    /// backend's integrity check.
    ///
    /// # Errors
    /// [`StoreError`] when a query fails.
    pub async fn check(&self) -> Result<CheckReport, StoreError> {
        let (schema_version,): (Option<i64>,) = on_pool!(self, |pool| sqlx::query_as(
            "SELECT MAX(version) FROM _sqlx_migrations WHERE success"
        )
        .fetch_one(pool)
        .await)?;
        let migrator = match self.pool {
            Pool::Sqlite(_) => &sqlite::MIGRATOR,
            Pool::Postgres(_) => &postgres::MIGRATOR,
        };
        let binary_version = migrator.iter().map(|m| m.version).max().unwrap_or(0);
        let mut counts = Vec::with_capacity(TABLES.len());
        for table in TABLES {
            counts.push((table, self.count(table).await?));
        }
        let mut problems = match &self.pool {
            Pool::Sqlite(pool) => sqlite::integrity(pool).await?,
            Pool::Postgres(pool) => postgres::integrity(pool).await?,
        };
        for (what, sql) in ORPHANS {
            let (n,): (i64,) = on_pool!(self, |pool| sqlx::query_as(sql).fetch_one(pool).await)?;
            if n > 0 {
                problems.push(format!("{n} {what}"));
            }
        }
        Ok(CheckReport {
            backend: self.backend(),
            schema_version: schema_version.unwrap_or(0),
            binary_version,
            counts,
            problems,
        })
    }

    /// The number of rows in `table` (one of [`TABLES`]).
    pub(super) async fn count(&self, table: &'static str) -> Result<i64, StoreError> {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        let (n,): (i64,) = on_pool!(self, |pool| sqlx::query_as(&sql).fetch_one(pool).await)?;
        Ok(n)
    }
}
