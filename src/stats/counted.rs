//! The same [`PromptStats`] as [`prompt_stats`](super::prompt_stats), built
//! from what a database can answer without sending every log: how many logs
//! of each model carry each score, and the newest scored logs, newest first,
//! read only until every series is full. The server's stats endpoint uses
//! it, so its cost grows with the number of distinct (model, score) pairs
//! and [`SERIES_LIMIT`], not with the prompt's logs.

use std::collections::BTreeMap;

use super::{ModelStats, PromptStats, SERIES_LIMIT, ScorePoint, bin_of, by_mean};

/// How many logs of one model carry one score (`None`: unscored).
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreCount {
    /// The model (`modelUsed`).
    pub model: String,
    /// The score, or `None` for the unscored logs.
    pub score: Option<f64>,
    /// How many logs.
    pub count: usize,
}

/// A score and how many logs carry it.
type Counted = (f64, usize);

/// Collects the latest [`SERIES_LIMIT`] points of the prompt and of each
/// model from scored logs given newest first (by `createdAt`, then id).
#[derive(Debug)]
pub struct LatestPoints {
    /// Per model: the points so far (newest first) and how many it gets.
    models: BTreeMap<String, (Vec<ScorePoint>, usize)>,
    series: Vec<ScorePoint>,
    series_wanted: usize,
    /// Series (the prompt's included) that still want points.
    open: usize,
}

impl LatestPoints {
    /// Ready for the logs counted in `counts`.
    #[must_use]
    pub fn new(counts: &[ScoreCount]) -> Self {
        let mut scored: BTreeMap<String, usize> = BTreeMap::new();
        for c in counts.iter().filter(|c| c.score.is_some()) {
            *scored.entry(c.model.clone()).or_default() += c.count;
        }
        let series_wanted = scored.values().sum::<usize>().min(SERIES_LIMIT);
        let models: BTreeMap<String, (Vec<ScorePoint>, usize)> = scored
            .into_iter()
            .map(|(m, n)| (m, (Vec::new(), n.min(SERIES_LIMIT))))
            .collect();
        let open = models.len() + usize::from(series_wanted > 0);
        Self {
            models,
            series: Vec::new(),
            series_wanted,
            open,
        }
    }

    /// True when no more points are wanted: the caller stops reading.
    #[must_use]
    pub fn is_full(&self) -> bool {
        self.open == 0
    }

    /// Takes the next older scored log of `model`.
    pub fn push(&mut self, model: &str, point: ScorePoint) {
        if let Some((points, wanted)) = self.models.get_mut(model)
            && points.len() < *wanted
        {
            points.push(point.clone());
            self.open -= usize::from(points.len() == *wanted);
        }
        if self.series.len() < self.series_wanted {
            self.series.push(point);
            self.open -= usize::from(self.series.len() == self.series_wanted);
        }
    }
}

/// The statistics from the counts and the latest points; `best` and `worst`
/// are left for the caller to look up (the newest log with the highest and
/// the lowest score, see [`score_range`]).
#[must_use]
pub fn stats_from_counts(counts: &[ScoreCount], latest: LatestPoints) -> PromptStats {
    // Per model: (score, how many) of the scored logs, and the unscored.
    let mut by_model: BTreeMap<&str, (Vec<Counted>, usize)> = BTreeMap::new();
    for c in counts {
        let entry = by_model.entry(c.model.as_str()).or_default();
        match c.score {
            Some(s) => entry.0.push((s, c.count)),
            None => entry.1 += c.count,
        }
    }
    let mut trends = latest.models;
    let mut models: Vec<ModelStats> = by_model
        .into_iter()
        .map(|(model, (mut scores, unscored))| {
            scores.sort_by(|a, b| a.0.total_cmp(&b.0));
            let count = scores.iter().map(|(_, n)| n).sum();
            let mut trend = trends.remove(model).map(|(p, _)| p).unwrap_or_default();
            trend.reverse();
            ModelStats {
                model: model.to_owned(),
                count,
                unscored,
                // Counts are far below 2^52: the conversions are exact.
                mean: (count > 0)
                    .then(|| scores.iter().map(|(s, n)| s * *n as f64).sum::<f64>() / count as f64),
                median: counted_median(&scores, count),
                min: scores.first().map(|(s, _)| *s),
                max: scores.last().map(|(s, _)| *s),
                histogram: counted_histogram(&scores),
                trend,
            }
        })
        .collect();
    by_mean(&mut models);
    let mut series = latest.series;
    series.reverse();
    PromptStats {
        total: counts.iter().map(|c| c.count).sum(),
        unscored: counts
            .iter()
            .filter(|c| c.score.is_none())
            .map(|c| c.count)
            .sum(),
        models,
        series,
        best: None,
        worst: None,
    }
}

