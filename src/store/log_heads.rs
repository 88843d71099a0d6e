//! The newest logs of a prompt as the repeat look-up of `POST /logs` reads
//! them: id, `createdAt`, model and the output's beginning (one char more
//! than [`HEAD_CHARS`], which says whether the output goes on), in one row
//! of JSON. Neither the outputs' sizes nor the number of logs costs the
//! look-up: sqlx hands rows over one at a time (about 5 µs each here), and
//! whole outputs of 2 KiB made the newest 200 cost the request about 2 ms.
//! Nor is the length of each output asked for: counting the chars of 200
//! outputs of 2 KiB took the query from 0.09 to 0.24 ms (sqlite3's timer).

use serde::Deserialize;

use super::{Db, Pool, StoreError};

/// How much of each output the look-up reads first.
pub const HEAD_CHARS: i32 = 256;

/// One log as the look-up reads it (a JSON array, in this order).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LogHead {
    /// `_id`.
    pub id: String,
    /// `createdAt`.
    pub created_at: String,
    /// `modelUsed`.
    pub model_used: String,
    /// The output's first chars: all of it when [`LogHead::is_whole`].
    pub head: String,
}

impl LogHead {
    /// Whether `head` is the whole output (the query reads one char more
    /// than [`HEAD_CHARS`], so a longer head was cut).
    #[must_use]
    pub fn is_whole(&self) -> bool {
        self.head.chars().nth(HEAD_CHARS as usize).is_none()
    }
}

/// The newest `$4` logs of the prompt `$1` when it is owner `$2`'s, each
/// output cut to `$3` chars.
const NEWEST: &str = "SELECT l.id, l.created_at, l.model_used, substr(l.output, 1, $3) AS head
    FROM logs l JOIN prompts p ON p.id = l.prompt_id
    WHERE l.prompt_id = $1 AND p.owner_id = $2
    ORDER BY l.created_at DESC, l.id DESC LIMIT $4";

impl Db {
    /// Up to `limit` of the newest logs of the prompt `prompt_id`, as
    /// [`LogHead`]s, when it is `owner_id`'s (none when it is not); in no
    /// particular order.
    ///
    /// # Errors
    /// [`StoreError`] when the query fails.
    pub async fn newest_heads_owned(
        &self,
        owner_id: &str,
        prompt_id: &str,
        limit: u32,
    ) -> Result<Vec<LogHead>, StoreError> {
        let limit = i64::from(limit);
        // The same query on both backends, in each one's JSON aggregate.
        let sql = match &self.pool {
            Pool::Sqlite(_) => format!(
                "SELECT json_group_array(json_array(id, created_at, model_used, head))
                 FROM ({NEWEST})"
            ),
            Pool::Postgres(_) => format!(
                "SELECT coalesce(json_agg(json_build_array(id, created_at, model_used, head)), '[]')::text
                 FROM ({NEWEST}) t"
            ),
        };
        let json: String = on_pool!(self, |pool| sqlx::query_scalar(&sql)
            .bind(prompt_id)
            .bind(owner_id)
            .bind(HEAD_CHARS + 1)
            .bind(limit)
            .fetch_one(pool)
            .await)?;
        serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
            column: "logs.output",
            reason: e.to_string(),
        })
    }
}
