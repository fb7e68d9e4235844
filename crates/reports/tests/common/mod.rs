//! Shared test fixtures: the demo municipality, a small hand-made history,
//! goals and manual values, and readers that turn each output format back
//! into text or cells.
#![allow(dead_code)]

/// The hand-built test world is the follow-up crate's own, shared rather than copied.
#[path = "../../../followup/tests/common/mod.rs"]
pub mod world;

use jiff::Timestamp;
use jiff::civil::date;
use std::sync::OnceLock;
use tillit_demo::DemoData;
use tillit_domain::case::{DecisionKind, LegalBasis};
use tillit_domain::catalog::{
    ConcernCategory as C, Gender, InterventionKind as K, ProviderKind as P, ReportKind,
    ReporterCategory as R,
};
use tillit_domain::{UnitId, UserId};
use tillit_followup::goals::*;
use tillit_followup::manual::ManualValue;
use tillit_followup::{Facts, IndicatorId};
use tillit_reports::{Names, Narrative, Publication, ReportInput};

pub struct Demo {
    pub data: DemoData,
    pub facts: Facts,
    pub names: Names,
}

/// The demo municipality (seed 42, up to 2026-11-23), generated once.
pub fn demo() -> &'static Demo {
    static DEMO: OnceLock<Demo> = OnceLock::new();
    DEMO.get_or_init(|| {
        let data = tillit_demo::generate(
            &tillit_demo::DemoConfig::new(42, date(2026, 11, 23)),
            &mut |_, _| {},
        );
        let facts = Facts::from_cases(
            &data.persons,
            data.cases
                .iter()
                .map(|c| (c.id, c.events.iter().map(|e| (e.occurred_on, &e.event)))),
        );
        let mut names = Names::default();
        for u in &data.units {
            names.units.insert(u.id, u.name.to_string());
        }
        for u in &data.users {
            names.users.insert(u.id, u.display_name.clone());
        }
        Demo { data, facts, names }
    })
}

pub fn demo_input(publication: Publication) -> ReportInput<'static> {
    let d = demo();
    let mut input = ReportInput::new(&d.facts);
    input.municipality = d.data.municipality;
    input.names = &d.names;
    input.publication = publication;
    input
}

/// A small history, worked out by hand:
///
/// - 2024: one report about a boy (police), not investigated.
/// - 2025: boy A (police, then school), girl B (preschool), girl D
///   (school) and child C of unknown gender (application): 5 reports,
///   2 boys' + 2 girls' + 1 unknown. A's report opens an investigation
///   (2025-01-20), closed 2025-04-10 (80 days) with a decision on a foster
///   home by user 7 (2025-04-10), placed 2025-05-01. B's report: no
///   investigation (delegate 8 decides "ingen åtgärd" 2025-03-20).
pub fn small_facts() -> Facts {
    use world::World;
    let mut w = World::new();
    let a = w.child(Gender::Male, Some(date(2012, 6, 1)));
    let b = w.child(Gender::Female, Some(date(2019, 3, 1)));
    let c = w.child(Gender::Unknown, Some(date(2008, 1, 15)));
    let d = w.child(Gender::Female, Some(date(2015, 9, 9)));
    let e = w.child(Gender::Male, Some(date(2010, 2, 2)));

    let mut c0 = w.case(e, 1, date(2024, 5, 5));
    let r0 = c0.anmalan(date(2024, 5, 5), R::Police);
    c0.pre_assess(r0, date(2024, 5, 10), false);
    c0.close(date(2024, 5, 20));
    w.add(c0);

    let mut c1 = w.case(a, 1, date(2025, 1, 10));
    let r1 = c1.report(
        date(2025, 1, 10),
        ReportKind::Report,
        R::Police,
        &[C::Crime, C::BehaviourProblems],
    );
    c1.pre_assess(r1, date(2025, 1, 20), true);
    let inv = c1.open_investigation(date(2025, 1, 20));
    let r2 = c1.report(
        date(2025, 2, 3),
        ReportKind::Report,
        R::School,
        &[C::SchoolAbsence],
    );
    c1.add_to_investigation(r2, inv, date(2025, 2, 3));
    c1.close_investigation(inv, date(2025, 4, 10));
    let dec = c1.decide(
        date(2025, 4, 10),
        DecisionKind::Intervention,
        LegalBasis::SolAssistance,
        Some(K::FosterHome),
        true,
        7,
    );
    c1.start(date(2025, 5, 1), K::FosterHome, P::Own, Some(dec));
    w.add(c1);

    let mut c2 = w.case(b, 1, date(2025, 3, 1));
    let r3 = c2.report(
        date(2025, 3, 1),
        ReportKind::Report,
        R::Preschool,
        &[C::NeglectOfCare],
    );
    c2.pre_assess(r3, date(2025, 3, 20), false);
    c2.decide(
        date(2025, 3, 20),
        DecisionKind::NoMeasure,
        LegalBasis::SolAssistance,
        None,
        false,
        8,
    );
    w.add(c2);

    let mut c3 = w.case(d, 1, date(2025, 6, 10));
    c3.anmalan(date(2025, 6, 10), R::School);
    w.add(c3);

    let mut c4 = w.case(c, 1, date(2025, 2, 15));
    let r5 = c4.report(
        date(2025, 2, 15),
        ReportKind::Application,
        R::SelfOrGuardian,
        &[C::MentalHealth],
    );
    c4.pre_assess(r5, date(2025, 3, 5), true);
    w.add(c4);
    w.facts(date(2026, 1, 15))
}

