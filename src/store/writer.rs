//! Group commit for new logs: one writer task owns a write connection of
//! its own, takes every insert waiting in its bounded queue, commits them in
//! one transaction (one fsync under `synchronous=FULL`), and only then
//! answers each waiting request. When a batch fails, its members are
//! retried one by one, so only the bad one fails. Reads (and the rare other
//! writes) stay on the pool.

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection};
use tokio::sync::{mpsc, oneshot, watch};
use tokio_util::sync::CancellationToken;

use super::logs::{INSERT_LOG, LogRow};
use super::{StoreError, new_id, now};
use crate::model::{Log, NewLog};

/// Inserts waiting for the writer before a sender waits for room.
const QUEUE: usize = 4096;
/// Most inserts in one transaction.
const MAX_BATCH: usize = 512;

/// What one insert asks and where its answer goes.
struct Job {
    owner_id: String,
    new: NewLog,
    reply: oneshot::Sender<Result<Option<Log>, StoreError>>,
}

/// The handle to the writer task. Cheap to clone.
#[derive(Debug, Clone)]
pub(super) struct Writer {
    queue: mpsc::Sender<Job>,
    cancel: CancellationToken,
    finished: watch::Receiver<bool>,
}

impl Writer {
    /// Opens the write connection with `options` and starts the task.
    pub(super) async fn start(options: SqliteConnectOptions) -> Result<Self, StoreError> {
        let conn = options.connect().await?;
        let (queue, jobs) = mpsc::channel(QUEUE);
        let cancel = CancellationToken::new();
        let (done, finished) = watch::channel(false);
        tokio::spawn(run(conn, options, jobs, cancel.clone(), done));
        Ok(Self {
            queue,
            cancel,
            finished,
        })
    }

    /// Stores a new log (see [`super::Db::insert_log`]) once it is committed.
    pub(super) async fn insert(
        &self,
        owner_id: &str,
        new: &NewLog,
    ) -> Result<Option<Log>, StoreError> {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            owner_id: owner_id.to_owned(),
            new: new.clone(),
            reply,
        };
        self.queue
            .send(job)
            .await
            .map_err(|_| StoreError::WriterStopped)?;
        answer.await.map_err(|_| StoreError::WriterStopped)?
    }

    /// Stops the task after the batch in hand and closes its connection;
    /// inserts still queued fail with [`StoreError::WriterStopped`].
    pub(super) async fn stop(&self) {
        self.cancel.cancel();
        let mut finished = self.finished.clone();
        // An error means the task is gone already, which is what we wait for.
        let _ = finished.wait_for(|done| *done).await;
    }
}

/// The writer task: batches until cancelled, then closes the connection.
async fn run(
    mut conn: SqliteConnection,
    options: SqliteConnectOptions,
    mut jobs: mpsc::Receiver<Job>,
    cancel: CancellationToken,
    done: watch::Sender<bool>,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    loop {
        let got = tokio::select! {
            () = cancel.cancelled() => 0,
            n = jobs.recv_many(&mut batch, MAX_BATCH) => n,
        };
        if got == 0 {
            break;
        }
        let results = write_batch(&mut conn, &batch).await;
        if results.iter().any(Result::is_err) && conn.ping().await.is_err() {
            // A broken connection would fail every later batch: open another.
            if let Ok(fresh) = options.connect().await {
                conn = fresh;
            }
        }
        for (job, result) in batch.drain(..).zip(results) {
            // The requester may have gone (a dropped connection): nothing to tell.
            let _ = job.reply.send(result);
        }
    }
    jobs.close();
    let _ = conn.close().await;
    let _ = done.send(true);
}

/// Commits `batch` in one transaction; when that fails, each member in its
/// own, so that only a bad member fails.
async fn write_batch(
    conn: &mut SqliteConnection,
    batch: &[Job],
) -> Vec<Result<Option<Log>, StoreError>> {
    match in_one_transaction(conn, batch).await {
        Ok(rows) => rows.into_iter().map(Ok).collect(),
        Err(e) if batch.len() == 1 => vec![Err(e)],
        Err(_) => {
            let mut out = Vec::with_capacity(batch.len());
            for job in batch {
                let one = in_one_transaction(conn, std::slice::from_ref(job)).await;
                out.push(one.map(|mut rows| rows.pop().flatten()));
            }
            out
        }
    }
}

/// Inserts every member of `batch` and commits; nothing when any fails.
async fn in_one_transaction(
    conn: &mut SqliteConnection,
    batch: &[Job],
) -> Result<Vec<Option<Log>>, StoreError> {
    let mut tx = conn.begin().await?;
    let mut out = Vec::with_capacity(batch.len());
    for job in batch {
        let row = sqlx::query_as::<_, LogRow>(INSERT_LOG)
            .bind(new_id("log"))
            .bind(&job.new.output)
            .bind(&job.new.model_used)
            .bind(&job.new.notes)
            .bind(job.new.score)
            .bind(now())
            .bind(&job.new.prompt_id)
            .bind(&job.owner_id)
            .fetch_optional(&mut *tx)
            .await?;
        out.push(row.map(Log::from));
    }
    tx.commit().await?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use crate::model::{NewLog, NewPrompt};
    use crate::store::Pool;
    use crate::store::testing::sqlite;
    use crate::store::tests::owner;

    /// Many concurrent inserts batch together; one member the database
    /// refuses (a trigger stands in for a bad row) fails alone, every other
    /// is committed exactly once and answered with its row.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_batch_with_one_bad_member_fails_only_it() {
        let t = sqlite().await;
        let db = t.db.clone();
        let ada = owner(&db, "ada@example.com").await;
        let new = NewPrompt {
            title: "Report".into(),
            content: "c".into(),
            model: "m".into(),
            tags: None,
        };
        let p = db.insert_prompt(&ada, &new).await.unwrap();
        let Pool::Sqlite(pool) = &db.pool else {
            panic!("sqlite")
        };
        sqlx::query(
            "CREATE TRIGGER refuse_bad BEFORE INSERT ON logs WHEN NEW.output = 'bad'
             BEGIN SELECT RAISE(ABORT, 'bad row'); END",
        )
        .execute(pool)
        .await
        .unwrap();
        let tasks: Vec<_> = (0..200)
            .map(|i| {
                let (db, ada, pid) = (db.clone(), ada.clone(), p.id.clone());
                tokio::spawn(async move {
                    let output = if i == 77 {
                        "bad".into()
                    } else {
                        format!("out {i}")
                    };
                    let log = NewLog {
                        prompt_id: pid,
                        output,
                        model_used: "m".into(),
                        notes: None,
                        score: Some(i % 11),
                    };
                    db.insert_log(&ada, &log).await
                })
            })
            .collect();
        let mut ok = HashSet::new();
        let mut failed = Vec::new();
        for (i, task) in tasks.into_iter().enumerate() {
            match task.await.unwrap() {
                Ok(Some(log)) => assert!(ok.insert(log.id), "an id twice"),
                Ok(None) => panic!("the prompt is there"),
                Err(_) => failed.push(i),
            }
        }
        assert_eq!(failed, [77]);
        let stored: HashSet<String> = db
            .logs_for_prompt(&p.id)
            .await
            .unwrap()
            .into_iter()
            .map(|l| l.id)
            .collect();
        assert_eq!(stored, ok);
        assert_eq!(stored.len(), 199);
        db.close().await;
        assert!(
            db.insert_log(
                &ada,
                &NewLog {
                    prompt_id: p.id.clone(),
                    output: "late".into(),
                    model_used: "m".into(),
                    notes: None,
                    score: None,
                }
            )
            .await
            .is_err()
        );
    }
}
