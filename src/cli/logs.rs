//! `promptcrafter log`, `logs` and `logs delete`.

use crate::model::{Log, NewLog};
use crate::outbox::{Outbox, SubmitResult, submit};
use crate::paths::Paths;

use super::prompts::read_stdin;
use super::session::Session;
use super::table;
use super::{ExitCode, Failure, LogArgs, LogsArgs, LogsCommand};

/// Sends one log; prints its id.
pub async fn log(args: LogArgs, api_url: Option<String>, paths: &Paths) -> Result<(), Failure> {
    let output = match &args.file {
        Some(f) => {
            let bytes = std::fs::read(f)
                .map_err(|e| Failure::usage(format!("cannot read {}: {e}", f.display())))?;
            super::utf8::text(bytes, &f.display().to_string())?
        }
        None => read_stdin("the model's output")?,
    };
    let new = NewLog {
        prompt_id: args.prompt_id,
        output,
        model_used: args.model,
        notes: args.notes,
        score: args.score,
    };
    // Checked before anything starts, so a typo costs no server start-up.
    new.validate().map_err(crate::client::ApiError::Invalid)?;
    let mut session = Session::open(api_url, paths, true).await?;
    let outbox = Outbox::new(&paths.data_dir);
    let mut result = submit(&session.client, &outbox, &session.label, new.clone()).await;
    if let SubmitResult::Rejected(e) = &result
        && e.status() == Some(401)
        && session.reauthenticate().await.unwrap_or(false)
    {
        result = submit(&session.client, &outbox, &session.label, new).await;
    }
    session.close().await;
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

/// Lists logs, or deletes one.
pub async fn run(args: LogsArgs, api_url: Option<String>, paths: &Paths) -> Result<(), Failure> {
    let mut session = Session::open(api_url, paths, true).await?;
    let result = match args.command {
        Some(LogsCommand::Delete { id }) => session
            .call(|c| {
                let id = id.clone();
                async move { c.delete_log(&id).await }
            })
            .await
            .map(|()| eprintln!("Deleted log {}.", table::cut(&id, 100)))
            .map_err(Failure::from),
        None => list(&mut session, args.prompt_id, args.json).await,
    };
    session.close().await;
    result
}

async fn list(session: &mut Session, prompt_id: Option<String>, json: bool) -> Result<(), Failure> {
    let logs = match prompt_id {
        Some(id) => {
            session
                .call(|c| {
                    let id = id.clone();
                    async move { c.logs_for_prompt(&id).await }
                })
                .await?
        }
        None => session.call(|c| async move { c.list_logs().await }).await?,
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&logs).unwrap_or_default()
        );
    } else {
        print!("{}", logs_table(&logs));
    }
    Ok(())
}

/// The table `promptcrafter logs` prints, newest first.
#[must_use]
pub fn logs_table(logs: &[Log]) -> String {
    let mut sorted: Vec<&Log> = logs.iter().collect();
    sorted.sort_by(|a, b| b.created_at.cmp(&a.created_at));
    let rows: Vec<Vec<String>> = sorted
        .into_iter()
        .map(|l| {
            vec![
                table::cut(&l.id, 60),
                table::cut(l.created_at.get(..19).unwrap_or(&l.created_at), 19).replace('T', " "),
                table::cut(&l.model_used, 24),
                l.score.map_or_else(|| "-".to_owned(), |s| s.to_string()),
                table::cut(l.output.lines().next().unwrap_or(""), 60),
            ]
        })
        .collect();
    table::render(&["ID", "CREATED", "MODEL", "SCORE", "OUTPUT"], &rows)
}
