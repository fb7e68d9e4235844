//! HTML: a fragment to put inside a page of the web app, and a standalone
//! page. No JavaScript; charts are inline SVG; every text is escaped.

use crate::ReportError;
use crate::model::{Align, Block, CellValue, Document, ReportTable, Row};
use crate::svg::chart_svg;
use std::fmt::Write;

/// Escape text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const FONT: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/// The stylesheet of the standalone page; the fragment uses the same class
/// names (`tillit-report`, `num`, `total`, `status-*`, `note`, `keyfigures`).
pub const STYLE: &str = r#"
.tillit-report { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1b1b1b; line-height: 1.45; max-width: 60rem; }
.tillit-report h1 { font-size: 1.8rem; margin-bottom: .2rem; }
.tillit-report .subtitle { font-size: 1.1rem; color: #444; margin-top: 0; }
.tillit-report .meta { color: #444; font-size: .9rem; }
.tillit-report nav ol { padding-left: 1.2rem; }
.tillit-report table { border-collapse: collapse; margin: .8rem 0 1.2rem; font-size: .9rem; }
.tillit-report caption { text-align: left; font-weight: 600; padding: .3rem 0; }
.tillit-report th, .tillit-report td { border-bottom: 1px solid #c8c8c8; padding: .25rem .5rem; vertical-align: top; }
.tillit-report thead th { border-bottom: 2px solid #333; text-align: left; }
.tillit-report .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.tillit-report tfoot th, .tillit-report tfoot td { font-weight: 700; border-top: 2px solid #333; }
.tillit-report .note { font-style: italic; color: #444; }
.tillit-report .tablenote { font-size: .85rem; color: #444; margin-top: -.8rem; }
.tillit-report .status { font-weight: 600; }
.tillit-report .status-symbol { font-size: 1.2em; }
.tillit-report .keyfigures { display: flex; flex-wrap: wrap; gap: .8rem; padding: 0; }
.tillit-report .keyfigures div { border: 1px solid #c8c8c8; border-radius: 4px; padding: .5rem .8rem; min-width: 10rem; }
.tillit-report .keyfigures dt { font-size: .85rem; color: #444; }
.tillit-report .keyfigures dd { margin: 0; font-size: 1.5rem; font-weight: 700; }
.tillit-report .keyfigures .cmp { font-size: .85rem; font-weight: 400; color: #444; display: block; }
.tillit-report figure { margin: 1rem 0; }
.tillit-report figure svg { max-width: 100%; height: auto; }
.tillit-report .label { font-weight: 600; margin-bottom: 0; }
.tillit-report .label + p { margin-top: .1rem; }
"#;

/// The report as an HTML fragment (a `<article class="tillit-report">`).
pub fn render_html_fragment(doc: &Document) -> String {
    let mut s = String::with_capacity(64 * 1024);
    // Writing to a String cannot fail: the results of write! are ignored.
    let _ = write!(s, r#"<article class="tillit-report" lang="sv">"#);
    let _ = write!(s, "<header><h1>{}</h1>", escape(&doc.title));
    if let Some(sub) = &doc.subtitle {
        let _ = write!(s, r#"<p class="subtitle">{}</p>"#, escape(sub));
    }
    let _ = write!(
        s,
        r#"<p class="meta">Period: {} · Uppgifterna avser läget {} · {}</p></header>"#,
        escape(&doc.period),
        doc.generated_on,
        if doc.publication.suppress {
            format!(
                "Publicerad version (celler under {} personer dolda)",
                doc.publication.threshold
            )
        } else {
            "Intern version med exakta värden".to_string()
        }
    );
    // Table of contents.
    let _ = write!(s, r#"<nav aria-label="Innehåll"><h2>Innehåll</h2><ol>"#);
    for (i, sec) in doc.sections.iter().enumerate() {
        if sec.level <= 2 {
            let _ = write!(
                s,
                "<li{}><a href=\"#avsnitt-{i}\">{}</a></li>",
                if sec.level == 2 {
                    r#" style="margin-left:1rem""#
                } else {
                    ""
                },
                escape(&sec.heading)
            );
        }
    }
    let _ = write!(s, "</ol></nav>");
    for (i, sec) in doc.sections.iter().enumerate() {
        let h = (sec.level + 1).min(6);
        let _ = write!(
            s,
            "<section aria-labelledby=\"avsnitt-{i}\"><h{h} id=\"avsnitt-{i}\">{}</h{h}>",
            escape(&sec.heading)
        );
        for b in &sec.blocks {
            block(&mut s, b);
        }
        let _ = write!(s, "</section>");
    }
    let _ = write!(s, r#"<p class="note">{}</p>"#, escape(&doc.legend()));
    s.push_str("</article>");
    s
}

fn paragraphs(s: &mut String, text: &str, class: Option<&str>) {
    for p in text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
        match class {
            Some(c) => {
                let _ = write!(s, r#"<p class="{c}">{}</p>"#, escape(p));
            }
            None => {
                let _ = write!(s, "<p>{}</p>", escape(p));
            }
        }
    }
}

fn block(s: &mut String, b: &Block) {
    match b {
        Block::Paragraph { text } => paragraphs(s, text, None),
        Block::Note { text } => paragraphs(s, text, Some("note")),
        Block::Labelled { label, text } => {
            let _ = write!(s, r#"<p class="label">{}</p>"#, escape(label));
            paragraphs(s, text, None);
        }
        Block::List { items } => {
            s.push_str("<ul>");
            for i in items {
                let _ = write!(s, "<li>{}</li>", escape(i));
            }
            s.push_str("</ul>");
        }
        Block::Table(t) => table(s, t),
        Block::Chart(c) => {
            let _ = write!(
                s,
                "<figure>{}<figcaption>{}</figcaption></figure>",
                chart_svg(c, FONT),
                escape(&c.title)
            );
        }
        Block::KeyFigures { figures } => {
            s.push_str(r#"<dl class="keyfigures">"#);
            for f in figures {
                let _ = write!(
                    s,
                    "<div><dt>{}</dt><dd>{}",
                    escape(&f.label),
                    escape(&f.value.display())
                );
                if let Some(c) = &f.comparison {
                    let _ = write!(s, r#"<span class="cmp">{}</span>"#, escape(c));
                }
                s.push_str("</dd></div>");
            }
            s.push_str("</dl>");
        }
        Block::Status { status, detail } => {
            let _ = write!(
                s,
                r#"<p class="status status-{}"><span class="status-symbol" style="color:{}" aria-hidden="true">{}</span> Status: {} <span class="note">({})</span></p>"#,
                status.code(),
                status.colour_hex(),
                status.symbol(),
                escape(status.label()),
                escape(detail)
            );
        }
    }
}

fn cell(s: &mut String, c: &CellValue, align: Align, header: bool) {
    let class = match (c, align) {
        (
            CellValue::Number { .. }
            | CellValue::Percent { .. }
            | CellValue::Suppressed
            | CellValue::Missing,
            _,
        )
        | (_, Align::Right) => r#" class="num""#,
        _ => "",
    };
    let tag = if header { "th" } else { "td" };
    let scope = if header { r#" scope="row""# } else { "" };
    match c {
        CellValue::Status(st) => {
            let _ = write!(
                s,
                r#"<{tag}{scope}><span class="status-symbol" style="color:{}" aria-hidden="true">{}</span> {}</{tag}>"#,
                st.colour_hex(),
                st.symbol(),
                escape(st.label())
            );
        }
        CellValue::Suppressed => {
            let _ = write!(
                s,
                r#"<{tag}{scope}{class}><abbr title="Dolt värde: för få personer">..</abbr></{tag}>"#
            );
        }
        c => {
            let _ = write!(s, "<{tag}{scope}{class}>{}</{tag}>", escape(&c.display()));
        }
    }
}

fn row(s: &mut String, r: &Row, t: &ReportTable) {
    s.push_str("<tr>");
    cell(s, &CellValue::Text(r.label.clone()), Align::Left, true);
    for (i, c) in r.cells.iter().enumerate() {
        let align = t.columns.get(i).map_or(Align::Left, |c| c.align);
        cell(s, c, align, false);
    }
    s.push_str("</tr>");
}

fn table(s: &mut String, t: &ReportTable) {
    let _ = write!(
        s,
        r#"<table id="tabell-{}"><caption>{}</caption><thead><tr><th scope="col">{}</th>"#,
        escape(&t.id),
        escape(&t.caption),
        escape(&t.label_header)
    );
    for c in &t.columns {
        let class = if c.align == Align::Right {
            r#" class="num""#
        } else {
            ""
        };
        let _ = write!(s, r#"<th scope="col"{class}>{}</th>"#, escape(&c.label));
    }
    s.push_str("</tr></thead><tbody>");
    for r in &t.rows {
        row(s, r, t);
    }
    s.push_str("</tbody>");
    if let Some(tr) = &t.total_row {
        s.push_str("<tfoot>");
        row(s, tr, t);
        s.push_str("</tfoot>");
    }
    s.push_str("</table>");
    for n in &t.notes {
        let _ = write!(s, r#"<p class="tablenote">{}</p>"#, escape(n));
    }
}

/// The report as a standalone HTML page (UTF-8), with its stylesheet.
pub fn render_html(doc: &Document) -> Result<Vec<u8>, ReportError> {
    let mut s = String::with_capacity(80 * 1024);
    let _ = write!(
        s,
        r#"<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{}</title><style>{STYLE}
body {{ margin: 2rem auto; padding: 0 1rem; max-width: 62rem; }}
@media print {{ nav {{ display: none; }} }}
</style></head><body><main>"#,
        escape(&doc.title)
    );
    s.push_str(&render_html_fragment(doc));
    s.push_str("</main></body></html>");
    Ok(s.into_bytes())
}
