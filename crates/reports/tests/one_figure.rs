//! One figure, one value: a report rendered as HTML, PDF, Excel and CSV and
//! read back shows the same numbers in every format, and they are the
//! indicators' values.

mod common;

use calamine::Data;
use common::*;
use tillit_followup::{Breakdown, Filter, IndicatorId, Period, compute};
use tillit_reports::*;

/// Every table of `doc` in the HTML, the workbook and the CSV, cell by cell;
/// and the rows of table `nyckeltal` named in `pdf_rows` in the PDF text.
fn check_all_formats(doc: &Document, pdf_rows: &[&str]) {
    // Table ids are unique, so each can be found again.
    let mut ids = std::collections::HashSet::new();
    for (_, t) in doc.tables() {
        assert!(ids.insert(t.id.clone()), "duplicate table id {}", t.id);
    }

    // HTML.
    let html = String::from_utf8(render_html(doc).unwrap()).unwrap();
    for (_, t) in doc.tables() {
        let rows = html_table(&html, &t.id);
        let want: Vec<&Row> = t.all_rows().collect();
        assert_eq!(rows.len(), want.len(), "rows of {}", t.id);
        for (got, row) in rows.iter().zip(want) {
            assert_eq!(got[0], norm(&row.label), "{}", t.id);
            let cells: Vec<String> = row.cells.iter().map(|c| norm(&c.display())).collect();
            assert_eq!(&got[1..], &cells[..], "{} / {}", t.id, row.label);
        }
    }

    // Excel: sheet 0 is "Om rapporten", then one sheet per section with
    // tables, in order.
    let sheets = xlsx_sheets(&render_xlsx(doc).unwrap());
    let sections: Vec<&Section> = doc
        .sections
        .iter()
        .filter(|s| s.blocks.iter().any(|b| matches!(b, Block::Table(_))))
        .collect();
    assert_eq!(sheets.len(), sections.len() + 1);
    for (sec, (_, rows)) in sections.iter().zip(&sheets[1..]) {
        let s0 = |r: &Vec<Data>| match r.first() {
            Some(Data::String(s)) => s.clone(),
            _ => String::new(),
        };
        for b in &sec.blocks {
            let Block::Table(t) = b else { continue };
            // Row 0 is the sheet's title (the section heading).
            let at = 1 + rows[1..]
                .iter()
                .position(|r| s0(r) == t.caption)
                .unwrap_or_else(|| panic!("caption {} not in sheet", t.caption));
            assert_eq!(s0(&rows[at + 1]), t.label_header);
            for (i, row) in t.all_rows().enumerate() {
                let got = &rows[at + 2 + i];
                assert_eq!(s0(got), row.label);
                for (j, c) in row.cells.iter().enumerate() {
                    let x = got.get(j + 1).cloned().unwrap_or(Data::Empty);
                    let ok = match (c, &x) {
                        (CellValue::Number { value, .. }, Data::Float(f)) => {
                            (value - f).abs() < 1e-9
                        }
                        (CellValue::Percent { value, .. }, Data::Float(f)) => {
                            (value / 100.0 - f).abs() < 1e-12
                        }
                        (CellValue::Text(s), Data::String(g)) => s == g,
                        (CellValue::Status(s), Data::String(g)) => g.contains(s.label()),
                        (CellValue::Suppressed, Data::String(g)) => g == "..",
                        (CellValue::Missing, Data::String(g)) => g == "saknas",
                        (CellValue::Empty, Data::Empty) => true,
                        (CellValue::Date(_), Data::DateTime(_)) => true,
                        _ => false,
                    };
                    assert!(ok, "{} / {} / col {j}: {c:?} vs {x:?}", t.id, row.label);
                }
            }
        }
    }

    // CSV.
    let records = csv_records(&render_csv(doc).unwrap());
    for (sec, t) in doc.tables() {
        let got: Vec<&Vec<String>> = records
            .iter()
            .filter(|r| r.len() > 2 && r[0] == sec.heading && r[1] == t.caption)
            .collect();
        let want: Vec<&Row> = t.all_rows().collect();
        assert_eq!(got.len(), want.len(), "CSV rows of {}", t.id);
        for (g, row) in got.iter().zip(want) {
            assert_eq!(g[2], row.label);
            assert_eq!(g.len(), 3 + row.cells.len());
            for (f, c) in g[3..].iter().zip(&row.cells) {
                match c {
                    CellValue::Number {
                        value, decimals, ..
                    }
                    | CellValue::Percent {
                        value, decimals, ..
                    } => {
                        assert!(!f.contains('.'), "decimal comma: {f}");
                        let n: f64 = f.replace(',', ".").parse().unwrap();
                        let scale = 10f64.powi(i32::from(*decimals));
                        assert_eq!(n, (value * scale).round() / scale, "{} {}", t.id, row.label);
                    }
                    CellValue::Suppressed => assert_eq!(f, ".."),
                    CellValue::Missing => assert_eq!(f, "saknas"),
                    CellValue::Text(s) => assert_eq!(f.trim_start_matches('\''), s),
                    _ => {}
                }
            }
        }
    }

    // PDF: the key figure rows, read back as text.
    let text = pdf_text(&render_pdf(doc).unwrap());
    let lines: Vec<String> = text.lines().map(norm).collect();
    if pdf_rows.is_empty() {
        // No key figure table asked for: every table's caption is in the PDF.
        for (_, t) in doc.tables() {
            let first = t.caption.split_whitespace().next().unwrap();
            assert!(
                lines.iter().any(|l| l.contains(first)),
                "PDF lacks {}",
                t.caption
            );
        }
        return;
    }
    let kf = doc.table("nyckeltal").expect("the key figure table");
    for label in pdf_rows {
        let row = kf.row(label).unwrap_or_else(|| panic!("no row {label}"));
        let figures: Vec<String> = row
            .cells
            .iter()
            .filter(|c| !matches!(c, CellValue::Text(_) | CellValue::Empty))
            .map(|c| norm(&c.display()))
            .collect();
        let want = figures.join(" ");
        let first_word = label.split_whitespace().next().unwrap();
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(first_word) && l.contains(&want)),
            "PDF has no line `{label} … {want}`"
        );
    }
}

