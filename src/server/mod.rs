//! The PromptCrafter API server: an axum router over the [`Db`] (SQLite or PostgreSQL),
//! bearer-token auth, JSON errors everywhere, graceful shutdown.

mod auth;
mod body;
mod duplicates;
mod error;
mod exposure;
mod extract;
mod guard;
mod hashing;
mod limits;
mod listen;
mod logs;
mod paging;
mod prompts;
mod search;
mod state;
mod stats;
mod tls;
mod watchdog;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub use auth::AuthUser;
pub use error::ServerError;
pub use extract::is_valid_id;
pub use guard::{ClientIp, Guards};
pub use limits::{BODY_LIMIT, Limits, Rate, TlsFiles};
pub use state::{AppState, SecretSource, load_or_create_secret};

use crate::store::{Db, DbLocation};
/// How long a token lives unless configured otherwise.
pub const DEFAULT_TOKEN_TTL: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// Where the server keeps its data, and how long tokens live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// The database: a SQLite file (created with its directories if
    /// missing) or a PostgreSQL URL.
    pub db: DbLocation,
    /// Where the token signing secret comes from.
    pub secret: SecretSource,
    /// How long a token from `POST /auth/login` stays valid.
    pub token_ttl: Duration,
    /// Connection, body and login limits.
    pub limits: Limits,
    /// Certificate and key to speak TLS with; plain HTTP when `None`.
    pub tls: Option<TlsFiles>,
    /// Origins allowed to call the API from a browser; none means CORS off.
    pub cors_origins: Vec<String>,
}

impl ServerConfig {
    /// A config over the SQLite file `db_path`, with the secret in
    /// `secret_path` (made if missing) and the default token lifetime of 7 days.
    #[must_use]
    pub fn new(db_path: PathBuf, secret_path: PathBuf) -> Self {
        Self {
            db: DbLocation::Sqlite(db_path),
            secret: SecretSource::CreateFile(secret_path),
            token_ttl: DEFAULT_TOKEN_TTL,
            limits: Limits::default(),
            tls: None,
            cors_origins: Vec::new(),
        }
    }
}

/// Every route of the API over `state`, with JSON answers for unknown
/// routes, wrong methods and oversized or slow bodies. Needs no socket.
pub fn router(state: AppState) -> Router {
    let body_limit = state.guards().limits.body_limit;
    Router::new()
        .merge(auth::router())
        .merge(prompts::router())
        .merge(logs::router())
        .merge(search::router())
        .merge(stats::router())
        .fallback(|| async { ServerError::NotFound("No such route.") })
        .method_not_allowed_fallback(|| async { ServerError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            body::guard_body,
        ))
        .layer(axum::middleware::from_fn(log_request))
        .with_state(state)
}

/// Logs each request's method, path (never the query or headers, which may
/// carry secrets), status and duration.
async fn log_request(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    tracing::info!(
        "{method} {path} -> {} in {:.1} ms",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    response
}

/// A server running on the current tokio runtime.
#[derive(Debug)]
pub struct RunningServer {
    /// The address it listens on.
    pub addr: SocketAddr,
    /// What was wrong with the files' modes at start, and was fixed.
    pub warnings: Vec<String>,
    tls: bool,
    cancel: CancellationToken,
    task: JoinHandle<()>,
    db: Db,
}

impl RunningServer {
    /// The base URL of the API, e.g. `http://127.0.0.1:8080`.
    #[must_use]
    pub fn url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// Stops accepting connections, lets in-flight requests finish, then
    /// closes the database.
    ///
    /// # Errors
    /// [`ServerError`] when the server task failed.
    pub async fn shutdown(self) -> Result<(), ServerError> {
        self.cancel.cancel();
        let served = self.task.await;
        self.db.close().await;
        served.map_err(|e| ServerError::Internal(format!("the server task failed: {e}")))
    }
}

/// Opens the database (creating the file, mode 0600, and its directory,
/// mode 0700), runs migrations, loads or creates the secret, binds `addr`
/// (e.g. `127.0.0.1:0`), spawns the server on the current tokio runtime and
/// returns at once. Broader modes found on the files are fixed and listed in
/// [`RunningServer::warnings`].
///
/// # Errors
/// [`ServerError`] when the database, the secret, TLS or the socket fail.
pub async fn start(config: ServerConfig, addr: SocketAddr) -> Result<RunningServer, ServerError> {
    let warnings = exposure::secure_files(&config)?;
    let db = Db::connect(&config.db).await?;
    let source = config.secret.clone();
    let secret = tokio::task::spawn_blocking(move || source.load())
        .await
        .map_err(|e| ServerError::Internal(format!("the secret task failed: {e}")))??;
    let tls = config.tls.as_ref().map(tls::acceptor).transpose()?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServerError::Io {
            context: format!("cannot listen on {addr}"),
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| ServerError::Io {
        context: "cannot read the bound address".to_owned(),
        source,
    })?;
    let state =
        AppState::new(db.clone(), &secret, config.token_ttl).with_limits(config.limits.clone());
    let app = exposure::with_cors(router(state), &config.cors_origins)?;
    let acceptor = listen::Acceptor {
        app,
        tls: tls.clone(),
        max_connections: config.limits.max_connections,
        timeouts: watchdog::Timeouts {
            header: config.limits.header_timeout,
            idle: config.limits.idle_timeout,
        },
    };
    let cancel = CancellationToken::new();
    let task = tokio::spawn(listen::run(listener, acceptor, cancel.clone()));
    Ok(RunningServer {
        addr,
        warnings,
        tls: tls.is_some(),
        cancel,
        task,
        db,
    })
}

/// For `promptcrafter serve`: starts, announces the address on stderr,
/// waits for SIGINT or SIGTERM, then shuts down gracefully.
///
/// # Errors
/// [`ServerError`] when starting or stopping fails.
pub async fn serve_until_signal(config: ServerConfig, addr: SocketAddr) -> Result<(), ServerError> {
    // Shown with any password masked.
    let db = config.db.to_string();
    let plain = config.tls.is_none();
    let server = start(config, addr).await?;
    for warning in &server.warnings {
        eprintln!("promptcrafter: warning: {warning}");
    }
    if plain && !server.addr.ip().is_loopback() {
        eprintln!("promptcrafter: warning: {}", exposure::PLAIN_HTTP_WARNING);
    }
    eprintln!(
        "promptcrafter: serving the PromptCrafter API on {} (db {db})",
        server.url(),
    );
    shutdown_signal().await?;
    tracing::info!("shutting down");
    server.shutdown().await
}

/// Resolves at the first SIGINT (Ctrl-C) or SIGTERM.
#[cfg(unix)]
async fn shutdown_signal() -> Result<(), ServerError> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).map_err(signal_error)?;
    tokio::select! {
        r = tokio::signal::ctrl_c() => r.map_err(signal_error),
        _ = term.recv() => Ok(()),
    }
}

