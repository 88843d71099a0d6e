//! Drawing the review screen, its prompt picker and its undo question:
//! only reads the state.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph, Wrap};

use super::PICKER_ROWS;
use super::session::{Phase, Review};
use crate::review_queue::Mark;
use crate::sanitize;
use crate::tui::keymap;
use crate::tui::reading;
use crate::tui::theme;
use crate::tui::widgets::{centered, highlighted, pane as block_pane};

/// From this width on, the prompt and the output stand side by side.
pub const SIDE_BY_SIDE: u16 = 120;

/// Draws the whole review screen.
pub fn render(r: &Review, frame: &mut Frame) {
    let area = frame.area();
    let [head, body, progress, banner, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(6),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_head(r, frame, head);
    if r.phase == Phase::BadLines {
        draw_bad_lines(r, frame, body);
    } else if r.index >= r.items.len() {
        draw_done(r, frame, body);
    } else {
        draw_item(r, frame, body);
    }
    draw_progress(r, frame, progress);
    if let Some(b) = &r.banner {
        frame.render_widget(
            Paragraph::new(format!(" {}", b.text)).style(theme::banner(b.level)),
            banner,
        );
    }
    draw_hints(r, frame, hints);
    match &r.phase {
        Phase::Picking => draw_picker(r, frame, area),
        Phase::ConfirmUndo { index, log_id, .. } => {
            draw_confirm(frame, area, *index, log_id);
        }
        _ => {}
    }
}

fn draw_head(r: &Review, frame: &mut Frame, area: Rect) {
    let label = r
        .items
        .get(r.index)
        .map(|i| {
            let line = i.source.line.map_or_else(String::new, |l| format!(":{l}"));
            let name = i.label.clone().unwrap_or_default();
            format!("{}{line} {name}", i.source.file)
        })
        .unwrap_or_default();
    let loading = if r.is_loading() {
        " \u{b7} loading\u{2026}"
    } else {
        ""
    };
    let text = format!(" Review \u{b7} {}{loading}", sanitize::line(&label));
    frame.render_widget(Paragraph::new(text).style(theme::focused()), area);
}

fn draw_bad_lines(r: &Review, frame: &mut Frame, area: Rect) {
    let mut lines = vec![
        Line::from(format!(
            "{} input line(s) could not be read and are left out; {} item(s) to review.",
            r.bad.len(),
            r.items.len()
        )),
        Line::from(""),
    ];
    for b in &r.bad {
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {}:{} ", sanitize::line(&b.source), b.line),
                theme::key(),
            ),
            Span::raw(sanitize::line(&b.reason).into_owned()),
        ]));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::problem())
        .title(" Unreadable input ");
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

fn draw_done(r: &Review, frame: &mut Frame, area: Rect) {
    let summary = r.summary();
    let head = if summary.left == 0 {
        format!("All {} items reviewed.", r.items.len())
    } else {
        format!("End of the queue; {} not reviewed yet.", summary.left)
    };
    let lines = vec![
        Line::from(head),
        Line::from(summary.to_string()),
        Line::from(""),
        Line::from("p goes back to the last item, u undoes the last score, q quits."),
    ];
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::focused())
        .title(" Done ");
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn draw_item(r: &Review, frame: &mut Frame, area: Rect) {
    let [texts, meta, notes] = Layout::vertical([
        Constraint::Min(4),
        Constraint::Length(3),
        Constraint::Length(4),
    ])
    .areas(area);
    let [left, right] = if area.width >= SIDE_BY_SIDE {
        Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(texts)
    } else {
        Layout::vertical([Constraint::Percentage(35), Constraint::Percentage(65)]).areas(texts)
    };
    let item = &r.items[r.index];
    let (title, content) = match r.prompt_of(r.index) {
        Some(p) => (
            format!(" Prompt \u{b7} {} ", sanitize::line(p.title())),
            sanitize::text(p.content()).into_owned(),
        ),
        None if r.prompts.is_loading() => (" Prompt ".to_owned(), "Loading\u{2026}".to_owned()),
        None => (
            " Prompt ".to_owned(),
            "No prompt for this item: a score opens the picker.".to_owned(),
        ),
    };
    frame.render_widget(
        Paragraph::new(content)
            .block(pane(&title, false))
            .wrap(Wrap { trim: false }),
        left,
    );
    let n = item.output.lines().count();
    let mode = if r.raw { "raw" } else { "rendered" };
    let out_title = format!(
        " Output \u{b7} {n} {} \u{b7} {mode} ",
        plural(n, "line", "lines")
    );
    let block = pane(&out_title, true);
    let out_inner = block.inner(right);
    frame.render_widget(block, right);
    let lines = r.reading.lines(&item.output, r.raw, out_inner.width);
    reading::draw(frame, out_inner, &lines, r.scroll);
    draw_meta(r, frame, meta);
    let editing = r.phase == Phase::Notes;
    let block = pane(" Notes (i) ", editing);
    let inner = block.inner(notes);
    frame.render_widget(block, notes);
    frame.render_widget(&r.notes, inner);
}

