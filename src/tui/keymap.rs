//! The one table of key bindings. Keys become [`Action`]s here; the footer
//! hints and the help overlay are generated from the same table, so they
//! cannot drift from what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

mod effective;
pub mod text_keys;

pub use effective::{Bound, Keymap, active, install, key_event, label, readme_table};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ctx {
    /// Everywhere, before the focused place sees the key.
    Global,
    /// The prompt list.
    Prompts,
    /// Typing a filter over the prompt list.
    Filter,
    /// The selected prompt's content.
    Prompt,
    /// Any field of the compose form.
    Form,
    /// The model field.
    Model,
    /// The score field.
    Score,
    /// The logs list.
    Logs,
    /// Typing a search over the logs list.
    LogsSearch,
    /// A log opened in full.
    LogDetail,
    /// A yes/no question.
    Confirm,
    /// The help overlay.
    Help,
    /// Typing a search in the help overlay.
    HelpSearch,
    /// A dialog with text fields (login, add prompt).
    Dialog,
    /// The outbox view.
    Outbox,
    /// The scoreboard overlay.
    Scoreboard,
    /// The side-by-side diff of two logs.
    Diff,
    /// `promptcrafter review`: an item on screen.
    Review,
    /// `promptcrafter review`: typing the item's notes.
    ReviewNotes,
    /// `promptcrafter review`: input lines that could not be read.
    ReviewBad,
    /// `promptcrafter review`: choosing the prompt for an item.
    ReviewPicker,
}

/// Every context with its stable snake_case name (for a `[keys]` table).
const CTX_NAMES: &[(Ctx, &str)] = &[
    (Ctx::Global, "global"),
    (Ctx::Prompts, "prompts"),
    (Ctx::Filter, "filter"),
    (Ctx::Prompt, "prompt"),
    (Ctx::Form, "form"),
    (Ctx::Model, "model"),
    (Ctx::Score, "score"),
    (Ctx::Logs, "logs"),
    (Ctx::LogsSearch, "logs_search"),
    (Ctx::LogDetail, "log_detail"),
    (Ctx::Confirm, "confirm"),
    (Ctx::Help, "help"),
    (Ctx::HelpSearch, "help_search"),
    (Ctx::Dialog, "dialog"),
    (Ctx::Outbox, "outbox"),
    (Ctx::Scoreboard, "scoreboard"),
    (Ctx::Diff, "diff"),
    (Ctx::Review, "review"),
    (Ctx::ReviewNotes, "review_notes"),
    (Ctx::ReviewBad, "review_bad"),
    (Ctx::ReviewPicker, "review_picker"),
];

impl std::fmt::Display for Ctx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = CTX_NAMES
            .iter()
            .find(|(c, _)| c == self)
            .map_or("unknown", |(_, n)| n);
        f.write_str(name)
    }
}

/// A name that is no context's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no key context is called {0:?}")]
pub struct UnknownCtx(pub String);

impl std::str::FromStr for Ctx {
    type Err = UnknownCtx;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CTX_NAMES
            .iter()
            .find(|(_, n)| *n == s)
            .map(|(c, _)| *c)
            .ok_or_else(|| UnknownCtx(s.to_owned()))
    }
}

/// One key binding.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Where it applies.
    pub ctx: Ctx,
    /// The key.
    pub code: KeyCode,
    /// Modifiers that must be held (Shift is ignored for characters).
    pub mods: KeyModifiers,
    /// What it does.
    pub action: Action,
    /// How the key is written in hints, e.g. "Ctrl-S".
    pub label: &'static str,
    /// What it does, in words.
    pub desc: &'static str,
    /// Whether the footer shows it.
    pub hint: bool,
    /// Its few words in the status bar (empty when the footer leaves it out).
    pub short: &'static str,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const ALT: KeyModifiers = KeyModifiers::ALT;

const fn b(
    ctx: Ctx,
    code: KeyCode,
    mods: KeyModifiers,
    action: Action,
    label: &'static str,
    desc: &'static str,
    short: &'static str,
) -> Binding {
    Binding {
        ctx,
        code,
        mods,
        action,
        label,
        desc,
        hint: !short.is_empty(),
        short,
    }
}

use Action as A;
use Ctx as C;
use KeyCode as K;

