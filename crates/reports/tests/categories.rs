//! An incident category the administrator added is a row of its own in the
//! register's table, by its name, counted like the built-in ones.

mod common;

use common::small_facts;
use jiff::civil::date;
use std::collections::HashMap;
use tillit_domain::UnitId;
use tillit_domain::register::RegisterKind;
use tillit_reports::*;

fn incident(category: &str) -> RegisterRecord {
    RegisterRecord {
        register: RegisterKind::Incident,
        unit: UnitId(1),
        opened_on: date(2025, 4, 1),
        category: Some(category.into()),
        status: "reported".into(),
        serious: false,
        closed: false,
        closed_on: None,
        reported_externally: false,
        measures: 0,
        measures_done: 0,
        gender: None,
        age_band: None,
    }
}

#[test]
fn an_added_incident_category_is_counted_under_its_name() {
    let facts = small_facts();
    let mut records: Vec<RegisterRecord> = (0..7).map(|_| incident("lakemedel")).collect();
    records.extend((0..6).map(|_| incident("dokumentation")));
    let names = Names {
        categories: HashMap::from([(
            (RegisterKind::Incident, "lakemedel".to_string()),
            "Läkemedelshantering".to_string(),
        )]),
        ..Names::default()
    };
    let mut input = ReportInput::new(&facts);
    input.registers = &records;
    input.names = &names;
    input.publication = Publication::internal();
    let doc = verksamhetsberattelse(&input, 2025).unwrap();
    let table = doc
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .find_map(|b| match b {
            Block::Table(t) if t.id == format!("register_{}", RegisterKind::Incident.code()) => {
                Some(t)
            }
            _ => None,
        })
        .expect("the incident table");
    let count = |label: &str| match &table
        .row(label)
        .unwrap_or_else(|| panic!("no row {label}"))
        .cells[0]
    {
        CellValue::Number { value, .. } => *value,
        other => panic!("{other:?}"),
    };
    assert_eq!(count("Läkemedelshantering"), 7.0);
    assert_eq!(count("Dokumentation"), 6.0);
    assert_eq!(count("Totalt"), 13.0);
}