fn draw_meta(r: &Review, frame: &mut Frame, area: Rect) {
    let item = &r.items[r.index];
    let model = item
        .model
        .clone()
        .or_else(|| {
            r.prompt_of(r.index)
                .map(|p| format!("{} (the prompt's)", p.model()))
        })
        .unwrap_or_else(|| "-".to_owned());
    let mut spans = vec![
        Span::styled("model ", theme::dim()),
        Span::raw(sanitize::line(&model).into_owned()),
    ];
    if let Some(s) = item.score {
        spans.push(Span::styled("  score in file ", theme::dim()));
        spans.push(Span::raw(s.to_string()));
    }
    for (k, v) in &item.metadata {
        let v = match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        spans.push(Span::styled(
            format!("  {} ", sanitize::line(k)),
            theme::dim(),
        ));
        spans.push(Span::raw(sanitize::excerpt(&v, 40)));
    }
    let status = match r.progress.get(r.index) {
        Some(Mark::Skipped) => Span::styled("Skipped before", theme::matched()),
        Some(mark) => {
            let id = super::shown_id(mark).unwrap_or_default();
            let s = mark
                .score()
                .map_or_else(|| "no score".to_owned(), |s| format!("score {s}"));
            Span::styled(
                format!("Already logged: {} \u{b7} {s}", sanitize::line(id)),
                theme::matched(),
            )
        }
        None => Span::styled("Not reviewed yet", theme::dim()),
    };
    let lines = vec![Line::from(spans), Line::from(status)];
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::TOP).title(" Item ")),
        area,
    );
}

fn draw_progress(r: &Review, frame: &mut Frame, area: Rect) {
    let (logged, skipped, mean) = r.tally();
    let n = r.items.len();
    let at = (r.index + 1).min(n);
    let mean = mean.map_or_else(|| "-".to_owned(), |m| format!("{m:.1}"));
    let text = format!(
        " Item {at} of {n} \u{b7} scored {logged} \u{b7} skipped {skipped} \u{b7} mean {mean} \u{b7} {}",
        r.clock()
    );
    frame.render_widget(Paragraph::new(text).style(theme::key()), area);
}

fn draw_hints(r: &Review, frame: &mut Frame, area: Rect) {
    let mut spans = Vec::new();
    for (key, desc) in keymap::hints(&r.contexts()) {
        spans.push(Span::styled(format!(" {key}"), theme::key()));
        spans.push(Span::styled(format!(" {desc}"), theme::dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// `one` for 1, `many` otherwise: `1 line`, `3 lines`.
fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

fn pane(title: &str, focused: bool) -> Block<'static> {
    block_pane(focused, title.to_owned())
}

fn draw_picker(r: &Review, frame: &mut Frame, area: Rect) {
    let rect = centered(area, 70, 16);
    frame.render_widget(Clear, rect);
    let block = pane(" Which prompt? (type to filter) ", true);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [filter, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    frame.render_widget(
        Paragraph::new(format!("/{}", sanitize::line(&r.list.filter))),
        filter,
    );
    // The rows in view only, from the window the picker keeps.
    let visible = r.list.window.visible(PICKER_ROWS, r.list.rows.len());
    let items: Vec<ListItem> = visible
        .clone()
        .filter_map(|i| r.list.view(i))
        .map(|row| {
            ListItem::new(Line::from(highlighted(
                &row.text,
                &row.matched,
                ratatui::style::Style::default(),
            )))
        })
        .collect();
    let selected = r.list.window.selected.checked_sub(visible.start);
    let mut state = ListState::default().with_selected(selected);
    frame.render_stateful_widget(
        List::new(items).highlight_style(theme::selected()),
        list,
        &mut state,
    );
}

fn draw_confirm(frame: &mut Frame, area: Rect, index: usize, log_id: &str) {
    let rect = centered(area, 64, 6);
    frame.render_widget(Clear, rect);
    let block = pane(" Undo ", true);
    let text = vec![
        Line::from(format!(
            "Item {} is logged on the server as {}.",
            index + 1,
            sanitize::line(log_id)
        )),
        Line::from("Delete that log to undo its score?"),
        Line::from(vec![
            Span::styled("y ", theme::key()),
            Span::styled("yes  ", theme::dim()),
            Span::styled("n ", theme::key()),
            Span::styled("no", theme::dim()),
        ]),
    ];
    frame.render_widget(Paragraph::new(text).block(block), rect);
}
