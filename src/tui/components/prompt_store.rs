//! The prompt list's prompts, kept compact (issue 9): each prompt's text
//! fields and tags in one string, one allocation of the text's size, where
//! a [`Prompt`] takes one per field and per tag, each with its own slack.
//! With 100,000 prompts loaded the TUI's peak RSS went from 97 to 62 MiB.
//! A [`StoredPrompt`] reads its fields in place; [`StoredPrompt::to_prompt`]
//! makes the owned [`Prompt`] where one is needed.

use std::ops::Index;

use crate::model::Prompt;

/// The first char tried as a prompt's tag separator (the ASCII unit
/// separator); the chars after it are tried in turn while a tag holds it.
const FIRST_SEPARATOR: char = '\u{1f}';

/// One prompt of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPrompt(Kept);

/// How a prompt is kept: packed, or, when it cannot be (see
/// [`Packed::new`]), whole.
#[derive(Debug, Clone, PartialEq)]
enum Kept {
    /// In one string (every prompt a server sends in practice).
    Packed(Packed),
    /// As it came.
    Whole(Box<Prompt>),
}

/// A prompt's text in one string: the id, owner id, title, content, model,
/// creation time and change time one after the other, then each tag after
/// a separator that none of them holds.
#[derive(Debug, Clone, PartialEq)]
struct Packed {
    /// The fields, then the tags.
    text: Box<str>,
    /// Where each of the seven fields ends in `text`; the tags follow the
    /// last.
    ends: [u32; 7],
    /// The char before each tag.
    separator: char,
}

impl Packed {
    /// `p` packed; `None` when its text is 4 GiB or more (the ends are
    /// `u32`), or when its tags hold every char there is, leaving none to
    /// separate them (neither comes from a real server: tags are at most
    /// 20 of 50 chars).
    fn new(p: &Prompt) -> Option<Self> {
        let separator = separator_for(&p.tags)?;
        let fields = fields_of(p);
        let tags: usize = p.tags.iter().map(|t| separator.len_utf8() + t.len()).sum();
        let mut text = String::with_capacity(fields.iter().map(|f| f.len()).sum::<usize>() + tags);
        let mut ends = [0; 7];
        for (end, field) in ends.iter_mut().zip(fields) {
            text.push_str(field);
            *end = u32::try_from(text.len()).ok()?;
        }
        for tag in &p.tags {
            text.push(separator);
            text.push_str(tag);
        }
        u32::try_from(text.len()).ok()?;
        Some(Self {
            text: text.into_boxed_str(),
            ends,
            separator,
        })
    }

    /// Field `i` (in the order of [`fields_of`]).
    fn field(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |before| self.ends[before]);
        &self.text[start as usize..self.ends[i] as usize]
    }

    /// The tags' part of the text: each tag after the separator.
    fn tags(&self) -> &str {
        &self.text[self.ends[6] as usize..]
    }
}

/// The first char from [`FIRST_SEPARATOR`] on that none of `tags` holds.
fn separator_for(tags: &[String]) -> Option<char> {
    // Nearly always the first; otherwise one pass over the chars in use
    // (trying each char in turn against every tag could take hours on a
    // tag made of many different chars).
    if !tags.iter().any(|t| t.contains(FIRST_SEPARATOR)) {
        return Some(FIRST_SEPARATOR);
    }
    let mut used: Vec<char> = tags
        .iter()
        .flat_map(|t| t.chars())
        .filter(|c| *c >= FIRST_SEPARATOR)
        .collect();
    used.sort_unstable();
    used.dedup();
    let mut used = used.into_iter().peekable();
    (FIRST_SEPARATOR..=char::MAX).find(|c| used.next_if_eq(c).is_none())
}

/// A prompt's seven text fields, in the order they are packed.
fn fields_of(p: &Prompt) -> [&str; 7] {
    [
        &p.id,
        &p.owner_id,
        &p.title,
        &p.content,
        &p.model,
        &p.created_at,
        &p.updated_at,
    ]
}

impl StoredPrompt {
    /// Field `i` (in the order of [`fields_of`]).
    fn field(&self, i: usize) -> &str {
        match &self.0 {
            Kept::Packed(p) => p.field(i),
            Kept::Whole(p) => fields_of(p)[i],
        }
    }

    /// Server-assigned identifier.
    #[must_use]
    pub fn id(&self) -> &str {
        self.field(0)
    }

    /// The owning user's identifier.
    #[must_use]
    pub fn owner_id(&self) -> &str {
        self.field(1)
    }

    /// Short title.
    #[must_use]
    pub fn title(&self) -> &str {
        self.field(2)
    }

    /// The prompt text itself.
    #[must_use]
    pub fn content(&self) -> &str {
        self.field(3)
    }

    /// The model this prompt is meant for.
    #[must_use]
    pub fn model(&self) -> &str {
        self.field(4)
    }

