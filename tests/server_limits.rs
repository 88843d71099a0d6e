//! The server's limits under attack, all on loopback and bounded: an early
//! 413, slowloris and idle sockets closed by the timeouts, the connection
//! cap, slow bodies, rate limits that unlock by time, weak passwords,
//! tokens not valid yet, file modes, CORS.

mod common;

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use promptcrafter::client::{ApiClient, ApiError, ClientOptions};
use promptcrafter::model::{NewLog, NewPrompt, SignupRequest};
use promptcrafter::server::{self, Limits, Rate, RunningServer, ServerConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How long any condition in these tests may take to come true.
const DEADLINE: Duration = Duration::from_secs(20);

/// Limits with short timeouts, so that the tests see them act.
fn short_limits() -> Limits {
    Limits {
        header_timeout: Duration::from_millis(800),
        body_timeout: Duration::from_millis(800),
        idle_timeout: Duration::from_millis(800),
        ..Limits::default()
    }
}

async fn start_with(limits: Limits) -> (RunningServer, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::config(dir.path());
    config.limits = limits;
    let server = server::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    (server, dir)
}

/// Reads from `stream` until the server closes it (or resets it); the bytes read.
async fn read_until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut got = Vec::new();
    let mut buf = [0_u8; 4096];
    let read_all = async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    };
    tokio::time::timeout(DEADLINE, read_all)
        .await
        .expect("the server closes the connection");
    got
}

/// A fresh user's client: signs up, logs in, makes a prompt and logs to it.
async fn normal_client_round_trip(url: &str) -> Duration {
    let started = Instant::now();
    let (client, _) = common::user_with_token(url, "normal").await;
    let prompt = client
        .create_prompt(&NewPrompt {
            title: "Under attack".into(),
            content: "c".into(),
            model: "m".into(),
            tags: None,
        })
        .await
        .unwrap();
    let log = NewLog {
        prompt_id: prompt.id,
        output: "fine".into(),
        model_used: "m".into(),
        notes: None,
        score: Some(7),
    };
    client.create_log(&log).await.unwrap();
    started.elapsed()
}

#[tokio::test]
async fn a_declared_oversize_body_is_refused_before_it_is_read() {
    let (server, _dir) = start_with(Limits::default()).await;
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    let head = "POST /logs HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n\
                content-length: 104857600\r\n\r\n";
    s.write_all(head.as_bytes()).await.unwrap();
    // Not one byte of the 100 MiB is sent: the answer must come anyway.
    let answer = String::from_utf8_lossy(&read_until_closed(&mut s).await).into_owned();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("{\"error\":"), "{answer}");
}

#[tokio::test]
async fn a_body_that_does_not_arrive_in_time_gets_400_and_a_close() {
    let (server, _dir) = start_with(short_limits()).await;
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    let head = "POST /auth/login HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n\
                content-length: 100\r\n\r\n{\"email\":";
    s.write_all(head.as_bytes()).await.unwrap();
    let answer = String::from_utf8_lossy(&read_until_closed(&mut s).await).into_owned();
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("did not arrive within"), "{answer}");
}

/// Opens a socket that sends a request's headers one line at a time, never
/// finishing them; returns when the server has closed it.
async fn slowloris(addr: SocketAddr) -> bool {
    let Ok(mut s) = TcpStream::connect(addr).await else {
        return false;
    };
    if s.write_all(b"POST /auth/login HTTP/1.1\r\nhost: x\r\n")
        .await
        .is_err()
    {
        return true;
    }
    let mut buf = [0_u8; 512];
    let until_closed = async {
        loop {
            tokio::select! {
                read = s.read(&mut buf) => match read {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                },
                () = tokio::time::sleep(Duration::from_millis(100)) => {
                    if s.write_all(b"x-slow: 1\r\n").await.is_err() {
                        return;
                    }
                }
            }
        }
    };
    tokio::time::timeout(DEADLINE, until_closed).await.is_ok()
}

#[tokio::test]
async fn slowloris_sockets_are_closed_while_a_normal_client_works() {
    let (server, _dir) = start_with(short_limits()).await;
    let attackers: Vec<_> = (0..200)
        .map(|_| tokio::spawn(slowloris(server.addr)))
        .collect();
    let took = normal_client_round_trip(&server.url()).await;
    eprintln!("signup + login + prompt + log under 200 slowloris sockets: {took:?}");
    for attacker in attackers {
        assert!(attacker.await.unwrap(), "a slowloris socket stayed open");
    }
}

