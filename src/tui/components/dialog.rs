//! What the dialogs with text fields share (their state, their common keys,
//! their drawing, the question before discarding typed text) and the
//! login dialog (after a 401). The prompt dialogs are in `prompt_dialog.rs`.
//! One-line fields are [`LineEditor`]s; multi-line ones textareas.

use std::any::Any;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::overlay::{Effect, Overlay, Reply};
use crate::sanitize;
use crate::tui::action::Action;
use crate::tui::keymap::Ctx;
use crate::tui::line_editor::LineEditor;
use crate::tui::main_screen::App;
use crate::tui::theme;
use crate::tui::widgets::{boxed, centered, hint_line};

/// A multi-line editor for a dialog.
#[must_use]
pub fn area_editor(text: &str) -> TextArea<'static> {
    let mut t = TextArea::new(text.split('\n').map(str::to_owned).collect());
    t.set_cursor_line_style(Style::default());
    t.move_cursor(ratatui_textarea::CursorMove::Bottom);
    t.move_cursor(ratatui_textarea::CursorMove::End);
    t
}

/// One field of a dialog, as drawn.
#[derive(Debug, Clone, Copy)]
pub enum FieldView<'a> {
    /// A one-line field.
    Line(&'a LineEditor),
    /// A multi-line field.
    Area(&'a TextArea<'static>),
}

/// What the dialogs have in common: the focused field, the error line,
/// whether the request is under way, whether it asks before discarding.
#[derive(Debug, Clone, Default)]
pub struct DialogState {
    /// The focused field, in the dialog's order.
    pub focus: usize,
    /// Why the last attempt failed, shown in the dialog.
    pub error: Option<String>,
    /// Whether its request is under way.
    pub busy: bool,
    /// Esc was pressed with text typed: "discard it?" is asked.
    pub asking: bool,
}

impl DialogState {
    /// The request ended with `text` as its reason: shown in the dialog,
    /// which takes input again.
    pub fn failed(&mut self, text: &str) -> bool {
        self.busy = false;
        self.error = Some(text.to_owned());
        true
    }

    /// The contexts in force: the question's keys while it is asked.
    #[must_use]
    pub fn contexts(&self) -> Vec<Ctx> {
        if self.asking {
            vec![Ctx::Confirm]
        } else {
            vec![Ctx::Dialog, Ctx::Global]
        }
    }

    /// Esc, and the answer to "discard it?": closes at once when nothing
    /// was typed (`dirty` false), else asks first. `None`: not these keys.
    pub fn discard_keys(&mut self, action: Action, dirty: bool) -> Option<Reply> {
        match action {
            Action::Back if self.asking => self.asking = false,
            Action::Back if dirty => self.asking = true,
            Action::Back | Action::Yes if !dirty || self.asking => return Some(Reply::Close),
            Action::No => self.asking = false,
            _ if self.asking => {}
            _ => return None,
        }
        Some(Reply::Keep)
    }
}

/// Log in to the remote API.
#[derive(Debug, Clone)]
pub struct LoginDialog {
    /// The email field.
    pub email: LineEditor,
    /// The password field (masked).
    pub password: LineEditor,
    /// Focus, error, busy.
    pub state: DialogState,
}

impl LoginDialog {
    /// An empty login dialog saying why it is asked.
    #[must_use]
    pub fn new(why: String) -> Self {
        Self {
            email: LineEditor::default(),
            password: LineEditor::default().masked('\u{2022}'),
            state: DialogState {
                error: Some(why),
                ..DialogState::default()
            },
        }
    }

    /// The email typed, trimmed.
    #[must_use]
    pub fn email(&self) -> String {
        self.email.text().trim().to_owned()
    }

    fn fields(&self) -> [(&'static str, FieldView<'_>, u16); 2] {
        [
            ("Email", FieldView::Line(&self.email), 3),
            ("Password", FieldView::Line(&self.password), 3),
        ]
    }

    fn focused_mut(&mut self) -> &mut LineEditor {
        if self.state.focus == 0 {
            &mut self.email
        } else {
            &mut self.password
        }
    }

    fn confirm(&mut self) -> Reply {
        let (email, password) = (self.email(), self.password.text());
        if email.is_empty() || password.is_empty() {
            self.state.error = Some("Enter your email and password.".to_owned());
            return Reply::Keep;
        }
        self.state.busy = true;
        self.state.error = None;
        Reply::Also(Effect::Login { email, password })
    }
}

/// The keys the dialogs share: fields in turn, Enter, cancel, quit.
/// `None`: confirm (Enter on the last one-line field, Ctrl-S).
pub fn act_common(state: &mut DialogState, n: usize, action: Action) -> Option<Reply> {
    match action {
        Action::FocusNext => state.focus = (state.focus + 1) % n,
        Action::FocusPrev => state.focus = (state.focus + n - 1) % n,
        Action::Open if state.focus + 1 < n => state.focus += 1,
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
        act_common(&mut self.state, 2, action).unwrap_or_else(|| self.confirm())
    }

    fn type_key(&mut self, key: KeyEvent) {
        self.focused_mut().input(key);
    }

    fn paste(&mut self, text: &str) {
        self.focused_mut().insert_str(text);
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

/// Draws a dialog titled `title` with `fields` (label, editor, height).
pub fn draw_dialog(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    fields: &[(&'static str, FieldView<'_>, u16)],
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
        let focused = i == state.focus && !state.asking;
        let style = if focused {
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
        match editor {
            FieldView::Line(e) => e.paint(fi, frame.buffer_mut(), focused),
            FieldView::Area(t) => frame.render_widget(*t, fi),
        }
        y += fh;
    }
    let mut lines = Vec::new();
    if state.asking {
        lines.push(Line::from(Span::styled(
            "Discard what you typed? y discards it, n goes back to it.",
            theme::problem(),
        )));
        lines.push(hint_line(Ctx::Confirm));
    } else {
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
    }
    let r = Rect::new(inner.x, y, inner.width, inner.bottom().saturating_sub(y));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), r);
}
