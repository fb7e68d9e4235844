//! Fördelning: one indicator for one period split by any breakdown it
//! supports (kön, åldersgrupp, enhet, anmälare, orsak, insatstyp, lagrum,
//! utförare, beslutsfattare), as a document of one table and a bar chart, so
//! that it shows on screen and downloads as Excel, CSV or PDF with the same
//! figures and the same suppression as the reports.
//!
//! The parts of a count add up to the total only when every row has one key
//! (see [`tillit_followup::Breakdown`]); the table says so when they need
//! not.

use crate::ReportError;
use crate::builders::document;
use crate::ctx::Ctx;
use crate::input::ReportInput;
use crate::model::{
    Block, CellValue, Chart, ChartKind, ChartSeries, Column, Document, ReportKind, ReportTable,
    Row, Section,
};
use tillit_followup::{Aggregate, Breakdown, BreakdownKind, IndicatorId, Key, MeasureUnit, Period};

/// A key's label, with units and delegates named.
fn key_label(input: &ReportInput<'_>, key: &Key) -> String {
    match key {
        Key::Unit(u) => input.names.unit(*u),
        Key::Delegate(u) => input.names.user(*u),
        k => k.label(),
    }
}

/// Whether the parts of this indicator split this way add up to its total:
/// counts of events (every event has one key of every breakdown but the
/// concern), and counts of persons by gender (a person has one).
pub fn parts_add_up(id: IndicatorId, kind: BreakdownKind) -> bool {
    match id.info().aggregate {
        Aggregate::Count => kind != BreakdownKind::Concern,
        Aggregate::Persons => kind == BreakdownKind::Gender,
        _ => false,
    }
}

/// `id` for `period` split by `kind`, published as the input says.
pub fn fordelning(
    input: &ReportInput<'_>,
    id: IndicatorId,
    period: &Period,
    kind: BreakdownKind,
) -> Result<Document, ReportError> {
    let info = id.info();
    if !info.breakdowns.contains(&kind) {
        return Err(ReportError::Invalid(format!(
            "{} kan inte fördelas på {}. Välj en av: {}.",
            info.name,
            kind.label().to_lowercase(),
            info.breakdowns
                .iter()
                .map(|k| k.label().to_lowercase())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let mut ctx = Ctx::new(input);
    let table = ctx.table(id, period, Breakdown::from(kind))?;
    let published = ctx.publish(&table);
    let unit_label = match info.unit {
        MeasureUnit::Procent => "Andel (%)".to_string(),
        u => {
            let l = u.label();
            let mut c = l.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        }
    };
    let mut t = ReportTable::new(
        format!("fordelning-{}-{}", info.code(), kind.code()),
        format!(
            "{} per {}, {}",
            info.name,
            kind.label().to_lowercase(),
            period.label()
        ),
        kind.label(),
    );
    t.columns = vec![Column::number(unit_label.clone())];
    let mut categories = Vec::new();
    let mut values = Vec::new();
    for c in &published.cells {
        let cell = ctx.cell(id, &c.value, false);
        let label = key_label(input, &c.key);
        categories.push(label.clone());
        values.push(match &cell {
            CellValue::Number { value, .. } | CellValue::Percent { value, .. } => Some(*value),
            _ => None,
        });
        t.rows.push(Row::new(label, vec![cell]));
    }
    t.total_row = Some(Row::new(
        "Totalt",
        vec![ctx.cell(id, &published.total, false)],
    ));
    if !parts_add_up(id, kind) {
        t.notes.push(match info.aggregate {
            Aggregate::Count | Aggregate::Persons => format!(
                "Delarna behöver inte summera till totalen: samma barn eller händelse kan höra till flera grupper ({}) under perioden.",
                kind.label().to_lowercase()
            ),
            _ => "Varje del är beräknad på sina egna rader; delarna summerar inte till totalen.".into(),
        });
    }
    if input.publication.suppress {
        t.notes.push(format!(
            "Celler som bygger på färre än {} personer visas som .. (och ytterligare celler där de annars kunde räknas fram).",
            input.publication.threshold
        ));
    }
    let chart = Chart {
        id: format!("chart-fordelning-{}", info.code()),
        kind: ChartKind::Bar,
        title: format!("{} per {}", info.name, kind.label().to_lowercase()),
        unit: match info.unit {
            MeasureUnit::Procent => "%".into(),
            u => u.label().into(),
        },
        categories,
        series: vec![ChartSeries {
            name: period.label(),
            values,
        }],
        description: format!(
            "Stapeldiagram: {} per {}, {}. Samma siffror som i tabellen.",
            info.name,
            kind.label().to_lowercase(),
            period.label()
        ),
    };
    let section = Section::new(info.name, 2)
        .with(Block::paragraph(info.definition))
        .with(Block::Table(t))
        .with(Block::Chart(chart));
    Ok(document(
        &ctx,
        ReportKind::Fordelning,
        format!("{} per {}", info.name, kind.label().to_lowercase()),
        period,
        vec![section],
    ))
}
