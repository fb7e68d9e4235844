//! The demo municipality's 2025 figures, computed by the follow-up: printed,
//! cross-checked against the events, and checked to look like the seeds.

use jiff::civil::{Date, date};
use std::collections::HashSet;
use std::sync::OnceLock;
use tillit_demo::{DemoConfig, DemoData, generate};
use tillit_domain::case::{CaseEvent, CaseState};
use tillit_domain::catalog::Gender;
use tillit_followup::*;

const END: Date = date(2026, 11, 23);

fn demo() -> &'static (DemoData, Facts) {
    static DATA: OnceLock<(DemoData, Facts)> = OnceLock::new();
    DATA.get_or_init(|| {
        let d = generate(&DemoConfig::new(42, END), &mut |_, _| {});
        let facts = Facts::from_cases(
            &d.persons,
            d.cases
                .iter()
                .map(|c| (c.id, c.events.iter().map(|e| (e.occurred_on, &e.event)))),
        );
        (d, facts)
    })
}

fn year_set() -> &'static YearSet {
    static SET: OnceLock<YearSet> = OnceLock::new();
    SET.get_or_init(|| compute_year_set(&demo().1, 2025, None).unwrap())
}

fn year(id: IndicatorId) -> &'static Table {
    &year_set().series(id).unwrap().by_gender[12]
}

fn total(id: IndicatorId) -> f64 {
    year(id).total.number.unwrap()
}

#[test]
fn figures_for_2025_look_like_the_seeds() {
    let (d, facts) = demo();
    let set = year_set();
    eprintln!(
        "{} cases, {} events, facts as of {:?}",
        d.cases.len(),
        facts.events(),
        day::date_of(facts.as_of())
    );
    eprintln!(
        "{:<34} {:>9} {:>9} {:>9}  months",
        "2025", "totalt", "pojkar", "flickor"
    );
    for s in &set.series {
        let y = &s.by_gender[12];
        let g = |k| y.cell(Key::Gender(k)).and_then(|v| v.number);
        let fmt = |x: Option<f64>| x.map_or("..".to_string(), |v| format!("{v:.1}"));
        let months: Vec<String> = s.by_gender[..12]
            .iter()
            .map(|t| fmt(t.total.number))
            .collect();
        eprintln!(
            "{:<34} {:>9} {:>9} {:>9}  {}",
            s.indicator.code(),
            fmt(y.total.number),
            fmt(g(Gender::Male)),
            fmt(g(Gender::Female)),
            months.join(" ")
        );
    }

    // The demo promises about 2,000 aktualiseringar a year: over 2022-2025
    // on average, and in 2025 on its own.
    let four: Period = "2022-01-01..2025-12-31".parse().unwrap();
    let t = compute(
        facts,
        IndicatorId::Aktualiseringar,
        &four,
        Breakdown::Total,
        &Filter::default(),
    )
    .unwrap();
    let per_year = t.total.number.unwrap() / 4.0;
    assert!((1800.0..=2200.0).contains(&per_year), "{per_year}");
    let a = total(IndicatorId::Aktualiseringar);
    assert!((1800.0..=2250.0).contains(&a), "{a}");

    // Cross-check against the events themselves.
    let received_2025 = d
        .cases
        .iter()
        .flat_map(|c| &c.events)
        .filter(|e| {
            matches!(&e.event, CaseEvent::ReportReceived { received_at, .. }
                if received_at.year() == 2025)
        })
        .count();
    assert_eq!(a, received_2025 as f64);

    let share = total(IndicatorId::AndelTillUtredning);
    assert!((30.0..=45.0).contains(&share), "{share}");
    let median = total(IndicatorId::UtredningstidMedian);
    assert!((90.0..=110.0).contains(&median), "{median}");
    let placed = total(IndicatorId::PlaceradeBarn);
    assert!((20.0..=70.0).contains(&placed), "{placed}");
    // Placed on 2025-12-31, counted from the case states as the demo's own
    // test does.
    let day = date(2025, 12, 31);
    let mut children = HashSet::new();
    for c in &d.cases {
        let s = state(c);
        for i in &s.interventions {
            if i.kind.is_placement() && i.start <= day && i.ended.is_none_or(|(e, _)| e > day) {
                children.insert(s.child);
            }
        }
    }
    assert_eq!(placed, children.len() as f64);

    let years = total(IndicatorId::Arsplaceringar);
    assert!((20.0..=70.0).contains(&years), "{years}");
    let in_time = total(IndicatorId::ForhandsbedomningInom14Dagar);
    assert!((70.0..=100.0).contains(&in_time), "{in_time}");
    let within = total(IndicatorId::UtredningarInom4Man);
    assert!((70.0..=99.0).contains(&within), "{within}");
    assert!(total(IndicatorId::PagaendeUtredningar) >= total(IndicatorId::InleddaUtredningar));
    assert!(total(IndicatorId::Delegationsbeslut) > 0.0);

    // By unit, the parts of a flow add up to the total.
    let by_unit = &set.series(IndicatorId::Aktualiseringar).unwrap().by_unit[12];
    assert!(by_unit.cells.len() >= 2);
    let sum: f64 = by_unit.cells.iter().filter_map(|c| c.value.number).sum();
    assert_eq!(sum, a);
}

