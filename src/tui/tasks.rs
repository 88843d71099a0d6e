//! Commands become tasks: each runs off the loop, under the root
//! cancellation token (and its own, for requests the user can abandon), and
//! reports back with a message. (The external editor is the exception: it
//! needs the terminal, so the loop runs it itself; a review's progress is
//! written at once, in order.)

use std::collections::HashMap;
use std::path::PathBuf;

use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

use crate::client::ApiClient;
use crate::model::NewLog;
use crate::outbox::{Drafts, Outbox, OutboxError, SubmitResult};
use crate::paths;
use crate::tui::components::logs::PAGE_SIZE;

use super::message::{ApiEvent, Cmd, Message, Request};

/// Runs commands for the loop.
#[derive(Debug)]
pub struct Runner {
    /// Where results go.
    pub tx: UnboundedSender<Message>,
    /// The data dir (drafts, outbox), when this process holds it.
    pub data_dir: Option<PathBuf>,
    /// The API label outbox entries are filed under.
    pub api_label: String,
    /// Where a remote API's token is stored, if anywhere.
    pub token_file: Option<PathBuf>,
    /// Ends every task.
    pub cancel: CancellationToken,
    /// The requests the user can abandon, by kind.
    requests: HashMap<Request, CancellationToken>,
    /// The statistics request in flight for each prompt: a newer one
    /// (after a log was added, deleted or corrected) cancels it, so an
    /// older answer never lands after a newer one.
    stats: HashMap<String, CancellationToken>,
}

impl Runner {
    /// A runner sending results to `tx`, its tasks ended by `cancel`.
    #[must_use]
    pub fn new(
        tx: UnboundedSender<Message>,
        data_dir: Option<PathBuf>,
        api_label: String,
        token_file: Option<PathBuf>,
        cancel: CancellationToken,
    ) -> Self {
        Self {
            tx,
            data_dir,
            api_label,
            token_file,
            cancel,
            requests: HashMap::new(),
            stats: HashMap::new(),
        }
    }

    /// Starts `cmd` in the background with `client`. (`OpenEditor` is the
    /// loop's: it never reaches here.)
    pub fn spawn(&mut self, cmd: Cmd, client: &ApiClient) {
        let c = client.clone();
        let api = |e: ApiEvent| Message::Api(e);
        match cmd {
            Cmd::LoadPrompts => {
                let token = self.request(Request::Prompts);
                self.task(token, async move {
                    api(ApiEvent::Prompts(c.list_prompts().await))
                });
            }
            Cmd::LoadPromptPages => {
                let token = self.request(Request::Prompts);
                let tx = self.tx.clone();
                self.task(token, prompt_pages(c, tx));
            }
            Cmd::LoadAllLogs => self.task(self.cancel.child_token(), async move {
                api(ApiEvent::AllLogs(c.list_logs().await))
            }),
            Cmd::LoadLogs(prompt_id) => self.task(self.cancel.child_token(), async move {
                let result = c.list_logs_page(&prompt_id, PAGE_SIZE, None).await;
                api(ApiEvent::Logs { prompt_id, result })
            }),
            Cmd::LoadMoreLogs { prompt_id, before } => {
                self.task(self.cancel.child_token(), async move {
                    let result = c.list_logs_page(&prompt_id, PAGE_SIZE, Some(&before)).await;
                    api(ApiEvent::MoreLogs {
                        prompt_id,
                        before,
                        result,
                    })
                });
            }
            Cmd::LoadStats(prompt_id) => self.load_stats(c, prompt_id),
            Cmd::Submit(log) => {
                let (dir, label) = (self.data_dir.clone(), self.api_label.clone());
                self.task(self.cancel.child_token(), async move {
                    let result = Box::new(submit(&c, dir, &label, log.clone()).await);
                    api(ApiEvent::Submitted { log, result })
                });
            }
            Cmd::DeleteLog { log_id, prompt_id } => self.delete_log(c, log_id, prompt_id),
            Cmd::CreatePrompt(p) => self.task(self.cancel.child_token(), async move {
                api(ApiEvent::PromptCreated(c.create_prompt(&p).await))
            }),
            Cmd::UpdatePrompt { id, patch } => self.task(self.cancel.child_token(), async move {
                api(ApiEvent::PromptUpdated(c.update_prompt(&id, &patch).await))
            }),
            Cmd::UpdateLog { log, patch } => self.task(self.cancel.child_token(), async move {
                let result = Box::new(c.update_log(&log.id, &patch).await);
                let log = Box::new(log);
                api(ApiEvent::LogUpdated { log, patch, result })
            }),
            Cmd::DeletePrompt(id) => self.task(self.cancel.child_token(), async move {
                let result = c.delete_prompt(&id).await;
                api(ApiEvent::PromptDeleted { id, result })
            }),
            Cmd::Login { email, password } => {
                let token = self.request(Request::Login);
                self.task(token, async move {
                    api(ApiEvent::LoggedIn(c.login(&email, &password).await))
                });
            }
            Cmd::Abandon(kind) => {
                if let Some(token) = self.requests.remove(&kind) {
                    token.cancel();
                }
            }
            Cmd::FlushOutbox { force } => {
                let Some(dir) = self.data_dir.clone() else {
                    return;
                };
                let label = self.api_label.clone();
                self.task(self.cancel.child_token(), async move {
                    let r = crate::outbox::flush(&c, &Outbox::new(&dir), &label, force).await;
                    api(ApiEvent::Flushed(r))
                });
            }
            other => self.spawn_file_work(other),
        }
    }

