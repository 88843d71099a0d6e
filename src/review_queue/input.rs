//! Loading a review queue from what `promptcrafter review FILE...` is given:
//! JSONL, CSV with a header, a folder of `.txt`/`.md` files (one output
//! each), or `-` for JSONL on stdin. Bad lines are collected, never fatal;
//! the inputs are only read.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The argument that means "JSONL on stdin".
pub const STDIN: &str = "-";

/// Where an item came from: a file and a 1-based line (JSONL, CSV), or just
/// a file (one file per output).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The input as given (`<stdin>` for `-`), or the file inside a folder.
    pub file: String,
    /// The line the item starts on, when the file holds many items.
    pub line: Option<usize>,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.file),
            None => f.write_str(&self.file),
        }
    }
}

/// One output waiting to be reviewed.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Where it came from.
    pub source: Source,
    /// A short name to show: the file name for one-file-per-output inputs.
    pub label: Option<String>,
    /// The model's output, verbatim.
    pub output: String,
    /// The prompt it answers, when the input names one (`promptId`,
    /// `prompt_id` or `prompt`): an id, or a title the review resolves.
    pub prompt_id: Option<String>,
    /// The model that produced it (`modelUsed`, else `model`).
    pub model: Option<String>,
    /// Notes carried by the input.
    pub notes: Option<String>,
    /// A score carried by the input, 0..=10.
    pub score: Option<i64>,
    /// Every other field of the line, in the input's order.
    pub metadata: Vec<(String, Value)>,
}

/// A line (or file) that could not become an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    /// The input as given, or the file inside a folder.
    pub source: String,
    /// 1-based line number; 0 when the problem is the whole file.
    pub line: usize,
    /// What is wrong, in words.
    pub reason: String,
}

/// A loaded review queue.
#[derive(Debug, Clone, PartialEq)]
pub struct Queue {
    /// The items, in input order.
    pub items: Vec<Item>,
    /// What could not be loaded.
    pub bad: Vec<BadLine>,
    /// Hex sha256 of the inputs' bytes: names this queue's saved progress.
    pub hash: String,
}

impl Queue {
    /// The keys items carry beyond the known fields (shown as metadata),
    /// each once, in the order first met.
    #[must_use]
    pub fn metadata_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = Vec::new();
        for (k, _) in self.items.iter().flat_map(|i| &i.metadata) {
            if !keys.contains(k) {
                keys.push(k.clone());
            }
        }
        keys
    }
}

/// Defaults for what items lack: `--prompt ID` and `--model M`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Defaults {
    /// Prompt id for items that name none.
    pub prompt_id: Option<String>,
    /// Model for items that name none.
    pub model: Option<String>,
}

/// An input that could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// A file or folder could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The input.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

/// Fills what items lack from `defaults`; what an item names wins.
pub fn apply_defaults(items: &mut [Item], defaults: &Defaults) {
    for item in items {
        if item.prompt_id.is_none() {
            item.prompt_id.clone_from(&defaults.prompt_id);
        }
        if item.model.is_none() {
            item.model.clone_from(&defaults.model);
        }
    }
}

/// Loads every input in order; `-` reads JSONL from `stdin`.
///
/// # Errors
/// When an input cannot be read at all (missing file, unreadable folder).
pub fn load(inputs: &[PathBuf], stdin: &mut dyn Read) -> Result<Queue, InputError> {
    let mut queue = Queue {
        items: Vec::new(),
        bad: Vec::new(),
        hash: String::new(),
    };
    let mut hasher = Sha256::new();
    for input in inputs {
        let name = input.display().to_string();
        let io = |source| InputError::Io {
            path: name.clone(),
            source,
        };
        if name == STDIN {
            let mut bytes = Vec::new();
            stdin.read_to_end(&mut bytes).map_err(io)?;
            hash_part(&mut hasher, b"-", &bytes);
            extend(&mut queue, parse_jsonl("<stdin>", &bytes));
        } else if input.is_dir() {
            load_folder(input, &mut queue, &mut hasher).map_err(io)?;
        } else {
            let bytes = std::fs::read(input).map_err(io)?;
            hash_part(&mut hasher, name.as_bytes(), &bytes);
            extend(&mut queue, parse_file(&name, input, &bytes));
        }
    }
    queue.hash = hex(&hasher.finalize());
    Ok(queue)
}

