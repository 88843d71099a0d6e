//! The validation rules for request bodies, applied to raw JSON so that wrong
//! types ("9", 9.5) are caught as well as missing fields. The server runs
//! these on every body; the client runs the same ones before it sends.

use std::fmt;

use serde_json::{Map, Value};

use super::{LogPatch, NewLog, NewPrompt, PromptPatch, SignupRequest};

mod passwords;
use passwords::COMMON_PASSWORDS;

/// Why a string holding U+0000 is refused: PostgreSQL text cannot store it,
/// so neither backend takes it (issue 13: no difference a client can see).
const NUL: &str = "must not contain the character U+0000";

/// The shortest and longest prompt title, in characters.
pub const TITLE_CHARS: std::ops::RangeInclusive<usize> = 3..=100;
/// The shortest and longest password, in characters.
pub const PASSWORD_CHARS: std::ops::RangeInclusive<usize> = 10..=30;
/// The lowest and highest score.
pub const SCORE_RANGE: std::ops::RangeInclusive<i64> = 0..=10;
/// Longest log output, in bytes (10 MiB; the server's body limit is larger).
pub const MAX_OUTPUT_BYTES: usize = 10 * 1024 * 1024;
/// Longest prompt content, in bytes (1 MiB).
pub const MAX_CONTENT_BYTES: usize = 1024 * 1024;
/// Longest model name (a prompt's `model`, a log's `modelUsed`), in characters.
pub const MAX_MODEL_CHARS: usize = 100;
/// Longest reviewer's notes, in characters.
pub const MAX_NOTES_CHARS: usize = 10_000;
/// Most tags on one prompt.
pub const MAX_TAGS: usize = 20;
/// Longest tag, in characters.
pub const MAX_TAG_CHARS: usize = 50;
/// Longest name or email at signup, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// One field that failed validation, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field's wire name, e.g. `modelUsed`.
    pub field: &'static str,
    /// What is wrong, e.g. `missing`.
    pub problem: String,
}

/// Every field that failed validation in one body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems {
    /// Sentence that introduces the list, e.g. "Required fields are missing or invalid".
    pub summary: &'static str,
    /// The offending fields, in the order they are checked.
    pub fields: Vec<FieldProblem>,
}

impl Problems {
    /// The problem with `field`, if it has one.
    #[must_use]
    pub fn for_field(&self, field: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|p| p.field == field)
            .map(|p| p.problem.as_str())
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.summary)?;
        for (i, p) in self.fields.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{} ({})", p.field, p.problem)?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

const MISSING_OR_INVALID: &str = "Required fields are missing or invalid";

/// Collects problems while fields are read out of a JSON object.
struct Checker<'a> {
    obj: Option<&'a Map<String, Value>>,
    fields: Vec<FieldProblem>,
}

impl<'a> Checker<'a> {
    fn new(value: &'a Value) -> Self {
        Self {
            obj: value.as_object(),
            fields: Vec::new(),
        }
    }

