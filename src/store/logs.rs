//! Log queries. A log belongs to whoever owns its prompt.

use super::{Db, StoreError};
use crate::model::{Log, LogPatch, NewLog};

/// A `logs` row as stored.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct LogRow {
    pub(super) id: String,
    pub(super) prompt_id: String,
    pub(super) output: String,
    pub(super) model_used: String,
    pub(super) notes: Option<String>,
    pub(super) score: Option<i64>,
    pub(super) created_at: String,
}

impl From<LogRow> for Log {
    fn from(row: LogRow) -> Self {
        Self {
            id: row.id,
            prompt_id: row.prompt_id,
            output: row.output,
            model_used: row.model_used,
            notes: row.notes,
            // Scores are stored as 0..=10, exactly representable as f64.
            score: row.score.map(|s| s as f64),
            created_at: row.created_at,
        }
    }
}

impl Db {
    /// Stores a new log against a prompt of `owner_id`, in one statement;
    /// `None` when the prompt does not exist or belongs to someone else.
    /// It goes through the group-commit writer, and has been committed when
    /// this returns.
    ///
    /// # Errors
    /// [`StoreError`] when the insert fails.
    pub async fn insert_log(
        &self,
        owner_id: &str,
        new: &NewLog,
    ) -> Result<Option<Log>, StoreError> {
        self.writer.insert(owner_id, new).await
    }

    /// Every log of every prompt of `owner_id`, oldest first.
    ///
    /// # Errors
    /// [`StoreError`] when the query fails.
    pub async fn logs_for_owner(&self, owner_id: &str) -> Result<Vec<Log>, StoreError> {
        let rows = on_pool!(self, |pool| sqlx::query_as::<_, LogRow>(
            "SELECT l.* FROM logs l JOIN prompts p ON p.id = l.prompt_id
             WHERE p.owner_id = $1 ORDER BY l.created_at, l.id",
        )
        .bind(owner_id)
        .fetch_all(pool)
        .await)?;
        Ok(rows.into_iter().map(Log::from).collect())
    }

    /// The logs of one prompt, oldest first.
    ///
    /// # Errors
    /// [`StoreError`] when the query fails.
    pub async fn logs_for_prompt(&self, prompt_id: &str) -> Result<Vec<Log>, StoreError> {
        let rows = on_pool!(self, |pool| sqlx::query_as::<_, LogRow>(
            "SELECT * FROM logs WHERE prompt_id = $1 ORDER BY created_at, id",
        )
        .bind(prompt_id)
        .fetch_all(pool)
        .await)?;
        Ok(rows.into_iter().map(Log::from).collect())
    }

    /// The owner (of the prompt) of the log with this id, if the log exists.
    ///
    /// # Errors
    /// [`StoreError`] when the query fails.
    pub async fn log_owner(&self, id: &str) -> Result<Option<String>, StoreError> {
        let row: Option<(String,)> = on_pool!(self, |pool| {
            sqlx::query_as(
            "SELECT p.owner_id FROM logs l JOIN prompts p ON p.id = l.prompt_id WHERE l.id = $1",
        )
        .bind(id)
        .fetch_optional(pool).await
        })?;
        Ok(row.map(|(owner,)| owner))
    }

    /// Changes the score and notes that `patch` carries of the log `id`, if
    /// it belongs to a prompt of `owner_id`, in one statement; its id, output,
    /// model and creation time stay. `None` when there is no such log of theirs.
    ///
    /// # Errors
    /// [`StoreError`] when the update fails.
    pub async fn update_log(
        &self,
        owner_id: &str,
        id: &str,
        patch: &LogPatch,
    ) -> Result<Option<Log>, StoreError> {
        let row = on_pool!(self, |pool| sqlx::query_as::<_, LogRow>(
            "UPDATE logs SET score = COALESCE($1, score), notes = COALESCE($2, notes)
             WHERE id = $3 AND prompt_id IN (SELECT p.id FROM prompts p WHERE p.owner_id = $4)
             RETURNING *",
        )
        .bind(patch.score)
        .bind(&patch.notes)
        .bind(id)
        .bind(owner_id)
        .fetch_optional(pool)
        .await)?;
        Ok(row.map(Log::from))
    }

    /// Deletes a log; whether it existed.
    ///
    /// # Errors
    /// [`StoreError`] when the delete fails.
    pub async fn delete_log(&self, id: &str) -> Result<bool, StoreError> {
        let done = on_pool!(self, |pool| sqlx::query("DELETE FROM logs WHERE id = $1")
            .bind(id)
            .execute(pool)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(done > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::each_backend;
    use crate::store::tests::{owner, report_prompt};

    fn new_log(prompt_id: &str, score: Option<i64>) -> NewLog {
        NewLog {
            prompt_id: prompt_id.into(),
            output: "out".into(),
            model_used: "GPT-4o".into(),
            notes: None,
            score,
        }
    }

    #[tokio::test]
    async fn logs_follow_their_prompt() {
        for t in each_backend().await {
            let db = &t.db;
            let ada = owner(db, "ada@example.com").await;
            let bob = owner(db, "bob@example.com").await;
            let p = report_prompt(db, &ada).await;
            assert_eq!(
                db.insert_log(&bob, &new_log(&p.id, None)).await.unwrap(),
                None
            );
            assert_eq!(
                db.insert_log(&ada, &new_log("prm_none", None))
                    .await
                    .unwrap(),
                None
            );
            let first = db
                .insert_log(&ada, &new_log(&p.id, Some(9)))
                .await
                .unwrap()
                .unwrap();
            let second = db
                .insert_log(&ada, &new_log(&p.id, None))
                .await
                .unwrap()
                .unwrap();
            assert!(first.id.starts_with("log_"));
            assert_eq!(first.score, Some(9.0));
            assert_eq!(second.notes, None);
            assert_eq!(
                db.logs_for_owner(&ada).await.unwrap(),
                vec![first.clone(), second.clone()]
            );
            assert_eq!(db.logs_for_owner(&bob).await.unwrap(), vec![]);
            assert_eq!(db.log_owner(&first.id).await.unwrap(), Some(ada.clone()));
            let patch = LogPatch {
                score: Some(4),
                notes: None,
            };
            assert_eq!(db.update_log(&bob, &first.id, &patch).await.unwrap(), None);
            let fixed = db
                .update_log(&ada, &first.id, &patch)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                (fixed.score, &fixed.created_at),
                (Some(4.0), &first.created_at)
            );
            let notes = LogPatch {
                score: None,
                notes: Some("n".into()),
            };
            let noted = db
                .update_log(&ada, &first.id, &notes)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                (noted.score, noted.notes.as_deref()),
                (Some(4.0), Some("n"))
            );
            assert!(db.delete_log(&first.id).await.unwrap());
            assert_eq!(db.logs_for_prompt(&p.id).await.unwrap(), vec![second]);
            assert!(db.delete_prompt(&p.id).await.unwrap());
            assert_eq!(db.logs_for_prompt(&p.id).await.unwrap(), vec![]);
        }
    }
}
