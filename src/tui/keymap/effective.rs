//! The keymap in force: the default [`BINDINGS`] with the config's `[keys]`
//! table merged over them (an empty list unbinds), the problems found in
//! that table (unknown names, two actions on one key, a text-editing key
//! shadowed), and the one process-wide table the TUI installs at start.

use std::sync::{LazyLock, OnceLock};

use crossterm::event::{KeyCode, KeyModifiers};

use super::text_keys::{self, TEXT_CONTEXTS};
use super::{BINDINGS, Binding, Ctx};
use crate::config::{KeyName, KeySpec, KeyTable};
use crate::tui::action::Action;

/// One binding in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    /// Where it applies.
    pub ctx: Ctx,
    /// The key.
    pub code: KeyCode,
    /// Modifiers that must be held (Shift is ignored for characters).
    pub mods: KeyModifiers,
    /// What it does.
    pub action: Action,
    /// How the key is written in hints, e.g. "Ctrl-S".
    pub label: String,
    /// What it does, in words.
    pub desc: &'static str,
    /// Its few words in the status bar (empty when the footer leaves it out).
    pub short: &'static str,
    /// Whether the config file set it.
    pub from_config: bool,
}

impl Bound {
    fn of(b: &Binding) -> Self {
        Self {
            ctx: b.ctx,
            code: b.code,
            mods: b.mods,
            action: b.action,
            label: b.label.to_owned(),
            desc: b.desc,
            short: b.short,
            from_config: false,
        }
    }

    /// Whether the footer shows it.
    #[must_use]
    pub fn hint(&self) -> bool {
        !self.short.is_empty()
    }
}

/// The bindings in force, in help order, and what was wrong with the
/// config's table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keymap {
    /// Every binding.
    pub bindings: Vec<Bound>,
    /// Each problem, in words naming both sides (for the banner and the log).
    pub problems: Vec<String>,
}

static DEFAULT: LazyLock<Keymap> = LazyLock::new(Keymap::default_table);
static INSTALLED: OnceLock<Keymap> = OnceLock::new();

/// The keymap in force: the installed one, else the defaults.
#[must_use]
pub fn active() -> &'static Keymap {
    INSTALLED.get().unwrap_or(&DEFAULT)
}

/// Makes `keymap` the one in force for the rest of the process (once: a
/// second call changes nothing). Only the real program calls it; tests use
/// a [`Keymap`] of their own.
pub fn install(keymap: Keymap) {
    let _ = INSTALLED.set(keymap);
}

/// `s` with `-` read as `_`, so `log-detail` names `log_detail`.
fn snake(s: &str) -> String {
    s.replace('-', "_")
}

impl Keymap {
    /// The built-in table.
    #[must_use]
    pub fn default_table() -> Self {
        Self {
            bindings: BINDINGS.iter().map(Bound::of).collect(),
            problems: Vec::new(),
        }
    }

    /// The defaults with `table` (the config's `[keys]`) merged over them:
    /// each action it names gets exactly the keys given there, in place of
    /// its default keys in that context.
    #[must_use]
    pub fn with_overrides(table: &KeyTable) -> Self {
        let mut km = Self::default_table();
        for (ctx_name, actions) in table {
            let ctx = match snake(ctx_name).parse::<Ctx>() {
                Ok(c) => c,
                Err(e) => {
                    km.problems.push(format!("[keys.{ctx_name}]: {e}"));
                    continue;
                }
            };
            for (action_name, keys) in actions {
                km.rebind(ctx, ctx_name, action_name, keys);
            }
        }
        km.problems.extend(km.conflicts());
        km
    }

    fn rebind(&mut self, ctx: Ctx, ctx_name: &str, action_name: &str, keys: &[KeySpec]) {
        let here = |problem: String| format!("keys.{ctx_name}.{action_name}: {problem}");
        let action = match snake(action_name).parse::<Action>() {
            Ok(a) => a,
            Err(e) => return self.problems.push(here(e.to_string())),
        };
        let Some(first) = self
            .bindings
            .iter()
            .position(|b| b.ctx == ctx && b.action == action)
        else {
            let names = self.action_names(ctx).join(", ");
            return self.problems.push(here(format!(
                "{ctx} has no {action} (its actions: {names})"
            )));
        };
        let template = self.bindings[first].clone();
        self.bindings
            .retain(|b| !(b.ctx == ctx && b.action == action));
        let new = keys.iter().enumerate().map(|(i, k)| {
            let (code, mods) = key_event(k);
            Bound {
                code,
                mods,
                label: label(k),
                short: if i == 0 { template.short } else { "" },
                from_config: true,
                ..template.clone()
            }
        });
        let at = first.min(self.bindings.len());
        self.bindings.splice(at..at, new);
    }

