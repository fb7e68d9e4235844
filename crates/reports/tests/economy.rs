//! The economy parts of the reports, on the demo municipality's economy
//! (`tillit_demo::economy`): every table's parts add up to its total, every
//! deviation is prognos − budget, cost per årsplacering is net cost over
//! the follow-up's årsplaceringar; the same figures read back from HTML,
//! PDF, Excel and CSV; a chart of budget against cumulative outcome.

mod common;

use common::*;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use tillit_domain::economy::budget::{Budget, BudgetKey, BudgetLine};
use tillit_domain::economy::ledger::{LedgerKey, LedgerLine};
use tillit_domain::economy::{Money, Month};
use tillit_followup::{Breakdown, Filter, IndicatorId, Key, Period, compute};
use tillit_reports::*;

fn economy() -> &'static EconomyInput {
    static E: OnceLock<EconomyInput> = OnceLock::new();
    E.get_or_init(|| {
        let d = demo();
        let e = tillit_demo::economy::generate(&d.data, 0);
        let mut budgets: BTreeMap<i16, Budget> = BTreeMap::new();
        for b in &e.budgets {
            budgets.entry(b.year).or_default().decided = b.lines.clone();
        }
        for (y, r) in &e.revisions {
            budgets.entry(*y).or_default().revisions.push(r.clone());
        }
        EconomyInput {
            structure: e.structure.clone(),
            outcome: e.outcome.clone(),
            budgets,
            forecasts: e
                .forecasts
                .iter()
                .map(|f| ForecastEntry {
                    year: f.year,
                    point: f.point,
                    responsibility: f.responsibility.clone(),
                    activity: f.activity.clone(),
                    project: f.project.clone(),
                    amounts: f.amounts,
                    comment: f.comment.clone(),
                    by: f.username.to_string(),
                })
                .collect(),
            catalogue: e.catalogue.clone(),
            placements: tillit_demo::economy::placements(&d.data),
        }
    })
}

fn input(publication: Publication) -> ReportInput<'static> {
    let mut i = demo_input(publication);
    i.economy = economy();
    i
}

fn economy_tables(doc: &Document) -> Vec<&ReportTable> {
    doc.tables()
        .filter(|(_, t)| t.id.starts_with("ekonomi-"))
        .map(|(_, t)| t)
        .collect()
}

fn value(c: &CellValue) -> Option<f64> {
    c.value()
}

/// Every economy table with a total row: each number column's rows sum to
/// the total (to the öre); every row with budget, prognos and avvikelse
/// columns has avvikelse = prognos − budget (utfall − budget when there is
/// no prognos column).
fn check_tables(doc: &Document) {
    for t in economy_tables(doc) {
        if let Some(total) = &t.total_row {
            for (c, cell) in total.cells.iter().enumerate() {
                let Some(want) = value(cell) else { continue };
                let parts: Option<f64> =
                    t.rows.iter().map(|r| r.cells.get(c).and_then(value)).sum();
                if let Some(sum) = parts {
                    assert!(
                        (sum - want).abs() < 0.005,
                        "{}: column {c} sums to {sum}, total {want}",
                        t.id
                    );
                }
            }
        }
        let col = |prefix: &str| t.columns.iter().position(|c| c.label.starts_with(prefix));
        let (Some(b), Some(d)) = (col("Budget "), col("Avvikelse")) else {
            continue;
        };
        let o = col("Prognos ").or_else(|| col("Utfall ")).unwrap();
        for r in t.all_rows() {
            let (Some(budget), Some(other), Some(dev)) =
                (value(&r.cells[b]), value(&r.cells[o]), value(&r.cells[d]))
            else {
                continue;
            };
            assert!(
                (dev - (other - budget)).abs() < 0.005,
                "{} row {}: avvikelse {dev} is not {other} − {budget}",
                t.id,
                r.label
            );
        }
    }
}

