//! The one loop, for both screens and for the tests: it waits on the
//! input stream, the task results and the next timer, handles everything
//! queued as one batch, and draws once after a batch that changed
//! something visible (or, when the screen holds the frame for what
//! completes it, once that comes or the hold ends). The only `draw` call
//! outside tests is here.

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
    /// that left nothing to draw; the real program passes `|_| false`). A
    /// run starts by drawing a frame.
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
            let held = screen.hold_frame().filter(|t| *t > Instant::now());
            if dirty && held.is_none() {
                screen.before_draw();
                // The one place a frame is drawn.
                self.console
                    .terminal()
                    .draw(|f| screen.render(f))
                    .map_err(|e| std::io::Error::other(e.to_string()))?;
                dirty = false;
            }
            // After the frame, so what ends a run is on screen.
            if !dirty && until(screen) {
                return Ok(Ended::Reached);
            }
            let wake = [screen.next_wakeup(), held.filter(|_| dirty)]
                .into_iter()
                .flatten()
                .min();
            let batch = match self.next_batch(wake).await {
                Ok(batch) => batch,
                Err(ended) => return ended,
            };
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

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::time::Duration;

    use crossterm::event::{Event, KeyCode, KeyEvent};
    use ratatui::Frame;
    use tokio::sync::mpsc::{self, UnboundedSender};

    use super::*;
    use crate::client::{ApiClient, ClientOptions};
    use crate::tui::console::Scripted;

    /// A screen that holds its frame after a key, for `hold`, or until a
    /// [`Message::Matched`] comes (which a task sends `answer` after the
    /// key, when set); it notes what each frame showed.
    struct Holding {
        client: ApiClient,
        tx: UnboundedSender<Message>,
        hold: Duration,
        answer: Option<Duration>,
        held_until: Option<Instant>,
        keys: usize,
        matched: usize,
        /// (keys, matched) as each frame showed them, and when it was drawn.
        frames: RefCell<Vec<(usize, usize, Instant)>>,
    }

    impl Screen for Holding {
        fn start(&mut self) -> Vec<Cmd> {
            Vec::new()
        }
        fn update(&mut self, msg: Message) -> Vec<Cmd> {
            match msg {
                Message::Input(_) => {
                    self.keys += 1;
                    self.held_until = Some(Instant::now() + self.hold);
                    if let Some(after) = self.answer {
                        let tx = self.tx.clone();
                        tokio::spawn(async move {
                            tokio::time::sleep(after).await;
                            let _ = tx.send(Message::Matched);
                        });
                    }
                }
                Message::Matched => {
                    self.matched += 1;
                    self.held_until = None;
                }
                _ => {}
            }
            Vec::new()
        }
        fn redraws_for(&self, msg: &Message) -> bool {
            !matches!(msg, Message::Tick)
        }
        fn next_wakeup(&self) -> Option<Instant> {
            None
        }
        fn hold_frame(&self) -> Option<Instant> {
            self.held_until
        }
        fn render(&self, _frame: &mut Frame) {
            self.frames
                .borrow_mut()
                .push((self.keys, self.matched, Instant::now()));
        }
        fn quitting(&self) -> bool {
            false
        }
        fn client(&self) -> &ApiClient {
            &self.client
        }
        fn finish(&mut self) {}
    }

    /// Runs a [`Holding`] screen on a key until it has drawn two frames
    /// (the opening one and the key's); returns them and when the key went.
    async fn key_frames(
        hold: Duration,
        answer: Option<Duration>,
    ) -> (Vec<(usize, usize, Instant)>, Instant) {
        let (mut console, keys) = Scripted::new(20, 5);
        let (tx, mut results) = mpsc::unbounded_channel();
        let cancel = CancellationToken::new();
        let mut runner = Runner::new(tx.clone(), None, "test".into(), None, cancel.clone());
        let client = ApiClient::new("http://127.0.0.1:9", ClientOptions::default()).unwrap();
        let mut screen = Holding {
            client,
            tx,
            hold,
            answer,
            held_until: None,
            keys: 0,
            matched: 0,
            frames: RefCell::default(),
        };
        let sent = Instant::now();
        keys.unbounded_send(Ok(Event::Key(KeyEvent::from(KeyCode::Char('i')))))
            .unwrap();
        let mut looped = Loop {
            console: &mut console,
            runner: &mut runner,
            results: &mut results,
            cancel,
        };
        let ended = looped
            .run(&mut screen, |s| s.frames.borrow().len() == 2)
            .await
            .unwrap();
        assert_eq!(ended, Ended::Reached);
        (screen.frames.into_inner(), sent)
    }

    /// The frame after a key waits for what completes it: no frame shows
    /// the key without its results.
    #[tokio::test(start_paused = true)]
    async fn a_held_frame_waits_for_what_completes_it() {
        let (frames, sent) =
            key_frames(Duration::from_secs(3600), Some(Duration::from_millis(3))).await;
        assert_eq!(frames[0].0, 0, "the opening frame");
        assert_eq!((frames[1].0, frames[1].1), (1, 1), "{frames:?}");
        assert!(frames[1].2 - sent < Duration::from_secs(1), "{frames:?}");
    }

    /// A held frame is drawn when its hold runs out, whatever it waits for.
    #[tokio::test(start_paused = true)]
    async fn a_held_frame_is_drawn_when_its_hold_runs_out() {
        let hold = Duration::from_millis(8);
        let (frames, sent) = key_frames(hold, None).await;
        assert_eq!((frames[1].0, frames[1].1), (1, 0), "{frames:?}");
        assert!(
            frames[1].2 - sent >= hold,
            "drawn before the hold ran out: {frames:?}"
        );
    }
}
