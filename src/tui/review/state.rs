//! The review session's state and its update: a message in, state changed,
//! commands out. Nothing here waits or draws.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyEvent, KeyEventKind};
use ratatui_textarea::TextArea;

use crate::model::{Log, NewLog, Prompt};
use crate::review::{BadLine, Item, Mark, Progress, Queue};
use crate::tui::action::Action;
use crate::tui::keymap::{self, Ctx};
use crate::tui::message::{Cmd, Message};
use crate::tui::prompt_list::PromptList;
use crate::tui::state::{Banner, Level, Remote};

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
    /// The prompts, and the picker's filter.
    pub list: PromptList,
    /// The prompt picked for items that name none; sticks for later items.
    pub chosen_prompt: Option<String>,
    /// The notes of the item on screen.
    pub notes: TextArea<'static>,
    /// When notes were last typed and not yet written as a draft.
    pub notes_dirty: Option<Instant>,
    /// Scroll offset of the output.
    pub scroll: u16,
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

/// The stand-in id of a score whose submission has no answer yet.
const SENDING: &str = "(sending)";
/// How long after the last keystroke typed notes are written as a draft.
const NOTES_DRAFT_DELAY: Duration = Duration::from_millis(500);

impl Review {
    /// A session over `queue` with its saved `progress`.
    #[must_use]
    pub fn new(queue: Queue, progress: Progress, data_dir: Option<PathBuf>) -> Self {
        let len = queue.items.len();
        let index = progress.first_unreviewed(len).unwrap_or(len);
        let history = progress
            .items
            .iter()
            .filter(|(_, m)| matches!(m, Mark::Logged { .. }))
            .map(|(i, _)| *i)
            .collect();
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
            chosen_prompt: None,
            notes: TextArea::default(),
            notes_dirty: None,
            scroll: 0,
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
        let (logged, skipped) = review.progress.counts();
        if logged + skipped > 0 {
            review.banner(
                Level::Info,
                format!(
                    "Resumed: {logged} already logged, {skipped} skipped; starting at item {}.",
                    (index + 1).min(len)
                ),
            );
        }
        // Notes typed in an earlier run, not logged yet, come back.
        let drafts: Vec<(usize, String)> = review
            .progress
            .notes
            .iter()
            .map(|(i, n)| (*i, n.clone()))
            .collect();
        for (i, n) in drafts {
            if let Some(item) = review.items.get_mut(i) {
                item.notes = Some(n);
            }
        }
        review.load_notes();
        review
    }

