//! Screen state: focus, dialogs, banners, and the lifecycle of remote data.

use std::time::Instant;

use ratatui_textarea::TextArea;

use crate::client::ApiError;
use crate::model::Log;

use super::form::Field;

/// Where remote data stands.
#[derive(Debug, Clone, Default)]
pub enum Remote<T> {
    /// Not asked for.
    #[default]
    Idle,
    /// Asked for; the answer is on its way.
    Loading,
    /// Here.
    Loaded(T),
    /// The request failed.
    Failed(ApiError),
}

impl<T> Remote<T> {
    /// The data, when loaded.
    pub fn loaded(&self) -> Option<&T> {
        match self {
            Self::Loaded(t) => Some(t),
            _ => None,
        }
    }

    /// Whether a request is under way.
    pub fn is_loading(&self) -> bool {
        matches!(self, Self::Loading)
    }
}

/// The focused pane or field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Focus {
    /// The prompt list.
    Prompts,
    /// The selected prompt's content.
    Prompt,
    /// A field of the compose form.
    Form(Field),
    /// The logs list.
    Logs,
}

/// Tab order of panes and fields.
pub const FOCUS_ORDER: [Focus; 7] = [
    Focus::Prompts,
    Focus::Prompt,
    Focus::Form(Field::Output),
    Focus::Form(Field::Model),
    Focus::Form(Field::Score),
    Focus::Form(Field::Notes),
    Focus::Logs,
];

/// How a banner looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Something worked.
    Success,
    /// Worth knowing.
    Info,
    /// Something failed.
    Error,
}

/// A one-line message above the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banner {
    /// How it looks.
    pub level: Level,
    /// What it says (already sanitised).
    pub text: String,
}

/// A dialog with labelled text fields.
#[derive(Debug, Clone)]
pub struct Dialog {
    /// Its title.
    pub title: &'static str,
    /// Labels and editors, in order.
    pub fields: Vec<(&'static str, TextArea<'static>)>,
    /// The focused field.
    pub focus: usize,
    /// Why the last attempt failed, shown in the dialog.
    pub error: Option<String>,
    /// Whether its request is under way.
    pub busy: bool,
}

impl Dialog {
    /// A dialog with empty fields; a field labelled "Password" is masked.
    #[must_use]
    pub fn new(title: &'static str, labels: &[&'static str]) -> Self {
        let fields = labels
            .iter()
            .map(|l| {
                let mut t = TextArea::default();
                if *l == "Password" {
                    t.set_mask_char('\u{2022}');
                }
                t.set_cursor_line_style(ratatui::style::Style::default());
                (*l, t)
            })
            .collect();
        Self {
            title,
            fields,
            focus: 0,
            error: None,
            busy: false,
        }
    }

    /// The text of field `i`.
    #[must_use]
    pub fn value(&self, i: usize) -> String {
        self.fields
            .get(i)
            .map(|(_, t)| t.lines().join("\n"))
            .unwrap_or_default()
    }
}

/// What is on top of the main screen.
#[derive(Debug, Clone)]
pub enum Modal {
    /// The key bindings.
    Help {
        /// Scroll offset.
        scroll: u16,
    },
    /// Quit although forms hold unsent text?
    ConfirmQuit,
    /// Delete this log?
    ConfirmDelete(Log),
    /// Send although the same output is already logged for this prompt
    /// and model?
    ConfirmDuplicate {
        /// What would be sent.
        log: crate::model::NewLog,
        /// The log it repeats.
        existing: String,
    },
    /// Discard this prompt's draft?
    ConfirmDiscardDraft(String),
    /// Discard this outbox entry?
    ConfirmDiscardOutbox(String),
    /// A log in full.
    LogDetail {
        /// The log.
        log: Log,
        /// Scroll offset.
        scroll: u16,
    },
    /// Log in to the remote API (after a 401).
    Login(Dialog),
    /// Add a prompt.
    AddPrompt(Dialog),
    /// Score statistics of a prompt's logs, per model.
    Scoreboard {
        /// The prompt.
        prompt_id: String,
    },
    /// Two logs of a prompt compared word by word.
    Diff(Box<super::diff::LogDiff>),
    /// The outbox's entries.
    Outbox {
        /// The highlighted entry.
        selected: usize,
    },
}

/// A submission on its way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sending {
    /// The prompt.
    pub prompt_id: String,
    /// When it was sent.
    pub since: Instant,
}
