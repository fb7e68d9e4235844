//! # tillit-store
//!
//! Persistence for Tillit: the append-only event log of every child's case,
//! the read models kept beside it (case summaries and deadlines), persons and
//! their relations, units, users and server-side sessions.
//!
//! ## One API, two databases
//!
//! A SQLite file under the data directory by default (nothing to set up), or
//! PostgreSQL when `DATABASE_URL` is set (see [`StoreConfig::from_env_or_dir`]).
//!
//! **Why sqlx's `Any` driver.** Every query in this crate is written once, in
//! SQL that both databases accept: `$1` placeholders, `TEXT` and `BIGINT`
//! columns, `ON CONFLICT ... DO UPDATE/NOTHING`, `RETURNING`. One code path
//! serves both, so the store suite that runs against both really tests what
//! runs in production. The alternative, an enum over `SqlitePool`/`PgPool`,
//! would double every method. The price of `Any` is a smaller type set, which
//! this crate avoids needing: dates, timestamps and ids are stored as text,
//! booleans as `BIGINT` 0/1 (the `Any` driver in sqlx 0.8 cannot decode
//! SQLite's `BOOLEAN`), and the schema differs in exactly one place, the
//! auto-increment key (see `migrations/0001_initial.sql`).
//! sqlx 0.8 rather than 0.9 because 0.9 needs a newer Rust than the
//! workspace's declared `rust-version`.
//!
//! ## Consistency
//!
//! [`Store::append`] writes with an expected version: the `cases` row is the
//! stream head and is compare-and-set in the same transaction that inserts the
//! events and rebuilds the case's read models, and `(case_id, version)` is the
//! events' primary key. A stale write is refused with [`StoreError::Conflict`]
//! and leaves nothing behind. On SQLite write transactions start with
//! `BEGIN IMMEDIATE` (writers queue on the busy timeout instead of failing
//! half-way), the journal is WAL and `synchronous=FULL`, so an acknowledged
//! append survives the process being killed, and a power cut.
//!
//! ## What is stored where
//!
//! | table | what | written by |
//! |---|---|---|
//! | `events` | every case event, JSON payload, key `(case_id, version)` | [`Store::append`], [`Store::append_many`] |
//! | `cases` | one summary row per case, also the stream head | the same transaction |
//! | `deadlines` | what is due per case ([`tillit_domain::deadline::deadlines`]) | the same transaction |
//! | `persons`, `relations` | children and the people around them | [`Store::upsert_person`], [`Store::add_relation`] |
//! | `units`, `users` | the organisation | [`Store::create_unit`], [`Store::create_user`] |
//! | `sessions` | SHA-256 of login tokens | [`Store::create_session`] |
//! | `teams` | teams (arbetsgrupper) of a unit; `users.team_id` | [`Store::create_team`], [`Store::update_user`] |
//! | `emergency_access` | time-limited read access to a case outside one's unit | [`Store::grant_emergency_access`] |
//! | `access_log`, `access_log_head` | every read of a person's data, hash-chained (see `audit.rs`) | [`Store::log_access`] |
//! | `journal_drafts` | the journal text a user is writing, per case | [`Store::save_draft`], [`Store::append_and_clear_draft`] |
//! | `goals`, `goal_revisions`, `goal_indicators`, `goal_targets`, `goal_activities`, `goal_activity_followups`, `goal_assessments` | the goal tree per plan period; nothing deleted, edits appended (see `followup.rs`) | [`Store::add_goal`], [`Store::assess_goal`], [`Store::carry_over_goals`], ... |
//! | `manual_series`, `manual_values` | figures entered by hand; a new value supersedes and keeps the old | [`Store::enter_manual_value`] |
//! | `register_records`, `register_entries`, `register_deadlines` | every register's records (Lex Sarah, incidents, ...): entries, head, what is due (see `registers.rs`) | [`Store::write_records`] |
//! | `economy_*` | the economy: structure, outcome per import (replaced by month, exactly once), budget as decided and revisions, forecasts, providers' catalogue (see `economy.rs`) | [`Store::import_ledger`], [`Store::set_decided_budget`], [`Store::add_budget_revision`], [`Store::enter_forecast`], [`Store::save_providers`], [`Store::save_structure`] |
//! | `report_texts` | texts written for a report (summary analysis, economy, ...) | [`Store::write_report_text`] |
//! | `catalog_entries` (catalogue `riksnorm`) | the riksnorm of the years the administrator enters, one row per version (see `riksnorm.rs`) | [`Store::enter_riksnorm`] |
//! | `case_extracts`, `followup_snapshot` | the follow-up's derived inputs: each case's extract at its version, and all of them with the persons in a few parts at one facts stamp (see `extracts.rs`) | [`Store::put_case_extracts`], [`Store::put_followup_snapshot`] |
//! | `schema_migrations` | applied schema versions | [`Store::open`] |
//!
//! Foreign keys tie relations to persons, users to units and sessions to
//! users. The event log deliberately has none to persons, units or users:
//! it is the record of what happened and must accept it in any import order.

