//! The reading view of untrusted text (outputs, prompts): markdown rendered
//! (headings, emphasis, lists, tables, highlighted code blocks) or the raw
//! text, sanitised before and after rendering, wrapped at word boundaries,
//! and drawn with marks where the text continues above or below.

pub mod clipboard;
mod highlight;
mod wrap;

use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use pulldown_cmark::{CodeBlockKind, Event, Options as MdOptions, Parser, Tag, TagEnd};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::Paragraph;

use crate::sanitize;
use crate::tui::theme;

pub use wrap::wrap;

/// `text` as lines `width` columns wide: rendered markdown, or the raw text
/// when `raw`. Unsafe characters are made visible before parsing, and every
/// span is sanitised again after, so nothing the text holds reaches the
/// terminal as a control sequence.
#[must_use]
pub fn lines(text: &str, raw: bool, width: u16) -> Vec<Line<'static>> {
    let clean = sanitize::text(text);
    let rendered = if raw {
        clean.lines().map(|l| Line::from(l.to_owned())).collect()
    } else {
        markdown(&clean, width)
    };
    let safe = rendered.into_iter().map(sanitized).collect::<Vec<_>>();
    wrap(&safe, usize::from(width.max(1)))
}

/// `line` with every span's text made inert, and, under `NO_COLOR`, its
/// colours dropped (the renderer's and the highlighter's alike; bold,
/// italic and underline stay).
fn sanitized(line: Line<'_>) -> Line<'static> {
    let colour = !crate::tui::theme::active().no_color;
    let keep = |style: ratatui::style::Style| {
        if colour {
            style
        } else {
            ratatui::style::Style {
                fg: None,
                bg: None,
                underline_color: None,
                ..style
            }
        }
    };
    let spans: Vec<Span<'static>> = line
        .spans
        .into_iter()
        .map(|s| Span::styled(sanitize::line(&s.content).into_owned(), keep(s.style)))
        .collect();
    Line::from(spans).style(keep(line.style))
}

/// One stretch of a markdown document: prose for tui-markdown, or a fenced
/// code block at the top level, highlighted here.
enum Part<'a> {
    Prose(&'a str),
    Code { lang: String, code: String },
}

/// Splits `md` at its top-level fenced code blocks.
fn parts(md: &str) -> Vec<Part<'_>> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut prose_from = 0;
    let mut code: Option<(String, String, usize)> = None;
    for (event, range) in Parser::new_ext(md, MdOptions::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) if depth == 0 => {
                out.push(Part::Prose(&md[prose_from..range.start]));
                code = Some((lang.to_string(), String::new(), range.end));
                depth += 1;
            }
            Event::Text(t) if depth == 1 && code.is_some() => {
                if let Some((_, body, _)) = &mut code {
                    body.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) if depth == 1 && code.is_some() => {
                if let Some((lang, code, end)) = code.take() {
                    out.push(Part::Code { lang, code });
                    prose_from = end;
                }
                depth = 0;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    out.push(Part::Prose(&md[prose_from.min(md.len())..]));
    out
}

/// Markdown to lines: prose through tui-markdown, code blocks highlighted.
fn markdown(md: &str, width: u16) -> Vec<Line<'static>> {
    let mut out: Vec<Line<'static>> = Vec::new();
    for part in parts(md) {
        match part {
            Part::Prose(p) if p.trim().is_empty() => {}
            Part::Prose(p) => {
                if !out.is_empty() {
                    out.push(Line::default());
                }
                let options = tui_markdown::Options::default().table_width(width);
                out.extend(owned(tui_markdown::from_str_with_options(p, &options)));
            }
            Part::Code { lang, code } => {
                if !out.is_empty() {
                    out.push(Line::default());
                }
                let label = if lang.is_empty() {
                    "code"
                } else {
                    lang.as_str()
                };
                out.push(Line::styled(
                    format!("\u{2500}\u{2500} {label}"),
                    theme::dim(),
                ));
                out.extend(highlight::code(&lang, &code));
            }
        }
    }
    out
}

fn owned(text: Text<'_>) -> Vec<Line<'static>> {
    text.lines
        .into_iter()
        .map(|l| {
            let style = l.style.patch(text.style);
            let spans: Vec<Span<'static>> = l
                .spans
                .into_iter()
                .map(|s| Span::styled(s.content.into_owned(), s.style))
                .collect();
            Line::from(spans).style(style)
        })
        .collect()
}

/// A memo of one text's lines at one width and mode, so a frame redrawn
/// with the same text does not parse and highlight it again.
#[derive(Default)]
pub struct Reading {
    memo: RefCell<Option<(u64, Rc<Vec<Line<'static>>>)>>,
}

impl Reading {
    /// The lines of `text` (see [`lines`]), from the memo when it holds them.
    pub fn lines(&self, text: &str, raw: bool, width: u16) -> Rc<Vec<Line<'static>>> {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (text, raw, width).hash(&mut h);
        let key = h.finish();
        if let Some((k, lines)) = &*self.memo.borrow()
            && *k == key
        {
            return Rc::clone(lines);
        }
        let made = Rc::new(lines(text, raw, width));
        *self.memo.borrow_mut() = Some((key, Rc::clone(&made)));
        made
    }
}

impl Clone for Reading {
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl PartialEq for Reading {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for Reading {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Reading")
    }
}

/// The first row shown when `len` lines scrolled by `scroll` fill `rows`
/// rows: never past the last screenful. Text that does not fit gives one
/// row to its `↑ more` mark, so the last screenful starts one line later.
#[must_use]
pub fn clamp_scroll(scroll: u16, len: usize, rows: u16) -> usize {
    let rows = usize::from(rows);
    if len <= rows {
        return 0;
    }
    usize::from(scroll).min(len + 1 - rows)
}

/// Draws `lines` from row `scroll` in `area`. Where the text continues
/// above or below, a row of its own says `↑ more` / `↓ more` at the right
/// edge, so no line of the text is hidden under a mark.
pub fn draw(frame: &mut Frame, area: Rect, lines: &[Line<'static>], scroll: u16) {
    let h = usize::from(area.height);
    if h == 0 {
        return;
    }
    let top = clamp_scroll(scroll, lines.len(), area.height);
    let up = top > 0 && h > 1;
    let room = h - usize::from(up);
    let down = top + room < lines.len() && room > 1;
    let rows = room - usize::from(down);
    let end = (top + rows).min(lines.len());
    let text_y = area.y + u16::from(up);
    let text = Rect::new(area.x, text_y, area.width, u16::try_from(rows).unwrap_or(0));
    frame.render_widget(Paragraph::new(lines[top..end].to_vec()), text);
    let mark = |frame: &mut Frame, y: u16, text: &str| {
        let w = u16::try_from(text.chars().count())
            .unwrap_or(0)
            .min(area.width);
        let at = Rect::new(area.x + area.width - w, y, w, 1);
        frame.render_widget(Paragraph::new(text.to_owned()).style(theme::key()), at);
    };
    if up {
        mark(frame, area.y, "\u{2191} more");
    }
    if down {
        mark(frame, area.y + area.height - 1, "\u{2193} more");
    }
}

#[cfg(test)]
mod tests;
