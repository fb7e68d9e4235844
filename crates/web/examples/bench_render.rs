//! Server render time of the caseworker's main pages on the demo
//! municipality: the worklist of the busiest caseworker, the case page of
//! the case with the most events, and the unit overview of that case's unit.
//!
//! ```text
//! cargo run --release -p tillit-web --example bench_render [-- ITERATIONS]
//! ```
//!
//! 1. Generates the demo municipality (seed 2026, ending 2026-11-23) and
//!    loads it into a fresh SQLite file in a temporary directory.
//! 2. Builds the router and a signed-in session for each user measured
//!    (straight in the store: no HTTP login).
//! 3. Sends each page through the whole router (sessions, CSRF, access
//!    guard, handler, template, error and header layers) with
//!    `tower::ServiceExt::oneshot`, ITERATIONS times after a warm-up
//!    (default 200), and prints the median, 95th percentile and maximum of
//!    the time until the whole body is rendered.
//!
//! No network: this is the server's time. The target is under 50 ms; the
//! figures are recorded in `docs/performance.md`. No test asserts a duration.

use std::collections::HashMap;
use std::time::Instant;
use tillit_app::demo::Quiet;
use tillit_demo::{DEMO_PASSWORD, DemoConfig};
use tillit_domain::UserId;
use tillit_domain::role::Role;
use tillit_store::{CaseFilter, Store, WorklistFilter};
use tillit_web::{AppState, WebConfig};

#[path = "bench_support/mod.rs"]
mod bench_support;
use bench_support::{measure, ms, session_for};

const END: jiff::civil::Date = jiff::civil::date(2026, 11, 23);

async fn load_demo(store: &Store) -> tillit_demo::DemoData {
    let data = tillit_demo::generate(&DemoConfig::new(2026, END), &mut |_, _| {});
    tillit_app::demo::load(store, &data, DEMO_PASSWORD, None, &mut Quiet)
        .await
        .unwrap();
    data
}

#[tokio::main]
async fn main() {
    let iterations: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&tillit_store::StoreConfig::Sqlite {
        path: dir.path().join("tillit.sqlite"),
    })
    .await
    .unwrap();
    let started = Instant::now();
    let data = load_demo(&store).await;
    eprintln!(
        "demo loaded: {} persons, {} cases, {} events in {:.1} s",
        data.persons.len(),
        data.cases.len(),
        data.stats.events,
        started.elapsed().as_secs_f64()
    );

    // The busiest caseworker: the most deadlines on the worklist.
    let users = store.users().await.unwrap();
    let mut busiest = None;
    for u in users.iter().filter(|u| u.role == Role::Caseworker) {
        let n = store
            .worklist(
                &WorklistFilter {
                    caseworker: Some(u.id),
                    ..WorklistFilter::default()
                },
                END,
            )
            .await
            .unwrap()
            .len();
        if busiest.as_ref().is_none_or(|(_, m)| n > *m) {
            busiest = Some((u.clone(), n));
        }
    }
    let (worker, deadlines) = busiest.expect("a caseworker");

    // The case with the most events, and a manager of its unit.
    let cases = store
        .list_cases(&CaseFilter {
            include_closed: true,
            ..CaseFilter::default()
        })
        .await
        .unwrap();
    let big = cases.iter().max_by_key(|c| c.version).unwrap().clone();
    let by_id: HashMap<UserId, _> = users.iter().map(|u| (u.id, u)).collect();
    let manager = users
        .iter()
        .find(|u| u.role == Role::UnitManager && u.unit == Some(big.unit))
        .expect("a unit manager of the case's unit");
    let reader = big
        .caseworker
        .and_then(|c| by_id.get(&c).copied())
        .unwrap_or(manager);

    let state = AppState::new(
        store.clone(),
        WebConfig {
            today_override: Some(END),
            ..WebConfig::default()
        },
    );
    let app = tillit_web::router(state);
    let worker_cookie = session_for(&store, worker.id, 1).await;
    let reader_cookie = session_for(&store, reader.id, 2).await;
    let manager_cookie = session_for(&store, manager.id, 3).await;

    println!(
        "Render time through the router, {iterations} requests each (after 20 warm-up), demo data seed 2026 ending {END}:"
    );
    println!(
        "{:<58} {:>10} {:>10} {:>10} {:>9}",
        "page", "median", "p95", "max", "bytes"
    );
    for (name, path, cookie) in [
        (
            format!("worklist of {} ({deadlines} deadlines)", worker.username),
            "/".to_string(),
            &worker_cookie,
        ),
        (
            format!("case page, {} events (as {})", big.version, reader.username),
            format!("/cases/{}", big.id),
            &reader_cookie,
        ),
        (
            format!("journal of that case (as {})", reader.username),
            format!("/cases/{}/journal", big.id),
            &reader_cookie,
        ),
        (
            format!("unit overview (as {})", manager.username),
            "/overview".to_string(),
            &manager_cookie,
        ),
        (
            format!("unit worklist (as {})", manager.username),
            "/?view=unit".to_string(),
            &manager_cookie,
        ),
    ] {
        let (p50, p95, max, size) = measure(&app, &path, cookie, iterations, 0.95).await;
        println!("{name:<58} {} {} {} {size:>9}", ms(p50), ms(p95), ms(max));
    }
}
