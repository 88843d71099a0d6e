//! Our stats extension: `GET /prompts/:id/stats` answers the exact
//! [`PromptStats`] of the prompt's logs, computed in the database (counts,
//! and the newest scores until each series is full), so neither we nor a
//! client load every log to show them.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};

use super::auth::AuthUser;
use super::extract::PathId;
use super::logs::owned_prompt_id;
use super::{AppState, ServerError};
use crate::stats::PromptStats;

/// The route of the stats extension.
pub(super) fn router() -> Router<AppState> {
    Router::new().route("/prompts/{id}/stats", get(get_prompt_stats))
}

/// `GET /prompts/:id/stats`: 200 with the statistics (also for a prompt
/// without logs); 404 when the prompt does not exist, 403 when it is
/// someone else's, as `GET /prompts/:id`.
async fn get_prompt_stats(
    State(state): State<AppState>,
    user: AuthUser,
    PathId(id): PathId,
) -> Result<Json<PromptStats>, ServerError> {
    owned_prompt_id(&state, &user, &id).await?;
    // The best and worst logs go out whole, output and notes included.
    Ok(Json(state.db().prompt_stats(&id).await?))
}
