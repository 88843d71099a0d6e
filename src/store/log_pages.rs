//! A prompt's logs at scale: one page at a time, newest first, walking the
//! `logs_by_prompt (prompt_id, created_at, id)` index, so a page costs its
//! own size whatever the prompt holds; and one log by its id.

use super::logs::LogRow;
use super::{Db, StoreError};
use crate::model::Log;

/// Where a page starts: strictly older than this log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageCursor {
    /// The `createdAt` of the last log of the page before.
    pub created_at: String,
    /// Its `_id`.
    pub id: String,
}

impl Db {
    /// Up to `limit` logs of the prompt, newest first (by `created_at`, then
    /// `id`), older than `before` when given.
    ///
    /// # Errors
    /// [`StoreError`] when the query fails.
    pub async fn logs_page(
        &self,
        prompt_id: &str,
        limit: u32,
        before: Option<&PageCursor>,
    ) -> Result<Vec<Log>, StoreError> {
        let limit = i64::from(limit);
        let rows = match before {
            None => on_pool!(self, |pool| sqlx::query_as::<_, LogRow>(
                "SELECT * FROM logs WHERE prompt_id = $1
                 ORDER BY created_at DESC, id DESC LIMIT $2",
            )
            .bind(prompt_id)
            .bind(limit)
            .fetch_all(pool)
            .await)?,
            Some(c) => on_pool!(self, |pool| sqlx::query_as::<_, LogRow>(
                "SELECT * FROM logs WHERE prompt_id = $1 AND (created_at, id) < ($2, $3)
                 ORDER BY created_at DESC, id DESC LIMIT $4",
            )
            .bind(prompt_id)
            .bind(&c.created_at)
            .bind(&c.id)
            .bind(limit)
            .fetch_all(pool)
            .await)?,
        };
        Ok(rows.into_iter().map(Log::from).collect())
    }

    /// The log with this id, whoever owns it.
    ///
    /// # Errors
    /// [`StoreError`] when the query fails.
    pub async fn log_by_id(&self, id: &str) -> Result<Option<Log>, StoreError> {
        let row = on_pool!(self, |pool| sqlx::query_as::<_, LogRow>(
            "SELECT * FROM logs WHERE id = $1"
        )
        .bind(id)
        .fetch_optional(pool)
        .await)?;
        Ok(row.map(Log::from))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NewLog;
    use crate::store::testing::each_backend;
    use crate::store::tests::{owner, report_prompt};

    #[tokio::test]
    async fn pages_walk_newest_first_to_the_end() {
        for t in each_backend().await {
            let db = &t.db;
            let ada = owner(db, "ada@example.com").await;
            let p = report_prompt(db, &ada).await;
            let mut made = Vec::new();
            for i in 0..7 {
                let log = NewLog {
                    prompt_id: p.id.clone(),
                    output: format!("out {i}"),
                    model_used: "m".into(),
                    notes: Some("n".into()),
                    score: Some(i),
                };
                made.push(db.insert_log(&ada, &log).await.unwrap().unwrap());
            }
            made.reverse();
            let mut seen = Vec::new();
            let mut before = None;
            loop {
                let page = db.logs_page(&p.id, 3, before.as_ref()).await.unwrap();
                assert!(page.len() <= 3);
                let Some(last) = page.last() else { break };
                before = Some(PageCursor {
                    created_at: last.created_at.clone(),
                    id: last.id.clone(),
                });
                seen.extend(page);
            }
            assert_eq!(seen, made, "{}", db.backend());
            assert_eq!(
                db.log_by_id(&made[0].id).await.unwrap().as_ref(),
                Some(&made[0])
            );
        }
    }
}
