//! The [`Overlay`] trait: a dialog or view drawn over the main screen. Each
//! overlay is one component in its own file, owning its state, the actions
//! of its keymap context, and its drawing; it asks the main screen for what
//! reaches beyond it through a [`Reply`]. Opening one is one line:
//! `app.open(Box::new(…))`.

use std::any::Any;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::model::{Log, LogPatch, NewLog, NewPrompt, PromptPatch};
use crate::tui::action::Action;
use crate::tui::keymap::Ctx;
use crate::tui::main_screen::App;

/// What the main screen should do after an overlay handled an action.
#[derive(Debug)]
pub enum Reply {
    /// Nothing more: the overlay stays.
    Keep,
    /// Close the overlay.
    Close,
    /// Put this overlay in its place.
    Open(Box<dyn Overlay>),
    /// Close the overlay and do this.
    Then(Effect),
    /// Keep the overlay and do this (a dialog's request).
    Also(Effect),
    /// Not the overlay's business: the screen handles the action as a
    /// global one (quit, help, submit, the outbox keys).
    Pass,
}

/// What an overlay asks of the main screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Quit (asking first when forms hold unsent text).
    Quit,
    /// Quit now, as the user confirmed.
    QuitNow,
    /// Delete this log.
    DeleteLog(Log),
    /// Send this log although it repeats one already logged.
    SendAnyway(NewLog),
    /// Discard this prompt's draft.
    DiscardDraft(String),
    /// Discard this outbox entry.
    DiscardOutbox(String),
    /// Put outbox entry number `n` back into its prompt's form.
    EditOutbox(usize),
    /// Log in with these.
    Login {
        /// Email.
        email: String,
        /// Password.
        password: String,
    },
    /// The login dialog was closed without logging in.
    LoginAbandoned,
    /// Create this prompt.
    CreatePrompt(NewPrompt),
    /// Change these fields of prompt `id`.
    UpdatePrompt {
        /// The prompt.
        id: String,
        /// What changes.
        patch: PromptPatch,
    },
    /// Delete this prompt (and its logs).
    DeletePrompt(String),
    /// Change the score and notes of this log.
    UpdateLog {
        /// The log as it is.
        log: Log,
        /// What changes.
        patch: LogPatch,
    },
    /// Log `copy` and delete `old` (a server without PATCH /logs).
    ReplaceLog {
        /// The log to replace.
        old: Log,
        /// Its corrected copy.
        copy: NewLog,
    },
    /// Say this on the message line.
    Say(String),
    /// Copy this text to the clipboard (OSC 52).
    Copy(String),
}

/// A dialog or view over the main screen.
pub trait Overlay: std::fmt::Debug {
    /// The keymap contexts in force while it is open, most specific last.
    fn contexts(&self) -> Vec<Ctx>;

    /// Handles an action its contexts bound.
    fn act(&mut self, action: Action, app: &App) -> Reply;

    /// A key no binding took (text entry); most overlays ignore it.
    fn type_key(&mut self, _key: KeyEvent) {}

    /// A paste; most overlays ignore it.
    fn paste(&mut self, _text: &str) {}

    /// Shows an error in the overlay itself, if it has a place for one
    /// (a dialog's error line); `false` sends it to the banner.
    fn show_error(&mut self, _text: &str) -> bool {
        false
    }

    /// Draws it over `area`; only reads.
    fn render(&self, frame: &mut Frame, area: Rect, app: &App);

    /// Itself, for tests that look inside.
    fn as_any(&self) -> &dyn Any;
}

/// The keys of a read-only overlay that scrolls: Esc closes it, Up/Down/
/// PgUp/PgDn move `scroll`, anything else passes on.
pub fn scroll_or_close(scroll: &mut u16, action: Action) -> Reply {
    match action {
        Action::Back => Reply::Close,
        Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
            *scroll = crate::tui::widgets::scrolled(*scroll, step(action));
            Reply::Keep
        }
        _ => Reply::Pass,
    }
}

/// How far an Up/Down/PgUp/PgDn moves, in lines or rows.
#[must_use]
pub fn step(action: Action) -> isize {
    match action {
        Action::Up => -1,
        Action::Down => 1,
        Action::PageUp => -10,
        _ => 10,
    }
}
