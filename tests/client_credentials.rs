//! The client never hands a credential to the wrong party: no password or
//! token over plain http beyond loopback (a test host name mapped to
//! 127.0.0.1), no redirect to another origin, TLS checked against the
//! platform's roots or `--ca-cert`, private token files, URL credentials
//! kept out of messages and the outbox, invalid UTF-8 refused with its offset.

mod common;

use std::io::Write;
use std::net::SocketAddr;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use promptcrafter::client::{ApiClient, ApiError, ClientOptions, Transport};
use promptcrafter::model::SignupRequest;
use promptcrafter::paths::Paths;
use promptcrafter::server::{self, TlsFiles};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A name that is not loopback by its spelling; the tests map it to 127.0.0.1.
const TEAM_HOST: &str = "promptcrafter.test";

fn mapped(addr: SocketAddr) -> Transport {
    Transport {
        resolve: vec![(TEAM_HOST.to_owned(), addr)],
        ..Transport::default()
    }
}

fn signup_request(email: &str) -> SignupRequest {
    SignupRequest {
        name: "Team".into(),
        email: email.into(),
        password: common::PASSWORD.into(),
    }
}

/// A listener that counts the connections made to it, and answers none.
async fn counting_listener() -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    tokio::spawn(async move {
        while let Ok((_stream, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
        }
    });
    (addr, count)
}

#[tokio::test]
async fn no_password_or_token_goes_over_http_to_a_remote_host() {
    let (addr, connections) = counting_listener().await;
    let url = format!("http://{TEAM_HOST}:{}", addr.port());
    let client = ApiClient::with_transport(&url, ClientOptions::default(), mapped(addr)).unwrap();
    let e = client
        .login("a@example.com", common::PASSWORD)
        .await
        .unwrap_err();
    assert!(
        matches!(
            &e,
            ApiError::InsecureTransport {
                what: "password",
                ..
            }
        ),
        "{e:?}"
    );
    let text = e.to_string();
    assert!(
        text.contains(TEAM_HOST) && text.contains("https://"),
        "{text}"
    );
    assert!(text.contains("--allow-insecure-http"), "{text}");
    let e = client
        .signup(&signup_request("a@example.com"))
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::InsecureTransport { .. }), "{e:?}");
    let with_token = client.with_token("a.b.c");
    assert!(with_token.check_token_transport().is_err());
    let e = with_token.list_prompts().await.unwrap_err();
    assert!(
        matches!(e, ApiError::InsecureTransport { what: "token", .. }),
        "{e:?}"
    );
    assert_eq!(connections.load(Ordering::SeqCst), 0, "something was sent");
}

#[tokio::test]
async fn with_allow_insecure_http_the_same_host_gets_them() {
    let server = common::spawn_server().await;
    let addr = server.server.addr;
    let url = format!("http://{TEAM_HOST}:{}", addr.port());
    let transport = Transport {
        allow_insecure_http: true,
        ..mapped(addr)
    };
    let client = ApiClient::with_transport(&url, ClientOptions::default(), transport).unwrap();
    let email = common::email_of("insecure");
    client.signup(&signup_request(&email)).await.unwrap();
    let token = client.login(&email, common::PASSWORD).await.unwrap();
    let prompts = client.with_token(token).list_prompts().await.unwrap();
    assert!(prompts.is_empty());
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed() {
    let (other, connections) = counting_listener().await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            let mut buf = [0_u8; 4096];
            let _ = s.read(&mut buf).await;
            let answer = format!(
                "HTTP/1.1 307 Temporary Redirect\r\nlocation: http://{other}/prompts\r\n\
                 content-length: 0\r\nconnection: close\r\n\r\n"
            );
            let _ = s.write_all(answer.as_bytes()).await;
        }
    });
    let client = ApiClient::new(&format!("http://{addr}"), ClientOptions::default())
        .unwrap()
        .with_token("secret-token");
    let e = client.list_prompts().await.unwrap_err();
    assert_eq!(e.status(), Some(307), "{e:?}");
    assert_eq!(
        connections.load(Ordering::SeqCst),
        0,
        "the redirect was followed"
    );
}

/// A team CA, and a certificate for [`TEAM_HOST`] it signed, written as PEM
/// files in `dir`: (CA file, TLS files).
fn team_ca(dir: &Path) -> (std::path::PathBuf, TlsFiles) {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(rcgen::DnType::CommonName, "Test team CA");
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let leaf_key = rcgen::KeyPair::generate().unwrap();
    let leaf = rcgen::CertificateParams::new(vec![TEAM_HOST.to_owned()])
        .unwrap()
        .signed_by(&leaf_key, &ca_cert, &ca_key)
        .unwrap();
    let write = |name: &str, pem: String| {
        let path = dir.join(name);
        std::fs::write(&path, pem).unwrap();
        path
    };
    let ca_file = write("ca.pem", ca_cert.pem());
    let files = TlsFiles {
        cert: write("cert.pem", leaf.pem()),
        key: write("key.pem", leaf_key.serialize_pem()),
    };
    (ca_file, files)
}

