//! What arrives at the loop (input, task results, timers), and what the
//! update asks the runtime to do (commands), so that update never waits.
//! Both screens speak this one vocabulary.

use crossterm::event::Event;

use super::error::EditorError;
use crate::client::{ApiError, LogPage};
use crate::model::{Log, LogPatch, NewLog, NewPrompt, Prompt, PromptPatch};
use crate::outbox::{Draft, Entry, OutboxError, Outcome, SubmitResult};
use crate::stats::PromptStats;

/// Everything the loop handles, one at a time.
#[derive(Debug)]
pub enum Message {
    /// A terminal event: key, paste, mouse, resize.
    Input(Event),
    /// A finished API call.
    Api(ApiEvent),
    /// The external editor closed: the new text, or why it failed.
    EditorDone(Result<String, EditorError>),
    /// A draft file was written (or removed), or why it failed.
    DraftSaved {
        /// The prompt whose draft it is.
        prompt_id: String,
        /// The outcome.
        result: Result<(), OutboxError>,
    },
    /// The outbox as it is on disk now.
    OutboxRead(Result<Vec<Entry>, OutboxError>),
    /// A review's progress was written (in order, by the runner), or why not.
    ProgressSaved(std::io::Result<()>),
    /// Time passed: timers (draft saves, outbox retries, spinner) may be due.
    Tick,
    /// The prompt filter's matcher has new results (see
    /// `components::matching`).
    Matched,
}

/// The result of an API call.
#[derive(Debug)]
pub enum ApiEvent {
    /// The prompt list.
    Prompts(Result<Vec<Prompt>, ApiError>),
    /// One page of the prompt list, in the list's order (see
    /// [`Cmd::LoadPromptPages`]).
    PromptPage {
        /// The prompts of this page, or why not (no page follows an error).
        result: Result<Vec<Prompt>, ApiError>,
        /// Whether this is the first page (it replaces the list; the others
        /// add to it).
        first: bool,
        /// Whether this is the last page.
        last: bool,
    },
    /// Every log of the user (the review screen's duplicate guard).
    AllLogs(Result<Vec<Log>, ApiError>),
    /// The newest page of one prompt's logs (the whole list from a server
    /// that does not page).
    Logs {
        /// The prompt.
        prompt_id: String,
        /// The page, or why not.
        result: Result<LogPage, ApiError>,
    },
    /// The next, older page of one prompt's logs.
    MoreLogs {
        /// The prompt.
        prompt_id: String,
        /// The cursor the page was asked after.
        before: String,
        /// The page, or why not.
        result: Result<LogPage, ApiError>,
    },
    /// The exact statistics of one prompt's logs.
    Stats {
        /// The prompt.
        prompt_id: String,
        /// The statistics, or why not.
        result: Box<Result<PromptStats, ApiError>>,
    },
    /// A submission's outcome.
    Submitted {
        /// What was sent.
        log: NewLog,
        /// What came of it.
        result: Box<SubmitResult>,
    },
    /// A log was deleted (or not).
    Deleted {
        /// The log.
        log_id: String,
        /// The prompt it belonged to.
        prompt_id: String,
        /// The outcome.
        result: Result<(), ApiError>,
    },
    /// A prompt was created (or not).
    PromptCreated(Result<Prompt, ApiError>),
    /// A prompt was changed (or not).
    PromptUpdated(Result<Prompt, ApiError>),
    /// A log's score and notes were changed (or not).
    LogUpdated {
        /// The log as it was.
        log: Box<Log>,
        /// What was asked.
        patch: LogPatch,
        /// The log as it is now, or why not.
        result: Box<Result<Log, ApiError>>,
    },
    /// A prompt was deleted (or not).
    PromptDeleted {
        /// The prompt.
        id: String,
        /// The outcome.
        result: Result<(), ApiError>,
    },
    /// A login finished: the token, or why not.
    LoggedIn(Result<String, ApiError>),
    /// The outbox was flushed: each entry tried with its outcome.
    Flushed(Result<Vec<(Entry, Outcome)>, OutboxError>),
}

/// Work for the runtime: each becomes a task (or, for the editor, a pause
/// of the terminal) that reports back with a [`Message`].
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    /// GET /prompts.
    LoadPrompts,
    /// GET /prompts page by page: a small first page to draw at once, then
    /// the rest in large pages, each arriving as an [`ApiEvent::PromptPage`]
    /// (one answer, the whole list, from a server without paging).
    LoadPromptPages,
    /// GET /logs (every log of the user: the review screen's duplicate guard).
    LoadAllLogs,
    /// GET /logs?promptId=&limit=: the newest page of a prompt's logs.
    LoadLogs(String),
    /// GET /logs?promptId=&limit=&before=: the page after the cursor.
    LoadMoreLogs {
        /// The prompt.
        prompt_id: String,
        /// The cursor of the page (the last page's `next`).
        before: String,
    },
    /// GET /prompts/:id/stats: a prompt's exact statistics (a new request
    /// for the same prompt cancels the one before).
    LoadStats(String),
    /// POST /logs through the outbox's submission path.
    Submit(NewLog),
    /// DELETE /logs/:id.
    DeleteLog {
        /// The log.
        log_id: String,
        /// Its prompt.
        prompt_id: String,
    },
    /// POST /prompts.
    CreatePrompt(NewPrompt),
    /// PATCH /prompts/:id.
    UpdatePrompt {
        /// The prompt.
        id: String,
        /// What changes.
        patch: PromptPatch,
    },
    /// DELETE /prompts/:id.
    DeletePrompt(String),
    /// PATCH /logs/:id.
    UpdateLog {
        /// The log as it is.
        log: Log,
        /// What changes.
        patch: LogPatch,
    },
    /// POST /auth/login.
    Login {
        /// Email.
        email: String,
        /// Password.
        password: String,
    },
    /// Store a token for the remote API (mode 0600), and who it is for.
    SaveToken {
        /// The token.
        token: String,
        /// The email it was issued to.
        user: String,
    },
    /// Write a draft (a blank one removes the file).
    SaveDraft(Draft),
    /// Remove a prompt's draft.
    RemoveDraft(String),
    /// Read the outbox from disk.
    ReadOutbox,
    /// Send the due outbox entries (all pending ones when forced).
    FlushOutbox {
        /// Ignore the retry times.
        force: bool,
    },
    /// Remove an outbox entry.
    DiscardOutbox(String),
    /// Suspend the TUI and edit this text in `$VISUAL`/`$EDITOR` (the
    /// loop does it: the editor needs the terminal).
    OpenEditor(String),
    /// Capture the mouse, or stop (the loop does it: it owns the terminal).
    SetMouse(bool),
    /// Write a review's progress (at once and in order, so that an older
    /// snapshot never overwrites a newer one).
    SaveProgress(crate::review_queue::Progress),
    /// Abandon a request the user no longer waits for.
    Abandon(Request),
    /// Put this text on the clipboard: the loop writes it to the terminal
    /// as OSC 52 (base64 only), between frames.
    Clipboard(String),
}

/// A request the user can abandon; a new one of the same kind replaces
/// (and cancels) the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Request {
    /// Loading the prompt list.
    Prompts,
    /// Logging in.
    Login,
}
