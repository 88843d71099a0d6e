//! Input to actions, routed: keys through the keymap to the overlay on top
//! or the focused pane, text to the focused editor, pastes as one edit,
//! mouse clicks and the wheel to the pane under them.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};

use super::{App, FOCUS_ORDER, Focus};
use crate::tui::action::Action;
use crate::tui::components::compose::Field;
use crate::tui::components::layout::Areas;
use crate::tui::components::overlay::step;
use crate::tui::components::status_bar::Level;
use crate::tui::keymap::{self, Ctx};
use crate::tui::message::{Cmd, Request};
use crate::tui::remote::Remote;

impl App {
    pub(super) fn on_event(&mut self, event: Event) -> Vec<Cmd> {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.on_key(key),
            Event::Paste(text) => self.on_paste(&text),
            Event::Mouse(m) => self.on_mouse(m),
            Event::Resize(w, h) => {
                self.size = (w, h);
                self.follow();
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// The layout of the screen at its current size.
    #[must_use]
    pub fn areas(&self) -> Areas {
        Areas::new(Rect::new(0, 0, self.size.0, self.size.1))
    }

    /// Keeps the highlighted rows of the lists in view.
    pub(super) fn follow(&mut self) {
        let areas = self.areas();
        self.list.follow(areas.prompts);
        if let Some(id) = self.current_id().map(str::to_owned) {
            self.logs.follow(&id, areas.logs);
        }
    }

    /// The keymap contexts in force, most specific last (globals first).
    #[must_use]
    pub fn contexts(&self) -> Vec<Ctx> {
        if let Some(o) = &self.overlay {
            return o.contexts();
        }
        match self.focus {
            Focus::Prompts if self.list.filtering => vec![Ctx::Global, Ctx::Filter],
            Focus::Prompts => vec![Ctx::Global, Ctx::Prompts],
            Focus::Prompt => vec![Ctx::Global, Ctx::Prompt],
            Focus::Form(Field::Model) => vec![Ctx::Global, Ctx::Form, Ctx::Model],
            Focus::Form(Field::Score) => vec![Ctx::Global, Ctx::Form, Ctx::Score],
            Focus::Form(_) => vec![Ctx::Global, Ctx::Form],
            Focus::Logs if self.logs.searching => vec![Ctx::Global, Ctx::LogsSearch],
            Focus::Logs => vec![Ctx::Global, Ctx::Logs],
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        match keymap::resolve(&key, &self.contexts()) {
            Some(action) => self.act(action),
            None => self.type_key(key),
        }
    }

    /// Text entry: a key no binding took goes to the overlay or the focused editor.
    fn type_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        if let Some(o) = &mut self.overlay {
            o.type_key(key);
            return Vec::new();
        }
        if self.focus == Focus::Logs && self.logs.searching {
            let Some(id) = self.current_id().map(str::to_owned) else {
                return Vec::new();
            };
            let pane = self.areas().logs;
            return self.logs.type_search(&id, key, pane);
        }
        if self.focus == Focus::Prompts && self.list.filtering {
            if !self.filter_input.edit(&self.list.filter, key) {
                return Vec::new();
            }
            self.list.set_filter(&self.filter_input.text());
            return self.after_selection_change();
        }
        let Focus::Form(field) = self.focus else {
            return Vec::new();
        };
        if field == Field::Model && self.completion_key(key) {
            return Vec::new();
        }
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
            if !form.input(field, key) {
                return Vec::new();
            }
            form.problems = None;
            form.rejection = None;
        }
        let id = form.prompt_id.clone();
        self.mark_edited(&id);
        if field == Field::Model {
            self.model_typed();
        }
        Vec::new()
    }

    fn on_paste(&mut self, text: &str) -> Vec<Cmd> {
        if let Some(o) = &mut self.overlay {
            o.paste(text);
            return Vec::new();
        }
        if self.focus == Focus::Prompts && self.list.filtering {
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
        if self.overlay.is_some() {
            return Vec::new();
        }
        let areas = self.areas();
        let hit = areas.focus_at(Position::new(m.column, m.row));
        match m.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some(f) = hit {
                    self.set_focus(f);
                    // The row drawn there: the list keeps its own offset.
                    if f == Focus::Prompts
                        && let Some(i) = self.list.row_at(areas.prompts, m.row)
                    {
                        self.list.window.selected = i;
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

    fn scroll_in(&mut self, place: Option<Focus>, delta: isize) -> Vec<Cmd> {
        match place {
            Some(Focus::Prompts) => {
                self.list.move_by(delta.signum());
                return self.after_selection_change();
            }
            Some(Focus::Prompt) => self.prompt.scroll_by(delta),
            Some(Focus::Logs) => return self.move_log(delta.signum()),
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

    /// Moves the logs' highlight; near the end of the rows loaded, the
    /// next page is asked for.
    fn move_log(&mut self, delta: isize) -> Vec<Cmd> {
        let Some(id) = self.current_id().map(str::to_owned) else {
            return Vec::new();
        };
        let pane = self.areas().logs;
        self.logs.move_by(&id, delta, pane).into_iter().collect()
    }

    /// Moves focus to `f`, leaving the filter.
    pub fn set_focus(&mut self, f: Focus) {
        if f != Focus::Prompts {
            self.list.filtering = false;
        }
        if let Focus::Form(_) = f
            && self.form_or_hint().is_none()
        {
            return;
        }
        self.focus = f;
    }

    /// After the highlighted prompt changed: reset per-prompt views, load
    /// its newest logs and its statistics (or, when they are here, go on
    /// loading the pages its search needs).
    pub fn after_selection_change(&mut self) -> Vec<Cmd> {
        self.prompt.scroll = 0;
        self.logs.window = crate::tui::widgets::Window::default();
        self.follow();
        // The highlighted prompt's form is shown (and kept) from now on.
        let _ = self.current_form_mut();
        let Some(id) = self.current_id().map(str::to_owned) else {
            return Vec::new();
        };
        let cmds = self.logs.open(&id);
        if !cmds.is_empty() {
            return cmds;
        }
        let pane = self.areas().logs;
        self.logs.more(&id, pane).into_iter().collect()
    }

    fn cycle_focus(&mut self, forward: bool) {
        let i = FOCUS_ORDER
            .iter()
            .position(|f| *f == self.focus)
            .unwrap_or(0);
        let n = FOCUS_ORDER.len();
        let turn = |i: usize| {
            if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            }
        };
        let mut next = turn(i);
        // Without a prompt there is no form: skip its fields.
        if self.current_id().is_none() {
            while matches!(FOCUS_ORDER[next], Focus::Form(_)) {
                next = turn(next);
            }
        }
        self.set_focus(FOCUS_ORDER[next]);
    }

    /// Carries out an action: the overlay on top gets it first.
    pub fn act(&mut self, action: Action) -> Vec<Cmd> {
        if let Some(mut overlay) = self.overlay.take() {
            let reply = overlay.act(action, self);
            return self.apply(overlay, reply, action);
        }
        self.act_here(action)
    }

    /// An action for the screen itself (no overlay took it).
    pub(super) fn act_here(&mut self, action: Action) -> Vec<Cmd> {
        if let Some(cmds) = self.reading_action(action) {
            return cmds;
        }
        if self.completion_action(action) {
            return Vec::new();
        }
        match action {
            Action::Quit => self.ask_quit(),
            Action::Submit => return self.submit(),
            Action::RetryNow => return self.retry_now(),
            Action::FocusNext | Action::FocusPrev => {
                if self.overlay.is_none() {
                    self.cycle_focus(action == Action::FocusNext);
                }
            }
            Action::Back => return self.back(),
            Action::OpenEditor => {
                if let Some(form) = self.current_form() {
                    return vec![Cmd::OpenEditor(form.output_text())];
                }
            }
            Action::Filter => {
                self.focus = Focus::Prompts;
                self.list.filtering = true;
                self.follow();
            }
            Action::Reload => {
                self.list.load = Remote::Loading;
                return vec![Cmd::LoadPromptPages];
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                return self.move_in(step(action));
            }
            Action::Open => return self.open_selected(),
            Action::ScoreUp | Action::ScoreDown | Action::ScoreClear => self.score_action(action),
            Action::ModelPrev | Action::ModelNext => self.cycle_model(action == Action::ModelNext),
            Action::MarkDiff => self.mark_diff(),
            Action::ScoreSubmit(score) => return self.score_and_submit(score),
            Action::ClearField => self.clear_field(),
            Action::ToggleMouse => return self.toggle_mouse(),
            other => return self.open_for(other),
        }
        Vec::new()
    }

    /// Turns mouse capture off (the terminal's own selection works) or on.
    fn toggle_mouse(&mut self) -> Vec<Cmd> {
        let on = !self.settings.mouse;
        self.settings.mouse = on;
        let key = keymap::active().keys_of(Ctx::Global, Action::ToggleMouse);
        if on {
            self.say(
                Level::Info,
                format!("Mouse captured: clicks focus, the wheel scrolls ({key} turns it off)."),
            );
        } else {
            self.say(
                Level::Info,
                format!("Mouse released: select and copy text as usual ({key} captures it again)."),
            );
        }
        vec![Cmd::SetMouse(on)]
    }

    /// Quits, or asks first when forms hold unsent text.
    pub(super) fn ask_quit(&mut self) {
        use crate::tui::components::confirm::{Confirm, Question};
        if self.compose.unsent() == 0 {
            self.quit = true;
        } else {
            self.open(Box::new(Confirm::new(Question::Quit)));
        }
    }

    fn back(&mut self) -> Vec<Cmd> {
        if self.focus != Focus::Prompts {
            self.focus = Focus::Prompts;
            return Vec::new();
        }
        self.list.filtering = false;
        if self.list.load.is_loading() && self.list.prompts.is_empty() {
            // The user no longer waits for a slow load.
            self.list.load = Remote::Idle;
            self.say(Level::Info, "Loading abandoned: r loads the prompts again.");
            return vec![Cmd::Abandon(Request::Prompts)];
        }
        if !self.list.filter.is_empty() {
            let id = self.current_id().map(str::to_owned);
            self.list.set_filter("");
            if let Some(id) = id {
                self.list.select_id(&id);
            }
            return self.after_selection_change();
        }
        self.follow();
        Vec::new()
    }

    fn move_in(&mut self, delta: isize) -> Vec<Cmd> {
        match self.focus {
            Focus::Prompts => {
                self.list.move_by(delta);
                return self.after_selection_change();
            }
            Focus::Prompt => self.prompt.scroll_by(delta),
            Focus::Logs => return self.move_log(delta),
            Focus::Form(_) => {}
        }
        Vec::new()
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
        let models = self.model_names();
        if models.is_empty() {
            self.say(Level::Info, "No models logged yet: type the model's name.");
            return;
        }
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
}
