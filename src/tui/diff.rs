//! A word diff of two logs of the same prompt, computed once when the
//! overlay opens (never while drawing).

use std::time::Duration;

use similar::{ChangeTag, TextDiff};

use crate::model::Log;

/// How long the diff may search before settling for a coarser answer
/// (1 MiB outputs must not freeze the screen).
const DIFF_TIMEOUT: Duration = Duration::from_millis(250);

/// What a run of words is, seen from the two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// In both.
    Same,
    /// Only in the left (marked) log.
    Left,
    /// Only in the right log.
    Right,
}

/// Two logs and their word diff.
#[derive(Debug, Clone, PartialEq)]
pub struct LogDiff {
    /// The log marked first.
    pub left: Log,
    /// The log picked second.
    pub right: Log,
    /// Runs of words in order, each with the side(s) it belongs to.
    pub runs: Vec<(Part, String)>,
    /// Scroll offset of both sides.
    pub scroll: u16,
}

impl LogDiff {
    /// Compares `left`'s output with `right`'s, word by word.
    #[must_use]
    pub fn new(left: Log, right: Log) -> Self {
        let runs = word_diff(&left.output, &right.output);
        Self {
            left,
            right,
            runs,
            scroll: 0,
        }
    }

    /// Words changed on each side (left only, right only).
    #[must_use]
    pub fn changed_words(&self) -> (usize, usize) {
        let count = |side| {
            self.runs
                .iter()
                .filter(|(p, _)| *p == side)
                .map(|(_, t)| t.split_whitespace().count())
                .sum()
        };
        (count(Part::Left), count(Part::Right))
    }
}

/// The word diff of `a` and `b` as runs: consecutive words of the same
/// kind are joined.
#[must_use]
pub fn word_diff(a: &str, b: &str) -> Vec<(Part, String)> {
    let diff = TextDiff::configure().timeout(DIFF_TIMEOUT).diff_words(a, b);
    let mut runs: Vec<(Part, String)> = Vec::new();
    for change in diff.iter_all_changes() {
        let part = match change.tag() {
            ChangeTag::Equal => Part::Same,
            ChangeTag::Delete => Part::Left,
            ChangeTag::Insert => Part::Right,
        };
        let text = change.value();
        match runs.last_mut() {
            Some((p, t)) if *p == part => t.push_str(text),
            _ => runs.push((part, text.to_owned())),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_kept_removed_and_added() {
        let runs = word_diff("revenue rose 12% online", "revenue fell 3% online");
        assert_eq!(runs[0], (Part::Same, "revenue ".to_owned()));
        let left: String = runs
            .iter()
            .filter(|(p, _)| *p != Part::Right)
            .map(|(_, t)| t.as_str())
            .collect();
        let right: String = runs
            .iter()
            .filter(|(p, _)| *p != Part::Left)
            .map(|(_, t)| t.as_str())
            .collect();
        assert_eq!(left, "revenue rose 12% online");
        assert_eq!(right, "revenue fell 3% online");
        assert!(runs.contains(&(Part::Left, "rose".to_owned())));
        assert!(runs.contains(&(Part::Right, "3%".to_owned())));
        assert!(
            word_diff("same", "same")
                .iter()
                .all(|(p, _)| *p == Part::Same)
        );
    }
}
