//! The CLI end to end, as a process: the embedded default and a remote server.

mod common;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn run(home: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_promptcrafter"))
        .args(args)
        .env("PROMPTCRAFTER_HOME", home)
        .env_remove("PROMPTCRAFTER_API_URL")
        .env_remove("PROMPTCRAFTER_TOKEN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start promptcrafter");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
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

fn json(out: &Output) -> Value {
    serde_json::from_str(&ok(out)).unwrap()
}

const OUTPUT: &str = "Première ligne: naïve café, 日本語, emoji 🎉\n\n\tIndented second paragraph with \"quotes\" and \\backslashes\\.\r\nThird line, no trailing newline";

#[test]
fn embedded_default_logs_from_stdin_byte_for_byte() {
    let home = tempfile::tempdir().unwrap();
    let prompts = json(&run(home.path(), &["prompts", "--json"], b""));
    let prompts = prompts.as_array().unwrap();
    assert!(prompts.len() >= 5, "sample prompts loaded on first run");
    let pid = prompts[0]["_id"].as_str().unwrap();

    let out = run(
        home.path(),
        &[
            "log", "--prompt", pid, "--model", "gpt-4o", "--score", "9", "--notes", "ok",
        ],
        OUTPUT.as_bytes(),
    );
    let id = ok(&out).trim().to_owned();
    assert!(id.starts_with("log_"), "{id}");

    let logs = json(&run(home.path(), &["logs", "--json", "--prompt", pid], b""));
    let logs = logs.as_array().unwrap();
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0]["_id"], id.as_str());
    assert_eq!(
        logs[0]["output"].as_str().unwrap().as_bytes(),
        OUTPUT.as_bytes()
    );
    assert_eq!(logs[0]["modelUsed"], "gpt-4o");
    assert_eq!(logs[0]["score"], 9.0);

    // The second start reuses the account and does not load the samples again.
    let again = json(&run(home.path(), &["prompts", "--json"], b""));
    assert_eq!(again.as_array().unwrap().len(), prompts.len());

    let secret = home.path().join("data/jwt-secret");
    assert_eq!(
        std::fs::metadata(secret).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let account = home.path().join("data/local-account.json");
    assert_eq!(
        std::fs::metadata(account).unwrap().permissions().mode() & 0o777,
        0o600
    );

    // Table output is sanitised and newest first.
    let table = ok(&run(home.path(), &["logs"], b""));
    assert!(table.starts_with("ID"), "{table}");
    assert!(table.contains("Première ligne"));

    let out = run(home.path(), &["logs", "delete", &id], b"");
    ok(&out);
    let logs = json(&run(home.path(), &["logs", "--json"], b""));
    assert_eq!(logs.as_array().unwrap().len(), 0);
}

