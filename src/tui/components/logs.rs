//! The logs pane: each prompt's logs as they arrived, with their row cells
//! and per-model means made once when the logs arrive or change (never per
//! frame), the search, sort and model filter over them, the highlighted row
//! and the first row in view, and its drawing (the rows in view only).

pub mod rows;
pub mod view;

use std::collections::{BTreeMap, HashMap};

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};

use self::rows::{Columns, Row};
use self::view::{Sort, View};
use crate::client::ApiError;
use crate::model::Log;
use crate::sanitize;
use crate::tui::action::Action;
use crate::tui::remote::Remote;
use crate::tui::theme;
use crate::tui::widgets::{Window, fit, pane};

/// One prompt's logs, newest first, with what is drawn of them.
#[derive(Debug, Clone, Default)]
pub struct PromptLogs {
    /// The logs, newest first.
    pub logs: Vec<Log>,
    /// One row per log, in the same order.
    rows: Vec<Row>,
    /// The logs shown, as indices into `logs`, in the order shown.
    order: Vec<usize>,
    /// The search, sort and model filter.
    pub view: View,
    /// Mean score and count of scored logs per model, by model name.
    per_model: Vec<(String, f64, usize)>,
    /// The mean of every scored log, if any.
    mean: Option<f64>,
}

impl PromptLogs {
    /// `logs` in display order (newest first), with their rows in local time.
    #[must_use]
    pub fn new(logs: Vec<Log>) -> Self {
        #[cfg(test)]
        return Self::new_in(logs, &chrono::Utc);
        #[cfg(not(test))]
        Self::new_in(logs, &chrono::Local)
    }

    /// `logs` with their times shown in `tz` (tests pin it).
    #[must_use]
    pub fn new_in<Tz: chrono::TimeZone>(mut logs: Vec<Log>, tz: &Tz) -> Self
    where
        Tz::Offset: std::fmt::Display,
    {
        logs.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
        let rows = logs.iter().map(|l| Row::new(l, tz)).collect();
        let mut me = Self {
            logs,
            rows,
            ..Self::default()
        };
        me.recount();
        me
    }

    /// Puts a new log on top.
    pub fn push_newest(&mut self, log: Log) {
        #[cfg(test)]
        let row = Row::new(&log, &chrono::Utc);
        #[cfg(not(test))]
        let row = Row::new(&log, &chrono::Local);
        self.rows.insert(0, row);
        self.logs.insert(0, log);
        self.recount();
    }

    /// Takes the log `id` out.
    pub fn remove(&mut self, id: &str) {
        if let Some(i) = self.logs.iter().position(|l| l.id == id) {
            self.logs.remove(i);
            self.rows.remove(i);
            self.recount();
        }
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
            Sort::Newest => {}
            Sort::Score => order.sort_by(|&a, &b| {
                let key = |i: usize| logs[i].score.unwrap_or(f64::NEG_INFINITY);
                key(b).total_cmp(&key(a))
            }),
            Sort::Model => order.sort_by(|&a, &b| logs[a].model_used.cmp(&logs[b].model_used)),
        }
        self.order = order;
    }

    /// The models of these logs, sorted.
    #[must_use]
    pub fn models(&self) -> Vec<String> {
        let mut m: Vec<String> = self.logs.iter().map(|l| l.model_used.clone()).collect();
        m.sort();
        m.dedup();
        m
    }

    fn recount(&mut self) {
        let mut by: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
        let (mut sum, mut n) = (0.0, 0usize);
        for l in &self.logs {
            if let Some(s) = l.score {
                let e = by.entry(l.model_used.as_str()).or_default();
                *e = (e.0 + s, e.1 + 1);
                sum += s;
                n += 1;
            }
        }
        #[expect(clippy::cast_precision_loss, reason = "counts are small")]
        let mean = |s: f64, n: usize| s / n as f64;
        self.per_model = by
            .into_iter()
            .map(|(m, (s, n))| (m.to_owned(), mean(s, n), n))
            .collect();
        self.mean = (n > 0).then(|| mean(sum, n));
        self.reorder();
    }
}

