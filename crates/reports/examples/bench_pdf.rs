//! Benchmark: build the verksamhetsberättelse for 2025 from the demo data
//! and render it as PDF; median of 5 runs. Run in release:
//!
//! ```text
//! cargo run --release -p tillit-reports --example bench_pdf [-- OUT.pdf]
//! ```
//!
//! Prints the time to generate the demo data and the facts (not part of the
//! report), then build, render and total per run, and the medians.

use std::time::{Duration, Instant};
use tillit_reports::{Names, ReportInput, render_pdf, verksamhetsberattelse};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let t = Instant::now();
    let data = tillit_demo::generate(
        &tillit_demo::DemoConfig::new(42, jiff::civil::date(2026, 11, 23)),
        &mut |_, _| {},
    );
    let facts = tillit_followup::Facts::from_cases(
        &data.persons,
        data.cases
            .iter()
            .map(|c| (c.id, c.events.iter().map(|e| (e.occurred_on, &e.event)))),
    );
    println!(
        "demo data and facts: {:?} ({} cases, {} events)",
        t.elapsed(),
        data.cases.len(),
        facts.events()
    );
    let mut names = Names::default();
    for u in &data.units {
        names.units.insert(u.id, u.name.to_string());
    }
    for u in &data.users {
        names.users.insert(u.id, u.display_name.clone());
    }
    let mut input = ReportInput::new(&facts);
    input.municipality = data.municipality;
    input.names = &names;
    let mut builds = Vec::new();
    let mut renders = Vec::new();
    let mut totals = Vec::new();
    let mut last = Vec::new();
    for run in 1..=5 {
        // A cold render: typst's memo cache would otherwise answer runs 2-5.
        typst::comemo::evict(0);
        let t0 = Instant::now();
        let doc = verksamhetsberattelse(&input, 2025)?;
        let t1 = Instant::now();
        let pdf = render_pdf(&doc)?;
        let t2 = Instant::now();
        println!(
            "run {run}: build {:>8.1?}  pdf {:>8.1?}  total {:>8.1?}  ({} bytes)",
            t1 - t0,
            t2 - t1,
            t2 - t0,
            pdf.len()
        );
        builds.push(t1 - t0);
        renders.push(t2 - t1);
        totals.push(t2 - t0);
        last = pdf;
    }
    println!(
        "median of 5: build {:.1?}, pdf {:.1?}, total {:.1?} (limit 3 s)",
        median(builds),
        median(renders),
        median(totals.clone())
    );
    if let Some(out) = std::env::args().nth(1) {
        std::fs::write(&out, &last)?;
        println!("wrote {out}");
    }
    if median(totals) > Duration::from_secs(3) {
        eprintln!("over the 3 s limit");
        std::process::exit(1);
    }
    Ok(())
}
