//! promptcrafter's fork: the final results of the patterns typed on the way
//! to the current one, so that erasing back to one of them takes its results
//! instead of matching every item again.
//!
//! The memory of results that go is kept for the next ones. Freed, it went
//! back to the system (glibc trims a thread's heap when its top grows past a
//! threshold) and each kept copy of a filter's matches over 100,000 items
//! touched fresh pages again: perf counted about 280 page faults a typed
//! char (2-2.5 us each in this VM), 0.6-1.3 ms of the matcher's run.

use crate::pattern::MultiPattern;
use crate::Match;

/// One pattern's final results.
pub(crate) struct Typed {
    pub(crate) pattern: MultiPattern,
    pub(crate) matches: Vec<Match>,
    /// The items there were when it was matched (results of fewer items do
    /// not stand for more).
    pub(crate) items: u32,
}

/// How many patterns are kept (the first characters of a filter match the
/// most items, so those are the ones worth keeping).
const KEPT: usize = 8;

/// How many matches are kept in all, as a multiple of the items: the oldest
/// results go first past it. Typing a filter that every item matches for
/// its first chars ("prompt 0" over titles that all start "prompt") kept 8
/// copies of every item's match, 9.6 MB at 100,000 items; a filter
/// narrowing as usual ("i", "in", "inv", "invo": 2.4 times the items) keeps
/// all its steps.
const ITEMS: usize = 3;

/// The kept results, oldest first (each entry's pattern extends the one
/// before it), and the memory of those that went.
#[derive(Default)]
pub(crate) struct TypedResults {
    kept: Vec<Typed>,
    spare: Vec<Vec<Match>>,
}

impl TypedResults {
    /// Forgets every kept result.
    pub(crate) fn clear(&mut self) {
        self.forget(0);
    }

    /// Forgets the newest kept result.
    pub(crate) fn pop(&mut self) {
        self.forget(self.kept.len().saturating_sub(1));
    }

    /// Forgets the kept results from `at` on.
    fn forget(&mut self, at: usize) {
        self.retire(at.min(self.kept.len())..);
    }

    /// Forgets the kept results in `range`, keeping their memory as spare.
    fn retire(&mut self, range: impl std::ops::RangeBounds<usize>) {
        let gone = self.kept.drain(range);
        self.spare.extend(gone.map(|t| t.matches));
        self.trim_spare();
    }

    /// Spare memory for at most [`KEPT`] results, the largest.
    fn trim_spare(&mut self) {
        if self.spare.len() > KEPT {
            self.spare
                .sort_unstable_by_key(|m| std::cmp::Reverse(m.capacity()));
            self.spare.truncate(KEPT);
        }
    }

    /// Keeps a copy of `matches`, the results of `pattern` over `items`
    /// items, after those kept (which its pattern extends); the oldest go
    /// past the limits.
    pub(crate) fn keep(&mut self, pattern: &MultiPattern, matches: &[Match], items: u32) {
        let budget = ITEMS * items as usize;
        let mut total = matches.len();
        let mut oldest_kept = 0;
        for (i, t) in self.kept.iter().enumerate().rev() {
            total += t.matches.len();
            if total > budget || self.kept.len() - i >= KEPT {
                oldest_kept = i + 1;
                break;
            }
        }
        self.retire(..oldest_kept);
        let mut copy = self.spare_for(matches.len());
        copy.extend_from_slice(matches);
        self.kept.push(Typed {
            pattern: pattern.clone(),
            matches: copy,
            items,
        });
    }

    /// An empty vector from the spare memory, one that holds `len` matches
    /// when there is one (the smallest such).
    fn spare_for(&mut self, len: usize) -> Vec<Match> {
        let fits = (0..self.spare.len())
            .filter(|&i| self.spare[i].capacity() >= len)
            .min_by_key(|&i| self.spare[i].capacity());
        let mut vec = match fits {
            Some(i) => self.spare.swap_remove(i),
            None => self.spare.pop().unwrap_or_default(),
        };
        vec.clear();
        vec
    }

    /// The kept results of `pattern`, when it is one typed on the way to the
    /// last (erasing back to it) over `items` items; those kept after it go.
    /// Without such results, all go.
    pub(crate) fn back_to(&mut self, pattern: &MultiPattern, items: u32) -> Option<&[Match]> {
        let Some(at) = self.kept.iter().rposition(|t| t.pattern.same_as(pattern)) else {
            self.clear();
            return None;
        };
        self.forget(at + 1);
        if self.kept[at].items != items {
            self.clear();
            return None;
        }
        Some(&self.kept[at].matches)
    }
}
