//! Importing exported records into an API: prompts matched by (title,
//! content, model) or created; logs skipped when an identical one is there,
//! else sent through the outbox (exactly once, kept when the API is away).

use std::collections::HashMap;

use serde::Serialize;

use crate::client::{ApiClient, ApiError};
use crate::model::{Log, NewLog, NewPrompt, Prompt};
use crate::outbox::{Outbox, SubmitResult, submit};

use super::{LogRecord, PromptRecord, Records};

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    /// Prompts created.
    pub prompts_created: usize,
    /// Prompts already there (same title, content and model).
    pub prompts_skipped: usize,
    /// Logs created.
    pub logs_created: usize,
    /// Logs already there (same prompt, output, model, notes and score).
    pub logs_skipped: usize,
    /// Logs kept in the outbox after a passing failure, to be sent later.
    pub logs_queued: usize,
    /// Records not imported (including unreadable lines).
    pub failed: usize,
    /// Why each failed record failed, in words.
    pub problems: Vec<String>,
}

impl ImportReport {
    fn fail(&mut self, what: String) {
        self.failed += 1;
        self.problems.push(what);
    }
}

/// What makes two logs identical for import.
type LogKey = (String, String, String, Option<String>, Option<u64>);

fn key(
    prompt_id: &str,
    output: &str,
    model: &str,
    notes: Option<&str>,
    score: Option<f64>,
) -> LogKey {
    (
        prompt_id.to_owned(),
        output.to_owned(),
        model.to_owned(),
        // An empty note and no note are the same to a reader.
        notes.filter(|n| !n.is_empty()).map(str::to_owned),
        score.map(f64::to_bits),
    )
}

/// Imports `records` into the API behind `client`; `api` labels outbox
/// entries. Each existing log matches at most one record, so a file holding
/// two identical logs imports both once and nothing the second time.
///
/// # Errors
/// When the existing prompts or logs cannot be listed; failures of single
/// records are counted in the report instead.
pub async fn import(
    client: &ApiClient,
    outbox: &Outbox,
    api: &str,
    records: &Records,
) -> Result<ImportReport, ApiError> {
    import_with_progress(client, outbox, api, records, &|_| {}).await
}

/// As [`import`], calling `done` with the number of records handled so far
/// after each one (prompts first, then logs), for a progress bar.
///
/// # Errors
/// As [`import`].
pub async fn import_with_progress(
    client: &ApiClient,
    outbox: &Outbox,
    api: &str,
    records: &Records,
    done: &(dyn Fn(usize) + Sync),
) -> Result<ImportReport, ApiError> {
    let mut report = ImportReport::default();
    for (line, reason) in &records.bad {
        report.fail(format!("line {line}: {reason}"));
    }
    let mut prompts = client.list_prompts().await?;
    let existing = client.list_logs().await?;
    let mut ids = HashMap::new();
    for (n, p) in records.prompts.iter().enumerate() {
        done(n);
        match import_prompt(client, &mut prompts, p).await {
            Ok((id, created)) => {
                ids.insert(p.id.clone(), id);
                if created {
                    report.prompts_created += 1;
                } else {
                    report.prompts_skipped += 1;
                }
            }
            Err(e) => report.fail(format!("prompt {:?}: {e}", p.title)),
        }
    }
    let mut pool: HashMap<LogKey, usize> = HashMap::new();
    for l in &existing {
        *pool.entry(log_key(l)).or_default() += 1;
    }
    for (n, l) in records.logs.iter().enumerate() {
        done(records.prompts.len() + n);
        let Some(prompt_id) = resolve_prompt(&ids, &prompts, l) else {
            let why = "no such prompt here (export with --with-prompts to bring it along)";
            report.fail(format!("log {}: {why}", l.id));
            continue;
        };
        let k = key(
            &prompt_id,
            &l.output,
            &l.model_used,
            l.notes.as_deref(),
            l.score,
        );
        if let Some(n) = pool.get_mut(&k).filter(|n| **n > 0) {
            *n -= 1;
            report.logs_skipped += 1;
            continue;
        }
        send_log(client, outbox, api, prompt_id, l, &mut report).await;
    }
    Ok(report)
}

fn log_key(l: &Log) -> LogKey {
    key(
        &l.prompt_id,
        &l.output,
        &l.model_used,
        l.notes.as_deref(),
        l.score,
    )
}

/// The id of the matching prompt, creating it when there is none; true when
/// created.
async fn import_prompt(
    client: &ApiClient,
    prompts: &mut Vec<Prompt>,
    p: &PromptRecord,
) -> Result<(String, bool), ApiError> {
    if let Some(found) = prompts
        .iter()
        .find(|e| e.title == p.title && e.content == p.content && e.model == p.model)
    {
        return Ok((found.id.clone(), false));
    }
    let new = NewPrompt {
        title: p.title.clone(),
        content: p.content.clone(),
        model: p.model.clone(),
        tags: (!p.tags.is_empty()).then(|| p.tags.clone()),
    };
    let created = client.create_prompt(&new).await?;
    let id = created.id.clone();
    prompts.push(created);
    Ok((id, true))
}

/// The prompt a log belongs to here: the imported prompt it named, a prompt
/// with its id (the same server), or the only prompt with its title.
fn resolve_prompt(
    ids: &HashMap<String, String>,
    prompts: &[Prompt],
    l: &LogRecord,
) -> Option<String> {
    if let Some(id) = ids.get(&l.prompt_id) {
        return Some(id.clone());
    }
    if prompts.iter().any(|p| p.id == l.prompt_id) {
        return Some(l.prompt_id.clone());
    }
    let mut titled = prompts.iter().filter(|p| p.title == l.prompt_title);
    match (titled.next(), titled.next()) {
        (Some(p), None) if !l.prompt_title.is_empty() => Some(p.id.clone()),
        _ => None,
    }
}

/// Sends one log through the outbox and counts the outcome.
async fn send_log(
    client: &ApiClient,
    outbox: &Outbox,
    api: &str,
    prompt_id: String,
    l: &LogRecord,
    report: &mut ImportReport,
) {
    let score = match l.score {
        None => None,
        // Whole and within 0..=10: the cast is exact.
        Some(s) if s.fract() == 0.0 && (0.0..=10.0).contains(&s) => Some(s as i64),
        Some(s) => {
            let why = format!("score {s} cannot be sent: the API takes integers 0 to 10");
            report.fail(format!("log {}: {why}", l.id));
            return;
        }
    };
    let new = NewLog {
        prompt_id,
        output: l.output.clone(),
        model_used: l.model_used.clone(),
        notes: l.notes.clone(),
        score,
    };
    if let Err(problems) = new.validate() {
        report.fail(format!("log {}: {problems}", l.id));
        return;
    }
    match submit(client, outbox, api, new).await {
        SubmitResult::Logged(_) => report.logs_created += 1,
        SubmitResult::Queued { .. } => report.logs_queued += 1,
        SubmitResult::Rejected(e) => report.fail(format!("log {}: {e}", l.id)),
        SubmitResult::Unsaved { error, io } => {
            report.fail(format!(
                "log {}: {error}; the outbox could not keep it: {io}",
                l.id
            ));
        }
    }
}
