//! The config applied in the TUI, seen in a real pseudo-terminal against a
//! real server: `NO_COLOR` (no colour escape in the raw bytes, while focus
//! and an error stay readable), a rebound submit key that logs, and the
//! last prompt remembered across a restart.

mod common;

use common::pty::Pty;
use promptcrafter::client::ApiClient;
use promptcrafter::model::NewPrompt;

struct Setup {
    server: common::TestServer,
    client: ApiClient,
    token: String,
    zebra: String,
    home: tempfile::TempDir,
}

async fn setup(name: &str) -> Setup {
    let server = common::spawn_server().await;
    let (client, token) = common::user_with_token(&server.url(), name).await;
    let mut zebra = String::new();
    for (title, model) in [
        ("Alpha triage", "claude-sonnet-4"),
        ("Zebra migration summary", "gpt-4o"),
    ] {
        let p = NewPrompt {
            title: title.into(),
            content: format!("Prompt text for {title}."),
            model: model.into(),
            tags: None,
        };
        let created = client.create_prompt(&p).await.unwrap();
        if title.starts_with("Zebra") {
            zebra = created.id;
        }
    }
    Setup {
        server,
        client,
        token,
        zebra,
        home: tempfile::tempdir().unwrap(),
    }
}

fn launch(s: &Setup, extra: &[(&str, &str)]) -> Pty {
    let home = s.home.path().to_str().unwrap();
    let url = s.server.url();
    let mut env = vec![
        ("PROMPTCRAFTER_HOME", home),
        ("PROMPTCRAFTER_TOKEN", s.token.as_str()),
    ];
    env.extend_from_slice(extra);
    Pty::spawn(&["--api-url", &url], &env, 120, 35)
}

fn open_zebra(t: &Pty) {
    t.wait_text("Zebra migration summary");
    t.send(b"/");
    t.type_text("zebr");
    t.wait_for("the filter to narrow the list", |s| {
        s.contains("Prompts 1/2")
    });
    t.send(b"\r");
    t.wait_text("Output \u{b7} 0 lines");
}

/// The SGR colour parameters found in `bytes`: 30-38, 40-48, 90-97, 100-107.
fn colour_escapes(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut found = Vec::new();
    for part in text.split("\u{1b}[").skip(1) {
        let end = part.find(|c: char| !(c.is_ascii_digit() || c == ';' || c == ':'));
        let Some(end) = end else { continue };
        if !part[end..].starts_with('m') {
            continue;
        }
        let params = &part[..end];
        let colour = params
            .split([';', ':'])
            .filter_map(|p| p.parse::<u32>().ok())
            .any(|n| matches!(n, 30..=38 | 40..=48 | 90..=97 | 100..=107));
        if colour {
            found.push(format!("ESC[{params}m"));
        }
    }
    found
}