mod access;
mod anchor;
mod audit;
mod caseload;
mod catalog;
mod codec;
mod directory;
mod economy;
mod error;
mod events;
mod extracts;
mod followup;
mod journal;
mod ops;
mod org;
mod overview;
mod person_search;
mod persons;
mod register_bulk;
mod registers;
mod riksnorm;
mod schema;
mod sessions;
mod writer;

pub use access::{EmergencyGrant, Team, UserUpdate};
pub use anchor::Anchor;
pub use audit::{
    AccessEntry, AccessFlag, AccessKind, AccessLogFilter, ChainBreak, ChainReport, GENESIS_HASH,
    LoggedEntry,
};
pub use caseload::{CaseloadFilter, CaseloadRow, NextDeadline};
pub use catalog::CatalogRow;
pub use economy::{BudgetRevisionRow, ForecastRow, LedgerImport, NewForecast};
pub use error::StoreError;
pub use events::{CaseFilter, CaseSummary, NewEvent, WorklistFilter, WorklistItem};
pub use extracts::{FollowUpChanges, FollowUpSources};
pub use followup::{
    ActivityFollowUp, ActivityRow, AssessmentRow, FactsStamp, GoalDropped, GoalIndicatorRow,
    GoalRecords, GoalRevision, GoalRow, GoalText, ManualSeriesRow, ManualValueRow, NewActivity,
    NewGoal, NewGoalIndicator, NewManualSeries, NewManualValue, ReportText, Stamp, TargetRow,
};
pub use journal::JournalDraft;
pub use ops::{
    BackupReport, InUseLock, MigrationStatus, PoolFigures, RestoreReport, UnitOverdue, lock_path,
    restore_sqlite,
};
pub use org::{NewUser, Unit, User};
pub use overview::CaseworkerFigures;
pub use person_search::{NameHit, NameSearch, PersonScope};
pub use persons::search_key;
pub use registers::{Record, RecordDeadline, RecordFilter, RecordHead, RecordWrite};
pub use riksnorm::RiksnormVersion;
pub use sessions::{Session, hash_session_token};

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyConnection, AnyPool, Connection};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use writer::BoxFuture;

/// Where the data lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreConfig {
    /// A SQLite database file (created, with its directory, if missing).
    Sqlite { path: PathBuf },
    /// A PostgreSQL server, e.g. `postgres://tillit:secret@db.example/tillit`.
    Postgres { url: String },
}

/// The file name of the SQLite database inside the data directory.
pub const SQLITE_FILE_NAME: &str = "tillit.sqlite";

impl StoreConfig {
    /// PostgreSQL when the environment variable `DATABASE_URL` is set (and not
    /// empty), else the SQLite file `<data_dir>/tillit.sqlite`. A
    /// `DATABASE_URL` starting with `sqlite:` names a SQLite file instead.
    ///
    /// For SQLite the data directory is created here if it can be; a failure
    /// is reported by [`Store::open`], which creates it too.
    pub fn from_env_or_dir(data_dir: &Path) -> StoreConfig {
        match std::env::var("DATABASE_URL") {
            Ok(url) if !url.trim().is_empty() => Self::from_url(url.trim()),
            _ => {
                // Best effort: `open` retries and reports the error.
                let _ = std::fs::create_dir_all(data_dir);
                StoreConfig::Sqlite {
                    path: data_dir.join(SQLITE_FILE_NAME),
                }
            }
        }
    }

    /// A configuration from a database URL: `sqlite:PATH` / `sqlite://PATH`,
    /// otherwise PostgreSQL.
    pub fn from_url(url: &str) -> StoreConfig {
        if let Some(rest) = url.strip_prefix("sqlite:") {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            let path = path.split('?').next().unwrap_or(path);
            StoreConfig::Sqlite {
                path: PathBuf::from(path),
            }
        } else {
            StoreConfig::Postgres {
                url: url.to_string(),
            }
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite { .. } => Backend::Sqlite,
            Self::Postgres { .. } => Backend::Postgres,
        }
    }

    /// The URL handed to sqlx.
    fn connect_url(&self) -> String {
        match self {
            Self::Sqlite { path } => {
                format!("sqlite://{}?mode=rwc", encode_path(&path.to_string_lossy()))
            }
            Self::Postgres { url } => url.clone(),
        }
    }
}

/// Shows where the data lives, with any password hidden (safe to log).
impl fmt::Display for StoreConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite { path } => write!(f, "SQLite {}", path.display()),
            Self::Postgres { url } => write!(f, "PostgreSQL {}", redact_password(url)),
        }
    }
}

