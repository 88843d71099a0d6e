//! [`LineEditor`], the one widget behind every single-line text field (the
//! prompt filter, the model field, the dialogs' one-line fields), so that
//! each has the same keys: Ctrl-W deletes a word (a run of non-blanks, so
//! `claude-sonnet-4` goes in one press), Ctrl-U clears the field, Ctrl-K
//! deletes to the end, Home/End and Ctrl-A/Ctrl-E jump, Alt-B/Alt-F and
//! Ctrl-Left/Right move by words, Ctrl-Z undoes.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthChar;

use super::theme;

/// How many earlier states Ctrl-Z can go back to.
const UNDO_DEPTH: usize = 50;

/// One line of text with a cursor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEditor {
    /// The text, as chars (the cursor counts chars).
    chars: Vec<char>,
    /// The cursor, 0..=chars.len().
    cursor: usize,
    /// Earlier states, newest last.
    undo: Vec<(Vec<char>, usize)>,
    /// Shown dim while the field is empty.
    placeholder: &'static str,
    /// Drawn for each char instead of it (passwords).
    mask: Option<char>,
    /// Whether the cursor is drawn.
    pub focused: bool,
}

/// What a key did to a [`LineEditor`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// The text changed.
    Changed,
    /// Only the cursor moved.
    Moved,
    /// Not a key of the line editor.
    Ignored,
}

impl LineEditor {
    /// An editor holding `text`, the cursor at its end.
    #[must_use]
    pub fn new(text: &str) -> Self {
        let chars: Vec<char> = one_line(text).chars().collect();
        Self {
            cursor: chars.len(),
            chars,
            ..Self::default()
        }
    }

    /// The same, with `placeholder` shown while empty.
    #[must_use]
    pub fn with_placeholder(mut self, placeholder: &'static str) -> Self {
        self.placeholder = placeholder;
        self
    }

    /// The same, drawing `mask` for every char.
    #[must_use]
    pub fn masked(mut self, mask: char) -> Self {
        self.mask = Some(mask);
        self
    }

    /// The text.
    #[must_use]
    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    /// Whether it holds nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// The cursor, in chars from the start.
    #[must_use]
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Whether the cursor is after the last char.
    #[must_use]
    pub fn at_end(&self) -> bool {
        self.cursor == self.chars.len()
    }

    fn remember(&mut self) {
        if self.undo.len() == UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.undo.push((self.chars.clone(), self.cursor));
    }

    /// Replaces the text (one undo step), the cursor at its end.
    pub fn set_text(&mut self, text: &str) {
        let chars: Vec<char> = one_line(text).chars().collect();
        if chars != self.chars {
            self.remember();
            self.chars = chars;
        }
        self.cursor = self.chars.len();
    }

    /// Empties the field (one undo step); whether it held anything.
    pub fn clear(&mut self) -> bool {
        if self.chars.is_empty() {
            return false;
        }
        self.set_text("");
        true
    }

    /// Inserts `text` at the cursor, line breaks as spaces (one undo step).
    pub fn insert_str(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.remember();
        let new: Vec<char> = one_line(text).chars().collect();
        let n = new.len();
        self.chars.splice(self.cursor..self.cursor, new);
        self.cursor += n;
    }

    /// Undoes the last change; whether there was one.
    pub fn undo(&mut self) -> bool {
        match self.undo.pop() {
            Some((chars, cursor)) => {
                self.chars = chars;
                self.cursor = cursor;
                true
            }
            None => false,
        }
    }

    fn delete(&mut self, range: std::ops::Range<usize>) -> Edit {
        if range.is_empty() {
            return Edit::Ignored;
        }
        self.remember();
        self.cursor = range.start;
        self.chars.drain(range);
        Edit::Changed
    }

    /// Where the word before the cursor starts: blanks, then non-blanks.
    fn word_back(&self) -> usize {
        let mut i = self.cursor;
        while i > 0 && self.chars[i - 1].is_whitespace() {
            i -= 1;
        }
        while i > 0 && !self.chars[i - 1].is_whitespace() {
            i -= 1;
        }
        i
    }

    /// Where the word after the cursor ends.
    fn word_forward(&self) -> usize {
        let n = self.chars.len();
        let mut i = self.cursor;
        while i < n && self.chars[i].is_whitespace() {
            i += 1;
        }
        while i < n && !self.chars[i].is_whitespace() {
            i += 1;
        }
        i
    }

