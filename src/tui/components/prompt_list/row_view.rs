//! A row of the prompt list as drawn: the text a prompt is matched on, and
//! its two lines with the filter's matches marked (made for the rows in
//! view only).

use nucleo::pattern::{CaseMatching, Normalization, Pattern};
use nucleo::{Config, Matcher, Utf32Str};
use ratatui::style::Style;
use ratatui::text::Span;

use crate::tui::components::prompt_store::StoredPrompt;
use crate::tui::theme;
use crate::tui::widgets::highlighted;

/// A row as drawn, made for the rows in view only.
#[derive(Debug, Clone, PartialEq)]
pub struct RowView {
    /// The text shown: title, "  · ", model and tags (matched with a space
    /// for the "·": [`row_text`]).
    pub text: String,
    /// Char positions in `text` that the filter matched.
    pub matched: Vec<usize>,
    /// The title line as drawn (sanitised, matches marked).
    pub title: Vec<Span<'static>>,
    /// The model-and-tags line as drawn (dim, matches marked).
    pub detail: Vec<Span<'static>>,
}

impl RowView {
    pub(super) fn new(p: &StoredPrompt, filter: &str) -> Self {
        let matched = if filter.trim().is_empty() {
            Vec::new()
        } else {
            char_matches(&row_text(p), filter)
        };
        // Shown with a "·" where the matched text has a space: the same
        // char positions, so the matches mark the right chars.
        let text = joined(p, '\u{b7}');
        // The title on the first line, model and tags (dim) on the second;
        // the filter's matches are marked in both. (`row_text` joins them
        // with four chars, left out here.)
        let split = p.title().chars().count();
        let (title, rest) = split_at_char(&text, split);
        let (_, rest) = split_at_char(rest, 4);
        let hits_title: Vec<usize> = matched.iter().copied().filter(|i| *i < split).collect();
        let hits_rest: Vec<usize> = matched
            .iter()
            .filter_map(|i| i.checked_sub(split + 4))
            .collect();
        let title = highlighted(title, &hits_title, Style::default());
        let detail = highlighted(rest.trim_end(), &hits_rest, theme::dim());
        Self {
            text,
            matched,
            title,
            detail,
        }
    }
}

/// The char positions of `text` that `filter` matches (none when it does
/// not): one unit per char (not `Utf32Str::new`, which makes one per
/// grapheme), so the indices are the char positions the view highlights.
fn char_matches(text: &str, filter: &str) -> Vec<usize> {
    let pattern = Pattern::parse(filter, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let buf: Vec<char>;
    let haystack = if text.is_ascii() {
        Utf32Str::Ascii(text.as_bytes())
    } else {
        buf = text.chars().collect();
        Utf32Str::Unicode(&buf)
    };
    let mut idx = Vec::new();
    if pattern.indices(haystack, &mut matcher, &mut idx).is_none() {
        return Vec::new();
    }
    idx.sort_unstable();
    idx.dedup();
    idx.into_iter().map(|i| i as usize).collect()
}

/// `s` split after its first `n` characters.
fn split_at_char(s: &str, n: usize) -> (&str, &str) {
    let at = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    s.split_at(at)
}

/// The text a prompt is matched on: title, model and tags, with spaces
/// (which no filter term matches) between title and model. The row shows a
/// "·" there ([`RowView`]), but the matched text adds no non-ASCII char:
/// nucleo keeps an ASCII text as bytes and matches it on its fast path,
/// while one non-ASCII char makes it store four bytes a char and take its
/// slow path, for every prompt.
#[must_use]
pub fn row_text(p: &StoredPrompt) -> String {
    joined(p, ' ')
}

/// Title, two spaces, `separator`, a space, the model, then the tags.
fn joined(p: &StoredPrompt, separator: char) -> String {
    let mut s = format!("{}  {separator} {}", p.title(), p.model());
    for (i, tag) in p.tags().enumerate() {
        s.push_str(if i == 0 { "  #" } else { " #" });
        s.push_str(tag);
    }
    s
}
