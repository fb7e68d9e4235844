//! The one writer: every write of a [`Store`](crate::Store) runs on a task of
//! its own, fed by a channel, and concurrent writes share one transaction.
//!
//! ## Why
//!
//! A web request is a future that the server drops when the client goes
//! away or a proxy times out. sqlx 0.8's `begin()` is not drop-safe: a
//! future dropped while `BEGIN` is on its way leaves the pooled connection
//! inside an open transaction with sqlx believing it is outside one (sqlx
//! issues #3932 for SQLite and #4385 for PostgreSQL). On SQLite that
//! connection then holds the write lock for ever and every later write fails
//! with "database is locked": the wedge seen under load with killed
//! clients. Instead of trusting every await inside a transaction to be
//! cancellation-safe, no request future owns a transaction at all:
//!
//! - A caller sends a job (a closure over a connection) on a bounded channel
//!   and awaits its acknowledgement. Dropping that wait does not stop the
//!   job; a job is either never started or run to its end.
//! - The writer task takes every job waiting in the channel, runs them in
//!   one transaction, each inside a savepoint (a job that fails is rolled
//!   back alone), commits once and then acknowledges each: group commit,
//!   one fsync for many writes, each acknowledged only when durable.
//! - Access-log entries waiting together are chained and inserted in one
//!   statement batch, in the order they were sent: the log stays one chain.
//! - A job that panics is rolled back to its savepoint and answered with an
//!   error; the writer lives on. A batch whose `BEGIN`, savepoint or `COMMIT`
//!   fails is rolled back whole and its connection is closed, never reused.
//!
//! ## Bounded waits
//!
//! The channel holds at most [`QUEUE`] jobs: beyond that a write is refused
//! at once with [`StoreError::Unavailable`]. A [`Store`](crate::Store) made
//! for interactive use ([`Store::with_wait`](crate::Store::with_wait)) waits
//! at most that long for the acknowledgement; a job not yet started when the
//! wait runs out is abandoned (never written), one already started completes.

use crate::audit::{AccessEntry, append_entries, append_entries_deferring_head};
use crate::{Backend, StoreError};
use futures_util::FutureExt;
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Executor};
use std::borrow::Cow;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// A boxed future borrowing the writer's connection.
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Jobs waiting at most; a write beyond this is refused at once.
pub(crate) const QUEUE: usize = 8192;

/// Jobs in one transaction at most.
const MAX_BATCH: usize = 512;

/// Why a whole batch failed (cloned to every job in it).
#[derive(Clone, Debug)]
pub(crate) enum BatchFailure {
    Unavailable,
    Failed(String),
}

impl BatchFailure {
    fn from_error(e: &StoreError) -> Self {
        match e {
            StoreError::Unavailable => Self::Unavailable,
            other => Self::Failed(other.to_string()),
        }
    }
}

impl From<BatchFailure> for StoreError {
    fn from(f: BatchFailure) -> Self {
        match f {
            BatchFailure::Unavailable => StoreError::Unavailable,
            BatchFailure::Failed(msg) => StoreError::WriteFailed(msg),
        }
    }
}

/// Told once the batch's commit has succeeded or failed.
type Done = Box<dyn FnOnce(Result<(), BatchFailure>) + Send>;

/// A job's work: run on the connection inside a savepoint; says whether
/// its work stands (false: roll back its savepoint) and how to answer.
/// Called with the batch's failure instead of a connection when the job
/// cannot run (the batch failed before it): it then answers at once.
type Work = Box<
    dyn for<'c> FnOnce(Result<&'c mut AnyConnection, BatchFailure>) -> BoxFuture<'c, (bool, Done)>
        + Send,
>;

enum Task {
    Work(Work),
    Log {
        entries: Vec<AccessEntry>,
        reply: oneshot::Sender<Result<Vec<u64>, StoreError>>,
    },
}

struct Job {
    task: Task,
    /// Set by a caller that stopped waiting: skip the job if not started.
    abandoned: Arc<AtomicBool>,
}

/// The sending half, held by every clone of the store.
#[derive(Clone)]
pub(crate) struct WriterHandle {
    tx: mpsc::Sender<Job>,
}

