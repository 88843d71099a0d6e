//! Stand-ins for control and bidi characters inside the form's editors:
//! kept so that what is sent stays byte-identical to what was pasted, yet
//! never drawn as they are. Ratatui silently drops a grapheme holding a control character (and
//! zero-width bidi marks), which is safe but hides them; instead each one is
//! held in the editor as a private-use stand-in (one column wide, so the
//! editor's wrapping and cursor columns stay right), turned back into the
//! real character whenever the text is read, and drawn as a visible symbol.

use std::borrow::Cow;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::sanitize;

/// The first of the code points that stand in for unsafe characters: the
/// top of Supplementary Private Use Area-B, which real text does not use.
const BASE: u32 = 0x10_FF00;
/// The bidi controls, in the order their stand-ins follow C1's.
const BIDI: [char; 12] = [
    '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}',
    '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
];
/// Where the bidi stand-ins start, after C0, DEL and C1 (0x00..=0x9F).
const BIDI_AT: u32 = 0xA0;

/// The stand-in for `c` when it must not be drawn as it is (line feeds and
/// tabs are the editor's own business and stay).
fn stand_in(c: char) -> Option<char> {
    if c == '\n' || c == '\t' || !sanitize::is_unsafe(c) {
        return None;
    }
    let index = match u32::from(c) {
        code @ 0..=0x9F => code,
        _ => BIDI_AT + u32::try_from(BIDI.iter().position(|b| *b == c)?).ok()?,
    };
    char::from_u32(BASE + index)
}

/// The character a stand-in holds, if `c` is one.
fn original(c: char) -> Option<char> {
    let index = u32::from(c).checked_sub(BASE)?;
    match index {
        0..=0x9F => char::from_u32(index),
        _ => BIDI.get(usize::try_from(index - BIDI_AT).ok()?).copied(),
    }
}

/// Whether `c` is a stand-in for a control or bidi character.
#[must_use]
pub fn is_stand_in(c: char) -> bool {
    original(c).is_some()
}

/// `text` with each control and bidi character (but line feed and tab)
/// replaced by its stand-in, to put into an editor.
#[must_use]
pub fn shield(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| stand_in(c).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| stand_in(c).unwrap_or(c)).collect())
}

/// The text an editor holds with its stand-ins turned back into the
/// characters they stand for: exactly what was put in.
#[must_use]
pub fn unshield(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_stand_in) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| original(c).unwrap_or(c)).collect())
}

/// How a stand-in is drawn: the Unicode control picture for C0 and DEL
/// (`␛` for ESC), `�` for C1 and bidi controls.
fn visible(c: char) -> Option<char> {
    let o = u32::from(original(c)?);
    Some(match o {
        0..=0x1F => char::from_u32(0x2400 + o).unwrap_or('\u{FFFD}'),
        0x7F => '\u{2421}',
        _ => '\u{FFFD}',
    })
}

/// Replaces every stand-in drawn in `area` of `buf` by its visible symbol,
/// in `style`: run right after an editor is rendered there.
pub fn reveal(buf: &mut Buffer, area: Rect, style: Style) {
    let area = area.intersection(buf.area);
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &mut buf[(x, y)];
            let mut chars = cell.symbol().chars();
            if let (Some(c), None) = (chars.next(), chars.next())
                && let Some(v) = visible(c)
            {
                cell.set_char(v).set_style(style);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unsafe_character_round_trips_and_none_is_left() {
        let all: String = (0..=0x9F)
            .filter_map(char::from_u32)
            .chain(BIDI)
            .chain("plain 日本語 🎉".chars())
            .collect();
        let shielded = shield(&all);
        assert!(
            !shielded
                .chars()
                .any(|c| sanitize::is_unsafe(c) && c != '\n' && c != '\t')
        );
        assert_eq!(unshield(&shielded), all);
        assert!(matches!(shield("clean\ttext\n"), Cow::Borrowed(_)));
        assert!(matches!(unshield("clean"), Cow::Borrowed(_)));
    }

    #[test]
    fn stand_ins_are_one_column_like_what_replaces_them() {
        use unicode_width::UnicodeWidthChar;
        for c in (0..=0x9F).filter_map(char::from_u32).chain(BIDI) {
            let Some(s) = stand_in(c) else { continue };
            assert_eq!(s.width(), Some(1), "{c:?}");
            assert_eq!(visible(s).and_then(UnicodeWidthChar::width), Some(1));
        }
        assert_eq!(visible(stand_in('\u{1b}').unwrap()), Some('\u{241b}'));
    }
}
