//! The server under load, on loopback and bounded: 50 clients x 100 logs,
//! every acknowledged one readable, no 5xx; the same with the real
//! `promptcrafter serve` killed (SIGKILL) halfway and restarted; and login
//! floods against the real binary with its resident memory read from
//! /proc (VmHWM, the peak) under the 150 MB bound.

mod common;

use std::collections::HashSet;
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use promptcrafter::client::{ApiClient, ApiError, ClientOptions};
use promptcrafter::model::{NewLog, NewPrompt, SignupRequest};
use tokio::sync::Mutex;

const CLIENTS: usize = 50;
const LOGS_EACH: usize = 100;
/// How long a whole run may take before the test fails.
const DEADLINE: Duration = Duration::from_secs(240);
/// The resident-memory bound of issue 12.
const MEMORY_BOUND_KB: u64 = 150 * 1024;

/// `promptcrafter serve` as a child process over `home`.
struct Serve {
    child: Child,
    addr: SocketAddr,
}

impl Serve {
    fn spawn(home: &Path, addr: SocketAddr, extra: &[&str]) -> Self {
        let addr_arg = addr.to_string();
        let child = Command::new(env!("CARGO_BIN_EXE_promptcrafter"))
            .args(["serve", "--addr", &addr_arg])
            .args(extra)
            .env("PROMPTCRAFTER_HOME", home)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start promptcrafter serve");
        Self { child, addr }
    }