    fn get(&self, field: &str) -> Option<&'a Value> {
        self.obj.and_then(|o| o.get(field)).filter(|v| !v.is_null())
    }

    /// Whether `field` is sent as `null`, which no field of the contract
    /// allows (an optional field is left out instead).
    fn is_null(&self, field: &str) -> bool {
        self.obj
            .and_then(|o| o.get(field))
            .is_some_and(Value::is_null)
    }

    fn fail(&mut self, field: &'static str, problem: impl Into<String>) {
        self.fields.push(FieldProblem {
            field,
            problem: problem.into(),
        });
    }

    /// A required, non-blank string.
    fn required(&mut self, field: &'static str) -> String {
        match self.get(field) {
            None => self.fail(field, "missing"),
            Some(Value::String(s)) if s.trim().is_empty() => self.fail(field, "must not be blank"),
            Some(Value::String(s)) if s.contains('\0') => self.fail(field, NUL),
            Some(Value::String(s)) => return s.clone(),
            Some(_) => self.fail(field, "must be a string"),
        }
        String::new()
    }

    /// An optional string (may be blank).
    fn optional(&mut self, field: &'static str) -> Option<String> {
        if self.is_null(field) {
            self.fail(field, "must be a string, or left out");
            return None;
        }
        match self.get(field) {
            None => None,
            Some(Value::String(s)) if s.contains('\0') => {
                self.fail(field, NUL);
                None
            }
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                self.fail(field, "must be a string");
                None
            }
        }
    }

    /// An optional, non-blank string.
    fn optional_non_blank(&mut self, field: &'static str) -> Option<String> {
        let s = self.optional(field)?;
        if s.trim().is_empty() {
            self.fail(field, "must not be blank");
        }
        Some(s)
    }

    fn optional_tags(&mut self, field: &'static str) -> Option<Vec<String>> {
        if self.is_null(field) {
            self.fail(field, "must be an array of strings, or left out");
            return None;
        }
        match self.get(field) {
            None => None,
            Some(Value::Array(items)) => {
                let tags: Option<Vec<String>> = items
                    .iter()
                    .map(|v| v.as_str().filter(|t| !t.contains('\0')).map(str::to_owned))
                    .collect();
                if tags.is_none() {
                    self.fail(field, "must be an array of strings");
                }
                tags
            }
            Some(_) => {
                self.fail(field, "must be an array of strings");
                None
            }
        }
    }

    /// A string of at most `max` characters.
    fn max_chars(&mut self, field: &'static str, s: &str, max: usize) {
        // Counting stops at the limit, so a huge value costs no more than a small one.
        if s.chars().nth(max).is_some() {
            self.fail(field, format!("must be at most {max} characters"));
        }
    }

    /// A string of at most `max` bytes.
    fn max_bytes(&mut self, field: &'static str, s: &str, max: usize) {
        if s.len() > max {
            self.fail(
                field,
                format!("must be at most {} MiB", max / (1024 * 1024)),
            );
        }
    }

    /// At most [`MAX_TAGS`] tags of at most [`MAX_TAG_CHARS`] characters each.
    fn tag_limits(&mut self, field: &'static str, tags: Option<&Vec<String>>) {
        let Some(tags) = tags else { return };
        if tags.len() > MAX_TAGS {
            self.fail(field, format!("must be at most {MAX_TAGS} tags"));
        } else if tags.iter().any(|t| t.chars().nth(MAX_TAG_CHARS).is_some()) {
            self.fail(
                field,
                format!("each tag must be at most {MAX_TAG_CHARS} characters"),
            );
        }
    }

    fn title_length(&mut self, field: &'static str, title: &str) {
        let n = title.trim().chars().count();
        if !title.trim().is_empty() && !TITLE_CHARS.contains(&n) {
            self.fail(field, "must be 3 to 100 characters");
        }
    }

    fn finish<T>(self, summary: &'static str, value: T) -> Result<T, Problems> {
        if self.obj.is_none() {
            return Err(Problems {
                summary: "Request body must be a JSON object",
                fields: Vec::new(),
            });
        }
        if self.fields.is_empty() {
            Ok(value)
        } else {
            Err(Problems {
                summary,
                fields: self.fields,
            })
        }
    }
}

/// Validates the body of `POST /logs`: `promptId`, `output` and `modelUsed`
/// (or `model`, the published OpenAPI's name for it) present, strings and not
/// blank; `notes` a string if present; `score`, if present, an integer from 0
/// to 10. Unknown fields are ignored.
///
/// # Errors
/// Every offending field.
pub fn validate_new_log(value: &Value) -> Result<NewLog, Problems> {
    let mut c = Checker::new(value);
    let prompt_id = c.required("promptId");
    let output = c.required("output");
    c.max_bytes("output", &output, MAX_OUTPUT_BYTES);
    let model_used = model_field(&mut c);
    c.max_chars("modelUsed", &model_used, MAX_MODEL_CHARS);
    let notes = c.optional("notes");
    if let Some(n) = &notes {
        c.max_chars("notes", n, MAX_NOTES_CHARS);
    }
    let score = score_field(&mut c);
    let log = NewLog {
        prompt_id,
        output,
        model_used,
        notes,
        score,
    };
    c.finish(MISSING_OR_INVALID, log)
}

/// An optional `score`: an integer from 0 to 10 (`null` counts as absent,
/// as `POST /logs` has always read it).
fn score_field(c: &mut Checker<'_>) -> Option<i64> {
    let v = c.get("score")?;
    let score = v.as_i64().filter(|n| SCORE_RANGE.contains(n));
    if score.is_none() {
        c.fail("score", "must be an integer from 0 to 10");
    }
    score
}

/// Validates the body of `PATCH /logs/:id` (an extension): `score` and
/// `notes` under the rules of `POST /logs`, at least one of them present.
/// Other fields are refused, since they cannot change.
///
/// # Errors
/// Every offending field, or the empty patch.
pub fn validate_log_patch(value: &Value) -> Result<LogPatch, Problems> {
    let mut c = Checker::new(value);
    let notes = c.optional("notes");
    if let Some(n) = &notes {
        c.max_chars("notes", n, MAX_NOTES_CHARS);
    }
    let score = score_field(&mut c);
    let fixed = [
        "promptId",
        "output",
        "modelUsed",
        "model",
        "_id",
        "createdAt",
    ];
    for field in fixed {
        if c.obj.is_some_and(|o| o.contains_key(field)) {
            c.fail(field, "cannot be changed: only score and notes can");
        }
    }
    let patch = LogPatch { score, notes };
    let empty = patch == LogPatch::default();
    let result = c.finish("Invalid fields", patch)?;
    if empty {
        return Err(Problems {
            summary: "Nothing to update: send score, notes or both",
            fields: Vec::new(),
        });
    }
    Ok(result)
}

