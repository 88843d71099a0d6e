//! Exit codes, listed once with their meaning (the `--help` text and the
//! README are generated from the list), and the one-line error a command
//! ends with.

use crate::client::{ApiError, ErrorKind};
use crate::local_server::EmbeddedError;

/// The process exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum ExitCode {
    /// Anything not covered below (local files, the data directory).
    Other = 1,
    /// Bad flags or arguments, or an invalid config file.
    Usage = 2,
    /// 400, or the local check of a request.
    Invalid = 3,
    /// 401 or 403.
    Auth = 4,
    /// 404.
    NotFound = 5,
    /// 5xx or an unreadable answer.
    Server = 6,
    /// Network failure or timeout.
    Network = 7,
    /// 409.
    Conflict = 8,
    /// Not sent for a passing reason, and kept in the outbox to send later.
    Queued = 9,
}

/// Every exit code but success, with what it means, in the order `--help`
/// lists them.
pub const EXIT_CODES: [(ExitCode, &str); 9] = [
    (
        ExitCode::Usage,
        "usage error (bad flags or arguments, or an invalid config file)",
    ),
    (
        ExitCode::Invalid,
        "invalid input (the server or the local check answered 400)",
    ),
    (
        ExitCode::Auth,
        "not authorised (401/403: log in again, or not yours)",
    ),
    (ExitCode::NotFound, "not found (404)"),
    (
        ExitCode::Server,
        "server error (5xx, or an answer that could not be read)",
    ),
    (ExitCode::Network, "network error or timeout"),
    (
        ExitCode::Conflict,
        "conflict (409, e.g. email already in use; or `log --no-duplicate` found the output logged)",
    ),
    (
        ExitCode::Queued,
        "not sent for a passing reason (network, timeout, 5xx): kept in the outbox, \
         to be sent by `promptcrafter outbox flush` or the TUI",
    ),
    (
        ExitCode::Other,
        "anything else (a local file or the data directory)",
    ),
];

/// The exit codes as `--help` prints them.
#[must_use]
pub fn exit_codes_help() -> String {
    let mut out = String::from("Exit codes:\n  0  success\n");
    for (code, meaning) in EXIT_CODES {
        out.push_str(&format!("  {}  {meaning}\n", code as u8));
    }
    out
}

/// The exit codes as a Markdown table, as the README carries it.
#[must_use]
pub fn exit_codes_markdown() -> String {
    let mut out = String::from("| code | meaning |\n|---|---|\n| 0 | success |\n");
    for (code, meaning) in EXIT_CODES {
        out.push_str(&format!("| {} | {meaning} |\n", code as u8));
    }
    out
}

/// Why a command failed: an exit code and a one-line message for stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The exit code.
    pub code: ExitCode,
    /// The message, already sanitised.
    pub message: String,
}

impl Failure {
    /// A failure of class [`ExitCode::Other`].
    #[must_use]
    pub fn other(message: impl Into<String>) -> Self {
        Self {
            code: ExitCode::Other,
            message: message.into(),
        }
    }

    /// A failure of class [`ExitCode::Usage`].
    #[must_use]
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            code: ExitCode::Usage,
            message: message.into(),
        }
    }
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        let code = match e.kind() {
            ErrorKind::Validation => ExitCode::Invalid,
            ErrorKind::Auth => ExitCode::Auth,
            ErrorKind::NotFound => ExitCode::NotFound,
            ErrorKind::Conflict => ExitCode::Conflict,
            ErrorKind::Server => ExitCode::Server,
            ErrorKind::Network => ExitCode::Network,
        };
        let mut message = e.to_string();
        if code == ExitCode::Auth && e.status() == Some(401) {
            message.push_str(" (run `promptcrafter login`)");
        }
        Self { code, message }
    }
}

impl From<EmbeddedError> for Failure {
    fn from(e: EmbeddedError) -> Self {
        match e {
            EmbeddedError::Api(api) => {
                let mut f = Self::from(api);
                f.message = format!("cannot set up the local account: {}", f.message);
                f
            }
            other => Self::other(other.to_string()),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Self::other(e.to_string())
    }
}

impl From<crate::outbox::OutboxError> for Failure {
    fn from(e: crate::outbox::OutboxError) -> Self {
        Self::other(e.to_string())
    }
}
