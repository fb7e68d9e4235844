//! # tillit-reports
//!
//! Turns follow-up results into documents. Two steps, kept apart:
//!
//! 1. **Builders** ([`verksamhetsberattelse`], [`delarsrapport`],
//!    [`kvalitetsberattelse`], [`delegationsbeslut`],
//!    [`ej_verkstallda_beslut`], or [`build`] by kind) compute every figure
//!    from the [`Facts`](tillit_followup::Facts) (plus goals, manual series
//!    and texts in a [`ReportInput`]), apply small-cell suppression when the
//!    [`Publication`] says so, and return a format-neutral [`Document`].
//!    Totals are summed from the exact row values, never typed; gender parts
//!    add up to the total for counts.
//! 2. **Renderers** ([`render_html`], [`render_html_fragment`],
//!    [`render_pdf`], [`render_xlsx`], [`render_csv`], or [`render`] by
//!    [`OutputFormat`]) lay the document out and never compute: every format
//!    shows the same figures.
//!
//! [`review`] checks a built document before it is published (placeholders
//! left in, texts not written, missing and estimated values, totals): a
//! check list of [`Finding`]s, never a block.
//!
//! [`export`] has the national extracts (NUSO, Kolada).
//!
//! ```no_run
//! use tillit_reports::*;
//! # let facts = tillit_followup::Facts::default();
//! let input = ReportInput::new(&facts);
//! let doc = verksamhetsberattelse(&input, 2025)?;
//! let pdf = render(&doc, OutputFormat::Pdf)?;
//! # Ok::<(), ReportError>(())
//! ```

mod assistance_section;
mod breakdown;
mod builders;
pub mod case_file;
pub mod csv;
mod ctx;
pub mod economy;
pub use ctx::decimals;
pub mod export;
pub mod feedback_letter;
pub mod format;
pub mod html;
mod input;
pub mod letter;
mod lists;
pub mod model;
pub mod pdf;
pub mod review;
pub mod service;
pub mod svg;
pub mod xlsx;

pub use breakdown::{fordelning, parts_add_up};
pub use builders::{
    delarsrapport, kvalitetsberattelse, lex_sarah_sammanstallning, verksamhetsberattelse,
};
pub use csv::render_csv;
pub use economy::{EconomyInput, ForecastEntry, ForecastView, economy_document, forecast_views};
pub use feedback_letter::{FeedbackLetter, render_feedback_letter};
pub use html::{render_html, render_html_fragment};
pub use input::{
    ControlRow, Names, Narrative, RegisterRecord, ReportInput, SelfAuditItem, SelfAuditResult,
};
pub use lists::{
    DELEGATION_CONTENTS, UNEXECUTED_CONTENTS, delegationsbeslut, ej_verkstallda_beslut,
};
pub use model::{
    Align, Block, CellValue, Chart, ChartKind, ChartSeries, Column, DefinitionUsed, Document,
    KeyFigure, Publication, ReportKind, ReportTable, Row, Section,
};
pub use pdf::render_pdf;
pub use review::{Finding, FindingKind, review};
pub use xlsx::render_xlsx;

use tillit_followup::{ComputeError, Period, PeriodError, PeriodKind};