    fn move_to(&mut self, to: usize) -> Edit {
        self.cursor = to.min(self.chars.len());
        Edit::Moved
    }

    /// Handles a key of the line editor's set.
    pub fn input(&mut self, key: KeyEvent) -> Edit {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let n = self.chars.len();
        match key.code {
            KeyCode::Char(c) if !ctrl && !alt => {
                self.insert_str(c.encode_utf8(&mut [0; 4]));
                Edit::Changed
            }
            KeyCode::Char('w') if ctrl => self.delete(self.word_back()..self.cursor),
            KeyCode::Backspace if ctrl || alt => self.delete(self.word_back()..self.cursor),
            KeyCode::Char('h') if ctrl => self.delete(self.cursor.saturating_sub(1)..self.cursor),
            KeyCode::Backspace => self.delete(self.cursor.saturating_sub(1)..self.cursor),
            KeyCode::Char('d') if alt => self.delete(self.cursor..self.word_forward()),
            KeyCode::Delete if ctrl || alt => self.delete(self.cursor..self.word_forward()),
            KeyCode::Char('d') if ctrl => self.delete(self.cursor..(self.cursor + 1).min(n)),
            KeyCode::Delete => self.delete(self.cursor..(self.cursor + 1).min(n)),
            KeyCode::Char('u') if ctrl => self.delete(0..n),
            KeyCode::Char('k') if ctrl => self.delete(self.cursor..n),
            KeyCode::Char('z') if ctrl => {
                if self.undo() {
                    Edit::Changed
                } else {
                    Edit::Ignored
                }
            }
            KeyCode::Char('a') if ctrl => self.move_to(0),
            KeyCode::Home => self.move_to(0),
            KeyCode::Char('e') if ctrl => self.move_to(n),
            KeyCode::End => self.move_to(n),
            KeyCode::Char('b') if alt => self.move_to(self.word_back()),
            KeyCode::Left if ctrl || alt => self.move_to(self.word_back()),
            KeyCode::Char('f') if alt => self.move_to(self.word_forward()),
            KeyCode::Right if ctrl || alt => self.move_to(self.word_forward()),
            KeyCode::Char('b') if ctrl => self.move_to(self.cursor.saturating_sub(1)),
            KeyCode::Left => self.move_to(self.cursor.saturating_sub(1)),
            KeyCode::Char('f') if ctrl => self.move_to(self.cursor + 1),
            KeyCode::Right => self.move_to(self.cursor + 1),
            _ => Edit::Ignored,
        }
    }

    /// A key for a field whose text is kept elsewhere (the prompt filter):
    /// starts over from `current` when that changed behind the editor's
    /// back; whether the text changed.
    pub fn edit(&mut self, current: &str, key: KeyEvent) -> bool {
        if self.text() != current {
            *self = Self::new(current);
        }
        self.input(key) == Edit::Changed
    }

    /// The first char to draw so that the cursor fits in `width` columns.
    fn first_shown(&self, width: usize) -> usize {
        let mut used = 1; // the cursor's own cell
        let mut first = self.cursor;
        while first > 0 {
            let w = usize::from(cell_width(&shown(
                self.mask.unwrap_or(self.chars[first - 1]),
            )));
            if used + w > width {
                break;
            }
            used += w;
            first -= 1;
        }
        first
    }
}

/// How `c` is drawn: untrusted text, so a control char becomes a visible
/// symbol, never a control sequence.
fn shown(c: char) -> String {
    crate::sanitize::line(c.encode_utf8(&mut [0; 4])).into_owned()
}

/// The columns `cell` takes.
fn cell_width(cell: &str) -> u16 {
    let w: usize = cell.chars().map(|c| c.width().unwrap_or(0)).sum();
    u16::try_from(w).unwrap_or(1)
}

/// `text` on one line: line breaks become spaces.
fn one_line(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\r', '\n'], " ")
}

impl Widget for &LineEditor {
    fn render(self, area: Rect, buf: &mut Buffer) {
        self.paint(area, buf, self.focused);
    }
}

