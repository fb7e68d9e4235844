//! PDF through typst as a library: the document becomes typst markup (every
//! text as an escaped typst string, so nothing a user typed is ever read as
//! markup), charts become SVG files in a small in-memory [`World`], and the
//! fonts are typst's embedded ones (Libertinus Serif, with DejaVu Sans Mono
//! and New Computer Modern as fallbacks). Table of contents via `#outline`,
//! page numbers in the footer.

use crate::ReportError;
use crate::model::{Align, Block, CellValue, Document, ReportTable, Row};
use crate::svg::chart_svg;
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::OnceLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// The PDF font (embedded).
const FONT: &str = "Libertinus Serif";

/// The library, font book and fonts: loaded once per process.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let mut book = FontBook::new();
        let mut fonts = Vec::new();
        for data in typst_assets::fonts() {
            for font in Font::iter(Bytes::new(data)) {
                book.push(font.info().clone());
                fonts.push(font);
            }
        }
        Shared {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(book),
            fonts,
        }
    })
}

/// A world of one main file and the chart images, in memory.
struct ReportWorld {
    main: Source,
    files: HashMap<FileId, Bytes>,
    today: Option<Datetime>,
    shared: &'static Shared,
}

fn file_id(path: &str) -> Result<FileId, ReportError> {
    let vpath = VirtualPath::new(path).map_err(|e| ReportError::Pdf(format!("{e:?}")))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

/// A typst string literal: `"..."` with `\`, `"` and control characters
/// escaped. Used for every text that comes from data.
pub fn typst_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text in markup: `#"..."`. A `#` expression ends at the string's closing
/// quote, so what follows is markup again.
fn t(s: &str) -> String {
    format!("#{}", typst_string(s))
}

const PREAMBLE: &str = r##"
#set page(paper: "a4", margin: (left: 2.2cm, right: 2.2cm, top: 2.2cm, bottom: 2.4cm),
  footer: context [
    #set text(size: 8pt, fill: luma(90))
    #DOCTITLE #h(1fr) Sida #counter(page).display() av #counter(page).final().first()
  ])
#set text(font: "FONT", size: 10.5pt, lang: "sv", region: "se")
#set par(leading: 0.6em, spacing: 0.9em)
#set heading(numbering: none)
#show heading: set block(above: 1.3em, below: 0.6em)
#show heading.where(level: 1): it => { pagebreak(weak: true); set text(size: 17pt); it }
#show heading.where(level: 2): set text(size: 13.5pt)
#show heading.where(level: 3): set text(size: 11.5pt)
#show heading.where(level: 4): set text(size: 10.5pt)
#set table(stroke: (x, y) => (bottom: 0.4pt + luma(180)), inset: (x: 4pt, y: 3pt))
#show table: set text(size: 8.5pt)
#show table.cell.where(y: 0): set text(weight: "bold")
#show outline.entry.where(level: 1): set text(weight: "bold")
"##;

