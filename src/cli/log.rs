//! `promptcrafter log`: send one model output (from stdin or a file)
//! against a prompt named by id or by its unique title, warning when the
//! same output is among the prompt's newest logs (or, with
//! `--no-duplicate`, refusing when it is among any of them).

use std::path::PathBuf;

use clap::Args;

use crate::client::ApiError;
use crate::model::{Log, NewLog};
use crate::outbox::{Outbox, SubmitResult, submit};
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
    let checked = check(&mut session, &mut new, args.no_duplicate).await;
    let result = match checked {
        Ok(()) => Ok(send(&mut session, paths, new).await),
        Err(f) => Err(f),
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
const RECENT: usize = 200;

/// Finds the prompt (`new.prompt_id` becomes its id) and looks for the same
/// output among its newest logs, or all of them when a repeat is `refuse`d.
/// When the API cannot be reached, an id is kept as given so the log can
/// wait in the outbox.
async fn check(session: &mut Session, new: &mut NewLog, refuse: bool) -> Result<(), Failure> {
    let given = new.prompt_id.clone();
    let logs = if is_valid_id(&given) {
        match logs_of(session, &given, refuse).await {
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
            logs_of(session, &new.prompt_id, refuse).await?
        }
    };
    duplicate_guard(&logs, new, refuse)
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
                    c.list_logs_page(&id, RECENT, None).await.map(|p| p.logs)
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

fn duplicate_guard(logs: &[Log], new: &NewLog, refuse: bool) -> Result<(), Failure> {
    let Some(same) =
        crate::review_queue::is_duplicate(logs, &new.prompt_id, &new.model_used, &new.output)
    else {
        return Ok(());
    };
    let what = format!(
        "the same output is already logged for this prompt and model as {} ({})",
        table::cut(&same.id, 60),
        table::cut(&same.created_at, 30)
    );
    if refuse {
        return Err(Failure {
            code: ExitCode::Conflict,
            message: format!("{what}; not logged again (--no-duplicate)"),
        });
    }
    eprintln!("promptcrafter: warning: {what}; logging it again (--no-duplicate refuses)");
    Ok(())
}

async fn send(session: &mut Session, paths: &Paths, new: NewLog) -> SubmitResult {
    let outbox = Outbox::new(&paths.data_dir);
    let result = submit(&session.client, &outbox, &session.label, new.clone()).await;
    if let SubmitResult::Rejected(e) = &result
        && e.status() == Some(401)
        && session.reauthenticate().await.unwrap_or(false)
    {
        return submit(&session.client, &outbox, &session.label, new).await;
    }
    result
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
