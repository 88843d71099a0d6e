//! The main screen: the prompt list, the prompt, the compose form, the
//! logs, the status bar, and an overlay on top. It owns those components,
//! routes input and task results to them (`input.rs`, `answers.rs`), and
//! does what their replies ask (`effects.rs`). Nothing here waits.

mod answers;
mod editing;
mod effects;
mod input;
mod reading;
mod screen;

use std::path::PathBuf;
use std::time::Duration;

use crate::cli::session::SessionAuth;
use crate::client::ApiClient;
use crate::model::NewLog;
use crate::outbox::Draft;

use super::components::compose::{Compose, Field, Form};
use super::components::logs::LogsPane;
use super::components::outbox_view::OutboxEntries;
use super::components::overlay::Overlay;
use super::components::prompt_list::PromptList;
use super::components::prompt_pane::PromptPane;
use super::components::prompt_store::StoredPrompt;
use super::components::status_bar::{Banner, Level};
use super::error::{Reported, TuiError};
use super::line_editor::LineEditor;
use super::recall::Recall;
use super::settings::TuiSettings;

/// How often the spinner moves while something loads.
pub const SPINNER_STEP: Duration = Duration::from_millis(120);

/// The focused pane or field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Focus {
    /// The prompt list.
    Prompts,
    /// The selected prompt's content.
    Prompt,
    /// A field of the compose form.
    Form(Field),
    /// The logs list.
    Logs,
}

/// Tab order of panes and fields: from the list straight into the form,
/// then the logs, then the prompt's text.
pub const FOCUS_ORDER: [Focus; 7] = [
    Focus::Prompts,
    Focus::Form(Field::Output),
    Focus::Form(Field::Model),
    Focus::Form(Field::Score),
    Focus::Form(Field::Notes),
    Focus::Logs,
    Focus::Prompt,
];

/// Where a banner was said: it belongs there and goes when the user
/// leaves (another prompt, another overlay, or none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    /// The prompt shown.
    pub prompt: Option<String>,
    /// The overlay on top, by its keymap context.
    pub overlay: Option<super::keymap::Ctx>,
}