#[test]
fn a_small_hand_made_history_reads_the_same_in_every_format() {
    let facts = small_facts();
    let goals = goals("Utredningar i tid");
    let values = manual_values();
    let narrative = narrative();
    let mut input = ReportInput::new(&facts);
    input.municipality = "Testkommun";
    input.goals = &goals;
    input.manual_values = &values;
    input.narrative = &narrative;
    input.publication = Publication::internal();
    let doc = verksamhetsberattelse(&input, 2025).unwrap();
    let kf = doc.table("nyckeltal").unwrap();
    let value = |row: &str, col: usize| kf.row(row).unwrap().cells[col].value();
    // Worked out by hand (see small_facts): 5 reports in 2025, 2 about boys,
    // 2 about girls, 1 unknown; 1 in 2024.
    assert_eq!(value("Aktualiseringar", 0), Some(5.0));
    assert_eq!(value("Aktualiseringar", 1), Some(2.0));
    assert_eq!(value("Aktualiseringar", 2), Some(2.0));
    assert_eq!(value("Aktualiseringar", 3), Some(0.0 + 1.0));
    assert_eq!(value("Aktualiseringar", 4), Some(1.0));
    assert_eq!(value("Aktualiseringar", 5), Some(4.0)); // change 5 - 1
    // Two delegation decisions (user 7: foster home; user 8: ingen åtgärd).
    assert_eq!(value("Delegationsbeslut", 0), Some(2.0));
    // One child placed from 2025-05-01: 245 nights to 2025-12-31 inclusive.
    assert_eq!(value("Placerade barn och unga", 0), Some(1.0));
    assert_eq!(value("Vårddygn", 0), Some(245.0));
    // The goal table: sick leave entered by hand, 7.2 % (5.1 men, 8.3 women).
    let goal = doc.table("mal-3-indikatorer").unwrap();
    let sick = goal.row("Sjukfrånvaro").unwrap();
    assert_eq!(sick.cells[0].value(), Some(7.2));
    assert_eq!(sick.cells[1].value(), Some(5.1));
    assert_eq!(sick.cells[3].value(), Some(8.0));
    check_all_formats(
        &doc,
        &[
            "Aktualiseringar",
            "Inledda utredningar",
            "Vårddygn",
            "Delegationsbeslut",
        ],
    );
    // The manual text is printed as written.
    let html = String::from_utf8(render_html(&doc).unwrap()).unwrap();
    assert!(html.contains("Året har präglats av ett minskat inflöde."));
}

