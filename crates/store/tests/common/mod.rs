//! Test databases and event builders shared by the store suite.
//!
//! Every test gets a database of its own: a SQLite file in a fresh temporary
//! directory, or a fresh PostgreSQL database created on the server named by
//! `TILLIT_TEST_DATABASE_URL` (so tests run in parallel). `scripts/test.sh`
//! starts such a server and sets the variable.

#![allow(dead_code)]

use jiff::Timestamp;
use jiff::civil::{Date, date};
use sqlx::Connection;
use tillit_domain::case::{CaseEvent, Reporter};
use tillit_domain::catalog::{ConcernCategory, ReportKind, ReporterCategory};
use tillit_domain::{CaseId, ItemId, PersonId, UnitId, UserId};
use tillit_store::{NewEvent, Store, StoreConfig};

pub const PG_URL_VAR: &str = "TILLIT_TEST_DATABASE_URL";
pub const SKIP_PG_VAR: &str = "TILLIT_SKIP_POSTGRES";

/// One test's own database.
pub struct TestDb {
    pub cfg: StoreConfig,
    _dir: Option<tempfile::TempDir>,
    /// (admin URL, database name) of a PostgreSQL test database, to drop.
    pg: Option<(String, String)>,
}

impl TestDb {
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temporary directory");
        // A subdirectory that does not exist yet: open() must create it.
        let path = dir.path().join("data").join("tillit.sqlite");
        TestDb {
            cfg: StoreConfig::Sqlite { path },
            _dir: Some(dir),
            pg: None,
        }
    }

    /// A fresh database on the test server; `None` (test skipped) only when
    /// `TILLIT_SKIP_POSTGRES=1`. Without the server the test fails: the
    /// PostgreSQL half of the suite is not optional.
    pub async fn postgres(test_name: &str) -> Option<TestDb> {
        let admin_url = match std::env::var(PG_URL_VAR) {
            Ok(url) if !url.is_empty() => url,
            _ => {
                if std::env::var(SKIP_PG_VAR).as_deref() == Ok("1") {
                    // Straight to stderr, past the test harness's capture,
                    // so that a skip is seen.
                    use std::io::Write;
                    let _ = writeln!(
                        std::io::stderr(),
                        "skipped: PostgreSQL store test {test_name} ({SKIP_PG_VAR}=1 and {PG_URL_VAR} not set)"
                    );
                    return None;
                }
                panic!(
                    "The PostgreSQL half of the store suite needs a server: run scripts/test.sh \
                     (it starts one), or set {PG_URL_VAR}=postgres://USER@HOST:PORT/postgres \
                     (a role that may CREATE DATABASE). To skip these tests knowingly, set \
                     {SKIP_PG_VAR}=1."
                );
            }
        };
        sqlx::any::install_default_drivers();
        let name: String = format!(
            "tillit_t_{}_{}",
            &test_name[..test_name.len().min(30)],
            uuid::Uuid::new_v4().simple()
        )
        .to_lowercase()
        .chars()
        .take(63)
        .collect();
        let mut admin = sqlx::AnyConnection::connect(&admin_url)
            .await
            .unwrap_or_else(|e| panic!("cannot connect to {PG_URL_VAR}: {e}"));
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .expect("create test database");
        admin.close().await.ok();
        Some(TestDb {
            cfg: StoreConfig::Postgres {
                url: with_database(&admin_url, &name),
            },
            _dir: None,
            pg: Some((admin_url, name)),
        })
    }

    pub async fn open(&self) -> Store {
        Store::open(&self.cfg).await.expect("open store")
    }

    /// A URL that [`StoreConfig::from_url`] turns back into this config.
    pub fn url(&self) -> String {
        match &self.cfg {
            StoreConfig::Sqlite { path } => format!("sqlite:{}", path.display()),
            StoreConfig::Postgres { url } => url.clone(),
        }
    }

    /// Drop a PostgreSQL test database (after a passing test; a failing one
    /// leaves its database for inspection).
    pub async fn cleanup(&self) {
        if let Some((admin_url, name)) = &self.pg
            && let Ok(mut admin) = sqlx::AnyConnection::connect(admin_url).await
        {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut admin)
                .await;
            admin.close().await.ok();
        }
    }
}

/// `postgres://u@h:p/db?x` with the database replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let (scheme, rest) = base.split_once("://").expect("URL with scheme");
    let authority = rest.split('/').next().unwrap_or(rest);
    let mut out = format!("{scheme}://{authority}/{name}");
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// Generates the suite twice: `sqlite::NAME` and `postgres::NAME`, each
/// calling the test body `NAME(&TestDb)` with a database of its own.
#[macro_export]
macro_rules! store_suite {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let db = $crate::common::TestDb::sqlite();
                    super::$name(&db).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(db) = $crate::common::TestDb::postgres(stringify!($name)).await else {
                        return;
                    };
                    super::$name(&db).await;
                    db.cleanup().await;
                }
            )*
        }
    };
}

// Event builders -------------------------------------------------------------

pub const CASEWORKER: UserId = UserId(7);
pub const UNIT: UnitId = UnitId(3);

pub fn day(y: i16, m: i8, d: i8) -> Date {
    date(y, m, d)
}

pub fn at(d: Date) -> Timestamp {
    d.at(9, 30, 0, 0)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .expect("a date in range")
        .timestamp()
}

pub fn new_event(on: Date, event: CaseEvent) -> NewEvent {
    NewEvent {
        recorded_by: CASEWORKER,
        recorded_at: at(on),
        occurred_on: on,
        event,
    }
}

pub fn opened(child: PersonId, on: Date) -> NewEvent {
    new_event(on, CaseEvent::CaseOpened { child, unit: UNIT })
}

pub fn report(report: ItemId, on: Date) -> NewEvent {
    new_event(
        on,
        CaseEvent::ReportReceived {
            report,
            kind: ReportKind::Report,
            received_at: on.at(10, 0, 0, 0),
            reporter: Reporter {
                category: ReporterCategory::School,
                anonymous: false,
                name: Some("Rektor".into()),
                contact: None,
                wants_feedback: false,
            },
            concerns: vec![ConcernCategory::NeglectOfCare],
            siblings: vec![],
            summary: "Eleven kommer ofta hungrig till skolan.".into(),
        },
    )
}

pub fn assigned(caseworker: Option<UserId>, on: Date) -> NewEvent {
    new_event(
        on,
        CaseEvent::CaseAssigned {
            caseworker,
            unit: UNIT,
        },
    )
}

/// A new case: opened with one report on `on`. Returns (case, child, report).
pub fn new_case(on: Date) -> (CaseId, PersonId, ItemId, Vec<NewEvent>) {
    let case = CaseId::new_random();
    let child = PersonId::new_random();
    let rep = ItemId::new_random();
    (case, child, rep, vec![opened(child, on), report(rep, on)])
}
