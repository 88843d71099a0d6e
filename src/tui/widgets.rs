//! Drawing helpers every component uses: bordered panes and boxes, hint
//! lines from the keymap, highlighted matches, fixed-width cells, the
//! spinner, and [`Window`], the scroll state of a list that draws only the
//! rows in view.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear};

use super::keymap::{self, Ctx};
use super::theme;

/// The frames of the spinner shown while something loads.
pub const SPINNER: [char; 4] = ['|', '/', '-', '\\'];

/// The mark before a focused pane's title.
pub const FOCUS_MARK: &str = "\u{25b6}";

/// A bordered block titled `title`, showing whether it has focus without
/// needing colour: a focused pane has a thick border and `▶` before its
/// title, the others a plain border.
pub fn pane<'a>(focused: bool, title: impl Into<Line<'a>>) -> Block<'a> {
    let mut title: Line<'a> = title.into();
    let block = Block::default().borders(Borders::ALL);
    if focused {
        title
            .spans
            .insert(0, Span::styled(FOCUS_MARK, theme::focused()));
        block
            .border_type(BorderType::Thick)
            .border_style(theme::focused())
            .title(title)
    } else {
        block.border_style(theme::unfocused()).title(title)
    }
}

/// Clears `rect`, draws a focused box titled `title` there, and returns
/// its inside.
pub fn boxed(frame: &mut Frame, rect: Rect, title: &str) -> Rect {
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::focused())
        .title(format!(" {title} "));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    inner
}

/// The hints of one keymap context, as one line.
#[must_use]
pub fn hint_line(ctx: Ctx) -> Line<'static> {
    let mut spans = Vec::new();
    for (key, desc) in keymap::hints(&[ctx]) {
        spans.push(Span::styled(format!("{key} "), theme::key()));
        spans.push(Span::styled(format!("{desc}  "), theme::dim()));
    }
    Line::from(spans)
}

/// `text` (untrusted, one line) as spans, with the chars at `matched`
/// positions highlighted and every unsafe char made visible.
#[must_use]
pub fn highlighted(text: &str, matched: &[usize], base: Style) -> Vec<Span<'static>> {
    let style_of = |hit: bool| {
        if hit {
            base.patch(theme::matched())
        } else {
            base
        }
    };
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
            spans.push(Span::styled(std::mem::take(&mut run), style_of(run_hit)));
        }
        run_hit = hit;
        let mut buf = [0u8; 4];
        run.push_str(&crate::sanitize::line(c.encode_utf8(&mut buf)));
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, style_of(run_hit)));
    }
    spans
}

/// A rectangle of `w` x `h` centred in `area` (clamped to it).
#[must_use]
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
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
#[must_use]
pub fn fit(s: &str, width: usize) -> String {
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

/// `scroll` moved by `delta`, never below zero.
#[must_use]
pub fn scrolled(scroll: u16, delta: isize) -> u16 {
    let d = i32::try_from(delta).unwrap_or(0);
    u16::try_from((i32::from(scroll) + d).max(0)).unwrap_or(u16::MAX)
}

/// The scroll state of a list: the highlighted row and the first row in
/// view. The list draws rows `offset..offset + rows` only, and a click at
/// row `y` of the view hits row `offset + y`: what is drawn is what is hit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    /// The highlighted row.
    pub selected: usize,
    /// The first row in view.
    pub offset: usize,
}

impl Window {
    /// Moves the highlight by `delta` within `len` rows.
    pub fn move_by(&mut self, delta: isize, len: usize) {
        if len > 0 {
            self.selected = self.selected.saturating_add_signed(delta).min(len - 1);
        }
    }

    /// Highlights row `i` (clamped to `len`).
    pub fn select(&mut self, i: usize, len: usize) {
        self.selected = i.min(len.saturating_sub(1));
    }

    /// Scrolls the least that keeps the highlight among `rows` rows in view
    /// (as ratatui's list does), within `len` rows.
    pub fn follow(&mut self, rows: usize, len: usize) {
        let rows = rows.max(1);
        self.selected = self.selected.min(len.saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
        self.offset = self.offset.min(len.saturating_sub(rows));
    }

    /// The rows in view: `offset..offset + rows`, cut at `len`.
    #[must_use]
    pub fn visible(&self, rows: usize, len: usize) -> std::ops::Range<usize> {
        let start = self.offset.min(len);
        start..(start + rows).min(len)
    }
}

#[cfg(test)]
mod tests {
    use super::Window;

    #[test]
    fn the_window_follows_the_highlight_like_ratatui() {
        let mut w = Window::default();
        w.move_by(7, 100);
        w.follow(5, 100);
        assert_eq!((w.selected, w.offset), (7, 3));
        w.move_by(-5, 100);
        w.follow(5, 100);
        assert_eq!((w.selected, w.offset), (2, 2));
        assert_eq!(w.visible(5, 4), 2..4);
        w.move_by(1000, 10);
        w.follow(5, 10);
        assert_eq!((w.selected, w.offset), (9, 5));
    }
}