#[tokio::test]
async fn idle_and_silent_connections_are_closed() {
    let (server, _dir) = start_with(short_limits()).await;
    let mut idle = Vec::new();
    for _ in 0..50 {
        let mut s = TcpStream::connect(server.addr).await.unwrap();
        s.write_all(b"GET /nope HTTP/1.1\r\nhost: x\r\n\r\n")
            .await
            .unwrap();
        idle.push(s);
    }
    let mut silent = Vec::new();
    for _ in 0..50 {
        silent.push(TcpStream::connect(server.addr).await.unwrap());
    }
    let took = normal_client_round_trip(&server.url()).await;
    eprintln!("round trip beside 100 idle sockets: {took:?}");
    for mut s in idle {
        let answer = String::from_utf8_lossy(&read_until_closed(&mut s).await).into_owned();
        assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    }
    for mut s in silent {
        assert!(read_until_closed(&mut s).await.is_empty());
    }
}

#[tokio::test]
async fn connections_over_the_cap_get_503_and_the_slots_come_back() {
    let limits = Limits {
        max_connections: 8,
        header_timeout: Duration::from_secs(60),
        ..Limits::default()
    };
    let (server, _dir) = start_with(limits).await;
    let mut held = Vec::new();
    for _ in 0..8 {
        held.push(TcpStream::connect(server.addr).await.unwrap());
    }
    // The accept loop takes the held sockets in order; the ninth is over the cap.
    let deadline = Instant::now() + DEADLINE;
    let refused = loop {
        let mut extra = TcpStream::connect(server.addr).await.unwrap();
        let answer = String::from_utf8_lossy(&read_until_closed(&mut extra).await).into_owned();
        if answer.starts_with("HTTP/1.1 503") {
            break answer;
        }
        assert!(Instant::now() < deadline, "never refused: {answer}");
    };
    assert!(refused.contains("retry-after: 1"), "{refused}");
    assert!(refused.contains("too many connections"), "{refused}");
    drop(held);
    let deadline = Instant::now() + DEADLINE;
    let client = ApiClient::new(&server.url(), ClientOptions::default()).unwrap();
    while client.list_prompts().await.map_err(|e| e.status()) != Err(Some(401)) {
        assert!(Instant::now() < deadline, "the slots never came back");
    }
}

fn signup(email: &str, password: &str) -> SignupRequest {
    SignupRequest {
        name: "Eve".into(),
        email: email.into(),
        password: password.into(),
    }
}

#[tokio::test]
async fn weak_passwords_are_refused_at_signup_saying_why() {
    let (server, _dir) = start_with(Limits::default()).await;
    // Bypass the client's own check, which would refuse without sending.
    let http = reqwest::Client::new();
    for (password, why) in [
        ("1111111111", "one character repeated"),
        ("1234567890", "most common passwords"),
    ] {
        let body = serde_json::to_value(signup("eve@example.com", password)).unwrap();
        let r = http
            .post(format!("{}/auth/signup", server.url()))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 400);
        let body: serde_json::Value = r.json().await.unwrap();
        let error = body["error"].as_str().unwrap();
        assert!(error.contains(why), "{error}");
    }
}