/// `postgres://user:secret@host/db` -> `postgres://user:***@host/db`.
fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

/// Percent-encode a file path for a sqlx SQLite URL (which percent-decodes it).
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The longest a read waits for a free connection before
/// [`StoreError::Unavailable`]: long enough for any burst, short enough for
/// a person waiting at a screen.
const READ_WAIT: Duration = Duration::from_secs(5);

/// Which database a [`Store`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The database behind a connection.
    pub(crate) fn of(conn: &AnyConnection) -> Backend {
        if conn.backend_name() == Backend::Postgres.name() {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "SQLite",
            Self::Postgres => "PostgreSQL",
        }
    }
}

/// SQLite connections set up with `pragmas` when opened, and never pinged
/// before use (an in-process file cannot have gone away; sqlx's ping is a
/// round trip to the connection's thread before every query).
fn sqlite_connections(options: AnyPoolOptions, pragmas: &'static [&'static str]) -> AnyPoolOptions {
    options
        .test_before_acquire(false)
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                for pragma in pragmas {
                    sqlx::query(pragma).execute(&mut *conn).await?;
                }
                Ok(())
            })
        })
}

/// A pooled PostgreSQL connection idle longer than this is pinged before use.
const PING_IF_IDLE_FOR: Duration = Duration::from_secs(10);

