//! The command line's conventions, as a process: `--version`, completions
//! and man pages for every subcommand, the config commands and an invalid
//! file, `--api-url` only where it means something, and the listing,
//! logging and statistics flags against the embedded default.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn run(home: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_promptcrafter"))
        .args(args)
        .env("PROMPTCRAFTER_HOME", home)
        .env_remove("PROMPTCRAFTER_API_URL")
        .env_remove("PROMPTCRAFTER_TOKEN")
        .env_remove("PROMPTCRAFTER_THEME")
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

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The subcommand names a `--help` text lists under "Commands:".
fn help_commands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| *n != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn version_names_the_git_revision() {
    let home = tempfile::tempdir().unwrap();
    let v = ok(&run(home.path(), &["--version"], b""));
    assert!(
        v.starts_with(&format!("promptcrafter {}", env!("CARGO_PKG_VERSION"))),
        "{v}"
    );
    // Built from this checkout, so the revision is known.
    assert!(v.contains("(git "), "{v}");
}

#[test]
fn completions_and_man_pages_cover_every_subcommand() {
    let home = tempfile::tempdir().unwrap();
    let help = ok(&run(home.path(), &["--help"], b""));
    let commands = help_commands(&help);
    insta::assert_snapshot!("subcommands", commands.join("\n"));
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = ok(&run(home.path(), &["completions", shell], b""));
        for c in &commands {
            assert!(script.contains(c.as_str()), "{shell} completes no {c}");
        }
    }
    // The main page's SUBCOMMANDS section lists what --help lists.
    let page = ok(&run(home.path(), &["man"], b""));
    let section = page.split(".SH SUBCOMMANDS").nth(1).unwrap_or("");
    let section = section.split("\n.SH ").next().unwrap_or("");
    let in_man: Vec<String> = section
        .lines()
        .filter_map(|l| l.strip_prefix("promptcrafter\\-"))
        .map(|l| l.split(['(', '\\', ' ']).next().unwrap_or("").to_owned())
        .filter(|n| n != "help")
        .collect();
    assert_eq!(in_man, commands, "{section}");
    // One page per subcommand, nested ones too.
    let dir = home.path().join("man");
    ok(&run(
        home.path(),
        &["man", "--dir", dir.to_str().unwrap()],
        b"",
    ));
    let pages: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for c in &commands {
        assert!(
            pages.contains(&format!("promptcrafter-{c}.1")),
            "{c}: {pages:?}"
        );
    }
    for nested in ["prompts-add", "logs-delete", "outbox-flush", "config-init"] {
        assert!(
            pages.contains(&format!("promptcrafter-{nested}.1")),
            "{nested}"
        );
    }
    let logs = ok(&run(home.path(), &["man", "logs"], b""));
    assert!(logs.contains(".TH promptcrafter-logs"), "{logs}");
    assert!(logs.contains("\\-\\-since"), "{logs}");
    assert_eq!(
        run(home.path(), &["man", "nope"], b"").status.code(),
        Some(2)
    );
}

#[test]
fn api_url_is_offered_only_where_an_api_is_used() {
    let home = tempfile::tempdir().unwrap();
    let serve = ok(&run(home.path(), &["serve", "--help"], b""));
    assert!(!serve.contains("--api-url"), "{serve}");
    assert!(serve.contains("Example:"), "{serve}");
    let logs = ok(&run(home.path(), &["logs", "--help"], b""));
    assert!(logs.contains("--api-url"), "{logs}");
    let out = run(
        home.path(),
        &["--api-url", "http://127.0.0.1:9", "serve"],
        b"",
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("talks to no API"), "{}", stderr(&out));
}

