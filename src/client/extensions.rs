//! The client side of our server's extensions to the contract: correcting a
//! log (`PATCH /logs/:id`), looking for a repeat while logging (a header on
//! `POST /logs`), paging a prompt's logs (`limit` and `before` on
//! `GET /logs`), paging the prompts (`limit` and `after` on `GET /prompts`)
//! and a prompt's exact statistics (`GET /prompts/:id/stats`).
//! Each tells a server without the extension apart, or falls back to what
//! the contract alone offers.

use reqwest::Method;

use super::{ApiClient, ApiError, body_excerpt};
use crate::model::{Log, LogPatch, NewLog, Prompt, validate_log_patch};
use crate::review_queue::duplicate::{FIND_HEADER, FOUND_HEADER, MAX_AMONG};
use crate::stats::{PromptStats, prompt_stats};

/// The header that carries the cursor of the next (older) page.
pub const NEXT_CURSOR_HEADER: &str = "x-next-cursor";

/// The message our server sends with a 404 for a log id it does not know
/// (any other 404 to `PATCH /logs/:id` means the route is missing).
const NO_LOG: &str = "No log found with the specified ID.";

/// Rows per page when [`ApiClient::prompt_stats`] pages through the logs of
/// a server without the stats endpoint.
const FALLBACK_PAGE: usize = 1000;

/// One page of a prompt's logs, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct LogPage {
    /// The logs, newest first (by `createdAt`, then `_id`).
    pub logs: Vec<Log>,
    /// The cursor of the next, older page; `None` on the last page.
    pub next: Option<String>,
    /// Whether the server ignored `limit` and sent the whole list (a server
    /// without paging): then there is no next page, and `logs` is all of them.
    pub whole_list: bool,
}

/// One page of the user's prompts, in the list's order (oldest first).
#[derive(Debug, Clone, PartialEq)]
pub struct PromptPage {
    /// The prompts, oldest first.
    pub prompts: Vec<Prompt>,
    /// The cursor of the next page; `None` on the last page.
    pub next: Option<String>,
    /// Whether the server ignored `limit` and sent the whole list.
    pub whole_list: bool,
}

/// What the server found when asked to look for a repeat while logging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DuplicateAnswer {
    /// The server did not say: it has no such extension, nothing was looked for.
    NotLooked,
    /// The output is not among the logs looked through.
    Absent,
    /// The same output for the same model, logged before.
    Found {
        /// The earlier log's `_id`.
        id: String,
        /// Its `createdAt`.
        created_at: String,
    },
}

impl DuplicateAnswer {
    /// The answer the `Promptcrafter-Duplicate` header `value` gives.
    fn from_header(value: Option<&reqwest::header::HeaderValue>) -> Self {
        let Some(text) = value.and_then(|v| v.to_str().ok()).map(str::trim) else {
            return Self::NotLooked;
        };
        if text == "none" {
            return Self::Absent;
        }
        let (id, created_at) = text.split_once(' ').unwrap_or((text, ""));
        Self::Found {
            id: id.to_owned(),
            created_at: created_at.trim().to_owned(),
        }
    }
}

impl ApiClient {
    /// `POST /logs` asking our server (a `Promptcrafter-Find-Duplicate`
    /// header) to look for the same output among the prompt's newest
    /// `among` logs (at most 1000) while it logs this one; a server without
    /// the extension logs it and says nothing ([`DuplicateAnswer::NotLooked`]).
    ///
    /// # Errors
    /// As [`Self::create_log`].
    pub async fn create_log_finding_duplicate(
        &self,
        log: &NewLog,
        among: u32,
    ) -> Result<(Log, DuplicateAnswer), ApiError> {
        log.validate().map_err(ApiError::Invalid)?;
        let rb = self
            .request(Method::POST, &["logs"])
            .header(FIND_HEADER, among.clamp(1, MAX_AMONG))
            .json(log);
        let (status, headers, body) = self.exchange_with_headers(rb).await?;
        let created = serde_json::from_slice(&body).map_err(|_| ApiError::Undecodable {
            status,
            excerpt: body_excerpt(&body),
        })?;
        Ok((
            created,
            DuplicateAnswer::from_header(headers.get(FOUND_HEADER)),
        ))
    }

    /// `PATCH /logs/:id` (our extension): sets the score and notes `patch`
    /// carries; the answer is the whole log, same `_id` and `createdAt`.
    ///
    /// # Errors
    /// [`ApiError::Invalid`] without sending when the patch breaks the rules;
    /// [`ApiError::NotSupported`] when the server has no such route (a 405, or
    /// a 404 that is not ours for a missing log); else any [`ApiError`], 404
    /// when the log is gone or not this user's.
    pub async fn update_log(&self, id: &str, patch: &LogPatch) -> Result<Log, ApiError> {
        let value = serde_json::to_value(patch).unwrap_or_default();
        validate_log_patch(&value).map_err(ApiError::Invalid)?;
        let rb = self.request(Method::PATCH, &["logs", id]).json(patch);
        match self.send(rb).await {
            Err(e)
                if matches!(e.status(), Some(404 | 405)) && e.server_message() != Some(NO_LOG) =>
            {
                Err(ApiError::NotSupported("PATCH /logs/:id"))
            }
            other => other,
        }
    }

