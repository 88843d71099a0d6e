//! The logs pane's state and keys: every prompt's loaded logs and exact
//! statistics, the highlight, the search, sort and filter keys, and which
//! page to ask for next (near the end of the rows, or every page while a
//! search, sort or filter needs them), one at a time per prompt.

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

use super::figures::{Exact, Figures};
use super::view::{self, View};
use super::{Paging, PromptLogs};
use crate::client::{ApiError, LogPage};
use crate::model::Log;
use crate::stats::PromptStats;
use crate::tui::action::Action;
use crate::tui::message::Cmd;
use crate::tui::remote::Remote;
use crate::tui::widgets::Window;

/// Every prompt's logs and statistics, and the pane showing the selected
/// prompt's.
#[derive(Debug, Default)]
pub struct LogsPane {
    /// Each prompt's logs, by prompt id.
    pub by_prompt: HashMap<String, Remote<PromptLogs>>,
    /// Each prompt's exact statistics, by prompt id.
    pub stats: HashMap<String, Remote<Exact>>,
    /// The highlighted row and the first row in view.
    pub window: Window,
    /// A log marked for a diff, to compare with the next one.
    pub diff_mark: Option<Log>,
    /// Whether keys type into the search.
    pub searching: bool,
}

impl LogsPane {
    /// The logs of `prompt_id`, when loaded.
    #[must_use]
    pub fn loaded(&self, prompt_id: &str) -> Option<&PromptLogs> {
        self.by_prompt.get(prompt_id)?.loaded()
    }

    fn loaded_mut(&mut self, prompt_id: &str) -> Option<&mut PromptLogs> {
        self.by_prompt.get_mut(prompt_id)?.loaded_mut()
    }

    /// The exact statistics of `prompt_id`, when loaded.
    #[must_use]
    pub fn exact(&self, prompt_id: &str) -> Option<&Exact> {
        self.stats.get(prompt_id)?.loaded()
    }

    /// The exact figures of `prompt_id`: the loaded logs' once every log is
    /// loaded, else the statistics', when they are here.
    #[must_use]
    pub fn figures(&self, prompt_id: &str) -> Option<&Figures> {
        match self.loaded(prompt_id) {
            Some(l) if l.paging.is_complete() => Some(l.figures()),
            _ => self.exact(prompt_id).map(|e| &e.figures),
        }
    }

    /// How many logs `prompt_id` has, exactly, when that is known.
    #[must_use]
    pub fn total(&self, prompt_id: &str) -> Option<usize> {
        self.figures(prompt_id).map(|f| f.total)
    }

    /// The models the `f` filter cycles through: every model of the
    /// prompt's logs (from the statistics), or of the loaded ones.
    #[must_use]
    pub fn filter_models(&self, prompt_id: &str) -> &[String] {
        match (self.exact(prompt_id), self.loaded(prompt_id)) {
            (Some(e), _) => &e.models,
            (None, Some(l)) => l.models(),
            (None, None) => &[],
        }
    }

    /// A prompt was opened: its newest page and its statistics are asked
    /// for, as two tasks, unless they are here or on their way.
    pub fn open(&mut self, prompt_id: &str) -> Vec<Cmd> {
        if self.by_prompt.contains_key(prompt_id) {
            return Vec::new();
        }
        self.by_prompt.insert(prompt_id.to_owned(), Remote::Loading);
        self.stats.insert(prompt_id.to_owned(), Remote::Loading);
        vec![
            Cmd::LoadLogs(prompt_id.to_owned()),
            Cmd::LoadStats(prompt_id.to_owned()),
        ]
    }

    /// A prompt is gone: its logs and statistics go too.
    pub fn forget(&mut self, prompt_id: &str) {
        self.by_prompt.remove(prompt_id);
        self.stats.remove(prompt_id);
    }

    /// The newest page of `prompt_id` arrived (or failed); a search, sort
    /// or filter already set stays.
    pub fn arrived(&mut self, prompt_id: String, result: Result<LogPage, ApiError>) {
        let view = self.loaded(&prompt_id).map(|l| l.view.clone());
        let state = match result {
            Ok(page) => {
                let mut l = PromptLogs::from_page(page);
                if let Some(v) = view {
                    l.set_view(v);
                }
                Remote::Loaded(l)
            }
            Err(e) => Remote::Failed(e),
        };
        self.by_prompt.insert(prompt_id, state);
    }

