//! [`Remote`]: where a piece of data from the API stands.

use crate::client::ApiError;

/// Where remote data stands.
#[derive(Debug, Clone, Default)]
pub enum Remote<T> {
    /// Not asked for (or the request was abandoned).
    #[default]
    Idle,
    /// Asked for; the answer is on its way.
    Loading,
    /// Here.
    Loaded(T),
    /// The request failed.
    Failed(ApiError),
}

impl<T> Remote<T> {
    /// The data, when loaded.
    pub fn loaded(&self) -> Option<&T> {
        match self {
            Self::Loaded(t) => Some(t),
            _ => None,
        }
    }

    /// The data, when loaded, to change.
    pub fn loaded_mut(&mut self) -> Option<&mut T> {
        match self {
            Self::Loaded(t) => Some(t),
            _ => None,
        }
    }

    /// Whether a request is under way.
    pub fn is_loading(&self) -> bool {
        matches!(self, Self::Loading)
    }
}
