//! A prompt's exact statistics, computed in the database: one `GROUP BY`
//! for the counts, then the newest scored logs read off the
//! `logs_by_prompt` index only until every series is full, and the best and
//! worst log looked up by their score. No log's output crosses to us but
//! those two, so a prompt with 50,000 logs costs a few milliseconds.

use futures::TryStreamExt;

use super::logs::LogRow;
use super::{Db, StoreError};
use crate::model::Log;
use crate::stats::{
    LatestPoints, PromptStats, ScoreCount, ScorePoint, score_range, stats_from_counts,
};

#[derive(sqlx::FromRow)]
struct CountRow {
    model_used: String,
    score: Option<i64>,
    n: i64,
}

#[derive(sqlx::FromRow)]
struct PointRow {
    model_used: String,
    score: i64,
    created_at: String,
}

// Scores are stored as 0..=10 and counts are far below 2^52: the casts below
// are exact.
#[allow(clippy::cast_precision_loss, clippy::cast_sign_loss)]
impl Db {
    /// The [`PromptStats`] of the prompt's logs, equal to
    /// [`crate::stats::prompt_stats`] over all of them.
    ///
    /// # Errors
    /// [`StoreError`] when a query fails.
    pub async fn prompt_stats(&self, prompt_id: &str) -> Result<PromptStats, StoreError> {
        let rows = on_pool!(self, |pool| sqlx::query_as::<_, CountRow>(
            "SELECT model_used, score, COUNT(*) AS n FROM logs WHERE prompt_id = $1
             GROUP BY model_used, score",
        )
        .bind(prompt_id)
        .fetch_all(pool)
        .await)?;
        let counts: Vec<ScoreCount> = rows
            .into_iter()
            .map(|r| ScoreCount {
                model: r.model_used,
                score: r.score.map(|s| s as f64),
                count: r.n as usize,
            })
            .collect();
        let mut latest = LatestPoints::new(&counts);
        if !latest.is_full() {
            on_pool!(self, |pool| {
                let mut rows = sqlx::query_as::<_, PointRow>(
                    "SELECT model_used, score, created_at FROM logs
                     WHERE prompt_id = $1 AND score IS NOT NULL
                     ORDER BY created_at DESC, id DESC",
                )
                .bind(prompt_id)
                .fetch(pool);
                while let Some(row) = rows.try_next().await? {
                    let point = ScorePoint {
                        created_at: row.created_at,
                        score: row.score as f64,
                    };
                    latest.push(&row.model_used, point);
                    if latest.is_full() {
                        break;
                    }
                }
            });
        }
        let mut stats = stats_from_counts(&counts, latest);
        if let Some((lowest, highest)) = score_range(&counts) {
            stats.best = self.newest_with_score(prompt_id, highest as i64).await?;
            stats.worst = self.newest_with_score(prompt_id, lowest as i64).await?;
        }
        Ok(stats)
    }

    /// The newest log of the prompt with this score.
    async fn newest_with_score(
        &self,
        prompt_id: &str,
        score: i64,
    ) -> Result<Option<Log>, StoreError> {
        let row = on_pool!(self, |pool| sqlx::query_as::<_, LogRow>(
            "SELECT * FROM logs WHERE prompt_id = $1 AND score = $2
             ORDER BY created_at DESC, id DESC LIMIT 1",
        )
        .bind(prompt_id)
        .bind(score)
        .fetch_optional(pool)
        .await)?;
        Ok(row.map(Log::from))
    }
}

#[cfg(test)]
mod tests {
    use crate::model::NewLog;
    use crate::stats::prompt_stats;
    use crate::store::testing::each_backend;
    use crate::store::tests::{owner, report_prompt};

    #[tokio::test]
    async fn stats_in_the_database_equal_the_stats_of_every_log() {
        for t in each_backend().await {
            let db = &t.db;
            let ada = owner(db, "ada@example.com").await;
            let p = report_prompt(db, &ada).await;
            let empty = db.prompt_stats(&p.id).await.unwrap();
            assert_eq!(empty, prompt_stats(&[]), "{}", db.backend());
            // More than SERIES_LIMIT logs on one model, a model with one
            // log, unscored logs, and ties in score.
            for i in 0..300i64 {
                let model = match i % 7 {
                    0 => "b",
                    _ if i == 151 => "rare",
                    _ => "a",
                };
                let log = NewLog {
                    prompt_id: p.id.clone(),
                    output: format!("out {i}"),
                    model_used: model.into(),
                    notes: None,
                    score: (i % 5 != 0).then_some((i * 7) % 11),
                };
                db.insert_log(&ada, &log).await.unwrap().unwrap();
            }
            let mut all = db.logs_for_prompt(&p.id).await.unwrap();
            all.iter_mut().for_each(|l| l.output.clear());
            let mut expected = prompt_stats(&all);
            for slot in [&mut expected.best, &mut expected.worst] {
                let id = slot.as_ref().unwrap().id.clone();
                *slot = db.log_by_id(&id).await.unwrap();
            }
            let got = db.prompt_stats(&p.id).await.unwrap();
            assert_eq!(got, expected, "{}", db.backend());
            assert_eq!(got.total, 300);
            assert!(
                got.models
                    .iter()
                    .any(|m| m.model == "rare" && m.trend.len() == 1)
            );
        }
    }
}
