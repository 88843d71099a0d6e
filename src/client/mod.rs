//! The typed PromptCrafter API client: one method per endpoint, bearer auth,
//! timeouts, and one error type. Every screen and command talks through it,
//! to a remote server and to the embedded one alike.

mod error;
mod extensions;
mod transport;

use std::sync::Arc;
use std::time::Duration;

use reqwest::{Method, RequestBuilder, Response, Url};
use serde::de::DeserializeOwned;

pub use error::{ApiError, ErrorKind};
pub use extensions::{DuplicateAnswer, LogPage, PromptPage};
pub use transport::{Transport, is_loopback, redact, redact_text};

use crate::model::{
    ErrorBody, Log, LoginRequest, MessageResponse, NewLog, NewPrompt, Prompt, PromptPatch,
    SignupRequest, TokenResponse,
};
use crate::sanitize;

/// Longest server message or body excerpt kept in an error, in characters.
const EXCERPT_CHARS: usize = 200;

/// Timeouts of a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientOptions {
    /// How long to wait for a TCP (and TLS) connection.
    pub connect_timeout: Duration,
    /// How long a whole request may take, body included.
    pub timeout: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(30),
        }
    }
}

/// A client of one PromptCrafter API. Cheap to clone: clones share the
/// connection pool.
#[derive(Debug, Clone)]
pub struct ApiClient {
    http: reqwest::Client,
    base: Url,
    token: Option<String>,
    options: ClientOptions,
    transport: Arc<Transport>,
}

impl ApiClient {
    /// A client of the API at `base_url` (e.g. `http://127.0.0.1:8080`), with
    /// the transport settings installed for this process
    /// ([`Transport::install`]; strict when none were).
    ///
    /// # Errors
    /// [`ApiError::BadUrl`] when the URL is not an absolute http(s) URL.
    pub fn new(base_url: &str, options: ClientOptions) -> Result<Self, ApiError> {
        Self::with_transport(base_url, options, Transport::process_default())
    }

    /// A client of the API at `base_url` with explicit transport settings.
    ///
    /// # Errors
    /// [`ApiError::BadUrl`] when the URL is not an absolute http(s) URL,
    /// [`ApiError::CaCert`] when the CA file cannot be used.
    pub fn with_transport(
        base_url: &str,
        options: ClientOptions,
        transport: Transport,
    ) -> Result<Self, ApiError> {
        let bad = || ApiError::BadUrl(sanitize::excerpt(&redact_text(base_url), 100));
        let mut base = Url::parse(base_url.trim()).map_err(|_| bad())?;
        if !matches!(base.scheme(), "http" | "https") || base.cannot_be_a_base() {
            return Err(bad());
        }
        let trimmed = base.path().trim_end_matches('/').to_owned();
        base.set_path(&trimmed);
        let builder = reqwest::Client::builder()
            .connect_timeout(options.connect_timeout)
            .timeout(options.timeout)
            .user_agent(concat!("promptcrafter/", env!("CARGO_PKG_VERSION")))
            // Plain http never needs the system's roots (redirects stay on
            // the same origin): reading them costs a CLI call most of its
            // start-up (issue 9's `log` against curl).
            .tls_built_in_root_certs(base.scheme() == "https");
        let http = transport
            .apply(builder)?
            .build()
            .map_err(|e| ApiError::Network {
                url: redact(&base).to_string(),
                reason: redact_text(&e.to_string()),
                sent: false,
            })?;
        Ok(Self {
            http,
            base,
            token: None,
            options,
            transport: Arc::new(transport),
        })
    }

    /// Refuses early when a stored token would go over plain http to a host
    /// that is not loopback (see [`Transport`]).
    ///
    /// # Errors
    /// [`ApiError::InsecureTransport`].
    pub fn check_token_transport(&self) -> Result<(), ApiError> {
        self.transport.check(&self.base, "token")
    }

