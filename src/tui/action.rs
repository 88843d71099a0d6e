//! Everything a key (or click) can mean. The keymap turns input into these;
//! `App::update` turns these into state changes.

/// A user intent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Leave the program (asks first if the form holds unsent text).
    Quit,
    /// Send the form as a new log.
    Submit,
    /// Send what the outbox holds now, without waiting for the next retry.
    RetryNow,
    /// Move focus to the next pane or field.
    FocusNext,
    /// Move focus to the previous pane or field.
    FocusPrev,
    /// Show or hide the list of key bindings.
    Help,
    /// Leave a field, filter or dialog.
    Back,
    /// Edit the output in `$VISUAL` / `$EDITOR`.
    OpenEditor,
    /// Start typing a filter over the prompt list.
    Filter,
    /// Add a prompt.
    AddPrompt,
    /// Reload the prompt list.
    Reload,
    /// Move the selection up.
    Up,
    /// Move the selection down.
    Down,
    /// Scroll or move a page up.
    PageUp,
    /// Scroll or move a page down.
    PageDown,
    /// Open the selected item (select a prompt, open a log).
    Open,
    /// Delete the selected log (after confirmation).
    Delete,
    /// Raise the score by one.
    ScoreUp,
    /// Lower the score by one.
    ScoreDown,
    /// Clear the score.
    ScoreClear,
    /// Use the previous model logged before.
    ModelPrev,
    /// Use the next model logged before.
    ModelNext,
    /// Show the outbox.
    Outbox,
    /// Discard the selected prompt's draft (after confirmation).
    DiscardDraft,
    /// Answer yes in a confirmation.
    Yes,
    /// Answer no in a confirmation.
    No,
    /// Review: score the item with this (0-10) and go to the next one.
    ReviewScore(u8),
    /// Review: the next item, without scoring.
    ReviewNext,
    /// Review: the previous item.
    ReviewPrev,
    /// Review: skip the item (recorded) and go on.
    ReviewSkip,
    /// Review: type notes for the item.
    ReviewNotes,
    /// Review: undo the last score.
    ReviewUndo,
    /// Show the selected prompt's scoreboard.
    Scoreboard,
    /// Open the best-scored log of the scoreboard's prompt.
    OpenBest,
    /// Open the worst-scored log of the scoreboard's prompt.
    OpenWorst,
    /// Mark the selected log for a diff; on a second log, show the diff.
    MarkDiff,
    /// Review: start although some input lines could not be read.
    ReviewGoOn,
}
