//! The service matters' tables of the section "Service och
//! myndighetsutövning": matters opened and closed in the year, by kind and
//! by gender and by age band (`tillit_followup::service`), every table with
//! its row and column totals; in published output the cells
//! [`ServiceTable::hidden`] names are hidden.

use crate::input::{RegisterRecord, ReportInput};
use crate::model::{Block, CellValue, Column, ReportTable, Row};
use tillit_domain::catalog::Gender;
use tillit_domain::register::RegisterKind;
use tillit_domain::register::service::{AgeBand, ServiceKind};
use tillit_followup::service::{
    ServiceCount, ServiceMatterFact, ServiceSplit, ServiceTable, service_table,
};

/// The service matters among `records`, as the follow-up counts them. A
/// record whose kind this version does not know is left out; one without
/// gender or age band counts as unknown gender and as an adult.
pub fn service_facts(records: &[RegisterRecord]) -> Vec<ServiceMatterFact> {
    records
        .iter()
        .filter(|r| r.register == RegisterKind::Service)
        .filter_map(|r| {
            Some(ServiceMatterFact {
                unit: r.unit,
                kind: ServiceKind::from_code(r.category.as_deref()?)?,
                gender: r.gender.unwrap_or(Gender::Unknown),
                age_band: r
                    .age_band
                    .as_deref()
                    .and_then(AgeBand::from_code)
                    .unwrap_or(AgeBand::Adult),
                opened_on: r.opened_on,
                closed_on: r.closed_on.filter(|_| r.closed),
            })
        })
        .collect()
}

/// A count checked as a count of persons (one matter, one person).
fn count(v: u32) -> CellValue {
    CellValue::Number {
        value: f64::from(v),
        decimals: 0,
        unit: None,
        persons: Some(v),
        estimate: false,
    }
}

fn table(t: &ServiceTable, year: i16, threshold: u32) -> ReportTable {
    let (what, id_what) = match t.count {
        ServiceCount::Opened => ("Påbörjade", "opened"),
        ServiceCount::Closed => ("Avslutade", "closed"),
    };
    let (by, id_by) = match t.split {
        ServiceSplit::Gender => ("efter kön", "gender"),
        ServiceSplit::AgeBand => ("efter ålder", "age"),
    };
    let mut out = ReportTable::new(
        format!("service_{id_what}_{id_by}"),
        format!("{what} serviceinsatser {year} {by}"),
        "Insats",
    );
    out.columns = t.columns.iter().map(|(_, l)| Column::number(*l)).collect();
    out.columns.push(Column::number("Totalt"));
    let hidden = t.hidden(threshold);
    let cell = |r: usize, c: usize, v: u32| {
        if hidden
            .get(r)
            .and_then(|row| row.get(c))
            .copied()
            .unwrap_or(false)
        {
            CellValue::Suppressed
        } else {
            count(v)
        }
    };
    let nc = t.columns.len();
    for (r, (kind, counts)) in t.rows.iter().enumerate() {
        let mut cells: Vec<CellValue> = counts
            .iter()
            .enumerate()
            .map(|(c, v)| cell(r, c, *v))
            .collect();
        cells.push(cell(r, nc, t.row_total(r)));
        out.rows.push(Row::new(kind.label(), cells));
    }
    let nr = t.rows.len();
    let mut totals: Vec<CellValue> = (0..nc).map(|c| cell(nr, c, t.column_total(c))).collect();
    totals.push(cell(nr, nc, t.total()));
    out.total_row = Some(Row::new("Totalt", totals));
    out
}

/// The four tables: opened and closed, by gender and by age band.
pub fn service_blocks(input: &ReportInput<'_>, year: i16, threshold: u32) -> Vec<Block> {
    let facts = service_facts(input.registers);
    let mut out = Vec::new();
    for split in [ServiceSplit::Gender, ServiceSplit::AgeBand] {
        for count in [ServiceCount::Opened, ServiceCount::Closed] {
            let t = service_table(&facts, year, input.unit, count, split);
            out.push(Block::Table(table(&t, year, threshold)));
        }
    }
    out
}
