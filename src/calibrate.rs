//! Calibration: score some of your past outputs a second time, blind, and
//! see how well you agree with yourself. The pure parts: a seeded sample,
//! reading an answer, and the agreement report.

use rand::SeedableRng;
use rand::rngs::StdRng;
use serde::{Deserialize, Serialize};

use crate::model::Log;

/// One past output scored again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    /// The log shown.
    pub log_id: String,
    /// The prompt it answers.
    pub prompt_id: String,
    /// The model that produced it.
    pub model_used: String,
    /// The score first given.
    pub original: f64,
    /// The second score; `None` when skipped.
    pub second: Option<i64>,
}

/// How well the second scores agree with the first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// Outputs scored again.
    pub answered: usize,
    /// Outputs skipped.
    pub skipped: usize,
    /// Mean of |second - original| over the answered ones.
    pub mean_abs_diff: Option<f64>,
    /// Share (0..=1) of answered ones within ±1 of the original.
    pub within_one: Option<f64>,
}

/// Picks up to `n` of the scored `logs` with a generator seeded by `seed`:
/// the same logs and seed give the same picks in the same order.
#[must_use]
pub fn sample(logs: &[Log], n: usize, seed: u64) -> Vec<&Log> {
    let mut scored: Vec<&Log> = logs.iter().filter(|l| l.score.is_some()).collect();
    // The server's order is not promised: sort first so the seed alone decides.
    scored.sort_by(|a, b| a.id.cmp(&b.id));
    let mut rng = StdRng::seed_from_u64(seed);
    let amount = n.min(scored.len());
    rand::seq::index::sample(&mut rng, scored.len(), amount)
        .into_iter()
        .map(|i| scored[i])
        .collect()
}

/// A typed line that is neither a score 0-10 nor `s`; its text says so.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a score: type 0 to 10, or s to skip")]
pub struct NotAnAnswer(String);

/// What a typed line means: `Ok(Some(score))`, `Ok(None)` to skip (`s`), or
/// a reason to ask again.
///
/// # Errors
/// [`NotAnAnswer`] when the line is neither a score 0-10 nor `s`.
pub fn parse_answer(line: &str) -> Result<Option<i64>, NotAnAnswer> {
    let t = line.trim();
    if t.eq_ignore_ascii_case("s") {
        return Ok(None);
    }
    match t.parse::<i64>() {
        Ok(n) if (0..=10).contains(&n) => Ok(Some(n)),
        _ => Err(NotAnAnswer(crate::sanitize::excerpt(t, 20))),
    }
}

/// The agreement of the answered `answers` with their original scores.
#[must_use]
pub fn report(answers: &[Answer]) -> Report {
    let diffs: Vec<f64> = answers
        .iter()
        .filter_map(|a| a.second.map(|s| (s as f64 - a.original).abs()))
        .collect();
    let within = diffs.iter().filter(|d| **d <= 1.0).count();
    let n = diffs.len();
    Report {
        answered: n,
        skipped: answers.len() - n,
        mean_abs_diff: crate::stats::mean(&diffs),
        within_one: (n > 0).then(|| within as f64 / n as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(i: usize, score: Option<f64>) -> Log {
        Log {
            id: format!("log_{i:03}"),
            prompt_id: "p".into(),
            output: format!("output {i}"),
            model_used: "m".into(),
            notes: None,
            score,
            created_at: String::new(),
        }
    }

    fn answer(original: f64, second: Option<i64>) -> Answer {
        Answer {
            log_id: "l".into(),
            prompt_id: "p".into(),
            model_used: "m".into(),
            original,
            second,
        }
    }

    #[test]
    fn report_maths() {
        let answers = [
            answer(8.0, Some(8)),
            answer(9.5, Some(9)),
            answer(5.0, Some(8)),
            answer(7.0, None),
            answer(2.0, Some(1)),
        ];
        let r = report(&answers);
        assert_eq!((r.answered, r.skipped), (4, 1));
        assert_eq!(r.mean_abs_diff, Some((0.0 + 0.5 + 3.0 + 1.0) / 4.0));
        assert_eq!(r.within_one, Some(0.75));
        let none = report(&[answer(3.0, None)]);
        assert_eq!(
            (none.answered, none.mean_abs_diff, none.within_one),
            (0, None, None)
        );
    }

    #[test]
    fn seeded_sample_is_reproducible_and_ignores_unscored() {
        let mut logs: Vec<Log> = (0..30)
            .map(|i| log(i, (i % 3 != 0).then_some(5.0)))
            .collect();
        let a: Vec<String> = sample(&logs, 5, 42).iter().map(|l| l.id.clone()).collect();
        logs.reverse();
        let b: Vec<String> = sample(&logs, 5, 42).iter().map(|l| l.id.clone()).collect();
        assert_eq!(a, b, "same seed, same picks whatever the order");
        assert_eq!(a.len(), 5);
        assert!(sample(&logs, 5, 42).iter().all(|l| l.score.is_some()));
        let c: Vec<String> = sample(&logs, 5, 43).iter().map(|l| l.id.clone()).collect();
        assert_ne!(a, c);
        assert_eq!(sample(&logs, 100, 1).len(), 20);
        assert!(sample(&[], 3, 1).is_empty());
    }

    #[test]
    fn answers() {
        assert_eq!(parse_answer(" 7\n"), Ok(Some(7)));
        assert_eq!(parse_answer("S"), Ok(None));
        assert_eq!(parse_answer("0"), Ok(Some(0)));
        assert!(parse_answer("11").is_err());
        assert!(parse_answer("7.5").is_err());
        assert!(parse_answer("").is_err());
    }
}