/// Every binding, in the order help lists them: where, key, modifiers,
/// action, key label, words for help, words for the status bar (empty: not
/// in the status bar).
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    b(C::Global, K::Char('c'), CTRL, A::Quit, "Ctrl-C", "quit (asks if text is unsent)", ""),
    b(C::Global, K::Char('s'), CTRL, A::Submit, "Ctrl-S", "submit the form as a log", "submit"),
    b(C::Global, K::F(5), NONE, A::Submit, "F5", "submit the form as a log", ""),
    b(C::Global, K::F(6), NONE, A::RetryNow, "F6", "send the outbox now", ""),
    b(C::Global, K::Tab, NONE, A::FocusNext, "Tab", "next pane or field", "next"),
    b(C::Global, K::BackTab, NONE, A::FocusPrev, "Shift-Tab", "previous pane or field", ""),
    b(C::Global, K::F(1), NONE, A::Help, "F1", "help", "help"),
    b(C::Global, K::Char('o'), CTRL, A::Outbox, "Ctrl-O", "the outbox", ""),
    b(C::Global, K::F(2), NONE, A::ToggleMouse, "F2", "mouse capture off/on (off: select text with the mouse as usual)", ""),
    b(C::Prompts, K::Char('/'), NONE, A::Filter, "/", "filter prompts", "filter"),
    b(C::Prompts, K::Enter, NONE, A::Open, "Enter", "select, then write the output", "select"),
    b(C::Prompts, K::Up, NONE, A::Up, "Up", "previous prompt", ""),
    b(C::Prompts, K::Down, NONE, A::Down, "Down", "next prompt", ""),
    b(C::Prompts, K::Char('k'), NONE, A::Up, "k", "previous prompt", ""),
    b(C::Prompts, K::Char('j'), NONE, A::Down, "j", "next prompt", ""),
    b(C::Prompts, K::Char('a'), NONE, A::AddPrompt, "a", "add a prompt", "add"),
    b(C::Prompts, K::Char('r'), NONE, A::Reload, "r", "reload prompts", "reload"),
    b(C::Prompts, K::Char('b'), NONE, A::Scoreboard, "b", "scoreboard of the prompt", "scores"),
    b(C::Prompts, K::Char('x'), NONE, A::DiscardDraft, "x", "discard this prompt's draft", ""),
    b(C::Prompts, K::Char('e'), NONE, A::Edit, "e", "edit the prompt (title, model, tags, content)", "edit"),
    b(C::Prompts, K::Char('D'), NONE, A::DeletePrompt, "D", "delete the prompt and its logs (asks first)", ""),
    b(C::Prompts, K::Esc, NONE, A::Back, "Esc", "clear the filter", ""),
    b(C::Prompts, K::Char('?'), NONE, A::Help, "?", "help", "help"),
    b(C::Prompts, K::Char('q'), NONE, A::Quit, "q", "quit", "quit"),
    b(C::Filter, K::Enter, NONE, A::Open, "Enter", "select the highlighted prompt", "select"),
    b(C::Filter, K::Up, NONE, A::Up, "Up", "previous match", ""),
    b(C::Filter, K::Down, NONE, A::Down, "Down", "next match", ""),
    b(C::Filter, K::Esc, NONE, A::Back, "Esc", "clear the filter", "clear"),
    b(C::Prompt, K::Up, NONE, A::Up, "Up", "scroll up", "scroll up"),
    b(C::Prompt, K::Down, NONE, A::Down, "Down", "scroll down", "scroll down"),
    b(C::Prompt, K::PageUp, NONE, A::PageUp, "PgUp", "page up", ""),
    b(C::Prompt, K::PageDown, NONE, A::PageDown, "PgDn", "page down", ""),
    b(C::Prompt, K::Char('r'), NONE, A::ToggleRaw, "r", "raw text / rendered markdown", "raw"),
    b(C::Prompt, K::Char('?'), NONE, A::Help, "?", "help", "help"),
    b(C::Prompt, K::Char('q'), NONE, A::Quit, "q", "quit", "quit"),
    b(C::Form, K::Char('0'), ALT, A::ScoreSubmit(0), "Alt-0..9", "score 0-9 and submit at once", "score+send"),
    b(C::Form, K::Char('g'), CTRL, A::OpenEditor, "Ctrl-G", "edit the output in $EDITOR", ""),
    b(C::Form, K::Esc, NONE, A::Back, "Esc", "leave the field", ""),
    b(C::Form, K::Char('1'), ALT, A::ScoreSubmit(1), "Alt-1", "score 1 and submit", ""),
    b(C::Form, K::Char('2'), ALT, A::ScoreSubmit(2), "Alt-2", "score 2 and submit", ""),
    b(C::Form, K::Char('3'), ALT, A::ScoreSubmit(3), "Alt-3", "score 3 and submit", ""),
    b(C::Form, K::Char('4'), ALT, A::ScoreSubmit(4), "Alt-4", "score 4 and submit", ""),
    b(C::Form, K::Char('5'), ALT, A::ScoreSubmit(5), "Alt-5", "score 5 and submit", ""),
    b(C::Form, K::Char('6'), ALT, A::ScoreSubmit(6), "Alt-6", "score 6 and submit", ""),
    b(C::Form, K::Char('7'), ALT, A::ScoreSubmit(7), "Alt-7", "score 7 and submit", ""),
    b(C::Form, K::Char('8'), ALT, A::ScoreSubmit(8), "Alt-8", "score 8 and submit", ""),
    b(C::Form, K::Char('9'), ALT, A::ScoreSubmit(9), "Alt-9", "score 9 and submit", ""),
    b(C::Form, K::Char('t'), ALT, A::ScoreSubmit(10), "Alt-T", "score 10 and submit", ""),
    b(C::Model, K::Up, NONE, A::ModelPrev, "Up", "previous model used", "prev model"),
    b(C::Model, K::Down, NONE, A::ModelNext, "Down", "next model used", "next model"),
    b(C::Model, K::Char('u'), CTRL, A::ClearField, "Ctrl-U", "clear the model", "clear"),
    b(C::Score, K::Char('+'), NONE, A::ScoreUp, "+", "score up", "up"),
    b(C::Score, K::Char('-'), NONE, A::ScoreDown, "-", "score down", "down"),
    b(C::Score, K::Up, NONE, A::ScoreUp, "Up", "score up", ""),
    b(C::Score, K::Down, NONE, A::ScoreDown, "Down", "score down", ""),
    b(C::Score, K::Backspace, NONE, A::ScoreClear, "Backspace", "clear the score", ""),
    b(C::Logs, K::Up, NONE, A::Up, "Up", "previous log", ""),
    b(C::Logs, K::Down, NONE, A::Down, "Down", "next log", ""),
    b(C::Logs, K::Char('k'), NONE, A::Up, "k", "previous log", ""),
    b(C::Logs, K::Char('j'), NONE, A::Down, "j", "next log", ""),
    b(C::Logs, K::Enter, NONE, A::Open, "Enter", "open the log", "open"),
    b(C::Logs, K::Char('d'), NONE, A::Delete, "d", "delete the log", "delete"),
    b(C::Logs, K::Char('e'), NONE, A::Edit, "e", "correct the log's score and notes", "edit"),
    b(C::Logs, K::Char('b'), NONE, A::Scoreboard, "b", "scoreboard of the prompt", "scores"),
    b(C::Logs, K::Char('m'), NONE, A::MarkDiff, "m", "mark for a diff; on a second log, compare", "diff"),
    b(C::Logs, K::Char('/'), NONE, A::LogsSearch, "/", "search the logs (output, notes, model)", "search"),
    b(C::Logs, K::Char('s'), NONE, A::LogsSort, "s", "sort: newest, score, model", "sort"),
    b(C::Logs, K::Char('f'), NONE, A::LogsModel, "f", "only the next model's logs (then all)", "model"),
    b(C::Logs, K::Char('c'), NONE, A::CopyOutput, "c", "copy the output (OSC 52)", "copy"),
    b(C::Logs, K::Char('C'), NONE, A::CopyNotes, "C", "copy the notes (OSC 52)", ""),
    b(C::Logs, K::Esc, NONE, A::Back, "Esc", "clear the search and filter", ""),
    b(C::LogsSearch, K::Enter, NONE, A::Open, "Enter", "keep the search", "done"),
    b(C::LogsSearch, K::Esc, NONE, A::Back, "Esc", "clear the search", "clear"),
    b(C::LogsSearch, K::Up, NONE, A::Up, "Up", "previous log", ""),
    b(C::LogsSearch, K::Down, NONE, A::Down, "Down", "next log", ""),
    b(C::Logs, K::Char('?'), NONE, A::Help, "?", "help", "help"),
    b(C::Logs, K::Char('q'), NONE, A::Quit, "q", "quit", "quit"),
    b(C::LogDetail, K::Up, NONE, A::Up, "Up", "scroll up", "up"),
    b(C::LogDetail, K::Down, NONE, A::Down, "Down", "scroll down", "down"),
    b(C::LogDetail, K::PageUp, NONE, A::PageUp, "PgUp", "page up", ""),
    b(C::LogDetail, K::PageDown, NONE, A::PageDown, "PgDn", "page down", ""),
    b(C::LogDetail, K::Char('d'), NONE, A::Delete, "d", "delete this log", "delete"),
    b(C::LogDetail, K::Char('r'), NONE, A::ToggleRaw, "r", "raw text / rendered markdown", "raw"),
    b(C::LogDetail, K::Char('c'), NONE, A::CopyOutput, "c", "copy the output (OSC 52)", "copy"),
    b(C::LogDetail, K::Char('C'), NONE, A::CopyNotes, "C", "copy the notes (OSC 52)", ""),
    b(C::LogDetail, K::Esc, NONE, A::Back, "Esc", "close", "close"),
    b(C::LogDetail, K::Char('q'), NONE, A::Back, "q", "close", ""),
    b(C::Confirm, K::Char('y'), NONE, A::Yes, "y", "yes", "yes"),
    b(C::Confirm, K::Char('n'), NONE, A::No, "n", "no", "no"),
    b(C::Confirm, K::Esc, NONE, A::No, "Esc", "no", ""),
    b(C::Help, K::Esc, NONE, A::Back, "Esc", "close help", "close"),
    b(C::Help, K::Char('?'), NONE, A::Back, "?", "close help", ""),
    b(C::Help, K::Char('q'), NONE, A::Back, "q", "close help", ""),
    b(C::Help, K::Up, NONE, A::Up, "Up", "scroll up", ""),
    b(C::Help, K::Down, NONE, A::Down, "Down", "scroll down", ""),
    b(C::Help, K::PageUp, NONE, A::PageUp, "PgUp", "page up", ""),
    b(C::Help, K::PageDown, NONE, A::PageDown, "PgDn", "page down", ""),
    b(C::Help, K::Char('/'), NONE, A::Search, "/", "search the keys", "search"),
    b(C::HelpSearch, K::Enter, NONE, A::Open, "Enter", "keep the matches, scroll them", "done"),
    b(C::HelpSearch, K::Esc, NONE, A::Back, "Esc", "clear the search", "clear"),
    b(C::Dialog, K::Enter, NONE, A::Open, "Enter", "next field; a new line in Content or Notes", "next"),
    b(C::Dialog, K::Enter, ALT, A::NewLine, "Alt-Enter", "a new line (Content, Notes)", ""),
    b(C::Dialog, K::Char('s'), CTRL, A::Submit, "Ctrl-S", "save (from any field)", "save"),
    b(C::Dialog, K::Esc, NONE, A::Back, "Esc", "cancel", "cancel"),
    b(C::Outbox, K::Up, NONE, A::Up, "Up", "previous entry", ""),
    b(C::Outbox, K::Down, NONE, A::Down, "Down", "next entry", ""),
    b(C::Outbox, K::Char('r'), NONE, A::RetryNow, "r", "retry now", "retry"),
    b(C::Outbox, K::Char('e'), NONE, A::Open, "e", "edit (back into the form)", "edit"),
    b(C::Outbox, K::Char('d'), NONE, A::Delete, "d", "discard (asks first)", "discard"),
    b(C::Outbox, K::Esc, NONE, A::Back, "Esc", "close", "close"),
    b(C::Scoreboard, K::Char('b'), NONE, A::OpenBest, "b", "open the best log", "best"),
    b(C::Scoreboard, K::Char('w'), NONE, A::OpenWorst, "w", "open the worst log", "worst"),
    b(C::Scoreboard, K::Esc, NONE, A::Back, "Esc", "close", "close"),
    b(C::Diff, K::Up, NONE, A::Up, "Up", "scroll up", "up"),
    b(C::Diff, K::Down, NONE, A::Down, "Down", "scroll down", "down"),
    b(C::Diff, K::PageUp, NONE, A::PageUp, "PgUp", "page up", ""),
    b(C::Diff, K::PageDown, NONE, A::PageDown, "PgDn", "page down", ""),
    b(C::Diff, K::Char('r'), NONE, A::ToggleRaw, "r", "word diff / both rendered as markdown", "render"),
    b(C::Diff, K::Esc, NONE, A::Back, "Esc", "close", "close"),
    b(C::Diff, K::Char('q'), NONE, A::Back, "q", "close", ""),
    b(C::Scoreboard, K::Char('q'), NONE, A::Back, "q", "close", ""),
    b(C::Review, K::Char('0'), NONE, A::ReviewScore(0), "0-9", "score 0-9 and go on", "score"),
    b(C::Review, K::Char('1'), NONE, A::ReviewScore(1), "1", "score 1 and go on", ""),
    b(C::Review, K::Char('2'), NONE, A::ReviewScore(2), "2", "score 2 and go on", ""),
    b(C::Review, K::Char('3'), NONE, A::ReviewScore(3), "3", "score 3 and go on", ""),
    b(C::Review, K::Char('4'), NONE, A::ReviewScore(4), "4", "score 4 and go on", ""),
    b(C::Review, K::Char('5'), NONE, A::ReviewScore(5), "5", "score 5 and go on", ""),
    b(C::Review, K::Char('6'), NONE, A::ReviewScore(6), "6", "score 6 and go on", ""),
    b(C::Review, K::Char('7'), NONE, A::ReviewScore(7), "7", "score 7 and go on", ""),
    b(C::Review, K::Char('8'), NONE, A::ReviewScore(8), "8", "score 8 and go on", ""),
    b(C::Review, K::Char('9'), NONE, A::ReviewScore(9), "9", "score 9 and go on", ""),
    b(C::Review, K::Char('t'), NONE, A::ReviewScore(10), "t", "score 10 and go on", "10"),
    b(C::Review, K::Char('s'), NONE, A::ReviewSkip, "s", "skip", "skip"),
    b(C::Review, K::Char('n'), NONE, A::ReviewNext, "n", "next item", "next"),
    b(C::Review, K::Char('p'), NONE, A::ReviewPrev, "p", "previous item", "prev"),
    b(C::Review, K::Char('i'), NONE, A::ReviewNotes, "i", "notes", "notes"),
    b(C::Review, K::Char('u'), NONE, A::ReviewUndo, "u", "undo the last score", "undo"),
    b(C::Review, K::Char('r'), NONE, A::ToggleRaw, "r", "raw text / rendered markdown", "raw"),
    b(C::Review, K::Char('c'), NONE, A::CopyOutput, "c", "copy the output (OSC 52)", "copy"),
    b(C::Review, K::Up, NONE, A::Up, "Up", "scroll the output up", ""),
    b(C::Review, K::Down, NONE, A::Down, "Down", "scroll the output down", ""),
    b(C::Review, K::PageUp, NONE, A::PageUp, "PgUp", "page up", ""),
    b(C::Review, K::PageDown, NONE, A::PageDown, "PgDn", "page down", ""),
    b(C::Review, K::Char('q'), NONE, A::Quit, "q", "quit", "quit"),
    b(C::Review, K::Char('c'), CTRL, A::Quit, "Ctrl-C", "quit", ""),
    b(C::ReviewNotes, K::Char('s'), CTRL, A::Submit, "Ctrl-S", "log with these notes and go on", "log"),
    b(C::ReviewNotes, K::Esc, NONE, A::Back, "Esc", "done with the notes", "done"),
    b(C::ReviewNotes, K::Char('c'), CTRL, A::Quit, "Ctrl-C", "quit", ""),
    b(C::ReviewBad, K::Enter, NONE, A::ReviewGoOn, "Enter", "go on without these lines", "go on"),
    b(C::ReviewBad, K::Char('q'), NONE, A::Quit, "q", "quit", "quit"),
    b(C::ReviewBad, K::Esc, NONE, A::Quit, "Esc", "quit", ""),
    b(C::ReviewPicker, K::Enter, NONE, A::Open, "Enter", "use this prompt (and for later items without one)", "use"),
    b(C::ReviewPicker, K::Up, NONE, A::Up, "Up", "previous prompt", ""),
    b(C::ReviewPicker, K::Down, NONE, A::Down, "Down", "next prompt", ""),
    b(C::ReviewPicker, K::Esc, NONE, A::Back, "Esc", "cancel", "cancel"),
    b(C::ReviewPicker, K::Char('c'), CTRL, A::Quit, "Ctrl-C", "quit", ""),
];