    /// The action names of `ctx`, each once, in table order.
    fn action_names(&self, ctx: Ctx) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for b in self.bindings.iter().filter(|b| b.ctx == ctx) {
            let n = b.action.to_string();
            if !names.contains(&n) {
                names.push(n);
            }
        }
        names
    }

    /// Two actions on one key where both are in force at once (the same
    /// context, or the global context over a place of the main screen), and
    /// config bindings that take a key a text field needs.
    fn conflicts(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (i, a) in self.bindings.iter().enumerate() {
            for b in &self.bindings[i + 1..] {
                let together = a.ctx == b.ctx || stacked(a.ctx, b.ctx) || stacked(b.ctx, a.ctx);
                if together && a.code == b.code && a.mods == b.mods && a.action != b.action {
                    out.push(format!(
                        "{} is both {} ({}) and {} ({}): the first wins",
                        a.label, a.action, a.ctx, b.action, b.ctx
                    ));
                }
            }
            let by_default = BINDINGS
                .iter()
                .any(|d| d.ctx == a.ctx && d.code == a.code && d.mods == a.mods);
            if a.from_config
                && !by_default
                && TEXT_CONTEXTS.contains(&a.ctx)
                && let Some(what) = text_keys::taken_by_text(a.code, a.mods)
            {
                out.push(format!(
                    "{} ({}, {}) shadows {} in text fields",
                    a.label, a.action, a.ctx, what
                ));
            }
        }
        out
    }

    /// The action `code` + `mods` means in `contexts` (searched in order).
    #[must_use]
    pub fn resolve(&self, code: KeyCode, mods: KeyModifiers, contexts: &[Ctx]) -> Option<Action> {
        contexts.iter().find_map(|ctx| {
            self.bindings
                .iter()
                .find(|b| b.ctx == *ctx && b.code == code && b.mods == mods)
                .map(|b| b.action)
        })
    }

    /// The keys of `action` in `ctx`, as their labels joined by ", ".
    #[must_use]
    pub fn keys_of(&self, ctx: Ctx, action: Action) -> String {
        let labels: Vec<&str> = self
            .bindings
            .iter()
            .filter(|b| b.ctx == ctx && b.action == action)
            .map(|b| b.label.as_str())
            .collect();
        labels.join(", ")
    }
}

/// Whether `outer` is searched before `inner` for the same key on the main
/// screen (the global keys over each place, the form over its fields).
fn stacked(outer: Ctx, inner: Ctx) -> bool {
    use Ctx as C;
    match outer {
        C::Global => matches!(
            inner,
            C::Prompts | C::Filter | C::Prompt | C::Form | C::Model | C::Score | C::Logs
        ),
        C::Form => matches!(inner, C::Model | C::Score),
        _ => false,
    }
}

/// The key event a config key names.
#[must_use]
pub fn key_event(k: &KeySpec) -> (KeyCode, KeyModifiers) {
    let mut mods = KeyModifiers::NONE;
    if k.ctrl {
        mods |= KeyModifiers::CONTROL;
    }
    if k.alt {
        mods |= KeyModifiers::ALT;
    }
    let code = match &k.key {
        // Ctrl and a letter arrive as the small letter.
        KeyName::Char(c) if k.ctrl || k.alt => KeyCode::Char(c.to_ascii_lowercase()),
        KeyName::Char(c) => KeyCode::Char(*c),
        KeyName::F(n) => KeyCode::F(*n),
        KeyName::Named(n) => named(n, k.shift),
    };
    if k.shift && !matches!(code, KeyCode::Char(_) | KeyCode::BackTab) {
        mods |= KeyModifiers::SHIFT;
    }
    (code, mods)
}

fn named(name: &str, shift: bool) -> KeyCode {
    match name {
        "enter" => KeyCode::Enter,
        "tab" if shift => KeyCode::BackTab,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "esc" => KeyCode::Esc,
        "backspace" => KeyCode::Backspace,
        "delete" => KeyCode::Delete,
        "insert" => KeyCode::Insert,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" => KeyCode::PageUp,
        "pagedown" => KeyCode::PageDown,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "minus" => KeyCode::Char('-'),
        "plus" => KeyCode::Char('+'),
        _ => KeyCode::Char(' '),
    }
}

/// How a config key is written in hints and help: `Ctrl-S`, `Alt-Enter`, `F5`.
#[must_use]
pub fn label(k: &KeySpec) -> String {
    let (code, mods) = key_event(k);
    let mut out = String::new();
    for (m, name) in [
        (KeyModifiers::CONTROL, "Ctrl-"),
        (KeyModifiers::ALT, "Alt-"),
        (KeyModifiers::SHIFT, "Shift-"),
    ] {
        if mods.contains(m) {
            out.push_str(name);
        }
    }
    let key = match code {
        KeyCode::Char(' ') => "Space".to_owned(),
        KeyCode::Char(c) if k.ctrl || k.alt => c.to_ascii_uppercase().to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::F(n) => format!("F{n}"),
        KeyCode::BackTab => "Shift-Tab".to_owned(),
        KeyCode::PageUp => "PgUp".to_owned(),
        KeyCode::PageDown => "PgDn".to_owned(),
        other => format!("{other:?}"),
    };
    out.push_str(&key);
    out
}

/// The README's key table for `keymap`: each context's actions with their
/// keys, then the text fields' keys, as Markdown rows.
#[must_use]
pub fn readme_table(keymap: &Keymap) -> String {
    let mut rows: Vec<(String, Vec<String>, String, &str)> = Vec::new();
    let mut add = |place: String, key: &str, action: String, desc| {
        let key = format!("`{key}`");
        match rows.iter_mut().find(|r| r.0 == place && r.3 == desc) {
            Some(r) => r.1.push(key),
            None => rows.push((place, vec![key], action, desc)),
        }
    };
    for b in &keymap.bindings {
        let place = format!("{} (`{}`)", super::ctx_name(b.ctx), b.ctx);
        add(place, &b.label, format!("`{}`", b.action), b.desc);
    }
    for k in text_keys::TEXT_KEYS {
        add("Text fields".to_owned(), k.label, "-".to_owned(), k.desc);
    }
    let mut out = String::from("| where (context) | keys | action | what |\n|---|---|---|---|\n");
    for (place, keys, action, desc) in rows {
        out.push_str(&format!(
            "| {place} | {} | {action} | {desc} |\n",
            keys.join(", ")
        ));
    }
    out
}