    fn load_stats(&mut self, c: ApiClient, prompt_id: String) {
        let token = self.cancel.child_token();
        if let Some(old) = self.stats.insert(prompt_id.clone(), token.clone()) {
            old.cancel();
        }
        self.task(token, async move {
            let result = Box::new(c.prompt_stats(&prompt_id).await);
            Message::Api(ApiEvent::Stats { prompt_id, result })
        });
    }

    fn delete_log(&self, c: ApiClient, log_id: String, prompt_id: String) {
        self.task(self.cancel.child_token(), async move {
            let result = c.delete_log(&log_id).await;
            Message::Api(ApiEvent::Deleted {
                log_id,
                prompt_id,
                result,
            })
        });
    }

    /// The commands that touch files only.
    fn spawn_file_work(&self, cmd: Cmd) {
        match cmd {
            Cmd::SaveToken { token, user } => self.save_token(token, user),
            Cmd::SaveDraft(draft) => self.blocking(move |dir| {
                let prompt_id = draft.prompt_id.clone();
                let result = Drafts::new(&dir).save(&draft);
                Message::DraftSaved { prompt_id, result }
            }),
            Cmd::RemoveDraft(prompt_id) => self.blocking(move |dir| {
                let result = Drafts::new(&dir).remove(&prompt_id);
                Message::DraftSaved { prompt_id, result }
            }),
            Cmd::ReadOutbox => self.blocking(|dir| Message::OutboxRead(Outbox::new(&dir).list())),
            Cmd::DiscardOutbox(id) => self.blocking(move |dir| {
                let ob = Outbox::new(&dir);
                if let Err(e) = ob.remove(&id) {
                    tracing::warn!("cannot discard {id}: {e}");
                }
                Message::OutboxRead(ob.list())
            }),
            Cmd::SaveProgress(progress) => {
                // At once, on the loop: an older snapshot never lands after a newer one.
                if let Some(dir) = &self.data_dir {
                    let _ = self.tx.send(Message::ProgressSaved(progress.save(dir)));
                }
            }
            _ => {}
        }
    }

    fn save_token(&self, token: String, user: String) {
        let Some(file) = self.token_file.clone() else {
            return;
        };
        tokio::task::spawn_blocking(move || {
            let user_file = crate::cli::session::user_file(&file);
            let written = paths::write_private(&file, token.as_bytes())
                .and_then(|()| paths::write_private(&user_file, user.as_bytes()));
            if let Err(e) = written {
                tracing::warn!("cannot store the token: {e}");
            }
        });
    }

    /// A fresh token for a request of `kind`, cancelling the one before.
    fn request(&mut self, kind: Request) -> CancellationToken {
        let token = self.cancel.child_token();
        if let Some(old) = self.requests.insert(kind, token.clone()) {
            old.cancel();
        }
        token
    }

    fn task(&self, token: CancellationToken, fut: impl Future<Output = Message> + Send + 'static) {
        let tx = self.tx.clone();
        tokio::spawn(async move {
            tokio::select! {
                // A request cancelled while its answer came in stays unanswered.
                biased;
                () = token.cancelled() => {}
                msg = fut => {
                    let _ = tx.send(msg);
                }
            }
        });
    }

    fn blocking(&self, f: impl FnOnce(PathBuf) -> Message + Send + 'static) {
        let Some(dir) = self.data_dir.clone() else {
            return;
        };
        let tx = self.tx.clone();
        tokio::task::spawn_blocking(move || {
            let _ = tx.send(f(dir));
        });
    }
}

/// Prompts in the first page: a screenful on any terminal up to 100 rows,
/// there at once.
const FIRST_PROMPT_PAGE: usize = 100;
/// Prompts in each later page: small enough that taking one in keeps a
/// key waiting behind it under a millisecond or two.
const PROMPT_PAGE: usize = 1000;

/// Loads the prompts page by page, each page sent to `tx` as it arrives;
/// the last (or an error, after which nothing follows) is the task's answer.
/// A server that refuses `limit` (400) gets one plain `GET /prompts`.
async fn prompt_pages(c: ApiClient, tx: UnboundedSender<Message>) -> Message {
    let page = |result, first, last| {
        Message::Api(ApiEvent::PromptPage {
            result,
            first,
            last,
        })
    };
    let mut after: Option<String> = None;
    loop {
        let first = after.is_none();
        let limit = if first {
            FIRST_PROMPT_PAGE
        } else {
            PROMPT_PAGE
        };
        match c.list_prompts_page(limit, after.as_deref()).await {
            Ok(p) => match p.next {
                Some(next) => {
                    if tx.send(page(Ok(p.prompts), first, false)).is_err() {
                        return page(Ok(Vec::new()), false, true);
                    }
                    after = Some(next);
                }
                None => return page(Ok(p.prompts), first, true),
            },
            Err(e) if first && e.status() == Some(400) => {
                return page(c.list_prompts().await, true, true);
            }
            Err(e) => return page(Err(e), first, true),
        }
    }
}

/// Sends through the outbox when this process holds the data dir; else
/// once, with nothing kept on a passing failure (the form still holds it).
async fn submit(
    client: &ApiClient,
    dir: Option<PathBuf>,
    label: &str,
    log: NewLog,
) -> SubmitResult {
    match dir {
        Some(dir) => crate::outbox::submit(client, &Outbox::new(&dir), label, log).await,
        None => match client.create_log(&log).await {
            Ok(l) => SubmitResult::Logged(l),
            Err(e) if e.is_transient() => SubmitResult::Unsaved {
                error: e,
                io: OutboxError::InUse,
            },
            Err(e) => SubmitResult::Rejected(e),
        },
    }
}
