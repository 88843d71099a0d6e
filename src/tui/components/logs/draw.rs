//! Drawing the logs pane: the title with the exact count and mean, the
//! search line, the rows in view only, a line saying what is loading (or
//! why the next page did not), and the mean per model under the list.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};

use super::figures::{Exact, Figures};
use super::rows::Columns;
use super::{LogsPane, Paging, PromptLogs};
use crate::sanitize;
use crate::tui::error::TuiError;
use crate::tui::remote::Remote;
use crate::tui::theme;
use crate::tui::widgets::{fit, pane};

/// What the pane holds around its rows, worked out the same way for the
/// drawing and for the highlight's scrolling.
struct Parts {
    /// Whether the search line shows.
    search: bool,
    /// What is loading, or why the next page did not.
    status: Option<Line<'static>>,
    /// The status line's rows: two for a failure (its reason, then how to
    /// try again, wrapped), else one; none without a status.
    status_h: u16,
    /// The mean per model, one model a line.
    summary: Vec<String>,
}

impl LogsPane {
    fn parts(&self, prompt_id: &str, logs: &PromptLogs, inner: Rect) -> Parts {
        let figures = self.figures(prompt_id);
        let status = status(logs, figures.map(|f| f.total));
        let status_h = match (&status, &logs.paging) {
            (None, _) => 0,
            (Some(_), Paging::Failed { .. }) => 2,
            (Some(_), _) => 1,
        };
        Parts {
            search: self.searching || !logs.view.query.is_empty(),
            status,
            status_h,
            summary: summary(figures, self.stats.get(prompt_id), inner),
        }
    }

    /// How many rows of the list `pane` shows for `prompt_id` (its borders,
    /// search line, status line and summary left out).
    pub(super) fn rows_in_view(&self, prompt_id: &str, pane: Rect) -> usize {
        let Some(logs) = self.loaded(prompt_id) else {
            return 0;
        };
        let inner = Rect {
            height: pane.height.saturating_sub(2),
            width: pane.width.saturating_sub(2),
            ..pane
        };
        let parts = self.parts(prompt_id, logs, inner);
        let around = parts.summary.len() + usize::from(parts.search) + usize::from(parts.status_h);
        let per = Columns::at(usize::from(inner.width)).height();
        usize::from(inner.height).saturating_sub(around) / per
    }

    /// Draws the logs of `prompt_id` (none selected: a hint) in `area`.
    pub fn render(&self, frame: &mut Frame, area: Rect, prompt_id: Option<&str>, focused: bool) {
        let state = prompt_id.and_then(|id| self.by_prompt.get(id));
        let title = match (prompt_id, state.and_then(Remote::loaded)) {
            (Some(id), Some(l)) => title(l, self.figures(id)),
            _ => " Logs ".to_owned(),
        };
        let block = pane(focused, title);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let say = |frame: &mut Frame, text: String, style| {
            let p = Paragraph::new(text).style(style).wrap(Wrap { trim: true });
            frame.render_widget(p, inner);
        };
        match (prompt_id, state) {
            (None, _) | (_, None | Some(Remote::Idle)) => say(
                frame,
                "Select a prompt to see its logs.".into(),
                theme::dim(),
            ),
            (_, Some(Remote::Loading)) => say(frame, "Loading logs\u{2026}".into(), theme::dim()),
            (_, Some(Remote::Failed(e))) => say(
                frame,
                format!("Cannot load the logs: {}", sanitize::line(&e.to_string())),
                theme::problem(),
            ),
            (_, Some(Remote::Loaded(l))) if l.logs.is_empty() && l.paging.is_complete() => {
                say(frame, "No logs yet for this prompt.".into(), theme::dim());
            }
            (Some(id), Some(Remote::Loaded(l))) => self.draw_rows(frame, inner, id, l),
        }
    }

