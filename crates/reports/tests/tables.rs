//! Table walks over every report: totals equal the sum of their rows, gender
//! parts add up, and a published report shows no cell under the threshold.

mod common;

use common::*;
use jiff::civil::date;
use tillit_domain::UnitId;
use tillit_reports::*;

/// Every report kind for the demo, for the whole area and for one unit.
fn all_reports(publication: Publication) -> Vec<Document> {
    let goals = goals("Utredningar i tid");
    let values = manual_values();
    let registers = register_records();
    let audits = self_audits();
    let mut out = Vec::new();
    for unit in [None, Some(UnitId(1))] {
        let mut input = demo_input(publication);
        input.unit = unit;
        input.goals = &goals;
        input.manual_values = &values;
        input.registers = &registers;
        input.self_audits = &audits;
        out.push(verksamhetsberattelse(&input, 2025).unwrap());
        out.push(delarsrapport(&input, 2026, 2).unwrap());
        out.push(kvalitetsberattelse(&input, 2025).unwrap());
        out.push(delegationsbeslut(&input, date(2025, 5, 1), date(2025, 5, 31)).unwrap());
        out.push(ej_verkstallda_beslut(&input, 2025, 3).unwrap());
        out.push(lex_sarah_sammanstallning(&input, 2025).unwrap());
    }
    out
}

/// Lex Sarah reports and incidents of 2025: categories with 1, 3 and 8
/// records, some serious, some closed.
fn register_records() -> Vec<RegisterRecord> {
    use tillit_domain::register::RegisterKind;
    let mut out = Vec::new();
    for (kind, category, n) in [
        (RegisterKind::LexSarah, "dokumentation", 8),
        (RegisterKind::LexSarah, "sekretess", 1),
        (RegisterKind::Incident, "it_stod", 3),
        (RegisterKind::Incident, "uteblivet_mote", 8),
    ] {
        for i in 0..n {
            out.push(RegisterRecord {
                register: kind,
                unit: UnitId(1 + i64::from(i % 2)),
                opened_on: date(2025, 3, 1 + i as i8),
                category: Some(category.into()),
                status: if i % 3 != 0 {
                    "closed"
                } else {
                    "investigating"
                }
                .into(),
                serious: i == 0,
                closed: i % 3 != 0,
                closed_on: (i % 3 != 0).then(|| date(2025, 6, 1)),
                reported_externally: i == 0,
                measures: u32::from(i % 2 == 0),
                measures_done: u32::from(i % 4 == 0),
                gender: None,
                age_band: None,
            });
        }
    }
    out
}

#[test]
fn register_tables_count_the_year_by_category_and_hide_small_counts() {
    let registers = register_records();
    let mut input = demo_input(Publication::internal());
    input.registers = &registers;
    let doc = kvalitetsberattelse(&input, 2025).unwrap();
    let (_, t) = doc
        .tables()
        .find(|(_, t)| t.id == "register_lex_sarah")
        .expect("the Lex Sarah table");
    let row = |label: &str| {
        t.rows
            .iter()
            .find(|r| r.label == label)
            .unwrap()
            .cells
            .iter()
            .map(|c| c.value())
            .collect::<Vec<_>>()
    };
    // 8 documentation reports, 1 serious, closed where i % 3 != 0 (5).
    assert_eq!(row("Dokumentation"), vec![Some(8.0), Some(1.0), Some(5.0)]);
    assert_eq!(
        row("Sekretess och integritet"),
        vec![Some(1.0), Some(1.0), Some(0.0)]
    );
    let total: Vec<_> = t
        .total_row
        .as_ref()
        .unwrap()
        .cells
        .iter()
        .map(|c| c.value())
        .collect();
    assert_eq!(total, vec![Some(9.0), Some(2.0), Some(5.0)]);
    // Another year has none: said, not a table of zeros.
    let doc = kvalitetsberattelse(&input, 2024).unwrap();
    assert!(doc.tables().all(|(_, t)| !t.id.starts_with("register_")));
    // Published: the single report is hidden, and so is a second count.
    let mut input = demo_input(Publication::published());
    input.registers = &registers;
    let doc = kvalitetsberattelse(&input, 2025).unwrap();
    let (_, t) = doc
        .tables()
        .find(|(_, t)| t.id == "register_lex_sarah")
        .unwrap();
    let reported_hidden = t
        .rows
        .iter()
        .filter(|r| matches!(r.cells[0], CellValue::Suppressed))
        .count();
    assert_eq!(reported_hidden, 2);
}

