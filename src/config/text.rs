//! The config as text: the commented file `config init` writes (every key
//! at its default, built from the defaults in code), and the effective
//! values with their sources that `config show` prints.

use std::fmt::Write;

use super::theme::{Palette, Slot, ThemeName};
use super::value::format_duration;
use super::{Config, Source, env_var};

/// Every scalar key, in file order, and what it does.
const KEYS: [(&str, &str); 11] = [
    (
        "api-url",
        "A remote PromptCrafter API; \"\" runs the embedded local server.",
    ),
    (
        "connect-timeout",
        "How long to wait for a connection to the API.",
    ),
    ("request-timeout", "How long a whole request may take."),
    (
        "editor",
        "The command that edits an output (Ctrl-G); \"\": $VISUAL, then $EDITOR, then vi.",
    ),
    (
        "theme",
        "default (the terminal's 16 colours), high-contrast or light.",
    ),
    (
        "models",
        "Models offered for completion in the model field.",
    ),
    (
        "draft-autosave",
        "How long after the last keystroke a draft is saved.",
    ),
    (
        "mouse",
        "Capture the mouse; false leaves selecting text to the terminal.",
    ),
    ("time-format", "local, utc or relative (\"3 min ago\")."),
    (
        "allow-insecure-http",
        "Allow plain http:// to an API that is not on this machine.",
    ),
    (
        "ca-cert",
        "A PEM file of extra CA certificates to trust; \"\": none.",
    ),
];

/// The value of each of [`KEYS`] as TOML.
fn values(c: &Config) -> [String; 11] {
    let s = |v: &Option<String>| toml_str(v.as_deref().unwrap_or(""));
    let ca = c.ca_cert.value.as_ref().map(|p| p.display().to_string());
    [
        s(&c.api_url.value),
        dur(c.connect_timeout.value),
        dur(c.request_timeout.value),
        s(&c.editor.value),
        toml_str(c.theme.value.as_str()),
        toml_list(&c.models.value),
        dur(c.draft_autosave.value),
        c.mouse.value.to_string(),
        toml_str(c.time_format.value.as_str()),
        c.allow_insecure_http.value.to_string(),
        s(&ca),
    ]
}

/// Each key with its value as TOML and its doc line.
pub(super) fn entries(c: &Config) -> impl Iterator<Item = (&'static str, String, &'static str)> {
    KEYS.into_iter()
        .zip(values(c))
        .map(|((key, doc), value)| (key, value, doc))
}

fn sources(c: &Config) -> [Source; 11] {
    [
        c.api_url.source,
        c.connect_timeout.source,
        c.request_timeout.source,
        c.editor.source,
        c.theme.source,
        c.models.source,
        c.draft_autosave.source,
        c.mouse.source,
        c.time_format.source,
        c.allow_insecure_http.source,
        c.ca_cert.source,
    ]
}

fn dur(d: std::time::Duration) -> String {
    toml_str(&format_duration(d))
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

fn toml_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| toml_str(i)).collect();
    format!("[{}]", quoted.join(", "))
}

/// The file `config init` writes: every key, commented out, at its default.
#[must_use]
pub fn template() -> String {
    let c = Config::defaults(std::path::PathBuf::new());
    let mut out = String::from(
        "# promptcrafter config (TOML). Every key is optional: a line left\n\
         # commented out keeps the default shown. Environment variables\n\
         # (named beside each key) beat this file; flags beat both.\n",
    );
    for (key, value, doc) in entries(&c) {
        let _ = write!(
            out,
            "\n# {doc}\n# env: {}\n# {key} = {value}\n",
            env_var(key)
        );
    }
    out.push_str(
        "\n# Colours of single slots, over the theme's: a name (red, light-blue,\n\
         # dark-gray, reset, ...), a palette index 0-255, or \"#rrggbb\".\n# [colors]\n",
    );
    let palette = Palette::builtin(ThemeName::Default);
    for slot in Slot::ALL {
        let _ = writeln!(
            out,
            "# {} = {}",
            slot.key(),
            toml_str(&palette.get(slot).to_string())
        );
    }
    out.push_str(
        "\n# Key bindings, by context (global, prompts, form, logs, review, ...)\n\
         # then action: one key, a list of keys, or \"\" to unbind. Only what\n\
         # you name changes; the README lists every context and action.\n\
         # [keys.global]\n# submit = [\"ctrl-s\", \"f5\"]\n# [keys.logs]\n# delete = \"\"\n",
    );
    out
}

fn comment(source: Source) -> String {
    match source {
        Source::Default => "# default".to_owned(),
        other => format!("# from {other}"),
    }
}

/// What `config show` prints: each value in force as TOML, with where it
/// came from. No token is part of the config, so none can be shown.
#[must_use]
pub fn render_effective(c: &Config) -> String {
    let mut out = String::new();
    let rows: Vec<(String, Source)> = entries(c)
        .zip(sources(c))
        .map(|((key, value, _), source)| {
            let value = if key == "api-url" {
                redact_url(&value)
            } else {
                value
            };
            (format!("{key} = {value}"), source)
        })
        .collect();
    push_aligned(&mut out, &rows);
    let palette = c.palette();
    let _ = writeln!(out, "\n[colors]  # theme {}", c.theme.value);
    let rows: Vec<(String, Source)> = Slot::ALL
        .into_iter()
        .map(|slot| {
            let source = if c.colors.contains_key(&slot) {
                Source::File
            } else {
                Source::Default
            };
            let line = format!(
                "{} = {}",
                slot.key(),
                toml_str(&palette.get(slot).to_string())
            );
            (line, source)
        })
        .collect();
    push_aligned(&mut out, &rows);
    if c.keys.is_empty() {
        out.push_str("\n# [keys]: the TUI's defaults, none changed in the config file\n");
    }
    for (ctx, actions) in &c.keys {
        let _ = writeln!(out, "\n[keys.{ctx}]  # from config file, over the defaults");
        for (action, keys) in actions {
            let names: Vec<String> = keys.iter().map(ToString::to_string).collect();
            let _ = writeln!(out, "{action} = {}", toml_list(&names));
        }
    }
    out
}

fn push_aligned(out: &mut String, rows: &[(String, Source)]) {
    let width = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    for (line, source) in rows {
        let pad = width - line.chars().count();
        let _ = writeln!(out, "{line}{}  {}", " ".repeat(pad), comment(*source));
    }
}

/// A URL with any password in it replaced by `***`.
fn redact_url(quoted: &str) -> String {
    let Some((scheme, rest)) = quoted.split_once("://") else {
        return quoted.to_owned();
    };
    let (authority, tail) = rest.split_at(rest.find(['/', '"']).unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{scheme}://{user}:***@{host}{tail}")
        }
        None => quoted.to_owned(),
    }
}
