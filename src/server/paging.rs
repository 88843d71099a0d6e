//! Our paging extension to `GET /logs?promptId=`: `limit=N` answers the
//! newest N logs (by `createdAt`, then `_id`), `before=CURSOR` those older
//! than the page that gave the cursor. The next page's cursor comes in the
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
/// Separates the two parts of a cursor: in neither a timestamp nor an id.
const SEP: char = '~';

/// A page asked for: its size and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PageRequest {
    limit: u32,
    before: Option<PageCursor>,
}

impl PageRequest {
    /// The page the query asks for; `None` without `limit` (the whole list).
    ///
    /// # Errors
    /// 400 for a `limit` that is not 1..=1000, a malformed cursor, or a
    /// cursor without `limit`.
    pub(super) fn parse(
        limit: Option<String>,
        before: Option<String>,
    ) -> Result<Option<Self>, ServerError> {
        let Some(limit) = limit else {
            return match before {
                Some(_) => Err(ServerError::BadRequest("before needs limit.".into())),
                None => Ok(None),
            };
        };
        let limit = limit
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| {
                ServerError::BadRequest(format!("limit must be an integer from 1 to {MAX_LIMIT}."))
            })?;
        let before = before.map(|c| decode(&c)).transpose()?;
        Ok(Some(Self { limit, before }))
    }
}

/// The cursor that starts the page after the one ending with this log.
pub(super) fn encode(created_at: &str, id: &str) -> String {
    format!("{created_at}{SEP}{id}")
}

/// A cursor read back; 400 when it is not one of ours.
fn decode(cursor: &str) -> Result<PageCursor, ServerError> {
    let bad = || ServerError::BadRequest("The before cursor is malformed.".into());
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
    let mut logs = db
        .logs_page(prompt_id, page.limit + 1, page.before.as_ref())
        .await?;
    let more = logs.len() > page.limit as usize;
    logs.truncate(page.limit as usize);
    let next = logs
        .last()
        .filter(|_| more)
        .map(|l| encode(&l.created_at, &l.id));
    let mut response = Json(logs).into_response();
    if let Some(value) = next.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().insert(NEXT_CURSOR, value);
    }
    Ok(response)
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
        assert_eq!(req.before.unwrap().id, "log_1");
        for bad in ["log_1", "nottime~log_1", "2026-12-01T10:00:00.123Z~a b"] {
            assert!(
                PageRequest::parse(Some("5".into()), Some(bad.into())).is_err(),
                "{bad}"
            );
        }
    }
}
