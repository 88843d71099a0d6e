//! How far a review has got, kept in `<data_dir>/reviews/<hash>.json` so
//! that a review picks up where it stopped, after a crash or a restart.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// What happened to one item of the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum Mark {
    /// Delivered: a log on the server.
    #[serde(rename_all = "camelCase")]
    Logged {
        /// The log's id on the server.
        log_id: String,
        /// The score given, if any.
        score: Option<i64>,
    },
    /// Not delivered yet: an entry in the outbox, retried in the background.
    #[serde(rename_all = "camelCase")]
    Queued {
        /// The outbox entry's id.
        entry_id: String,
        /// The score given, if any.
        score: Option<i64>,
    },
    /// Sent, its answer not back yet (never saved: the file claims only
    /// what the server or the outbox holds).
    Sending {
        /// The score given, if any.
        score: Option<i64>,
    },
    /// Passed over on purpose.
    Skipped,
}

impl Mark {
    /// The score given, for a scored item.
    #[must_use]
    pub fn score(&self) -> Option<i64> {
        match self {
            Self::Logged { score, .. } | Self::Queued { score, .. } | Self::Sending { score } => {
                *score
            }
            Self::Skipped => None,
        }
    }

    /// Whether the item was scored (logged, queued or on its way).
    #[must_use]
    pub fn is_scored(&self) -> bool {
        !matches!(self, Self::Skipped)
    }
}

/// The progress of one review queue, by item index.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The queue's content hash (see [`super::Queue::hash`]).
    pub hash: String,
    /// Each reviewed item's index and what became of it.
    pub items: BTreeMap<usize, Mark>,
    /// Notes typed for items not logged yet: their drafts.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<usize, String>,
    /// The prompt picked for items that name none (a resume uses it again).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt_id: Option<String>,
    /// Milliseconds spent on each item until it was scored or skipped.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub millis: BTreeMap<usize, u64>,
}

impl Progress {
    /// Where the progress of queue `hash` is kept.
    #[must_use]
    pub fn path(data_dir: &Path, hash: &str) -> PathBuf {
        data_dir
            .join("reviews")
            .join(format!("{}.json", crate::outbox::file_stem(hash)))
    }

    /// The saved progress of queue `hash`, or a fresh one.
    ///
    /// # Errors
    /// When the file exists but cannot be read or parsed.
    pub fn load(data_dir: &Path, hash: &str) -> io::Result<Self> {
        match crate::paths::read_optional(&Self::path(data_dir, hash))? {
            Some(text) => {
                let mut p: Self = serde_json::from_str(&text).map_err(io::Error::other)?;
                p.upgrade();
                Ok(p)
            }
            None => Ok(Self {
                hash: hash.to_owned(),
                ..Self::default()
            }),
        }
    }

