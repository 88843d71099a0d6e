//! The prompt list and the logs list.

use std::collections::BTreeMap;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};

use super::{fit, highlighted, pane};
use crate::model::Log;
use crate::sanitize;
use crate::tui::app::App;
use crate::tui::state::{Focus, Remote};
use crate::tui::theme;

const SPINNER: [char; 4] = ['|', '/', '-', '\\'];

pub(super) fn draw_prompts(app: &App, frame: &mut Frame, area: Rect) {
    let count = format!(
        " Prompts {}/{} ",
        app.list.rows.len(),
        app.list.prompts.len()
    );
    let block = pane(app, Focus::Prompts, count);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut list_area = inner;
    if app.filtering || !app.list.filter.is_empty() {
        let cursor = if app.filtering { "\u{258f}" } else { "" };
        let line = Line::from(vec![
            Span::styled("/ ", theme::key()),
            Span::raw(sanitize::line(&app.list.filter).into_owned()),
            Span::raw(cursor),
        ]);
        frame.render_widget(Paragraph::new(line), Rect { height: 1, ..inner });
        list_area.y += 1;
        list_area.height = list_area.height.saturating_sub(1);
    }
    match &app.prompts {
        Remote::Loading if app.list.prompts.is_empty() => {
            let spin = SPINNER[app.frame % SPINNER.len()];
            frame.render_widget(
                Paragraph::new(format!("{spin} Loading prompts\u{2026}")),
                list_area,
            );
            return;
        }
        Remote::Failed(e) if app.list.prompts.is_empty() => {
            let text = format!("Cannot load the prompts: {e}\n\nPress r to retry.");
            frame.render_widget(
                Paragraph::new(text)
                    .style(theme::problem())
                    .wrap(Wrap { trim: true }),
                list_area,
            );
            return;
        }
        _ => {}
    }
    if app.list.rows.is_empty() {
        let text = if app.list.prompts.is_empty() {
            "No prompts yet. Press a to add one."
        } else {
            "No prompt matches. Esc clears the filter."
        };
        frame.render_widget(Paragraph::new(text).style(theme::dim()), list_area);
        return;
    }
    let items: Vec<ListItem> = app
        .list
        .rows
        .iter()
        .map(|row| {
            let id = &app.list.prompts[row.index].id;
            let mark = if app.queued_forms.contains_key(id) {
                Span::styled("\u{21e1} ", theme::key())
            } else if app.has_draft(id) {
                Span::styled("\u{270e} ", theme::key())
            } else {
                Span::raw("  ")
            };
            // The title on the first line, model and tags (dim) on the second;
            // the filter's matches are marked in both.
            // (`row_text` joins them with "  · ", left out here.)
            let split = app.list.prompts[row.index].title.chars().count();
            let (title, rest) = split_at_char(&row.text, split);
            let (_, rest) = split_at_char(rest, 4);
            let hits_title: Vec<usize> =
                row.matched.iter().copied().filter(|i| *i < split).collect();
            let hits_rest: Vec<usize> = row
                .matched
                .iter()
                .filter_map(|i| i.checked_sub(split + 4))
                .collect();
            let mut first = vec![mark];
            first.extend(highlighted(title, &hits_title, Style::default()));
            let mut second = vec![Span::raw("  ")];
            second.extend(highlighted(rest.trim_end(), &hits_rest, theme::dim()));
            ListItem::new(Text::from(vec![Line::from(first), Line::from(second)]))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(app.list.selected));
    frame.render_stateful_widget(
        List::new(items).highlight_style(theme::selected()),
        list_area,
        &mut state,
    );
}

pub(super) fn draw_logs(app: &App, frame: &mut Frame, area: Rect) {
    let logs = app.current_id().and_then(|id| app.logs.get(id));
    let title = match logs.and_then(Remote::loaded) {
        Some(l) => format!(" Logs {} {}", l.len(), mean_text(l)),
        None => " Logs ".to_owned(),
    };
    let block = pane(app, Focus::Logs, title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let logs = match logs {
        None | Some(Remote::Idle) => {
            frame.render_widget(
                Paragraph::new("Select a prompt to see its logs.").style(theme::dim()),
                inner,
            );
            return;
        }
        Some(Remote::Loading) => {
            frame.render_widget(
                Paragraph::new("Loading logs\u{2026}").style(theme::dim()),
                inner,
            );
            return;
        }
        Some(Remote::Failed(e)) => {
            let p = Paragraph::new(format!("Cannot load the logs: {e}")).style(theme::problem());
            frame.render_widget(p.wrap(Wrap { trim: true }), inner);
            return;
        }
        Some(Remote::Loaded(l)) => l,
    };
    if logs.is_empty() {
        frame.render_widget(
            Paragraph::new("No logs yet for this prompt.").style(theme::dim()),
            inner,
        );
        return;
    }
    // Mean per model, one model a line, under the list (a third of the pane at most).
    let mut summary = per_model(logs, usize::from(inner.width));
    let room = usize::from(inner.height / 3);
    if summary.len() > room {
        let more = summary.len() - room.saturating_sub(1);
        summary.truncate(room.saturating_sub(1));
        if room > 0 {
            summary.push(format!("+{more} more models: b for the scoreboard"));
        }
    }
    let summary_h = u16::try_from(summary.len()).unwrap_or(0);
    let list_area = Rect {
        height: inner.height - summary_h,
        ..inner
    };
    let items: Vec<ListItem> = logs.iter().map(|l| ListItem::new(log_line(l))).collect();
    let mut state = ListState::default().with_selected(Some(app.log_selected));
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

/// `s` split after its first `n` characters.
fn split_at_char(s: &str, n: usize) -> (&str, &str) {
    let at = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    s.split_at(at)
}

/// One log as one line: time, model, score, first line of output.
fn log_line(l: &Log) -> Line<'static> {
    let time = l
        .created_at
        .get(5..16)
        .unwrap_or(&l.created_at)
        .replace('T', " ");
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

fn mean(scores: impl Iterator<Item = f64>) -> Option<(f64, usize)> {
    let (sum, n) = scores.fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    #[expect(clippy::cast_precision_loss, reason = "counts are small")]
    let m = (n > 0).then(|| sum / n as f64);
    m.map(|m| (m, n))
}

fn mean_text(logs: &[Log]) -> String {
    match mean(logs.iter().filter_map(|l| l.score)) {
        Some((m, _)) => format!("\u{b7} mean {m:.1} "),
        None => String::new(),
    }
}

/// Mean score per model, one line each, e.g. "gpt-4o        8.5 (4)", the
/// model names cut to leave room for the numbers in `width` columns.
fn per_model(logs: &[Log], width: usize) -> Vec<String> {
    let mut by: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for l in logs {
        if let Some(s) = l.score {
            by.entry(l.model_used.as_str()).or_default().push(s);
        }
    }
    let name_w = width.saturating_sub(12).clamp(1, 24);
    let lines: Vec<String> = by
        .into_iter()
        .filter_map(|(m, s)| {
            let (mean, n) = mean(s.into_iter())?;
            Some(format!(
                "{} {mean:>4.1} ({n})",
                fit(&sanitize::line(m), name_w)
            ))
        })
        .collect();
    if lines.is_empty() {
        vec!["no scores yet".to_owned()]
    } else {
        lines
    }
}
