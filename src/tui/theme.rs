//! Colours, in one place: every style the TUI draws with comes from a
//! semantic [`Slot`], so a theme (or `NO_COLOR`) is one table to swap.

use ratatui::style::{Color, Modifier, Style};

/// What a style is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    /// The focused pane's border and headings.
    Focus,
    /// A pane's border otherwise.
    Unfocused,
    /// The highlighted row of a list.
    Selection,
    /// Characters a filter matched.
    Matched,
    /// Secondary text.
    Muted,
    /// A problem, next to a field or in a pane.
    Error,
    /// A key in a hint; numbers that matter (scores).
    Key,
    /// A score.
    Score,
    /// Words only in the right side of a diff.
    DiffAdd,
    /// Words only in the left side of a diff.
    DiffRemove,
    /// The banner after something worked.
    BannerSuccess,
    /// The banner for something worth knowing.
    BannerInfo,
    /// The banner after something failed.
    BannerError,
}

/// The style of `slot` in the default theme.
#[must_use]
pub fn style(slot: Slot) -> Style {
    let s = Style::default();
    match slot {
        Slot::Focus | Slot::Key | Slot::Score => s.fg(Color::Cyan).add_modifier(Modifier::BOLD),
        Slot::Unfocused | Slot::Muted => s.fg(Color::DarkGray),
        Slot::Selection => s.add_modifier(Modifier::REVERSED),
        Slot::Matched => s
            .fg(Color::Yellow)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        Slot::Error => s.fg(Color::Red).add_modifier(Modifier::BOLD),
        Slot::DiffAdd => s.fg(Color::Black).bg(Color::Green),
        Slot::DiffRemove => s
            .fg(Color::Black)
            .bg(Color::Red)
            .add_modifier(Modifier::CROSSED_OUT),
        Slot::BannerSuccess => s.fg(Color::Black).bg(Color::Green),
        Slot::BannerInfo => s.fg(Color::Black).bg(Color::Cyan),
        Slot::BannerError => s
            .fg(Color::White)
            .bg(Color::Red)
            .add_modifier(Modifier::BOLD),
    }
}

/// A pane's border when focused.
#[must_use]
pub fn focused() -> Style {
    style(Slot::Focus)
}

/// A pane's border otherwise.
#[must_use]
pub fn unfocused() -> Style {
    style(Slot::Unfocused)
}

/// The highlighted row of a list.
#[must_use]
pub fn selected() -> Style {
    style(Slot::Selection)
}

/// Characters the filter matched.
#[must_use]
pub fn matched() -> Style {
    style(Slot::Matched)
}

/// Secondary text.
#[must_use]
pub fn dim() -> Style {
    style(Slot::Muted)
}

/// A problem next to a field.
#[must_use]
pub fn problem() -> Style {
    style(Slot::Error)
}

/// A key in a hint.
#[must_use]
pub fn key() -> Style {
    style(Slot::Key)
}

/// The banner for a level.
#[must_use]
pub fn banner(level: super::components::status_bar::Level) -> Style {
    use super::components::status_bar::Level;
    style(match level {
        Level::Success => Slot::BannerSuccess,
        Level::Info => Slot::BannerInfo,
        Level::Error => Slot::BannerError,
    })
}
