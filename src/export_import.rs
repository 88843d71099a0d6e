//! Export and import of prompts and logs: the record types and the two file
//! formats. JSONL holds one record per line, each with a `"type"` of
//! `"prompt"` or `"log"`; CSV holds logs only, one per row under a header
//! (see [`CSV_COLUMNS`]). Importing into an API is in [`import`].

mod import;

use std::io::Write;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::{Log, Prompt};

pub use import::{ImportReport, import, import_with_progress};

/// The columns of an exported CSV file, in order.
pub const CSV_COLUMNS: [&str; 8] = [
    "_id",
    "promptId",
    "promptTitle",
    "modelUsed",
    "score",
    "notes",
    "output",
    "createdAt",
];

/// An exported prompt: the API's prompt without its owner (an account on the
/// server it came from, meaningless elsewhere).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PromptRecord {
    /// The prompt's id on the server it was exported from.
    #[serde(rename = "_id", default)]
    pub id: String,
    /// Title.
    pub title: String,
    /// The prompt text.
    #[serde(default)]
    pub content: String,
    /// The model it is meant for.
    #[serde(default)]
    pub model: String,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// RFC 3339 creation time on the source server.
    #[serde(default)]
    pub created_at: String,
    /// RFC 3339 time of the last change on the source server.
    #[serde(default)]
    pub updated_at: String,
}

/// An exported log: every field of the API's log plus its prompt's title.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogRecord {
    /// The log's id on the server it was exported from.
    #[serde(rename = "_id", default)]
    pub id: String,
    /// Its prompt's id there.
    #[serde(default)]
    pub prompt_id: String,
    /// Its prompt's title (empty when the prompt was not found).
    #[serde(default)]
    pub prompt_title: String,
    /// The output, verbatim.
    pub output: String,
    /// The model that produced it.
    #[serde(default)]
    pub model_used: String,
    /// Reviewer's notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Score; whole scores are written as integers.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_score"
    )]
    pub score: Option<f64>,
    /// RFC 3339 creation time on the source server.
    #[serde(default)]
    pub created_at: String,
}

/// One line of an exported JSONL file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Record {
    /// A prompt (only with `--with-prompts`).
    Prompt(PromptRecord),
    /// A log.
    Log(LogRecord),
}

/// A file's records, read for import.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Records {
    /// Prompts, in file order.
    pub prompts: Vec<PromptRecord>,
    /// Logs, in file order.
    pub logs: Vec<LogRecord>,
    /// Lines that could not be read: 1-based line and reason.
    pub bad: Vec<(usize, String)>,
}

fn serialize_score<S: serde::Serializer>(score: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match score {
        // Whole and small: the cast is exact.
        Some(v) if v.fract() == 0.0 && v.abs() < 1e15 => s.serialize_some(&(*v as i64)),
        other => other.serialize(s),
    }
}

/// A score as text: `9` when whole, else `9.5`.
#[must_use]
pub fn score_text(score: f64) -> String {
    if score.fract() == 0.0 && score.abs() < 1e15 {
        format!("{}", score as i64)
    } else {
        score.to_string()
    }
}

/// The records to export: prompts (when `with_prompts`) then logs, each
/// oldest first, logs carrying their prompt's title.
#[must_use]
pub fn records(prompts: &[Prompt], logs: &[Log], with_prompts: bool) -> Vec<Record> {
    let mut prompts: Vec<&Prompt> = prompts.iter().collect();
    prompts.sort_by(|a, b| (&a.created_at, &a.id).cmp(&(&b.created_at, &b.id)));
    let mut logs: Vec<&Log> = logs.iter().collect();
    logs.sort_by(|a, b| (&a.created_at, &a.id).cmp(&(&b.created_at, &b.id)));
    let title = |id: &str| {
        prompts
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.title.clone())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    if with_prompts {
        out.extend(prompts.iter().map(|p| {
            Record::Prompt(PromptRecord {
                id: p.id.clone(),
                title: p.title.clone(),
                content: p.content.clone(),
                model: p.model.clone(),
                tags: p.tags.clone(),
                created_at: p.created_at.clone(),
                updated_at: p.updated_at.clone(),
            })
        }));
    }
    out.extend(logs.iter().map(|l| {
        Record::Log(LogRecord {
            id: l.id.clone(),
            prompt_id: l.prompt_id.clone(),
            prompt_title: title(&l.prompt_id),
            output: l.output.clone(),
            model_used: l.model_used.clone(),
            notes: l.notes.clone(),
            score: l.score,
            created_at: l.created_at.clone(),
        })
    }));
    out
}

