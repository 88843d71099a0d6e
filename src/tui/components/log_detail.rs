//! One log in full: its prompt, model, score, local time, notes and output
//! (markdown rendered, `r` for the raw text), scrolled; `c`/`C` copy the
//! output/notes, `d` asks to delete it. Opened from the scoreboard, Esc goes
//! back there.

use std::any::Any;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use super::confirm::{Confirm, Question};
use super::overlay::{Effect, Overlay, Reply, scroll_or_close};
use super::prompt_store::StoredPrompt;
use super::scoreboard::Scoreboard;
use crate::model::Log;
use crate::sanitize;
use crate::tui::action::Action;
use crate::tui::keymap::Ctx;
use crate::tui::main_screen::App;
use crate::tui::reading::{self, Reading};
use crate::tui::theme;
use crate::tui::widgets::{boxed, centered, hint_line};

/// A log opened in full.
#[derive(Debug, Clone, PartialEq)]
pub struct LogDetail {
    /// The log.
    pub log: Log,
    /// How far it is scrolled.
    pub scroll: u16,
    /// Whether the output is shown raw rather than rendered.
    pub raw: bool,
    /// The scoreboard (of this prompt) it was opened from, if any.
    pub from_board: Option<String>,
    /// The output's lines at the last width drawn.
    reading: Reading,
}

impl LogDetail {
    /// Opens `log`.
    #[must_use]
    pub fn new(log: Log) -> Self {
        Self {
            log,
            scroll: 0,
            raw: false,
            from_board: None,
            reading: Reading::default(),
        }
    }

    /// Opens `log` from the scoreboard of `prompt_id`, to go back to it.
    #[must_use]
    pub fn from_board(log: Log, prompt_id: String) -> Self {
        Self {
            from_board: Some(prompt_id),
            ..Self::new(log)
        }
    }

    fn head(&self, prompt: &str) -> Vec<Line<'static>> {
        let log = &self.log;
        let score = log
            .score
            .map_or_else(|| "none".to_owned(), |s| s.to_string());
        let mut lines = vec![
            Line::from(vec![
                Span::styled("Prompt ", theme::dim()),
                Span::raw(sanitize::line(prompt).into_owned()),
            ]),
            Line::from(vec![
                Span::styled("Model ", theme::dim()),
                Span::styled(sanitize::line(&log.model_used).into_owned(), theme::key()),
                Span::styled("   Score ", theme::dim()),
                Span::styled(score, theme::key()),
                Span::styled("   Logged ", theme::dim()),
                Span::raw(sanitize::line(&crate::tui::times::full(&log.created_at)).into_owned()),
            ]),
            Line::from(Span::styled("Notes", theme::dim())),
        ];
        let notes = log
            .notes
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or("(none)");
        lines.extend(
            sanitize::text(notes)
                .lines()
                .map(|l| Line::from(l.to_owned())),
        );
        lines.push(Line::from(""));
        let mode = if self.raw { "raw" } else { "rendered" };
        lines.push(Line::from(Span::styled(
            format!("Output ({mode}: r toggles)"),
            theme::dim(),
        )));
        lines
    }
}

impl Overlay for LogDetail {
    fn contexts(&self) -> Vec<Ctx> {
        vec![Ctx::LogDetail]
    }

    fn act(&mut self, action: Action, _app: &App) -> Reply {
        match action {
            Action::Delete => Reply::Open(Box::new(Confirm::new(Question::DeleteLog(
                self.log.clone(),
            )))),
            Action::ToggleRaw => {
                self.raw = !self.raw;
                Reply::Keep
            }
            Action::CopyOutput => Reply::Also(Effect::Copy(self.log.output.clone())),
            Action::CopyNotes => {
                Reply::Also(Effect::Copy(self.log.notes.clone().unwrap_or_default()))
            }
            Action::Back if self.from_board.is_some() => {
                let prompt_id = self.from_board.clone().unwrap_or_default();
                Reply::Open(Box::new(Scoreboard { prompt_id }))
            }
            _ => scroll_or_close(&mut self.scroll, action),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, app: &App) {
        let rect = centered(
            area,
            area.width.saturating_sub(6),
            area.height.saturating_sub(2),
        );
        let inner = boxed(
            frame,
            rect,
            &format!("Log {}", sanitize::line(&self.log.id)),
        );
        let [body, hints] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
        let prompt = app
            .list
            .by_id(&self.log.prompt_id)
            .map_or(self.log.prompt_id.as_str(), StoredPrompt::title);
        let mut lines = reading::wrap(&self.head(prompt), usize::from(body.width.max(1)));
        lines.extend(
            self.reading
                .lines(&self.log.output, self.raw, body.width)
                .iter()
                .cloned(),
        );
        reading::draw(frame, body, &lines, self.scroll);
        frame.render_widget(
            ratatui::widgets::Paragraph::new(hint_line(Ctx::LogDetail)),
            hints,
        );
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
