//! Our stats extension: `GET /prompts/:id/stats` answers the exact
//! [`PromptStats`] of the prompt's logs, computed here from light rows (no
//! outputs or notes), so a client need not load every log to show them.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};

use super::auth::AuthUser;
use super::extract::PathId;
use super::logs::owned_prompt_id;
use super::{AppState, ServerError};
use crate::stats::{PromptStats, prompt_stats};

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
    let light = state.db().log_scores_for_prompt(&id).await?;
    let mut stats = prompt_stats(&light);
    // The best and worst logs go out whole, output and notes included.
    for slot in [&mut stats.best, &mut stats.worst] {
        if let Some(log) = slot.take() {
            *slot = state.db().log_by_id(&log.id).await?;
        }
    }
    Ok(Json(stats))
}
