//! The outbox: submissions waiting to be delivered, one file each, written
//! (and fsynced) before the user is told that sending failed.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::OutboxError;
use crate::model::NewLog;

/// How every entry id starts.
pub(super) const ENTRY_PREFIX: &str = "obx_";

/// Where an entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EntryState {
    /// Waiting to be retried in the background.
    Pending,
    /// Refused for a reason a retry cannot fix (400, 404, 403): waits for
    /// the user to edit or discard it.
    Failed,
}

/// One submission in the outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// Outbox-local identifier (`obx_` and a UUIDv7).
    pub id: String,
    /// The API it is for: "local" or the API's URL.
    pub api: String,
    /// The log to send.
    pub log: NewLog,
    /// When it was first submitted.
    pub queued_at: DateTime<Utc>,
    /// When the first request was sent, for finding a log that arrived
    /// although its answer was lost.
    pub first_sent_at: Option<DateTime<Utc>>,
    /// Requests sent so far.
    pub attempts: u32,
    /// Whether an earlier request may have reached the server.
    pub maybe_delivered: bool,
    /// The last failure, in words.
    pub last_error: Option<String>,
    /// Not to be retried before this time.
    pub next_attempt_at: DateTime<Utc>,
    /// Pending or failed.
    pub state: EntryState,
}

impl Entry {
    /// A new pending entry for `log` on `api`, due now.
    #[must_use]
    pub fn new(api: &str, log: NewLog) -> Self {
        let now = Utc::now();
        Self {
            id: format!("{ENTRY_PREFIX}{}", uuid::Uuid::now_v7().simple()),
            api: api.to_owned(),
            log,
            queued_at: now,
            first_sent_at: None,
            attempts: 0,
            maybe_delivered: false,
            last_error: None,
            next_attempt_at: now,
            state: EntryState::Pending,
        }
    }
}

/// The outbox folder of a data dir.
#[derive(Debug, Clone)]
pub struct Outbox {
    dir: PathBuf,
}

/// The right to send one entry, held while this value lives; another
/// process (or task) cannot claim the same entry meanwhile.
#[derive(Debug)]
pub struct Claim {
    _file: File,
}

impl Outbox {
    /// The outbox kept under `data_dir`.
    #[must_use]
    pub fn new(data_dir: &Path) -> Self {
        Self {
            dir: data_dir.join("outbox"),
        }
    }

    fn file(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{}.json", super::file_stem(id)))
    }

    /// Writes `entry` durably (temp file, fsync, rename), new or updated.
    ///
    /// # Errors
    /// Any I/O error (disk full, read-only folder), naming the file.
    pub fn put(&self, entry: &Entry) -> Result<(), OutboxError> {
        let path = self.file(&entry.id);
        super::write_file(&path, &super::to_json(&path, entry)?)
    }

    /// The entry `id`, if it is still there.
    ///
    /// # Errors
    /// Any I/O error but not-found, or an unreadable file.
    pub fn get(&self, id: &str) -> Result<Option<Entry>, OutboxError> {
        let path = self.file(id);
        match fs::read(&path) {
            Ok(b) => serde_json::from_slice(&b)
                .map(Some)
                .map_err(|source| OutboxError::Parse { path, source }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(OutboxError::Read { path, source }),
        }
    }

    /// Removes the entry `id` (delivered or discarded).
    ///
    /// # Errors
    /// Any I/O error but not-found.
    pub fn remove(&self, id: &str) -> Result<(), OutboxError> {
        let _ = fs::remove_file(self.dir.join(format!("{}.lock", super::file_stem(id))));
        super::remove_if_present(&self.file(id))
    }

    /// Every entry, oldest first; unreadable files are skipped and kept.
    ///
    /// # Errors
    /// When the folder exists but cannot be read.
    pub fn list(&self) -> Result<Vec<Entry>, OutboxError> {
        let mut out: Vec<Entry> = super::read_json_dir(&self.dir)?;
        out.sort_by(|a, b| a.queued_at.cmp(&b.queued_at).then(a.id.cmp(&b.id)));
        Ok(out)
    }

    /// Claims entry `id` for sending, or `None` when someone else holds it.
    ///
    /// # Errors
    /// When the lock file cannot be made.
    pub fn claim(&self, id: &str) -> Result<Option<Claim>, OutboxError> {
        let path = self.dir.join(format!("{}.lock", super::file_stem(id)));
        Ok(super::try_lock_file(&path)?.map(|file| Claim { _file: file }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log() -> NewLog {
        NewLog {
            prompt_id: "p".into(),
            output: "o\nü".into(),
            model_used: "m".into(),
            notes: None,
            score: Some(3),
        }
    }

    #[test]
    fn put_list_remove() {
        let dir = tempfile::tempdir().unwrap();
        let ob = Outbox::new(dir.path());
        let a = Entry::new("local", log());
        let b = Entry::new("local", log());
        ob.put(&b).unwrap();
        ob.put(&a).unwrap();
        let listed = ob.list().unwrap();
        assert_eq!(listed.len(), 2);
        assert!(listed[0].queued_at <= listed[1].queued_at);
        assert_eq!(ob.get(&a.id).unwrap().as_ref(), Some(&a));
        ob.remove(&a.id).unwrap();
        assert_eq!(ob.list().unwrap().len(), 1);
        assert_eq!(ob.get(&a.id).unwrap(), None);
    }

    #[test]
    fn claims_are_exclusive() {
        let dir = tempfile::tempdir().unwrap();
        let ob = Outbox::new(dir.path());
        let c = ob.claim("obx_1").unwrap();
        assert!(c.is_some());
        assert!(ob.claim("obx_1").unwrap().is_none());
        assert!(ob.claim("obx_2").unwrap().is_some());
        drop(c);
        assert!(ob.claim("obx_1").unwrap().is_some());
    }
}
