//! The diff overlay: two logs of the same prompt side by side, model,
//! score and notes (in full) above each, the heads of equal height so the
//! texts start on the same row, the words only on one side highlighted;
//! `r` shows both rendered as markdown instead. The word diff is computed
//! once, when the overlay opens (never while drawing).

use std::any::Any;
use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use similar::{ChangeTag, TextDiff};

use super::overlay::{Overlay, Reply, scroll_or_close};
use crate::model::Log;
use crate::sanitize;
use crate::tui::action::Action;
use crate::tui::keymap::Ctx;
use crate::tui::main_screen::App;
use crate::tui::reading::{self, Reading};
use crate::tui::theme::{self, Slot};
use crate::tui::widgets::{boxed, centered, hint_line};

/// How long the diff may search before settling for a coarser answer
/// (1 MiB outputs must not freeze the screen).
const DIFF_TIMEOUT: Duration = Duration::from_millis(250);

/// What a run of words is, seen from the two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// In both.
    Same,
    /// Only in the left (marked) log.
    Left,
    /// Only in the right log.
    Right,
}

/// Two logs and their word diff.
#[derive(Debug, Clone, PartialEq)]
pub struct LogDiff {
    /// The log marked first.
    pub left: Log,
    /// The log picked second.
    pub right: Log,
    /// Runs of words in order, each with the side(s) it belongs to.
    pub runs: Vec<(Part, String)>,
    /// Scroll offset of both sides.
    pub scroll: u16,
    /// Whether both sides are shown rendered as markdown (no word marks).
    pub rendered: bool,
    /// The rendered sides at the last width drawn.
    readings: [Reading; 2],
}

impl LogDiff {
    /// Compares `left`'s output with `right`'s, word by word.
    #[must_use]
    pub fn new(left: Log, right: Log) -> Self {
        let runs = word_diff(&left.output, &right.output);
        Self {
            left,
            right,
            runs,
            scroll: 0,
            rendered: false,
            readings: [Reading::default(), Reading::default()],
        }
    }

    /// Words changed on each side (left only, right only).
    #[must_use]
    pub fn changed_words(&self) -> (usize, usize) {
        let count = |side| {
            self.runs
                .iter()
                .filter(|(p, _)| *p == side)
                .map(|(_, t)| t.split_whitespace().count())
                .sum()
        };
        (count(Part::Left), count(Part::Right))
    }
}

/// The word diff of `a` and `b` as runs: consecutive words of the same
/// kind are joined.
#[must_use]
pub fn word_diff(a: &str, b: &str) -> Vec<(Part, String)> {
    let diff = TextDiff::configure().timeout(DIFF_TIMEOUT).diff_words(a, b);
    let mut runs: Vec<(Part, String)> = Vec::new();
    for change in diff.iter_all_changes() {
        let part = match change.tag() {
            ChangeTag::Equal => Part::Same,
            ChangeTag::Delete => Part::Left,
            ChangeTag::Insert => Part::Right,
        };
        let text = change.value();
        match runs.last_mut() {
            Some((p, t)) if *p == part => t.push_str(text),
            _ => runs.push((part, text.to_owned())),
        }
    }
    runs
}

impl Overlay for LogDiff {
    fn contexts(&self) -> Vec<Ctx> {
        vec![Ctx::Diff]
    }

