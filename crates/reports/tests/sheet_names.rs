//! Excel's sheet names (at most 31 characters) are cut at a word boundary,
//! never inside a word, and are unique: read back from produced workbooks.

mod common;

use common::*;
use tillit_reports::*;

/// The separators a shortened name may end before (never inside a word).
fn ends_a_word(rest: &str) -> bool {
    rest.chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || ",;:-–—(/&.".contains(c))
}

/// The heading as Excel may hold it (`[]:*?/\` replaced).
fn clean(heading: &str) -> String {
    heading
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Every sheet's name checked against its heading (cell A1 of the sheet):
/// at most 31 characters, unique, and whole words of the heading. Returns
/// how many names were shortened.
fn check(doc: &Document) -> usize {
    let sheets = xlsx_sheets(&render_xlsx(doc).unwrap());
    assert!(sheets.len() > 1, "{}: a sheet per section", doc.title);
    let mut seen = std::collections::HashSet::new();
    let mut shortened = 0;
    for (name, rows) in &sheets {
        assert!(name.chars().count() <= 31, "{name:?} is too long");
        assert!(seen.insert(name.to_lowercase()), "{name:?} twice");
        if name == "Om rapporten" {
            continue;
        }
        let Some(calamine::Data::String(heading)) = rows.first().and_then(|r| r.first()) else {
            continue;
        };
        let heading = clean(heading);
        // A repeated heading's name ends in " (2)", " (3)" ...
        let base = match name.rfind(" (") {
            Some(i) if name.ends_with(')') && !heading.starts_with(name.as_str()) => &name[..i],
            _ => name.as_str(),
        };
        assert!(
            heading.starts_with(base),
            "{name:?} is not the start of {heading:?}"
        );
        assert!(
            ends_a_word(&heading[base.len()..]),
            "{name:?} ends inside a word of {heading:?}"
        );
        if base.len() < heading.len() {
            shortened += 1;
        }
    }
    shortened
}

#[test]
fn the_reports_sheet_names_end_at_a_word_and_are_unique() {
    let input = demo_input(Publication::published());
    let mut docs = vec![
        build(ReportKind::Verksamhetsberattelse, &input, 2025, None).unwrap(),
        build(ReportKind::Delarsrapport, &input, 2025, Some("T1")).unwrap(),
        build(ReportKind::EjVerkstalldaBeslut, &input, 2025, Some("Q2")).unwrap(),
    ];
    for d in &docs {
        check(d);
    }
    // Long headings, one repeated: each cut at a word, the repeat numbered.
    let mut doc = docs.remove(0);
    let long = [
        "Ej verkställda beslut per insatstyp och kön",
        "Ej verkställda beslut per insatstyp och ålder",
        "Förhandsbedömningar inom fjorton dagar, per enhet",
        "Utredningstider: andel avslutade inom fyra månader",
    ];
    let mut i = 0;
    for sec in doc.sections.iter_mut() {
        if sec.blocks.iter().any(|b| matches!(b, Block::Table(_))) {
            sec.heading = long[i % long.len()].to_string();
            i += 1;
        }
    }
    assert!(i >= 2, "the report has tables in at least two sections");
    assert!(check(&doc) >= 2, "the long headings were shortened");
}
