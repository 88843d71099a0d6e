//! The server's one error type: every failure becomes a status and the
//! contract's `{"error": "..."}` body. Internal causes are logged, never sent.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::model::ErrorBody;
use crate::store::StoreError;

/// The sentence a client sees for any internal failure.
const INTERNAL: &str = "An unexpected server error occurred.";

/// Everything that can go wrong serving a request, or starting and stopping
/// the server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// 400: the request is malformed or invalid; the text says how.
    #[error("{0}")]
    BadRequest(String),
    /// 401: no usable credentials; the text says which problem.
    #[error("{0}")]
    Unauthorized(&'static str),
    /// 403: the resource exists but belongs to another user.
    #[error("You do not have permission to access this resource.")]
    Forbidden,
    /// 404: the text names what was not found.
    #[error("{0}")]
    NotFound(&'static str),
    /// 405: the route exists, the method does not.
    #[error("Method not allowed for this route.")]
    MethodNotAllowed,
    /// 409: the text names the conflict.
    #[error("{0}")]
    Conflict(&'static str),
    /// 413: the body is over the limit.
    #[error("Request body is too large.")]
    PayloadTooLarge,
    /// 429: too many attempts from this address or on this account.
    #[error("Too many attempts: try again in {} s.", retry_after.as_secs())]
    TooManyRequests {
        /// How long the client should wait (sent as `Retry-After`).
        retry_after: std::time::Duration,
    },
    /// 503: every password-check slot and the queue are taken.
    #[error("The server is busy: try again in {} s.", retry_after.as_secs())]
    Busy {
        /// How long the client should wait (sent as `Retry-After`).
        retry_after: std::time::Duration,
    },
    /// 500: the database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// 500: any other internal failure (hashing, token signing, a panicked task).
    #[error("internal error: {0}")]
    Internal(String),
    /// The TLS certificate or key cannot be used (never a response).
    #[error("TLS: {0}")]
    Tls(String),
    /// Starting or stopping the server failed (never a response).
    #[error("{context}: {source}")]
    Io {
        /// What was being done, e.g. "cannot bind 127.0.0.1:8080".
        context: String,
        /// The underlying IO error.
        source: std::io::Error,
    },
}

impl ServerError {
    /// The status this error answers with.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Self::Store(_) | Self::Internal(_) | Self::Io { .. } | Self::Tls(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let status = self.status();
        let retry_after = match &self {
            Self::TooManyRequests { retry_after } | Self::Busy { retry_after } => {
                Some(retry_after.as_secs().max(1))
            }
            _ => None,
        };
        let error = if status.is_server_error() && retry_after.is_none() {
            tracing::error!(error = %self, "request failed");
            INTERNAL.to_owned()
        } else {
            self.to_string()
        };
        let mut response = (status, Json(ErrorBody { error })).into_response();
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_causes_stay_inside() {
        let e = ServerError::Internal("secret detail".into());
        let response = e.into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let e = ServerError::BadRequest("title (missing)".into());
        assert_eq!(e.to_string(), "title (missing)");
        assert_eq!(e.status(), StatusCode::BAD_REQUEST);
    }

    #[test]
    fn waits_are_announced() {
        let wait = std::time::Duration::from_secs(7);
        for (e, status) in [
            (
                ServerError::TooManyRequests { retry_after: wait },
                StatusCode::TOO_MANY_REQUESTS,
            ),
            (
                ServerError::Busy { retry_after: wait },
                StatusCode::SERVICE_UNAVAILABLE,
            ),
        ] {
            let response = e.into_response();
            assert_eq!(response.status(), status);
            assert_eq!(response.headers()[header::RETRY_AFTER], "7");
        }
    }
}
