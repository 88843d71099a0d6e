//! Statistics of a prompt's logs: per model count, mean, median, min and
//! max of the scores, the distribution of rounded scores and the latest
//! scores over time; the prompt's latest scores for a sparkline; the best
//! and worst log. Pure functions over [`Log`]s, shared by the CLI, the TUI
//! and the server's stats endpoint (which sends them as JSON).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::Log;

mod counted;

pub use counted::{LatestPoints, ScoreCount, score_range, stats_from_counts};

/// How many points a trend or series keeps: the latest ones, oldest first.
pub const SERIES_LIMIT: usize = 120;

/// The scores of one model's logs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelStats {
    /// The model (`modelUsed`; `""` when the logs name none).
    pub model: String,
    /// Scored logs.
    pub count: usize,
    /// Logs without a score (not in the numbers below).
    pub unscored: usize,
    /// Mean score, when any log is scored.
    pub mean: Option<f64>,
    /// Median score.
    pub median: Option<f64>,
    /// Lowest score.
    pub min: Option<f64>,
    /// Highest score.
    pub max: Option<f64>,
    /// Scored logs per score rounded to a whole number: `histogram[s]` for
    /// `s` in 0..=10.
    pub histogram: [usize; 11],
    /// This model's latest [`SERIES_LIMIT`] scores, oldest first (ties by id).
    pub trend: Vec<ScorePoint>,
}

/// One scored log on the time axis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScorePoint {
    /// RFC 3339 creation time of the log.
    pub created_at: String,
    /// Its score.
    pub score: f64,
}

/// Everything `stats` shows for one prompt's logs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PromptStats {
    /// All logs.
    pub total: usize,
    /// Logs without a score.
    pub unscored: usize,
    /// Per model, highest mean first; models with no score last.
    pub models: Vec<ModelStats>,
    /// The latest [`SERIES_LIMIT`] scores of every model, oldest first.
    pub series: Vec<ScorePoint>,
    /// The highest-scored log (the newest among equals).
    pub best: Option<Log>,
    /// The lowest-scored log (the newest among equals).
    pub worst: Option<Log>,
}

/// The median of `values` (any order); `None` when empty.
#[must_use]
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some(f64::midpoint(v[n / 2 - 1], v[n / 2])),
    }
}

/// The mean of `values`; `None` when empty.
#[must_use]
pub fn mean(values: &[f64]) -> Option<f64> {
    // Counts of logs are far below 2^52: the conversion is exact.
    let n = values.len() as f64;
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / n)
}

/// Scored logs per rounded score, 0..=10 (scores outside are clamped).
#[must_use]
pub fn histogram(scores: &[f64]) -> [usize; 11] {
    let mut bins = [0; 11];
    for &s in scores {
        bins[bin_of(s)] += 1;
    }
    bins
}

/// The histogram bin of a score: rounded, 0..=10.
fn bin_of(score: f64) -> usize {
    // Clamped to 0..=10 before the cast, so it cannot truncate or wrap.
    score.round().clamp(0.0, 10.0) as usize
}

/// Per-model statistics, highest mean first (ties by model name).
#[must_use]
pub fn model_stats(logs: &[Log]) -> Vec<ModelStats> {
    let mut by_model: BTreeMap<&str, (Vec<&Log>, usize)> = BTreeMap::new();
    for log in logs {
        let entry = by_model.entry(log.model_used.as_str()).or_default();
        match log.score {
            Some(_) => entry.0.push(log),
            None => entry.1 += 1,
        }
    }
    let mut out: Vec<ModelStats> = by_model
        .into_iter()
        .map(|(model, (scored, unscored))| {
            let scores: Vec<f64> = scored.iter().filter_map(|l| l.score).collect();
            ModelStats {
                model: model.to_owned(),
                count: scores.len(),
                unscored,
                mean: mean(&scores),
                median: median(&scores),
                min: scores.iter().copied().reduce(f64::min),
                max: scores.iter().copied().reduce(f64::max),
                histogram: histogram(&scores),
                trend: latest_points(scored),
            }
        })
        .collect();
    by_mean(&mut out);
    out
}

