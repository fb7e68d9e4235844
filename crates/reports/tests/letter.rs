//! The decision letter on economic assistance, rendered and read back.

mod common;

use common::pdf_text;
use jiff::civil::date;
use tillit_reports::letter::{DecisionLetter, LetterItem, render_decision_letter};

#[test]
fn a_decision_letter_reads_back_with_every_item_and_the_appeal() {
    let letter = DecisionLetter {
        municipality: "Tillköpings kommun".into(),
        unit: "Enheten för ekonomiskt bistånd".into(),
        reference: "EB-12".into(),
        addressees: vec!["Alva Testsson, 19880601-9802".into()],
        month: "mars 2021".into(),
        received_on: date(2021, 3, 2),
        decided_on: date(2021, 3, 9),
        items: vec![
            LetterItem {
                need: "Riksnormen".into(),
                applied: "10 540 kr".into(),
                outcome: "Beviljas".into(),
                granted: "10 540 kr".into(),
                reason: String::new(),
            },
            LetterItem {
                need: "Boende".into(),
                applied: "7 900 kr".into(),
                outcome: "Beviljas delvis".into(),
                granted: "7 200 kr".into(),
                reason: "Skälig hyra för tre personer är \"7 200 kr\" #enligt riktlinjen.".into(),
            },
        ],
        incomes: vec![("Barnbidrag".into(), "2 500 kr".into())],
        sum: vec![
            ("Beviljade behov".into(), "17 740 kr".into()),
            ("Att betala ut".into(), "15 240 kr".into()),
        ],
        reasoning: "Hyran är högre än vad som är skäligt.".into(),
        legal_basis: "12 kap. 1 § SoL (2025:400)".into(),
        delegate: "Delegationsordning 3.1".into(),
        decided_by: "Anna Handläggare, socialsekreterare".into(),
        appeal: tillit_domain::register::assistance::APPEAL.into(),
    };
    let pdf = render_decision_letter(&letter).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let text = pdf_text(&pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for want in [
        "Beslut om ekonomiskt bistånd, mars 2021",
        "EB-12",
        "Alva Testsson, 19880601-9802",
        "Beviljas delvis",
        "7 200 kr",
        "15 240 kr",
        "\"7 200 kr\" #enligt riktlinjen",
        "förvaltningsrätten",
        "tre veckor",
        "Delegationsordning 3.1",
    ] {
        assert!(text.contains(want), "{want:?} not in {text}");
    }
}
