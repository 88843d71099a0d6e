//! The request-body guard: a declared Content-Length over the limit is
//! answered 413 before any of the body is read, and a body that does not
//! arrive whole within the body timeout is answered 400 and its connection
//! closed.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::{AppState, ServerError};

/// Reads the whole body under the limits, then runs the rest of the stack
/// with it in memory.
pub(super) async fn guard_body(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let limits = &state.guards().limits;
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limits.body_limit as u64) {
        return close(ServerError::PayloadTooLarge.into_response());
    }
    if declared == Some(0) || (declared.is_none() && !has_chunked_body(&request)) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let read = axum::body::to_bytes(body, limits.body_limit);
    let bytes = match tokio::time::timeout(limits.body_timeout, read).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(e)) if is_too_large(&e) => {
            return close(ServerError::PayloadTooLarge.into_response());
        }
        Ok(Err(_)) => {
            let e = ServerError::BadRequest("Could not read the request body.".into());
            return close(e.into_response());
        }
        Err(_) => {
            let e = ServerError::BadRequest(format!(
                "The request body did not arrive within {} s.",
                limits.body_timeout.as_secs_f64()
            ));
            return close(e.into_response());
        }
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// Whether the request sends a body without declaring its length.
fn has_chunked_body(request: &Request) -> bool {
    request
        .headers()
        .get(header::TRANSFER_ENCODING)
        .is_some_and(|v| !v.as_bytes().is_empty())
}

/// Whether reading a body failed because it passed the length limit.
fn is_too_large(error: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if e.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = e.source();
    }
    false
}

/// `response`, with the connection closed after it (the rest of the body
/// is never read).
fn close(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}
