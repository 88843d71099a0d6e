//! `promptcrafter review`: score a queue of outputs one key at a time. Its
//! own state and view; the main TUI's terminal, runner, keymap and
//! submission path (the outbox) are shared.

mod results;
pub mod state;
pub mod view;

use futures::StreamExt;
use tokio::sync::mpsc;

use crate::outbox::DataLock;
use crate::review::{Progress, Queue};

use super::TuiContext;
use super::message::{Cmd, Message};
use super::tasks::Runner;
use super::terminal;
pub use state::{Phase, Review};

/// Runs a review of `queue` until the user quits (or SIGTERM/SIGHUP),
/// picking up from the progress saved for the same input.
///
/// # Errors
/// When another promptcrafter holds the data folder, when the saved
/// progress cannot be read, or when the terminal fails.
pub async fn run(ctx: TuiContext, queue: Queue) -> anyhow::Result<()> {
    let Some(lock) = DataLock::try_acquire(&ctx.data_dir)? else {
        anyhow::bail!(
            "another promptcrafter is using the data folder {}: close it first (the review needs its outbox)",
            ctx.data_dir.display()
        );
    };
    let progress = Progress::load(&ctx.data_dir, &queue.hash)?;
    let (tx, rx) = mpsc::unbounded_channel();
    let runner = Runner {
        tx,
        data_dir: Some(ctx.data_dir.clone()),
        api_label: ctx.api_label.clone(),
        token_file: None,
    };
    let mut review = Review::new(queue, progress, Some(ctx.data_dir.clone()));
    let client = ctx.client;
    let mut term = terminal::Term::enter()?;
    let result = event_loop(&mut review, &mut term, &runner, &client, rx).await;
    // Notes typed since the last write go to disk before we leave.
    if review.notes_dirty.take().is_some()
        && let Cmd::SaveProgress(p) = review.save()
        && let Err(e) = p.save(&ctx.data_dir)
    {
        tracing::error!("cannot save the review's notes: {e}");
    }
    term.leave();
    drop(lock);
    result
}

async fn event_loop(
    review: &mut Review,
    term: &mut terminal::Term,
    runner: &Runner,
    client: &crate::client::ApiClient,
    mut rx: mpsc::UnboundedReceiver<Message>,
) -> anyhow::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let mut events = crossterm::event::EventStream::new();
    let size = term.size()?;
    review.size = (size.width, size.height);
    for cmd in review.start() {
        runner.spawn(cmd, client);
    }
    term.draw(|f| view::draw(review, f))?;
    loop {
        let wake = review.next_wakeup();
        let msg = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(ev)) => Message::Input(ev),
                Some(Err(e)) => return Err(e.into()),
                None => return Ok(()),
            },
            Some(m) = rx.recv() => m,
            () = tokio::time::sleep_until(wake.into()) => Message::Tick,
            _ = sigterm.recv() => return Ok(()),
            _ = sighup.recv() => return Ok(()),
        };
        let mut pending = vec![msg];
        while let Ok(m) = rx.try_recv() {
            pending.push(m);
        }
        for msg in pending {
            for cmd in review.update(msg) {
                run_cmd(review, runner, client, cmd);
            }
        }
        if review.quit {
            return Ok(());
        }
        term.draw(|f| view::draw(review, f))?;
    }
}

/// Progress is written here, in order; everything else is a task.
fn run_cmd(review: &mut Review, runner: &Runner, client: &crate::client::ApiClient, cmd: Cmd) {
    match cmd {
        Cmd::SaveProgress(p) => {
            if let Some(dir) = &review.data_dir {
                let result = p.save(dir);
                review.on_progress_saved(result);
            }
        }
        cmd => runner.spawn(cmd, client),
    }
}

#[cfg(test)]
mod tests;
