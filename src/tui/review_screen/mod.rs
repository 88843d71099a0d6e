//! The review screen (`promptcrafter review`): score a queue of outputs one
//! key at a time. It runs on the same loop, runner, keymap and submission
//! path (the outbox) as the main screen. The session's state is in
//! `session.rs`, its keys in `keys.rs`, scoring in `scoring.rs`, the API's
//! answers in `answers.rs`, the drawing (with the picker) in `view.rs`.

mod answers;
mod keys;
mod resolve;
mod scoring;
mod session;
pub mod view;

use std::time::Duration;

use tokio::time::Instant;

use crossterm::event::{Event, KeyEventKind, MouseEventKind};
use ratatui::Frame;

use crate::client::ApiClient;
use crate::tui::components::compose::form::normalise_newlines;
use crate::tui::components::status_bar::Level;
use crate::tui::error::Reported;
use crate::tui::message::{Cmd, Message};
use crate::tui::remote::Remote;
use crate::tui::screen::Screen;
pub use keys::PICKER_ROWS;
pub use resolve::Summary;
pub use scoring::{NotLoggable, shown_id};
use session::{NOTES_DRAFT_DELAY, minutes};
pub use session::{Phase, Review};

impl Reported for Review {
    fn show_error(&mut self, text: String) {
        self.say(Level::Error, text);
    }
}

impl Screen for Review {
    /// Load prompts and logs, send the outbox.
    fn start(&mut self) -> Vec<Cmd> {
        self.prompts = Remote::Loading;
        self.logs = Remote::Loading;
        vec![
            Cmd::LoadPrompts,
            Cmd::LoadAllLogs,
            Cmd::FlushOutbox { force: true },
        ]
    }

    fn update(&mut self, msg: Message) -> Vec<Cmd> {
        self.elapsed = self.started.elapsed();
        match msg {
            Message::Input(Event::Key(key)) if key.kind != KeyEventKind::Release => {
                self.on_key(key)
            }
            Message::Input(Event::Paste(text)) if self.phase == Phase::Notes => {
                self.notes.insert_str(normalise_newlines(&text));
                self.notes_edited();
                Vec::new()
            }
            Message::Input(Event::Resize(w, h)) => {
                self.size = (w, h);
                Vec::new()
            }
            Message::Input(_) => Vec::new(),
            Message::Api(event) => self.on_api(event),
            Message::Tick => self.on_tick(Instant::now()),
            Message::Matched => {
                self.list.matched();
                Vec::new()
            }
            Message::ProgressSaved(result) => {
                self.on_progress_saved(result);
                Vec::new()
            }
            // The review screen opens no editor and keeps no drafts of forms.
            Message::EditorDone(_) | Message::DraftSaved { .. } | Message::OutboxRead(_) => {
                Vec::new()
            }
        }
    }

    /// Like the main screen, and a tick only when the clock's text changes.
    fn redraws_for(&self, msg: &Message) -> bool {
        match msg {
            Message::Input(Event::Key(k)) => k.kind != KeyEventKind::Release,
            Message::Input(Event::Mouse(m)) => matches!(
                m.kind,
                MouseEventKind::Down(_) | MouseEventKind::ScrollDown | MouseEventKind::ScrollUp
            ),
            Message::Input(Event::FocusGained | Event::FocusLost) => false,
            Message::Tick => minutes(self.started.elapsed()) != minutes(self.elapsed),
            _ => true,
        }
    }

    fn wake_with(&mut self, tx: &tokio::sync::mpsc::UnboundedSender<Message>) {
        self.list.wake_with(tx.clone());
    }

    fn hold_frame(&self) -> Option<Instant> {
        self.list.hold_frame()
    }

    /// When the clock next changes its text, or sooner for an outbox retry
    /// or a notes draft.
    fn next_wakeup(&self) -> Option<Instant> {
        let next_minute = Duration::from_secs((minutes(self.started.elapsed()) + 1) * 60);
        let clock = self.started + next_minute;
        let notes = self.notes_dirty.map(|t| t + NOTES_DRAFT_DELAY);
        [Some(clock), self.next_flush, notes]
            .into_iter()
            .flatten()
            .min()
    }

    fn render(&self, frame: &mut Frame) {
        view::render(self, frame);
    }

    #[expect(
        clippy::misnamed_getters,
        reason = "`quitting` is the review's own wait-then-quit flag; the loop asks about `quit`"
    )]
    fn quitting(&self) -> bool {
        self.quit
    }

    fn client(&self) -> &ApiClient {
        &self.client
    }

    /// Notes typed since the last write go to disk.
    fn finish(&mut self) {
        if self.notes_dirty.take().is_some()
            && let Cmd::SaveProgress(p) = self.save()
            && let Some(dir) = &self.data_dir
            && let Err(e) = p.save(dir)
        {
            tracing::error!("cannot save the review's notes: {e}");
        }
    }
}

impl Review {
    fn on_tick(&mut self, now: Instant) -> Vec<Cmd> {
        let mut cmds = Vec::new();
        if self.next_flush.is_some_and(|t| t <= now) {
            self.next_flush = None;
            cmds.push(Cmd::FlushOutbox { force: false });
        }
        if self
            .notes_dirty
            .is_some_and(|t| now >= t + NOTES_DRAFT_DELAY)
        {
            self.notes_dirty = None;
            cmds.push(self.save());
        }
        cmds
    }
}

#[cfg(test)]
mod tests;
