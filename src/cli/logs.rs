//! `promptcrafter logs` (filtered, sorted, limited; a table or JSON in the
//! same order) and `logs delete`.

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Subcommand, ValueEnum};

use crate::model::Log;
use crate::paths::Paths;

use super::Failure;
use super::session::{ApiArgs, Session};
use super::table;

/// `promptcrafter logs`.
#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Example:\n  promptcrafter logs --prompt prm_0190f3a2b4c5 --since 7d --sort score --limit 5\n  \
                  promptcrafter logs --model gpt-4o --json | jq '[.[].score] | add / length'"
)]
pub struct LogsArgs {
    /// Only this prompt's logs.
    #[arg(long = "prompt", value_name = "ID")]
    pub prompt_id: Option<String>,
    /// Only logs of this model (ignoring case).
    #[arg(long)]
    pub model: Option<String>,
    /// Only logs since then: a duration back from now (30m, 12h, 7d) or a
    /// date or time (2026-11-30, 2026-11-30T08:00:00Z).
    #[arg(long, value_name = "WHEN", value_parser = parse_since)]
    pub since: Option<DateTime<Utc>>,
    /// At most this many logs (after sorting).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// The order of the table and of the JSON.
    #[arg(long, value_enum, default_value = "newest")]
    pub sort: Sort,
    /// Print a JSON array instead of a table (same order).
    #[arg(long)]
    pub json: bool,
    /// The API.
    #[command(flatten)]
    pub api: ApiArgs,
    /// Delete a log.
    #[command(subcommand)]
    pub command: Option<LogsCommand>,
}

/// `promptcrafter logs <command>`.
#[derive(Debug, Subcommand)]
pub enum LogsCommand {
    /// Delete a log by id.
    #[command(after_help = "Example:\n  promptcrafter logs delete log_0190f3a2b4c5")]
    Delete {
        /// The log's id.
        id: String,
    },
}

/// The orders `logs` can list in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Sort {
    /// Newest first.
    Newest,
    /// Oldest first.
    Oldest,
    /// Highest score first (unscored last), then newest.
    Score,
    /// By model name, then newest.
    Model,
}

/// Which logs to show, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// Only this model (ignoring case).
    pub model: Option<String>,
    /// Only logs created at or after this.
    pub since: Option<DateTime<Utc>>,
    /// At most this many.
    pub limit: Option<usize>,
    /// The order.
    pub sort: Sort,
}

