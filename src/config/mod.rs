//! Settings: built-in defaults, overridden by the config file, then the
//! environment, then flags, each value remembering where it came from. The
//! file may name only what it changes.

mod file;
mod keys;
mod text;
mod theme;
mod value;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::client::ClientOptions;
use crate::paths;

pub use file::{ConfigError, FileConfig, TimeFormat, parse};
pub use keys::{KeyOverrides, KeyTable, merge as merge_keys};
pub use text::{render_effective, template};
pub use theme::{ColourOverrides, Palette, Slot, ThemeName};
pub use value::{
    Colour, ConfigDuration, KeyName, KeySpec, ValueError, format_duration, parse_duration,
    parse_positive_duration,
};

/// Environment variable naming a remote API.
pub const API_URL_ENV: &str = "PROMPTCRAFTER_API_URL";
/// Environment variable carrying a bearer token.
pub const TOKEN_ENV: &str = "PROMPTCRAFTER_TOKEN";

/// The draft autosave delay when nothing sets one.
pub const DEFAULT_DRAFT_AUTOSAVE: Duration = Duration::from_millis(500);

/// Where a value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The built-in default.
    Default,
    /// The config file.
    File,
    /// An environment variable.
    Env(&'static str),
    /// A command-line flag.
    Flag(&'static str),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Default => f.write_str("default"),
            Self::File => f.write_str("config file"),
            Self::Env(v) => write!(f, "env {v}"),
            Self::Flag(n) => write!(f, "flag {n}"),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced<T> {
    /// The value in force.
    pub value: T,
    /// Where it came from.
    pub source: Source,
}

impl<T> Sourced<T> {
    fn default(value: T) -> Self {
        Self {
            value,
            source: Source::Default,
        }
    }

    /// Replaces the value when `v` is given.
    fn over(&mut self, v: Option<T>, source: Source) {
        if let Some(value) = v {
            *self = Self { value, source };
        }
    }
}

/// The values flags give (`None`: the flag was not given).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flags {
    /// `--api-url`.
    pub api_url: Option<String>,
    /// `--allow-insecure-http`.
    pub allow_insecure_http: Option<bool>,
    /// `--ca-cert`.
    pub ca_cert: Option<PathBuf>,
}

/// The settings in force, each with its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The config file these were read from (it may not exist).
    pub file: PathBuf,
    /// A remote API, or `None` for the embedded default.
    pub api_url: Sourced<Option<String>>,
    /// How long to wait for a connection.
    pub connect_timeout: Sourced<Duration>,
    /// How long a whole request may take.
    pub request_timeout: Sourced<Duration>,
    /// The editor command, or `None` for `$VISUAL`, `$EDITOR`, `vi`.
    pub editor: Sourced<Option<String>>,
    /// The built-in theme.
    pub theme: Sourced<ThemeName>,
    /// Slot colours set in the file, over the theme's.
    pub colors: BTreeMap<Slot, Colour>,
    /// Key bindings set in the file, to merge over the TUI's defaults.
    pub keys: KeyTable,
    /// Models offered for completion.
    pub models: Sourced<Vec<String>>,
    /// How long after the last keystroke a draft is saved.
    pub draft_autosave: Sourced<Duration>,
    /// Whether the TUI captures the mouse.
    pub mouse: Sourced<bool>,
    /// How times are shown.
    pub time_format: Sourced<TimeFormat>,
    /// Whether plain `http://` to a non-loopback API is allowed.
    pub allow_insecure_http: Sourced<bool>,
    /// Extra CA certificates to trust.
    pub ca_cert: Sourced<Option<PathBuf>>,
}

