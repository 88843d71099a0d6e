//! `promptcrafter calibrate`: score a sample of your past outputs again,
//! blind, reading the scores from stdin, and report how well you agree with
//! yourself. Kept in `<data_dir>/calibration/`, never sent as logs.

use std::io::{BufRead, IsTerminal, Write};

use clap::Args;
use serde::Serialize;

use crate::calibrate::{Answer, Report, parse_answer, report, sample};
use crate::model::{Log, Prompt};
use crate::paths::Paths;
use crate::sanitize;

use super::Failure;
use super::session::{ApiArgs, Session};

/// `promptcrafter calibrate`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  promptcrafter calibrate --sample 20\n  promptcrafter calibrate --prompt prm_0190f3a2b4c5 --seed 42"
)]
pub struct CalibrateArgs {
    /// Only this prompt's outputs (default: all of yours).
    #[arg(long = "prompt", value_name = "ID")]
    pub prompt_id: Option<String>,
    /// How many outputs to score again.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub sample: usize,
    /// Seed of the sample: the same seed shows the same outputs again.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// The API.
    #[command(flatten)]
    pub api: ApiArgs,
}

/// What is kept of one calibration run.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Saved<'a> {
    created_at: String,
    seed: u64,
    prompt_id: Option<&'a str>,
    answers: &'a [Answer],
    report: &'a Report,
}

/// Runs a calibration session on stdin/stdout.
pub async fn run(args: CalibrateArgs, paths: &Paths) -> Result<(), Failure> {
    let mut session = Session::open(&args.api, paths, true).await?;
    let fetched = super::export::fetch(&mut session, args.prompt_id.clone()).await;
    session.close().await;
    let (prompts, logs) = fetched?;
    let seed = args.seed.unwrap_or_else(rand::random);
    let picks = sample(&logs, args.sample, seed);
    if picks.is_empty() {
        return Err(Failure::other("no scored outputs to calibrate against yet"));
    }
    eprintln!("Seed {seed} (give --seed {seed} to see the same outputs again).");
    let stdin = std::io::stdin();
    // A piped answer is not echoed by a terminal: write it, so the transcript reads.
    let echo = !stdin.is_terminal();
    let answers = ask(
        &picks,
        &prompts,
        &mut stdin.lock(),
        &mut std::io::stdout(),
        echo,
    )?;
    let r = report(&answers);
    print!("{}", report_text(&r));
    let now = chrono::Utc::now();
    let saved = Saved {
        created_at: now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        seed,
        prompt_id: args.prompt_id.as_deref(),
        answers: &answers,
        report: &r,
    };
    let file = paths
        .data_dir
        .join("calibration")
        .join(format!("{}.json", now.format("%Y%m%dT%H%M%S%.3fZ")));
    let json = serde_json::to_vec_pretty(&saved).map_err(std::io::Error::other)?;
    crate::paths::write_private(&file, &json)
        .map_err(|e| Failure::other(format!("cannot write {}: {e}", file.display())))?;
    eprintln!("Saved to {}.", sanitize::line(&file.display().to_string()));
    Ok(())
}

/// Shows each pick (output only) and reads a score or `s`; a line that is
/// neither is asked again; the end of input ends the session early. With
/// `echo`, each line read is written back (for piped input).
fn ask(
    picks: &[&Log],
    prompts: &[Prompt],
    input: &mut impl BufRead,
    out: &mut impl Write,
    echo: bool,
) -> std::io::Result<Vec<Answer>> {
    let mut answers = Vec::new();
    for (i, log) in picks.iter().enumerate() {
        let title = prompts
            .iter()
            .find(|p| p.id == log.prompt_id)
            .map_or("", |p| p.title.as_str());
        writeln!(
            out,
            "── {} of {} ── prompt: {}",
            i + 1,
            picks.len(),
            sanitize::line(title)
        )?;
        writeln!(out, "{}", sanitize::text(&log.output))?;
        let Some(second) = read_score(input, out, echo)? else {
            break;
        };
        answers.push(Answer {
            log_id: log.id.clone(),
            prompt_id: log.prompt_id.clone(),
            model_used: log.model_used.clone(),
            original: log.score.unwrap_or_default(),
            second,
        });
    }
    Ok(answers)
}

/// `Some(answer)` once a line parses; `None` at the end of input.
fn read_score(
    input: &mut impl BufRead,
    out: &mut impl Write,
    echo: bool,
) -> std::io::Result<Option<Option<i64>>> {
    loop {
        write!(out, "score 0-10, s to skip: ")?;
        out.flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            writeln!(out)?;
            return Ok(None);
        }
        if echo {
            writeln!(out, "{}", sanitize::line(line.trim_end()))?;
        }
        match parse_answer(&line) {
            Ok(a) => return Ok(Some(a)),
            Err(why) => writeln!(out, "{why}")?,
        }
    }
}

/// The report as printed.
fn report_text(r: &Report) -> String {
    let mut s = format!("\nanswered {}, skipped {}\n", r.answered, r.skipped);
    match (r.mean_abs_diff, r.within_one) {
        (Some(mad), Some(within)) => {
            s.push_str(&format!("mean absolute difference: {mad:.1}\n"));
            s.push_str(&format!("within ±1: {:.0}%\n", within * 100.0));
        }
        _ => s.push_str("nothing scored again: no agreement to report\n"),
    }
    s
}
