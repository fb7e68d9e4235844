//! Operations: what `tillit migrate`, `tillit backup`, `tillit restore`,
//! `/ready` and `/metrics` need from the store.
//!
//! - **Migration status** ([`Store::migration_status`]): the versions a
//!   database has and the ones this release would apply, read without
//!   changing anything.
//! - **Online backup of SQLite** ([`Store::backup_to`]): `VACUUM INTO` on a
//!   connection of its own. In WAL mode that is one read transaction: the
//!   copy is the database as of the moment it began (every write committed
//!   before it, nothing after), and writers go on while it runs.
//! - **In use** ([`InUseLock`]): every [`Store`] on a SQLite file holds a
//!   shared lock on `<file>.lock` while it is open; [`restore_sqlite`] takes
//!   it exclusively, so a database a server (or any `tillit` command) has
//!   open is never replaced under it.
//! - **Restore** ([`restore_sqlite`]): the backup is copied beside the
//!   database, opened (an older backup is migrated), its access-log chain
//!   verified, and only then put in the database's place.
//! - **Readiness and figures**: [`Store::ping`], [`Store::writer_alive`],
//!   [`Store::pool_figures`], [`Store::overdue_by_unit`].

use crate::audit::ChainReport;
use crate::codec::RowExt;
use crate::{Backend, Store, StoreConfig, StoreError};
use jiff::civil::Date;
use sqlx::Connection;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tillit_domain::UnitId;

/// Which schema versions a database has, and which this release would apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MigrationStatus {
    /// Applied versions, in order.
    pub applied: Vec<i64>,
    /// (version, name) of every migration this release has and the
    /// database has not.
    pub pending: Vec<(i64, &'static str)>,
    /// The database's newest version when it is newer than this release
    /// knows (then this release must not run on it).
    pub newer: Option<i64>,
}

/// What [`Store::backup_to`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupReport {
    pub file: PathBuf,
    pub bytes: u64,
    /// Events and access-log entries in the copy.
    pub events: u64,
    pub access_log_entries: u64,
}

/// What [`restore_sqlite`] put in place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RestoreReport {
    pub events: u64,
    /// The restored access log's chain, verified (intact, or the restore
    /// would have been refused).
    pub chain: ChainReport,
}

/// The reader pool and the writer's queue, for `/metrics`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolFigures {
    /// Read connections open, and of those idle.
    pub read_connections: u32,
    pub read_idle: usize,
    /// Most read connections the pool opens.
    pub read_max: u32,
    /// Write jobs waiting for the writer.
    pub writer_queue: usize,
}

/// Overdue deadlines of one unit (legal date before today), for `/metrics`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitOverdue {
    pub unit: UnitId,
    pub unit_name: String,
    pub overdue: u64,
}

/// A lock on `<database>.lock` saying a SQLite database is open: shared by
/// every store that has it open, exclusive while it is being restored.
/// Released when dropped (the process ending releases it too).
#[derive(Debug)]
pub struct InUseLock {
    _file: File,
}

/// The lock file of a SQLite database file.
pub fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_os_string();
    name.push(".lock");
    PathBuf::from(name)
}

fn open_lock_file(db: &Path) -> Result<File, StoreError> {
    Ok(std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path(db))?)
}

