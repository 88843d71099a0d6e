//! The client's one error type.

use std::fmt;

use crate::model::Problems;

/// What went wrong talking to a PromptCrafter API.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ApiError {
    /// The request was checked before sending and is invalid; nothing was sent.
    #[error("{0}")]
    Invalid(Problems),
    /// The server answered with an error status and a readable message.
    #[error("{} ({status})", message)]
    Status {
        /// HTTP status code.
        status: u16,
        /// The server's own message (sanitised), or the status's reason.
        message: String,
        /// How long the server asked us to wait (`Retry-After`), if it did.
        retry_after: Option<std::time::Duration>,
    },
    /// The server answered, but the body could not be read as expected
    /// (not JSON, truncated, wrong shape).
    #[error("unexpected response from the server (HTTP {status}): {excerpt}")]
    Undecodable {
        /// HTTP status code.
        status: u16,
        /// A short, sanitised excerpt of the body.
        excerpt: String,
    },
    /// No answer within the request timeout.
    #[error("the server did not answer within {0:?}")]
    Timeout(std::time::Duration),
    /// The server could not be reached or the connection broke.
    #[error("cannot reach the server at {url}: {reason}")]
    Network {
        /// The API base URL.
        url: String,
        /// What failed, in words.
        reason: String,
        /// Whether the request may have been sent before the failure
        /// (false when the connection could not even be made).
        sent: bool,
    },
    /// The API URL is not usable.
    #[error("invalid API URL {0:?}")]
    BadUrl(String),
    /// A password or token would have gone over plain http to a host that is
    /// not loopback; nothing was sent.
    #[error(
        "refusing to send the {what} to {host} over plain http, where anyone on the network \
         can read it: use an https:// API URL, or pass --allow-insecure-http \
         (PROMPTCRAFTER_ALLOW_INSECURE_HTTP=1) on a network you trust"
    )]
    InsecureTransport {
        /// What would have been sent: "password" or "token".
        what: &'static str,
        /// The host it would have gone to.
        host: String,
    },
    /// The server's TLS certificate is not trusted; nothing was sent.
    #[error(
        "the TLS certificate of {host} is not trusted ({reason}); if it is signed by your \
         team's own CA, give that CA with --ca-cert FILE"
    )]
    Certificate {
        /// The host whose certificate failed.
        host: String,
        /// Why rustls refused it.
        reason: String,
    },
    /// The server has no such route: it is not ours, or older, and lacks
    /// one of our extensions (e.g. `PATCH /logs/:id`). Nothing was changed.
    #[error("the server does not support {0}")]
    NotSupported(&'static str),
    /// The `--ca-cert` file cannot be read or holds no certificate.
    #[error("cannot use the CA certificate file {0}")]
    CaCert(String),
}

/// Coarse classes of failure, for exit codes and for deciding what a user
/// (or a retry loop) can do about an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// 400 or a failed client-side check: the request must be changed.
    Validation,
    /// 401 or 403: log in again, or not allowed.
    Auth,
    /// 404: the thing is gone or not visible to this user.
    NotFound,
    /// 409: conflicts with existing data.
    Conflict,
    /// 5xx, 429 or a body that could not be read: the server's fault, may pass.
    Server,
    /// Network failure or timeout: may pass.
    Network,
}

impl ApiError {
    /// The HTTP status, when the server answered.
    #[must_use]
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Status { status, .. } | Self::Undecodable { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The class of this error.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Invalid(_) | Self::BadUrl(_) | Self::CaCert(_) | Self::NotSupported(_) => {
                ErrorKind::Validation
            }
            Self::InsecureTransport { .. } | Self::Certificate { .. } => ErrorKind::Auth,
            Self::Status { status, .. } | Self::Undecodable { status, .. } => match status {
                401 | 403 => ErrorKind::Auth,
                404 => ErrorKind::NotFound,
                409 => ErrorKind::Conflict,
                400..=499 if *status != 429 && *status != 408 => ErrorKind::Validation,
                _ => ErrorKind::Server,
            },
            Self::Timeout(_) | Self::Network { .. } => ErrorKind::Network,
        }
    }

    /// Whether trying the same request again later may succeed.
    #[must_use]
    pub fn is_transient(&self) -> bool {
        matches!(self.kind(), ErrorKind::Server | ErrorKind::Network)
    }

    /// How long the server asked to wait before trying again, if it did.
    #[must_use]
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        match self {
            Self::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Whether a request that failed this way may have reached the server
    /// (and been acted on) although no answer came back: a timeout, or a
    /// connection lost after the request was sent.
    #[must_use]
    pub fn may_have_reached_server(&self) -> bool {
        match self {
            Self::Timeout(_) => true,
            Self::Network { sent, .. } => *sent,
            _ => false,
        }
    }

    /// The server's message alone, without the status, when there is one.
    #[must_use]
    pub fn server_message(&self) -> Option<&str> {
        match self {
            Self::Status { message, .. } => Some(message),
            _ => None,
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Validation => "invalid request",
            Self::Auth => "not authorised",
            Self::NotFound => "not found",
            Self::Conflict => "conflict",
            Self::Server => "server error",
            Self::Network => "network error",
        })
    }
}
