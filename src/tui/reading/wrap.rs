//! Word wrapping of styled lines: breaks at spaces (the space at a break is
//! dropped, so no wrapped row starts with one), cuts a word longer than the
//! width, keeps each character's style and a line's own indentation.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

/// `lines` wrapped to `width` columns.
#[must_use]
pub fn wrap(lines: &[Line<'static>], width: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        wrap_line(line, width, &mut out);
    }
    out
}

/// A row being filled: its characters with their styles, and its width.
#[derive(Default)]
struct Row {
    chars: Vec<(char, Style)>,
    width: usize,
}

impl Row {
    fn into_line(self, style: Style) -> Line<'static> {
        let mut spans: Vec<Span<'static>> = Vec::new();
        let mut run = String::new();
        let mut run_style = None;
        for (c, s) in self.chars {
            if run_style.is_some_and(|r| r != s) {
                spans.push(Span::styled(
                    std::mem::take(&mut run),
                    run_style.unwrap_or_default(),
                ));
            }
            run_style = Some(s);
            run.push(c);
        }
        if !run.is_empty() {
            spans.push(Span::styled(run, run_style.unwrap_or_default()));
        }
        Line::from(spans).style(style)
    }
}

fn width_of(c: char) -> usize {
    c.width().unwrap_or(0)
}

fn wrap_line(line: &Line<'static>, width: usize, out: &mut Vec<Line<'static>>) {
    let chars: Vec<(char, Style)> = line
        .spans
        .iter()
        .flat_map(|s| s.content.chars().map(move |c| (c, s.style)))
        .collect();
    let line_w: usize = chars.iter().map(|(c, _)| width_of(*c)).sum();
    if line_w <= width {
        out.push(line.clone());
        return;
    }
    let mut row = Row::default();
    let mut i = 0;
    while i < chars.len() {
        let is_space = chars[i].0 == ' ';
        let start = i;
        while i < chars.len() && (chars[i].0 == ' ') == is_space {
            i += 1;
        }
        let token = &chars[start..i];
        let token_w: usize = token.iter().map(|(c, _)| width_of(*c)).sum();
        if is_space {
            // Spaces at the start of a wrapped row are dropped; a line's
            // own indentation (row empty at the very start) is kept.
            if row.width + token_w <= width && (start == 0 || !row.chars.is_empty()) {
                row.chars.extend_from_slice(token);
                row.width += token_w;
            }
            continue;
        }
        if row.width + token_w > width && !row.chars.is_empty() {
            trim_end(&mut row);
            out.push(std::mem::take(&mut row).into_line(line.style));
        }
        for &(c, s) in token {
            let w = width_of(c);
            if row.width + w > width && !row.chars.is_empty() {
                out.push(std::mem::take(&mut row).into_line(line.style));
            }
            row.chars.push((c, s));
            row.width += w;
        }
    }
    trim_end(&mut row);
    out.push(row.into_line(line.style));
}

fn trim_end(row: &mut Row) {
    while row.chars.last().is_some_and(|(c, _)| *c == ' ') {
        row.chars.pop();
        row.width -= 1;
    }
}
