//! Themes as data: the built-in palettes (each a colour per semantic slot)
//! and the user's slot overrides from `[colors]`. The TUI turns a palette
//! into styles; `NO_COLOR` is applied there.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

use super::value::Colour;

/// A built-in theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ThemeName {
    /// The terminal's own 16 colours, so it follows the terminal's theme.
    #[default]
    Default,
    /// Bright colours for low-contrast screens.
    HighContrast,
    /// For light terminal backgrounds.
    Light,
}

impl ThemeName {
    /// Every theme, in the order the README lists them.
    pub const ALL: [Self; 3] = [Self::Default, Self::HighContrast, Self::Light];

    /// The name written in the config file.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Default => "default",
            Self::HighContrast => "high-contrast",
            Self::Light => "light",
        }
    }
}

impl fmt::Display for ThemeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for ThemeName {
    type Err = super::value::ValueError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == s.trim())
            .ok_or_else(|| super::value::ValueError {
                given: s.to_owned(),
                expected: "a theme: default, high-contrast or light",
            })
    }
}

/// A semantic colour slot of a theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Slot {
    /// The focused pane or field.
    Focus,
    /// The selected row of a list.
    Selection,
    /// Errors and problems.
    Error,
    /// Something done (sent, saved).
    Success,
    /// Secondary text (dates, hints, unfocused borders).
    Muted,
    /// Scores 0 to 3.
    ScoreLow,
    /// Scores 4 to 6.
    ScoreMid,
    /// Scores 7 to 10.
    ScoreHigh,
    /// Words added, in a diff.
    DiffAdd,
    /// Words removed, in a diff.
    DiffRemove,
}

impl Slot {
    /// Every slot, in the order the file and the README list them.
    pub const ALL: [Self; 10] = [
        Self::Focus,
        Self::Selection,
        Self::Error,
        Self::Success,
        Self::Muted,
        Self::ScoreLow,
        Self::ScoreMid,
        Self::ScoreHigh,
        Self::DiffAdd,
        Self::DiffRemove,
    ];

    /// The slot's key in `[colors]`.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Focus => "focus",
            Self::Selection => "selection",
            Self::Error => "error",
            Self::Success => "success",
            Self::Muted => "muted",
            Self::ScoreLow => "score-low",
            Self::ScoreMid => "score-mid",
            Self::ScoreHigh => "score-high",
            Self::DiffAdd => "diff-add",
            Self::DiffRemove => "diff-remove",
        }
    }
}

/// The `[colors]` table: any slot may be set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct ColourOverrides {
    /// The focused pane or field.
    pub focus: Option<Colour>,
    /// The selected row of a list.
    pub selection: Option<Colour>,
    /// Errors.
    pub error: Option<Colour>,
    /// Success.
    pub success: Option<Colour>,
    /// Secondary text.
    pub muted: Option<Colour>,
    /// Scores 0 to 3.
    pub score_low: Option<Colour>,
    /// Scores 4 to 6.
    pub score_mid: Option<Colour>,
    /// Scores 7 to 10.
    pub score_high: Option<Colour>,
    /// Words added in a diff.
    pub diff_add: Option<Colour>,
    /// Words removed in a diff.
    pub diff_remove: Option<Colour>,
}

impl ColourOverrides {
    /// The slots set, in [`Slot::ALL`] order.
    #[must_use]
    pub fn set(&self) -> BTreeMap<Slot, Colour> {
        let all = [
            self.focus,
            self.selection,
            self.error,
            self.success,
            self.muted,
            self.score_low,
            self.score_mid,
            self.score_high,
            self.diff_add,
            self.diff_remove,
        ];
        Slot::ALL
            .into_iter()
            .zip(all)
            .filter_map(|(slot, c)| c.map(|c| (slot, c)))
            .collect()
    }
}

/// A colour for every slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Palette(BTreeMap<Slot, Colour>);

impl Palette {
    /// The built-in palette of `theme`.
    #[must_use]
    pub fn builtin(theme: ThemeName) -> Self {
        let n = Colour::Named;
        // Order of Slot::ALL: focus, selection, error, success, muted,
        // score low/mid/high, diff add/remove. Indexes are ANSI colours.
        let colours = match theme {
            ThemeName::Default => [n(6), n(4), n(1), n(2), n(8), n(1), n(3), n(2), n(2), n(1)],
            ThemeName::HighContrast => [
                n(11),
                n(15),
                n(9),
                n(10),
                n(7),
                n(9),
                n(11),
                n(10),
                n(10),
                n(9),
            ],
            ThemeName::Light => [n(4), n(4), n(1), n(2), n(8), n(1), n(5), n(2), n(2), n(1)],
        };
        Self(Slot::ALL.into_iter().zip(colours).collect())
    }

    /// This palette with `overrides` applied.
    #[must_use]
    pub fn with(mut self, overrides: &BTreeMap<Slot, Colour>) -> Self {
        self.0.extend(overrides.iter().map(|(s, c)| (*s, *c)));
        self
    }

    /// The colour of `slot`.
    #[must_use]
    pub fn get(&self, slot: Slot) -> Colour {
        self.0.get(&slot).copied().unwrap_or(Colour::Reset)
    }
}
