//! Operations: upgrading a database made by the previous release, the
//! online backup under write load, restore, the PostgreSQL dump and
//! restore with the real `pg_dump`/`pg_restore`, and the figures `/metrics`
//! reads.

mod common;

use common::*;
use sqlx::Connection;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tillit_domain::role::Role;
use tillit_domain::{CaseId, PersonId, UnitId, UserId};
use tillit_store::{AccessEntry, AccessKind, Store, StoreConfig, StoreError};

store_suite!(overdue_deadlines_are_counted_per_unit);

/// Every row of every table of a SQLite file, as text (SQLite's `quote`),
/// table by table in primary-key order.
async fn all_rows(path: &Path) -> BTreeMap<String, Vec<String>> {
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}", path.display());
    let mut conn = sqlx::AnyConnection::connect(&url).await.unwrap();
    let tables: Vec<String> = sqlx::query(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap()
    .iter()
    .map(|r| sqlx::Row::get::<String, _>(r, "name"))
    .collect();
    let mut out = BTreeMap::new();
    for table in tables {
        let columns: Vec<String> = sqlx::query(&format!(
            "SELECT name FROM pragma_table_info('{table}') ORDER BY cid"
        ))
        .fetch_all(&mut conn)
        .await
        .unwrap()
        .iter()
        .map(|r| sqlx::Row::get::<String, _>(r, "name"))
        .collect();
        let expr = columns
            .iter()
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let rows: Vec<String> =
            sqlx::query(&format!("SELECT {expr} AS row FROM \"{table}\" ORDER BY 1"))
                .fetch_all(&mut conn)
                .await
                .unwrap()
                .iter()
                .map(|r| sqlx::Row::get::<String, _>(r, "row"))
                .collect();
        out.insert(table, rows);
    }
    conn.close().await.unwrap();
    out
}

fn fixture_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tillit.sqlite");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-v6.sqlite"),
        &path,
    )
    .unwrap();
    (dir, path)
}

