//! The review queue behind `promptcrafter review` (the screen itself is
//! `tui::review_screen`): loading outputs to review from files, the progress kept
//! between runs, and the duplicate guard.

pub mod duplicate;
pub mod input;
pub mod progress;

pub use duplicate::{is_duplicate, normalise, normalises_to};
pub use input::{
    BadLine, Defaults, InputError, Item, Queue, STDIN, Source, apply_defaults, load, parse_csv,
    parse_jsonl,
};
pub use progress::{Mark, Progress};
