//! Shared test harness: the real server in-process on 127.0.0.1:0 over a
//! temporary directory, logged-in API clients, and the misbehaving peers
//! (raw responder, faulty proxy) that the failure tests need.
// Each test crate uses a different part of this harness.
#![allow(dead_code)]

pub mod backend;
pub mod http1;
pub mod proxy;
pub mod pty;
pub mod raw;
pub mod serve_process;

use std::net::SocketAddr;
use std::path::Path;

use promptcrafter::client::{ApiClient, ClientOptions};
use promptcrafter::model::SignupRequest;
use promptcrafter::server::{self, RunningServer, ServerConfig};

/// The password every test user gets.
pub const PASSWORD: &str = "correct-horse-9";

/// A running server and the directory holding its database and secret.
pub struct TestServer {
    /// The running server.
    pub server: RunningServer,
    /// Holds `db.sqlite` and `secret`; removed on drop.
    pub dir: tempfile::TempDir,
}

impl TestServer {
    /// The API base URL.
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// Shuts the server down gracefully and starts a new one on the same files.
    pub async fn restart(self) -> TestServer {
        self.server.shutdown().await.expect("clean shutdown");
        start_in(self.dir).await
    }
}

/// The config of a test server whose files live in `dir`.
pub fn config(dir: &Path) -> ServerConfig {
    ServerConfig::new(dir.join("data/db.sqlite"), dir.join("data/secret"))
}

/// A server over a fresh temporary directory.
pub async fn spawn_server() -> TestServer {
    start_in(tempfile::tempdir().expect("temp dir")).await
}

/// A server over the files in `dir`.
pub async fn start_in(dir: tempfile::TempDir) -> TestServer {
    let loopback: SocketAddr = "127.0.0.1:0".parse().expect("address");
    let server = server::start(config(dir.path()), loopback)
        .await
        .expect("server starts");
    TestServer { server, dir }
}

/// The unique email of a test user called `name`.
pub fn email_of(name: &str) -> String {
    format!("{name}-{}@example.com", uuid::Uuid::now_v7().simple())
}

/// Starts a server over the files in `dir` on a given address (to bring a
/// stopped server back where its clients expect it).
pub async fn restart_on(dir: &Path, addr: SocketAddr) -> RunningServer {
    server::start(config(dir), addr)
        .await
        .expect("server restarts")
}

/// Signs up a fresh user called `name`; returns a logged-in client and its token.
pub async fn user_with_token(server_url: &str, name: &str) -> (ApiClient, String) {
    let client = ApiClient::new(server_url, ClientOptions::default()).expect("client");
    let email = email_of(name);
    let signup = SignupRequest {
        name: name.to_owned(),
        email: email.clone(),
        password: PASSWORD.to_owned(),
    };
    client.signup(&signup).await.expect("signup");
    let token = client.login(&email, PASSWORD).await.expect("login");
    (client.with_token(token.clone()), token)
}

/// Signs up a fresh user called `name` and returns a client logged in as them.
pub async fn user(server_url: &str, name: &str) -> ApiClient {
    user_with_token(server_url, name).await.0
}
