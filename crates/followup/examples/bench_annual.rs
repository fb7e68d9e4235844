//! Time the annual indicator set over a million cases and report memory.
//!
//! ```text
//! cargo run --release -p tillit-followup --example bench_annual [-- CASES]
//! ```
//!
//! 1. Generates the seeded demo municipality (seed 42, history to 2026-11-23).
//! 2. Loads facts from ~CASES cases' events: the demo's events fed again and
//!    again with fresh child and case ids, as a store's event log would be.
//! 3. Times `compute_year_set` for 2025 (every computed indicator, the 12
//!    months and the year, by gender and by unit) a few times.

use jiff::civil::{Date, date};
use std::time::{Duration, Instant};
use tillit_demo::{DemoConfig, generate};
use tillit_domain::case::CaseEvent;
use tillit_domain::person::Person;
use tillit_domain::{CaseId, PersonId};
use tillit_followup::{EventRef, FactsBuilder, compute_year_set};

/// An event of a copied case: the copy's `CaseOpened` (new child id) is owned,
/// every other event is the demo's own.
struct Copied<'a> {
    on: Date,
    own: Option<CaseEvent>,
    event: &'a CaseEvent,
}

impl EventRef for Copied<'_> {
    fn occurred_on(&self) -> Date {
        self.on
    }
    fn event(&self) -> &CaseEvent {
        self.own.as_ref().unwrap_or(self.event)
    }
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let target: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);

    let t = Instant::now();
    let demo = generate(&DemoConfig::new(42, date(2026, 11, 23)), &mut |_, _| {});
    println!(
        "demo municipality: {} cases, {} events, generated in {:.2?}",
        demo.cases.len(),
        demo.stats.events,
        t.elapsed()
    );

    let copies = target.div_ceil(demo.cases.len().max(1)) as u128;
    let shift = |id: u128, k: u128| id ^ (k << 64);
    let t = Instant::now();
    let mut persons: Vec<Person> = Vec::with_capacity(demo.persons.len() * copies as usize);
    for k in 0..copies {
        persons.extend(demo.persons.iter().map(|p| Person {
            id: PersonId::from_u128(shift(p.id.0.as_u128(), k)),
            ..p.clone()
        }));
    }
    let mut builder = FactsBuilder::new(&persons);
    drop(persons);
    for k in 0..copies {
        for c in &demo.cases {
            let events = c.events.iter().map(|e| Copied {
                on: e.occurred_on,
                own: match &e.event {
                    CaseEvent::CaseOpened { child, unit } => Some(CaseEvent::CaseOpened {
                        child: PersonId::from_u128(shift(child.0.as_u128(), k)),
                        unit: *unit,
                    }),
                    _ => None,
                },
                event: &e.event,
            });
            builder.add_case(CaseId::from_u128(shift(c.id.0.as_u128(), k)), events);
        }
    }
    let facts = builder.finish();
    let load = t.elapsed();
    println!(
        "facts: {} cases, {} events read in {:.2?} ({:.1} M events/s)",
        facts.case_count(),
        facts.events(),
        load,
        facts.events() as f64 / load.as_secs_f64() / 1e6
    );
    println!(
        "rows: {} reports, {} investigations, {} decisions, {} interventions, {} removals, {} reviews, {} persons",
        facts.reports().len(),
        facts.investigations().len(),
        facts.decisions().len(),
        facts.interventions().len(),
        facts.removals().len(),
        facts.reviews().len(),
        facts.persons().len()
    );
    println!(
        "facts memory: {:.1} MB (tables, by capacity)",
        facts.heap_bytes() as f64 / 1e6
    );

    let mut times: Vec<Duration> = Vec::new();
    let mut tables = 0;
    for _ in 0..7 {
        let t = Instant::now();
        let set = compute_year_set(&facts, 2025, None).expect("2025 is a valid year");
        times.push(t.elapsed());
        tables = set
            .series
            .iter()
            .map(|s| s.by_gender.len() + s.by_unit.len())
            .sum();
    }
    times.sort();
    println!(
        "compute_year_set 2025 ({} tables: every computed indicator x 13 periods x gender, unit): min {:.0?}, median {:.0?}, max {:.0?} over {} runs on {} threads",
        tables,
        times[0],
        times[times.len() / 2],
        times[times.len() - 1],
        times.len(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    if let Some(mb) = peak_rss_mb() {
        println!(
            "peak resident memory of the process: {mb:.0} MB (demo data and event copies included)"
        );
    }
}