impl WriterHandle {
    /// Start the writer task on the current tokio runtime.
    pub(crate) fn start(pool: AnyPool, backend: Backend) -> WriterHandle {
        let (tx, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run(pool, backend, rx));
        WriterHandle { tx }
    }

    /// Run `f` in the writer's transaction and wait (at most `wait`) until
    /// it is committed.
    pub(crate) async fn write<T, F>(&self, wait: Option<Duration>, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut AnyConnection) -> BoxFuture<'c, Result<T, StoreError>>
            + Send
            + 'static,
    {
        let (reply, rx) = oneshot::channel::<Result<T, StoreError>>();
        let work: Work = Box::new(move |conn| {
            Box::pin(async move {
                let result = match conn {
                    Err(failure) => Err(StoreError::from(failure)),
                    Ok(conn) => match AssertUnwindSafe(f(conn)).catch_unwind().await {
                        Ok(r) => r,
                        Err(_) => {
                            tracing::error!("a write job panicked; rolled back");
                            Err(StoreError::WriteFailed(
                                "ett internt fel avbröt skrivningen".into(),
                            ))
                        }
                    },
                };
                let stands = result.is_ok();
                let done: Done = Box::new(move |outcome| {
                    let answer = match (result, outcome) {
                        (Ok(v), Ok(())) => Ok(v),
                        (Ok(_), Err(f)) => Err(f.into()),
                        (Err(e), _) => Err(e),
                    };
                    let _ = reply.send(answer);
                });
                (stands, done)
            })
        });
        self.submit(Task::Work(work), rx, wait).await
    }

    /// Append access-log entries (chained with whatever else waits).
    pub(crate) async fn log(
        &self,
        wait: Option<Duration>,
        entries: Vec<AccessEntry>,
    ) -> Result<Vec<u64>, StoreError> {
        let (reply, rx) = oneshot::channel();
        self.submit(Task::Log { entries, reply }, rx, wait).await
    }

    async fn submit<T>(
        &self,
        task: Task,
        rx: oneshot::Receiver<Result<T, StoreError>>,
        wait: Option<Duration>,
    ) -> Result<T, StoreError> {
        let abandoned = Arc::new(AtomicBool::new(false));
        let job = Job {
            task,
            abandoned: abandoned.clone(),
        };
        match self.tx.try_send(job) {
            Ok(()) => {}
            Err(mpsc::error::TrySendError::Full(_)) => {
                tracing::warn!(queue = QUEUE, "write queue full; write refused");
                return Err(StoreError::Unavailable);
            }
            Err(mpsc::error::TrySendError::Closed(_)) => return Err(StoreError::WriterStopped),
        }
        let answer = match wait {
            None => rx.await,
            Some(d) => match tokio::time::timeout(d, rx).await {
                Ok(a) => a,
                Err(_) => {
                    abandoned.store(true, Ordering::SeqCst);
                    tracing::warn!(
                        wait_ms = d.as_millis() as u64,
                        "write not acknowledged in time"
                    );
                    return Err(StoreError::Unavailable);
                }
            },
        };
        // A dropped reply: the writer stopped (its runtime ended).
        answer.unwrap_or(Err(StoreError::WriterStopped))
    }

    /// Jobs sent and not yet taken by the writer.
    pub(crate) fn queue_len(&self) -> usize {
        QUEUE.saturating_sub(self.tx.capacity())
    }

    /// Wait until every job sent before this call is committed.
    pub(crate) async fn flush(&self) -> Result<(), StoreError> {
        self.write(None, |_| Box::pin(async { Ok(()) })).await
    }
}

async fn run(pool: AnyPool, backend: Backend, mut rx: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = rx.recv().await {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(j) => batch.push(j),
                Err(_) => break,
            }
        }
        let jobs: Vec<Task> = batch
            .drain(..)
            .filter(|j| !j.abandoned.load(Ordering::SeqCst))
            .map(|j| j.task)
            .collect();
        if !jobs.is_empty() {
            run_batch(&pool, backend, jobs).await;
        }
    }
    tracing::debug!("writer stopped: every store handle is gone");
}

