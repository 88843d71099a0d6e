//! `promptcrafter outbox`: what is waiting to be delivered.

use crate::outbox::{EntryState, Outbox, Outcome};
use crate::paths::Paths;

use super::session::Session;
use super::table;
use super::{ExitCode, Failure, OutboxArgs, OutboxCommand};

/// Lists, flushes or drops outbox entries.
pub async fn run(args: OutboxArgs, api_url: Option<String>, paths: &Paths) -> Result<(), Failure> {
    let outbox = Outbox::new(&paths.data_dir);
    match args.command {
        None => list(&outbox, args.json),
        Some(OutboxCommand::Drop { id }) => {
            if outbox.get(&id)?.is_none() {
                return Err(Failure {
                    code: ExitCode::NotFound,
                    message: format!("no outbox entry {}", table::cut(&id, 80)),
                });
            }
            outbox.remove(&id)?;
            eprintln!("Dropped {}.", table::cut(&id, 80));
            Ok(())
        }
        Some(OutboxCommand::Flush) => flush(&outbox, api_url, paths).await,
    }
}

fn list(outbox: &Outbox, json: bool) -> Result<(), Failure> {
    let entries = outbox.list()?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&entries).unwrap_or_default()
        );
        return Ok(());
    }
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            vec![
                e.id.clone(),
                table::cut(&e.api, 30),
                table::cut(&e.log.prompt_id, 40),
                match e.state {
                    EntryState::Pending => "pending".to_owned(),
                    EntryState::Failed => "failed".to_owned(),
                },
                e.attempts.to_string(),
                table::cut(e.last_error.as_deref().unwrap_or("-"), 60),
            ]
        })
        .collect();
    print!(
        "{}",
        table::render(
            &["ID", "API", "PROMPT", "STATE", "TRIES", "LAST ERROR"],
            &rows
        )
    );
    Ok(())
}

async fn flush(outbox: &Outbox, api_url: Option<String>, paths: &Paths) -> Result<(), Failure> {
    let session = Session::open(api_url, paths, true).await?;
    let label = session.label.clone();
    let results = crate::outbox::flush(&session.client, outbox, &label, true).await;
    session.close().await;
    let results = results?;
    if results.is_empty() {
        eprintln!("Nothing pending for {}.", table::cut(&label, 80));
    }
    let mut worst = None;
    for (entry, outcome) in &results {
        match outcome {
            Outcome::Delivered(log) => println!("{}\tdelivered\t{}", entry.id, log.id),
            Outcome::Retry(e) | Outcome::Rejected(e) => {
                println!(
                    "{}\tfailed\t{}",
                    entry.id,
                    crate::sanitize::line(&e.to_string())
                );
                worst.get_or_insert_with(|| Failure::from(e.clone()));
            }
        }
    }
    worst.map_or(Ok(()), Err)
}