    fn act(&mut self, action: Action, _app: &App) -> Reply {
        if action == Action::ToggleRaw {
            self.rendered = !self.rendered;
            return Reply::Keep;
        }
        scroll_or_close(&mut self.scroll, action)
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App) {
        render_diff(frame, area, self);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Draws the diff of two logs over the screen.
fn render_diff(frame: &mut Frame, area: Rect, diff: &LogDiff) {
    let rect = centered(
        area,
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    );
    let (l, r) = diff.changed_words();
    let words = |n: usize| if n == 1 { "word" } else { "words" };
    let mode = if diff.rendered {
        "rendered"
    } else {
        "word diff"
    };
    let inner = boxed(
        frame,
        rect,
        &format!(
            "Diff \u{b7} {l} {} only left, {r} {} only right \u{b7} {mode}",
            words(l),
            words(r)
        ),
    );
    let [sides, hints] = Layout::vertical([Constraint::Min(4), Constraint::Length(1)]).areas(inner);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(sides);
    // Both heads as tall as the taller, so the two texts start level.
    let width = usize::from(left.width.saturating_sub(2).max(1));
    let heads = [head(&diff.left, width), head(&diff.right, width)];
    let most = u16::try_from(heads[0].len().max(heads[1].len())).unwrap_or(u16::MAX);
    let head_h = most.min(sides.height.saturating_sub(2) / 2).max(1);
    let sides = [(left, Part::Left), (right, Part::Right)];
    for (i, (area, own)) in sides.into_iter().enumerate() {
        draw_side(frame, area, diff, i, own, (&heads[i], head_h));
    }
    frame.render_widget(Paragraph::new(hint_line(Ctx::Diff)), hints);
}

/// Draws side `i` (`own` part) of `diff` in `area`: its box, its head
/// (`head_h` rows tall), a rule, and its text scrolled.
fn draw_side(
    frame: &mut Frame,
    area: Rect,
    diff: &LogDiff,
    i: usize,
    own: Part,
    (head, head_h): (&[Line<'static>], u16),
) {
    let log = if own == Part::Left {
        &diff.left
    } else {
        &diff.right
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::unfocused())
        .title(format!(" {} ", sanitize::line(&log.id)));
    let inside = block.inner(area);
    frame.render_widget(block, area);
    let [top, rule, body] = Layout::vertical([
        Constraint::Length(head_h),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inside);
    reading::draw(frame, top, head, 0);
    let line = "\u{2500}".repeat(usize::from(rule.width));
    frame.render_widget(Paragraph::new(line).style(theme::dim()), rule);
    let text = if diff.rendered {
        diff.readings[i]
            .lines(&log.output, false, body.width)
            .to_vec()
    } else {
        reading::wrap(&lines(diff, own), usize::from(body.width.max(1)))
    };
    reading::draw(frame, body, &text, diff.scroll);
}

/// A side's head: model, score and the notes in full, wrapped to `width`.
fn head(log: &Log, width: usize) -> Vec<Line<'static>> {
    let score = log.score.map_or_else(|| "-".to_owned(), |s| format!("{s}"));
    let notes = log.notes.as_deref().filter(|n| !n.trim().is_empty());
    let mut lines = vec![Line::from(vec![
        Span::styled("model ", theme::dim()),
        Span::raw(sanitize::line(&log.model_used).into_owned()),
        Span::styled("  score ", theme::dim()),
        Span::raw(score),
    ])];
    let notes = sanitize::text(notes.unwrap_or("(no notes)")).into_owned();
    for (i, l) in notes.lines().enumerate() {
        let label = if i == 0 { "notes " } else { "      " };
        lines.push(Line::from(vec![
            Span::styled(label, theme::dim()),
            Span::raw(l.to_owned()),
        ]));
    }
    reading::wrap(&lines, width)
}

/// The runs of one side as lines, its own changes highlighted.
fn lines(diff: &LogDiff, own: Part) -> Vec<Line<'static>> {
    let changed = match own {
        Part::Left => theme::style(Slot::DiffRemove),
        _ => theme::style(Slot::DiffAdd),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_kept_removed_and_added() {
        let runs = word_diff("revenue rose 12% online", "revenue fell 3% online");
        assert_eq!(runs[0], (Part::Same, "revenue ".to_owned()));
        let left: String = runs
            .iter()
            .filter(|(p, _)| *p != Part::Right)
            .map(|(_, t)| t.as_str())
            .collect();
        let right: String = runs
            .iter()
            .filter(|(p, _)| *p != Part::Left)
            .map(|(_, t)| t.as_str())
            .collect();
        assert_eq!(left, "revenue rose 12% online");
        assert_eq!(right, "revenue fell 3% online");
        assert!(runs.contains(&(Part::Left, "rose".to_owned())));
        assert!(runs.contains(&(Part::Right, "3%".to_owned())));
        assert!(
            word_diff("same", "same")
                .iter()
                .all(|(p, _)| *p == Part::Same)
        );
    }
}