/// Savepoint statements; one name suffices (savepoints are not nested).
const SAVEPOINT: &str = "SAVEPOINT tillit_job";
const RELEASE: &str = "RELEASE SAVEPOINT tillit_job";
const ROLLBACK_TO: &str = "ROLLBACK TO SAVEPOINT tillit_job";

/// Inside a job: undo what the job has written so far, so that it can go on
/// reading (PostgreSQL refuses every statement in a transaction after an
/// error until then). The job still returns its error; the writer rolls
/// back to the same savepoint again, which is harmless.
pub(crate) async fn undo_job(conn: &mut AnyConnection) -> Result<(), StoreError> {
    exec(conn, ROLLBACK_TO).await
}

async fn exec(conn: &mut AnyConnection, sql: &str) -> Result<(), StoreError> {
    conn.execute(sql)
        .await
        .map(|_| ())
        .map_err(StoreError::from)
}

/// The batch's connection and the transaction-control statements not yet
/// sent. Every statement is a round trip to the connection (on SQLite, to
/// its thread), and under load the wait for that thread to be scheduled is
/// most of a batch's time; so `BEGIN`, `RELEASE` and `ROLLBACK TO` wait
/// and go out together with the next control statement, as one string of
/// statements without parameters. Nothing else runs in between, so the
/// order of statements is unchanged: a batch of access-log entries is four
/// round trips (begin and savepoint; the head; the insert; the new head,
/// release and commit) instead of seven.
struct Batch<'c> {
    conn: &'c mut AnyConnection,
    pending: Vec<Cow<'static, str>>,
}

impl Batch<'_> {
    /// Run `sql` after whatever is pending, in one round trip.
    async fn control(&mut self, sql: &'static str) -> Result<(), StoreError> {
        self.pending.push(Cow::Borrowed(sql));
        let all = self.pending.join("; ");
        self.pending.clear();
        exec(self.conn, &all).await
    }

    /// Run `sql` (a statement without parameters) with the next control
    /// statement.
    fn defer(&mut self, sql: impl Into<Cow<'static, str>>) {
        self.pending.push(sql.into());
    }
}

async fn run_batch(pool: &AnyPool, backend: Backend, jobs: Vec<Task>) {
    let n = jobs.len();
    let mut conn: PoolConnection<Any> = match pool.acquire().await {
        Ok(c) => c,
        Err(e) => {
            let failure = BatchFailure::from_error(&StoreError::from(e));
            tracing::error!(jobs = n, "writer could not get its connection");
            for job in jobs {
                answer_unstarted(job, failure.clone()).await;
            }
            return;
        }
    };
    let begin = match backend {
        // Take the write lock now: a transaction that has read never has
        // to upgrade its lock (which SQLite refuses under contention).
        Backend::Sqlite => "BEGIN IMMEDIATE",
        Backend::Postgres => "BEGIN",
    };
    let mut batch = Batch {
        conn: &mut conn,
        pending: vec![Cow::Borrowed(begin)],
    };
    let mut dones: Vec<Done> = Vec::with_capacity(n);
    let mut jobs = jobs.into_iter().peekable();
    let mut broken: Option<StoreError> = None;
    while let Some(job) = jobs.next() {
        if let Some(e) = &broken {
            answer_unstarted(job, BatchFailure::from_error(e)).await;
            continue;
        }
        let step = match job {
            Task::Work(work) => run_work(&mut batch, work, &mut dones).await,
            Task::Log { entries, reply } => {
                let mut group = vec![(entries, reply)];
                while let Some(Task::Log { .. }) = jobs.peek() {
                    if let Some(Task::Log { entries, reply }) = jobs.next() {
                        group.push((entries, reply));
                    }
                }
                run_logs(&mut batch, backend, group, &mut dones).await
            }
        };
        if let Err(e) = step {
            broken = Some(e);
        }
    }
    let outcome = match broken {
        Some(e) => Err(e),
        None => batch.control("COMMIT").await,
    };
    let outcome = match outcome {
        Ok(()) => Ok(()),
        Err(e) => {
            tracing::error!(jobs = n, error = %e, "write batch failed; rolled back");
            let _ = exec(&mut conn, "ROLLBACK").await;
            // Never hand a connection in an unknown state back to the pool.
            conn.close_on_drop();
            Err(BatchFailure::from_error(&e))
        }
    };
    drop(conn);
    for done in dones {
        done(outcome.clone());
    }
}

