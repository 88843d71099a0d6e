//! `promptcrafter` with no subcommand: open the session, run the TUI on it.

use crate::paths::Paths;
use crate::tui::{self, TuiContext};

use super::Failure;
use super::session::{ApiArgs, Session};

/// What a TUI screen (the main one or the review) needs from an open session.
pub fn context(session: &Session, paths: &Paths) -> TuiContext {
    TuiContext {
        client: session.client.clone(),
        api_label: session.label.clone(),
        user: session.user.clone(),
        auth: session.auth.clone(),
        data_dir: paths.data_dir.clone(),
    }
}

/// Runs the TUI against the configured API or the embedded default.
pub async fn run(api: &ApiArgs, paths: &Paths) -> Result<(), Failure> {
    let session = Session::open(api, paths, false).await?;
    let result = tui::run(context(&session, paths)).await;
    session.close().await;
    result.map_err(|e| Failure::other(format!("{e:#}")))
}
