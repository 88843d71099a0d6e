//! `promptcrafter` with no subcommand: open the session, run the TUI on it.

use crate::paths::Paths;
use crate::tui::{self, AuthMode, TuiContext};

use super::Failure;
use super::session::{ApiArgs, Session, SessionAuth};

/// What a TUI (the main one or the review) needs from an open session.
pub fn context(session: &Session, paths: &Paths) -> TuiContext {
    let auth = match &session.auth {
        SessionAuth::Local(account) => AuthMode::Local {
            email: account.email.clone(),
            password: account.password.clone(),
        },
        SessionAuth::Remote { token_file } => AuthMode::Remote {
            token_file: token_file.clone(),
        },
    };
    TuiContext {
        client: session.client.clone(),
        api_label: session.label.clone(),
        user: session.user.clone(),
        auth,
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
