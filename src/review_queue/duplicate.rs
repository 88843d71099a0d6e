//! The duplicate guard: has this output already been logged for this prompt
//! and model? Compares outputs after [`normalise`].

use crate::model::Log;

/// An output reduced for comparison: trimmed, runs of whitespace made one
/// space, lower-cased.
#[must_use]
pub fn normalise(output: &str) -> String {
    output
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The first of `logs` for `prompt_id` and `model` whose output is the same
/// as `output` once normalised. It looks only at the `logs` it is given:
/// the TUI's main screen gives the prompt's loaded rows (at least the newest
/// page; all of them once every page is loaded), the review screen and the
/// CLI every log.
#[must_use]
pub fn is_duplicate<'a>(
    logs: &'a [Log],
    prompt_id: &str,
    model: &str,
    output: &str,
) -> Option<&'a Log> {
    let wanted = normalise(output);
    logs.iter().find(|l| {
        l.prompt_id == prompt_id
            && l.model_used.trim() == model.trim()
            && normalise(&l.output) == wanted
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(id: &str, prompt: &str, model: &str, output: &str) -> Log {
        Log {
            id: id.into(),
            prompt_id: prompt.into(),
            output: output.into(),
            model_used: model.into(),
            notes: None,
            score: None,
            created_at: String::new(),
        }
    }

    #[test]
    fn normalises_whitespace_and_case() {
        assert_eq!(normalise("  Hello\n\n  WORLD\t!  "), "hello world !");
        assert_eq!(normalise("Ünïcode  ÉÉ"), "ünïcode éé");
        assert_eq!(normalise(" \n\t "), "");
    }

    #[test]
    fn finds_only_same_prompt_and_model() {
        let logs = [
            log("1", "p1", "gpt-4o", "Hello   world"),
            log("2", "p2", "gpt-4o", "hello world"),
            log("3", "p1", "claude", "hello world"),
        ];
        let hit = is_duplicate(&logs, "p1", "gpt-4o", "\nHELLO world ");
        assert_eq!(hit.map(|l| l.id.as_str()), Some("1"));
        assert_eq!(
            is_duplicate(&logs, "p2", "gpt-4o", "hello world").map(|l| l.id.as_str()),
            Some("2")
        );
        assert!(is_duplicate(&logs, "p1", "gpt-4o", "hello world!").is_none());
        assert!(is_duplicate(&logs, "p3", "gpt-4o", "hello world").is_none());
    }
}
