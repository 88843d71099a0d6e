//! The prompt filter's matching, off the key path: nucleo's worker threads
//! match the prompts' texts against the filter while the loop goes on; a
//! key only hands the pattern over. When a match run ends, the worker wakes
//! the loop with one [`Message::Matched`] (never more than one waiting), and
//! the list takes the latest results; nothing polls.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use nucleo::pattern::{CaseMatching, Normalization};
use nucleo::{Config, Nucleo};
use tokio::sync::mpsc::UnboundedSender;

use crate::tui::message::Message;

/// Where the worker's "results ready" goes: the loop's channel once the
/// loop runs, and whether a wake-up already waits there.
#[derive(Default)]
struct Waker {
    tx: Mutex<Option<UnboundedSender<Message>>>,
    pending: AtomicBool,
}

impl Waker {
    fn wake(&self) {
        if self.pending.swap(true, Ordering::AcqRel) {
            return;
        }
        let tx = self.tx.lock().unwrap_or_else(PoisonError::into_inner);
        match tx.as_ref() {
            Some(tx) if tx.send(Message::Matched).is_ok() => {}
            // No loop to wake (yet): the next `tick` takes the results.
            _ => self.pending.store(false, Ordering::Release),
        }
    }
}

/// The matcher of one prompt list: each item is a prompt's index, matched
/// on its row text.
pub struct Matching {
    nucleo: Nucleo<u32>,
    waker: Arc<Waker>,
    /// How many items were handed to the matcher.
    items: usize,
    /// The filter last handed over.
    pattern: String,
}

impl fmt::Debug for Matching {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Matching")
            .field("items", &self.items)
            .finish_non_exhaustive()
    }
}

impl Default for Matching {
    fn default() -> Self {
        let waker = Arc::new(Waker::default());
        let notify = {
            let waker = Arc::clone(&waker);
            Arc::new(move || waker.wake())
        };
        Self {
            nucleo: Nucleo::new(Config::DEFAULT, notify, None, 1),
            waker,
            items: 0,
            pattern: String::new(),
        }
    }
}

impl Matching {
    /// Sends "results ready" to `tx` from now on.
    pub fn wake_with(&mut self, tx: UnboundedSender<Message>) {
        *self.waker.tx.lock().unwrap_or_else(PoisonError::into_inner) = Some(tx);
    }

    /// Replaces the items with `texts` (the item is its position).
    pub fn set_items(&mut self, texts: impl Iterator<Item = String>) {
        self.nucleo.restart(true);
        let injector = self.nucleo.injector();
        let mut n = 0;
        for (i, text) in texts.enumerate() {
            let index = u32::try_from(i).unwrap_or(u32::MAX);
            injector.push(index, |_, cols| cols[0] = text.into());
            n += 1;
        }
        self.items = n;
    }

    /// Adds `texts` after the items there (each item is its position).
    pub fn add_items(&mut self, texts: impl Iterator<Item = String>) {
        let injector = self.nucleo.injector();
        for text in texts {
            let index = u32::try_from(self.items).unwrap_or(u32::MAX);
            injector.push(index, |_, cols| cols[0] = text.into());
            self.items += 1;
        }
    }

    /// Hands the matcher a new filter; the results follow (see [`Self::tick`]).
    /// A filter that only adds characters after the last one (typing on)
    /// rescores only the items that matched before, not every item.
    pub fn set_pattern(&mut self, filter: &str) {
        if filter == self.pattern {
            return;
        }
        let append = filter.starts_with(self.pattern.as_str()) && !self.pattern.ends_with('\\');
        self.nucleo.pattern.reparse(
            0,
            filter,
            CaseMatching::Ignore,
            Normalization::Smart,
            append,
        );
        filter.clone_into(&mut self.pattern);
    }

    /// Takes the latest results without waiting; returns whether matching
    /// is still running (a [`Message::Matched`] follows when it ends).
    pub fn tick(&mut self) -> bool {
        self.waker.pending.store(false, Ordering::Release);
        self.nucleo.tick(0).running
    }

    /// Waits until matching ends (tests, and callers that must see the
    /// final results now).
    pub fn settle(&mut self) {
        self.waker.pending.store(false, Ordering::Release);
        while self.nucleo.tick(10).running {}
    }

    /// The matching items (prompt indices), best first, of the latest
    /// results taken.
    pub fn matched(&self) -> impl Iterator<Item = usize> + '_ {
        self.nucleo
            .snapshot()
            .matched_items(..)
            .map(|item| *item.data as usize)
    }
}