impl InUseLock {
    /// The shared lock of a store opening `db`.
    pub(crate) fn shared(db: &Path) -> Result<InUseLock, StoreError> {
        let file = open_lock_file(db)?;
        match file.try_lock_shared() {
            Ok(()) => Ok(InUseLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(StoreError::Invalid(format!(
                "databasen {} återställs just nu (tillit restore); vänta tills det är klart",
                db.display()
            ))),
            Err(std::fs::TryLockError::Error(e)) => Err(e.into()),
        }
    }

    /// The exclusive lock of a restore: `Err` when anything has `db` open.
    pub fn exclusive(db: &Path) -> Result<InUseLock, StoreError> {
        let file = open_lock_file(db)?;
        match file.try_lock() {
            Ok(()) => Ok(InUseLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(StoreError::Invalid(format!(
                "databasen {} används (körs tillit serve, eller ett annat tillit-kommando?). Stoppa servern först (systemctl stop tillit) och försök igen",
                db.display()
            ))),
            Err(std::fs::TryLockError::Error(e)) => Err(e.into()),
        }
    }
}

/// The SQLite file's companions: its write-ahead log and shared memory.
fn companions(db: &Path) -> [PathBuf; 2] {
    ["-wal", "-shm"].map(|suffix| {
        let mut name = db.as_os_str().to_os_string();
        name.push(suffix);
        PathBuf::from(name)
    })
}

/// The first 16 bytes of every SQLite database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

fn is_sqlite_file(path: &Path) -> Result<bool, StoreError> {
    use std::io::Read;
    let mut header = [0u8; 16];
    let mut f = File::open(path)?;
    Ok(f.read_exact(&mut header).is_ok() && &header == SQLITE_HEADER)
}

/// Force a file's contents and its directory entry to disk.
fn sync_file_and_dir(path: &Path) -> Result<(), StoreError> {
    File::open(path)?.sync_all()?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        File::open(dir)?.sync_all()?;
    }
    Ok(())
}

async fn count(conn: &mut sqlx::AnyConnection, sql: &str) -> Result<u64, StoreError> {
    let row = sqlx::query(sql).fetch_one(&mut *conn).await?;
    Ok(u64::try_from(row.int("n")?).unwrap_or(0))
}

impl Store {
    /// The schema versions of the database `cfg` names and the migrations
    /// this release would apply to it. Changes nothing (for SQLite the
    /// caller checks first that the file exists: connecting creates it).
    pub async fn migration_status(cfg: &StoreConfig) -> Result<MigrationStatus, StoreError> {
        sqlx::any::install_default_drivers();
        let mut conn = sqlx::AnyConnection::connect(&cfg.connect_url()).await?;
        let exists_sql = match cfg.backend() {
            Backend::Sqlite => {
                "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
            }
            Backend::Postgres => {
                "SELECT COUNT(*) AS n FROM information_schema.tables \
                 WHERE table_name = 'schema_migrations' AND table_schema = current_schema()"
            }
        };
        let applied: Vec<i64> = if count(&mut conn, exists_sql).await? == 0 {
            Vec::new()
        } else {
            sqlx::query("SELECT version FROM schema_migrations ORDER BY version")
                .fetch_all(&mut conn)
                .await?
                .iter()
                .map(|r| r.int("version"))
                .collect::<Result<_, _>>()?
        };
        conn.close().await?;
        let known: Vec<(i64, &'static str)> = crate::schema::known().collect();
        let known_max = known.iter().map(|k| k.0).max().unwrap_or(0);
        Ok(MigrationStatus {
            pending: known
                .into_iter()
                .filter(|(v, _)| !applied.contains(v))
                .collect(),
            newer: applied.last().copied().filter(|&v| v > known_max),
            applied,
        })
    }

    /// A consistent copy of the SQLite database in `file` (which must not
    /// exist), taken while the store is in use: every write acknowledged
    /// before the call is in it. Written to `<file>.partial` first and
    /// renamed when complete and on disk, so `file` is never half a copy.
    /// PostgreSQL: `Err` (use `pg_dump`, see docs/operations.md).
    pub async fn backup_to(&self, file: &Path) -> Result<BackupReport, StoreError> {
        let StoreConfig::Sqlite { .. } = &*self.config else {
            return Err(StoreError::Invalid(
                "tillit backup gäller SQLite; säkerhetskopiera PostgreSQL med pg_dump -Fc (se docs/operations.md)".into(),
            ));
        };
        if file.exists() {
            return Err(StoreError::AlreadyExists(format!(
                "filen {} (välj ett nytt filnamn; en säkerhetskopia skrivs aldrig över)",
                file.display()
            )));
        }
        let mut partial = file.as_os_str().to_os_string();
        partial.push(".partial");
        let partial = PathBuf::from(partial);
        let _ = std::fs::remove_file(&partial);
        let mut conn = sqlx::AnyConnection::connect(&self.config.connect_url()).await?;
        sqlx::query("PRAGMA busy_timeout = 5000")
            .execute(&mut conn)
            .await?;
        let copied = sqlx::query("VACUUM INTO $1")
            .bind(partial.to_string_lossy().into_owned())
            .execute(&mut conn)
            .await;
        conn.close().await?;
        if let Err(e) = copied {
            let _ = std::fs::remove_file(&partial);
            return Err(e.into());
        }
        sync_file_and_dir(&partial)?;
        // The figures of the copy itself.
        let url = StoreConfig::Sqlite {
            path: partial.clone(),
        }
        .connect_url();
        let mut copy = sqlx::AnyConnection::connect(&url).await?;
        let events = count(&mut copy, "SELECT COUNT(*) AS n FROM events").await?;
        let entries = count(&mut copy, "SELECT COUNT(*) AS n FROM access_log").await?;
        copy.close().await?;
        std::fs::rename(&partial, file)?;
        sync_file_and_dir(file)?;
        Ok(BackupReport {
            file: file.to_path_buf(),
            bytes: std::fs::metadata(file)?.len(),
            events,
            access_log_entries: entries,
        })
    }

    /// A read answered within `within`: the database is reachable.
    pub async fn ping(&self, within: Duration) -> Result<(), StoreError> {
        let read = sqlx::query("SELECT 1 AS n").fetch_one(&self.pool);
        match tokio::time::timeout(within, read).await {
            Ok(r) => r.map(|_| ()).map_err(StoreError::from),
            Err(_) => Err(StoreError::Unavailable),
        }
    }

    /// True when the database is a PostgreSQL standby (in recovery, read
    /// only): Tillit can read but never write there. Always false on SQLite.
    pub async fn is_standby(&self) -> Result<bool, StoreError> {
        if self.backend != Backend::Postgres {
            return Ok(false);
        }
        let row = sqlx::query(
            "SELECT CAST(CASE WHEN pg_is_in_recovery() THEN 1 ELSE 0 END AS BIGINT) AS n",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(row.int("n")? == 1)
    }

    /// The writer commits a write sent now within `within` (an empty one:
    /// nothing is written).
    pub async fn writer_alive(&self, within: Duration) -> Result<(), StoreError> {
        match tokio::time::timeout(within, self.writer.flush()).await {
            Ok(r) => r,
            Err(_) => Err(StoreError::Unavailable),
        }
    }

    /// The reader pool and the writer's queue as they are now.
    pub fn pool_figures(&self) -> PoolFigures {
        PoolFigures {
            read_connections: self.pool.size(),
            read_idle: self.pool.num_idle(),
            read_max: self.pool.options().get_max_connections(),
            writer_queue: self.writer.queue_len(),
        }
    }

    /// Per unit, the deadlines whose legal date is before `today` (the
    /// worklist's "overdue"); every unit, with 0 where none are.
    pub async fn overdue_by_unit(&self, today: Date) -> Result<Vec<UnitOverdue>, StoreError> {
        let rows = sqlx::query(
            "SELECT u.id, u.name, COUNT(d.case_id) AS n FROM units u \
             LEFT JOIN deadlines d ON d.unit_id = u.id AND d.legal_date < $1 \
             GROUP BY u.id, u.name ORDER BY u.id",
        )
        .bind(today.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(UnitOverdue {
                    unit: UnitId(r.int("id")?),
                    unit_name: r.text("name")?,
                    overdue: u64::try_from(r.int("n")?).unwrap_or(0),
                })
            })
            .collect()
    }
}

/// Put the SQLite backup `from` in place of the database file `to`.
///
/// Refused while anything has `to` open (see [`InUseLock`]), and when `to`
/// exists unless `force`. The backup is copied beside `to`, opened (an
/// older backup is migrated to this release's schema) and its access-log
/// chain verified; a broken chain is refused and nothing is replaced. Then
/// the copy is renamed over `to` (the old database's write-ahead log is
/// removed first, so it cannot be applied to the restored file).
pub async fn restore_sqlite(
    from: &Path,
    to: &Path,
    force: bool,
) -> Result<RestoreReport, StoreError> {
    if !from.is_file() {
        return Err(StoreError::NotFound(format!(
            "säkerhetskopian {}",
            from.display()
        )));
    }
    if !is_sqlite_file(from)? {
        return Err(StoreError::Invalid(format!(
            "{} är ingen SQLite-databas (en säkerhetskopia från tillit backup behövs)",
            from.display()
        )));
    }
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let lock = InUseLock::exclusive(to)?;
    if to.exists() && !force {
        return Err(StoreError::AlreadyExists(format!(
            "databasen {} (ange --force för att ersätta den med säkerhetskopian)",
            to.display()
        )));
    }
    let mut staging = to.as_os_str().to_os_string();
    staging.push(".restoring");
    let staging = PathBuf::from(staging);
    let clean = |p: &Path| -> Result<(), StoreError> {
        for f in std::iter::once(p.to_path_buf()).chain(companions(p)) {
            match std::fs::remove_file(&f) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    };
    clean(&staging)?;
    std::fs::copy(from, &staging)?;
    let checked = async {
        let store = Store::open(&StoreConfig::Sqlite {
            path: staging.clone(),
        })
        .await?;
        let chain = store.verify_access_log().await;
        let events = {
            let row = sqlx::query("SELECT COUNT(*) AS n FROM events")
                .fetch_one(&store.pool)
                .await?;
            u64::try_from(row.int("n")?).unwrap_or(0)
        };
        store.close().await;
        drop(store);
        Ok::<_, StoreError>((chain?, events))
    }
    .await;
    let (chain, events) = match checked {
        Ok(c) => c,
        Err(e) => {
            let _ = clean(&staging);
            let _ = std::fs::remove_file(lock_path(&staging));
            return Err(e);
        }
    };
    if let Some(b) = &chain.broken {
        let _ = clean(&staging);
        let _ = std::fs::remove_file(lock_path(&staging));
        return Err(StoreError::Corrupt(format!(
            "säkerhetskopians åtkomstlogg är bruten vid post {}: {}; ingenting återställdes",
            b.seq, b.problem
        )));
    }
    // Fold the staging copy's write-ahead log into it, if closing left one.
    {
        let url = StoreConfig::Sqlite {
            path: staging.clone(),
        }
        .connect_url();
        let mut conn = sqlx::AnyConnection::connect(&url).await?;
        // The store's own connections close on their threads after
        // `close` returns; until the last has, the mode cannot change.
        let mut tries = 0;
        loop {
            match sqlx::query("PRAGMA journal_mode = DELETE")
                .fetch_optional(&mut conn)
                .await
                .map_err(StoreError::from)
            {
                Ok(_) => break,
                Err(StoreError::Unavailable) if tries < 200 => {
                    tries += 1;
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(e) => return Err(e),
            }
        }
        conn.close().await?;
    }
    sync_file_and_dir(&staging)?;
    for f in companions(to) {
        match std::fs::remove_file(&f) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    std::fs::rename(&staging, to)?;
    sync_file_and_dir(to)?;
    let _ = clean(&staging);
    let _ = std::fs::remove_file(lock_path(&staging));
    drop(lock);
    Ok(RestoreReport { events, chain })
}
