//! `promptcrafter stats`: per-model score statistics of one prompt's logs
//! (with each model's score distribution as a text histogram), or of every
//! prompt that has logs.

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
    let entries = match args.prompt_id {
        Some(id) => one_entry(&mut session, id).await,
        None => every_entry(&mut session).await,
    };
    session.close().await;
    let entries = entries?;
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

/// One prompt's statistics, computed by the server when it can (our
/// `GET /prompts/:id/stats`), else from its logs; none when it has no logs.
async fn one_entry(session: &mut Session, id: String) -> Result<Vec<Entry>, Failure> {
    let prompt = session
        .call(|c| {
            let id = id.clone();
            async move { c.get_prompt(&id).await }
        })
        .await?;
    let stats = session
        .call(|c| {
            let id = id.clone();
            async move { c.prompt_stats(&id).await }
        })
        .await?;
    Ok((stats.total > 0)
        .then_some(Entry {
            prompt_id: prompt.id,
            title: prompt.title,
            stats,
        })
        .into_iter()
        .collect())
}

/// Every prompt with logs and its statistics, from two requests (all
/// prompts, all logs) rather than one per prompt.
async fn every_entry(session: &mut Session) -> Result<Vec<Entry>, Failure> {
    let (prompts, logs) = super::export::fetch(session, None).await?;
    Ok(prompts
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
        .collect())
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
    for m in &e.stats.models {
        out.push_str(&histogram(m));
    }
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

/// Widest bar of a text histogram, in characters.
const BAR_WIDTH: usize = 40;

/// One model's score distribution as a text histogram: a row per score
/// 0..=10, a bar scaled to the most frequent score, and the count.
fn histogram(m: &crate::stats::ModelStats) -> String {
    if m.count == 0 {
        return String::new();
    }
    let name = table::cut(if m.model.is_empty() { "-" } else { &m.model }, 60);
    let mut out = format!("\n{name}: scores\n");
    let most = m.histogram.iter().copied().max().unwrap_or(0).max(1);
    for (score, &n) in m.histogram.iter().enumerate() {
        // Any non-zero count gets at least one block, so it shows.
        let width = (n * BAR_WIDTH).div_ceil(most);
        out.push_str(&format!("{score:>4} | {} {n}\n", "\u{2588}".repeat(width)));
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
