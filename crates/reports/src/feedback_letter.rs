//! The letter to a reporter who asked to be told what became of their
//! report (19 kap. 6 § SoL 2025:400 as amended by SFS 2025:1501).
//!
//! It says only what the law lets the committee say: which report (when it
//! came in, and about whom, unless the child has a protected identity),
//! and one of three things ([`FeedbackOutcome`]): an investigation was
//! opened, was not opened, or is already running. Never the reasons, the
//! findings, measures or anything else about the child or the family
//! (secret under 26 kap. 1 § OSL), which the letter says in plain words.

use crate::ReportError;
use crate::pdf::{compile_pdf, t, typst_string};
use jiff::civil::Date;
use std::fmt::Write;
use tillit_domain::case::feedback::FeedbackOutcome;

/// What goes into the letter; every text is printed as text, never markup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedbackLetter {
    /// The municipality, for the sender's line.
    pub municipality: String,
    /// The unit that sends it.
    pub unit: String,
    /// The letter's date.
    pub date: Date,
    /// The reporter as the report names them (name, organisation).
    pub reporter_name: String,
    /// The contact the reporter gave (phone, e-mail), if any.
    pub reporter_contact: Option<String>,
    /// When the report came in, as printed ("2026-03-02 kl. 09:30").
    pub received: String,
    /// The child's name; `None` for a child with a protected identity.
    pub child: Option<String>,
    pub outcome: FeedbackOutcome,
    /// The paragraph the information is given under.
    pub citation: &'static str,
    /// Who signs it.
    pub caseworker: String,
}

impl FeedbackLetter {
    /// The letter's body, paragraph by paragraph (what the PDF prints after
    /// the address block).
    pub fn paragraphs(&self) -> Vec<String> {
        let about = match &self.child {
            Some(name) => format!(" om {name}"),
            None => String::new(),
        };
        vec![
            format!(
                "Ni har gjort en anmälan till socialnämnden{about}. Anmälan kom in {}. Ni har bett att få veta om en utredning har inletts.",
                self.received
            ),
            self.outcome.sentence(),
            format!(
                "Informationen lämnas enligt {}. Mer än detta kan socialnämnden inte berätta om barnet eller familjen: uppgifterna omfattas av sekretess enligt 26 kap. 1 § offentlighets- och sekretesslagen (2009:400).",
                self.citation
            ),
            "Om ni på nytt får kännedom om eller misstänker att ett barn far illa ska ni göra en ny anmälan till socialnämnden (19 kap. 1 § socialtjänstlagen).".to_string(),
        ]
    }

    /// The file's name: `aterkoppling-<date>.pdf` (no personal data).
    pub fn file_name(&self) -> String {
        format!("aterkoppling-{}.pdf", self.date)
    }
}

/// The letter as PDF (A4, embedded fonts).
pub fn render_feedback_letter(letter: &FeedbackLetter) -> Result<Vec<u8>, ReportError> {
    let mut s = String::with_capacity(4096);
    let title = "Information till anmälaren";
    let _ = writeln!(
        s,
        "#set document(title: {}, author: {})",
        typst_string(title),
        typst_string(&format!("Socialnämnden, {}", letter.municipality))
    );
    s.push_str(
        "#set page(paper: \"a4\", margin: (left: 2.5cm, right: 2.5cm, top: 2.2cm, bottom: 2.4cm))\n\
         #set text(font: \"Libertinus Serif\", size: 11pt, lang: \"sv\", region: \"se\")\n\
         #set par(leading: 0.65em, spacing: 1.1em)\n",
    );
    let _ = writeln!(
        s,
        "#grid(columns: (1fr, auto), [#strong[{}] #linebreak() {} #linebreak() {}], [{}])\n",
        t("Socialnämnden"),
        t(&letter.municipality),
        t(&letter.unit),
        t(&format!("Datum: {}", letter.date))
    );
    s.push_str("#v(1.2cm)\n");
    let mut address = t(&letter.reporter_name);
    if let Some(c) = &letter.reporter_contact {
        address.push_str(" #linebreak() ");
        address.push_str(&t(c));
    }
    let _ = writeln!(s, "[{address}]\n");
    s.push_str("#v(1cm)\n");
    let _ = writeln!(s, "#text(size: 15pt, weight: \"bold\")[{}]\n", t(title));
    for p in letter.paragraphs() {
        let _ = writeln!(s, "{}\n", t(&p));
    }
    s.push_str("#v(0.8cm)\n");
    let _ = writeln!(
        s,
        "{} #linebreak() #linebreak() {} #linebreak() {}\n",
        t("Med vänlig hälsning"),
        t(&letter.caseworker),
        t(&letter.unit)
    );
    compile_pdf(s, Vec::new(), letter.date, "tillit-aterkoppling")
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_letter_names_the_report_and_one_outcome_only() {
        let l = FeedbackLetter {
            municipality: "Tillköping".into(),
            unit: "Mottagningen".into(),
            date: date(2026, 3, 6),
            reporter_name: "Lärare Lind, Exempelskolan".into(),
            reporter_contact: None,
            received: "2026-03-02 kl. 09:30".into(),
            child: None,
            outcome: FeedbackOutcome::Ongoing,
            citation: "19 kap. 6 § SoL (2025:400)",
            caseworker: "Sara Handläggare".into(),
        };
        let p = l.paragraphs();
        assert!(p[0].starts_with("Ni har gjort en anmälan till socialnämnden. "));
        assert_eq!(p[1], "En utredning pågår redan.");
        assert!(p[2].contains("19 kap. 6 § SoL (2025:400)"));
        assert_eq!(l.file_name(), "aterkoppling-2026-03-06.pdf");
    }
}
