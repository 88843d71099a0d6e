//! `promptcrafter import FILE`: load an export into the current API.

use std::io::Read;
use std::path::PathBuf;

use clap::Args;

use crate::export_import::{self, ImportReport};
use crate::outbox::Outbox;
use crate::paths::Paths;
use crate::sanitize;

use super::export::Format;
use super::progress::Progress;
use super::session::{ApiArgs, Session};
use super::{ExitCode, Failure};

/// `promptcrafter import`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  promptcrafter import backup.jsonl\n  promptcrafter export --api-url https://old.example.com | promptcrafter import -"
)]
pub struct ImportArgs {
    /// A file written by `promptcrafter export` (`-` for JSONL on stdin).
    pub file: PathBuf,
    /// The file format (default: csv for a `.csv` file, else jsonl).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// The API.
    #[command(flatten)]
    pub api: ApiArgs,
}

/// Imports the file and reports what was created, skipped and failed.
pub async fn run(args: ImportArgs, paths: &Paths) -> Result<(), Failure> {
    let records = read(&args)?;
    let mut session = Session::open(&args.api, paths, true).await?;
    // One cheap call first, so that an expired local login is renewed.
    let checked = session
        .call(|c| async move { c.list_prompts().await })
        .await;
    let outbox = Outbox::new(&paths.data_dir);
    let total = records.prompts.len() + records.logs.len();
    let progress = Progress::new(total, "importing", args.json);
    let result = match checked {
        Ok(_) => {
            let step = |n: usize| progress.set(n);
            export_import::import_with_progress(
                &session.client,
                &outbox,
                &session.label,
                &records,
                &step,
            )
            .await
            .map_err(Failure::from)
        }
        Err(e) => Err(e.into()),
    };
    progress.finish();
    session.close().await;
    let report = result?;
    print_report(&report, args.json);
    if report.failed > 0 {
        return Err(Failure::other(format!(
            "{} record(s) not imported",
            report.failed
        )));
    }
    if report.logs_queued > 0 {
        return Err(Failure {
            code: ExitCode::Queued,
            message: format!(
                "{} log(s) kept in the outbox (send them with `promptcrafter outbox flush`)",
                report.logs_queued
            ),
        });
    }
    Ok(())
}

fn read(args: &ImportArgs) -> Result<export_import::Records, Failure> {
    let is_stdin = args.file.as_os_str() == "-";
    let bytes = if is_stdin {
        let mut b = Vec::new();
        std::io::stdin().read_to_end(&mut b)?;
        b
    } else {
        std::fs::read(&args.file)
            .map_err(|e| Failure::usage(format!("cannot read {}: {e}", args.file.display())))?
    };
    let by_name = args
        .file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let format = args
        .format
        .unwrap_or(if by_name { Format::Csv } else { Format::Jsonl });
    Ok(match format {
        Format::Jsonl => export_import::read_jsonl(&bytes),
        Format::Csv => export_import::read_csv(&bytes),
    })
}

fn print_report(r: &ImportReport, json: bool) {
    if json {
        println!("{}", serde_json::to_string_pretty(r).unwrap_or_default());
    } else {
        println!(
            "prompts: {} created, {} skipped\nlogs: {} created, {} skipped, {} queued\nfailed: {}",
            r.prompts_created,
            r.prompts_skipped,
            r.logs_created,
            r.logs_skipped,
            r.logs_queued,
            r.failed
        );
    }
    for p in &r.problems {
        eprintln!("not imported: {}", sanitize::line(p));
    }
}
