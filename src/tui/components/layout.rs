//! Where each pane goes, computed from the terminal size alone, so drawing
//! and mouse hit-testing agree.

use ratatui::layout::{Constraint, Layout, Position, Rect};

use super::compose::Field;
use crate::tui::main_screen::Focus;

/// The smallest terminal the main screen works in.
pub const MIN_SIZE: (u16, u16) = (80, 24);

/// The rectangles of the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// The prompt list.
    pub prompts: Rect,
    /// The logs of the shown prompt.
    pub logs: Rect,
    /// The shown prompt's content.
    pub prompt: Rect,
    /// The output editor.
    pub output: Rect,
    /// The model field.
    pub model: Rect,
    /// The score field.
    pub score: Rect,
    /// The notes editor.
    pub notes: Rect,
    /// The message line.
    pub banner: Rect,
    /// The status bar.
    pub status: Rect,
}

impl Areas {
    /// The layout for a screen of `area`.
    #[must_use]
    pub fn new(area: Rect) -> Self {
        let [main, banner, status] = Layout::vertical([
            Constraint::Min(10),
            Constraint::Length(2),
            Constraint::Length(1),
        ])
        .areas(area);
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(36), Constraint::Percentage(64)])
                .areas(main);
        let [prompts, logs] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(left);
        let [prompt, output, fields, notes] = Layout::vertical([
            Constraint::Percentage(28),
            Constraint::Min(6),
            Constraint::Length(3),
            Constraint::Length(5),
        ])
        .areas(right);
        let [model, score] =
            Layout::horizontal([Constraint::Min(20), Constraint::Length(24)]).areas(fields);
        Self {
            prompts,
            logs,
            prompt,
            output,
            model,
            score,
            notes,
            banner,
            status,
        }
    }

    /// The pane or field at a screen position.
    #[must_use]
    pub fn focus_at(&self, at: Position) -> Option<Focus> {
        [
            (self.prompts, Focus::Prompts),
            (self.logs, Focus::Logs),
            (self.prompt, Focus::Prompt),
            (self.output, Focus::Form(Field::Output)),
            (self.model, Focus::Form(Field::Model)),
            (self.score, Focus::Form(Field::Score)),
            (self.notes, Focus::Form(Field::Notes)),
        ]
        .into_iter()
        .find(|(r, _)| r.contains(at))
        .map(|(_, f)| f)
    }
}
