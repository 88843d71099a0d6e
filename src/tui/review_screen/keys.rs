//! Keys on the review screen: the keymap's contexts for each phase, the
//! actions, and the prompt picker (its filter and list).

use crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use super::session::{Phase, Review};
use crate::tui::action::Action;
use crate::tui::components::prompt_store::StoredPrompt;
use crate::tui::components::status_bar::Level;
use crate::tui::keymap::{self, Ctx};
use crate::tui::message::Cmd;

/// Rows of prompts in the picker's list.
pub const PICKER_ROWS: usize = 13;

impl Review {
    pub fn contexts(&self) -> Vec<Ctx> {
        match self.phase {
            Phase::BadLines => vec![Ctx::ReviewBad],
            Phase::Reviewing => vec![Ctx::Review],
            Phase::Picking => vec![Ctx::ReviewPicker],
            Phase::Notes => vec![Ctx::ReviewNotes],
            Phase::ConfirmUndo { .. } => vec![Ctx::Confirm],
        }
    }

    pub(super) fn on_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        if let Some(action) = keymap::resolve(&key, &self.contexts()) {
            return self.act(action);
        }
        match self.phase {
            Phase::Notes if self.notes.input(key) => self.notes_edited(),
            Phase::Picking if self.picker_input.edit(&self.list.filter, key) => {
                let filter = self.picker_input.text();
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
                if score.is_none() {
                    self.say(
                        Level::Info,
                        "Notes kept: now give the score (0-9, t for 10) to log both.",
                    );
                    return Vec::new();
                }
                return self.log_current(score);
            }
            Action::ReviewNext => self.go_to(self.index + 1),
            Action::ReviewPrev => self.go_to(self.index.saturating_sub(1)),
            Action::ReviewSkip => return self.skip(),
            Action::ReviewNotes if self.index < self.items.len() => self.phase = Phase::Notes,
            Action::ReviewUndo => return self.undo(),
            Action::ToggleRaw => self.raw = !self.raw,
            Action::CopyOutput => return self.copy_output(),
            Action::Up | Action::Down if self.phase == Phase::Picking => {
                self.list.move_by(if action == Action::Up { -1 } else { 1 });
                self.list.window.follow(PICKER_ROWS, self.list.rows.len());
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => self.scroll_by(action),
            Action::Open if self.phase == Phase::Picking => return self.pick(),
            Action::Back => {
                if self.phase == Phase::Picking {
                    self.picker_declined = true;
                    self.say(
                        Level::Info,
                        "No prompt chosen: a score on an item without one opens the list again.",
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

    /// Copies the item's output to the clipboard (OSC 52, by the loop).
    fn copy_output(&mut self) -> Vec<Cmd> {
        let Some(text) = self.items.get(self.index).map(|i| i.output.clone()) else {
            return Vec::new();
        };
        let n = text.chars().count();
        self.say(
            Level::Success,
            format!("Copied {n} chars to the clipboard (OSC 52)"),
        );
        vec![Cmd::Clipboard(text)]
    }

    /// Quits, after the submissions on their way have landed (a second
    /// quit does not wait).
    fn ask_quit(&mut self) {
        if self.in_flight.is_empty() || self.quitting {
            self.quit = true;
        } else {
            self.quitting = true;
            let n = self.in_flight.len();
            self.say(
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
    pub fn prompt_of(&self, index: usize) -> Option<&StoredPrompt> {
        let item = self.items.get(index)?;
        let id = item.prompt_id.as_ref().or(self.chosen_prompt.as_ref())?;
        self.list.by_id(id)
    }

    /// The prompt id the item at `index` names or was given, known or not.
    pub(super) fn prompt_id_of(&self, index: usize) -> Option<&str> {
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
        self.item_since = tokio::time::Instant::now();
        self.load_notes();
        let unreviewed = self.index < self.items.len() && self.progress.get(self.index).is_none();
        if unreviewed
            && !self.picker_declined
            && self.prompts.loaded().is_some()
            && self.prompt_of(self.index).is_none()
        {
            self.open_picker();
        }
    }

    pub(super) fn load_notes(&mut self) {
        let notes = self
            .items
            .get(self.index)
            .and_then(|i| i.notes.clone())
            .unwrap_or_default();
        self.notes = TextArea::from(notes.lines().map(str::to_owned).collect::<Vec<_>>());
        self.notes
            .set_cursor_line_style(ratatui::style::Style::default());
    }

    pub(super) fn open_picker(&mut self) {
        if let Some(id) = self.prompt_id_of(self.index) {
            let id = id.to_owned();
            self.say(
                Level::Error,
                format!("Prompt {id} is not among your prompts: pick one."),
            );
        }
        self.list.set_filter("");
        self.phase = Phase::Picking;
    }

    fn pick(&mut self) -> Vec<Cmd> {
        let Some(p) = self.list.selected_prompt() else {
            return Vec::new();
        };
        let (id, title) = (p.id().to_owned(), p.title().to_owned());
        self.chosen_prompt = Some(id.clone());
        self.progress.prompt_id = Some(id.clone());
        self.picker_declined = false;
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
        self.say(
            Level::Info,
            format!("Prompt \u{201c}{title}\u{201d} ({id}) for this and the following items without one."),
        );
        vec![self.save()]
    }
}
