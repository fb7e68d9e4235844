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
//! | `report_texts` | texts written for a report (summary analysis, economy, ...) | [`Store::write_report_text`] |
//! | `schema_migrations` | applied schema versions | [`Store::open`] |
//!
//! Foreign keys tie relations to persons, users to units and sessions to
//! users. The event log deliberately has none to persons, units or users:
//! it is the record of what happened and must accept it in any import order.

mod access;
mod audit;
mod codec;
mod error;
mod events;
mod followup;
mod journal;
mod org;
mod overview;
mod persons;
mod schema;
mod sessions;

pub use access::{EmergencyGrant, Team, UserUpdate};
pub use audit::{
    AccessEntry, AccessFlag, AccessKind, AccessLogFilter, ChainBreak, ChainReport, GENESIS_HASH,
    LoggedEntry,
};
pub use error::StoreError;
pub use events::{CaseFilter, CaseSummary, NewEvent, WorklistFilter, WorklistItem};
pub use followup::{
    ActivityFollowUp, ActivityId, ActivityRow, Assessment, FactsStamp, GoalDropped, GoalId,
    GoalIndicatorId, GoalIndicatorRow, GoalRecords, GoalRevision, GoalRow, GoalText,
    ManualSeriesRow, ManualValueRow, NewActivity, NewGoal, NewGoalIndicator, NewManualSeries,
    NewManualValue, PlanYears, ReportText, Stamp, TargetKind, TargetRow, TargetValue,
};
pub use journal::JournalDraft;
pub use org::{NewUser, Unit, User};
pub use overview::CaseworkerFigures;
pub use persons::search_key;
pub use sessions::{Session, hash_session_token};

use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

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

/// Which database a [`Store`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "SQLite",
            Self::Postgres => "PostgreSQL",
        }
    }
}

/// A handle to Tillit's database. Cheap to clone (a shared connection pool).
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
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
    /// file and its directory are created if missing.
    pub async fn open(cfg: &StoreConfig) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = cfg.backend();
        if let StoreConfig::Sqlite { path } = cfg
            && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)?;
        }
        let options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(30));
        let options = match backend {
            Backend::Sqlite => options
                // SQLite has one writer at a time; a few readers are plenty.
                .max_connections(4)
                .after_connect(|conn, _meta| {
                    Box::pin(async move {
                        // Per-connection settings: durability over speed (an
                        // acknowledged write survives a power cut), foreign
                        // keys enforced, writers wait for each other.
                        for pragma in [
                            "PRAGMA synchronous = FULL",
                            "PRAGMA foreign_keys = ON",
                            "PRAGMA busy_timeout = 30000",
                        ] {
                            sqlx::query(pragma).execute(&mut *conn).await?;
                        }
                        Ok(())
                    })
                }),
            Backend::Postgres => options.max_connections(10),
        };
        let pool = options.connect(&cfg.connect_url()).await?;
        if backend == Backend::Sqlite {
            // Persistent in the file; readers no longer block the writer.
            sqlx::query("PRAGMA journal_mode = WAL")
                .fetch_optional(&pool)
                .await?;
        }
        schema::migrate(&pool, backend).await?;
        tracing::info!(backend = backend.name(), "store opened");
        Ok(Store { pool, backend })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Close every connection (waits for those in use to be returned).
    pub async fn close(&self) {
        self.pool.close().await;
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

    /// Begin a write transaction. On SQLite `BEGIN IMMEDIATE` takes the write
    /// lock at once, so a writer that has read never has to upgrade its lock
    /// (which SQLite refuses under contention instead of waiting).
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
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
