//! The diff overlay: two logs side by side, model, score and notes above
//! each, words only on one side highlighted.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::centered;
use super::overlays::{boxed, hint_line};
use crate::model::Log;
use crate::sanitize;
use crate::tui::diff::{LogDiff, Part};
use crate::tui::keymap::Ctx;
use crate::tui::theme;

/// Draws the diff of two logs over the screen.
pub(super) fn draw(frame: &mut Frame, area: Rect, diff: &LogDiff) {
    let rect = centered(
        area,
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    );
    let (l, r) = diff.changed_words();
    let inner = boxed(
        frame,
        rect,
        &format!("Diff \u{b7} {l} word(s) only left, {r} only right"),
    );
    let [sides, hints] = Layout::vertical([Constraint::Min(4), Constraint::Length(1)]).areas(inner);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(sides);
    side(frame, left, &diff.left, diff, Part::Left);
    side(frame, right, &diff.right, diff, Part::Right);
    frame.render_widget(Paragraph::new(hint_line(Ctx::Diff)), hints);
}

fn side(frame: &mut Frame, area: Rect, log: &Log, diff: &LogDiff, own: Part) {
    let score = log.score.map_or_else(|| "-".to_owned(), |s| format!("{s}"));
    let notes = log.notes.as_deref().unwrap_or("(no notes)");
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::unfocused())
        .title(format!(" {} ", sanitize::line(&log.id)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [head, body] = Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(inner);
    let head_lines = vec![
        Line::from(vec![
            Span::styled("model ", theme::dim()),
            Span::raw(sanitize::line(&log.model_used).into_owned()),
            Span::styled("  score ", theme::dim()),
            Span::raw(score),
        ]),
        Line::from(vec![
            Span::styled("notes ", theme::dim()),
            Span::raw(sanitize::excerpt(notes, 200)),
        ]),
        Line::styled("\u{2500}".repeat(usize::from(inner.width)), theme::dim()),
    ];
    frame.render_widget(Paragraph::new(head_lines), head);
    frame.render_widget(
        Paragraph::new(lines(diff, own))
            .wrap(Wrap { trim: false })
            .scroll((diff.scroll, 0)),
        body,
    );
}

/// The runs of one side as lines, its own changes highlighted.
fn lines(diff: &LogDiff, own: Part) -> Vec<Line<'static>> {
    let changed = match own {
        Part::Left => Style::default()
            .fg(Color::Black)
            .bg(Color::Red)
            .add_modifier(Modifier::CROSSED_OUT),
        _ => Style::default().fg(Color::Black).bg(Color::Green),
    };
    let mut out = vec![Line::default()];
    for (part, text) in diff
        .runs
        .iter()
        .filter(|(p, _)| *p == Part::Same || *p == own)
    {
        let style = if *part == Part::Same {
            Style::default()
        } else {
            changed
        };
        let clean = sanitize::text(text);
        for (i, piece) in clean.split('\n').enumerate() {
            if i > 0 {
                out.push(Line::default());
            }
            if !piece.is_empty()
                && let Some(last) = out.last_mut()
            {
                last.spans.push(Span::styled(piece.to_owned(), style));
            }
        }
    }
    out
}
