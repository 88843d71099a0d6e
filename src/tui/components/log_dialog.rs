//! Correcting a log (`e` in the logs): its score and notes, saved through
//! PATCH /logs/:id (our server's extension) so the log keeps its id and
//! the time it was logged. Esc asks before discarding a change.

use std::any::Any;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui_textarea::TextArea;

use super::compose::form::normalise_newlines;
use super::dialog::{DialogState, FieldView, act_common, area_editor, draw_dialog};
use super::overlay::{Effect, Overlay, Reply};
use crate::model::{Log, LogPatch, NewLog};
use crate::tui::action::Action;
use crate::tui::keymap::Ctx;
use crate::tui::line_editor::LineEditor;
use crate::tui::main_screen::App;

/// The index of the notes field.
const NOTES: usize = 1;

/// Edit a log's score and notes.
#[derive(Debug, Clone)]
pub struct LogDialog {
    /// The log as it is.
    pub log: Log,
    /// The score field (0-10, blank for none).
    pub score: LineEditor,
    /// The notes field.
    pub notes: TextArea<'static>,
    /// Focus, error, busy, the discard question.
    pub state: DialogState,
}

impl LogDialog {
    /// The dialog for `log`, filled in.
    #[must_use]
    pub fn new(log: Log) -> Self {
        let score = log
            .score
            .map(|s| format!("{}", s.round()))
            .unwrap_or_default();
        Self {
            score: LineEditor::new(&score),
            notes: area_editor(log.notes.as_deref().unwrap_or("")),
            log,
            state: DialogState::default(),
        }
    }

    fn score_value(&self) -> Result<Option<i64>, ()> {
        let text = self.score.text();
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        match text.parse::<i64>() {
            Ok(n) if (0..=10).contains(&n) => Ok(Some(n)),
            _ => Err(()),
        }
    }

    /// What changed: the score and the notes, each when it differs.
    #[must_use]
    pub fn patch(&self) -> LogPatch {
        let was_score = self.log.score.map(|s| s.round() as i64);
        let score = self.score_value().ok().flatten();
        let notes = self.notes.lines().join("\n");
        LogPatch {
            score: (score != was_score).then_some(score).flatten(),
            notes: (notes != self.log.notes.clone().unwrap_or_default()).then_some(notes),
        }
    }

    fn confirm(&mut self) -> Reply {
        if self.score_value().is_err() {
            self.state.error = Some("The score must be a whole number from 0 to 10.".to_owned());
            return Reply::Keep;
        }
        let patch = self.patch();
        if patch == LogPatch::default() {
            return Reply::Then(Effect::Say("Nothing changed.".to_owned()));
        }
        self.state.busy = true;
        self.state.error = None;
        Reply::Also(Effect::UpdateLog {
            log: self.log.clone(),
            patch,
        })
    }
}

/// The corrected copy of `log` a server without PATCH /logs gets instead.
#[must_use]
pub fn corrected_copy(log: &Log, patch: &LogPatch) -> NewLog {
    NewLog {
        prompt_id: log.prompt_id.clone(),
        output: log.output.clone(),
        model_used: log.model_used.clone(),
        notes: patch
            .notes
            .clone()
            .or_else(|| log.notes.clone())
            .filter(|n| !n.trim().is_empty()),
        score: patch.score.or_else(|| log.score.map(|s| s.round() as i64)),
    }
}

impl Overlay for LogDialog {
    fn contexts(&self) -> Vec<Ctx> {
        self.state.contexts()
    }

    fn act(&mut self, action: Action, _app: &App) -> Reply {
        let dirty = self.patch() != LogPatch::default();
        if let Some(reply) = self.state.discard_keys(action, dirty) {
            return reply;
        }
        if self.state.focus == NOTES && matches!(action, Action::Open | Action::NewLine) {
            self.notes.insert_newline();
            return Reply::Keep;
        }
        if action == Action::NewLine {
            return Reply::Keep;
        }
        act_common(&mut self.state, 2, action).unwrap_or_else(|| self.confirm())
    }

    fn type_key(&mut self, key: KeyEvent) {
        if self.state.focus == NOTES {
            self.notes.input(key);
        } else {
            self.score.input(key);
        }
    }

    fn paste(&mut self, text: &str) {
        if self.state.focus == NOTES {
            self.notes.insert_str(normalise_newlines(text));
        } else {
            self.score.insert_str(text);
        }
    }

    fn show_error(&mut self, text: &str) -> bool {
        self.state.failed(text)
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App) {
        let title = format!("Correct log {}", crate::sanitize::line(&self.log.id));
        let fields = [
            (
                "Score (0-10, blank for none)",
                FieldView::Line(&self.score),
                3,
            ),
            ("Notes (Enter: new line)", FieldView::Area(&self.notes), 6),
        ];
        draw_dialog(frame, area, &title, &fields, &self.state);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
