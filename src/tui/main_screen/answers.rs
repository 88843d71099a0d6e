//! What the API's answers do to the main screen: prompts and logs
//! arriving, submissions acknowledged, refused or queued, deletions, new
//! prompts, logins, outbox deliveries.

use tokio::time::Instant;

use super::{App, Focus};
use crate::cli::session::SessionAuth;
use crate::client::{ApiError, ErrorKind, LogPage};
use crate::model::{Log, NewLog, Prompt};
use crate::outbox::{Entry, OutboxError, Outcome, SubmitResult};
use crate::tui::components::compose::{Field, Sending};
use crate::tui::components::dialog::LoginDialog;
use crate::tui::components::status_bar::Level;
use crate::tui::error::{Reported, TuiError};
use crate::tui::message::{ApiEvent, Cmd};
use crate::tui::remote::Remote;

impl App {
    pub(super) fn on_api(&mut self, event: ApiEvent) -> Vec<Cmd> {
        match event {
            ApiEvent::Prompts(r) => self.on_prompts(r),
            ApiEvent::PromptPage {
                result,
                first,
                last,
            } => self.on_prompt_page(result, first, last),
            ApiEvent::AllLogs(r) => {
                if let Ok(logs) = r {
                    self.learn_models(&logs);
                }
                Vec::new()
            }
            ApiEvent::Logs { prompt_id, result } => self.on_logs(prompt_id, result),
            ApiEvent::MoreLogs {
                prompt_id,
                before,
                result,
            } => self.on_more_logs(&prompt_id, &before, result),
            ApiEvent::Stats { prompt_id, result } => {
                if let Ok(stats) = result.as_ref() {
                    self.compose
                        .learn_models(stats.models.iter().map(|m| m.model.as_str()));
                }
                self.logs.stats_arrived(prompt_id, *result);
                self.follow();
                Vec::new()
            }
            ApiEvent::Submitted { log, result } => self.on_submitted(log, *result),
            ApiEvent::Deleted {
                log_id,
                prompt_id,
                result,
            } => match result {
                Ok(()) => {
                    let cmds = self.logs.deleted(&prompt_id, &log_id);
                    self.follow();
                    self.say(Level::Success, format!("Deleted log {log_id}."));
                    cmds
                }
                Err(e) => {
                    self.report(&TuiError::DeleteLog(e));
                    Vec::new()
                }
            },
            ApiEvent::PromptCreated(r) => self.on_prompt_created(r),
            ApiEvent::PromptUpdated(r) => self.on_prompt_updated(r),
            ApiEvent::LogUpdated { log, patch, result } => {
                self.on_log_updated(*log, patch, *result)
            }
            ApiEvent::PromptDeleted { id, result } => self.on_prompt_deleted(&id, result),
            ApiEvent::LoggedIn(r) => self.on_logged_in(r),
            ApiEvent::Flushed(r) => self.on_flushed(r),
        }
    }

    fn learn_models(&mut self, logs: &[Log]) {
        self.compose
            .learn_models(logs.iter().map(|l| l.model_used.as_str()));
    }

    /// The newest page of a prompt's logs: drawn at once; the models in it
    /// are offered in the model field from now on.
    fn on_logs(&mut self, prompt_id: String, result: Result<LogPage, ApiError>) -> Vec<Cmd> {
        if let Ok(page) = &result {
            self.learn_models(&page.logs);
        }
        let shown = self.current_id() == Some(prompt_id.as_str());
        self.logs.arrived(prompt_id.clone(), result);
        self.follow();
        if !shown {
            return Vec::new();
        }
        let pane = self.areas().logs;
        self.logs.more(&prompt_id, pane).into_iter().collect()
    }

    /// An older page of a prompt's logs, added under the rows loaded; a
    /// failed one is reported (moving in the list asks for it again).
    fn on_more_logs(
        &mut self,
        prompt_id: &str,
        before: &str,
        result: Result<LogPage, ApiError>,
    ) -> Vec<Cmd> {
        if let Ok(page) = &result {
            self.learn_models(&page.logs);
        }
        let shown = (self.current_id() == Some(prompt_id)).then(|| self.areas().logs);
        match self.logs.more_arrived(prompt_id, before, result, shown) {
            Ok(cmds) => cmds,
            Err(e) => {
                self.report(&TuiError::LoadMoreLogs(e));
                Vec::new()
            }
        }
    }

    fn on_prompts(&mut self, r: Result<Vec<Prompt>, ApiError>) -> Vec<Cmd> {
        self.on_prompt_page(r, true, true)
    }

