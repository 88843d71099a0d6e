//! What is drawn on top: help, questions, a log in full, dialogs, the outbox.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::centered;
use crate::model::Log;
use crate::outbox::EntryState;
use crate::sanitize;
use crate::tui::app::App;
use crate::tui::keymap::{self, BINDINGS, Ctx};
use crate::tui::state::{Dialog, Modal};
use crate::tui::theme;

pub(super) fn draw_modal(app: &App, frame: &mut Frame, area: Rect) {
    let Some(modal) = &app.modal else {
        return;
    };
    match modal {
        Modal::Help { scroll } => draw_help(frame, area, *scroll),
        Modal::ConfirmQuit => {
            let n = app.forms.values().filter(|f| !f.is_blank()).count();
            let kept = if app.data_dir.is_some() {
                "They are kept as drafts and come back next time."
            } else {
                "Drafts are off in this window: that text will be lost."
            };
            confirm(
                frame,
                area,
                "Quit?",
                &format!("{n} form(s) hold unsent text. {kept}\nQuit now?"),
            );
        }
        Modal::ConfirmDelete(log) => {
            let first = log.output.lines().next().unwrap_or("");
            let text = format!(
                "Delete log {} ({}, score {})?\n\u{201c}{}\u{201d}\nThis cannot be undone.",
                log.id,
                log.model_used,
                log.score.map_or_else(|| "-".to_owned(), |s| s.to_string()),
                crate::sanitize::excerpt(first, 50)
            );
            confirm(frame, area, "Delete log", &text);
        }
        Modal::ConfirmDuplicate { existing, log } => confirm(
            frame,
            area,
            "Already logged",
            &format!(
                "This output is already logged for this prompt with {} as {}\n(same text once case and spacing are ignored).\nLog it again?",
                crate::sanitize::line(&log.model_used),
                crate::sanitize::line(existing)
            ),
        ),
        Modal::ConfirmDiscardDraft(_) => confirm(
            frame,
            area,
            "Discard draft",
            "Discard this prompt's unsent output, score and notes?\nThis cannot be undone.",
        ),
        Modal::ConfirmDiscardOutbox(id) => confirm(
            frame,
            area,
            "Discard outbox entry",
            &format!(
                "Discard {id} without sending it?\nIts output is lost unless you edit it back into the form instead (e)."
            ),
        ),
        Modal::LogDetail { log, scroll } => draw_log(frame, area, log, *scroll),
        Modal::Login(d) | Modal::AddPrompt(d) => draw_dialog(frame, area, d),
        Modal::Outbox { selected } => draw_outbox(app, frame, area, *selected),
        Modal::Diff(diff) => super::diff::draw(frame, area, diff),
        Modal::Scoreboard { prompt_id } => {
            super::scoreboard::draw(app, frame, area, prompt_id);
        }
    }
}

pub(super) fn boxed(frame: &mut Frame, rect: Rect, title: &str) -> Rect {
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::focused())
        .title(format!(" {title} "));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    inner
}

pub(super) fn hint_line(ctx: Ctx) -> Line<'static> {
    let mut spans = Vec::new();
    for (key, desc) in keymap::hints(&[ctx]) {
        spans.push(Span::styled(format!("{key} "), theme::key()));
        spans.push(Span::styled(format!("{desc}  "), theme::dim()));
    }
    Line::from(spans)
}

fn confirm(frame: &mut Frame, area: Rect, title: &str, text: &str) {
    let rect = centered(area, 64, 8);
    let inner = boxed(frame, rect, title);
    let mut lines: Vec<Line> = text.lines().map(|l| Line::from(l.to_owned())).collect();
    lines.push(Line::from(""));
    lines.push(hint_line(Ctx::Confirm));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}

fn draw_help(frame: &mut Frame, area: Rect, scroll: u16) {
    let rect = centered(area, 76, area.height.saturating_sub(2));
    let inner = boxed(frame, rect, "Keys (Esc closes)");
    let mut lines = Vec::new();
    let mut last = None;
    for b in BINDINGS {
        if last != Some(b.ctx) {
            if last.is_some() {
                lines.push(Line::from(""));
            }
            lines.push(Line::from(Span::styled(
                keymap::ctx_name(b.ctx),
                theme::focused(),
            )));
            last = Some(b.ctx);
        }
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<11}", b.label), theme::key()),
            Span::raw(b.desc),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("Text fields", theme::focused())));
    lines.push(Line::from(
        "  Editing keys as in Emacs: Ctrl-A/E line start/end, Ctrl-K cut to end,",
    ));
    lines.push(Line::from(
        "  Ctrl-U undo, Ctrl-R redo, Ctrl-W delete word, Ctrl-Y paste cut text.",
    ));
    lines.push(Line::from(
        "  Pasting (bracketed paste) inserts text as one edit; no key fires.",
    ));
    lines.push(Line::from(
        "  Mouse: click focuses a pane or field, the wheel scrolls.",
    ));
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