/// Answer a job that never ran.
async fn answer_unstarted(job: Task, failure: BatchFailure) {
    match job {
        Task::Work(work) => {
            let (_, done) = work(Err(failure.clone())).await;
            done(Err(failure));
        }
        Task::Log { reply, .. } => {
            let _ = reply.send(Err(failure.into()));
        }
    }
}

/// One job in its own savepoint. An error here is a broken batch (the
/// control statements before it failed), not the job's own refusal.
async fn run_work(
    batch: &mut Batch<'_>,
    work: Work,
    dones: &mut Vec<Done>,
) -> Result<(), StoreError> {
    if let Err(e) = batch.control(SAVEPOINT).await {
        answer_unstarted(Task::Work(work), BatchFailure::from_error(&e)).await;
        return Err(e);
    }
    let (stands, done) = work(Ok(&mut *batch.conn)).await;
    dones.push(done);
    if !stands {
        batch.defer(ROLLBACK_TO);
    }
    batch.defer(RELEASE);
    Ok(())
}

type LogReply = oneshot::Sender<Result<Vec<u64>, StoreError>>;

/// Consecutive access-log jobs as one chained append; if that fails, each
/// on its own so that one bad entry does not refuse the others.
async fn run_logs(
    batch: &mut Batch<'_>,
    backend: Backend,
    group: Vec<(Vec<AccessEntry>, LogReply)>,
    dones: &mut Vec<Done>,
) -> Result<(), StoreError> {
    if let Err(e) = batch.control(SAVEPOINT).await {
        let failure = BatchFailure::from_error(&e);
        for (_, reply) in group {
            let _ = reply.send(Err(failure.clone().into()));
        }
        return Err(e);
    }
    let all: Vec<AccessEntry> = group.iter().flat_map(|(e, _)| e.iter().cloned()).collect();
    match append_entries_deferring_head(batch.conn, backend, &all).await {
        Ok((seqs, new_head)) => {
            // The new head goes out with the release (every later job's
            // first statement comes after it, so any reader sees it).
            batch.defer(new_head);
            batch.defer(RELEASE);
            let mut seqs = seqs.into_iter();
            for (entries, reply) in group {
                let mine: Vec<u64> = seqs.by_ref().take(entries.len()).collect();
                dones.push(answer_with(reply, Ok(mine)));
            }
            Ok(())
        }
        Err(_) if group.len() > 1 => {
            batch.defer(ROLLBACK_TO);
            batch.defer(RELEASE);
            let mut group = group.into_iter();
            while let Some((entries, reply)) = group.next() {
                if let Err(e) = batch.control(SAVEPOINT).await {
                    let failure = BatchFailure::from_error(&e);
                    let _ = reply.send(Err(failure.clone().into()));
                    for (_, reply) in group {
                        let _ = reply.send(Err(failure.clone().into()));
                    }
                    return Err(e);
                }
                let result = append_entries(batch.conn, backend, &entries).await;
                if result.is_err() {
                    batch.defer(ROLLBACK_TO);
                }
                batch.defer(RELEASE);
                dones.push(answer_with(reply, result));
            }
            Ok(())
        }
        Err(e) => {
            batch.defer(ROLLBACK_TO);
            batch.defer(RELEASE);
            if let Some((_, reply)) = group.into_iter().next() {
                dones.push(answer_with(reply, Err(e)));
            }
            Ok(())
        }
    }
}

fn answer_with(reply: LogReply, result: Result<Vec<u64>, StoreError>) -> Done {
    Box::new(move |outcome| {
        let answer = match (result, outcome) {
            (Ok(v), Ok(())) => Ok(v),
            (Ok(_), Err(f)) => Err(f.into()),
            (Err(e), _) => Err(e),
        };
        let _ = reply.send(answer);
    })
}
