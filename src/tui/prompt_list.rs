//! The prompt list and its fuzzy filter (nucleo) over title, model and tags.

use nucleo::pattern::{CaseMatching, Normalization, Pattern};
use nucleo::{Config, Matcher, Utf32Str};

use crate::model::Prompt;

/// One row of the filtered list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Index into the full prompt list.
    pub index: usize,
    /// The text matched and shown: title, model and tags.
    pub text: String,
    /// Char positions in `text` that the filter matched.
    pub matched: Vec<usize>,
}

/// Lines each prompt takes in the list: its title, then its model and tags.
pub const ROW_HEIGHT: u16 = 2;

/// The text a prompt is matched on and shown as.
#[must_use]
pub fn row_text(p: &Prompt) -> String {
    let mut s = format!("{}  \u{b7} {}", p.title, p.model);
    if !p.tags.is_empty() {
        s.push_str("  #");
        s.push_str(&p.tags.join(" #"));
    }
    s
}

/// The prompts, the filter, and the rows that match it.
#[derive(Debug, Default)]
pub struct PromptList {
    /// Every prompt, in the server's order.
    pub prompts: Vec<Prompt>,
    /// The filter text.
    pub filter: String,
    /// The rows matching the filter, best first (all, in order, when empty).
    pub rows: Vec<Row>,
    /// The highlighted row.
    pub selected: usize,
}

impl PromptList {
    /// Replaces the prompts, keeping the selection on the same prompt id.
    pub fn set_prompts(&mut self, prompts: Vec<Prompt>) {
        let keep = self.selected_prompt().map(|p| p.id.clone());
        self.prompts = prompts;
        self.refilter();
        if let Some(id) = keep {
            self.select_id(&id);
        }
    }

    /// Sets the filter and recomputes the rows.
    pub fn set_filter(&mut self, filter: &str) {
        self.filter = filter.to_owned();
        self.refilter();
        self.selected = 0;
    }

    /// Recomputes the rows for the current filter.
    pub fn refilter(&mut self) {
        let texts = self.prompts.iter().map(row_text);
        if self.filter.trim().is_empty() {
            self.rows = texts
                .enumerate()
                .map(|(index, text)| Row {
                    index,
                    text,
                    matched: Vec::new(),
                })
                .collect();
        } else {
            let pattern = Pattern::parse(&self.filter, CaseMatching::Ignore, Normalization::Smart);
            let mut matcher = Matcher::new(Config::DEFAULT);
            let mut buf = Vec::new();
            let mut scored: Vec<(u32, Row)> = texts
                .enumerate()
                .filter_map(|(index, text)| {
                    let mut idx = Vec::new();
                    // One unit per char (not `Utf32Str::new`, which makes one
                    // per grapheme), so the indices are the char positions the
                    // view highlights.
                    buf.clear();
                    buf.extend(text.chars());
                    let haystack = if text.is_ascii() {
                        Utf32Str::Ascii(text.as_bytes())
                    } else {
                        Utf32Str::Unicode(&buf)
                    };
                    let score = pattern.indices(haystack, &mut matcher, &mut idx)?;
                    idx.sort_unstable();
                    idx.dedup();
                    let matched = idx.into_iter().map(|i| i as usize).collect();
                    Some((
                        score,
                        Row {
                            index,
                            text,
                            matched,
                        },
                    ))
                })
                .collect();
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.index.cmp(&b.1.index)));
            self.rows = scored.into_iter().map(|(_, r)| r).collect();
        }
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    /// The highlighted prompt.
    #[must_use]
    pub fn selected_prompt(&self) -> Option<&Prompt> {
        self.rows
            .get(self.selected)
            .and_then(|r| self.prompts.get(r.index))
    }

    /// Highlights the prompt `id` if it is among the rows.
    pub fn select_id(&mut self, id: &str) {
        if let Some(i) = self
            .rows
            .iter()
            .position(|r| self.prompts[r.index].id == id)
        {
            self.selected = i;
        }
    }

    /// Moves the highlight by `delta` rows, staying in the list.
    pub fn move_by(&mut self, delta: isize) {
        if self.rows.is_empty() {
            return;
        }
        let max = self.rows.len() - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(max);
    }

    /// The prompt with id `id`.
    #[must_use]
    pub fn by_id(&self, id: &str) -> Option<&Prompt> {
        self.prompts.iter().find(|p| p.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prompt(id: &str, title: &str, model: &str, tags: &[&str]) -> Prompt {
        Prompt {
            id: id.into(),
            owner_id: "u".into(),
            title: title.into(),
            content: String::new(),
            model: model.into(),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn matches_are_char_positions_past_combining_marks_and_emoji() {
        let mut list = PromptList::default();
        let title = "Cafe\u{301} 👨\u{200d}👩\u{200d}👧 zebra";
        list.set_prompts(vec![prompt("1", title, "m", &[])]);
        list.set_filter("zebra");
        let row = &list.rows[0];
        let chars: Vec<char> = row.text.chars().collect();
        let hit: String = row.matched.iter().map(|i| chars[*i]).collect();
        assert_eq!(hit, "zebra");
    }

    #[test]
    fn fuzzy_filter_over_title_model_tags() {
        let mut l = PromptList::default();
        l.set_prompts(vec![
            prompt("1", "Support ticket triage", "claude", &["support"]),
            prompt("2", "Invoice fields", "gemini", &["finance"]),
            prompt("3", "SQL from English", "gpt-4o-mini", &["sql"]),
        ]);
        assert_eq!(l.rows.len(), 3);
        l.set_filter("invce");
        assert_eq!(l.rows.len(), 1);
        assert_eq!(l.selected_prompt().unwrap().id, "2");
        assert_eq!(l.rows[0].matched[0], 0);
        l.set_filter("finance");
        assert_eq!(l.selected_prompt().unwrap().id, "2");
        l.set_filter("gpt");
        assert_eq!(l.selected_prompt().unwrap().id, "3");
        l.set_filter("zzzz");
        assert!(l.rows.is_empty());
        assert!(l.selected_prompt().is_none());
        l.set_filter("");
        l.move_by(5);
        assert_eq!(l.selected, 2);
    }
}