/// A database written by the previous release (schema 1-6, see
/// `tests/fixtures/README.md`) opened by this one: migration 7 is applied
/// and every event, read-model row, access-log row and every other row is
/// there as before; the chain verifies; every case loads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upgrade_from_the_previous_schema_keeps_every_row_and_the_chain() {
    let (_dir, path) = fixture_copy();
    let cfg = StoreConfig::Sqlite { path: path.clone() };
    let before = all_rows(&path).await;
    for (table, at_least) in [
        ("events", 900),
        ("cases", 100),
        ("deadlines", 1),
        ("access_log", 61),
        ("persons", 200),
        ("person_name_keys", 200),
        ("users", 10),
        ("sessions", 1),
        ("journal_drafts", 1),
    ] {
        assert!(
            before[table].len() >= at_least,
            "the fixture has {} rows in {table}",
            before[table].len()
        );
    }
    let status = Store::migration_status(&cfg).await.unwrap();
    assert_eq!(status.applied, vec![1, 2, 3, 4, 5, 6]);
    assert_eq!(
        status.pending,
        vec![
            (7, "access_log_indexes"),
            (8, "registers"),
            (9, "economy"),
            (11, "caseload"),
            (12, "catalog"),
            (13, "case_extracts"),
            (17, "followup_snapshot"),
            (18, "name_search"),
            (19, "change_sequence")
        ]
    );

    let store = Store::open(&cfg).await.unwrap();
    let chain = store.verify_access_log().await.unwrap();
    assert!(chain.broken.is_none(), "{:?}", chain.broken);
    assert_eq!(chain.checked, before["access_log"].len() as u64);
    // Every case's stream loads and folds as this release reads it.
    let mut events = 0;
    for row in &before["cases"] {
        let id: CaseId = row
            .split('|')
            .next()
            .unwrap()
            .trim_matches('\'')
            .parse()
            .unwrap();
        let stream = store.load_case(id).await.unwrap();
        assert!(!stream.is_empty(), "case {id} has no events");
        events += stream.len();
    }
    assert_eq!(events, before["events"].len());
    store.close().await;
    drop(store);

    let after = all_rows(&path).await;
    // Every table of the previous release is there; the tables the newer
    // migrations add (the registers, the economy) are new and empty.
    let added: Vec<&String> = after.keys().filter(|t| !before.contains_key(*t)).collect();
    let mut expected = vec![
        "case_extracts",
        "catalog_entries",
        "register_deadlines",
        "register_entries",
        "register_records",
    ];
    expected.extend([
        "economy_account_names",
        "economy_activities",
        "economy_budget",
        "economy_budget_revisions",
        "economy_forecasts",
        "economy_imports",
        "economy_outcome",
        "economy_project_financing",
        "economy_projects",
        "economy_provider_fees",
        "economy_provider_prices",
        "economy_providers",
        "economy_responsibilities",
        "followup_snapshot",
        "person_name_index",
        "change_sequence",
    ]);
    expected.sort_unstable();
    assert_eq!(added, expected);
    // Migration 19's counter starts at 0; every other new table but the
    // name index is empty.
    assert_eq!(after["change_sequence"], vec!["1|0".to_string()]);
    assert!(
        added
            .iter()
            .all(|t| *t == "person_name_index" || *t == "change_sequence" || after[*t].is_empty())
    );
    // Migration 18 replaces the name index of migration 6 with one that
    // carries the hit list's order: every person has rows in it.
    assert!(!after.contains_key("person_name_keys"));
    assert!(after["person_name_index"].len() >= before["person_name_keys"].len());
    for (table, rows) in &before {
        if table == "cases" || table == "persons" || table == "person_name_keys" {
            continue;
        }
        assert!(
            after[table] == *rows,
            "table {table} changed in the upgrade"
        );
    }
    // Migration 11 adds two columns to every case (the phase's first day,
    // the LVU ground) and fills them from the events; the rest is as it was.
    assert_eq!(after["cases"].len(), before["cases"].len());
    for (old, new) in before["cases"].iter().zip(&after["cases"]) {
        let (kept, added) = new.split_at(old.len());
        assert_eq!(kept, old, "a case changed in the upgrade");
        let phase_since = added.split('|').nth(1).unwrap();
        assert!(phase_since.starts_with("'2"), "phase_since filled: {added}");
        assert!(
            added.ends_with("|0"),
            "written before the change sequence: {added}"
        );
    }
    // Migration 19 adds the change sequence's column to every person too.
    assert_eq!(after["persons"].len(), before["persons"].len());
    for (old, new) in before["persons"].iter().zip(&after["persons"]) {
        assert_eq!(new, &format!("{old}|0"), "a person changed in the upgrade");
    }
    let status = Store::migration_status(&cfg).await.unwrap();
    assert_eq!(
        status.applied,
        vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 17, 18, 19]
    );
    assert!(status.pending.is_empty());
}

fn read_of(case: CaseId, writer: usize, i: usize) -> AccessEntry {
    AccessEntry {
        at: jiff::Timestamp::now(),
        user: UserId(1),
        username: "anna".into(),
        role: Role::Caseworker,
        user_unit: Some(UNIT),
        client_addr: "192.0.2.1".into(),
        kind: AccessKind::Case,
        case: Some(case),
        case_unit: Some(UNIT),
        person: Some(PersonId::new_random()),
        request_id: format!("w{writer}-{i}"),
        reason: None,
        flags: vec![],
        ref_seq: None,
        detail: None,
    }
}

