//! The main screen as the loop sees it: start, one message at a time,
//! timers, what redraws, the frame, and what is written on the way out.

use tokio::time::Instant;

use crossterm::event::{Event, KeyEventKind, MouseEventKind};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::{App, Focus, SPINNER_STEP};
use crate::client::ApiClient;
use crate::outbox::{Drafts, Entry, OutboxError};
use crate::tui::components::compose::{Field, complete};
use crate::tui::components::layout::{Areas, MIN_SIZE};
use crate::tui::components::prompt_list::Mark;
use crate::tui::components::status_bar::{self, Level, StatusInfo};
use crate::tui::error::{EditorError, Reported, TuiError};
use crate::tui::keymap;
use crate::tui::message::{Cmd, Message};
use crate::tui::remote::Remote;
use crate::tui::screen::Screen;

impl Screen for App {
    fn start(&mut self) -> Vec<Cmd> {
        self.list.load = Remote::Loading;
        self.say_config_problems();
        // No `LoadAllLogs`: the models offered in the model field are
        // learnt from each page of logs and each prompt's statistics.
        let mut cmds = vec![Cmd::LoadPromptPages];
        if self.data_dir.is_some() {
            cmds.push(Cmd::ReadOutbox);
        } else if let Some(e) = self.lock_error.take() {
            self.report(&e);
        } else {
            self.say(
                Level::Info,
                "Another promptcrafter is using this data folder: this window does not save drafts or keep an outbox.",
            );
        }
        cmds
    }

    fn update(&mut self, msg: Message) -> Vec<Cmd> {
        let input = matches!(msg, Message::Input(_));
        let cmds = self.update_inner(msg);
        if input {
            self.drop_stale_banner();
        }
        cmds
    }

    /// Mouse motion (mouse capture reports every move), key releases,
    /// focus changes, and ticks that only save drafts or flush the outbox
    /// keep an idle screen from drawing at all.
    fn redraws_for(&self, msg: &Message) -> bool {
        match msg {
            Message::Input(Event::Key(k)) => k.kind != KeyEventKind::Release,
            Message::Input(Event::Mouse(m)) => matches!(
                m.kind,
                MouseEventKind::Down(_) | MouseEventKind::ScrollDown | MouseEventKind::ScrollUp
            ),
            Message::Input(Event::FocusGained | Event::FocusLost) => false,
            Message::Tick => self.spinning(),
            _ => true,
        }
    }

    fn wake_with(&mut self, tx: &tokio::sync::mpsc::UnboundedSender<Message>) {
        self.list.wake_with(tx.clone());
    }

    fn hold_frame(&self) -> Option<Instant> {
        self.list.hold_frame()
    }

    fn next_wakeup(&self) -> Option<Instant> {
        let draft = self
            .compose
            .unsaved
            .values()
            .min()
            .map(|t| *t + self.settings.draft_autosave);
        let spin = self.spinning().then(|| Instant::now() + SPINNER_STEP);
        [draft, self.outbox.next_flush, spin]
            .into_iter()
            .flatten()
            .min()
    }

    fn before_draw(&mut self) {
        self.sync_cursors();
    }

    fn render(&self, frame: &mut Frame) {
        let area = frame.area();
        if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
            draw_too_small(frame, area);
            return;
        }
        let areas = Areas::new(area);
        let focus = if self.overlay.is_some() {
            None
        } else {
            Some(self.focus)
        };
        let mark = |id: &str| {
            if self.compose.queued.contains_key(id) {
                Mark::Queued
            } else if self.compose.has_draft(id) {
                Mark::Draft
            } else {
                Mark::None
            }
        };
        let on = |f: Focus| focus == Some(f);
        self.list
            .render(frame, areas.prompts, on(Focus::Prompts), self.spin, mark);
        self.logs
            .render(frame, areas.logs, self.current_id(), on(Focus::Logs));
        self.prompt.render(
            frame,
            areas.prompt,
            self.list.selected_prompt(),
            on(Focus::Prompt),
        );
        let field = match focus {
            Some(Focus::Form(f)) => Some(f),
            _ => None,
        };
        let no_prompts = self.list.prompts.is_empty();
        self.compose
            .render(frame, &areas, self.current_id(), no_prompts, field);
        let names = self.completions();
        if let (Some(c), Some(form)) = (self.compose.completion, self.current_form()) {
            let typed = form.model.text();
            complete::draw(
                frame,
                area,
                areas.model,
                &typed,
                &names,
                c.selected.min(names.len().saturating_sub(1)),
            );
        }
        self.draw_status(frame, &areas);
        if let Some(o) = &self.overlay {
            o.render(frame, area, self);
        }
    }

    fn quitting(&self) -> bool {
        self.quit
    }

    fn client(&self) -> &ApiClient {
        &self.client
    }

    fn finish(&mut self) {
        if let Some(dir) = &self.data_dir
            && let Err(e) = self.recall_now().save(dir)
        {
            tracing::warn!("cannot remember the last prompt: {e}");
        }
        // Whatever happened, what was typed goes to disk before we leave.
        for draft in self.drafts_to_save() {
            if let Some(dir) = &self.data_dir
                && let Err(e) = Drafts::new(dir).save(&draft)
            {
                tracing::error!("cannot save the draft of {}: {e}", draft.prompt_id);
            }
        }
    }
}

fn draw_too_small(frame: &mut Frame, area: Rect) {
    let text = vec![
        Line::from("Terminal too small"),
        Line::from(format!(
            "{}x{} now; promptcrafter needs at least {}x{}.",
            area.width, area.height, MIN_SIZE.0, MIN_SIZE.1
        )),
        Line::from("Enlarge the window: nothing is lost meanwhile."),
    ];
    let y = area.height.saturating_sub(3) / 2;
    let rect = Rect::new(area.x, area.y + y, area.width, 3.min(area.height));
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        rect,
    );
}