    /// This client with a bearer token.
    #[must_use]
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Replaces (or clears) the bearer token.
    pub fn set_token(&mut self, token: Option<String>) {
        self.token = token;
    }

    /// Whether a bearer token is set.
    #[must_use]
    pub fn has_token(&self) -> bool {
        self.token.is_some()
    }

    /// The API's base URL, as given but without credentials or a trailing
    /// slash: what messages, token files and the outbox show.
    #[must_use]
    pub fn base_url(&self) -> String {
        redact(&self.base).as_str().trim_end_matches('/').to_owned()
    }

    /// `POST /auth/signup`; returns the server's message.
    ///
    /// # Errors
    /// Any [`ApiError`]; 409 when the email is in use.
    pub async fn signup(&self, req: &SignupRequest) -> Result<String, ApiError> {
        let rb = self.request(Method::POST, &["auth", "signup"]).json(req);
        let r: MessageResponse = self.send(rb).await?;
        Ok(r.message)
    }

    /// `POST /auth/login`; returns the token (and does not store it).
    ///
    /// # Errors
    /// Any [`ApiError`]; 401 for wrong credentials.
    pub async fn login(&self, email: &str, password: &str) -> Result<String, ApiError> {
        let body = LoginRequest {
            email: email.to_owned(),
            password: password.to_owned(),
        };
        let rb = self.request(Method::POST, &["auth", "login"]).json(&body);
        let r: TokenResponse = self.send(rb).await?;
        Ok(r.token)
    }

    /// `GET /prompts`.
    ///
    /// # Errors
    /// Any [`ApiError`].
    pub async fn list_prompts(&self) -> Result<Vec<Prompt>, ApiError> {
        self.send(self.request(Method::GET, &["prompts"])).await
    }

    /// `POST /prompts`.
    ///
    /// # Errors
    /// Any [`ApiError`]; [`ApiError::Invalid`] without sending when the prompt breaks the rules.
    pub async fn create_prompt(&self, prompt: &NewPrompt) -> Result<Prompt, ApiError> {
        let value = serde_json::to_value(prompt).unwrap_or_default();
        crate::model::validate_new_prompt(&value).map_err(ApiError::Invalid)?;
        self.send(self.request(Method::POST, &["prompts"]).json(prompt))
            .await
    }

    /// `GET /prompts/:id`.
    ///
    /// # Errors
    /// Any [`ApiError`].
    pub async fn get_prompt(&self, id: &str) -> Result<Prompt, ApiError> {
        self.send(self.request(Method::GET, &["prompts", id])).await
    }

    /// `PATCH /prompts/:id`.
    ///
    /// # Errors
    /// Any [`ApiError`].
    pub async fn update_prompt(&self, id: &str, patch: &PromptPatch) -> Result<Prompt, ApiError> {
        self.send(self.request(Method::PATCH, &["prompts", id]).json(patch))
            .await
    }

    /// `DELETE /prompts/:id` (its logs go with it).
    ///
    /// # Errors
    /// Any [`ApiError`].
    pub async fn delete_prompt(&self, id: &str) -> Result<(), ApiError> {
        self.send_empty(self.request(Method::DELETE, &["prompts", id]))
            .await
    }

    /// `GET /search?q=`: prompts whose title, content or tags contain `q`.
    ///
    /// # Errors
    /// Any [`ApiError`].
    pub async fn search_prompts(&self, q: &str) -> Result<Vec<Prompt>, ApiError> {
        let rb = self.request(Method::GET, &["search"]).query(&[("q", q)]);
        self.send(rb).await
    }

    /// `GET /logs`: every log of the user.
    ///
    /// # Errors
    /// Any [`ApiError`].
    pub async fn list_logs(&self) -> Result<Vec<Log>, ApiError> {
        self.send(self.request(Method::GET, &["logs"])).await
    }

