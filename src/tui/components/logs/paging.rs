//! Where the loading of a prompt's older logs stands: every log here, more
//! to ask for (with the cursor), a page on its way, or a page that failed
//! and is asked again when the user moves.

use crate::client::{ApiError, LogPage};

/// How many logs one page holds: the newest page is what opening a prompt
/// loads; older pages follow as the highlight nears the end.
pub const PAGE_SIZE: usize = 200;

/// Where the loading of a prompt's older logs stands.
#[derive(Debug, Clone, Default)]
pub enum Paging {
    /// Every log is loaded.
    #[default]
    Complete,
    /// Older logs follow; this cursor asks for the next page.
    More(String),
    /// The page after this cursor is on its way.
    Loading(String),
    /// The page after this cursor failed; moving again asks for it again.
    Failed {
        /// The cursor of the page.
        cursor: String,
        /// Why it failed.
        error: ApiError,
    },
}

impl Paging {
    /// What follows `page`: more pages, or none (the last page, or the
    /// whole list from a server that ignores `limit`).
    #[must_use]
    pub fn after(page: &LogPage) -> Self {
        match &page.next {
            Some(cursor) if !page.whole_list => Self::More(cursor.clone()),
            _ => Self::Complete,
        }
    }

    /// Whether every log is loaded.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        matches!(self, Self::Complete)
    }

    /// Whether a page is on its way.
    #[must_use]
    pub fn is_loading(&self) -> bool {
        matches!(self, Self::Loading(_))
    }

    /// Marks the next page as asked for and gives its cursor; `None` when
    /// there is none, or one is on its way already (one at a time).
    pub fn start(&mut self) -> Option<String> {
        let cursor = match self {
            Self::More(c) | Self::Failed { cursor: c, .. } => c.clone(),
            Self::Complete | Self::Loading(_) => return None,
        };
        *self = Self::Loading(cursor.clone());
        Some(cursor)
    }

    /// Whether the page after `before` is the one on its way (an answer
    /// for any other is stale).
    #[must_use]
    pub fn awaits(&self, before: &str) -> bool {
        matches!(self, Self::Loading(c) if c == before)
    }
}
