//! The app driven by scripted input against the real server in-process,
//! with its commands run by the same runner the terminal loop uses; each
//! step waits on a condition, never a fixed time.

mod common;

use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use promptcrafter::client::ApiClient;
use promptcrafter::model::NewPrompt;
use promptcrafter::tui::message::{Cmd, Message};
use promptcrafter::tui::tasks::Runner;
use promptcrafter::tui::{App, AuthMode};
use tokio::sync::mpsc;

struct Harness {
    app: App,
    runner: Runner,
    rx: mpsc::UnboundedReceiver<Message>,
    _dir: tempfile::TempDir,
}

impl Harness {
    fn new(client: ApiClient, auth: AuthMode) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let (tx, rx) = mpsc::unbounded_channel();
        let runner = Runner {
            tx,
            data_dir: Some(dir.path().to_path_buf()),
            api_label: "test".into(),
            token_file: None,
        };
        let app = App::new(
            client,
            "test".into(),
            "flow".into(),
            auth,
            Some(dir.path().to_path_buf()),
            Vec::new(),
        );
        Self {
            app,
            runner,
            rx,
            _dir: dir,
        }
    }

    fn run(&mut self, cmds: Vec<Cmd>) {
        for cmd in cmds {
            self.runner.spawn(cmd, &self.app.client);
        }
    }

    fn send(&mut self, msg: Message) {
        let cmds = self.app.update(msg);
        self.run(cmds);
    }

    fn key(&mut self, code: KeyCode, mods: KeyModifiers) {
        self.send(Message::Input(Event::Key(KeyEvent::new(code, mods))));
    }

    /// Handles task results until `cond` holds (10 s at most).
    async fn until(&mut self, what: &str, cond: impl Fn(&App) -> bool) {
        let start = Instant::now();
        while !cond(&self.app) {
            let left = Duration::from_secs(10).saturating_sub(start.elapsed());
            match tokio::time::timeout(left, self.rx.recv()).await {
                Ok(Some(msg)) => self.send(msg),
                _ => panic!(
                    "timed out waiting for {what}; banner: {:?}",
                    self.app.banner
                ),
            }
        }
    }
}

async fn prompt(client: &ApiClient, title: &str) -> String {
    let p = NewPrompt {
        title: title.into(),
        content: "c".into(),
        model: "gpt-4o".into(),
        tags: None,
    };
    client.create_prompt(&p).await.unwrap().id
}

#[tokio::test(flavor = "multi_thread")]
async fn expired_token_on_the_embedded_default_logs_in_again_and_sends_once() {
    let server = common::spawn_server().await;
    let email = common::email_of("flow");
    let client = ApiClient::new(&server.url(), Default::default()).unwrap();
    let signup = promptcrafter::model::SignupRequest {
        name: "Flow".into(),
        email: email.clone(),
        password: common::PASSWORD.into(),
    };
    client.signup(&signup).await.unwrap();
    let token = client.login(&email, common::PASSWORD).await.unwrap();
    let authed = client.clone().with_token(token);
    let pid = prompt(&authed, "Flow prompt").await;

    let auth = AuthMode::Local {
        email,
        password: common::PASSWORD.into(),
    };
    let mut h = Harness::new(authed.clone(), auth);
    let cmds = h.app.start();
    h.run(cmds);
    h.until("prompts", |a| !a.list.prompts.is_empty()).await;
    h.key(KeyCode::Enter, KeyModifiers::NONE);
    h.send(Message::Input(Event::Paste(
        "an output sent with a dead token".into(),
    )));
    // The token goes bad mid-session.
    h.app.client.set_token(Some("garbage".into()));
    h.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    h.until("the log to be acknowledged", |a| {
        a.banner
            .as_ref()
            .is_some_and(|b| b.text.starts_with("Logged log_"))
    })
    .await;
    let logs = authed.logs_for_prompt(&pid).await.unwrap();
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0].output, "an output sent with a dead token");
    assert!(h.app.current_form().unwrap().is_blank());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_prompt_deleted_meanwhile_is_a_404_the_list_refreshes_and_the_form_stays() {
    let server = common::spawn_server().await;
    let (client, _) = common::user_with_token(&server.url(), "gone").await;
    let pid = prompt(&client, "Soon gone").await;
    prompt(&client, "Stays here").await;
    let auth = AuthMode::Local {
        email: "x".into(),
        password: "y".into(),
    };
    let mut h = Harness::new(client.clone(), auth);
    let cmds = h.app.start();
    h.run(cmds);
    h.until("prompts", |a| a.list.prompts.len() == 2).await;
    h.key(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(h.app.current_id(), Some(pid.as_str()));
    h.send(Message::Input(Event::Paste(
        "written for a prompt about to vanish".into(),
    )));
    client.delete_prompt(&pid).await.unwrap();
    h.key(KeyCode::F(5), KeyModifiers::NONE);
    h.until("the list to refresh", |a| a.list.prompts.len() == 1)
        .await;
    let banner = h.app.banner.clone().unwrap().text;
    assert!(banner.contains("404"), "{banner}");
    let kept = h.app.forms.get(&pid).unwrap().output_text();
    assert_eq!(kept, "written for a prompt about to vanish");
}
