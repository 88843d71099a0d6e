//! The [`Screen`] trait: what the one loop needs from a screen (the main
//! screen, the review screen). A screen owns its components and routes
//! input and task results to them; it turns messages into state changes
//! and commands, and draws itself from `&self`.

use tokio::time::Instant;

use ratatui::Frame;

use super::message::{Cmd, Message};
use crate::client::ApiClient;

/// One screen of the app, driven by [`super::event_loop::run`].
pub trait Screen {
    /// The commands to run when the loop starts.
    fn start(&mut self) -> Vec<Cmd>;

    /// Handles one message: state changes, and commands for the runtime.
    /// Never waits.
    fn update(&mut self, msg: Message) -> Vec<Cmd>;

    /// Whether handling `msg` can change what is drawn, asked before it is
    /// handled; the loop draws only after a batch where one can.
    fn redraws_for(&self, msg: &Message) -> bool;

    /// When the loop should wake up with a [`Message::Tick`], if ever.
    fn next_wakeup(&self) -> Option<Instant>;

    /// Gives the screen the loop's channel, for messages from threads that
    /// are not tasks (the prompt filter's matcher).
    fn wake_with(&mut self, _tx: &tokio::sync::mpsc::UnboundedSender<Message>) {}

    /// Until when a frame due now waits, if it does: what completes it is
    /// expected sooner (the prompt filter's results). The loop draws once
    /// this is `None` or past.
    fn hold_frame(&self) -> Option<Instant> {
        None
    }

    /// Last touches before a frame (the text cursor of the focused editor).
    fn before_draw(&mut self) {}

    /// Draws the screen; only reads.
    fn render(&self, frame: &mut Frame);

    /// Whether the program should end.
    fn quitting(&self) -> bool;

    /// The client commands use (its token changes after a login).
    fn client(&self) -> &ApiClient;

    /// Writes what must not be lost (drafts, notes) before the program
    /// ends, whatever ended it.
    fn finish(&mut self);
}
