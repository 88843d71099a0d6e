//! Our paging extensions: on `GET /logs?promptId=`, `limit=N` answers the
//! newest N logs (by `createdAt`, then `_id`), `before=CURSOR` those older
//! than the page that gave the cursor; on `GET /prompts`, `limit=N` answers
//! the oldest N prompts (the list's own order), `after=CURSOR` those after
//! the page that gave the cursor. The next page's cursor comes in the
//! `X-Next-Cursor` header, absent on the last page. A cursor is opaque to
//! clients; it holds the last row's `createdAt` and `_id`.

use axum::Json;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};

use super::ServerError;
use super::extract::is_valid_id;
use crate::store::{Db, PageCursor};

/// The header that carries the next page's cursor.
pub(super) const NEXT_CURSOR: &str = "x-next-cursor";
/// The most logs one page may hold.
pub(super) const MAX_LIMIT: u32 = 1000;
/// The most prompts one page may hold (a prompt row is small, and a client
/// loading a long list wants few round trips).
pub(super) const MAX_PROMPT_LIMIT: u32 = 5000;
/// Separates the two parts of a cursor: in neither a timestamp nor an id.
const SEP: char = '~';

/// A page asked for: its size and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PageRequest {
    pub(super) limit: u32,
    pub(super) cursor: Option<PageCursor>,
}

impl PageRequest {
    /// The page of logs the query asks for; `None` without `limit` (the
    /// whole list).
    ///
    /// # Errors
    /// 400 for a `limit` that is not 1..=1000, a malformed cursor, or a
    /// cursor without `limit`.
    pub(super) fn parse(
        limit: Option<String>,
        before: Option<String>,
    ) -> Result<Option<Self>, ServerError> {
        Self::parse_with(limit, before, MAX_LIMIT, "before")
    }

    /// The page the query asks for, pages holding at most `max` rows and
    /// the cursor named `cursor_name` in the query; `None` without `limit`.
    ///
    /// # Errors
    /// 400 for a `limit` that is not 1..=`max`, a malformed cursor, or a
    /// cursor without `limit`.
    pub(super) fn parse_with(
        limit: Option<String>,
        cursor: Option<String>,
        max: u32,
        cursor_name: &str,
    ) -> Result<Option<Self>, ServerError> {
        let Some(limit) = limit else {
            return match cursor {
                Some(_) => Err(ServerError::BadRequest(format!(
                    "{cursor_name} needs limit."
                ))),
                None => Ok(None),
            };
        };
        let limit = limit
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| {
                ServerError::BadRequest(format!("limit must be an integer from 1 to {max}."))
            })?;
        let cursor = cursor.map(|c| decode(&c, cursor_name)).transpose()?;
        Ok(Some(Self { limit, cursor }))
    }
}

/// The cursor that starts the page after the one ending with this log.
pub(super) fn encode(created_at: &str, id: &str) -> String {
    format!("{created_at}{SEP}{id}")
}

/// A cursor read back; 400 when it is not one of ours.
fn decode(cursor: &str, name: &str) -> Result<PageCursor, ServerError> {
    let bad = || ServerError::BadRequest(format!("The {name} cursor is malformed."));
    let (created_at, id) = cursor.split_once(SEP).ok_or_else(bad)?;
    if !is_valid_id(id) || chrono::DateTime::parse_from_rfc3339(created_at).is_err() {
        return Err(bad());
    }
    Ok(PageCursor {
        created_at: created_at.to_owned(),
        id: id.to_owned(),
    })
}

/// One page of the prompt's logs, with `X-Next-Cursor` when more follow.
pub(super) async fn page(
    db: &Db,
    prompt_id: &str,
    page: &PageRequest,
) -> Result<Response, ServerError> {
    // One row more than asked says whether another page follows.
    let logs = db
        .logs_page(prompt_id, page.limit + 1, page.cursor.as_ref())
        .await?;
    Ok(answer(logs, page.limit, |l| encode(&l.created_at, &l.id)))
}

/// `rows` (one more than a page of `limit` when another page follows) as
/// the JSON answer, with the next page's cursor, made by `cursor` from the
/// page's last row, in `X-Next-Cursor` when another page follows.
pub(super) fn answer<T: serde::Serialize>(
    mut rows: Vec<T>,
    limit: u32,
    cursor: impl Fn(&T) -> String,
) -> Response {
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next = rows.last().filter(|_| more).map(cursor);
    let mut response = Json(rows).into_response();
    if let Some(value) = next.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().insert(NEXT_CURSOR, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_requests() {
        assert_eq!(PageRequest::parse(None, None).unwrap(), None);
        assert!(PageRequest::parse(None, Some("x".into())).is_err());
        for bad in ["0", "-1", "1001", "x", ""] {
            assert!(PageRequest::parse(Some(bad.into()), None).is_err(), "{bad}");
        }
        let cursor = encode("2026-12-01T10:00:00.123Z", "log_1");
        let req = PageRequest::parse(Some("50".into()), Some(cursor))
            .unwrap()
            .unwrap();
        assert_eq!(req.limit, 50);
        assert_eq!(req.cursor.unwrap().id, "log_1");
        for bad in ["log_1", "nottime~log_1", "2026-12-01T10:00:00.123Z~a b"] {
            assert!(
                PageRequest::parse(Some("5".into()), Some(bad.into())).is_err(),
                "{bad}"
            );
        }
    }
}
