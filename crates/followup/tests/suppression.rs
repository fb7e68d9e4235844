//! Suppression of computed tables, worked out by hand.

mod common;

use common::*;
use jiff::civil::date;
use tillit_domain::catalog::{Gender, ReporterCategory as R};
use tillit_followup::{
    Breakdown, FactsBuilder, Filter, IndicatorId as I, Key, Period, Published, compute,
    compute_series, suppress, suppress_series,
};

#[test]
fn a_small_gender_cell_hides_the_next_smallest_too() {
    let mut w = World::new();
    // 3 boys and 12 girls reported once each in March 2025.
    for (gender, n) in [(Gender::Male, 3), (Gender::Female, 12)] {
        for _ in 0..n {
            let child = w.child(gender, Some(date(2015, 5, 5)));
            let mut c = w.case(child, 1, date(2025, 3, 3));
            c.anmalan(date(2025, 3, 3), R::School);
            w.add(c);
        }
    }
    let f = w.facts(date(2025, 12, 31));
    let t = by_gender(&f, I::Aktualiseringar, "2025-M03");
    let p = suppress(&t, 5);
    let shown = |k| {
        p.cells
            .iter()
            .find(|c| c.key == Key::Gender(k))
            .unwrap()
            .value
    };
    // Boys 3 < 5: hidden. Then boys would be total 15 - girls 12 - unknown 0,
    // so the smallest other cell with persons, girls (12), is hidden too.
    // Unknown (0 persons) and the total (15) are shown.
    assert_eq!(shown(Gender::Male), Published::Suppressed);
    assert_eq!(shown(Gender::Female), Published::Suppressed);
    assert_eq!(shown(Gender::Unknown).shown().unwrap().number, Some(0.0));
    assert_eq!(p.total.shown().unwrap().number, Some(15.0));
    // With threshold 3 nothing is hidden.
    assert!(
        !suppress(&t, 3)
            .cells
            .iter()
            .any(|c| c.value.is_suppressed())
    );

    // Over the year's months, March is the only month with reports: the
    // year's boys column (3) is hidden by itself, and so are March's cells; no
    // column or row is left with a single hidden cell.
    let year = Period::year(2025).unwrap();
    let mut periods = year.months();
    periods.push(year);
    let tables = compute_series(
        &f,
        I::Aktualiseringar,
        &periods,
        Breakdown::Gender,
        &Filter::default(),
    )
    .unwrap();
    let published = suppress_series(&tables, 5);
    for p in &published {
        let hidden = p.cells.iter().filter(|c| c.value.is_suppressed()).count()
            + usize::from(p.total.is_suppressed());
        assert_ne!(hidden, 1, "{}", p.period);
    }
    assert!(published[2].cells[0].value.is_suppressed());
    assert!(published[12].cells[0].value.is_suppressed());
}

#[test]
fn facts_without_events_know_nothing_unless_told_the_day() {
    let p: Period = "2025".parse().unwrap();
    let none = FactsBuilder::new(&[]).finish();
    let t = compute(
        &none,
        I::Aktualiseringar,
        &p,
        Breakdown::Gender,
        &Filter::default(),
    )
    .unwrap();
    assert_eq!(t.total.number, None);
    let today = FactsBuilder::new(&[]).as_of(date(2026, 1, 15)).finish();
    let t = compute(
        &today,
        I::Aktualiseringar,
        &p,
        Breakdown::Gender,
        &Filter::default(),
    )
    .unwrap();
    assert_eq!(t.total.number, Some(0.0));
    let t = compute(
        &today,
        I::Arsplaceringar,
        &p,
        Breakdown::Gender,
        &Filter::default(),
    )
    .unwrap();
    assert_eq!(t.total.number, Some(0.0));
    // The year before the earliest allowed year is still a period: a range.
    let before = Period::year(1000).unwrap().previous_year();
    assert_eq!(before.kind(), tillit_followup::PeriodKind::Range);
    assert_eq!(before.days(), 365);
}
