//! Export, import, stats and calibrate through the binary, against the real
//! server in-process on 127.0.0.1.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use promptcrafter::client::ApiClient;
use promptcrafter::model::{NewLog, NewPrompt};
use serde_json::Value;

/// Runs the binary as the user holding `token` against `url`.
async fn cli(url: &str, token: &str, home: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut all = vec!["--api-url".to_owned(), url.to_owned()];
    all.extend(args.iter().map(|a| (*a).to_owned()));
    let (token, home, stdin) = (token.to_owned(), home.to_path_buf(), stdin.to_vec());
    tokio::task::spawn_blocking(move || {
        let mut child = Command::new(env!("CARGO_BIN_EXE_promptcrafter"))
            .args(&all)
            .env("PROMPTCRAFTER_HOME", &home)
            .env("PROMPTCRAFTER_TOKEN", &token)
            .env_remove("PROMPTCRAFTER_API_URL")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start promptcrafter");
        child.stdin.take().unwrap().write_all(&stdin).unwrap();
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

async fn prompt(c: &ApiClient, title: &str, tags: Option<Vec<String>>) -> String {
    let new = NewPrompt {
        title: title.into(),
        content: format!("Answer as {title}.\nSecond line."),
        model: "gpt-4o".into(),
        tags,
    };
    c.create_prompt(&new).await.unwrap().id
}

async fn log(
    c: &ApiClient,
    prompt_id: &str,
    model: &str,
    output: &str,
    score: Option<i64>,
    notes: Option<&str>,
) {
    let new = NewLog {
        prompt_id: prompt_id.into(),
        output: output.into(),
        model_used: model.into(),
        notes: notes.map(str::to_owned),
        score,
    };
    c.create_log(&new).await.unwrap();
}

/// An export's records without what the server assigns, sorted.
fn canonical(jsonl: &str) -> Vec<String> {
    let mut out: Vec<String> = jsonl
        .lines()
        .map(|l| {
            let mut v: Value = serde_json::from_str(l).unwrap();
            let o = v.as_object_mut().unwrap();
            for k in ["_id", "promptId", "createdAt", "updatedAt"] {
                o.remove(k);
            }
            v.to_string()
        })
        .collect();
    out.sort();
    out
}

fn export_file(dir: &Path, name: &str) -> PathBuf {
    dir.join(name)
}

#[tokio::test(flavor = "multi_thread")]
async fn export_import_round_trip_and_second_import_adds_nothing() {
    let server = common::spawn_server().await;
    let url = server.url();
    let (alice, alice_token) = common::user_with_token(&url, "alice").await;
    let (_bob, bob_token) = common::user_with_token(&url, "bob").await;
    let work = tempfile::tempdir().unwrap();
    let home = work.path().join("home");

    let p1 = prompt(&alice, "Triage", Some(vec!["support".into(), "x".into()])).await;
    let p2 = prompt(&alice, "Summary", None).await;
    let tricky = "Multi-line, \"quoted\"\n\tindented, 日本語 🎉\r\nend";
    log(&alice, &p1, "gpt-4o", tricky, Some(9), Some("good,\nvery")).await;
    log(&alice, &p1, "gpt-4o", "same", Some(5), None).await;
    log(&alice, &p1, "gpt-4o", "same", Some(5), None).await;
    log(&alice, &p2, "claude", "unscored", None, Some("")).await;
    log(&alice, &p2, "claude", "zero", Some(0), None).await;

    let first = export_file(work.path(), "alice.jsonl");
    let args = ["export", "--with-prompts", "--out", first.to_str().unwrap()];
    ok(&cli(&url, &alice_token, &home, &args, b"").await);
    let alice_text = std::fs::read_to_string(&first).unwrap();
    assert_eq!(alice_text.lines().count(), 7);
    assert!(
        alice_text.contains(r#""promptTitle":"Triage""#),
        "{alice_text}"
    );

    let out = cli(
        &url,
        &bob_token,
        &home,
        &["import", first.to_str().unwrap(), "--json"],
        b"",
    )
    .await;
    let report: Value = serde_json::from_str(&ok(&out)).unwrap();
    assert_eq!(report["promptsCreated"], 2, "{report}");
    assert_eq!(report["logsCreated"], 5, "{report}");
    assert_eq!(report["failed"], 0, "{report}");

    let second = export_file(work.path(), "bob.jsonl");
    let args = [
        "export",
        "--with-prompts",
        "--out",
        second.to_str().unwrap(),
    ];
    ok(&cli(&url, &bob_token, &home, &args, b"").await);
    let bob_text = std::fs::read_to_string(&second).unwrap();
    assert_eq!(canonical(&bob_text), canonical(&alice_text));

    let out = cli(
        &url,
        &bob_token,
        &home,
        &["import", first.to_str().unwrap(), "--json"],
        b"",
    )
    .await;
    let report: Value = serde_json::from_str(&ok(&out)).unwrap();
    assert_eq!(report["promptsCreated"], 0, "{report}");
    assert_eq!(report["promptsSkipped"], 2, "{report}");
    assert_eq!(report["logsCreated"], 0, "{report}");
    assert_eq!(report["logsSkipped"], 5, "{report}");

    // CSV: logs only, the same data; --with-prompts is refused.
    let csv = export_file(work.path(), "bob.csv");
    let args = ["export", "--format", "csv", "--out", csv.to_str().unwrap()];
    ok(&cli(&url, &bob_token, &home, &args, b"").await);
    let out = cli(
        &url,
        &bob_token,
        &home,
        &["import", csv.to_str().unwrap(), "--json"],
        b"",
    )
    .await;
    let report: Value = serde_json::from_str(&ok(&out)).unwrap();
    assert_eq!(report["logsSkipped"], 5, "{report}");
    let out = cli(
        &url,
        &bob_token,
        &home,
        &["export", "--format", "csv", "--with-prompts"],
        b"",
    )
    .await;
    assert_eq!(out.status.code(), Some(2));
    server.server.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn stats_json_numbers_on_known_data() {
    let server = common::spawn_server().await;
    let url = server.url();
    let (c, token) = common::user_with_token(&url, "stats").await;
    let home = tempfile::tempdir().unwrap();
    let p = prompt(&c, "Scored", None).await;
    let _empty = prompt(&c, "No logs", None).await;
    for (model, score) in [
        ("a", Some(9)),
        ("a", Some(6)),
        ("a", None),
        ("b", Some(10)),
        ("b", Some(7)),
        ("b", Some(8)),
    ] {
        log(&c, &p, model, &format!("{model} {score:?}"), score, None).await;
    }
    let out = cli(&url, &token, home.path(), &["stats", "--json"], b"").await;
    let v: Value = serde_json::from_str(&ok(&out)).unwrap();
    let all = v.as_array().unwrap();
    assert_eq!(all.len(), 1, "prompts without logs are left out: {v}");
    let s = &all[0];
    assert_eq!(s["title"], "Scored");
    assert_eq!(s["total"], 6);
    assert_eq!(s["unscored"], 1);
    let b = &s["models"][0];
    assert_eq!(b["model"], "b");
    assert_eq!(
        (b["count"].as_u64(), b["mean"].as_f64()),
        (Some(3), Some(25.0 / 3.0))
    );
    assert_eq!(
        (b["median"].as_f64(), b["min"].as_f64(), b["max"].as_f64()),
        (Some(8.0), Some(7.0), Some(10.0))
    );
    let a = &s["models"][1];
    assert_eq!(
        (a["count"].as_u64(), a["unscored"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(
        (a["mean"].as_f64(), a["median"].as_f64()),
        (Some(7.5), Some(7.5))
    );
    assert_eq!(s["series"].as_array().unwrap().len(), 5);
    assert_eq!(s["best"]["score"], 10);
    assert_eq!(s["worst"]["score"], 6);

    let one = ok(&cli(&url, &token, home.path(), &["stats", "--prompt", &p], b"").await);
    assert!(one.starts_with("Scored ("), "{one}");
    assert!(one.contains("MODEL"), "{one}");
    assert!(one.contains("best: 10 b"), "{one}");
    // Each model's distribution as a text histogram, from the server's stats.
    assert_eq!(
        b["histogram"],
        serde_json::json!([0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1])
    );
    assert!(one.contains("\nb: scores\n"), "{one}");
    let full = "\u{2588}".repeat(40);
    assert!(one.contains(&format!("  10 | {full} 1\n")), "{one}");
    assert!(one.contains("   9 |  0\n"), "{one}");
    assert!(one.contains("\na: scores\n"), "{one}");
    server.server.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn calibrate_with_piped_answers_and_a_seed_is_reproducible() {
    let server = common::spawn_server().await;
    let url = server.url();
    let (c, token) = common::user_with_token(&url, "calib").await;
    let home = tempfile::tempdir().unwrap();
    let p = prompt(&c, "Calibrated", None).await;
    for i in 0..8 {
        log(
            &c,
            &p,
            "m",
            &format!("output number {i}"),
            Some(7),
            Some("secret note"),
        )
        .await;
    }
    log(&c, &p, "m", "never shown: unscored", None, None).await;

    let args = ["calibrate", "--sample", "3", "--seed", "7"];
    let answers = b"8\nnot a score\ns\n5\n";
    let first = ok(&cli(&url, &token, home.path(), &args, answers).await);
    let again = ok(&cli(&url, &token, home.path(), &args, answers).await);
    assert_eq!(first, again, "same seed, same outputs, same report");
    insta::assert_snapshot!("calibration_report", first);
    assert!(first.contains("answered 2, skipped 1"), "{first}");
    assert!(first.contains("mean absolute difference: 1.5"), "{first}");
    assert!(first.contains("within ±1: 50%"), "{first}");
    assert!(
        !first.contains("secret note") && !first.contains("never shown"),
        "{first}"
    );
    assert_eq!(first.matches("output number").count(), 3);
    let saved: Vec<_> = std::fs::read_dir(home.path().join("data/calibration"))
        .unwrap()
        .collect();
    assert_eq!(saved.len(), 2);
    // Nothing was logged.
    assert_eq!(c.logs_for_prompt(&p).await.unwrap().len(), 9);
    server.server.shutdown().await.unwrap();
}
