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
use crate::model::NewLog;
use crate::review_queue::duplicate::normalised_ascii;
use crate::review_queue::duplicate::{FIND_HEADER, MAX_AMONG};
use crate::review_queue::{normalise, normalises_to};
use crate::store::{Db, LogHead};

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
/// log may be among them: the look-up runs while it is inserted), each
/// with the head of its output only, when the prompt is `owner_id`'s; none
/// otherwise (the insert then answers 404 and nothing of anyone else's
/// shows).
///
/// # Errors
/// [`ServerError`] when the query fails.
pub(super) async fn newest(
    db: &Db,
    owner_id: &str,
    new: &NewLog,
    among: u32,
) -> Result<Vec<LogHead>, ServerError> {
    Ok(db
        .newest_heads_owned(owner_id, &new.prompt_id, among + 1)
        .await?)
}

/// The `Promptcrafter-Duplicate` value for `new` among the `among` newest
/// of `newest`, the log `made` for it left out: an output no longer than
/// its head is compared there, a longer one whose head may begin the same
/// output is read whole (usually none is).
///
/// # Errors
/// [`ServerError`] when reading a log fails.
pub(super) async fn found(
    db: &Db,
    mut newest: Vec<LogHead>,
    new: &NewLog,
    made: &str,
    among: u32,
) -> Result<HeaderValue, ServerError> {
    newest.retain(|l| l.id != made);
    newest.sort_unstable_by(|a, b| (&b.created_at, &b.id).cmp(&(&a.created_at, &a.id)));
    newest.truncate(among as usize);
    let wanted = normalise(&new.output);
    for head in newest
        .iter()
        .filter(|l| l.model_used.trim() == new.model_used.trim())
    {
        let whole = head.is_whole();
        if !may_be(&head.head, whole, &wanted) {
            continue;
        }
        // A whole output was compared; a cut one is read whole.
        let same = if whole {
            Some((head.id.clone(), head.created_at.clone()))
        } else {
            db.log_by_id(&head.id)
                .await?
                .filter(|log| normalises_to(&log.output, &wanted))
                .map(|log| (log.id, log.created_at))
        };
        if let Some((id, created_at)) = same {
            let value = HeaderValue::from_str(&format!("{id} {created_at}"));
            return Ok(value.unwrap_or_else(|_| HeaderValue::from_static("none")));
        }
    }
    Ok(HeaderValue::from_static("none"))
}

/// Whether an output that begins with `head` (and is no more than that
/// when `whole`) may normalise to `wanted`: never false for one that does.
/// A whole output is compared. Of a cut one, the normalised head must begin
/// `wanted`, but for its last word when that holds a capital sigma, whose
/// lower case (final or not) depends on the chars after it, which the cut
/// took away.
fn may_be(head: &str, whole: bool, wanted: &str) -> bool {
    if whole {
        return normalises_to(head, wanted);
    }
    if head.is_ascii() && wanted.is_ascii() {
        // Byte by byte, stopping at the first difference: making the
        // normalised copy of 200 heads cost each look-up about 0.1 ms.
        let mut wanted = wanted.bytes();
        return normalised_ascii(head).all(|b| wanted.next() == Some(b));
    }
    let mut normal = normalise(head);
    let last_word = head.trim_end().rsplit(char::is_whitespace).next();
    if last_word.is_some_and(|w| w.contains('\u{3a3}')) {
        normal.truncate(normal.rfind(' ').map_or(0, |i| i + 1));
    }
    wanted.starts_with(&normal)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Never false for an output that normalises to `wanted`, wherever
        /// it is cut: letters of both cases (sigma among them), an
        /// apostrophe (case-ignorable), whitespace of several kinds.
        #[test]
        fn a_repeat_is_never_ruled_out(
            output in "[aAΣσςΑ' \t\n\u{A0}]{0,16}",
            cut in 0usize..17,
        ) {
            let wanted = normalise(&output);
            let chars: Vec<char> = output.chars().collect();
            let n = cut.min(chars.len());
            let head: String = chars[..n].iter().collect();
            proptest::prop_assert!(may_be(&head, n == chars.len(), &wanted));
        }
    }

    proptest::proptest! {
        /// Byte by byte for ASCII, the same answer as comparing the
        /// normalised copy of the head.
        #[test]
        fn the_ascii_head_test_agrees_with_the_copy(
            head in "[aAbB \t\n]{0,12}",
            wanted in "[aAbB \t\n]{0,12}",
        ) {
            let wanted = normalise(&wanted);
            proptest::prop_assert_eq!(
                may_be(&head, false, &wanted),
                wanted.starts_with(&normalise(&head))
            );
        }
    }

    #[test]
    fn a_different_beginning_rules_a_log_out() {
        let wanted = normalise("An answer of a model.");
        assert!(!may_be(&"x".repeat(256), false, &wanted));
        assert!(may_be("  AN  answer of", false, &wanted));
        assert!(!may_be("An answer of a model", true, &wanted));
        assert!(may_be("An\nanswer of a model. ", true, &wanted));
    }
}
