//! The builders' shared helpers: computing with the unit filter, publishing
//! (suppression), and turning figures into cells. Every figure of a report
//! passes through here, so a figure is computed and suppressed one way.

use crate::ReportError;
use crate::input::ReportInput;
use crate::model::{CellValue, DefinitionUsed, ReportTable, Row};
use std::collections::BTreeMap;
use tillit_domain::catalog::Gender;
use tillit_followup::goals::Target;
use tillit_followup::manual::{ManualSeries, ManualTable, manual_table, standard_series};
use tillit_followup::{
    Aggregate, Breakdown, Filter, IndicatorId, Key, MeasureUnit, Period, Published, PublishedTable,
    Table, Value, compute, compute_series, hidden_cells, suppress, suppress_series,
};

pub(crate) struct Ctx<'a> {
    pub input: &'a ReportInput<'a>,
    pub filter: Filter,
    defs: BTreeMap<String, DefinitionUsed>,
}

/// A figure's three gender parts and total, published.
#[derive(Clone, Debug)]
pub(crate) struct GenderFigures {
    pub total: CellValue,
    pub boys: CellValue,
    pub girls: CellValue,
    pub unknown: CellValue,
}

impl<'a> Ctx<'a> {
    pub fn new(input: &'a ReportInput<'a>) -> Self {
        Self {
            input,
            filter: Filter { unit: input.unit },
            defs: BTreeMap::new(),
        }
    }

    pub fn threshold(&self) -> u32 {
        if self.input.publication.suppress {
            self.input.publication.threshold
        } else {
            // Nothing is under 0 persons: every cell is shown.
            0
        }
    }

    fn note_definition(&mut self, id: IndicatorId) {
        let info = id.info();
        self.defs
            .entry(info.code().to_string())
            .or_insert_with(|| DefinitionUsed {
                id: info.code().to_string(),
                name: info.name.to_string(),
                version: info.version,
                definition: info.definition.to_string(),
            });
    }

    fn note_series(&mut self, s: &ManualSeries) {
        if let Some(id) = s.indicator() {
            self.note_definition(id);
            return;
        }
        self.defs
            .entry(s.code.clone())
            .or_insert_with(|| DefinitionUsed {
                id: s.code.clone(),
                name: s.name.clone(),
                version: 1,
                definition: if s.description.is_empty() {
                    "Förs in för hand.".to_string()
                } else {
                    format!("{} Förs in för hand.", s.description)
                },
            });
    }

    pub fn definitions(&self) -> Vec<DefinitionUsed> {
        self.defs.values().cloned().collect()
    }

    pub fn table(
        &mut self,
        id: IndicatorId,
        period: &Period,
        breakdown: Breakdown,
    ) -> Result<Table, ReportError> {
        self.note_definition(id);
        Ok(compute(
            self.input.facts,
            id,
            period,
            breakdown,
            &self.filter,
        )?)
    }

    pub fn series(
        &mut self,
        id: IndicatorId,
        periods: &[Period],
        breakdown: Breakdown,
    ) -> Result<Vec<Table>, ReportError> {
        self.note_definition(id);
        Ok(compute_series(
            self.input.facts,
            id,
            periods,
            breakdown,
            &self.filter,
        )?)
    }

    pub fn publish(&self, t: &Table) -> PublishedTable {
        suppress(t, self.threshold())
    }

    pub fn publish_series(&self, ts: &[Table]) -> Vec<PublishedTable> {
        suppress_series(ts, self.threshold())
    }

    /// A published value of `id` as a cell.
    pub fn cell(&self, id: IndicatorId, p: &Published, with_unit: bool) -> CellValue {
        match p {
            Published::Suppressed => CellValue::Suppressed,
            Published::Shown(v) => value_cell(id, v, with_unit),
        }
    }

    /// `id` for `period` by gender, published.
    pub fn gender_figures(
        &mut self,
        id: IndicatorId,
        period: &Period,
        with_unit: bool,
    ) -> Result<GenderFigures, ReportError> {
        let t = self.table(id, period, Breakdown::Gender)?;
        let p = self.publish(&t);
        let part = |g: Gender| {
            p.cells
                .iter()
                .find(|c| c.key == Key::Gender(g))
                .map_or(CellValue::Missing, |c| self.cell(id, &c.value, with_unit))
        };
        Ok(GenderFigures {
            total: self.cell(id, &p.total, with_unit),
            boys: part(Gender::Male),
            girls: part(Gender::Female),
            unknown: part(Gender::Unknown),
        })
    }

