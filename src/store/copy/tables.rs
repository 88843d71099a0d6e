//! The three tables as `db migrate` moves them: raw rows (tags as stored
//! text, password hashes included), how each is inserted unless its id is
//! there already, and how each feeds the table checksum.

use sha2::{Digest, Sha256};
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{FromRow, Postgres, Sqlite, Transaction};

use crate::store::StoreError;
use crate::store::logs::LogRow;
use crate::store::prompts::PromptRow;
use crate::store::users::User;

/// An open transaction on either backend.
pub(super) enum Tx {
    /// On SQLite.
    Sqlite(Transaction<'static, Sqlite>),
    /// On PostgreSQL.
    Postgres(Transaction<'static, Postgres>),
}

impl Tx {
    /// Commits the transaction.
    pub(super) async fn commit(self) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(tx) => tx.commit().await?,
            Self::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }
}

/// Runs `$body` with `$conn` bound to the transaction's connection.
macro_rules! on_tx {
    ($tx:expr, |$conn:ident| $body:expr) => {
        match $tx {
            Tx::Sqlite(tx) => {
                let $conn = &mut **tx;
                $body
            }
            Tx::Postgres(tx) => {
                let $conn = &mut **tx;
                $body
            }
        }
    };
}

/// A table that `db migrate` copies.
pub(super) trait Table:
    Sized + Send + Unpin + for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow>
{
    /// The table's name in both schemas.
    const NAME: &'static str;
    /// The row's primary key.
    fn id(&self) -> &str;
    /// Feeds every column, unambiguously, to `hash`.
    fn digest(&self, hash: &mut Sha256);
    /// Inserts the row unless its id exists; whether it was inserted.
    async fn insert(&self, tx: &mut Tx) -> Result<bool, StoreError>;
}

/// Feeds one column to `hash`: absent, or present with its length first.
fn column(hash: &mut Sha256, value: Option<&str>) {
    match value {
        None => hash.update([0]),
        Some(v) => {
            hash.update([1]);
            hash.update((v.len() as u64).to_le_bytes());
            hash.update(v.as_bytes());
        }
    }
}

impl Table for User {
    const NAME: &'static str = "users";

    fn id(&self) -> &str {
        &self.id
    }

    fn digest(&self, hash: &mut Sha256) {
        for v in [
            &self.id,
            &self.name,
            &self.email,
            &self.password_hash,
            &self.created_at,
        ] {
            column(hash, Some(v));
        }
    }

    async fn insert(&self, tx: &mut Tx) -> Result<bool, StoreError> {
        let done = on_tx!(tx, |conn| sqlx::query(
            "INSERT INTO users (id, name, email, password_hash, created_at)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING"
        )
        .bind(&self.id)
        .bind(&self.name)
        .bind(&self.email)
        .bind(&self.password_hash)
        .bind(&self.created_at)
        .execute(conn)
        .await
        .map(|d| d.rows_affected()))?;
        Ok(done > 0)
    }
}

impl Table for PromptRow {
    const NAME: &'static str = "prompts";

    fn id(&self) -> &str {
        &self.id
    }

    fn digest(&self, hash: &mut Sha256) {
        for v in [
            &self.id,
            &self.owner_id,
            &self.title,
            &self.content,
            &self.model,
            &self.tags,
            &self.created_at,
            &self.updated_at,
        ] {
            column(hash, Some(v));
        }
    }

    async fn insert(&self, tx: &mut Tx) -> Result<bool, StoreError> {
        let done = on_tx!(tx, |conn| {
            sqlx::query(
            "INSERT INTO prompts (id, owner_id, title, content, model, tags, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING"
        )
        .bind(&self.id)
        .bind(&self.owner_id)
        .bind(&self.title)
        .bind(&self.content)
        .bind(&self.model)
        .bind(&self.tags)
        .bind(&self.created_at)
        .bind(&self.updated_at)
        .execute(conn)
        .await
        .map(|d| d.rows_affected())
        })?;
        Ok(done > 0)
    }
}

impl Table for LogRow {
    const NAME: &'static str = "logs";

    fn id(&self) -> &str {
        &self.id
    }

    fn digest(&self, hash: &mut Sha256) {
        for v in [&self.id, &self.prompt_id, &self.output, &self.model_used] {
            column(hash, Some(v));
        }
        column(hash, self.notes.as_deref());
        column(hash, self.score.map(|s| s.to_string()).as_deref());
        column(hash, Some(&self.created_at));
    }

    async fn insert(&self, tx: &mut Tx) -> Result<bool, StoreError> {
        let done = on_tx!(tx, |conn| sqlx::query(
            "INSERT INTO logs (id, prompt_id, output, model_used, notes, score, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING"
        )
        .bind(&self.id)
        .bind(&self.prompt_id)
        .bind(&self.output)
        .bind(&self.model_used)
        .bind(&self.notes)
        .bind(self.score)
        .bind(&self.created_at)
        .execute(conn)
        .await
        .map(|d| d.rows_affected()))?;
        Ok(done > 0)
    }
}