/// A goal tree for 2025-2026: KF inriktningsmål 1 -> KF-mål 2 -> nämndmål 3
/// -> enhetsmål 4 (unit 1), with computed and manual indicators, an
/// assessment of 2025, and an activity. `title3` is the nämndmål's title.
pub fn goals(title3: &str) -> Vec<Goal> {
    let p: PlanPeriod = "2025-2026".parse().unwrap();
    let year: tillit_followup::Period = "2025".parse().unwrap();
    let mut g1 = Goal::new(
        GoalId(1),
        GoalLevel::KfInriktningsmal,
        None,
        p,
        "En kommun där alla barn växer upp tryggt",
    );
    g1.perspective = Some(Perspective::Medborgare);
    let g2 = Goal::new(
        GoalId(2),
        GoalLevel::KfMal,
        Some(GoalId(1)),
        p,
        "Barn i behov av stöd får insatser i tid",
    );
    let mut g3 = Goal::new(GoalId(3), GoalLevel::Namndmal, Some(GoalId(2)), p, title3);
    g3.description = "Utredningar ska bli klara inom lagstadgad tid.".into();
    g3.expected_result = "Minst 90 % av utredningarna klara inom fyra månader.".into();
    g3.indicators = vec![
        GoalIndicator::computed(IndicatorId::UtredningarInom4Man)
            .with_annual_target(Target::Number(90.0))
            .with_council_target(Target::Text("tas fram av nämnd".into())),
        GoalIndicator::computed(IndicatorId::Aktualiseringar),
        GoalIndicator::manual("sjukfranvaro").with_annual_target(Target::Number(6.5)),
    ];
    g3.assessments.push(Assessment {
        status: GoalStatus::DelvisUppfyllt,
        analysis: "Handläggningstiderna har förbättrats men målet nås inte helt.".into(),
        set_by: UserId(1),
        set_at: Timestamp::from_second(1_768_000_000).unwrap(),
        period: year,
    });
    g3.activities.push(Activity {
        title: "Inför veckovis genomgång av utredningar".into(),
        start: Some(date(2025, 1, 1)),
        end: Some(date(2025, 12, 31)),
        deviation: String::new(),
        analysis: "Genomgångarna har hållits varje vecka.".into(),
    });
    let mut g4 = Goal::new(
        GoalId(4),
        GoalLevel::Enhetsmal,
        Some(GoalId(3)),
        p,
        "Förhandsbedömningar inom 14 dagar",
    );
    g4.unit = Some(UnitId(1));
    g4.perspective = Some(Perspective::Verksamhet);
    g4.indicators = vec![
        GoalIndicator::computed(IndicatorId::ForhandsbedomningInom14Dagar)
            .with_annual_target(Target::Number(100.0)),
    ];
    g4.assessments.push(Assessment {
        status: GoalStatus::Uppfyllt,
        analysis: "Alla förhandsbedömningar klara i tid.".into(),
        set_by: UserId(2),
        set_at: Timestamp::from_second(1_768_000_000).unwrap(),
        period: year,
    });
    vec![g1, g2, g3, g4]
}

