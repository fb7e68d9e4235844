//! Properties that hold for any history: gender parts add up, shares lie in
//! 0-100, care days over consecutive months add up to the whole, flows over
//! the months add up to the year, and suppression leaves no lone hidden cell.

mod common;

use common::*;
use jiff::civil::{Date, date};
use proptest::prelude::*;
use tillit_domain::case::{DecisionKind, LegalBasis};
use tillit_domain::catalog::{
    ConcernCategory, Gender, InterventionEndReason, InterventionKind, ProviderKind, ReportKind,
    ReporterCategory,
};
use tillit_followup::{
    Aggregate, Breakdown, BreakdownKind, CaseExtract, Facts, FactsBuilder, Filter, IndicatorId,
    Key, Period, Published, compute, compute_year_set, computed_indicators, hidden_cells,
    persons_behind, suppress_series,
};

const BASE: Date = date(2023, 1, 1);

fn at(offset: i32) -> Date {
    BASE.checked_add(jiff::Span::new().days(i64::from(offset)))
        .unwrap()
}

/// A report: day (from the case's opening), reporter index, concern bits,
/// and the pre-assessment (days after receipt, investigation or not).
type ReportSpec = (i32, usize, u16, Option<(i32, bool)>);
/// An intervention: kind index, start day, length, bought, ended by
/// breakdown, review days (from its start).
type InterventionSpec = (usize, i32, Option<i32>, bool, bool, Vec<i32>);

/// One random case.
#[derive(Clone, Debug)]
struct CaseSpec {
    child: usize,
    unit: i64,
    opened: i32,
    reports: Vec<ReportSpec>,
    investigation: Option<(i32, Option<i32>, Option<i32>)>,
    interventions: Vec<InterventionSpec>,
    decision: Option<(i32, usize, bool, Option<i32>)>,
    removal: Option<i32>,
    closed: Option<i32>,
}

fn case_spec() -> impl Strategy<Value = CaseSpec> {
    (
        (0usize..12, 1i64..=3, 0i32..1300),
        prop::collection::vec(
            (
                0i32..200,
                0usize..10,
                1u16..u16::MAX,
                prop::option::of((0i32..40, any::<bool>())),
            ),
            1..4,
        ),
        prop::option::of((
            0i32..100,
            prop::option::of(1i32..300),
            prop::option::of(1i32..90),
        )),
        prop::collection::vec(
            (
                0usize..9,
                0i32..400,
                prop::option::of(0i32..500),
                any::<bool>(),
                any::<bool>(),
                prop::collection::vec(100i32..400, 0..3),
            ),
            0..3,
        ),
        prop::option::of((
            0i32..300,
            0usize..9,
            any::<bool>(),
            prop::option::of(0i32..150),
        )),
        prop::option::of(0i32..300),
        prop::option::of(300i32..800),
    )
        .prop_map(
            |(
                (child, unit, opened),
                reports,
                investigation,
                interventions,
                decision,
                removal,
                closed,
            )| {
                CaseSpec {
                    child,
                    unit,
                    opened,
                    reports,
                    investigation,
                    interventions,
                    decision,
                    removal,
                    closed,
                }
            },
        )
}