/// Every prompt's logs, and the pane showing the selected prompt's.
#[derive(Debug, Default)]
pub struct LogsPane {
    /// Each prompt's logs, by prompt id.
    pub by_prompt: HashMap<String, Remote<PromptLogs>>,
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
        match self.by_prompt.get_mut(prompt_id)? {
            Remote::Loaded(l) => Some(l),
            _ => None,
        }
    }

    /// The logs of `prompt_id` arrived (or failed); a search, sort or
    /// filter already set stays.
    pub fn arrived(&mut self, prompt_id: String, result: Result<Vec<Log>, ApiError>) {
        let view = self.loaded(&prompt_id).map(|l| l.view.clone());
        let state = match result {
            Ok(logs) => {
                let mut l = PromptLogs::new(logs);
                if let Some(v) = view {
                    l.set_view(v);
                }
                Remote::Loaded(l)
            }
            Err(e) => Remote::Failed(e),
        };
        self.by_prompt.insert(prompt_id, state);
    }

    /// The highlighted log of `prompt_id`.
    #[must_use]
    pub fn selected_log(&self, prompt_id: &str) -> Option<&Log> {
        self.loaded(prompt_id)?.shown(self.window.selected)
    }

    /// Moves the highlight by `delta` and keeps it in view in `pane`.
    pub fn move_by(&mut self, prompt_id: &str, delta: isize, pane: Rect) {
        let n = self.loaded(prompt_id).map_or(0, PromptLogs::shown_len);
        self.window.move_by(delta, n);
        self.follow(prompt_id, pane);
    }

    /// Keeps the highlight in view in `pane` (and within the logs).
    pub fn follow(&mut self, prompt_id: &str, pane: Rect) {
        let searching = self.searching;
        let Some(logs) = self.loaded(prompt_id) else {
            return;
        };
        let per = Columns::at(usize::from(pane.width.saturating_sub(2))).height();
        let rows = list_rows(logs, pane, searching) / per;
        self.window.follow(rows, logs.shown_len());
    }

    /// The pane's own keys (`/`, `s`, `f`, and Enter/Esc while searching)
    /// on the logs of `prompt_id`; `false` when the action is not one.
    pub fn act(&mut self, prompt_id: &str, action: Action, pane: Rect) -> bool {
        let searching = self.searching;
        let Some(logs) = self.loaded(prompt_id) else {
            return false;
        };
        let mut v = logs.view.clone();
        match action {
            Action::LogsSearch => self.searching = true,
            Action::LogsSort => v.sort = v.sort.next(),
            Action::LogsModel => v.model = view::next_model(v.model.as_deref(), &logs.models()),
            Action::Open if searching => self.searching = false,
            Action::Back if searching || v.narrows() => {
                self.searching = false;
                v.query.clear();
                v.model = None;
            }
            _ => return false,
        }
        if let Some(logs) = self.loaded_mut(prompt_id) {
            logs.set_view(v);
        }
        self.window = Window::default();
        self.follow(prompt_id, pane);
        true
    }

    /// A key typed while searching: a character, or Backspace.
    pub fn type_search(&mut self, prompt_id: &str, key: KeyEvent, pane: Rect) {
        let Some(logs) = self.loaded_mut(prompt_id) else {
            return;
        };
        let mut v = logs.view.clone();
        match key.code {
            KeyCode::Char(c) => v.query.push(c),
            KeyCode::Backspace => {
                v.query.pop();
            }
            _ => return,
        }
        logs.set_view(v);
        self.window = Window::default();
        self.follow(prompt_id, pane);
    }

    /// Draws the logs of `prompt_id` (none selected: a hint) in `area`.
    pub fn render(&self, frame: &mut Frame, area: Rect, prompt_id: Option<&str>, focused: bool) {
        let state = prompt_id.and_then(|id| self.by_prompt.get(id));
        let title = match state.and_then(Remote::loaded) {
            Some(l) => title(l),
            None => " Logs ".to_owned(),
        };
        let block = pane(focused, title);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let say = |frame: &mut Frame, text: String, style| {
            let p = Paragraph::new(text).style(style).wrap(Wrap { trim: true });
            frame.render_widget(p, inner);
        };
        match state {
            None | Some(Remote::Idle) => say(
                frame,
                "Select a prompt to see its logs.".into(),
                theme::dim(),
            ),
            Some(Remote::Loading) => say(frame, "Loading logs\u{2026}".into(), theme::dim()),
            Some(Remote::Failed(e)) => say(
                frame,
                format!("Cannot load the logs: {e}"),
                theme::problem(),
            ),
            Some(Remote::Loaded(l)) if l.logs.is_empty() => {
                say(frame, "No logs yet for this prompt.".into(), theme::dim());
            }
            Some(Remote::Loaded(l)) => self.draw_rows(frame, inner, l),
        }
    }

    fn draw_rows(&self, frame: &mut Frame, inner: Rect, logs: &PromptLogs) {
        let summary = summary(logs, inner);
        let summary_h = u16::try_from(summary.len()).unwrap_or(0);
        let search_h = u16::from(self.searching || !logs.view.query.is_empty());
        let list_area = Rect {
            y: inner.y + search_h,
            height: inner.height.saturating_sub(summary_h + search_h),
            ..inner
        };
        if search_h > 0 {
            let cursor = if self.searching { "\u{258f}" } else { "" };
            let line = Line::from(vec![
                Span::styled("/", theme::key()),
                Span::raw(sanitize::line(&logs.view.query).into_owned()),
                Span::styled(cursor, theme::key()),
            ]);
            frame.render_widget(Paragraph::new(line), Rect { height: 1, ..inner });
        }
        let cols = Columns::at(usize::from(inner.width));
        let marked = self.diff_mark.as_ref().map(|m| m.id.as_str());
        let visible = self.window.visible(
            usize::from(list_area.height) / cols.height(),
            logs.order.len(),
        );
        let items: Vec<ListItem> = logs.order[visible.clone()]
            .iter()
            .map(|&i| {
                let is_marked = marked == Some(logs.logs[i].id.as_str());
                ListItem::new(cols.text(&logs.rows[i], is_marked))
            })
            .collect();
        if items.is_empty() {
            let p = Paragraph::new("No log matches: Esc clears the search and filter.")
                .style(theme::dim());
            frame.render_widget(p, list_area);
        }
        let selected = self.window.selected.checked_sub(visible.start);
        let mut state = ListState::default().with_selected(selected);
        frame.render_stateful_widget(
            List::new(items).highlight_style(theme::selected()),
            list_area,
            &mut state,
        );
        let summary_area = Rect {
            y: list_area.y + list_area.height,
            height: summary_h,
            ..inner
        };
        let lines: Vec<Line> = summary.into_iter().map(Line::from).collect();
        frame.render_widget(Paragraph::new(lines).style(theme::dim()), summary_area);
    }
}

