//! Yes/no questions: quit with unsent text, delete a log or a prompt, log
//! a duplicate, discard a draft or an outbox entry. A yes becomes the question's effect.

use std::any::Any;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::overlay::{Effect, Overlay, Reply};
use crate::model::{Log, NewLog};
use crate::sanitize;
use crate::tui::action::Action;
use crate::tui::keymap::Ctx;
use crate::tui::main_screen::App;
use crate::tui::widgets::{boxed, centered, hint_line};

/// What is asked.
#[derive(Debug, Clone, PartialEq)]
pub enum Question {
    /// Quit although forms hold unsent text?
    Quit,
    /// Delete this log?
    DeleteLog(Log),
    /// Send although the same output is already logged for this prompt and model?
    Duplicate {
        /// What would be sent.
        log: NewLog,
        /// The id of the log it repeats.
        existing: String,
    },
    /// Discard this prompt's draft?
    DiscardDraft(String),
    /// Discard this outbox entry?
    DiscardOutbox(String),
    /// This server cannot correct a log: log the corrected copy and delete the old one?
    ReplaceLog {
        /// The log to replace.
        old: Log,
        /// Its corrected copy.
        copy: NewLog,
    },
    /// Delete this prompt, and the logs that go with it?
    DeletePrompt {
        /// The prompt's id.
        id: String,
        /// Its title.
        title: String,
        /// How many logs it has, when they are loaded.
        logs: Option<usize>,
    },
}

/// A yes/no question over the screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    /// The question.
    pub question: Question,
}

impl Confirm {
    /// Asks `question`.
    #[must_use]
    pub fn new(question: Question) -> Self {
        Self { question }
    }

    fn yes(&self) -> Effect {
        match &self.question {
            Question::Quit => Effect::QuitNow,
            Question::DeleteLog(log) => Effect::DeleteLog(log.clone()),
            Question::Duplicate { log, .. } => Effect::SendAnyway(log.clone()),
            Question::DiscardDraft(id) => Effect::DiscardDraft(id.clone()),
            Question::DiscardOutbox(id) => Effect::DiscardOutbox(id.clone()),
            Question::DeletePrompt { id, .. } => Effect::DeletePrompt(id.clone()),
            Question::ReplaceLog { old, copy } => Effect::ReplaceLog {
                old: old.clone(),
                copy: copy.clone(),
            },
        }
    }

    fn words(&self, app: &App) -> (&'static str, String) {
        match &self.question {
            Question::Quit => {
                let kept = if app.data_dir.is_some() {
                    "They are kept as drafts and come back next time."
                } else {
                    "Drafts are off in this window: that text will be lost."
                };
                let n = app.compose.unsent();
                let forms = if n == 1 { "1 form holds" } else { "forms hold" };
                let text = if n == 1 {
                    format!("{forms} unsent text. {kept}\nQuit now?")
                } else {
                    format!("{n} {forms} unsent text. {kept}\nQuit now?")
                };
                ("Quit?", text)
            }
            Question::DeleteLog(log) => {
                let first = log.output.lines().next().unwrap_or("");
                let text = format!(
                    "Delete log {} ({}, score {})?\n\u{201c}{}\u{201d}\nThis cannot be undone.",
                    log.id,
                    log.model_used,
                    log.score.map_or_else(|| "-".to_owned(), |s| s.to_string()),
                    sanitize::excerpt(first, 50)
                );
                ("Delete log", text)
            }
            Question::Duplicate { log, existing } => (
                "Already logged",
                format!(
                    "This output is already logged for this prompt with {} as {}\n(same text once case and spacing are ignored).\nLog it again?",
                    sanitize::line(&log.model_used),
                    sanitize::line(existing)
                ),
            ),
            Question::DiscardDraft(_) => (
                "Discard draft",
                "Discard this prompt's unsent output, score and notes?\nThis cannot be undone."
                    .to_owned(),
            ),
            Question::DeletePrompt { id, title, logs } => {
                let logs = match logs {
                    Some(0) => "It has no logs.".to_owned(),
                    Some(1) => "Its 1 log goes with it.".to_owned(),
                    Some(n) => format!("Its {n} logs go with it."),
                    None => "Its logs (not loaded yet) go with it.".to_owned(),
                };
                (
                    "Delete prompt",
                    format!(
                        "Delete prompt \u{201c}{}\u{201d} ({})?\n{logs}\nThis cannot be undone.",
                        sanitize::excerpt(title, 40),
                        sanitize::line(id)
                    ),
                )
            }
            Question::ReplaceLog { old, .. } => (
                "Cannot correct the log here",
                format!(
                    "This server cannot change a log (no PATCH /logs/:id).\nLog the corrected copy and delete {}?\nThe copy gets a new id and today's time.",
                    sanitize::line(&old.id)
                ),
            ),
            Question::DiscardOutbox(id) => (
                "Discard outbox entry",
                format!(
                    "Discard {id} without sending it?\nIts output is lost unless you edit it back into the form instead (e)."
                ),
            ),
        }
    }
}

impl Overlay for Confirm {
    fn contexts(&self) -> Vec<Ctx> {
        vec![Ctx::Confirm]
    }

    fn act(&mut self, action: Action, _app: &App) -> Reply {
        match action {
            Action::Yes => Reply::Then(self.yes()),
            Action::No => Reply::Close,
            _ => Reply::Keep,
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, app: &App) {
        let (title, text) = self.words(app);
        let rect = centered(area, 64, 8);
        let inner = boxed(frame, rect, title);
        let mut lines: Vec<Line> = text.lines().map(|l| Line::from(l.to_owned())).collect();
        lines.push(Line::from(""));
        lines.push(hint_line(Ctx::Confirm));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