/// Four writers append cases and access-log entries without pause; a
/// backup is taken in the middle. Every write acknowledged before the
/// backup began is in it, its chain verifies, and restoring it gives a
/// database that opens with the same.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_under_write_load_holds_every_acknowledged_write_and_verifies() {
    let db = TestDb::sqlite();
    let store = db.open().await;
    let acked: Arc<Mutex<Vec<(CaseId, String)>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut writers = Vec::new();
    for w in 0..4 {
        let (store, acked, stop) = (store.clone(), acked.clone(), stop.clone());
        writers.push(tokio::spawn(async move {
            let mut i = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let (case, _, _, events) = new_case(day(2026, 3, 2));
                store.append(case, 0, events).await.unwrap();
                let entry = read_of(case, w, i);
                let request = entry.request_id.clone();
                store.log_access(&[entry]).await.unwrap();
                acked.lock().unwrap().push((case, request));
                i += 1;
            }
        }));
    }
    let wait_for = |n: usize| {
        let acked = acked.clone();
        async move {
            while acked.lock().unwrap().len() < n {
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
        }
    };
    wait_for(150).await;
    let before: Vec<(CaseId, String)> = acked.lock().unwrap().clone();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.sqlite");
    let report = store.backup_to(&file).await.unwrap();
    let during = acked.lock().unwrap().len() - before.len();
    // The writers go on after the backup.
    let n = acked.lock().unwrap().len();
    wait_for(n + 20).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for w in writers {
        w.await.unwrap();
    }
    let total = acked.lock().unwrap().len();
    eprintln!(
        "backup: {} bytes; {} writes acknowledged before it, {during} while it ran, {total} in all",
        report.bytes,
        before.len()
    );
    assert!(report.events >= 2 * before.len() as u64);
    assert!(report.access_log_entries >= before.len() as u64);
    assert!(
        report.access_log_entries < total as u64,
        "the backup is of a moment: later writes are not in it"
    );
    assert!(!file.with_extension("sqlite.partial").exists());
    store.close().await;

    // Restore into a new data directory and look.
    let restored_path = dir.path().join("restored").join("tillit.sqlite");
    let restored = tillit_store::restore_sqlite(&file, &restored_path, false)
        .await
        .unwrap();
    assert!(restored.chain.broken.is_none());
    assert_eq!(restored.chain.checked, report.access_log_entries);
    assert_eq!(restored.events, report.events);
    let copy = Store::open(&StoreConfig::Sqlite {
        path: restored_path.clone(),
    })
    .await
    .unwrap();
    let logged: std::collections::HashSet<String> = copy
        .access_log(&tillit_store::AccessLogFilter {
            limit: 1_000_000,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.entry.request_id)
        .collect();
    for (case, request) in &before {
        assert_eq!(
            copy.load_case(*case).await.unwrap().len(),
            2,
            "case {case} acknowledged before the backup"
        );
        assert!(logged.contains(request), "access-log entry {request}");
    }
    let chain = copy.verify_access_log().await.unwrap();
    assert!(chain.broken.is_none());
    copy.close().await;
}

async fn small_store(path: &Path) -> Store {
    let store = Store::open(&StoreConfig::Sqlite {
        path: path.to_path_buf(),
    })
    .await
    .unwrap();
    for i in 0..3 {
        let (case, _, _, events) = new_case(day(2026, 3, 2));
        store.append(case, 0, events).await.unwrap();
        store.log_access(&[read_of(case, 0, i)]).await.unwrap();
    }
    store
}

/// A database in use is never replaced; an existing one only with
/// `force`; a backup whose chain is broken is refused and nothing changes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_refuses_a_database_in_use_one_that_exists_and_a_broken_backup() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("data").join("tillit.sqlite");
    let store = small_store(&live).await;
    let backup = dir.path().join("b.sqlite");
    store.backup_to(&backup).await.unwrap();
    // The backup file is never overwritten.
    let again = store.backup_to(&backup).await.unwrap_err();
    assert!(matches!(again, StoreError::AlreadyExists(_)), "{again}");

    let in_use = tillit_store::restore_sqlite(&backup, &live, true)
        .await
        .unwrap_err();
    assert!(in_use.to_string().contains("används"), "{in_use}");
    store.close().await;
    drop(store);

    let exists = tillit_store::restore_sqlite(&backup, &live, false)
        .await
        .unwrap_err();
    assert!(exists.to_string().contains("--force"), "{exists}");
    let ok = tillit_store::restore_sqlite(&backup, &live, true)
        .await
        .unwrap();
    assert_eq!(ok.chain.checked, 3);

    // One byte of one access-log row changed in a backup.
    let url = format!("sqlite://{}", backup.display());
    let mut conn = sqlx::AnyConnection::connect(&url).await.unwrap();
    sqlx::query("UPDATE access_log SET client_addr = '192.0.2.9' WHERE seq = 2")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let target = dir.path().join("other").join("tillit.sqlite");
    let broken = tillit_store::restore_sqlite(&backup, &target, false)
        .await
        .unwrap_err();
    assert!(broken.to_string().contains("post 2"), "{broken}");
    assert!(!target.exists(), "nothing restored");

    let not_sqlite = dir.path().join("x.txt");
    std::fs::write(&not_sqlite, "inte en databas").unwrap();
    let e = tillit_store::restore_sqlite(&not_sqlite, &target, false)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("ingen SQLite-databas"), "{e}");
}

