//! Service matters in the verksamhetsberättelse ("Service och
//! myndighetsutövning"): opened and closed in the year by kind and gender
//! and by kind and age band, checked cell by cell against a count made here
//! from the records; in published output no cell under the threshold is
//! shown and no row or column has a single hidden cell.

mod common;

use common::small_facts;
use jiff::civil::{Date, date};
use tillit_domain::UnitId;
use tillit_domain::catalog::Gender;
use tillit_domain::register::RegisterKind;
use tillit_reports::*;

const KINDS: [(&str, &str); 4] = [
    ("rad_stod", "Råd och stöd"),
    ("samtalsserie", "Kortare samtalsserie"),
    ("foraldraprogram", "Föräldraprogram"),
    ("gruppverksamhet", "Öppen gruppverksamhet"),
];
const GENDERS: [(Gender, &str); 3] = [
    (Gender::Male, "Pojke/man"),
    (Gender::Female, "Flicka/kvinna"),
    (Gender::Unknown, "Okänt/ej registrerat"),
];
const BANDS: [(&str, &str); 5] = [
    ("0-6", "0–6 år"),
    ("7-12", "7–12 år"),
    ("13-17", "13–17 år"),
    ("18-20", "18–20 år"),
    ("21-", "21 år och äldre"),
];

/// A year and a half of service matters in two units, from a small
/// deterministic generator (xorshift), uneven on purpose: some cells large,
/// some small, some empty.
fn records() -> Vec<RegisterRecord> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |n: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % n
    };
    let mut out = Vec::new();
    for _ in 0..700 {
        let kind = [0, 0, 0, 0, 1, 1, 2, 3][next(8) as usize];
        let band = [4, 4, 4, 3, 2, 2, 1, 0][next(8) as usize];
        let gender = [0, 1, 1, 0, 2][next(5) as usize];
        let opened = date(2024, 7, 1)
            .checked_add(jiff::Span::new().days(next(540) as i64))
            .unwrap();
        let closed = (next(3) > 0).then(|| {
            opened
                .checked_add(jiff::Span::new().days(next(120) as i64))
                .unwrap()
        });
        out.push(RegisterRecord {
            register: RegisterKind::Service,
            unit: UnitId(1 + next(2) as i64),
            opened_on: opened,
            category: Some(KINDS[kind].0.to_string()),
            status: if closed.is_some() { "closed" } else { "open" }.into(),
            serious: false,
            closed: closed.is_some(),
            closed_on: closed,
            reported_externally: false,
            measures: 0,
            measures_done: 0,
            gender: Some(GENDERS[gender].0),
            age_band: Some(BANDS[band].0.to_string()),
        });
    }
    out
}

/// A column's test: does the record count in it?
type Test = Box<dyn Fn(&RegisterRecord) -> bool>;
/// A column: its label and test.
type Column = (String, Test);

