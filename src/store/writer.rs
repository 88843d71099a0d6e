//! Group commit for new logs, on either backend: one writer task owns a
//! write connection of its own, takes every insert waiting in its bounded
//! queue, stores them with one multi-row statement, its own transaction
//! (one commit, one fsync: SQLite runs with `synchronous=FULL`, PostgreSQL
//! with `synchronous_commit = on`), and only then answers each waiting
//! request. When a batch fails, its members are retried one by one, so only
//! the bad one fails. Reads (and the rare other writes) stay on the pool.

use std::sync::OnceLock;

use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection};
use tokio::sync::{mpsc, oneshot, watch};
use tokio_util::sync::CancellationToken;

use super::logs::LogRow;
use super::{StoreError, new_id, now};
use crate::model::{Log, NewLog};

/// Inserts waiting for the writer before a sender waits for room.
const QUEUE: usize = 4096;
/// Most inserts in one statement (8 parameters each: 4,096 in all, under
/// both backends' limits).
const MAX_BATCH: usize = 512;

/// What one insert asks and where its answer goes. The id and time are
/// given when the request is queued, so the batch statement need only
/// return which ids it stored.
struct Job {
    id: String,
    created_at: String,
    owner_id: String,
    new: NewLog,
    reply: oneshot::Sender<Result<Option<Log>, StoreError>>,
}

impl Job {
    /// The answer for this job once its batch is committed: the stored
    /// log, or `None` when the statement stored no row for it (the prompt is
    /// missing or someone else's).
    fn answer(self, result: Result<bool, StoreError>) {
        let answer = result.map(|stored| {
            stored.then(|| {
                Log::from(LogRow {
                    id: self.id,
                    prompt_id: self.new.prompt_id,
                    output: self.new.output,
                    model_used: self.new.model_used,
                    notes: self.new.notes,
                    score: self.new.score,
                    created_at: self.created_at,
                })
            })
        });
        // The requester may have gone (a dropped connection): nothing to tell.
        let _ = self.reply.send(answer);
    }
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
            id: new_id("log"),
            created_at: now(),
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
        let started = std::time::Instant::now();
        let results = write_batch(&mut conn, &batch).await;
        tracing::trace!(
            "committed a batch of {got} in {:.2} ms",
            started.elapsed().as_secs_f64() * 1000.0
        );
        if results.iter().any(Result::is_err) && on_conn!(&mut conn, |c| c.ping().await).is_err() {
            // A broken connection would fail every later batch: open another.
            if let Ok(fresh) = target.connect().await {
                conn = fresh;
            }
        }
        for (job, result) in batch.drain(..).zip(results) {
            job.answer(result);
        }
    }
    jobs.close();
    let _ = on_conn!(conn, |c| c.close().await);
    let _ = done.send(true);
}

/// Commits `batch` at once; when that fails, each member on its own, so
/// that only a bad member fails. For each member: whether a row was stored
/// for it.
async fn write_batch(conn: &mut Conn, batch: &[Job]) -> Vec<Result<bool, StoreError>> {
    match write_rows(conn, batch).await {
        Ok(stored) => stored.into_iter().map(Ok).collect(),
        Err(e) if batch.len() == 1 => vec![Err(e)],
        Err(_) => {
            let mut out = Vec::with_capacity(batch.len());
            for job in batch {
                let one = write_rows(conn, std::slice::from_ref(job)).await;
                out.push(one.map(|stored| stored[0]));
            }
            out
        }
    }
}

/// Inserts every member of `batch` in one statement, which is its own
/// transaction (autocommit): all rows or none, on disk when it returns.
/// One statement is one round trip to the database, and one commit. When
/// fewer rows went in than asked (a prompt missing, or someone else's),
/// looks up which.
async fn write_rows(conn: &mut Conn, batch: &[Job]) -> Result<Vec<bool>, StoreError> {
    let sql = insert_statement(conn.dialect(), batch.len());
    let inserted = on_conn!(conn, |c| {
        let mut query = sqlx::query(sql);
        for job in batch {
            query = query
                .bind(&job.id)
                .bind(&job.new.output)
                .bind(&job.new.model_used)
                .bind(&job.new.notes)
                .bind(job.new.score)
                .bind(&job.created_at)
                .bind(&job.new.prompt_id)
                .bind(&job.owner_id);
        }
        query.execute(&mut *c).await?.rows_affected()
    });
    if inserted == batch.len() as u64 {
        return Ok(vec![true; batch.len()]);
    }
    let mut stored = Vec::with_capacity(batch.len());
    for job in batch {
        let found = on_conn!(conn, |c| sqlx::query("SELECT 1 FROM logs WHERE id = $1")
            .bind(&job.id)
            .fetch_optional(&mut *c)
            .await?
            .is_some());
        stored.push(found);
    }
    Ok(stored)
}

