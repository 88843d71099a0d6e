//! Exit codes and the one-line error a command ends with.

use crate::client::{ApiError, ErrorKind};
use crate::embedded::EmbeddedError;

/// The process exit codes, as `--help` lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum ExitCode {
    /// Anything not covered below (local files, the data directory).
    Other = 1,
    /// Bad flags or arguments.
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
