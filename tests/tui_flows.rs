//! Both screens on the very loop users run (`tui::event_loop`), on a
//! `TestBackend` with scripted input, against the real server in-process;
//! each step waits on a condition, never a fixed time. The idle tests count
//! the frames the loop draws over simulated time.

mod common;

use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use futures::channel::mpsc::UnboundedSender;
use promptcrafter::cli::session::SessionAuth;
use promptcrafter::client::ApiClient;
use promptcrafter::local_server::LocalAccount;
use promptcrafter::model::{NewLog, NewPrompt};
use promptcrafter::review_queue::{Progress, Queue, parse_jsonl};
use promptcrafter::tui::components::compose::Field;
use promptcrafter::tui::components::confirm::{Confirm, Question};
use promptcrafter::tui::components::dialog::LoginDialog;
use promptcrafter::tui::components::log_detail::LogDetail;
use promptcrafter::tui::components::logs::{PAGE_SIZE, PromptLogs};
use promptcrafter::tui::components::prompt_dialog::PromptDialog;
use promptcrafter::tui::console::Scripted;
use promptcrafter::tui::event_loop::{Ended, Loop};
use promptcrafter::tui::main_screen::Focus;
use promptcrafter::tui::message::Message;
use promptcrafter::tui::screen::Screen;
use promptcrafter::tui::tasks::Runner;
use promptcrafter::tui::{App, Review};
use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// A `TestBackend` that counts the frames drawn on it (one flush each).
struct Counting {
    inner: TestBackend,
    frames: usize,
}

impl Backend for Counting {
    type Error = <TestBackend as Backend>::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, p: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(p)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }
    fn clear_region(&mut self, t: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(t)
    }
    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }
    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.frames += 1;
        self.inner.flush()
    }
}

/// A screen on the real loop, with its input, runner and results.
struct Harness<S: Screen> {
    screen: S,
    console: Scripted<Counting>,
    keys: UnboundedSender<std::io::Result<Event>>,
    runner: Runner,
    results: mpsc::UnboundedReceiver<Message>,
    cancel: CancellationToken,
    _dir: tempfile::TempDir,
}

impl<S: Screen> Harness<S> {
    /// `screen` on a 120x36 terminal, its data dir `dir`.
    fn new(mut screen: S, dir: tempfile::TempDir, token_file: Option<std::path::PathBuf>) -> Self {
        let backend = Counting {
            inner: TestBackend::new(120, 36),
            frames: 0,
        };
        let (console, keys) = Scripted::on(backend);
        let (tx, results) = mpsc::unbounded_channel();
        let cancel = CancellationToken::new();
        let data = Some(dir.path().to_path_buf());
        let mut runner = Runner::new(tx, data, "test".into(), token_file, cancel.clone());
        screen.update(Message::Input(Event::Resize(120, 36)));
        for cmd in screen.start() {
            runner.spawn(cmd, screen.client());
        }
        Self {
            screen,
            console,
            keys,
            runner,
            results,
            cancel,
            _dir: dir,
        }
    }

    fn key(&self, code: KeyCode, mods: KeyModifiers) {
        let ev = Event::Key(KeyEvent::new(code, mods));
        self.keys.unbounded_send(Ok(ev)).unwrap();
    }

    fn press(&self, code: KeyCode) {
        self.key(code, KeyModifiers::NONE);
    }

