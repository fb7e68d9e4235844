//! Nothing secret or personal in the tracing logs: every event of the
//! server (and of the store and the database driver), at the most verbose
//! level, while users log in (wrong and right passwords), an administrator
//! sets passwords, and pages with personal data are read and searched.
//!
//! A test binary of its own: the log subscriber is global to the process.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};
use support::*;

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn passwords_and_personal_data_never_reach_the_logs() {
    let captured = Capture::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(
            // Everything on the server side; the test's HTTP client is not
            // the server.
            "trace,reqwest=off,hyper_util::client=off,hyper::client=off",
        ))
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();

    let app = spawn().await;
    let wrong = "Fel-lösenord-som-inte-får-loggas";
    let r = post_login(&app, &client(), "anna", wrong).await;
    assert_eq!(r.status(), reqwest::StatusCode::UNAUTHORIZED);
    let r = post_login(&app, &client(), "ingen-sådan", wrong).await;
    assert_eq!(r.status(), reqwest::StatusCode::UNAUTHORIZED);

    let anna = logged_in(&app, "anna").await;
    for path in [
        format!("/cases/{}", app.case),
        format!("/cases/{}", app.protected_case),
        format!("/persons/{}", app.protected_child),
        "/persons?q=201201012380".to_string(),
        "/persons?q=ella".to_string(),
    ] {
        let (status, _) = get(&anna, app.url(&path)).await;
        assert!(status.is_success(), "{path}");
    }
    // Bo is refused (logged as a refusal, without who the case is about).
    let bo = logged_in(&app, "bo").await;
    get(&bo, app.url(&format!("/cases/{}", app.protected_case))).await;

    // The administrator creates a user and sets a password.
    let sam = logged_in(&app, "sam").await;
    let csrf = csrf_of(&app, &sam).await;
    let new_password = "Nytt-hemligt-lösenord-1234";
    let (status, _, _) = post(
        &sam,
        app.url("/admin/users"),
        &[
            ("csrf", &csrf),
            ("username", "nina"),
            ("display_name", "Nina Ny"),
            ("role", "caseworker"),
            ("unit", &app.unit_a.0.to_string()),
            ("team", ""),
            ("password", new_password),
            ("password2", new_password),
        ],
    )
    .await;
    assert_eq!(status, reqwest::StatusCode::SEE_OTHER);
    let nina = app.users.len() as i64 + 1;
    let (status, _, _) = post(
        &sam,
        app.url(&format!("/admin/users/{nina}/password")),
        &[
            ("csrf", &csrf),
            ("password", "Ännu-ett-hemligt-lösenord"),
            ("password2", "Ännu-ett-hemligt-lösenord"),
        ],
    )
    .await;
    assert_eq!(status, reqwest::StatusCode::SEE_OTHER);

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("login"), "the capture works: {logs:.2000}");
    for secret in [
        PASSWORD,
        wrong,
        new_password,
        "Ännu-ett-hemligt-lösenord",
        "$argon2",
        // Personal data: names, identity numbers, addresses.
        "Ella",
        "Barnsson",
        SECRET_NAME,
        SECRET_NUMBER,
        "201201012380",
        "20150101",
        SECRET_ADDRESS,
        "Storgatan",
    ] {
        assert!(!logs.contains(secret), "the logs contain {secret:?}");
    }
}