#[test]
fn config_path_init_show_and_an_invalid_file() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let path = ok(&run(h, &["config", "path"], b""));
    let file = h.join("config/config.toml");
    assert_eq!(path.trim(), file.to_str().unwrap());
    ok(&run(h, &["config", "init"], b""));
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains("# request-timeout = \"30s\""), "{written}");
    let again = run(h, &["config", "init"], b"");
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("not overwritten"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), written);

    std::fs::write(&file, "theme = \"light\"\nrequest-timeout = \"9s\"\n").unwrap();
    let shown = ok(&run(
        h,
        &["config", "show", "--api-url", "http://127.0.0.1:9"],
        b"",
    ));
    let line = |key: &str| {
        shown
            .lines()
            .find(|l| l.starts_with(&format!("{key} = ")))
            .unwrap_or_else(|| panic!("{key}: {shown}"))
            .to_owned()
    };
    assert!(line("theme").ends_with("# from config file"), "{shown}");
    assert!(line("request-timeout").contains("\"9s\""), "{shown}");
    assert!(
        line("api-url").ends_with("# from flag --api-url"),
        "{shown}"
    );
    assert!(line("mouse").ends_with("# default"), "{shown}");
    assert!(shown.contains("token: none stored"), "{shown}");

    std::fs::write(&file, "theme = \"light\"\n\n[colors]\nfocus = \"purple\"\n").unwrap();
    let out = run(h, &["prompts"], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let at = format!("{}:4:9: key `colors.focus`", file.display());
    assert!(err.contains(&at), "{err}");
    assert!(err.contains("a colour"), "{err}");
}

#[test]
fn log_by_title_warns_on_duplicates_and_logs_lists_as_asked() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let prompts: Value = serde_json::from_str(&ok(&run(h, &["prompts", "--json"], b""))).unwrap();
    let title = prompts[0]["title"].as_str().unwrap().to_owned();
    let pid = prompts[0]["_id"].as_str().unwrap().to_owned();
    let log = |model: &str, score: &str, output: &str| {
        run(
            h,
            &[
                "log", "--prompt", &title, "--model", model, "--score", score,
            ],
            output.as_bytes(),
        )
    };
    let first = ok(&log("gpt-4o", "5", "Hello  World"));
    assert!(stderr(&log("o3", "8", "another answer")).is_empty());
    // The same output (case and spacing aside) for the same prompt and model.
    let dup = log("gpt-4o", "7", "hello world\n");
    let second = ok(&dup);
    assert!(stderr(&dup).contains("already logged"), "{}", stderr(&dup));
    assert!(stderr(&dup).contains(first.trim()), "{}", stderr(&dup));
    let args = [
        "log",
        "--prompt",
        &pid,
        "--model",
        "gpt-4o",
        "--no-duplicate",
    ];
    let refused = run(h, &args, b"HELLO WORLD");
    assert_eq!(refused.status.code(), Some(8), "{}", stderr(&refused));
    let unknown = run(
        h,
        &["log", "--prompt", "No such title", "--model", "m"],
        b"x",
    );
    assert_eq!(unknown.status.code(), Some(5), "{}", stderr(&unknown));

    let listed: Value =
        serde_json::from_str(&ok(&run(h, &["logs", "--json", "--prompt", &pid], b""))).unwrap();
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 3);
    assert_eq!(ids[0], second.trim(), "newest first, as the table");
    let table = ok(&run(h, &["logs", "--prompt", &pid], b""));
    let table_ids: Vec<&str> = table
        .lines()
        .skip(1)
        .filter_map(|l| l.split(' ').next())
        .collect();
    assert_eq!(table_ids, ids);
    let some = [
        "logs", "--json", "--model", "GPT-4O", "--sort", "oldest", "--limit", "1", "--since", "1h",
    ];
    let some: Value = serde_json::from_str(&ok(&run(h, &some, b""))).unwrap();
    assert_eq!(some.as_array().unwrap().len(), 1);
    assert_eq!(some[0]["_id"], first.trim());
    assert_eq!(some[0]["model"], "gpt-4o");
    let none: Value = serde_json::from_str(&ok(&run(
        h,
        &["logs", "--json", "--since", "2999-01-01"],
        b"",
    )))
    .unwrap();
    assert!(none.as_array().unwrap().is_empty());

    // Means with one decimal: gpt-4o scored 5 and 7.
    let stats = ok(&run(h, &["stats", "--prompt", &pid], b""));
    let row = stats.lines().find(|l| l.starts_with("gpt-4o")).unwrap();
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cells[..5], ["gpt-4o", "2", "0", "6.0", "6.0"], "{stats}");
}
