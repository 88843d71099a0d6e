//! Where the server's data lives: serve's `--db` and shared-secret flags,
//! and `promptcrafter db migrate` / `db check`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::Failure;
use crate::paths::Paths;
use crate::sanitize;
use crate::server::SecretSource;
use crate::store::{CheckReport, CopyReport, Db, DbLocation};

/// The environment variable naming the server's database.
pub const DB_ENV: &str = "PROMPTCRAFTER_DB";
/// The environment variable holding the token signing secret itself.
pub const JWT_SECRET_ENV: &str = "PROMPTCRAFTER_JWT_SECRET";

/// `serve`'s database and signing-secret flags.
#[derive(Debug, Clone, Args)]
pub struct ServeDbArgs {
    /// The database: a SQLite file path or `sqlite:` URL (default: in the
    /// data directory), or `postgres://user@host/dbname` for a team server
    /// that several `serve` processes can share.
    #[arg(long, env = DB_ENV, value_name = "URL")]
    pub db: Option<DbLocation>,
    /// The token signing secret, read from this file (32 bytes or more), so
    /// that every server on one database accepts the others' tokens; or set
    /// PROMPTCRAFTER_JWT_SECRET to the secret itself. Default: a file made
    /// in the data directory.
    #[arg(long, value_name = "PATH")]
    pub jwt_secret_file: Option<PathBuf>,
}

impl ServeDbArgs {
    /// The database to open: the flag or `PROMPTCRAFTER_DB`, else the data
    /// directory's SQLite file.
    #[must_use]
    pub fn location(&self, paths: &Paths) -> DbLocation {
        self.db
            .clone()
            .unwrap_or_else(|| DbLocation::Sqlite(paths.db_file()))
    }

    /// Where the signing secret comes from: the flag, then
    /// `PROMPTCRAFTER_JWT_SECRET`, then the data directory's file. Warns on
    /// stderr when a PostgreSQL server would use a secret no other machine has.
    #[must_use]
    pub fn secret(&self, paths: &Paths) -> SecretSource {
        if let Some(file) = &self.jwt_secret_file {
            return SecretSource::File(file.clone());
        }
        if let Some(value) = std::env::var_os(JWT_SECRET_ENV) {
            return SecretSource::Value(value.into_encoded_bytes());
        }
        if matches!(self.db, Some(DbLocation::Postgres(_))) {
            eprintln!(
                "promptcrafter: warning: the signing secret is this machine's own file; \
                 give every server on this database the same --jwt-secret-file or \
                 {JWT_SECRET_ENV}, or their tokens will not work on each other"
            );
        }
        SecretSource::CreateFile(paths.secret_file())
    }
}

/// `promptcrafter db`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  promptcrafter db migrate --from sqlite:team.db --to postgres://pc@db/team\n  \
                  promptcrafter db check --db postgres://pc@db/team"
)]
pub struct DbArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: DbCommand,
}

/// `promptcrafter db <command>`.
#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Copy users (with password hashes), prompts and logs, ids and times
    /// unchanged, between databases (either way); skips rows already there,
    /// then verifies each table's count and checksum. Stop the servers first.
    #[command(
        after_help = "Example:\n  promptcrafter db migrate --from sqlite:team.db --to postgres://pc@db/team"
    )]
    Migrate {
        /// The database to copy from (a path, `sqlite:` or `postgres://` URL).
        #[arg(long, value_name = "URL")]
        from: DbLocation,
        /// The database to copy to (created and migrated if needed).
        #[arg(long, value_name = "URL")]
        to: DbLocation,
    },
    /// Report the schema version, the row counts and the backend's
    /// integrity check; exits non-zero when a problem is found.
    #[command(after_help = "Example:\n  promptcrafter db check --db postgres://pc@db/team")]
    Check {
        /// The database (default: PROMPTCRAFTER_DB, else the data directory's).
        #[arg(long, env = DB_ENV, value_name = "URL")]
        db: Option<DbLocation>,
    },
}

/// Runs a `db` command.
///
/// # Errors
/// A [`Failure`] when a database cannot be opened, a copy fails or does not
/// verify, or the check finds a problem.
pub async fn run(args: DbArgs, paths: &Paths) -> Result<(), Failure> {
    match args.command {
        DbCommand::Migrate { from, to } => migrate(&from, &to).await,
        DbCommand::Check { db } => {
            let location = db.unwrap_or_else(|| DbLocation::Sqlite(paths.db_file()));
            check(&location).await
        }
    }
}

async fn open(location: &DbLocation) -> Result<Db, Failure> {
    Db::connect(location)
        .await
        .map_err(|e| Failure::other(format!("{}: {e}", sanitize::line(&location.to_string()))))
}

async fn migrate(from: &DbLocation, to: &DbLocation) -> Result<(), Failure> {
    if from == to {
        return Err(Failure::usage("--from and --to name the same database"));
    }
    let source = open(from).await?;
    let dest = open(to).await?;
    let copied = crate::store::copy_all(&source, &dest).await;
    source.close().await;
    dest.close().await;
    let report = copied.map_err(|e| Failure::other(e.to_string()))?;
    print!("{}", copy_lines(&report));
    println!(
        "verified: every row of {} is in {}",
        sanitize::line(&from.to_string()),
        sanitize::line(&to.to_string())
    );
    Ok(())
}

/// One line per table: rows, copied, skipped, checksum.
fn copy_lines(report: &CopyReport) -> String {
    report
        .tables
        .iter()
        .map(|t| {
            format!(
                "{:<8} {:>8} rows  {:>8} copied  {:>8} already there  sha256 {}\n",
                t.table, t.rows, t.copied, t.skipped, t.checksum
            )
        })
        .collect()
}

async fn check(location: &DbLocation) -> Result<(), Failure> {
    let db = open(location).await?;
    let report = db.check().await;
    db.close().await;
    let report = report.map_err(|e| Failure::other(e.to_string()))?;
    println!("database: {}", sanitize::line(&location.to_string()));
    print!("{}", check_lines(&report));
    if report.is_ok() {
        Ok(())
    } else {
        Err(Failure::other("the database check found problems"))
    }
}

/// The report in lines: backend, schema, counts, then each problem or `ok`.
fn check_lines(report: &CheckReport) -> String {
    let mut out = format!(
        "backend: {}\nschema version: {} (this binary's: {})\n",
        report.backend, report.schema_version, report.binary_version
    );
    for (table, n) in &report.counts {
        out.push_str(&format!("{table}: {n} rows\n"));
    }
    if report.problems.is_empty() {
        out.push_str("integrity: ok\n");
    }
    for problem in &report.problems {
        out.push_str(&format!("integrity: {}\n", sanitize::line(problem)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_lines_name_each_table_and_problem() {
        let report = CheckReport {
            backend: "sqlite",
            schema_version: 1,
            binary_version: 1,
            counts: vec![("users", 2), ("prompts", 50), ("logs", 5000)],
            problems: vec!["3 logs whose prompt is missing".into()],
        };
        assert_eq!(
            check_lines(&report),
            "backend: sqlite\nschema version: 1 (this binary's: 1)\nusers: 2 rows\n\
             prompts: 50 rows\nlogs: 5000 rows\nintegrity: 3 logs whose prompt is missing\n"
        );
    }
}