#[tokio::test]
async fn tls_with_an_unknown_ca_is_refused_and_accepted_with_ca_cert() {
    let dir = tempfile::tempdir().unwrap();
    let (ca_file, files) = team_ca(dir.path());
    let mut config = common::config(dir.path());
    config.tls = Some(files);
    let server = server::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    assert!(server.url().starts_with("https://"));
    let url = format!("https://{TEAM_HOST}:{}", server.addr.port());

    let strict =
        ApiClient::with_transport(&url, ClientOptions::default(), mapped(server.addr)).unwrap();
    let e = strict
        .signup(&signup_request("tls@example.com"))
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::Certificate { .. }), "{e:?}");
    let text = e.to_string();
    assert!(
        text.contains(TEAM_HOST) && text.contains("--ca-cert"),
        "{text}"
    );

    let trusting = Transport {
        ca_cert: Some(ca_file),
        ..mapped(server.addr)
    };
    let client = ApiClient::with_transport(&url, ClientOptions::default(), trusting).unwrap();
    client
        .signup(&signup_request("tls@example.com"))
        .await
        .unwrap();
    let token = client
        .login("tls@example.com", common::PASSWORD)
        .await
        .unwrap();
    assert!(
        client
            .with_token(token)
            .list_prompts()
            .await
            .unwrap()
            .is_empty()
    );
    server.shutdown().await.unwrap();
}

fn run(home: &Path, args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_promptcrafter"))
        .args(args)
        .env("PROMPTCRAFTER_HOME", home)
        .env_remove("PROMPTCRAFTER_API_URL")
        .env_remove("PROMPTCRAFTER_TOKEN")
        .env_remove("PROMPTCRAFTER_ALLOW_INSECURE_HTTP")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start promptcrafter");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[tokio::test]
async fn a_token_file_made_0644_is_0600_again_after_one_run() {
    let server = common::spawn_server().await;
    let url = server.url();
    let (_, token) = common::user_with_token(&url, "modes").await;
    let home = tempfile::tempdir().unwrap();
    let token_file = Paths::under(home.path()).token_file(&url);
    promptcrafter::paths::write_private(&token_file, token.as_bytes()).unwrap();
    let tokens_dir = token_file.parent().unwrap();
    assert_eq!(mode(tokens_dir), 0o700);
    std::fs::set_permissions(&token_file, PermissionsExt::from_mode(0o644)).unwrap();
    std::fs::set_permissions(tokens_dir, PermissionsExt::from_mode(0o755)).unwrap();
    let home_path = home.path().to_owned();
    let out = tokio::task::spawn_blocking(move || {
        run(
            &home_path,
            &["--api-url", &url, "prompts", "--json"],
            b"",
            &[],
        )
    })
    .await
    .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning") && stderr.contains("0644"),
        "{stderr}"
    );
    assert!(stderr.contains("0755"), "{stderr}");
    assert_eq!(mode(&token_file), 0o600);
    assert_eq!(mode(tokens_dir), 0o700);
}

#[test]
fn the_cli_refuses_plain_http_to_a_remote_host_and_says_how() {
    let home = tempfile::tempdir().unwrap();
    let url = format!("http://{TEAM_HOST}:9");
    let out = run(
        home.path(),
        &[
            "--api-url",
            &url,
            "login",
            "--email",
            "a@example.com",
            "--password-stdin",
        ],
        b"correct-horse-9\n",
        &[],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("over plain http"), "{stderr}");
    assert!(stderr.contains("--allow-insecure-http"), "{stderr}");
    let out = run(
        home.path(),
        &["--api-url", &url, "prompts"],
        b"",
        &[("PROMPTCRAFTER_TOKEN", "a.b.c")],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("refusing to send the token"), "{stderr}");
}

#[test]
fn url_credentials_stay_out_of_messages_and_the_outbox() {
    let home = tempfile::tempdir().unwrap();
    // Nothing listens on a port just freed: the log goes to the outbox.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://reviewer:hunter2-sekrit@127.0.0.1:{port}");
    let args = [
        "--api-url",
        &url,
        "log",
        "--prompt",
        "prm_1",
        "--model",
        "m",
    ];
    let out = run(
        home.path(),
        &args,
        b"an output",
        &[("PROMPTCRAFTER_TOKEN", "a.b.c")],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(9), "{stderr}");
    assert!(!stderr.contains("sekrit"), "{stderr}");
    assert!(stderr.contains(&format!("127.0.0.1:{port}")), "{stderr}");
    let mut outbox_files = 0;
    for entry in walk(&home.path().join("data")) {
        let text = std::fs::read_to_string(&entry).unwrap_or_default();
        assert!(!text.contains("sekrit"), "{}: {text}", entry.display());
        if text.contains("an output") {
            outbox_files += 1;
            assert!(text.contains(&format!("http://127.0.0.1:{port}")), "{text}");
        }
    }
    assert_eq!(outbox_files, 1);
    let out = run(
        home.path(),
        &["--api-url", "http://u:sekrit@[bad", "prompts"],
        b"",
        &[],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && !stderr.contains("sekrit"),
        "{stderr}"
    );
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn invalid_utf8_is_refused_with_its_offset_and_nothing_is_sent() {
    let home = tempfile::tempdir().unwrap();
    let args = [
        "--api-url",
        "http://127.0.0.1:9",
        "log",
        "--prompt",
        "prm_1",
        "--model",
        "m",
    ];
    let out = run(
        home.path(),
        &args,
        b"caf\xc3\xa9 \xff tail",
        &[("PROMPTCRAFTER_TOKEN", "t")],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("offset 6"), "{stderr}");
    let file = home.path().join("bad.txt");
    std::fs::write(&file, b"ok\n\x80").unwrap();
    let file_arg = file.display().to_string();
    let mut args = args.to_vec();
    args.extend(["--file", &file_arg]);
    let out = run(home.path(), &args, b"", &[("PROMPTCRAFTER_TOKEN", "t")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("offset 3"), "{stderr}");
    assert!(
        walk(&home.path().join("data")).is_empty(),
        "something was queued"
    );
}