    /// `GET /logs?promptId=`: the logs of one prompt. A 404 that says the
    /// prompt has no logs (as some servers answer) reads as an empty list.
    ///
    /// # Errors
    /// Any [`ApiError`]; 404 when the prompt does not exist.
    pub async fn logs_for_prompt(&self, prompt_id: &str) -> Result<Vec<Log>, ApiError> {
        let rb = self
            .request(Method::GET, &["logs"])
            .query(&[("promptId", prompt_id)]);
        match self.send(rb).await {
            Err(ApiError::Status {
                status: 404,
                message,
                ..
            }) if message.to_lowercase().contains("no logs") => Ok(Vec::new()),
            other => other,
        }
    }

    /// `POST /logs`. The log is checked first with the server's own rules.
    ///
    /// # Errors
    /// Any [`ApiError`]; [`ApiError::Invalid`] without sending when the log breaks the rules.
    pub async fn create_log(&self, log: &NewLog) -> Result<Log, ApiError> {
        log.validate().map_err(ApiError::Invalid)?;
        self.send(self.request(Method::POST, &["logs"]).json(log))
            .await
    }

    /// `DELETE /logs/:id`.
    ///
    /// # Errors
    /// Any [`ApiError`].
    pub async fn delete_log(&self, id: &str) -> Result<(), ApiError> {
        self.send_empty(self.request(Method::DELETE, &["logs", id]))
            .await
    }

    /// A request to the path made of `segments` (each percent-encoded).
    fn request(&self, method: Method, segments: &[&str]) -> RequestBuilder {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        let rb = self.http.request(method, url);
        match &self.token {
            Some(t) => rb.bearer_auth(t),
            None => rb,
        }
    }

    async fn send<T: DeserializeOwned>(&self, rb: RequestBuilder) -> Result<T, ApiError> {
        let (status, body) = self.exchange(rb).await?;
        serde_json::from_slice(&body).map_err(|_| ApiError::Undecodable {
            status,
            excerpt: body_excerpt(&body),
        })
    }

    async fn send_empty(&self, rb: RequestBuilder) -> Result<(), ApiError> {
        self.exchange(rb).await.map(|_| ())
    }

    /// Sends, reads the whole body, and turns error statuses into errors.
    async fn exchange(&self, rb: RequestBuilder) -> Result<(u16, Vec<u8>), ApiError> {
        self.exchange_with_headers(rb)
            .await
            .map(|(status, _, body)| (status, body))
    }

    /// [`Self::exchange`], keeping the answer's headers.
    async fn exchange_with_headers(
        &self,
        rb: RequestBuilder,
    ) -> Result<(u16, reqwest::header::HeaderMap, Vec<u8>), ApiError> {
        let request = rb.build().map_err(|e| self.transport_error(&e))?;
        if let Some(what) = credential_in(&request) {
            self.transport.check(request.url(), what)?;
        }
        let response = self
            .http
            .execute(request)
            .await
            .map_err(|e| self.transport_error(&e))?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let headers = response.headers().clone();
        let body = read_body(response)
            .await
            .map_err(|e| self.transport_error(&e))?;
        if (200..300).contains(&status) {
            Ok((status, headers, body))
        } else {
            let mut err = status_error(status, &body);
            if let ApiError::Status { retry_after: r, .. } = &mut err {
                *r = retry_after;
            }
            Err(err)
        }
    }

    fn transport_error(&self, e: &reqwest::Error) -> ApiError {
        let chain = error_chain(e);
        if let Some(at) = chain.find("invalid peer certificate") {
            return ApiError::Certificate {
                host: self.base.host_str().unwrap_or_default().to_owned(),
                reason: sanitize::excerpt(&chain[at..], EXCERPT_CHARS),
            };
        }
        if e.is_connect() {
            let reason = if e.is_timeout() {
                "no connection within the connect timeout"
            } else {
                "connection refused or unreachable"
            };
            return ApiError::Network {
                url: self.base_url(),
                reason: reason.to_owned(),
                sent: false,
            };
        }
        if e.is_timeout() {
            return ApiError::Timeout(self.options.timeout);
        }
        let reason = if e.is_body() || e.is_decode() {
            "the connection closed before the whole answer arrived".to_owned()
        } else {
            // reqwest puts the URL in its message; keep it out of the reason,
            // the URL is reported separately and may carry a query string
            // or credentials.
            redact_text(&chain.replace(self.base.as_str(), ""))
        };
        ApiError::Network {
            url: self.base_url(),
            reason: sanitize::excerpt(&reason, EXCERPT_CHARS),
            sent: true,
        }
    }
}

