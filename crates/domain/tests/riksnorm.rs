//! Each year's riksnorm in code checked against the amounts as its source
//! prints them (`tests/riksnorm/<year>.txt`, see the README there).

use std::collections::BTreeMap;
use std::path::Path;
use tillit_domain::assistance::money::parse_amount;
use tillit_domain::assistance::norm::{TABLES, table_for};

fn read(year: i16) -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/riksnorm")
        .join(format!("{year}.txt"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn amounts(row: &str) -> Vec<i64> {
    row.split('|')
        .map(|v| parse_amount(v).unwrap_or_else(|e| panic!("{v:?}: {e}")).0)
        .collect()
}

#[test]
fn each_table_matches_its_source() {
    let files: Vec<i16> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/riksnorm"))
            .unwrap()
            .filter_map(|e| {
                let name = e.unwrap().file_name().into_string().unwrap();
                name.strip_suffix(".txt").and_then(|y| y.parse().ok())
            })
            .collect();
    assert_eq!(
        files.len(),
        TABLES.len(),
        "one source file per shipped year"
    );
    for t in TABLES {
        let src = read(t.year);
        assert_eq!(amounts(&src["barn"]), t.child.to_vec(), "{} barn", t.year);
        assert_eq!(
            amounts(&src["ej_lunch"]),
            t.child_lunch_at_preschool.to_vec(),
            "{} ej lunch",
            t.year
        );
        assert_eq!(
            amounts(&src["vuxna"]),
            vec![t.single_adult, t.cohabiting_adults],
            "{} vuxna",
            t.year
        );
        assert_eq!(
            amounts(&src["gemensamma"]),
            t.common.to_vec(),
            "{} gemensamma",
            t.year
        );
        // Beyond seven persons: as a sum in kronor or as the rule in words.
        let over = &src["over_7"];
        let step = t.common[6] - t.common[5];
        match parse_amount(over) {
            Ok(k) => assert_eq!(k.0, step, "{} över 7", t.year),
            Err(_) => assert!(over.contains("6 respektive 7"), "{} över 7: {over}", t.year),
        }
        assert_eq!(t.common_costs(8), t.common[6] + step);
        assert!(!src["kalla"].is_empty());
    }
    assert!(
        table_for(2016).is_none(),
        "2016 is not shipped: not verified"
    );
}
