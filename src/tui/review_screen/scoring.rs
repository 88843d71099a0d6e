//! Scoring on the review screen: an item becomes a log (sent at once,
//! the screen moving on), a skip, an undo; the progress snapshot written
//! after each; the tally.

use super::session::{Phase, Review};
use crate::model::{NewLog, Problems};
use crate::review_queue::Mark;
use crate::tui::components::status_bar::Level;
use crate::tui::error::{Reported, TuiError};
use crate::tui::message::Cmd;

/// The id a scored item is known by: its log's, its outbox entry's, or
/// "(sending)" while its answer is on its way.
#[must_use]
pub fn shown_id(mark: &Mark) -> Option<&str> {
    match mark {
        Mark::Logged { log_id, .. } => Some(log_id),
        Mark::Queued { entry_id, .. } => Some(entry_id),
        Mark::Sending { .. } => Some("(sending)"),
        Mark::Skipped => None,
    }
}

/// Why the item on screen cannot be logged.
#[derive(Debug, thiserror::Error)]
pub enum NotLoggable {
    /// Past the last item.
    #[error("Nothing left to log.")]
    NothingLeft,
    /// No prompt named or picked.
    #[error("This item has no prompt yet.")]
    NoPrompt,
    /// The log breaks the API's rules.
    #[error("{0}")]
    Invalid(Problems),
}

impl Review {
    /// The log the item on screen would become with `score`, or why not.
    fn new_log(&self, score: Option<i64>) -> Result<NewLog, NotLoggable> {
        let item = self.items.get(self.index).ok_or(NotLoggable::NothingLeft)?;
        let prompt = self.prompt_of(self.index).ok_or(NotLoggable::NoPrompt)?;
        let model = item
            .model
            .clone()
            .filter(|m| !m.trim().is_empty())
            .unwrap_or_else(|| prompt.model().to_owned());
        let notes = self.notes.lines().join("\n");
        let log = NewLog {
            prompt_id: prompt.id().to_owned(),
            output: item.output.clone(),
            model_used: model,
            notes: (!notes.trim().is_empty()).then_some(notes),
            score,
        };
        log.validate().map_err(NotLoggable::Invalid)?;
        Ok(log)
    }

    /// Logs the item on screen with `score` and moves on at once; the
    /// submission finishes in the background.
    pub fn log_current(&mut self, score: Option<i64>) -> Vec<Cmd> {
        if self.index >= self.items.len() {
            return Vec::new();
        }
        if let Some(id) = self.progress.get(self.index).and_then(shown_id) {
            let text = format!("Already logged as {id} (u undoes the last score).");
            self.say(Level::Info, text);
            return Vec::new();
        }
        if self.is_loading() {
            self.say(Level::Info, "Still loading the prompts and logs\u{2026}");
            return Vec::new();
        }
        if self.prompt_of(self.index).is_none() {
            self.open_picker();
            return Vec::new();
        }
        let log = match self.new_log(score) {
            Ok(log) => log,
            Err(e) => {
                self.say(Level::Error, format!("Not logged: {e}"));
                return Vec::new();
            }
        };
        let index = self.index;
        if let Some(found) = crate::review_queue::is_duplicate(
            self.logs.loaded().map_or(&[], Vec::as_slice),
            &log.prompt_id,
            &log.model_used,
            &log.output,
        ) {
            // Delivered before (a run that ended before its answer): keep that one.
            let id = found.id.clone();
            let found_score = found.score.map(|s| s.round() as i64);
            self.progress.mark_logged(index, id.clone(), found_score);
            self.history.push(index);
            self.say(
                Level::Info,
                format!(
                    "Item {} was already on the server as {id}: not sent again.",
                    index + 1
                ),
            );
            self.go_to(index + 1);
            return vec![self.save()];
        }
        self.record_time(index);
        self.progress.mark(index, Mark::Sending { score });
        self.history.push(index);
        self.in_flight.push((index, log.clone()));
        self.go_to(index + 1);
        vec![Cmd::Submit(log)]
    }

    pub(super) fn skip(&mut self) -> Vec<Cmd> {
        if self.index >= self.items.len() {
            return Vec::new();
        }
        if self.progress.get(self.index).is_some() {
            self.go_to(self.index + 1);
            return Vec::new();
        }
        self.record_time(self.index);
        self.progress.mark_skipped(self.index);
        self.go_to(self.index + 1);
        vec![self.save()]
    }

    /// Adds the time since arriving at item `index` to its recorded time.
    fn record_time(&mut self, index: usize) {
        self.progress.add_time(index, self.item_since.elapsed());
        self.item_since = tokio::time::Instant::now();
    }

    /// A command writing the progress, without scores still on their way
    /// (the file never claims a log the server has not confirmed).
    pub(super) fn save(&self) -> Cmd {
        let mut snapshot = self.progress.clone();
        for (i, _) in &self.in_flight {
            snapshot.items.remove(i);
        }
        Cmd::SaveProgress(snapshot)
    }

    /// After the runner tried to write the progress.
    pub fn on_progress_saved(&mut self, result: std::io::Result<()>) {
        if let Err(e) = result {
            self.report(&TuiError::SaveProgress(e));
        }
    }

    pub(super) fn undo(&mut self) -> Vec<Cmd> {
        let Some(&index) = self.history.last() else {
            self.say(Level::Info, "Nothing to undo.");
            return Vec::new();
        };
        if self.in_flight.iter().any(|(i, _)| *i == index) {
            self.say(
                Level::Info,
                "That score is still being sent: undo again in a moment.",
            );
            return Vec::new();
        }
        let log_id = match self.progress.get(index).cloned() {
            Some(Mark::Logged { log_id, .. }) => log_id,
            Some(Mark::Queued { entry_id, .. }) => {
                self.forget(index);
                self.say(
                    Level::Success,
                    format!(
                        "Undone: item {} taken out of the outbox, never sent.",
                        index + 1
                    ),
                );
                return vec![Cmd::DiscardOutbox(entry_id), self.save()];
            }
            _ => {
                self.history.pop();
                return Vec::new();
            }
        };
        let prompt_id = self.prompt_id_of(index).unwrap_or_default().to_owned();
        self.phase = Phase::ConfirmUndo {
            index,
            log_id,
            prompt_id,
        };
        Vec::new()
    }

    pub(super) fn confirm_undo(&mut self) -> Vec<Cmd> {
        let Phase::ConfirmUndo {
            log_id, prompt_id, ..
        } = std::mem::replace(&mut self.phase, Phase::Reviewing)
        else {
            return Vec::new();
        };
        self.say(Level::Info, format!("Deleting {log_id}\u{2026}"));
        vec![Cmd::DeleteLog { log_id, prompt_id }]
    }

    /// Unmarks item `index` and goes back to it.
    pub(super) fn forget(&mut self, index: usize) {
        self.progress.items.remove(&index);
        self.history.retain(|i| *i != index);
        self.go_to(index);
    }

    /// Scored, skipped, and the mean score of the scored ones.
    #[must_use]
    pub fn tally(&self) -> (usize, usize, Option<f64>) {
        let (logged, skipped) = self.progress.counts();
        let scores: Vec<i64> = self
            .progress
            .items
            .values()
            .filter_map(Mark::score)
            .collect();
        let mean =
            (!scores.is_empty()).then(|| scores.iter().sum::<i64>() as f64 / scores.len() as f64);
        (logged, skipped, mean)
    }
}
