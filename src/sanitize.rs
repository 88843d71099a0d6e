//! Makes untrusted text (model outputs, prompt content, notes, server
//! messages) safe to put on a terminal: no control character or escape
//! sequence reaches it. Each one is replaced by a visible, inert stand-in.

use std::borrow::Cow;

/// Whether `c` must never be written to a terminal as it is.
#[must_use]
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// Unicode bidirectional formatting characters, which can reorder what a
/// terminal shows (the "Trojan Source" family).
#[must_use]
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The visible stand-in for an unsafe character: the Unicode control
/// pictures for C0 controls and DEL (`␛` for ESC), `<U+` and the code point in hex `>` for the rest.
fn stand_in(c: char, out: &mut String) {
    let code = u32::from(c);
    if code < 0x20 {
        out.push(char::from_u32(0x2400 + code).unwrap_or('?'));
    } else if code == 0x7f {
        out.push('\u{2421}');
    } else {
        out.push_str(&format!("<U+{code:04X}>"));
    }
}

/// Sanitises text shown over several lines: keeps line feeds, turns tabs
/// into four spaces, and makes every other control character visible.
#[must_use]
pub fn text(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push_str("    "),
            c if is_unsafe(c) => stand_in(c, &mut out),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Sanitises text shown on one line: line breaks become `⏎`, tabs a space,
/// every other control character is made visible.
#[must_use]
pub fn line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '\n' => out.push('\u{23CE}'),
            '\t' => out.push(' '),
            c if is_unsafe(c) => stand_in(c, &mut out),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A short, one-line, sanitised excerpt of at most `max` characters, with an
/// ellipsis when cut: for error messages that quote a response body.
#[must_use]
pub fn excerpt(s: &str, max: usize) -> String {
    let one = line(s.trim());
    let mut out: String = one.chars().take(max).collect();
    if one.chars().count() > max {
        out.push('\u{2026}');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_become_visible() {
        let s = "a\u{1b}[31mred\u{7}\u{8}\r\u{9b}\u{202e}z";
        let t = text(s);
        assert_eq!(
            t,
            "a\u{241b}[31mred\u{2407}\u{2408}\u{240d}<U+009B><U+202E>z"
        );
        assert!(!t.chars().any(is_unsafe));
    }

    #[test]
    fn osc_is_inert() {
        let s = "\u{1b}]0;pwned\u{7}";
        assert!(!line(s).chars().any(is_unsafe));
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(text("héllo\nwörld 🎉"), Cow::Borrowed(_)));
        assert_eq!(line("a\nb\tc"), "a\u{23CE}b c");
    }

    #[test]
    fn excerpt_cuts() {
        assert_eq!(
            excerpt("  <html>\n<body>bad gateway</body>  ", 12),
            "<html>\u{23CE}<body\u{2026}"
        );
        assert_eq!(excerpt("short", 12), "short");
    }
}
