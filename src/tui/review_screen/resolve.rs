//! What the review works out from its input once the prompts are loaded:
//! each item's `prompt` given as a title becomes that prompt's id (when
//! exactly one prompt has it); titles that match none or several are
//! listed with their lines, once, at the start. And the summary a review
//! ends with: logged, skipped, left, mean score, median time per item.

use super::session::Review;
use crate::tui::components::prompt_store::StoredPrompt;
use crate::tui::components::status_bar::Level;

/// How a review stands, for the done screen and for stdout on quit.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Items logged (or queued).
    pub logged: usize,
    /// Items skipped.
    pub skipped: usize,
    /// Items not reviewed yet.
    pub left: usize,
    /// The mean of the scores given.
    pub mean: Option<f64>,
    /// The median of the seconds spent per item.
    pub median_secs: Option<f64>,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Review: {} logged, {} skipped, {} left",
            self.logged, self.skipped, self.left
        )?;
        if let Some(m) = self.mean {
            write!(f, "; mean score {m:.1}")?;
        }
        match self.median_secs {
            Some(s) if s < 10.0 => write!(f, "; median {s:.1} s per item")?,
            Some(s) => write!(f, "; median {s:.0} s per item")?,
            None => {}
        }
        f.write_str(".")
    }
}

impl Review {
    /// The review's summary now.
    #[must_use]
    pub fn summary(&self) -> Summary {
        let (logged, skipped, mean) = self.tally();
        Summary {
            logged,
            skipped,
            left: self.items.len().saturating_sub(logged + skipped),
            mean,
            median_secs: self.progress.median_seconds(),
        }
    }

    /// Items whose prompt is not an id of the list but the title of
    /// exactly one prompt get that prompt's id; the rest are said once.
    pub(super) fn resolve_prompts(&mut self) {
        let mut unknown: Vec<(String, Vec<String>)> = Vec::new();
        let mut ambiguous: Vec<(String, Vec<String>)> = Vec::new();
        for item in &mut self.items {
            let Some(given) = item.prompt_id.clone() else {
                continue;
            };
            if self.list.by_id(&given).is_some() {
                continue;
            }
            let wanted = given.trim().to_lowercase();
            let matches: Vec<&str> = self
                .list
                .prompts
                .iter()
                .filter(|p| p.title().trim().to_lowercase() == wanted)
                .map(StoredPrompt::id)
                .collect();
            let bucket = match matches.as_slice() {
                [id] => {
                    item.prompt_id = Some((*id).to_owned());
                    continue;
                }
                [] => &mut unknown,
                _ => &mut ambiguous,
            };
            let at = item.source.to_string();
            match bucket.iter_mut().find(|(t, _)| *t == given) {
                Some((_, lines)) => lines.push(at),
                None => bucket.push((given, vec![at])),
            }
        }
        let mut parts = Vec::new();
        for (what, list) in [
            ("no prompt is", &unknown),
            ("several prompts are", &ambiguous),
        ] {
            for (title, lines) in list {
                parts.push(format!(
                    "{what} called \u{201c}{}\u{201d} ({})",
                    crate::sanitize::excerpt(title, 40),
                    lines.join(", ")
                ));
            }
        }
        if !parts.is_empty() {
            let text = format!(
                "Prompt not found: {}; pick one at those items.",
                parts.join("; ")
            );
            self.say(Level::Error, text);
        }
    }

    /// The keys kept as metadata, said once when the review starts.
    pub(super) fn say_metadata_keys(&mut self, keys: &[String]) {
        if keys.is_empty() {
            return;
        }
        let keys: Vec<String> = keys
            .iter()
            .map(|k| crate::sanitize::excerpt(k, 30))
            .collect();
        let text = format!(
            "Fields shown as metadata (not logged): {}. See review --help for the fields read.",
            keys.join(", ")
        );
        // After the resume's line, not in its place.
        let text = match &self.banner {
            Some(b) => format!("{} {text}", b.text),
            None => text,
        };
        self.say(Level::Info, text);
    }
}
