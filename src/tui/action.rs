//! Everything a key (or click) can mean. The keymap turns input into these;
//! the screens turn these into state changes. Each has a stable
//! snake_case name (`submit`, `review_score_7`) for a `[keys]` table.

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
    /// Logs: type a search over the prompt's logs (output, notes, model).
    LogsSearch,
    /// Logs: the next sort (newest, score, model).
    LogsSort,
    /// Logs: show only the next model's logs (then all again).
    LogsModel,
    /// Show the text raw, or rendered as markdown again.
    ToggleRaw,
    /// Copy the output to the clipboard (OSC 52).
    CopyOutput,
    /// Copy the notes to the clipboard (OSC 52).
    CopyNotes,
    /// Set the form's score to this (0-10) and submit it at once.
    ScoreSubmit(u8),
    /// Clear the focused one-line field.
    ClearField,
    /// Edit the selected prompt or log.
    Edit,
    /// Delete the selected prompt (after confirmation).
    DeletePrompt,
    /// A new line in a dialog's multi-line field.
    NewLine,
    /// Turn mouse capture off (the terminal's own selection works) or on.
    ToggleMouse,
    /// Search the help overlay.
    Search,
}

/// Every action without a payload, with its name.
const NAMED: &[(Action, &str)] = &[
    (Action::Quit, "quit"),
    (Action::Submit, "submit"),
    (Action::RetryNow, "retry_now"),
    (Action::FocusNext, "focus_next"),
    (Action::FocusPrev, "focus_prev"),
    (Action::Help, "help"),
    (Action::Back, "back"),
    (Action::OpenEditor, "open_editor"),
    (Action::Filter, "filter"),
    (Action::AddPrompt, "add_prompt"),
    (Action::Reload, "reload"),
    (Action::Up, "up"),
    (Action::Down, "down"),
    (Action::PageUp, "page_up"),
    (Action::PageDown, "page_down"),
    (Action::Open, "open"),
    (Action::Delete, "delete"),
    (Action::ScoreUp, "score_up"),
    (Action::ScoreDown, "score_down"),
    (Action::ScoreClear, "score_clear"),
    (Action::ModelPrev, "model_prev"),
    (Action::ModelNext, "model_next"),
    (Action::Outbox, "outbox"),
    (Action::DiscardDraft, "discard_draft"),
    (Action::Yes, "yes"),
    (Action::No, "no"),
    (Action::ReviewNext, "review_next"),
    (Action::ReviewPrev, "review_prev"),
    (Action::ReviewSkip, "review_skip"),
    (Action::ReviewNotes, "review_notes"),
    (Action::ReviewUndo, "review_undo"),
    (Action::Scoreboard, "scoreboard"),
    (Action::OpenBest, "open_best"),
    (Action::OpenWorst, "open_worst"),
    (Action::MarkDiff, "mark_diff"),
    (Action::ReviewGoOn, "review_go_on"),
    (Action::LogsSearch, "logs_search"),
    (Action::LogsSort, "logs_sort"),
    (Action::LogsModel, "logs_model"),
    (Action::ToggleRaw, "toggle_raw"),
    (Action::CopyOutput, "copy_output"),
    (Action::CopyNotes, "copy_notes"),
    (Action::ClearField, "clear_field"),
    (Action::Edit, "edit"),
    (Action::DeletePrompt, "delete_prompt"),
    (Action::NewLine, "new_line"),
    (Action::ToggleMouse, "toggle_mouse"),
    (Action::Search, "search"),
];

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Self::ReviewScore(n) = self {
            return write!(f, "review_score_{n}");
        }
        if let Self::ScoreSubmit(n) = self {
            return write!(f, "score_submit_{n}");
        }
        let name = NAMED
            .iter()
            .find(|(a, _)| a == self)
            .map_or("unknown", |(_, n)| n);
        f.write_str(name)
    }
}

/// A name that is no action's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no action is called {0:?}")]
pub struct UnknownAction(pub String);

impl std::str::FromStr for Action {
    type Err = UnknownAction;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(n) = s.strip_prefix("review_score_")
            && let Ok(n) = n.parse::<u8>()
            && n <= 10
        {
            return Ok(Self::ReviewScore(n));
        }
        if let Some(n) = s.strip_prefix("score_submit_")
            && let Ok(n) = n.parse::<u8>()
            && n <= 10
        {
            return Ok(Self::ScoreSubmit(n));
        }
        NAMED
            .iter()
            .find(|(_, n)| *n == s)
            .map(|(a, _)| *a)
            .ok_or_else(|| UnknownAction(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_name_reads_back() {
        for (a, n) in NAMED {
            assert_eq!(a.to_string(), *n);
            assert_eq!(n.parse::<Action>(), Ok(*a));
        }
        assert_eq!(
            "review_score_10".parse::<Action>(),
            Ok(Action::ReviewScore(10))
        );
        assert_eq!(Action::ReviewScore(3).to_string(), "review_score_3");
        assert!("review_score_11".parse::<Action>().is_err());
        assert_eq!(
            "score_submit_10".parse::<Action>(),
            Ok(Action::ScoreSubmit(10))
        );
        assert_eq!(Action::ScoreSubmit(7).to_string(), "score_submit_7");
        assert!("nope".parse::<Action>().is_err());
    }
}
