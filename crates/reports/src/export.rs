//! National extracts.
//!
//! - [`nuso_rows`], [`nuso_csv`], [`nuso_xlsx`]: the NUSO-style extract of
//!   every aktualisering received in a period, one row per report: month
//!   received, kön, ålder, typ (anmälan/ansökan/övrigt), anmälarkategori,
//!   orsaker and beslut (inleda utredning / inte inleda utredning / tillförd
//!   pågående utredning / ej beslutad). No personnummer, names or case ids.
//!   Rows are individual reports, not aggregates: the extract is for the
//!   national study, not for publication, and is not suppressed. Its first
//!   line (CSV) or row (Excel) says so ([`NUSO_CONTENTS`]), and
//!   [`nuso_subjects`] names the children in it, so that whoever sends the
//!   extract can log a read of each.
//! - [`kolada_json`]: the unit's indicators for a year, shaped like Kolada's
//!   API (`{"values":[{"kpi", "municipality", "period", "values":[{"gender",
//!   "value", "status"}]}]}`) with gender `T` (total, okänt kön included),
//!   `K` (flickor/kvinnor) and `M` (pojkar/män). `status` is `""` for a
//!   shown value, `"missing"` when the figure cannot be given (`value`
//!   null, never 0), and `"suppressed"` when it is hidden by small-cell
//!   suppression (`value` null). Suppression follows the input's
//!   [`crate::Publication`], with okänt kön in the group so that it cannot
//!   be worked out.

use crate::ReportError;
use crate::csv::{field, finish};
use crate::ctx::{Ctx, decimals, round};
use crate::input::ReportInput;
use crate::xlsx::sheet_name;
use rust_xlsxwriter::{Format, FormatBorder, Workbook};
use serde::Serialize;
use std::collections::HashSet;
use tillit_domain::catalog::{ConcernCategory, Gender};
use tillit_followup::day::UNKNOWN_AGE;
use tillit_followup::facts::PreAssessment;
use tillit_followup::manual::manual_table;
use tillit_followup::{Breakdown, Key, Period, Published, PublishedTable, computed_indicators};

/// One aktualisering in the NUSO extract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NusoRow {
    /// `2025-03`.
    pub month: String,
    /// pojke, flicka, okänt.
    pub gender: &'static str,
    /// Age on the day received; `None` when the birth date is unknown.
    pub age: Option<u8>,
    /// anmälan, ansökan, övrigt.
    pub kind: String,
    pub reporter: &'static str,
    /// Concern labels in catalogue order.
    pub concerns: Vec<&'static str>,
    pub decision: &'static str,
}

/// The decision on a report, as the extract names it.
pub fn decision_label(p: PreAssessment) -> &'static str {
    match p {
        PreAssessment::OpenInvestigation => "inleda utredning",
        PreAssessment::NoInvestigation => "inte inleda utredning",
        PreAssessment::AddedToInvestigation => "tillförd pågående utredning",
        PreAssessment::Pending => "ej beslutad",
    }
}

fn gender_label(g: Gender) -> &'static str {
    match g {
        Gender::Male => "pojke",
        Gender::Female => "flicka",
        Gender::Unknown => "okänt",
    }
}

/// What the NUSO extract contains: its first line (CSV) or row (Excel).
pub const NUSO_CONTENTS: &str = "Uppgifter om enskilda: en rad per aktualisering (månad, kön, ålder, typ, anmälarkategori, orsaker och beslut). Inga namn eller personnummer, men raderna kan föras till enskilda barn och omfattas av sekretess enligt 26 kap. 1 § offentlighets- och sekretesslagen. Varje uttag loggas.";

/// The reports of the extract: received in `period`, of the input's unit
/// if set, in order of receipt.
fn nuso_reports<'a>(
    input: &ReportInput<'a>,
    period: &Period,
) -> impl Iterator<Item = &'a tillit_followup::facts::ReportFact> + use<'a> {
    let facts = input.facts;
    let unit = input.unit.map(|u| facts.unit_index(u).unwrap_or(u16::MAX));
    let (ps, pe) = (period.first_day(), period.last_day());
    facts
        .reports()
        .iter()
        .filter(move |r| (ps..=pe).contains(&r.received) && unit.is_none_or(|u| u == r.unit))
}

