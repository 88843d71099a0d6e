//! The main screen's editing keys: model completion (the popup's keys),
//! clearing the model, Alt-digit (score and submit in one key), editing
//! and deleting prompts, and their answers.

use crossterm::event::{KeyCode, KeyEvent};

use super::{App, Focus};
use crate::client::ApiError;
use crate::model::{Log, LogPatch, Prompt};
use crate::tui::action::Action;
use crate::tui::components::compose::Field;
use crate::tui::components::compose::complete::{self, Completion};
use crate::tui::components::confirm::{Confirm, Question};
use crate::tui::components::log_dialog::{LogDialog, corrected_copy};
use crate::tui::components::prompt_dialog::PromptDialog;
use crate::tui::components::prompt_store::StoredPrompt;
use crate::tui::components::status_bar::Level;
use crate::tui::error::Reported;
use crate::tui::message::Cmd;

impl App {
    /// Every model name to offer: logged before, the prompts' defaults,
    /// the config's list; each once, in that order.
    #[must_use]
    pub fn model_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        let all = self
            .compose
            .known_models
            .iter()
            .map(String::as_str)
            .chain(self.list.prompts.iter().map(StoredPrompt::model))
            .chain(self.compose.offered_models.iter().map(String::as_str));
        for name in all {
            let name = name.trim();
            if !name.is_empty() && !names.iter().any(|n| n == name) {
                names.push(name.to_owned());
            }
        }
        names
    }

    /// The names the completion popup lists now (none when it is closed).
    #[must_use]
    pub fn completions(&self) -> Vec<String> {
        if self.overlay.is_some()
            || self.focus != Focus::Form(Field::Model)
            || self.compose.completion.is_none()
        {
            return Vec::new();
        }
        let Some(form) = self.current_form() else {
            return Vec::new();
        };
        let names = self.model_names();
        complete::candidates(&form.model.text(), names.iter().map(String::as_str))
    }

    /// The popup's highlighted name, if it is open.
    fn highlighted_completion(&self) -> Option<String> {
        let names = self.completions();
        let at = self
            .compose
            .completion?
            .selected
            .min(names.len().checked_sub(1)?);
        names.into_iter().nth(at)
    }

    /// Takes the highlighted name into the model field; whether there was one.
    fn accept_completion(&mut self) -> bool {
        let Some(name) = self.highlighted_completion() else {
            return false;
        };
        self.compose.completion = None;
        if let Some(form) = self.current_form_mut() {
            form.set_model(&name);
            form.problems = None;
            let id = form.prompt_id.clone();
            self.mark_edited(&id);
        }
        true
    }

    /// The popup's own actions (Tab takes, Up/Down move, Esc closes);
    /// whether the popup took `action`.
    pub(super) fn completion_action(&mut self, action: Action) -> bool {
        let n = self.completions().len();
        let Some(c) = self.compose.completion.as_mut() else {
            return false;
        };
        if n == 0 {
            return false;
        }
        match action {
            Action::FocusNext => self.accept_completion(),
            Action::ModelNext => {
                c.selected = (c.selected.min(n - 1) + 1) % n;
                true
            }
            Action::ModelPrev => {
                c.selected = (c.selected.min(n - 1) + n - 1) % n;
                true
            }
            Action::Back => {
                self.compose.completion = None;
                true
            }
            _ => false,
        }
    }

    /// A key in the model field before the editor sees it: Right at the
    /// end of the text takes the highlighted name; whether it did.
    pub(super) fn completion_key(&mut self, key: KeyEvent) -> bool {
        key.code == KeyCode::Right
            && key.modifiers.is_empty()
            && self.current_form().is_some_and(|f| f.model.at_end())
            && self.accept_completion()
    }

    /// After the model's text changed by typing: the popup opens (or
    /// follows the new text from its first name).
    pub(super) fn model_typed(&mut self) {
        self.compose.completion = Some(Completion::default());
    }

    /// Ctrl-U in the model field: empties it, and offers every name.
    pub(super) fn clear_field(&mut self) {
        if self.focus != Focus::Form(Field::Model) {
            return;
        }
        let Some(form) = self.current_form_mut() else {
            return;
        };
        form.model.clear();
        let id = form.prompt_id.clone();
        self.mark_edited(&id);
        self.model_typed();
    }

    /// Alt-digit: sets the score and submits, from any field of the form.
    pub(super) fn score_and_submit(&mut self, score: u8) -> Vec<Cmd> {
        let Some(form) = self.form_or_hint() else {
            return Vec::new();
        };
        form.set_score(i64::from(score));
        let id = form.prompt_id.clone();
        self.mark_edited(&id);
        self.compose.completion = None;
        self.submit()
    }
}

