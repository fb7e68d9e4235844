//! Each report: its shape and that its counts are the indicators'.

mod common;

use common::*;
use jiff::civil::date;
use tillit_domain::catalog::Gender;
use tillit_followup::goals::GoalStatus;
use tillit_followup::{Breakdown, Filter, IndicatorId, Key, Period, compute};
use tillit_reports::*;

fn all_text(doc: &Document) -> String {
    let mut s = String::from_utf8(render_html(doc).unwrap()).unwrap();
    s.push_str(&String::from_utf8(render_csv(doc).unwrap()).unwrap());
    s
}

#[test]
fn the_delegation_list_counts_what_the_indicator_counts_and_names_no_client() {
    let d = demo();
    let input = demo_input(Publication::internal());
    let (from, to) = (date(2025, 5, 1), date(2025, 5, 31));
    let doc = delegationsbeslut(&input, from, to).unwrap();
    let per = compute(
        &d.facts,
        IndicatorId::Delegationsbeslut,
        &Period::range(from, to).unwrap(),
        Breakdown::Delegate,
        &Filter::default(),
    )
    .unwrap();
    let t = doc.table("delegationsbeslut-per-delegat").unwrap();
    let total_col = t.columns.len() - 1;
    for c in per.cells.iter().filter(|c| c.value.number != Some(0.0)) {
        let Key::Delegate(u) = c.key else { panic!() };
        let row = t.row(&d.names.user(u)).unwrap();
        assert_eq!(row.cells[total_col].value(), c.value.number);
    }
    assert_eq!(
        t.total_row.as_ref().unwrap().cells[total_col].value(),
        per.total.number
    );
    // Per delegate, one line per decision, by case reference.
    let listed: usize = doc
        .tables()
        .filter(|(_, t)| t.id.starts_with("delegat-"))
        .map(|(_, t)| t.rows.len())
        .sum();
    assert_eq!(Some(listed as f64), per.total.number);
    let text = all_text(&doc);
    assert!(text.contains("Ä-"));
    for p in &d.data.persons {
        if let Some(pnr) = &p.identity_number {
            assert!(!text.contains(pnr.as_str()), "personnummer in the list");
        }
        assert!(
            !text.contains(&format!("{} {}", p.given_name, p.family_name)),
            "a client's name in the list"
        );
    }
}

#[test]
fn unexecuted_decisions_match_the_indicators() {
    let d = demo();
    for quarter in 1..=4 {
        let period = Period::quarter(2025, quarter).unwrap();
        let internal =
            ej_verkstallda_beslut(&demo_input(Publication::internal()), 2025, quarter).unwrap();
        let want = compute(
            &d.facts,
            IndicatorId::EjVerkstalldaBeslut,
            &period,
            Breakdown::Gender,
            &Filter::default(),
        )
        .unwrap();
        let t = internal.table("ej-verkstallda-per-insats").unwrap();
        let total = t.total_row.as_ref().unwrap();
        assert_eq!(total.cells[3].value(), want.total.number, "Q{quarter}");
        assert_eq!(
            total.cells[0].value(),
            want.cell(Key::Gender(Gender::Male)).unwrap().number
        );
        let late = compute(
            &d.facts,
            IndicatorId::SentVerkstalldaBeslut,
            &period,
            Breakdown::Total,
            &Filter::default(),
        )
        .unwrap();
        let lt = internal.table("sent-verkstallda-per-insats").unwrap();
        assert_eq!(
            lt.total_row.as_ref().unwrap().cells[3].value(),
            late.total.number
        );
        // The internal version lists each decision; the published one does not.
        let n = want.total.number.unwrap_or(0.0) as usize;
        assert_eq!(
            internal
                .table("ej-verkstallda-lista")
                .map_or(0, |t| t.rows.len()),
            n
        );
        let published =
            ej_verkstallda_beslut(&demo_input(Publication::published()), 2025, quarter).unwrap();
        assert!(published.table("ej-verkstallda-lista").is_none());
        assert!(published.table("sent-verkstallda-lista").is_none());
        // Counts only: no person listed, nothing to say about them.
        assert!(published.subjects.is_empty() && published.contents.is_none());
        assert_eq!(internal.contents.as_deref(), Some(UNEXECUTED_CONTENTS));
        assert!(
            internal.subjects.len()
                <= n + internal
                    .table("sent-verkstallda-lista")
                    .map_or(0, |t| t.rows.len())
        );
    }
}