/// The typst markup of a document (exposed for tests and debugging).
pub fn typst_markup(doc: &Document) -> (String, Vec<(String, String)>) {
    let mut s = String::with_capacity(64 * 1024);
    let mut charts = Vec::new();
    let _ = writeln!(
        s,
        "#set document(title: {}, author: {})",
        typst_string(&doc.title),
        typst_string(if doc.municipality.is_empty() {
            "Tillit"
        } else {
            &doc.municipality
        })
    );
    s.push_str(
        &PREAMBLE
            .replace("FONT", FONT)
            .replace("#DOCTITLE", &t(&doc.title)),
    );
    // Title page.
    s.push_str("#v(3cm)\n");
    let _ = writeln!(
        s,
        "#text(size: 26pt, weight: \"bold\")[{}]\n",
        t(&doc.title)
    );
    if let Some(sub) = &doc.subtitle {
        let _ = writeln!(s, "#text(size: 14pt)[{}]\n", t(sub));
    }
    s.push_str("#v(1cm)\n");
    let _ = writeln!(
        s,
        "#text(size: 11pt)[{} #linebreak() {} #linebreak() {}]\n",
        t(&format!("Period: {}", doc.period)),
        t(&format!("Uppgifterna avser läget {}", doc.generated_on)),
        t(&if doc.publication.suppress {
            format!(
                "Publicerad version: celler som bygger på färre än {} personer är dolda.",
                doc.publication.threshold
            )
        } else {
            "Intern version med exakta värden: får inte publiceras.".to_string()
        })
    );
    s.push_str("#v(1fr)\n");
    let _ = writeln!(
        s,
        "#text(size: 9pt, fill: luma(70))[{}]\n",
        t(
            "Framtagen ur ärendena i Tillit. Varje siffra är beräknad, inte inskriven; definitionerna finns sist i rapporten."
        )
    );
    s.push_str("#pagebreak()\n#outline(title: [Innehåll], depth: 2, indent: 1em)\n#pagebreak()\n");
    for sec in &doc.sections {
        let _ = writeln!(s, "#heading(level: {})[{}]\n", sec.level, t(&sec.heading));
        for b in &sec.blocks {
            block(&mut s, b, &mut charts);
        }
    }
    let _ = writeln!(
        s,
        "#v(1em)\n#text(size: 8.5pt, style: \"italic\")[{}]\n",
        t(&doc.legend())
    );
    (s, charts)
}

fn paragraphs(s: &mut String, text: &str, note: bool) {
    for p in text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
        if note {
            let _ = writeln!(s, "#text(style: \"italic\", fill: luma(60))[{}]\n", t(p));
        } else {
            let _ = writeln!(s, "{}\n", t(p));
        }
    }
}

fn block(s: &mut String, b: &Block, charts: &mut Vec<(String, String)>) {
    match b {
        Block::Paragraph { text } => paragraphs(s, text, false),
        Block::Note { text } => paragraphs(s, text, true),
        Block::Labelled { label, text } => {
            let _ = writeln!(s, "#block(below: 0.3em)[#strong[{}]]", t(label));
            paragraphs(s, text, false);
        }
        Block::List { items } => {
            s.push_str("#list(");
            for i in items {
                let _ = write!(s, "[{}], ", t(i));
            }
            s.push_str(")\n\n");
        }
        Block::Table(tb) => table(s, tb),
        Block::Chart(c) => {
            let name = format!("chart-{}.svg", charts.len());
            charts.push((name.clone(), chart_svg(c, FONT)));
            let _ = writeln!(
                s,
                "#figure(image({}, width: 100%, alt: {}), caption: [{}], supplement: [Diagram])\n",
                typst_string(&name),
                typst_string(&c.description),
                t(&c.title)
            );
        }
        Block::KeyFigures { figures } => {
            s.push_str("#grid(columns: (1fr, 1fr, 1fr), gutter: 6pt,\n");
            for f in figures {
                let _ = writeln!(
                    s,
                    "  block(width: 100%, inset: 6pt, radius: 2pt, stroke: 0.5pt + luma(170))[#text(size: 8pt)[{}] #linebreak() #text(size: 15pt, weight: \"bold\")[{}] #linebreak() #text(size: 8pt, fill: luma(70))[{}]],",
                    t(&f.label),
                    t(&f.value.display()),
                    t(f.comparison.as_deref().unwrap_or(""))
                );
            }
            s.push_str(")\n\n");
        }
        Block::Status { status, detail } => {
            let _ = writeln!(
                s,
                "#block[#text(fill: rgb({}), size: 12pt)[{}] #strong[{}] #text(size: 9pt, fill: luma(70))[{}]]\n",
                typst_string(status.colour_hex()),
                t(status.symbol()),
                t(&format!("Status: {}", status.label())),
                t(&format!("({detail})"))
            );
        }
    }
}

fn cell_markup(c: &CellValue) -> String {
    match c {
        CellValue::Status(st) => format!(
            "[#text(fill: rgb({}))[{}] {}]",
            typst_string(st.colour_hex()),
            t(st.symbol()),
            t(st.label())
        ),
        c => format!("[{}]", t(&c.display())),
    }
}

