//! Colours, in one place: every style the TUI draws with comes from a
//! semantic [`Slot`], so a theme (or `NO_COLOR`) is one table to swap.
//! The program installs the [`Theme`] the config names once at start.

use std::sync::{LazyLock, OnceLock};

use ratatui::style::{Color, Modifier, Style};

use crate::config::{self, Colour, Palette, ThemeName};

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
    /// A score of 0 to 3.
    ScoreLow,
    /// A score of 4 to 6.
    ScoreMid,
    /// A score of 7 to 10.
    ScoreHigh,
}

impl Slot {
    /// Every slot, in the order the theme snapshots list them.
    pub const ALL: [Self; 16] = [
        Self::Focus,
        Self::Unfocused,
        Self::Selection,
        Self::Matched,
        Self::Muted,
        Self::Error,
        Self::Key,
        Self::Score,
        Self::DiffAdd,
        Self::DiffRemove,
        Self::BannerSuccess,
        Self::BannerInfo,
        Self::BannerError,
        Self::ScoreLow,
        Self::ScoreMid,
        Self::ScoreHigh,
    ];
}

/// The colours in force: a palette (the theme with the config's
/// `[colors]` over it), or none at all under `NO_COLOR`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// A colour per config slot.
    pub palette: Palette,
    /// `NO_COLOR` was set (non-empty): attributes only, no colour.
    pub no_color: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Self {
            palette: Palette::builtin(ThemeName::Default),
            no_color: false,
        }
    }
}

static INSTALLED: OnceLock<Theme> = OnceLock::new();
static DEFAULT: LazyLock<Theme> = LazyLock::new(Theme::default);

/// The theme in force: the installed one, else the default.
#[must_use]
pub fn active() -> &'static Theme {
    INSTALLED.get().unwrap_or(&DEFAULT)
}

/// Makes `theme` the one in force for the rest of the process (once).
/// Only the real program calls it; tests draw with a [`Theme`] of their own.
pub fn install(theme: Theme) {
    let _ = INSTALLED.set(theme);
}

/// Whether `NO_COLOR` asks for no colour: set and not empty (no-color.org).
#[must_use]
pub fn no_color_from_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// The style of `slot` in the theme in force.
#[must_use]
pub fn style(slot: Slot) -> Style {
    active().style(slot)
}

/// The style of a score `n` (0-10): low, middle or high.
#[must_use]
pub fn score(n: i64) -> Style {
    style(match n {
        ..=3 => Slot::ScoreLow,
        4..=6 => Slot::ScoreMid,
        _ => Slot::ScoreHigh,
    })
}

fn colour(c: Colour) -> Color {
    match c {
        Colour::Reset => Color::Reset,
        Colour::Named(i) => NAMED.get(usize::from(i)).copied().unwrap_or(Color::Reset),
        Colour::Indexed(i) => Color::Indexed(i),
        Colour::Rgb(r, g, b) => Color::Rgb(r, g, b),
    }
}

/// The 16 terminal colours in ANSI order, as the config numbers them.
const NAMED: [Color; 16] = [
    Color::Black,
    Color::Red,
    Color::Green,
    Color::Yellow,
    Color::Blue,
    Color::Magenta,
    Color::Cyan,
    Color::Gray,
    Color::DarkGray,
    Color::LightRed,
    Color::LightGreen,
    Color::LightYellow,
    Color::LightBlue,
    Color::LightMagenta,
    Color::LightCyan,
    Color::White,
];

impl Theme {
    /// The theme of `palette`, colourless when `no_color`.
    #[must_use]
    pub fn new(palette: Palette, no_color: bool) -> Self {
        Self { palette, no_color }
    }