    /// The page after `before` of `prompt_id` arrived: it is added after
    /// the rows loaded (an answer nobody waits for any more is dropped).
    /// `shown` is the pane's area when it is the prompt shown: the
    /// highlight stays on the same log and the next page is asked for
    /// when needed. A failed page is `Err`, to report; the rows stay.
    ///
    /// # Errors
    /// The page's [`ApiError`], when the page was waited for.
    pub fn more_arrived(
        &mut self,
        prompt_id: &str,
        before: &str,
        result: Result<LogPage, ApiError>,
        shown: Option<Rect>,
    ) -> Result<Vec<Cmd>, ApiError> {
        let highlighted = shown
            .and_then(|_| self.selected_log(prompt_id))
            .map(|l| l.id.clone());
        let Some(logs) = self
            .loaded_mut(prompt_id)
            .filter(|l| l.paging.awaits(before))
        else {
            return Ok(Vec::new());
        };
        match result {
            Ok(page) => {
                logs.append(page);
                let Some(pane) = shown else {
                    return Ok(Vec::new());
                };
                if let Some(row) = highlighted.and_then(|id| logs.row_of_log(&id)) {
                    self.window.selected = row;
                }
                self.follow(prompt_id, pane);
                Ok(self.more(prompt_id, pane).into_iter().collect())
            }
            Err(error) => {
                logs.paging = Paging::Failed {
                    cursor: before.to_owned(),
                    error: error.clone(),
                };
                Err(error)
            }
        }
    }

    /// The statistics of `prompt_id` arrived (or failed); kept only while
    /// the prompt is (its logs asked for or here).
    pub fn stats_arrived(&mut self, prompt_id: String, result: Result<PromptStats, ApiError>) {
        if !self.by_prompt.contains_key(&prompt_id) {
            return;
        }
        let state = match result {
            Ok(stats) => Remote::Loaded(Exact::new(stats)),
            Err(e) => Remote::Failed(e),
        };
        self.stats.insert(prompt_id, state);
    }

    /// Keeps the statistics of `prompt_id` exact after one of its logs
    /// changed: with every log loaded, they are worked out here again;
    /// else the figures shown are adjusted with `adjust` and the statistics
    /// asked for again. (An answer still on its way may predate the change:
    /// a new request replaces it.)
    fn restat(&mut self, prompt_id: &str, adjust: impl FnOnce(&mut Figures)) -> Vec<Cmd> {
        let all = self
            .loaded(prompt_id)
            .filter(|l| l.paging.is_complete())
            .map(|l| crate::stats::prompt_stats(&l.logs));
        let Some(state) = self.stats.get_mut(prompt_id) else {
            return Vec::new();
        };
        let in_flight = state.is_loading();
        let ask = match all {
            Some(stats) => {
                *state = Remote::Loaded(Exact::new(stats));
                in_flight
            }
            None => {
                if let Remote::Loaded(e) = state {
                    adjust(&mut e.figures);
                }
                true
            }
        };
        if ask {
            vec![Cmd::LoadStats(prompt_id.to_owned())]
        } else {
            Vec::new()
        }
    }

    /// A log was just logged: it goes on top of its prompt's logs, and the
    /// prompt's figures count it.
    pub fn logged(&mut self, log: Log) -> Vec<Cmd> {
        let prompt_id = log.prompt_id.clone();
        let counted = log.clone();
        if let Some(logs) = self.loaded_mut(&prompt_id) {
            logs.push_newest(log);
        }
        self.restat(&prompt_id, |f| f.add(&counted))
    }

    /// The log `log_id` of `prompt_id` was deleted: it leaves the rows and
    /// the figures.
    pub fn deleted(&mut self, prompt_id: &str, log_id: &str) -> Vec<Cmd> {
        let removed = self.loaded_mut(prompt_id).and_then(|l| l.remove(log_id));
        // A log opened from the scoreboard (best, worst) may not be loaded.
        let known = removed.or_else(|| {
            let s = &self.exact(prompt_id)?.stats;
            [&s.best, &s.worst]
                .into_iter()
                .flatten()
                .find(|l| l.id == log_id)
                .cloned()
        });
        self.restat(prompt_id, |f| {
            if let Some(l) = &known {
                f.take(l);
            }
        })
    }

