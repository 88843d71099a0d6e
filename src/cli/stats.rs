//! `promptcrafter stats`: per-model score statistics of one prompt's logs,
//! or of every prompt that has logs.

use clap::Args;
use serde::Serialize;

use crate::model::Log;
use crate::paths::Paths;
use crate::stats::{PromptStats, prompt_stats, sparkline};

use super::session::{ApiArgs, Session};
use super::{Failure, table};

/// `promptcrafter stats`.
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  promptcrafter stats\n  \
                        promptcrafter stats --prompt prm_0190f3a2b4c5 --json | jq '.[0].models'")]
pub struct StatsArgs {
    /// Only this prompt (default: every prompt that has logs).
    #[arg(long = "prompt", value_name = "ID")]
    pub prompt_id: Option<String>,
    /// Print a JSON array instead of tables (same order).
    #[arg(long)]
    pub json: bool,
    /// The API.
    #[command(flatten)]
    pub api: ApiArgs,
}

/// One prompt's statistics, as `--json` prints them.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    prompt_id: String,
    title: String,
    #[serde(flatten)]
    stats: PromptStats,
}

/// Prints the statistics.
pub async fn run(args: StatsArgs, paths: &Paths) -> Result<(), Failure> {
    let mut session = Session::open(&args.api, paths, true).await?;
    let single = args.prompt_id.is_some();
    let fetched = super::export::fetch(&mut session, args.prompt_id).await;
    session.close().await;
    let (prompts, logs) = fetched?;
    let entries: Vec<Entry> = prompts
        .iter()
        .filter_map(|p| {
            let mine: Vec<Log> = logs
                .iter()
                .filter(|l| l.prompt_id == p.id)
                .cloned()
                .collect();
            (!mine.is_empty()).then(|| Entry {
                prompt_id: p.id.clone(),
                title: p.title.clone(),
                stats: prompt_stats(&mine),
            })
        })
        .collect();
    if args.json {
        table::print_json(&entries)?;
    } else if single {
        match entries.first() {
            Some(e) => print!("{}", one_prompt(e)),
            None => eprintln!("No logs for this prompt yet."),
        }
    } else {
        print!("{}", all_prompts(&entries));
    }
    Ok(())
}

/// A statistic with one decimal, as the TUI's scoreboard prints it.
fn num(v: Option<f64>) -> String {
    table::one_decimal(v)
}

fn model_row(m: &crate::stats::ModelStats) -> Vec<String> {
    vec![
        table::cut(if m.model.is_empty() { "-" } else { &m.model }, 24),
        m.count.to_string(),
        m.unscored.to_string(),
        num(m.mean),
        num(m.median),
        num(m.min),
        num(m.max),
    ]
}

const COLUMNS: [&str; 7] = [
    "MODEL", "SCORED", "UNSCORED", "MEAN", "MEDIAN", "MIN", "MAX",
];

/// The text `stats --prompt ID` prints.
fn one_prompt(e: &Entry) -> String {
    let rows: Vec<Vec<String>> = e.stats.models.iter().map(model_row).collect();
    let mut out = format!(
        "{} ({})\n\n",
        table::cut(&e.title, 100),
        table::cut(&e.prompt_id, 60)
    );
    out.push_str(&table::render(&COLUMNS, &rows));
    out.push_str(&format!(
        "\nscores over time: {}\n",
        sparkline(&e.stats.series)
    ));
    for (label, log) in [("best", &e.stats.best), ("worst", &e.stats.worst)] {
        if let Some(l) = log {
            out.push_str(&format!(
                "{label}: {} {} {}: {}\n",
                l.score.map_or_else(|| "-".to_owned(), |v| v.to_string()),
                table::cut(&l.model_used, 24),
                table::cut(&l.id, 60),
                table::cut(l.output.lines().next().unwrap_or(""), 60)
            ));
        }
    }
    out
}

/// The table `stats` prints without `--prompt`.
fn all_prompts(entries: &[Entry]) -> String {
    let rows: Vec<Vec<String>> = entries
        .iter()
        .flat_map(|e| {
            e.stats.models.iter().map(|m| {
                let mut row = vec![table::cut(&e.title, 40)];
                row.extend(model_row(m));
                row
            })
        })
        .collect();
    let mut header = vec!["PROMPT"];
    header.extend(COLUMNS);
    table::render(&header, &rows)
}
