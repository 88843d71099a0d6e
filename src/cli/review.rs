//! `promptcrafter review FILE...`: load the queue, open the session, run
//! the review screen on it.

use std::path::PathBuf;

use clap::Args;

use crate::paths::Paths;
use crate::review_queue::{Defaults, apply_defaults, load};
use crate::tui;

use super::Failure;
use super::session::{ApiArgs, Session};

/// `promptcrafter review`.
#[derive(Debug, Args)]
#[command(
    after_help = concat!(
        "Example:\n  promptcrafter review outputs.jsonl --prompt prm_0190f3a2b4c5\n  promptcrafter review runs/ --model gpt-4o\n\n",
        "Item fields (JSONL keys or CSV columns):\n",
        "  output                       the model's output (required)\n",
        "  promptId, prompt_id, prompt  the prompt: its id, or its exact title\n",
        "  modelUsed, model             the model (default: --model, else the prompt's)\n",
        "  notes                        notes to log with it\n",
        "  score                        a score 0-10 to start from\n",
        "Any other key is shown beside the item as metadata (listed once at the start).\n",
        "On quit the summary (logged, skipped, left, mean score, median time per item) is printed."
    )
)]
pub struct ReviewArgs {
    /// JSONL or CSV files, or folders of one output per file; `-` reads JSONL from stdin.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The prompt for items that name none.
    #[arg(long = "prompt", value_name = "ID")]
    pub prompt_id: Option<String>,
    /// The model for items that name none (default: the prompt's model).
    #[arg(long)]
    pub model: Option<String>,
    /// The API.
    #[command(flatten)]
    pub api: ApiArgs,
}

/// Loads the queue and runs the review TUI on it.
pub async fn run(args: ReviewArgs, paths: &Paths) -> Result<(), Failure> {
    let mut queue =
        load(&args.files, &mut std::io::stdin()).map_err(|e| Failure::other(e.to_string()))?;
    if queue.items.is_empty() {
        return Err(Failure::other(format!(
            "nothing to review: no readable item in the input ({} bad line(s))",
            queue.bad.len()
        )));
    }
    let defaults = Defaults {
        prompt_id: args.prompt_id,
        model: args.model,
    };
    apply_defaults(&mut queue.items, &defaults);
    let session = Session::open(&args.api, paths, false).await?;
    let result = tui::run_review(
        super::tui::context(&session, paths, super::tui::settings(&args.api, paths)),
        queue,
    )
    .await;
    session.close().await;
    let summary = result.map_err(|e| Failure::other(format!("{e:#}")))?;
    println!("{summary}");
    Ok(())
}
