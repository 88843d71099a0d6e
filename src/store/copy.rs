//! `db migrate`: copies every table from one database to another with ids,
//! timestamps and password hashes unchanged, one transaction per batch,
//! skipping rows already there; then verifies each table by count and a
//! SHA-256 over its rows in id order.

mod tables;

use std::collections::HashSet;

use sha2::{Digest, Sha256};

use super::{Db, Pool, StoreError};
use tables::{Table, Tx};

/// Rows read, and written in one transaction, at a time.
const BATCH: i64 = 250;

/// What copying one table did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCopy {
    /// The table.
    pub table: &'static str,
    /// Rows in the source.
    pub rows: u64,
    /// Rows written to the destination by this run.
    pub copied: u64,
    /// Rows the destination already had (same id), left as they were.
    pub skipped: u64,
    /// SHA-256 (hex) over the source's rows in id order, matched by the
    /// destination's rows with those ids.
    pub checksum: String,
}

/// What `db migrate` did, table by table (parents first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyReport {
    /// One entry per table.
    pub tables: Vec<TableCopy>,
}

/// Copies users, prompts and logs from `from` to `to` (either backend to
/// either), then checks that the destination holds every source row
/// unchanged. Safe to run again: rows whose id is already in the
/// destination are skipped (and must then be identical to pass the check).
///
/// # Errors
/// [`StoreError::Mismatch`] when the verification fails; [`StoreError`] when
/// a read or a write fails (the batch being written is rolled back).
pub async fn copy_all(from: &Db, to: &Db) -> Result<CopyReport, StoreError> {
    let tables = vec![
        copy_table::<super::User>(from, to).await?,
        copy_table::<super::prompts::PromptRow>(from, to).await?,
        copy_table::<super::logs::LogRow>(from, to).await?,
    ];
    Ok(CopyReport { tables })
}

/// Copies one table batch by batch, then verifies it.
async fn copy_table<T: Table>(from: &Db, to: &Db) -> Result<TableCopy, StoreError> {
    let mut ids = HashSet::new();
    let mut hash = Sha256::new();
    let (mut copied, mut skipped) = (0, 0);
    let mut after = String::new();
    loop {
        let batch: Vec<T> = page(from, &after).await?;
        let Some(last) = batch.last() else { break };
        after = last.id().to_owned();
        let mut tx = begin(to).await?;
        for row in &batch {
            row.digest(&mut hash);
            ids.insert(row.id().to_owned());
            if row.insert(&mut tx).await? {
                copied += 1;
            } else {
                skipped += 1;
            }
        }
        tx.commit().await?;
    }
    let checksum = hex(hash.finalize().as_slice());
    let found = digest_of::<T>(to, &ids).await?;
    let rows = ids.len() as u64;
    if found.0 != rows || found.1 != checksum {
        return Err(StoreError::Mismatch {
            table: T::NAME,
            reason: format!(
                "the source has {rows} rows (SHA-256 {checksum}), the destination has {} of them \
                 (SHA-256 {}): a row with the same id differs",
                found.0, found.1
            ),
        });
    }
    Ok(TableCopy {
        table: T::NAME,
        rows,
        copied,
        skipped,
        checksum,
    })
}

/// The count and SHA-256 of the rows of `db` whose id is in `ids`, in id order.
async fn digest_of<T: Table>(db: &Db, ids: &HashSet<String>) -> Result<(u64, String), StoreError> {
    let mut hash = Sha256::new();
    let mut count = 0;
    let mut after = String::new();
    loop {
        let batch: Vec<T> = page(db, &after).await?;
        let Some(last) = batch.last() else { break };
        after = last.id().to_owned();
        for row in batch.iter().filter(|r| ids.contains(r.id())) {
            row.digest(&mut hash);
            count += 1;
        }
    }
    Ok((count, hex(hash.finalize().as_slice())))
}

/// Up to [`BATCH`] rows of `T` with ids after `after`, in id order.
async fn page<T: Table>(db: &Db, after: &str) -> Result<Vec<T>, StoreError> {
    let sql = format!(
        "SELECT * FROM {} WHERE id > $1 ORDER BY id LIMIT $2",
        T::NAME
    );
    let rows = on_pool!(db, |pool| sqlx::query_as::<_, T>(&sql)
        .bind(after)
        .bind(BATCH)
        .fetch_all(pool)
        .await)?;
    Ok(rows)
}

/// A transaction on `db`.
async fn begin(db: &Db) -> Result<Tx, StoreError> {
    Ok(match &db.pool {
        Pool::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
        Pool::Postgres(pool) => Tx::Postgres(pool.begin().await?),
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests;