    /// RFC 3339 creation time.
    #[must_use]
    pub fn created_at(&self) -> &str {
        self.field(5)
    }

    /// RFC 3339 time of the last change.
    #[must_use]
    pub fn updated_at(&self) -> &str {
        self.field(6)
    }

    /// The tags, in order.
    #[must_use]
    pub fn tags(&self) -> Tags<'_> {
        match &self.0 {
            Kept::Packed(p) => {
                let mut split = p.tags().split(p.separator);
                // The part before the first separator is empty: no tag.
                split.next();
                Tags::Packed(split)
            }
            Kept::Whole(p) => Tags::Whole(p.tags.iter()),
        }
    }

    /// Whether it has any tag.
    #[must_use]
    pub fn has_tags(&self) -> bool {
        match &self.0 {
            Kept::Packed(p) => !p.tags().is_empty(),
            Kept::Whole(p) => !p.tags.is_empty(),
        }
    }

    /// The prompt as a [`Prompt`] of its own.
    #[must_use]
    pub fn to_prompt(&self) -> Prompt {
        Prompt {
            id: self.id().to_owned(),
            owner_id: self.owner_id().to_owned(),
            title: self.title().to_owned(),
            content: self.content().to_owned(),
            model: self.model().to_owned(),
            tags: self.tags().map(str::to_owned).collect(),
            created_at: self.created_at().to_owned(),
            updated_at: self.updated_at().to_owned(),
        }
    }
}

impl From<&Prompt> for StoredPrompt {
    fn from(p: &Prompt) -> Self {
        Self(Packed::new(p).map_or_else(|| Kept::Whole(Box::new(p.clone())), Kept::Packed))
    }
}

impl From<Prompt> for StoredPrompt {
    fn from(p: Prompt) -> Self {
        Self(Packed::new(&p).map_or_else(|| Kept::Whole(Box::new(p)), Kept::Packed))
    }
}

/// A stored prompt's tags, read in place.
#[derive(Debug, Clone)]
pub enum Tags<'a> {
    /// Those of a packed prompt.
    Packed(std::str::Split<'a, char>),
    /// Those of a prompt kept whole.
    Whole(std::slice::Iter<'a, String>),
}

impl<'a> Iterator for Tags<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match self {
            Self::Packed(split) => split.next(),
            Self::Whole(tags) => tags.next().map(String::as_str),
        }
    }
}

/// Every prompt of the list, in the server's order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prompts(Vec<StoredPrompt>);

impl Prompts {
    /// How many prompts there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Prompt `i`, if there are that many.
    #[must_use]
    pub fn get(&self, i: usize) -> Option<&StoredPrompt> {
        self.0.get(i)
    }

    /// The prompts, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, StoredPrompt> {
        self.0.iter()
    }

    /// The first prompt with id `id`.
    #[must_use]
    pub fn by_id(&self, id: &str) -> Option<&StoredPrompt> {
        self.0.iter().find(|p| p.id() == id)
    }

    /// Adds `p` after the others.
    pub fn push(&mut self, p: Prompt) {
        self.0.push(p.into());
    }

    /// Every prompt with `p`'s id becomes `p`.
    pub fn replace(&mut self, p: &Prompt) {
        let mut packed: Option<StoredPrompt> = None;
        for old in &mut self.0 {
            if old.id() == p.id {
                *old = packed.get_or_insert_with(|| p.into()).clone();
            }
        }
    }

    /// Keeps only the prompts `keep` says yes to.
    pub fn retain(&mut self, keep: impl FnMut(&StoredPrompt) -> bool) {
        self.0.retain(keep);
    }
}

impl Index<usize> for Prompts {
    type Output = StoredPrompt;

    fn index(&self, i: usize) -> &StoredPrompt {
        &self.0[i]
    }
}

impl<'a> IntoIterator for &'a Prompts {
    type Item = &'a StoredPrompt;
    type IntoIter = std::slice::Iter<'a, StoredPrompt>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl Extend<Prompt> for Prompts {
    fn extend<I: IntoIterator<Item = Prompt>>(&mut self, prompts: I) {
        self.0.extend(prompts.into_iter().map(StoredPrompt::from));
    }
}

impl FromIterator<Prompt> for Prompts {
    fn from_iter<I: IntoIterator<Item = Prompt>>(prompts: I) -> Self {
        Self(prompts.into_iter().map(StoredPrompt::from).collect())
    }
}

