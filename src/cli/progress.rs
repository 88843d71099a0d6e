//! Progress bars for long commands: drawn on stderr with counts and rate
//! when stderr is a terminal and the output is not JSON; nothing at all
//! otherwise, so pipes and scripts see only the results.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar that may be switched off.
#[derive(Debug)]
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// A bar over `len` steps labelled `what`, shown only when stderr is a
    /// terminal and `json` is false.
    #[must_use]
    pub fn new(len: usize, what: &'static str, json: bool) -> Self {
        if json || !std::io::stderr().is_terminal() {
            return Self(None);
        }
        Self(Some(Self::bar(len, what, ProgressDrawTarget::stderr())))
    }

    /// A spinner labelled `what` for work that cannot be counted (one long
    /// request), shown under the same conditions as [`Progress::new`].
    #[must_use]
    pub fn spinner(what: &'static str, json: bool) -> Self {
        if json || !std::io::stderr().is_terminal() {
            return Self(None);
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(what);
        bar.enable_steady_tick(Duration::from_millis(120));
        Self(Some(bar))
    }

    fn bar(len: usize, what: &'static str, target: ProgressDrawTarget) -> ProgressBar {
        let bar =
            ProgressBar::with_draw_target(Some(u64::try_from(len).unwrap_or(u64::MAX)), target);
        let style =
            ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({per_sec}, {eta} left)")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message(what);
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    }

    /// Sets how many steps are done.
    pub fn set(&self, done: usize) {
        if let Some(bar) = &self.0 {
            bar.set_position(u64::try_from(done).unwrap_or(u64::MAX));
        }
    }

    /// Removes the bar from the terminal.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_bar_under_json_or_off_a_terminal() {
        // `cargo test` captures stderr, so it is not a terminal either way.
        assert!(Progress::new(10, "x", true).0.is_none());
        assert!(Progress::spinner("x", true).0.is_none());
        assert!(Progress::new(10, "x", false).0.is_none() || std::io::stderr().is_terminal());
        let hidden = Progress(Some(Progress::bar(3, "x", ProgressDrawTarget::hidden())));
        hidden.set(2);
        assert_eq!(hidden.0.as_ref().map(ProgressBar::position), Some(2));
        hidden.finish();
    }
}
