//! `promptcrafter review` in a pseudo-terminal against a real server: a
//! queue scored with keys only, killed with SIGKILL halfway, resumed, and
//! finished with every log on the server exactly once.

mod common;

use std::time::{Duration, Instant};

use common::pty::{PATIENCE, Pty};
use promptcrafter::model::NewPrompt;

const OUTPUTS: [&str; 5] = [
    "First answer: revenue rose 12%.",
    "Second answer: margins held.",
    "Third answer: nothing to report.",
    "Fourth answer: supplier risk is high.",
    "Fifth answer: see the appendix.",
];

fn launch(home: &str, token: &str, url: &str, file: &str, prompt: &str) -> Pty {
    Pty::spawn(
        &["--api-url", url, "review", file, "--prompt", prompt],
        &[("PROMPTCRAFTER_HOME", home), ("PROMPTCRAFTER_TOKEN", token)],
        100,
        30,
    )
}

/// How many items the saved progress holds as delivered logs.
fn delivered_in_progress(home: &std::path::Path) -> usize {
    std::fs::read_dir(home.join("data/reviews"))
        .into_iter()
        .flatten()
        .flatten()
        // Not a write's temp file, which a kill can leave unrenamed.
        .filter(|e| e.path().extension().is_none_or(|x| x != "tmp"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .map(|t| t.matches("\"logId\": \"log_").count())
        .max()
        .unwrap_or(0)
}

/// Waits until the prompts and logs are loaded (scores wait for both).
fn ready(t: &Pty) {
    t.wait_for("prompts and logs loaded", |s| {
        s.contains("Prompt \u{b7} Quarterly report summary") && !s.contains("loading\u{2026}")
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn review_five_items_with_a_kill_9_in_the_middle_logs_each_once() {
    let _serial = common::pty::SERIAL.lock().await;
    let server = common::spawn_server().await;
    let (client, token) = common::user_with_token(&server.url(), "review").await;
    let prompt = client
        .create_prompt(&NewPrompt {
            title: "Quarterly report summary".into(),
            content: "Summarize the quarterly report.".into(),
            model: "gpt-4o".into(),
            tags: None,
        })
        .await
        .unwrap();
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("items.jsonl");
    let lines: Vec<String> = OUTPUTS
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let model = if i % 2 == 0 { "claude-e2e" } else { "gpt-e2e" };
            serde_json::json!({"output": o, "model": model}).to_string()
        })
        .collect();
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let (h, f, url) = (
        home.path().to_str().unwrap(),
        file.to_str().unwrap(),
        server.url(),
    );

    let mut t = launch(h, &token, &url, f, &prompt.id);
    t.wait_text("Item 1 of 5");
    t.wait_text(OUTPUTS[0]);
    ready(&t);
    t.send(b"7");
    t.wait_text("Item 2 of 5");
    t.send(b"3");
    t.wait_text("Item 3 of 5");
    t.send(b"9");
    t.wait_text("Item 4 of 5");
    // Item 3 acknowledged: its log id is in the progress file.
    let start = Instant::now();
    while delivered_in_progress(home.path()) < 3 {
        assert!(start.elapsed() < PATIENCE, "item 3 never acknowledged");
        std::thread::sleep(Duration::from_millis(20));
    }
    t.kill9();

    let mut t = launch(h, &token, &url, f, &prompt.id);
    ready(&t);
    // The whole frame, not its first half.
    t.wait_for("the resumed item 4", |s| {
        s.contains("Resumed: 3 already logged")
            && s.contains("Item 4 of 5")
            && s.contains(OUTPUTS[3])
    });
    t.send(b"t");
    t.wait_text("Item 5 of 5");
    t.send(b"0");
    t.wait_text("All 5 items reviewed.");
    t.wait_text("Review: 5 logged, 0 skipped, 0 left");
    let start = Instant::now();
    let logs = loop {
        let logs = client.logs_for_prompt(&prompt.id).await.unwrap();
        if logs.len() >= 5 {
            break logs;
        }
        assert!(start.elapsed() < PATIENCE, "only {} logs", logs.len());
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    t.send(b"q");
    assert!(t.wait_exit(), "quits cleanly");
    assert_eq!(logs.len(), 5, "exactly five logs");
    for (output, score, model) in [
        (OUTPUTS[0], 7.0, "claude-e2e"),
        (OUTPUTS[1], 3.0, "gpt-e2e"),
        (OUTPUTS[2], 9.0, "claude-e2e"),
        (OUTPUTS[3], 10.0, "gpt-e2e"),
        (OUTPUTS[4], 0.0, "claude-e2e"),
    ] {
        let matching: Vec<_> = logs.iter().filter(|l| l.output == output).collect();
        assert_eq!(matching.len(), 1, "{output} logged once");
        assert_eq!(matching[0].score, Some(score), "{output}");
        assert_eq!(matching[0].model_used, model);
    }
    drop(server);
}

#[tokio::test(flavor = "multi_thread")]
async fn review_items_naming_prompts_by_prompt_prompt_id_and_title_resume_at_the_next_item() {
    let _serial = common::pty::SERIAL.lock().await;
    let server = common::spawn_server().await;
    let (client, token) = common::user_with_token(&server.url(), "review-named").await;
    let new = |title: &str| NewPrompt {
        title: title.into(),
        content: "Do the task.".into(),
        model: "gpt-4o".into(),
        tags: None,
    };
    let a = client
        .create_prompt(&new("Quarterly report summary"))
        .await
        .unwrap();
    let b = client.create_prompt(&new("Ticket triage")).await.unwrap();
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("named.jsonl");
    let lines = [
        serde_json::json!({"output": "Named by prompt.", "prompt": a.id}),
        serde_json::json!({"output": "Named by prompt_id.", "prompt_id": b.id, "run": 1}),
        serde_json::json!({"output": "Named by title.", "prompt": "Ticket triage"}),
        serde_json::json!({"output": "Named by title again.", "prompt": "ticket triage"}),
    ];
    let text: Vec<String> = lines.iter().map(ToString::to_string).collect();
    std::fs::write(&file, text.join("\n") + "\n").unwrap();
    let (h, f, url) = (
        home.path().to_str().unwrap(),
        file.to_str().unwrap(),
        server.url(),
    );
    let launch = || {
        Pty::spawn(
            &["--api-url", &url, "review", f],
            &[("PROMPTCRAFTER_HOME", h), ("PROMPTCRAFTER_TOKEN", &token)],
            100,
            30,
        )
    };
    let mut t = launch();
    t.wait_text("Item 1 of 4");
    ready(&t);
    t.send(b"7");
    t.wait_for("item 2 under its prompt_id", |s| {
        s.contains("Item 2 of 4") && s.contains("Prompt \u{b7} Ticket triage")
    });
    t.send(b"5");
    t.wait_text("Item 3 of 4");
    t.send(b"q");
    assert!(t.wait_exit(), "quits cleanly");

    let mut t = launch();
    t.wait_for("the resume at item 3, by title", |s| {
        s.contains("Item 3 of 4")
            && s.contains("Named by title.")
            && s.contains("Prompt \u{b7} Ticket triage")
            && !s.contains("loading\u{2026}")
    });
    t.send(b"8");
    t.wait_text("Item 4 of 4");
    t.send(b"6");
    t.wait_text("Review: 4 logged, 0 skipped, 0 left");
    t.send(b"q");
    assert!(t.wait_exit(), "quits cleanly");
    let start = Instant::now();
    loop {
        let (la, lb) = (
            client.logs_for_prompt(&a.id).await.unwrap(),
            client.logs_for_prompt(&b.id).await.unwrap(),
        );
        if la.len() + lb.len() >= 4 {
            assert_eq!(la.len(), 1, "{la:?}");
            assert_eq!(la[0].output, "Named by prompt.");
            let mut outs: Vec<&str> = lb.iter().map(|l| l.output.as_str()).collect();
            outs.sort_unstable();
            assert_eq!(
                outs,
                [
                    "Named by prompt_id.",
                    "Named by title again.",
                    "Named by title."
                ]
            );
            break;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "only {} logs",
            la.len() + lb.len()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    drop(server);
}