impl LineEditor {
    /// Draws the line into `area`, with the cursor when `focused`.
    pub fn paint(&self, area: Rect, buf: &mut Buffer, focused: bool) {
        if area.is_empty() {
            return;
        }
        let width = usize::from(area.width);
        let cursor_style = Style::default().add_modifier(Modifier::REVERSED);
        if self.chars.is_empty() {
            buf.set_stringn(area.x, area.y, self.placeholder, width, theme::dim());
            if focused {
                buf[(area.x, area.y)].set_style(cursor_style);
            }
            return;
        }
        let mut x = area.x;
        let end = area.x + area.width;
        for (i, c) in self.chars.iter().enumerate().skip(self.first_shown(width)) {
            let cell = shown(self.mask.unwrap_or(*c));
            let w = cell_width(&cell);
            if x + w > end {
                break;
            }
            buf.set_string(x, area.y, &cell, Style::default());
            if focused && i == self.cursor {
                buf[(x, area.y)].set_style(cursor_style);
            }
            x += w.max(1);
        }
        if focused && self.at_end() && x < end {
            buf[(x, area.y)].set_style(cursor_style);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(e: &mut LineEditor, code: KeyCode, mods: KeyModifiers) -> Edit {
        e.input(KeyEvent::new(code, mods))
    }

    #[test]
    fn ctrl_w_deletes_a_model_name_with_dashes_at_once() {
        let mut e = LineEditor::new("claude-sonnet-4");
        assert_eq!(
            press(&mut e, KeyCode::Char('w'), KeyModifiers::CONTROL),
            Edit::Changed
        );
        assert_eq!(e.text(), "");
        let mut e = LineEditor::new("my model gpt-4o-mini");
        press(&mut e, KeyCode::Backspace, KeyModifiers::ALT);
        assert_eq!(e.text(), "my model ");
        press(&mut e, KeyCode::Char('w'), KeyModifiers::CONTROL);
        assert_eq!(e.text(), "my ");
        press(&mut e, KeyCode::Char('z'), KeyModifiers::CONTROL);
        assert_eq!(e.text(), "my model ");
    }

    #[test]
    fn line_keys_move_and_cut() {
        let mut e = LineEditor::new("gpt-4o-mini");
        press(&mut e, KeyCode::Home, KeyModifiers::NONE);
        assert_eq!(e.cursor(), 0);
        press(&mut e, KeyCode::Char('f'), KeyModifiers::ALT);
        assert_eq!(e.cursor(), 11);
        for _ in 0..5 {
            press(&mut e, KeyCode::Left, KeyModifiers::NONE);
        }
        press(&mut e, KeyCode::Char('k'), KeyModifiers::CONTROL);
        assert_eq!(e.text(), "gpt-4o");
        press(&mut e, KeyCode::Char('a'), KeyModifiers::CONTROL);
        press(&mut e, KeyCode::Char('x'), KeyModifiers::NONE);
        press(&mut e, KeyCode::Delete, KeyModifiers::NONE);
        assert_eq!(e.text(), "xpt-4o");
        press(&mut e, KeyCode::End, KeyModifiers::NONE);
        press(&mut e, KeyCode::Backspace, KeyModifiers::NONE);
        assert_eq!((e.text().as_str(), e.cursor()), ("xpt-4", 5));
        assert_eq!(
            press(&mut e, KeyCode::Char('u'), KeyModifiers::CONTROL),
            Edit::Changed
        );
        assert!(e.is_empty());
        assert_eq!(
            press(&mut e, KeyCode::Char('u'), KeyModifiers::CONTROL),
            Edit::Ignored
        );
        e.insert_str("a\nb");
        assert_eq!(e.text(), "a b");
        assert_eq!(
            press(&mut e, KeyCode::Enter, KeyModifiers::NONE),
            Edit::Ignored
        );
    }

    #[test]
    fn draws_the_end_in_view_and_controls_inert() {
        let mut e = LineEditor::new("abcdefghij\u{1b}[2J");
        e.focused = true;
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        (&e).render(buf.area, &mut buf);
        let shown: String = (0..6).map(|x| buf[(x, 0)].symbol().to_owned()).collect();
        assert!(!shown.contains('\u{1b}'), "{shown:?}");
        assert!(shown.ends_with(' '), "room for the cursor: {shown:?}");
        assert!(shown.contains("2J"), "{shown:?}");
    }
}
