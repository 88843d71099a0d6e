//! The prompt pane and the compose form.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::layout::Areas;
use super::pane;
use crate::sanitize;
use crate::tui::app::App;
use crate::tui::form::{Field, Form};
use crate::tui::shield;
use crate::tui::state::Focus;
use crate::tui::theme;

pub(super) fn draw_prompt(app: &App, frame: &mut Frame, area: Rect) {
    let Some(p) = app.list.selected_prompt() else {
        let block = pane(app, Focus::Prompt, " Prompt ");
        let inner = block.inner(area);
        frame.render_widget(block, area);
        frame.render_widget(
            Paragraph::new("No prompt selected.").style(theme::dim()),
            inner,
        );
        return;
    };
    let mut title = vec![
        Span::raw(" "),
        Span::raw(sanitize::line(&p.title).into_owned()),
        Span::styled(
            format!(" \u{b7} {}", sanitize::line(&p.model)),
            theme::key(),
        ),
    ];
    if !p.tags.is_empty() {
        title.push(Span::styled(
            format!(" #{}", sanitize::line(&p.tags.join(" #"))),
            theme::dim(),
        ));
    }
    title.push(Span::raw(" "));
    let block = pane(app, Focus::Prompt, Line::from(title));
    let text = sanitize::text(&p.content).into_owned();
    frame.render_widget(
        Paragraph::new(text)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((app.prompt_scroll, 0)),
        area,
    );
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

pub(super) fn draw_form(app: &App, frame: &mut Frame, areas: &Areas) {
    let Some(form) = app.current_form() else {
        let area = Rect {
            height: areas.output.height + areas.model.height + areas.notes.height,
            ..areas.output
        };
        let block = pane(app, Focus::Form(Field::Output), " Output ");
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let hint = if app.list.prompts.is_empty() {
            "Add a prompt (a in the list) to log outputs against it."
        } else {
            "Select a prompt in the list and press Enter to write a log."
        };
        frame.render_widget(Paragraph::new(hint).style(theme::dim()), inner);
        return;
    };
    draw_output(app, form, frame, areas.output);
    // The hint gives way to a problem, which must fit the narrow box.
    let model_label = if form.problem(Field::Model).is_some() {
        "Model"
    } else {
        "Model (\u{2191}\u{2193} used before)"
    };
    let model_title = field_title(form, Field::Model, model_label.into());
    let block = pane(app, Focus::Form(Field::Model), model_title);
    let inner = block.inner(areas.model);
    frame.render_widget(block, areas.model);
    frame.render_widget(&form.model, inner);
    shield::reveal(frame.buffer_mut(), inner, theme::problem());

    let block = pane(
        app,
        Focus::Form(Field::Score),
        field_title(form, Field::Score, "Score".into()),
    );
    let inner = block.inner(areas.score);
    frame.render_widget(block, areas.score);
    let score = match form.score {
        Some(s) => Line::from(vec![
            Span::styled(format!("{s}"), theme::key()),
            Span::raw(" / 10"),
        ]),
        None => Line::from(Span::styled("- (keys 0-9, +/-)", theme::dim())),
    };
    frame.render_widget(Paragraph::new(score), inner);

    let block = pane(
        app,
        Focus::Form(Field::Notes),
        field_title(form, Field::Notes, "Notes".into()),
    );
    let inner = block.inner(areas.notes);
    frame.render_widget(block, areas.notes);
    frame.render_widget(&form.notes, inner);
    shield::reveal(frame.buffer_mut(), inner, theme::problem());
}

fn draw_output(app: &App, form: &Form, frame: &mut Frame, area: Rect) {
    let (lines, chars) = form.output_stats;
    let mut label = format!("Output \u{b7} {lines} lines \u{b7} {chars} chars");
    if form.hidden_controls > 0 {
        label.push_str(&format!(
            " \u{b7} {} control chars, shown as \u{241b} \u{fffd}",
            form.hidden_controls
        ));
    }
    let mut block = pane(
        app,
        Focus::Form(Field::Output),
        field_title(form, Field::Output, label),
    );
    if let Some(rejection) = &form.rejection {
        block = block.title_bottom(Line::from(Span::styled(
            format!(" \u{2716} {} ", sanitize::line(rejection)),
            theme::problem(),
        )));
    } else if app
        .sending
        .as_ref()
        .is_some_and(|s| s.prompt_id == form.prompt_id)
    {
        block = block.title_bottom(Line::from(Span::styled(" sending\u{2026} ", theme::key())));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    frame.render_widget(&form.output, inner);
    shield::reveal(frame.buffer_mut(), inner, theme::problem());
}
