//! The feedback letter to a reporter (19 kap. 6 § SoL), read back from the
//! PDF: it names the report and says one outcome, and nothing typed is
//! read as markup.

mod common;

use common::{norm, pdf_text};
use jiff::civil::date;
use tillit_domain::case::feedback::FeedbackOutcome;
use tillit_reports::{FeedbackLetter, render_feedback_letter};

fn letter(outcome: FeedbackOutcome, child: Option<&str>) -> FeedbackLetter {
    FeedbackLetter {
        municipality: "Tillköping".into(),
        unit: "Mottagningen barn och unga".into(),
        date: date(2026, 3, 9),
        reporter_name: "Lena Lind, Exempelskolan #set page(fill: red) *fet*".into(),
        reporter_contact: Some("08-000 00 00, lena.lind@example.se".into()),
        received: "2026-03-02 kl. 09:30".into(),
        child: child.map(Into::into),
        outcome,
        citation: "19 kap. 6 § SoL (2025:400)",
        caseworker: "Sara Svensson".into(),
    }
}

#[test]
fn the_feedback_letter_pdf_says_the_outcome_the_report_and_the_law() {
    let cases = [
        (
            FeedbackOutcome::Opened {
                on: date(2026, 3, 5),
            },
            "Socialnämnden beslutade den 2026-03-05 att inleda utredning.",
        ),
        (
            FeedbackOutcome::NotOpened {
                on: date(2026, 3, 4),
            },
            "Socialnämnden beslutade den 2026-03-04 att inte inleda utredning.",
        ),
        (FeedbackOutcome::Ongoing, "En utredning pågår redan."),
    ];
    for (outcome, sentence) in cases {
        let l = letter(outcome, Some("Ella Exempel"));
        let pdf = render_feedback_letter(&l).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        let text = norm(&pdf_text(&pdf));
        assert!(text.contains(sentence), "{sentence} in {text}");
        for other in cases.iter().map(|(_, s)| *s).filter(|s| *s != sentence) {
            assert!(!text.contains(other), "only one outcome: {other} in {text}");
        }
        for needle in [
            "Information till anmälaren",
            "Anmälan kom in 2026-03-02 kl. 09:30",
            "om Ella Exempel",
            "19 kap. 6 § SoL (2025:400)",
            "26 kap. 1 § offentlighets- och sekretesslagen",
            "Lena Lind, Exempelskolan #set page(fill: red) *fet*",
            "lena.lind@example.se",
            "Datum: 2026-03-09",
            "Sara Svensson",
            "Tillköping",
        ] {
            assert!(text.contains(needle), "{needle:?} in {text}");
        }
    }
    // A child with a protected identity is not named.
    let text = norm(&pdf_text(
        &render_feedback_letter(&letter(FeedbackOutcome::Ongoing, None)).unwrap(),
    ));
    assert!(text.contains("Ni har gjort en anmälan till socialnämnden. Anmälan kom in"));
    assert!(!text.contains("Ella"));
}