/// Fold a demo case's events into its state.
fn state(case: &tillit_demo::DemoCase) -> CaseState {
    let mut s = CaseState::new();
    for e in &case.events {
        s.apply(e.occurred_on, &e.event);
    }
    s
}

#[test]
fn the_store_log_and_the_demo_give_the_same_facts() {
    let (d, facts) = demo();
    // The same events as the store returns them: (case id, RecordedEvent).
    let log: Vec<(tillit_domain::CaseId, tillit_domain::case::RecordedEvent)> = d
        .cases
        .iter()
        .flat_map(|c| {
            c.events.iter().enumerate().map(|(n, e)| {
                (
                    c.id,
                    tillit_domain::case::RecordedEvent {
                        version: n as u64 + 1,
                        recorded_by: e.recorded_by,
                        recorded_at: e.recorded_at,
                        occurred_on: e.occurred_on,
                        event: e.event.clone(),
                    },
                )
            })
        })
        .collect();
    let from_log = Facts::from_event_log(&d.persons, &log);
    assert_eq!(from_log.events(), facts.events());
    assert_eq!(from_log.reports().len(), facts.reports().len());
    assert_eq!(from_log.interventions().len(), facts.interventions().len());
    let p: Period = "2025".parse().unwrap();
    for id in [IndicatorId::Varddygn, IndicatorId::UtredningstidMedian] {
        let a = compute(facts, id, &p, Breakdown::Gender, &Filter::default()).unwrap();
        let b = compute(&from_log, id, &p, Breakdown::Gender, &Filter::default()).unwrap();
        assert_eq!(a.total, b.total);
    }
}

#[test]
fn published_demo_tables_suppress_small_cells() {
    let set = year_set();
    let s = set.series(IndicatorId::OmedelbaraOmhandertaganden).unwrap();
    let published = suppress_series(&s.by_gender, DEFAULT_THRESHOLD);
    // A handful of emergency removals a year: every month with any is hidden.
    for (t, p) in s.by_gender.iter().zip(&published) {
        if (1..5).contains(&t.total.persons) {
            assert!(p.total.is_suppressed());
        }
    }
}

