//! The message line and the status bar.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::sanitize;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap;
use crate::tui::state::Level;
use crate::tui::theme;

const SPINNER: [char; 4] = ['|', '/', '-', '\\'];

pub(super) fn draw_banner(app: &App, frame: &mut Frame, area: Rect) {
    if let Some(s) = &app.sending {
        let spin = SPINNER[app.frame % SPINNER.len()];
        let secs = s.since.elapsed().as_secs();
        let text = format!(" {spin} Sending the log\u{2026} {secs}s");
        frame.render_widget(Paragraph::new(text).style(theme::banner(Level::Info)), area);
        return;
    }
    if let Some(b) = &app.banner {
        frame.render_widget(
            Paragraph::new(format!(" {}", b.text))
                .style(theme::banner(b.level))
                .wrap(Wrap { trim: false }),
            area,
        );
    }
}

pub(super) fn draw_status(app: &App, frame: &mut Frame, area: Rect) {
    let mut spans = vec![
        Span::styled(
            format!(" {} ", sanitize::line(&app.api_label)),
            theme::key(),
        ),
        Span::raw(format!("{} ", sanitize::line(&app.user))),
    ];
    let (pending, failed) = app.outbox_counts();
    if pending + failed > 0 {
        spans.push(Span::styled(
            format!("\u{2502} outbox {pending} pending, {failed} failed "),
            theme::problem(),
        ));
    }
    if app.data_dir.is_none() {
        spans.push(Span::styled("\u{2502} drafts off ", theme::problem()));
    } else if app.draft_error.is_some() {
        spans.push(Span::styled("\u{2502} draft NOT saved ", theme::problem()));
    }
    spans.push(Span::styled("\u{2502}", theme::dim()));
    let used: usize = spans.iter().map(Span::width).sum();
    spans.extend(hint_spans(
        &app.contexts(),
        usize::from(area.width).saturating_sub(used),
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The key hints of the focused place that fit in `room` columns, whole
/// ones only, most specific first; the help key always makes it in, last.
fn hint_spans(contexts: &[keymap::Ctx], room: usize) -> Vec<Span<'static>> {
    let hints = keymap::footer(contexts);
    let width = |key: &str, words: &str| 2 + key.width() + words.width();
    let help = hints.iter().find(|(_, _, a)| *a == Action::Help);
    let mut left = room.saturating_sub(help.map_or(0, |(k, w, _)| width(k, w)));
    let mut spans = Vec::new();
    let mut push = |key: &str, words: &str| {
        spans.push(Span::styled(format!(" {key}"), theme::key()));
        spans.push(Span::styled(format!(" {words}"), theme::dim()));
    };
    for (key, words, action) in &hints {
        if *action == Action::Help {
            continue;
        }
        let w = width(key, words);
        if w > left {
            break;
        }
        left -= w;
        push(key, words);
    }
    if let Some((key, words, _)) = help {
        push(key, words);
    }
    spans
}
