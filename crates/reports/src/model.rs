//! The format-neutral document: what a report says, before it is HTML, PDF,
//! Excel or CSV. Builders make a [`Document`]; renderers only lay it out and
//! never compute a figure, so every format shows the same numbers.

use jiff::civil::Date;
use serde::Serialize;
use tillit_followup::goals::GoalStatus;

/// Which report a document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// Verksamhetsberättelse (annual).
    Verksamhetsberattelse,
    /// Delårsrapport / tertialrapport.
    Delarsrapport,
    /// Kvalitetsberättelse.
    Kvalitetsberattelse,
    /// Delegationsbeslut for a committee meeting.
    Delegationsbeslut,
    /// Ej verkställda beslut (SoL 34 kap.), quarterly.
    EjVerkstalldaBeslut,
    /// The annual compilation of Lex Sarah reports for the committee.
    LexSarah,
    /// One indicator split by a breakdown, made on the follow-up's
    /// breakdown page (not in [`ReportKind::ALL`]: it needs an indicator
    /// and a breakdown, not only a period).
    Fordelning,
    /// Economic assistance's key figures for the committee, any period.
    EkonomisktBistand,
}

impl ReportKind {
    pub const ALL: [ReportKind; 7] = [
        ReportKind::Verksamhetsberattelse,
        ReportKind::Delarsrapport,
        ReportKind::Kvalitetsberattelse,
        ReportKind::Delegationsbeslut,
        ReportKind::EjVerkstalldaBeslut,
        ReportKind::LexSarah,
        ReportKind::EkonomisktBistand,
    ];

    /// Swedish label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Verksamhetsberattelse => "Verksamhetsberättelse",
            Self::Delarsrapport => "Delårsrapport",
            Self::Kvalitetsberattelse => "Kvalitetsberättelse",
            Self::Delegationsbeslut => "Delegationsbeslut",
            Self::EjVerkstalldaBeslut => "Ej verkställda beslut",
            Self::LexSarah => "Sammanställning av lex Sarah-rapporter",
            Self::Fordelning => "Fördelning av nyckeltal",
            Self::EkonomisktBistand => "Ekonomiskt bistånd, nyckeltal",
        }
    }

    /// Stable code, as the CLI and URLs use it.
    pub fn code(self) -> &'static str {
        match self {
            Self::Verksamhetsberattelse => "verksamhetsberattelse",
            Self::Delarsrapport => "delarsrapport",
            Self::Kvalitetsberattelse => "kvalitetsberattelse",
            Self::Delegationsbeslut => "delegationsbeslut",
            Self::EjVerkstalldaBeslut => "ej-verkstallda-beslut",
            Self::LexSarah => "lex-sarah",
            Self::Fordelning => "fordelning",
            Self::EkonomisktBistand => "ekonomiskt-bistand",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// How a report is published.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Publication {
    /// Hide small cells (with secondary suppression). `false` only for
    /// authorised managers on screen.
    pub suppress: bool,
    /// Cells based on more than 0 and fewer than this many persons are
    /// hidden.
    pub threshold: u32,
}

impl Publication {
    /// Published output: suppression with the default threshold (5).
    pub fn published() -> Self {
        Self {
            suppress: true,
            threshold: tillit_followup::DEFAULT_THRESHOLD,
        }
    }

    /// Exact values, for authorised managers inside the unit.
    pub fn internal() -> Self {
        Self {
            suppress: false,
            threshold: tillit_followup::DEFAULT_THRESHOLD,
        }
    }
}

impl Default for Publication {
    fn default() -> Self {
        Self::published()
    }
}

/// A whole report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Document {
    pub kind: ReportKind,
    /// e.g. "Verksamhetsberättelse 2025".
    pub title: String,
    /// e.g. "Barn och unga, Socialnämnden".
    pub subtitle: Option<String>,
    pub municipality: String,
    /// The unit's name, or `None` for the whole committee area.
    pub unit: Option<String>,
    /// The period's Swedish label ("2025", "jan-apr 2025", "kvartal 3 2025").
    pub period: String,
    /// The period's code ("2025", "2025-D1", "2025-Q3", "2025-05-01..2025-05-31").
    pub period_code: String,
    /// The day the figures were taken (the facts' as-of day or today).
    pub generated_on: Date,
    pub publication: Publication,
    pub sections: Vec<Section>,
    /// Every indicator definition whose figures the report shows, with its
    /// version.
    pub definitions_used: Vec<DefinitionUsed>,
    /// For a document that lists single decisions or cases (a row each):
    /// what it contains, said first in every format (a note at the top, the
    /// CSV's first lines, the Excel file's first sheet). `None` for
    /// statistics.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contents: Option<String>,
    /// The children the document lists one by one, each with the case of
    /// its first row (empty for statistics): whoever shows or sends the
    /// document logs a read of each.
    #[serde(skip)]
    pub subjects: Vec<(tillit_domain::PersonId, tillit_domain::CaseId)>,
}

