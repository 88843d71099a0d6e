//! The review-and-log TUI: two screens (main, review) of one app on one
//! loop. `run` and `run_review` set up the terminal, the data-dir lock,
//! the root cancellation token and the runner, then hand the screen to
//! [`event_loop`]; the terminal is restored on every way out.

mod action;
pub mod components;
pub mod console;
mod editor;
pub mod error;
pub mod event_loop;
pub mod fixtures;
pub mod keymap;
pub mod line_editor;
pub mod main_screen;
pub mod message;
pub mod reading;
pub mod recall;
pub mod remote;
pub mod review_screen;
pub mod screen;
mod settings;
pub mod stand_ins;
pub mod tasks;
pub mod theme;
pub mod times;
pub mod widgets;

use std::path::PathBuf;

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::cli::session::SessionAuth;
use crate::client::ApiClient;
use crate::outbox::{DataLock, Drafts};
use crate::review_queue::{Progress, Queue};

pub use action::Action;
use console::{Console, Term};
use error::TuiError;
use event_loop::Loop;
pub use main_screen::App;
pub use review_screen::Review;
use screen::Screen;
pub use settings::TuiSettings;
use tasks::Runner;

/// What the TUI needs to start.
#[derive(Debug)]
pub struct TuiContext {
    /// The client, with a token when one is known.
    pub client: ApiClient,
    /// "local" for the embedded default, else the API URL.
    pub api_label: String,
    /// Who is logged in, for the status bar.
    pub user: String,
    /// How to log in again after a 401.
    pub auth: SessionAuth,
    /// The data dir holding drafts and the outbox.
    pub data_dir: PathBuf,
    /// What the TUI takes from the config file.
    pub settings: TuiSettings,
}

/// Runs the main screen until the user quits (or SIGTERM/SIGHUP).
///
/// # Errors
/// When the terminal cannot be set up or read.
pub async fn run(ctx: TuiContext) -> anyhow::Result<()> {
    // One process at a time keeps drafts and the outbox of a data dir.
    let (lock, lock_error) = match DataLock::try_acquire(&ctx.data_dir) {
        Ok(lock) => (lock, None),
        Err(e) => (None, Some(TuiError::Lock(e))),
    };
    let data_dir = lock.as_ref().map(|_| ctx.data_dir.clone());
    let drafts = match &data_dir {
        Some(dir) => Drafts::new(dir).load_all().unwrap_or_else(|e| {
            tracing::error!("cannot read the drafts: {e}");
            Vec::new()
        }),
        None => Vec::new(),
    };
    let token_file = match &ctx.auth {
        SessionAuth::Remote { token_file } => Some(token_file.clone()),
        SessionAuth::Local(_) => None,
    };
    let mut app = App::new(
        ctx.client,
        ctx.api_label.clone(),
        ctx.user,
        ctx.auth,
        data_dir.clone(),
        drafts,
    );
    app.lock_error = lock_error;
    if let Some(dir) = &data_dir {
        app.recall = recall::Recall::load(dir);
    }
    app.compose.offered_models.clone_from(&ctx.settings.models);
    apply_looks(&ctx.settings);
    app.settings = ctx.settings;
    let looks = app.settings.clone();
    let result = run_screen(&mut app, data_dir, ctx.api_label, token_file, &looks).await;
    drop(lock);
    result
}

/// Runs the review screen over `queue` until the user quits (or
/// SIGTERM/SIGHUP), picking up from the progress saved for the same input.
///
/// # Errors
/// When another promptcrafter holds the data folder (or it cannot be
/// locked), when the saved progress cannot be read, or when the terminal fails.
pub async fn run_review(ctx: TuiContext, queue: Queue) -> anyhow::Result<review_screen::Summary> {
    let Some(lock) = DataLock::try_acquire(&ctx.data_dir)? else {
        anyhow::bail!(
            "another promptcrafter is using the data folder {}: close it first (the review needs its outbox)",
            ctx.data_dir.display()
        );
    };
    apply_looks(&ctx.settings);
    let progress = Progress::load(&ctx.data_dir, &queue.hash)?;
    let dir = Some(ctx.data_dir.clone());
    let mut review = Review::new(queue, progress, dir.clone(), ctx.client);
    let result = run_screen(&mut review, dir, ctx.api_label, None, &ctx.settings).await;
    drop(lock);
    result.map(|()| review.summary())
}

/// Runs `screen` on the real terminal until it ends; writes what it must
/// keep whatever ended it.
async fn run_screen<S: Screen>(
    screen: &mut S,
    data_dir: Option<PathBuf>,
    api_label: String,
    token_file: Option<PathBuf>,
    looks: &TuiSettings,
) -> anyhow::Result<()> {
    let cancel = CancellationToken::new();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut runner = Runner::new(tx, data_dir, api_label, token_file, cancel.clone());
    watch_signals(cancel.clone())?;
    // The first requests go out before the terminal is set up, so their
    // round trips overlap it (their answers wait in the channel until the
    // loop runs, after the first frame).
    for cmd in screen.start() {
        runner.spawn(cmd, screen.client());
    }
    let mut term = Term::enter(looks.mouse, looks.editor.clone())?;
    let size = term.terminal().size()?;
    screen.update(message::Message::Input(crossterm::event::Event::Resize(
        size.width,
        size.height,
    )));
    let mut looped = Loop {
        console: &mut term,
        runner: &mut runner,
        results: &mut rx,
        cancel: cancel.clone(),
    };
    let result = looped.run(screen, |_| false).await;
    // Every task ends with the loop.
    cancel.cancel();
    screen.finish();
    term.leave();
    result?;
    Ok(())
}

/// Installs the keymap (the config's `[keys]` over the defaults) and the
/// theme (`NO_COLOR` wins over it) for the process; logs every problem
/// the keymap has.
fn apply_looks(settings: &TuiSettings) {
    let keymap = keymap::Keymap::with_overrides(&settings.keys);
    for p in &keymap.problems {
        tracing::warn!("key bindings: {p}");
    }
    keymap::install(keymap);
    let no_color = theme::no_color_from_env();
    theme::install(theme::Theme::new(settings.palette.clone(), no_color));
    times::install(settings.time_format);
}

/// SIGTERM and SIGHUP end the loop through the root token.
fn watch_signals(cancel: CancellationToken) -> std::io::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate())?;
    let mut hup = signal(SignalKind::hangup())?;
    tokio::spawn(async move {
        tokio::select! {
            _ = term.recv() => cancel.cancel(),
            _ = hup.recv() => cancel.cancel(),
            () = cancel.cancelled() => {}
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests;
