//! Prompt handlers: list, create, read, update and delete a user's prompts.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;

use super::auth::AuthUser;
use super::extract::{ApiQuery, JsonBody, PathId};
use super::paging::{self, MAX_PROMPT_LIMIT};
use super::{AppState, ServerError};
use crate::model::{Prompt, PromptPatch, validate_new_prompt, validate_prompt_patch};

/// Not found: the prompt id names no prompt.
pub(super) const NO_PROMPT: &str = "No prompt found with the specified ID.";

/// The routes under `/prompts`.
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/prompts", get(list_prompts).post(create_prompt))
        .route(
            "/prompts/{id}",
            get(get_prompt).patch(update_prompt).delete(delete_prompt),
        )
}

/// The prompt `id` if `user` owns it: 404 when it does not exist, 403 when
/// it is someone else's.
async fn owned_prompt(state: &AppState, user: &AuthUser, id: &str) -> Result<Prompt, ServerError> {
    let prompt = state
        .db()
        .prompt_by_id(id)
        .await?
        .ok_or(ServerError::NotFound(NO_PROMPT))?;
    if prompt.owner_id == user.id {
        Ok(prompt)
    } else {
        Err(ServerError::Forbidden)
    }
}

/// The query of `GET /prompts`: our paging extension (see [`super::paging`]).
#[derive(Debug, Deserialize)]
struct PromptsQuery {
    /// At most this many, oldest first.
    limit: Option<String>,
    /// Only prompts after this cursor (from `X-Next-Cursor`).
    after: Option<String>,
}

/// `GET /prompts`: every prompt of the user, oldest first; one page of them
/// with `limit` (our extension), the next page's cursor in `X-Next-Cursor`.
async fn list_prompts(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<PromptsQuery>,
) -> Result<Response, ServerError> {
    let page =
        paging::PageRequest::parse_with(query.limit, query.after, MAX_PROMPT_LIMIT, "after")?;
    let Some(page) = page else {
        return Ok(Json(state.db().prompts_for_owner(&user.id).await?).into_response());
    };
    // One row more than asked says whether another page follows.
    let prompts = state
        .db()
        .prompts_page(&user.id, page.limit + 1, page.cursor.as_ref())
        .await?;
    Ok(paging::answer(prompts, page.limit, |p| {
        paging::encode(&p.created_at, &p.id)
    }))
}

/// `POST /prompts`: 201 with the new prompt.
async fn create_prompt(
    State(state): State<AppState>,
    user: AuthUser,
    JsonBody(body): JsonBody,
) -> Result<(StatusCode, Json<Prompt>), ServerError> {
    let new = validate_new_prompt(&body).map_err(|p| ServerError::BadRequest(p.to_string()))?;
    let prompt = state.db().insert_prompt(&user.id, &new).await?;
    Ok((StatusCode::CREATED, Json(prompt)))
}

/// `GET /prompts/:id`.
async fn get_prompt(
    State(state): State<AppState>,
    user: AuthUser,
    PathId(id): PathId,
) -> Result<Json<Prompt>, ServerError> {
    Ok(Json(owned_prompt(&state, &user, &id).await?))
}

/// `PATCH /prompts/:id`: changes the fields sent and bumps `updatedAt`; a
/// patch that changes nothing answers the prompt as it is, `updatedAt` untouched.
async fn update_prompt(
    State(state): State<AppState>,
    user: AuthUser,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> Result<Json<Prompt>, ServerError> {
    let patch = validate_prompt_patch(&body).map_err(|p| ServerError::BadRequest(p.to_string()))?;
    let current = owned_prompt(&state, &user, &id).await?;
    if changes_nothing(&current, &patch) {
        return Ok(Json(current));
    }
    let updated = state
        .db()
        .update_prompt(&current, &patch)
        .await?
        .ok_or(ServerError::NotFound(NO_PROMPT))?;
    Ok(Json(updated))
}

/// Whether every field of `patch` already holds its value in `prompt`.
fn changes_nothing(prompt: &Prompt, patch: &PromptPatch) -> bool {
    patch.title.as_ref().is_none_or(|t| *t == prompt.title)
        && patch.content.as_ref().is_none_or(|c| *c == prompt.content)
        && patch.model.as_ref().is_none_or(|m| *m == prompt.model)
        && patch.tags.as_ref().is_none_or(|t| *t == prompt.tags)
}

/// `DELETE /prompts/:id`: 204; the prompt's logs go with it.
async fn delete_prompt(
    State(state): State<AppState>,
    user: AuthUser,
    PathId(id): PathId,
) -> Result<StatusCode, ServerError> {
    let owner = state
        .db()
        .prompt_owner(&id)
        .await?
        .ok_or(ServerError::NotFound(NO_PROMPT))?;
    if owner != user.id {
        return Err(ServerError::Forbidden);
    }
    state.db().delete_prompt(&id).await?;
    Ok(StatusCode::NO_CONTENT)
}
