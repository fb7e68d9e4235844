//! Excel (.xlsx) through rust_xlsxwriter: a sheet "Om rapporten" with the
//! report's facts and definitions, then one sheet per section that has
//! tables. Numbers are numbers (with number formats: thousands separator,
//! the figure's decimals, a unit suffix where it has one), percents are
//! fractions with the format `0.0%`, dates are dates. Header rows are bold
//! and the panes are frozen below the first header and right of the labels.

use crate::ReportError;
use crate::model::{CellValue, Document, MISSING, ReportTable, Row, SUPPRESSED};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError,
};
use std::collections::HashSet;

impl From<XlsxError> for ReportError {
    fn from(e: XlsxError) -> Self {
        ReportError::Xlsx(e.to_string())
    }
}

/// Excel's longest sheet name, in characters.
pub(crate) const SHEET_NAME_MAX: usize = 31;

/// `text` in at most `max` characters, cut at a word boundary (never in a
/// word) and without a dangling separator (",", "-", ":", "(" ...) at the
/// end; only a first word longer than `max` is cut inside itself.
fn shorten_at_word(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    // The longest prefix of at most `max` characters followed by a space.
    let cut = (1..=max)
        .rev()
        .find(|&n| chars.get(n).is_some_and(|c| c.is_whitespace()));
    let dangling = |c: char| c.is_whitespace() || ",;:-–—(/&.".contains(c);
    if let Some(n) = cut {
        let kept: String = chars[..n].iter().collect();
        let kept = kept.trim_end_matches(dangling);
        if !kept.is_empty() {
            return kept.to_string();
        }
    }
    chars[..max].iter().collect()
}

/// A valid, unique sheet name: at most 31 characters, none of `[]:*?/\`,
/// shortened at a word boundary; a name already used gets " (2)", " (3)"
/// ... after the words that fit beside it.
pub(crate) fn sheet_name(want: &str, used: &mut HashSet<String>) -> String {
    let clean: String = want
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect();
    let clean = clean.trim().trim_matches('\'').to_string();
    let clean = if clean.is_empty() {
        "Blad".to_string()
    } else {
        clean
    };
    let mut name = shorten_at_word(&clean, SHEET_NAME_MAX);
    let mut n = 2;
    while used.contains(&name.to_lowercase()) {
        let suffix = format!(" ({n})");
        let keep = SHEET_NAME_MAX - suffix.chars().count();
        name = format!("{}{suffix}", shorten_at_word(&clean, keep));
        n += 1;
    }
    used.insert(name.to_lowercase());
    name
}

fn number_format(decimals: u8, unit: Option<&str>) -> String {
    let mut f = "#,##0".to_string();
    if decimals > 0 {
        f.push('.');
        f.push_str(&"0".repeat(usize::from(decimals.min(6))));
    }
    if let Some(u) = unit {
        let u = u.replace('"', "");
        f.push_str(&format!("\" {u}\""));
    }
    f
}

fn percent_format(decimals: u8) -> String {
    if decimals == 0 {
        "0%".into()
    } else {
        format!("0.{}%", "0".repeat(usize::from(decimals.min(6))))
    }
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    c: &CellValue,
    bold: bool,
) -> Result<(), ReportError> {
    let base = || {
        let f = Format::new();
        if bold { f.set_bold() } else { f }
    };
    match c {
        CellValue::Number {
            value,
            decimals,
            unit,
            estimate,
            ..
        } => {
            let mut f = base().set_num_format(number_format(*decimals, unit.as_deref()));
            if *estimate {
                f = f.set_italic();
            }
            ws.write_number_with_format(row, col, *value, &f)?;
        }
        CellValue::Percent {
            value,
            decimals,
            estimate,
            ..
        } => {
            let mut f = base().set_num_format(percent_format(*decimals));
            if *estimate {
                f = f.set_italic();
            }
            ws.write_number_with_format(row, col, *value / 100.0, &f)?;
        }
        CellValue::Text(s) => {
            ws.write_string_with_format(row, col, s, &base())?;
        }
        CellValue::Date(d) => {
            let dt = ExcelDateTime::from_ymd(
                u16::try_from(d.year()).unwrap_or(1900),
                d.month() as u8,
                d.day() as u8,
            )?;
            ws.write_datetime_with_format(row, col, &dt, &base().set_num_format("yyyy-mm-dd"))?;
        }
        CellValue::Status(st) => {
            let rgb = u32::from_str_radix(st.colour_hex().trim_start_matches('#'), 16).unwrap_or(0);
            ws.write_string_with_format(
                row,
                col,
                format!("{} {}", st.symbol(), st.label()),
                &base().set_font_color(Color::RGB(rgb)),
            )?;
        }
        CellValue::Suppressed => {
            ws.write_string_with_format(
                row,
                col,
                SUPPRESSED,
                &base().set_align(rust_xlsxwriter::FormatAlign::Right),
            )?;
        }
        CellValue::Missing => {
            ws.write_string_with_format(
                row,
                col,
                MISSING,
                &base().set_align(rust_xlsxwriter::FormatAlign::Right),
            )?;
        }
        CellValue::Empty => {}
    }
    Ok(())
}

fn write_row(ws: &mut Worksheet, r: u32, row: &Row, bold: bool) -> Result<(), ReportError> {
    let f = if bold {
        Format::new().set_bold().set_border_top(FormatBorder::Thin)
    } else {
        Format::new()
    };
    ws.write_string_with_format(r, 0, &row.label, &f)?;
    for (i, c) in row.cells.iter().enumerate() {
        let col =
            u16::try_from(i + 1).map_err(|_| ReportError::Xlsx("för många kolumner".into()))?;
        write_cell(ws, r, col, c, bold)?;
    }
    Ok(())
}

