//! The case file's extract (utdrag ur akten) as PDF: for a party's access
//! to the file (partsinsyn) or for the administrative court in an LVU
//! matter. The web layer decides what goes in and what is secret from the
//! recipient; this module only lays it out: a text marked secret is printed
//! with its ground, a text left out is replaced by a line that says that
//! something was left out and on which ground (the recipient is told that
//! the extract is not complete, never what was left out).

use crate::ReportError;
use crate::pdf::{compile_pdf, t, typst_string};
use jiff::civil::Date;
use std::fmt::Write;

/// One value in the extract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExtractValue {
    /// Shown as is.
    Text(String),
    /// Shown, marked as secret towards others than the recipient
    /// (`ground`: e.g. "Sekretess enligt 26 kap. 5 § OSL").
    Secret { text: String, ground: String },
    /// Left out: only the ground is printed.
    Withheld { ground: String },
}

/// A labelled value of an item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtractField {
    pub label: String,
    pub value: ExtractValue,
}

/// One recorded step of the case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtractItem {
    /// "Aktualisering mottagen", "Beslut", ...
    pub heading: String,
    /// The day it happened.
    pub occurred_on: String,
    /// "Registrerad av Anna Andersson 2026-12-07 08:14".
    pub recorded: String,
    pub fields: Vec<ExtractField>,
}

/// The whole extract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extract {
    /// "Utdrag ur akt".
    pub title: String,
    /// Lines under the title: the child, the case, the unit, the recipient,
    /// who made the extract and when, what it covers.
    pub header: Vec<(String, String)>,
    /// A sentence on what was left out, or that nothing was (always printed).
    pub secrecy_note: String,
    pub items: Vec<ExtractItem>,
    /// The day the extract was made.
    pub made_on: Date,
}

const PREAMBLE: &str = r##"
#set page(paper: "a4", margin: (left: 2.2cm, right: 2.2cm, top: 2cm, bottom: 2.2cm),
  footer: context [
    #set text(size: 8pt, fill: luma(90))
    #DOCTITLE #h(1fr) Sida #counter(page).display() av #counter(page).final().first()
  ])
#set text(font: "Libertinus Serif", size: 10.5pt, lang: "sv", region: "se")
#set par(leading: 0.6em, spacing: 0.8em)
#show heading: set block(above: 1.1em, below: 0.5em)
#show heading.where(level: 1): set text(size: 17pt)
#show heading.where(level: 2): set text(size: 12pt)
"##;

/// The typst markup of an extract (exposed for tests).
pub fn extract_markup(e: &Extract) -> String {
    let mut s = String::with_capacity(16 * 1024);
    let _ = writeln!(
        s,
        "#set document(title: {}, author: \"Tillit\")",
        typst_string(&e.title)
    );
    s.push_str(&PREAMBLE.replace("#DOCTITLE", &t(&e.title)));
    let _ = writeln!(s, "#heading(level: 1)[{}]\n", t(&e.title));
    s.push_str("#table(columns: (auto, 1fr), stroke: none, inset: (x: 0pt, y: 2pt), column-gutter: 10pt,\n");
    for (label, value) in &e.header {
        let _ = writeln!(s, "  [#strong[{}]], [{}],", t(label), t(value));
    }
    s.push_str(")\n\n");
    let _ = writeln!(
        s,
        "#block(inset: 6pt, stroke: 0.6pt + luma(120), width: 100%)[{}]\n",
        t(&e.secrecy_note)
    );
    for item in &e.items {
        let _ = writeln!(
            s,
            "#heading(level: 2)[{} #h(0.5em) #text(weight: \"regular\", size: 10pt)[{}]]",
            t(&item.heading),
            t(&item.occurred_on)
        );
        let _ = writeln!(
            s,
            "#text(size: 8.5pt, fill: luma(70))[{}]\n",
            t(&item.recorded)
        );
        for f in &item.fields {
            let _ = write!(s, "#block(below: 0.5em)[#strong[{}]: ", t(&f.label));
            match &f.value {
                ExtractValue::Text(text) => paragraphs(&mut s, text),
                ExtractValue::Secret { text, ground } => {
                    let _ = write!(s, "#text(weight: \"bold\")[{}] ", t(&format!("[{ground}]")));
                    paragraphs(&mut s, text);
                }
                ExtractValue::Withheld { ground } => {
                    let _ = write!(
                        s,
                        "#text(style: \"italic\")[{}]",
                        t(&format!("[Utelämnat: {ground}]"))
                    );
                }
            }
            s.push_str("]\n");
        }
    }
    s
}

/// Lines of a text, kept as lines.
fn paragraphs(s: &mut String, text: &str) {
    let mut first = true;
    for line in text.lines() {
        if !first {
            s.push_str(" #linebreak() ");
        }
        first = false;
        s.push_str(&t(line));
    }
}

/// The extract as PDF (A4, embedded fonts).
pub fn render_extract_pdf(e: &Extract) -> Result<Vec<u8>, ReportError> {
    compile_pdf(
        extract_markup(e),
        Vec::new(),
        e.made_on,
        &format!("tillit-{}", e.title),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn extract(value: ExtractValue) -> Extract {
        Extract {
            title: "Utdrag ur akt".into(),
            header: vec![("Barn".into(), "Ella".into())],
            secrecy_note: "Uppgifter har utelämnats.".into(),
            items: vec![ExtractItem {
                heading: "Aktualisering mottagen".into(),
                occurred_on: "2026-03-09".into(),
                recorded: "Registrerad av Anna".into(),
                fields: vec![ExtractField {
                    label: "Anmälare".into(),
                    value,
                }],
            }],
            made_on: date(2026, 3, 10),
        }
    }

    #[test]
    fn a_withheld_value_is_not_in_the_markup_and_says_why() {
        let m = extract_markup(&extract(ExtractValue::Withheld {
            ground: "sekretess enligt 26 kap. 5 § OSL".into(),
        }));
        assert!(m.contains("Utelämnat: sekretess enligt 26 kap. 5 § OSL"));
        let shown = extract_markup(&extract(ExtractValue::Secret {
            text: "Kerstin Kurator".into(),
            ground: "Sekretess".into(),
        }));
        assert!(shown.contains("Kerstin Kurator") && shown.contains("[Sekretess]"));
    }

    #[test]
    fn the_extract_compiles_to_a_pdf() {
        let pdf =
            render_extract_pdf(&extract(ExtractValue::Text("rad 1\nrad \"2\" #x".into()))).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(8))]
        // Whatever a user typed, the markup compiles (every text is a
        // typst string, never markup).
        #[test]
        fn any_text_compiles(text in any::<String>()) {
            let pdf = render_extract_pdf(&extract(ExtractValue::Text(text)));
            prop_assert!(pdf.is_ok(), "{pdf:?}");
        }
    }
}