#[test]
fn the_demo_annual_report_reads_the_same_in_every_format() {
    let input = demo_input(Publication::published());
    let doc = verksamhetsberattelse(&input, 2025).unwrap();
    check_all_formats(
        &doc,
        &[
            "Aktualiseringar",
            "Inledda utredningar",
            "Avslutade utredningar",
            "Vårddygn",
            "Årsplaceringar",
            "Placerade barn och unga",
            "Delegationsbeslut",
        ],
    );
}

#[test]
fn the_report_shows_the_indicators_values() {
    let d = demo();
    let input = demo_input(Publication::internal());
    let doc = verksamhetsberattelse(&input, 2025).unwrap();
    let kf = doc.table("nyckeltal").unwrap();
    let year = Period::year(2025).unwrap();
    for ind in tillit_followup::computed_indicators() {
        let t = compute(
            &d.facts,
            ind.id,
            &year,
            Breakdown::Gender,
            &Filter::default(),
        )
        .unwrap();
        let row = kf.row(ind.name).unwrap();
        assert_eq!(row.cells[0].value(), t.total.number, "{}", ind.code());
        let prev = compute(
            &d.facts,
            ind.id,
            &year.previous_year(),
            Breakdown::Total,
            &Filter::default(),
        )
        .unwrap();
        assert_eq!(row.cells[4].value(), prev.total.number, "{}", ind.code());
    }
    // The summary's sentence uses the same figure as the table.
    let a = kf.row("Aktualiseringar").unwrap().cells[0].display();
    let html = String::from_utf8(render_html(&doc).unwrap()).unwrap();
    assert!(html.contains(&format!("Under 2025 kom {a} aktualiseringar")));
    // Every definition used is listed with its version.
    assert!(
        doc.definitions_used
            .iter()
            .any(|u| u.id == IndicatorId::Aktualiseringar.code() && u.version >= 1)
    );
}

/// Every computed indicator split by every breakdown it supports, for the
/// demo's last whole year: the document shows the computed values (exact
/// when internal), reads the same in every format, and where the parts
/// add up (`parts_add_up`) they do, in the exact values.
#[test]
fn every_breakdown_of_every_indicator_shows_the_computed_values() {
    let d = demo();
    let period = Period::year(2025).unwrap();
    let input = demo_input(Publication::internal());
    let mut checked = 0;
    for info in tillit_followup::computed_indicators() {
        for &kind in info.breakdowns {
            let doc = fordelning(&input, info.id, &period, kind).unwrap();
            let exact = compute(
                &d.facts,
                info.id,
                &period,
                tillit_followup::Breakdown::from(kind),
                &Filter::default(),
            )
            .unwrap();
            let (_, t) = doc.tables().next().expect("one table");
            assert_eq!(
                t.rows.len(),
                exact.cells.len(),
                "{} / {}",
                info.code(),
                kind.code()
            );
            for (row, cell) in t.rows.iter().zip(&exact.cells) {
                assert_eq!(
                    row.cells[0].value(),
                    cell.value.number,
                    "{} / {}",
                    info.code(),
                    row.label
                );
            }
            let total = t.total_row.as_ref().unwrap().cells[0].value();
            assert_eq!(total, exact.total.number, "{} total", info.code());
            if parts_add_up(info.id, kind) {
                let sum: f64 = exact.cells.iter().filter_map(|c| c.value.number).sum();
                assert_eq!(
                    Some(sum),
                    exact.total.number.or(Some(0.0)),
                    "{} / {} adds up",
                    info.code(),
                    kind.code()
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 20, "checked {checked} breakdowns");
    // One of them in every format, published.
    let published = demo_input(Publication::published());
    let doc = fordelning(
        &published,
        IndicatorId::Aktualiseringar,
        &period,
        tillit_followup::BreakdownKind::ReporterCategory,
    )
    .unwrap();
    check_all_formats(&doc, &[]);
}