/// The children in the extract of `period`, each once, with the case of
/// their first report.
pub fn nuso_subjects(
    input: &ReportInput<'_>,
    period: &Period,
) -> Vec<(tillit_domain::PersonId, tillit_domain::CaseId)> {
    let facts = input.facts;
    let mut seen = HashSet::new();
    nuso_reports(input, period)
        .filter(|r| seen.insert(r.person))
        .filter_map(|r| Some((facts.person_id(r.person)?, facts.case_id(r.case)?)))
        .collect()
}

/// Every aktualisering received in `period` (of the input's unit, if set),
/// in order of receipt.
pub fn nuso_rows(input: &ReportInput<'_>, period: &Period) -> Vec<NusoRow> {
    nuso_reports(input, period)
        .map(|r| NusoRow {
            month: tillit_followup::day::date_of(r.received)
                .map_or_else(String::new, |d| format!("{:04}-{:02}", d.year(), d.month())),
            gender: gender_label(r.gender),
            age: (r.age != UNKNOWN_AGE).then_some(r.age),
            kind: r.kind.label().to_lowercase(),
            reporter: r.reporter.label(),
            concerns: ConcernCategory::ENTRIES
                .iter()
                .enumerate()
                .filter(|(i, _)| r.concerns & (1u16 << i) != 0)
                .map(|(_, e)| e.label)
                .collect(),
            decision: decision_label(r.pre_assessment),
        })
        .collect()
}

const NUSO_HEADER: [&str; 8] = [
    "Rad",
    "Månad",
    "Kön",
    "Ålder",
    "Typ",
    "Anmälarkategori",
    "Orsaker",
    "Beslut",
];

/// The NUSO extract as CSV (UTF-8 with BOM, `;`, CRLF): first what it
/// contains ([`NUSO_CONTENTS`]) and an empty line, then the header and a
/// line per report. Ages are whole numbers; an unknown age is an empty
/// field.
pub fn nuso_csv(rows: &[NusoRow]) -> Vec<u8> {
    let mut lines = Vec::with_capacity(rows.len() + 3);
    lines.push(format!("Innehåll;{}", field(NUSO_CONTENTS)));
    lines.push(String::new());
    lines.push(NUSO_HEADER.join(";"));
    for (i, r) in rows.iter().enumerate() {
        lines.push(
            [
                (i + 1).to_string(),
                r.month.clone(),
                field(r.gender),
                r.age.map_or_else(String::new, |a| a.to_string()),
                field(&r.kind),
                field(r.reporter),
                field(&r.concerns.join(", ")),
                field(r.decision),
            ]
            .join(";"),
        );
    }
    finish(&lines)
}

/// Rows of the Excel sheet above the header: what the extract contains,
/// then an empty row.
pub const NUSO_XLSX_HEADER_ROW: u32 = 2;

/// The NUSO extract as an .xlsx workbook (one sheet, ages as numbers): what
/// it contains in the first row, the header in row [`NUSO_XLSX_HEADER_ROW`]
/// (counting from 0), a row per report below.
pub fn nuso_xlsx(rows: &[NusoRow]) -> Result<Vec<u8>, ReportError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let mut used = HashSet::new();
    ws.set_name(sheet_name("Aktualiseringar", &mut used))?;
    let head = Format::new()
        .set_bold()
        .set_border_bottom(FormatBorder::Thin);
    ws.write_string_with_format(0, 0, "Innehåll", &Format::new().set_bold())?;
    ws.write_string(0, 1, NUSO_CONTENTS)?;
    let h0 = NUSO_XLSX_HEADER_ROW;
    for (c, h) in NUSO_HEADER.iter().enumerate() {
        ws.write_string_with_format(h0, c as u16, *h, &head)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = u32::try_from(i + 1)
            .ok()
            .and_then(|n| n.checked_add(h0))
            .ok_or_else(|| ReportError::Xlsx("för många rader".into()))?;
        ws.write_number(row, 0, (i + 1) as f64)?;
        ws.write_string(row, 1, &r.month)?;
        ws.write_string(row, 2, r.gender)?;
        if let Some(a) = r.age {
            ws.write_number(row, 3, a)?;
        }
        ws.write_string(row, 4, &r.kind)?;
        ws.write_string(row, 5, r.reporter)?;
        ws.write_string(row, 6, r.concerns.join(", "))?;
        ws.write_string(row, 7, r.decision)?;
    }
    ws.set_freeze_panes(h0 + 1, 0)?;
    for (c, w) in [6, 9, 8, 7, 10, 30, 60, 28].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    Ok(wb.save_to_buffer()?)
}