/// An error and its sources, joined with ": ".
fn error_chain(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text = format!("{text}: {s}");
        source = s.source();
    }
    text
}

/// What secret `request` carries, if any: a password (the `/auth/*` bodies)
/// or a token (an Authorization header, from a bearer token or URL credentials).
fn credential_in(request: &reqwest::Request) -> Option<&'static str> {
    let path = request.url().path();
    if path.ends_with("/auth/login") || path.ends_with("/auth/signup") {
        Some("password")
    } else if request
        .headers()
        .contains_key(reqwest::header::AUTHORIZATION)
        || request.url().password().is_some()
    {
        Some("token")
    } else {
        None
    }
}

async fn read_body(response: Response) -> Result<Vec<u8>, reqwest::Error> {
    Ok(response.bytes().await?.to_vec())
}

fn body_excerpt(body: &[u8]) -> String {
    if body.is_empty() {
        return "(empty body)".to_owned();
    }
    sanitize::excerpt(&String::from_utf8_lossy(body), EXCERPT_CHARS)
}

/// The error for a non-2xx answer: the server's `{"error"}` (or `{"message"}`)
/// text when there is one, else an excerpt of whatever came back.
fn status_error(status: u16, body: &[u8]) -> ApiError {
    if let Ok(ErrorBody { error }) = serde_json::from_slice::<ErrorBody>(body) {
        return ApiError::Status {
            status,
            message: sanitize::excerpt(&error, EXCERPT_CHARS),
            retry_after: None,
        };
    }
    if let Ok(MessageResponse { message }) = serde_json::from_slice::<MessageResponse>(body) {
        return ApiError::Status {
            status,
            message: sanitize::excerpt(&message, EXCERPT_CHARS),
            retry_after: None,
        };
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        let reason = reqwest::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Error");
        return ApiError::Status {
            status,
            message: format!("{reason} (the server sent no message)"),
            retry_after: None,
        };
    }
    ApiError::Undecodable {
        status,
        excerpt: body_excerpt(body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_urls() {
        for bad in ["", "localhost:8080", "ftp://x", "mailto:a@b"] {
            assert!(
                ApiClient::new(bad, ClientOptions::default()).is_err(),
                "{bad}"
            );
        }
        let c = ApiClient::new("http://127.0.0.1:9/api/", ClientOptions::default()).unwrap();
        assert_eq!(c.base_url(), "http://127.0.0.1:9/api");
    }

    #[test]
    fn error_bodies() {
        let e = status_error(400, br#"{"error":"bad \u001b[31m thing"}"#);
        assert_eq!(e.server_message(), Some("bad \u{241b}[31m thing"));
        assert_eq!(e.kind(), ErrorKind::Validation);
        let e = status_error(500, b"");
        assert_eq!(e.status(), Some(500));
        assert!(e.to_string().contains("Internal Server Error"));
        let e = status_error(502, b"<html><body>Bad Gateway</body></html>");
        assert!(matches!(e, ApiError::Undecodable { status: 502, .. }));
        assert!(e.is_transient());
    }

    proptest::proptest! {
        #[test]
        fn any_answer_decodes_to_a_safe_error(
            status in 100_u16..600,
            body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
        ) {
            let text = status_error(status, &body).to_string();
            proptest::prop_assert!(!text.chars().any(sanitize::is_unsafe), "{}", text);
        }
    }
}
