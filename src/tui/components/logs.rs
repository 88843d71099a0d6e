//! The logs pane: each prompt's logs, loaded page by page (the newest page
//! when the prompt opens, older pages as the highlight nears the end, or
//! all of them in the background while a search, sort or filter needs
//! them), with their row cells, figures and models made once when a page
//! arrives or a log changes (never per frame or per key); the prompt's
//! exact statistics from the server; the search, sort and model filter;
//! the highlighted row and the first row in view. This file holds one
//! prompt's loaded logs; `pane` every prompt's, with the pane's keys and
//! paging; `draw` the drawing.

pub mod draw;
pub mod figures;
pub mod paging;
pub mod pane;
pub mod rows;
pub mod view;

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashSet};

use self::figures::Figures;
pub use self::paging::{PAGE_SIZE, Paging};
pub use self::pane::LogsPane;
use self::rows::Row;
use self::view::View;
use crate::client::LogPage;
use crate::model::Log;

/// One prompt's logs loaded so far, newest first, with what is drawn of them.
#[derive(Debug, Clone, Default)]
pub struct PromptLogs {
    /// The logs, newest first.
    pub logs: Vec<Log>,
    /// One row per log, in the same order.
    rows: Vec<Row>,
    /// The ids of `logs`, so that no log is held twice.
    ids: HashSet<String>,
    /// The logs shown, as indices into `logs`, in the order shown.
    order: Vec<usize>,
    /// The search, sort and model filter.
    pub view: View,
    /// The figures of the loaded logs (exact once every log is loaded).
    figures: Figures,
    /// The models of the loaded logs, sorted.
    models: Vec<String>,
    /// Whether older logs follow, and whether they are on their way.
    pub paging: Paging,
}

/// Newest first: by creation time, then id (the server's page order).
fn newest_first(a: &Log, b: &Log) -> Ordering {
    b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id))
}

/// The row of `log`, its time in local time (UTC in unit tests, so that
/// snapshots do not depend on the machine's zone).
fn row_of(log: &Log) -> Row {
    #[cfg(test)]
    return Row::new(log, &chrono::Utc);
    #[cfg(not(test))]
    Row::new(log, &chrono::Local)
}

impl PromptLogs {
    /// Every log of a prompt (`logs`, any order), shown newest first with
    /// their rows in local time.
    #[must_use]
    pub fn new(logs: Vec<Log>) -> Self {
        #[cfg(test)]
        return Self::new_in(logs, &chrono::Utc);
        #[cfg(not(test))]
        Self::new_in(logs, &chrono::Local)
    }

    /// Every log of a prompt, with their times shown in `tz` (tests pin it).
    #[must_use]
    pub fn new_in<Tz: chrono::TimeZone>(mut logs: Vec<Log>, tz: &Tz) -> Self
    where
        Tz::Offset: std::fmt::Display,
    {
        logs.sort_by(newest_first);
        let mut ids = HashSet::with_capacity(logs.len());
        logs.retain(|l| ids.insert(l.id.clone()));
        let rows = logs.iter().map(|l| Row::new(l, tz)).collect();
        let mut me = Self {
            logs,
            rows,
            ids,
            ..Self::default()
        };
        me.recount();
        me
    }

    /// The newest page of a prompt's logs, and whether more follow.
    #[must_use]
    pub fn from_page(page: LogPage) -> Self {
        let paging = Paging::after(&page);
        let mut me = Self::new(page.logs);
        me.paging = paging;
        me
    }

    /// Adds the next, older page after the logs held (those held already
    /// are not added twice), newest first; returns how many were new.
    pub fn append(&mut self, page: LogPage) -> usize {
        self.paging = Paging::after(&page);
        let before = self.logs.len();
        for log in page.logs {
            if self.ids.insert(log.id.clone()) {
                self.rows.push(row_of(&log));
                self.logs.push(log);
            }
        }
        let sorted = self
            .logs
            .is_sorted_by(|a, b| newest_first(a, b) != Ordering::Greater);
        if !sorted {
            self.sort();
        }
        self.recount();
        self.logs.len() - before
    }

    fn sort(&mut self) {
        let logs = std::mem::take(&mut self.logs);
        let rows = std::mem::take(&mut self.rows);
        let mut both: Vec<(Log, Row)> = logs.into_iter().zip(rows).collect();
        both.sort_by(|a, b| newest_first(&a.0, &b.0));
        (self.logs, self.rows) = both.into_iter().unzip();
    }

    /// Puts a new log on top; `false` when it is held already.
    pub fn push_newest(&mut self, log: Log) -> bool {
        if !self.ids.insert(log.id.clone()) {
            return false;
        }
        self.rows.insert(0, row_of(&log));
        self.logs.insert(0, log);
        self.recount();
        true
    }

    /// Takes the log `id` out, and gives it back if it was held.
    pub fn remove(&mut self, id: &str) -> Option<Log> {
        let i = self.logs.iter().position(|l| l.id == id)?;
        self.ids.remove(id);
        self.rows.remove(i);
        let log = self.logs.remove(i);
        self.recount();
        Some(log)
    }

    /// Puts `log` in place of the held log with its id (a correction), and
    /// gives back the one it replaced.
    pub fn replace(&mut self, log: Log) -> Option<Log> {
        let i = self.logs.iter().position(|l| l.id == log.id)?;
        self.rows[i] = row_of(&log);
        let old = std::mem::replace(&mut self.logs[i], log);
        self.recount();
        Some(old)
    }

    /// The log shown at row `i`.
    #[must_use]
    pub fn shown(&self, i: usize) -> Option<&Log> {
        self.logs.get(*self.order.get(i)?)
    }

    /// How many logs are shown (after the search and filter).
    #[must_use]
    pub fn shown_len(&self) -> usize {
        self.order.len()
    }

    /// The row at which the log `id` is shown, if it is.
    #[must_use]
    pub fn row_of_log(&self, id: &str) -> Option<usize> {
        self.order.iter().position(|&i| self.logs[i].id == id)
    }

    /// Sets the view and works out the rows it shows.
    pub fn set_view(&mut self, view: View) {
        self.view = view;
        self.reorder();
    }

    fn reorder(&mut self) {
        let q = self.view.query.to_lowercase();
        let mut order: Vec<usize> = (0..self.logs.len())
            .filter(|&i| {
                self.view
                    .model
                    .as_ref()
                    .is_none_or(|m| self.logs[i].model_used == *m)
            })
            .filter(|&i| q.is_empty() || self.rows[i].hay.contains(&q))
            .collect();
        let logs = &self.logs;
        match self.view.sort {
            view::Sort::Newest => {}
            view::Sort::Score => order.sort_by(|&a, &b| {
                let key = |i: usize| logs[i].score.unwrap_or(f64::NEG_INFINITY);
                key(b).total_cmp(&key(a))
            }),
            view::Sort::Model => {
                order.sort_by(|&a, &b| logs[a].model_used.cmp(&logs[b].model_used));
            }
        }
        self.order = order;
    }

    /// The models of the loaded logs, sorted.
    #[must_use]
    pub fn models(&self) -> &[String] {
        &self.models
    }

    /// The figures of the loaded logs.
    #[must_use]
    pub fn figures(&self) -> &Figures {
        &self.figures
    }

    fn recount(&mut self) {
        self.figures = Figures::of_logs(&self.logs);
        let models: BTreeSet<&str> = self.logs.iter().map(|l| l.model_used.as_str()).collect();
        self.models = models.into_iter().map(str::to_owned).collect();
        self.reorder();
    }
}

#[cfg(test)]
mod tests;
