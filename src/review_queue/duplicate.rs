//! The duplicate guard: has this output already been logged for this prompt
//! and model? Compares outputs after [`normalise`].

use crate::model::Log;

/// The request header of our `POST /logs` extension: with a count `N`
/// (1 to [`MAX_AMONG`]), the server looks for the output among the prompt's
/// newest `N` logs before it stores the new one.
pub const FIND_HEADER: &str = "promptcrafter-find-duplicate";
/// The answer's header when the server looked: `none`, or the duplicate's
/// `_id` and `createdAt` separated by a space.
pub const FOUND_HEADER: &str = "promptcrafter-duplicate";
/// The most logs one `POST /logs` looks through for a duplicate.
pub const MAX_AMONG: u32 = 1000;

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
            && normalises_to(&l.output, &wanted)
    })
}

/// Whether `text` [`normalise`]s to `wanted`. When both are ASCII,
/// lower-casing goes byte by byte, so the comparison runs without making
/// the normalised copy and stops at the first difference (most outputs
/// differ early): looking through hundreds of long outputs on every log
/// costs next to nothing (issue 9).
pub fn normalises_to(text: &str, wanted: &str) -> bool {
    if !(text.is_ascii() && wanted.is_ascii()) {
        return normalise(text) == wanted;
    }
    normalised_ascii(text).eq(wanted.bytes())
}

/// The bytes of [`normalise`]`(text)` for an ASCII `text`, made one at a
/// time (no copy).
pub fn normalised_ascii(text: &str) -> impl Iterator<Item = u8> + '_ {
    debug_assert!(text.is_ascii());
    text.split_whitespace().enumerate().flat_map(|(i, word)| {
        let space = (i > 0).then_some(b' ');
        space
            .into_iter()
            .chain(word.bytes().map(|b| b.to_ascii_lowercase()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The byte-by-byte comparison agrees with comparing normalised
        /// copies, on text made of letters of both cases and every kind of
        /// whitespace (some not ASCII).
        #[test]
        fn normalises_to_agrees_with_normalise(
            a in "[aAbB \t\n\r\u{0B}\u{0C}\u{A0}Σς]{0,12}",
            b in "[aAbB \t\n\r\u{0B}\u{0C}\u{A0}Σς]{0,12}",
        ) {
            let wanted = normalise(&b);
            proptest::prop_assert_eq!(normalises_to(&a, &wanted), normalise(&a) == wanted);
        }
    }

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
