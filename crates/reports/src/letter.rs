//! The decision letter on economic assistance (beslut om ekonomiskt
//! bistånd) as PDF: who, which month, each need with what was applied for,
//! the outcome and the amount granted, the incomes counted, the sum, the
//! reasoning, the delegate and how to appeal. Laid out with the same typst
//! world as the reports ([`crate::pdf`]); every text from data is a typst
//! string, never markup.

use crate::ReportError;
use crate::pdf::{compile_pdf, t, typst_string};
use jiff::civil::Date;
use std::fmt::Write;

/// One need in the letter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetterItem {
    pub need: String,
    pub applied: String,
    pub outcome: String,
    pub granted: String,
    pub reason: String,
}

/// What a decision letter says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionLetter {
    pub municipality: String,
    pub unit: String,
    /// The record's reference (`EB-12`).
    pub reference: String,
    /// The addressee: the applicant's name and identity number (and the
    /// partner's, if any), as the letter goes to them.
    pub addressees: Vec<String>,
    /// `mars 2026`.
    pub month: String,
    pub received_on: Date,
    pub decided_on: Date,
    pub items: Vec<LetterItem>,
    /// (what, amount) of the incomes counted, and of those not counted.
    pub incomes: Vec<(String, String)>,
    /// Lines of the sum: (label, amount).
    pub sum: Vec<(String, String)>,
    pub reasoning: String,
    pub legal_basis: String,
    pub delegate: String,
    pub decided_by: String,
    pub appeal: String,
}

/// The letter's typst markup (exposed for tests).
pub fn letter_markup(l: &DecisionLetter) -> String {
    let mut s = String::with_capacity(8 * 1024);
    let title = format!("Beslut om ekonomiskt bistånd, {}", l.month);
    let _ = writeln!(
        s,
        "#set document(title: {}, author: {})",
        typst_string(&title),
        typst_string(&l.municipality)
    );
    s.push_str(
        "#set page(paper: \"a4\", margin: (left: 2.4cm, right: 2.4cm, top: 2.2cm, bottom: 2.4cm))\n\
         #set text(font: \"Libertinus Serif\", size: 10.5pt, lang: \"sv\")\n\
         #set par(justify: false)\n",
    );
    let _ = writeln!(
        s,
        "#grid(columns: (1fr, auto), [#text(weight: \"bold\")[{}] #linebreak() {}], [{} #linebreak() {}])\n",
        t(&l.municipality),
        t(&l.unit),
        t(&format!("Beslutsdatum {}", l.decided_on)),
        t(&format!("Diarienummer {}", l.reference)),
    );
    s.push_str("#v(0.6cm)\n");
    for a in &l.addressees {
        let _ = writeln!(s, "{} #linebreak()", t(a));
    }
    s.push_str("#v(0.6cm)\n");
    let _ = writeln!(s, "#heading(level: 1)[{}]\n", t(&title));
    let _ = writeln!(
        s,
        "{}\n",
        t(&format!(
            "Din ansökan om ekonomiskt bistånd för {} kom in {}. Socialnämnden har prövat ansökan enligt {}.",
            l.month, l.received_on, l.legal_basis
        ))
    );
    let _ = writeln!(s, "#heading(level: 2)[{}]\n", t("Beslut"));
    s.push_str("#table(columns: (2.2fr, 1fr, 1.1fr, 1fr), stroke: 0.4pt, inset: 4pt,\n");
    for h in ["Behov", "Sökt", "Beslut", "Beviljat"] {
        let _ = write!(s, "  [#text(weight: \"bold\")[{}]],", t(h));
    }
    s.push('\n');
    for i in &l.items {
        let _ = writeln!(
            s,
            "  [{}], table.cell(align: right)[{}], [{}], table.cell(align: right)[{}],",
            t(&i.need),
            t(&i.applied),
            t(&i.outcome),
            t(&i.granted)
        );
    }
    s.push_str(")\n\n");
    for i in l.items.iter().filter(|i| !i.reason.is_empty()) {
        let _ = writeln!(s, "{} {}\n", t(&format!("{}:", i.need)), t(&i.reason));
    }
    if !l.incomes.is_empty() {
        let _ = writeln!(s, "#heading(level: 2)[{}]\n", t("Inkomster"));
        s.push_str("#table(columns: (3fr, 1fr), stroke: 0.4pt, inset: 4pt,\n");
        for (what, amount) in &l.incomes {
            let _ = writeln!(
                s,
                "  [{}], table.cell(align: right)[{}],",
                t(what),
                t(amount)
            );
        }
        s.push_str(")\n\n");
    }
    let _ = writeln!(s, "#heading(level: 2)[{}]\n", t("Beräkning"));
    s.push_str("#table(columns: (3fr, 1fr), stroke: 0.4pt, inset: 4pt,\n");
    for (what, amount) in &l.sum {
        let _ = writeln!(
            s,
            "  [{}], table.cell(align: right)[{}],",
            t(what),
            t(amount)
        );
    }
    s.push_str(")\n\n");
    if !l.reasoning.is_empty() {
        let _ = writeln!(s, "#heading(level: 2)[{}]\n", t("Motivering"));
        for para in l.reasoning.split("\n\n") {
            let _ = writeln!(s, "{}\n", t(para.trim()));
        }
    }
    let _ = writeln!(s, "#heading(level: 2)[{}]\n", t("Beslutsfattare"));
    let _ = writeln!(
        s,
        "{} #linebreak() {}\n",
        t(&l.decided_by),
        t(&format!("Beslutat med stöd av delegation: {}", l.delegate))
    );
    let _ = writeln!(s, "#heading(level: 2)[{}]\n", t("Hur man överklagar"));
    let _ = writeln!(s, "{}\n", t(&l.appeal));
    s
}

/// The decision letter as PDF.
pub fn render_decision_letter(l: &DecisionLetter) -> Result<Vec<u8>, ReportError> {
    compile_pdf(
        letter_markup(l),
        Vec::new(),
        l.decided_on,
        &format!("tillit-beslut-{}-{}", l.reference, l.month),
    )
}