/// A list of single decisions says first what it contains (a note at the
/// top, the CSV's first lines, the Excel file's first sheet) and names the
/// children it lists, each once, for the access log.
#[test]
fn a_list_of_single_decisions_says_so_first_and_names_its_children() {
    let input = demo_input(Publication::published());
    let doc = delegationsbeslut(&input, date(2025, 1, 1), date(2025, 12, 31)).unwrap();
    assert_eq!(doc.contents.as_deref(), Some(DELEGATION_CONTENTS));
    assert!(DELEGATION_CONTENTS.starts_with("Uppgifter om enskilda"));
    assert_eq!(
        doc.sections[0].blocks[0],
        Block::note(DELEGATION_CONTENTS),
        "first of all"
    );
    let csv = String::from_utf8(render_csv(&doc).unwrap()).unwrap();
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .starts_with("Innehåll;Uppgifter om enskilda")
    );
    let rows: usize = doc
        .tables()
        .filter(|(_, t)| t.id.starts_with("delegat-"))
        .map(|(_, t)| t.rows.len())
        .sum();
    assert!(!doc.subjects.is_empty() && doc.subjects.len() <= rows);
    let mut persons: Vec<_> = doc.subjects.iter().map(|(p, _)| *p).collect();
    persons.sort();
    persons.dedup();
    assert_eq!(persons.len(), doc.subjects.len(), "each child once");
    // Statistics list nobody.
    let annual = verksamhetsberattelse(&input, 2025).unwrap();
    assert!(annual.subjects.is_empty() && annual.contents.is_none());
}

#[test]
fn the_quality_report_has_four_perspectives_and_status_symbols() {
    let goals = goals("Utredningar i tid");
    let values = manual_values();
    let mut input = demo_input(Publication::published());
    input.goals = &goals;
    input.manual_values = &values;
    let doc = kvalitetsberattelse(&input, 2025).unwrap();
    let headings: Vec<&str> = doc
        .sections
        .iter()
        .filter(|s| s.level == 1)
        .map(|s| s.heading.as_str())
        .collect();
    for p in ["Medborgare", "Verksamhet", "Arbetsgivare", "Ekonomi"] {
        assert!(headings.contains(&p), "{p}");
    }
    let status = doc.table("malstatus").unwrap();
    let row = status.row("Utredningar i tid").unwrap();
    assert_eq!(row.cells[2], CellValue::Status(GoalStatus::DelvisUppfyllt));
    let html = String::from_utf8(render_html(&doc).unwrap()).unwrap();
    assert!(html.contains("◐ Delvis uppfyllt") || html.contains("◐</span> Delvis uppfyllt"));
    assert!(html.contains(GoalStatus::Uppfyllt.colour_hex()));
    assert!(html.contains("Enhetschefens kommentar"));
    let text = norm(&pdf_text(&render_pdf(&doc).unwrap()));
    assert!(text.contains("Delvis uppfyllt"));
    // Sick leave entered by hand is shown under Arbetsgivare; the survey,
    // not entered, says plainly that data is missing.
    assert!(doc.table("arbetsgivare-personal").is_some());
    assert!(text.contains("Uppgifter saknas"));
}

#[test]
fn the_interim_report_covers_january_to_august_with_last_year_beside_it() {
    let input = demo_input(Publication::published());
    let doc = delarsrapport(&input, 2026, 2).unwrap();
    assert_eq!(doc.period_code, "2026-D2");
    assert_eq!(doc.title, "Delårsrapport 2 2026");
    let kf = doc.table("nyckeltal").unwrap();
    assert_eq!(kf.columns[0].label, "Utfall jan-aug 2026");
    assert_eq!(kf.columns[4].label, "Utfall jan-aug 2025");
    assert!(kf.column("Prognos helår").is_some());
    let months = doc.table("aktualiseringar-per-manad").unwrap();
    assert_eq!(months.rows.len(), 8);
}

#[test]
fn without_goals_or_texts_the_report_says_so() {
    let input = demo_input(Publication::published());
    let doc = verksamhetsberattelse(&input, 2025).unwrap();
    let text = html_text(&String::from_utf8(render_html(&doc).unwrap()).unwrap());
    assert!(text.contains("Uppgifter saknas: inga mål är registrerade för 2025."));
    assert!(text.contains("Uppgifter saknas: varken budget eller utfall för 2025"));
    assert!(text.contains("Uppgifter saknas: ingen bedömning av den interna kontrollen"));
}

