//! The app driven by scripted input against the real server in-process,
//! with its commands run by the same runner the terminal loop uses; each
//! step waits on a condition, never a fixed time.

mod common;

use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use promptcrafter::client::ApiClient;
use promptcrafter::model::{NewLog, NewPrompt};
use promptcrafter::tui::form::Field;
use promptcrafter::tui::message::{Cmd, Message};
use promptcrafter::tui::state::{Focus, Modal};
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
        let token_file = match &auth {
            AuthMode::Remote { token_file } => Some(token_file.clone()),
            AuthMode::Local { .. } => None,
        };
        let runner = Runner {
            tx,
            data_dir: Some(dir.path().to_path_buf()),
            api_label: "test".into(),
            token_file,
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

    fn press(&mut self, code: KeyCode) {
        self.key(code, KeyModifiers::NONE);
    }

    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    fn paste(&mut self, text: &str) {
        self.send(Message::Input(Event::Paste(text.into())));
    }

    /// Starts the app and waits for its prompt list.
    async fn start(&mut self, prompts: usize) {
        let cmds = self.app.start();
        self.run(cmds);
        self.until("the prompts", |a| a.list.prompts.len() == prompts)
            .await;
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

fn logged(a: &App) -> bool {
    a.banner
        .as_ref()
        .is_some_and(|b| b.text.starts_with("Logged log_"))
}

async fn seed_log(client: &ApiClient, prompt_id: &str, model: &str, output: &str) -> String {
    let log = NewLog {
        prompt_id: prompt_id.into(),
        output: output.into(),
        model_used: model.into(),
        notes: None,
        score: Some(5),
    };
    client.create_log(&log).await.unwrap().id
}

#[tokio::test(flavor = "multi_thread")]
async fn a_review_round_logs_the_paste_byte_for_byte_and_readies_the_next() {
    let server = common::spawn_server().await;
    let (client, _) = common::user_with_token(&server.url(), "round").await;
    let pid = prompt(&client, "Round trip").await;
    seed_log(&client, &pid, "claude-3-opus", "an older answer").await;
    let mut h = Harness::new(client.clone(), local());
    h.start(1).await;
    h.until("the models used before", |a| {
        a.known_models.iter().any(|m| m == "claude-3-opus")
    })
    .await;
    h.press(KeyCode::Enter);
    assert_eq!(h.app.focus, Focus::Form(Field::Output));
    let pasted =
        "First paragraph: revenue up 12%.\r\n\r\nSecond one, with a tab\tand 🎉.\r\rThird: done.";
    h.paste(pasted);
    h.press(KeyCode::Tab);
    // Down cycles through the models this user logged before.
    for _ in 0..3 {
        if h.app.current_form().unwrap().model_text() == "claude-3-opus" {
            break;
        }
        h.press(KeyCode::Down);
    }
    assert_eq!(h.app.current_form().unwrap().model_text(), "claude-3-opus");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Char('9'));
    h.press(KeyCode::Tab);
    h.type_text("clear and short");
    h.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(h.app.sending.is_some(), "the screen says it is sending");
    h.until("the log to be acknowledged", logged).await;

    let logs = client.logs_for_prompt(&pid).await.unwrap();
    assert_eq!(logs.len(), 2);
    let new = logs.iter().find(|l| l.output != "an older answer").unwrap();
    assert_eq!(new.output, pasted.replace("\r\n", "\n").replace('\r', "\n"));
    assert_eq!(new.model_used, "claude-3-opus");
    assert_eq!(new.score, Some(9.0));
    assert_eq!(new.notes.as_deref(), Some("clear and short"));
    let banner = h.app.banner.clone().unwrap().text;
    assert!(banner.contains(&new.id), "{banner}");

    let form = h.app.current_form().unwrap();
    assert_eq!(form.output_text(), "");
    assert_eq!(form.new_log().score, None);
    assert_eq!(form.new_log().notes, None);
    assert_eq!(form.model_text(), "claude-3-opus", "the model is kept");
    assert_eq!(h.app.focus, Focus::Form(Field::Output));
    let id = new.id.clone();
    h.until("the new log on top of the logs pane", |a| {
        a.logs
            .get(&pid)
            .and_then(|r| r.loaded())
            .and_then(|l| l.first())
            .is_some_and(|l| l.id == id)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_remote_401_asks_for_a_login_then_sends_the_same_log_once_and_keeps_the_token() {
    let server = common::spawn_server().await;
    let email = common::email_of("remote");
    let client = ApiClient::new(&server.url(), Default::default()).unwrap();
    let signup = promptcrafter::model::SignupRequest {
        name: "Remote".into(),
        email: email.clone(),
        password: common::PASSWORD.into(),
    };
    client.signup(&signup).await.unwrap();
    let token = client.login(&email, common::PASSWORD).await.unwrap();
    let authed = client.clone().with_token(token);
    let pid = prompt(&authed, "Remote prompt").await;
    let tokens = tempfile::tempdir().unwrap();
    let token_file = tokens.path().join("token");
    let auth = AuthMode::Remote {
        token_file: token_file.clone(),
    };
    let mut h = Harness::new(authed.clone(), auth);
    h.start(1).await;
    h.press(KeyCode::Enter);
    h.paste("kept across the login");
    h.app.client.set_token(Some("expired".into()));
    h.press(KeyCode::F(5));
    h.until("the login dialog", |a| {
        matches!(a.modal, Some(Modal::Login(_)))
    })
    .await;
    assert_eq!(
        h.app.current_form().unwrap().output_text(),
        "kept across the login"
    );
    h.type_text(&email);
    h.press(KeyCode::Tab);
    h.type_text(common::PASSWORD);
    h.press(KeyCode::Enter);
    h.until("the resent log", logged).await;
    assert!(h.app.modal.is_none());
    let logs = authed.logs_for_prompt(&pid).await.unwrap();
    assert_eq!(logs.len(), 1, "sent exactly once");
    assert_eq!(logs[0].output, "kept across the login");

    // The new token is stored (by a background task) and works.
    let start = Instant::now();
    let stored = loop {
        match std::fs::read_to_string(&token_file) {
            Ok(t) if !t.is_empty() => break t,
            _ if start.elapsed() > Duration::from_secs(10) => panic!("no token file"),
            _ => tokio::task::yield_now().await,
        }
    };
    let again = client.with_token(stored);
    assert_eq!(again.list_prompts().await.unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_log_opens_in_full_and_is_deleted_only_after_yes() {
    let server = common::spawn_server().await;
    let (client, _) = common::user_with_token(&server.url(), "deleter").await;
    let pid = prompt(&client, "Two logs").await;
    let older = seed_log(&client, &pid, "gpt-4o", "the older output").await;
    let newer = seed_log(&client, &pid, "gpt-4o", "the newer output").await;
    let mut h = Harness::new(client.clone(), local());
    h.start(1).await;
    h.until("the logs", |a| {
        a.logs
            .get(&pid)
            .and_then(|r| r.loaded())
            .is_some_and(|l| l.len() == 2)
    })
    .await;
    // Shift-Tab from the prompt list wraps round to the logs pane.
    h.key(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(h.app.focus, Focus::Logs);
    h.press(KeyCode::Enter);
    let Some(Modal::LogDetail { log, .. }) = &h.app.modal else {
        panic!("{:?}", h.app.modal)
    };
    assert_eq!(log.id, newer, "newest first");
    h.press(KeyCode::Esc);
    assert!(h.app.modal.is_none());

    h.press(KeyCode::Char('d'));
    assert!(matches!(h.app.modal, Some(Modal::ConfirmDelete(_))));
    h.press(KeyCode::Char('n'));
    assert!(h.app.modal.is_none());
    assert_eq!(client.logs_for_prompt(&pid).await.unwrap().len(), 2);

    h.press(KeyCode::Char('d'));
    h.press(KeyCode::Char('y'));
    h.until("the deletion", |a| {
        a.banner
            .as_ref()
            .is_some_and(|b| b.text.starts_with("Deleted log"))
    })
    .await;
    let left = client.logs_for_prompt(&pid).await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].id, older);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_adds_a_prompt_and_r_reloads_the_list() {
    let server = common::spawn_server().await;
    let (client, _) = common::user_with_token(&server.url(), "adder").await;
    prompt(&client, "Already there").await;
    let mut h = Harness::new(client.clone(), local());
    h.start(1).await;
    h.press(KeyCode::Char('a'));
    assert!(matches!(h.app.modal, Some(Modal::AddPrompt(_))));
    h.type_text("Added from the TUI");
    h.press(KeyCode::Enter);
    h.type_text("gpt-4o-mini");
    h.press(KeyCode::Enter);
    h.type_text("tui, e2e");
    h.press(KeyCode::Enter);
    h.paste("Say hello.\r\nTwice.");
    h.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    h.until("the new prompt in the list", |a| {
        a.list
            .prompts
            .iter()
            .any(|p| p.title == "Added from the TUI")
    })
    .await;
    let on_server = client.list_prompts().await.unwrap();
    let added = on_server
        .iter()
        .find(|p| p.title == "Added from the TUI")
        .unwrap();
    assert_eq!(added.model, "gpt-4o-mini");
    assert_eq!(added.tags, ["tui", "e2e"]);
    assert_eq!(added.content, "Say hello.\nTwice.");

    prompt(&client, "Made elsewhere").await;
    assert!(h.app.modal.is_none(), "the dialog closed");
    // The new prompt is selected, ready for its first output; Esc leaves the field.
    assert_eq!(h.app.current_id(), Some(added.id.as_str()));
    assert_eq!(h.app.focus, Focus::Form(Field::Output));
    h.press(KeyCode::Esc);
    assert_eq!(h.app.focus, Focus::Prompts);
    h.press(KeyCode::Char('r'));
    h.until("the reloaded list", |a| a.list.prompts.len() == 3)
        .await;
}

fn local() -> AuthMode {
    AuthMode::Local {
        email: "unused@example.com".into(),
        password: "unused-password".into(),
    }
}
