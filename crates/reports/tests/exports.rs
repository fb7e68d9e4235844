//! The national extracts: NUSO rows and Kolada JSON.

mod common;

use common::*;
use tillit_followup::{Breakdown, Filter, IndicatorId, Period, compute};
use tillit_reports::Publication;
use tillit_reports::export::*;

#[test]
fn nuso_has_one_row_per_aktualisering_and_no_identities() {
    let d = demo();
    let input = demo_input(Publication::published());
    let period = Period::year(2025).unwrap();
    let rows = nuso_rows(&input, &period);
    let want = compute(
        &d.facts,
        IndicatorId::Aktualiseringar,
        &period,
        Breakdown::Total,
        &Filter::default(),
    )
    .unwrap();
    assert_eq!(Some(rows.len() as f64), want.total.number);
    let csv = nuso_csv(&rows);
    let records = csv_records(&csv);
    // First what the extract contains: rows about single children.
    assert_eq!(records[0], ["Innehåll", NUSO_CONTENTS]);
    assert!(records[0][1].starts_with("Uppgifter om enskilda"));
    assert!(records[1].iter().all(String::is_empty));
    let records = &records[2..];
    assert_eq!(
        records[0],
        [
            "Rad",
            "Månad",
            "Kön",
            "Ålder",
            "Typ",
            "Anmälarkategori",
            "Orsaker",
            "Beslut"
        ]
    );
    assert_eq!(records.len(), rows.len() + 2); // header, rows, final empty line
    let text = String::from_utf8(csv.clone()).unwrap();
    for p in d.data.persons.iter().take(2000) {
        if let Some(pnr) = &p.identity_number {
            assert!(!text.contains(pnr.as_str()));
        }
    }
    let kinds: std::collections::HashSet<&str> = records[1..]
        .iter()
        .filter(|r| r.len() > 4)
        .map(|r| r[4].as_str())
        .collect();
    assert!(
        kinds
            .iter()
            .all(|k| ["anmälan", "ansökan", "övrigt"].contains(k)),
        "{kinds:?}"
    );
    let decisions: std::collections::HashSet<&str> = records[1..]
        .iter()
        .filter(|r| r.len() > 7)
        .map(|r| r[7].as_str())
        .collect();
    assert!(decisions.iter().all(|k| {
        [
            "inleda utredning",
            "inte inleda utredning",
            "tillförd pågående utredning",
            "ej beslutad",
        ]
        .contains(k)
    }));
    let sheets = xlsx_sheets(&nuso_xlsx(&rows).unwrap());
    let h0 = NUSO_XLSX_HEADER_ROW as usize;
    assert_eq!(
        sheets[0].1[0][1],
        calamine::Data::String(NUSO_CONTENTS.into())
    );
    assert_eq!(sheets[0].1[h0][0], calamine::Data::String("Rad".into()));
    assert_eq!(sheets[0].1.len(), rows.len() + h0 + 1);
    assert!(matches!(
        sheets[0].1[h0 + 1][3],
        calamine::Data::Float(_) | calamine::Data::Empty
    ));
    // The children in it, each once, for the access log.
    let subjects = nuso_subjects(&input, &period);
    assert!(!subjects.is_empty() && subjects.len() <= rows.len());
    let distinct: std::collections::HashSet<_> = subjects.iter().map(|(p, _)| p).collect();
    assert_eq!(distinct.len(), subjects.len());
}

#[test]
fn kolada_json_has_the_shape_and_hides_small_cells() {
    let d = demo();
    let input = demo_input(Publication::published());
    let json: serde_json::Value =
        serde_json::from_slice(&kolada_json(&input, 2025, "0999").unwrap()).unwrap();
    let values = json["values"].as_array().unwrap();
    assert_eq!(values.len(), tillit_followup::computed_indicators().count());
    let a = values
        .iter()
        .find(|v| v["kpi"] == "aktualiseringar")
        .unwrap();
    assert_eq!(a["municipality"], "0999");
    assert_eq!(a["period"], "2025");
    let genders: Vec<&str> = a["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["gender"].as_str().unwrap())
        .collect();
    assert_eq!(genders, ["T", "K", "M"]);
    let want = compute(
        &d.facts,
        IndicatorId::Aktualiseringar,
        &Period::year(2025).unwrap(),
        Breakdown::Total,
        &Filter::default(),
    )
    .unwrap();
    assert_eq!(a["values"][0]["value"].as_f64(), want.total.number);
    assert_eq!(a["values"][0]["status"], "");
    // Every suppressed value is null; every null has a reason.
    let mut suppressed = 0;
    for v in values.iter().flat_map(|v| v["values"].as_array().unwrap()) {
        match v["status"].as_str().unwrap() {
            "" => assert!(v["value"].is_number()),
            "suppressed" => {
                suppressed += 1;
                assert!(v["value"].is_null());
            }
            "missing" => assert!(v["value"].is_null()),
            s => panic!("status {s}"),
        }
    }
    assert!(suppressed > 0, "the demo has small cells");
    // Unsuppressed, nothing is hidden.
    let internal = kolada(&demo_input(Publication::internal()), 2025, "0999").unwrap();
    assert!(
        internal
            .values
            .iter()
            .flat_map(|e| &e.values)
            .all(|v| v.status != "suppressed")
    );
}