/// Resolves at the first Ctrl-C.
#[cfg(not(unix))]
async fn shutdown_signal() -> Result<(), ServerError> {
    tokio::signal::ctrl_c().await.map_err(signal_error)
}

fn signal_error(source: std::io::Error) -> ServerError {
    ServerError::Io {
        context: "cannot listen for signals".to_owned(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::{Request, StatusCode, header};
    use http_body_util::BodyExt;
    use serde_json::{Value, json};
    use tower::ServiceExt;

    use super::*;

    async fn app() -> (Router, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("db.sqlite")).await.unwrap();
        let state = AppState::new(db, &[7; 64], DEFAULT_TOKEN_TTL);
        (router(state), dir)
    }

    fn request(method: &str, uri: &str, content_type: Option<&str>, body: &str) -> Request<Body> {
        let mut builder = Request::builder().method(method).uri(uri);
        if let Some(ct) = content_type {
            builder = builder.header(header::CONTENT_TYPE, ct);
        }
        builder.body(Body::from(body.to_owned())).unwrap()
    }

    async fn send(app: &Router, req: Request<Body>) -> (StatusCode, Value) {
        let response = app.clone().oneshot(req).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        (status, body)
    }

    #[tokio::test]
    async fn default_rejections_answer_json() {
        let (app, _dir) = app().await;
        let json = Some("application/json");
        let cases = [
            (
                "unknown route",
                request("GET", "/nope", None, ""),
                StatusCode::NOT_FOUND,
            ),
            (
                "wrong method",
                request("PUT", "/logs", json, "{}"),
                StatusCode::METHOD_NOT_ALLOWED,
            ),
            (
                "no token",
                request("GET", "/prompts", None, ""),
                StatusCode::UNAUTHORIZED,
            ),
            (
                "no content type",
                request("POST", "/auth/login", None, "{}"),
                StatusCode::BAD_REQUEST,
            ),
            (
                "text body",
                request("POST", "/auth/login", Some("text/plain"), "{}"),
                StatusCode::BAD_REQUEST,
            ),
            (
                "malformed json",
                request("POST", "/auth/login", json, "{\"email\":"),
                StatusCode::BAD_REQUEST,
            ),
            (
                "missing fields",
                request("POST", "/auth/login", json, "{}"),
                StatusCode::BAD_REQUEST,
            ),
        ];
        for (name, req, expected) in cases {
            let (status, body) = send(&app, req).await;
            assert_eq!(status, expected, "{name}");
            assert!(body["error"].is_string(), "{name}: {body}");
        }
    }

    #[tokio::test]
    async fn signup_login_and_use_a_token() {
        let (app, _dir) = app().await;
        let json = Some("application/json");
        let signup = json!({"name": "Ada", "email": "ada@example.com", "password": "pale-mint-42"});
        let (status, body) = send(
            &app,
            request("POST", "/auth/signup", json, &signup.to_string()),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert!(body["message"].is_string());
        let login = json!({"email": "ADA@example.com", "password": "pale-mint-42"});
        let (status, body) = send(
            &app,
            request("POST", "/auth/login", json, &login.to_string()),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let token = body["token"].as_str().unwrap();
        let mut req = request("GET", "/prompts", None, "");
        let bearer = format!("Bearer {token}").parse().unwrap();
        req.headers_mut().insert(header::AUTHORIZATION, bearer);
        let (status, body) = send(&app, req).await;
        assert_eq!((status, body), (StatusCode::OK, json!([])));
    }
}
