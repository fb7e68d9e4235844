//! The write path under abuse: clients that give up at random moments while
//! others read and write, and a database that is locked by someone else.
//! Whatever clients do, the next login and the next logged page work at
//! once, nothing is half-written and the access log's chain holds; a
//! database that cannot be reached in time is a Swedish 503, never a 500,
//! a wedge or a silent logout.

mod support;

use rand::{Rng, SeedableRng};
use reqwest::StatusCode;
use sqlx::Connection;
use std::time::{Duration, Instant};
use support::*;
use tillit_web::WebConfig;

/// Clients that drop their requests after a random few milliseconds (the
/// connection is closed under the server's feet, mid-transaction or not),
/// 64 at a time, reading case pages, saving journal drafts and searching.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_clients_never_wedge_the_server() {
    let app = spawn().await;
    let anna = logged_in(&app, "anna").await;
    let csrf = csrf_of(&app, &anna).await;
    let case_url = app.url(&format!("/cases/{}", app.case));
    let draft_url = app.url(&format!("/cases/{}/journal/draft", app.case));
    let search_url = app.url("/persons?q=Ella");
    let before = app.store.verify_access_log().await.unwrap();
    assert!(before.is_intact());

    let mut tasks = Vec::new();
    for worker in 0..64u64 {
        let c = anna.clone();
        let (case_url, draft_url, search_url, csrf) = (
            case_url.clone(),
            draft_url.clone(),
            search_url.clone(),
            csrf.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut rng = rand::rngs::StdRng::seed_from_u64(worker);
            let mut completed = 0u32;
            for i in 0..30 {
                let give_up = Duration::from_micros(rng.random_range(0..8_000));
                let request = match i % 3 {
                    0 => c.get(&case_url),
                    1 => c.post(&draft_url).form(&[
                        ("csrf", csrf.as_str()),
                        ("text", &format!("Utkast {worker}-{i}")),
                    ]),
                    _ => c.get(&search_url),
                };
                // Dropping the future closes the connection: the server's
                // handler future is dropped wherever it happens to be.
                if let Ok(Ok(r)) = tokio::time::timeout(give_up, request.send()).await {
                    assert!(
                        !r.status().is_server_error(),
                        "a completed request failed: {}",
                        r.status()
                    );
                    completed += 1;
                }
            }
            completed
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }

    // At once: a new login and a logged page.
    let started = Instant::now();
    let fresh = logged_in(&app, "carl").await;
    let (status, body) = get(&fresh, case_url.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = get(&anna, case_url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the server was slow to recover: {:?}",
        started.elapsed()
    );
    // A write works and is read back.
    let r = anna
        .post(&draft_url)
        .form(&[("csrf", csrf.as_str()), ("text", "Efter stormen")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let draft = app
        .store
        .draft(app.case, app.users["anna"])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(draft.text, "Efter stormen");

    // Nothing half-written: the read model agrees with the event log, and
    // the access log is one intact chain that grew.
    for case in [app.case, app.protected_case, app.case_b] {
        let events = app.store.load_case(case).await.unwrap();
        let summary = app.store.case_summary(case).await.unwrap().unwrap();
        assert_eq!(summary.version, events.len() as u64);
    }
    let after = app.store.verify_access_log().await.unwrap();
    assert!(after.is_intact(), "{:?}", after.broken);
    assert!(after.checked > before.checked);
}

/// Someone else holds SQLite's write lock (a backup tool, a stuck process):
/// pages that must write (every logged read, a login) answer 503 with a
/// Swedish page and an incident id within the configured wait, the session
/// survives, and everything works again the moment the lock is released.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_database_is_a_503_not_a_500_or_a_logout() {
    let app = spawn_with(WebConfig {
        today_override: Some(TODAY),
        db_wait: Duration::from_millis(400),
        ..WebConfig::default()
    })
    .await;
    let anna = logged_in(&app, "anna").await;
    let case_url = app.url(&format!("/cases/{}", app.case));
    assert_eq!(get(&anna, case_url.clone()).await.0, StatusCode::OK);

    let mut lock = sqlx::SqliteConnection::connect(&format!("sqlite://{}", app.db_path.display()))
        .await
        .unwrap();
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut lock)
        .await
        .unwrap();

    let started = Instant::now();
    let r = anna.get(&case_url).send().await.unwrap();
    let waited = started.elapsed();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(r.headers().get("retry-after").is_some());
    let body = r.text().await.unwrap();
    assert!(body.contains("tillfälligt otillgängligt"), "{body}");
    assert!(body.contains("Felkod att uppge"), "an incident id: {body}");
    assert!(
        waited < Duration::from_secs(4),
        "a user waited {waited:?} for the answer"
    );

    // A login cannot be recorded either: 503, not 500.
    let other = client();
    let r = post_login(&app, &other, "carl", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);

    sqlx::query("ROLLBACK").execute(&mut lock).await.unwrap();
    lock.close().await.unwrap();

    // The same session goes on at once: it was never logged out.
    let (status, body) = get(&anna, case_url.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    login(&app, &other, "carl").await;
    let report = app.store.verify_access_log().await.unwrap();
    assert!(report.is_intact(), "{:?}", report.broken);
}