    fn type_text(&self, text: &str) {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    fn paste(&self, text: &str) {
        self.keys
            .unbounded_send(Ok(Event::Paste(text.into())))
            .unwrap();
    }

    fn frames(&self) -> usize {
        self.console.terminal.backend().frames
    }

    fn screen_text(&self) -> String {
        format!("{}", self.console.terminal.backend().inner)
    }

    /// Runs the loop until `cond` holds (10 s at most).
    async fn until(&mut self, what: &str, cond: impl Fn(&S) -> bool) {
        if cond(&self.screen) {
            return;
        }
        let mut looped = Loop {
            console: &mut self.console,
            runner: &mut self.runner,
            results: &mut self.results,
            cancel: self.cancel.clone(),
        };
        let ran = tokio::time::timeout(Duration::from_secs(10), looped.run(&mut self.screen, cond));
        match ran.await {
            Ok(Ok(Ended::Reached)) => {}
            other => panic!(
                "waiting for {what}: {other:?}\n{}",
                self.console.terminal.backend().inner
            ),
        }
    }

    /// Runs the loop for `secs` seconds of simulated time with no input,
    /// and returns the frames drawn meanwhile (the run's opening frame included).
    async fn idle_for(&mut self, secs: u64) -> usize {
        let before = self.frames();
        tokio::time::pause();
        let mut looped = Loop {
            console: &mut self.console,
            runner: &mut self.runner,
            results: &mut self.results,
            cancel: self.cancel.clone(),
        };
        let ran = tokio::time::timeout(
            Duration::from_secs(secs),
            looped.run(&mut self.screen, |_| false),
        );
        assert!(ran.await.is_err(), "the loop ran the whole time");
        tokio::time::resume();
        self.frames() - before
    }
}

impl Harness<App> {
    fn main(client: ApiClient, auth: SessionAuth) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let token_file = match &auth {
            SessionAuth::Remote { token_file } => Some(token_file.clone()),
            SessionAuth::Local(_) => None,
        };
        let app = App::new(
            client,
            "test".into(),
            "flow".into(),
            auth,
            Some(dir.path().to_path_buf()),
            Vec::new(),
        );
        Self::new(app, dir, token_file)
    }
}

fn banner_starts(a: &App, text: &str) -> bool {
    a.banner.as_ref().is_some_and(|b| b.text.starts_with(text))
}

