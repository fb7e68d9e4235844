//! `tillit audit verify` as a user runs it: the built binary on a SQLite
//! file, intact, then with one byte of one access-log row changed, then
//! with a row deleted.

use sqlx::Connection;
use std::path::Path;
use std::process::{Command, Output};
use tillit_domain::role::Role;
use tillit_domain::{CaseId, PersonId, UnitId, UserId};
use tillit_store::{AccessEntry, AccessKind, Store, StoreConfig};

fn verify(data_dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tillit"))
        .args(["audit", "verify", "--data-dir"])
        .arg(data_dir)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run tillit")
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn raw(db: &Path, sql: &str) {
    let mut conn = sqlx::AnyConnection::connect(&format!("sqlite://{}", db.display()))
        .await
        .unwrap();
    sqlx::query(sql).execute(&mut conn).await.unwrap();
    conn.close().await.unwrap();
}

/// `n` reads of a case by anna, numbered r0, r1, ...
fn entries(n: usize) -> Vec<AccessEntry> {
    (0..n)
        .map(|i| AccessEntry {
            at: jiff::Timestamp::now(),
            user: UserId(1),
            username: "anna".into(),
            role: Role::Caseworker,
            user_unit: Some(UnitId(1)),
            client_addr: "192.0.2.1".into(),
            kind: AccessKind::Case,
            case: Some(CaseId::new_random()),
            case_unit: Some(UnitId(1)),
            person: Some(PersonId::new_random()),
            request_id: format!("r{i}"),
            reason: None,
            flags: vec![],
            ref_seq: None,
            detail: None,
        })
        .collect()
}

#[tokio::test]
async fn verify_finds_the_changed_byte_and_the_deleted_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(tillit_store::SQLITE_FILE_NAME);
    let store = Store::open(&StoreConfig::Sqlite { path: db.clone() })
        .await
        .unwrap();
    let entries = entries(5);
    store.log_access(&entries).await.unwrap();
    store.close().await;

    let out = verify(dir.path());
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("Åtkomstloggen är hel: 5 poster kontrollerade."),
        "{stdout}"
    );

    // One byte of entry 2: the address 192.0.2.1 -> 192.0.2.2.
    raw(
        &db,
        "UPDATE access_log SET client_addr = '192.0.2.2' WHERE seq = 2",
    )
    .await;
    let out = verify(dir.path());
    let (stdout, stderr) = text(&out);
    assert!(!out.status.success());
    assert!(stdout.contains("bruten vid post 2"), "{stdout}");
    assert!(stderr.contains("bruten vid post 2"), "{stderr}");
    assert!(stdout.contains("har ändrats"), "{stdout}");

    // Put it back: intact again. Then delete entry 4: broken at 5.
    raw(
        &db,
        "UPDATE access_log SET client_addr = '192.0.2.1' WHERE seq = 2",
    )
    .await;
    assert!(verify(dir.path()).status.success());
    raw(&db, "DELETE FROM access_log WHERE seq = 4").await;
    let out = verify(dir.path());
    let (stdout, _) = text(&out);
    assert!(!out.status.success());
    assert!(stdout.contains("bruten vid post 5"), "{stdout}");
    assert!(stdout.contains("post 4 saknas"), "{stdout}");
}

/// Deleting the newest entries and rewriting the head leaves a shorter
/// chain that is intact: only an anchor kept outside the database shows it.
#[tokio::test]
async fn anchors_outside_the_database_reveal_a_truncated_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(tillit_store::SQLITE_FILE_NAME);
    let anchors = dir.path().join("ankare.txt");
    let store = Store::open(&StoreConfig::Sqlite { path: db.clone() })
        .await
        .unwrap();
    let entries = entries(6);
    store.log_access(&entries).await.unwrap();
    store.close().await;

    let out = Command::new(env!("CARGO_BIN_EXE_tillit"))
        .args(["audit", "anchor", "--data-dir"])
        .arg(dir.path())
        .arg("--anchors")
        .arg(&anchors)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(std::fs::read_to_string(&anchors).unwrap().contains(" 6 "));

    let with_anchors = |dir: &Path| {
        Command::new(env!("CARGO_BIN_EXE_tillit"))
            .args(["audit", "verify", "--data-dir"])
            .arg(dir)
            .arg("--anchors")
            .arg(dir.join("ankare.txt"))
            .env_remove("DATABASE_URL")
            .env("RUST_LOG", "warn")
            .output()
            .unwrap()
    };
    let out = with_anchors(dir.path());
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("Alla 1 ankare"), "{stdout}");

    // Remove entries 5 and 6 and make the head point at entry 4.
    raw(&db, "DELETE FROM access_log WHERE seq > 4").await;
    raw(
        &db,
        "UPDATE access_log_head SET seq = 4, hash = (SELECT hash FROM access_log WHERE seq = 4)",
    )
    .await;
    // The chain alone cannot tell ...
    assert!(verify(dir.path()).status.success());
    // ... the anchor can.
    let out = with_anchors(dir.path());
    let (stdout, stderr) = text(&out);
    assert!(!out.status.success(), "{stdout}");
    assert!(stdout.contains("post 6"), "{stdout}");
    assert!(stdout.contains("loggen har kortats"), "{stdout}");
    assert!(
        stderr.contains("stämmer inte med 1 av 1 ankare"),
        "{stderr}"
    );
}

#[test]
fn verify_refuses_a_directory_without_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let out = verify(&dir.path().join("finns-inte"));
    let (_, stderr) = text(&out);
    assert!(!out.status.success());
    assert!(
        stderr.contains("det finns ingen Tillit-databas"),
        "{stderr}"
    );
    assert!(!dir.path().join("finns-inte").exists(), "nothing created");
}
