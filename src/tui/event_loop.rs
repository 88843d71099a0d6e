//! The one loop, for both screens and for the tests: it waits on the
//! input stream, the task results and the next timer, handles everything
//! queued as one batch, and draws once after a batch that changed
//! something visible. The only `draw` call outside tests is here.

use tokio::time::Instant;

use futures::StreamExt;
use tokio::sync::mpsc::UnboundedReceiver;
use tokio_util::sync::CancellationToken;

use super::console::Console;
use super::message::{Cmd, Message};
use super::screen::Screen;
use super::tasks::Runner;

/// Why the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The screen asked to quit.
    Quit,
    /// The root cancellation token was cancelled (a signal, a test).
    Cancelled,
    /// The input stream ended.
    InputClosed,
    /// The `until` condition held.
    Reached,
}

/// What the loop runs on.
pub struct Loop<'a, C: Console> {
    /// The terminal.
    pub console: &'a mut C,
    /// Runs the commands.
    pub runner: &'a mut Runner,
    /// Task results.
    pub results: &'a mut UnboundedReceiver<Message>,
    /// Ends the loop (and, through its children, every task).
    pub cancel: CancellationToken,
}

impl<C: Console> Loop<'_, C> {
    /// Runs `screen` until it quits, the token is cancelled, the input ends
    /// or `until(screen)` holds (checked after each frame and each batch
    /// that drew none; the real program passes `|_| false`). A run starts
    /// by drawing a frame.
    ///
    /// # Errors
    /// When the terminal cannot be read or drawn on.
    pub async fn run<S: Screen + ?Sized>(
        &mut self,
        screen: &mut S,
        until: impl Fn(&S) -> bool,
    ) -> std::io::Result<Ended> {
        let mut dirty = true;
        screen.wake_with(&self.runner.tx);
        loop {
            if dirty {
                screen.before_draw();
                // The one place a frame is drawn.
                self.console
                    .terminal()
                    .draw(|f| screen.render(f))
                    .map_err(|e| std::io::Error::other(e.to_string()))?;
            }
            // After the frame, so what ends a run is on screen.
            if until(screen) {
                return Ok(Ended::Reached);
            }
            let batch = match self.next_batch(screen.next_wakeup()).await {
                Ok(batch) => batch,
                Err(ended) => return ended,
            };
            dirty = false;
            for msg in batch {
                dirty |= screen.redraws_for(&msg);
                let cmds = screen.update(msg);
                self.run_cmds(screen, cmds);
            }
            if screen.quitting() {
                return Ok(Ended::Quit);
            }
        }
    }

    /// Waits for the next message, then takes everything else already
    /// queued, so one frame follows the whole batch.
    async fn next_batch(
        &mut self,
        wake: Option<Instant>,
    ) -> Result<Vec<Message>, std::io::Result<Ended>> {
        let sleep = async move {
            match wake {
                Some(t) => tokio::time::sleep_until(t).await,
                None => std::future::pending().await,
            }
        };
        let first = tokio::select! {
            () = self.cancel.cancelled() => return Err(Ok(Ended::Cancelled)),
            Some(m) = self.results.recv() => m,
            ev = self.console.events().next() => match ev {
                Some(Ok(ev)) => Message::Input(ev),
                Some(Err(e)) => return Err(Err(e)),
                None => return Err(Ok(Ended::InputClosed)),
            },
            () = sleep => Message::Tick,
        };
        let mut batch = vec![first];
        while let Ok(m) = self.results.try_recv() {
            batch.push(m);
        }
        Ok(batch)
    }

    fn run_cmds<S: Screen + ?Sized>(&mut self, screen: &mut S, cmds: Vec<Cmd>) {
        for cmd in cmds {
            if let Cmd::Clipboard(text) = cmd {
                // Through the terminal the frames go to, between frames.
                if let Err(e) = self.console.clipboard(&text) {
                    tracing::warn!("clipboard: {e}");
                }
            } else if let Cmd::OpenEditor(text) = cmd {
                let result = self.console.edit(&text);
                let more = screen.update(Message::EditorDone(result));
                self.run_cmds(screen, more);
            } else if let Cmd::SetMouse(on) = cmd {
                if let Err(e) = self.console.set_mouse(on) {
                    tracing::warn!(
                        "cannot turn mouse capture {}: {e}",
                        if on { "on" } else { "off" }
                    );
                }
            } else {
                self.runner.spawn(cmd, screen.client());
            }
        }
    }
}