impl App {
    fn update_inner(&mut self, msg: Message) -> Vec<Cmd> {
        match msg {
            Message::Input(event) => {
                let cmds = self.on_event(event);
                if self.focus != Focus::Form(Field::Model) {
                    self.compose.completion = None;
                }
                cmds
            }
            Message::Api(event) => self.on_api(event),
            Message::EditorDone(result) => self.on_editor(result),
            Message::DraftSaved { prompt_id, result } => self.on_draft_saved(&prompt_id, result),
            Message::OutboxRead(result) => self.on_outbox_read(result),
            Message::Tick => self.on_tick(Instant::now()),
            Message::Matched => {
                // Results that highlight another prompt: its logs, as for
                // a move by a key (the key's own call saw the rows before).
                let before = self.current_id().map(str::to_owned);
                if self.list.matched() && self.current_id() != before.as_deref() {
                    return self.after_selection_change();
                }
                Vec::new()
            }
            // The main screen writes no review progress.
            Message::ProgressSaved(_) => Vec::new(),
        }
    }

    /// Says at start why the config file was set aside, and what is wrong
    /// with its key bindings (both names of a conflict).
    fn say_config_problems(&mut self) {
        // The keymap installed at start holds the merge's problems: they
        // are not worked out a second time here.
        let keys = &keymap::active().problems;
        let mut parts: Vec<String> = self.settings.config_error.iter().cloned().collect();
        if !keys.is_empty() {
            parts.push(format!("Key bindings: {}", keys.join("; ")));
        }
        if !parts.is_empty() {
            self.say(Level::Error, parts.join(". "));
        }
    }

    /// Whether the spinner turns (a log on its way, the prompts loading).
    fn spinning(&self) -> bool {
        self.compose.sending.is_some() || self.list.load.is_loading()
    }

    fn draw_status(&self, frame: &mut Frame, areas: &Areas) {
        let sending = self.compose.sending.as_ref().map(|s| s.since);
        status_bar::draw_banner(
            frame,
            areas.banner,
            self.banner.as_ref(),
            sending,
            self.spin,
        );
        let contexts = self.contexts();
        let info = StatusInfo {
            api_label: &self.api_label,
            user: &self.user,
            outbox: self.outbox.counts(),
            drafts_on: self.data_dir.is_some(),
            draft_failed: self.compose.draft_failed,
            contexts: &contexts,
        };
        status_bar::draw_status(frame, areas.status, &info);
    }

    fn on_tick(&mut self, now: Instant) -> Vec<Cmd> {
        let mut cmds = Vec::new();
        if self.spinning() {
            self.spin = self.spin.wrapping_add(1);
        }
        let due: Vec<String> = self
            .compose
            .unsaved
            .iter()
            .filter(|(_, t)| now.duration_since(**t) >= self.settings.draft_autosave)
            .map(|(id, _)| id.clone())
            .collect();
        for id in due {
            self.compose.unsaved.remove(&id);
            if self.data_dir.is_some()
                && let Some(form) = self.compose.forms.get(&id)
            {
                cmds.push(Cmd::SaveDraft(form.to_draft()));
            }
        }
        if self.outbox.next_flush.is_some_and(|t| t <= now) {
            self.outbox.next_flush = None;
            cmds.push(Cmd::FlushOutbox { force: false });
        }
        cmds
    }

    /// Shows the text cursor only in the focused editor.
    pub fn sync_cursors(&mut self) {
        let focus = self.focus;
        let overlay = self.overlay.is_some();
        let Some(id) = self.current_id().map(str::to_owned) else {
            return;
        };
        let Some(form) = self.compose.forms.get_mut(&id) else {
            return;
        };
        form.model.focused = !overlay && focus == Focus::Form(Field::Model);
        for field in [Field::Output, Field::Notes] {
            let on = !overlay && focus == Focus::Form(field);
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

    fn on_draft_saved(&mut self, prompt_id: &str, result: Result<(), OutboxError>) -> Vec<Cmd> {
        match result {
            Ok(()) => self.compose.draft_failed = false,
            Err(e) => {
                self.report(&TuiError::SaveDraft(e));
                self.compose.draft_failed = true;
                // Try again on the next edit or tick.
                self.compose
                    .unsaved
                    .entry(prompt_id.to_owned())
                    .or_insert_with(Instant::now);
            }
        }
        Vec::new()
    }

    fn on_editor(&mut self, result: Result<String, EditorError>) -> Vec<Cmd> {
        match result {
            Ok(text) => {
                let Some(form) = self.current_form_mut() else {
                    return Vec::new();
                };
                form.set_output(&text);
                let id = form.prompt_id.clone();
                self.mark_edited(&id);
                self.focus = Focus::Form(Field::Output);
                self.say(Level::Info, "Output updated from the editor.");
            }
            Err(e) => self.report(&TuiError::Editor(e)),
        }
        Vec::new()
    }

    fn on_outbox_read(&mut self, result: Result<Vec<Entry>, OutboxError>) -> Vec<Cmd> {
        match result {
            Ok(entries) => {
                let api = self.api_label.clone();
                self.outbox.entries = entries.into_iter().filter(|e| e.api == api).collect();
                for e in &self.outbox.entries {
                    let same = self
                        .compose
                        .forms
                        .get(&e.log.prompt_id)
                        .is_some_and(|f| f.new_log() == e.log);
                    if same {
                        self.compose
                            .queued
                            .insert(e.log.prompt_id.clone(), e.id.clone());
                    }
                }
                self.outbox.schedule();
            }
            Err(e) => self.report(&TuiError::ReadOutbox(e)),
        }
        Vec::new()
    }
}
