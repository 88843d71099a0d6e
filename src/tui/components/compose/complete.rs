//! Model completion: while a model name is typed, the names this user has
//! logged with, the prompts' default models and the config's `models`
//! list that match it, in a popup under the field (Tab or Right takes the
//! highlighted one, Up/Down move, Esc closes it).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::tui::theme;
use crate::tui::widgets::highlighted;

/// Most names the popup lists.
pub const MAX_SHOWN: usize = 6;

/// An open completion popup: which name is highlighted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Completion {
    /// The highlighted candidate.
    pub selected: usize,
}

/// The names matching `typed` (case-insensitive; names that start with it
/// first, then names that contain it), each once, `typed` itself left out.
/// An empty field matches every name.
#[must_use]
pub fn candidates<'a>(typed: &str, names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let typed = typed.trim();
    let low = typed.to_lowercase();
    let mut starts = Vec::new();
    let mut contains = Vec::new();
    for name in names {
        let name = name.trim();
        let n = name.to_lowercase();
        if name.is_empty() || n == low || starts.iter().chain(&contains).any(|s: &String| s == name)
        {
            continue;
        }
        if n.starts_with(&low) {
            starts.push(name.to_owned());
        } else if n.contains(&low) {
            contains.push(name.to_owned());
        }
    }
    starts.extend(contains);
    starts
}

/// Draws the popup of `names` under the model field at `field`, within
/// `screen`; `typed` is highlighted in each name.
pub fn draw(
    frame: &mut Frame,
    screen: Rect,
    field: Rect,
    typed: &str,
    names: &[String],
    selected: usize,
) {
    if names.is_empty() {
        return;
    }
    let shown = names.len().min(MAX_SHOWN);
    let first = selected.saturating_sub(shown - 1);
    let h = u16::try_from(shown).unwrap_or(1) + 2;
    let y = field.bottom().saturating_sub(1);
    let room = screen.bottom().saturating_sub(y);
    let rect = Rect::new(
        field.x + 1,
        y,
        field.width.saturating_sub(2).max(10),
        h.min(room),
    );
    let rect = rect.intersection(screen);
    frame.render_widget(Clear, rect);
    let more = names.len() - shown;
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::focused())
        .title(" Tab/\u{2192} take \u{b7} \u{2191}\u{2193} choose ");
    if more > 0 {
        block = block.title_bottom(format!(" {more} more "));
    }
    let low = typed.trim().to_lowercase();
    let lines: Vec<Line> = names
        .iter()
        .enumerate()
        .skip(first)
        .take(shown)
        .map(|(i, name)| {
            let base = if i == selected {
                theme::selected()
            } else {
                Style::default()
            };
            let marker = if i == selected { "\u{25b8} " } else { "  " };
            let mut spans = vec![ratatui::text::Span::styled(marker, base)];
            spans.extend(highlighted(name, &match_positions(name, &low), base));
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

/// The char positions of `low` (lowercase) inside `name`.
fn match_positions(name: &str, low: &str) -> Vec<usize> {
    if low.is_empty() {
        return Vec::new();
    }
    let lower = name.to_lowercase();
    match lower.find(low) {
        Some(at) if lower.len() == name.len() => {
            let start = lower[..at].chars().count();
            (start..start + low.chars().count()).collect()
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_matches_first_each_once_and_not_the_typed_name() {
        let names = [
            "gpt-4o",
            "claude-sonnet-4",
            "gpt-4o-mini",
            "my-gpt-4o",
            "gpt-4o-mini",
        ];
        assert_eq!(
            candidates("GPT-4o", names),
            vec!["gpt-4o-mini", "my-gpt-4o"]
        );
        assert_eq!(candidates("", names).len(), 4);
        assert!(candidates("zzz", names).is_empty());
        assert_eq!(match_positions("my-gpt", "gpt"), vec![3, 4, 5]);
    }
}