#[tokio::test]
async fn an_account_locked_by_guessing_unlocks_by_time_alone() {
    let one_per_second = Rate::new(NonZeroU32::new(3).unwrap(), Duration::from_secs(1));
    let limits = Limits {
        login_per_account: one_per_second,
        ..Limits::default()
    };
    let (server, _dir) = start_with(limits).await;
    let client = ApiClient::new(&server.url(), ClientOptions::default()).unwrap();
    let email = common::email_of("locked");
    client
        .signup(&signup(&email, common::PASSWORD))
        .await
        .unwrap();
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let e = client.login(&email, "wrong-password-1").await.unwrap_err();
        statuses.push(e.status());
        if let ApiError::Status {
            status: 429,
            retry_after,
            ..
        } = &e
        {
            assert!(retry_after.is_some(), "429 without Retry-After");
        }
    }
    assert!(statuses.contains(&Some(429)), "{statuses:?}");
    // The right password is refused too while locked, then accepted once
    // the allowance has come back, with nothing else done.
    let first = client.login(&email, common::PASSWORD).await;
    assert_eq!(first.map_err(|e| e.status()).err(), Some(Some(429)));
    let deadline = Instant::now() + DEADLINE;
    loop {
        match client.login(&email, common::PASSWORD).await {
            Ok(_) => break,
            Err(e) => assert_eq!(e.status(), Some(429), "{e}"),
        }
        assert!(Instant::now() < deadline, "never unlocked");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// A token signed with the server's own secret, with the given claims.
fn forged(dir: &std::path::Path, claims: &serde_json::Value) -> String {
    let secret = std::fs::read(dir.join("data/secret")).unwrap();
    let key = jsonwebtoken::EncodingKey::from_secret(&secret);
    jsonwebtoken::encode(&jsonwebtoken::Header::default(), claims, &key).unwrap()
}

#[tokio::test]
async fn tokens_not_valid_yet_are_refused() {
    let (server, dir) = start_with(Limits::default()).await;
    let (client, token) = common::user_with_token(&server.url(), "future").await;
    let sub = {
        let payload = token.split('.').nth(1).unwrap();
        let bytes = base64_url(payload);
        let claims: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        claims["sub"].as_str().unwrap().to_owned()
    };
    let now = chrono::Utc::now().timestamp();
    let exp = now + 3600;
    let cases = [
        (
            "valid",
            serde_json::json!({"sub": sub, "iat": now, "exp": exp}),
            true,
        ),
        (
            "nbf ahead",
            serde_json::json!({"sub": sub, "iat": now, "exp": exp, "nbf": now + 600}),
            false,
        ),
        (
            "iat ahead",
            serde_json::json!({"sub": sub, "iat": now + 600, "exp": exp}),
            false,
        ),
    ];
    for (name, claims, accepted) in cases {
        let c = client.clone().with_token(forged(dir.path(), &claims));
        let result = c.list_prompts().await;
        assert_eq!(result.is_ok(), accepted, "{name}: {result:?}");
        if !accepted {
            assert_eq!(result.unwrap_err().status(), Some(401), "{name}");
        }
    }
}

/// Decodes unpadded base64url (a JWT segment).
fn base64_url(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0_u32, 0);
    for c in s.bytes() {
        let v = ALPHABET.iter().position(|&a| a == c).unwrap() as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[tokio::test]
async fn database_and_secret_are_private_and_broad_modes_are_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let config: ServerConfig = common::config(dir.path());
    let (
        promptcrafter::store::DbLocation::Sqlite(db_path),
        server::SecretSource::CreateFile(secret_path),
    ) = (config.db.clone(), config.secret.clone())
    else {
        panic!("the test config is SQLite with a secret file");
    };
    let server = server::start(config.clone(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    assert!(server.warnings.is_empty(), "{:?}", server.warnings);
    let data = dir.path().join("data");
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&db_path), 0o600);
    assert_eq!(mode(&secret_path), 0o600);
    server.shutdown().await.unwrap();

    let set = |p: &std::path::Path, m| std::fs::set_permissions(p, PermissionsExt::from_mode(m));
    set(&data, 0o755).unwrap();
    set(&db_path, 0o644).unwrap();
    set(&secret_path, 0o644).unwrap();
    let server = server::start(config.clone(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    assert_eq!(server.warnings.len(), 3, "{:?}", server.warnings);
    assert!(
        server
            .warnings
            .iter()
            .all(|w| w.contains("open to other users"))
    );
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&db_path), 0o600);
    assert_eq!(mode(&secret_path), 0o600);
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn cors_answers_only_named_origins() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::config(dir.path());
    config.cors_origins = vec!["https://team.example".into()];
    let with = server::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let (without, _dir2) = start_with(Limits::default()).await;
    let http = reqwest::Client::new();
    let preflight = |url: String, origin: &'static str| {
        http.request(reqwest::Method::OPTIONS, format!("{url}/prompts"))
            .header("origin", origin)
            .header("access-control-request-method", "GET")
            .send()
    };
    let allow = |r: &reqwest::Response| {
        r.headers()
            .get("access-control-allow-origin")
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let r = preflight(with.url(), "https://team.example").await.unwrap();
    assert_eq!(allow(&r).as_deref(), Some("https://team.example"));
    let r = preflight(with.url(), "https://evil.example").await.unwrap();
    assert_eq!(allow(&r), None);
    let r = preflight(without.url(), "https://team.example")
        .await
        .unwrap();
    assert_eq!(allow(&r), None);
}