/// The pane's title: counts, mean and the view, e.g. ` Logs 3/9 · mean 7.5 · sort score `.
fn title(l: &PromptLogs) -> String {
    let count = if l.view.narrows() {
        format!("{}/{}", l.shown_len(), l.logs.len())
    } else {
        l.logs.len().to_string()
    };
    let mean = l
        .mean
        .map_or_else(String::new, |m| format!(" \u{b7} mean {m:.1}"));
    format!(" Logs {count}{mean}{} ", l.view.describe())
}

/// The rows of the list in the logs pane `pane` (borders, the search line
/// and the per-model summary left out).
fn list_rows(logs: &PromptLogs, pane: Rect, searching: bool) -> usize {
    let inner = Rect {
        height: pane.height.saturating_sub(2),
        width: pane.width.saturating_sub(2),
        ..pane
    };
    let search = usize::from(searching || !logs.view.query.is_empty());
    let summary = summary(logs, inner).len();
    usize::from(inner.height).saturating_sub(summary + search)
}

/// Mean per model, one model a line, e.g. "gpt-4o        8.5 (4)", under
/// the list (a third of the pane at most), the model names cut to leave
/// room for the numbers.
fn summary(logs: &PromptLogs, inner: Rect) -> Vec<String> {
    let name_w = usize::from(inner.width).saturating_sub(12).clamp(1, 24);
    let mut lines: Vec<String> = logs
        .per_model
        .iter()
        .map(|(m, mean, n)| format!("{} {mean:>4.1} ({n})", fit(&sanitize::line(m), name_w)))
        .collect();
    if lines.is_empty() {
        lines.push("no scores yet".to_owned());
    }
    let room = usize::from(inner.height / 3);
    if lines.len() > room {
        let more = lines.len() - room.saturating_sub(1);
        lines.truncate(room.saturating_sub(1));
        if room > 0 {
            lines.push(format!("+{more} more models: b for the scoreboard"));
        }
    }
    lines
}
