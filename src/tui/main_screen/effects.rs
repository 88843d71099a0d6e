//! What the main screen does for its components: the overlays' replies,
//! the actions that open an overlay (each in one line), submitting the
//! form, and the outbox's send-now.

use tokio::time::Instant;

use super::{App, Focus};
use crate::model::NewLog;
use crate::outbox::{Draft, EntryState};
use crate::tui::action::Action;
use crate::tui::components::compose::{Field, Form, Sending};
use crate::tui::components::confirm::{Confirm, Question};
use crate::tui::components::diff::LogDiff;
use crate::tui::components::help::Help;
use crate::tui::components::log_detail::LogDetail;
use crate::tui::components::outbox_view::OutboxView;
use crate::tui::components::overlay::{Effect, Overlay, Reply};
use crate::tui::components::prompt_dialog::PromptDialog;
use crate::tui::components::scoreboard::Scoreboard;
use crate::tui::components::status_bar::Level;
use crate::tui::message::{Cmd, Request};

const FIELD_ORDER: [Field; 4] = [Field::Output, Field::Model, Field::Score, Field::Notes];

impl App {
    /// Does what an overlay's `reply` to `action` asks.
    pub(super) fn apply(
        &mut self,
        overlay: Box<dyn Overlay>,
        reply: Reply,
        action: Action,
    ) -> Vec<Cmd> {
        match reply {
            Reply::Keep => self.overlay = Some(overlay),
            Reply::Close => {}
            Reply::Open(next) => self.overlay = Some(next),
            Reply::Then(effect) => return self.effect(effect),
            Reply::Also(effect) => {
                self.overlay = Some(overlay);
                return self.effect(effect);
            }
            Reply::Pass => {
                self.overlay = Some(overlay);
                return self.act_here(action);
            }
        }
        Vec::new()
    }