fn row(s: &mut String, r: &Row, bold: bool) {
    let wrap = |m: String| {
        if bold { format!("[#strong{m}]") } else { m }
    };
    let _ = write!(s, "  {}, ", wrap(format!("[{}]", t(&r.label))));
    for c in &r.cells {
        let _ = write!(s, "{}, ", wrap(cell_markup(c)));
    }
    s.push('\n');
}

fn table(s: &mut String, tb: &ReportTable) {
    let n = tb.columns.len();
    let mut cols = vec!["2fr".to_string()];
    let mut aligns = vec!["left".to_string()];
    for c in &tb.columns {
        match c.align {
            Align::Right => {
                cols.push("auto".into());
                aligns.push("right".into());
            }
            Align::Left => {
                cols.push("1fr".into());
                aligns.push("left".into());
            }
        }
    }
    let _ = writeln!(
        s,
        "#block(below: 0.3em, breakable: false)[#strong[{}]]",
        t(&tb.caption)
    );
    let _ = writeln!(
        s,
        "#table(columns: ({},), align: ({},),",
        cols.join(", "),
        aligns.join(", ")
    );
    s.push_str("  table.header(");
    let _ = write!(s, "[{}], ", t(&tb.label_header));
    for c in &tb.columns {
        let _ = write!(s, "[{}], ", t(&c.label));
    }
    s.push_str("),\n  table.hline(stroke: 0.8pt),\n");
    for r in &tb.rows {
        row(s, r, false);
    }
    if let Some(tr) = &tb.total_row {
        s.push_str("  table.hline(stroke: 0.8pt),\n");
        row(s, tr, true);
    }
    let _ = n;
    s.push_str(")\n\n");
    for note in &tb.notes {
        let _ = writeln!(s, "#text(size: 8pt, fill: luma(70))[{}]\n", t(note));
    }
}

/// Render the document as PDF (A4, embedded fonts, tagged).
pub fn render_pdf(doc: &Document) -> Result<Vec<u8>, ReportError> {
    let (markup, charts) = typst_markup(doc);
    compile(
        markup,
        charts,
        doc.generated_on,
        format!("tillit-{}", doc.title),
    )
}

/// Compile typst `markup` (with `files`: name and SVG text) into a PDF with
/// the embedded fonts, `today` as the document's date and `ident` as its
/// identifier. Every text in `markup` from data must be a
/// [`typst_string`]. Used by [`render_pdf`] and by other documents than
/// reports (the case file's extract, `crate::case_file`).
pub fn compile(
    markup: String,
    files: Vec<(String, String)>,
    today: jiff::civil::Date,
    ident: String,
) -> Result<Vec<u8>, ReportError> {
    let main_id = file_id("/main.typ")?;
    let mut file_map = HashMap::new();
    for (name, svg) in files {
        file_map.insert(file_id(&format!("/{name}"))?, Bytes::from_string(svg));
    }
    let d = today;
    let world = ReportWorld {
        main: Source::new(main_id, markup),
        files: file_map,
        today: Datetime::from_ymd(i32::from(d.year()), d.month() as u8, d.day() as u8),
        shared: shared(),
    };
    let warned = typst::compile::<PagedDocument>(&world);
    let compiled = warned.output.map_err(|errs| {
        ReportError::Pdf(
            errs.iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    });
    let pdf = compiled.and_then(|document| {
        let options = typst_pdf::PdfOptions {
            ident: typst::foundations::Smart::Custom(ident),
            ..Default::default()
        };
        typst_pdf::pdf(&document, &options).map_err(|errs| {
            ReportError::Pdf(
                errs.iter()
                    .map(|e| e.message.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })
    });
    // Keep typst's memo cache from growing across many reports.
    typst::comemo::evict(10);
    pdf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped() {
        assert_eq!(typst_string(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(typst_string("x\ny"), r#""x\ny""#);
        assert_eq!(t("#set [x] $y$ *z* _w_"), "#\"#set [x] $y$ *z* _w_\"");
    }
}
