//! `promptcrafter export`: every log (and with `--with-prompts` every
//! prompt) as JSONL or CSV, to a file or stdout.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::export_import;
use crate::model::{Log, Prompt};
use crate::paths::Paths;

use super::Failure;
use super::progress::Progress;
use super::session::{ApiArgs, Session};

/// A file format of `export` and `import`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One JSON record per line, with a `type` of `prompt` or `log`.
    Jsonl,
    /// Logs only, one per row under a header.
    Csv,
}

/// `promptcrafter export`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  promptcrafter export --with-prompts --out backup.jsonl\n  promptcrafter export --format csv --prompt prm_0190f3a2b4c5 > logs.csv"
)]
pub struct ExportArgs {
    /// Only this prompt's logs (and the prompt itself with --with-prompts).
    #[arg(long = "prompt", value_name = "ID")]
    pub prompt_id: Option<String>,
    /// The file format.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: Format,
    /// Write here instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Export the prompts too (JSONL only: a CSV file holds logs only).
    #[arg(long)]
    pub with_prompts: bool,
    /// The API.
    #[command(flatten)]
    pub api: ApiArgs,
}

/// Writes the export.
pub async fn run(args: ExportArgs, paths: &Paths) -> Result<(), Failure> {
    if args.with_prompts && args.format == Format::Csv {
        return Err(Failure::usage(
            "--with-prompts needs --format jsonl: a CSV export holds logs only",
        ));
    }
    let mut session = Session::open(&args.api, paths, true).await?;
    let spinner = Progress::spinner("fetching prompts and logs", false);
    let fetched = fetch(&mut session, args.prompt_id).await;
    spinner.finish();
    session.close().await;
    let (prompts, logs) = fetched?;
    let records = export_import::records(&prompts, &logs, args.with_prompts);
    let mut bytes = Vec::new();
    match args.format {
        Format::Jsonl => export_import::write_jsonl(&records, &mut bytes)?,
        Format::Csv => export_import::write_csv(&records, &mut bytes)?,
    }
    let shown_prompts = if args.with_prompts { prompts.len() } else { 0 };
    match &args.out {
        Some(path) => {
            std::fs::write(path, &bytes)
                .map_err(|e| Failure::other(format!("cannot write {}: {e}", path.display())))?;
            eprintln!(
                "Exported {shown_prompts} prompts and {} logs to {}.",
                logs.len(),
                crate::sanitize::line(&path.display().to_string())
            );
        }
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&bytes)?;
        }
    }
    Ok(())
}

/// The prompts and logs to export.
pub async fn fetch(
    session: &mut Session,
    prompt_id: Option<String>,
) -> Result<(Vec<Prompt>, Vec<Log>), Failure> {
    Ok(match prompt_id {
        Some(id) => {
            let prompt = session
                .call(|c| {
                    let id = id.clone();
                    async move { c.get_prompt(&id).await }
                })
                .await?;
            let logs = session
                .call(|c| {
                    let id = id.clone();
                    async move { c.logs_for_prompt(&id).await }
                })
                .await?;
            (vec![prompt], logs)
        }
        None => {
            let prompts = session
                .call(|c| async move { c.list_prompts().await })
                .await?;
            let logs = session.call(|c| async move { c.list_logs().await }).await?;
            (prompts, logs)
        }
    })
}