/// One Kolada value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KoladaValue {
    /// T, K or M.
    pub gender: &'static str,
    pub value: Option<f64>,
    /// "" shown, "missing", "suppressed".
    pub status: &'static str,
}

/// One KPI for one municipality and period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KoladaEntry {
    pub kpi: String,
    pub municipality: String,
    pub period: String,
    pub values: Vec<KoladaValue>,
}

/// The Kolada document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KoladaDocument {
    pub values: Vec<KoladaEntry>,
}

fn kolada_value(gender: &'static str, p: Option<&Published>, decimals: u8) -> KoladaValue {
    match p {
        Some(Published::Shown(v)) => match v.number {
            Some(n) => KoladaValue {
                gender,
                value: Some(round(n, decimals)),
                status: "",
            },
            None => KoladaValue {
                gender,
                value: None,
                status: "missing",
            },
        },
        Some(Published::Suppressed) => KoladaValue {
            gender,
            value: None,
            status: "suppressed",
        },
        None => KoladaValue {
            gender,
            value: None,
            status: "missing",
        },
    }
}

fn entry(p: &PublishedTable, kpi: &str, municipality: &str, period: &str, d: u8) -> KoladaEntry {
    let part = |g: Gender| {
        p.cells
            .iter()
            .find(|c| c.key == Key::Gender(g))
            .map(|c| &c.value)
    };
    KoladaEntry {
        kpi: kpi.to_string(),
        municipality: municipality.to_string(),
        period: period.to_string(),
        values: vec![
            kolada_value("T", Some(&p.total), d),
            kolada_value("K", part(Gender::Female), d),
            kolada_value("M", part(Gender::Male), d),
        ],
    }
}

/// Every computed indicator for `year`, and every manual catalogue
/// indicator with values entered, as a Kolada-shaped document. `kpi` is the
/// indicator's code; `municipality` the four-digit municipality code.
/// Values are rounded to the decimals the reports print.
pub fn kolada(
    input: &ReportInput<'_>,
    year: i16,
    municipality_code: &str,
) -> Result<KoladaDocument, ReportError> {
    let period = Period::year(year)?;
    let code = period.code();
    let mut ctx = Ctx::new(input);
    let mut values = Vec::new();
    for ind in computed_indicators() {
        let t = ctx.table(ind.id, &period, Breakdown::Gender)?;
        let p = ctx.publish(&t);
        values.push(entry(
            &p,
            ind.code(),
            municipality_code,
            &code,
            decimals(ind.id),
        ));
    }
    for ind in tillit_followup::catalogue()
        .iter()
        .filter(|i| i.source == tillit_followup::Source::Manual)
    {
        let Some(series) = ctx.manual_series(ind.code()) else {
            continue;
        };
        let mt = manual_table(&series, input.manual_values, &period, input.unit);
        if mt.is_empty() {
            continue;
        }
        if let Some(t) = mt.as_table() {
            let p = ctx.publish(&t);
            values.push(entry(&p, ind.code(), municipality_code, &code, 1));
        }
    }
    Ok(KoladaDocument { values })
}

/// [`kolada`] as JSON bytes.
pub fn kolada_json(
    input: &ReportInput<'_>,
    year: i16,
    municipality_code: &str,
) -> Result<Vec<u8>, ReportError> {
    let doc = kolada(input, year, municipality_code)?;
    serde_json::to_vec_pretty(&doc).map_err(|e| ReportError::Invalid(e.to_string()))
}