/// The modifiers that count for `key`: Shift is part of a character (and
/// of Shift-Tab) already.
fn plain_mods(key: &KeyEvent) -> KeyModifiers {
    if matches!(key.code, KeyCode::Char(_) | KeyCode::BackTab) {
        key.modifiers - KeyModifiers::SHIFT
    } else {
        key.modifiers
    }
}

/// The action `key` means in `contexts` (searched in order), if any, in
/// the keymap in force.
#[must_use]
pub fn resolve(key: &KeyEvent, contexts: &[Ctx]) -> Option<Action> {
    active().resolve(key.code, plain_mods(key), contexts)
}

/// The footer hints for `contexts` in the keymap in force: each action
/// once, in table order.
#[must_use]
pub fn hints(contexts: &[Ctx]) -> Vec<(&'static str, &'static str)> {
    active().hints(contexts)
}

/// The status bar's hints for `contexts` in the keymap in force, the
/// focused place's keys first and the global ones after: each action
/// once, as (key, few words, action).
#[must_use]
pub fn footer(contexts: &[Ctx]) -> Vec<(&'static str, &'static str, Action)> {
    active().footer(contexts)
}

impl Keymap {
    /// The footer hints for `contexts`: each action once, in table order.
    #[must_use]
    pub fn hints(&self, contexts: &[Ctx]) -> Vec<(&str, &'static str)> {
        let mut seen = Vec::new();
        let mut out = Vec::new();
        for ctx in contexts {
            for b in self.bindings.iter().filter(|b| b.ctx == *ctx && b.hint()) {
                if !seen.contains(&b.action) {
                    seen.push(b.action);
                    out.push((b.label.as_str(), b.desc));
                }
            }
        }
        out
    }

