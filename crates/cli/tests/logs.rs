//! The built `tillit serve --log-format json` as an operator runs it: every
//! line on standard error is one JSON object; after a user signs in and
//! reads a child's case, the child's person page and searches by name and
//! by personnummer, no line holds the child's name, personnummer or
//! address, nor the user's name; SIGTERM ends the server cleanly (requests
//! finished, pending writes committed).

#[path = "../../web/tests/support/cases.rs"]
mod cases;
#[path = "../../web/tests/support/http.rs"]
mod http;

use http::*;
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use tillit_domain::PersonId;
use tillit_domain::identity::IdentityNumber;
use tillit_domain::person::Person;
use tillit_domain::role::Role;
use tillit_store::{NewUser, Store, StoreConfig};

struct Running(String);

impl Server for Running {
    fn base(&self) -> &str {
        &self.0
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_logs_carry_no_personal_data_and_sigterm_ends_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&StoreConfig::Sqlite {
        path: dir.path().join("tillit.sqlite"),
    })
    .await
    .unwrap();
    let unit = store.create_unit("Barnenheten", "barn").await.unwrap();
    let anna = store
        .create_user(&NewUser {
            username: "anna".into(),
            display_name: "Annabella Handläggarsson".into(),
            role: Role::Caseworker,
            unit: Some(unit),
            password_hash: tillit_web::hash_password(PASSWORD).unwrap(),
        })
        .await
        .unwrap();
    let number = IdentityNumber::parse_long_form("20150101-2395").unwrap();
    let child = Person {
        id: PersonId::new_random(),
        identity_number: Some(number.format_long()),
        given_name: "Elvira".into(),
        family_name: "Loggfriasson".into(),
        gender: number.gender(),
        birth_date: Some(number.birth_date()),
        protected: false,
        address: Some("Spårlösa gatan 9".into()),
    };
    store.upsert_person(&child).await.unwrap();
    let case = cases::open_case(&store, child.id, unit, anna).await;
    store.close().await;
    drop(store);

    let mut server = Command::new(env!("CARGO_BIN_EXE_tillit"))
        .args(["serve", "--addr", "127.0.0.1:0", "--log-format", "json"])
        .arg("--data-dir")
        .arg(dir.path())
        .env_remove("DATABASE_URL")
        .env_remove("TILLIT_CONFIG")
        .env_remove("RUST_LOG")
        .env("TILLIT_LOG_LEVEL", "trace")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(server.stdout.take().unwrap());
    let mut stderr = server.stderr.take().unwrap();
    let collect = std::thread::spawn(move || {
        let mut all = String::new();
        stderr.read_to_string(&mut all).unwrap();
        all
    });
    let base = loop {
        let mut line = String::new();
        assert!(stdout.read_line(&mut line).unwrap() > 0, "server ended");
        if let Some(rest) = line.trim().strip_prefix("Tillit körs på ") {
            break rest.trim_end_matches('/').to_string();
        }
    };
    let app = Running(base);
    let c = logged_in(&app, "anna").await;
    for path in [
        format!("/cases/{case}"),
        format!("/persons/{}", child.id),
        "/persons?q=201501012395".to_string(),
        "/persons?q=20150101-2395".to_string(),
        "/persons?q=Elvira%20Loggfriasson".to_string(),
    ] {
        let (status, body) = get(&c, app.url(&path)).await;
        assert!(status.is_success(), "{path}: {status}");
        assert!(body.contains("Loggfriasson"), "{path} shows the child");
    }
    let status = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = server.wait().unwrap();
    assert!(exit.success(), "tillit serve ended with {exit}");
    let logs = collect.join().unwrap();

    let mut lines = 0;
    for line in logs.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("not one JSON object per line ({e}): {line}"));
        assert!(
            v.get("level").is_some() && v.get("timestamp").is_some(),
            "{line}"
        );
        lines += 1;
    }
    assert!(lines > 20, "the capture works: {lines} lines");
    assert!(
        logs.contains(&format!("/cases/{case}")),
        "request spans are logged"
    );
    assert!(logs.contains("shutting down"), "SIGTERM was logged");
    for personal in [
        "Elvira",
        "Loggfriasson",
        "20150101-2395",
        "201501012395",
        "150101-2395",
        "1501012395",
        "Spårlösa",
        "Annabella",
        "Handläggarsson",
        PASSWORD,
    ] {
        assert!(!logs.contains(personal), "the log holds {personal:?}");
    }
}
