//! The prompt dialog: adding a prompt (`a`) and editing one (`e`: title,
//! model, tags, content, saved through PATCH /prompts/:id with only the
//! fields that changed). Enter moves to the next field and breaks a line
//! in Content (so does Alt-Enter); Ctrl-S saves; Esc asks before
//! discarding typed text.

use std::any::Any;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui_textarea::TextArea;

use super::compose::form::normalise_newlines;
use super::dialog::{DialogState, FieldView, act_common, area_editor, draw_dialog};
use super::overlay::{Effect, Overlay, Reply};
use crate::model::{NewPrompt, Prompt, PromptPatch};
use crate::tui::action::Action;
use crate::tui::keymap::Ctx;
use crate::tui::line_editor::LineEditor;
use crate::tui::main_screen::App;

/// The index of the content field, the last one.
const CONTENT: usize = 3;

/// Add a prompt, or edit one.
#[derive(Debug, Clone)]
pub struct PromptDialog {
    /// The title field.
    pub title: LineEditor,
    /// The model field.
    pub model: LineEditor,
    /// The tags field (comma-separated).
    pub tags: LineEditor,
    /// The content field (several lines).
    pub content: TextArea<'static>,
    /// Focus, error, busy, the discard question.
    pub state: DialogState,
    /// The prompt being edited; `None` when adding one.
    pub editing: Option<Prompt>,
}

impl Default for PromptDialog {
    fn default() -> Self {
        Self {
            title: LineEditor::default(),
            model: LineEditor::default(),
            tags: LineEditor::default(),
            content: area_editor(""),
            state: DialogState::default(),
            editing: None,
        }
    }
}

impl PromptDialog {
    /// The dialog editing `prompt`, its fields filled in.
    #[must_use]
    pub fn edit(prompt: &Prompt) -> Self {
        Self {
            title: LineEditor::new(&prompt.title),
            model: LineEditor::new(&prompt.model),
            tags: LineEditor::new(&prompt.tags.join(", ")),
            content: area_editor(&prompt.content),
            state: DialogState::default(),
            editing: Some(prompt.clone()),
        }
    }

    fn fields(&self) -> [(&'static str, FieldView<'_>, u16); 4] {
        [
            ("Title", FieldView::Line(&self.title), 3),
            ("Model", FieldView::Line(&self.model), 3),
            ("Tags (comma-separated)", FieldView::Line(&self.tags), 3),
            (
                "Content (Enter or Alt-Enter: new line)",
                FieldView::Area(&self.content),
                7,
            ),
        ]
    }

    fn focused_line(&mut self) -> Option<&mut LineEditor> {
        match self.state.focus {
            0 => Some(&mut self.title),
            1 => Some(&mut self.model),
            2 => Some(&mut self.tags),
            _ => None,
        }
    }

    /// The prompt the fields describe.
    #[must_use]
    pub fn prompt(&self) -> NewPrompt {
        let tags = split_tags(&self.tags.text());
        NewPrompt {
            title: self.title.text().trim().to_owned(),
            model: self.model.text().trim().to_owned(),
            tags: (!tags.is_empty()).then_some(tags),
            content: self.content.lines().join("\n"),
        }
    }

    /// What changed from the prompt being edited (every field when adding).
    #[must_use]
    pub fn patch(&self) -> PromptPatch {
        let now = self.prompt();
        let Some(was) = &self.editing else {
            return PromptPatch {
                title: Some(now.title),
                content: Some(now.content),
                model: Some(now.model),
                tags: now.tags,
            };
        };
        let tags = now.tags.unwrap_or_default();
        PromptPatch {
            title: (now.title != was.title).then_some(now.title),
            content: (now.content != was.content).then_some(now.content),
            model: (now.model != was.model).then_some(now.model),
            tags: (tags != was.tags).then_some(tags),
        }
    }

    /// Whether something was typed that Esc would lose.
    #[must_use]
    pub fn dirty(&self) -> bool {
        match &self.editing {
            Some(_) => self.patch() != PromptPatch::default(),
            None => {
                let p = self.prompt();
                !(p.title.is_empty()
                    && p.model.is_empty()
                    && p.tags.is_none()
                    && p.content.trim().is_empty())
            }
        }
    }

    fn confirm(&mut self) -> Reply {
        let prompt = self.prompt();
        let value = serde_json::to_value(&prompt).unwrap_or_default();
        if let Err(p) = crate::model::validate_new_prompt(&value) {
            self.state.error = Some(p.to_string());
            return Reply::Keep;
        }
        let effect = match &self.editing {
            None => Effect::CreatePrompt(prompt),
            Some(was) => {
                let patch = self.patch();
                if patch == PromptPatch::default() {
                    return Reply::Then(Effect::Say("Nothing changed.".to_owned()));
                }
                Effect::UpdatePrompt {
                    id: was.id.clone(),
                    patch,
                }
            }
        };
        self.state.busy = true;
        self.state.error = None;
        Reply::Also(effect)
    }
}

/// Comma-separated tags, trimmed, blanks left out.
fn split_tags(text: &str) -> Vec<String> {
    text.split(',')
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect()
}

impl Overlay for PromptDialog {
    fn contexts(&self) -> Vec<Ctx> {
        self.state.contexts()
    }

    fn act(&mut self, action: Action, _app: &App) -> Reply {
        let dirty = self.dirty();
        if let Some(reply) = self.state.discard_keys(action, dirty) {
            return reply;
        }
        let in_content = self.state.focus == CONTENT;
        if in_content && matches!(action, Action::Open | Action::NewLine) {
            self.content.insert_newline();
            return Reply::Keep;
        }
        if action == Action::Open || action == Action::NewLine {
            // Enter on a one-line field moves on; it never saves.
            self.state.focus += 1;
            return Reply::Keep;
        }
        act_common(&mut self.state, 4, action).unwrap_or_else(|| self.confirm())
    }

    fn type_key(&mut self, key: KeyEvent) {
        match self.focused_line() {
            Some(line) => {
                line.input(key);
            }
            None => {
                self.content.input(key);
            }
        }
    }

    fn paste(&mut self, text: &str) {
        match self.focused_line() {
            Some(line) => line.insert_str(text),
            None => {
                self.content.insert_str(normalise_newlines(text));
            }
        }
    }

    fn show_error(&mut self, text: &str) -> bool {
        self.state.failed(text)
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App) {
        let title = match &self.editing {
            None => "Add a prompt".to_owned(),
            Some(p) => format!("Edit prompt {}", crate::sanitize::line(&p.id)),
        };
        draw_dialog(frame, area, &title, &self.fields(), &self.state);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