#[test]
fn the_delarsrapport_has_the_economy_computed_and_consistent() {
    let doc = delarsrapport(&input(Publication::published()), 2026, 2).unwrap();
    let ids: Vec<&str> = economy_tables(&doc).iter().map(|t| t.id.as_str()).collect();
    for id in [
        "ekonomi-resultatrakning",
        "ekonomi-per-ansvar",
        "ekonomi-per-verksamhet",
        "ekonomi-per-projekt",
        "ekonomi-nyckeltal",
        "ekonomi-kopt-vard",
    ] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    check_tables(&doc);
    let t = doc.table("ekonomi-resultatrakning").unwrap();
    assert_eq!(
        t.columns
            .iter()
            .map(|c| c.label.as_str())
            .collect::<Vec<_>>(),
        [
            "Bokslut 2025 (kr)",
            "Utfall jan–aug 2026 (kr)",
            "Budget 2026 (kr)",
            "Prognos 2026 (kr)",
            "Avvikelse (kr)"
        ]
    );
    // Utfall is the ledger's, to the öre.
    let jan_aug: Money = economy()
        .outcome
        .iter()
        .filter(|l| {
            l.key.month >= Month::new(2026, 1).unwrap()
                && l.key.month <= Month::new(2026, 8).unwrap()
        })
        .map(|l| l.amount)
        .sum();
    let net = t.total_row.as_ref().unwrap();
    assert!((net.cells[1].value().unwrap() - jan_aug.as_kr()).abs() < 0.005);
    assert!(
        t.notes
            .iter()
            .any(|n| n.contains("Avvikelse = prognos − budget"))
    );
    assert!(doc.charts().any(|c| c.id == "ekonomi-budget-utfall"));
    // Nothing said "Uppgifter saknas" about the economy's figures.
    let econ = doc
        .sections
        .iter()
        .find(|s| s.heading == "Ekonomi")
        .unwrap();
    assert!(
        !econ
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Note { text } if text.contains("varken budget")))
    );
}

#[test]
fn an_entered_forecast_is_used_with_its_comment() {
    let doc = delarsrapport(&input(Publication::published()), 2026, 1).unwrap();
    let t = doc.table("ekonomi-per-verksamhet").unwrap();
    let row = t
        .rows
        .iter()
        .find(|r| r.label.starts_with("4120") && r.label.contains("4021"))
        .unwrap();
    let f = economy()
        .forecasts
        .iter()
        .find(|f| f.responsibility == "4120" && f.activity == "4021")
        .unwrap();
    let prognos = t.column("Prognos 2026 (kr)").unwrap();
    let want: Money = f.amounts.iter().copied().sum();
    assert!((row.cells[prognos].value().unwrap() - want.as_kr()).abs() < 0.005);
    let comment = t.column("Kommentar").unwrap();
    assert!(matches!(&row.cells[comment], CellValue::Text(c) if c.contains(&f.comment)));
    check_tables(&doc);
}

#[test]
fn cost_per_arsplacering_is_net_cost_over_the_followups_arsplaceringar() {
    let doc = verksamhetsberattelse(&input(Publication::internal()), 2025).unwrap();
    check_tables(&doc);
    let t = doc.table("ekonomi-nyckeltal").unwrap();
    let period = Period::year(2025).unwrap();
    let table = compute(
        &demo().facts,
        IndicatorId::Arsplaceringar,
        &period,
        Breakdown::InterventionKind,
        &Filter::default(),
    )
    .unwrap();
    for r in &t.rows {
        let Some(pt) = tillit_domain::economy::PlacementType::ALL
            .into_iter()
            .find(|p| r.label.starts_with(p.label()))
        else {
            panic!("{}", r.label)
        };
        let ars: f64 = pt
            .kinds()
            .iter()
            .filter_map(|k| table.cell(Key::Intervention(*k)))
            .map(|v| v.numerator.unwrap_or(0.0))
            .sum::<f64>()
            / table.total.denominator.unwrap();
        let (Some(net), Some(per)) = (r.cells[0].value(), r.cells[3].value()) else {
            continue;
        };
        assert!(
            (per - net / ars).abs() <= 0.01,
            "{}: {per} vs {net} / {ars}",
            r.label
        );
        assert!((r.cells[2].value().unwrap() - ars).abs() < 1e-9);
    }
}

