//! Prompt queries.

use chrono::{DateTime, TimeDelta, Utc};

use super::{Db, StoreError, new_id, now, timestamp};
use crate::model::{NewPrompt, Prompt, PromptPatch};

/// A `prompts` row as stored: tags are JSON text.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct PromptRow {
    pub(super) id: String,
    pub(super) owner_id: String,
    pub(super) title: String,
    pub(super) content: String,
    pub(super) model: String,
    pub(super) tags: String,
    pub(super) created_at: String,
    pub(super) updated_at: String,
}

impl TryFrom<PromptRow> for Prompt {
    type Error = StoreError;

    fn try_from(row: PromptRow) -> Result<Self, StoreError> {
        let tags = serde_json::from_str(&row.tags).map_err(|e| StoreError::Corrupt {
            column: "prompts.tags",
            reason: e.to_string(),
        })?;
        Ok(Self {
            id: row.id,
            owner_id: row.owner_id,
            title: row.title,
            content: row.content,
            model: row.model,
            tags,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

fn tags_json(tags: &[String]) -> String {
    serde_json::to_string(tags).unwrap_or_else(|_| "[]".to_owned())
}

/// A time after `previous` (by at least a millisecond) and no earlier than
/// now, so that every change visibly bumps `updatedAt`.
fn later_than(previous: &str) -> String {
    let now = Utc::now();
    match DateTime::parse_from_rfc3339(previous) {
        Ok(p) => timestamp(now.max(p.with_timezone(&Utc) + TimeDelta::milliseconds(1))),
        Err(_) => timestamp(now),
    }
}

fn all(rows: Vec<PromptRow>) -> Result<Vec<Prompt>, StoreError> {
    rows.into_iter().map(Prompt::try_from).collect()
}

/// Whether `prompt` contains `needle` (already lower-cased) in its title,
/// content or one of its tags, ignoring case.
fn matches(prompt: &Prompt, needle: &str) -> bool {
    let hit = |s: &str| s.to_lowercase().contains(needle);
    hit(&prompt.title) || hit(&prompt.content) || prompt.tags.iter().any(|t| hit(t))
}

impl Db {
    /// Stores a new prompt owned by `owner_id`.
    ///
    /// # Errors
    /// [`StoreError`] when the insert fails.
    pub async fn insert_prompt(
        &self,
        owner_id: &str,
        new: &NewPrompt,
    ) -> Result<Prompt, StoreError> {
        let at = now();
        let row = on_pool!(self, |pool| {
            sqlx::query_as::<_, PromptRow>(
            "INSERT INTO prompts (id, owner_id, title, content, model, tags, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *",
        )
        .bind(new_id("prm"))
        .bind(owner_id)
        .bind(&new.title)
        .bind(&new.content)
        .bind(&new.model)
        .bind(tags_json(new.tags.as_deref().unwrap_or_default()))
        .bind(&at)
        .bind(&at)
        .fetch_one(pool).await
        })?;
        row.try_into()
    }

    /// The prompt with this id, whoever owns it.
    ///
    /// # Errors
    /// [`StoreError`] when the query fails.
    pub async fn prompt_by_id(&self, id: &str) -> Result<Option<Prompt>, StoreError> {
        let row = on_pool!(self, |pool| sqlx::query_as::<_, PromptRow>(
            "SELECT * FROM prompts WHERE id = $1"
        )
        .bind(id)
        .fetch_optional(pool)
        .await)?;
        row.map(Prompt::try_from).transpose()
    }

    /// The owner of the prompt with this id, if the prompt exists.
    ///
    /// # Errors
    /// [`StoreError`] when the query fails.
    pub async fn prompt_owner(&self, id: &str) -> Result<Option<String>, StoreError> {
        let row: Option<(String,)> = on_pool!(self, |pool| sqlx::query_as(
            "SELECT owner_id FROM prompts WHERE id = $1"
        )
        .bind(id)
        .fetch_optional(pool)
        .await)?;
        Ok(row.map(|(owner,)| owner))
    }

    /// Every prompt of `owner_id`, oldest first.
    ///
    /// # Errors
    /// [`StoreError`] when the query fails.
    pub async fn prompts_for_owner(&self, owner_id: &str) -> Result<Vec<Prompt>, StoreError> {
        let rows = on_pool!(self, |pool| sqlx::query_as::<_, PromptRow>(
            "SELECT * FROM prompts WHERE owner_id = $1 ORDER BY created_at, id",
        )
        .bind(owner_id)
        .fetch_all(pool)
        .await)?;
        all(rows)
    }

    /// Up to `limit` prompts of `owner_id` in the list's order (oldest
    /// first, by `created_at` then `id`), after the prompt `after` when
    /// given. Walks the `prompts_by_owner` index: a page costs its own size.
    ///
    /// # Errors
    /// [`StoreError`] when the query fails.
    pub async fn prompts_page(
        &self,
        owner_id: &str,
        limit: u32,
        after: Option<&super::PageCursor>,
    ) -> Result<Vec<Prompt>, StoreError> {
        let limit = i64::from(limit);
        let rows = match after {
            None => on_pool!(self, |pool| sqlx::query_as::<_, PromptRow>(
                "SELECT * FROM prompts WHERE owner_id = $1 ORDER BY created_at, id LIMIT $2",
            )
            .bind(owner_id)
            .bind(limit)
            .fetch_all(pool)
            .await)?,
            Some(c) => on_pool!(self, |pool| sqlx::query_as::<_, PromptRow>(
                "SELECT * FROM prompts WHERE owner_id = $1 AND (created_at, id) > ($2, $3)
                 ORDER BY created_at, id LIMIT $4",
            )
            .bind(owner_id)
            .bind(&c.created_at)
            .bind(&c.id)
            .bind(limit)
            .fetch_all(pool)
            .await)?,
        };
        all(rows)
    }

    /// The prompts of `owner_id` whose title, content or tags contain `q`,
    /// ignoring case (Unicode-aware, so the match is done here rather than
    /// with SQLite's ASCII-only `LIKE`), oldest first.
    ///
    /// # Errors
    /// [`StoreError`] when the query fails.
    pub async fn search_prompts(&self, owner_id: &str, q: &str) -> Result<Vec<Prompt>, StoreError> {
        let needle = q.to_lowercase();
        let mut prompts = self.prompts_for_owner(owner_id).await?;
        prompts.retain(|p| matches(p, &needle));
        Ok(prompts)
    }

    /// Applies `patch` to `current` (as last read) and returns the result,
    /// with `updatedAt` later than before; `None` if it vanished meanwhile.
    ///
    /// # Errors
    /// [`StoreError`] when the update fails.
    pub async fn update_prompt(
        &self,
        current: &Prompt,
        patch: &PromptPatch,
    ) -> Result<Option<Prompt>, StoreError> {
        let row = on_pool!(self, |pool| sqlx::query_as::<_, PromptRow>(
            "UPDATE prompts SET title = coalesce($1, title), content = coalesce($2, content),
                model = coalesce($3, model), tags = coalesce($4, tags), updated_at = $5
             WHERE id = $6 RETURNING *",
        )
        .bind(&patch.title)
        .bind(&patch.content)
        .bind(&patch.model)
        .bind(patch.tags.as_deref().map(tags_json))
        .bind(later_than(&current.updated_at))
        .bind(&current.id)
        .fetch_optional(pool)
        .await)?;
        row.map(Prompt::try_from).transpose()
    }

    /// Deletes a prompt and (by cascade) its logs; whether it existed.
    ///
    /// # Errors
    /// [`StoreError`] when the delete fails.
    pub async fn delete_prompt(&self, id: &str) -> Result<bool, StoreError> {
        let done = on_pool!(self, |pool| sqlx::query(
            "DELETE FROM prompts WHERE id = $1"
        )
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
    use crate::store::tests::owner;

    fn new_prompt(title: &str, tags: &[&str]) -> NewPrompt {
        NewPrompt {
            title: title.into(),
            content: "Summarise the report".into(),
            model: "GPT-4o".into(),
            tags: Some(tags.iter().map(|t| (*t).to_owned()).collect()),
        }
    }

    #[tokio::test]
    async fn insert_list_search_update_delete() {
        for t in each_backend().await {
            let db = &t.db;
            let ada = owner(db, "ada@example.com").await;
            let a = db
                .insert_prompt(&ada, &new_prompt("Straße report", &["Finance"]))
                .await
                .unwrap();
            let b = db
                .insert_prompt(&ada, &new_prompt("Poem", &["fun"]))
                .await
                .unwrap();
            assert!(a.id.starts_with("prm_"));
            let listed = db.prompts_for_owner(&ada).await.unwrap();
            assert_eq!(listed, vec![a.clone(), b.clone()]);
            assert_eq!(db.search_prompts(&ada, "STRASSE").await.unwrap(), vec![]);
            assert_eq!(
                db.search_prompts(&ada, "STRAßE").await.unwrap(),
                vec![a.clone()]
            );
            assert_eq!(
                db.search_prompts(&ada, "finance").await.unwrap(),
                vec![a.clone()]
            );
            assert_eq!(db.search_prompts(&ada, "summarise").await.unwrap().len(), 2);
            let patch = PromptPatch {
                title: Some("Poems".into()),
                ..PromptPatch::default()
            };
            let b2 = db.update_prompt(&b, &patch).await.unwrap().unwrap();
            assert_eq!(b2.title, "Poems");
            assert_eq!(b2.tags, vec!["fun".to_owned()]);
            assert!(
                b2.updated_at > b.updated_at,
                "{} > {}",
                b2.updated_at,
                b.updated_at
            );
            assert!(db.delete_prompt(&b.id).await.unwrap());
            assert!(!db.delete_prompt(&b.id).await.unwrap());
            assert_eq!(db.prompt_owner(&a.id).await.unwrap(), Some(ada));
        }
    }
}