/// A handle to Tillit's database. Cheap to clone (shared connection pools
/// and one writer task, see `writer.rs`).
#[derive(Clone)]
pub struct Store {
    /// Connections for reading only (`PRAGMA query_only` on SQLite, read-only
    /// transactions on PostgreSQL): every write goes through `writer`.
    pool: AnyPool,
    writer: writer::WriterHandle,
    /// How long a caller waits for the database (see [`Store::with_wait`]).
    wait: Option<Duration>,
    backend: Backend,
    /// Users and units between reads (see `directory.rs`).
    directory: Arc<directory::Directory>,
    /// Where the data lives (a backup opens a connection of its own).
    config: Arc<StoreConfig>,
    /// The writer's pool, closed by [`Store::close`].
    write_pool: AnyPool,
    /// SQLite: the shared lock saying the file is open (see `ops.rs`).
    _in_use: Option<Arc<ops::InUseLock>>,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Connect and bring the schema up to date (idempotent). For SQLite the
    /// file and its directory are created if missing. Starts the store's
    /// writer task on the current tokio runtime.
    pub async fn open(cfg: &StoreConfig) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = cfg.backend();
        if let StoreConfig::Sqlite { path } = cfg
            && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)?;
        }
        let in_use = match cfg {
            StoreConfig::Sqlite { path } => Some(Arc::new(ops::InUseLock::shared(path)?)),
            StoreConfig::Postgres { .. } => None,
        };
        // The writer's own pool: one connection, used only by the writer task
        // (and by the migrations before it starts).
        let write_options = AnyPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(30));
        let write_options = match backend {
            // Durability over speed: an acknowledged write survives a power
            // cut (group commit pays one fsync per batch). Foreign keys
            // enforced. Another process holding the write lock is waited
            // for a few seconds at most. A page cache of 64 MiB (the default
            // is 2 MiB): the writer is the only writer, so its cache stays
            // valid across transactions, and a large batch (a bulk import:
            // 500 cases, 4,000 events with random keys) no longer spills
            // dirty pages to the WAL again and again before it commits
            // (`tillit demo --cases`). Temporary storage in memory: every job
            // runs in a savepoint, whose sub-journal (a copy of each page
            // before the job first changes it) was otherwise a temporary
            // file written page by page.
            Backend::Sqlite => sqlite_connections(
                write_options,
                &[
                    "PRAGMA synchronous = FULL",
                    "PRAGMA foreign_keys = ON",
                    "PRAGMA busy_timeout = 5000",
                    "PRAGMA cache_size = -65536",
                    "PRAGMA temp_store = MEMORY",
                ],
            ),
            Backend::Postgres => write_options,
        };
        let write_pool = write_options.connect(&cfg.connect_url()).await?;
        if backend == Backend::Sqlite {
            // Persistent in the file; readers no longer block the writer.
            sqlx::query("PRAGMA journal_mode = WAL")
                .fetch_optional(&write_pool)
                .await?;
        }
        schema::migrate(&write_pool, backend).await?;

        let read_options = AnyPoolOptions::new().acquire_timeout(READ_WAIT);
        let read_options = match backend {
            // WAL readers run beside the writer; a few are plenty. Pages of
            // the database file are read through a memory map: every commit
            // empties each reader's page cache (WAL mode), and copying every
            // page back with a read(2) cost more than the queries themselves.
            Backend::Sqlite => sqlite_connections(
                read_options.max_connections(8),
                &[
                    "PRAGMA query_only = ON",
                    "PRAGMA mmap_size = 1073741824",
                    "PRAGMA foreign_keys = ON",
                    "PRAGMA busy_timeout = 5000",
                ],
            ),
            Backend::Postgres => read_options
                .max_connections(16)
                // A connection that has been in use lately is alive; one idle
                // for a while may have been cut (a server restart, a
                // firewall) and is pinged before it is handed out.
                .test_before_acquire(false)
                .before_acquire(|conn, meta| {
                    Box::pin(async move {
                        if meta.idle_for > PING_IF_IDLE_FOR {
                            conn.ping().await?;
                        }
                        Ok(true)
                    })
                })
                .after_connect(|conn, _meta| {
                    Box::pin(async move {
                        sqlx::query("SET default_transaction_read_only = on")
                            .execute(&mut *conn)
                            .await?;
                        Ok(())
                    })
                }),
        };
        let pool = read_options.connect(&cfg.connect_url()).await?;
        let writer = writer::WriterHandle::start(write_pool.clone(), backend);
        tracing::info!(backend = backend.name(), "store opened");
        Ok(Store {
            pool,
            writer,
            wait: None,
            backend,
            directory: Arc::default(),
            config: Arc::new(cfg.clone()),
            write_pool,
            _in_use: in_use,
        })
    }

    /// The same store, but a caller waits at most `wait` for the database:
    /// for a write's acknowledgement, and for a connection to read with.
    /// After that the call fails with [`StoreError::Unavailable`] (a write
    /// not yet started is then never written; one already started
    /// completes). `None`: wait as long as it takes (imports, the CLI).
    pub fn with_wait(&self, wait: Option<Duration>) -> Store {
        Store {
            wait,
            ..self.clone()
        }
    }

    /// Run `f` inside the writer's transaction (see `writer.rs`) and return
    /// once it is durably committed. An `Err` from `f` rolls back only its
    /// own work. `f` must own what it uses: it may outlive the caller.
    pub(crate) async fn write<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut AnyConnection) -> BoxFuture<'c, Result<T, StoreError>>
            + Send
            + 'static,
    {
        self.writer.write(self.wait, f).await
    }

    /// [`Store::write`] of users, teams or units: the directory (see
    /// `directory.rs`) forgets them afterwards, whatever the outcome.
    pub(crate) async fn write_directory<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut AnyConnection) -> BoxFuture<'c, Result<T, StoreError>>
            + Send
            + 'static,
    {
        let outcome = self.writer.write(self.wait, f).await;
        self.directory.invalidate();
        outcome
    }

    /// Like [`Store::write`] but never bounded by the wait: bulk loads.
    pub(crate) async fn write_unbounded<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut AnyConnection) -> BoxFuture<'c, Result<T, StoreError>>
            + Send
            + 'static,
    {
        self.writer.write(None, f).await
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Wait until every write sent so far is committed, then close every
    /// connection, the writer's too (waits for those in use to be
    /// returned). Writes sent after this fail.
    pub async fn close(&self) {
        if let Err(e) = self.writer.flush().await {
            tracing::warn!(error = %e, "pending writes could not be flushed at close");
        }
        self.pool.close().await;
        self.write_pool.close().await;
    }

    /// Wait until every write sent so far is committed.
    pub async fn flush(&self) -> Result<(), StoreError> {
        self.writer.flush().await
    }

    /// True when the database holds no units, no users and no events: a
    /// fresh installation (used to decide whether to load demo data).
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        use sqlx::Row;
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM units) + (SELECT COUNT(*) FROM users) \
             + (SELECT COUNT(*) FROM events) AS n",
        )
        .fetch_one(&self.pool)
        .await?;
        let n: i64 = row.try_get("n")?;
        Ok(n == 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            redact_password("postgres://tillit:hemligt@db:5432/tillit"),
            "postgres://tillit:***@db:5432/tillit"
        );
        assert_eq!(
            redact_password("postgres://tillit@db/tillit"),
            "postgres://tillit@db/tillit"
        );
    }

    #[test]
    fn sqlite_urls() {
        assert_eq!(
            StoreConfig::from_url("sqlite:///var/lib/tillit/t.sqlite"),
            StoreConfig::Sqlite {
                path: "/var/lib/tillit/t.sqlite".into()
            }
        );
        assert_eq!(
            StoreConfig::from_url("postgres://x/y").backend(),
            Backend::Postgres
        );
        let cfg = StoreConfig::Sqlite {
            path: "/tmp/a b/ö?.sqlite".into(),
        };
        assert_eq!(
            cfg.connect_url(),
            "sqlite:///tmp/a%20b/%C3%B6%3F.sqlite?mode=rwc"
        );
    }
}