fn logged(a: &App) -> bool {
    banner_starts(a, "Logged log_")
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

fn local(email: &str, password: &str) -> SessionAuth {
    SessionAuth::Local(LocalAccount {
        email: email.into(),
        password: password.into(),
    })
}

fn unused() -> SessionAuth {
    local("unused@example.com", "unused-password")
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

    let mut h = Harness::main(authed.clone(), local(&email, common::PASSWORD));
    h.until("prompts", |a| !a.list.prompts.is_empty()).await;
    h.press(KeyCode::Enter);
    h.paste("an output sent with a dead token");
    h.until("the paste", |a| {
        a.current_form()
            .is_some_and(|f| !f.output_text().is_empty())
    })
    .await;
    // The token goes bad mid-session.
    h.screen.client.set_token(Some("garbage".into()));
    h.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    h.until("the log to be acknowledged", logged).await;
    let logs = authed.logs_for_prompt(&pid).await.unwrap();
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0].output, "an output sent with a dead token");
    assert!(h.screen.current_form().unwrap().is_blank());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_prompt_deleted_meanwhile_is_a_404_the_list_refreshes_and_the_form_stays() {
    let server = common::spawn_server().await;
    let (client, _) = common::user_with_token(&server.url(), "gone").await;
    let pid = prompt(&client, "Soon gone").await;
    prompt(&client, "Stays here").await;
    let mut h = Harness::main(client.clone(), local("x", "y"));
    h.until("prompts", |a| a.list.prompts.len() == 2).await;
    h.press(KeyCode::Enter);
    h.paste("written for a prompt about to vanish");
    let p = pid.clone();
    h.until("the paste in the first prompt's form", move |a| {
        a.current_id() == Some(p.as_str())
            && a.current_form()
                .is_some_and(|f| !f.output_text().is_empty())
    })
    .await;
    client.delete_prompt(&pid).await.unwrap();
    h.press(KeyCode::F(5));
    h.until("the list to refresh", |a| a.list.prompts.len() == 1)
        .await;
    let banner = h.screen.banner.clone().unwrap().text;
    assert!(banner.contains("404"), "{banner}");
    let kept = h.screen.compose.forms.get(&pid).unwrap().output_text();
    assert_eq!(kept, "written for a prompt about to vanish");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_review_round_logs_the_paste_byte_for_byte_and_readies_the_next() {
    let server = common::spawn_server().await;
    let (client, _) = common::user_with_token(&server.url(), "round").await;
    let pid = prompt(&client, "Round trip").await;
    seed_log(&client, &pid, "claude-3-opus", "an older answer").await;
    let mut h = Harness::main(client.clone(), unused());
    // The models used before are learnt from the highlighted prompt's
    // first page of logs, which loads once the prompt list is here; Enter
    // selects a prompt only once the list holds one.
    h.until("the models used before and the prompt list", |a| {
        a.compose.known_models.iter().any(|m| m == "claude-3-opus")
            && a.list.selected_prompt().is_some()
    })
    .await;
    h.press(KeyCode::Enter);
    h.until("the output field", |a| {
        a.focus == Focus::Form(Field::Output)
    })
    .await;
    let pasted =
        "First paragraph: revenue up 12%.\r\n\r\nSecond one, with a tab\tand 🎉.\r\rThird: done.";
    h.paste(pasted);
    h.press(KeyCode::Tab);
    // Down cycles through the models this user logged before.
    h.press(KeyCode::Down);
    h.until("the model used before", |a| {
        a.current_form().unwrap().model_text() == "claude-3-opus"
    })
    .await;
    h.press(KeyCode::Tab);
    h.press(KeyCode::Char('9'));
    h.press(KeyCode::Tab);
    h.type_text("clear and short");
    h.until("the notes", |a| {
        a.current_form().unwrap().notes_text() == "clear and short"
    })
    .await;
    h.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    h.until("the screen to say it is sending", |a| {
        a.compose.sending.is_some() || logged(a)
    })
    .await;
    h.until("the log to be acknowledged", logged).await;

    let logs = client.logs_for_prompt(&pid).await.unwrap();
    assert_eq!(logs.len(), 2);
    let new = logs.iter().find(|l| l.output != "an older answer").unwrap();
    assert_eq!(new.output, pasted.replace("\r\n", "\n").replace('\r', "\n"));
    assert_eq!(new.model_used, "claude-3-opus");
    assert_eq!(new.score, Some(9.0));
    assert_eq!(new.notes.as_deref(), Some("clear and short"));
    let banner = h.screen.banner.clone().unwrap().text;
    assert!(banner.contains(&new.id), "{banner}");

    let form = h.screen.current_form().unwrap();
    assert_eq!(form.output_text(), "");
    assert_eq!(form.new_log().score, None);
    assert_eq!(form.new_log().notes, None);
    assert_eq!(form.model_text(), "claude-3-opus", "the model is kept");
    assert_eq!(h.screen.focus, Focus::Form(Field::Output));
    let id = new.id.clone();
    h.until("the new log on top of the logs pane", |a| {
        a.logs
            .loaded(&pid)
            .and_then(|l| l.logs.first())
            .is_some_and(|l| l.id == id)
    })
    .await;
    assert!(
        h.screen_text().contains("Logged log_"),
        "what was drawn says so"
    );
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
    let auth = SessionAuth::Remote {
        token_file: token_file.clone(),
    };
    let mut h = Harness::main(authed.clone(), auth);
    h.until("prompts", |a| a.list.prompts.len() == 1).await;
    h.press(KeyCode::Enter);
    h.paste("kept across the login");
    h.until("the paste", |a| {
        a.current_form()
            .is_some_and(|f| !f.output_text().is_empty())
    })
    .await;
    h.screen.client.set_token(Some("expired".into()));
    h.press(KeyCode::F(5));
    h.until("the login dialog", |a| {
        a.overlay_as::<LoginDialog>().is_some()
    })
    .await;
    assert_eq!(
        h.screen.current_form().unwrap().output_text(),
        "kept across the login"
    );
    h.type_text(&email);
    h.press(KeyCode::Tab);
    h.type_text(common::PASSWORD);
    h.press(KeyCode::Enter);
    h.until("the resent log", logged).await;
    assert!(h.screen.overlay.is_none());
    let logs = authed.logs_for_prompt(&pid).await.unwrap();
    assert_eq!(logs.len(), 1, "sent exactly once");
    assert_eq!(logs[0].output, "kept across the login");

    // The new token is stored (by a background task) and works.
    let start = std::time::Instant::now();
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
    let mut h = Harness::main(client.clone(), unused());
    h.until("the logs", |a| {
        a.logs.loaded(&pid).is_some_and(|l| l.logs.len() == 2)
    })
    .await;
    // Shift-Tab from the prompt list wraps round to the prompt's text, then the logs pane.
    h.key(KeyCode::BackTab, KeyModifiers::SHIFT);
    h.key(KeyCode::BackTab, KeyModifiers::SHIFT);
    h.press(KeyCode::Enter);
    h.until("the log in full", |a| a.overlay_as::<LogDetail>().is_some())
        .await;
    let shown = &h.screen.overlay_as::<LogDetail>().unwrap().log.id;
    assert_eq!(*shown, newer, "newest first");
    h.press(KeyCode::Esc);
    h.until("the log closed", |a| a.overlay.is_none()).await;

    h.press(KeyCode::Char('d'));
    h.until("the question", |a| a.overlay_as::<Confirm>().is_some())
        .await;
    assert!(matches!(
        h.screen.overlay_as::<Confirm>().unwrap().question,
        Question::DeleteLog(_)
    ));
    h.press(KeyCode::Char('n'));
    h.until("the question gone", |a| a.overlay.is_none()).await;
    assert_eq!(client.logs_for_prompt(&pid).await.unwrap().len(), 2);

    h.press(KeyCode::Char('d'));
    h.press(KeyCode::Char('y'));
    h.until("the deletion", |a| banner_starts(a, "Deleted log"))
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
    let mut h = Harness::main(client.clone(), unused());
    h.until("prompts", |a| a.list.prompts.len() == 1).await;
    h.press(KeyCode::Char('a'));
    h.until("the dialog", |a| a.overlay_as::<PromptDialog>().is_some())
        .await;
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
            .any(|p| p.title() == "Added from the TUI")
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
    assert!(h.screen.overlay.is_none(), "the dialog closed");
    // The new prompt is selected, ready for its first output; Esc leaves the field.
    assert_eq!(h.screen.current_id(), Some(added.id.as_str()));
    assert_eq!(h.screen.focus, Focus::Form(Field::Output));
    h.press(KeyCode::Esc);
    h.until("the prompt list", |a| a.focus == Focus::Prompts)
        .await;
    h.press(KeyCode::Char('r'));
    h.until("the reloaded list", |a| a.list.prompts.len() == 3)
        .await;
}

#[tokio::test]
async fn the_main_screen_draws_nothing_while_idle() {
    let server = common::spawn_server().await;
    let (client, _) = common::user_with_token(&server.url(), "idle").await;
    let pid = prompt(&client, "Idle prompt").await;
    seed_log(&client, &pid, "gpt-4o", "an answer").await;
    let mut h = Harness::main(client.clone(), unused());
    // The prompt's newest page and its statistics load apart: both are
    // here before the idle time starts.
    h.until("prompts, logs and statistics", |a| {
        a.logs.loaded(&pid).is_some() && a.logs.exact(&pid).is_some()
    })
    .await;
    assert!(h.frames() >= 1, "the first frame is drawn at once");
    let drawn = h.idle_for(600).await;
    assert_eq!(
        drawn, 1,
        "ten idle minutes draw no frame but the one a run opens with"
    );
    // A key draws again, once.
    h.press(KeyCode::Down);
    let before = h.frames();
    h.press(KeyCode::Enter);
    h.until("the output field", |a| {
        a.focus == Focus::Form(Field::Output)
    })
    .await;
    assert!(h.frames() > before);
}

#[tokio::test]
async fn the_review_screen_logs_scores_and_redraws_idle_only_for_its_clock() {
    let server = common::spawn_server().await;
    let (client, _) = common::user_with_token(&server.url(), "reviewer").await;
    let pid = prompt(&client, "Review prompt").await;
    let input = format!(
        "{{\"output\":\"first answer\",\"promptId\":\"{pid}\"}}\n{{\"output\":\"second answer\",\"promptId\":\"{pid}\"}}\n"
    );
    let (items, bad) = parse_jsonl("items.jsonl", input.as_bytes());
    let queue = Queue {
        items,
        bad,
        hash: "f".repeat(64),
    };
    let dir = tempfile::tempdir().unwrap();
    let review = Review::new(
        queue,
        Progress::default(),
        Some(dir.path().to_path_buf()),
        client.clone(),
    );
    let mut h = Harness::new(review, dir, None);
    h.until("prompts and logs", |r| !r.is_loading()).await;
    h.press(KeyCode::Char('8'));
    h.until("the first item logged", |r| {
        matches!(
            r.progress.get(0),
            Some(promptcrafter::review_queue::Mark::Logged { .. })
        )
    })
    .await;
    let logs = client.logs_for_prompt(&pid).await.unwrap();
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0].score, Some(8.0));
    assert!(
        h.screen_text().contains("Item 2 of 2"),
        "{}",
        h.screen_text()
    );
    // Idle, the clock's text (whole minutes) changes once a minute: one
    // frame each, no more.
    let drawn = h.idle_for(3 * 60 + 30).await;
    assert!(
        (3..=5).contains(&drawn),
        "{drawn} frames in 3.5 min: the opening one and one per clock change"
    );
    assert!(h.screen_text().contains("3 min"), "{}", h.screen_text());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_filter_results_reach_the_screen_through_the_loop_with_no_further_key() {
    let server = common::spawn_server().await;
    let (client, _) = common::user_with_token(&server.url(), "matched").await;
    prompt(&client, "Only one on the server").await;
    let mut h = Harness::main(client.clone(), unused());
    h.until("the prompt", |a| a.list.prompts.len() == 1).await;
    // Enough prompts that the matcher's threads are still busy when the
    // key's update returns: the results must come back as a message.
    let many = promptcrafter::tui::fixtures::many_prompts(30_000);
    h.screen.update(Message::Api(
        promptcrafter::tui::message::ApiEvent::Prompts(Ok(many)),
    ));
    h.press(KeyCode::Char('/'));
    h.type_text("'29999");
    h.until("the one match, on screen", |a| {
        a.list.rows.len() == 1
            && a.list.selected_prompt().map(|p| p.title())
                == Some("Prompt number 29999 about topic 26")
    })
    .await;
    assert!(
        h.screen_text().contains("Prompt number 29999"),
        "{}",
        h.screen_text()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn e_edits_a_prompts_title_in_the_list_and_on_the_server() {
    let server = common::spawn_server().await;
    let (client, _) = common::user_with_token(&server.url(), "editor").await;
    prompt(&client, "Old title").await;
    let mut h = Harness::main(client.clone(), unused());
    h.until("prompts", |a| a.list.prompts.len() == 1).await;
    h.press(KeyCode::Char('e'));
    h.until("the dialog", |a| a.overlay_as::<PromptDialog>().is_some())
        .await;
    h.key(KeyCode::Char('u'), KeyModifiers::CONTROL);
    h.type_text("New title");
    h.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
    h.until("the new title in the list", |a| {
        a.overlay.is_none() && a.list.prompts.iter().any(|p| p.title() == "New title")
    })
    .await;
    let on_server = client.list_prompts().await.unwrap();
    assert_eq!(on_server.len(), 1);
    assert_eq!(on_server[0].title, "New title");
}

/// The prompt list comes in pages from the real server (a first page of
/// 100, then pages of 1000: here 100, 1000 and 150): every prompt arrives
/// once, in the server's order, the last page's prompts included, and the
/// title counts them all. (That
/// the first page is drawn before the rest arrives is a unit test's:
/// here the loop may take both pages in one batch.)
#[tokio::test(flavor = "multi_thread")]
async fn the_prompt_list_arrives_page_by_page_and_ends_whole() {
    let server = common::spawn_server().await;
    let (client, _) = common::user_with_token(&server.url(), "pages").await;
    let mut made = Vec::new();
    for chunk in (0..1250).collect::<Vec<_>>().chunks(25) {
        made.extend(
            futures::future::join_all(chunk.iter().map(|i| {
                let client = client.clone();
                async move { prompt(&client, &format!("Paged prompt {i:04}")).await }
            }))
            .await,
        );
    }
    assert_eq!(made.len(), 1250);
    let mut h = Harness::main(client.clone(), local("x", "y"));
    h.until("the first page", |a| !a.list.prompts.is_empty())
        .await;
    assert_eq!(h.screen.list.prompts.len(), 100, "the first page alone");
    h.until("every page", |a| {
        a.list.prompts.len() == 1250 && !a.list.more
    })
    .await;
    let listed = client.list_prompts().await.unwrap();
    let shown: Vec<&str> = h.screen.list.prompts.iter().map(|p| p.id()).collect();
    let listed: Vec<&str> = listed.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(shown, listed);
    h.until("the whole list drawn", |_| true).await;
    assert!(
        h.screen_text().contains("Prompts 1250/1250 "),
        "{}",
        h.screen_text()
    );
}

/// Logs `n` outputs on `prompt_id` through the API, 16 at a time: output
/// `answer number NNN`, scores cycling 0-10, models a, b and c.
async fn seed_many(client: &ApiClient, prompt_id: &str, n: usize) {
    let all: Vec<usize> = (0..n).collect();
    for chunk in all.chunks(16) {
        let sends = chunk.iter().map(|&i| {
            let log = NewLog {
                prompt_id: prompt_id.into(),
                output: format!("answer number {i:03}"),
                model_used: ["a", "b", "c"][i % 3].into(),
                notes: None,
                score: Some(i64::try_from(i % 11).unwrap()),
            };
            let c = client.clone();
            async move { c.create_log(&log).await.unwrap() }
        });
        futures::future::join_all(sends).await;
    }
}

/// Whether the logs of `prompt_id` are loaded and pass `test`.
fn logs_of(a: &App, prompt_id: &str, test: impl Fn(&PromptLogs) -> bool) -> bool {
    a.logs.loaded(prompt_id).is_some_and(test)
}

fn highlighted(a: &App, prompt_id: &str) -> Option<String> {
    a.logs.selected_log(prompt_id).map(|l| l.id.clone())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_prompt_with_more_logs_than_a_page_opens_on_its_newest_and_loads_the_rest_on_the_way_down()
 {
    let server = common::spawn_server().await;
    let (client, _) = common::user_with_token(&server.url(), "pager").await;
    let pid = prompt(&client, "Many logs").await;
    seed_many(&client, &pid, 450).await;
    // Newest first, as the server pages them.
    let all = client.list_logs_page(&pid, 1000, None).await.unwrap().logs;
    assert_eq!((all.len(), PAGE_SIZE), (450, 200));
    let scores: Vec<f64> = all.iter().filter_map(|l| l.score).collect();
    let mean = scores.iter().sum::<f64>() / 450.0;
    let (newest, oldest) = (all[0].clone(), all[449].clone());

    let mut h = Harness::main(client.clone(), unused());
    let p = pid.clone();
    h.until("the newest page and the statistics", move |a| {
        logs_of(a, &p, |l| l.logs.len() == 200) && a.logs.exact(&p).is_some()
    })
    .await;
    let text = h.screen_text();
    assert!(
        text.contains(&format!(" Logs 200 of 450 \u{b7} mean {mean:.1} ")),
        "{text}"
    );
    assert!(text.contains(&newest.output), "the newest row: {text}");
    assert!(!text.contains(&oldest.output), "{text}");

    h.press(KeyCode::Char('b'));
    h.until("the scoreboard", |a| {
        a.overlay_as::<promptcrafter::tui::components::scoreboard::Scoreboard>()
            .is_some()
    })
    .await;
    let board = h.screen_text();
    assert!(board.contains("450 logs, 0 unscored"), "exact: {board}");
    h.press(KeyCode::Esc);
    h.until("the scoreboard closed", |a| a.overlay.is_none())
        .await;

    // Shift-Tab from the prompt list wraps round to the prompt's text, then the logs pane.
    h.key(KeyCode::BackTab, KeyModifiers::SHIFT);
    h.key(KeyCode::BackTab, KeyModifiers::SHIFT);
    // Each round of keys reaches the last row loaded at least (held there
    // while the next page is on its way); the next round starts once it came.
    for _ in 0..200 {
        h.press(KeyCode::Down);
    }
    let p = pid.clone();
    h.until("the second page", move |a| {
        logs_of(a, &p, |l| l.logs.len() >= 400 && !l.paging.is_loading())
    })
    .await;
    for _ in 0..200 {
        h.press(KeyCode::Down);
    }
    let p = pid.clone();
    h.until("every page", move |a| {
        logs_of(a, &p, |l| l.logs.len() == 450 && l.paging.is_complete())
    })
    .await;
    for _ in 0..50 {
        h.press(KeyCode::Down);
    }
    let (p, id) = (pid.clone(), oldest.id.clone());
    h.until("the oldest log highlighted", move |a| {
        highlighted(a, &p).as_deref() == Some(id.as_str())
    })
    .await;
    let text = h.screen_text();
    assert!(text.contains(&oldest.output), "the oldest row: {text}");
    assert!(text.contains(" Logs 450 \u{b7} mean "), "{text}");
    let held: Vec<String> = h
        .screen
        .logs
        .loaded(&pid)
        .unwrap()
        .logs
        .iter()
        .map(|l| l.id.clone())
        .collect();
    let want: Vec<String> = all.iter().map(|l| l.id.clone()).collect();
    assert_eq!(held, want, "every log once, newest first");
    h.cancel.cancel();

    // A search on a fresh start finds a log that only the last page holds.
    let mut h = Harness::main(client.clone(), unused());
    let p = pid.clone();
    h.until("the newest page", move |a| {
        logs_of(a, &p, |l| l.logs.len() == 200)
    })
    .await;
    h.key(KeyCode::BackTab, KeyModifiers::SHIFT);
    h.key(KeyCode::BackTab, KeyModifiers::SHIFT);
    h.press(KeyCode::Char('/'));
    h.type_text(&oldest.output);
    let (p, id) = (pid.clone(), oldest.id.clone());
    h.until("the match from the last page", move |a| {
        logs_of(a, &p, |l| l.paging.is_complete() && l.shown_len() == 1)
            && highlighted(a, &p).as_deref() == Some(id.as_str())
    })
    .await;
    let text = h.screen_text();
    assert!(text.contains(&oldest.output), "{text}");
    assert!(text.contains(" Logs 1/450 \u{b7} mean "), "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_that_ignores_limit_sends_every_log_at_once_and_no_page_is_asked_after() {
    use common::raw::{RawServer, Reply};
    use promptcrafter::model::{Log, Prompt};
    let prompt = Prompt {
        id: "prm_plain".into(),
        owner_id: "usr_1".into(),
        title: "On a plain server".into(),
        content: "c".into(),
        model: "m".into(),
        tags: Vec::new(),
        created_at: "2026-01-01T00:00:00.000Z".into(),
        updated_at: "2026-01-01T00:00:00.000Z".into(),
    };
    // The contract's order: oldest first.
    let logs: Vec<Log> = (0..250)
        .map(|i| Log {
            id: format!("log_{i:03}"),
            prompt_id: prompt.id.clone(),
            output: format!("plain answer {i:03}"),
            model_used: "m".into(),
            notes: None,
            score: Some(f64::from(i % 11)),
            created_at: format!("2026-01-01T00:{:02}:{:02}.000Z", i / 60, i % 60),
        })
        .collect();
    let raw = RawServer::routes(vec![
        (
            "GET /prompts/prm_plain/stats",
            Reply::with(404, "text/html", "<pre>Cannot GET</pre>"),
        ),
        (
            "GET /prompts",
            Reply::json(200, &serde_json::to_string(&[&prompt]).unwrap()),
        ),
        (
            "GET /logs?promptId=prm_plain",
            Reply::json(200, &serde_json::to_string(&logs).unwrap()),
        ),
    ])
    .await;
    let client = ApiClient::new(&raw.url, Default::default())
        .unwrap()
        .with_token("tok");
    let mut h = Harness::main(client, unused());
    h.until("every log and the statistics", |a| {
        logs_of(a, "prm_plain", |l| {
            l.logs.len() == 250 && l.paging.is_complete()
        }) && a.logs.exact("prm_plain").is_some()
    })
    .await;
    let text = h.screen_text();
    assert!(text.contains(" Logs 250 \u{b7} mean "), "{text}");
    assert!(text.contains("plain answer 249"), "newest first: {text}");
    h.key(KeyCode::BackTab, KeyModifiers::SHIFT);
    h.key(KeyCode::BackTab, KeyModifiers::SHIFT);
    for _ in 0..260 {
        h.press(KeyCode::Down);
    }
    h.until("the oldest log highlighted", |a| {
        highlighted(a, "prm_plain").as_deref() == Some("log_000")
    })
    .await;
    assert!(h.screen_text().contains("plain answer 000"));
    // Nothing was asked: a request would have left the paging loading.
    assert!(
        h.screen
            .logs
            .loaded("prm_plain")
            .unwrap()
            .paging
            .is_complete()
    );
    let asked: Vec<String> = raw
        .requests
        .lock()
        .unwrap()
        .iter()
        .map(|r| r.start_line().to_owned())
        .filter(|l| l.starts_with("GET /logs"))
        .collect();
    let pages = asked.iter().filter(|l| l.contains("limit=200")).count();
    assert_eq!(pages, 1, "one page asked: {asked:?}");
    assert!(!asked.iter().any(|l| l.contains("before=")), "{asked:?}");
}