/// The environment variable of each key that has one.
pub const ENV_VARS: [(&str, &str); 10] = [
    ("api-url", API_URL_ENV),
    ("connect-timeout", "PROMPTCRAFTER_CONNECT_TIMEOUT"),
    ("request-timeout", "PROMPTCRAFTER_REQUEST_TIMEOUT"),
    ("editor", "PROMPTCRAFTER_EDITOR"),
    ("theme", "PROMPTCRAFTER_THEME"),
    ("draft-autosave", "PROMPTCRAFTER_DRAFT_AUTOSAVE"),
    ("mouse", "PROMPTCRAFTER_MOUSE"),
    ("time-format", "PROMPTCRAFTER_TIME_FORMAT"),
    ("allow-insecure-http", "PROMPTCRAFTER_ALLOW_INSECURE_HTTP"),
    ("ca-cert", "PROMPTCRAFTER_CA_CERT"),
];

/// The environment variable of `key`.
#[must_use]
pub fn env_var(key: &str) -> &'static str {
    ENV_VARS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("", |(_, v)| v)
}

impl Config {
    /// The built-in defaults, for a config file at `file`.
    #[must_use]
    pub fn defaults(file: PathBuf) -> Self {
        let client = ClientOptions::default();
        Self {
            file,
            api_url: Sourced::default(None),
            connect_timeout: Sourced::default(client.connect_timeout),
            request_timeout: Sourced::default(client.timeout),
            editor: Sourced::default(None),
            theme: Sourced::default(ThemeName::Default),
            colors: BTreeMap::new(),
            keys: KeyTable::new(),
            models: Sourced::default(Vec::new()),
            draft_autosave: Sourced::default(DEFAULT_DRAFT_AUTOSAVE),
            mouse: Sourced::default(true),
            time_format: Sourced::default(TimeFormat::Local),
            allow_insecure_http: Sourced::default(false),
            ca_cert: Sourced::default(None),
        }
    }

    /// Reads the file at `file` (if any), the process environment and
    /// `flags`, in that order of strength, over the defaults.
    ///
    /// # Errors
    /// When the file exists but cannot be read or parsed, or an environment
    /// variable does not parse.
    pub fn load(file: &Path, flags: &Flags) -> Result<Self, ConfigError> {
        let fc = read_file(file)?;
        Self::resolve(file, fc, &|v| std::env::var(v).ok(), flags)
    }

    /// As [`Config::load`], but an invalid file or variable gives the
    /// defaults (with what of the environment and flags is valid) and the
    /// error's text, for the TUI to show in a banner.
    #[must_use]
    pub fn load_or_defaults(file: &Path, flags: &Flags) -> (Self, Option<String>) {
        match Self::load(file, flags) {
            Ok(c) => (c, None),
            Err(e) => {
                let env = |v: &str| std::env::var(v).ok();
                let fallback = Self::resolve(file, FileConfig::default(), &env, flags)
                    .unwrap_or_else(|_| Self::defaults(file.to_path_buf()));
                (fallback, Some(format!("{e}; using the defaults")))
            }
        }
    }

    /// Layers `fc`, the variables `env` answers, and `flags` over the defaults.
    ///
    /// # Errors
    /// When a variable does not parse.
    pub fn resolve(
        file: &Path,
        fc: FileConfig,
        env: &dyn Fn(&str) -> Option<String>,
        flags: &Flags,
    ) -> Result<Self, ConfigError> {
        let mut c = Self::defaults(file.to_path_buf());
        c.apply_file(fc);
        c.apply_env(env)?;
        let url = flags.api_url.clone().map(non_blank);
        c.api_url.over(url, Source::Flag("--api-url"));
        let insecure = flags.allow_insecure_http;
        c.allow_insecure_http
            .over(insecure, Source::Flag("--allow-insecure-http"));
        let ca = flags
            .ca_cert
            .clone()
            .map(|p| Some(p).filter(|p| !p.as_os_str().is_empty()));
        c.ca_cert.over(ca, Source::Flag("--ca-cert"));
        Ok(c)
    }

