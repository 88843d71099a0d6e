//! Log handlers: list (all, or per prompt under both published paths),
//! create and delete the logged outputs of a user's prompts.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use serde::Deserialize;

use super::auth::AuthUser;
use super::extract::{ApiQuery, JsonBody, PathId, check_id};
use super::prompts::NO_PROMPT;
use super::{AppState, ServerError};
use crate::model::{Log, validate_new_log};

/// The routes under `/logs`, and the `/logs-by-prompt` alias.
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/logs", get(list_logs).post(create_log))
        .route("/logs/{id}", delete(delete_log))
        .route("/logs-by-prompt", get(list_logs_by_prompt))
}

/// The query of `GET /logs` and `GET /logs-by-prompt`.
#[derive(Debug, Deserialize)]
struct LogsQuery {
    /// Only the logs of this prompt.
    #[serde(rename = "promptId")]
    prompt_id: Option<String>,
}

/// `GET /logs`: every log of the user; with `?promptId=`, that prompt's logs.
async fn list_logs(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<LogsQuery>,
) -> Result<Json<Vec<Log>>, ServerError> {
    match query.prompt_id {
        Some(prompt_id) => logs_of_prompt(&state, &user, prompt_id).await,
        None => Ok(Json(state.db().logs_for_owner(&user.id).await?)),
    }
}

/// `GET /logs-by-prompt?promptId=`: the name the OpenAPI file gives the
/// per-prompt query; `promptId` is required.
async fn list_logs_by_prompt(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<LogsQuery>,
) -> Result<Json<Vec<Log>>, ServerError> {
    let prompt_id = query
        .prompt_id
        .ok_or_else(|| ServerError::BadRequest("Query parameter promptId is required.".into()))?;
    logs_of_prompt(&state, &user, prompt_id).await
}

/// The logs of one prompt of `user`: 400 for a malformed id, 404 when the
/// prompt does not exist, 403 when it is someone else's, else 200 (maybe `[]`).
async fn logs_of_prompt(
    state: &AppState,
    user: &AuthUser,
    prompt_id: String,
) -> Result<Json<Vec<Log>>, ServerError> {
    let prompt_id = check_id("promptId", prompt_id)?;
    let owner = state
        .db()
        .prompt_owner(&prompt_id)
        .await?
        .ok_or(ServerError::NotFound(NO_PROMPT))?;
    if owner != user.id {
        return Err(ServerError::Forbidden);
    }
    Ok(Json(state.db().logs_for_prompt(&prompt_id).await?))
}

/// `POST /logs`: 201 with the new log; 400 for an invalid body or a
/// malformed `promptId`; 404 when the prompt does not exist
/// or is not the user's (one statement checks and inserts).
async fn create_log(
    State(state): State<AppState>,
    user: AuthUser,
    JsonBody(body): JsonBody,
) -> Result<(StatusCode, Json<Log>), ServerError> {
    let new = validate_new_log(&body).map_err(|p| ServerError::BadRequest(p.to_string()))?;
    check_id("promptId", new.prompt_id.clone())?;
    let log = state
        .db()
        .insert_log(&user.id, &new)
        .await?
        .ok_or(ServerError::NotFound(NO_PROMPT_FOR_LOG))?;
    Ok((StatusCode::CREATED, Json(log)))
}

/// Not found, for a new log: the prompt is missing or not the user's.
const NO_PROMPT_FOR_LOG: &str = "Prompt ID does not exist or is not accessible.";

/// `DELETE /logs/:id`: 204; 404 when there is no such log, 403 when it is
/// someone else's.
async fn delete_log(
    State(state): State<AppState>,
    user: AuthUser,
    PathId(id): PathId,
) -> Result<StatusCode, ServerError> {
    let owner = state
        .db()
        .log_owner(&id)
        .await?
        .ok_or(ServerError::NotFound("No log found with the specified ID."))?;
    if owner != user.id {
        return Err(ServerError::Forbidden);
    }
    state.db().delete_log(&id).await?;
    Ok(StatusCode::NO_CONTENT)
}
