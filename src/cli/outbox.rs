//! `promptcrafter outbox`: what is waiting to be delivered.

use clap::{Args, Subcommand};

use crate::outbox::{EntryState, Outbox, Outcome};
use crate::paths::Paths;

use super::progress::Progress;
use super::session::{ApiArgs, Session};
use super::table;
use super::{ExitCode, Failure};

/// `promptcrafter outbox`.
#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Example:\n  promptcrafter outbox\n  promptcrafter outbox --json | jq -r '.[].id'"
)]
pub struct OutboxArgs {
    /// Print a JSON array instead of a table (same order).
    #[arg(long)]
    pub json: bool,
    /// The API (for `flush`).
    #[command(flatten)]
    pub api: ApiArgs,
    /// What to do with the outbox.
    #[command(subcommand)]
    pub command: Option<OutboxCommand>,
}

/// `promptcrafter outbox <command>`.
#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// Send every pending entry for this API now and report each result.
    #[command(after_help = "Example:\n  promptcrafter outbox flush")]
    Flush,
    /// Discard one entry.
    #[command(after_help = "Example:\n  promptcrafter outbox drop obx_0190f3a2b4c5")]
    Drop {
        /// The entry's id (`obx_...`).
        id: String,
    },
}

/// Lists, flushes or drops outbox entries.
pub async fn run(args: OutboxArgs, paths: &Paths) -> Result<(), Failure> {
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
        Some(OutboxCommand::Flush) => flush(&outbox, &args.api, paths).await,
    }
}

fn list(outbox: &Outbox, json: bool) -> Result<(), Failure> {
    let entries = outbox.list()?;
    if json {
        return table::print_json(&entries);
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

async fn flush(outbox: &Outbox, api: &ApiArgs, paths: &Paths) -> Result<(), Failure> {
    let session = Session::open(api, paths, true).await?;
    let label = session.label.clone();
    let progress = Progress::new(outbox.list()?.len(), "sending", false);
    let step = |n: usize, _total: usize| progress.set(n);
    let results =
        crate::outbox::flush_with_progress(&session.client, outbox, &label, true, &step).await;
    progress.finish();
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
