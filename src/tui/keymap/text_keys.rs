//! The keys text fields take themselves (the editor of the Output, Model
//! and Notes fields, the dialogs' fields and the review notes), listed for
//! the help overlay and the README, and checked against the config's
//! bindings so none of them is taken away unnoticed.

use crossterm::event::{KeyCode, KeyModifiers};

use super::Ctx;

/// The contexts in force while a text field has the keys.
pub const TEXT_CONTEXTS: [Ctx; 8] = [
    Ctx::Global,
    Ctx::Form,
    Ctx::Model,
    Ctx::Filter,
    Ctx::Dialog,
    Ctx::ReviewNotes,
    Ctx::ReviewPicker,
    Ctx::HelpSearch,
];

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const ALT: KeyModifiers = KeyModifiers::ALT;

/// One editing key: the key, its label and what it does.
#[derive(Debug, Clone, Copy)]
pub struct TextKey {
    /// The key.
    pub code: KeyCode,
    /// Modifiers held.
    pub mods: KeyModifiers,
    /// How help writes it (several keys of one row share the row's label).
    pub label: &'static str,
    /// What it does.
    pub desc: &'static str,
}

const fn t(code: KeyCode, mods: KeyModifiers, label: &'static str, desc: &'static str) -> TextKey {
    TextKey {
        code,
        mods,
        label,
        desc,
    }
}

use KeyCode as K;

/// Every key the text fields take, in help order; a row with an empty
/// label is another key for the row above.
#[rustfmt::skip]
pub const TEXT_KEYS: &[TextKey] = &[
    t(K::Enter, NONE, "Enter", "new line (Output, Notes, a dialog's Content)"),
    t(K::Enter, ALT, "Alt-Enter", "new line where Enter does something else"),
    t(K::Char('m'), CTRL, "Ctrl-M", "new line"),
    t(K::Backspace, NONE, "Backspace", "delete the character before the cursor"),
    t(K::Char('h'), CTRL, "Ctrl-H", "delete the character before the cursor"),
    t(K::Delete, NONE, "Delete", "delete the character under the cursor"),
    t(K::Char('d'), CTRL, "Ctrl-D", "delete the character under the cursor"),
    t(K::Char('w'), CTRL, "Ctrl-W", "delete the word before the cursor"),
    t(K::Backspace, ALT, "Alt-Backspace", "delete the word before the cursor"),
    t(K::Char('d'), ALT, "Alt-D", "delete the word after the cursor"),
    t(K::Char('k'), CTRL, "Ctrl-K", "cut to the end of the line"),
    t(K::Char('j'), CTRL, "Ctrl-J", "cut to the start of the line"),
    t(K::Char('y'), CTRL, "Ctrl-Y", "paste what was cut"),
    t(K::Char('x'), CTRL, "Ctrl-X", "cut the selection"),
    t(K::Char('u'), CTRL, "Ctrl-U", "undo"),
    t(K::Char('r'), CTRL, "Ctrl-R", "redo"),
    t(K::Left, NONE, "Left", "back one character (Shift: select)"),
    t(K::Right, NONE, "Right", "forward one character (Shift: select)"),
    t(K::Char('b'), CTRL, "Ctrl-B", "back one character"),
    t(K::Char('f'), CTRL, "Ctrl-F", "forward one character"),
    t(K::Left, CTRL, "Ctrl-Left", "back one word"),
    t(K::Right, CTRL, "Ctrl-Right", "forward one word"),
    t(K::Char('b'), ALT, "Alt-B", "back one word"),
    t(K::Char('f'), ALT, "Alt-F", "forward one word"),
    t(K::Home, NONE, "Home", "start of the line"),
    t(K::End, NONE, "End", "end of the line"),
    t(K::Char('a'), CTRL, "Ctrl-A", "start of the line"),
    t(K::Char('e'), CTRL, "Ctrl-E", "end of the line"),
    t(K::Up, NONE, "Up", "line up (the model field: previous model)"),
    t(K::Down, NONE, "Down", "line down (the model field: next model)"),
    t(K::Char('p'), CTRL, "Ctrl-P", "line up"),
    t(K::Char('n'), CTRL, "Ctrl-N", "line down"),
    t(K::Char('<'), ALT, "Alt-<", "start of the text"),
    t(K::Char('>'), ALT, "Alt->", "end of the text"),
    t(K::PageUp, NONE, "PgUp", "page up"),
    t(K::PageDown, NONE, "PgDn", "page down"),
    t(K::Char('v'), CTRL, "Ctrl-V", "page down"),
    t(K::Char('v'), ALT, "Alt-V", "page up"),
];

/// What a text field does with `code` + `mods`, when it takes that key:
/// every plain character types itself.
#[must_use]
pub fn taken_by_text(code: KeyCode, mods: KeyModifiers) -> Option<String> {
    if let KeyCode::Char(c) = code
        && (mods - KeyModifiers::SHIFT).is_empty()
    {
        return Some(format!("typing {c:?}"));
    }
    TEXT_KEYS
        .iter()
        .find(|k| k.code == code && k.mods == mods)
        .map(|k| format!("{} ({})", k.label, k.desc))
}
