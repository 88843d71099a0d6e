//! `promptcrafter` with no subcommand: read the config (an invalid file
//! gives the defaults and a banner), open the session, run the TUI on it.

use crate::config::Config;
use crate::paths::Paths;
use crate::tui::{self, TuiContext, TuiSettings};

use super::Failure;
use super::session::{ApiArgs, Session};

/// What a TUI screen (the main one or the review) needs from an open session.
pub fn context(session: &Session, paths: &Paths, settings: TuiSettings) -> TuiContext {
    TuiContext {
        client: session.client.clone(),
        api_label: session.label.clone(),
        user: session.user.clone(),
        auth: session.auth.clone(),
        data_dir: paths.data_dir.clone(),
        settings,
    }
}

/// The config and what the TUI takes from it: an invalid file (or
/// variable) gives the defaults, and says why in the settings.
#[must_use]
pub fn load(api: &ApiArgs, paths: &Paths) -> (Config, TuiSettings) {
    let (config, error) = Config::load_or_defaults(&paths.config_file(), &api.flags());
    if let Some(e) = &error {
        tracing::warn!("config not used: {e}");
    }
    let settings = TuiSettings::from_config(&config, error);
    (config, settings)
}

/// What the TUI takes from the config for `api`.
#[must_use]
pub fn settings(api: &ApiArgs, paths: &Paths) -> TuiSettings {
    load(api, paths).1
}

/// Runs the TUI against the configured API or the embedded default.
pub async fn run(api: &ApiArgs, paths: &Paths) -> Result<(), Failure> {
    let (config, settings) = load(api, paths);
    let session = Session::open_with(&config, paths, false).await?;
    let result = tui::run(context(&session, paths, settings)).await;
    session.close().await;
    result.map_err(|e| Failure::other(format!("{e:#}")))
}
