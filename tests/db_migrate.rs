//! `promptcrafter db migrate` SQLite -> PostgreSQL -> SQLite with 2 users,
//! 50 prompts and 5,000 logs (multi-line, non-ASCII, escape sequences, a
//! 5 MiB output): identical rows, ids and timestamps at both ends; a second
//! run copies nothing; the old password logs in on the new server; `db
//! check` agrees. Skipped (with one line) without a test PostgreSQL server.

mod common;

use std::process::{Command, Output};

use common::backend::{config_on, fresh_pg_database};
use common::{PASSWORD, user_with_token};
use promptcrafter::client::{ApiClient, ClientOptions};
use promptcrafter::model::{NewLog, NewPrompt};
use promptcrafter::server;
use promptcrafter::store::DbLocation;

/// Every column of a table as text (scores and missing values spelled out),
/// in id order.
type Rows = Vec<Vec<Option<String>>>;

fn db_cmd(home: &std::path::Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_promptcrafter"))
        .arg("db")
        .args(args)
        .env("PROMPTCRAFTER_HOME", home)
        .env_remove("PROMPTCRAFTER_DB")
        .output()
        .expect("run promptcrafter db");
    assert!(
        out.status.success(),
        "db {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// The text of output number `i`: lines, non-ASCII, terminal escapes.
fn output(i: usize) -> String {
    match i % 4 {
        0 => format!("line one {i}\nline two\r\nthird ☃ Straße 日本語"),
        1 => format!("\u{1b}[31mred\u{1b}[0m {i} \u{1b}]0;title\u{7} bell"),
        2 => format!("tab\there {i} \u{202e}bidi\u{202c} emoji 🧪"),
        _ => format!("plain {i}"),
    }
}

/// 2 users with 25 prompts each, 5,000 logs over them, one of 5 MiB.
async fn fill(url: &str) {
    let mut prompts = Vec::new();
    for name in ["ada", "bob"] {
        let (api, _) = user_with_token(url, name).await;
        for p in 0..25 {
            let new = NewPrompt {
                title: format!("Prompt {p} ✓ {name}"),
                content: format!("Summarise\nthe report {p}"),
                model: "GPT-4o".into(),
                tags: Some(vec!["Finance".into(), format!("ünï {p}")]),
            };
            prompts.push((api.clone(), api.create_prompt(&new).await.unwrap().id));
        }
    }
    let mut tasks = Vec::new();
    for worker in 0..10 {
        let prompts = prompts.clone();
        tasks.push(tokio::spawn(async move {
            for i in (worker..5000).step_by(10) {
                let (api, pid) = &prompts[i % prompts.len()];
                let out = if i == 4321 {
                    "x".repeat(5 << 20)
                } else {
                    output(i)
                };
                let log = NewLog {
                    prompt_id: pid.clone(),
                    output: out,
                    model_used: if i % 3 == 0 { "Claude 3" } else { "GPT-4o" }.into(),
                    notes: (i % 2 == 0).then(|| format!("note\n{i} ✎")),
                    score: (i % 5 != 0).then_some((i % 11) as i64),
                };
                create_with_retry(api, &log).await;
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
}

/// Sends `log`, again after a 5xx as the client's outbox would (ten writers
/// on a loaded machine have met SQLite's busy timeout); the cause is printed.
async fn create_with_retry(api: &ApiClient, log: &NewLog) {
    for attempt in 1..=5 {
        match api.create_log(log).await {
            Ok(_) => return,
            Err(e) if e.status().is_some_and(|s| s >= 500) && attempt < 5 => {
                eprintln!("POST /logs answered {e}; sending again (attempt {attempt})");
                tokio::time::sleep(std::time::Duration::from_millis(200 * attempt)).await;
            }
            Err(e) => panic!("POST /logs failed: {e}"),
        }
    }
}

/// Every row of every table, each column as text, in id order.
async fn dump(location: &DbLocation) -> Vec<Rows> {
    let tables = [
        "SELECT id, name, email, password_hash, created_at FROM users ORDER BY id",
        "SELECT id, owner_id, title, content, model, tags, created_at, updated_at FROM prompts ORDER BY id",
        "SELECT id, prompt_id, output, model_used, notes, CAST(score AS TEXT), created_at FROM logs ORDER BY id",
    ];
    let mut all = Vec::new();
    for sql in tables {
        let rows: Rows = match location {
            DbLocation::Sqlite(path) => {
                let url = format!("sqlite:{}", path.display());
                let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
                text_rows(sqlx::query(sql).fetch_all(&pool).await.unwrap())
            }
            DbLocation::Postgres(url) => {
                let pool = sqlx::PgPool::connect(url.expose()).await.unwrap();
                text_rows(sqlx::query(sql).fetch_all(&pool).await.unwrap())
            }
        };
        all.push(rows);
    }
    all
}

fn text_rows<R: sqlx::Row>(rows: Vec<R>) -> Rows
where
    usize: sqlx::ColumnIndex<R>,
    for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    rows.iter()
        .map(|r| {
            (0..r.len())
                .map(|i| r.get::<Option<String>, _>(i))
                .collect()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_to_postgres_and_back_is_lossless_and_idempotent() {
    let Some(pg) = fresh_pg_database().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let source = DbLocation::Sqlite(dir.path().join("team.db"));
    let back = DbLocation::Sqlite(dir.path().join("back.db"));
    let loopback = "127.0.0.1:0".parse().unwrap();
    let running = server::start(config_on(dir.path(), &source), loopback)
        .await
        .unwrap();
    fill(&running.url()).await;
    running.shutdown().await.unwrap();

    let DbLocation::Postgres(url) = &pg else {
        unreachable!("a PostgreSQL database")
    };
    let (src, pg_url, back_url) = (
        source.to_string(),
        url.expose().to_owned(),
        back.to_string(),
    );
    let there = stdout(&db_cmd(
        &home,
        &["migrate", "--from", &src, "--to", &pg_url],
    ));
    assert!(there.contains("5000 rows"), "{there}");
    assert!(there.contains("verified"), "{there}");
    let again = stdout(&db_cmd(
        &home,
        &["migrate", "--from", &src, "--to", &pg_url],
    ));
    assert_eq!(again.matches(" 0 copied").count(), 3, "{again}");
    db_cmd(&home, &["migrate", "--from", &pg_url, "--to", &back_url]);

    let expected = dump(&source).await;
    assert_eq!(
        expected.iter().map(Vec::len).collect::<Vec<_>>(),
        [2, 50, 5000]
    );
    assert!(
        expected[2]
            .iter()
            .any(|r| r[2].as_ref().is_some_and(|o| o.len() == 5 << 20))
    );
    assert!(dump(&pg).await == expected, "PostgreSQL differs");
    assert!(dump(&back).await == expected, "the copy back differs");

    let check = stdout(&db_cmd(&home, &["check", "--db", &pg_url]));
    assert!(check.contains("logs: 5000 rows"), "{check}");
    assert!(check.contains("integrity: ok"), "{check}");

    let email = expected[0][0][2].clone().unwrap();
    for copy in [&pg, &back] {
        assert_eq!(prompts_after_login(dir.path(), copy, &email).await, 25);
    }
}

/// Logs in with the old password on a server over `db`; how many prompts
/// the user then sees.
async fn prompts_after_login(dir: &std::path::Path, db: &DbLocation, email: &str) -> usize {
    let loopback = "127.0.0.1:0".parse().unwrap();
    let running = server::start(config_on(dir, db), loopback).await.unwrap();
    let api = ApiClient::new(&running.url(), ClientOptions::default()).unwrap();
    let token = api.login(email, PASSWORD).await.unwrap();
    let prompts = api.with_token(token).list_prompts().await.unwrap();
    running.shutdown().await.unwrap();
    prompts.len()
}