/// Self-audits of 2025: unit 1 checked 10 case files (basis: 8 yes, 2
/// no; consent: 3 yes, 1 no, 6 not applicable), unit 2 six (basis: 3 yes,
/// 3 no; consent: 1 yes, 5 not applicable); one of 2024 in unit 1.
fn self_audits() -> Vec<SelfAuditResult> {
    let item = |code: &str, yes, no, not_applicable| SelfAuditItem {
        code: code.into(),
        text: format!("Fråga {code}"),
        yes,
        no,
        not_applicable,
    };
    let audit = |unit, drawn_on, answered, items| SelfAuditResult {
        unit: UnitId(unit),
        drawn_on,
        checklist_version: 1,
        answered,
        items,
    };
    vec![
        audit(
            1,
            date(2025, 4, 1),
            6,
            vec![item("basis", 5, 1, 0), item("consent", 2, 0, 4)],
        ),
        audit(
            1,
            date(2025, 10, 1),
            4,
            vec![item("basis", 3, 1, 0), item("consent", 1, 1, 2)],
        ),
        audit(
            2,
            date(2025, 5, 1),
            6,
            vec![item("basis", 3, 3, 0), item("consent", 1, 0, 5)],
        ),
        audit(
            1,
            date(2024, 5, 1),
            7,
            vec![item("basis", 0, 7, 0), item("consent", 0, 7, 0)],
        ),
    ]
}

#[test]
fn self_audit_shares_are_counted_per_item_and_unit() {
    let audits = self_audits();
    let mut input = demo_input(Publication::internal());
    input.self_audits = &audits;
    let doc = kvalitetsberattelse(&input, 2025).unwrap();
    let (_, t) = doc
        .tables()
        .find(|(_, t)| t.id == "egenkontroll_dokumentation")
        .expect("the self-audit table");
    // Columns: the units by name, then all units; 2024 is not counted.
    assert_eq!(t.columns.len(), 3);
    assert_eq!(t.columns[2].label, "Alla enheter");
    let col = |unit: i64| {
        t.columns
            .iter()
            .position(|c| c.label == input.names.unit(UnitId(unit)))
            .unwrap()
    };
    // In the order unit 1, unit 2, all units.
    let row = |label: &str| {
        let cells = &t.rows.iter().find(|r| r.label == label).unwrap().cells;
        [col(1), col(2), 2]
            .iter()
            .map(|&i| cells[i].value().map(|v| (v * 10.0).round() / 10.0))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        row("Granskade akter"),
        vec![Some(10.0), Some(6.0), Some(16.0)]
    );
    assert_eq!(row("Fråga basis"), vec![Some(80.0), Some(50.0), Some(68.8)]);
    // Not applicable is left out: 3 of 4, 1 of 1, 4 of 5.
    assert_eq!(
        row("Fråga consent"),
        vec![Some(75.0), Some(100.0), Some(80.0)]
    );
    // One unit's report has that unit's column only.
    input.unit = Some(UnitId(2));
    let doc = kvalitetsberattelse(&input, 2025).unwrap();
    let (_, t) = doc
        .tables()
        .find(|(_, t)| t.id == "egenkontroll_dokumentation")
        .unwrap();
    assert_eq!(t.columns.len(), 1);
    // Published: a share resting on fewer case files than the threshold
    // (consent: 4, 1 and 5 answered) is hidden.
    let mut input = demo_input(Publication::published());
    input.self_audits = &audits;
    let doc = kvalitetsberattelse(&input, 2025).unwrap();
    let (_, t) = doc
        .tables()
        .find(|(_, t)| t.id == "egenkontroll_dokumentation")
        .unwrap();
    let consent = &t
        .rows
        .iter()
        .find(|r| r.label == "Fråga consent")
        .unwrap()
        .cells;
    assert!(matches!(consent[0], CellValue::Suppressed));
    assert!(matches!(consent[1], CellValue::Suppressed));
    assert!(matches!(consent[2], CellValue::Percent { .. }));
    // Over time: 2024 and 2025 for all units (basis: 0 of 7, then 11 of
    // 16); one unit's report has that unit's years only.
    let mut input = demo_input(Publication::internal());
    input.self_audits = &audits;
    let doc = kvalitetsberattelse(&input, 2025).unwrap();
    let (_, t) = doc
        .tables()
        .find(|(_, t)| t.id == "egenkontroll_dokumentation_over_tid")
        .expect("the table over time");
    let labels: Vec<&str> = t.columns.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, vec!["2024", "2025"]);
    let basis: Vec<_> = t
        .rows
        .iter()
        .find(|r| r.label == "Fråga basis")
        .unwrap()
        .cells
        .iter()
        .map(|c| c.value().map(|v| (v * 10.0).round() / 10.0))
        .collect();
    assert_eq!(basis, vec![Some(0.0), Some(68.8)]);
    input.unit = Some(UnitId(2));
    let doc = kvalitetsberattelse(&input, 2025).unwrap();
    assert!(
        doc.tables()
            .all(|(_, t)| t.id != "egenkontroll_dokumentation_over_tid"),
        "unit 2 has one year only"
    );
    // A year without audits says so.
    let doc = kvalitetsberattelse(&demo_input(Publication::internal()), 2023).unwrap();
    assert!(
        doc.tables()
            .all(|(_, t)| t.id != "egenkontroll_dokumentation")
    );
}

