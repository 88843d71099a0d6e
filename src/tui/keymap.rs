//! The one table of key bindings. Keys become [`Action`]s here; the footer
//! hints and the help overlay are generated from the same table, so they
//! cannot drift from what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

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
    /// A log opened in full.
    LogDetail,
    /// A yes/no question.
    Confirm,
    /// The help overlay.
    Help,
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
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

const fn b(
    ctx: Ctx,
    code: KeyCode,
    mods: KeyModifiers,
    action: Action,
    label: &'static str,
    desc: &'static str,
    hint: bool,
) -> Binding {
    Binding {
        ctx,
        code,
        mods,
        action,
        label,
        desc,
        hint,
    }
}

use Action as A;
use Ctx as C;
use KeyCode as K;

/// Every binding, in the order help lists them.
pub const BINDINGS: &[Binding] = &[
    b(
        C::Global,
        K::Char('c'),
        CTRL,
        A::Quit,
        "Ctrl-C",
        "quit (asks if text is unsent)",
        false,
    ),
    b(
        C::Global,
        K::Char('s'),
        CTRL,
        A::Submit,
        "Ctrl-S",
        "submit the form as a log",
        true,
    ),
    b(
        C::Global,
        K::F(5),
        NONE,
        A::Submit,
        "F5",
        "submit the form as a log",
        false,
    ),
    b(
        C::Global,
        K::F(6),
        NONE,
        A::RetryNow,
        "F6",
        "send the outbox now",
        false,
    ),
    b(
        C::Global,
        K::Tab,
        NONE,
        A::FocusNext,
        "Tab",
        "next pane or field",
        true,
    ),
    b(
        C::Global,
        K::BackTab,
        NONE,
        A::FocusPrev,
        "Shift-Tab",
        "previous pane or field",
        false,
    ),
    b(C::Global, K::F(1), NONE, A::Help, "F1", "help", false),
    b(
        C::Global,
        K::Char('o'),
        CTRL,
        A::Outbox,
        "Ctrl-O",
        "the outbox",
        false,
    ),
    b(
        C::Prompts,
        K::Char('/'),
        NONE,
        A::Filter,
        "/",
        "filter prompts",
        true,
    ),
    b(
        C::Prompts,
        K::Enter,
        NONE,
        A::Open,
        "Enter",
        "select, then write the output",
        true,
    ),
    b(
        C::Prompts,
        K::Up,
        NONE,
        A::Up,
        "Up",
        "previous prompt",
        false,
    ),
    b(
        C::Prompts,
        K::Down,
        NONE,
        A::Down,
        "Down",
        "next prompt",
        false,
    ),
    b(
        C::Prompts,
        K::Char('k'),
        NONE,
        A::Up,
        "k",
        "previous prompt",
        false,
    ),
    b(
        C::Prompts,
        K::Char('j'),
        NONE,
        A::Down,
        "j",
        "next prompt",
        false,
    ),
    b(
        C::Prompts,
        K::Char('a'),
        NONE,
        A::AddPrompt,
        "a",
        "add a prompt",
        true,
    ),
    b(
        C::Prompts,
        K::Char('r'),
        NONE,
        A::Reload,
        "r",
        "reload prompts",
        true,
    ),
    b(
        C::Prompts,
        K::Char('b'),
        NONE,
        A::Scoreboard,
        "b",
        "scoreboard of the prompt",
        true,
    ),
    b(
        C::Prompts,
        K::Char('x'),
        NONE,
        A::DiscardDraft,
        "x",
        "discard this prompt's draft",
        false,
    ),
    b(
        C::Prompts,
        K::Esc,
        NONE,
        A::Back,
        "Esc",
        "clear the filter",
        false,
    ),
    b(C::Prompts, K::Char('?'), NONE, A::Help, "?", "help", true),
    b(C::Prompts, K::Char('q'), NONE, A::Quit, "q", "quit", true),
    b(
        C::Filter,
        K::Enter,
        NONE,
        A::Open,
        "Enter",
        "select the highlighted prompt",
        true,
    ),
    b(C::Filter, K::Up, NONE, A::Up, "Up", "previous match", false),
    b(
        C::Filter,
        K::Down,
        NONE,
        A::Down,
        "Down",
        "next match",
        false,
    ),
    b(
        C::Filter,
        K::Esc,
        NONE,
        A::Back,
        "Esc",
        "clear the filter",
        true,
    ),
    b(C::Prompt, K::Up, NONE, A::Up, "Up", "scroll up", true),
    b(
        C::Prompt,
        K::Down,
        NONE,
        A::Down,
        "Down",
        "scroll down",
        true,
    ),
    b(
        C::Prompt,
        K::PageUp,
        NONE,
        A::PageUp,
        "PgUp",
        "page up",
        false,
    ),
    b(
        C::Prompt,
        K::PageDown,
        NONE,
        A::PageDown,
        "PgDn",
        "page down",
        false,
    ),
    b(C::Prompt, K::Char('?'), NONE, A::Help, "?", "help", true),
    b(C::Prompt, K::Char('q'), NONE, A::Quit, "q", "quit", true),
    b(
        C::Form,
        K::Char('g'),
        CTRL,
        A::OpenEditor,
        "Ctrl-G",
        "edit the output in $EDITOR",
        true,
    ),
    b(
        C::Form,
        K::Esc,
        NONE,
        A::Back,
        "Esc",
        "leave the field",
        true,
    ),
    b(
        C::Model,
        K::Up,
        NONE,
        A::ModelPrev,
        "Up",
        "previous model used",
        true,
    ),
    b(
        C::Model,
        K::Down,
        NONE,
        A::ModelNext,
        "Down",
        "next model used",
        true,
    ),
    b(
        C::Score,
        K::Char('+'),
        NONE,
        A::ScoreUp,
        "+",
        "score up",
        true,
    ),
    b(
        C::Score,
        K::Char('-'),
        NONE,
        A::ScoreDown,
        "-",
        "score down",
        true,
    ),
    b(C::Score, K::Up, NONE, A::ScoreUp, "Up", "score up", false),
    b(
        C::Score,
        K::Down,
        NONE,
        A::ScoreDown,
        "Down",
        "score down",
        false,
    ),
    b(
        C::Score,
        K::Backspace,
        NONE,
        A::ScoreClear,
        "Backspace",
        "clear the score",
        false,
    ),
    b(C::Logs, K::Up, NONE, A::Up, "Up", "previous log", false),
    b(C::Logs, K::Down, NONE, A::Down, "Down", "next log", false),
    b(
        C::Logs,
        K::Char('k'),
        NONE,
        A::Up,
        "k",
        "previous log",
        false,
    ),
    b(C::Logs, K::Char('j'), NONE, A::Down, "j", "next log", false),
    b(
        C::Logs,
        K::Enter,
        NONE,
        A::Open,
        "Enter",
        "open the log",
        true,
    ),
    b(
        C::Logs,
        K::Char('d'),
        NONE,
        A::Delete,
        "d",
        "delete the log",
        true,
    ),
    b(
        C::Logs,
        K::Char('b'),
        NONE,
        A::Scoreboard,
        "b",
        "scoreboard of the prompt",
        true,
    ),
    b(
        C::Logs,
        K::Char('m'),
        NONE,
        A::MarkDiff,
        "m",
        "mark for a diff; on a second log, compare",
        true,
    ),
    b(C::Logs, K::Char('?'), NONE, A::Help, "?", "help", true),
    b(C::Logs, K::Char('q'), NONE, A::Quit, "q", "quit", true),
    b(C::LogDetail, K::Up, NONE, A::Up, "Up", "scroll up", true),
    b(
        C::LogDetail,
        K::Down,
        NONE,
        A::Down,
        "Down",
        "scroll down",
        true,
    ),
    b(
        C::LogDetail,
        K::PageUp,
        NONE,
        A::PageUp,
        "PgUp",
        "page up",
        false,
    ),
    b(
        C::LogDetail,
        K::PageDown,
        NONE,
        A::PageDown,
        "PgDn",
        "page down",
        false,
    ),
    b(
        C::LogDetail,
        K::Char('d'),
        NONE,
        A::Delete,
        "d",
        "delete this log",
        true,
    ),
    b(C::LogDetail, K::Esc, NONE, A::Back, "Esc", "close", true),
    b(
        C::LogDetail,
        K::Char('q'),
        NONE,
        A::Back,
        "q",
        "close",
        false,
    ),
    b(C::Confirm, K::Char('y'), NONE, A::Yes, "y", "yes", true),
    b(C::Confirm, K::Char('n'), NONE, A::No, "n", "no", true),
    b(C::Confirm, K::Esc, NONE, A::No, "Esc", "no", false),
    b(C::Help, K::Esc, NONE, A::Back, "Esc", "close help", true),
    b(
        C::Help,
        K::Char('?'),
        NONE,
        A::Back,
        "?",
        "close help",
        false,
    ),
    b(
        C::Help,
        K::Char('q'),
        NONE,
        A::Back,
        "q",
        "close help",
        false,
    ),
    b(C::Help, K::Up, NONE, A::Up, "Up", "scroll up", false),
    b(
        C::Help,
        K::Down,
        NONE,
        A::Down,
        "Down",
        "scroll down",
        false,
    ),
    b(
        C::Dialog,
        K::Enter,
        NONE,
        A::Open,
        "Enter",
        "next field / confirm",
        true,
    ),
    b(C::Dialog, K::Esc, NONE, A::Back, "Esc", "cancel", true),
    b(C::Outbox, K::Up, NONE, A::Up, "Up", "previous entry", false),
    b(
        C::Outbox,
        K::Down,
        NONE,
        A::Down,
        "Down",
        "next entry",
        false,
    ),
    b(
        C::Outbox,
        K::Char('r'),
        NONE,
        A::RetryNow,
        "r",
        "retry now",
        true,
    ),
    b(
        C::Outbox,
        K::Char('e'),
        NONE,
        A::Open,
        "e",
        "edit (back into the form)",
        true,
    ),
    b(
        C::Outbox,
        K::Char('d'),
        NONE,
        A::Delete,
        "d",
        "discard (asks first)",
        true,
    ),
    b(C::Outbox, K::Esc, NONE, A::Back, "Esc", "close", true),
    b(
        C::Scoreboard,
        K::Char('b'),
        NONE,
        A::OpenBest,
        "b",
        "open the best log",
        true,
    ),
    b(
        C::Scoreboard,
        K::Char('w'),
        NONE,
        A::OpenWorst,
        "w",
        "open the worst log",
        true,
    ),
    b(C::Scoreboard, K::Esc, NONE, A::Back, "Esc", "close", true),
    b(C::Diff, K::Up, NONE, A::Up, "Up", "scroll up", true),
    b(C::Diff, K::Down, NONE, A::Down, "Down", "scroll down", true),
    b(
        C::Diff,
        K::PageUp,
        NONE,
        A::PageUp,
        "PgUp",
        "page up",
        false,
    ),
    b(
        C::Diff,
        K::PageDown,
        NONE,
        A::PageDown,
        "PgDn",
        "page down",
        false,
    ),
    b(C::Diff, K::Esc, NONE, A::Back, "Esc", "close", true),
    b(C::Diff, K::Char('q'), NONE, A::Back, "q", "close", false),
    b(
        C::Scoreboard,
        K::Char('q'),
        NONE,
        A::Back,
        "q",
        "close",
        false,
    ),
    b(
        C::Review,
        K::Char('0'),
        NONE,
        A::ReviewScore(0),
        "0-9",
        "score 0-9 and go on",
        true,
    ),
    b(
        C::Review,
        K::Char('1'),
        NONE,
        A::ReviewScore(1),
        "1",
        "score 1 and go on",
        false,
    ),
    b(
        C::Review,
        K::Char('2'),
        NONE,
        A::ReviewScore(2),
        "2",
        "score 2 and go on",
        false,
    ),
    b(
        C::Review,
        K::Char('3'),
        NONE,
        A::ReviewScore(3),
        "3",
        "score 3 and go on",
        false,
    ),
    b(
        C::Review,
        K::Char('4'),
        NONE,
        A::ReviewScore(4),
        "4",
        "score 4 and go on",
        false,
    ),
    b(
        C::Review,
        K::Char('5'),
        NONE,
        A::ReviewScore(5),
        "5",
        "score 5 and go on",
        false,
    ),
    b(
        C::Review,
        K::Char('6'),
        NONE,
        A::ReviewScore(6),
        "6",
        "score 6 and go on",
        false,
    ),
    b(
        C::Review,
        K::Char('7'),
        NONE,
        A::ReviewScore(7),
        "7",
        "score 7 and go on",
        false,
    ),
    b(
        C::Review,
        K::Char('8'),
        NONE,
        A::ReviewScore(8),
        "8",
        "score 8 and go on",
        false,
    ),
    b(
        C::Review,
        K::Char('9'),
        NONE,
        A::ReviewScore(9),
        "9",
        "score 9 and go on",
        false,
    ),
    b(
        C::Review,
        K::Char('t'),
        NONE,
        A::ReviewScore(10),
        "t",
        "score 10 and go on",
        true,
    ),
    b(
        C::Review,
        K::Char('s'),
        NONE,
        A::ReviewSkip,
        "s",
        "skip",
        true,
    ),
    b(
        C::Review,
        K::Char('n'),
        NONE,
        A::ReviewNext,
        "n",
        "next item",
        true,
    ),
    b(
        C::Review,
        K::Char('p'),
        NONE,
        A::ReviewPrev,
        "p",
        "previous item",
        true,
    ),
    b(
        C::Review,
        K::Char('i'),
        NONE,
        A::ReviewNotes,
        "i",
        "notes",
        true,
    ),
    b(
        C::Review,
        K::Char('u'),
        NONE,
        A::ReviewUndo,
        "u",
        "undo the last score",
        true,
    ),
    b(
        C::Review,
        K::Up,
        NONE,
        A::Up,
        "Up",
        "scroll the output up",
        false,
    ),
    b(
        C::Review,
        K::Down,
        NONE,
        A::Down,
        "Down",
        "scroll the output down",
        false,
    ),
    b(
        C::Review,
        K::PageUp,
        NONE,
        A::PageUp,
        "PgUp",
        "page up",
        false,
    ),
    b(
        C::Review,
        K::PageDown,
        NONE,
        A::PageDown,
        "PgDn",
        "page down",
        false,
    ),
    b(C::Review, K::Char('q'), NONE, A::Quit, "q", "quit", true),
    b(
        C::Review,
        K::Char('c'),
        CTRL,
        A::Quit,
        "Ctrl-C",
        "quit",
        false,
    ),
    b(
        C::ReviewNotes,
        K::Char('s'),
        CTRL,
        A::Submit,
        "Ctrl-S",
        "log with these notes and go on",
        true,
    ),
    b(
        C::ReviewNotes,
        K::Esc,
        NONE,
        A::Back,
        "Esc",
        "done with the notes",
        true,
    ),
    b(
        C::ReviewNotes,
        K::Char('c'),
        CTRL,
        A::Quit,
        "Ctrl-C",
        "quit",
        false,
    ),
    b(
        C::ReviewBad,
        K::Enter,
        NONE,
        A::ReviewGoOn,
        "Enter",
        "go on without these lines",
        true,
    ),
    b(C::ReviewBad, K::Char('q'), NONE, A::Quit, "q", "quit", true),
    b(C::ReviewBad, K::Esc, NONE, A::Quit, "Esc", "quit", false),
    b(
        C::ReviewPicker,
        K::Enter,
        NONE,
        A::Open,
        "Enter",
        "use this prompt (and for later items without one)",
        true,
    ),
    b(
        C::ReviewPicker,
        K::Up,
        NONE,
        A::Up,
        "Up",
        "previous prompt",
        false,
    ),
    b(
        C::ReviewPicker,
        K::Down,
        NONE,
        A::Down,
        "Down",
        "next prompt",
        false,
    ),
    b(
        C::ReviewPicker,
        K::Esc,
        NONE,
        A::Back,
        "Esc",
        "cancel",
        true,
    ),
    b(
        C::ReviewPicker,
        K::Char('c'),
        CTRL,
        A::Quit,
        "Ctrl-C",
        "quit",
        false,
    ),
];

