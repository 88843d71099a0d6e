//! The config file: what it may hold (every key optional), and reading it
//! with errors that name the file, line, column and key.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::keys::KeyOverrides;
use super::theme::{ColourOverrides, ThemeName};
use super::value::ConfigDuration;

/// When times are shown as local time, UTC, or relative ("3 min ago").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimeFormat {
    /// The machine's local time.
    #[default]
    Local,
    /// UTC.
    Utc,
    /// How long ago.
    Relative,
}

impl TimeFormat {
    /// The name written in the config file.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Local => "local",
            Self::Utc => "utc",
            Self::Relative => "relative",
        }
    }
}

impl std::str::FromStr for TimeFormat {
    type Err = super::value::ValueError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [Self::Local, Self::Utc, Self::Relative]
            .into_iter()
            .find(|t| t.as_str() == s.trim())
            .ok_or_else(|| super::value::ValueError {
                given: s.to_owned(),
                expected: "a time format: local, utc or relative",
            })
    }
}

/// What the config file may hold (TOML, every key optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct FileConfig {
    /// Base URL of a remote PromptCrafter API; unset or `""` means the embedded default.
    pub api_url: Option<String>,
    /// How long to wait for a connection (`connect-timeout-secs` is the old name).
    #[serde(alias = "connect-timeout-secs")]
    pub connect_timeout: Option<ConfigDuration>,
    /// How long a whole request may take (`timeout-secs` is the old name).
    #[serde(alias = "timeout-secs")]
    pub request_timeout: Option<ConfigDuration>,
    /// The command that edits an output; unset or `""`: `$VISUAL`, then `$EDITOR`, then `vi`.
    pub editor: Option<String>,
    /// The built-in theme.
    pub theme: Option<ThemeName>,
    /// Colours of single slots, over the theme's.
    pub colors: ColourOverrides,
    /// Key bindings by context and action, over the defaults.
    pub keys: KeyOverrides,
    /// Models offered for completion in the model field.
    pub models: Option<Vec<String>>,
    /// How long after the last keystroke a draft is saved.
    pub draft_autosave: Option<ConfigDuration>,
    /// Whether the TUI captures the mouse (off: the terminal's own selection works).
    pub mouse: Option<bool>,
    /// How times are shown.
    pub time_format: Option<TimeFormat>,
    /// Whether a remote API may be reached over plain `http://` (not loopback).
    pub allow_insecure_http: Option<bool>,
    /// A PEM file of extra CA certificates to trust for the API; unset or `""`: none.
    pub ca_cert: Option<PathBuf>,
}

/// The config file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// It exists but could not be read.
    #[error("cannot read the config file {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// It is not valid TOML of the expected shape.
    #[error("{}:{line}:{column}: {}{message}", path.display(), key_part(key.as_deref()))]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column (in characters) of the problem.
        column: usize,
        /// The key at fault, dotted (`colors.focus`), when one can be named.
        key: Option<String>,
        /// What is wrong and what was expected.
        message: String,
    },
    /// An environment variable holds a value of the wrong shape.
    #[error("the environment variable {var} is invalid: {message}")]
    Env {
        /// The variable.
        var: &'static str,
        /// What is wrong and what was expected.
        message: String,
    },
}

fn key_part(key: Option<&str>) -> String {
    key.map_or_else(String::new, |k| format!("key `{k}`: "))
}

/// Parses the text of the config file at `path`.
///
/// # Errors
/// [`ConfigError::Parse`] naming where and what.
pub fn parse(path: &Path, text: &str) -> Result<FileConfig, ConfigError> {
    toml::from_str(text).map_err(|e| {
        let start = e.span().map_or(0, |s| s.start).min(text.len());
        let (line, column) = line_column(text, start);
        ConfigError::Parse {
            path: path.to_path_buf(),
            line,
            column,
            key: key_at(text, start),
            message: e.message().trim().to_owned(),
        }
    })
}

/// 1-based line and column of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// The dotted key whose line holds byte `offset`: the last `[table]` header
/// above it, then the key before `=` on its line (or the header itself).
fn key_at(text: &str, offset: usize) -> Option<String> {
    let line_start = text
        .get(..offset)
        .unwrap_or(text)
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = text.get(line_start..)?.lines().next().unwrap_or("");
    let header = |l: &str| {
        let t = l.trim();
        let inner = t.strip_prefix('[')?.split(']').next()?;
        Some(inner.trim_matches(['[', ']', ' ']).to_owned())
    };
    if let Some(h) = header(line) {
        return Some(h);
    }
    let table = text
        .get(..line_start)
        .unwrap_or("")
        .lines()
        .rev()
        .find_map(header);
    let key = line
        .split_once('=')
        .map(|(k, _)| k.trim().trim_matches(['"', '\'']).to_owned())
        .filter(|k| !k.is_empty() && !k.starts_with('#'));
    match (table, key) {
        (Some(t), Some(k)) => Some(format!("{t}.{k}")),
        (None, Some(k)) => Some(k),
        (Some(t), None) => Some(t),
        (None, None) => None,
    }
}
