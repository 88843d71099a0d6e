//! Editing from the TUI, in a real pseudo-terminal against a real server:
//! `e` on a prompt changes its title in the list and on the server; `e` on
//! a log corrects its score in place (same `_id`); Esc in a dialog holding
//! typed text asks before anything is thrown away.

mod common;

use common::pty::Pty;
use promptcrafter::client::ApiClient;
use promptcrafter::model::{NewLog, NewPrompt};

struct Setup {
    server: common::TestServer,
    client: ApiClient,
    token: String,
    prompt: String,
    home: tempfile::TempDir,
}

async fn setup(name: &str) -> Setup {
    let server = common::spawn_server().await;
    let (client, token) = common::user_with_token(&server.url(), name).await;
    let p = NewPrompt {
        title: "Zebra migration summary".into(),
        content: "Summarise the migration.".into(),
        model: "gpt-4o".into(),
        tags: None,
    };
    let prompt = client.create_prompt(&p).await.unwrap().id;
    Setup {
        server,
        client,
        token,
        prompt,
        home: tempfile::tempdir().unwrap(),
    }
}

fn launch(s: &Setup) -> Pty {
    let home = s.home.path().to_str().unwrap();
    let url = s.server.url();
    let env = [
        ("PROMPTCRAFTER_HOME", home),
        ("PROMPTCRAFTER_TOKEN", s.token.as_str()),
    ];
    Pty::spawn(&["--api-url", &url], &env, 120, 35)
}

#[tokio::test(flavor = "multi_thread")]
async fn e_on_a_prompt_changes_its_title_in_the_list_and_on_the_server() {
    let _serial = common::pty::SERIAL.lock().await;
    let s = setup("pty-edit-prompt").await;
    let t = launch(&s);
    t.wait_text("Zebra migration summary");
    t.send(b"e");
    t.wait_text("Edit prompt");
    t.send(b"\x15"); // Ctrl-U clears the title field
    t.type_text("Renamed prompt");
    t.send(b"\x13"); // Ctrl-S saves
    t.wait_for("the new title in the list", |screen| {
        screen.contains("Renamed prompt") && !screen.contains("Zebra migration")
    });
    let on_server = s.client.list_prompts().await.unwrap();
    assert_eq!(on_server.len(), 1);
    assert_eq!(on_server[0].title, "Renamed prompt");
    assert_eq!(on_server[0].id, s.prompt);
}

#[tokio::test(flavor = "multi_thread")]
async fn e_on_a_log_corrects_its_score_keeping_its_id() {
    let _serial = common::pty::SERIAL.lock().await;
    let s = setup("pty-edit-log").await;
    let logged = s
        .client
        .create_log(&NewLog {
            prompt_id: s.prompt.clone(),
            output: "The migration moved 12 tables.".into(),
            model_used: "gpt-4o".into(),
            score: Some(9),
            notes: None,
        })
        .await
        .unwrap();
    let t = launch(&s);
    t.wait_text("The migration moved");
    // Two Shift-Tabs from the prompt list reach the logs pane.
    t.send(b"\x1b[Z\x1b[Z");
    t.send(b"e");
    t.wait_text("Correct log");
    t.send(b"\x15"); // Ctrl-U clears the score
    t.type_text("4");
    t.send(b"\x13"); // Ctrl-S
    t.wait_for("the dialog closed", |screen| {
        !screen.contains("Correct log")
    });
    let logs = s.client.logs_for_prompt(&s.prompt).await.unwrap();
    assert_eq!(logs.len(), 1, "corrected in place, not copied");
    assert_eq!(logs[0].id, logged.id);
    assert_eq!(logs[0].score, Some(4.0));
    assert_eq!(logs[0].created_at, logged.created_at);
}

#[tokio::test(flavor = "multi_thread")]
async fn esc_in_a_filled_dialog_asks_before_discarding() {
    let _serial = common::pty::SERIAL.lock().await;
    let s = setup("pty-esc-asks").await;
    let t = launch(&s);
    t.wait_text("Zebra migration summary");
    t.send(b"a");
    t.wait_text("Add a prompt");
    t.type_text("Half-typed title");
    t.send(b"\x1b");
    t.wait_text("Discard what you typed?");
    t.send(b"n");
    t.wait_for("back in the dialog, text kept", |screen| {
        !screen.contains("Discard what you typed?") && screen.contains("Half-typed title")
    });
    t.send(b"\x1b");
    t.wait_text("Discard what you typed?");
    t.send(b"y");
    t.wait_for("the dialog gone", |screen| {
        !screen.contains("Half-typed title")
    });
    assert_eq!(
        s.client.list_prompts().await.unwrap().len(),
        1,
        "nothing added"
    );
}
