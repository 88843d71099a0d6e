//! The application state and its update: a message in, state changed,
//! commands out. Nothing here waits or draws.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::client::ApiClient;
use crate::model::{Log, NewLog};
use crate::outbox::{Draft, Entry, EntryState};

use super::AuthMode;
use super::form::{Field, Form};
use super::message::{Cmd, Message};
use super::prompt_list::PromptList;
use super::state::{Banner, Focus, Level, Modal, Remote, Sending};

/// How long after the last edit a draft is written.
pub const DRAFT_DELAY: Duration = Duration::from_millis(500);
/// How often the spinner moves while something loads.
pub const SPINNER_STEP: Duration = Duration::from_millis(120);

/// Everything the screen shows, and what the user is doing.
#[derive(Debug)]
pub struct App {
    /// The API client (its token changes after a login).
    pub client: ApiClient,
    /// "local" or the API URL.
    pub api_label: String,
    /// Who is logged in.
    pub user: String,
    /// How to log in again after a 401.
    pub auth: AuthMode,
    /// The data dir for drafts and the outbox; `None` when another
    /// promptcrafter holds it (drafts are then not saved by this one).
    pub data_dir: Option<PathBuf>,
    /// The prompt list and its filter.
    pub list: PromptList,
    /// Where loading the prompt list stands.
    pub prompts: Remote<()>,
    /// Each prompt's form, by prompt id.
    pub forms: HashMap<String, Form>,
    /// Each prompt's logs, by prompt id.
    pub logs: HashMap<String, Remote<Vec<Log>>>,
    /// The highlighted row of the logs pane.
    pub log_selected: usize,
    /// The focused pane or field.
    pub focus: Focus,
    /// Whether keys go to the prompt filter.
    pub filtering: bool,
    /// A dialog or overlay on top, if any.
    pub modal: Option<Modal>,
    /// The message line.
    pub banner: Option<Banner>,
    /// A submission on its way.
    pub sending: Option<Sending>,
    /// Models this user has logged with, most used first.
    pub known_models: Vec<String>,
    /// The outbox as last read.
    pub outbox: Vec<Entry>,
    /// Scroll offset of the prompt content pane.
    pub prompt_scroll: u16,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// Prompts whose form changed since its draft was written, and when.
    pub unsaved: HashMap<String, Instant>,
    /// Why the last draft write failed, until one succeeds.
    pub draft_error: Option<String>,
    /// A submission to send again once logged in.
    pub resend_after_login: Option<NewLog>,
    /// Outbox entries sent from a prompt's form, by prompt id.
    pub queued_forms: HashMap<String, String>,
    /// When the next outbox entry is due.
    pub next_flush: Option<Instant>,
    /// A log marked in the logs pane, to compare with the next one.
    pub diff_mark: Option<Log>,
    /// Spinner frame.
    pub frame: usize,
    /// Set when the program should end.
    pub quit: bool,
}

impl App {
    /// A fresh app over `client`, with the drafts found on disk.
    #[must_use]
    pub fn new(
        client: ApiClient,
        api_label: String,
        user: String,
        auth: AuthMode,
        data_dir: Option<PathBuf>,
        drafts: Vec<Draft>,
    ) -> Self {
        let forms = drafts
            .iter()
            .map(|d| (d.prompt_id.clone(), Form::from_draft(d)))
            .collect();
        Self {
            client,
            api_label,
            user,
            auth,
            data_dir,
            list: PromptList::default(),
            prompts: Remote::Idle,
            forms,
            logs: HashMap::new(),
            log_selected: 0,
            focus: Focus::Prompts,
            filtering: false,
            modal: None,
            banner: None,
            sending: None,
            known_models: Vec::new(),
            outbox: Vec::new(),
            prompt_scroll: 0,
            size: (100, 30),
            unsaved: HashMap::new(),
            draft_error: None,
            resend_after_login: None,
            queued_forms: HashMap::new(),
            next_flush: None,
            diff_mark: None,
            frame: 0,
            quit: false,
        }
    }

