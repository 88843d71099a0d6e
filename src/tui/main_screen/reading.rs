//! The main screen's reading keys outside overlays: the logs pane's search,
//! sort and model filter, the prompt pane's raw toggle, and copying a log's
//! output or notes to the clipboard (OSC 52, through the loop).

use super::{App, Focus};
use crate::tui::action::Action;
use crate::tui::components::status_bar::Level;
use crate::tui::message::Cmd;

impl App {
    /// Handles `action` when it is a reading key where the focus is;
    /// `None` leaves it to the screen.
    pub(super) fn reading_action(&mut self, action: Action) -> Option<Vec<Cmd>> {
        match (self.focus, action) {
            (Focus::Prompt, Action::ToggleRaw) => {
                self.prompt.raw = !self.prompt.raw;
                Some(Vec::new())
            }
            (Focus::Logs, Action::CopyOutput | Action::CopyNotes) => {
                let log = self.logs.selected_log(self.current_id()?)?;
                let text = if action == Action::CopyOutput {
                    log.output.clone()
                } else {
                    log.notes.clone().unwrap_or_default()
                };
                Some(self.copy(text))
            }
            (Focus::Logs, _) => {
                let id = self.current_id()?.to_owned();
                let pane = self.areas().logs;
                self.logs.act(&id, action, pane)
            }
            _ => None,
        }
    }

    /// Copies `text` to the clipboard: the loop writes it as OSC 52.
    pub(super) fn copy(&mut self, text: String) -> Vec<Cmd> {
        if text.is_empty() {
            self.say(Level::Info, "Nothing to copy: the text is empty.");
            return Vec::new();
        }
        let n = text.chars().count();
        self.say(
            Level::Success,
            format!("Copied {n} chars to the clipboard (OSC 52)"),
        );
        vec![Cmd::Clipboard(text)]
    }
}