#[test]
fn the_lex_sarah_compilation_counts_reports_ivo_and_measures() {
    let registers = register_records();
    let mut input = demo_input(Publication::internal());
    input.registers = &registers;
    let doc = lex_sarah_sammanstallning(&input, 2025).unwrap();
    let text = format!("{:?}", doc.sections[0]);
    // 8 + 1 reports; the first of each serious and reported to IVO;
    // closed where i % 3 != 0 (5 of the 8).
    assert!(
        text.contains("Under 2025 har 9 rapporter")
            && text.contains("2 har bedömts som allvarliga och 2 har anmälts")
            && text.contains("5 är avslutade"),
        "{text}"
    );
    let values = |id: &str| {
        let (_, t) = doc.tables().find(|(_, t)| t.id == id).unwrap();
        t.rows
            .iter()
            .map(|r| (r.label.clone(), r.cells[0].value()))
            .collect::<Vec<_>>()
    };
    // Measures: i even (4 of 8, 1 of 1) decided, i % 4 == 0 (2, 1) done.
    assert_eq!(
        values("lex_sarah_measures"),
        vec![
            ("Beslutade".to_string(), Some(5.0)),
            ("Genomförda".to_string(), Some(3.0)),
            ("Ej genomförda".to_string(), Some(2.0)),
        ]
    );
    let status = values("lex_sarah_status");
    assert!(
        status.contains(&("Avslutad".to_string(), Some(5.0))),
        "{status:?}"
    );
    assert!(
        status.contains(&("Under utredning".to_string(), Some(4.0))),
        "{status:?}"
    );
    // Published: the small counts in the text are hidden.
    let mut input = demo_input(Publication::published());
    input.registers = &registers;
    let doc = lex_sarah_sammanstallning(&input, 2025).unwrap();
    let text = format!("{:?}", doc.sections[0]);
    assert!(text.contains(".. har bedömts som allvarliga"), "{text}");
    // A year without reports says so.
    let doc = lex_sarah_sammanstallning(&input, 2023).unwrap();
    assert!(format!("{:?}", doc.sections[0]).contains("inga rapporter enligt lex Sarah"));
}

