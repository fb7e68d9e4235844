//! CSV as Swedish Excel reads it: UTF-8 with a byte-order mark, `;` between
//! fields, CRLF line ends, decimal comma and no thousands separator
//! (`1234,5`). Percents are written in percent units without the sign
//! (`85,3`; the column or the row's unit says it is a percent), dates as
//! `2025-03-01`. Suppressed cells are `..`, missing values `saknas`.
//!
//! Every table is a block: a header line `Avsnitt;Tabell;<label
//! header>;<columns>`, then one line per row with the section heading and
//! the table caption in the first two fields, then an empty line.

use crate::ReportError;
use crate::format;
use crate::model::{CellValue, Document, MISSING, SUPPRESSED};

/// A CSV field: quoted when it holds `;`, `"` or a line break; text that
/// Excel would read as a formula (`=`, `+`, `-`, `@` first) is prefixed with
/// `'`.
pub fn field(s: &str) -> String {
    let mut v = s.to_string();
    if v.starts_with(['=', '+', '-', '@']) {
        v.insert(0, '\'');
    }
    if v.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

/// How a cell is written in CSV.
pub fn cell(c: &CellValue) -> String {
    match c {
        CellValue::Number {
            value, decimals, ..
        }
        | CellValue::Percent {
            value, decimals, ..
        } => format::plain(*value, *decimals),
        CellValue::Text(s) => field(s),
        CellValue::Date(d) => d.to_string(),
        CellValue::Status(s) => field(s.label()),
        CellValue::Suppressed => SUPPRESSED.into(),
        CellValue::Missing => MISSING.into(),
        CellValue::Empty => String::new(),
    }
}

/// Lines joined with CRLF, with the BOM first.
pub(crate) fn finish(lines: &[String]) -> Vec<u8> {
    let mut out = Vec::with_capacity(lines.iter().map(|l| l.len() + 2).sum::<usize>() + 3);
    out.extend_from_slice("\u{feff}".as_bytes());
    for l in lines {
        out.extend_from_slice(l.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// Render every table of the document as CSV.
pub fn render_csv(doc: &Document) -> Result<Vec<u8>, ReportError> {
    let mut lines = vec![format!("Rapport;{}", field(&doc.title))];
    if let Some(c) = &doc.contents {
        lines.push(format!("Innehåll;{}", field(c)));
    }
    lines.extend([
        format!("Period;{}", field(&doc.period)),
        format!("Läge;{}", doc.generated_on),
        format!(
            "Version;{}",
            field(&if doc.publication.suppress {
                format!(
                    "Publicerad: celler under {} personer dolda (..)",
                    doc.publication.threshold
                )
            } else {
                "Intern med exakta värden".into()
            })
        ),
        String::new(),
    ]);
    for (sec, t) in doc.tables() {
        let mut head = vec![
            "Avsnitt".to_string(),
            "Tabell".to_string(),
            field(&t.label_header),
        ];
        head.extend(t.columns.iter().map(|c| field(&c.label)));
        lines.push(head.join(";"));
        for r in t.all_rows() {
            let mut l = vec![field(&sec.heading), field(&t.caption), field(&r.label)];
            l.extend(r.cells.iter().map(cell));
            lines.push(l.join(";"));
        }
        lines.push(String::new());
    }
    Ok(finish(&lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_defused() {
        assert_eq!(field("a;b"), "\"a;b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(cell(&CellValue::percent(85.294, 1)), "85,3");
        assert_eq!(cell(&CellValue::count(1234.0)), "1234");
    }
}
