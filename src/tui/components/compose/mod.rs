//! The compose form of each prompt (Output, Model, Score, Notes): the
//! forms, which of them changed since their draft was written, the models
//! used before, the submission on its way, and the drawing of the shown
//! prompt's form.

pub mod complete;
pub mod form;

use std::collections::HashMap;
use tokio::time::Instant;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::layout::Areas;
use crate::sanitize;
use crate::tui::stand_ins;
use crate::tui::theme;
use crate::tui::widgets::pane;
pub use form::{Field, Form};

/// A submission on its way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sending {
    /// The prompt.
    pub prompt_id: String,
    /// When it was sent.
    pub since: Instant,
}

/// Every prompt's form and what goes with them.
#[derive(Debug, Default)]
pub struct Compose {
    /// Each prompt's form, by prompt id.
    pub forms: HashMap<String, Form>,
    /// Prompts whose form changed since its draft was written, and when.
    pub unsaved: HashMap<String, Instant>,
    /// Whether the last draft write failed (until one succeeds).
    pub draft_failed: bool,
    /// Models this user has logged with, in the order first seen.
    pub known_models: Vec<String>,
    /// Models the config file offers for completion (`models`), in its order.
    pub offered_models: Vec<String>,
    /// The model completion popup, while a model name is typed.
    pub completion: Option<complete::Completion>,
    /// Outbox entries sent from a prompt's form, by prompt id.
    pub queued: HashMap<String, String>,
    /// A submission on its way.
    pub sending: Option<Sending>,
}

impl Compose {
    /// Whether `prompt_id` holds unsent text (a draft).
    #[must_use]
    pub fn has_draft(&self, prompt_id: &str) -> bool {
        self.forms.get(prompt_id).is_some_and(|f| !f.is_blank())
    }

    /// How many forms hold unsent text.
    #[must_use]
    pub fn unsent(&self) -> usize {
        self.forms.values().filter(|f| !f.is_blank()).count()
    }

    /// Notes that the form of `prompt_id` changed: its draft is due soon.
    pub fn mark_edited(&mut self, prompt_id: &str) {
        self.unsaved.insert(prompt_id.to_owned(), Instant::now());
    }

    /// Remembers the models of `logs` for the model field's Up/Down.
    pub fn learn_models<'a>(&mut self, models: impl IntoIterator<Item = &'a str>) {
        for m in models {
            let m = m.trim();
            if !m.is_empty() && !self.known_models.iter().any(|k| k == m) {
                self.known_models.push(m.to_owned());
            }
        }
    }

    /// Draws the form of `prompt_id` (or a hint without one) into the form
    /// areas; `focus` is the focused field, if one is.
    pub fn render(
        &self,
        frame: &mut Frame,
        areas: &Areas,
        prompt_id: Option<&str>,
        no_prompts: bool,
        focus: Option<Field>,
    ) {
        let Some(form) = prompt_id.and_then(|id| self.forms.get(id)) else {
            let area = Rect {
                height: areas.output.height + areas.model.height + areas.notes.height,
                ..areas.output
            };
            let block = pane(focus == Some(Field::Output), " Output ");
            let inner = block.inner(area);
            frame.render_widget(block, area);
            let hint = if no_prompts {
                "Add a prompt (a in the list) to log outputs against it."
            } else {
                "Select a prompt in the list and press Enter to write a log."
            };
            frame.render_widget(Paragraph::new(hint).style(theme::dim()), inner);
            return;
        };
        let sending = self
            .sending
            .as_ref()
            .is_some_and(|s| s.prompt_id == form.prompt_id);
        draw_output(
            form,
            frame,
            areas.output,
            focus == Some(Field::Output),
            sending,
        );
        draw_model(form, frame, areas.model, focus == Some(Field::Model));
        draw_score(form, frame, areas.score, focus == Some(Field::Score));
        let title = field_title(form, Field::Notes, "Notes".into());
        let block = pane(focus == Some(Field::Notes), title);
        let inner = block.inner(areas.notes);
        frame.render_widget(block, areas.notes);
        frame.render_widget(&form.notes, inner);
        stand_ins::reveal(frame.buffer_mut(), inner, theme::problem());
    }
}

fn field_title(form: &Form, field: Field, label: String) -> Line<'static> {
    let mut spans = vec![Span::raw(format!(" {label} "))];
    if let Some(problem) = form.problem(field) {
        spans.push(Span::styled(
            format!("\u{2716} {problem} "),
            theme::problem(),
        ));
    }
    Line::from(spans)
}

fn draw_model(form: &Form, frame: &mut Frame, area: Rect, focused: bool) {
    // The hint gives way to a problem, which must fit the narrow box.
    let label = if form.problem(Field::Model).is_some() {
        "Model"
    } else {
        "Model (\u{2191}\u{2193}, Ctrl-U clears)"
    };
    let block = pane(focused, field_title(form, Field::Model, label.into()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    frame.render_widget(&form.model, inner);
    stand_ins::reveal(frame.buffer_mut(), inner, theme::problem());
}

fn draw_score(form: &Form, frame: &mut Frame, area: Rect, focused: bool) {
    let block = pane(focused, field_title(form, Field::Score, "Score".into()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let score = match form.score {
        Some(s) => Line::from(vec![
            Span::styled(format!("{s}"), theme::key()),
            Span::raw(" / 10"),
        ]),
        None => Line::from(Span::styled("- (keys 0-9, +/-)", theme::dim())),
    };
    frame.render_widget(Paragraph::new(score), inner);
}

fn draw_output(form: &Form, frame: &mut Frame, area: Rect, focused: bool, sending: bool) {
    let (lines, chars) = form.output_stats;
    let unit = if lines == 1 { "line" } else { "lines" };
    let mut label = format!("Output \u{b7} {lines} {unit} \u{b7} {chars} chars");
    if form.hidden_controls > 0 {
        label.push_str(&format!(
            " \u{b7} {} control chars, shown as \u{241b} \u{fffd}",
            form.hidden_controls
        ));
    }
    let mut block = pane(focused, field_title(form, Field::Output, label));
    if let Some(rejection) = &form.rejection {
        block = block.title_bottom(Line::from(Span::styled(
            format!(" \u{2716} {} ", sanitize::line(rejection)),
            theme::problem(),
        )));
    } else if sending {
        block = block.title_bottom(Line::from(Span::styled(" sending\u{2026} ", theme::key())));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    frame.render_widget(&form.output, inner);
    stand_ins::reveal(frame.buffer_mut(), inner, theme::problem());
}
