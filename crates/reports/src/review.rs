//! Review ("granskning") of a built [`Document`] before it is published: a
//! check list for the person who publishes, never a block. The annual
//! reports Tillit replaces were published with placeholders left in
//! ("SIFFROR?"), sections nobody wrote, estimates and totals that did not
//! add up; [`review`] finds what of that a document still has.
//!
//! What is looked for ([`FindingKind`]):
//!
//! - **Placeholders** left in any text of the document (title, headings,
//!   paragraphs, notes, labelled texts, lists, table captions, column and
//!   row labels, text cells, table notes, charts, key figures, goal status
//!   details), case-insensitively; see [`PLACEHOLDERS`]. Indicator
//!   definitions (`definitions_used`) come from the catalogue and are also
//!   printed in the "Definitioner" section, which is read like any other.
//! - **Missing texts**: the builders print "Uppgifter saknas: …" (one
//!   marker, [`MISSING_NOTE_PREFIX`]) where a manager's text is not written
//!   (sammanfattande analys, ekonomi, intern kontroll, kvalitetsarbete,
//!   personal), and also where manual figures are not entered or no goals
//!   are registered: the model does not tell a narrative's note from the
//!   others, so each such note is one finding. In a hand-made document, a
//!   blank paragraph or labelled text, and a section with no content and
//!   no subsections, are findings too.
//! - **Missing values** ("saknas" in a table): one finding per table (or
//!   row of key figures) with the count and the rows.
//! - **Estimates** (cells marked `estimate`, printed with `*`): one finding
//!   per table (or row of key figures) with the count and the rows.
//! - **Totals that do not add up**: a table's total row against the sum of
//!   its rows, column by column, compared as printed (rounded to the
//!   total's decimals). Only columns where every row shows a number are
//!   checked: a hidden ("..") or missing cell makes the shown rows' sum
//!   differ by design, and shares (percent) do not add up. The builders sum
//!   totals from the rows, so this only fires for hand-entered tables.

use crate::format;
use crate::model::{Block, CellValue, Document, KeyFigure, ReportTable, Section};
use serde::Serialize;
use std::fmt;

/// The marker the builders put before a note about something not written
/// or not entered ("Uppgifter saknas: ingen bedömning av den interna
/// kontrollen är införd.").
pub const MISSING_NOTE_PREFIX: &str = "Uppgifter saknas:";

/// The placeholders looked for, as documentation (matching is
/// case-insensitive):
///
/// - `SIFFROR?`, `SIFFRA?`: the seed's placeholder for figures to come;
/// - `XX`, `xxx`, …: a word made only of two or more x (a whole word, so
///   "XXL" is not one);
/// - `??`, `???`, …: two or more question marks in a row;
/// - `…?` and `...?`;
/// - `TODO`, `FIXME` (whole words);
/// - `[fyll i …]`, `[...]`, `[…]`: bracketed fill-in instructions and
///   elisions.
pub const PLACEHOLDERS: [&str; 9] = [
    "SIFFROR?", "SIFFRA?", "XX", "??", "…?", "...?", "TODO", "FIXME", "[fyll i]",
];

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A placeholder left in a text.
    Placeholder,
    /// A text not written ("Uppgifter saknas: …"), a blank text, an empty
    /// section.
    MissingText,
    /// Values printed as "saknas" in a table.
    MissingValues,
    /// Values marked as estimates.
    Estimates,
    /// A total row that is not the sum of its rows.
    TotalMismatch,
}

impl FindingKind {
    pub const ALL: [FindingKind; 5] = [
        Self::Placeholder,
        Self::MissingText,
        Self::MissingValues,
        Self::Estimates,
        Self::TotalMismatch,
    ];

    /// Swedish label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Placeholder => "Platshållare kvar",
            Self::MissingText => "Text saknas",
            Self::MissingValues => "Uppgift saknas",
            Self::Estimates => "Uppskattade värden",
            Self::TotalMismatch => "Summan stämmer inte",
        }
    }

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Placeholder => "placeholder",
            Self::MissingText => "missing-text",
            Self::MissingValues => "missing-values",
            Self::Estimates => "estimates",
            Self::TotalMismatch => "total-mismatch",
        }
    }
}