/// Twelve children of every gender and age, and their cases.
fn world(specs: &[CaseSpec]) -> World {
    let mut w = World::new();
    let genders = [Gender::Male, Gender::Female, Gender::Unknown];
    let children: Vec<_> = (0..12)
        .map(|i| {
            let birth = (i % 5 != 4).then(|| date(2004 + i as i16 * 2, 1 + (i % 12) as i8, 3));
            w.child(genders[i % 3], birth)
        })
        .collect();
    for s in specs {
        let opened = at(s.opened);
        let mut c = w.case(children[s.child], s.unit, opened);
        let d = |x: i32| at(s.opened + x);
        for &(day, reporter, concerns, decision) in &s.reports {
            let concerns: Vec<ConcernCategory> = ConcernCategory::all()
                .enumerate()
                .filter(|(i, _)| concerns & (1 << i) != 0)
                .map(|(_, c)| c)
                .collect();
            let r = c.report(
                d(day),
                ReportKind::Report,
                ReporterCategory::ENTRIES[reporter].value,
                &concerns,
            );
            if let Some((lag, open)) = decision {
                c.pre_assess(r, d(day + lag), open);
            }
        }
        if let Some((start, len, ext)) = s.investigation {
            let inv = c.open_investigation(d(start));
            if let Some(ext) = ext {
                c.extend_investigation(inv, d(start + 100), d(start + 120 + ext));
            }
            if let Some(len) = len {
                c.close_investigation(inv, d(start + len));
            }
        }
        if let Some((day, kind, favourable, exec)) = s.decision {
            let kind = InterventionKind::ENTRIES[kind].value;
            let dec = c.decide(
                d(day),
                DecisionKind::Intervention,
                LegalBasis::SolAssistance,
                Some(kind),
                favourable,
                10 + i64::from(favourable),
            );
            if let Some(wait) = exec {
                c.start(d(day + wait), kind, ProviderKind::Own, Some(dec));
            }
        }
        if let Some(day) = s.removal {
            c.removal(d(day), LegalBasis::Lvu2);
        }
        for (kind, start, len, bought, breakdown, reviews) in &s.interventions {
            let provider = if *bought {
                ProviderKind::Bought
            } else {
                ProviderKind::Own
            };
            let i = c.start(
                d(*start),
                InterventionKind::ENTRIES[*kind].value,
                provider,
                None,
            );
            for r in reviews {
                c.review(i, d(start + r));
            }
            if let Some(len) = len {
                let reason = if *breakdown {
                    InterventionEndReason::Breakdown
                } else {
                    InterventionEndReason::GoalsMet
                };
                c.end(i, d(start + len), reason);
            }
        }
        if let Some(day) = s.closed {
            c.close(d(day));
        }
        w.add(c);
    }
    w
}

fn facts(specs: &[CaseSpec]) -> Facts {
    world(specs).facts(date(2026, 12, 31))
}