/// Writes `records` as JSONL.
///
/// # Errors
/// Any write error.
pub fn write_jsonl(records: &[Record], mut out: impl Write) -> std::io::Result<()> {
    for r in records {
        serde_json::to_writer(&mut out, r)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

/// Writes the log records of `records` as CSV under [`CSV_COLUMNS`]; an
/// absent score or note is an empty cell.
///
/// # Errors
/// Any write error.
pub fn write_csv(records: &[Record], out: impl Write) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_COLUMNS)?;
    for r in records {
        if let Record::Log(l) = r {
            let score = l.score.map(score_text).unwrap_or_default();
            w.write_record([
                l.id.as_str(),
                l.prompt_id.as_str(),
                l.prompt_title.as_str(),
                l.model_used.as_str(),
                score.as_str(),
                l.notes.as_deref().unwrap_or(""),
                l.output.as_str(),
                l.created_at.as_str(),
            ])?;
        }
    }
    w.flush()
}

/// Reads an exported JSONL file; a line without `"type"` is a log.
#[must_use]
pub fn read_jsonl(bytes: &[u8]) -> Records {
    let mut out = Records::default();
    for (i, raw) in bytes.split(|b| *b == b'\n').enumerate() {
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let value: Value = match serde_json::from_slice(raw) {
            Ok(v) => v,
            Err(e) => {
                out.bad.push((i + 1, format!("not JSON: {e}")));
                continue;
            }
        };
        let kind = value.get("type").and_then(Value::as_str).map(str::to_owned);
        let result = match kind.as_deref() {
            Some("prompt") => serde_json::from_value(value).map(|p| out.prompts.push(p)),
            None | Some("log") => serde_json::from_value(value).map(|l| out.logs.push(l)),
            Some(other) => {
                out.bad
                    .push((i + 1, format!("unknown record type {other:?}")));
                continue;
            }
        };
        if let Err(e) = result {
            out.bad.push((i + 1, e.to_string()));
        }
    }
    out
}

/// Reads an exported CSV file (logs only); columns may come in any order.
#[must_use]
pub fn read_csv(bytes: &[u8]) -> Records {
    let mut out = Records::default();
    let mut reader = csv::Reader::from_reader(bytes);
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            out.bad.push((1, format!("unreadable header: {e}")));
            return out;
        }
    };
    for row in reader.records() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                out.bad
                    .push((usize::try_from(line).unwrap_or(0), e.to_string()));
                continue;
            }
        };
        let line = row.position().map_or(0, |p| p.line());
        let line = usize::try_from(line).unwrap_or(0);
        match log_from_row(&header, &row) {
            Ok(l) => out.logs.push(l),
            Err(reason) => out.bad.push((line, reason.to_string())),
        }
    }
    out
}

/// A CSV cell that does not hold what its column needs.
#[derive(Debug, thiserror::Error)]
#[error("score {0:?} is not a number")]
struct BadScore(String);

fn log_from_row(
    header: &csv::StringRecord,
    row: &csv::StringRecord,
) -> Result<LogRecord, BadScore> {
    let cell = |name: &str| {
        header
            .iter()
            .position(|h| h.trim() == name)
            .and_then(|i| row.get(i))
            .unwrap_or("")
            .to_owned()
    };
    let score = match cell("score").trim() {
        "" => None,
        s => Some(s.parse::<f64>().map_err(|_| BadScore(s.to_owned()))?),
    };
    let notes = cell("notes");
    Ok(LogRecord {
        id: cell("_id"),
        prompt_id: cell("promptId"),
        prompt_title: cell("promptTitle"),
        output: cell("output"),
        model_used: cell("modelUsed"),
        notes: (!notes.is_empty()).then_some(notes),
        score,
        created_at: cell("createdAt"),
    })
}

#[cfg(test)]
mod tests;