#[test]
fn build_dispatches_by_kind_and_refuses_bad_periods() {
    let input = demo_input(Publication::published());
    let d = build(ReportKind::Delarsrapport, &input, 2025, Some("T1")).unwrap();
    assert_eq!(d.period_code, "2025-D1");
    let d = build(ReportKind::EjVerkstalldaBeslut, &input, 2025, Some("Q2")).unwrap();
    assert_eq!(d.period_code, "2025-Q2");
    let d = build(ReportKind::Delegationsbeslut, &input, 2025, Some("M05")).unwrap();
    assert_eq!(d.period_code, "2025-05-01..2025-05-31");
    assert_eq!(
        file_name(&d, OutputFormat::Pdf),
        "delegationsbeslut-2025-05-01__2025-05-31.pdf"
    );
    let d = build(ReportKind::Verksamhetsberattelse, &input, 2025, None).unwrap();
    assert_eq!(
        file_name(&d, OutputFormat::Xlsx),
        "verksamhetsberattelse-2025.xlsx"
    );
    assert!(build(ReportKind::EjVerkstalldaBeslut, &input, 2025, None).is_err());
    assert!(build(ReportKind::Delarsrapport, &input, 2025, Some("T3")).is_err());
    assert!(build(ReportKind::Verksamhetsberattelse, &input, 2025, Some("Q1")).is_err());
    let e = build(ReportKind::Delarsrapport, &input, 2025, Some("X9")).unwrap_err();
    assert!(e.to_string().contains("Okänd period"));
    for k in ReportKind::ALL {
        assert_eq!(ReportKind::from_code(k.code()), Some(k));
    }
    assert_eq!(OutputFormat::from_code("PDF"), Some(OutputFormat::Pdf));
}

#[test]
fn the_quarterly_report_lists_a_decision_whose_three_months_end_on_the_quarters_last_day() {
    use common::world::World;
    use tillit_domain::case::{DecisionKind, LegalBasis};
    use tillit_domain::catalog::{InterventionKind as K, ProviderKind as P, ReporterCategory as R};
    // A contact person granted 2025-06-30 must be in place by 2025-09-30
    // (34 kap. 1 § SoL). Not executed by the end of that day: reported for
    // Q3. Executed 2025-10-01: reported as executed late in Q4. A second
    // decision of the same day executed on 2025-09-30 is in time: never
    // listed.
    let mut w = World::new();
    for executed in [date(2025, 10, 1), date(2025, 9, 30)] {
        let child = w.child(Gender::Female, Some(date(2013, 4, 4)));
        let mut c = w.case(child, 2, date(2025, 6, 1));
        c.anmalan(date(2025, 6, 1), R::School);
        let d = c.decide(
            date(2025, 6, 30),
            DecisionKind::Intervention,
            LegalBasis::SolAssistance,
            Some(K::ContactPerson),
            true,
            9,
        );
        c.start(executed, K::ContactPerson, P::Own, Some(d));
        w.add(c);
    }
    let facts = w.facts(date(2025, 12, 31));
    let mut input = ReportInput::new(&facts);
    input.publication = Publication::internal();
    let total = |doc: &Document, id: &str| {
        doc.table(id).unwrap().total_row.as_ref().unwrap().cells[3].value()
    };
    let q3 = ej_verkstallda_beslut(&input, 2025, 3).unwrap();
    assert_eq!(total(&q3, "ej-verkstallda-per-insats"), Some(1.0));
    assert_eq!(q3.table("ej-verkstallda-lista").unwrap().rows.len(), 1);
    assert_eq!(total(&q3, "sent-verkstallda-per-insats"), Some(0.0));
    let q4 = ej_verkstallda_beslut(&input, 2025, 4).unwrap();
    assert_eq!(total(&q4, "ej-verkstallda-per-insats"), Some(0.0));
    assert_eq!(total(&q4, "sent-verkstallda-per-insats"), Some(1.0));
    // The report and the indicator are one rule.
    let q3_indicator = compute(
        &facts,
        IndicatorId::EjVerkstalldaBeslut,
        &Period::quarter(2025, 3).unwrap(),
        Breakdown::Total,
        &Filter::default(),
    )
    .unwrap();
    assert_eq!(q3_indicator.total.number, Some(1.0));
}
