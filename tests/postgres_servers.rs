//! Several `promptcrafter serve` processes on one PostgreSQL database: they
//! migrate it once when started together, serve the same users, accept each
//! other's tokens, lose no acknowledged log under concurrent writes, and
//! keep every acknowledged log through a SIGKILL. Skipped (with one line)
//! without a test PostgreSQL server; `.ci/run` provides one.

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::backend::fresh_pg_database;
use common::serve_process::{ServeProcess, spawn};
use common::{PASSWORD, email_of};
use promptcrafter::client::{ApiClient, ClientOptions};
use promptcrafter::model::{NewLog, NewPrompt, SignupRequest};
use promptcrafter::store::DbLocation;

/// The secret every server in a test shares.
const SECRET: &str = "a-shared-secret-of-at-least-32-bytes-for-tests";

fn client(url: &str) -> ApiClient {
    ApiClient::new(url, ClientOptions::default()).unwrap()
}

/// Signs up on `url` and returns the email.
async fn signup(url: &str, name: &str) -> String {
    let email = email_of(name);
    let req = SignupRequest {
        name: name.to_owned(),
        email: email.clone(),
        password: PASSWORD.to_owned(),
    };
    client(url).signup(&req).await.unwrap();
    email
}

fn new_log(prompt_id: &str, output: String) -> NewLog {
    NewLog {
        prompt_id: prompt_id.to_owned(),
        output,
        model_used: "GPT-4o".to_owned(),
        notes: None,
        score: Some(7),
    }
}

fn new_prompt() -> NewPrompt {
    NewPrompt {
        title: "Shared".to_owned(),
        content: "c".to_owned(),
        model: "m".to_owned(),
        tags: None,
    }
}

/// A fresh database's URL, or `None` (the test skips) without PostgreSQL.
async fn pg_url() -> Option<String> {
    match fresh_pg_database().await? {
        DbLocation::Postgres(url) => Some(url.expose().to_owned()),
        DbLocation::Sqlite(_) => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_database_serve_the_same_users() {
    let Some(db) = pg_url().await else { return };
    let (home_a, home_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    // Started together on an empty database: both migrate, once.
    let (a, b) = (
        spawn(home_a.path(), &db, SECRET),
        spawn(home_b.path(), &db, SECRET),
    );
    let (a, b) = (a.ready(), b.ready());
    let email = signup(&a.url, "shared").await;
    let token_a = client(&a.url).login(&email, PASSWORD).await.unwrap();
    let token_b = client(&b.url).login(&email, PASSWORD).await.unwrap();
    let on_a = client(&a.url).with_token(token_b);
    let on_b = client(&b.url).with_token(token_a);
    let prompt = on_b.create_prompt(&new_prompt()).await.unwrap();
    let log = on_a
        .create_log(&new_log(&prompt.id, "through A".into()))
        .await
        .unwrap();
    assert_eq!(on_b.list_prompts().await.unwrap(), vec![prompt.clone()]);
    assert_eq!(
        on_b.logs_for_prompt(&prompt.id).await.unwrap(),
        vec![log.clone()]
    );

    let servers = [on_a.clone(), on_b.clone()];
    let mut tasks = Vec::new();
    for worker in 0..50 {
        let api = servers[worker % 2].clone();
        let pid = prompt.id.clone();
        tasks.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for i in 0..40 {
                let out = format!("worker {worker} log {i}");
                ids.push(api.create_log(&new_log(&pid, out)).await.unwrap().id);
            }
            ids
        }));
    }
    let mut acked = vec![log.id.clone()];
    for t in tasks {
        acked.extend(t.await.unwrap());
    }
    assert_eq!(acked.len(), 1 + 2 * 25 * 40);
    for api in &servers {
        let listed = api.logs_for_prompt(&prompt.id).await.unwrap();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for l in &listed {
            *seen.entry(l.id.as_str()).or_default() += 1;
        }
        assert_eq!(listed.len(), acked.len());
        assert!(acked.iter().all(|id| seen.get(id.as_str()) == Some(&1)));
    }
    let migrations: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(&sqlx::PgPool::connect(&db).await.unwrap())
        .await
        .unwrap();
    assert_eq!(migrations.0, 1, "each migration applied once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_under_load_loses_no_acknowledged_log() {
    let Some(db) = pg_url().await else { return };
    let home = tempfile::tempdir().unwrap();
    let server = ServeProcess::start(home.path(), &db, SECRET);
    let email = signup(&server.url, "killed").await;
    let token = client(&server.url).login(&email, PASSWORD).await.unwrap();
    let api = client(&server.url).with_token(token.clone());
    let prompt = api.create_prompt(&new_prompt()).await.unwrap();
    let acked = Arc::new(Mutex::new(Vec::new()));
    let mut tasks = Vec::new();
    for worker in 0..16 {
        let (api, pid, acked) = (api.clone(), prompt.id.clone(), Arc::clone(&acked));
        tasks.push(tokio::spawn(async move {
            for i in 0.. {
                let out = format!("worker {worker} log {i}");
                let Ok(log) = api.create_log(&new_log(&pid, out)).await else {
                    break;
                };
                acked.lock().unwrap().push(log.id);
            }
        }));
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    while acked.lock().unwrap().len() < 400 {
        assert!(Instant::now() < deadline, "too few logs acknowledged");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.kill9();
    for t in tasks {
        t.await.unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    let again = ServeProcess::start(home.path(), &db, SECRET);
    let listed = client(&again.url)
        .with_token(token)
        .logs_for_prompt(&prompt.id)
        .await
        .unwrap();
    let present: std::collections::HashSet<_> = listed.iter().map(|l| l.id.as_str()).collect();
    let lost: Vec<_> = acked
        .iter()
        .filter(|id| !present.contains(id.as_str()))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged logs lost",
        lost.len(),
        acked.len()
    );
}