fn table<'a>(doc: &'a Document, id: &str) -> &'a ReportTable {
    doc.sections
        .iter()
        .flat_map(|s| &s.blocks)
        .find_map(|b| match b {
            Block::Table(t) if t.id == id => Some(t),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no table {id}"))
}

fn value(c: &CellValue) -> Option<u32> {
    match c {
        CellValue::Number { value, .. } => Some(*value as u32),
        CellValue::Suppressed => None,
        other => panic!("unexpected cell {other:?}"),
    }
}

/// The independent count: matters of `unit` (or all) whose start (or end)
/// lies in `year`, of `kind`, matching `column`.
fn expected(
    records: &[RegisterRecord],
    unit: Option<UnitId>,
    year: i16,
    opened: bool,
    kind: Option<&str>,
    column: &dyn Fn(&RegisterRecord) -> bool,
) -> u32 {
    records
        .iter()
        .filter(|r| unit.is_none_or(|u| u == r.unit))
        .filter(|r| {
            let d: Option<Date> = if opened {
                Some(r.opened_on)
            } else {
                r.closed_on
            };
            d.is_some_and(|d| d.year() == year)
        })
        .filter(|r| kind.is_none_or(|k| r.category.as_deref() == Some(k)))
        .filter(|r| column(r))
        .count() as u32
}

#[test]
fn service_matters_by_kind_gender_and_age_band_match_an_independent_count() {
    let facts = small_facts();
    let records = records();
    for unit in [None, Some(UnitId(2))] {
        for (publication, suppressed) in [
            (Publication::internal(), false),
            (Publication::published(), true),
        ] {
            let mut input = ReportInput::new(&facts);
            input.registers = &records;
            input.unit = unit;
            input.publication = publication;
            let doc = verksamhetsberattelse(&input, 2025).unwrap();
            let threshold = input.publication.threshold;
            let mut seen_hidden = 0;
            for (opened, what) in [(true, "opened"), (false, "closed")] {
                let by_gender: Vec<Column> = GENDERS
                    .iter()
                    .map(|(g, l)| {
                        let g = *g;
                        (
                            l.to_string(),
                            Box::new(move |r: &RegisterRecord| r.gender == Some(g)) as Test,
                        )
                    })
                    .collect();
                let by_band: Vec<Column> = BANDS
                    .iter()
                    .map(|(code, l)| {
                        let code = code.to_string();
                        (
                            l.to_string(),
                            Box::new(move |r: &RegisterRecord| {
                                r.age_band.as_deref() == Some(code.as_str())
                            }) as Test,
                        )
                    })
                    .collect();
                for (split, columns) in [("gender", by_gender), ("age", by_band)] {
                    let t = table(&doc, &format!("service_{what}_{split}"));
                    let labels: Vec<&str> = t.columns.iter().map(|c| c.label.as_str()).collect();
                    let mut want_labels: Vec<&str> =
                        columns.iter().map(|(l, _)| l.as_str()).collect();
                    want_labels.push("Totalt");
                    assert_eq!(labels, want_labels);
                    let mut grid: Vec<Vec<Option<u32>>> = Vec::new();
                    let kinds: Vec<Option<(&str, &str)>> =
                        KINDS.iter().map(|k| Some(*k)).chain([None]).collect();
                    for k in &kinds {
                        let row = match k {
                            Some((_, label)) => t.row(label).unwrap(),
                            None => t.total_row.as_ref().unwrap(),
                        };
                        let code = k.map(|(c, _)| c);
                        let mut want: Vec<u32> = columns
                            .iter()
                            .map(|(_, f)| expected(&records, unit, 2025, opened, code, f.as_ref()))
                            .collect();
                        want.push(expected(&records, unit, 2025, opened, code, &|_| true));
                        let got: Vec<Option<u32>> = row.cells.iter().map(value).collect();
                        for (g, w) in got.iter().zip(&want) {
                            match g {
                                Some(v) => {
                                    assert_eq!(v, w, "{} {}", t.id, row.label);
                                    if suppressed {
                                        assert!(
                                            *v == 0 || *v >= threshold,
                                            "{} {}: {v} shown",
                                            t.id,
                                            row.label
                                        );
                                    }
                                }
                                None => {
                                    assert!(suppressed, "hidden in an internal report");
                                    seen_hidden += 1;
                                }
                            }
                        }
                        grid.push(got);
                    }
                    // No row or column with exactly one hidden cell.
                    for r in &grid {
                        assert_ne!(r.iter().filter(|c| c.is_none()).count(), 1, "{}", t.id);
                    }
                    for c in 0..grid[0].len() {
                        assert_ne!(
                            grid.iter().filter(|r| r[c].is_none()).count(),
                            1,
                            "{}",
                            t.id
                        );
                    }
                }
            }
            assert_eq!(
                suppressed,
                seen_hidden > 0,
                "the data has small cells: {unit:?}"
            );
        }
    }
}