    /// A page of prompts: the first replaces the list (and is drawn at
    /// once), the others add to it; an error after the first page keeps
    /// the prompts there and says why the rest is missing.
    fn on_prompt_page(
        &mut self,
        r: Result<Vec<Prompt>, ApiError>,
        first: bool,
        last: bool,
    ) -> Vec<Cmd> {
        self.list.more = !last && r.is_ok();
        match r {
            Ok(prompts) if !first => {
                let before = self.current_id().map(str::to_owned);
                self.list.extend_prompts(prompts);
                // The prompt the last run ended on may come in a later page:
                // go there while the user has not moved from the top.
                if let Some(id) = self.recall.last_prompt.clone()
                    && self.list.selected() == 0
                    && self.list.filter.is_empty()
                    && before.as_deref() != Some(id.as_str())
                {
                    self.list.select_id(&id);
                }
                if self.current_id().map(str::to_owned) == before {
                    self.follow();
                    return Vec::new();
                }
                self.after_selection_change()
            }
            Ok(prompts) => {
                let empty_before = self.list.prompts.is_empty();
                self.list.set_prompts(prompts);
                self.list.load = Remote::Loaded(());
                if empty_before && let Some(id) = self.recall.last_prompt.clone() {
                    // Where the last run ended.
                    self.list.select_id(&id);
                }
                if empty_before && last && self.list.prompts.is_empty() {
                    self.say(Level::Info, "No prompts yet: press a to add one.");
                }
                self.after_selection_change()
            }
            Err(e) if !first => {
                let shown = self.list.prompts.len();
                self.report(&TuiError::LoadMorePrompts { shown, error: e });
                Vec::new()
            }
            Err(e) if e.status() == Some(401) => {
                self.list.load = Remote::Failed(e);
                self.reauthenticate()
            }
            Err(e) => {
                self.list.load = Remote::Failed(e.clone());
                self.report(&TuiError::LoadPrompts(e));
                Vec::new()
            }
        }
    }

    /// After a 401: log in again by itself (embedded default) or ask.
    fn reauthenticate(&mut self) -> Vec<Cmd> {
        match self.auth.clone() {
            SessionAuth::Local(account) => {
                self.say(Level::Info, "The session expired; logging in again\u{2026}");
                vec![Cmd::Login {
                    email: account.email,
                    password: account.password,
                }]
            }
            SessionAuth::Remote { .. } => {
                if self.overlay_as::<LoginDialog>().is_none() {
                    let why = format!("Log in to {} to go on.", self.api_label);
                    self.open(Box::new(LoginDialog::new(why)));
                }
                Vec::new()
            }
        }
    }

    fn on_logged_in(&mut self, r: Result<String, ApiError>) -> Vec<Cmd> {
        match r {
            Ok(token) => {
                self.client.set_token(Some(token.clone()));
                if let Some(d) = self.overlay_as::<LoginDialog>() {
                    self.user = d.email();
                    self.overlay = None;
                }
                let mut cmds = Vec::new();
                if matches!(self.auth, SessionAuth::Remote { .. }) {
                    cmds.push(Cmd::SaveToken {
                        token,
                        user: self.user.clone(),
                    });
                }
                if matches!(self.list.load, Remote::Failed(_)) {
                    self.list.load = Remote::Loading;
                    cmds.push(Cmd::LoadPromptPages);
                }
                if let Some(log) = self.resend_after_login.take() {
                    self.compose.sending = Some(Sending {
                        prompt_id: log.prompt_id.clone(),
                        since: Instant::now(),
                    });
                    self.say(Level::Info, "Logged in; sending\u{2026}");
                    cmds.push(Cmd::Submit(log));
                } else {
                    self.say(Level::Success, "Logged in.");
                }
                cmds
            }
            Err(e) => {
                if self.overlay_as::<LoginDialog>().is_some() {
                    tracing::error!("login failed: {e}");
                    self.show_error(format!("Login failed: {e}"));
                } else {
                    self.report(&TuiError::Relogin(e));
                }
                Vec::new()
            }
        }
    }

    fn on_prompt_created(&mut self, r: Result<Prompt, ApiError>) -> Vec<Cmd> {
        match r {
            Ok(p) => {
                self.overlay = None;
                let id = p.id.clone();
                let mut prompts = std::mem::take(&mut self.list.prompts);
                prompts.push(p);
                self.list.set_filter("");
                self.list.set_prompts(prompts);
                self.list.select_id(&id);
                self.focus = Focus::Form(Field::Output);
                self.say(Level::Success, format!("Prompt added ({id})."));
                self.after_selection_change()
            }
            Err(e) => {
                tracing::error!("cannot add the prompt: {e}");
                self.show_error(e.to_string());
                Vec::new()
            }
        }
    }

