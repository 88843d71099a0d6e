//! The message line (banners, the sending spinner) and the status bar
//! (where the API is, who is logged in, the outbox, drafts, key hints from
//! the keymap).

use tokio::time::Instant;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::sanitize;
use crate::tui::action::Action;
use crate::tui::keymap::{self, Ctx};
use crate::tui::theme;
use crate::tui::widgets::SPINNER;

/// How a banner looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Something worked.
    Success,
    /// Worth knowing.
    Info,
    /// Something failed.
    Error,
}

/// A one-line message above the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banner {
    /// How it looks.
    pub level: Level,
    /// What it says (already sanitised).
    pub text: String,
}

impl Banner {
    /// A banner saying `text` (sanitised here).
    #[must_use]
    pub fn new(level: Level, text: &str) -> Self {
        Self {
            level,
            text: sanitize::line(text).into_owned(),
        }
    }
}

/// What the status bar shows besides the hints.
#[derive(Debug, Clone, Copy)]
pub struct StatusInfo<'a> {
    /// "local" or the API URL.
    pub api_label: &'a str,
    /// Who is logged in.
    pub user: &'a str,
    /// Outbox entries pending and failed.
    pub outbox: (usize, usize),
    /// Whether this window saves drafts.
    pub drafts_on: bool,
    /// Whether the last draft write failed.
    pub draft_failed: bool,
    /// The keymap contexts in force.
    pub contexts: &'a [Ctx],
}

/// Draws the message line: the spinner while a log is sent (since
/// `sending`), else the banner.
pub fn draw_banner(
    frame: &mut Frame,
    area: Rect,
    banner: Option<&Banner>,
    sending: Option<Instant>,
    spin: usize,
) {
    if let Some(since) = sending {
        let spin = SPINNER[spin % SPINNER.len()];
        let secs = since.elapsed().as_secs();
        let text = format!(" {spin} Sending the log\u{2026} {secs}s");
        frame.render_widget(Paragraph::new(text).style(theme::banner(Level::Info)), area);
        return;
    }
    if let Some(b) = banner {
        frame.render_widget(
            Paragraph::new(format!(" {}", b.text))
                .style(theme::banner(b.level))
                .wrap(Wrap { trim: false }),
            area,
        );
    }
}

/// Draws the status bar.
pub fn draw_status(frame: &mut Frame, area: Rect, info: &StatusInfo<'_>) {
    let mut spans = vec![
        Span::styled(
            format!(" {} ", sanitize::line(info.api_label)),
            theme::key(),
        ),
        Span::raw(format!("{} ", sanitize::line(info.user))),
    ];
    let (pending, failed) = info.outbox;
    if pending + failed > 0 {
        spans.push(Span::styled(
            format!("\u{2502} outbox {pending} pending, {failed} failed "),
            theme::problem(),
        ));
    }
    if !info.drafts_on {
        spans.push(Span::styled("\u{2502} drafts off ", theme::problem()));
    } else if info.draft_failed {
        spans.push(Span::styled("\u{2502} draft NOT saved ", theme::problem()));
    }
    spans.push(Span::styled("\u{2502}", theme::dim()));
    let used: usize = spans.iter().map(Span::width).sum();
    spans.extend(hint_spans(
        info.contexts,
        usize::from(area.width).saturating_sub(used),
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The key hints of the focused place that fit in `room` columns, whole
/// ones only, most specific first; the help key always makes it in, last.
fn hint_spans(contexts: &[Ctx], room: usize) -> Vec<Span<'static>> {
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