    fn draw_rows(&self, frame: &mut Frame, inner: Rect, prompt_id: &str, logs: &PromptLogs) {
        let parts = self.parts(prompt_id, logs, inner);
        let summary_h = u16::try_from(parts.summary.len()).unwrap_or(0);
        let search_h = u16::from(parts.search);
        let status_h = parts.status_h;
        let list_area = Rect {
            y: inner.y + search_h,
            height: inner.height.saturating_sub(summary_h + search_h + status_h),
            ..inner
        };
        if parts.search {
            let cursor = if self.searching { "\u{258f}" } else { "" };
            let line = Line::from(vec![
                Span::styled("/", theme::key()),
                Span::raw(sanitize::line(&logs.view.query).into_owned()),
                Span::styled(cursor, theme::key()),
            ]);
            frame.render_widget(Paragraph::new(line), Rect { height: 1, ..inner });
        }
        self.draw_list(frame, list_area, logs);
        let below = list_area.y + list_area.height;
        if let Some(line) = parts.status {
            let at = Rect {
                y: below,
                height: status_h,
                ..inner
            };
            frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), at);
        }
        let summary_area = Rect {
            y: below + status_h,
            height: summary_h,
            ..inner
        };
        let lines: Vec<Line> = parts.summary.into_iter().map(Line::from).collect();
        frame.render_widget(Paragraph::new(lines).style(theme::dim()), summary_area);
    }

    /// The rows in view of `logs` in `area`, the highlighted one marked.
    fn draw_list(&self, frame: &mut Frame, area: Rect, logs: &PromptLogs) {
        let cols = Columns::at(usize::from(area.width));
        let marked = self.diff_mark.as_ref().map(|m| m.id.as_str());
        let visible = self
            .window
            .visible(usize::from(area.height) / cols.height(), logs.order.len());
        let items: Vec<ListItem> = logs.order[visible.clone()]
            .iter()
            .map(|&i| {
                let is_marked = marked == Some(logs.logs[i].id.as_str());
                ListItem::new(cols.text(&logs.rows[i], is_marked))
            })
            .collect();
        if items.is_empty() {
            let text = if logs.paging.is_complete() {
                "No log matches: Esc clears the search and filter."
            } else {
                "No log matches yet."
            };
            frame.render_widget(Paragraph::new(text).style(theme::dim()), area);
        }
        let selected = self.window.selected.checked_sub(visible.start);
        let mut state = ListState::default().with_selected(selected);
        frame.render_stateful_widget(
            List::new(items).highlight_style(theme::selected()),
            area,
            &mut state,
        );
    }
}

/// `n` with a comma between each group of three digits: `50,000`.
#[must_use]
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The pane's title: counts, mean and the view, e.g. ` Logs 3/9 · mean 7.5
/// · sort score `; while older logs are not loaded, the exact total after
/// the rows loaded (` Logs 200 of 50,000 `), or `+` until it is known.
fn title(l: &PromptLogs, figures: Option<&Figures>) -> String {
    let loaded = grouped(l.logs.len());
    let count = if l.view.narrows() {
        format!("{}/{loaded}", grouped(l.shown_len()))
    } else {
        loaded
    };
    let count = match (l.paging.is_complete(), figures) {
        (true, _) => count,
        (false, Some(f)) => format!("{count} of {}", grouped(f.total)),
        (false, None) => format!("{count}+"),
    };
    let mean = figures
        .and_then(Figures::mean)
        .map_or_else(String::new, |m| format!(" \u{b7} mean {m:.1}"));
    format!(" Logs {count}{mean}{} ", l.view.describe())
}

/// What is loading, or why the next page did not: a line above the summary.
fn status(l: &PromptLogs, total: Option<usize>) -> Option<Line<'static>> {
    let loaded = grouped(l.logs.len());
    let of = total.map_or_else(String::new, |t| format!(" of {}", grouped(t)));
    match &l.paging {
        Paging::Complete => None,
        Paging::Failed { error, .. } => {
            let text = TuiError::LoadMoreLogs(error.clone()).to_string();
            Some(Line::styled(
                sanitize::line(&text).into_owned(),
                theme::problem(),
            ))
        }
        _ if l.view.needs_all() => Some(Line::styled(
            format!("{} {loaded}{of} loaded\u{2026}", l.view.doing()),
            theme::dim(),
        )),
        Paging::Loading(_) => Some(Line::styled(
            format!("loading older logs\u{2026} ({loaded}{of} loaded)"),
            theme::dim(),
        )),
        Paging::More(_) => None,
    }
}

/// Mean per model, one model a line, e.g. "gpt-4o        8.5 (4)", under
/// the list (a third of the pane at most), the model names cut to leave
/// room for the numbers; while the exact figures are not known, what
/// stands in their way.
fn summary(figures: Option<&Figures>, stats: Option<&Remote<Exact>>, inner: Rect) -> Vec<String> {
    let name_w = usize::from(inner.width).saturating_sub(12).clamp(1, 24);
    let mut lines: Vec<String> = match (figures, stats) {
        (Some(f), _) => f
            .per_model()
            .map(|(m, mean, n)| format!("{} {mean:>4.1} ({n})", fit(&sanitize::line(m), name_w)))
            .collect(),
        (None, Some(Remote::Failed(e))) => vec![format!(
            "Cannot load the statistics: {}",
            sanitize::line(&e.to_string())
        )],
        (None, _) => vec!["counting every log\u{2026}".to_owned()],
    };
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
