//! Prompt search.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;

use super::auth::AuthUser;
use super::extract::ApiQuery;
use super::{AppState, ServerError};
use crate::model::Prompt;

/// The routes under `/search`.
pub(super) fn router() -> Router<AppState> {
    Router::new().route("/search", get(search_prompts))
}

/// The query of `GET /search`.
#[derive(Debug, Deserialize)]
struct SearchQuery {
    /// The text to look for.
    q: Option<String>,
}

/// `GET /search?q=`: the user's prompts whose title, content or tags
/// contain `q`, ignoring case; 400 when `q` is missing or blank.
async fn search_prompts(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> Result<Json<Vec<Prompt>>, ServerError> {
    let q = query
        .q
        .filter(|q| !q.trim().is_empty())
        .ok_or_else(|| ServerError::BadRequest("Query parameter q is required.".into()))?;
    Ok(Json(state.db().search_prompts(&user.id, q.trim()).await?))
}