#[test]
fn exit_codes_name_the_failure() {
    let home = tempfile::tempdir().unwrap();
    // Invalid score: checked before sending, exit 3, no server needed.
    let out = run(
        home.path(),
        &["log", "--prompt", "p", "--model", "m", "--score", "11"],
        b"x",
    );
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("score (must be an integer from 0 to 10)"),
        "{err}"
    );
    // Unknown prompt on the embedded default: 404, exit 5.
    let out = run(
        home.path(),
        &["log", "--prompt", "nope", "--model", "m"],
        b"x",
    );
    assert_eq!(
        out.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Nothing listens: network error, exit 7, and the token never appears.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let out = Command::new(env!("CARGO_BIN_EXE_promptcrafter"))
        .args(["--api-url", &url, "prompts"])
        .env("PROMPTCRAFTER_HOME", home.path())
        .env("PROMPTCRAFTER_TOKEN", "secret-token-value")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot reach"), "{err}");
    assert!(!err.contains("secret-token-value"));
    // Usage errors: exit 2.
    let out = run(home.path(), &["log", "--bogus"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[tokio::test(flavor = "multi_thread")]
async fn remote_signup_login_logout() {
    let server = common::spawn_server().await;
    let url = server.url();
    let home = tempfile::tempdir().unwrap();
    let h = home.path().to_path_buf();
    let cli = move |args: Vec<String>, stdin: &'static [u8]| {
        let h = h.clone();
        let url = url.clone();
        async move {
            tokio::task::spawn_blocking(move || {
                let mut all = vec!["--api-url".to_owned(), url];
                all.extend(args);
                let all: Vec<&str> = all.iter().map(String::as_str).collect();
                run(&h, &all, stdin)
            })
            .await
            .unwrap()
        }
    };
    let args = |s: &str| s.split(' ').map(str::to_owned).collect::<Vec<_>>();

    // Not logged in yet: exit 4 with advice.
    let out = cli(args("prompts"), b"").await;
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("promptcrafter login"));

    ok(&cli(
        args("signup --name Ada --email ada@example.com --password-stdin"),
        b"correct horse battery\n",
    )
    .await);
    let out = cli(
        args("signup --name Ada --email ada@example.com --password-stdin"),
        b"correct horse battery\n",
    )
    .await;
    assert_eq!(out.status.code(), Some(8), "email in use is a conflict");
    let out = cli(
        args("login --email ada@example.com --password-stdin"),
        b"wrong password!!\n",
    )
    .await;
    assert_eq!(out.status.code(), Some(4));
    ok(&cli(
        args("login --email ada@example.com --password-stdin"),
        b"correct horse battery\n",
    )
    .await);

    let tokens: Vec<_> = std::fs::read_dir(home.path().join("config/tokens"))
        .unwrap()
        .collect();
    let token_file = tokens
        .iter()
        .map(|e| e.as_ref().unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "token"))
        .unwrap();
    assert_eq!(
        std::fs::metadata(&token_file).unwrap().permissions().mode() & 0o777,
        0o600
    );

    let id = ok(&cli(
        args("prompts add --title Greeting --model gpt-4o --tag demo --tag x"),
        b"Say hello to {{name}}.",
    )
    .await)
    .trim()
    .to_owned();
    let listed = json(&cli(args("prompts --search greet --json"), b"").await);
    assert_eq!(listed[0]["_id"], id.as_str());
    assert_eq!(listed[0]["tags"], serde_json::json!(["demo", "x"]));
    assert_eq!(listed[0]["content"], "Say hello to {{name}}.");

    ok(&cli(args("logout"), b"").await);
    assert!(!token_file.exists());
    let out = cli(args("prompts"), b"").await;
    assert_eq!(out.status.code(), Some(4));
    server.server.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn log_with_the_server_down_goes_to_the_outbox_and_flush_sends_it_once() {
    let server = common::spawn_server().await;
    let (client, token) = common::user_with_token(&server.url(), "clioutbox").await;
    let prompt = promptcrafter::model::NewPrompt {
        title: "CLI outbox".into(),
        content: "c".into(),
        model: "m".into(),
        tags: None,
    };
    let pid = client.create_prompt(&prompt).await.unwrap().id;
    let addr = server.server.addr;
    let url = server.url();
    let common::TestServer {
        server: running,
        dir,
    } = server;
    running.shutdown().await.unwrap();

    let home = tempfile::tempdir().unwrap();
    let h = home.path().to_path_buf();
    let cli = move |args: Vec<String>, stdin: &'static [u8]| {
        let (h, url, token) = (h.clone(), url.clone(), token.clone());
        tokio::task::spawn_blocking(move || {
            let mut child = Command::new(env!("CARGO_BIN_EXE_promptcrafter"))
                .args(["--api-url", &url])
                .args(&args)
                .env("PROMPTCRAFTER_HOME", &h)
                .env("PROMPTCRAFTER_TOKEN", &token)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            child.stdin.take().unwrap().write_all(stdin).unwrap();
            child.wait_with_output().unwrap()
        })
    };
    let args = |s: &str| s.split(' ').map(str::to_owned).collect::<Vec<_>>();

    let out = cli(
        args(&format!("log --prompt {pid} --model m --score 4")),
        b"queued output",
    )
    .await
    .unwrap();
    assert_eq!(
        out.status.code(),
        Some(9),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("kept in the outbox"));
    let listed = json(&cli(args("outbox --json"), b"").await.unwrap());
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["log"]["output"], "queued output");

    let back = common::restart_on(dir.path(), addr).await;
    let out = cli(args("outbox flush"), b"").await.unwrap();
    assert!(ok(&out).contains("delivered"));
    let listed = json(&cli(args("outbox --json"), b"").await.unwrap());
    assert!(listed.as_array().unwrap().is_empty());
    let logs = client.logs_for_prompt(&pid).await.unwrap();
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0].output, "queued output");
    // Dropping an unknown entry is a clear not-found.
    let out = cli(args("outbox drop obx_nope"), b"").await.unwrap();
    assert_eq!(out.status.code(), Some(5));
    back.shutdown().await.unwrap();
}

/// `log` against a server without our duplicate extension (no
/// `Promptcrafter-Duplicate` in the answer): the output is logged, then the
/// prompt's newest page is fetched and an earlier repeat warned of (the new
/// log itself aside); against ours the header is asked for in the one POST.
#[tokio::test(flavor = "multi_thread")]
async fn log_warns_of_a_repeat_on_a_server_without_the_extension() {
    let created = r#"{"_id":"l9","promptId":"p1","output":"Same  answer","modelUsed":"m","createdAt":"2026-01-01T00:00:09.000Z"}"#;
    let newest = r#"[
        {"_id":"l9","promptId":"p1","output":"Same  answer","modelUsed":"m","createdAt":"2026-01-01T00:00:09.000Z"},
        {"_id":"l1","promptId":"p1","output":"same answer","modelUsed":"m","createdAt":"2026-01-01T00:00:01.000Z"}
    ]"#;
    let raw = common::raw::RawServer::routes(vec![
        ("POST /logs", common::raw::Reply::json(201, created)),
        (
            "GET /logs?promptId=p1",
            common::raw::Reply::json(200, newest),
        ),
    ])
    .await;
    let url = raw.url.clone();
    let home = tempfile::tempdir().unwrap();
    let h = home.path().to_path_buf();
    let out = tokio::task::spawn_blocking(move || {
        let mut child = Command::new(env!("CARGO_BIN_EXE_promptcrafter"))
            .args(["--api-url", &url, "log", "--prompt", "p1", "--model", "m"])
            .env("PROMPTCRAFTER_HOME", &h)
            .env("PROMPTCRAFTER_TOKEN", "tok")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"Same  answer")
            .unwrap();
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap();
    assert_eq!(ok(&out).trim(), "l9");
    let warned = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        warned.contains("already logged") && warned.contains("l1"),
        "{warned}"
    );
    assert!(!warned.contains("l9"), "not a repeat of itself: {warned}");
    let requests = raw.requests.lock().unwrap().clone();
    let lines: Vec<&str> = requests.iter().map(|r| r.start_line()).collect();
    assert_eq!(
        lines,
        [
            "POST /logs HTTP/1.1",
            "GET /logs?promptId=p1&limit=200 HTTP/1.1"
        ]
    );
    assert_eq!(
        requests[0].header("promptcrafter-find-duplicate"),
        Some("200")
    );
}