    /// `id`'s published total for `period`.
    pub fn total(
        &mut self,
        id: IndicatorId,
        period: &Period,
        with_unit: bool,
    ) -> Result<CellValue, ReportError> {
        let t = self.table(id, period, Breakdown::Total)?;
        let p = self.publish(&t);
        Ok(self.cell(id, &p.total, with_unit))
    }

    /// The manual series with this code: defined by the municipality, else
    /// a standard one (the catalogue's manual indicators included).
    pub fn manual_series(&self, code: &str) -> Option<ManualSeries> {
        self.input
            .manual_series
            .iter()
            .find(|s| s.code == code)
            .cloned()
            .or_else(|| standard_series().into_iter().find(|s| s.code == code))
    }

    /// A manual series for `period`, published like a computed figure. `None`
    /// when nothing was entered for the period.
    pub fn manual_figures(
        &mut self,
        series: &ManualSeries,
        period: &Period,
        with_unit: bool,
    ) -> Option<(GenderFigures, ManualTable)> {
        let t = manual_table(series, self.input.manual_values, period, self.input.unit);
        if t.is_empty() {
            return None;
        }
        self.note_series(series);
        let values: Vec<Value> = t.cells.iter().map(|c| c.value).chain([t.total]).collect();
        let persons: Vec<u32> = values.iter().map(|v| v.persons).collect();
        let group: Vec<usize> = (0..persons.len()).collect();
        let hidden = hidden_cells(&persons, &[group], self.threshold());
        let estimate = t.estimate;
        let cell = |i: usize| -> CellValue {
            if hidden.get(i).copied().unwrap_or(true) {
                return CellValue::Suppressed;
            }
            // i < 4 = values.len(): three gender cells and the total.
            let v = &values[i];
            match v.number {
                None => CellValue::Missing,
                Some(n) => manual_cell(series, n, with_unit)
                    .with_persons(v.persons)
                    .estimated(estimate),
            }
        };
        Some((
            GenderFigures {
                boys: cell(0),
                girls: cell(1),
                unknown: cell(2),
                total: cell(3),
            },
            t,
        ))
    }

    /// A target as a cell, in the unit of what it targets.
    pub fn target_cell(&self, t: Option<&Target>, percent: bool, decimals: u8) -> CellValue {
        match t {
            None => CellValue::Empty,
            Some(Target::Text(s)) => CellValue::Text(s.clone()),
            Some(Target::Number(n)) => {
                let d = if n.fract() == 0.0 { 0 } else { decimals.max(1) };
                if percent {
                    CellValue::percent(*n, d)
                } else {
                    CellValue::number(*n, d)
                }
            }
        }
    }
}

/// Decimals an indicator is printed with (in the reports and on the
/// web's follow-up pages).
pub fn decimals(id: IndicatorId) -> u8 {
    let info = id.info();
    match (info.unit, info.aggregate) {
        (MeasureUnit::Procent, _) => 1,
        (_, Aggregate::Mean | Aggregate::Median) => 1,
        (MeasureUnit::Arsplaceringar, _) => 1,
        (MeasureUnit::Index, _) => 0,
        _ => 0,
    }
}

/// The unit printed after a number, if any.
fn unit_suffix(unit: MeasureUnit) -> Option<String> {
    match unit {
        MeasureUnit::Dagar => Some("dagar".into()),
        MeasureUnit::Tkr => Some("tkr".into()),
        _ => None,
    }
}

pub(crate) fn value_cell(id: IndicatorId, v: &Value, with_unit: bool) -> CellValue {
    let Some(n) = v.number else {
        return CellValue::Missing;
    };
    let info = id.info();
    let d = decimals(id);
    let cell = if info.unit == MeasureUnit::Procent {
        CellValue::percent(n, d)
    } else {
        CellValue::Number {
            value: n,
            decimals: d,
            unit: if with_unit {
                unit_suffix(info.unit)
            } else {
                None
            },
            persons: None,
            estimate: false,
        }
    };
    cell.with_persons(v.persons)
}

