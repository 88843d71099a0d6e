//! `promptcrafter log`: send one model output (from stdin or a file)
//! against a prompt named by id or by its unique title, warning when the
//! same output is among the prompt's newest logs (or, with
//! `--no-duplicate`, refusing when it is among any of them).

use std::path::PathBuf;

use clap::Args;

use crate::client::{ApiError, DuplicateAnswer};
use crate::model::{Log, NewLog};
use crate::outbox::{Outbox, SubmitResult, submit_finding_duplicate};
use crate::paths::Paths;
use crate::server::is_valid_id;

use super::prompts::read_stdin;
use super::session::{ApiArgs, Session};
use super::table;
use super::{ExitCode, Failure};

/// `promptcrafter log`.
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  \
    llm -m gpt-4o 'Summarise the report' | promptcrafter log --prompt 'Report summary' --model gpt-4o --score 8\n  \
    promptcrafter log --prompt prm_0190f3a2b4c5 --model o3 --file answer.md --no-duplicate")]
pub struct LogArgs {
    /// The prompt: its id, or its title when no other prompt has the same one.
    #[arg(long = "prompt", value_name = "ID|TITLE")]
    pub prompt: String,
    /// The model that produced the output.
    #[arg(long)]
    pub model: String,
    /// Score from 0 to 10.
    #[arg(long)]
    pub score: Option<i64>,
    /// Reviewer's notes.
    #[arg(long)]
    pub notes: Option<String>,
    /// Read the output from this file (default: stdin).
    #[arg(long, value_name = "F")]
    pub file: Option<PathBuf>,
    /// Refuse (exit 8) when the same output is already logged for this prompt
    /// and model (compared ignoring case and runs of whitespace), among all
    /// its logs; without it, the newest 200 are checked and a repeat warned of.
    #[arg(long)]
    pub no_duplicate: bool,
    /// The API.
    #[command(flatten)]
    pub api: ApiArgs,
}

/// Sends one log; prints its id.
pub async fn run(args: LogArgs, paths: &Paths) -> Result<(), Failure> {
    let output = read_output(args.file.as_ref())?;
    let mut new = NewLog {
        prompt_id: args.prompt.trim().to_owned(),
        output,
        model_used: args.model,
        notes: args.notes,
        score: args.score,
    };
    // Checked before anything starts, so a typo costs no server start-up.
    new.validate().map_err(ApiError::Invalid)?;
    let mut session = Session::open(&args.api, paths, true).await?;
    let result = if args.no_duplicate {
        match check(&mut session, &mut new).await {
            Ok(()) => Ok(send(&mut session, paths, new, None).await.0),
            Err(f) => Err(f),
        }
    } else {
        send_warning_of_repeat(&mut session, paths, new).await
    };
    session.close().await;
    report(result?)
}

fn read_output(file: Option<&PathBuf>) -> Result<String, Failure> {
    let Some(f) = file else {
        return read_stdin("the model's output");
    };
    let bytes = std::fs::read(f)
        .map_err(|e| Failure::usage(format!("cannot read {}: {e}", f.display())))?;
    super::utf8::text(bytes, &f.display().to_string())
}

/// Logs looked through for a repeat when the output is only warned of:
/// the newest page, which holds an accidental second paste, at a cost that
/// does not grow with the prompt's logs (issue 9).
const RECENT: u32 = 200;

/// Sends `new` (its prompt given by id or title) and warns when the same
/// output is among the prompt's newest [`RECENT`] logs. Our server looks
/// while it logs (one request); against a server without that extension
/// the newest page is fetched afterwards. A prompt named by title is looked
/// up first; a valid-looking id the server does not know (400 or 404) is
/// then tried as a title.
async fn send_warning_of_repeat(
    session: &mut Session,
    paths: &Paths,
    mut new: NewLog,
) -> Result<SubmitResult, Failure> {
    let given = new.prompt_id.clone();
    if !is_valid_id(&given) {
        new.prompt_id = by_title(session, &given).await?;
    }
    let (mut result, mut found) = send(session, paths, new.clone(), Some(RECENT)).await;
    if let SubmitResult::Rejected(e) = &result
        && is_valid_id(&given)
        && matches!(e.status(), Some(400 | 404))
    {
        new.prompt_id = by_title(session, &given).await?;
        (result, found) = send(session, paths, new, Some(RECENT)).await;
    }
    if let SubmitResult::Logged(log) = &result {
        warn_of_repeat(session, log, found).await;
    }
    Ok(result)
}

/// Warns on stderr when the server `found` an earlier log of the same
/// output; when it did not look, looks in the prompt's newest page (the new
/// `log` aside).
async fn warn_of_repeat(session: &mut Session, log: &Log, found: DuplicateAnswer) {
    let (id, created_at) = match found {
        DuplicateAnswer::Absent => return,
        DuplicateAnswer::Found { id, created_at } => (id, created_at),
        DuplicateAnswer::NotLooked => {
            let newest = match logs_of(session, &log.prompt_id, false).await {
                Ok(logs) => logs,
                Err(e) => {
                    eprintln!("promptcrafter: could not look for duplicates: {e}");
                    return;
                }
            };
            let earlier: Vec<Log> = newest.into_iter().filter(|l| l.id != log.id).collect();
            let Some(same) = crate::review_queue::is_duplicate(
                &earlier,
                &log.prompt_id,
                &log.model_used,
                &log.output,
            ) else {
                return;
            };
            (same.id.clone(), same.created_at.clone())
        }
    };
    eprintln!(
        "promptcrafter: warning: the same output was already logged for this prompt and model \
         as {} ({}); logged again (--no-duplicate refuses)",
        table::cut(&id, 60),
        table::cut(&created_at, 30)
    );
}

