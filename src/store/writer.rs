//! Group commit for new logs, on either backend: one writer task owns a
//! write connection of its own, takes every insert waiting in its bounded
//! queue, commits them in one transaction (one fsync: SQLite runs with
//! `synchronous=FULL`, PostgreSQL with `synchronous_commit = on`), and only
//! then answers each waiting request. When a batch fails, its members are
//! retried one by one, so only the bad one fails. Reads (and the rare other
//! writes) stay on the pool.

use sqlx::postgres::{PgConnectOptions, PgConnection};
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

/// How the writer reaches its database: the connection options of one
/// backend (the writer opens its own connection, and a fresh one when the
/// connection breaks).
#[derive(Debug, Clone)]
pub(super) enum Target {
    Sqlite(SqliteConnectOptions),
    Postgres(PgConnectOptions),
}

/// The writer's open connection.
enum Conn {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

/// Runs `$body` with `$c` bound to the open connection, whichever backend.
macro_rules! on_conn {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            Conn::Sqlite($c) => $body,
            Conn::Postgres($c) => $body,
        }
    };
}

impl Target {
    async fn connect(&self) -> Result<Conn, StoreError> {
        Ok(match self {
            Self::Sqlite(options) => Conn::Sqlite(options.connect().await?),
            Self::Postgres(options) => Conn::Postgres(options.connect().await?),
        })
    }
}

/// The handle to the writer task. Cheap to clone.
#[derive(Debug, Clone)]
pub(super) struct Writer {
    queue: mpsc::Sender<Job>,
    cancel: CancellationToken,
    finished: watch::Receiver<bool>,
}

impl Writer {
    /// Opens the write connection to `target` and starts the task.
    pub(super) async fn start(target: Target) -> Result<Self, StoreError> {
        let conn = target.connect().await?;
        let (queue, jobs) = mpsc::channel(QUEUE);
        let cancel = CancellationToken::new();
        let (done, finished) = watch::channel(false);
        tokio::spawn(run(conn, target, jobs, cancel.clone(), done));
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
    mut conn: Conn,
    target: Target,
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
        if results.iter().any(Result::is_err) && on_conn!(&mut conn, |c| c.ping().await).is_err() {
            // A broken connection would fail every later batch: open another.
            if let Ok(fresh) = target.connect().await {
                conn = fresh;
            }
        }
        for (job, result) in batch.drain(..).zip(results) {
            // The requester may have gone (a dropped connection): nothing to tell.
            let _ = job.reply.send(result);
        }
    }
    jobs.close();
    let _ = on_conn!(conn, |c| c.close().await);
    let _ = done.send(true);
}

/// Commits `batch` in one transaction; when that fails, each member in its
/// own, so that only a bad member fails.
async fn write_batch(conn: &mut Conn, batch: &[Job]) -> Vec<Result<Option<Log>, StoreError>> {
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
    conn: &mut Conn,
    batch: &[Job],
) -> Result<Vec<Option<Log>>, StoreError> {
    on_conn!(conn, |c| {
        let mut tx = c.begin().await?;
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
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use crate::model::{NewLog, NewPrompt};
    use crate::store::testing::each_backend;
    use crate::store::tests::owner;
    use crate::store::{Db, Pool};

    /// Makes the database refuse a log whose output is `bad` (a stand-in
    /// for a row the database rejects), in the backend's own dialect.
    async fn refuse_bad_rows(db: &Db) {
        match &db.pool {
            Pool::Sqlite(pool) => {
                sqlx::query(
                    "CREATE TRIGGER refuse_bad BEFORE INSERT ON logs WHEN NEW.output = 'bad'
                     BEGIN SELECT RAISE(ABORT, 'bad row'); END",
                )
                .execute(pool)
                .await
                .unwrap();
            }
            Pool::Postgres(pool) => {
                sqlx::query(
                    "CREATE FUNCTION refuse_bad() RETURNS trigger LANGUAGE plpgsql AS $$
                     BEGIN IF NEW.output = 'bad' THEN RAISE EXCEPTION 'bad row'; END IF;
                     RETURN NEW; END $$",
                )
                .execute(pool)
                .await
                .unwrap();
                sqlx::query(
                    "CREATE TRIGGER refuse_bad BEFORE INSERT ON logs
                     FOR EACH ROW EXECUTE FUNCTION refuse_bad()",
                )
                .execute(pool)
                .await
                .unwrap();
            }
        }
    }

    fn new_log(prompt_id: &str, output: String, score: Option<i64>) -> NewLog {
        NewLog {
            prompt_id: prompt_id.to_owned(),
            output,
            model_used: "m".into(),
            notes: None,
            score,
        }
    }

    /// Many concurrent inserts batch together; one member the database
    /// refuses fails alone, every other is committed exactly once and
    /// answered with its row; after `close`, an insert fails. On each backend.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_batch_with_one_bad_member_fails_only_it() {
        for t in each_backend().await {
            let db = t.db.clone();
            let ada = owner(&db, "ada@example.com").await;
            let new = NewPrompt {
                title: "Report".into(),
                content: "c".into(),
                model: "m".into(),
                tags: None,
            };
            let p = db.insert_prompt(&ada, &new).await.unwrap();
            refuse_bad_rows(&db).await;
            let tasks: Vec<_> = (0..200)
                .map(|i| {
                    let (db, ada, pid) = (db.clone(), ada.clone(), p.id.clone());
                    tokio::spawn(async move {
                        let output = if i == 77 {
                            "bad".into()
                        } else {
                            format!("out {i}")
                        };
                        db.insert_log(&ada, &new_log(&pid, output, Some(i % 11)))
                            .await
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
            let backend = db.backend();
            assert_eq!(failed, [77], "{backend}");
            let stored: HashSet<String> = db
                .logs_for_prompt(&p.id)
                .await
                .unwrap()
                .into_iter()
                .map(|l| l.id)
                .collect();
            assert_eq!(stored, ok, "{backend}");
            assert_eq!(stored.len(), 199, "{backend}");
            db.close().await;
            let late = new_log(&p.id, "late".into(), None);
            assert!(db.insert_log(&ada, &late).await.is_err(), "{backend}");
        }
    }
}