/// Write a table from row `r`; returns the next free row and the header row.
fn write_table(ws: &mut Worksheet, mut r: u32, t: &ReportTable) -> Result<(u32, u32), ReportError> {
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_border_bottom(FormatBorder::Thin)
        .set_text_wrap();
    ws.write_string_with_format(r, 0, &t.caption, &bold)?;
    r += 1;
    let header_row = r;
    ws.write_string_with_format(r, 0, &t.label_header, &head)?;
    for (i, c) in t.columns.iter().enumerate() {
        let col =
            u16::try_from(i + 1).map_err(|_| ReportError::Xlsx("för många kolumner".into()))?;
        ws.write_string_with_format(r, col, &c.label, &head)?;
    }
    r += 1;
    for row in &t.rows {
        write_row(ws, r, row, false)?;
        r += 1;
    }
    if let Some(tr) = &t.total_row {
        write_row(ws, r, tr, true)?;
        r += 1;
    }
    let note = Format::new().set_italic();
    for n in &t.notes {
        ws.write_string_with_format(r, 0, n, &note)?;
        r += 1;
    }
    Ok((r + 1, header_row))
}

/// Render the document as an .xlsx workbook.
pub fn render_xlsx(doc: &Document) -> Result<Vec<u8>, ReportError> {
    let mut wb = Workbook::new();
    wb.set_properties(&DocProperties::new().set_title(&doc.title).set_author(
        if doc.municipality.is_empty() {
            "Tillit"
        } else {
            &doc.municipality
        },
    ));
    let mut used = HashSet::new();
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name("Om rapporten", &mut used))?;
        ws.write_string_with_format(0, 0, &doc.title, &title)?;
        let mut r = 1;
        let mut line = |ws: &mut Worksheet, k: &str, v: &str| -> Result<(), ReportError> {
            ws.write_string_with_format(r, 0, k, &bold)?;
            ws.write_string(r, 1, v)?;
            r += 1;
            Ok(())
        };
        if let Some(c) = &doc.contents {
            line(ws, "Innehåll", c)?;
        }
        if let Some(s) = &doc.subtitle {
            line(ws, "Avser", s)?;
        }
        line(ws, "Period", &doc.period)?;
        line(ws, "Periodkod", &doc.period_code)?;
        line(ws, "Uppgifterna avser läget", &doc.generated_on.to_string())?;
        line(
            ws,
            "Version",
            &if doc.publication.suppress {
                format!(
                    "Publicerad: celler under {} personer dolda",
                    doc.publication.threshold
                )
            } else {
                "Intern med exakta värden".into()
            },
        )?;
        line(ws, "Teckenförklaring", &doc.legend())?;
        r += 1;
        ws.write_string_with_format(r, 0, "Definitioner", &title)?;
        r += 1;
        let head = Format::new()
            .set_bold()
            .set_border_bottom(FormatBorder::Thin);
        for (i, h) in ["Indikator", "Id", "Version", "Definition"]
            .iter()
            .enumerate()
        {
            ws.write_string_with_format(r, i as u16, *h, &head)?;
        }
        r += 1;
        for d in &doc.definitions_used {
            ws.write_string(r, 0, &d.name)?;
            ws.write_string(r, 1, &d.id)?;
            ws.write_number(r, 2, d.version)?;
            ws.write_string(r, 3, &d.definition)?;
            r += 1;
        }
        ws.set_column_width(0, 34)?;
        ws.set_column_width(1, 32)?;
        ws.set_column_width(2, 9)?;
        ws.set_column_width(3, 100)?;
    }
    for sec in &doc.sections {
        let tables: Vec<&ReportTable> = sec
            .blocks
            .iter()
            .filter_map(|b| match b {
                crate::model::Block::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        if tables.is_empty() {
            continue;
        }
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&sec.heading, &mut used))?;
        ws.write_string_with_format(0, 0, &sec.heading, &title)?;
        let mut r = 2;
        let mut first_header = None;
        let mut label_width = 12usize;
        let mut max_cols = 0usize;
        for t in &tables {
            let (next, header) = write_table(ws, r, t)?;
            first_header.get_or_insert(header);
            r = next;
            label_width = label_width.max(
                t.all_rows()
                    .map(|row| row.label.chars().count())
                    .chain([t.label_header.chars().count()])
                    .max()
                    .unwrap_or(0),
            );
            max_cols = max_cols.max(t.columns.len());
        }
        if let Some(h) = first_header {
            ws.set_freeze_panes(h + 1, 1)?;
        }
        ws.set_column_width(0, (label_width.min(60) + 2) as f64)?;
        for c in 1..=max_cols {
            let col =
                u16::try_from(c).map_err(|_| ReportError::Xlsx("för många kolumner".into()))?;
            ws.set_column_width(col, 15)?;
        }
    }
    Ok(wb.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut used = HashSet::new();
        assert_eq!(sheet_name("Mål: a/b", &mut used), "Mål- a-b");
        let long = "x".repeat(40);
        let a = sheet_name(&long, &mut used);
        let b = sheet_name(&long, &mut used);
        assert_eq!(a.chars().count(), 31);
        assert_eq!(b.chars().count(), 31);
        assert_ne!(a, b);
        let words = "Ej verkställda beslut per insatstyp och kön";
        assert_eq!(sheet_name(words, &mut used), "Ej verkställda beslut per");
        assert_eq!(
            sheet_name(words, &mut used),
            "Ej verkställda beslut per (2)"
        );
        assert_eq!(
            sheet_name("Kostnader, placeringar och insatser", &mut used),
            "Kostnader, placeringar och"
        );
        assert_eq!(number_format(1, Some("dagar")), "#,##0.0\" dagar\"");
        assert_eq!(percent_format(1), "0.0%");
    }
}
