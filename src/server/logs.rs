//! Log handlers: list (all, or per prompt under both published paths),
//! create, correct (our `PATCH` extension) and delete the logged outputs of
//! a user's prompts.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use axum::{Json, Router};
use serde::Deserialize;

use super::auth::AuthUser;
use super::extract::{ApiQuery, JsonBody, PathId, check_id};
use super::prompts::NO_PROMPT;
use super::{AppState, ServerError, duplicates, paging};
use crate::model::{Log, validate_log_patch, validate_new_log};
use crate::review_queue::duplicate::FOUND_HEADER;

/// The routes under `/logs`, and the `/logs-by-prompt` alias.
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/logs", get(list_logs).post(create_log))
        .route("/logs/{id}", delete(delete_log).patch(update_log))
        .route("/logs-by-prompt", get(list_logs_by_prompt))
}

/// The query of `GET /logs` and `GET /logs-by-prompt`.
#[derive(Debug, Deserialize)]
struct LogsQuery {
    /// Only the logs of this prompt.
    #[serde(rename = "promptId")]
    prompt_id: Option<String>,
    /// At most this many, newest first (our paging extension).
    limit: Option<String>,
    /// Only logs older than this cursor (from `X-Next-Cursor`).
    before: Option<String>,
}

/// `GET /logs`: every log of the user; with `?promptId=`, that prompt's
/// logs, one page of them with `limit` (see [`super::paging`]).
async fn list_logs(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<LogsQuery>,
) -> Result<Response, ServerError> {
    match query.prompt_id {
        Some(prompt_id) => {
            logs_of_prompt(&state, &user, prompt_id, query.limit, query.before).await
        }
        None if query.limit.is_some() || query.before.is_some() => Err(ServerError::BadRequest(
            "Paging (limit, before) needs promptId.".into(),
        )),
        None => Ok(Json(state.db().logs_for_owner(&user.id).await?).into_response()),
    }
}

/// `GET /logs-by-prompt?promptId=`: the name the OpenAPI file gives the
/// per-prompt query; `promptId` is required.
async fn list_logs_by_prompt(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<LogsQuery>,
) -> Result<Response, ServerError> {
    let prompt_id = query
        .prompt_id
        .ok_or_else(|| ServerError::BadRequest("Query parameter promptId is required.".into()))?;
    logs_of_prompt(&state, &user, prompt_id, query.limit, query.before).await
}

/// The logs of one prompt of `user`: 400 for a malformed id or page, 404
/// when the prompt does not exist, 403 when it is someone else's, else 200
/// (maybe `[]`): the whole list oldest first, or one page newest first.
async fn logs_of_prompt(
    state: &AppState,
    user: &AuthUser,
    prompt_id: String,
    limit: Option<String>,
    before: Option<String>,
) -> Result<Response, ServerError> {
    let prompt_id = check_id("promptId", prompt_id)?;
    let page = paging::PageRequest::parse(limit, before)?;
    owned_prompt_id(state, user, &prompt_id).await?;
    match page {
        None => Ok(Json(state.db().logs_for_prompt(&prompt_id).await?).into_response()),
        Some(page) => paging::page(state.db(), &prompt_id, &page).await,
    }
}

/// Checks that the prompt `prompt_id` exists (404) and is `user`'s (403).
pub(super) async fn owned_prompt_id(
    state: &AppState,
    user: &AuthUser,
    prompt_id: &str,
) -> Result<(), ServerError> {
    let owner = state
        .db()
        .prompt_owner(prompt_id)
        .await?
        .ok_or(ServerError::NotFound(NO_PROMPT))?;
    if owner == user.id {
        Ok(())
    } else {
        Err(ServerError::Forbidden)
    }
}

/// `POST /logs`: 201 with the new log; 400 for an invalid body or a
/// malformed `promptId`; 404 when the prompt does not exist
/// or is not the user's (one statement checks and inserts). With our
/// `Promptcrafter-Find-Duplicate` header, the answer also says whether the
/// output was among the prompt's newest logs (see [`duplicates`]).
async fn create_log(
    State(state): State<AppState>,
    user: AuthUser,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> Result<Response, ServerError> {
    let new = validate_new_log(&body).map_err(|p| ServerError::BadRequest(p.to_string()))?;
    check_id("promptId", new.prompt_id.clone())?;
    let Some(among) = duplicates::among(&headers)? else {
        let log = state.db().insert_log(&user.id, &new).await?;
        let log = log.ok_or(ServerError::NotFound(NO_PROMPT_FOR_LOG))?;
        return Ok((StatusCode::CREATED, Json(log)).into_response());
    };
    // The look-up runs on the read pool while the insert waits for its
    // commit, so it adds next to nothing to the answer's time.
    let db = state.db();
    let (newest, log) = tokio::join!(
        duplicates::newest(db, &user.id, &new, among),
        db.insert_log(&user.id, &new)
    );
    let log = log?.ok_or(ServerError::NotFound(NO_PROMPT_FOR_LOG))?;
    let found = duplicates::found(db, newest?, &new, &log.id, among).await?;
    let mut response = (StatusCode::CREATED, Json(log)).into_response();
    response.headers_mut().insert(FOUND_HEADER, found);
    Ok(response)
}

/// Not found, for a new log: the prompt is missing or not the user's.
const NO_PROMPT_FOR_LOG: &str = "Prompt ID does not exist or is not accessible.";

/// Not found, for a log id.
const NO_LOG: &str = "No log found with the specified ID.";

/// `PATCH /logs/:id` (an extension): sets the score and notes sent, with
/// the rules of `POST /logs`; 200 with the whole log (same `_id` and
/// `createdAt`); 400 for an empty or invalid body; 404 when there is no such
/// log or it is someone else's (so an id says nothing about other users).
async fn update_log(
    State(state): State<AppState>,
    user: AuthUser,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> Result<Json<Log>, ServerError> {
    let patch = validate_log_patch(&body).map_err(|p| ServerError::BadRequest(p.to_string()))?;
    let log = state
        .db()
        .update_log(&user.id, &id, &patch)
        .await?
        .ok_or(ServerError::NotFound(NO_LOG))?;
    Ok(Json(log))
}

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
        .ok_or(ServerError::NotFound(NO_LOG))?;
    if owner != user.id {
        return Err(ServerError::Forbidden);
    }
    state.db().delete_log(&id).await?;
    Ok(StatusCode::NO_CONTENT)
}