/// The log's model: `modelUsed`, or `model` when `modelUsed` is absent; both
/// present and different is a problem naming both.
fn model_field(c: &mut Checker<'_>) -> String {
    match (c.get("modelUsed"), c.get("model")) {
        (None, Some(_)) => c.required("model"),
        (Some(used), Some(model)) if used != model => {
            c.fail(
                "modelUsed",
                "differs from model: send one of them, or the same value in both",
            );
            String::new()
        }
        _ => c.required("modelUsed"),
    }
}

/// Validates the body of `POST /prompts`: `title` (3 to 100 characters),
/// `content` and `model` present and not blank; `tags` an array of strings.
///
/// # Errors
/// Every offending field.
pub fn validate_new_prompt(value: &Value) -> Result<NewPrompt, Problems> {
    let mut c = Checker::new(value);
    let title = c.required("title");
    c.title_length("title", &title);
    let content = c.required("content");
    c.max_bytes("content", &content, MAX_CONTENT_BYTES);
    let model = c.required("model");
    c.max_chars("model", &model, MAX_MODEL_CHARS);
    let tags = c.optional_tags("tags");
    c.tag_limits("tags", tags.as_ref());
    let prompt = NewPrompt {
        title,
        content,
        model,
        tags,
    };
    c.finish(MISSING_OR_INVALID, prompt)
}

/// Validates the body of `PATCH /prompts/:id`: each field present follows the
/// rules of a new prompt; at least one field must be present.
///
/// # Errors
/// Every offending field.
pub fn validate_prompt_patch(value: &Value) -> Result<PromptPatch, Problems> {
    let mut c = Checker::new(value);
    let title = c.optional_non_blank("title");
    if let Some(t) = &title {
        c.title_length("title", t);
    }
    let content = c.optional_non_blank("content");
    if let Some(text) = &content {
        c.max_bytes("content", text, MAX_CONTENT_BYTES);
    }
    let model = c.optional_non_blank("model");
    if let Some(m) = &model {
        c.max_chars("model", m, MAX_MODEL_CHARS);
    }
    let tags = c.optional_tags("tags");
    c.tag_limits("tags", tags.as_ref());
    let patch = PromptPatch {
        title,
        content,
        model,
        tags,
    };
    let empty = patch == PromptPatch::default();
    let result = c.finish("Invalid fields", patch)?;
    if empty {
        return Err(Problems {
            summary: "Nothing to update: send any of title, content, model, tags",
            fields: Vec::new(),
        });
    }
    Ok(result)
}

/// Validates the body of `POST /auth/signup`: `name`, `email` (with an `@`)
/// and `password` (10 to 30 characters).
///
/// # Errors
/// Every offending field.
pub fn validate_signup(value: &Value) -> Result<SignupRequest, Problems> {
    let mut c = Checker::new(value);
    let name = c.required("name");
    c.max_chars("name", &name, MAX_NAME_CHARS);
    let email = c.required("email");
    c.max_chars("email", &email, MAX_NAME_CHARS);
    if !email.is_empty() && !looks_like_email(&email) {
        c.fail("email", "must be an email address");
    }
    let password = match c.get("password") {
        None => {
            c.fail("password", "missing");
            String::new()
        }
        Some(Value::String(p)) if PASSWORD_CHARS.contains(&p.chars().count()) => {
            if let Some(why) = weak_password(p) {
                c.fail("password", why);
            }
            p.clone()
        }
        Some(Value::String(_)) => {
            c.fail("password", "must be 10 to 30 characters");
            String::new()
        }
        Some(_) => {
            c.fail("password", "must be a string");
            String::new()
        }
    };
    let req = SignupRequest {
        name,
        email,
        password,
    };
    c.finish(MISSING_OR_INVALID, req)
}

/// Why `password` is too easy to guess, if it is: one character repeated, or
/// in the built-in list of common passwords.
#[must_use]
pub fn weak_password(password: &str) -> Option<&'static str> {
    let mut chars = password.chars();
    if let Some(first) = chars.next()
        && chars.all(|c| c == first)
    {
        return Some("must not be one character repeated");
    }
    let lower = password.to_lowercase();
    COMMON_PASSWORDS
        .contains(&lower.as_str())
        .then_some("is one of the most common passwords: choose another")
}

fn looks_like_email(s: &str) -> bool {
    let s = s.trim();
    match s.split_once('@') {
        Some((user, host)) => {
            !user.is_empty() && !host.is_empty() && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests;