/// Sick leave 2024 and 2025 by gender (entered by user 3).
pub fn manual_values() -> Vec<ManualValue> {
    let at = Timestamp::from_second(1_767_000_000).unwrap();
    let v = |period: &str, g: Option<Gender>, x: f64| {
        ManualValue::new(
            "sjukfranvaro",
            period.parse().unwrap(),
            g,
            Some(x),
            UserId(3),
            at,
        )
    };
    vec![
        v("2025", None, 7.2),
        v("2025", Some(Gender::Male), 5.1),
        v("2025", Some(Gender::Female), 8.3),
        v("2024", None, 8.0),
    ]
}

pub fn narrative() -> Narrative {
    Narrative {
        summary: Some("Året har präglats av ett minskat inflöde.".into()),
        ..Narrative::default()
    }
}

// ---------------------------------------------------------------------------
// Readers

/// Text of a PDF, as `pdftotext -layout` gives it. Fails with a message
/// naming the Debian package when the tool is missing.
pub fn pdf_text(pdf: &[u8]) -> String {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "pdftotext is needed to read the PDF back ({e}): install the Debian package poppler-utils (apt-get install poppler-utils)"
            )
        });
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout).unwrap()
}

/// Every sheet of a workbook: name and rows of cells.
pub fn xlsx_sheets(bytes: &[u8]) -> Vec<(String, Vec<Vec<calamine::Data>>)> {
    use calamine::{Reader, Xlsx, open_workbook_from_rs};
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let r = wb.worksheet_range(&n).unwrap();
            let (r0, c0) = r.start().unwrap_or((0, 0));
            assert_eq!((r0, c0), (0, 0), "sheet {n} starts at A1");
            (n, r.rows().map(|row| row.to_vec()).collect())
        })
        .collect()
}

/// CSV records: checks the BOM and CRLF, splits on `;` with `"` quoting.
pub fn csv_records(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).unwrap();
    let text = text
        .strip_prefix('\u{feff}')
        .expect("CSV starts with a byte-order mark");
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "every line ends with CRLF"
    );
    let mut out = Vec::new();
    for line in text.split("\r\n") {
        let mut fields = Vec::new();
        let mut cur = String::new();
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    cur.push('"');
                    chars.next();
                }
                ('"', _) => quoted = !quoted,
                (';', false) => fields.push(std::mem::take(&mut cur)),
                (c, _) => cur.push(c),
            }
        }
        fields.push(cur);
        out.push(fields);
    }
    out
}

/// Spaces of every kind as one space, minus signs as hyphens.
pub fn norm(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}', '\u{2009}'], " ")
        .replace('\u{2212}', "-")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The rows of the HTML table with this id: the row header then the cells,
/// as text.
pub fn html_table(html: &str, id: &str) -> Vec<Vec<String>> {
    let start = html
        .find(&format!("<table id=\"tabell-{id}\""))
        .unwrap_or_else(|| panic!("no table {id} in the HTML"));
    let end = start + html[start..].find("</table>").unwrap();
    let body = &html[start..end];
    let body = &body[body.find("</thead>").unwrap()..];
    body.split("<tr>")
        .skip(1)
        .map(|tr| {
            let mut cells = Vec::new();
            let mut rest = tr;
            while let Some(open) = rest.find(['<']) {
                let tag_end = rest[open..].find('>').unwrap() + open;
                let tag = &rest[open + 1..tag_end];
                if tag.starts_with("td") || tag.starts_with("th") {
                    let close = rest[tag_end..]
                        .find(if tag.starts_with("td") {
                            "</td>"
                        } else {
                            "</th>"
                        })
                        .unwrap()
                        + tag_end;
                    cells.push(norm(&unescape(&strip_tags(&rest[tag_end + 1..close]))));
                    rest = &rest[close + 5..];
                } else {
                    rest = &rest[tag_end + 1..];
                }
            }
            cells
        })
        .collect()
}

pub fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in s.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// All text of an HTML document.
pub fn html_text(html: &str) -> String {
    norm(&unescape(&strip_tags(html)))
}
