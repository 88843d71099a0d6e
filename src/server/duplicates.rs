//! Our duplicate-finding extension of `POST /logs`: with the request header
//! `Promptcrafter-Find-Duplicate: N` the server looks for the same output
//! (for the same model, compared as [`crate::review_queue::normalise`]
//! does) among the prompt's newest `N` logs, stores the new log either way,
//! and says what it found in the answer's `Promptcrafter-Duplicate` header:
//! `none`, or the duplicate's `_id` and `createdAt`. So `promptcrafter log`
//! warns of a repeat with one request instead of fetching a page of logs
//! first. Without the header, `POST /logs` is the contract's.

use axum::http::{HeaderMap, HeaderValue};

use super::ServerError;
use crate::model::{Log, NewLog};
use crate::review_queue::duplicate::{FIND_HEADER, MAX_AMONG};
use crate::review_queue::is_duplicate;
use crate::store::Db;

/// How many of the newest logs the request asks to look through; `None`
/// without the header.
///
/// # Errors
/// 400 when the header is not a count from 1 to [`MAX_AMONG`].
pub(super) fn among(headers: &HeaderMap) -> Result<Option<u32>, ServerError> {
    let Some(value) = headers.get(FIND_HEADER) else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|n| (1..=MAX_AMONG).contains(n))
        .map(Some)
        .ok_or_else(|| {
            ServerError::BadRequest(format!(
                "{FIND_HEADER} must be a count from 1 to {MAX_AMONG}."
            ))
        })
}

/// The newest `among` logs of the prompt of `new` (one more, as the new
/// log may be among them: the look-up runs while it is inserted), when the
/// prompt is `owner_id`'s; none otherwise (the insert then answers 404 and
/// nothing of anyone else's shows).
///
/// # Errors
/// [`ServerError`] when the query fails.
pub(super) async fn newest(
    db: &Db,
    owner_id: &str,
    new: &NewLog,
    among: u32,
) -> Result<Vec<Log>, ServerError> {
    Ok(db
        .newest_logs_owned(owner_id, &new.prompt_id, among + 1)
        .await?)
}

/// The `Promptcrafter-Duplicate` value for `new` among the `among` newest
/// of `newest`, the log `made` for it left out.
pub(super) fn found(newest: Vec<Log>, new: &NewLog, made: &str, among: u32) -> HeaderValue {
    let earlier: Vec<Log> = newest
        .into_iter()
        .filter(|l| l.id != made)
        .take(among as usize)
        .collect();
    is_duplicate(&earlier, &new.prompt_id, &new.model_used, &new.output)
        .and_then(|l| HeaderValue::from_str(&format!("{} {}", l.id, l.created_at)).ok())
        .unwrap_or_else(|| HeaderValue::from_static("none"))
}