    /// The status bar's hints for `contexts`, the focused place's keys
    /// first and the global ones after: each action once.
    #[must_use]
    pub fn footer(&self, contexts: &[Ctx]) -> Vec<(&str, &'static str, Action)> {
        let mut out: Vec<(&str, &'static str, Action)> = Vec::new();
        // Most specific place first whatever order `contexts` resolves keys in.
        let places = contexts.iter().rev().filter(|c| **c != Ctx::Global);
        let global = contexts.iter().filter(|c| **c == Ctx::Global);
        for ctx in places.chain(global) {
            for b in self.bindings.iter().filter(|b| b.ctx == *ctx && b.hint()) {
                if !out.iter().any(|(_, _, a)| *a == b.action) {
                    out.push((b.label.as_str(), b.short, b.action));
                }
            }
        }
        out
    }
}

/// A heading for a context in the help overlay.
#[must_use]
pub fn ctx_name(ctx: Ctx) -> &'static str {
    match ctx {
        Ctx::Global => "Anywhere",
        Ctx::Prompts => "Prompt list",
        Ctx::Filter => "Filtering the prompt list",
        Ctx::Prompt => "Prompt content",
        Ctx::Form => "Compose form (Output, Model, Score, Notes; Alt-T scores 10 and submits)",
        Ctx::Model => "Model field",
        Ctx::Score => "Score field (digits 0-9; 1 then 0 makes 10)",
        Ctx::Logs => "Logs of the prompt",
        Ctx::LogsSearch => "Searching the logs (output, notes, model)",
        Ctx::LogDetail => "A log, opened",
        Ctx::Confirm => "Questions",
        Ctx::Help => "This help",
        Ctx::HelpSearch => "Searching this help (type words of a key or what it does)",
        Ctx::Dialog => "Dialogs",
        Ctx::Outbox => "Outbox",
        Ctx::Scoreboard => "Scoreboard",
        Ctx::Diff => "Diff of two logs (m in the logs, twice)",
        Ctx::Review => "promptcrafter review: an item (t scores 10)",
        Ctx::ReviewNotes => "promptcrafter review: typing notes",
        Ctx::ReviewBad => "promptcrafter review: unreadable input lines",
        Ctx::ReviewPicker => "promptcrafter review: choosing a prompt (type to filter)",
    }
}

#[cfg(test)]
#[path = "keymap/default_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "keymap/tests.rs"]
mod config_tests;
