//! Commands become tasks: each runs off the loop and reports back with a
//! message. (The external editor is the exception: it needs the terminal,
//! so the loop runs it itself.)

use std::path::PathBuf;

use tokio::sync::mpsc::UnboundedSender;

use crate::client::ApiClient;
use crate::model::NewLog;
use crate::outbox::{Drafts, Outbox, SubmitResult};
use crate::paths;

use super::message::{ApiEvent, Cmd, Message};

/// Runs commands for the loop.
#[derive(Debug, Clone)]
pub struct Runner {
    /// Where results go.
    pub tx: UnboundedSender<Message>,
    /// The data dir (drafts, outbox), when this process holds it.
    pub data_dir: Option<PathBuf>,
    /// The API label outbox entries are filed under.
    pub api_label: String,
    /// Where a remote API's token is stored, if anywhere.
    pub token_file: Option<PathBuf>,
}

impl Runner {
    /// Starts `cmd` in the background with `client`. `OpenEditor` is not
    /// handled here (it needs the terminal), nor `SaveProgress` (the review
    /// loop writes it in order).
    pub fn spawn(&self, cmd: Cmd, client: &ApiClient) {
        let tx = self.tx.clone();
        let c = client.clone();
        let api = |e: ApiEvent| Message::Api(e);
        match cmd {
            Cmd::LoadPrompts => {
                self.task(async move { api(ApiEvent::Prompts(c.list_prompts().await)) })
            }
            Cmd::LoadAllLogs => {
                self.task(async move { api(ApiEvent::AllLogs(c.list_logs().await)) })
            }
            Cmd::LoadLogs(prompt_id) => self.task(async move {
                let result = c.logs_for_prompt(&prompt_id).await;
                api(ApiEvent::Logs { prompt_id, result })
            }),
            Cmd::Submit(log) => {
                let (dir, label) = (self.data_dir.clone(), self.api_label.clone());
                self.task(async move {
                    let result = Box::new(submit(&c, dir, &label, log.clone()).await);
                    api(ApiEvent::Submitted { log, result })
                });
            }
            Cmd::DeleteLog { log_id, prompt_id } => self.task(async move {
                let result = c.delete_log(&log_id).await;
                api(ApiEvent::Deleted {
                    log_id,
                    prompt_id,
                    result,
                })
            }),
            Cmd::CreatePrompt(p) => {
                self.task(async move { api(ApiEvent::PromptCreated(c.create_prompt(&p).await)) })
            }
            Cmd::Login { email, password } => {
                self.task(async move { api(ApiEvent::LoggedIn(c.login(&email, &password).await)) });
            }
            Cmd::SaveToken { token, user } => {
                if let Some(file) = self.token_file.clone() {
                    tokio::task::spawn_blocking(move || {
                        let user_file = file.with_extension("user");
                        let written = paths::write_private(&file, token.as_bytes())
                            .and_then(|()| paths::write_private(&user_file, user.as_bytes()));
                        if let Err(e) = written {
                            tracing::warn!("cannot store the token: {e}");
                        }
                    });
                }
            }
            Cmd::SaveDraft(draft) => self.blocking(move |dir| {
                let prompt_id = draft.prompt_id.clone();
                let result = Drafts::new(&dir).save(&draft).map_err(|e| e.to_string());
                Message::DraftSaved { prompt_id, result }
            }),
            Cmd::RemoveDraft(prompt_id) => self.blocking(move |dir| {
                let result = Drafts::new(&dir)
                    .remove(&prompt_id)
                    .map_err(|e| e.to_string());
                Message::DraftSaved { prompt_id, result }
            }),
            Cmd::ReadOutbox => self.blocking(|dir| {
                Message::OutboxRead(Outbox::new(&dir).list().map_err(|e| e.to_string()))
            }),
            Cmd::DiscardOutbox(id) => self.blocking(move |dir| {
                let ob = Outbox::new(&dir);
                if let Err(e) = ob.remove(&id) {
                    tracing::warn!("cannot discard {id}: {e}");
                }
                Message::OutboxRead(ob.list().map_err(|e| e.to_string()))
            }),
            Cmd::FlushOutbox { force } => {
                let Some(dir) = self.data_dir.clone() else {
                    return;
                };
                let label = self.api_label.clone();
                self.task(async move {
                    let r = crate::outbox::flush(&c, &Outbox::new(&dir), &label, force).await;
                    api(ApiEvent::Flushed(r.map_err(|e| e.to_string())))
                });
            }
            Cmd::OpenEditor(_) | Cmd::SaveProgress(_) => {}
        }
        drop(tx);
    }

    fn task(&self, fut: impl Future<Output = Message> + Send + 'static) {
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let _ = tx.send(fut.await);
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
                io: "the outbox is in use by another promptcrafter".to_owned(),
            },
            Err(e) => SubmitResult::Rejected(e),
        },
    }
}