    /// The style of `slot`: the attributes that carry meaning without
    /// colour, plus the palette's colour unless `NO_COLOR` is set.
    #[must_use]
    pub fn style(&self, slot: Slot) -> Style {
        use Modifier as M;
        let s = Style::default();
        let base = match slot {
            Slot::Focus | Slot::Key | Slot::Score | Slot::Error => s.add_modifier(M::BOLD),
            Slot::Selection => s.add_modifier(M::REVERSED),
            Slot::Matched => s.add_modifier(M::BOLD | M::UNDERLINED),
            Slot::DiffAdd => s.add_modifier(M::UNDERLINED),
            Slot::DiffRemove => s.add_modifier(M::CROSSED_OUT),
            Slot::BannerSuccess | Slot::BannerInfo => s.add_modifier(M::REVERSED),
            Slot::BannerError => s.add_modifier(M::REVERSED | M::BOLD),
            Slot::Unfocused | Slot::Muted | Slot::ScoreLow | Slot::ScoreMid | Slot::ScoreHigh => s,
        };
        if self.no_color {
            return base;
        }
        let c = |slot: config::Slot| colour(self.palette.get(slot));
        match slot {
            Slot::Focus | Slot::Key | Slot::Score => base.fg(c(config::Slot::Focus)),
            Slot::Unfocused | Slot::Muted => base.fg(c(config::Slot::Muted)),
            // A coloured bar behind the row's own colours (matches stay visible).
            Slot::Selection => s.bg(c(config::Slot::Selection)),
            Slot::Matched => base.fg(c(config::Slot::ScoreMid)),
            Slot::Error => base.fg(c(config::Slot::Error)),
            Slot::DiffAdd => base.fg(c(config::Slot::DiffAdd)),
            Slot::DiffRemove => base.fg(c(config::Slot::DiffRemove)),
            Slot::BannerSuccess => base.fg(c(config::Slot::Success)),
            Slot::BannerInfo => base.fg(c(config::Slot::Focus)),
            Slot::BannerError => base.fg(c(config::Slot::Error)),
            Slot::ScoreLow => base.fg(c(config::Slot::ScoreLow)),
            Slot::ScoreMid => base.fg(c(config::Slot::ScoreMid)),
            Slot::ScoreHigh => base.fg(c(config::Slot::ScoreHigh)),
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write;

    /// Every slot's style in each built-in theme and under NO_COLOR.
    fn table() -> String {
        let mut out = String::new();
        let themes = ThemeName::ALL
            .into_iter()
            .map(|t| (t.as_str(), Theme::new(Palette::builtin(t), false)))
            .chain([(
                "NO_COLOR",
                Theme::new(Palette::builtin(ThemeName::Default), true),
            )]);
        for (name, theme) in themes {
            let _ = writeln!(out, "[{name}]");
            for slot in Slot::ALL {
                let _ = writeln!(out, "{slot:?}: {:?}", theme.style(slot));
            }
        }
        out
    }

    #[test]
    fn themes_and_no_color() {
        insta::assert_snapshot!("themes", table());
        let plain = Theme::new(Palette::builtin(ThemeName::HighContrast), true);
        for slot in Slot::ALL {
            let s = plain.style(slot);
            assert!(s.fg.is_none() && s.bg.is_none(), "{slot:?} has a colour");
        }
        // What carries meaning without colour.
        assert!(
            plain
                .style(Slot::Focus)
                .add_modifier
                .contains(Modifier::BOLD)
        );
        assert!(
            plain
                .style(Slot::Selection)
                .add_modifier
                .contains(Modifier::REVERSED)
        );
        assert!(
            plain
                .style(Slot::Error)
                .add_modifier
                .contains(Modifier::BOLD)
        );
        let mut colors = std::collections::BTreeMap::new();
        colors.insert(config::Slot::Focus, Colour::Rgb(255, 136, 0));
        let custom = Theme::new(Palette::builtin(ThemeName::Default).with(&colors), false);
        assert_eq!(custom.style(Slot::Focus).fg, Some(Color::Rgb(255, 136, 0)));
        assert_eq!(custom.style(Slot::Error).fg, Some(Color::Red));
    }
}
