//! Server render time of the caseload lists, `/caseload` (my cases) and
//! `/caseload/unit` (the unit's cases), on the demo municipality or on a
//! larger generated one.
//!
//! ```text
//! cargo run [--release] -p tillit-web --example bench_caseload [-- ITERATIONS [CASES]]
//! ```
//!
//! 1. Without CASES: generates the demo municipality (seed 2026, ending
//!    2026-11-23) and loads it into a fresh SQLite file in a temporary
//!    directory. With CASES: a large municipality of about CASES cases
//!    (`tillit_app::demo::load_large`, what `tillit demo --cases N` loads),
//!    district by district.
//! 2. Picks the caseworker with the most open cases and a unit manager of
//!    the unit with the most open cases; signs them in straight in the
//!    store (no HTTP login).
//! 3. Sends each page through the whole router (sessions, CSRF, access
//!    guard, handler, the access log of the page's children, template,
//!    compression off: no `Accept-Encoding`) with
//!    `tower::ServiceExt::oneshot`, ITERATIONS times after 20 warm-up
//!    requests (default 200), and prints the median (p50), the 99th
//!    percentile and the maximum of the time until the whole body is
//!    rendered.
//!
//! No network: this is the server's time. The figures are recorded in
//! `docs/performance.md` (*Caseload lists*). No test asserts a duration.

use std::time::Instant;
use tillit_app::demo::Quiet;
use tillit_demo::{DEMO_PASSWORD, DemoConfig};
use tillit_domain::role::Role;
use tillit_store::{CaseloadFilter, Store};
use tillit_web::{AppState, WebConfig};

#[path = "bench_support/mod.rs"]
mod bench_support;
use bench_support::{measure, ms, session_for};

const END: jiff::civil::Date = jiff::civil::date(2026, 11, 23);

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let iterations: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);
    let large: Option<u64> = args.next().and_then(|a| a.parse().ok());
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&tillit_store::StoreConfig::Sqlite {
        path: dir.path().join("tillit.sqlite"),
    })
    .await
    .unwrap();
    let started = Instant::now();
    let dataset = match large {
        None => {
            let data = tillit_demo::generate(&DemoConfig::new(2026, END), &mut |_, _| {});
            tillit_app::demo::load(&store, &data, DEMO_PASSWORD, None, &mut Quiet)
                .await
                .unwrap();
            format!(
                "demo (seed 2026 ending {END}): {} cases, {} events",
                data.cases.len(),
                data.stats.events
            )
        }
        Some(n) => {
            let cfg = tillit_demo::large::LargeConfig::new(2026, END, n);
            let done = tillit_app::demo::load_large(
                &store,
                cfg,
                DEMO_PASSWORD,
                false,
                tillit_app::demo::CASES_PER_LARGE_APPEND as usize,
                &mut Quiet,
            )
            .await
            .unwrap();
            format!(
                "large (seed 2026 ending {END}, --cases {n}): {} cases, {} events, {} districts",
                done.cases, done.events, done.districts
            )
        }
    };
    eprintln!(
        "loaded {dataset} in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // The caseworker with the most open cases, and the unit with the most.
    let users = store.users().await.unwrap();
    let mut worker = None;
    for u in users.iter().filter(|u| u.role == Role::Caseworker) {
        let n = store
            .caseload(&CaseloadFilter {
                caseworkers: Some(vec![u.id]),
                ..CaseloadFilter::default()
            })
            .await
            .unwrap()
            .len();
        if worker.as_ref().is_none_or(|(_, m)| n > *m) {
            worker = Some((u.clone(), n));
        }
    }
    let (worker, mine) = worker.expect("a caseworker");
    let mut unit = None;
    for u in users.iter().filter(|u| u.role == Role::UnitManager) {
        let Some(id) = u.unit else { continue };
        let n = store
            .caseload(&CaseloadFilter {
                unit: Some(id),
                ..CaseloadFilter::default()
            })
            .await
            .unwrap()
            .len();
        if unit.as_ref().is_none_or(|(_, m)| n > *m) {
            unit = Some((u.clone(), n));
        }
    }
    let (manager, theirs) = unit.expect("a unit manager");

    let state = AppState::new(
        store.clone(),
        WebConfig {
            today_override: Some(END),
            ..WebConfig::default()
        },
    );
    let app = tillit_web::router(state);
    let worker_cookie = session_for(&store, worker.id, 1).await;
    let manager_cookie = session_for(&store, manager.id, 2).await;

    println!("Caseload lists through the router, {iterations} requests each (after 20 warm-up)");
    println!("dataset: {dataset}");
    println!(
        "{:<62} {:>11} {:>11} {:>11} {:>8}",
        "page", "p50", "p99", "max", "bytes"
    );
    for (name, path, cookie) in [
        (
            format!("/caseload, {} ({mine} open cases)", worker.username),
            "/caseload",
            &worker_cookie,
        ),
        (
            format!("/caseload?sort=child&dir=desc, {}", worker.username),
            "/caseload?sort=child&dir=desc",
            &worker_cookie,
        ),
        (
            format!("/caseload/unit, {} ({theirs} open cases)", manager.username),
            "/caseload/unit",
            &manager_cookie,
        ),
        (
            format!("/caseload/unit?sort=days&page=2, {}", manager.username),
            "/caseload/unit?sort=days&dir=desc&page=2",
            &manager_cookie,
        ),
    ] {
        let (p50, p99, max, size) = measure(&app, path, cookie, iterations, 0.99).await;
        println!("{name:<62} {} {} {} {size:>8}", ms(p50), ms(p99), ms(max));
    }
}
