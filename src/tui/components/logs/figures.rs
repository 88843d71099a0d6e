//! The figures the logs pane shows of a prompt (how many logs, the mean
//! score, each model's mean and count), made once from the loaded logs or
//! from the server's exact statistics, and kept exact when a log is added,
//! deleted or corrected until the statistics come again.

use std::collections::BTreeMap;

use crate::model::Log;
use crate::stats::PromptStats;

/// A prompt's log count and scores per model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    /// How many logs (scored or not).
    pub total: usize,
    /// Per model with a score: the sum of the scores and how many.
    by_model: BTreeMap<String, (f64, usize)>,
}

impl Figures {
    /// The figures of `logs` (all of a prompt's logs).
    #[must_use]
    pub fn of_logs(logs: &[Log]) -> Self {
        let mut me = Self::default();
        for l in logs {
            me.add(l);
        }
        me
    }

    /// The figures of the server's exact statistics.
    #[must_use]
    pub fn of_stats(stats: &PromptStats) -> Self {
        // Counts of logs are far below 2^52: the conversions are exact.
        let by_model = stats
            .models
            .iter()
            .filter_map(|m| Some((m.model.clone(), (m.mean? * m.count as f64, m.count))))
            .filter(|(_, (_, n))| *n > 0)
            .collect();
        Self {
            total: stats.total,
            by_model,
        }
    }

    /// Counts `log` in.
    pub fn add(&mut self, log: &Log) {
        self.total += 1;
        if let Some(s) = log.score {
            let e = self.by_model.entry(log.model_used.clone()).or_default();
            *e = (e.0 + s, e.1 + 1);
        }
    }

    /// Counts `log` out (it was counted in).
    pub fn take(&mut self, log: &Log) {
        self.total = self.total.saturating_sub(1);
        let Some(s) = log.score else {
            return;
        };
        if let Some(e) = self.by_model.get_mut(&log.model_used) {
            *e = (e.0 - s, e.1.saturating_sub(1));
            if e.1 == 0 {
                self.by_model.remove(&log.model_used);
            }
        }
    }

    /// The mean of every scored log, if any.
    #[must_use]
    pub fn mean(&self) -> Option<f64> {
        let (sum, n) = self
            .by_model
            .values()
            .fold((0.0, 0usize), |(s, n), (ms, mn)| (s + ms, n + mn));
        (n > 0).then(|| sum / n as f64)
    }

    /// Each model with a score, by name: its mean and how many are scored.
    pub fn per_model(&self) -> impl Iterator<Item = (&str, f64, usize)> {
        self.by_model
            .iter()
            .map(|(m, (s, n))| (m.as_str(), s / *n as f64, *n))
    }
}

/// A prompt's exact statistics from the server, with the pane's figures
/// and the model filter's choices made from them when they arrived.
#[derive(Debug, Clone, PartialEq)]
pub struct Exact {
    /// The statistics as they came (the scoreboard draws them).
    pub stats: PromptStats,
    /// The pane's figures, adjusted for the logs added, deleted or
    /// corrected since the statistics came.
    pub figures: Figures,
    /// Every model of the prompt's logs, sorted (the `f` filter's choices).
    pub models: Vec<String>,
}

impl Exact {
    /// `stats` with what the pane shows of them.
    #[must_use]
    pub fn new(stats: PromptStats) -> Self {
        let mut models: Vec<String> = stats.models.iter().map(|m| m.model.clone()).collect();
        models.sort();
        Self {
            figures: Figures::of_stats(&stats),
            models,
            stats,
        }
    }
}