impl Document {
    /// Every table of the document with the heading of its section.
    pub fn tables(&self) -> impl Iterator<Item = (&Section, &ReportTable)> {
        self.sections.iter().flat_map(|s| {
            s.blocks.iter().filter_map(move |b| match b {
                Block::Table(t) => Some((s, t)),
                _ => None,
            })
        })
    }

    /// The table with this id, if any.
    pub fn table(&self, id: &str) -> Option<&ReportTable> {
        self.tables().map(|(_, t)| t).find(|t| t.id == id)
    }

    /// Every chart of the document.
    pub fn charts(&self) -> impl Iterator<Item = &Chart> {
        self.sections.iter().flat_map(|s| {
            s.blocks.iter().filter_map(|b| match b {
                Block::Chart(c) => Some(c),
                _ => None,
            })
        })
    }

    /// A one-line legend of the signs used in tables.
    pub fn legend(&self) -> String {
        let mut s = format!("{MISSING} = uppgift saknas.");
        if self.publication.suppress {
            s.push_str(&format!(
                " {SUPPRESSED} = dolt värde: färre än {} personer, eller dolt så att ett annat dolt värde inte kan räknas fram.",
                self.publication.threshold
            ));
        }
        s.push_str(" * = uppskattat värde.");
        s
    }
}

/// How a suppressed cell is printed.
pub const SUPPRESSED: &str = "..";
/// How a missing value ("uppgift saknas") is printed.
pub const MISSING: &str = "saknas";

/// An indicator definition used in a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DefinitionUsed {
    /// The indicator's or the manual series' code.
    pub id: String,
    pub name: String,
    pub version: u32,
    pub definition: String,
}

/// A section with a heading. Levels: 1 for chapters, 2-4 below.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Section {
    pub heading: String,
    pub level: u8,
    pub blocks: Vec<Block>,
}

impl Section {
    pub fn new(heading: impl Into<String>, level: u8) -> Self {
        Self {
            heading: heading.into(),
            level: level.clamp(1, 4),
            blocks: Vec::new(),
        }
    }

    pub fn with(mut self, block: Block) -> Self {
        self.blocks.push(block);
        self
    }

    pub fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }
}

/// One piece of content.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// Running text. Line breaks in the text separate paragraphs.
    Paragraph {
        text: String,
    },
    /// A notice in smaller, italic text: "Uppgifter saknas", a method note.
    Note {
        text: String,
    },
    /// A labelled text ("Förväntat resultat", "Analys").
    Labelled {
        label: String,
        text: String,
    },
    /// A bulleted list.
    List {
        items: Vec<String>,
    },
    Table(ReportTable),
    Chart(Chart),
    /// A row of key figures.
    KeyFigures {
        figures: Vec<KeyFigure>,
    },
    /// A goal's status: symbol, colour and label, who set it.
    Status {
        status: GoalStatus,
        /// e.g. "Bedömd av Anna Andersson 2026-01-20".
        detail: String,
    },
}

impl Block {
    pub fn paragraph(text: impl Into<String>) -> Self {
        Self::Paragraph { text: text.into() }
    }
    pub fn note(text: impl Into<String>) -> Self {
        Self::Note { text: text.into() }
    }
    pub fn labelled(label: impl Into<String>, text: impl Into<String>) -> Self {
        Self::Labelled {
            label: label.into(),
            text: text.into(),
        }
    }
}

/// A column alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    Left,
    Right,
}

/// A column of a table (after the row-label column).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Column {
    pub label: String,
    pub align: Align,
}

impl Column {
    pub fn number(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            align: Align::Right,
        }
    }
    pub fn text(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            align: Align::Left,
        }
    }
}

/// A table: a row-label column, then `columns`; each row has one cell per
/// column.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportTable {
    /// Stable id within the document (for tests, anchors and sheet rows).
    pub id: String,
    /// The caption, printed above the table.
    pub caption: String,
    /// The header of the row-label column.
    pub label_header: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// The sum of the rows, computed by the builder (never typed).
    pub total_row: Option<Row>,
    /// Notes printed under the table.
    pub notes: Vec<String>,
}

