//! One log in full: model, score, time, notes and output, scrolled; `d`
//! asks to delete it.

use std::any::Any;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::confirm::{Confirm, Question};
use super::overlay::{Overlay, Reply, scroll_or_close};
use crate::model::Log;
use crate::sanitize;
use crate::tui::action::Action;
use crate::tui::keymap::Ctx;
use crate::tui::main_screen::App;
use crate::tui::theme;
use crate::tui::widgets::{boxed, centered, hint_line};

/// A log opened in full.
#[derive(Debug, Clone, PartialEq)]
pub struct LogDetail {
    /// The log.
    pub log: Log,
    /// How far it is scrolled.
    pub scroll: u16,
}

impl LogDetail {
    /// Opens `log`.
    #[must_use]
    pub fn new(log: Log) -> Self {
        Self { log, scroll: 0 }
    }

    fn lines(&self) -> Vec<Line<'static>> {
        let log = &self.log;
        let score = log
            .score
            .map_or_else(|| "none".to_owned(), |s| s.to_string());
        let mut lines = vec![
            Line::from(vec![
                Span::styled("Model ", theme::dim()),
                Span::styled(sanitize::line(&log.model_used).into_owned(), theme::key()),
                Span::styled("   Score ", theme::dim()),
                Span::styled(score, theme::key()),
                Span::styled("   Created ", theme::dim()),
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
        lines.push(Line::from(Span::styled("Output", theme::dim())));
        lines.extend(
            sanitize::text(&log.output)
                .lines()
                .map(|l| Line::from(l.to_owned())),
        );
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
            _ => scroll_or_close(&mut self.scroll, action),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App) {
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
        frame.render_widget(
            Paragraph::new(self.lines())
                .wrap(Wrap { trim: false })
                .scroll((self.scroll, 0)),
            body,
        );
        frame.render_widget(Paragraph::new(hint_line(Ctx::LogDetail)), hints);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
