//! Input to actions to state: keys through the keymap, text to the focused
//! editor, pastes as one edit, mouse clicks and the wheel.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};

use super::action::Action;
use super::app::App;
use super::form::Field;
use super::keymap::{self, Ctx};
use super::message::Cmd;
use super::prompt_list::ROW_HEIGHT;
use super::state::{Dialog, FOCUS_ORDER, Focus, Level, Modal};
use super::view::layout::Areas;

impl App {
    pub(super) fn on_event(&mut self, event: Event) -> Vec<Cmd> {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.on_key(key),
            Event::Paste(text) => self.on_paste(&text),
            Event::Mouse(m) => self.on_mouse(m),
            Event::Resize(w, h) => {
                self.size = (w, h);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// The keymap contexts in force, most specific last (globals first).
    #[must_use]
    pub fn contexts(&self) -> Vec<Ctx> {
        match &self.modal {
            Some(Modal::Help { .. }) => vec![Ctx::Help],
            Some(
                Modal::ConfirmQuit
                | Modal::ConfirmDelete(_)
                | Modal::ConfirmDuplicate { .. }
                | Modal::ConfirmDiscardDraft(_)
                | Modal::ConfirmDiscardOutbox(_),
            ) => vec![Ctx::Confirm],
            Some(Modal::LogDetail { .. }) => vec![Ctx::LogDetail],
            Some(Modal::Login(_) | Modal::AddPrompt(_)) => vec![Ctx::Dialog, Ctx::Global],
            Some(Modal::Outbox { .. }) => vec![Ctx::Outbox, Ctx::Global],
            Some(Modal::Scoreboard { .. }) => vec![Ctx::Scoreboard],
            Some(Modal::Diff(_)) => vec![Ctx::Diff],
            None => match self.focus {
                Focus::Prompts if self.filtering => vec![Ctx::Global, Ctx::Filter],
                Focus::Prompts => vec![Ctx::Global, Ctx::Prompts],
                Focus::Prompt => vec![Ctx::Global, Ctx::Prompt],
                Focus::Form(Field::Model) => vec![Ctx::Global, Ctx::Form, Ctx::Model],
                Focus::Form(Field::Score) => vec![Ctx::Global, Ctx::Form, Ctx::Score],
                Focus::Form(_) => vec![Ctx::Global, Ctx::Form],
                Focus::Logs => vec![Ctx::Global, Ctx::Logs],
            },
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        match keymap::resolve(&key, &self.contexts()) {
            Some(action) => self.act(action),
            None => self.type_key(key),
        }
    }

    /// Text entry: a key no binding took goes to the focused editor.
    fn type_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        if let Some(Modal::Login(d) | Modal::AddPrompt(d)) = &mut self.modal {
            if let Some((_, t)) = d.fields.get_mut(d.focus) {
                t.input(key);
            }
            return Vec::new();
        }
        if self.modal.is_some() {
            return Vec::new();
        }
        if self.focus == Focus::Prompts && self.filtering {
            let mut filter = self.list.filter.clone();
            match key.code {
                KeyCode::Char(c) => filter.push(c),
                KeyCode::Backspace => {
                    filter.pop();
                }
                _ => return Vec::new(),
            }
            self.list.set_filter(&filter);
            return self.after_selection_change();
        }
        let Focus::Form(field) = self.focus else {
            return Vec::new();
        };
        let Some(form) = self.form_or_hint() else {
            return Vec::new();
        };
        if field == Field::Score {
            match key.code {
                KeyCode::Char(c) if c.is_ascii_digit() => {
                    form.type_score_digit(i64::from(c as u8 - b'0'));
                }
                KeyCode::Delete => form.clear_score(),
                _ => {
                    form.end_score_entry();
                    return Vec::new();
                }
            }
        } else {
            let changed = match field {
                Field::Output => form.input_output(key),
                _ => form.editor_mut(field).is_some_and(|e| e.input(key)),
            };
            if !changed {
                return Vec::new();
            }
            form.problems = None;
            form.rejection = None;
        }
        let id = form.prompt_id.clone();
        self.mark_edited(&id);
        Vec::new()
    }

    fn on_paste(&mut self, text: &str) -> Vec<Cmd> {
        if let Some(Modal::Login(d) | Modal::AddPrompt(d)) = &mut self.modal {
            if let Some((_, t)) = d.fields.get_mut(d.focus) {
                t.insert_str(super::form::normalise_newlines(text));
            }
            return Vec::new();
        }
        if self.modal.is_some() {
            return Vec::new();
        }
        if self.focus == Focus::Prompts && self.filtering {
            let filter = format!("{}{}", self.list.filter, text.replace(['\r', '\n'], " "));
            self.list.set_filter(&filter);
            return self.after_selection_change();
        }
        // A paste outside a text field goes to the output: it is what a
        // reviewer pastes, and no character of it may act as a key.
        let field = match self.focus {
            Focus::Form(f) if f != Field::Score => f,
            _ => Field::Output,
        };
        let Some(form) = self.form_or_hint() else {
            return Vec::new();
        };
        form.paste_into(field, text);
        let id = form.prompt_id.clone();
        self.focus = Focus::Form(field);
        self.mark_edited(&id);
        Vec::new()
    }

    fn on_mouse(&mut self, m: MouseEvent) -> Vec<Cmd> {
        if self.modal.is_some() {
            return Vec::new();
        }
        let areas = Areas::new(Rect::new(0, 0, self.size.0, self.size.1));
        let at = Position::new(m.column, m.row);
        let hit = areas.focus_at(at);
        match m.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some(f) = hit {
                    self.set_focus(f);
                    if f == Focus::Prompts
                        && let Some(i) = self.prompt_row_at(areas.prompts, m.row)
                    {
                        self.list.selected = i;
                        return self.after_selection_change();
                    }
                }
                Vec::new()
            }
            MouseEventKind::ScrollDown => self.scroll_in(hit, 3),
            MouseEventKind::ScrollUp => self.scroll_in(hit, -3),
            _ => Vec::new(),
        }
    }