impl ReportTable {
    pub fn new(
        id: impl Into<String>,
        caption: impl Into<String>,
        label_header: impl Into<String>,
    ) -> Self {
        Self {
            id: id.into(),
            caption: caption.into(),
            label_header: label_header.into(),
            columns: Vec::new(),
            rows: Vec::new(),
            total_row: None,
            notes: Vec::new(),
        }
    }

    /// Rows then the total row.
    pub fn all_rows(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().chain(self.total_row.iter())
    }

    /// The row with this label.
    pub fn row(&self, label: &str) -> Option<&Row> {
        self.all_rows().find(|r| r.label == label)
    }

    /// The index of the column with this label.
    pub fn column(&self, label: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.label == label)
    }
}

/// One row of a table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub label: String,
    pub cells: Vec<CellValue>,
}

impl Row {
    pub fn new(label: impl Into<String>, cells: Vec<CellValue>) -> Self {
        Self {
            label: label.into(),
            cells,
        }
    }
}

/// One cell.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CellValue {
    /// A number in a unit ("dagar", "tkr"; `None` for plain counts).
    Number {
        value: f64,
        decimals: u8,
        unit: Option<String>,
        /// Persons behind the figure, when it is about persons: what
        /// suppression looked at. Never printed.
        persons: Option<u32>,
        estimate: bool,
    },
    /// A share in percent, 0-100 (printed "85,3 %"; in Excel 0.853 with a
    /// percent format).
    Percent {
        value: f64,
        decimals: u8,
        persons: Option<u32>,
        estimate: bool,
    },
    Text(String),
    /// A date (printed 2025-03-01; a date in Excel).
    Date(Date),
    /// A goal status (symbol, label and colour).
    Status(GoalStatus),
    /// Hidden to protect the persons behind it: printed [`SUPPRESSED`].
    Suppressed,
    /// Uppgift saknas: printed [`MISSING`]. Never 0.
    Missing,
    /// Nothing to show (an empty cell, e.g. no target set).
    Empty,
}

impl CellValue {
    pub fn count(value: f64) -> Self {
        Self::Number {
            value,
            decimals: 0,
            unit: None,
            persons: None,
            estimate: false,
        }
    }

    pub fn number(value: f64, decimals: u8) -> Self {
        Self::Number {
            value,
            decimals,
            unit: None,
            persons: None,
            estimate: false,
        }
    }

    pub fn percent(value: f64, decimals: u8) -> Self {
        Self::Percent {
            value,
            decimals,
            persons: None,
            estimate: false,
        }
    }

    pub fn text(s: impl Into<String>) -> Self {
        Self::Text(s.into())
    }

    /// The numeric value, for numbers and percents (percent units).
    pub fn value(&self) -> Option<f64> {
        match self {
            Self::Number { value, .. } | Self::Percent { value, .. } => Some(*value),
            _ => None,
        }
    }

    /// The persons behind a shown figure, when known.
    pub fn persons(&self) -> Option<u32> {
        match self {
            Self::Number { persons, .. } | Self::Percent { persons, .. } => *persons,
            _ => None,
        }
    }

    /// The same figure with its persons set.
    pub fn with_persons(mut self, p: u32) -> Self {
        if let Self::Number { persons, .. } | Self::Percent { persons, .. } = &mut self {
            *persons = Some(p);
        }
        self
    }

    /// The same figure marked as an estimate.
    pub fn estimated(mut self, yes: bool) -> Self {
        if let Self::Number { estimate, .. } | Self::Percent { estimate, .. } = &mut self {
            *estimate = yes;
        }
        self
    }

    /// How the cell is printed in HTML, PDF and on screen (Swedish number
    /// format: no-break space between thousands, decimal comma).
    pub fn display(&self) -> String {
        crate::format::cell_text(self)
    }
}

/// What a chart draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    Line,
    Bar,
}

/// A chart: one or more series over the same categories (months, years).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Chart {
    pub id: String,
    pub kind: ChartKind,
    pub title: String,
    /// The y axis' unit ("antal", "%", "dagar").
    pub unit: String,
    pub categories: Vec<String>,
    pub series: Vec<ChartSeries>,
    /// A text description for screen readers and as the alt text.
    pub description: String,
}

/// One series of a chart. `None` = missing or suppressed: not drawn.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChartSeries {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// A headline figure.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeyFigure {
    pub label: String,
    pub value: CellValue,
    /// e.g. "2024: 1 102".
    pub comparison: Option<String>,
}
