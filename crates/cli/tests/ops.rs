//! `tillit migrate`, `tillit backup` and `tillit restore` as an operator
//! runs them: the built binary, a configuration file, the previous
//! release's database.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tillit(args: &[&str], config: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tillit"));
    cmd.args(args)
        .env_remove("DATABASE_URL")
        .env_remove("TILLIT_DATA_DIR")
        .env_remove("TILLIT_CONFIG")
        .env("RUST_LOG", "warn");
    if let Some(c) = config {
        cmd.arg("--config").arg(c);
    }
    cmd.output().expect("run tillit")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A data directory holding the previous release's database, and a
/// configuration file naming it.
fn previous_release() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../store/tests/fixtures/schema-v6.sqlite"),
        data.join("tillit.sqlite"),
    )
    .unwrap();
    let config = dir.path().join("tillit.toml");
    std::fs::write(
        &config,
        format!("# Tillit\ndata_dir = \"{}\"\n", data.display()),
    )
    .unwrap();
    (dir, data, config)
}

#[test]
fn migrate_applies_what_the_previous_release_lacks_and_check_says_so() {
    let (_dir, _data, config) = previous_release();
    let out = tillit(&["migrate", "--check"], Some(&config));
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("7 (access_log_indexes)"),
        "{}",
        text(&out)
    );
    let out = tillit(&["migrate"], Some(&config));
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Tillämpade migrering 7 (access_log_indexes)")
            && text(&out).contains("Tillämpade migrering 8 (registers)")
            && text(&out).contains("Tillämpade migrering 9 (economy)"),
        "{}",
        text(&out)
    );
    let out = tillit(&["migrate", "--check"], Some(&config));
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("schemaversion 18"), "{}", text(&out));
    let out = tillit(&["audit", "verify"], Some(&config));
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn backup_and_restore_from_the_command_line() {
    let (dir, data, config) = previous_release();
    let file = dir.path().join("kopia.sqlite");
    let file_arg = file.to_str().unwrap();
    let out = tillit(&["backup", "--to", file_arg], Some(&config));
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("930 händelser, 61 poster"),
        "{}",
        text(&out)
    );
    // Never over an existing file.
    let out = tillit(&["backup", "--to", file_arg], Some(&config));
    assert!(!out.status.success());
    assert!(text(&out).contains("nytt filnamn"), "{}", text(&out));
    // Not over an existing database without --force.
    let out = tillit(&["restore", "--from", file_arg], Some(&config));
    assert!(!out.status.success());
    assert!(text(&out).contains("--force"), "{}", text(&out));
    let out = tillit(&["restore", "--from", file_arg, "--force"], Some(&config));
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("61 poster kontrollerade"),
        "{}",
        text(&out)
    );
    // A flag wins over the file: a new data directory.
    let other = dir.path().join("other");
    let out = tillit(
        &[
            "restore",
            "--from",
            file_arg,
            "--data-dir",
            other.to_str().unwrap(),
        ],
        Some(&config),
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(other.join("tillit.sqlite").exists());
    assert!(data.join("tillit.sqlite").exists());
}

#[test]
fn a_bad_configuration_file_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("tillit.toml");
    std::fs::write(&config, "addr = \"127.0.0.1:8080\"\ndb_wait = 10\n").unwrap();
    let out = tillit(&["migrate"], Some(&config));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let msg = text(&out);
    assert!(
        msg.contains("rad 2") && msg.contains("okänd nyckel `db_wait`"),
        "{msg}"
    );
}