    /// After notes were typed: keep them with the item and in the progress,
    /// to be written as a draft shortly.
    fn notes_edited(&mut self) {
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

    /// The commands to run at start: load prompts and logs, send the outbox.
    pub fn start(&mut self) -> Vec<Cmd> {
        self.prompts = Remote::Loading;
        self.logs = Remote::Loading;
        vec![
            Cmd::LoadPrompts,
            Cmd::LoadAllLogs,
            Cmd::FlushOutbox { force: true },
        ]
    }

    /// Whether the prompts or the logs are still on their way (scores wait
    /// for both: the logs tell what an earlier run already delivered).
    #[must_use]
    pub fn is_loading(&self) -> bool {
        self.prompts.is_loading() || self.logs.is_loading()
    }

    /// Handles one message.
    pub fn update(&mut self, msg: Message) -> Vec<Cmd> {
        self.elapsed = self.started.elapsed();
        match msg {
            Message::Input(Event::Key(key)) if key.kind != KeyEventKind::Release => {
                self.on_key(key)
            }
            Message::Input(Event::Paste(text)) if self.phase == Phase::Notes => {
                self.notes
                    .insert_str(crate::tui::form::normalise_newlines(&text));
                self.notes_edited();
                Vec::new()
            }
            Message::Input(Event::Resize(w, h)) => {
                self.size = (w, h);
                Vec::new()
            }
            Message::Api(event) => self.on_api(event),
            Message::Tick => {
                let now = Instant::now();
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
            _ => Vec::new(),
        }
    }

    /// When the loop should wake up next: each second for the clock, or
    /// sooner for an outbox retry.
    #[must_use]
    pub fn next_wakeup(&self) -> Instant {
        let clock = Instant::now() + Duration::from_secs(1);
        let notes = self.notes_dirty.map(|t| t + NOTES_DRAFT_DELAY);
        [Some(clock), self.next_flush, notes]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(clock)
    }

    /// Sets the message line.
    pub fn banner(&mut self, level: Level, text: impl Into<String>) {
        self.banner = Some(Banner {
            level,
            text: crate::sanitize::line(&text.into()).into_owned(),
        });
    }

    /// The keymap contexts in force.
    #[must_use]
    pub fn contexts(&self) -> Vec<Ctx> {
        match self.phase {
            Phase::BadLines => vec![Ctx::ReviewBad],
            Phase::Reviewing => vec![Ctx::Review],
            Phase::Picking => vec![Ctx::ReviewPicker],
            Phase::Notes => vec![Ctx::ReviewNotes],
            Phase::ConfirmUndo { .. } => vec![Ctx::Confirm],
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        if let Some(action) = keymap::resolve(&key, &self.contexts()) {
            return self.act(action);
        }
        match self.phase {
            Phase::Notes if self.notes.input(key) => self.notes_edited(),
            Phase::Picking => {
                let mut filter = self.list.filter.clone();
                match key.code {
                    crossterm::event::KeyCode::Char(c) => filter.push(c),
                    crossterm::event::KeyCode::Backspace => {
                        filter.pop();
                    }
                    _ => return Vec::new(),
                }
                self.list.set_filter(&filter);
            }
            _ => {}
        }
        Vec::new()
    }

    /// Carries out an action.
    pub fn act(&mut self, action: Action) -> Vec<Cmd> {
        match action {
            Action::Quit => self.ask_quit(),
            Action::ReviewGoOn => {
                self.phase = Phase::Reviewing;
                self.arrive();
            }
            Action::ReviewScore(s) => return self.log_current(Some(i64::from(s))),
            Action::Submit => {
                let score = self.items.get(self.index).and_then(|i| i.score);
                self.phase = Phase::Reviewing;
                return self.log_current(score);
            }
            Action::ReviewNext => self.go_to(self.index + 1),
            Action::ReviewPrev => self.go_to(self.index.saturating_sub(1)),
            Action::ReviewSkip => return self.skip(),
            Action::ReviewNotes if self.index < self.items.len() => self.phase = Phase::Notes,
            Action::ReviewUndo => return self.undo(),
            Action::Up | Action::Down if self.phase == Phase::Picking => {
                self.list.move_by(if action == Action::Up { -1 } else { 1 });
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => self.scroll_by(action),
            Action::Open if self.phase == Phase::Picking => self.pick(),
            Action::Back => {
                if self.phase == Phase::Picking {
                    self.banner(
                        Level::Info,
                        "No prompt chosen: this item cannot be logged until one is.",
                    );
                }
                self.phase = Phase::Reviewing;
            }
            Action::Yes => return self.confirm_undo(),
            Action::No => self.phase = Phase::Reviewing,
            _ => {}
        }
        Vec::new()
    }

    /// Quits, after the submissions on their way have landed (a second
    /// quit does not wait).
    fn ask_quit(&mut self) {
        if self.in_flight.is_empty() || self.quitting {
            self.quit = true;
        } else {
            self.quitting = true;
            let n = self.in_flight.len();
            self.banner(
                Level::Info,
                format!("Waiting for {n} submission(s) to land before quitting (q again quits now)\u{2026}"),
            );
        }
    }

    fn scroll_by(&mut self, action: Action) {
        let d: i32 = match action {
            Action::Up => -1,
            Action::Down => 1,
            Action::PageUp => -10,
            _ => 10,
        };
        self.scroll = u16::try_from((i32::from(self.scroll) + d).max(0)).unwrap_or(0);
    }

    /// The prompt of the item at `index`: its own, else the one picked.
    #[must_use]
    pub fn prompt_of(&self, index: usize) -> Option<&Prompt> {
        let item = self.items.get(index)?;
        let id = item.prompt_id.as_ref().or(self.chosen_prompt.as_ref())?;
        self.list.by_id(id)
    }

    /// The prompt id the item at `index` names or was given, known or not.
    fn prompt_id_of(&self, index: usize) -> Option<&str> {
        let item = self.items.get(index)?;
        item.prompt_id.as_deref().or(self.chosen_prompt.as_deref())
    }

    /// Moves to item `index` (clamped to "all done").
    pub fn go_to(&mut self, index: usize) {
        // Notes typed for this item stay with it while moving around.
        let typed = self.notes.lines().join("\n");
        if let Some(item) = self.items.get_mut(self.index) {
            item.notes = (!typed.trim().is_empty()).then_some(typed);
        }
        self.index = index.min(self.items.len());
        self.phase = Phase::Reviewing;
        self.arrive();
    }

    /// On arriving at an item: its notes, its scroll, and the picker when
    /// it has no prompt.
    pub(super) fn arrive(&mut self) {
        self.scroll = 0;
        self.load_notes();
        let unreviewed = self.index < self.items.len() && self.progress.get(self.index).is_none();
        if unreviewed && self.prompts.loaded().is_some() && self.prompt_of(self.index).is_none() {
            self.open_picker();
        }
    }

    fn load_notes(&mut self) {
        let notes = self
            .items
            .get(self.index)
            .and_then(|i| i.notes.clone())
            .unwrap_or_default();
        self.notes = TextArea::from(notes.lines().map(str::to_owned).collect::<Vec<_>>());
        self.notes
            .set_cursor_line_style(ratatui::style::Style::default());
    }

    fn open_picker(&mut self) {
        if let Some(id) = self.prompt_id_of(self.index) {
            let id = id.to_owned();
            self.banner(
                Level::Error,
                format!("Prompt {id} is not among your prompts: pick one."),
            );
        }
        self.list.set_filter("");
        self.phase = Phase::Picking;
    }

    fn pick(&mut self) {
        let Some(p) = self.list.selected_prompt() else {
            return;
        };
        let (id, title) = (p.id.clone(), p.title.clone());
        self.chosen_prompt = Some(id.clone());
        if let Some(item) = self.items.get_mut(self.index) {
            item.prompt_id = None;
        }
        // Later items that named an unknown prompt use the choice too.
        for item in &mut self.items {
            if item
                .prompt_id
                .as_deref()
                .is_some_and(|p| self.list.by_id(p).is_none())
            {
                item.prompt_id = None;
            }
        }
        self.phase = Phase::Reviewing;
        self.banner(
            Level::Info,
            format!("Prompt \u{201c}{title}\u{201d} ({id}) for this and the following items without one."),
        );
    }

    /// The log the item on screen would become with `score`, or why not.
    fn new_log(&self, score: Option<i64>) -> Result<NewLog, String> {
        let item = self.items.get(self.index).ok_or("Nothing left to log.")?;
        let prompt = self
            .prompt_of(self.index)
            .ok_or("This item has no prompt yet.")?;
        let model = item
            .model
            .clone()
            .filter(|m| !m.trim().is_empty())
            .unwrap_or_else(|| prompt.model.clone());
        let notes = self.notes.lines().join("\n");
        let log = NewLog {
            prompt_id: prompt.id.clone(),
            output: item.output.clone(),
            model_used: model,
            notes: (!notes.trim().is_empty()).then_some(notes),
            score,
        };
        log.validate().map_err(|p| p.to_string())?;
        Ok(log)
    }

    /// Logs the item on screen with `score` and moves on at once; the
    /// submission finishes in the background.
    pub fn log_current(&mut self, score: Option<i64>) -> Vec<Cmd> {
        if self.index >= self.items.len() {
            return Vec::new();
        }
        if let Some(Mark::Logged { log_id, .. }) = self.progress.get(self.index) {
            let text = format!("Already logged as {log_id} (u undoes the last score).");
            self.banner(Level::Info, text);
            return Vec::new();
        }
        if self.is_loading() {
            self.banner(Level::Info, "Still loading the prompts and logs\u{2026}");
            return Vec::new();
        }
        if self.prompt_of(self.index).is_none() {
            self.open_picker();
            return Vec::new();
        }
        let log = match self.new_log(score) {
            Ok(log) => log,
            Err(e) => {
                self.banner(Level::Error, format!("Not logged: {e}"));
                return Vec::new();
            }
        };
        let index = self.index;
        if let Some(found) = crate::review::is_duplicate(
            self.logs.loaded().map_or(&[], Vec::as_slice),
            &log.prompt_id,
            &log.model_used,
            &log.output,
        ) {
            // Delivered before (a run that ended before its answer): keep that one.
            let id = found.id.clone();
            let found_score = found.score.map(|s| s.round() as i64);
            self.progress.mark_logged(index, id.clone(), found_score);
            self.history.push(index);
            self.banner(
                Level::Info,
                format!(
                    "Item {} was already on the server as {id}: not sent again.",
                    index + 1
                ),
            );
            self.go_to(index + 1);
            return vec![self.save()];
        }
        self.progress.mark_logged(index, SENDING, score);
        self.history.push(index);
        self.in_flight.push((index, log.clone()));
        self.go_to(index + 1);
        vec![Cmd::Submit(log)]
    }

    fn skip(&mut self) -> Vec<Cmd> {
        if self.index >= self.items.len() {
            return Vec::new();
        }
        if self.progress.get(self.index).is_some() {
            self.go_to(self.index + 1);
            return Vec::new();
        }
        self.progress.mark_skipped(self.index);
        self.go_to(self.index + 1);
        vec![self.save()]
    }

    /// A command writing the progress, without scores still on their way
    /// (the file never claims a log the server has not confirmed).
    pub(super) fn save(&self) -> Cmd {
        let mut snapshot = self.progress.clone();
        for (i, _) in &self.in_flight {
            snapshot.items.remove(i);
        }
        Cmd::SaveProgress(snapshot)
    }

    /// After the loop tried to write the progress.
    pub fn on_progress_saved(&mut self, result: std::io::Result<()>) {
        if let Err(e) = result {
            self.banner(
                Level::Error,
                format!("Could not save the review progress: {e}"),
            );
        }
    }

    fn undo(&mut self) -> Vec<Cmd> {
        let Some(&index) = self.history.last() else {
            self.banner(Level::Info, "Nothing to undo.");
            return Vec::new();
        };
        if self.in_flight.iter().any(|(i, _)| *i == index) {
            self.banner(
                Level::Info,
                "That score is still being sent: undo again in a moment.",
            );
            return Vec::new();
        }
        let Some(Mark::Logged { log_id, .. }) = self.progress.get(index).cloned() else {
            self.history.pop();
            return Vec::new();
        };
        if log_id.starts_with("obx_") {
            self.forget(index);
            self.banner(
                Level::Success,
                format!(
                    "Undone: item {} taken out of the outbox, never sent.",
                    index + 1
                ),
            );
            return vec![Cmd::DiscardOutbox(log_id), self.save()];
        }
        let prompt_id = self.prompt_id_of(index).unwrap_or_default().to_owned();
        self.phase = Phase::ConfirmUndo {
            index,
            log_id,
            prompt_id,
        };
        Vec::new()
    }

    fn confirm_undo(&mut self) -> Vec<Cmd> {
        let Phase::ConfirmUndo {
            log_id, prompt_id, ..
        } = std::mem::replace(&mut self.phase, Phase::Reviewing)
        else {
            return Vec::new();
        };
        self.banner(Level::Info, format!("Deleting {log_id}\u{2026}"));
        vec![Cmd::DeleteLog { log_id, prompt_id }]
    }

    /// Unmarks item `index` and goes back to it.
    pub(super) fn forget(&mut self, index: usize) {
        self.progress.items.remove(&index);
        self.history.retain(|i| *i != index);
        self.go_to(index);
    }

    /// Scored, skipped, and the mean score of the scored ones.
    #[must_use]
    pub fn tally(&self) -> (usize, usize, Option<f64>) {
        let (logged, skipped) = self.progress.counts();
        let scores: Vec<i64> = self
            .progress
            .items
            .values()
            .filter_map(|m| match m {
                Mark::Logged { score, .. } => *score,
                Mark::Skipped => None,
            })
            .collect();
        let mean =
            (!scores.is_empty()).then(|| scores.iter().sum::<i64>() as f64 / scores.len() as f64);
        (logged, skipped, mean)
    }
}