/// Adds one input to the hash, framed so that inputs cannot run together.
fn hash_part(hasher: &mut Sha256, name: &[u8], bytes: &[u8]) {
    // Only the file's own name counts, so moving the inputs keeps the progress.
    let base = name.rsplit(|b| *b == b'/').next().unwrap_or(name);
    hasher.update((base.len() as u64).to_le_bytes());
    hasher.update(base);
    hasher.update((bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn extend(queue: &mut Queue, (items, bad): (Vec<Item>, Vec<BadLine>)) {
    queue.items.extend(items);
    queue.bad.extend(bad);
}

/// Parses one file by its extension: `.csv`, `.txt`/`.md` (one output),
/// anything else JSONL.
fn parse_file(name: &str, path: &Path, bytes: &[u8]) -> (Vec<Item>, Vec<BadLine>) {
    match extension(path).as_deref() {
        Some("csv") => parse_csv(name, bytes),
        Some("txt" | "md") => match whole_file(name, path, bytes) {
            Ok(item) => (vec![item], Vec::new()),
            Err(bad) => (Vec::new(), vec![bad]),
        },
        _ => parse_jsonl(name, bytes),
    }
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// One item per `.txt`/`.md` file in `dir`, sorted by file name.
fn load_folder(dir: &Path, queue: &mut Queue, hasher: &mut Sha256) -> std::io::Result<()> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && matches!(extension(p).as_deref(), Some("txt" | "md")))
        .collect();
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    for file in files {
        let bytes = std::fs::read(&file)?;
        let name = file.display().to_string();
        hash_part(hasher, name.as_bytes(), &bytes);
        match whole_file(&name, &file, &bytes) {
            Ok(item) => queue.items.push(item),
            Err(bad) => queue.bad.push(bad),
        }
    }
    Ok(())
}

/// A whole file as one output, labelled with its file name.
fn whole_file(name: &str, path: &Path, bytes: &[u8]) -> Result<Item, BadLine> {
    let bad = |reason: &str| BadLine {
        source: name.to_owned(),
        line: 0,
        reason: reason.to_owned(),
    };
    let output = String::from_utf8(bytes.to_vec()).map_err(|_| bad("not valid UTF-8"))?;
    if output.trim().is_empty() {
        return Err(bad("the file is empty"));
    }
    Ok(Item {
        source: Source {
            file: name.to_owned(),
            line: None,
        },
        label: path.file_name().map(|n| n.to_string_lossy().into_owned()),
        output,
        prompt_id: None,
        model: None,
        notes: None,
        score: None,
        metadata: Vec::new(),
    })
}

/// A JSON object with its keys in the order written.
struct Ordered(Vec<(String, Value)>);

impl<'de> serde::Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut fields = Vec::new();
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    fields.push(entry);
                }
                Ok(Ordered(fields))
            }
        }
        d.deserialize_map(V)
    }
}

/// Parses JSONL: one object per line; blank lines are ignored.
#[must_use]
pub fn parse_jsonl(source: &str, bytes: &[u8]) -> (Vec<Item>, Vec<BadLine>) {
    let mut items = Vec::new();
    let mut bad = Vec::new();
    for (i, raw) in bytes.split(|b| *b == b'\n').enumerate() {
        let line = i + 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let parsed = serde_json::from_slice::<Ordered>(raw)
            .map_err(LineError::NotObject)
            .and_then(|o| item_from_fields(source, line, o.0.into_iter()));
        match parsed {
            Ok(item) => items.push(item),
            Err(reason) => bad.push(BadLine {
                source: source.to_owned(),
                line,
                reason: reason.to_string(),
            }),
        }
    }
    (items, bad)
}