    fn on_submitted(&mut self, sent: NewLog, result: SubmitResult) -> Vec<Cmd> {
        self.compose.sending = None;
        match result {
            SubmitResult::Logged(log) => self.on_delivered(&sent, log, "Logged"),
            SubmitResult::Rejected(e) => self.on_rejected(sent, e),
            SubmitResult::Queued { entry, error } => {
                self.say(
                    Level::Error,
                    format!("Not sent: {error}. Kept in the outbox and retried in the background (F6 retries now). Your text stays in the form."),
                );
                self.compose
                    .queued
                    .insert(sent.prompt_id.clone(), entry.id.clone());
                self.outbox.entries.push(entry);
                self.outbox.schedule();
                Vec::new()
            }
            SubmitResult::Unsaved { error, io } => {
                tracing::error!("not sent ({error}) and not kept ({io})");
                self.say(
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
        if let Some(form) = self.compose.forms.get_mut(&id)
            && form.new_log() == *sent
        {
            form.clear_after_submit();
            self.compose.unsaved.remove(&id);
            cmds.push(Cmd::RemoveDraft(id.clone()));
        }
        self.compose.queued.remove(&id);
        self.learn_models(std::slice::from_ref(&log));
        let score = log
            .score
            .map_or_else(|| "no score".to_owned(), |s| format!("score {s}"));
        self.say(
            Level::Success,
            format!("{how} {} \u{b7} {} \u{b7} {score}", log.id, log.model_used),
        );
        cmds.extend(self.logs.logged(log));
        if self.current_id() == Some(id.as_str()) {
            self.logs.window = crate::tui::widgets::Window::default();
            if self.overlay.is_none() {
                self.focus = Focus::Form(Field::Output);
            }
        }
        cmds
    }

    fn on_rejected(&mut self, sent: NewLog, e: ApiError) -> Vec<Cmd> {
        let id = sent.prompt_id.clone();
        match (&e, e.kind()) {
            (ApiError::Invalid(p), _) => {
                if let Some(form) = self.compose.forms.get_mut(&id) {
                    form.problems = Some(p.clone());
                }
                self.say(Level::Error, "Not sent: fix the marked fields.");
            }
            (_, ErrorKind::Validation) => {
                if let Some(form) = self.compose.forms.get_mut(&id) {
                    form.rejection = Some(e.to_string());
                }
                self.say(Level::Error, format!("The server refused the log: {e}"));
            }
            (_, ErrorKind::Auth) if e.status() == Some(401) => {
                self.resend_after_login = Some(sent);
                return self.reauthenticate();
            }
            (_, ErrorKind::NotFound) => {
                self.say(
                    Level::Error,
                    "Not sent: the prompt is gone or not accessible (404). Reloading the prompts; your text is kept.",
                );
                self.list.load = Remote::Loading;
                return vec![Cmd::LoadPromptPages];
            }
            _ => self.say(Level::Error, format!("Not sent: {e}. Your text is kept.")),
        }
        Vec::new()
    }

    fn on_flushed(&mut self, r: Result<Vec<(Entry, Outcome)>, OutboxError>) -> Vec<Cmd> {
        let results = match r {
            Ok(r) => r,
            Err(e) => {
                self.report(&TuiError::Outbox(e));
                return Vec::new();
            }
        };
        let mut cmds = Vec::new();
        for (entry, outcome) in results {
            self.outbox.entries.retain(|e| e.id != entry.id);
            match outcome {
                Outcome::Delivered(log) => {
                    cmds.extend(self.on_delivered(&entry.log, log, "Delivered from the outbox:"));
                }
                Outcome::Retry(e) => {
                    let at = entry.next_attempt_at.with_timezone(&chrono::Local);
                    self.say(
                        Level::Error,
                        format!(
                            "Outbox: still not sent ({e}); next try at {}.",
                            at.format("%H:%M:%S")
                        ),
                    );
                    self.outbox.entries.push(entry);
                }
                Outcome::Rejected(e) => {
                    self.say(
                        Level::Error,
                        format!(
                            "The server refused an outbox entry: {e}. Ctrl-O to edit or discard it."
                        ),
                    );
                    self.outbox.entries.push(entry);
                }
            }
        }
        self.outbox.entries.sort_by_key(|e| e.queued_at);
        self.outbox.schedule();
        cmds
    }
}