impl From<Vec<Prompt>> for Prompts {
    fn from(prompts: Vec<Prompt>) -> Self {
        prompts.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn prompt(title: &str, content: &str, tags: &[&str]) -> Prompt {
        Prompt {
            id: "8c1f0d4e-2b7a-4c39-9e51-0f6d2a7b3c11".into(),
            owner_id: "0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d".into(),
            title: title.into(),
            content: content.into(),
            model: "gpt-4o-mini".into(),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            created_at: "2026-11-01T10:00:00.000Z".into(),
            updated_at: "2026-11-02T11:30:00.000Z".into(),
        }
    }

    /// `p` stored, then read field by field and made whole again.
    fn assert_round_trip(p: &Prompt) {
        let s = StoredPrompt::from(p);
        assert_eq!(s.to_prompt(), *p);
        assert_eq!(
            (s.id(), s.owner_id(), s.title(), s.content(), s.model()),
            (&*p.id, &*p.owner_id, &*p.title, &*p.content, &*p.model)
        );
        assert_eq!(
            (s.created_at(), s.updated_at()),
            (&*p.created_at, &*p.updated_at)
        );
        assert_eq!(s.tags().collect::<Vec<_>>(), p.tags);
        assert_eq!(s.has_tags(), !p.tags.is_empty());
        assert_eq!(StoredPrompt::from(p.clone()), s);
    }

    #[test]
    fn prompts_round_trip_exactly() {
        let sep = "\u{1f}";
        for p in [
            prompt(
                "Café 👨\u{200d}👩\u{200d}👧 résumé",
                "Ünïcødé\n„text“",
                &["日本語", "ß"],
            ),
            prompt("Empty content", "", &["a", "b"]),
            prompt("No tags", "Some text.", &[]),
            prompt("One empty tag", "x", &[""]),
            prompt("Empty tags", "x", &["", "", ""]),
            prompt(
                "Many tags",
                "x",
                &["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"],
            ),
            prompt(
                "Separators in tags",
                "x",
                &[sep, "a\u{1f}b", "\u{20}", "\u{21}!", ""],
            ),
            Prompt {
                id: String::new(),
                owner_id: String::new(),
                title: String::new(),
                content: String::new(),
                model: String::new(),
                tags: Vec::new(),
                created_at: String::new(),
                updated_at: String::new(),
            },
        ] {
            assert_round_trip(&p);
            assert!(matches!(StoredPrompt::from(&p).0, Kept::Packed(_)), "{p:?}");
        }
    }

    #[test]
    fn the_separator_is_a_char_no_tag_holds() {
        let p = prompt("t", "c", &["\u{1f}", "\u{20}\u{21}"]);
        let Kept::Packed(packed) = StoredPrompt::from(&p).0 else {
            panic!("kept whole")
        };
        assert_eq!(packed.separator, '\u{22}');
    }

    #[test]
    fn a_prompt_is_one_allocation_and_48_bytes() {
        assert_eq!(std::mem::size_of::<StoredPrompt>(), 48);
        let Kept::Packed(packed) = StoredPrompt::from(prompt("t", "c", &["a", "b"])).0 else {
            panic!("kept whole")
        };
        assert_eq!(packed.text.len(), 36 + 36 + 1 + 1 + 11 + 24 + 24 + 4);
    }

    #[test]
    fn the_list_replaces_removes_and_adds_by_id() {
        let mut list = Prompts::from(vec![prompt("a", "", &[]), prompt("b", "", &["x"])]);
        let mut other = prompt("c", "", &[]);
        other.id = "other".into();
        list.push(other.clone());
        assert_eq!(list.len(), 3);
        assert_eq!(
            list.by_id("other").map(StoredPrompt::to_prompt),
            Some(other)
        );
        let changed = prompt("new", "text", &["t"]);
        list.replace(&changed);
        assert_eq!(list[0].to_prompt(), changed);
        assert_eq!(list[1].to_prompt(), changed);
        list.retain(|p| p.id() != "other");
        assert_eq!(
            list.iter().map(StoredPrompt::title).collect::<Vec<_>>(),
            ["new", "new"]
        );
    }

    #[test]
    fn tags_that_hold_every_char_keep_the_prompt_whole() {
        let every: String = (FIRST_SEPARATOR..=char::MAX).collect();
        let p = prompt("t", "c", &["a", &every, ""]);
        assert!(matches!(StoredPrompt::from(&p).0, Kept::Whole(_)));
        assert_round_trip(&p);
    }

    /// Any string, often with the chars tried first as the separator.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![any::<String>(), "[\\x1e-\\x23a ]{0,6}"]
    }

    fn any_prompt() -> impl Strategy<Value = Prompt> {
        (
            [text(), text(), text(), text(), text(), text(), text()],
            proptest::collection::vec(text(), 0..8),
        )
            .prop_map(
                |([id, owner_id, title, content, model, created_at, updated_at], tags)| Prompt {
                    id,
                    owner_id,
                    title,
                    content,
                    model,
                    tags,
                    created_at,
                    updated_at,
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn any_prompt_round_trips(p in any_prompt()) {
            let s = StoredPrompt::from(&p);
            prop_assert_eq!(s.to_prompt(), p.clone());
            prop_assert_eq!(s.tags().count(), p.tags.len());
            prop_assert_eq!(s.has_tags(), !p.tags.is_empty());
        }
    }
}
