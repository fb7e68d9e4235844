//! For operations: `/health`, `/ready` and `/metrics` over HTTP.

mod support;

use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;
use support::*;
use tillit_web::WebConfig;

fn content_type(r: &reqwest::Response) -> String {
    r.headers()[CONTENT_TYPE].to_str().unwrap().to_string()
}

#[tokio::test]
async fn ready_answers_with_the_database_and_503_without_health_needs_none() {
    let app = spawn().await;
    let c = client();
    let r = c.get(app.url("/ready")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(content_type(&r).starts_with("text/plain"));
    assert_eq!(r.text().await.unwrap(), "ok\n");

    // The database goes away (its connections are closed).
    app.store.close().await;
    let r = c.get(app.url("/ready")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(content_type(&r).starts_with("text/plain"));
    let body = r.text().await.unwrap();
    assert!(body.starts_with("inte redo: databasen"), "{body}");
    // Liveness does not ask the database.
    let r = c.get(app.url("/health")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn metrics_count_requests_by_route_pattern_without_personal_data() {
    let app = spawn().await;
    let anna = logged_in(&app, "anna").await;
    for path in [
        format!("/cases/{}", app.case),
        format!("/cases/{}", app.protected_case),
        format!("/persons/{}", app.child),
        "/persons?q=201501012395".to_string(),
        "/persons?q=ella".to_string(),
        "/no-such-page/20150101-2395".to_string(),
    ] {
        anna.get(app.url(&path)).send().await.unwrap();
    }
    let r = client().get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        content_type(&r),
        "application/openmetrics-text; version=1.0.0; charset=utf-8"
    );
    let body = r.text().await.unwrap();
    assert!(
        body.contains(
            "tillit_http_requests_total{method=\"GET\",route=\"/cases/{id}\",status=\"2xx\"} 2"
        ),
        "{body}"
    );
    assert!(
        body.contains(
            "tillit_http_requests_total{method=\"GET\",route=\"/persons\",status=\"2xx\"} 2"
        ),
        "{body}"
    );
    assert!(
        body.contains("route=\"unmatched\",status=\"4xx\"} 1"),
        "{body}"
    );
    assert!(
        body.contains(
            "tillit_http_request_duration_seconds_count{method=\"GET\",route=\"/cases/{id}\"} 2"
        ),
        "{body}"
    );
    assert!(body.contains("tillit_db_read_connections "), "{body}");
    assert!(body.contains("tillit_db_read_connections_idle "), "{body}");
    assert!(body.contains("tillit_db_writer_queue 0"), "{body}");
    // No follow-up page asked for yet: no facts kept; after one, the
    // facts kept are measured.
    assert!(body.contains("tillit_followup_facts_bytes 0"), "{body}");
    let ulla = logged_in(&app, "ulla").await;
    let r = ulla.get(app.url("/followup")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let after = client()
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let bytes: u64 = after
        .lines()
        .find_map(|l| l.strip_prefix("tillit_followup_facts_bytes "))
        .and_then(|v| v.trim().parse().ok())
        .expect("the facts gauge");
    assert!(bytes > 0, "{after}");
    // Overdue deadlines per unit, as the store counts them.
    for u in app.store.overdue_by_unit(TODAY).await.unwrap() {
        let line = format!(
            "tillit_deadlines_overdue{{unit_id=\"{}\",unit=\"{}\"}} {}",
            u.unit.0, u.unit_name, u.overdue
        );
        assert!(body.contains(&line), "{line} in {body}");
    }
    for personal in [
        app.case.to_string(),
        app.protected_case.to_string(),
        app.child.to_string(),
        "Ella".into(),
        "Barnsson".into(),
        SECRET_NAME.into(),
        SECRET_NUMBER.into(),
        "201501012395".into(),
        "20150101".into(),
        "anna".into(),
    ] {
        assert!(!body.contains(&personal), "/metrics shows {personal}");
    }
}

#[tokio::test]
async fn metrics_need_the_token_when_one_is_set() {
    let app = spawn_with(WebConfig {
        metrics_token: Some("en-lang-hemlig-token-1234".into()),
        ..WebConfig::default()
    })
    .await;
    let c = client();
    let r = c.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(r.headers()["www-authenticate"], "Bearer");
    let r = c
        .get(app.url("/metrics"))
        .bearer_auth("fel-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = c
        .get(app.url("/metrics"))
        .bearer_auth("en-lang-hemlig-token-1234")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("tillit_http_requests_total")
    );
}

#[tokio::test]
async fn without_a_token_metrics_are_for_the_loopback_interface_only() {
    // Behind a trusted proxy on this machine, a client from outside is
    // refused; one on this machine is not.
    let app = spawn_with(WebConfig {
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        ..WebConfig::default()
    })
    .await;
    let c = client();
    let r = c
        .get(app.url("/metrics"))
        .header("x-forwarded-for", "203.0.113.9")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("metrics_token"));
    let r = c
        .get(app.url("/metrics"))
        .header("x-forwarded-for", "127.0.0.1")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

/// Shutdown waits for a request in flight: a case page whose access-log
/// write waits for a locked database is answered after the shutdown signal,
/// the server ends only then, and the entry is in the log.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_finishes_the_requests_in_flight() {
    use sqlx::Connection;
    let app = spawn().await;
    let state = tillit_web::AppState::new(
        app.store.clone(),
        WebConfig {
            today_override: Some(TODAY),
            db_wait: std::time::Duration::from_secs(20),
            ..WebConfig::default()
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(tillit_web::serve_with_shutdown(listener, state, async {
        let _ = stopped.await;
    }));
    struct Second(String);
    impl Server for Second {
        fn base(&self) -> &str {
            &self.0
        }
    }
    let second = Second(base);
    let anna = logged_in(&second, "anna").await;
    let before = app.store.verify_access_log().await.unwrap().checked;

    let mut lock = sqlx::SqliteConnection::connect(&format!("sqlite://{}", app.db_path.display()))
        .await
        .unwrap();
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut lock)
        .await
        .unwrap();
    let url = second.url(&format!("/cases/{}", app.case));
    let in_flight = tokio::spawn(async move { anna.get(url).send().await.unwrap().status() });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    stop.send(()).unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!server.is_finished(), "the server waits for the request");
    assert!(!in_flight.is_finished(), "the request is still waiting");

    sqlx::query("ROLLBACK").execute(&mut lock).await.unwrap();
    lock.close().await.unwrap();
    assert_eq!(in_flight.await.unwrap(), StatusCode::OK);
    tokio::time::timeout(std::time::Duration::from_secs(10), server)
        .await
        .expect("the server ends after its last request")
        .unwrap()
        .unwrap();
    app.store.flush().await.unwrap();
    let after = app.store.verify_access_log().await.unwrap();
    assert!(after.broken.is_none());
    assert!(after.checked > before, "the page's read was logged");
}