    /// The list row drawn at screen row `y` of the prompts pane `pane`: the
    /// list scrolls as ratatui's does, keeping the selection the last row
    /// seen, each prompt [`ROW_HEIGHT`] lines high, under the filter line.
    fn prompt_row_at(&self, pane: Rect, y: u16) -> Option<usize> {
        let filter = u16::from(self.filtering || !self.list.filter.is_empty());
        let top = pane.y + 1 + filter;
        let visible = usize::from(pane.height.saturating_sub(2 + filter) / ROW_HEIGHT);
        let offset = self.list.selected.saturating_sub(visible.saturating_sub(1));
        let i = usize::from(y.checked_sub(top)? / ROW_HEIGHT) + offset;
        (i < self.list.rows.len()).then_some(i)
    }

    fn scroll_in(&mut self, place: Option<Focus>, delta: isize) -> Vec<Cmd> {
        match place {
            Some(Focus::Prompts) => {
                self.list.move_by(delta.signum());
                return self.after_selection_change();
            }
            Some(Focus::Prompt) => self.scroll_prompt(delta),
            Some(Focus::Logs) => self.move_log(delta.signum()),
            Some(Focus::Form(field)) => {
                if let Some(editor) = self.current_form_mut().and_then(|f| f.editor_mut(field)) {
                    let rows = i16::try_from(delta).unwrap_or(0);
                    editor.scroll((rows, 0));
                }
            }
            None => {}
        }
        Vec::new()
    }

    fn scroll_prompt(&mut self, delta: isize) {
        let d = i32::try_from(delta).unwrap_or(0);
        let s = (i32::from(self.prompt_scroll) + d).max(0);
        self.prompt_scroll = u16::try_from(s).unwrap_or(u16::MAX);
    }

