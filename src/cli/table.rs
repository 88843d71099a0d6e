//! Plain-text tables for the terminal: every cell sanitised, columns aligned
//! by display width, long cells cut with an ellipsis.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::sanitize;

/// Cuts `s` (one line, sanitised) to at most `max` columns.
#[must_use]
pub fn cut(s: &str, max: usize) -> String {
    let s = sanitize::line(s);
    if s.width() <= max {
        return s.into_owned();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('\u{2026}');
    out
}

/// Renders rows under a header, columns padded to their widest cell.
#[must_use]
pub fn render(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut l = String::new();
        for (i, (cell, w)) in cells.zip(&widths).enumerate() {
            if i > 0 {
                l.push_str("  ");
            }
            l.push_str(cell);
            l.push_str(&" ".repeat(w.saturating_sub(cell.width())));
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(&mut header.iter().copied());
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_wide_chars_and_cuts() {
        let t = render(
            &["A", "B"],
            &[
                vec!["日本".into(), "x".into()],
                vec!["ab".into(), "y".into()],
            ],
        );
        assert_eq!(t, "A     B\n日本  x\nab    y\n");
        assert_eq!(cut("hello world", 6), "hello\u{2026}");
        assert_eq!(cut("a\u{1b}[2Jb", 20), "a\u{241b}[2Jb");
    }
}
