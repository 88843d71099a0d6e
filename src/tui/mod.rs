//! The review-and-log TUI: terminal set-up and restore, and the one loop
//! that turns input and task results into state and draws it.

mod action;
pub mod app;
pub mod diff;
mod editor;
pub mod form;
mod input;
pub mod keymap;
pub mod message;
pub mod prompt_list;
mod results;
pub mod review;
mod shield;
pub mod state;
pub mod tasks;
mod terminal;
pub mod theme;
pub mod view;

use std::path::PathBuf;

use futures::StreamExt;
use tokio::sync::mpsc;

use crate::client::ApiClient;
use crate::outbox::{DataLock, Drafts};

pub use action::Action;
pub use app::App;
use message::{Cmd, Message};
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
    pub auth: AuthMode,
    /// The data dir holding drafts and the outbox.
    pub data_dir: PathBuf,
}

/// How the TUI authenticates again after a 401.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthMode {
    /// Embedded default: log in again silently with these, then resend.
    Local {
        /// The local account's email.
        email: String,
        /// Its password.
        password: String,
    },
    /// Remote API: ask in a dialog; store the new token here (mode 0600).
    Remote {
        /// The token file for this API.
        token_file: PathBuf,
    },
}

/// Runs the TUI until the user quits (or SIGTERM/SIGHUP), restoring the
/// terminal on every way out, a panic included.
///
/// # Errors
/// When the terminal cannot be set up or read.
pub async fn run(ctx: TuiContext) -> anyhow::Result<()> {
    // One process at a time keeps drafts and the outbox of a data dir.
    let lock = DataLock::try_acquire(&ctx.data_dir).ok().flatten();
    let (data_dir, drafts) = match &lock {
        Some(_) => {
            let drafts = Drafts::new(&ctx.data_dir).load_all().unwrap_or_default();
            (Some(ctx.data_dir.clone()), drafts)
        }
        None => (None, Vec::new()),
    };
    let token_file = match &ctx.auth {
        AuthMode::Remote { token_file } => Some(token_file.clone()),
        AuthMode::Local { .. } => None,
    };
    let (tx, rx) = mpsc::unbounded_channel();
    let runner = Runner {
        tx,
        data_dir: data_dir.clone(),
        api_label: ctx.api_label.clone(),
        token_file,
    };
    let mut app = App::new(
        ctx.client,
        ctx.api_label,
        ctx.user,
        ctx.auth,
        data_dir,
        drafts,
    );
    let mut term = terminal::Term::enter()?;
    let result = event_loop(&mut app, &mut term, &runner, rx).await;
    // Whatever happened, what was typed goes to disk before we leave.
    for draft in app.drafts_to_save() {
        if let Some(dir) = &app.data_dir
            && let Err(e) = Drafts::new(dir).save(&draft)
        {
            tracing::error!("cannot save the draft of {}: {e}", draft.prompt_id);
        }
    }
    term.leave();
    drop(lock);
    result
}

async fn event_loop(
    app: &mut App,
    term: &mut terminal::Term,
    runner: &Runner,
    mut rx: mpsc::UnboundedReceiver<Message>,
) -> anyhow::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let mut events = crossterm::event::EventStream::new();
    let size = term.size()?;
    app.size = (size.width, size.height);
    for cmd in app.start() {
        runner.spawn(cmd, &app.client);
    }
    // The first frame is drawn at once, with the prompts still loading.
    let mut dirty = true;
    loop {
        // The one place a frame is drawn, and only when something changed.
        if dirty {
            app.sync_cursors();
            term.draw(|f| view::draw(app, f))?;
        }
        let wake = app.next_wakeup();
        let sleep = async move {
            match wake {
                Some(t) => tokio::time::sleep_until(t.into()).await,
                None => std::future::pending().await,
            }
        };
        let msg = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(ev)) => Message::Input(ev),
                Some(Err(e)) => return Err(e.into()),
                None => return Ok(()),
            },
            Some(m) = rx.recv() => m,
            () = sleep => Message::Tick,
            _ = sigterm.recv() => return Ok(()),
            _ = sighup.recv() => return Ok(()),
        };
        let mut pending = vec![msg];
        // Handle everything already queued before drawing once.
        while let Ok(m) = rx.try_recv() {
            pending.push(m);
        }
        dirty = false;
        for msg in pending {
            dirty |= app.redraws_for(&msg);
            for cmd in app.update(msg) {
                if let Cmd::OpenEditor(text) = cmd {
                    // The editor owns the terminal meanwhile: stop reading it.
                    drop(events);
                    let result = term.suspend_for(|| editor::edit(&text));
                    events = crossterm::event::EventStream::new();
                    let msgs = app.update(Message::EditorDone(result));
                    for c in msgs {
                        runner.spawn(c, &app.client);
                    }
                } else {
                    runner.spawn(cmd, &app.client);
                }
            }
        }
        if app.quit {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests;