/// One thing to look at before publishing: what, where and a Swedish
/// message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    /// The section's heading; `None` for the title page (title, subtitle,
    /// period).
    pub section: Option<String>,
    /// The table's caption (or a chart's title).
    pub table: Option<String>,
    /// The row's label (or a key figure's label).
    pub row: Option<String>,
    /// What is wrong, in Swedish.
    pub message: String,
}

impl Finding {
    /// Where, in Swedish: "Ekonomi › Kostnadsmått › Totalt", or
    /// "Titelsidan".
    pub fn place(&self) -> String {
        let parts: Vec<&str> = [&self.section, &self.table, &self.row]
            .into_iter()
            .filter_map(|p| p.as_deref())
            .collect();
        if parts.is_empty() {
            "Titelsidan".into()
        } else {
            parts.join(" › ")
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place(), self.message)
    }
}

/// Review a document before it is published: every finding, in document
/// order. An empty list: nothing to remark.
pub fn review(doc: &Document) -> Vec<Finding> {
    let mut r = Reviewer::default();
    for text in [Some(&doc.title), doc.subtitle.as_ref(), doc.unit.as_ref()]
        .into_iter()
        .flatten()
        .chain([&doc.municipality, &doc.period])
    {
        r.text(None, None, None, text);
    }
    for (i, s) in doc.sections.iter().enumerate() {
        let has_children = doc
            .sections
            .get(i + 1)
            .is_some_and(|next| next.level > s.level);
        r.section(s, has_children);
    }
    r.out
}

/// The placeholders in `text`, as written there, in order (each once).
pub fn placeholders(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for (start, end) in placeholder_spans(&chars) {
        let s: String = chars[start..end].iter().collect();
        if !found.contains(&s) {
            found.push(s);
        }
    }
    found
}

/// Character ranges of placeholders in `chars`, sorted, not overlapping.
fn placeholder_spans(chars: &[char]) -> Vec<(usize, usize)> {
    let lower: Vec<char> = chars
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    let at = |i: usize, pat: &str| {
        let mut n = 0;
        for (k, p) in pat.chars().enumerate() {
            if lower.get(i + k) != Some(&p) {
                return None;
            }
            n += 1;
        }
        Some(n)
    };
    let mut spans = Vec::new();
    let mut i = 0;
    while i < lower.len() {
        let word_start = i == 0 || !lower[i - 1].is_alphanumeric();
        // Literal patterns.
        let mut hit = None;
        if word_start {
            hit = at(i, "siffror?").or_else(|| at(i, "siffra?"));
        }
        for pat in ["…?", "...?", "[...]", "[…]"] {
            hit = hit.or_else(|| at(i, pat));
        }
        if hit.is_none()
            && let Some(n) = at(i, "[fyll i")
        {
            // To the closing bracket, if it is near.
            let close = lower[i + n..]
                .iter()
                .take(60)
                .position(|c| *c == ']')
                .map_or(n, |p| n + p + 1);
            hit = Some(close);
        }
        if hit.is_none() && lower[i] == '?' && lower.get(i + 1) == Some(&'?') {
            hit = Some(lower[i..].iter().take_while(|c| **c == '?').count());
        }
        if hit.is_none() && word_start && lower[i].is_alphanumeric() {
            let len = lower[i..]
                .iter()
                .take_while(|c| c.is_alphanumeric())
                .count();
            let word: String = lower[i..i + len].iter().collect();
            if (len >= 2 && word.chars().all(|c| c == 'x')) || word == "todo" || word == "fixme" {
                hit = Some(len);
            }
        }
        match hit {
            Some(n) => {
                spans.push((i, i + n));
                i += n.max(1);
            }
            None => i += 1,
        }
    }
    spans
}

/// `text` around the first placeholder: at most 30 characters either side,
/// on one line.
fn excerpt(chars: &[char], start: usize, end: usize) -> String {
    const SIDE: usize = 30;
    let from = start.saturating_sub(SIDE);
    let to = (end + SIDE).min(chars.len());
    let mut s = String::new();
    if from > 0 {
        s.push('…');
    }
    s.extend(
        chars[from..to]
            .iter()
            .map(|c| if c.is_whitespace() { ' ' } else { *c }),
    );
    if to < chars.len() {
        s.push('…');
    }
    s.trim().to_string()
}