/// Why a report could not be made. Messages are Swedish.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{0}")]
    Period(#[from] PeriodError),
    #[error("{0}")]
    Compute(#[from] ComputeError),
    #[error("PDF-filen kunde inte skapas: {0}")]
    Pdf(String),
    #[error("Excel-filen kunde inte skapas: {0}")]
    Xlsx(String),
    #[error("{0}")]
    Invalid(String),
}

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OutputFormat {
    /// A standalone HTML page.
    Html,
    Pdf,
    Xlsx,
    Csv,
}

impl OutputFormat {
    pub const ALL: [OutputFormat; 4] = [Self::Html, Self::Pdf, Self::Xlsx, Self::Csv];

    /// `html`, `pdf`, `xlsx`, `csv`: also the file extension.
    pub fn code(self) -> &'static str {
        match self {
            Self::Html => "html",
            Self::Pdf => "pdf",
            Self::Xlsx => "xlsx",
            Self::Csv => "csv",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The HTTP content type.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Html => "text/html; charset=utf-8",
            Self::Pdf => "application/pdf",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// Render a document in a format.
pub fn render(doc: &Document, format: OutputFormat) -> Result<Vec<u8>, ReportError> {
    match format {
        OutputFormat::Html => render_html(doc),
        OutputFormat::Pdf => render_pdf(doc),
        OutputFormat::Xlsx => render_xlsx(doc),
        OutputFormat::Csv => render_csv(doc),
    }
}

/// A file name for a document: `verksamhetsberattelse-2025.pdf`.
pub fn file_name(doc: &Document, format: OutputFormat) -> String {
    let period: String = doc
        .period_code
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{}-{}.{}", doc.kind.code(), period, format.code())
}

/// Build a report by kind, as `tillit report <kind> --year Y [--period P]`
/// asks for it. `period` is the part after the year (`T1`, `T2`, `D1`, `Q3`,
/// `M05`, `H1`) or a full code (`2025-Q3`, `2025-03-01..2025-03-31`):
///
/// - verksamhetsberättelse, kvalitetsberättelse: the year (a period is
///   refused);
/// - delårsrapport: `T1`/`D1` (January-April) or `T2`/`D2` (January-August);
///   required;
/// - delegationsbeslut: any period (a month, a quarter, a range); the whole
///   year without one;
/// - ej verkställda beslut: a quarter `Q1`-`Q4`; required.
pub fn build(
    kind: ReportKind,
    input: &ReportInput<'_>,
    year: i16,
    period: Option<&str>,
) -> Result<Document, ReportError> {
    let parsed = match period.map(str::trim).filter(|p| !p.is_empty()) {
        None => None,
        Some(p) => Some(
            if p.contains("..") || p.starts_with(|c: char| c.is_ascii_digit()) && p.len() > 3 {
                p.parse::<Period>()?
            } else {
                format!("{year}-{p}").parse::<Period>()?
            },
        ),
    };
    match kind {
        ReportKind::Verksamhetsberattelse | ReportKind::Kvalitetsberattelse => {
            if let Some(p) = parsed
                && !matches!(p.kind(), PeriodKind::Year { .. })
            {
                return Err(ReportError::Invalid(format!(
                    "{} görs för ett helt år; ange ingen period (fick {}).",
                    kind.label(),
                    p.label()
                )));
            }
            if kind == ReportKind::Verksamhetsberattelse {
                verksamhetsberattelse(input, year)
            } else {
                kvalitetsberattelse(input, year)
            }
        }
        ReportKind::Delarsrapport => match parsed.map(|p| p.kind()) {
            Some(PeriodKind::Tertial { year: y, tertial: t @ 1..=2 })
            | Some(PeriodKind::Interim { year: y, part: t }) => delarsrapport(input, y, t),
            _ => Err(ReportError::Invalid(
                "Delårsrapporten avser T1 (januari-april) eller T2 (januari-augusti): ange --period T1 eller T2.".into(),
            )),
        },
        ReportKind::Delegationsbeslut => {
            let p = match parsed {
                Some(p) => p,
                None => Period::year(year)?,
            };
            delegationsbeslut(input, p.start(), p.end())
        }
        ReportKind::LexSarah => {
            if let Some(p) = parsed
                && !matches!(p.kind(), PeriodKind::Year { .. })
            {
                return Err(ReportError::Invalid(format!(
                    "{} görs för ett helt år; ange ingen period (fick {}).",
                    kind.label(),
                    p.label()
                )));
            }
            lex_sarah_sammanstallning(input, year)
        }
        ReportKind::EkonomisktBistand => {
            let p = match parsed {
                Some(p) => p,
                None => Period::year(year)?,
            };
            assistance_section::ekonomiskt_bistand(input, &p)
        }
        ReportKind::EjVerkstalldaBeslut => match parsed.map(|p| p.kind()) {
            Some(PeriodKind::Quarter { year: y, quarter }) => ej_verkstallda_beslut(input, y, quarter),
            _ => Err(ReportError::Invalid(
                "Rapporten om ej verkställda beslut görs per kvartal: ange --period Q1, Q2, Q3 eller Q4.".into(),
            )),
        },
        ReportKind::Fordelning => Err(ReportError::Invalid(
            "En fördelning görs för ett nyckeltal och en indelning: välj dem under Uppföljning > Nyckeltal > Fördelning.".into(),
        )),
    }
}