    /// The commands to run at start: load prompts, models and the outbox.
    #[must_use]
    pub fn start(&mut self) -> Vec<Cmd> {
        self.prompts = Remote::Loading;
        let mut cmds = vec![Cmd::LoadPrompts, Cmd::LoadAllLogs];
        if self.data_dir.is_some() {
            cmds.push(Cmd::ReadOutbox);
        } else {
            self.banner(
                Level::Info,
                "Another promptcrafter is using this data folder: this window does not save drafts or keep an outbox.",
            );
        }
        cmds
    }

    /// Handles one message.
    pub fn update(&mut self, msg: Message) -> Vec<Cmd> {
        match msg {
            Message::Input(event) => self.on_event(event),
            Message::Api(event) => self.on_api(event),
            Message::EditorDone(result) => self.on_editor(result),
            Message::DraftSaved { prompt_id, result } => self.on_draft_saved(&prompt_id, result),
            Message::OutboxRead(result) => self.on_outbox_read(result),
            Message::Tick => self.on_tick(Instant::now()),
        }
    }

    /// The prompt whose form, content and logs are shown.
    #[must_use]
    pub fn current_id(&self) -> Option<&str> {
        self.list.selected_prompt().map(|p| p.id.as_str())
    }

    /// The shown prompt's form.
    #[must_use]
    pub fn current_form(&self) -> Option<&Form> {
        self.forms.get(self.current_id()?)
    }

    /// The shown prompt's form, made if missing; without a prompt, says how
    /// to pick one.
    pub fn form_or_hint(&mut self) -> Option<&mut Form> {
        if self.list.selected_prompt().is_none() {
            self.banner(
                Level::Info,
                "Pick a prompt first: select one in the list and press Enter.",
            );
            return None;
        }
        self.current_form_mut()
    }

    /// The shown prompt's form, made if missing.
    pub fn current_form_mut(&mut self) -> Option<&mut Form> {
        let p = self.list.selected_prompt()?;
        let (id, model) = (p.id.clone(), p.model.clone());
        Some(
            self.forms
                .entry(id.clone())
                .or_insert_with(|| Form::new(&id, &model)),
        )
    }

    /// Whether `prompt_id` holds unsent text (a draft).
    #[must_use]
    pub fn has_draft(&self, prompt_id: &str) -> bool {
        self.forms.get(prompt_id).is_some_and(|f| !f.is_blank())
    }

    /// Outbox entries pending and failed.
    #[must_use]
    pub fn outbox_counts(&self) -> (usize, usize) {
        let pending = self
            .outbox
            .iter()
            .filter(|e| e.state == EntryState::Pending)
            .count();
        (pending, self.outbox.len() - pending)
    }

    /// Sets the message line.
    pub fn banner(&mut self, level: Level, text: impl Into<String>) {
        self.banner = Some(Banner {
            level,
            text: crate::sanitize::line(&text.into()).into_owned(),
        });
    }

    /// Notes that the form of `prompt_id` changed: its draft is due soon.
    pub fn mark_edited(&mut self, prompt_id: &str) {
        self.unsaved.insert(prompt_id.to_owned(), Instant::now());
    }

    /// Whether handling `msg` can change what the screen shows, asked
    /// before it is handled. The loop skips the redraw when no message of a
    /// batch can: mouse motion (mouse capture reports every move), key
    /// releases, focus changes, and ticks that only save drafts or flush
    /// the outbox keep an idle TUI from drawing at all.
    #[must_use]
    pub fn redraws_for(&self, msg: &Message) -> bool {
        use crossterm::event::{Event, KeyEventKind, MouseEventKind};
        match msg {
            Message::Input(Event::Key(k)) => k.kind != KeyEventKind::Release,
            Message::Input(Event::Mouse(m)) => matches!(
                m.kind,
                MouseEventKind::Down(_) | MouseEventKind::ScrollDown | MouseEventKind::ScrollUp
            ),
            Message::Input(Event::FocusGained | Event::FocusLost) => false,
            Message::Tick => self.sending.is_some() || self.prompts.is_loading(),
            _ => true,
        }
    }

    /// When the loop should wake up next with a [`Message::Tick`], if ever.
    #[must_use]
    pub fn next_wakeup(&self) -> Option<Instant> {
        let draft = self.unsaved.values().min().map(|t| *t + DRAFT_DELAY);
        let spin = (self.sending.is_some() || self.prompts.is_loading())
            .then(|| Instant::now() + SPINNER_STEP);
        [draft, self.next_flush, spin].into_iter().flatten().min()
    }

