//! What logging a read costs a page view: the case page over HTTP, with and
//! without the access-log write, on the demo municipality in SQLite (WAL,
//! synchronous=FULL: every commit waits for the disk).
//!
//! ```text
//! cargo run --release -p tillit-web --features bench-unlogged \
//!     --example bench_case_page [-- REQUESTS]
//! ```
//!
//! 1. Generates the demo municipality (seed 2026) and loads it into a fresh
//!    SQLite file under the system's temporary directory.
//! 2. Serves it on 127.0.0.1 and signs in as a caseworker.
//! 3. Requests the case page of the unit's cases one after another over
//!    one keep-alive connection, REQUESTS times per round (default 1000),
//!    in alternating rounds with the access log on and off (after a
//!    warm-up), and prints the median and 90th percentile of each.
//! 4. Times `Store::log_access` of one entry alone, and an fsync of the disk.
//!
//! Figures go to `docs/performance.md`; no test asserts a duration.

use reqwest::redirect::Policy;
use std::time::{Duration, Instant};
use tillit_app::demo::Quiet;
use tillit_demo::{DEMO_PASSWORD, DemoConfig};
use tillit_store::{CaseFilter, Store, StoreConfig};
use tillit_web::{AppState, WebConfig, skip_access_log_for_benchmark};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

async fn load_demo(store: &Store) -> tillit_demo::DemoData {
    let today = jiff::civil::date(2026, 11, 23);
    let data = tillit_demo::generate(&DemoConfig::new(2026, today), &mut |_, _| {});
    tillit_app::demo::load(store, &data, DEMO_PASSWORD, None, &mut Quiet)
        .await
        .unwrap();
    data
}

/// Median time of `fdatasync` after a 4 KiB write: appending to a growing
/// file (the file system journals the new size) and overwriting a block of
/// a file already that large (what SQLite's WAL does once it has grown).
fn fsync_medians(dir: &std::path::Path) -> (Duration, Duration) {
    use std::io::{Seek, SeekFrom, Write};
    let mut append = Vec::new();
    let mut f = std::fs::File::create(dir.join("fsync-append")).unwrap();
    for _ in 0..100 {
        f.write_all(&[0u8; 4096]).unwrap();
        let t = Instant::now();
        f.sync_data().unwrap();
        append.push(t.elapsed());
    }
    let mut overwrite = Vec::new();
    let mut g = std::fs::File::create(dir.join("fsync-overwrite")).unwrap();
    g.write_all(&vec![0u8; 4096 * 100]).unwrap();
    g.sync_all().unwrap();
    for i in 0..100 {
        g.seek(SeekFrom::Start(i * 4096)).unwrap();
        g.write_all(&[1u8; 4096]).unwrap();
        let t = Instant::now();
        g.sync_data().unwrap();
        overwrite.push(t.elapsed());
    }
    append.sort();
    overwrite.sort();
    (percentile(&append, 0.5), percentile(&overwrite, 0.5))
}

#[tokio::main]
async fn main() {
    let requests: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&StoreConfig::Sqlite {
        path: dir.path().join("tillit.sqlite"),
    })
    .await
    .unwrap();
    let started = Instant::now();
    let data = load_demo(&store).await;
    eprintln!(
        "demo loaded: {} persons, {} cases in {:.1} s",
        data.persons.len(),
        data.cases.len(),
        started.elapsed().as_secs_f64()
    );
    let karin = data.user("karin").unwrap();
    let cases: Vec<_> = store
        .list_cases(&CaseFilter {
            unit: karin.unit,
            ..CaseFilter::default()
        })
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .take(200)
        .collect();
    assert!(!cases.is_empty());

    let state = AppState::new(store.clone(), WebConfig::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(tillit_web::serve(listener, state));

    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap();
    let page = client
        .get(format!("{base}/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let marker = "name=\"csrf\" value=\"";
    let start = page.find(marker).unwrap() + marker.len();
    let csrf = &page[start..start + 64];
    let r = client
        .post(format!("{base}/login"))
        .form(&[
            ("csrf", csrf),
            ("username", "karin"),
            ("password", DEMO_PASSWORD),
            ("next", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER);

    let round = |logged: bool| {
        let client = client.clone();
        let base = base.clone();
        let cases = cases.clone();
        async move {
            skip_access_log_for_benchmark(!logged);
            let mut times = Vec::with_capacity(requests);
            for i in 0..requests {
                let url = format!("{base}/cases/{}", cases[i % cases.len()]);
                let t = Instant::now();
                let r = client.get(url).send().await.unwrap();
                assert_eq!(r.status(), reqwest::StatusCode::OK);
                let body = r.bytes().await.unwrap();
                times.push(t.elapsed());
                assert!(!body.is_empty());
            }
            times
        }
    };
    // Warm-up: caches, connections, the page cache.
    round(true).await;
    round(false).await;
    let (mut with, mut without) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        with.extend(round(true).await);
        without.extend(round(false).await);
    }
    skip_access_log_for_benchmark(false);
    with.sort();
    without.sort();

    // The log write alone.
    let entry = tillit_store::AccessEntry {
        at: jiff::Timestamp::now(),
        user: karin.id,
        username: "karin".into(),
        role: karin.role,
        user_unit: karin.unit,
        client_addr: "127.0.0.1".into(),
        kind: tillit_store::AccessKind::Case,
        case: Some(cases[0]),
        case_unit: karin.unit,
        person: Some(data.persons[0].id),
        request_id: "bench".into(),
        reason: None,
        flags: vec![],
        ref_seq: None,
        detail: None,
    };
    let mut writes = Vec::new();
    for _ in 0..300 {
        let t = Instant::now();
        store
            .log_access(std::slice::from_ref(&entry))
            .await
            .unwrap();
        writes.push(t.elapsed());
    }
    writes.sort();
    let verify_started = Instant::now();
    let report = store.verify_access_log().await.unwrap();
    let verify_time = verify_started.elapsed();
    assert!(report.is_intact());

    println!("case page over HTTP, {} requests each:", with.len());
    println!(
        "  with the access-log write:    median {}, p90 {}",
        ms(percentile(&with, 0.5)),
        ms(percentile(&with, 0.9))
    );
    println!(
        "  without the access-log write: median {}, p90 {}",
        ms(percentile(&without, 0.5)),
        ms(percentile(&without, 0.9))
    );
    println!(
        "  difference of the medians:    {}",
        ms(percentile(&with, 0.5).saturating_sub(percentile(&without, 0.5)))
    );
    println!(
        "Store::log_access, one entry:   median {}, p90 {}",
        ms(percentile(&writes, 0.5)),
        ms(percentile(&writes, 0.9))
    );
    let (append, overwrite) = fsync_medians(dir.path());
    println!(
        "fdatasync after a 4 KiB write:  median {} appending, {} overwriting",
        ms(append),
        ms(overwrite)
    );
    println!(
        "audit verify of {} entries:   {}",
        report.checked,
        ms(verify_time)
    );
}