    /// `old` came back corrected as `log` (same id): it replaces the row,
    /// and the figures count its new score.
    pub fn corrected(&mut self, old: &Log, log: Log) -> Vec<Cmd> {
        let prompt_id = log.prompt_id.clone();
        let counted = log.clone();
        let was = self
            .loaded_mut(&prompt_id)
            .and_then(|l| l.replace(log))
            .unwrap_or_else(|| old.clone());
        self.restat(&prompt_id, |f| {
            f.take(&was);
            f.add(&counted);
        })
    }

    /// The highlighted log of `prompt_id`.
    #[must_use]
    pub fn selected_log(&self, prompt_id: &str) -> Option<&Log> {
        self.loaded(prompt_id)?.shown(self.window.selected)
    }

    /// Moves the highlight by `delta` and keeps it in view in `pane`; near
    /// the end of the rows loaded, asks for the next page.
    pub fn move_by(&mut self, prompt_id: &str, delta: isize, pane: Rect) -> Option<Cmd> {
        let n = self.loaded(prompt_id).map_or(0, PromptLogs::shown_len);
        self.window.move_by(delta, n);
        self.follow(prompt_id, pane);
        self.more(prompt_id, pane)
    }

    /// Keeps the highlight in view in `pane` (and within the logs).
    pub fn follow(&mut self, prompt_id: &str, pane: Rect) {
        let rows = self.rows_in_view(prompt_id, pane);
        let Some(logs) = self.loaded(prompt_id) else {
            return;
        };
        let len = logs.shown_len();
        self.window.follow(rows, len);
    }

    /// The next page of `prompt_id` (the prompt shown in `pane`), when it is
    /// needed and none is on its way: the highlight is within a screen of
    /// the end of the rows loaded, or a search, sort or filter needs every
    /// log. A page that failed is asked for again.
    pub fn more(&mut self, prompt_id: &str, pane: Rect) -> Option<Cmd> {
        let rows = self.rows_in_view(prompt_id, pane);
        let selected = self.window.selected;
        let logs = self.loaded_mut(prompt_id)?;
        let near_end = logs.shown_len().saturating_sub(selected + 1) <= rows;
        if !near_end && !logs.view.needs_all() {
            return None;
        }
        let before = logs.paging.start()?;
        Some(Cmd::LoadMoreLogs {
            prompt_id: prompt_id.to_owned(),
            before,
        })
    }

    /// The pane's own keys (`/`, `s`, `f`, and Enter/Esc while searching)
    /// on the logs of `prompt_id`, with the next page they need; `None`
    /// when the action is not one.
    pub fn act(&mut self, prompt_id: &str, action: Action, pane: Rect) -> Option<Vec<Cmd>> {
        let searching = self.searching;
        let mut v = self.loaded(prompt_id)?.view.clone();
        match action {
            Action::LogsSearch => self.searching = true,
            Action::LogsSort => v.sort = v.sort.next(),
            Action::LogsModel => {
                v.model = view::next_model(v.model.as_deref(), self.filter_models(prompt_id));
            }
            Action::Open if searching => self.searching = false,
            Action::Back if searching || v.narrows() => {
                self.searching = false;
                v.query.clear();
                v.model = None;
            }
            _ => return None,
        }
        Some(self.set_view(prompt_id, v, pane))
    }

    /// A key typed while searching: a character, or Backspace; with the
    /// next page the search needs.
    pub fn type_search(&mut self, prompt_id: &str, key: KeyEvent, pane: Rect) -> Vec<Cmd> {
        let Some(logs) = self.loaded(prompt_id) else {
            return Vec::new();
        };
        let mut v = logs.view.clone();
        match key.code {
            KeyCode::Char(c) => v.query.push(c),
            KeyCode::Backspace => {
                v.query.pop();
            }
            _ => return Vec::new(),
        }
        self.set_view(prompt_id, v, pane)
    }

    /// Shows the logs of `prompt_id` through `v`, from the top.
    fn set_view(&mut self, prompt_id: &str, v: View, pane: Rect) -> Vec<Cmd> {
        if let Some(logs) = self.loaded_mut(prompt_id) {
            logs.set_view(v);
        }
        self.window = Window::default();
        self.follow(prompt_id, pane);
        self.more(prompt_id, pane).into_iter().collect()
    }
}