#[test]
fn the_economy_reads_back_from_every_format() {
    let doc = delarsrapport(&input(Publication::published()), 2026, 2).unwrap();
    let t = doc.table("ekonomi-resultatrakning").unwrap();
    let net = t.total_row.as_ref().unwrap();
    let shown: Vec<String> = net.cells.iter().map(|c| norm(&c.display())).collect();

    let html = String::from_utf8(render(&doc, OutputFormat::Html).unwrap()).unwrap();
    let rows = html_table(&html, "ekonomi-resultatrakning");
    let netto = rows.iter().find(|r| r[0] == "Netto").unwrap();
    assert_eq!(
        netto[1..].iter().map(|s| norm(s)).collect::<Vec<_>>(),
        shown
    );
    assert!(html.contains("<svg") && html.contains("Budget (ackumulerad)"));

    let pdf = pdf_text(&render(&doc, OutputFormat::Pdf).unwrap());
    let line = pdf
        .lines()
        .map(norm)
        .find(|l| l.starts_with("Netto ") && l.contains(&shown[1]))
        .unwrap_or_else(|| panic!("no Netto line with {:?}", shown));
    for s in &shown {
        assert!(line.contains(s.trim_end_matches('*')), "{s} in {line}");
    }

    let sheets = xlsx_sheets(&render(&doc, OutputFormat::Xlsx).unwrap());
    let found = sheets.iter().flat_map(|(_, rows)| rows).any(|row| {
        matches!(row.first(), Some(calamine::Data::String(s)) if s == "Netto")
            && row.len() > 2
            && matches!(row[2], calamine::Data::Float(v) if (v - net.cells[1].value().unwrap()).abs() < 0.005)
    });
    assert!(found, "Netto with the exact outcome in the workbook");

    let csv = csv_records(&render(&doc, OutputFormat::Csv).unwrap());
    let row = csv
        .iter()
        .find(|r| {
            r.get(1)
                .is_some_and(|c| c.starts_with("Resultaträkning 2026"))
                && r.get(2).map(String::as_str) == Some("Netto")
        })
        .unwrap();
    let outcome: f64 = row[4].parse().unwrap();
    assert!((outcome - net.cells[1].value().unwrap()).abs() <= 0.5);
}

#[test]
fn a_unit_sees_its_own_responsibility_and_the_kvalitetsberattelse_has_the_economy() {
    let d = demo();
    let barn = d
        .data
        .units
        .iter()
        .find(|u| u.name == "Barnenheten")
        .unwrap()
        .id;
    let mut i = input(Publication::internal());
    i.unit = Some(barn);
    let doc = verksamhetsberattelse(&i, 2025).unwrap();
    let t = doc.table("ekonomi-per-ansvar").unwrap();
    assert_eq!(t.rows.len(), 1);
    assert!(t.rows[0].label.starts_with("4120"));
    check_tables(&doc);
    let kb = kvalitetsberattelse(&input(Publication::published()), 2025).unwrap();
    assert!(kb.table("ekonomi-resultatrakning").is_some());
    check_tables(&kb);
    // Without any economy: said plainly, never zeros.
    let empty = verksamhetsberattelse(&demo_input(Publication::published()), 2025).unwrap();
    assert!(empty.table("ekonomi-resultatrakning").is_none());
}

fn arb_lines() -> impl Strategy<Value = (Vec<LedgerLine>, Vec<BudgetLine>)> {
    let resp = prop::sample::select(vec!["4110", "4120", "4130"]);
    let act = prop::sample::select(vec!["4010", "4021", "4022", "4030"]);
    let proj = prop::sample::select(vec!["", "", "P-SKOLA"]);
    let acc = prop::sample::select(vec![
        "31110", "35110", "46310", "5010", "5610", "6010", "7050",
    ]);
    let outcome = prop::collection::vec(
        (
            2024i16..=2025,
            1i8..=12,
            acc.clone(),
            resp.clone(),
            act.clone(),
            proj.clone(),
            -50_000_000i64..50_000_000,
        ),
        0..60,
    )
    .prop_map(|v| {
        v.into_iter()
            .map(|(y, m, a, r, v, p, amount)| LedgerLine {
                key: LedgerKey {
                    month: Month::new(y, m).unwrap(),
                    account: a.into(),
                    responsibility: r.into(),
                    activity: v.into(),
                    project: p.into(),
                },
                amount: Money(amount),
            })
            .collect()
    });
    let budget = prop::collection::vec((acc, resp, act, proj, -500_000_000i64..500_000_000), 0..30)
        .prop_map(|v| {
            v.into_iter()
                .map(|(a, r, v, p, amount)| BudgetLine {
                    key: BudgetKey {
                        year: 2025,
                        responsibility: r.into(),
                        activity: v.into(),
                        project: p.into(),
                        account: a.into(),
                    },
                    amount: Money(amount),
                })
                .collect()
        });
    (outcome, budget)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Whatever the ledger and the budget hold: every economy table of
    /// every report adds up and every deviation is its definition.
    #[test]
    fn every_economy_table_adds_up((outcome, budget) in arb_lines(), part in 1u8..=2) {
        let mut e = economy().clone();
        e.outcome = outcome;
        e.budgets = BTreeMap::from([(2025, Budget { decided: budget, revisions: vec![] })]);
        e.forecasts.clear();
        let facts = small_facts();
        let mut i = ReportInput::new(&facts);
        i.economy = &e;
        check_tables(&delarsrapport(&i, 2025, part).unwrap());
        check_tables(&verksamhetsberattelse(&i, 2025).unwrap());
    }
}
