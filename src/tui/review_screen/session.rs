//! The review session's state: the queue, its progress, the item on
//! screen and what the screen is doing; the commands it sends come from
//! `keys.rs` and `scoring.rs`, the answers land in `answers.rs`.

use std::path::PathBuf;
use std::time::Duration;

use tokio::time::Instant;

use ratatui_textarea::TextArea;

use crate::client::ApiClient;
use crate::model::{Log, NewLog};
use crate::review_queue::{BadLine, Item, Progress, Queue};
use crate::tui::components::prompt_list::PromptList;
use crate::tui::components::status_bar::{Banner, Level};
use crate::tui::remote::Remote;

/// What the review screen is doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Showing the input lines that could not be read, before starting.
    BadLines,
    /// An item (or, past the last one, the summary) on screen.
    Reviewing,
    /// Choosing the prompt for an item that names none.
    Picking,
    /// Typing the item's notes.
    Notes,
    /// Delete this already-delivered log to undo its score?
    ConfirmUndo {
        /// The item.
        index: usize,
        /// Its log on the server.
        log_id: String,
        /// The log's prompt.
        prompt_id: String,
    },
}

/// A review session over a queue of outputs.
#[derive(Debug)]
pub struct Review {
    /// The outputs to review, in order.
    pub items: Vec<Item>,
    /// Input lines that could not be read.
    pub bad: Vec<BadLine>,
    /// What was already done to which item (saved between runs).
    pub progress: Progress,
    /// Where progress is saved; `None` keeps it in memory only (tests).
    pub data_dir: Option<PathBuf>,
    /// The item on screen; `items.len()` means "all done".
    pub index: usize,
    /// What the screen is doing.
    pub phase: Phase,
    /// Where loading the prompts stands.
    pub prompts: Remote<()>,
    /// The prompts, and the picker's filter and window.
    pub list: PromptList,
    /// The API client.
    pub client: ApiClient,
    /// The prompt picked for items that name none; sticks for later items
    /// and is saved with the progress.
    pub chosen_prompt: Option<String>,
    /// Esc closed the picker: it no longer opens by itself on each item
    /// (a score on an item without a prompt opens it).
    pub picker_declined: bool,
    /// When the item on screen was arrived at (its time is recorded).
    pub item_since: Instant,
    /// The picker's filter being typed.
    pub picker_input: crate::tui::line_editor::LineEditor,
    /// The notes of the item on screen.
    pub notes: TextArea<'static>,
    /// When notes were last typed and not yet written as a draft.
    pub notes_dirty: Option<Instant>,
    /// Scroll offset of the output.
    pub scroll: u16,
    /// Whether the output is shown raw rather than rendered (`r`).
    pub raw: bool,
    /// The output's lines at the last width drawn.
    pub reading: crate::tui::reading::Reading,
    /// Every log of the user, to spot an item that was already delivered
    /// (by a run that ended before its answer came).
    pub logs: Remote<Vec<Log>>,
    /// Items scored, oldest first, for undo.
    pub history: Vec<usize>,
    /// Submissions on their way: item and what was sent.
    pub in_flight: Vec<(usize, NewLog)>,
    /// The message line.
    pub banner: Option<Banner>,
    /// Time spent in this run.
    pub elapsed: Duration,
    /// When this run started.
    pub started: Instant,
    /// When the outbox should be sent again.
    pub next_flush: Option<Instant>,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// Quit asked while submissions were on their way: end once they land.
    pub quitting: bool,
    /// Set when the program should end.
    pub quit: bool,
}

/// How long after the last keystroke typed notes are written as a draft.
pub(super) const NOTES_DRAFT_DELAY: Duration = Duration::from_millis(500);

impl Review {
    /// A session over `queue` with its saved `progress`.
    #[must_use]
    pub fn new(
        queue: Queue,
        progress: Progress,
        data_dir: Option<PathBuf>,
        client: ApiClient,
    ) -> Self {
        let len = queue.items.len();
        let chosen_prompt = progress.prompt_id.clone();
        let index = progress.first_unreviewed(len).unwrap_or(len);
        let history = progress
            .items
            .iter()
            .filter(|(_, m)| m.is_scored())
            .map(|(i, _)| *i)
            .collect();
        let metadata_keys = queue.metadata_keys();
        let phase = if queue.bad.is_empty() {
            Phase::Reviewing
        } else {
            Phase::BadLines
        };
        let mut review = Self {
            items: queue.items,
            bad: queue.bad,
            progress,
            data_dir,
            index,
            phase,
            prompts: Remote::Idle,
            list: PromptList::default(),
            client,
            chosen_prompt,
            picker_declined: false,
            item_since: Instant::now(),
            picker_input: crate::tui::line_editor::LineEditor::default(),
            notes: TextArea::default(),
            notes_dirty: None,
            scroll: 0,
            raw: false,
            reading: crate::tui::reading::Reading::default(),
            logs: Remote::Idle,
            history,
            in_flight: Vec::new(),
            banner: None,
            elapsed: Duration::ZERO,
            started: Instant::now(),
            next_flush: None,
            size: (120, 36),
            quitting: false,
            quit: false,
        };
        review.resume();
        review.say_metadata_keys(&metadata_keys);
        review.load_notes();
        review
    }

    /// Says where a resumed review picks up, and brings back the notes
    /// typed in an earlier run for items not logged yet.
    fn resume(&mut self) {
        let (logged, skipped) = self.progress.counts();
        if logged + skipped > 0 {
            let at = (self.index + 1).min(self.items.len());
            self.say(
                Level::Info,
                format!(
                    "Resumed: {logged} already logged, {skipped} skipped; starting at item {at}."
                ),
            );
        }
        for (i, n) in &self.progress.notes {
            if let Some(item) = self.items.get_mut(*i) {
                item.notes = Some(n.clone());
            }
        }
    }

    /// After notes were typed: keep them with the item and in the progress,
    /// to be written as a draft shortly.
    pub(super) fn notes_edited(&mut self) {
        let typed = self.notes.lines().join("\n");
        if let Some(item) = self.items.get_mut(self.index) {
            item.notes = (!typed.trim().is_empty()).then(|| typed.clone());
        }
        if typed.trim().is_empty() {
            self.progress.notes.remove(&self.index);
        } else {
            self.progress.notes.insert(self.index, typed);
        }
        self.notes_dirty = Some(Instant::now());
    }

    /// Whether the prompts or the logs are still on their way (scores wait
    /// for both: the logs tell what an earlier run already delivered).
    #[must_use]
    pub fn is_loading(&self) -> bool {
        self.prompts.is_loading() || self.logs.is_loading()
    }

    /// Sets the message line.
    pub fn say(&mut self, level: Level, text: impl AsRef<str>) {
        self.banner = Some(Banner::new(level, text.as_ref()));
    }

    /// The clock's text: whole minutes spent in this run. Minutes, not
    /// seconds: an idle review screen then wakes once a minute, not once a
    /// second, and a ticking seconds counter only distracts from the item.
    #[must_use]
    pub fn clock(&self) -> String {
        format!("{} min", minutes(self.elapsed))
    }
}

/// Whole minutes in `d`, as the review clock shows them.
#[must_use]
pub fn minutes(d: Duration) -> u64 {
    d.as_secs() / 60
}