/// The main screen: its components, the focus, and the overlay on top.
#[derive(Debug)]
pub struct App {
    /// The API client (its token changes after a login).
    pub client: ApiClient,
    /// "local" or the API URL.
    pub api_label: String,
    /// Who is logged in.
    pub user: String,
    /// How to log in again after a 401.
    pub auth: SessionAuth,
    /// The data dir for drafts and the outbox; `None` when this window
    /// does not hold it (drafts are then not saved by this one).
    pub data_dir: Option<PathBuf>,
    /// The prompt list and its filter.
    pub list: PromptList,
    /// The filter being typed over the prompt list.
    pub filter_input: LineEditor,
    /// The prompt pane.
    pub prompt: PromptPane,
    /// Every prompt's form.
    pub compose: Compose,
    /// Every prompt's logs, and the logs pane.
    pub logs: LogsPane,
    /// The outbox as last read.
    pub outbox: OutboxEntries,
    /// The focused pane or field.
    pub focus: Focus,
    /// A dialog or view on top, if any.
    pub overlay: Option<Box<dyn Overlay>>,
    /// The message line.
    pub banner: Option<Banner>,
    /// Where the banner was raised: it goes when this changes.
    pub banner_place: Place,
    /// Spinner frame.
    pub spin: usize,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// A submission to send again once logged in.
    pub resend_after_login: Option<NewLog>,
    /// Why the data dir could not be locked, reported at start.
    pub lock_error: Option<TuiError>,
    /// What the config file sets for the TUI.
    pub settings: TuiSettings,
    /// The last prompt and each prompt's model, from the last run.
    pub recall: Recall,
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
        auth: SessionAuth,
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
            filter_input: LineEditor::default(),
            prompt: PromptPane::default(),
            compose: Compose {
                forms,
                ..Compose::default()
            },
            logs: LogsPane::default(),
            outbox: OutboxEntries::default(),
            focus: Focus::Prompts,
            overlay: None,
            banner: None,
            banner_place: Place::default(),
            spin: 0,
            size: (100, 30),
            resend_after_login: None,
            lock_error: None,
            settings: TuiSettings::default(),
            recall: Recall::default(),
            quit: false,
        }
    }

    /// The prompt whose form, content and logs are shown.
    #[must_use]
    pub fn current_id(&self) -> Option<&str> {
        self.list.selected_prompt().map(StoredPrompt::id)
    }

    /// The shown prompt's form.
    #[must_use]
    pub fn current_form(&self) -> Option<&Form> {
        self.compose.forms.get(self.current_id()?)
    }

    /// The shown prompt's logs, when loaded.
    #[must_use]
    pub fn current_logs(&self) -> Option<&[crate::model::Log]> {
        self.logs
            .loaded(self.current_id()?)
            .map(|l| l.logs.as_slice())
    }

    /// The shown prompt's form, made if missing; without a prompt, says how
    /// to pick one.
    pub fn form_or_hint(&mut self) -> Option<&mut Form> {
        if self.list.selected_prompt().is_none() {
            self.say(
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
        let id = p.id().to_owned();
        // The model typed for this prompt last time, else its default.
        let model = self
            .recall
            .models
            .get(&id)
            .map_or(p.model(), String::as_str)
            .to_owned();
        Some(
            self.compose
                .forms
                .entry(id.clone())
                .or_insert_with(|| Form::new(&id, &model)),
        )
    }

    /// Sets the message line, for the place it is said in.
    pub fn say(&mut self, level: Level, text: impl AsRef<str>) {
        self.banner = Some(Banner::new(level, text.as_ref()));
        self.banner_place = self.place();
    }

    /// The place a banner belongs to: the shown prompt and the overlay on top.
    #[must_use]
    pub fn place(&self) -> Place {
        Place {
            prompt: self.current_id().map(str::to_owned),
            overlay: self
                .overlay
                .as_ref()
                .and_then(|o| o.contexts().last().copied()),
        }
    }

    /// Drops a banner said for another prompt or overlay than the one shown.
    pub fn drop_stale_banner(&mut self) {
        if self.banner.is_some() && self.banner_place != self.place() {
            self.banner = None;
        }
    }

    /// Opens `overlay` on top (in place of any other).
    pub fn open(&mut self, overlay: Box<dyn Overlay>) {
        self.overlay = Some(overlay);
    }

    /// The overlay on top, as a `T`, if it is one.
    #[must_use]
    pub fn overlay_as<T: 'static>(&self) -> Option<&T> {
        self.overlay.as_ref()?.as_any().downcast_ref::<T>()
    }

    /// Notes that the form of `prompt_id` changed: its draft is due soon.
    pub fn mark_edited(&mut self, prompt_id: &str) {
        self.compose.mark_edited(prompt_id);
    }

    /// What to remember for the next run: the prompt shown now, and the
    /// model in each form (over what was remembered before).
    #[must_use]
    pub fn recall_now(&self) -> Recall {
        let mut r = self.recall.clone();
        if let Some(id) = self.current_id() {
            r.last_prompt = Some(id.to_owned());
        }
        for (id, form) in &self.compose.forms {
            let model = form.model_text();
            if !model.trim().is_empty() {
                r.models.insert(id.clone(), model.trim().to_owned());
            }
        }
        r
    }

    /// Every form with changes not yet on disk, to write before exit.
    #[must_use]
    pub fn drafts_to_save(&self) -> Vec<Draft> {
        if self.data_dir.is_none() {
            return Vec::new();
        }
        self.compose
            .unsaved
            .keys()
            .filter_map(|id| self.compose.forms.get(id))
            .map(Form::to_draft)
            .collect()
    }
}

impl Reported for App {
    fn show_error(&mut self, text: String) {
        let shown = self.overlay.as_mut().is_some_and(|o| o.show_error(&text));
        if !shown {
            self.say(Level::Error, text);
        }
    }
}