/// The directory holding `pg_dump` and `pg_restore`, if installed.
fn pg_bin() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|d| d.join("pg_dump").exists() && d.join("pg_restore").exists())
        .collect();
    dirs.sort();
    dirs.pop()
}

/// The procedure of docs/operations.md on the test server: `pg_dump -Fc`
/// of a database in use, `pg_restore` into a new one; every event and
/// access-log entry is there and the chain verifies.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pg_dump_and_pg_restore_keep_every_event_and_the_chain() {
    let Some(bin) = pg_bin() else {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipped: pg_dump/pg_restore not found under /usr/lib/postgresql/*/bin"
        );
        return;
    };
    let Some(source) = TestDb::postgres("pg_dump_source").await else {
        return;
    };
    let Some(target) = TestDb::postgres("pg_dump_target").await else {
        return;
    };
    let store = source.open().await;
    let mut cases = Vec::new();
    for i in 0..20 {
        let (case, _, _, events) = new_case(day(2026, 3, 2));
        store.append(case, 0, events).await.unwrap();
        store.log_access(&[read_of(case, 0, i)]).await.unwrap();
        cases.push(case);
    }
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("tillit.dump");
    let out = std::process::Command::new(bin.join("pg_dump"))
        .arg("-Fc")
        .arg("-f")
        .arg(&dump)
        .arg(source.url())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pg_dump: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = std::process::Command::new(bin.join("pg_restore"))
        .args(["--no-owner", "--exit-on-error", "-d"])
        .arg(target.url())
        .arg(&dump)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pg_restore: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let restored = target.open().await;
    for case in &cases {
        assert_eq!(restored.load_case(*case).await.unwrap().len(), 2);
    }
    let chain = restored.verify_access_log().await.unwrap();
    assert!(chain.broken.is_none());
    assert_eq!(chain.checked, 20);
    assert_eq!(
        chain.last_hash,
        store.verify_access_log().await.unwrap().last_hash
    );
    // The restored database takes new writes (its sequences were restored).
    let (case, _, _, events) = new_case(day(2026, 3, 3));
    restored.append(case, 0, events).await.unwrap();
    restored.log_access(&[read_of(case, 0, 99)]).await.unwrap();
    assert!(restored.verify_access_log().await.unwrap().broken.is_none());
    store.close().await;
    restored.close().await;
    source.cleanup().await;
    target.cleanup().await;
}

async fn overdue_deadlines_are_counted_per_unit(db: &TestDb) {
    let store = db.open().await;
    for name in ["Mottagningen", "Barnenheten", "Enhet tre"] {
        store.create_unit(name, "other").await.unwrap();
    }
    let none = store.overdue_by_unit(day(2026, 1, 1)).await.unwrap();
    assert_eq!(none.len(), 3);
    assert!(none.iter().all(|u| u.overdue == 0));
    // Two cases in UNIT (3), their first deadlines long past by June.
    for _ in 0..2 {
        let (case, _, _, events) = new_case(day(2026, 3, 2));
        store.append(case, 0, events).await.unwrap();
    }
    let before = store.overdue_by_unit(day(2026, 3, 2)).await.unwrap();
    let later = store.overdue_by_unit(day(2026, 6, 1)).await.unwrap();
    let of = |v: &[tillit_store::UnitOverdue], unit: UnitId| {
        v.iter().find(|u| u.unit == unit).unwrap().overdue
    };
    assert_eq!(of(&before, UNIT), 0, "nothing is overdue on the first day");
    assert!(of(&later, UNIT) >= 2, "{later:?}");
    assert_eq!(of(&later, UnitId(1)), 0);
    assert_eq!(
        later
            .iter()
            .find(|u| u.unit == UNIT)
            .map(|u| u.unit_name.as_str()),
        Some("Enhet tre")
    );
    let figures = store.pool_figures();
    assert!(figures.read_connections >= 1 && figures.read_max >= figures.read_connections);
    assert_eq!(figures.writer_queue, 0);
    store.ping(std::time::Duration::from_secs(2)).await.unwrap();
    assert!(
        !store.is_standby().await.unwrap(),
        "a primary, not a standby"
    );
    store
        .writer_alive(std::time::Duration::from_secs(2))
        .await
        .unwrap();
    store.close().await;
}