impl App {
    /// `e` and `D`: edit the selected prompt, or ask before deleting it.
    pub(super) fn edit_or_delete(&mut self, action: Action) -> Vec<Cmd> {
        if self.focus == Focus::Logs && action == Action::Edit {
            self.edit_log();
            return Vec::new();
        }
        if self.focus != Focus::Prompts {
            return Vec::new();
        }
        let Some(p) = self.list.selected_prompt().map(StoredPrompt::to_prompt) else {
            return Vec::new();
        };
        if action == Action::Edit {
            self.open(Box::new(PromptDialog::edit(&p)));
        } else {
            // The exact count from the statistics, however few are loaded.
            let logs = self.logs.total(&p.id);
            self.open(Box::new(Confirm::new(Question::DeletePrompt {
                id: p.id,
                title: p.title,
                logs,
            })));
        }
        Vec::new()
    }

    /// A prompt came back changed: it replaces the old one in the list.
    pub(super) fn on_prompt_updated(&mut self, r: Result<Prompt, ApiError>) -> Vec<Cmd> {
        match r {
            Ok(p) => {
                self.overlay = None;
                let id = p.id.clone();
                let mut prompts = std::mem::take(&mut self.list.prompts);
                prompts.replace(&p);
                self.list.set_prompts(prompts);
                self.list.select_id(&id);
                self.say(Level::Success, format!("Prompt {id} saved."));
                self.after_selection_change()
            }
            Err(e) => {
                tracing::error!("cannot save the prompt: {e}");
                self.show_error(e.to_string());
                Vec::new()
            }
        }
    }

    /// A prompt was deleted: it leaves the list, its logs and its form.
    pub(super) fn on_prompt_deleted(&mut self, id: &str, r: Result<(), ApiError>) -> Vec<Cmd> {
        if let Err(e) = r {
            tracing::error!("cannot delete prompt {id}: {e}");
            self.show_error(format!("Prompt not deleted: {e}"));
            return Vec::new();
        }
        let mut prompts = std::mem::take(&mut self.list.prompts);
        prompts.retain(|p| p.id() != id);
        self.list.set_prompts(prompts);
        self.logs.forget(id);
        self.compose.forms.remove(id);
        self.compose.unsaved.remove(id);
        self.say(
            Level::Success,
            format!("Prompt {id} deleted, with its logs."),
        );
        let mut cmds = self.after_selection_change();
        cmds.push(Cmd::RemoveDraft(id.to_owned()));
        cmds
    }
}

impl App {
    /// `e` on a log: the dialog correcting its score and notes.
    pub(super) fn edit_log(&mut self) {
        if let Some(log) = self
            .current_id()
            .and_then(|id| self.logs.selected_log(id))
            .cloned()
        {
            self.open(Box::new(LogDialog::new(log)));
        }
    }

    /// A log came back corrected (same id), or the server cannot do it.
    pub(super) fn on_log_updated(
        &mut self,
        old: Log,
        patch: LogPatch,
        r: Result<Log, ApiError>,
    ) -> Vec<Cmd> {
        match r {
            Ok(log) => {
                self.overlay = None;
                self.say(Level::Success, format!("Log {} corrected.", log.id));
                return self.logs.corrected(&old, log);
            }
            Err(ApiError::NotSupported(_)) => {
                let copy = corrected_copy(&old, &patch);
                self.open(Box::new(Confirm::new(Question::ReplaceLog { old, copy })));
            }
            Err(e) => {
                tracing::error!("cannot correct log {}: {e}", old.id);
                self.show_error(format!("Not corrected: {e}"));
            }
        }
        Vec::new()
    }
}