#[test]
fn the_internal_control_plan_is_the_annual_reports_appendix_with_its_matrix() {
    let control = |risk: &str, likelihood, consequence, unit| ControlRow {
        unit: UnitId(unit),
        year: 2025,
        area: "Rättssäkerhet och handläggning".into(),
        risk: risk.into(),
        likelihood,
        consequence,
        control: "Stickprov".into(),
        frequency: "Varje tertial".into(),
        responsible: "Enhetschef".into(),
        status: "Kontrollerad".into(),
        controls: 3,
        deviations: 1,
    };
    let controls = vec![
        control("Beslut delges inte", 3, 4, 1),
        control("Akter gallras för tidigt", 1, 2, 1),
        control("Utbetalning utan beslut", 3, 4, 2),
    ];
    let mut input = demo_input(Publication::internal());
    input.controls = &controls;
    let doc = verksamhetsberattelse(&input, 2025).unwrap();
    let (_, matrix) = doc
        .tables()
        .find(|(_, t)| t.id == "internkontroll_matris")
        .expect("the matrix");
    // Row "Konsekvens 4" (first), column "Sannolikhet 3": two risks.
    assert_eq!(matrix.rows[0].label, "Konsekvens 4");
    assert_eq!(matrix.rows[0].cells[2].value(), Some(2.0));
    assert_eq!(matrix.rows[2].cells[0].value(), Some(1.0));
    let (_, plan) = doc
        .tables()
        .find(|(_, t)| t.id == "internkontroll_plan")
        .unwrap();
    // Highest risk first.
    assert_eq!(plan.rows.len(), 3);
    assert_eq!(plan.rows[0].cells[1].value(), Some(12.0));
    assert_eq!(plan.rows[2].label, "Akter gallras för tidigt");
    // One unit's report has that unit's plan only.
    input.unit = Some(UnitId(2));
    let doc = verksamhetsberattelse(&input, 2025).unwrap();
    let (_, plan) = doc
        .tables()
        .find(|(_, t)| t.id == "internkontroll_plan")
        .unwrap();
    assert_eq!(plan.rows.len(), 1);
    // Another year: said, not an empty table.
    let doc = verksamhetsberattelse(&input, 2024).unwrap();
    assert!(doc.tables().all(|(_, t)| t.id != "internkontroll_plan"));
}

#[test]
fn service_matters_are_counted_beside_the_exercise_of_authority() {
    use tillit_domain::register::RegisterKind;
    let service = |kind: &str, closed: Option<jiff::civil::Date>| RegisterRecord {
        register: RegisterKind::Service,
        unit: UnitId(1),
        opened_on: date(2025, 2, 1),
        category: Some(kind.into()),
        status: if closed.is_some() { "closed" } else { "open" }.into(),
        serious: false,
        closed: closed.is_some(),
        closed_on: closed,
        reported_externally: false,
        measures: 3,
        measures_done: 3,
        gender: Some(tillit_domain::catalog::Gender::Female),
        age_band: Some("21-".into()),
    };
    let mut registers: Vec<RegisterRecord> = (0..7)
        .map(|_| service("rad_stod", Some(date(2025, 5, 1))))
        .collect();
    registers.push(service("samtalsserie", Some(date(2025, 9, 1))));
    // Open, or closed another year: not counted.
    registers.push(service("rad_stod", None));
    registers.push(service("rad_stod", Some(date(2026, 1, 2))));
    let mut input = demo_input(Publication::internal());
    input.registers = &registers;
    let doc = verksamhetsberattelse(&input, 2025).unwrap();
    let (_, t) = doc
        .tables()
        .find(|(_, t)| t.id == "service_myndighetsutovning")
        .expect("the table");
    let value = |label: &str| {
        t.rows
            .iter()
            .find(|r| r.label == label)
            .and_then(|r| r.cells[0].value())
    };
    assert_eq!(value("Service: Råd och stöd"), Some(7.0));
    assert_eq!(value("Service: Kortare samtalsserie"), Some(1.0));
    // The authority's side is the facts' closed investigations.
    let closed_investigations = input
        .facts
        .investigations()
        .iter()
        .filter(|i| tillit_followup::day::date_of(i.closed).is_some_and(|d| d.year() == 2025))
        .count();
    assert!(closed_investigations > 0);
    assert_eq!(
        value("Myndighetsutövning: avslutade utredningar"),
        Some(closed_investigations as f64)
    );
    // Service matters are not in the quality section's tables.
    assert!(doc.tables().all(|(_, t)| t.id != "register_service"));
}

