//! Submitting, dialogs, and what the API's answers do to the state.

use std::time::Instant;

use crate::client::{ApiError, ErrorKind};
use crate::model::{Log, NewLog, NewPrompt, Prompt};
use crate::outbox::{Entry, EntryState, Outcome, SubmitResult};

use super::AuthMode;
use super::action::Action;
use super::app::App;
use super::form::Field;
use super::message::{ApiEvent, Cmd};
use super::state::{Dialog, Focus, Level, Modal, Remote, Sending};

const FIELD_ORDER: [Field; 4] = [Field::Output, Field::Model, Field::Score, Field::Notes];

impl App {
    /// The shown prompt's logs, when loaded.
    #[must_use]
    pub fn current_logs(&self) -> Option<&[Log]> {
        self.logs
            .get(self.current_id()?)?
            .loaded()
            .map(Vec::as_slice)
    }

    /// Checks the shown form with the server's rules and sends it.
    pub fn submit(&mut self) -> Vec<Cmd> {
        if self.sending.is_some() {
            self.banner(
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
            self.banner(Level::Error, "Not sent: fix the marked fields.");
            return Vec::new();
        }
        let queued = self.queued_forms.get(&log.prompt_id).cloned();
        if let Some(id) = queued
            && self.outbox.iter().any(|e| e.id == id && e.log == log)
        {
            self.banner(
                Level::Info,
                "This one is already in the outbox: sending it now.",
            );
            return vec![Cmd::FlushOutbox { force: true }];
        }
        if let Some(existing) = self.current_logs().and_then(|logs| {
            crate::review::is_duplicate(logs, &log.prompt_id, &log.model_used, &log.output)
        }) {
            self.modal = Some(Modal::ConfirmDuplicate {
                existing: existing.id.clone(),
                log,
            });
            return Vec::new();
        }
        self.send(log)
    }

    /// Sends `log` (checked already) through the outbox's path.
    pub fn send(&mut self, log: NewLog) -> Vec<Cmd> {
        self.sending = Some(Sending {
            prompt_id: log.prompt_id.clone(),
            since: Instant::now(),
        });
        self.banner(Level::Info, "Sending\u{2026}");
        vec![Cmd::Submit(log)]
    }

    /// Sends the outbox now.
    pub fn retry_now(&mut self) -> Vec<Cmd> {
        if self.outbox.iter().any(|e| e.state == EntryState::Pending) {
            self.banner(Level::Info, "Sending the outbox\u{2026}");
            vec![Cmd::FlushOutbox { force: true }]
        } else if self.outbox.is_empty() {
            self.banner(Level::Info, "The outbox is empty.");
            Vec::new()
        } else {
            self.banner(
                Level::Info,
                "Nothing to retry: the outbox holds only refused entries (Ctrl-O to see them).",
            );
            Vec::new()
        }
    }

    pub(super) fn act_dialog(&mut self, action: Action) -> Vec<Cmd> {
        let Some(Modal::Login(d) | Modal::AddPrompt(d)) = &mut self.modal else {
            return Vec::new();
        };
        let n = d.fields.len();
        match action {
            Action::FocusNext => d.focus = (d.focus + 1) % n,
            Action::FocusPrev => d.focus = (d.focus + n - 1) % n,
            Action::Open if d.focus + 1 < n && d.fields[d.focus].0 != "Content" => d.focus += 1,
            Action::Open | Action::Submit => return self.confirm_dialog(),
            Action::Back => {
                if matches!(self.modal, Some(Modal::Login(_)))
                    && self.resend_after_login.take().is_some()
                {
                    self.banner(
                        Level::Error,
                        "Not sent: log in to send it (F5). Your text is kept.",
                    );
                }
                self.modal = None;
            }
            Action::Quit => {
                self.modal = None;
                self.act(Action::Quit);
            }
            _ => {}
        }
        Vec::new()
    }

    fn confirm_dialog(&mut self) -> Vec<Cmd> {
        match &mut self.modal {
            Some(Modal::Login(d)) => {
                let (email, password) = (d.value(0).trim().to_owned(), d.value(1));
                if email.is_empty() || password.is_empty() {
                    d.error = Some("Enter your email and password.".to_owned());
                    return Vec::new();
                }
                d.busy = true;
                d.error = None;
                vec![Cmd::Login { email, password }]
            }
            Some(Modal::AddPrompt(d)) => {
                let tags: Vec<String> = d
                    .value(2)
                    .split(',')
                    .map(|t| t.trim().to_owned())
                    .filter(|t| !t.is_empty())
                    .collect();
                let prompt = NewPrompt {
                    title: d.value(0).trim().to_owned(),
                    model: d.value(1).trim().to_owned(),
                    tags: (!tags.is_empty()).then_some(tags),
                    content: d.value(3),
                };
                let value = serde_json::to_value(&prompt).unwrap_or_default();
                if let Err(p) = crate::model::validate_new_prompt(&value) {
                    d.error = Some(p.to_string());
                    return Vec::new();
                }
                d.busy = true;
                d.error = None;
                vec![Cmd::CreatePrompt(prompt)]
            }
            _ => Vec::new(),
        }
    }

    pub(super) fn edit_outbox_entry(&mut self, selected: usize) -> Vec<Cmd> {
        let Some(entry) = self.outbox.get(selected).cloned() else {
            return Vec::new();
        };
        let Some(prompt) = self.list.by_id(&entry.log.prompt_id).cloned() else {
            self.banner(Level::Error, "That entry's prompt is not in the list (deleted, or another account's). Discard it with d.");
            return Vec::new();
        };
        self.list.set_filter("");
        self.list.select_id(&prompt.id);
        let mut cmds = self.after_selection_change();
        let draft = crate::outbox::Draft {
            prompt_id: prompt.id.clone(),
            output: entry.log.output.clone(),
            model: entry.log.model_used.clone(),
            score: entry.log.score,
            notes: entry.log.notes.clone().unwrap_or_default(),
        };
        self.forms
            .insert(prompt.id.clone(), super::form::Form::from_draft(&draft));
        self.mark_edited(&prompt.id);
        self.outbox.retain(|e| e.id != entry.id);
        self.queued_forms.remove(&prompt.id);
        self.schedule_flush();
        self.modal = None;
        self.focus = Focus::Form(Field::Output);
        self.banner(
            Level::Info,
            "Back in the form: edit it and send it again (Ctrl-S).",
        );
        cmds.push(Cmd::DiscardOutbox(entry.id));
        cmds
    }

    pub(super) fn on_api(&mut self, event: ApiEvent) -> Vec<Cmd> {
        match event {
            ApiEvent::Prompts(r) => self.on_prompts(r),
            ApiEvent::AllLogs(r) => {
                if let Ok(logs) = r {
                    self.learn_models(&logs);
                }
                Vec::new()
            }
            ApiEvent::Logs { prompt_id, result } => {
                if let Ok(logs) = &result {
                    self.learn_models(logs);
                }
                let state = match result {
                    Ok(mut logs) => {
                        logs.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
                        Remote::Loaded(logs)
                    }
                    Err(e) => Remote::Failed(e),
                };
                self.logs.insert(prompt_id, state);
                Vec::new()
            }
            ApiEvent::Submitted { log, result } => self.on_submitted(log, *result),
            ApiEvent::Deleted {
                log_id,
                prompt_id,
                result,
            } => {
                match result {
                    Ok(()) => {
                        if let Some(Remote::Loaded(logs)) = self.logs.get_mut(&prompt_id) {
                            logs.retain(|l| l.id != log_id);
                        }
                        self.move_log_clamp();
                        self.banner(Level::Success, format!("Deleted log {log_id}."));
                    }
                    Err(e) => self.banner(Level::Error, format!("Could not delete the log: {e}")),
                }
                Vec::new()
            }
            ApiEvent::PromptCreated(r) => self.on_prompt_created(r),
            ApiEvent::LoggedIn(r) => self.on_logged_in(r),
            ApiEvent::Flushed(r) => self.on_flushed(r),
        }
    }

    fn move_log_clamp(&mut self) {
        let n = self.current_logs().map_or(0, <[_]>::len);
        self.log_selected = self.log_selected.min(n.saturating_sub(1));
    }

    fn learn_models(&mut self, logs: &[Log]) {
        for l in logs {
            let m = l.model_used.trim();
            if !m.is_empty() && !self.known_models.iter().any(|k| k == m) {
                self.known_models.push(m.to_owned());
            }
        }
    }

    fn on_prompts(&mut self, r: Result<Vec<Prompt>, ApiError>) -> Vec<Cmd> {
        match r {
            Ok(prompts) => {
                let first = self.list.prompts.is_empty();
                self.list.set_prompts(prompts);
                self.prompts = Remote::Loaded(());
                if first && self.list.prompts.is_empty() {
                    self.banner(Level::Info, "No prompts yet: press a to add one.");
                }
                self.after_selection_change()
            }
            Err(e) if e.status() == Some(401) => {
                self.prompts = Remote::Failed(e);
                self.reauthenticate()
            }
            Err(e) => {
                self.banner(
                    Level::Error,
                    format!("Cannot load the prompts: {e}. Press r to retry."),
                );
                self.prompts = Remote::Failed(e);
                Vec::new()
            }
        }
    }

    /// After a 401: log in again by itself (embedded default) or ask.
    fn reauthenticate(&mut self) -> Vec<Cmd> {
        match self.auth.clone() {
            AuthMode::Local { email, password } => {
                self.banner(Level::Info, "The session expired; logging in again\u{2026}");
                vec![Cmd::Login { email, password }]
            }
            AuthMode::Remote { .. } => {
                if !matches!(self.modal, Some(Modal::Login(_))) {
                    let mut d = Dialog::new("Log in", &["Email", "Password"]);
                    d.error = Some(format!("Log in to {} to go on.", self.api_label));
                    self.modal = Some(Modal::Login(d));
                }
                Vec::new()
            }
        }
    }

    fn on_logged_in(&mut self, r: Result<String, ApiError>) -> Vec<Cmd> {
        match r {
            Ok(token) => {
                self.client.set_token(Some(token.clone()));
                if let Some(Modal::Login(d)) = &self.modal {
                    self.user = d.value(0).trim().to_owned();
                    self.modal = None;
                }
                let mut cmds = Vec::new();
                if matches!(self.auth, AuthMode::Remote { .. }) {
                    cmds.push(Cmd::SaveToken {
                        token,
                        user: self.user.clone(),
                    });
                }
                if matches!(self.prompts, Remote::Failed(_)) {
                    self.prompts = Remote::Loading;
                    cmds.push(Cmd::LoadPrompts);
                }
                if let Some(log) = self.resend_after_login.take() {
                    self.sending = Some(Sending {
                        prompt_id: log.prompt_id.clone(),
                        since: Instant::now(),
                    });
                    self.banner(Level::Info, "Logged in; sending\u{2026}");
                    cmds.push(Cmd::Submit(log));
                } else {
                    self.banner(Level::Success, "Logged in.");
                }
                cmds
            }
            Err(e) => {
                if let Some(Modal::Login(d)) = &mut self.modal {
                    d.busy = false;
                    d.error = Some(format!("Login failed: {e}"));
                } else {
                    self.banner(
                        Level::Error,
                        format!("Could not log in again: {e}. Your text is kept."),
                    );
                }
                Vec::new()
            }
        }
    }

    fn on_prompt_created(&mut self, r: Result<Prompt, ApiError>) -> Vec<Cmd> {
        match r {
            Ok(p) => {
                self.modal = None;
                let id = p.id.clone();
                let mut prompts = std::mem::take(&mut self.list.prompts);
                prompts.push(p);
                self.list.set_filter("");
                self.list.set_prompts(prompts);
                self.list.select_id(&id);
                self.focus = Focus::Form(Field::Output);
                self.banner(Level::Success, format!("Prompt added ({id})."));
                self.after_selection_change()
            }
            Err(e) => {
                if let Some(Modal::AddPrompt(d)) = &mut self.modal {
                    d.busy = false;
                    d.error = Some(e.to_string());
                }
                Vec::new()
            }
        }
    }

    fn on_submitted(&mut self, sent: NewLog, result: SubmitResult) -> Vec<Cmd> {
        self.sending = None;
        match result {
            SubmitResult::Logged(log) => self.on_delivered(&sent, log, "Logged"),
            SubmitResult::Rejected(e) => self.on_rejected(sent, e),
            SubmitResult::Queued { entry, error } => {
                self.banner(
                    Level::Error,
                    format!("Not sent: {error}. Kept in the outbox and retried in the background (F6 retries now). Your text stays in the form."),
                );
                self.queued_forms
                    .insert(sent.prompt_id.clone(), entry.id.clone());
                self.outbox.push(entry);
                self.schedule_flush();
                Vec::new()
            }
            SubmitResult::Unsaved { error, io } => {
                self.banner(
                    Level::Error,
                    format!("Not sent: {error}. The outbox could not keep it either ({io}). Your text stays in the form: F5 to try again."),
                );
                Vec::new()
            }
        }
    }

    /// A log is on the server: clear the form it came from (if unchanged).
    fn on_delivered(&mut self, sent: &NewLog, log: Log, how: &str) -> Vec<Cmd> {
        let mut cmds = Vec::new();
        let id = sent.prompt_id.clone();
        if let Some(form) = self.forms.get_mut(&id)
            && form.new_log() == *sent
        {
            form.clear_after_submit();
            self.unsaved.remove(&id);
            cmds.push(Cmd::RemoveDraft(id.clone()));
        }
        self.queued_forms.remove(&id);
        self.learn_models(std::slice::from_ref(&log));
        let score = log
            .score
            .map_or_else(|| "no score".to_owned(), |s| format!("score {s}"));
        self.banner(
            Level::Success,
            format!("{how} {} \u{b7} {} \u{b7} {score}", log.id, log.model_used),
        );
        if let Some(Remote::Loaded(logs)) = self.logs.get_mut(&id) {
            logs.insert(0, log);
        }
        if self.current_id() == Some(id.as_str()) {
            self.log_selected = 0;
            if self.modal.is_none() {
                self.focus = Focus::Form(Field::Output);
            }
        }
        cmds
    }

    fn on_rejected(&mut self, sent: NewLog, e: ApiError) -> Vec<Cmd> {
        let id = sent.prompt_id.clone();
        match (&e, e.kind()) {
            (ApiError::Invalid(p), _) => {
                if let Some(form) = self.forms.get_mut(&id) {
                    form.problems = Some(p.clone());
                }
                self.banner(Level::Error, "Not sent: fix the marked fields.");
            }
            (_, ErrorKind::Validation) => {
                if let Some(form) = self.forms.get_mut(&id) {
                    form.rejection = Some(e.to_string());
                }
                self.banner(Level::Error, format!("The server refused the log: {e}"));
            }
            (_, ErrorKind::Auth) if e.status() == Some(401) => {
                self.resend_after_login = Some(sent);
                return self.reauthenticate();
            }
            (_, ErrorKind::NotFound) => {
                self.banner(
                    Level::Error,
                    "Not sent: the prompt is gone or not accessible (404). Reloading the prompts; your text is kept.",
                );
                self.prompts = Remote::Loading;
                return vec![Cmd::LoadPrompts];
            }
            _ => self.banner(Level::Error, format!("Not sent: {e}. Your text is kept.")),
        }
        Vec::new()
    }

    fn on_flushed(&mut self, r: Result<Vec<(Entry, Outcome)>, String>) -> Vec<Cmd> {
        let results = match r {
            Ok(r) => r,
            Err(e) => {
                self.banner(Level::Error, format!("Cannot use the outbox: {e}"));
                return Vec::new();
            }
        };
        let mut cmds = Vec::new();
        for (entry, outcome) in results {
            self.outbox.retain(|e| e.id != entry.id);
            match outcome {
                Outcome::Delivered(log) => {
                    cmds.extend(self.on_delivered(&entry.log, log, "Delivered from the outbox:"));
                }
                Outcome::Retry(e) => {
                    let at = entry.next_attempt_at.with_timezone(&chrono::Local);
                    self.banner(
                        Level::Error,
                        format!(
                            "Outbox: still not sent ({e}); next try at {}.",
                            at.format("%H:%M:%S")
                        ),
                    );
                    self.outbox.push(entry);
                }
                Outcome::Rejected(e) => {
                    self.banner(
                        Level::Error,
                        format!(
                            "The server refused an outbox entry: {e}. Ctrl-O to edit or discard it."
                        ),
                    );
                    self.outbox.push(entry);
                }
            }
        }
        self.outbox.sort_by_key(|e| e.queued_at);
        self.schedule_flush();
        cmds
    }
}