/// How a statement's parameters are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialect {
    /// `?`, in order. Not `$N`: SQLite finds a numbered parameter's name
    /// by a walk over all of them, so binding 4,096 of them takes millions
    /// of steps.
    Sqlite,
    /// `$1`, `$2`, ...
    Postgres,
}

impl Conn {
    fn dialect(&self) -> Dialect {
        match self {
            Self::Sqlite(_) => Dialect::Sqlite,
            Self::Postgres(_) => Dialect::Postgres,
        }
    }
}

/// The statement that stores `rows` logs (1 to [`MAX_BATCH`]), each only
/// when its prompt exists and is its owner's. The `VALUES` columns are
/// `column1`.. on both backends: id, output, model, notes, score, time,
/// prompt, owner. Each text is made once, when first needed.
fn insert_statement(dialect: Dialect, rows: usize) -> &'static str {
    static SQLITE: [OnceLock<String>; MAX_BATCH] = [const { OnceLock::new() }; MAX_BATCH];
    static POSTGRES: [OnceLock<String>; MAX_BATCH] = [const { OnceLock::new() }; MAX_BATCH];
    let made = match dialect {
        Dialect::Sqlite => &SQLITE,
        Dialect::Postgres => &POSTGRES,
    };
    made[rows - 1].get_or_init(|| statement_of(dialect, rows))
}

/// The text of [`insert_statement`].
fn statement_of(dialect: Dialect, rows: usize) -> String {
    use std::fmt::Write as _;
    let mut values = String::with_capacity(rows * 48);
    for row in 0..rows {
        values.push_str(if row == 0 { "(" } else { ",(" });
        for column in 0..8 {
            if column > 0 {
                values.push(',');
            }
            match dialect {
                Dialect::Sqlite => values.push('?'),
                // Writing to a String cannot fail.
                Dialect::Postgres => {
                    let _ = write!(values, "${}", row * 8 + column + 1);
                }
            }
        }
        values.push(')');
    }
    format!(
        "INSERT INTO logs (id, prompt_id, output, model_used, notes, score, created_at)
         SELECT v.column1, p.id, v.column2, v.column3, v.column4, v.column5, v.column6
         FROM (VALUES {values}) AS v
         JOIN prompts p ON p.id = v.column7 AND p.owner_id = v.column8"
    )
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use crate::model::NewLog;
    use crate::store::testing::each_backend;
    use crate::store::tests::{owner, report_prompt};
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
    /// refuses fails alone, one for a missing prompt is answered `None`,
    /// every other is committed exactly once and answered with its row;
    /// after `close`, an insert fails. On each backend.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_batch_with_one_bad_member_fails_only_it() {
        for t in each_backend().await {
            let db = t.db.clone();
            let ada = owner(&db, "ada@example.com").await;
            let p = report_prompt(&db, &ada).await;
            refuse_bad_rows(&db).await;
            let tasks: Vec<_> = (0..200)
                .map(|i| {
                    let (db, ada, pid) = (db.clone(), ada.clone(), p.id.clone());
                    tokio::spawn(async move {
                        // One log for a prompt that is not there: no row, no error.
                        let pid = if i == 33 { "prm_missing".into() } else { pid };
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
                    Ok(None) => assert_eq!(i, 33, "the prompt is there"),
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
            assert_eq!(stored.len(), 198, "{backend}");
            db.close().await;
            let late = new_log(&p.id, "late".into(), None);
            assert!(db.insert_log(&ada, &late).await.is_err(), "{backend}");
        }
    }
}
