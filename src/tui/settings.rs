//! The config as the TUI applies it: the values of the config file (and
//! environment) that change how the TUI behaves, taken from a [`Config`]
//! once at start, with the problems found in it for the first banner.

use std::time::Duration;

use crate::config::{Config, DEFAULT_DRAFT_AUTOSAVE, KeyTable, Palette, ThemeName, TimeFormat};

/// What the TUI takes from the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TuiSettings {
    /// Models offered for completion in the model field (the config's
    /// `models`), before the ones this user has logged.
    pub models: Vec<String>,
    /// The command Ctrl-G edits the output in; `None`: `$VISUAL`,
    /// `$EDITOR`, `vi`.
    pub editor: Option<String>,
    /// How long after the last edit a draft is written.
    pub draft_autosave: Duration,
    /// Whether the mouse is captured at start.
    pub mouse: bool,
    /// How times are shown.
    pub time_format: TimeFormat,
    /// The theme's colours with the config's `[colors]` over them.
    pub palette: Palette,
    /// The `[keys]` table, to merge over the default keymap.
    pub keys: KeyTable,
    /// Why the config file was not used (the TUI then runs on defaults).
    pub config_error: Option<String>,
}

impl Default for TuiSettings {
    fn default() -> Self {
        Self {
            models: Vec::new(),
            editor: None,
            draft_autosave: DEFAULT_DRAFT_AUTOSAVE,
            mouse: true,
            time_format: TimeFormat::Local,
            palette: Palette::builtin(ThemeName::Default),
            keys: KeyTable::new(),
            config_error: None,
        }
    }
}

impl TuiSettings {
    /// The settings of `config`; `config_error` says why the file was set aside.
    #[must_use]
    pub fn from_config(config: &Config, config_error: Option<String>) -> Self {
        Self {
            models: config.models.value.clone(),
            editor: config.editor.value.clone(),
            draft_autosave: config.draft_autosave.value,
            mouse: config.mouse.value,
            time_format: config.time_format.value,
            palette: config.palette(),
            keys: config.keys.clone(),
            config_error,
        }
    }
}