#[test]
fn the_colour_scanner_finds_colours_and_only_them() {
    let b = b"\x1b[1m\x1b[7mx\x1b[39;49m\x1b[0m\x1b[22m";
    assert!(colour_escapes(b).is_empty());
    assert_eq!(colour_escapes(b"\x1b[1;36mx"), ["ESC[1;36m"]);
    assert_eq!(
        colour_escapes(b"\x1b[38;5;208mx\x1b[101m"),
        ["ESC[38;5;208m", "ESC[101m"]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn no_color_sends_no_colour_yet_focus_and_errors_show() {
    let _serial = common::pty::SERIAL.lock().await;
    let s = setup("nocolor").await;
    let mut t = launch(&s, &[("NO_COLOR", "1")]);
    t.wait_text("\u{25b6} Prompts 2/2");
    open_zebra(&t);
    t.send(b"\x13"); // Ctrl-S with an empty output
    let screen = t.wait_text("must not be blank");
    assert!(
        screen.contains("\u{25b6} Output"),
        "focus is marked in text:\n{screen}"
    );
    assert!(
        screen.contains("\u{2503}"),
        "the focused pane's border is thick:\n{screen}"
    );
    t.send(b"\x1bOP"); // F1
    t.wait_text("Keys (/ searches");
    let raw = t.raw_output();
    assert!(
        raw.len() > 1000,
        "the screen was drawn ({} bytes)",
        raw.len()
    );
    let colours = colour_escapes(&raw);
    assert!(
        colours.is_empty(),
        "colour escapes under NO_COLOR: {colours:?}"
    );
    // Bold and reverse video carry the meaning instead.
    assert!(String::from_utf8_lossy(&raw).contains("\u{1b}[1m"));
    t.send(b"\x1b");
    t.wait_for("help closed", |s| !s.contains("Keys (/ searches"));
    t.send(b"\x03"); // Ctrl-C: nothing typed, so no question
    assert!(t.wait_exit(), "quits");
    // Without NO_COLOR the same screens are coloured: the scanner can fail.
    let t = launch(&s, &[]);
    t.wait_text("\u{25b6} Prompts");
    assert!(!colour_escapes(&t.raw_output()).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rebound_submit_key_logs_and_shows_in_help() {
    let _serial = common::pty::SERIAL.lock().await;
    let s = setup("rebound").await;
    let config = s.home.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "[keys.global]\nsubmit = \"ctrl-t\"\n",
    )
    .unwrap();
    let t = launch(&s, &[]);
    let screen = t.wait_text("Zebra migration summary");
    assert!(
        !screen.contains("Key bindings:"),
        "no conflict reported:\n{screen}"
    );
    open_zebra(&t);
    t.paste("rebound answer");
    t.wait_text("1 line ·");
    let screen = t.screen();
    assert!(
        screen.contains("Ctrl-T submit"),
        "the footer names the new key:\n{screen}"
    );
    t.send(b"\x13"); // Ctrl-S: no longer submits
    t.send(b"\x14"); // Ctrl-T
    t.wait_text("Logged log_");
    let logs = s.client.logs_for_prompt(&s.zebra).await.unwrap();
    assert_eq!(logs.len(), 1, "logged once, by Ctrl-T");
    assert_eq!(logs[0].output, "rebound answer");
    t.send(b"\x1bOP"); // F1
    t.wait_text("Keys (/ searches");
    t.send(b"/");
    t.type_text("submit the form");
    let help = t.wait_text("Ctrl-T");
    assert!(help.contains("submit the form as a log"), "{help}");
    assert!(
        !help.contains("Ctrl-S     "),
        "the old key is gone from help:\n{help}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_conflicting_config_is_reported_in_the_banner() {
    let _serial = common::pty::SERIAL.lock().await;
    let s = setup("conflict").await;
    let config = s.home.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "[keys.logs]\ndelete = \"m\"\n").unwrap();
    let t = launch(&s, &[]);
    let screen = t.wait_text("Key bindings:");
    assert!(
        screen.contains("delete") && screen.contains("mark_diff"),
        "{screen}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invalid_config_file_is_named_in_the_banner_and_the_defaults_work() {
    let _serial = common::pty::SERIAL.lock().await;
    let s = setup("invalid").await;
    let config = s.home.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "theme = 42\n").unwrap();
    let t = launch(&s, &[]);
    // The file, its line and the key, where the user looks at start.
    let screen = t.wait_text("config.toml:1:");
    assert!(screen.contains("theme"), "{screen}");
    // And the TUI runs on the defaults: Ctrl-S still logs.
    t.wait_text("Zebra migration summary");
    open_zebra(&t);
    t.paste("logged on the defaults");
    t.wait_text("1 line \u{b7}");
    t.send(b"\x13"); // Ctrl-S
    t.wait_text("Logged log_");
    let logs = s.client.logs_for_prompt(&s.zebra).await.unwrap();
    assert_eq!(logs.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_last_prompt_and_its_model_come_back_after_a_restart() {
    let _serial = common::pty::SERIAL.lock().await;
    let s = setup("recall").await;
    let mut t = launch(&s, &[]);
    let first = t.wait_text("Alpha triage \u{b7} claude-sonnet-4");
    assert!(first.contains("\u{25b6} Prompts"), "{first}");
    open_zebra(&t);
    t.send(b"\t"); // Model
    t.send(b"\x01\x0b"); // Ctrl-A, Ctrl-K
    t.type_text("zebra-model-2");
    t.wait_text("zebra-model-2");
    t.send(b"\x03"); // Ctrl-C
    assert!(t.wait_exit(), "quits");
    let t = launch(&s, &[]);
    // The last prompt is shown, with its last model in the form.
    t.wait_for("the Zebra prompt and its model", |s| {
        s.contains("Zebra migration summary \u{b7} gpt-4o") && s.contains("zebra-model-2")
    });
}