fn parse_since(s: &str) -> Result<DateTime<Utc>, crate::config::ValueError> {
    let t = s.trim();
    if let Ok(d) = crate::config::parse_duration(t) {
        let back = chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX);
        return Ok(Utc::now()
            .checked_sub_signed(back)
            .unwrap_or(DateTime::<Utc>::MIN_UTC));
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(t) {
        return Ok(at.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
        .ok_or_else(|| crate::config::ValueError {
            given: s.to_owned(),
            expected: "a duration back from now (30m, 12h, 7d), a date (2026-11-30) or an RFC 3339 time",
        })
}

/// Lists logs, or deletes one.
pub async fn run(args: LogsArgs, paths: &Paths) -> Result<(), Failure> {
    let mut session = Session::open(&args.api, paths, true).await?;
    let result = match args.command {
        Some(LogsCommand::Delete { id }) => delete(&mut session, &id).await,
        None => {
            let selection = Selection {
                model: args.model,
                since: args.since,
                limit: args.limit,
                sort: args.sort,
            };
            list(&mut session, args.prompt_id, &selection, args.json).await
        }
    };
    session.close().await;
    result
}

async fn delete(session: &mut Session, id: &str) -> Result<(), Failure> {
    session
        .call(|c| {
            let id = id.to_owned();
            async move { c.delete_log(&id).await }
        })
        .await?;
    eprintln!("Deleted log {}.", table::cut(id, 100));
    Ok(())
}

async fn list(
    session: &mut Session,
    prompt_id: Option<String>,
    selection: &Selection,
    json: bool,
) -> Result<(), Failure> {
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
    let shown = select(logs, selection);
    if json {
        return table::print_json(&shown);
    }
    print!("{}", logs_table(&shown));
    Ok(())
}

/// The logs `selection` picks, in its order.
#[must_use]
pub fn select(mut logs: Vec<Log>, selection: &Selection) -> Vec<Log> {
    if let Some(m) = &selection.model {
        let m = m.trim().to_lowercase();
        logs.retain(|l| l.model_used.trim().to_lowercase() == m);
    }
    if let Some(since) = selection.since {
        logs.retain(|l| {
            DateTime::parse_from_rfc3339(&l.created_at)
                .is_ok_and(|t| t.with_timezone(&Utc) >= since)
        });
    }
    let newest = |a: &Log, b: &Log| (&b.created_at, &b.id).cmp(&(&a.created_at, &a.id));
    match selection.sort {
        Sort::Newest => logs.sort_by(newest),
        Sort::Oldest => logs.sort_by(|a, b| newest(b, a)),
        Sort::Score => logs.sort_by(|a, b| {
            let score = |l: &Log| l.score.unwrap_or(f64::NEG_INFINITY);
            score(b).total_cmp(&score(a)).then_with(|| newest(a, b))
        }),
        Sort::Model => logs.sort_by(|a, b| {
            let model = |l: &Log| l.model_used.to_lowercase();
            model(a).cmp(&model(b)).then_with(|| newest(a, b))
        }),
    }
    if let Some(n) = selection.limit {
        logs.truncate(n);
    }
    logs
}

/// The table `promptcrafter logs` prints, in the order given.
#[must_use]
pub fn logs_table(logs: &[Log]) -> String {
    let rows: Vec<Vec<String>> = logs
        .iter()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn log(id: &str, at: &str, model: &str, score: Option<f64>) -> Log {
        Log {
            id: id.into(),
            prompt_id: "p".into(),
            output: format!("output {id}"),
            model_used: model.into(),
            notes: None,
            score,
            created_at: at.into(),
        }
    }

    fn sample() -> Vec<Log> {
        vec![
            log("a", "2026-11-01T10:00:00.000Z", "gpt-4o", Some(5.0)),
            log("b", "2026-11-20T10:00:00.000Z", "o3", None),
            log("c", "2026-11-30T10:00:00.000Z", "GPT-4o", Some(9.0)),
            log("d", "2026-11-25T10:00:00.000Z", "claude", Some(7.0)),
        ]
    }

    fn ids(logs: &[Log]) -> Vec<&str> {
        logs.iter().map(|l| l.id.as_str()).collect()
    }

    fn by(sort: Sort) -> Selection {
        Selection {
            model: None,
            since: None,
            limit: None,
            sort,
        }
    }

    #[test]
    fn sorts_filters_and_limits() {
        assert_eq!(
            ids(&select(sample(), &by(Sort::Newest))),
            ["c", "d", "b", "a"]
        );
        assert_eq!(
            ids(&select(sample(), &by(Sort::Oldest))),
            ["a", "b", "d", "c"]
        );
        assert_eq!(
            ids(&select(sample(), &by(Sort::Score))),
            ["c", "d", "a", "b"]
        );
        assert_eq!(
            ids(&select(sample(), &by(Sort::Model))),
            ["d", "c", "a", "b"]
        );
        let s = Selection {
            model: Some("gpt-4O".into()),
            ..by(Sort::Newest)
        };
        assert_eq!(ids(&select(sample(), &s)), ["c", "a"]);
        let s = Selection {
            since: Some(parse_since("2026-11-20").unwrap()),
            limit: Some(2),
            ..by(Sort::Oldest)
        };
        assert_eq!(ids(&select(sample(), &s)), ["b", "d"]);
    }

    #[test]
    fn since_reads_durations_dates_and_times() {
        let back = Utc::now() - parse_since("2h").unwrap();
        assert!((back.num_minutes() - 120).abs() <= 1, "{back}");
        assert_eq!(
            parse_since("2026-11-30T08:00:00+01:00")
                .unwrap()
                .to_rfc3339(),
            "2026-11-30T07:00:00+00:00"
        );
        assert!(parse_since("last tuesday").is_err());
    }
}