pub(crate) fn manual_cell(series: &ManualSeries, n: f64, with_unit: bool) -> CellValue {
    let d = match series.unit {
        MeasureUnit::Procent | MeasureUnit::Arsplaceringar => 1,
        _ if n.fract() != 0.0 => 1,
        _ => 0,
    };
    if series.unit == MeasureUnit::Procent {
        CellValue::percent(n, d)
    } else {
        CellValue::Number {
            value: n,
            decimals: d,
            unit: if with_unit {
                unit_suffix(series.unit)
            } else {
                None
            },
            persons: None,
            estimate: false,
        }
    }
}

/// The difference `now - before` as a cell: suppressed if either is, missing
/// if either is missing.
pub(crate) fn change_cell(now: &CellValue, before: &CellValue) -> CellValue {
    match (now, before) {
        (CellValue::Suppressed, _) | (_, CellValue::Suppressed) => CellValue::Suppressed,
        (
            CellValue::Percent {
                value: a,
                decimals: d,
                ..
            },
            CellValue::Percent { value: b, .. },
        ) => CellValue::number(round(a - b, *d), *d),
        (
            CellValue::Number {
                value: a,
                decimals: d,
                ..
            },
            CellValue::Number { value: b, .. },
        ) => CellValue::number(round(a - b, *d), *d),
        _ => CellValue::Missing,
    }
}

/// Round to `d` decimals (so that a printed change equals the difference of
/// the printed figures' exact values rounded once).
pub(crate) fn round(v: f64, d: u8) -> f64 {
    let f = 10f64.powi(i32::from(d));
    (v * f).round() / f
}

/// A table of rows that add up: each column's total row cell is the sum of
/// the rows' raw values, hidden with secondary suppression over each column
/// (its rows and total). `raw[r][c]` is the value and persons of row `r`,
/// column `c`; `total_persons[c]` the distinct persons of column `c`'s total.
/// When `rows_add_up`, the last column is each row's sum of the others, and
/// each row is a suppression group too.
pub(crate) fn summed_table(
    ctx: &Ctx<'_>,
    mut table: ReportTable,
    labels: Vec<String>,
    raw: &[Vec<(f64, u32)>],
    total_persons: &[u32],
    decimals: u8,
    rows_add_up: bool,
) -> ReportTable {
    let cols = table.columns.len();
    let rows = raw.len();
    // Cell index: r * cols + c; the total row is row `rows`.
    let mut persons = Vec::with_capacity((rows + 1) * cols);
    for r in raw {
        for c in 0..cols {
            persons.push(r.get(c).map_or(0, |x| x.1));
        }
    }
    for c in 0..cols {
        persons.push(total_persons.get(c).copied().unwrap_or(0));
    }
    let mut groups: Vec<Vec<usize>> = (0..cols)
        .map(|c| (0..=rows).map(|r| r * cols + c).collect())
        .collect();
    if rows_add_up {
        groups.extend((0..=rows).map(|r| (0..cols).map(|c| r * cols + c).collect()));
    }
    let hidden = hidden_cells(&persons, &groups, ctx.threshold());
    let cell = |i: usize, v: f64, p: u32| {
        if hidden.get(i).copied().unwrap_or(true) {
            CellValue::Suppressed
        } else {
            CellValue::number(v, decimals).with_persons(p)
        }
    };
    for (r, (label, values)) in labels.into_iter().zip(raw).enumerate() {
        let cells = (0..cols)
            .map(|c| {
                let (v, p) = values.get(c).copied().unwrap_or((0.0, 0));
                cell(r * cols + c, v, p)
            })
            .collect();
        table.rows.push(Row::new(label, cells));
    }
    let totals = (0..cols)
        .map(|c| {
            let sum: f64 = raw.iter().map(|r| r.get(c).map_or(0.0, |x| x.0)).sum();
            cell(rows * cols + c, sum, persons[rows * cols + c])
        })
        .collect();
    table.total_row = Some(Row::new("Totalt", totals));
    table
}
