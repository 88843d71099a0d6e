//! Signup and login, password hashing, bearer tokens, and the [`AuthUser`]
//! extractor that guards every other route.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::routing::post;
use axum::{Json, Router};
use jsonwebtoken::Header;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::extract::JsonBody;
use super::guard::{ClientIp, Guards};
use super::hashing;
use super::{AppState, ServerError};
use crate::model::{MessageResponse, TokenResponse, validate_signup};
use crate::store::{NewUser, StoreError};

const TOKEN_MISSING: &str = "Authentication token is missing.";
const TOKEN_MALFORMED: &str = "Authorization header must be 'Bearer <token>'.";
const TOKEN_INVALID: &str = "Authentication token is invalid or has expired.";
const WRONG_CREDENTIALS: &str = "Incorrect email or password.";

/// The routes under `/auth`.
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/signup", post(create_user))
        .route("/auth/login", post(create_token))
}

/// The claims of our bearer tokens.
#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    /// The user's id.
    sub: String,
    /// Issued at, seconds since the epoch.
    iat: i64,
    /// Expires at, seconds since the epoch.
    exp: i64,
    /// Not valid before, seconds since the epoch (we never set it; a
    /// forged one in the future is refused).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    nbf: Option<i64>,
}

/// `POST /auth/signup`: 201 with a message (no token), 409 when the email is taken.
async fn create_user(
    axum::extract::State(state): axum::extract::State<AppState>,
    client: ClientIp,
    JsonBody(body): JsonBody,
) -> Result<(StatusCode, Json<MessageResponse>), ServerError> {
    state.guards().signup_attempt(client)?;
    let req = validate_signup(&body).map_err(|p| ServerError::BadRequest(p.to_string()))?;
    let password_hash = hash_password(state.guards(), req.password).await?;
    let new = NewUser {
        name: req.name,
        email: req.email,
        password_hash,
    };
    match state.db().insert_user(&new).await {
        Ok(_) => {}
        Err(StoreError::Conflict) => return Err(ServerError::Conflict("Email already in use.")),
        Err(e) => return Err(e.into()),
    }
    let message = "Account created. Log in to get a token.".to_owned();
    Ok((StatusCode::CREATED, Json(MessageResponse { message })))
}

/// `POST /auth/login`: 200 with a token, 401 for wrong credentials.
async fn create_token(
    axum::extract::State(state): axum::extract::State<AppState>,
    client: ClientIp,
    JsonBody(body): JsonBody,
) -> Result<Json<TokenResponse>, ServerError> {
    let (email, password) = login_fields(&body)?;
    let guards = state.guards();
    guards.login_attempt(client, email)?;
    let Some(user) = state.db().user_by_email(email).await? else {
        // Spend the same time as a real check, so that response times do
        // not tell which emails have accounts.
        let dummy = dummy_hash(guards).await?;
        verify_password(guards, password.to_owned(), dummy).await?;
        return Err(ServerError::Unauthorized(WRONG_CREDENTIALS));
    };
    if !verify_password(guards, password.to_owned(), user.password_hash).await? {
        return Err(ServerError::Unauthorized(WRONG_CREDENTIALS));
    }
    let token = issue_token(&state, &user.id)?;
    Ok(Json(TokenResponse { token }))
}

