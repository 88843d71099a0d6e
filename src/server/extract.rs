//! Extractors that turn every rejection into a [`ServerError`], so that
//! nothing answers with axum's plain-text defaults.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::ServerError;

/// The answer to a body not declared as JSON.
const NOT_JSON: &str = "Expected a JSON body with Content-Type: application/json.";

/// Longest id accepted in a path or query, in bytes.
const MAX_ID_LEN: usize = 100;

/// A JSON request body, parsed but not yet validated (the validators in
/// [`crate::model`] take a [`Value`], so wrong types are reported per field).
#[derive(Debug)]
pub struct JsonBody(pub Value);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ServerError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ServerError> {
        // The contract documents 400 for a malformed request, never 415.
        if !is_json(req.headers().get(header::CONTENT_TYPE)) {
            return Err(ServerError::BadRequest(NOT_JSON.into()));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|r| {
            if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ServerError::PayloadTooLarge
            } else {
                ServerError::BadRequest("Could not read the request body.".into())
            }
        })?;
        serde_json::from_slice(&bytes)
            .map(Self)
            .map_err(|e| ServerError::BadRequest(format!("Request body is not valid JSON: {e}")))
    }
}

/// Whether a Content-Type names JSON (`application/json`, with or without
/// parameters, or any `+json` type).
fn is_json(value: Option<&header::HeaderValue>) -> bool {
    let Some(essence) = value
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
    else {
        return false;
    };
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Whether `id` has the shape of one of our ids: 1 to 100 characters of
/// `[A-Za-z0-9_-]`.
#[must_use]
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Checks an id from a path or query; 400 when it is malformed.
///
/// # Errors
/// [`ServerError::BadRequest`] naming `what`.
pub fn check_id(what: &str, id: String) -> Result<String, ServerError> {
    if is_valid_id(&id) {
        Ok(id)
    } else {
        Err(ServerError::BadRequest(format!("The {what} is malformed.")))
    }
}

/// The `:id` segment of a path, checked with [`is_valid_id`].
#[derive(Debug)]
pub struct PathId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ServerError> {
        let Path(id) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| ServerError::BadRequest("The id is malformed.".into()))?;
        check_id("id", id).map(Self)
    }
}

/// A query string decoded into `T`; 400 when it does not fit.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ServerError> {
        let Query(value) = Query::<T>::from_request_parts(parts, state)
            .await
            .map_err(|e| {
                ServerError::BadRequest(format!("Invalid query string: {}", e.body_text()))
            })?;
        Ok(Self(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("prm_0190f3a2b4c5"));
        assert!(is_valid_id("prompt-101"));
        assert!(is_valid_id(&"a".repeat(100)));
        for bad in ["", "a b", "x/y", "é", "a.b", &"a".repeat(101)] {
            assert!(!is_valid_id(bad), "{bad:?}");
        }
    }

    #[test]
    fn content_types() {
        let ok = |s: &'static str| is_json(Some(&header::HeaderValue::from_static(s)));
        assert!(ok("application/json"));
        assert!(ok("Application/JSON; charset=utf-8"));
        assert!(ok("application/merge-patch+json"));
        assert!(!ok("text/plain"));
        assert!(!ok("application/x-www-form-urlencoded"));
        assert!(!is_json(None));
    }
}
