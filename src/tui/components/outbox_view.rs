//! The outbox overlay: what waits to be delivered or was refused; `e` puts
//! an entry back into its form, `d` discards it (asks first), `r` retries.

use std::any::Any;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::confirm::{Confirm, Question};
use super::overlay::{Effect, Overlay, Reply, step};
use super::prompt_store::StoredPrompt;
use crate::outbox::EntryState;
use crate::sanitize;
use crate::tui::action::Action;
use crate::tui::keymap::Ctx;
use crate::tui::main_screen::App;
use crate::tui::theme;
use crate::tui::widgets::{boxed, centered, hint_line};

/// The outbox view.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct OutboxView {
    /// The highlighted entry.
    pub selected: usize,
}

impl Overlay for OutboxView {
    fn contexts(&self) -> Vec<Ctx> {
        vec![Ctx::Outbox, Ctx::Global]
    }

    fn act(&mut self, action: Action, app: &App) -> Reply {
        let n = app.outbox.entries.len();
        match action {
            Action::Up | Action::Down => {
                self.selected = self
                    .selected
                    .saturating_add_signed(step(action))
                    .min(n.saturating_sub(1));
                Reply::Keep
            }
            Action::Open => Reply::Then(Effect::EditOutbox(self.selected)),
            Action::Delete => match app.outbox.entries.get(self.selected) {
                Some(e) => Reply::Open(Box::new(Confirm::new(Question::DiscardOutbox(
                    e.id.clone(),
                )))),
                None => Reply::Keep,
            },
            Action::Back => Reply::Close,
            Action::FocusNext | Action::FocusPrev => Reply::Keep,
            _ => Reply::Pass,
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, app: &App) {
        let rect = centered(
            area,
            area.width.saturating_sub(8),
            area.height.saturating_sub(4),
        );
        let (p, f) = app.outbox.counts();
        let inner = boxed(
            frame,
            rect,
            &format!("Outbox \u{b7} {p} pending \u{b7} {f} failed"),
        );
        let mut lines = Vec::new();
        if app.outbox.entries.is_empty() {
            lines.push(Line::from(Span::styled(
                "Nothing waiting: every log was delivered.",
                theme::dim(),
            )));
        }
        for (i, e) in app.outbox.entries.iter().enumerate() {
            let title = app
                .list
                .by_id(&e.log.prompt_id)
                .map_or("(unknown prompt)", StoredPrompt::title);
            let state = match e.state {
                EntryState::Pending => "pending",
                EntryState::Failed => "refused",
            };
            let style = if i == self.selected {
                theme::selected()
            } else {
                ratatui::style::Style::default()
            };
            lines.push(Line::styled(
                format!(
                    "{state:<8} {:<28.28} {:<14.14} tries {}  {}",
                    sanitize::line(title),
                    sanitize::line(&e.log.model_used),
                    e.attempts,
                    sanitize::excerpt(e.log.output.lines().next().unwrap_or(""), 40)
                ),
                style,
            ));
            if let Some(err) = &e.last_error {
                lines.push(Line::from(Span::styled(
                    format!("         last error: {}", sanitize::line(err)),
                    theme::dim(),
                )));
            }
        }
        lines.push(Line::from(""));
        lines.push(hint_line(Ctx::Outbox));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The outbox as this window last read it, and when its next retry is due.
#[derive(Debug, Default, Clone)]
pub struct OutboxEntries {
    /// The entries of this API, oldest first.
    pub entries: Vec<crate::outbox::Entry>,
    /// When the next pending entry is due.
    pub next_flush: Option<tokio::time::Instant>,
}

impl OutboxEntries {
    /// Entries pending and failed.
    #[must_use]
    pub fn counts(&self) -> (usize, usize) {
        let pending = self
            .entries
            .iter()
            .filter(|e| e.state == EntryState::Pending)
            .count();
        (pending, self.entries.len() - pending)
    }

    /// Sets the next retry from the pending entries' due times.
    pub fn schedule(&mut self) {
        let now_utc = chrono::Utc::now();
        let now = tokio::time::Instant::now();
        self.next_flush = self
            .entries
            .iter()
            .filter(|e| e.state == EntryState::Pending)
            .map(|e| now + (e.next_attempt_at - now_utc).to_std().unwrap_or_default())
            .min();
    }
}