fn quoted_list(items: &[impl AsRef<str>]) -> String {
    items
        .iter()
        .map(|s| format!("\"{}\"", s.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `rad "A"`, `raderna "A", "B" och "C"` (at most five, then "med
/// flera"). Labels are quoted: some have commas ("Utredningstid, median").
fn rows_phrase(labels: &[&str]) -> String {
    let mut labels: Vec<String> = labels.iter().map(|l| format!("\"{l}\"")).collect();
    labels.dedup();
    let more = labels.len() > 5;
    labels.truncate(5);
    let mut s = match labels.split_last() {
        None => String::from("inga rader"),
        Some((only, [])) => format!("rad {only}"),
        Some((last, first)) => format!("raderna {} och {last}", first.join(", ")),
    };
    if more {
        s.push_str(" med flera");
    }
    s
}

fn values_phrase(n: usize) -> String {
    if n == 1 {
        "1 värde".into()
    } else {
        format!("{n} värden")
    }
}

#[derive(Default)]
struct Reviewer {
    out: Vec<Finding>,
}

impl Reviewer {
    fn push(
        &mut self,
        kind: FindingKind,
        section: Option<&str>,
        table: Option<&str>,
        row: Option<&str>,
        message: String,
    ) {
        self.out.push(Finding {
            kind,
            section: section.map(str::to_string),
            table: table.map(str::to_string),
            row: row.map(str::to_string),
            message,
        });
    }

    /// Placeholders in one text.
    fn text(&mut self, section: Option<&str>, table: Option<&str>, row: Option<&str>, text: &str) {
        let chars: Vec<char> = text.chars().collect();
        let spans = placeholder_spans(&chars);
        let Some(&(start, end)) = spans.first() else {
            return;
        };
        let found = placeholders(text);
        let message = if found.len() == 1 {
            format!(
                "Platshållaren {} står kvar: \"{}\".",
                quoted_list(&found),
                excerpt(&chars, start, end)
            )
        } else {
            format!(
                "Platshållarna {} står kvar: \"{}\".",
                quoted_list(&found),
                excerpt(&chars, start, end)
            )
        };
        self.push(FindingKind::Placeholder, section, table, row, message);
    }

    fn section(&mut self, s: &Section, has_children: bool) {
        let h = Some(s.heading.as_str());
        self.text(h, None, None, &s.heading);
        let has_content = s.blocks.iter().any(|b| match b {
            Block::Paragraph { text } | Block::Note { text } => !text.trim().is_empty(),
            Block::Labelled { text, .. } => !text.trim().is_empty(),
            Block::List { items } => items.iter().any(|i| !i.trim().is_empty()),
            _ => true,
        });
        if !has_content && !has_children {
            self.push(
                FindingKind::MissingText,
                h,
                None,
                None,
                "Avsnittet är tomt: det har ingen text, tabell eller figur.".into(),
            );
        }
        for b in &s.blocks {
            self.block(h, b, has_content);
        }
    }

    /// `blanks`: name blank texts (in a section with other content; an
    /// empty section is one finding).
    fn block(&mut self, h: Option<&str>, b: &Block, blanks: bool) {
        match b {
            Block::Paragraph { text } => {
                if blanks && text.trim().is_empty() {
                    self.push(
                        FindingKind::MissingText,
                        h,
                        None,
                        None,
                        "Ett stycke är tomt.".into(),
                    );
                }
                self.text(h, None, None, text);
            }
            Block::Note { text } => {
                if let Some(rest) = text.trim_start().strip_prefix(MISSING_NOTE_PREFIX) {
                    self.push(
                        FindingKind::MissingText,
                        h,
                        None,
                        None,
                        format!("I rapporten står \"{MISSING_NOTE_PREFIX} {}\"", rest.trim()),
                    );
                }
                self.text(h, None, None, text);
            }
            Block::Labelled { label, text } => {
                if blanks && text.trim().is_empty() {
                    self.push(
                        FindingKind::MissingText,
                        h,
                        None,
                        None,
                        format!("Texten \"{}\" är tom.", label.trim()),
                    );
                }
                self.text(h, None, None, &format!("{label}: {text}"));
            }
            Block::List { items } => {
                for item in items {
                    self.text(h, None, None, item);
                }
            }
            Block::Table(t) => self.table(h, t),
            Block::Chart(c) => {
                let t = Some(c.title.as_str());
                self.text(h, t, None, &c.title);
                self.text(h, t, None, &c.description);
                self.text(h, t, None, &c.unit);
                for s in &c.series {
                    self.text(h, t, None, &s.name);
                }
                for cat in &c.categories {
                    self.text(h, t, None, cat);
                }
            }
            Block::KeyFigures { figures } => self.key_figures(h, figures),
            Block::Status { detail, .. } => self.text(h, None, None, detail),
        }
    }

    fn table(&mut self, h: Option<&str>, t: &ReportTable) {
        let cap = Some(t.caption.as_str());
        self.text(h, cap, None, &t.caption);
        self.text(h, cap, None, &t.label_header);
        for c in &t.columns {
            self.text(h, cap, None, &c.label);
        }
        for r in t.all_rows() {
            let row = Some(r.label.as_str());
            self.text(h, cap, row, &r.label);
            for c in &r.cells {
                if let CellValue::Text(s) = c {
                    self.text(h, cap, row, s);
                }
            }
        }
        for n in &t.notes {
            self.text(h, cap, None, n);
        }

        let mut missing = Vec::new();
        let mut estimated = Vec::new();
        for r in t.all_rows() {
            for c in &r.cells {
                match c {
                    CellValue::Missing => missing.push(r.label.as_str()),
                    CellValue::Number { estimate: true, .. }
                    | CellValue::Percent { estimate: true, .. } => estimated.push(r.label.as_str()),
                    _ => {}
                }
            }
        }
        if !missing.is_empty() {
            let n = missing.len();
            self.push(
                FindingKind::MissingValues,
                h,
                cap,
                None,
                format!(
                    "{} saknas (visas som \"{}\"): {}.",
                    values_phrase(n),
                    crate::model::MISSING,
                    rows_phrase(&missing)
                ),
            );
        }
        if !estimated.is_empty() {
            let n = estimated.len();
            self.push(
                FindingKind::Estimates,
                h,
                cap,
                None,
                format!(
                    "{} är {}: {}.",
                    values_phrase(n),
                    if n == 1 {
                        "uppskattat (markerat med *)"
                    } else {
                        "uppskattade (markerade med *)"
                    },
                    rows_phrase(&estimated)
                ),
            );
        }
        self.totals(h, t);
    }

    /// The total row against the sum of the rows, column by column.
    fn totals(&mut self, h: Option<&str>, t: &ReportTable) {
        let Some(total) = &t.total_row else {
            return;
        };
        if t.rows.is_empty() {
            return;
        }
        for (c, cell) in total.cells.iter().enumerate() {
            let CellValue::Number {
                value, decimals, ..
            } = cell
            else {
                continue;
            };
            let mut sum = 0.0;
            let mut all_numbers = true;
            for r in &t.rows {
                match r.cells.get(c) {
                    Some(CellValue::Number { value, .. }) => sum += value,
                    _ => {
                        all_numbers = false;
                        break;
                    }
                }
            }
            if !all_numbers {
                continue;
            }
            let (shown_total, shown_sum) = (
                format::number(*value, *decimals),
                format::number(sum, *decimals),
            );
            if shown_total != shown_sum {
                let column = t
                    .columns
                    .get(c)
                    .map_or_else(|| format!("{}", c + 1), |col| col.label.clone());
                self.push(
                    FindingKind::TotalMismatch,
                    h,
                    Some(&t.caption),
                    Some(&total.label),
                    format!(
                        "Summaraden visar {shown_total} i kolumnen \"{column}\", men raderna summerar till {shown_sum}."
                    ),
                );
            }
        }
    }

    fn key_figures(&mut self, h: Option<&str>, figures: &[KeyFigure]) {
        let mut missing = Vec::new();
        let mut estimated = Vec::new();
        for f in figures {
            let row = Some(f.label.as_str());
            self.text(h, None, row, &f.label);
            if let Some(c) = &f.comparison {
                self.text(h, None, row, c);
            }
            match &f.value {
                CellValue::Text(s) => self.text(h, None, row, s),
                CellValue::Missing => missing.push(f.label.as_str()),
                CellValue::Number { estimate: true, .. }
                | CellValue::Percent { estimate: true, .. } => estimated.push(f.label.as_str()),
                _ => {}
            }
        }
        if !missing.is_empty() {
            self.push(
                FindingKind::MissingValues,
                h,
                None,
                None,
                format!(
                    "Nyckeltal saknas (visas som \"{}\"): {}.",
                    crate::model::MISSING,
                    quoted_list(&missing)
                ),
            );
        }
        if !estimated.is_empty() {
            self.push(
                FindingKind::Estimates,
                h,
                None,
                None,
                format!(
                    "Nyckeltal är uppskattade (markerade med *): {}.",
                    quoted_list(&estimated)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Chart, ChartKind, ChartSeries, Column, Publication, ReportKind, Row, Section,
    };
    use jiff::civil::date;

    fn doc(sections: Vec<Section>) -> Document {
        Document {
            kind: ReportKind::Verksamhetsberattelse,
            title: "Verksamhetsberättelse 2025".into(),
            subtitle: Some("Barn och unga, Socialnämnden".into()),
            municipality: "Demokommunen".into(),
            unit: None,
            period: "2025".into(),
            period_code: "2025".into(),
            generated_on: date(2026, 1, 31),
            publication: Publication::published(),
            sections,
            definitions_used: Vec::new(),
            contents: None,
            subjects: Vec::new(),
        }
    }

    fn table(rows: Vec<Row>, total: Option<Row>) -> ReportTable {
        let mut t = ReportTable::new("placeringar", "Placeringar", "Placeringsform");
        t.columns = vec![Column::number("Antal"), Column::number("Vårddygn")];
        t.rows = rows;
        t.total_row = total;
        t
    }

    /// A document as the builders make one: texts, a table with a right
    /// total, a chart and key figures; nothing to remark.
    fn clean() -> Document {
        let t = table(
            vec![
                Row::new(
                    "HVB",
                    vec![CellValue::count(12.0), CellValue::count(2100.0)],
                ),
                Row::new(
                    "Familjehem",
                    vec![CellValue::count(30.0), CellValue::count(8400.0)],
                ),
            ],
            Some(Row::new(
                "Totalt",
                vec![CellValue::count(42.0), CellValue::count(10500.0)],
            )),
        );
        doc(vec![
            Section::new("Sammanfattande analys", 1)
                .with(Block::paragraph(
                    "Året präglades av fler aktualiseringar. Andelen XXL-placeringar i text är inget fel.",
                ))
                .with(Block::KeyFigures {
                    figures: vec![KeyFigure {
                        label: "Aktualiseringar".into(),
                        value: CellValue::count(1234.0),
                        comparison: Some("2024: 1 102".into()),
                    }],
                }),
            Section::new("Nyckeltal", 1),
            Section::new("Placeringar", 2)
                .with(Block::Table(t))
                .with(Block::Chart(Chart {
                    id: "c".into(),
                    kind: ChartKind::Bar,
                    title: "Placerade barn".into(),
                    unit: "antal".into(),
                    categories: vec!["2024".into(), "2025".into()],
                    series: vec![ChartSeries {
                        name: "Totalt".into(),
                        values: vec![Some(40.0), None],
                    }],
                    description: "Placerade barn per år.".into(),
                })),
            Section::new("Ekonomi", 1).with(Block::labelled(
                "Analys",
                "Budgeten hölls. Vad kostar en placering? Se tabellen.",
            )),
        ])
    }

    fn kinds(f: &[Finding]) -> Vec<FindingKind> {
        f.iter().map(|f| f.kind).collect()
    }

    #[test]
    fn a_clean_document_has_no_findings() {
        assert_eq!(review(&clean()), Vec::new());
    }

    #[test]
    fn placeholders_are_found_case_insensitively_and_xx_only_as_a_word() {
        let found = |s: &str| placeholders(s);
        assert_eq!(
            found("har ökat något men inte i samma utsträckning SIFFROR?. Ledningsrapporterna"),
            vec!["SIFFROR?"]
        );
        assert_eq!(found("ökade med siffror? procent"), vec!["siffror?"]);
        assert_eq!(found("Kostnaden var XX tkr och xxx kr"), vec!["XX", "xxx"]);
        assert_eq!(found("XXL, Xbox, 20 x 3, x-axeln, Xx-"), vec!["Xx"]);
        assert!(found("XXL-tröjor och en x").is_empty());
        assert_eq!(found("Antal: ??? st"), vec!["???"]);
        assert_eq!(found("Orsaken…? Oklart."), vec!["…?"]);
        assert_eq!(found("Orsaken...? Oklart."), vec!["...?"]);
        assert_eq!(found("todo: skriv klart"), vec!["todo"]);
        assert_eq!(found("FIXME"), vec!["FIXME"]);
        assert_eq!(
            found("Resultatet [Fyll i siffra] visar"),
            vec!["[Fyll i siffra]"]
        );
        assert_eq!(
            found("Texten [...] fortsätter [fyll i]"),
            vec!["[...]", "[fyll i]"]
        );
        assert!(found("Vad kostar en placering? Tododag, mastodont.").is_empty());
        assert!(found("").is_empty());
    }

    #[test]
    fn a_placeholder_in_any_text_is_a_finding_with_its_place() {
        let mut d = clean();
        d.sections[0].blocks[0] = Block::paragraph(
            "Antalet orosanmälningar har ökat något men inte i samma utsträckning SIFFROR?. Ledningsrapporterna visar att …",
        );
        if let Block::Table(t) = &mut d.sections[2].blocks[0] {
            t.rows[0].cells[0] = CellValue::text("XX");
        }
        d.subtitle = Some("Enhet TODO".into());
        let f = review(&d);
        assert_eq!(kinds(&f), vec![FindingKind::Placeholder; 3], "{f:#?}");
        assert_eq!(f[0].place(), "Titelsidan");
        assert!(f[0].message.contains("\"TODO\""), "{}", f[0].message);
        assert_eq!(f[1].section.as_deref(), Some("Sammanfattande analys"));
        assert!(
            f[1].message.contains("\"SIFFROR?\"")
                && f[1]
                    .message
                    .contains("i samma utsträckning SIFFROR?. Ledningsrapporterna"),
            "{}",
            f[1].message
        );
        assert_eq!(f[2].place(), "Placeringar › Placeringar › HVB");
        assert_eq!(
            f[2].to_string(),
            "Placeringar › Placeringar › HVB: Platshållaren \"XX\" står kvar: \"XX\"."
        );
    }

    #[test]
    fn an_unwritten_narrative_and_an_empty_section_are_findings() {
        let mut d = clean();
        // As the builders print a text nobody wrote.
        d.sections[3].blocks = vec![crate::builders::missing_note(
            "resultaträkning, budget och avvikelse förs inte i Tillit och har inte förts in.",
        )];
        d.sections.push(Section::new("Personal", 1));
        d.sections.push(
            Section::new("Intern kontroll", 1)
                .with(Block::paragraph("  "))
                .with(Block::labelled("Analys", "")),
        );
        d.sections.push(
            Section::new("Kvalitetsarbete", 1)
                .with(Block::paragraph(" \n "))
                .with(Block::paragraph("Lex Sarah: två rapporter."))
                .with(Block::labelled("Analys", "")),
        );
        let f = review(&d);
        assert_eq!(
            kinds(&f),
            vec![
                FindingKind::MissingText,
                FindingKind::MissingText,
                FindingKind::MissingText,
                FindingKind::MissingText,
                FindingKind::MissingText,
            ],
            "{f:#?}"
        );
        assert_eq!(f[0].section.as_deref(), Some("Ekonomi"));
        assert!(f[0].message.contains("Uppgifter saknas: resultaträkning"));
        assert_eq!(f[1].section.as_deref(), Some("Personal"));
        assert!(f[1].message.contains("Avsnittet är tomt"));
        // A section with only blank texts is one empty section; among
        // other content each blank text is named.
        assert_eq!(f[2].section.as_deref(), Some("Intern kontroll"));
        assert!(f[2].message.contains("Avsnittet är tomt"));
        assert_eq!(f[3].place(), "Kvalitetsarbete");
        assert_eq!(f[3].message, "Ett stycke är tomt.");
        assert_eq!(f[4].message, "Texten \"Analys\" är tom.");
        // "Nyckeltal" has no blocks of its own but a subsection: not empty.
        assert!(f.iter().all(|f| f.section.as_deref() != Some("Nyckeltal")));
    }

    #[test]
    fn missing_values_are_counted_per_table() {
        let mut d = clean();
        if let Block::Table(t) = &mut d.sections[2].blocks[0] {
            t.rows[0].cells[1] = CellValue::Missing;
            t.rows[1].cells[1] = CellValue::Missing;
            t.total_row.as_mut().unwrap().cells[1] = CellValue::Missing;
        }
        let f = review(&d);
        assert_eq!(kinds(&f), vec![FindingKind::MissingValues], "{f:#?}");
        assert_eq!(f[0].place(), "Placeringar › Placeringar");
        assert_eq!(
            f[0].message,
            "3 värden saknas (visas som \"saknas\"): raderna \"HVB\", \"Familjehem\" och \"Totalt\"."
        );
    }

    #[test]
    fn estimates_are_counted_per_table_and_among_key_figures() {
        let mut d = clean();
        if let Block::Table(t) = &mut d.sections[2].blocks[0] {
            t.rows[1].cells[0] = CellValue::count(30.0).estimated(true);
        }
        if let Block::KeyFigures { figures } = &mut d.sections[0].blocks[1] {
            figures[0].value = CellValue::count(1234.0).estimated(true);
        }
        let f = review(&d);
        assert_eq!(
            kinds(&f),
            vec![FindingKind::Estimates, FindingKind::Estimates],
            "{f:#?}"
        );
        assert_eq!(f[0].place(), "Sammanfattande analys");
        assert!(f[0].message.contains("Aktualiseringar"));
        assert_eq!(f[1].place(), "Placeringar › Placeringar");
        assert_eq!(
            f[1].message,
            "1 värde är uppskattat (markerat med *): rad \"Familjehem\"."
        );
    }

    #[test]
    fn a_total_that_is_not_the_sum_of_its_rows_is_a_finding() {
        let mut d = clean();
        if let Block::Table(t) = &mut d.sections[2].blocks[0] {
            t.total_row.as_mut().unwrap().cells[1] = CellValue::count(10600.0);
        }
        let f = review(&d);
        assert_eq!(kinds(&f), vec![FindingKind::TotalMismatch], "{f:#?}");
        assert_eq!(f[0].place(), "Placeringar › Placeringar › Totalt");
        assert_eq!(
            f[0].message,
            "Summaraden visar 10\u{a0}600 i kolumnen \"Vårddygn\", men raderna summerar till 10\u{a0}500."
        );

        // A hidden row makes the shown sum differ by design: not checked.
        let mut d = clean();
        if let Block::Table(t) = &mut d.sections[2].blocks[0] {
            t.rows[0].cells[1] = CellValue::Suppressed;
        }
        assert_eq!(review(&d), Vec::new());

        // Compared as printed: 0.1 + 0.2 is 0.3.
        let mut d = clean();
        if let Block::Table(t) = &mut d.sections[2].blocks[0] {
            t.rows[0].cells[0] = CellValue::number(0.1, 1);
            t.rows[1].cells[0] = CellValue::number(0.2, 1);
            t.total_row.as_mut().unwrap().cells[0] = CellValue::number(0.3, 1);
        }
        assert_eq!(review(&d), Vec::new());
    }

    #[test]
    fn the_builders_missing_note_has_the_reviewed_prefix() {
        let Block::Note { text } = crate::builders::missing_note("x") else {
            panic!("a note");
        };
        assert!(text.starts_with(MISSING_NOTE_PREFIX), "{text}");
    }
}
