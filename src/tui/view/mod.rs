//! Drawing: every function here only reads the state.

mod diff;
mod form;
pub mod layout;
mod lists;
mod overlays;
mod scoreboard;
mod status;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::app::App;
use super::state::Focus;
use super::theme;
use layout::{Areas, MIN_SIZE};

/// Draws the whole screen.
pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        draw_too_small(frame, area);
        return;
    }
    let areas = Areas::new(area);
    lists::draw_prompts(app, frame, areas.prompts);
    lists::draw_logs(app, frame, areas.logs);
    form::draw_prompt(app, frame, areas.prompt);
    form::draw_form(app, frame, &areas);
    status::draw_banner(app, frame, areas.banner);
    status::draw_status(app, frame, areas.status);
    overlays::draw_modal(app, frame, area);
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

/// A bordered block titled `title`, styled by whether `focus` is focused.
fn pane<'a>(app: &App, focus: Focus, title: impl Into<Line<'a>>) -> Block<'a> {
    let style = if app.modal.is_none() && app.focus == focus {
        theme::focused()
    } else {
        theme::unfocused()
    };
    Block::default()
        .borders(Borders::ALL)
        .border_style(style)
        .title(title)
}

/// `text` (untrusted, one line) as spans, with the chars at `matched`
/// positions highlighted and every unsafe char made visible.
pub(crate) fn highlighted(text: &str, matched: &[usize], base: Style) -> Vec<Span<'static>> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_hit = false;
    let mut next = matched.iter().peekable();
    for (i, c) in text.chars().enumerate() {
        let hit = next.peek().is_some_and(|m| **m == i);
        if hit {
            next.next();
        }
        if hit != run_hit && !run.is_empty() {
            let style = if run_hit {
                base.patch(theme::matched())
            } else {
                base
            };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        run_hit = hit;
        let mut buf = [0u8; 4];
        run.push_str(&crate::sanitize::line(c.encode_utf8(&mut buf)));
    }
    if !run.is_empty() {
        let style = if run_hit {
            base.patch(theme::matched())
        } else {
            base
        };
        spans.push(Span::styled(run, style));
    }
    spans
}

/// A rectangle of `w` x `h` centred in `area` (clamped to it).
pub(crate) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// `s` cut and padded to exactly `width` terminal columns, counting wide
/// characters (CJK, emoji) as two, so that columns after it line up.
pub(crate) fn fit(s: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut out = String::with_capacity(width);
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.extend(std::iter::repeat_n(' ', width - used));
    out
}
