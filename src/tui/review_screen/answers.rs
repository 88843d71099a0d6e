//! What the API's answers do to a review: submissions acknowledged or
//! queued, undo deletions, outbox deliveries.

use std::time::Duration;

use tokio::time::Instant;

use crate::client::ApiError;
use crate::model::NewLog;
use crate::outbox::{Entry, OutboxError, Outcome, SubmitResult};
use crate::review_queue::Mark;
use crate::tui::components::status_bar::Level;
use crate::tui::error::{Reported, TuiError};
use crate::tui::message::{ApiEvent, Cmd};
use crate::tui::remote::Remote;

use super::session::{Phase, Review};

impl Review {
    pub(super) fn on_api(&mut self, event: ApiEvent) -> Vec<Cmd> {
        match event {
            ApiEvent::Prompts(Ok(prompts)) => {
                self.list.set_prompts(prompts);
                self.prompts = Remote::Loaded(());
                self.resolve_prompts();
                if self.phase == Phase::Reviewing {
                    self.arrive();
                }
            }
            ApiEvent::Prompts(Err(e)) => {
                tracing::error!("cannot load the prompts: {e}");
                self.say(Level::Error, format!("Cannot load the prompts: {e}"));
                self.prompts = Remote::Failed(e);
            }
            ApiEvent::AllLogs(Ok(logs)) => self.logs = Remote::Loaded(logs),
            ApiEvent::AllLogs(Err(e)) => {
                self.report(&TuiError::LoadLogs(e.clone()));
                self.logs = Remote::Failed(e);
            }
            ApiEvent::Submitted { log, result } => return self.on_submitted(&log, *result),
            ApiEvent::Deleted { log_id, result, .. } => return self.on_deleted(&log_id, result),
            ApiEvent::Flushed(result) => return self.on_flushed(result),
            // The review screen logs no prompt in, creates no prompt and
            // loads no single prompt's logs: it never sends those requests.
            ApiEvent::Logs { .. }
            | ApiEvent::PromptPage { .. }
            | ApiEvent::MoreLogs { .. }
            | ApiEvent::Stats { .. }
            | ApiEvent::PromptCreated(_)
            | ApiEvent::PromptUpdated(_)
            | ApiEvent::LogUpdated { .. }
            | ApiEvent::PromptDeleted { .. }
            | ApiEvent::LoggedIn(_) => {}
        }
        Vec::new()
    }

    fn on_submitted(&mut self, sent: &NewLog, result: SubmitResult) -> Vec<Cmd> {
        let Some(pos) = self.in_flight.iter().position(|(_, l)| l == sent) else {
            return Vec::new();
        };
        let (index, _) = self.in_flight.remove(pos);
        if self.quitting && self.in_flight.is_empty() {
            self.quit = true;
        }
        let score = sent.score;
        match result {
            SubmitResult::Logged(log) => {
                let s = score.map_or_else(|| "no score".to_owned(), |s| format!("score {s}"));
                self.say(
                    Level::Success,
                    format!("Item {} logged: {} \u{b7} {s}", index + 1, log.id),
                );
                if let Remote::Loaded(logs) = &mut self.logs {
                    logs.push(log.clone());
                }
                self.progress.mark_logged(index, log.id, score);
            }
            SubmitResult::Queued { entry, error } => {
                self.say(
                    Level::Error,
                    format!("Item {} not sent yet ({error}): kept in the outbox, retried in the background.", index + 1),
                );
                self.next_flush = Some(Instant::now() + Duration::from_secs(5));
                let entry_id = entry.id;
                self.progress.mark(index, Mark::Queued { entry_id, score });
            }
            SubmitResult::Rejected(e) => {
                self.refused(index, &e.to_string());
                return vec![self.save()];
            }
            SubmitResult::Unsaved { error, io } => {
                self.refused(
                    index,
                    &format!("{error}; the outbox could not keep it: {io}"),
                );
                return vec![self.save()];
            }
        }
        vec![self.save()]
    }

    fn refused(&mut self, index: usize, why: &str) {
        self.progress.items.remove(&index);
        self.history.retain(|i| *i != index);
        self.say(
            Level::Error,
            format!(
                "Item {} was NOT logged: {why}. p goes back to it.",
                index + 1
            ),
        );
    }

    fn on_deleted(&mut self, log_id: &str, result: Result<(), ApiError>) -> Vec<Cmd> {
        let index = self.progress.items.iter().find_map(|(i, m)| match m {
            Mark::Logged { log_id: id, .. } if id == log_id => Some(*i),
            _ => None,
        });
        match (result, index) {
            (Ok(()), Some(index)) => {
                if let Remote::Loaded(logs) = &mut self.logs {
                    logs.retain(|l| l.id != log_id);
                }
                self.forget(index);
                self.say(Level::Success, format!("Undone: {log_id} deleted."));
                vec![self.save()]
            }
            (Ok(()), None) => Vec::new(),
            (Err(source), _) => {
                let log_id = log_id.to_owned();
                self.report(&TuiError::Undo { log_id, source });
                Vec::new()
            }
        }
    }

    fn on_flushed(&mut self, result: Result<Vec<(Entry, Outcome)>, OutboxError>) -> Vec<Cmd> {
        let results = match result {
            Ok(results) => results,
            Err(e) => {
                self.report(&TuiError::Outbox(e));
                return Vec::new();
            }
        };
        let mut changed = false;
        for (entry, outcome) in results {
            match outcome {
                Outcome::Delivered(log) => {
                    let hit = self.progress.items.iter().find_map(|(i, m)| match m {
                        Mark::Queued { entry_id, score } if *entry_id == entry.id => {
                            Some((*i, *score))
                        }
                        _ => None,
                    });
                    if let Some((i, score)) = hit {
                        self.progress.mark_logged(i, log.id.clone(), score);
                        changed = true;
                    }
                    if let Remote::Loaded(logs) = &mut self.logs {
                        logs.push(log);
                    }
                }
                Outcome::Retry(_) => {
                    self.next_flush = Some(Instant::now() + Duration::from_secs(5));
                }
                Outcome::Rejected(_) => {}
            }
        }
        if changed {
            vec![self.save()]
        } else {
            Vec::new()
        }
    }
}