fn draw_log(frame: &mut Frame, area: Rect, log: &Log, scroll: u16) {
    let rect = centered(
        area,
        area.width.saturating_sub(6),
        area.height.saturating_sub(2),
    );
    let inner = boxed(frame, rect, &format!("Log {}", sanitize::line(&log.id)));
    let score = log
        .score
        .map_or_else(|| "none".to_owned(), |s| s.to_string());
    let mut lines = vec![
        Line::from(vec![
            Span::styled("Model ", theme::dim()),
            Span::styled(sanitize::line(&log.model_used).into_owned(), theme::key()),
            Span::styled("   Score ", theme::dim()),
            Span::styled(score, theme::key()),
            Span::styled("   Created ", theme::dim()),
            Span::raw(sanitize::line(&log.created_at).into_owned()),
        ]),
        Line::from(Span::styled("Notes", theme::dim())),
    ];
    let notes = log
        .notes
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or("(none)");
    lines.extend(
        sanitize::text(notes)
            .lines()
            .map(|l| Line::from(l.to_owned())),
    );
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("Output", theme::dim())));
    lines.extend(
        sanitize::text(&log.output)
            .lines()
            .map(|l| Line::from(l.to_owned())),
    );
    let [body, hints] = ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Min(1),
        ratatui::layout::Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        body,
    );
    frame.render_widget(Paragraph::new(hint_line(Ctx::LogDetail)), hints);
}

fn draw_dialog(frame: &mut Frame, area: Rect, d: &Dialog) {
    let heights: Vec<u16> = d
        .fields
        .iter()
        .map(|(l, _)| if *l == "Content" { 7 } else { 3 })
        .collect();
    let h = heights.iter().sum::<u16>() + 5;
    let rect = centered(area, 70, h);
    let inner = boxed(frame, rect, d.title);
    let mut y = inner.y;
    for (i, ((label, editor), fh)) in d.fields.iter().zip(&heights).enumerate() {
        let r = Rect::new(
            inner.x,
            y,
            inner.width,
            (*fh).min(inner.bottom().saturating_sub(y)),
        );
        let style = if i == d.focus {
            theme::focused()
        } else {
            theme::unfocused()
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(style)
            .title(format!(" {label} "));
        let fi = block.inner(r);
        frame.render_widget(block, r);
        frame.render_widget(editor, fi);
        y += fh;
    }
    let mut lines = Vec::new();
    if d.busy {
        lines.push(Line::from(Span::styled("Working\u{2026}", theme::key())));
    } else if let Some(e) = &d.error {
        lines.push(Line::from(Span::styled(
            sanitize::line(e).into_owned(),
            theme::problem(),
        )));
    } else {
        lines.push(Line::from(""));
    }
    lines.push(hint_line(Ctx::Dialog));
    let r = Rect::new(inner.x, y, inner.width, inner.bottom().saturating_sub(y));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), r);
}

fn draw_outbox(app: &App, frame: &mut Frame, area: Rect, selected: usize) {
    let rect = centered(
        area,
        area.width.saturating_sub(8),
        area.height.saturating_sub(4),
    );
    let (p, f) = app.outbox_counts();
    let inner = boxed(
        frame,
        rect,
        &format!("Outbox \u{b7} {p} pending \u{b7} {f} failed"),
    );
    let mut lines = Vec::new();
    if app.outbox.is_empty() {
        lines.push(Line::from(Span::styled(
            "Nothing waiting: every log was delivered.",
            theme::dim(),
        )));
    }
    for (i, e) in app.outbox.iter().enumerate() {
        let title = app
            .list
            .by_id(&e.log.prompt_id)
            .map_or("(unknown prompt)", |p| p.title.as_str());
        let state = match e.state {
            EntryState::Pending => "pending",
            EntryState::Failed => "refused",
        };
        let style = if i == selected {
            theme::selected()
        } else {
            ratatui::style::Style::default()
        };
        lines.push(Line::styled(
            format!(
                "{state:<8} {:<28.28} {:<14.14} tries {}  {}",
                sanitize::line(title),
                sanitize::line(&e.log.model_used),
                e.attempts,
                sanitize::excerpt(e.log.output.lines().next().unwrap_or(""), 40)
            ),
            style,
        ));
        if let Some(err) = &e.last_error {
            lines.push(Line::from(Span::styled(
                format!("         last error: {}", sanitize::line(err)),
                theme::dim(),
            )));
        }
    }
    lines.push(Line::from(""));
    lines.push(hint_line(Ctx::Outbox));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