    /// Waits until the server accepts connections.
    async fn ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while tokio::net::TcpStream::connect(self.addr).await.is_err() {
            assert!(Instant::now() < deadline, "serve never listened");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A field of /proc/PID/status in kB, e.g. `VmHWM`.
    fn memory_kb(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or_else(|| panic!("no {field} in /proc status"))
    }

    fn kill(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaped");
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_loopback_addr() -> SocketAddr {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    probe.local_addr().unwrap()
}

/// Signs up and logs in one user; a prompt of theirs; the token.
async fn owner(url: &str) -> (String, String) {
    let (client, token) = common::user_with_token(url, "load").await;
    let prompt = client
        .create_prompt(&NewPrompt {
            title: "Load".into(),
            content: "c".into(),
            model: "m".into(),
            tags: None,
        })
        .await
        .unwrap();
    (prompt.id, token)
}

/// `CLIENTS` clients, each with its own connection pool, posting
/// `LOGS_EACH` logs; a passing failure (the server away) is retried until
/// it answers. Returns the acknowledged ids.
async fn post_logs(
    url: &str,
    token: &str,
    prompt_id: &str,
    acked: Arc<AtomicUsize>,
) -> Vec<String> {
    let ids = Arc::new(Mutex::new(Vec::new()));
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let client = ApiClient::new(url, ClientOptions::default())
            .unwrap()
            .with_token(token);
        let (ids, acked, prompt_id) = (Arc::clone(&ids), Arc::clone(&acked), prompt_id.to_owned());
        tasks.push(tokio::spawn(async move {
            for i in 0..LOGS_EACH {
                let log = NewLog {
                    prompt_id: prompt_id.clone(),
                    output: format!("client {c} log {i}"),
                    model_used: "m".into(),
                    notes: None,
                    score: Some(5),
                };
                let id = send_until_acknowledged(&client, &log).await;
                ids.lock().await.push(id);
                acked.fetch_add(1, Ordering::SeqCst);
            }
        }));
    }
    for t in tasks {
        tokio::time::timeout(DEADLINE, t)
            .await
            .expect("in time")
            .unwrap();
    }
    Arc::try_unwrap(ids).unwrap().into_inner()
}

async fn send_until_acknowledged(client: &ApiClient, log: &NewLog) -> String {
    loop {
        match client.create_log(log).await {
            Ok(created) => return created.id,
            // The server is away (killed, restarting): retry shortly.
            Err(ApiError::Network { .. } | ApiError::Timeout(_)) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(e) => panic!("not a passing failure: {e:?}"),
        }
    }
}

async fn assert_all_readable(url: &str, token: &str, ids: &[String]) {
    let client = ApiClient::new(url, ClientOptions::default())
        .unwrap()
        .with_token(token);
    let stored: HashSet<String> = client
        .list_logs()
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.id)
        .collect();
    let missing = ids.iter().filter(|id| !stored.contains(*id)).count();
    assert_eq!(
        missing,
        0,
        "{missing} of {} acknowledged logs are gone",
        ids.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_clients_post_a_hundred_logs_each_and_every_one_is_kept() {
    let server = common::spawn_server().await;
    let url = server.url();
    let (prompt_id, token) = owner(&url).await;
    let started = Instant::now();
    let ids = post_logs(&url, &token, &prompt_id, Arc::new(AtomicUsize::new(0))).await;
    eprintln!(
        "{} logs from {CLIENTS} clients in {:?}",
        ids.len(),
        started.elapsed()
    );
    assert_eq!(ids.len(), CLIENTS * LOGS_EACH);
    assert_eq!(
        ids.iter().collect::<HashSet<_>>().len(),
        ids.len(),
        "duplicate ids"
    );
    assert_all_readable(&url, &token, &ids).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_halfway_keeps_every_acknowledged_log() {
    let home = tempfile::tempdir().unwrap();
    let addr = free_loopback_addr();
    let mut serve = Serve::spawn(home.path(), addr, &[]);
    serve.ready().await;
    let url = serve.url();
    let (prompt_id, token) = owner(&url).await;
    let acked = Arc::new(AtomicUsize::new(0));
    let load = {
        let (url, token, acked) = (url.clone(), token.clone(), Arc::clone(&acked));
        tokio::spawn(async move { post_logs(&url, &token, &prompt_id, acked).await })
    };
    let half = CLIENTS * LOGS_EACH / 2;
    let deadline = Instant::now() + DEADLINE;
    while acked.load(Ordering::SeqCst) < half {
        assert!(Instant::now() < deadline, "the load never got halfway");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    serve.kill();
    let at_kill = acked.load(Ordering::SeqCst);
    let serve = Serve::spawn(home.path(), addr, &[]);
    serve.ready().await;
    let ids = load.await.unwrap();
    eprintln!("killed with {at_kill} acknowledged; {} in all", ids.len());
    assert_eq!(ids.len(), CLIENTS * LOGS_EACH);
    assert_all_readable(&url, &token, &ids).await;
}

/// Statuses of `n` concurrent wrong-password logins against `url`.
async fn wrong_logins(url: &str, email: &str, n: usize) -> Vec<u16> {
    let mut tasks = Vec::new();
    for _ in 0..n {
        let client = ApiClient::new(url, ClientOptions::default()).unwrap();
        let email = email.to_owned();
        tasks.push(tokio::spawn(async move {
            match client.login(&email, "not-the-password-7").await {
                Ok(_) => 200,
                Err(e) => e.status().unwrap_or_else(|| panic!("no answer: {e}")),
            }
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    statuses
}

fn count(statuses: &[u16], status: u16) -> usize {
    statuses.iter().filter(|&&s| s == status).count()
}

async fn flood(extra: &[&str], n: usize) -> (Vec<u16>, u64, u64) {
    let home = tempfile::tempdir().unwrap();
    let serve = Serve::spawn(home.path(), free_loopback_addr(), extra);
    serve.ready().await;
    let client = ApiClient::new(&serve.url(), ClientOptions::default()).unwrap();
    let email = common::email_of("victim");
    let signup = SignupRequest {
        name: "Victim".into(),
        email: email.clone(),
        password: common::PASSWORD.into(),
    };
    client.signup(&signup).await.unwrap();
    let before = serve.memory_kb("VmRSS");
    let statuses = wrong_logins(&serve.url(), &email, n).await;
    let peak = serve.memory_kb("VmHWM");
    eprintln!(
        "{n} concurrent wrong logins: 401 x{}, 429 x{}, 503 x{}; VmRSS before {before} kB, VmHWM {peak} kB",
        count(&statuses, 401),
        count(&statuses, 429),
        count(&statuses, 503)
    );
    (statuses, before, peak)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_wrong_logins_meet_429_or_503_and_memory_stays_bounded() {
    let (statuses, _, peak) = flood(&[], 64).await;
    assert!(
        statuses.iter().all(|s| [401, 429, 503].contains(s)),
        "{statuses:?}"
    );
    assert!(
        count(&statuses, 429) + count(&statuses, 503) > 0,
        "{statuses:?}"
    );
    assert!(peak < MEMORY_BOUND_KB, "peak resident memory {peak} kB");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_logins_stay_under_150_mb() {
    // Rate limits out of the way, so that every login reaches the hashing gate.
    let open = ["--login-rate", "1000/1s", "--account-rate", "1000/1s"];
    let (statuses, _, peak) = flood(&open, 200).await;
    assert!(
        statuses.iter().all(|s| [401, 503].contains(s)),
        "{statuses:?}"
    );
    assert!(count(&statuses, 401) > 0, "{statuses:?}");
    assert!(peak < MEMORY_BOUND_KB, "peak resident memory {peak} kB");
}
