//! Economic assistance in the reports: the chapter of the
//! verksamhetsberättelse and the delårsrapport, the committee's report,
//! small counts hidden when published and shown exactly inside.

use jiff::Timestamp;
use jiff::civil::date;
use tillit_domain::assistance::decision::{Hinder, ItemDecision, Need, NeedKind, Outcome};
use tillit_domain::assistance::money::{Kronor, YearMonth};
use tillit_domain::catalog::Gender;
use tillit_domain::register::assistance::{AssistanceEntry, Household, Member, MemberRole};
use tillit_domain::register::{Writer, decide};
use tillit_domain::{PersonId, UnitId, UserId};
use tillit_followup::Facts;
use tillit_reports::model::{Block, CellValue};
use tillit_reports::{Publication, ReportInput, ReportKind, build};

/// A household paid `amount` in each of `n` months from `first`.
fn household(i: u128, first: YearMonth, n: i32, amount: i64) -> Household {
    let w = Writer {
        user: UserId(1),
        handles: true,
    };
    let today = date(2030, 1, 1);
    let person = PersonId::from_u128(i);
    let mut h = Household::default();
    let mut step = |e: AssistanceEntry| {
        h = decide::<Household>(&h, &e, w, today, Timestamp::UNIX_EPOCH)
            .unwrap()
            .0;
    };
    step(AssistanceEntry::Opened {
        unit: UnitId(5),
        applicant: Member {
            person,
            role: MemberRole::Applicant,
            birth_date: date(1980, 1, 1),
            gender: if i.is_multiple_of(2) {
                Gender::Female
            } else {
                Gender::Male
            },
            from: first,
        },
    });
    for k in 0..n {
        let m = first.plus(k);
        let need = Need {
            kind: NeedKind::Norm,
            amount: Kronor(amount),
            note: String::new(),
        };
        step(AssistanceEntry::Applied {
            month: m,
            received_on: m.first_day(),
            needs: vec![need.clone()],
            norm: None,
            incomes: vec![],
            assets: vec![],
            hinder: vec![(person, Hinder::SocialReasons)],
            lunch_at_preschool: vec![],
        });
        step(AssistanceEntry::Decided {
            month: m,
            items: vec![ItemDecision {
                kind: need.kind,
                applied: need.amount,
                outcome: Outcome::Granted,
                granted: need.amount,
                reason: String::new(),
            }],
            special_rule: false,
            reasoning: String::new(),
            delegate: "3.1".into(),
        });
        step(AssistanceEntry::Paid {
            month: m,
            amount,
            paid_on: m.first_day(),
            to: "Sökande".into(),
            corrects: None,
            note: String::new(),
        });
    }
    h
}

fn row<'a>(doc: &'a tillit_reports::model::Document, table: &str, label: &str) -> &'a [CellValue] {
    let t = doc
        .table(table)
        .unwrap_or_else(|| panic!("no table {table}"));
    &t.rows
        .iter()
        .find(|r| r.label.starts_with(label))
        .unwrap_or_else(|| panic!("no row {label}"))
        .cells
}

#[test]
fn the_reports_count_economic_assistance_and_hide_small_numbers() {
    let ym = |y, m| YearMonth::new(y, m).unwrap();
    // Eight households in 2025: six for 12 months, two for 3; three in 2024.
    let mut hs: Vec<Household> = (0..6)
        .map(|i| household(i, ym(2025, 1), 12, 9_000))
        .collect();
    hs.push(household(6, ym(2025, 2), 3, 6_000));
    hs.push(household(7, ym(2025, 5), 3, 6_000));
    for i in 8..11 {
        hs.push(household(i, ym(2024, 3), 2, 5_000));
    }
    let facts = Facts::default();
    let mut input = ReportInput::new(&facts);
    input.assistance = &hs;
    input.publication = Publication::internal();
    let vb = build(ReportKind::Verksamhetsberattelse, &input, 2025, None).unwrap();
    assert!(
        vb.sections
            .iter()
            .any(|s| s.heading == "Ekonomiskt bistånd")
    );
    let households = row(&vb, "eb_volym", "Antal hushåll som förekommit");
    assert_eq!(households[0].value(), Some(8.0));
    assert_eq!(households[1].value(), Some(3.0));
    // Support time: (72 + 6) / 8 = 9,75.
    assert_eq!(
        row(&vb, "eb_volym", "Genomsnittlig biståndstid per hushåll (")[0].value(),
        Some(9.75)
    );
    // Breakdown by gender adds up to the total.
    let t = vb.table("eb_kon").unwrap();
    let sum: f64 = t.rows.iter().filter_map(|r| r.cells[0].value()).sum();
    assert_eq!(Some(sum), t.total_row.as_ref().unwrap().cells[0].value());
    // Published: 2024's 3 households are hidden, and what rests on them.
    input.publication = Publication::published();
    let vb = build(ReportKind::Verksamhetsberattelse, &input, 2025, None).unwrap();
    assert_eq!(
        row(&vb, "eb_volym", "Antal hushåll som förekommit")[1],
        CellValue::Suppressed
    );
    assert_eq!(
        row(&vb, "eb_volym", "Genomsnittlig biståndstid per hushåll (")[1],
        CellValue::Suppressed
    );
    assert_eq!(
        row(&vb, "eb_volym", "Antal hushåll som förekommit")[0].value(),
        Some(8.0)
    );
    // The delårsrapport T1: January-April 2025.
    let d = build(ReportKind::Delarsrapport, &input, 2025, Some("T1")).unwrap();
    assert_eq!(
        row(&d, "eb_volym", "Antal biståndsmånader")[0].value(),
        Some(6.0 * 4.0 + 3.0)
    );
    // The committee's own report, for a month; a PDF reads back.
    let m = build(ReportKind::EkonomisktBistand, &input, 2025, Some("M06")).unwrap();
    assert_eq!(m.title, "Ekonomiskt bistånd jun 2025");
    assert!(matches!(m.sections[0].blocks[0], Block::Paragraph { .. }));
    assert_eq!(
        row(&m, "eb_volym", "Antal hushåll som förekommit")[0].value(),
        Some(7.0)
    );
    let pdf = tillit_reports::render_pdf(&m).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    // Without households, the yearly reports have no such chapter.
    let empty = ReportInput::new(&facts);
    let vb = build(ReportKind::Verksamhetsberattelse, &empty, 2025, None).unwrap();
    assert!(
        !vb.sections
            .iter()
            .any(|s| s.heading == "Ekonomiskt bistånd")
    );
}