    /// `GET /logs?promptId=&limit=&before=` (our extension): up to `limit`
    /// logs of the prompt, newest first, older than the cursor `before` (a
    /// [`LogPage::next`] from the page before). Against a server that ignores
    /// `limit` the answer is the whole list, marked [`LogPage::whole_list`].
    ///
    /// A 404 that says the prompt has no logs (as some servers answer) reads
    /// as an empty whole list.
    ///
    /// # Errors
    /// Any [`ApiError`]; 400 for a bad cursor, 404 when the prompt does not exist.
    pub async fn list_logs_page(
        &self,
        prompt_id: &str,
        limit: usize,
        before: Option<&str>,
    ) -> Result<LogPage, ApiError> {
        let limit = limit.max(1);
        let mut rb = self
            .request(Method::GET, &["logs"])
            .query(&[("promptId", prompt_id), ("limit", &limit.to_string())]);
        if let Some(cursor) = before {
            rb = rb.query(&[("before", cursor)]);
        }
        let (status, headers, body) = match self.exchange_with_headers(rb).await {
            // A contract server's word for a prompt without logs (as
            // `logs_for_prompt` reads it): the whole list, empty.
            Err(ApiError::Status {
                status: 404,
                message,
                ..
            }) if message.to_lowercase().contains("no logs") => {
                return Ok(LogPage {
                    logs: Vec::new(),
                    next: None,
                    whole_list: true,
                });
            }
            other => other?,
        };
        let (mut logs, next, whole_list) = page_of::<Log>(status, &headers, &body, limit)?;
        // Newest first whatever order the server sent (the contract's is oldest first).
        logs.sort_by(|a, b| (&b.created_at, &b.id).cmp(&(&a.created_at, &a.id)));
        Ok(LogPage {
            logs,
            next,
            whole_list,
        })
    }

    /// `GET /prompts?limit=&after=` (our extension): up to `limit` prompts
    /// in the list's order, after the cursor `after` (a [`PromptPage::next`]
    /// from the page before). Against a server that ignores `limit` the
    /// answer is the whole list, marked [`PromptPage::whole_list`].
    ///
    /// # Errors
    /// Any [`ApiError`]; 400 for a bad cursor.
    pub async fn list_prompts_page(
        &self,
        limit: usize,
        after: Option<&str>,
    ) -> Result<PromptPage, ApiError> {
        let limit = limit.max(1);
        let mut rb = self
            .request(Method::GET, &["prompts"])
            .query(&[("limit", &limit.to_string())]);
        if let Some(cursor) = after {
            rb = rb.query(&[("after", cursor)]);
        }
        let (status, headers, body) = self.exchange_with_headers(rb).await?;
        let (prompts, next, whole_list) = page_of::<Prompt>(status, &headers, &body, limit)?;
        Ok(PromptPage {
            prompts,
            next,
            whole_list,
        })
    }

    /// A prompt's exact statistics: from the server's `GET
    /// /prompts/:id/stats` (our extension), or, against a server without it,
    /// computed here from every log, fetched page by page (or in one list
    /// when the server does not page).
    ///
    /// # Errors
    /// Any [`ApiError`]; 404 when the prompt does not exist.
    pub async fn prompt_stats(&self, prompt_id: &str) -> Result<PromptStats, ApiError> {
        let rb = self.request(Method::GET, &["prompts", prompt_id, "stats"]);
        match self.send(rb).await {
            Err(e) if matches!(e.status(), Some(404 | 405)) && !is_our_prompt_404(&e) => {
                self.stats_by_paging(prompt_id).await
            }
            other => other,
        }
    }

    /// Every log of the prompt, page by page, then their statistics.
    async fn stats_by_paging(&self, prompt_id: &str) -> Result<PromptStats, ApiError> {
        let mut all = Vec::new();
        let mut before: Option<String> = None;
        loop {
            let page = self
                .list_logs_page(prompt_id, FALLBACK_PAGE, before.as_deref())
                .await?;
            all.extend(page.logs);
            match page.next {
                Some(next) if !page.whole_list => before = Some(next),
                _ => break,
            }
        }
        Ok(prompt_stats(&all))
    }
}

/// One page's rows from an answer to a request for `limit` of them, the
/// next page's cursor (from `X-Next-Cursor`), and whether the server sent
/// more than asked: then it ignored `limit`, the rows are the whole list and
/// no page follows.
fn page_of<T: serde::de::DeserializeOwned>(
    status: u16,
    headers: &reqwest::header::HeaderMap,
    body: &[u8],
    limit: usize,
) -> Result<(Vec<T>, Option<String>, bool), ApiError> {
    let rows: Vec<T> = serde_json::from_slice(body).map_err(|_| ApiError::Undecodable {
        status,
        excerpt: body_excerpt(body),
    })?;
    let whole_list = rows.len() > limit;
    let next = headers
        .get(NEXT_CURSOR_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .filter(|_| !whole_list);
    Ok((rows, next, whole_list))
}

/// Whether `e` is our server's 404 for a prompt that does not exist (as
/// opposed to a route it does not have).
fn is_our_prompt_404(e: &ApiError) -> bool {
    e.server_message() == Some("No prompt found with the specified ID.")
}
