//! The two dialogs with text fields: logging in to a remote API (after a
//! 401) and adding a prompt. Their fields are named, not numbered: each
//! dialog is a struct of editors, listed once in its `fields`.

use std::any::Any;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::compose::form::normalise_newlines;
use super::overlay::{Effect, Overlay, Reply};
use crate::model::NewPrompt;
use crate::sanitize;
use crate::tui::action::Action;
use crate::tui::keymap::Ctx;
use crate::tui::main_screen::App;
use crate::tui::theme;
use crate::tui::widgets::{boxed, centered, hint_line};

/// A one-line (or, with `rows`, taller) editor; `masked` hides what is typed.
fn editor(masked: bool) -> TextArea<'static> {
    let mut t = TextArea::default();
    if masked {
        t.set_mask_char('\u{2022}');
    }
    t.set_cursor_line_style(Style::default());
    t
}

fn text_of(t: &TextArea<'_>) -> String {
    t.lines().join("\n")
}

/// What the dialogs have in common: the focused field, the error line,
/// whether the request is under way.
#[derive(Debug, Clone, Default)]
pub struct DialogState {
    /// The focused field, in the dialog's order.
    pub focus: usize,
    /// Why the last attempt failed, shown in the dialog.
    pub error: Option<String>,
    /// Whether its request is under way.
    pub busy: bool,
}

impl DialogState {
    /// The request ended with `text` as its reason: shown in the dialog,
    /// which takes input again.
    fn failed(&mut self, text: &str) -> bool {
        self.busy = false;
        self.error = Some(text.to_owned());
        true
    }
}

/// Log in to the remote API.
#[derive(Debug, Clone)]
pub struct LoginDialog {
    /// The email field.
    pub email: TextArea<'static>,
    /// The password field (masked).
    pub password: TextArea<'static>,
    /// Focus, error, busy.
    pub state: DialogState,
}

impl LoginDialog {
    /// An empty login dialog saying why it is asked.
    #[must_use]
    pub fn new(why: String) -> Self {
        Self {
            email: editor(false),
            password: editor(true),
            state: DialogState {
                error: Some(why),
                ..DialogState::default()
            },
        }
    }

    /// The email typed, trimmed.
    #[must_use]
    pub fn email(&self) -> String {
        text_of(&self.email).trim().to_owned()
    }

    fn fields(&self) -> [(&'static str, &TextArea<'static>, u16); 2] {
        [("Email", &self.email, 3), ("Password", &self.password, 3)]
    }

    fn focused_mut(&mut self) -> &mut TextArea<'static> {
        if self.state.focus == 0 {
            &mut self.email
        } else {
            &mut self.password
        }
    }

    fn confirm(&mut self) -> Reply {
        let (email, password) = (self.email(), text_of(&self.password));
        if email.is_empty() || password.is_empty() {
            self.state.error = Some("Enter your email and password.".to_owned());
            return Reply::Keep;
        }
        self.state.busy = true;
        self.state.error = None;
        Reply::Also(Effect::Login { email, password })
    }
}

/// Add a prompt.
#[derive(Debug, Clone)]
pub struct AddPromptDialog {
    /// The title field.
    pub title: TextArea<'static>,
    /// The model field.
    pub model: TextArea<'static>,
    /// The tags field (comma-separated).
    pub tags: TextArea<'static>,
    /// The content field (several lines: Enter breaks a line here).
    pub content: TextArea<'static>,
    /// Focus, error, busy.
    pub state: DialogState,
}

impl Default for AddPromptDialog {
    fn default() -> Self {
        Self {
            title: editor(false),
            model: editor(false),
            tags: editor(false),
            content: editor(false),
            state: DialogState::default(),
        }
    }
}

/// The index of the content field, the last one.
const CONTENT: usize = 3;

impl AddPromptDialog {
    fn fields(&self) -> [(&'static str, &TextArea<'static>, u16); 4] {
        [
            ("Title", &self.title, 3),
            ("Model", &self.model, 3),
            ("Tags (comma-separated)", &self.tags, 3),
            ("Content", &self.content, 7),
        ]
    }

