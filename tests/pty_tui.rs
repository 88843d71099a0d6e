//! The built binary in a pseudo-terminal against a real server started by
//! the test: the whole review-and-log loop as a user drives it, and what
//! happens when the server goes away or the process is killed.

mod common;

use common::pty::Pty;
use promptcrafter::client::ApiClient;
use promptcrafter::model::NewPrompt;

const ANSWER: &str = "The report finds that revenue increased 12% last quarter, driven by online sales.\n\nRecommendations: expand digital marketing; improve supply chain efficiency. Naïve café — 日本語 🎉.\n\nNo significant risks were found, but leadership should monitor supplier stability.";

struct Setup {
    server: common::TestServer,
    client: ApiClient,
    token: String,
    prompt_id: String,
    home: tempfile::TempDir,
}

async fn setup(name: &str) -> Setup {
    let server = common::spawn_server().await;
    let (client, token) = common::user_with_token(&server.url(), name).await;
    let mut prompt_id = String::new();
    for (title, model) in [
        ("Support ticket triage", "claude-sonnet-4"),
        ("Zebra migration summary", "gpt-4o"),
        ("Invoice fields", "gemini-2.5-flash"),
    ] {
        let p = NewPrompt {
            title: title.into(),
            content: format!("Prompt text for {title}."),
            model: model.into(),
            tags: Some(vec!["e2e".into()]),
        };
        let created = client.create_prompt(&p).await.unwrap();
        if title.starts_with("Zebra") {
            prompt_id = created.id;
        }
    }
    Setup {
        server,
        client,
        token,
        prompt_id,
        home: tempfile::tempdir().unwrap(),
    }
}

fn launch(s: &Setup, url: &str) -> Pty {
    let home = s.home.path().to_str().unwrap();
    Pty::spawn(
        &["--api-url", url],
        &[
            ("PROMPTCRAFTER_HOME", home),
            ("PROMPTCRAFTER_TOKEN", &s.token),
        ],
        120,
        36,
    )
}

/// Filters to the Zebra prompt by part of its title and opens its form.
fn open_zebra(t: &Pty) {
    t.wait_text("Zebra migration summary");
    t.send(b"/");
    t.type_text("zebr");
    t.wait_for("the filter to narrow the list", |s| {
        s.contains("Prompts 1/3")
    });
    t.send(b"\r");
    t.wait_text("Output \u{b7} 0 lines");
}

/// Pastes the answer, sets the model and score 9.
fn fill(t: &Pty) {
    t.paste(&ANSWER.replace('\n', "\r\n"));
    t.wait_text("5 lines");
    t.send(b"\t"); // Model
    t.send(b"\x01\x0b"); // Ctrl-A, Ctrl-K: clear the line
    t.type_text("claude-e2e");
    t.send(b"\t"); // Score
    t.send(b"9");
    t.wait_text("9 / 10");
}

#[tokio::test(flavor = "multi_thread")]
async fn filter_paste_score_submit_logs_exactly_once() {
    let _serial = common::pty::SERIAL.lock().await;
    let s = setup("e2e").await;
    let t = launch(&s, &s.server.url());
    open_zebra(&t);
    fill(&t);
    t.send(b"\x13"); // Ctrl-S
    t.wait_text("Logged log_");
    let screen = t.wait_text("Output \u{b7} 0 lines");
    assert!(
        screen.contains("claude-e2e"),
        "the model is kept:\n{screen}"
    );
    let logs = s.client.logs_for_prompt(&s.prompt_id).await.unwrap();
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0].output.as_bytes(), ANSWER.as_bytes());
    assert_eq!(logs[0].model_used, "claude-e2e");
    assert_eq!(logs[0].score, Some(9.0));
    t.send(b"\x1b"); // leave the field
    // Wait for it: ESC and q sent together read as Alt-q.
    // The list's own hints (the form's no longer show Ctrl-G, which this waited to go).
    t.wait_for("focus back on the list", |s| s.contains("a add"));
    t.send(b"q");
    let mut t = t;
    assert!(t.wait_exit(), "quits cleanly");
    t.wait_restored();
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_restores_the_terminal_and_saves_the_draft() {
    let _serial = common::pty::SERIAL.lock().await;
    let s = setup("sigterm").await;
    let mut t = launch(&s, &s.server.url());
    open_zebra(&t);
    t.type_text("typed just before SIGTERM");
    t.wait_text("before SIGTERM");
    assert_eq!(t.terminal_modes(), (true, true));
    t.signal("TERM");
    t.wait_exit();
    t.wait_restored();
    let drafts = s.home.path().join("data/drafts");
    let committed = |e: &std::fs::DirEntry| e.path().extension().is_some_and(|x| x == "json");
    let saved = std::fs::read_dir(drafts)
        .unwrap()
        .flatten()
        .filter(committed)
        .any(|e| {
            std::fs::read_to_string(e.path())
                .unwrap()
                .contains("before SIGTERM")
        });
    assert!(saved, "the draft was written on the way out");
}

