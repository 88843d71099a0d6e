//! The users this process has lately seen in the database, so that a
//! token's check costs no query on every request. Only "exists" is kept,
//! never "missing" (a token of an unknown user is looked up each time and
//! refused), and only for [`FRESH_FOR`]: the API never deletes a user, so
//! an entry can only go stale when a user row is removed behind the
//! server's back, and then for at most that long.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How long a user found in the database counts as there.
pub(super) const FRESH_FOR: Duration = Duration::from_secs(60);
/// Users kept before the map is emptied (bounded memory under many users).
const MOST: usize = 100_000;

/// Users found, with when they were last looked up. Cheap to clone: clones
/// share one map.
#[derive(Debug, Clone, Default)]
pub(super) struct KnownUsers {
    seen: Arc<Mutex<HashMap<String, Instant>>>,
}

impl KnownUsers {
    /// Whether `id` was found in the database within [`FRESH_FOR`] of `now`.
    pub(super) fn fresh(&self, id: &str, now: Instant) -> bool {
        let seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        seen.get(id)
            .is_some_and(|at| now.duration_since(*at) < FRESH_FOR)
    }

    /// `id` was found in the database at `now`.
    pub(super) fn found(&self, id: &str, now: Instant) {
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        if seen.len() >= MOST {
            seen.clear();
        }
        seen.insert(id.to_owned(), now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_found_users_are_kept_and_only_for_a_while() {
        let known = KnownUsers::default();
        let t0 = Instant::now();
        assert!(!known.fresh("usr_1", t0));
        known.found("usr_1", t0);
        assert!(known.fresh("usr_1", t0 + FRESH_FOR / 2));
        assert!(!known.fresh("usr_1", t0 + FRESH_FOR));
        assert!(!known.fresh("usr_2", t0));
    }
}
