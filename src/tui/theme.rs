//! Styles, in one place.

use ratatui::style::{Color, Modifier, Style};

use super::state::Level;

/// A pane's border when focused.
#[must_use]
pub fn focused() -> Style {
    Style::default()
        .fg(Color::Cyan)
        .add_modifier(Modifier::BOLD)
}

/// A pane's border otherwise.
#[must_use]
pub fn unfocused() -> Style {
    Style::default().fg(Color::DarkGray)
}

/// The highlighted row of a list.
#[must_use]
pub fn selected() -> Style {
    Style::default().add_modifier(Modifier::REVERSED)
}

/// Characters the filter matched.
#[must_use]
pub fn matched() -> Style {
    Style::default()
        .fg(Color::Yellow)
        .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}

/// Secondary text.
#[must_use]
pub fn dim() -> Style {
    Style::default().fg(Color::DarkGray)
}

/// A problem next to a field.
#[must_use]
pub fn problem() -> Style {
    Style::default().fg(Color::Red).add_modifier(Modifier::BOLD)
}

/// A key in a hint.
#[must_use]
pub fn key() -> Style {
    Style::default()
        .fg(Color::Cyan)
        .add_modifier(Modifier::BOLD)
}

/// The banner for a level.
#[must_use]
pub fn banner(level: Level) -> Style {
    match level {
        Level::Success => Style::default().fg(Color::Black).bg(Color::Green),
        Level::Info => Style::default().fg(Color::Black).bg(Color::Cyan),
        Level::Error => Style::default()
            .fg(Color::White)
            .bg(Color::Red)
            .add_modifier(Modifier::BOLD),
    }
}