    /// Saves atomically (a crash leaves the old or the new file, never half).
    ///
    /// # Errors
    /// Any I/O error.
    pub fn save(&self, data_dir: &Path) -> io::Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(io::Error::other)?;
        crate::paths::write_private(&Self::path(data_dir, &self.hash), &json)
    }

    /// Files written before outbox entries had their own mark kept them
    /// as logs with the entry's id: they are outbox entries.
    fn upgrade(&mut self) {
        for mark in self.items.values_mut() {
            if let Mark::Logged { log_id, score } = mark
                && crate::outbox::is_entry_id(log_id)
            {
                *mark = Mark::Queued {
                    entry_id: std::mem::take(log_id),
                    score: *score,
                };
            }
        }
    }

    /// Records item `index` as `mark` (its notes draft goes).
    pub fn mark(&mut self, index: usize, mark: Mark) {
        self.notes.remove(&index);
        self.items.insert(index, mark);
    }

    /// Records item `index` as logged on the server as `log_id`.
    pub fn mark_logged(&mut self, index: usize, log_id: impl Into<String>, score: Option<i64>) {
        let log_id = log_id.into();
        self.mark(index, Mark::Logged { log_id, score });
    }

    /// Records item `index` as skipped.
    pub fn mark_skipped(&mut self, index: usize) {
        self.items.insert(index, Mark::Skipped);
    }

    /// What became of item `index`, if it was reviewed.
    #[must_use]
    pub fn get(&self, index: usize) -> Option<&Mark> {
        self.items.get(&index)
    }

    /// The first item of a queue of `len` items not yet reviewed.
    #[must_use]
    pub fn first_unreviewed(&self, len: usize) -> Option<usize> {
        (0..len).find(|i| !self.items.contains_key(i))
    }

    /// Adds `spent` to the time spent on item `index`.
    pub fn add_time(&mut self, index: usize, spent: std::time::Duration) {
        let ms = u64::try_from(spent.as_millis()).unwrap_or(u64::MAX);
        let total = self.millis.entry(index).or_insert(0);
        *total = total.saturating_add(ms);
    }

    /// The median of the seconds spent per reviewed item, if any were timed.
    #[must_use]
    pub fn median_seconds(&self) -> Option<f64> {
        let mut times: Vec<u64> = self
            .items
            .keys()
            .filter_map(|i| self.millis.get(i).copied())
            .collect();
        if times.is_empty() {
            return None;
        }
        times.sort_unstable();
        let mid = times.len() / 2;
        let ms = if times.len().is_multiple_of(2) {
            (times[mid - 1] as f64 + times[mid] as f64) / 2.0
        } else {
            times[mid] as f64
        };
        Some(ms / 1000.0)
    }

    /// How many items were logged and how many skipped.
    #[must_use]
    pub fn counts(&self) -> (usize, usize) {
        let skipped = self.items.values().filter(|m| **m == Mark::Skipped).count();
        (self.items.len() - skipped, skipped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_and_resumes_after_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let hash = "ab".repeat(32);
        let mut p = Progress::load(dir.path(), &hash).unwrap();
        assert_eq!(p.first_unreviewed(3), Some(0));
        p.mark_logged(0, "log_1", Some(8));
        p.mark_skipped(1);
        p.save(dir.path()).unwrap();
        assert!(dir.path().join(format!("reviews/{hash}.json")).is_file());

        let again = Progress::load(dir.path(), &hash).unwrap();
        assert_eq!(again, p);
        assert_eq!(again.first_unreviewed(3), Some(2));
        assert_eq!(again.counts(), (1, 1));
        assert_eq!(
            again.get(0),
            Some(&Mark::Logged {
                log_id: "log_1".into(),
                score: Some(8)
            })
        );
        let mut done = again;
        done.mark_logged(2, "log_2", None);
        assert_eq!(done.first_unreviewed(3), None);
        // Another queue starts fresh.
        let other = Progress::load(dir.path(), &"cd".repeat(32)).unwrap();
        assert!(other.items.is_empty());
    }

    #[test]
    fn the_chosen_prompt_and_the_times_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = Progress::load(dir.path(), "h").unwrap();
        p.prompt_id = Some("prm_1".into());
        for (i, s) in [(0, 10), (1, 30), (2, 20), (3, 99)] {
            p.add_time(i, std::time::Duration::from_secs(s));
        }
        p.add_time(0, std::time::Duration::from_secs(5));
        p.mark_logged(0, "log_1", Some(8));
        p.mark_skipped(1);
        p.mark_logged(2, "log_2", Some(6));
        assert_eq!(p.median_seconds(), Some(20.0), "item 3 is not reviewed");
        p.save(dir.path()).unwrap();
        let again = Progress::load(dir.path(), "h").unwrap();
        assert_eq!(again.prompt_id.as_deref(), Some("prm_1"));
        assert_eq!(again.millis.get(&0), Some(&15_000));
        assert_eq!(again, p);
    }

    #[test]
    fn a_corrupt_file_is_an_error_not_a_reset() {
        let dir = tempfile::tempdir().unwrap();
        let path = Progress::path(dir.path(), "h");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "{").unwrap();
        assert!(Progress::load(dir.path(), "h").is_err());
    }
}
