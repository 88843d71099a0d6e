//! Wire types of the PromptCrafter API, shared by the client and the server,
//! and the validation rules for new records, kept in one place so that the
//! client can check a form with exactly the rules the server applies.

mod validate;

use serde::{Deserialize, Serialize};

pub use validate::{
    FieldProblem, MAX_CONTENT_BYTES, MAX_MODEL_CHARS, MAX_NAME_CHARS, MAX_NOTES_CHARS,
    MAX_OUTPUT_BYTES, MAX_TAG_CHARS, MAX_TAGS, Problems, validate_log_patch, validate_new_log,
    validate_new_prompt, validate_prompt_patch, validate_signup, weak_password,
};

/// A saved prompt, as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Prompt {
    /// Server-assigned identifier.
    #[serde(rename = "_id")]
    pub id: String,
    /// The owning user's identifier.
    #[serde(default)]
    pub owner_id: String,
    /// Short title, 3 to 100 characters.
    pub title: String,
    /// The prompt text itself.
    #[serde(default)]
    pub content: String,
    /// The model this prompt is meant for.
    #[serde(default)]
    pub model: String,
    /// Free-form tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// RFC 3339 creation time.
    #[serde(default)]
    pub created_at: String,
    /// RFC 3339 time of the last change.
    #[serde(default)]
    pub updated_at: String,
}

/// The body of `POST /prompts`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewPrompt {
    /// Short title, 3 to 100 characters.
    pub title: String,
    /// The prompt text.
    pub content: String,
    /// The model this prompt is meant for.
    pub model: String,
    /// Optional tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

/// The body of `PATCH /prompts/:id`: only the fields present change.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PromptPatch {
    /// New title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// New content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// New model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// New tags (replaces the old list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

/// A logged model output, as the API returns it. On the wire the model is
/// sent under both `modelUsed` (the seed's name) and `model` (the published
/// OpenAPI's), and read from either.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "LogWire", into = "LogWire")]
pub struct Log {
    /// Server-assigned identifier.
    pub id: String,
    /// The prompt this output answers.
    pub prompt_id: String,
    /// The model's output, verbatim.
    pub output: String,
    /// Which model produced the output.
    pub model_used: String,
    /// Reviewer's notes.
    pub notes: Option<String>,
    /// Reviewer's score. Read as a number because published examples carry
    /// fractional scores (9.5); only integers 0..=10 are ever sent, and a
    /// whole score is written as an integer (`9`, not `9.0`).
    pub score: Option<f64>,
    /// RFC 3339 creation time.
    pub created_at: String,
}

/// A [`Log`] as JSON: the model under both names.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LogWire {
    #[serde(rename = "_id")]
    id: String,
    prompt_id: String,
    output: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    model_used: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    notes: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_score"
    )]
    score: Option<f64>,
    #[serde(default)]
    created_at: String,
}

impl From<LogWire> for Log {
    fn from(w: LogWire) -> Self {
        Self {
            id: w.id,
            prompt_id: w.prompt_id,
            output: w.output,
            model_used: w.model_used.or(w.model).unwrap_or_default(),
            notes: w.notes,
            score: w.score,
            created_at: w.created_at,
        }
    }
}

impl From<Log> for LogWire {
    fn from(l: Log) -> Self {
        Self {
            id: l.id,
            prompt_id: l.prompt_id,
            output: l.output,
            model: Some(l.model_used.clone()),
            model_used: Some(l.model_used),
            notes: l.notes,
            score: l.score,
            created_at: l.created_at,
        }
    }
}

/// Writes a score as the contract's integer when it is whole, else as a float.
fn serialize_score<S: serde::Serializer>(score: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match score {
        // Whole and small: the cast is exact.
        Some(v) if v.fract() == 0.0 && v.abs() < 1e15 => s.serialize_some(&(*v as i64)),
        other => other.serialize(s),
    }
}

/// The body of `POST /logs`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewLog {
    /// The prompt this output answers.
    pub prompt_id: String,
    /// The model's output, verbatim.
    pub output: String,
    /// Which model produced the output.
    pub model_used: String,
    /// Reviewer's notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Reviewer's score, an integer from 0 to 10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<i64>,
}

impl NewLog {
    /// Checks this log with the rules the server applies to `POST /logs`.
    ///
    /// # Errors
    /// Every offending field, in one [`Problems`] value.
    pub fn validate(&self) -> Result<(), Problems> {
        let value = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        validate_new_log(&value).map(|_| ())
    }
}

/// The body of `PATCH /logs/:id` (our extension): only the fields present
/// change; notes are cleared with `""`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogPatch {
    /// New score, an integer from 0 to 10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<i64>,
    /// New notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// The body of `POST /auth/signup`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignupRequest {
    /// Display name.
    pub name: String,
    /// Login email.
    pub email: String,
    /// Password, 10 to 30 characters.
    pub password: String,
}

/// The body of `POST /auth/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    /// Login email.
    pub email: String,
    /// Password.
    pub password: String,
}

/// The answer to a successful login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenResponse {
    /// A bearer token (JWT).
    pub token: String,
}

/// A plain `{"message": ...}` answer, as signup returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageResponse {
    /// Human-readable message.
    pub message: String,
}

/// The contract's error body, `{"error": ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Human-readable message.
    pub error: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_sends_both_model_names_and_reads_either() {
        let log = Log {
            id: "log_1".into(),
            prompt_id: "p".into(),
            output: "o".into(),
            model_used: "gpt-4o".into(),
            notes: None,
            score: Some(9.0),
            created_at: String::new(),
        };
        let v = serde_json::to_value(&log).unwrap();
        assert_eq!(v["modelUsed"], "gpt-4o");
        assert_eq!(v["model"], "gpt-4o");
        assert_eq!(v["score"], 9);
        assert_eq!(serde_json::from_value::<Log>(v).unwrap(), log);
        let openapi = r#"{"_id":"l","promptId":"p","output":"o","model":"o3"}"#;
        assert_eq!(
            serde_json::from_str::<Log>(openapi).unwrap().model_used,
            "o3"
        );
        let seed = r#"{"_id":"l","promptId":"p","output":"o","modelUsed":"o3"}"#;
        assert_eq!(serde_json::from_str::<Log>(seed).unwrap().model_used, "o3");
    }
}
