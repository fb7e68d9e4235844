//! What the render benchmarks share (`bench_render`, `bench_caseload`):
//! a session made in the store, and a page timed through the whole router.

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode};
use std::time::{Duration, Instant};
use tillit_domain::UserId;
use tillit_store::Store;
use tower::ServiceExt;

/// A session cookie for `user`, made directly in the store.
pub async fn session_for(store: &Store, user: UserId, n: u8) -> String {
    let token: String = format!("{n:02x}").repeat(32);
    let now = jiff::Timestamp::now();
    let later = now
        .checked_add(jiff::SignedDuration::from_hours(12))
        .unwrap();
    store
        .create_session(&tillit_store::hash_session_token(&token), user, now, later)
        .await
        .unwrap();
    format!("tillit_session={token}")
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

pub fn ms(d: Duration) -> String {
    format!("{:8.2} ms", d.as_secs_f64() * 1000.0)
}

/// `path` sent `iterations` times after 20 warm-up requests: the median,
/// the `p` percentile and the maximum of the time until the whole body is
/// read, and the body's size. Anything but 200 stops the benchmark.
pub async fn measure(
    app: &axum::Router,
    path: &str,
    cookie: &str,
    iterations: usize,
    p: f64,
) -> (Duration, Duration, Duration, usize) {
    let run = || async {
        let req = Request::get(path)
            .header("cookie", cookie)
            .body(Body::empty())
            .unwrap();
        let t = Instant::now();
        let resp = app.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let body = to_bytes(resp.into_body(), usize::MAX).await.unwrap();
        let took = t.elapsed();
        assert_eq!(status, StatusCode::OK, "{path}");
        (took, body.len())
    };
    for _ in 0..20 {
        run().await;
    }
    let mut times = Vec::with_capacity(iterations);
    let mut size = 0;
    for _ in 0..iterations {
        let (t, n) = run().await;
        times.push(t);
        size = n;
    }
    times.sort();
    (
        percentile(&times, 0.5),
        percentile(&times, p),
        times[times.len() - 1],
        size,
    )
}