/// The demo contains the edge cases the definitions decide, and the figures
/// count them as the definitions say: an extension decided after an
/// investigation's time had run out, a child with two cases open at once,
/// and a report waiting for its pre-assessment that joined the
/// investigation another report's pre-assessment opened.
#[test]
fn the_demo_has_the_edge_cases_and_the_figures_count_them_by_the_definitions() {
    use tillit_domain::case::{PreAssessmentOutcome, ReportState};
    use tillit_domain::deadline::{extension_in_time, investigation_in_time_until};
    let (d, facts) = demo();
    let states: Vec<CaseState> = d.cases.iter().map(state).collect();

    // Extensions decided too late, and the investigations late in 2025 by
    // the domain's rule, counted from the case states.
    let mut late_extensions = 0;
    let mut late_2025 = 0;
    let as_of = day::date_of(facts.as_of()).unwrap();
    for i in states.iter().flat_map(|s| &s.investigations) {
        let ext: Vec<(Date, Date)> = i.extensions.iter().map(|e| (e.2, e.1)).collect();
        let mut due = tillit_domain::deadline::investigation_due(i.opened_on);
        for &(on, to) in &ext {
            if !extension_in_time(due, on) {
                late_extensions += 1;
                break;
            }
            due = due.max(to);
        }
        let until = investigation_in_time_until(i.opened_on, &ext);
        let late_from = until.tomorrow().unwrap();
        if late_from.year() == 2025 && late_from <= as_of && i.closed.is_none_or(|(c, _)| c > until)
        {
            late_2025 += 1;
        }
    }
    eprintln!("extensions decided too late: {late_extensions}");
    assert!(late_extensions >= 10, "{late_extensions}");
    assert_eq!(total(IndicatorId::ForsenadeUtredningar), late_2025 as f64);

    // Two cases of the same child open on the same day.
    let mut spans: Vec<(tillit_domain::PersonId, Date, Date)> = states
        .iter()
        .filter_map(|s| {
            let opened = s.opened_on?;
            let closed = s.closed.map_or(Date::MAX, |(c, _)| c);
            Some((s.child?, opened, closed))
        })
        .collect();
    spans.sort();
    let parallel = spans
        .windows(2)
        .filter(|w| w[0].0 == w[1].0 && w[1].1 < w[0].2)
        .count();
    eprintln!("children with parallel cases: {parallel}");
    assert!(parallel >= 5, "{parallel}");
    // A child counts once however many cases: the distinct children with a
    // report in 2025, from the events.
    let children_2025: HashSet<_> = states
        .iter()
        .filter(|s| {
            s.reports
                .iter()
                .any(|r| r.received_at.date().year() == 2025)
        })
        .filter_map(|s| s.child)
        .collect();
    assert_eq!(
        total(IndicatorId::AktualiseradePersoner),
        children_2025.len() as f64
    );

    // A report received before an investigation was opened on another
    // report, still waiting for its own pre-assessment, and added to the
    // investigation by that decision.
    let joined = states
        .iter()
        .flat_map(|s| {
            s.reports.iter().filter(move |r| {
                r.pre_assessment.is_none()
                    && r.added_to_investigation.is_some_and(|inv| {
                        s.investigation(inv)
                            .is_some_and(|i| r.received_at.date() < i.opened_on)
                    })
            })
        })
        .count();
    eprintln!("reports joined an investigation opened on another report: {joined}");
    assert!(joined >= 5, "{joined}");
    // Such reports are neither decided nor pending: the share that leads to
    // an investigation is over the decided reports only.
    let reports_2025: Vec<&ReportState> = states
        .iter()
        .flat_map(|s| &s.reports)
        .filter(|r| r.received_at.date().year() == 2025)
        .collect();
    let decided = reports_2025
        .iter()
        .filter(|r| r.pre_assessment.is_some())
        .count();
    let opened = reports_2025
        .iter()
        .filter(|r| {
            matches!(
                r.pre_assessment,
                Some((PreAssessmentOutcome::OpenInvestigation, _))
            )
        })
        .count();
    let t = year(IndicatorId::AndelTillUtredning);
    assert_eq!(
        (t.total.numerator, t.total.denominator),
        (Some(opened as f64), Some(decided as f64))
    );
}

/// The demo municipality built from its cases' extracts (through their
/// text form) is the municipality built from its events, to the row.
#[test]
fn the_demo_from_extracts_is_the_demo_from_events() {
    let (d, want) = demo();
    let mut b = FactsBuilder::new(&d.persons);
    let mut bytes = 0usize;
    for c in &d.cases {
        let x = CaseExtract::of_case(c.events.iter().map(|e| (e.occurred_on, &e.event)));
        let text = x.encode();
        bytes += text.len();
        let back = CaseExtract::decode(&text).expect("decodes");
        b.add_extract(c.id, &back);
    }
    let got = b.finish();
    assert_eq!(got.events(), want.events());
    assert!(
        got == *want,
        "facts from extracts differ from facts from events"
    );
    println!(
        "{} cases, {} events: extracts {} bytes as text ({} per case)",
        d.cases.len(),
        want.events(),
        bytes,
        bytes / d.cases.len().max(1)
    );
}