    fn move_log(&mut self, delta: isize) {
        let n = self.current_logs().map_or(0, <[_]>::len);
        if n > 0 {
            self.log_selected = self.log_selected.saturating_add_signed(delta).min(n - 1);
        }
    }

    /// Moves focus to `f`, leaving the filter.
    pub fn set_focus(&mut self, f: Focus) {
        if f != Focus::Prompts {
            self.filtering = false;
        }
        if let Focus::Form(_) = f
            && self.form_or_hint().is_none()
        {
            return;
        }
        self.focus = f;
    }

    /// After the highlighted prompt changed: reset per-prompt views, load its logs.
    pub fn after_selection_change(&mut self) -> Vec<Cmd> {
        self.prompt_scroll = 0;
        self.log_selected = 0;
        // The highlighted prompt's form is shown (and kept) from now on.
        let _ = self.current_form_mut();
        match self.current_id().map(str::to_owned) {
            Some(id) if !self.logs.contains_key(&id) => {
                self.logs.insert(id.clone(), super::state::Remote::Loading);
                vec![Cmd::LoadLogs(id)]
            }
            _ => Vec::new(),
        }
    }

    fn cycle_focus(&mut self, forward: bool) {
        let i = FOCUS_ORDER
            .iter()
            .position(|f| *f == self.focus)
            .unwrap_or(0);
        let n = FOCUS_ORDER.len();
        let mut next = if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        };
        // Without a prompt there is no form: skip its fields.
        if self.current_id().is_none() {
            while matches!(FOCUS_ORDER[next], Focus::Form(_)) {
                next = if forward {
                    (next + 1) % n
                } else {
                    (next + n - 1) % n
                };
            }
        }
        self.set_focus(FOCUS_ORDER[next]);
    }

    /// Carries out an action.
    pub fn act(&mut self, action: Action) -> Vec<Cmd> {
        if let Some(Modal::Login(_) | Modal::AddPrompt(_)) = &self.modal {
            return self.act_dialog(action);
        }
        match action {
            Action::Quit => self.ask_quit(),
            Action::Submit => return self.submit(),
            Action::RetryNow => return self.retry_now(),
            Action::FocusNext | Action::FocusPrev => {
                if self.modal.is_none() {
                    self.cycle_focus(action == Action::FocusNext);
                }
            }
            Action::Help => self.modal = Some(Modal::Help { scroll: 0 }),
            Action::Back => return self.back(),
            Action::OpenEditor => {
                if let Some(form) = self.current_form() {
                    return vec![Cmd::OpenEditor(form.output_text())];
                }
            }
            Action::Filter => {
                self.focus = Focus::Prompts;
                self.filtering = true;
            }
            Action::AddPrompt => {
                self.modal = Some(Modal::AddPrompt(Dialog::new(
                    "Add a prompt",
                    &["Title", "Model", "Tags (comma-separated)", "Content"],
                )));
            }
            Action::Reload => {
                self.prompts = super::state::Remote::Loading;
                return vec![Cmd::LoadPrompts];
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                return self.move_in(action);
            }
            Action::Open => return self.open(),
            Action::Delete => self.ask_delete(),
            Action::ScoreUp | Action::ScoreDown | Action::ScoreClear => self.score_action(action),
            Action::ModelPrev | Action::ModelNext => self.cycle_model(action == Action::ModelNext),
            Action::Outbox => {
                self.modal = Some(Modal::Outbox { selected: 0 });
                return vec![Cmd::ReadOutbox];
            }
            Action::DiscardDraft => {
                if let Some(id) = self.current_id().filter(|id| self.has_draft(id)) {
                    self.modal = Some(Modal::ConfirmDiscardDraft(id.to_owned()));
                }
            }
            Action::Yes => return self.confirm(),
            Action::No => self.modal = None,
            Action::Scoreboard => {
                if let Some(id) = self.current_id() {
                    self.modal = Some(Modal::Scoreboard {
                        prompt_id: id.to_owned(),
                    });
                }
            }
            Action::OpenBest | Action::OpenWorst => self.open_extreme(action == Action::OpenBest),
            Action::MarkDiff => self.mark_diff(),
            // Only the review screen binds these.
            Action::ReviewScore(_)
            | Action::ReviewNext
            | Action::ReviewPrev
            | Action::ReviewSkip
            | Action::ReviewNotes
            | Action::ReviewUndo
            | Action::ReviewGoOn => {}
        }
        Vec::new()
    }

    /// Marks the selected log; with one marked already, compares the two.
    fn mark_diff(&mut self) {
        let Some(log) = self
            .current_logs()
            .and_then(|l| l.get(self.log_selected))
            .cloned()
        else {
            return;
        };
        let marked = self
            .diff_mark
            .take()
            .filter(|m| m.prompt_id == log.prompt_id);
        match marked {
            Some(m) if m.id == log.id => self.banner(Level::Info, "Mark removed."),
            Some(m) => {
                self.modal = Some(Modal::Diff(Box::new(super::diff::LogDiff::new(m, log))));
            }
            None => {
                self.banner(
                    Level::Info,
                    format!(
                        "Marked {}: select another log of this prompt and press m to compare.",
                        log.id
                    ),
                );
                self.diff_mark = Some(log);
            }
        }
    }

    /// From the scoreboard: opens its prompt's best or worst log.
    fn open_extreme(&mut self, best: bool) {
        let Some(Modal::Scoreboard { prompt_id }) = &self.modal else {
            return;
        };
        let Some(logs) = self.logs.get(prompt_id).and_then(|l| l.loaded()) else {
            return;
        };
        let (b, w) = crate::stats::best_and_worst(logs);
        match if best { b } else { w } {
            Some(log) => {
                self.modal = Some(Modal::LogDetail {
                    log: log.clone(),
                    scroll: 0,
                });
            }
            None => self.banner(Level::Info, "No scored log yet."),
        }
    }

    fn ask_quit(&mut self) {
        let unsent = self.forms.values().filter(|f| !f.is_blank()).count();
        if unsent == 0 || matches!(self.modal, Some(Modal::ConfirmQuit)) {
            self.quit = true;
        } else {
            self.modal = Some(Modal::ConfirmQuit);
        }
    }

    fn back(&mut self) -> Vec<Cmd> {
        if self.modal.take().is_some() {
            return Vec::new();
        }
        if self.focus == Focus::Prompts {
            self.filtering = false;
            if !self.list.filter.is_empty() {
                let id = self.current_id().map(str::to_owned);
                self.list.set_filter("");
                if let Some(id) = id {
                    self.list.select_id(&id);
                }
                return self.after_selection_change();
            }
        } else {
            self.focus = Focus::Prompts;
        }
        Vec::new()
    }

    fn move_in(&mut self, action: Action) -> Vec<Cmd> {
        let delta: isize = match action {
            Action::Up => -1,
            Action::Down => 1,
            Action::PageUp => -10,
            _ => 10,
        };
        match &mut self.modal {
            Some(Modal::Help { scroll } | Modal::LogDetail { scroll, .. }) => {
                let d = i32::try_from(delta).unwrap_or(0);
                *scroll = u16::try_from((i32::from(*scroll) + d).max(0)).unwrap_or(0);
                return Vec::new();
            }
            Some(Modal::Diff(diff)) => {
                let scroll = &mut diff.scroll;
                let d = i32::try_from(delta).unwrap_or(0);
                *scroll = u16::try_from((i32::from(*scroll) + d).max(0)).unwrap_or(0);
                return Vec::new();
            }
            Some(Modal::Outbox { selected }) => {
                let n = self.outbox.len();
                *selected = selected
                    .saturating_add_signed(delta)
                    .min(n.saturating_sub(1));
                return Vec::new();
            }
            _ => {}
        }
        match self.focus {
            Focus::Prompts => {
                self.list.move_by(delta);
                return self.after_selection_change();
            }
            Focus::Prompt => self.scroll_prompt(delta),
            Focus::Logs => self.move_log(delta),
            Focus::Form(_) => {}
        }
        Vec::new()
    }

    fn open(&mut self) -> Vec<Cmd> {
        match &self.modal {
            Some(Modal::Outbox { selected }) => return self.edit_outbox_entry(*selected),
            Some(_) => return Vec::new(),
            None => {}
        }
        let focus = self.focus;
        match focus {
            Focus::Prompts if self.current_form_mut().is_some() => {
                self.filtering = false;
                self.focus = Focus::Form(Field::Output);
            }
            Focus::Logs => {
                if let Some(log) = self.current_logs().and_then(|l| l.get(self.log_selected)) {
                    self.modal = Some(Modal::LogDetail {
                        log: log.clone(),
                        scroll: 0,
                    });
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn ask_delete(&mut self) {
        match &self.modal {
            Some(Modal::LogDetail { log, .. }) => {
                self.modal = Some(Modal::ConfirmDelete(log.clone()));
            }
            Some(Modal::Outbox { selected }) => {
                if let Some(e) = self.outbox.get(*selected) {
                    self.modal = Some(Modal::ConfirmDiscardOutbox(e.id.clone()));
                }
            }
            None if self.focus == Focus::Logs => {
                if let Some(log) = self.current_logs().and_then(|l| l.get(self.log_selected)) {
                    self.modal = Some(Modal::ConfirmDelete(log.clone()));
                }
            }
            _ => {}
        }
    }

    fn score_action(&mut self, action: Action) {
        let Some(form) = self.current_form_mut() else {
            return;
        };
        match action {
            Action::ScoreUp => form.bump_score(1),
            Action::ScoreDown => form.bump_score(-1),
            _ => form.clear_score(),
        }
        let id = form.prompt_id.clone();
        self.mark_edited(&id);
    }

    fn cycle_model(&mut self, forward: bool) {
        if self.known_models.is_empty() {
            self.banner(Level::Info, "No models logged yet: type the model's name.");
            return;
        }
        let models = self.known_models.clone();
        let Some(form) = self.current_form_mut() else {
            return;
        };
        let now = form.model_text();
        let n = models.len();
        let next = match models.iter().position(|m| *m == now) {
            Some(i) if forward => (i + 1) % n,
            Some(i) => (i + n - 1) % n,
            None if forward => 0,
            None => n - 1,
        };
        form.set_model(&models[next]);
        let id = form.prompt_id.clone();
        self.mark_edited(&id);
    }

    fn confirm(&mut self) -> Vec<Cmd> {
        match self.modal.take() {
            Some(Modal::ConfirmQuit) => self.quit = true,
            Some(Modal::ConfirmDelete(log)) => {
                return vec![Cmd::DeleteLog {
                    log_id: log.id,
                    prompt_id: log.prompt_id,
                }];
            }
            Some(Modal::ConfirmDuplicate { log, .. }) => return self.send(log),
            Some(Modal::ConfirmDiscardDraft(id)) => {
                if let Some(form) = self.forms.get_mut(&id) {
                    form.clear_after_submit();
                }
                self.unsaved.remove(&id);
                self.banner(Level::Info, "Draft discarded.");
                return vec![Cmd::RemoveDraft(id)];
            }
            Some(Modal::ConfirmDiscardOutbox(id)) => {
                self.outbox.retain(|e| e.id != id);
                self.queued_forms.retain(|_, e| *e != id);
                self.schedule_flush();
                self.banner(Level::Info, "Outbox entry discarded.");
                return vec![Cmd::DiscardOutbox(id)];
            }
            other => self.modal = other,
        }
        Vec::new()
    }
}
