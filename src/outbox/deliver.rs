//! Delivering a submission exactly once: send; on a passing failure keep it
//! in the outbox and retry with backoff; when an earlier request may have
//! reached the server, look for the log before sending again.

use std::time::Duration;

use chrono::{DateTime, Utc};
use rand::Rng;

use crate::client::{ApiClient, ApiError, DuplicateAnswer};
use crate::model::{Log, NewLog};

use super::{Entry, EntryState, Outbox, OutboxError};

/// The first retry delay; each later one doubles, up to [`MAX_DELAY`].
const BASE_DELAY: Duration = Duration::from_secs(2);
/// The longest delay between two retries.
const MAX_DELAY: Duration = Duration::from_secs(300);
/// Clock skew allowed between this machine and the server when looking for
/// a log that arrived although its answer was lost.
const SKEW: chrono::TimeDelta = chrono::TimeDelta::seconds(120);

/// What one delivery attempt came to.
#[derive(Debug)]
pub enum Outcome {
    /// The log is on the server (sent now, or found from an earlier attempt).
    Delivered(Log),
    /// A passing failure: try again at `entry.next_attempt_at`.
    Retry(ApiError),
    /// Refused for a reason a retry cannot fix.
    Rejected(ApiError),
}

/// What a submission came to.
#[derive(Debug)]
pub enum SubmitResult {
    /// Logged (201).
    Logged(Log),
    /// A passing failure: the submission is in the outbox, to be retried.
    Queued {
        /// The outbox entry.
        entry: Entry,
        /// Why the first attempt failed.
        error: ApiError,
    },
    /// Refused (400, 401, 404...): nothing was queued.
    Rejected(ApiError),
    /// A passing failure, and the outbox could not be written either.
    Unsaved {
        /// Why sending failed.
        error: ApiError,
        /// Why the outbox could not keep it.
        io: OutboxError,
    },
}

/// The wait before retry number `attempts` (1-based): exponential with
/// jitter, never shorter than what the server asked for.
#[must_use]
pub fn backoff(attempts: u32, retry_after: Option<Duration>) -> Duration {
    let exp = BASE_DELAY.saturating_mul(1 << attempts.saturating_sub(1).min(16));
    let capped = exp.min(MAX_DELAY);
    let jittered = capped.mul_f64(rand::rng().random_range(0.5..=1.0));
    retry_after.map_or(jittered, |r| jittered.max(r))
}

/// Sends `log` once; on a passing failure writes it to `outbox` (durably,
/// before returning) for the background retries.
pub async fn submit(client: &ApiClient, outbox: &Outbox, api: &str, log: NewLog) -> SubmitResult {
    submit_finding_duplicate(client, outbox, api, log, None)
        .await
        .0
}

/// [`submit`]; with `among`, the first request also asks the server to look
/// for the same output among the prompt's newest `among` logs (our
/// extension), and the answer says what it found.
pub async fn submit_finding_duplicate(
    client: &ApiClient,
    outbox: &Outbox,
    api: &str,
    log: NewLog,
    among: Option<u32>,
) -> (SubmitResult, DuplicateAnswer) {
    let mut entry = Entry::new(api, log);
    let (outcome, found) = attempt_finding(client, &mut entry, among).await;
    let result = match outcome {
        Outcome::Delivered(l) => SubmitResult::Logged(l),
        Outcome::Rejected(e) => SubmitResult::Rejected(e),
        Outcome::Retry(error) => match outbox.put(&entry) {
            Ok(()) => SubmitResult::Queued { entry, error },
            Err(io) => SubmitResult::Unsaved { error, io },
        },
    };
    (result, found)
}

/// One delivery attempt of `entry`, updating its bookkeeping (attempts,
/// error, next attempt time, whether it may already be on the server).
pub async fn attempt(client: &ApiClient, entry: &mut Entry) -> Outcome {
    attempt_finding(client, entry, None).await.0
}

/// [`attempt`], asking the server to look for a repeat among `among` logs.
async fn attempt_finding(
    client: &ApiClient,
    entry: &mut Entry,
    among: Option<u32>,
) -> (Outcome, DuplicateAnswer) {
    if entry.maybe_delivered {
        match find_delivered(client, entry).await {
            Ok(Some(log)) => return (Outcome::Delivered(log), DuplicateAnswer::NotLooked),
            Ok(None) => {}
            Err(e) => return (fail(entry, e), DuplicateAnswer::NotLooked),
        }
    }
    let now = Utc::now();
    entry.first_sent_at.get_or_insert(now);
    entry.attempts += 1;
    let sent = match among {
        Some(n) => client.create_log_finding_duplicate(&entry.log, n).await,
        None => client
            .create_log(&entry.log)
            .await
            .map(|l| (l, DuplicateAnswer::NotLooked)),
    };
    match sent {
        Ok((log, found)) => (Outcome::Delivered(log), found),
        Err(e) => {
            if e.may_have_reached_server() {
                entry.maybe_delivered = true;
            }
            (fail(entry, e), DuplicateAnswer::NotLooked)
        }
    }
}

