//! The review before publishing on documents the builders make from the
//! demo municipality: a text with a placeholder is found where it is
//! printed, texts nobody wrote are named, and the builders' totals always
//! add up (the total check never fires on a built report).

mod common;

use common::*;
use jiff::civil::date;
use tillit_domain::UnitId;
use tillit_reports::*;

#[test]
fn a_placeholder_in_a_managers_text_is_found_in_its_section() {
    let text = Narrative {
        summary: Some("Placeringarna har ökat men inte i samma utsträckning SIFFROR?.".into()),
        economy: Some("Budgeten hölls.".into()),
        internal_control: Some("Kontrollerna är gjorda.".into()),
        quality_work: Some("Två lex Sarah-rapporter.".into()),
        staff: Some("Sjukfrånvaron minskade.".into()),
    };
    let mut input = demo_input(Publication::published());
    input.narrative = &text;
    // The internal control section also prints the year's plan: one risk.
    let controls = vec![ControlRow {
        unit: tillit_domain::UnitId(1),
        year: 2025,
        area: "Ekonomi".into(),
        risk: "Fakturor attesteras utan avtal".into(),
        likelihood: 2,
        consequence: 3,
        control: "Stickprov".into(),
        frequency: "Varje kvartal".into(),
        responsible: "Enhetschef".into(),
        status: "Kontrollerad".into(),
        controls: 4,
        deviations: 0,
    }];
    input.controls = &controls;
    let doc = verksamhetsberattelse(&input, 2025).unwrap();
    let findings = review(&doc);
    let placeholders: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.kind == FindingKind::Placeholder)
        .collect();
    assert_eq!(placeholders.len(), 1, "{findings:#?}");
    assert_eq!(
        placeholders[0].section.as_deref(),
        Some("Sammanfattande analys")
    );
    assert!(placeholders[0].message.contains("\"SIFFROR?\""));
    // Every text is written: none of them is named as missing (sections
    // with only a text; others also have manual figures, not entered).
    for heading in ["Sammanfattande analys", "Bedömning av intern kontroll"] {
        assert!(
            !findings.iter().any(
                |f| f.kind == FindingKind::MissingText && f.section.as_deref() == Some(heading)
            ),
            "{heading}: {findings:#?}"
        );
    }
}

#[test]
fn texts_nobody_wrote_are_named_by_section() {
    let input = demo_input(Publication::published());
    let doc = verksamhetsberattelse(&input, 2025).unwrap();
    let findings = review(&doc);
    for heading in [
        "Sammanfattande analys",
        "Ekonomi",
        "Bedömning av intern kontroll",
        "Kvalitetsarbete",
        "Personal",
    ] {
        assert!(
            findings.iter().any(|f| f.kind == FindingKind::MissingText
                && f.section.as_deref() == Some(heading)
                && f.message.contains("Uppgifter saknas:")),
            "{heading}: {findings:#?}"
        );
    }
    assert!(
        !findings.iter().any(|f| f.kind == FindingKind::Placeholder),
        "the builders' own texts have no placeholders: {findings:#?}"
    );
}

#[test]
fn built_totals_always_add_up_and_estimates_are_named() {
    let goals = goals("Utredningar i tid");
    let mut values = manual_values();
    // The 2025 sick-leave figure entered as an estimate.
    for v in &mut values {
        if v.period.code() == "2025" && v.gender.is_none() {
            v.estimate = true;
        }
    }
    let mut estimates = 0;
    for publication in [Publication::internal(), Publication::published()] {
        for unit in [None, Some(UnitId(1))] {
            let mut input = demo_input(publication);
            input.unit = unit;
            input.goals = &goals;
            input.manual_values = &values;
            let docs = [
                verksamhetsberattelse(&input, 2025).unwrap(),
                delarsrapport(&input, 2026, 2).unwrap(),
                kvalitetsberattelse(&input, 2025).unwrap(),
                delegationsbeslut(&input, date(2025, 5, 1), date(2025, 5, 31)).unwrap(),
                ej_verkstallda_beslut(&input, 2025, 3).unwrap(),
            ];
            for doc in &docs {
                let findings = review(doc);
                assert!(
                    !findings
                        .iter()
                        .any(|f| f.kind == FindingKind::TotalMismatch),
                    "{}: {findings:#?}",
                    doc.title
                );
                estimates += findings
                    .iter()
                    .filter(|f| f.kind == FindingKind::Estimates)
                    .count();
            }
        }
    }
    assert!(estimates > 0, "the estimated sick leave is named");
}

mod scan {
    use proptest::prelude::*;

    fn pieces() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            proptest::sample::select(vec![
                "[fyll i", "]", "[", "…", "...", "?", "??", "xx", "X", "siffror", "TODO", " ", "Ö",
                "ǅ", "İ", "ß", "\u{301}", "\n",
            ]),
            0..30,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        /// The placeholder scan reads texts people write: any text, and
        /// texts made of the patterns' pieces and multi-byte letters, give
        /// a list, never a panic.
        #[test]
        fn the_placeholder_scan_is_total(text in prop_oneof![any::<String>(), pieces()]) {
            for p in tillit_reports::review::placeholders(&text) {
                prop_assert!(!p.is_empty());
            }
        }
    }
}
