//! The full annual indicator set (every computed indicator, the 12 months and
//! the year, by gender and by unit) over about a million cases.
//!
//! `cargo bench -p tillit-followup --bench annual` measures 1,000,000 cases
//! (the seeded demo municipality's facts repeated with fresh person and case
//! numbers, about 8 million events). Under `cargo test --all-targets` (no
//! `--bench` flag) it runs once over a small demo, so tests stay fast.

use criterion::Criterion;
use jiff::civil::date;
use std::hint::black_box;
use std::time::Duration;
use tillit_demo::{DemoConfig, generate};
use tillit_followup::{Facts, compute_year_set};

const CASES: usize = 1_000_000;

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let end = date(2026, 11, 23);
    let config = if full {
        DemoConfig::new(42, end)
    } else {
        DemoConfig {
            years: 1,
            reports_per_year: 300,
            ..DemoConfig::new(42, end)
        }
    };
    let demo = generate(&config, &mut |_, _| {});
    let base = Facts::from_cases(
        &demo.persons,
        demo.cases
            .iter()
            .map(|c| (c.id, c.events.iter().map(|e| (e.occurred_on, &e.event)))),
    );
    let facts = if full {
        let copies = CASES.div_ceil(base.case_count().max(1));
        base.replicated(u32::try_from(copies).unwrap_or(u32::MAX))
    } else {
        base
    };
    eprintln!(
        "facts: {} cases, {} events, {} reports, {:.0} MB",
        facts.case_count(),
        facts.events(),
        facts.reports().len(),
        facts.heap_bytes() as f64 / 1e6
    );
    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(if full { 15 } else { 1 }))
        .configure_from_args();
    c.bench_function(
        "compute_year_set 2025, every indicator, 12 months + year, by gender and unit",
        |b| b.iter(|| compute_year_set(black_box(&facts), 2025, None)),
    );
    c.final_summary();
}