/// The email and password of a login body; 400 naming what is missing.
fn login_fields(body: &Value) -> Result<(&str, &str), ServerError> {
    let field = |name| {
        body.get(name)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    match (field("email"), field("password")) {
        (Some(email), Some(password)) => Ok((email, password)),
        (email, password) => {
            let names: Vec<String> = [("email", email), ("password", password)]
                .into_iter()
                .filter(|(_, v)| v.is_none())
                .map(|(name, _)| format!("{name} (missing)"))
                .collect();
            Err(ServerError::BadRequest(format!(
                "Required fields are missing or invalid: {}",
                names.join(", ")
            )))
        }
    }
}

/// Hashes a password with Argon2id, off the async threads, through the gate.
async fn hash_password(guards: &Guards, password: String) -> Result<String, ServerError> {
    guards
        .hash(move || hashing::hash(&password))
        .await?
        .map_err(|e| ServerError::Internal(format!("cannot hash a password: {e}")))
}

/// A hash of a random password with the real parameters, made once.
async fn dummy_hash(guards: &Guards) -> Result<String, ServerError> {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY
        .get_or_try_init(|| hash_password(guards, uuid::Uuid::now_v7().to_string()))
        .await
        .cloned()
}

/// Checks a password against a stored hash, off the async threads, through the gate.
async fn verify_password(
    guards: &Guards,
    password: String,
    hash: String,
) -> Result<bool, ServerError> {
    guards
        .hash(move || hashing::verify(&password, &hash))
        .await?
        .map_err(|e| ServerError::Internal(format!("stored hash unreadable: {e}")))
}

/// A signed HS256 token for `user_id`, valid for the state's token lifetime.
fn issue_token(state: &AppState, user_id: &str) -> Result<String, ServerError> {
    let iat = chrono::Utc::now().timestamp();
    let ttl = i64::try_from(state.token_ttl().as_secs()).unwrap_or(i64::MAX);
    let claims = Claims {
        sub: user_id.to_owned(),
        iat,
        exp: iat.saturating_add(ttl),
        nbf: None,
    };
    jsonwebtoken::encode(&Header::default(), &claims, state.encoding_key())
        .map_err(|e| ServerError::Internal(format!("cannot sign a token: {e}")))
}

/// The user a request is made by, from a valid bearer token of an existing user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthUser {
    /// The user's id.
    pub id: String,
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ServerError> {
        let value = parts
            .headers
            .get(header::AUTHORIZATION)
            .ok_or(ServerError::Unauthorized(TOKEN_MISSING))?;
        let token = bearer_token(value).ok_or(ServerError::Unauthorized(TOKEN_MALFORMED))?;
        let data = jsonwebtoken::decode::<Claims>(token, state.decoding_key(), state.validation())
            .map_err(|_| ServerError::Unauthorized(TOKEN_INVALID))?;
        // A token "issued" in the future was not issued by us (issue 12).
        if data.claims.iat > chrono::Utc::now().timestamp() {
            return Err(ServerError::Unauthorized(TOKEN_INVALID));
        }
        let id = data.claims.sub;
        if !state.db().user_exists(&id).await? {
            return Err(ServerError::Unauthorized(TOKEN_INVALID));
        }
        Ok(Self { id })
    }
}

/// The token of an `Authorization: Bearer <token>` header (scheme in any case).
fn bearer_token(value: &header::HeaderValue) -> Option<&str> {
    let (scheme, token) = value.to_str().ok()?.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bearer_headers() {
        let h = |s: &'static str| header::HeaderValue::from_static(s);
        assert_eq!(bearer_token(&h("Bearer abc")), Some("abc"));
        assert_eq!(bearer_token(&h("bearer  abc ")), Some("abc"));
        assert_eq!(bearer_token(&h("Basic abc")), None);
        assert_eq!(bearer_token(&h("Bearer")), None);
        assert_eq!(bearer_token(&h("Bearer ")), None);
    }

    #[test]
    fn login_needs_both_fields() {
        assert!(login_fields(&json!({"email": "a@b.c", "password": "x"})).is_ok());
        let e = login_fields(&json!({"email": "a@b.c"})).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Required fields are missing or invalid: password (missing)"
        );
        assert!(login_fields(&json!({"email": 1, "password": "x"})).is_err());
    }

    #[tokio::test]
    async fn passwords_hash_and_verify() {
        let guards = Guards::new(super::super::limits::Limits::default());
        let hash = hash_password(&guards, "correct horse".into())
            .await
            .unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(
            verify_password(&guards, "correct horse".into(), hash.clone())
                .await
                .unwrap()
        );
        assert!(
            !verify_password(&guards, "wrong horse".into(), hash)
                .await
                .unwrap()
        );
    }
}
