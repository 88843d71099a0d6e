//! Plain-text tables for the terminal: every cell sanitised, columns aligned
//! by display width, long cells cut with an ellipsis.

use std::io::Write;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::sanitize;

use super::Failure;

/// Prints `value` as pretty JSON on stdout, and nothing else there.
///
/// # Errors
/// When stdout cannot be written.
pub fn print_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<(), Failure> {
    let mut text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    text.push('\n');
    std::io::stdout().write_all(text.as_bytes())?;
    Ok(())
}

/// A mean (or any statistic) as the CLI and the TUI print it: one decimal,
/// `-` when there is none.
#[must_use]
pub fn one_decimal(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| format!("{v:.1}"))
}

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

    #[test]
    fn statistics_have_one_decimal() {
        assert_eq!(one_decimal(Some(6.0)), "6.0");
        assert_eq!(one_decimal(Some(7.26)), "7.3");
        assert_eq!(one_decimal(None), "-");
    }
}