fn matches(binding: &Binding, key: &KeyEvent) -> bool {
    let mods = if matches!(key.code, KeyCode::Char(_) | KeyCode::BackTab) {
        key.modifiers - KeyModifiers::SHIFT
    } else {
        key.modifiers
    };
    binding.code == key.code && binding.mods == mods
}

/// The action `key` means in `contexts` (searched in order), if any.
#[must_use]
pub fn resolve(key: &KeyEvent, contexts: &[Ctx]) -> Option<Action> {
    contexts.iter().find_map(|ctx| {
        BINDINGS
            .iter()
            .find(|b| b.ctx == *ctx && matches(b, key))
            .map(|b| b.action)
    })
}

/// The footer hints for `contexts`: each action once, in table order.
#[must_use]
pub fn hints(contexts: &[Ctx]) -> Vec<(&'static str, &'static str)> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for ctx in contexts {
        for b in BINDINGS.iter().filter(|b| b.ctx == *ctx && b.hint) {
            if !seen.contains(&b.action) {
                seen.push(b.action);
                out.push((b.label, b.desc));
            }
        }
    }
    out
}

/// A heading for a context in the help overlay.
#[must_use]
pub fn ctx_name(ctx: Ctx) -> &'static str {
    match ctx {
        Ctx::Global => "Anywhere",
        Ctx::Prompts => "Prompt list",
        Ctx::Filter => "Filtering the prompt list",
        Ctx::Prompt => "Prompt content",
        Ctx::Form => "Compose form (Output, Model, Score, Notes)",
        Ctx::Model => "Model field",
        Ctx::Score => "Score field (digits 0-9; 1 then 0 makes 10)",
        Ctx::Logs => "Logs of the prompt",
        Ctx::LogDetail => "A log, opened",
        Ctx::Confirm => "Questions",
        Ctx::Help => "This help",
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
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn global_beats_focused_and_q_is_not_global() {
        let s = key(K::Char('s'), CTRL);
        assert_eq!(resolve(&s, &[C::Global, C::Form]), Some(A::Submit));
        let q = key(K::Char('q'), NONE);
        assert_eq!(
            resolve(&q, &[C::Global, C::Form]),
            None,
            "q types in text fields"
        );
        assert_eq!(resolve(&q, &[C::Global, C::Prompts]), Some(A::Quit));
        let plus = key(K::Char('+'), KeyModifiers::SHIFT);
        assert_eq!(resolve(&plus, &[C::Global, C::Score]), Some(A::ScoreUp));
    }

    #[test]
    fn editor_key_is_not_a_textarea_key() {
        // ratatui-textarea binds Ctrl with m h d k j w n p f b a e u r y x c v.
        for b in BINDINGS
            .iter()
            .filter(|b| b.mods == CTRL && matches!(b.ctx, C::Global | C::Form))
        {
            if let K::Char(c) = b.code {
                assert!(
                    !"mhdkjwnpfbaeuryxv".contains(c),
                    "{c} clashes with a textarea key"
                );
            }
        }
    }

    #[test]
    fn every_action_in_help_has_words() {
        assert!(
            BINDINGS
                .iter()
                .all(|b| !b.desc.is_empty() && !b.label.is_empty())
        );
        assert!(!hints(&[C::Global, C::Prompts]).is_empty());
    }
}