fn periods() -> Vec<Period> {
    [
        "2024",
        "2025",
        "2025-T2",
        "2025-M03",
        "2025-Q4",
        "R12:2025-06",
        "2024-02-10..2024-11-03",
    ]
    .iter()
    .map(|p| p.parse().unwrap())
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn gender_parts_add_up_to_the_total(specs in prop::collection::vec(case_spec(), 1..25)) {
        let f = facts(&specs);
        for ind in computed_indicators() {
            for p in periods() {
                let t = compute(&f, ind.id, &p, Breakdown::Gender, &Filter::default()).unwrap();
                prop_assert_eq!(t.cells.len(), 3);
                let persons: u32 = t.cells.iter().map(|c| c.value.persons).sum();
                prop_assert_eq!(persons, t.total.persons, "{} {}", ind.code(), p);
                if matches!(ind.aggregate, Aggregate::Count | Aggregate::Persons | Aggregate::Rate) {
                    let sum: f64 = t.cells.iter().filter_map(|c| c.value.number).sum();
                    let total = t.total.number.unwrap();
                    prop_assert!((sum - total).abs() < 1e-9, "{} {}: {} vs {}", ind.code(), p, sum, total);
                }
            }
        }
    }

    #[test]
    fn the_persons_behind_a_cell_are_the_ones_it_counts(specs in prop::collection::vec(case_spec(), 1..25)) {
        let f = facts(&specs);
        for ind in computed_indicators() {
            for p in periods() {
                for kind in ind.breakdowns {
                    let b = Breakdown::from(*kind);
                    let filter = Filter::default();
                    let t = compute(&f, ind.id, &p, b, &filter).unwrap();
                    let total = persons_behind(&f, ind.id, &p, b, &filter, None).unwrap();
                    prop_assert_eq!(total.len() as u32, t.total.persons, "{} {} total", ind.code(), p);
                    prop_assert!(total.windows(2).all(|w| w[0] < w[1]), "ascending, once each");
                    for c in &t.cells {
                        let behind = persons_behind(&f, ind.id, &p, b, &filter, Some(c.key)).unwrap();
                        prop_assert_eq!(behind.len() as u32, c.value.persons, "{} {} {:?}", ind.code(), p, c.key);
                        prop_assert!(behind.iter().all(|x| total.binary_search(x).is_ok()), "a part's persons are the total's");
                    }
                }
            }
        }
    }

    /// Facts built from the cases' extracts (encoded and decoded, as the
    /// store keeps them) are the facts built from their events; so are
    /// facts with some cases from extracts and the rest from events.
    #[test]
    fn facts_from_extracts_are_the_facts_from_events(
        specs in prop::collection::vec(case_spec(), 1..25),
        from_events in prop::collection::vec(any::<bool>(), 25),
    ) {
        let w = world(&specs);
        let as_of = date(2026, 12, 31);
        let want = w.facts(as_of);
        let mut b = FactsBuilder::new(&w.persons).as_of(as_of);
        for (i, (id, events)) in w.cases.iter().enumerate() {
            if from_events[i % from_events.len()] {
                b.add_case(*id, events.iter().map(|(d, e)| (*d, e)));
            } else {
                let x = CaseExtract::of_case(events.iter().map(|(d, e)| (*d, e)));
                prop_assert_eq!(x.events(), events.len() as u64);
                let text = x.encode();
                let back = CaseExtract::decode(&text);
                prop_assert_eq!(back.as_ref(), Some(&x), "round trip");
                b.add_extract(*id, &x);
            }
        }
        prop_assert_eq!(b.finish(), want);
    }

    /// Whatever text the store hands back, decoding gives an extract or
    /// nothing, never a panic; and a well-formed extract of another format
    /// is nothing.
    #[test]
    fn any_text_decodes_to_an_extract_or_nothing(text in ".{0,200}", prefix in 0u32..5) {
        let _ = CaseExtract::decode(&text);
        let _ = CaseExtract::decode(&format!("{prefix}:{text}"));
        let x = CaseExtract::of_case(std::iter::empty::<(Date, &tillit_domain::case::CaseEvent)>());
        let encoded = x.encode();
        let body = encoded.split_once(':').unwrap().1;
        let other = format!("{}:{body}", tillit_followup::EXTRACT_FORMAT + 1 + prefix);
        prop_assert!(CaseExtract::decode(&other).is_none());
    }

    #[test]
    fn shares_lie_between_0_and_100(specs in prop::collection::vec(case_spec(), 1..25)) {
        let f = facts(&specs);
        for ind in computed_indicators().filter(|i| i.aggregate == Aggregate::Share) {
            for p in periods() {
                for kind in ind.breakdowns {
                    let t = compute(&f, ind.id, &p, Breakdown::from(*kind), &Filter::default()).unwrap();
                    for v in t.cells.iter().map(|c| c.value).chain([t.total]) {
                        if let Some(n) = v.number {
                            prop_assert!((0.0..=100.0).contains(&n), "{} {} {:?}", ind.code(), p, v);
                        } else {
                            prop_assert_eq!(v.denominator, Some(0.0));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn care_days_over_the_months_add_up_to_the_placement(
        start in 0i32..1400,
        len in prop::option::of(0i32..900),
        kind in prop::sample::select(vec![
            InterventionKind::FosterHome, InterventionKind::Hvb, InterventionKind::SecureUnit,
            InterventionKind::EmergencyFosterHome, InterventionKind::NetworkHome,
            InterventionKind::SupportedHousing,
        ]),
    ) {
        let mut w = World::new();
        let child = w.child(Gender::Female, Some(date(2012, 6, 6)));
        let mut c = w.case(child, 1, at(0));
        c.anmalan(at(0), ReporterCategory::Police);
        let i = c.start(at(start), kind, ProviderKind::Own, None);
        let as_of = date(2026, 12, 31);
        let end = len.map(|l| at(start + l));
        if let Some(e) = end {
            c.end(i, e, InterventionEndReason::GoalsMet);
        }
        w.add(c);
        let f = w.facts(as_of);
        let last = end.unwrap_or(as_of.tomorrow().unwrap());
        for year in [2023i16, 2024, 2025, 2026] {
            let y = Period::year(year).unwrap();
            let months: f64 = y
                .months()
                .iter()
                .map(|m| by_gender(&f, IndicatorId::Varddygn, &m.code()).total.number.unwrap())
                .sum();
            let whole = by_gender(&f, IndicatorId::Varddygn, &y.code()).total.number.unwrap();
            // The placement's nights within the year: from the later of its
            // start and 1 January to the earlier of its end and 1 January next.
            let from = at(start).max(y.start());
            let to = last.min(y.end().tomorrow().unwrap());
            let expected = if to > from { (to - from).get_days() as f64 } else { 0.0 };
            prop_assert_eq!(months, whole);
            prop_assert_eq!(whole, expected, "{}", year);
        }
    }

    #[test]
    fn flows_over_the_months_add_up_to_the_year(specs in prop::collection::vec(case_spec(), 1..25)) {
        let f = facts(&specs);
        let set = compute_year_set(&f, 2025, None).unwrap();
        prop_assert_eq!(set.periods.len(), 13);
        for s in &set.series {
            prop_assert_eq!(s.by_gender.len(), 13);
            prop_assert_eq!(s.by_unit.len(), 13);
            if !s.indicator.info().adds_up_over_time() {
                continue;
            }
            for tables in [&s.by_gender, &s.by_unit] {
                let (months, year) = tables.split_at(12);
                let year = &year[0];
                let sum: f64 = months.iter().map(|t| t.total.number.unwrap()).sum();
                prop_assert_eq!(sum, year.total.number.unwrap(), "{:?}", s.indicator);
                for (k, cell) in year.cells.iter().enumerate() {
                    let sum: f64 = months.iter().map(|t| t.cells[k].value.number.unwrap()).sum();
                    prop_assert_eq!(sum, cell.value.number.unwrap(), "{:?} {:?}", s.indicator, cell.key);
                }
            }
        }
        // The year set agrees with computing one table at a time.
        let one = compute(&f, IndicatorId::Aktualiseringar, &"2025".parse().unwrap(),
            Breakdown::Gender, &Filter::default()).unwrap();
        prop_assert_eq!(&set.series(IndicatorId::Aktualiseringar).unwrap().by_gender[12], &one);
    }

    #[test]
    fn suppression_leaves_no_lone_hidden_cell(
        persons in prop::collection::vec(0u32..12, 2..30),
        group_specs in prop::collection::vec(prop::collection::vec(any::<prop::sample::Index>(), 2..6), 1..8),
        threshold in 1u32..8,
    ) {
        let groups: Vec<Vec<usize>> = group_specs
            .iter()
            .map(|g| {
                let mut v: Vec<usize> = g.iter().map(|i| i.index(persons.len())).collect();
                v.sort_unstable();
                v.dedup();
                v
            })
            .filter(|g| g.len() >= 2)
            .collect();
        let hidden = hidden_cells(&persons, &groups, threshold);
        for (i, &p) in persons.iter().enumerate() {
            if p > 0 && p < threshold {
                prop_assert!(hidden[i], "cell {} with {} persons is shown", i, p);
            }
        }
        for g in &groups {
            let n = g.iter().filter(|&&i| hidden[i]).count();
            prop_assert_ne!(n, 1, "group {:?} has one hidden cell: {:?}", g, hidden);
        }
    }

    #[test]
    fn published_year_sets_hide_small_cells(specs in prop::collection::vec(case_spec(), 1..25)) {
        let f = facts(&specs);
        let set = compute_year_set(&f, 2025, None).unwrap();
        for s in &set.series {
            for tables in [&s.by_gender, &s.by_unit] {
                let published = suppress_series(tables, 5);
                for (t, p) in tables.iter().zip(&published) {
                    let all = t.cells.iter().map(|c| c.value).chain([t.total]);
                    let shown = p.cells.iter().map(|c| c.value).chain([p.total]);
                    let mut hidden = 0;
                    for (v, pv) in all.zip(shown) {
                        match pv {
                            Published::Suppressed => hidden += 1,
                            Published::Shown(shown) => {
                                prop_assert!(v.persons == 0 || v.persons >= 5);
                                prop_assert_eq!(shown, v);
                            }
                        }
                    }
                    prop_assert_ne!(hidden, 1);
                }
            }
        }
    }
}

#[test]
fn every_breakdown_of_every_indicator_computes() {
    let specs: Vec<CaseSpec> = (0..30)
        .map(|i| CaseSpec {
            child: i % 12,
            unit: 1 + (i % 3) as i64,
            opened: (i * 37) as i32,
            reports: vec![(0, i % 10, 0b101, Some((5, i % 2 == 0)))],
            investigation: Some((6, Some(100 + i as i32), None)),
            interventions: vec![(i % 9, 120, Some(200), i % 2 == 0, i % 5 == 0, vec![150])],
            decision: Some((110, i % 9, true, Some(10))),
            removal: (i % 7 == 0).then_some(100),
            closed: None,
        })
        .collect();
    let f = facts(&specs);
    let p: Period = "2024".parse().unwrap();
    for ind in computed_indicators() {
        for kind in ind.breakdowns {
            let t = compute(&f, ind.id, &p, Breakdown::from(*kind), &Filter::default()).unwrap();
            assert!(!t.cells.is_empty(), "{} {kind:?}", ind.code());
            if *kind == BreakdownKind::Gender {
                assert!(t.cell(Key::Gender(Gender::Unknown)).is_some());
            }
        }
    }
}