fn fail(entry: &mut Entry, e: ApiError) -> Outcome {
    entry.last_error = Some(e.to_string());
    if e.is_transient() {
        entry.state = EntryState::Pending;
        let wait = backoff(entry.attempts.max(1), e.retry_after());
        entry.next_attempt_at =
            Utc::now() + chrono::TimeDelta::from_std(wait).unwrap_or(chrono::TimeDelta::MAX);
        Outcome::Retry(e)
    } else {
        entry.state = EntryState::Failed;
        Outcome::Rejected(e)
    }
}

/// A log of the entry's prompt with the same output, model, notes and score,
/// created since its first request: the one that arrived though its answer
/// was lost.
async fn find_delivered(client: &ApiClient, entry: &Entry) -> Result<Option<Log>, ApiError> {
    let since = entry.first_sent_at.unwrap_or(entry.queued_at) - SKEW;
    let logs = client.logs_for_prompt(&entry.log.prompt_id).await?;
    Ok(logs.into_iter().find(|l| same_log(l, &entry.log, since)))
}

fn same_log(l: &Log, new: &NewLog, since: DateTime<Utc>) -> bool {
    #[expect(clippy::cast_precision_loss, reason = "scores are 0..=10")]
    let score = new.score.map(|s| s as f64);
    let created = DateTime::parse_from_rfc3339(&l.created_at).map(|t| t.with_timezone(&Utc));
    l.output == new.output
        && l.model_used == new.model_used
        && l.notes.as_deref().unwrap_or("") == new.notes.as_deref().unwrap_or("")
        && l.score == score
        && created.is_ok_and(|t| t >= since)
}

/// Sends the outbox entries of `api` that are pending and due at `now`
/// (all pending ones with `force`), each claimed so no other process sends it
/// too. Delivered entries leave the outbox; the others are updated.
/// Returns each entry tried with its outcome.
pub async fn flush(
    client: &ApiClient,
    outbox: &Outbox,
    api: &str,
    force: bool,
) -> Result<Vec<(Entry, Outcome)>, OutboxError> {
    flush_with_progress(client, outbox, api, force, &|_, _| {}).await
}

/// As [`flush`], calling `step(done, total)` before each entry looked at,
/// for a progress bar.
///
/// # Errors
/// As [`flush`].
pub async fn flush_with_progress(
    client: &ApiClient,
    outbox: &Outbox,
    api: &str,
    force: bool,
    step: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<(Entry, Outcome)>, OutboxError> {
    let now = Utc::now();
    let mut results = Vec::new();
    let entries = outbox.list()?;
    let total = entries.len();
    for (n, entry) in entries.into_iter().enumerate() {
        step(n, total);
        let due = entry.state == EntryState::Pending && (force || entry.next_attempt_at <= now);
        if entry.api != api || !due {
            continue;
        }
        let Some(_claim) = outbox.claim(&entry.id)? else {
            continue;
        };
        // Re-read under the claim: another process may have sent it meanwhile.
        let Some(mut entry) = outbox.get(&entry.id)? else {
            continue;
        };
        let outcome = attempt(client, &mut entry).await;
        match &outcome {
            Outcome::Delivered(_) => outbox.remove(&entry.id)?,
            _ => outbox.put(&entry)?,
        }
        results.push((entry, outcome));
    }
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_caps_and_honours_retry_after() {
        for n in 1..6 {
            let d = backoff(n, None);
            let full = BASE_DELAY * 2u32.pow(n - 1);
            assert!(d >= full / 2 && d <= full, "{n}: {d:?}");
        }
        assert!(backoff(40, None) <= MAX_DELAY);
        assert!(backoff(1, Some(Duration::from_secs(30))) >= Duration::from_secs(30));
    }

    #[test]
    fn same_log_matches_fields_and_time() {
        let new = NewLog {
            prompt_id: "p".into(),
            output: "o".into(),
            model_used: "m".into(),
            notes: None,
            score: Some(9),
        };
        let log = Log {
            id: "l".into(),
            prompt_id: "p".into(),
            output: "o".into(),
            model_used: "m".into(),
            notes: None,
            score: Some(9.0),
            created_at: "2026-01-01T00:00:10.000Z".into(),
        };
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        assert!(same_log(&log, &new, t("2026-01-01T00:00:00Z")));
        assert!(!same_log(&log, &new, t("2026-01-01T00:01:00Z")));
        let other = Log {
            score: Some(8.0),
            ..log
        };
        assert!(!same_log(&other, &new, t("2026-01-01T00:00:00Z")));
    }
}
