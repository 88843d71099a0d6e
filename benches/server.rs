//! How fast the server takes a review session's requests: logging an
//! output (2 KiB and 1 MiB), and listing a prompt's logs with 1,000 of them.
//! The server runs in-process on loopback and is called through the client,
//! as the TUI does.

use std::hint::black_box;
use std::net::SocketAddr;

use criterion::{Criterion, criterion_group, criterion_main};
use promptcrafter::client::{ApiClient, ClientOptions};
use promptcrafter::model::{NewLog, NewPrompt, SignupRequest};
use promptcrafter::server::{self, ServerConfig};

fn bench_server(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (client, prompt_id, _server) = rt.block_on(async {
        let config = ServerConfig::new(dir.path().join("b.db"), dir.path().join("secret"));
        let server = server::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .unwrap();
        let client = ApiClient::new(&server.url(), ClientOptions::default()).unwrap();
        let signup = SignupRequest {
            name: "Bench".into(),
            email: "bench@example.com".into(),
            password: "benchmark-password".into(),
        };
        client.signup(&signup).await.unwrap();
        let token = client.login(&signup.email, &signup.password).await.unwrap();
        let client = client.with_token(token);
        let prompt = NewPrompt {
            title: "Bench prompt".into(),
            content: "c".into(),
            model: "m".into(),
            tags: None,
        };
        let id = client.create_prompt(&prompt).await.unwrap().id;
        (client, id, server)
    });
    let log = |output: String| NewLog {
        prompt_id: prompt_id.clone(),
        output,
        model_used: "gpt-4o".into(),
        notes: Some("bench".into()),
        score: Some(7),
    };
    let small = log("A model answer of about two kilobytes. ".repeat(52));
    c.bench_function("server/post_log_2KiB", |b| {
        b.iter(|| rt.block_on(client.create_log(black_box(&small))).unwrap());
    });
    let large = log("x".repeat(1 << 20));
    c.bench_function("server/post_log_1MiB", |b| {
        b.iter(|| rt.block_on(client.create_log(black_box(&large))).unwrap());
    });
    // Bring the prompt to 1,000 small logs before listing them.
    rt.block_on(async {
        let have = client.logs_for_prompt(&prompt_id).await.unwrap();
        let small_count = have.iter().filter(|l| l.output.len() < 4096).count();
        for _ in small_count..1000 {
            client.create_log(&small).await.unwrap();
        }
        for l in have.iter().filter(|l| l.output.len() >= 4096) {
            client.delete_log(&l.id).await.unwrap();
        }
    });
    c.bench_function("server/list_1000_logs_of_a_prompt", |b| {
        b.iter(|| {
            rt.block_on(client.logs_for_prompt(black_box(&prompt_id)))
                .unwrap()
        });
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench_server
}
criterion_main!(benches);
