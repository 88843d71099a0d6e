//! promptcrafter: log and review model outputs against saved prompts, from
//! the keyboard, and serve the PromptCrafter API on SQLite.

/// The version `--version` prints: the crate's, and the git revision it was
/// built from when built from a checkout.
pub const VERSION: &str = env!("PROMPTCRAFTER_VERSION");

pub mod calibrate;
pub mod cli;
pub mod client;
pub mod config;
pub mod export_import;
pub mod local_server;
pub mod logging;
pub mod model;
pub mod outbox;
pub mod paths;
pub mod review_queue;
pub mod sanitize;
pub mod server;
pub mod stats;
pub mod store;
pub mod tui;