    fn focused_mut(&mut self) -> &mut TextArea<'static> {
        match self.state.focus {
            0 => &mut self.title,
            1 => &mut self.model,
            2 => &mut self.tags,
            _ => &mut self.content,
        }
    }

    /// The prompt the fields describe.
    #[must_use]
    pub fn prompt(&self) -> NewPrompt {
        let tags: Vec<String> = text_of(&self.tags)
            .split(',')
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .collect();
        NewPrompt {
            title: text_of(&self.title).trim().to_owned(),
            model: text_of(&self.model).trim().to_owned(),
            tags: (!tags.is_empty()).then_some(tags),
            content: text_of(&self.content),
        }
    }

    fn confirm(&mut self) -> Reply {
        let prompt = self.prompt();
        let value = serde_json::to_value(&prompt).unwrap_or_default();
        if let Err(p) = crate::model::validate_new_prompt(&value) {
            self.state.error = Some(p.to_string());
            return Reply::Keep;
        }
        self.state.busy = true;
        self.state.error = None;
        Reply::Also(Effect::CreatePrompt(prompt))
    }
}

/// The keys both dialogs share: fields in turn, Enter, cancel, quit.
fn act_common(
    state: &mut DialogState,
    n: usize,
    multiline: Option<usize>,
    action: Action,
) -> Option<Reply> {
    match action {
        Action::FocusNext => state.focus = (state.focus + 1) % n,
        Action::FocusPrev => state.focus = (state.focus + n - 1) % n,
        Action::Open if state.focus + 1 < n && Some(state.focus) != multiline => state.focus += 1,
        Action::Open | Action::Submit => return None,
        Action::Quit => return Some(Reply::Then(Effect::Quit)),
        _ => {}
    }
    Some(Reply::Keep)
}

impl Overlay for LoginDialog {
    fn contexts(&self) -> Vec<Ctx> {
        vec![Ctx::Dialog, Ctx::Global]
    }

    fn act(&mut self, action: Action, _app: &App) -> Reply {
        if action == Action::Back {
            return Reply::Then(Effect::LoginAbandoned);
        }
        act_common(&mut self.state, 2, None, action).unwrap_or_else(|| self.confirm())
    }

    fn type_key(&mut self, key: KeyEvent) {
        self.focused_mut().input(key);
    }

    fn paste(&mut self, text: &str) {
        self.focused_mut().insert_str(normalise_newlines(text));
    }

    fn show_error(&mut self, text: &str) -> bool {
        self.state.failed(text)
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App) {
        draw_dialog(frame, area, "Log in", &self.fields(), &self.state);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Overlay for AddPromptDialog {
    fn contexts(&self) -> Vec<Ctx> {
        vec![Ctx::Dialog, Ctx::Global]
    }

    fn act(&mut self, action: Action, _app: &App) -> Reply {
        if action == Action::Back {
            return Reply::Close;
        }
        act_common(&mut self.state, 4, Some(CONTENT), action).unwrap_or_else(|| self.confirm())
    }

    fn type_key(&mut self, key: KeyEvent) {
        self.focused_mut().input(key);
    }

    fn paste(&mut self, text: &str) {
        self.focused_mut().insert_str(normalise_newlines(text));
    }

    fn show_error(&mut self, text: &str) -> bool {
        self.state.failed(text)
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App) {
        draw_dialog(frame, area, "Add a prompt", &self.fields(), &self.state);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn draw_dialog(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    fields: &[(&'static str, &TextArea<'static>, u16)],
    state: &DialogState,
) {
    let h = fields.iter().map(|f| f.2).sum::<u16>() + 5;
    let rect = centered(area, 70, h);
    let inner = boxed(frame, rect, title);
    let mut y = inner.y;
    for (i, (label, editor, fh)) in fields.iter().enumerate() {
        let r = Rect::new(
            inner.x,
            y,
            inner.width,
            (*fh).min(inner.bottom().saturating_sub(y)),
        );
        let style = if i == state.focus {
            theme::focused()
        } else {
            theme::unfocused()
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(style)
            .title(format!(" {label} "));
        let fi = block.inner(r);
        frame.render_widget(block, r);
        frame.render_widget(*editor, fi);
        y += fh;
    }
    let mut lines = Vec::new();
    if state.busy {
        lines.push(Line::from(Span::styled("Working\u{2026}", theme::key())));
    } else if let Some(e) = &state.error {
        lines.push(Line::from(Span::styled(
            sanitize::line(e).into_owned(),
            theme::problem(),
        )));
    } else {
        lines.push(Line::from(""));
    }
    lines.push(hint_line(Ctx::Dialog));
    let r = Rect::new(inner.x, y, inner.width, inner.bottom().saturating_sub(y));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), r);
}