    /// The actions that open an overlay: one line each.
    pub(super) fn open_for(&mut self, action: Action) -> Vec<Cmd> {
        let id = self.current_id().map(str::to_owned);
        match action {
            Action::Help => self.open(Box::new(Help::default())),
            Action::AddPrompt => self.open(Box::new(PromptDialog::default())),
            Action::Edit | Action::DeletePrompt => return self.edit_or_delete(action),
            Action::Outbox => {
                self.open(Box::new(OutboxView::default()));
                return vec![Cmd::ReadOutbox];
            }
            Action::Scoreboard => {
                if let Some(prompt_id) = id {
                    self.open(Box::new(Scoreboard { prompt_id }));
                }
            }
            Action::DiscardDraft => {
                if let Some(id) = id.filter(|id| self.compose.has_draft(id)) {
                    self.open(Box::new(Confirm::new(Question::DiscardDraft(id))));
                }
            }
            Action::Delete if self.focus == Focus::Logs => {
                if let Some(log) = self.selected_log() {
                    self.open(Box::new(Confirm::new(Question::DeleteLog(log))));
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn selected_log(&self) -> Option<crate::model::Log> {
        self.logs.selected_log(self.current_id()?).cloned()
    }

    /// Enter on the prompt list (write the output) or on a log (open it).
    pub(super) fn open_selected(&mut self) -> Vec<Cmd> {
        match self.focus {
            Focus::Prompts if self.list.selected_prompt().is_some() => {
                let _ = self.current_form_mut();
                self.list.filtering = false;
                self.focus = Focus::Form(Field::Output);
            }
            Focus::Logs => {
                if let Some(log) = self.selected_log() {
                    self.open(Box::new(LogDetail::new(log)));
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// Marks the selected log; with one marked already, compares the two.
    pub(super) fn mark_diff(&mut self) {
        let Some(log) = self.selected_log() else {
            return;
        };
        let marked = self
            .logs
            .diff_mark
            .take()
            .filter(|m| m.prompt_id == log.prompt_id);
        match marked {
            Some(m) if m.id == log.id => self.say(Level::Info, "Mark removed."),
            Some(m) => self.open(Box::new(LogDiff::new(m, log))),
            None => {
                self.say(
                    Level::Info,
                    format!(
                        "Marked {}: select another log of this prompt and press m to compare.",
                        log.id
                    ),
                );
                self.logs.diff_mark = Some(log);
            }
        }
    }

    fn effect(&mut self, effect: Effect) -> Vec<Cmd> {
        match effect {
            Effect::Quit => self.ask_quit(),
            Effect::QuitNow => self.quit = true,
            Effect::DeleteLog(log) => {
                return vec![Cmd::DeleteLog {
                    log_id: log.id,
                    prompt_id: log.prompt_id,
                }];
            }
            Effect::SendAnyway(log) => return self.send(log),
            Effect::Copy(text) => return self.copy(text),
            Effect::DiscardDraft(id) => {
                if let Some(form) = self.compose.forms.get_mut(&id) {
                    form.clear_after_submit();
                }
                self.compose.unsaved.remove(&id);
                self.say(Level::Info, "Draft discarded.");
                return vec![Cmd::RemoveDraft(id)];
            }
            Effect::DiscardOutbox(id) => {
                self.outbox.entries.retain(|e| e.id != id);
                self.compose.queued.retain(|_, e| *e != id);
                self.outbox.schedule();
                self.say(Level::Info, "Outbox entry discarded.");
                return vec![Cmd::DiscardOutbox(id)];
            }
            Effect::EditOutbox(n) => return self.edit_outbox_entry(n),
            Effect::Login { email, password } => return vec![Cmd::Login { email, password }],
            Effect::LoginAbandoned => {
                if self.resend_after_login.take().is_some() {
                    self.say(
                        Level::Error,
                        "Not sent: log in to send it (F5). Your text is kept.",
                    );
                }
                return vec![Cmd::Abandon(Request::Login)];
            }
            Effect::CreatePrompt(p) => return vec![Cmd::CreatePrompt(p)],
            Effect::UpdatePrompt { id, patch } => return vec![Cmd::UpdatePrompt { id, patch }],
            Effect::DeletePrompt(id) => return vec![Cmd::DeletePrompt(id)],
            Effect::UpdateLog { log, patch } => return vec![Cmd::UpdateLog { log, patch }],
            Effect::ReplaceLog { old, copy } => {
                let mut cmds = self.send(copy);
                cmds.push(Cmd::DeleteLog {
                    log_id: old.id,
                    prompt_id: old.prompt_id,
                });
                return cmds;
            }
            Effect::Say(text) => self.say(Level::Info, text),
        }
        Vec::new()
    }

    fn edit_outbox_entry(&mut self, selected: usize) -> Vec<Cmd> {
        let Some(entry) = self.outbox.entries.get(selected).cloned() else {
            return Vec::new();
        };
        let Some(id) = self
            .list
            .by_id(&entry.log.prompt_id)
            .map(|p| p.id().to_owned())
        else {
            self.say(Level::Error, "That entry's prompt is not in the list (deleted, or another account's). Discard it with d.");
            self.open(Box::new(OutboxView { selected }));
            return Vec::new();
        };
        self.list.set_filter("");
        self.list.select_id(&id);
        let mut cmds = self.after_selection_change();
        let draft = Draft {
            prompt_id: id.clone(),
            output: entry.log.output.clone(),
            model: entry.log.model_used.clone(),
            score: entry.log.score,
            notes: entry.log.notes.clone().unwrap_or_default(),
        };
        self.compose
            .forms
            .insert(id.clone(), Form::from_draft(&draft));
        self.mark_edited(&id);
        self.outbox.entries.retain(|e| e.id != entry.id);
        self.compose.queued.remove(&id);
        self.outbox.schedule();
        self.focus = Focus::Form(Field::Output);
        self.say(
            Level::Info,
            "Back in the form: edit it and send it again (Ctrl-S).",
        );
        cmds.push(Cmd::DiscardOutbox(entry.id));
        cmds
    }

    /// Checks the shown form with the server's rules and sends it. The
    /// duplicate guard (an output already logged for the prompt and model
    /// asks first) looks at the prompt's loaded rows: always at least the
    /// newest page, every log once the older pages are loaded; an older
    /// duplicate not loaded yet is not recognised.
    pub fn submit(&mut self) -> Vec<Cmd> {
        self.compose.completion = None;
        if self.compose.sending.is_some() {
            self.say(
                Level::Info,
                "Still sending the last log; wait for its answer.",
            );
            return Vec::new();
        }
        let Some(form) = self.form_or_hint() else {
            return Vec::new();
        };
        let log = form.new_log();
        if let Err(problems) = log.validate() {
            let first = FIELD_ORDER
                .into_iter()
                .find(|f| problems.for_field(f.wire_name()).is_some());
            form.problems = Some(problems);
            if let Some(f) = first {
                self.focus = Focus::Form(f);
            }
            self.say(Level::Error, "Not sent: fix the marked fields.");
            return Vec::new();
        }
        let queued = self.compose.queued.get(&log.prompt_id).cloned();
        if let Some(id) = queued
            && self
                .outbox
                .entries
                .iter()
                .any(|e| e.id == id && e.log == log)
        {
            self.say(
                Level::Info,
                "This one is already in the outbox: sending it now.",
            );
            return vec![Cmd::FlushOutbox { force: true }];
        }
        if let Some(existing) = self.current_logs().and_then(|logs| {
            crate::review_queue::is_duplicate(logs, &log.prompt_id, &log.model_used, &log.output)
        }) {
            let existing = existing.id.clone();
            self.open(Box::new(Confirm::new(Question::Duplicate {
                log,
                existing,
            })));
            return Vec::new();
        }
        self.send(log)
    }

    /// Sends `log` (checked already) through the outbox's path.
    pub fn send(&mut self, log: NewLog) -> Vec<Cmd> {
        self.compose.sending = Some(Sending {
            prompt_id: log.prompt_id.clone(),
            since: Instant::now(),
        });
        self.say(Level::Info, "Sending\u{2026}");
        vec![Cmd::Submit(log)]
    }

    /// Sends the outbox now.
    pub fn retry_now(&mut self) -> Vec<Cmd> {
        let entries = &self.outbox.entries;
        if entries.iter().any(|e| e.state == EntryState::Pending) {
            self.say(Level::Info, "Sending the outbox\u{2026}");
            vec![Cmd::FlushOutbox { force: true }]
        } else if entries.is_empty() {
            self.say(Level::Info, "The outbox is empty.");
            Vec::new()
        } else {
            self.say(
                Level::Info,
                "Nothing to retry: the outbox holds only refused entries (Ctrl-O to see them).",
            );
            Vec::new()
        }
    }
}