#[test]
fn every_total_row_is_the_sum_of_its_rows() {
    let mut checked = 0;
    for doc in all_reports(Publication::internal()) {
        for (_, t) in doc.tables() {
            let Some(total) = &t.total_row else { continue };
            for (c, cell) in total.cells.iter().enumerate() {
                let sum: f64 = t.rows.iter().filter_map(|r| r.cells[c].value()).sum();
                assert_eq!(
                    cell.value(),
                    Some(sum),
                    "{}: {} column {}",
                    doc.title,
                    t.id,
                    t.columns[c].label
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "only {checked} totals checked");
}

#[test]
fn gender_parts_add_up_to_the_total() {
    for doc in all_reports(Publication::internal()) {
        for (_, t) in doc.tables() {
            let (Some(b), Some(g), Some(u), Some(tot)) = (
                t.column("Pojkar"),
                t.column("Flickor"),
                t.column("Okänt kön"),
                t.column("Totalt"),
            ) else {
                continue;
            };
            for r in t.all_rows() {
                let v = |i: usize| r.cells[i].value().unwrap_or(0.0);
                assert_eq!(
                    v(b) + v(g) + v(u),
                    v(tot),
                    "{}: {} {}",
                    doc.title,
                    t.id,
                    r.label
                );
            }
        }
        // The key figure table: counts split by gender add up to the outcome.
        if let Some(kf) = doc.table("nyckeltal") {
            for name in [
                "Aktualiseringar",
                "Inledda utredningar",
                "Delegationsbeslut",
                "Vårddygn",
            ] {
                let r = kf.row(name).unwrap();
                let v: Vec<f64> = r.cells[..4].iter().map(|c| c.value().unwrap()).collect();
                assert_eq!(v[1] + v[2] + v[3], v[0], "{}: {name}", doc.title);
            }
        }
    }
}

#[test]
fn a_published_report_shows_no_cell_under_five_persons() {
    let mut hidden = 0;
    let mut shown = 0;
    for doc in all_reports(Publication::published()) {
        for (_, t) in doc.tables() {
            for r in t.all_rows() {
                for c in &r.cells {
                    match c {
                        CellValue::Suppressed => hidden += 1,
                        c => {
                            if let Some(p) = c.persons() {
                                shown += 1;
                                assert!(
                                    p == 0 || p >= 5,
                                    "{}: {} / {} shows a figure of {p} persons",
                                    doc.title,
                                    t.id,
                                    r.label
                                );
                            }
                        }
                    }
                }
            }
            // Secondary suppression: a total row never leaves exactly one
            // hidden cell in a column that adds up.
            if let Some(total) = &t.total_row {
                for c in 0..t.columns.len() {
                    let n = t
                        .all_rows()
                        .filter(|r| matches!(r.cells[c], CellValue::Suppressed))
                        .count();
                    assert_ne!(
                        n, 1,
                        "{}: {} column {c} has one hidden cell",
                        doc.title, t.id
                    );
                    let _ = total;
                }
            }
        }
        // Charts never draw what the tables hide: chart values are shown
        // values only (checked by construction; here: nothing is negative).
        for ch in doc.charts() {
            assert!(
                ch.series
                    .iter()
                    .flat_map(|s| s.values.iter().flatten())
                    .all(|v| *v >= 0.0)
            );
        }
    }
    assert!(hidden > 0, "the demo has small cells to hide");
    assert!(shown > 100);
    // The same reports unsuppressed show small cells: the check above is
    // not vacuous.
    let small = all_reports(Publication::internal())
        .iter()
        .flat_map(|d| {
            d.tables()
                .flat_map(|(_, t)| t.all_rows().flat_map(|r| r.cells.clone()))
                .collect::<Vec<_>>()
        })
        .filter(|c| c.persons().is_some_and(|p| p > 0 && p < 5))
        .count();
    assert!(small > 0);
}

#[test]
fn published_csv_and_excel_carry_no_hidden_number() {
    let input = demo_input(Publication::published());
    let doc = verksamhetsberattelse(&input, 2025).unwrap();
    let internal = verksamhetsberattelse(&demo_input(Publication::internal()), 2025).unwrap();
    // Where the published report hides a cell, the CSV says ".." in that
    // place and the exact value is nowhere in that row.
    let records = csv_records(&render_csv(&doc).unwrap());
    for ((sec, t), (_, ti)) in doc.tables().zip(internal.tables()) {
        for (r, ri) in t.all_rows().zip(ti.all_rows()) {
            for (c, (cell, exact)) in r.cells.iter().zip(&ri.cells).enumerate() {
                if matches!(cell, CellValue::Suppressed) {
                    let rec = records
                        .iter()
                        .find(|x| {
                            x.len() > 2
                                && x[0] == sec.heading
                                && x[1] == t.caption
                                && x[2] == r.label
                        })
                        .unwrap();
                    assert_eq!(rec[3 + c], "..");
                    assert!(exact.value().is_some() || matches!(exact, CellValue::Missing));
                }
            }
        }
    }
}
