//! The built binary in a pseudo-terminal against a real server: copying a
//! log's output to the clipboard writes OSC 52 with the base64 of the text
//! to the terminal, and no escape sequence the output holds reaches it.

mod common;

use base64::Engine;
use common::pty::Pty;
use promptcrafter::model::{NewLog, NewPrompt};

/// An output that tries to set the window title, recolour and clear the
/// screen, and to write its own clipboard.
const EVIL: &str = "# Result\n\nfine \u{1b}]0;pwned-title\u{7} then \u{1b}[38;5;99mviolet\u{1b}[0m and \u{1b}]52;c;ZXZpbA==\u{7} done";

#[tokio::test(flavor = "multi_thread")]
async fn c_copies_the_output_as_osc52_and_nothing_else_escapes() {
    let _serial = common::pty::SERIAL.lock().await;
    let server = common::spawn_server().await;
    let (client, token) = common::user_with_token(&server.url(), "osc52").await;
    let prompt = client
        .create_prompt(&NewPrompt {
            title: "Copy me".into(),
            content: "Say something.".into(),
            model: "gpt-4o".into(),
            tags: None,
        })
        .await
        .unwrap();
    client
        .create_log(&NewLog {
            prompt_id: prompt.id.clone(),
            output: EVIL.into(),
            model_used: "gpt-4o".into(),
            notes: Some("notes here".into()),
            score: Some(7),
        })
        .await
        .unwrap();
    let home = tempfile::tempdir().unwrap();
    let t = Pty::spawn(
        &["--api-url", &server.url()],
        &[
            ("PROMPTCRAFTER_HOME", home.path().to_str().unwrap()),
            ("PROMPTCRAFTER_TOKEN", &token),
        ],
        120,
        36,
    );
    t.wait_text("Copy me");
    t.wait_text("Result");
    // Two Shift-Tabs from the prompt list reach the logs pane (the Tab
    // order ends Notes, Logs, Prompt).
    t.send(b"\x1b[Z\x1b[Z");
    t.send(b"c");
    let n = EVIL.chars().count();
    t.wait_text(&format!("Copied {n} chars to the clipboard (OSC 52)"));
    let b64 = base64::engine::general_purpose::STANDARD.encode(EVIL.as_bytes());
    let want = format!("\u{1b}]52;c;{b64}\u{7}");
    let raw = t.raw_output();
    let has = |needle: &[u8]| raw.windows(needle.len()).any(|w| w == needle);
    assert!(has(want.as_bytes()), "the OSC 52 sequence is on the pty");
    assert!(
        !has(b"\x1b]0;pwned"),
        "the output's title escape stayed inert"
    );
    assert!(
        !has(b"\x1b[38;5;99m"),
        "the output's colour escape stayed inert"
    );
    assert!(
        !has(b"\x1b]52;c;ZXZpbA=="),
        "the output's own OSC 52 stayed inert"
    );
    let osc52s = raw.windows(7).filter(|w| w == b"\x1b]52;c;").count();
    assert_eq!(osc52s, 1, "exactly one clipboard write");
    t.send(b"q");
    let mut t = t;
    assert!(t.wait_exit(), "quits cleanly");
}