    fn apply_file(&mut self, fc: FileConfig) {
        let f = Source::File;
        self.api_url.over(fc.api_url.map(non_blank), f);
        self.connect_timeout
            .over(fc.connect_timeout.map(|d| d.0), f);
        self.request_timeout
            .over(fc.request_timeout.map(|d| d.0), f);
        self.editor.over(fc.editor.map(non_blank), f);
        self.theme.over(fc.theme, f);
        self.colors = fc.colors.set();
        self.keys = fc.keys.table();
        self.models.over(fc.models, f);
        self.draft_autosave.over(fc.draft_autosave.map(|d| d.0), f);
        self.mouse.over(fc.mouse, f);
        self.time_format.over(fc.time_format, f);
        self.allow_insecure_http.over(fc.allow_insecure_http, f);
        let ca = fc
            .ca_cert
            .map(|p| Some(p).filter(|p| !p.as_os_str().is_empty()));
        self.ca_cert.over(ca, f);
    }

    fn apply_env(&mut self, env: &dyn Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        let get = |key: &str| {
            let var = env_var(key);
            env(var).map(|v| (var, v))
        };
        let src = Source::Env;
        if let Some((var, v)) = get("api-url") {
            self.api_url.over(Some(non_blank(v)), src(var));
        }
        if let Some((var, v)) = get("editor") {
            self.editor.over(Some(non_blank(v)), src(var));
        }
        if let Some((var, v)) = get("ca-cert") {
            let path = Some(PathBuf::from(v)).filter(|p| !p.as_os_str().is_empty());
            self.ca_cert.over(Some(path), src(var));
        }
        env_parsed(
            &mut self.connect_timeout,
            &get,
            "connect-timeout",
            parse_duration,
        )?;
        env_parsed(
            &mut self.request_timeout,
            &get,
            "request-timeout",
            parse_duration,
        )?;
        env_parsed(
            &mut self.draft_autosave,
            &get,
            "draft-autosave",
            parse_duration,
        )?;
        env_parsed(&mut self.theme, &get, "theme", str::parse)?;
        env_parsed(&mut self.time_format, &get, "time-format", str::parse)?;
        env_parsed(&mut self.mouse, &get, "mouse", parse_bool)?;
        env_parsed(
            &mut self.allow_insecure_http,
            &get,
            "allow-insecure-http",
            parse_bool,
        )?;
        Ok(())
    }

    /// The API client's timeouts.
    #[must_use]
    pub fn client(&self) -> ClientOptions {
        ClientOptions {
            connect_timeout: self.connect_timeout.value,
            timeout: self.request_timeout.value,
        }
    }

    /// The theme's palette with the file's slot colours over it.
    #[must_use]
    pub fn palette(&self) -> Palette {
        Palette::builtin(self.theme.value).with(&self.colors)
    }
}

/// Reads and parses the config file; a missing file is an empty one.
///
/// # Errors
/// When it exists but cannot be read or parsed.
pub fn read_file(file: &Path) -> Result<FileConfig, ConfigError> {
    let text = paths::read_optional(file).map_err(|source| ConfigError::Read {
        path: file.to_path_buf(),
        source,
    })?;
    text.map_or_else(|| Ok(FileConfig::default()), |t| parse(file, &t))
}

fn non_blank(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

fn parse_bool(s: &str) -> Result<bool, ValueError> {
    match s.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(ValueError {
            given: s.to_owned(),
            expected: "true or false",
        }),
    }
}

/// Sets `slot` from the variable of `key` when it is set, parsed by `parse`.
fn env_parsed<T>(
    slot: &mut Sourced<T>,
    get: &dyn Fn(&str) -> Option<(&'static str, String)>,
    key: &str,
    parse: impl Fn(&str) -> Result<T, ValueError>,
) -> Result<(), ConfigError> {
    let Some((var, v)) = get(key).filter(|(_, v)| !v.trim().is_empty()) else {
        return Ok(());
    };
    let value = parse(&v).map_err(|e| ConfigError::Env {
        var,
        message: e.to_string(),
    })?;
    slot.over(Some(value), Source::Env(var));
    Ok(())
}
