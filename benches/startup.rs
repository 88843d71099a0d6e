//! Launch to first frame: the real binary in a pseudo-terminal against a
//! running server (in-process on loopback), timed until the first frame is
//! on screen and until the prompt list is loaded (the first usable frame).
//! Target: under 50 ms.

#[path = "../tests/common/pty.rs"]
#[expect(dead_code, reason = "the bench uses part of the PTY harness")]
mod pty;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use promptcrafter::client::{ApiClient, ClientOptions};
use promptcrafter::model::{NewPrompt, SignupRequest};
use promptcrafter::server::{self, ServerConfig};

const TITLE: &str = "Startup bench prompt";

fn bench_startup(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (url, token, _server) = rt.block_on(async {
        let config = ServerConfig::new(dir.path().join("b.db"), dir.path().join("secret"));
        let server = server::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .unwrap();
        let client = ApiClient::new(&server.url(), ClientOptions::default()).unwrap();
        let signup = SignupRequest {
            name: "Bench".into(),
            email: "startup@example.com".into(),
            password: "benchmark-password".into(),
        };
        client.signup(&signup).await.unwrap();
        let token = client.login(&signup.email, &signup.password).await.unwrap();
        let client = client.with_token(token.clone());
        for i in 0..50 {
            let prompt = NewPrompt {
                title: format!("{TITLE} {i:02}"),
                content: "Summarise {{text}} in three sentences.".into(),
                model: "gpt-4o".into(),
                tags: Some(vec!["bench".into()]),
            };
            client.create_prompt(&prompt).await.unwrap();
        }
        (server.url(), token, server)
    });
    let home = tempfile::tempdir().unwrap();
    let home_path = home.path().to_str().unwrap().to_owned();
    let launch = |until: &dyn Fn(&str) -> bool| {
        let start = Instant::now();
        let term = pty::Pty::spawn(
            &["--api-url", &url],
            &[
                ("PROMPTCRAFTER_HOME", &home_path),
                ("PROMPTCRAFTER_TOKEN", &token),
            ],
            120,
            40,
        );
        term.wait_for("the frame", until);
        let took = start.elapsed();
        drop(term);
        took
    };
    let mut group = c.benchmark_group("startup");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("launch_to_first_frame", |b| {
        b.iter_custom(|n| {
            (0..n)
                .map(|_| launch(&|s: &str| !s.trim().is_empty()))
                .sum()
        });
    });
    group.bench_function("launch_to_prompts_listed", |b| {
        b.iter_custom(|n| (0..n).map(|_| launch(&|s: &str| s.contains(TITLE))).sum());
    });
    group.finish();
}

criterion_group!(benches, bench_startup);
criterion_main!(benches);