/// The lowest and the highest score counted, when any log is scored.
#[must_use]
pub fn score_range(counts: &[ScoreCount]) -> Option<(f64, f64)> {
    let mut scores = counts
        .iter()
        .filter(|c| c.count > 0)
        .filter_map(|c| c.score);
    let first = scores.next()?;
    Some(scores.fold((first, first), |(lo, hi), s| (lo.min(s), hi.max(s))))
}

/// The median of `count` values given as (value, how many), sorted.
fn counted_median(sorted: &[Counted], count: usize) -> Option<f64> {
    let nth = |k: usize| {
        let mut seen = 0;
        sorted.iter().find_map(|&(s, n)| {
            seen += n;
            (k < seen).then_some(s)
        })
    };
    match count {
        0 => None,
        _ if count % 2 == 1 => nth(count / 2),
        _ => Some(f64::midpoint(nth(count / 2 - 1)?, nth(count / 2)?)),
    }
}

fn counted_histogram(scores: &[Counted]) -> [usize; 11] {
    let mut bins = [0; 11];
    for &(s, n) in scores {
        bins[bin_of(s)] += n;
    }
    bins
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::model::Log;
    use crate::stats::{best_and_worst, prompt_stats};

    /// What a store answers for `logs`: the counts, and the scored logs
    /// newest first until the collector is full.
    fn counted(logs: &[Log]) -> PromptStats {
        let mut map: BTreeMap<(String, Option<i64>), usize> = BTreeMap::new();
        for l in logs {
            let key = (l.model_used.clone(), l.score.map(|s| s as i64));
            *map.entry(key).or_default() += 1;
        }
        let counts: Vec<ScoreCount> = map
            .into_iter()
            .map(|((model, score), count)| ScoreCount {
                model,
                score: score.map(|s| s as f64),
                count,
            })
            .collect();
        let mut newest: Vec<&Log> = logs.iter().filter(|l| l.score.is_some()).collect();
        newest.sort_by(|a, b| (&b.created_at, &b.id).cmp(&(&a.created_at, &a.id)));
        let mut latest = LatestPoints::new(&counts);
        for l in newest {
            if latest.is_full() {
                break;
            }
            let point = ScorePoint {
                created_at: l.created_at.clone(),
                score: l.score.unwrap(),
            };
            latest.push(&l.model_used, point);
        }
        let mut stats = stats_from_counts(&counts, latest);
        let (best, worst) = best_and_worst(logs);
        (stats.best, stats.worst) = (best.cloned(), worst.cloned());
        stats
    }

    fn logs_strategy() -> impl Strategy<Value = Vec<Log>> {
        let one = (0..4usize, prop::option::weighted(0.8, 0..=10i64), 0..400u32);
        prop::collection::vec(one, 0..400).prop_map(|rows| {
            rows.into_iter()
                .enumerate()
                .map(|(i, (m, score, t))| Log {
                    id: format!("log_{i:04}"),
                    prompt_id: "p".into(),
                    output: String::new(),
                    model_used: ["a", "b", "c", ""][m].into(),
                    notes: None,
                    score: score.map(|s| s as f64),
                    created_at: format!("2024-01-01T00:{:02}:{:02}Z", t / 60, t % 60),
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn counted_stats_equal_the_stats_of_every_log(logs in logs_strategy()) {
            prop_assert_eq!(counted(&logs), prompt_stats(&logs));
        }
    }

    #[test]
    fn the_collector_stops_once_every_series_is_full() {
        let counts = [
            ScoreCount {
                model: "a".into(),
                score: Some(5.0),
                count: 200,
            },
            ScoreCount {
                model: "b".into(),
                score: Some(7.0),
                count: 1,
            },
            ScoreCount {
                model: "b".into(),
                score: None,
                count: 9,
            },
        ];
        let mut latest = LatestPoints::new(&counts);
        let point = |s| ScorePoint {
            created_at: "t".into(),
            score: s,
        };
        latest.push("b", point(7.0));
        for _ in 0..SERIES_LIMIT - 1 {
            assert!(!latest.is_full());
            latest.push("a", point(5.0));
        }
        assert!(!latest.is_full(), "a still wants its 120th point");
        latest.push("a", point(5.0));
        assert!(latest.is_full());
        assert_eq!(score_range(&counts), Some((5.0, 7.0)));
        assert_eq!(score_range(&counts[2..]), None);
    }
}