/// Sorts models highest mean first, models with no score last; a stable
/// sort, so models given in name order stay so among equal means.
fn by_mean(models: &mut [ModelStats]) {
    models.sort_by(|a, b| match (a.mean, b.mean) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
}

/// The scored logs' latest [`SERIES_LIMIT`] scores, oldest first (ties by id).
#[must_use]
pub fn series(logs: &[Log]) -> Vec<ScorePoint> {
    latest_points(logs.iter().filter(|l| l.score.is_some()).collect())
}

/// The latest [`SERIES_LIMIT`] of `scored` as points, oldest first.
fn latest_points(mut scored: Vec<&Log>) -> Vec<ScorePoint> {
    scored.sort_by(|a, b| (&a.created_at, &a.id).cmp(&(&b.created_at, &b.id)));
    let skip = scored.len().saturating_sub(SERIES_LIMIT);
    scored
        .into_iter()
        .skip(skip)
        .filter_map(|l| {
            l.score.map(|score| ScorePoint {
                created_at: l.created_at.clone(),
                score,
            })
        })
        .collect()
}

/// The highest- and lowest-scored logs; among equal scores the newest.
#[must_use]
pub fn best_and_worst(logs: &[Log]) -> (Option<&Log>, Option<&Log>) {
    let newer = |a: &Log, b: &Log| (&a.created_at, &a.id).cmp(&(&b.created_at, &b.id));
    let scored = || logs.iter().filter_map(|l| l.score.map(|s| (s, l)));
    let best = scored()
        .max_by(|(x, a), (y, b)| x.total_cmp(y).then_with(|| newer(a, b)))
        .map(|(_, l)| l);
    let worst = scored()
        .min_by(|(x, a), (y, b)| x.total_cmp(y).then_with(|| newer(b, a)))
        .map(|(_, l)| l);
    (best, worst)
}

/// All the statistics of one prompt's logs.
#[must_use]
pub fn prompt_stats(logs: &[Log]) -> PromptStats {
    let (best, worst) = best_and_worst(logs);
    PromptStats {
        total: logs.len(),
        unscored: logs.iter().filter(|l| l.score.is_none()).count(),
        models: model_stats(logs),
        series: series(logs),
        best: best.cloned(),
        worst: worst.cloned(),
    }
}

/// A one-line sparkline of scores on the 0..=10 scale, one bar per score.
#[must_use]
pub fn sparkline(points: &[ScorePoint]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    points
        .iter()
        .map(|p| {
            // Clamped to 0..=7 before the cast, so it cannot truncate or wrap.
            let i = (p.score / 10.0 * 7.0).round().clamp(0.0, 7.0) as usize;
            BARS[i]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(id: &str, model: &str, score: Option<f64>, at: &str) -> Log {
        Log {
            id: id.into(),
            prompt_id: "p".into(),
            output: format!("out {id}"),
            model_used: model.into(),
            notes: None,
            score,
            created_at: at.into(),
        }
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0]), Some(3.0));
        assert_eq!(median(&[9.0, 1.0, 5.0]), Some(5.0));
        assert_eq!(median(&[9.0, 1.0, 5.0, 6.0]), Some(5.5));
        assert_eq!(median(&[9.5, 10.0]), Some(9.75));
        assert_eq!(mean(&[9.5, 8.0, 7.0]), Some(24.5 / 3.0));
        assert_eq!(mean(&[]), None);
    }

    #[test]
    fn per_model_numbers_and_order() {
        let logs = [
            log("1", "a", Some(9.5), "2024-01-01T00:00:01Z"),
            log("2", "a", Some(7.0), "2024-01-01T00:00:02Z"),
            log("3", "a", None, "2024-01-01T00:00:03Z"),
            log("4", "b", Some(10.0), "2024-01-01T00:00:04Z"),
            log("5", "b", Some(9.0), "2024-01-01T00:00:05Z"),
            log("6", "c", None, "2024-01-01T00:00:06Z"),
        ];
        let s = prompt_stats(&logs);
        assert_eq!(s.total, 6);
        assert_eq!(s.unscored, 2);
        let names: Vec<&str> = s.models.iter().map(|m| m.model.as_str()).collect();
        assert_eq!(names, ["b", "a", "c"]);
        let a = &s.models[1];
        assert_eq!((a.count, a.unscored), (2, 1));
        assert_eq!(a.mean, Some(8.25));
        assert_eq!(a.median, Some(8.25));
        assert_eq!((a.min, a.max), (Some(7.0), Some(9.5)));
        let c = &s.models[2];
        assert_eq!((c.count, c.unscored, c.mean, c.min), (0, 1, None, None));
        let scores: Vec<f64> = s.series.iter().map(|p| p.score).collect();
        assert_eq!(scores, [9.5, 7.0, 10.0, 9.0]);
        assert_eq!(s.best.unwrap().id, "4");
        assert_eq!(s.worst.unwrap().id, "2");
        assert_eq!(sparkline(&s.series), "█▆█▇");
        assert_eq!(a.histogram, [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1]);
        let trend: Vec<f64> = a.trend.iter().map(|p| p.score).collect();
        assert_eq!(trend, [9.5, 7.0]);
        assert_eq!(c.histogram, [0; 11]);
        assert!(c.trend.is_empty());
    }

    #[test]
    fn series_and_trend_keep_the_latest_points() {
        let logs: Vec<Log> = (0..SERIES_LIMIT + 5)
            .map(|i| {
                let at = format!("2024-01-01T00:{:02}:{:02}Z", i / 60, i % 60);
                log(&format!("{i:04}"), "a", Some((i % 11) as f64), &at)
            })
            .collect();
        let s = prompt_stats(&logs);
        assert_eq!(s.series.len(), SERIES_LIMIT);
        assert_eq!(s.series[0].created_at, logs[5].created_at);
        assert_eq!(s.models[0].trend, s.series);
        assert_eq!(s.models[0].histogram.iter().sum::<usize>(), logs.len());
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<PromptStats>(&json).unwrap(), s);
    }

    #[test]
    fn ties_pick_the_newest() {
        let logs = [
            log("1", "a", Some(5.0), "2024-01-01T00:00:01Z"),
            log("2", "a", Some(5.0), "2024-01-01T00:00:02Z"),
        ];
        let (best, worst) = best_and_worst(&logs);
        assert_eq!(best.unwrap().id, "2");
        assert_eq!(worst.unwrap().id, "2");
        assert_eq!(best_and_worst(&[]), (None, None));
    }
}