    fn on_tick(&mut self, now: Instant) -> Vec<Cmd> {
        let mut cmds = Vec::new();
        if self.sending.is_some() || self.prompts.is_loading() {
            self.frame = self.frame.wrapping_add(1);
        }
        let due: Vec<String> = self
            .unsaved
            .iter()
            .filter(|(_, t)| now.duration_since(**t) >= DRAFT_DELAY)
            .map(|(id, _)| id.clone())
            .collect();
        for id in due {
            self.unsaved.remove(&id);
            if let (Some(form), true) = (self.forms.get(&id), self.data_dir.is_some()) {
                cmds.push(Cmd::SaveDraft(form.to_draft()));
            }
        }
        if self.next_flush.is_some_and(|t| t <= now) {
            self.next_flush = None;
            cmds.push(Cmd::FlushOutbox { force: false });
        }
        cmds
    }

    /// Shows the text cursor only in the focused editor.
    pub fn sync_cursors(&mut self) {
        use ratatui::style::{Modifier, Style};
        let focus = self.focus;
        let modal = self.modal.is_some();
        let Some(id) = self.current_id().map(str::to_owned) else {
            return;
        };
        let Some(form) = self.forms.get_mut(&id) else {
            return;
        };
        for field in [Field::Output, Field::Model, Field::Notes] {
            let on = !modal && focus == Focus::Form(field);
            let style = if on {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            if let Some(editor) = form.editor_mut(field)
                && editor.cursor_style() != style
            {
                editor.set_cursor_style(style);
            }
        }
    }

    /// Every form with changes not yet on disk, to write before exit.
    #[must_use]
    pub fn drafts_to_save(&self) -> Vec<Draft> {
        if self.data_dir.is_none() {
            return Vec::new();
        }
        self.unsaved
            .keys()
            .filter_map(|id| self.forms.get(id))
            .map(Form::to_draft)
            .collect()
    }

    fn on_draft_saved(&mut self, prompt_id: &str, result: Result<(), String>) -> Vec<Cmd> {
        match result {
            Ok(()) => self.draft_error = None,
            Err(e) => {
                self.banner(
                    Level::Error,
                    format!("Could not save the draft ({e}). Your text is still in the form, but not on disk."),
                );
                self.draft_error = Some(e);
                // Try again on the next edit or tick.
                self.unsaved
                    .entry(prompt_id.to_owned())
                    .or_insert_with(Instant::now);
            }
        }
        Vec::new()
    }

    fn on_editor(&mut self, result: Result<String, String>) -> Vec<Cmd> {
        match result {
            Ok(text) => {
                let Some(form) = self.current_form_mut() else {
                    return Vec::new();
                };
                form.set_output(&text);
                let id = form.prompt_id.clone();
                self.mark_edited(&id);
                self.focus = Focus::Form(Field::Output);
                self.banner(Level::Info, "Output updated from the editor.");
            }
            Err(e) => self.banner(
                Level::Error,
                format!("The editor failed: {e}. The output is unchanged."),
            ),
        }
        Vec::new()
    }

    fn on_outbox_read(&mut self, result: Result<Vec<Entry>, String>) -> Vec<Cmd> {
        match result {
            Ok(entries) => {
                let api = self.api_label.clone();
                self.outbox = entries.into_iter().filter(|e| e.api == api).collect();
                for e in &self.outbox {
                    let same = self
                        .forms
                        .get(&e.log.prompt_id)
                        .is_some_and(|f| f.new_log() == e.log);
                    if same {
                        self.queued_forms
                            .insert(e.log.prompt_id.clone(), e.id.clone());
                    }
                }
                self.schedule_flush();
            }
            Err(e) => self.banner(Level::Error, format!("Cannot read the outbox: {e}")),
        }
        Vec::new()
    }

    /// Sets the next outbox retry from the pending entries' due times.
    pub fn schedule_flush(&mut self) {
        let now_utc = chrono::Utc::now();
        self.next_flush = self
            .outbox
            .iter()
            .filter(|e| e.state == EntryState::Pending)
            .map(|e| {
                let wait = (e.next_attempt_at - now_utc)
                    .to_std()
                    .unwrap_or(Duration::ZERO);
                Instant::now() + wait
            })
            .min();
    }
}