#[tokio::test(flavor = "multi_thread")]
async fn server_down_at_submit_shows_a_banner_and_keeps_the_form() {
    let _serial = common::pty::SERIAL.lock().await;
    let s = setup("down").await;
    let t = launch(&s, &s.server.url());
    open_zebra(&t);
    fill(&t);
    let common::TestServer { server, dir } = s.server;
    server.shutdown().await.unwrap();
    t.send(b"\x13");
    let screen = t.wait_for("the banner and the outbox count", |s| {
        s.contains("Not sent") && s.contains("outbox 1 pending")
    });
    assert!(screen.contains("cannot reach the server"), "{screen}");
    assert!(
        screen.contains("The report finds that revenue"),
        "form kept:\n{screen}"
    );
    assert!(screen.contains("9 / 10"));
    assert!(screen.contains("outbox 1 pending"));
    drop(dir);
}

#[tokio::test(flavor = "multi_thread")]
async fn outbox_delivers_once_the_server_is_back() {
    let _serial = common::pty::SERIAL.lock().await;
    let s = setup("back").await;
    let addr = s.server.server.addr;
    let t = launch(&s, &s.server.url());
    open_zebra(&t);
    fill(&t);
    let common::TestServer { server, dir } = s.server;
    server.shutdown().await.unwrap();
    t.send(b"\x13");
    t.wait_text("outbox 1 pending");
    let back = common::restart_on(dir.path(), addr).await;
    // No key pressed: the background retry delivers it.
    t.wait_text("Delivered from the outbox");
    t.wait_for("the outbox to empty", |s| !s.contains("outbox 1 pending"));
    let logs = s.client.logs_for_prompt(&s.prompt_id).await.unwrap();
    assert_eq!(logs.len(), 1, "exactly one log");
    assert_eq!(logs[0].output, ANSWER);
    back.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_9_while_typing_keeps_every_character() {
    let _serial = common::pty::SERIAL.lock().await;
    let s = setup("kill").await;
    let url = s.server.url();
    let mut t = launch(&s, &url);
    open_zebra(&t);
    let half = "Half-typed answer: ünïcödé, 日本語, emoji 🎉, \"quotes\" and tabs";
    t.type_text(half);
    t.wait_text("emoji");
    let drafts = s.home.path().join("data/drafts");
    let start = std::time::Instant::now();
    loop {
        let saved = std::fs::read_dir(&drafts)
            .into_iter()
            .flatten()
            .flatten()
            // Only the renamed .json counts: a temp file caught mid-write is
            // not a saved draft.
            .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
            .any(|e| std::fs::read_to_string(e.path()).is_ok_and(|c| c.contains("tabs")));
        if saved {
            break;
        }
        assert!(start.elapsed() < common::pty::PATIENCE, "no draft on disk");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    t.kill9();
    let t = launch(&s, &url);
    let screen = t.wait_text("\u{270e} Zebra migration summary");
    assert!(screen.contains("Zebra"));
    t.send(b"/");
    t.type_text("zebr");
    t.send(b"\r");
    let screen = t.wait_text(half);
    assert!(screen.contains(half), "{screen}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unwritable_data_dir_is_said_on_screen_and_the_text_stays() {
    let _serial = common::pty::SERIAL.lock().await;
    let s = setup("readonly").await;
    std::fs::create_dir_all(s.home.path().join("data")).unwrap();
    // A file where the drafts folder should be: no draft can be written.
    std::fs::write(s.home.path().join("data/drafts"), b"").unwrap();
    let t = launch(&s, &s.server.url());
    open_zebra(&t);
    t.type_text("text that cannot be saved");
    let screen = t.wait_for("the error and the status bar", |s| {
        s.contains("Could not save the draft") && s.contains("draft NOT saved")
    });
    assert!(screen.contains("text that cannot be saved"), "{screen}");
    assert!(screen.contains("draft NOT saved"), "{screen}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_window_on_the_same_data_dir_says_so() {
    let _serial = common::pty::SERIAL.lock().await;
    let s = setup("twice").await;
    let first = launch(&s, &s.server.url());
    first.wait_text("Zebra migration summary");
    let second = launch(&s, &s.server.url());
    let screen = second.wait_text("Another promptcrafter is using this data folder");
    assert!(screen.contains("drafts off"), "{screen}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_editor_key_round_trips_the_output_through_visual() {
    let _serial = common::pty::SERIAL.lock().await;
    let s = setup("editor").await;
    let script = s.home.path().join("fake-editor.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\nprintf ' and more from the editor' >> \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let home = s.home.path().to_str().unwrap();
    let t = Pty::spawn(
        &["--api-url", &s.server.url()],
        &[
            ("PROMPTCRAFTER_HOME", home),
            ("PROMPTCRAFTER_TOKEN", &s.token),
            ("VISUAL", script.to_str().unwrap()),
        ],
        120,
        36,
    );
    open_zebra(&t);
    t.type_text("typed first");
    t.wait_text("typed first");
    t.send(b"\x07"); // Ctrl-G
    // The whole frame, not its first half. The file ended in a newline, so
    // the script's `>>` starts a line of its own (issue 10).
    let screen = t.wait_for("the edited text and the banner", |s| {
        s.contains(" and more from the editor") && s.contains("Output updated from the editor")
    });
    assert!(!screen.contains("typed first and more"), "{screen}");
    assert!(screen.contains("2 lines"), "{screen}");
}

#[tokio::test(flavor = "multi_thread")]
async fn sighup_restores_the_terminal_too() {
    let s = setup("sighup").await;
    let mut t = launch(&s, &s.server.url());
    open_zebra(&t);
    t.type_text("typed before the hangup");
    t.wait_text("before the hangup");
    t.signal("HUP");
    t.wait_exit();
    t.wait_restored();
}