/// For `--no-duplicate`: finds the prompt (`new.prompt_id` becomes its id)
/// and refuses when the same output is among any of its logs. When the API
/// cannot be reached, an id is kept as given so the log can wait in the
/// outbox. (Checked by the client, as a server that ignores our extension
/// would log a repeat before saying nothing.)
async fn check(session: &mut Session, new: &mut NewLog) -> Result<(), Failure> {
    let given = new.prompt_id.clone();
    let logs = if is_valid_id(&given) {
        match logs_of(session, &given, true).await {
            Ok(logs) => Some(logs),
            Err(e) if matches!(e.status(), Some(400 | 404)) => None,
            Err(e) => {
                eprintln!("promptcrafter: could not look for duplicates: {e}");
                return Ok(());
            }
        }
    } else {
        None
    };
    let logs = match logs {
        Some(logs) => logs,
        None => {
            new.prompt_id = by_title(session, &given).await?;
            logs_of(session, &new.prompt_id, true).await?
        }
    };
    refuse_repeat(&logs, new)
}

/// Every log of the prompt `id` when `all`, else its newest [`RECENT`]
/// (the whole list from a server that does not page).
async fn logs_of(session: &mut Session, id: &str, all: bool) -> Result<Vec<Log>, ApiError> {
    session
        .call(|c| {
            let id = id.to_owned();
            async move {
                if all {
                    c.logs_for_prompt(&id).await
                } else {
                    c.list_logs_page(&id, RECENT as usize, None)
                        .await
                        .map(|p| p.logs)
                }
            }
        })
        .await
}

/// The id of the one prompt titled `title` (ignoring case and surrounding space).
async fn by_title(session: &mut Session, title: &str) -> Result<String, Failure> {
    let prompts = session
        .call(|c| async move { c.list_prompts().await })
        .await?;
    let wanted = title.trim().to_lowercase();
    let found: Vec<_> = prompts
        .iter()
        .filter(|p| p.title.trim().to_lowercase() == wanted)
        .collect();
    match found.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => Err(Failure {
            code: ExitCode::NotFound,
            message: format!("no prompt has the id or title {:?}", table::cut(title, 80)),
        }),
        many => {
            let ids: Vec<String> = many.iter().map(|p| table::cut(&p.id, 60)).collect();
            Err(Failure::usage(format!(
                "{} prompts are titled {:?} ({}): give --prompt one of these ids",
                many.len(),
                table::cut(title, 80),
                ids.join(", ")
            )))
        }
    }
}

fn refuse_repeat(logs: &[Log], new: &NewLog) -> Result<(), Failure> {
    match crate::review_queue::is_duplicate(logs, &new.prompt_id, &new.model_used, &new.output) {
        None => Ok(()),
        Some(same) => Err(Failure {
            code: ExitCode::Conflict,
            message: format!(
                "the same output is already logged for this prompt and model as {} ({}); \
                 not logged again (--no-duplicate)",
                table::cut(&same.id, 60),
                table::cut(&same.created_at, 30)
            ),
        }),
    }
}

/// Submits `new` through the outbox (kept there on a passing failure),
/// asking the server to look for a repeat among `among` logs; once more
/// after a 401 when the local account can log in again.
async fn send(
    session: &mut Session,
    paths: &Paths,
    new: NewLog,
    among: Option<u32>,
) -> (SubmitResult, DuplicateAnswer) {
    let outbox = Outbox::new(&paths.data_dir);
    let sent =
        submit_finding_duplicate(&session.client, &outbox, &session.label, new.clone(), among)
            .await;
    if let SubmitResult::Rejected(e) = &sent.0
        && e.status() == Some(401)
        && session.reauthenticate().await.unwrap_or(false)
    {
        return submit_finding_duplicate(&session.client, &outbox, &session.label, new, among)
            .await;
    }
    sent
}

fn report(result: SubmitResult) -> Result<(), Failure> {
    match result {
        SubmitResult::Logged(log) => {
            println!("{}", log.id);
            Ok(())
        }
        SubmitResult::Rejected(e) => Err(e.into()),
        SubmitResult::Queued { entry, error } => Err(Failure {
            code: ExitCode::Queued,
            message: format!(
                "{error}; kept in the outbox as {} (send it with `promptcrafter outbox flush`)",
                entry.id
            ),
        }),
        SubmitResult::Unsaved { error, io } => Err(Failure {
            code: Failure::from(error.clone()).code,
            message: format!("{error}; and the outbox could not keep it: {io}"),
        }),
    }
}
