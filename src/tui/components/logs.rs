//! The logs pane: each prompt's logs as they arrived, newest first, with
//! their display lines and per-model means made once when the logs arrive
//! or change (never per frame), the highlighted row and the first row in
//! view, and its drawing (the rows in view only).

use std::collections::{BTreeMap, HashMap};

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};

use crate::client::ApiError;
use crate::model::Log;
use crate::sanitize;
use crate::tui::remote::Remote;
use crate::tui::theme;
use crate::tui::widgets::{Window, fit, pane};

/// One prompt's logs, newest first, with what is drawn of them.
#[derive(Debug, Clone, Default)]
pub struct PromptLogs {
    /// The logs, newest first.
    pub logs: Vec<Log>,
    /// One display line per log, in the same order.
    lines: Vec<Line<'static>>,
    /// Mean score and count of scored logs per model, by model name.
    per_model: Vec<(String, f64, usize)>,
    /// The mean of every scored log, if any.
    mean: Option<f64>,
}

impl PromptLogs {
    /// `logs` in display order (newest first), with their lines.
    #[must_use]
    pub fn new(mut logs: Vec<Log>) -> Self {
        logs.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
        let lines = logs.iter().map(log_line).collect();
        let mut me = Self {
            logs,
            lines,
            ..Self::default()
        };
        me.recount();
        me
    }

    /// Puts a new log on top.
    pub fn push_newest(&mut self, log: Log) {
        self.lines.insert(0, log_line(&log));
        self.logs.insert(0, log);
        self.recount();
    }

    /// Takes the log `id` out.
    pub fn remove(&mut self, id: &str) {
        if let Some(i) = self.logs.iter().position(|l| l.id == id) {
            self.logs.remove(i);
            self.lines.remove(i);
            self.recount();
        }
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
    }
}

/// One log as one line: time, model, score, first line of output.
fn log_line(l: &Log) -> Line<'static> {
    let time = crate::tui::times::short(&l.created_at);
    let score = l
        .score
        .map_or_else(|| " -".to_owned(), |s| format!("{s:>2}"));
    let first = l
        .output
        .lines()
        .find(|s| !s.trim().is_empty())
        .unwrap_or("");
    Line::from(vec![
        Span::styled(format!("{time} "), theme::dim()),
        Span::styled(
            format!("{} ", fit(&sanitize::line(&l.model_used), 12)),
            theme::key(),
        ),
        Span::raw(format!("{score}  ")),
        Span::raw(sanitize::line(first).into_owned()),
    ])
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
}

impl LogsPane {
    /// The logs of `prompt_id`, when loaded.
    #[must_use]
    pub fn loaded(&self, prompt_id: &str) -> Option<&PromptLogs> {
        self.by_prompt.get(prompt_id)?.loaded()
    }

    /// The logs of `prompt_id` arrived (or failed).
    pub fn arrived(&mut self, prompt_id: String, result: Result<Vec<Log>, ApiError>) {
        let state = match result {
            Ok(logs) => Remote::Loaded(PromptLogs::new(logs)),
            Err(e) => Remote::Failed(e),
        };
        self.by_prompt.insert(prompt_id, state);
    }

    /// The highlighted log of `prompt_id`.
    #[must_use]
    pub fn selected_log(&self, prompt_id: &str) -> Option<&Log> {
        self.loaded(prompt_id)?.logs.get(self.window.selected)
    }

    /// Moves the highlight by `delta` and keeps it in view in `pane`.
    pub fn move_by(&mut self, prompt_id: &str, delta: isize, pane: Rect) {
        let n = self.loaded(prompt_id).map_or(0, |l| l.logs.len());
        self.window.move_by(delta, n);
        self.follow(prompt_id, pane);
    }

    /// Keeps the highlight in view in `pane` (and within the logs).
    pub fn follow(&mut self, prompt_id: &str, pane: Rect) {
        let Some(logs) = self.loaded(prompt_id) else {
            return;
        };
        let rows = list_rows(logs, pane);
        self.window.follow(rows, logs.logs.len());
    }

    /// Draws the logs of `prompt_id` (none selected: a hint) in `area`.
    pub fn render(&self, frame: &mut Frame, area: Rect, prompt_id: Option<&str>, focused: bool) {
        let state = prompt_id.and_then(|id| self.by_prompt.get(id));
        let title = match state.and_then(Remote::loaded) {
            Some(l) => match l.mean {
                Some(m) => format!(" Logs {} \u{b7} mean {m:.1} ", l.logs.len()),
                None => format!(" Logs {} ", l.logs.len()),
            },
            None => " Logs ".to_owned(),
        };
        let block = pane(focused, title);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let logs = match state {
            None | Some(Remote::Idle) => {
                let p = Paragraph::new("Select a prompt to see its logs.").style(theme::dim());
                return frame.render_widget(p, inner);
            }
            Some(Remote::Loading) => {
                let p = Paragraph::new("Loading logs\u{2026}").style(theme::dim());
                return frame.render_widget(p, inner);
            }
            Some(Remote::Failed(e)) => {
                let p =
                    Paragraph::new(format!("Cannot load the logs: {e}")).style(theme::problem());
                return frame.render_widget(p.wrap(Wrap { trim: true }), inner);
            }
            Some(Remote::Loaded(l)) => l,
        };
        if logs.logs.is_empty() {
            let p = Paragraph::new("No logs yet for this prompt.").style(theme::dim());
            return frame.render_widget(p, inner);
        }
        self.draw_rows(frame, inner, logs);
    }

    fn draw_rows(&self, frame: &mut Frame, inner: Rect, logs: &PromptLogs) {
        let summary = summary(logs, inner);
        let summary_h = u16::try_from(summary.len()).unwrap_or(0);
        let list_area = Rect {
            height: inner.height - summary_h,
            ..inner
        };
        let visible = self
            .window
            .visible(usize::from(list_area.height), logs.lines.len());
        let items: Vec<ListItem> = logs.lines[visible.clone()]
            .iter()
            .map(|l| ListItem::new(l.clone()))
            .collect();
        let selected = self.window.selected.checked_sub(visible.start);
        let mut state = ListState::default().with_selected(selected);
        frame.render_stateful_widget(
            List::new(items).highlight_style(theme::selected()),
            list_area,
            &mut state,
        );
        let summary_area = Rect {
            y: inner.y + list_area.height,
            height: summary_h,
            ..inner
        };
        let lines: Vec<Line> = summary.into_iter().map(Line::from).collect();
        frame.render_widget(Paragraph::new(lines).style(theme::dim()), summary_area);
    }
}

/// The rows of the list in the logs pane `pane` (borders and the per-model
/// summary left out).
fn list_rows(logs: &PromptLogs, pane: Rect) -> usize {
    let inner = Rect {
        height: pane.height.saturating_sub(2),
        width: pane.width.saturating_sub(2),
        ..pane
    };
    let summary = summary(logs, inner).len();
    usize::from(inner.height).saturating_sub(summary)
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