/// Parses CSV with a header row naming the columns (`output` required);
/// quoted fields may span lines. Empty cells count as absent.
#[must_use]
pub fn parse_csv(source: &str, bytes: &[u8]) -> (Vec<Item>, Vec<BadLine>) {
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let bad_at = |line: usize, reason: String| BadLine {
        source: source.to_owned(),
        line,
        reason,
    };
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return (
                Vec::new(),
                vec![bad_at(1, format!("unreadable header: {e}"))],
            );
        }
    };
    if !header.iter().any(|h| h.trim() == "output") {
        let reason = "the header has no `output` column".to_owned();
        return (Vec::new(), vec![bad_at(1, reason)]);
    }
    let mut items = Vec::new();
    let mut bad = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, csv_line);
                bad.push(bad_at(line, format!("unreadable row: {e}")));
                continue;
            }
        };
        let line = record.position().map_or(0, csv_line);
        let fields = header
            .iter()
            .zip(record.iter())
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.trim().to_owned(), csv_value(k.trim(), v)));
        match item_from_fields(source, line, fields) {
            Ok(item) => items.push(item),
            Err(reason) => bad.push(bad_at(line, reason.to_string())),
        }
    }
    (items, bad)
}

fn csv_line(p: &csv::Position) -> usize {
    usize::try_from(p.line()).unwrap_or(usize::MAX)
}

/// A CSV cell as the JSON value the same JSONL field would hold.
fn csv_value(column: &str, cell: &str) -> Value {
    if column == "score"
        && let Ok(n) = cell.trim().parse::<i64>()
    {
        return Value::from(n);
    }
    Value::String(cell.to_owned())
}

/// What is wrong with one line of the input.
#[derive(Debug, thiserror::Error)]
enum LineError {
    /// JSONL: the line is not a JSON object.
    #[error("not a JSON object: {0}")]
    NotObject(serde_json::Error),
    /// No output to review.
    #[error("`output` is missing or blank")]
    NoOutput,
    /// A text field holds something else.
    #[error("`{key}` must be a string, not {kind}")]
    NotString {
        /// The field.
        key: String,
        /// What it holds.
        kind: &'static str,
    },
    /// The score is not an integer from 0 to 10.
    #[error("`score` must be an integer from 0 to 10, not {0}")]
    BadScore(String),
}

/// Builds an item from a line's fields, or says what is wrong with them.
fn item_from_fields(
    source: &str,
    line: usize,
    fields: impl Iterator<Item = (String, Value)>,
) -> Result<Item, LineError> {
    let mut item = Item {
        source: Source {
            file: source.to_owned(),
            line: Some(line),
        },
        label: None,
        output: String::new(),
        prompt_id: None,
        model: None,
        notes: None,
        score: None,
        metadata: Vec::new(),
    };
    let mut model_alias = None;
    for (key, value) in fields {
        match key.as_str() {
            "output" => item.output = string_field(&key, value)?.unwrap_or_default(),
            "promptId" | "prompt_id" | "prompt" if item.prompt_id.is_none() => {
                item.prompt_id = string_field(&key, value)?;
            }
            "modelUsed" => item.model = string_field(&key, value)?,
            "model" => model_alias = Some((key, value)),
            "notes" => item.notes = string_field(&key, value)?,
            "score" => item.score = score_field(&value)?,
            _ => item.metadata.push((key, value)),
        }
    }
    // `model` is the fallback name for `modelUsed`; beside it, it is metadata.
    if let Some((key, value)) = model_alias {
        if item.model.is_none() {
            item.model = string_field(&key, value)?;
        } else {
            item.metadata.push((key, value));
        }
    }
    if item.output.trim().is_empty() {
        return Err(LineError::NoOutput);
    }
    Ok(item)
}

fn string_field(key: &str, value: Value) -> Result<Option<String>, LineError> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        other => Err(LineError::NotString {
            key: key.to_owned(),
            kind: kind(&other),
        }),
    }
}

fn score_field(value: &Value) -> Result<Option<i64>, LineError> {
    match value {
        Value::Null => Ok(None),
        Value::Number(n) => match n.as_i64() {
            Some(s) if (0..=10).contains(&s) => Ok(Some(s)),
            _ => Err(LineError::BadScore(n.to_string())),
        },
        other => Err(LineError::BadScore(kind(other).to_owned())),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests;
