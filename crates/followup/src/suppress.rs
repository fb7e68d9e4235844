//! Small-cell suppression for published output (reports and exports that
//! leave the unit).
//!
//! Primary suppression hides every cell based on more than 0 but fewer than
//! `threshold` persons. Secondary suppression then makes sure no group of
//! cells that belong together (the parts of a breakdown and their total; a
//! series of months and their year) has exactly one hidden cell, which could
//! otherwise be worked out from the total: while some group has exactly one
//! hidden cell, the smallest shown cell of that group (preferring cells with
//! persons over empty ones) is hidden too. A hidden cell carries
//! [`Published::Suppressed`], never a number.

use crate::breakdown::{Breakdown, Key};
use crate::compute::{Table, Value};
use crate::indicator::IndicatorId;
use crate::period::Period;
use serde::Serialize;
use tillit_domain::UnitId;

/// Cells with fewer persons than this are hidden by default.
pub const DEFAULT_THRESHOLD: u32 = 5;

/// A published figure: shown, or hidden to protect the persons behind it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "status", content = "value", rename_all = "snake_case")]
pub enum Published {
    Shown(Value),
    /// Hidden: too few persons (or hidden so that another hidden cell cannot
    /// be worked out). Printed as "..", never as a number.
    Suppressed,
}

impl Published {
    pub fn is_suppressed(&self) -> bool {
        matches!(self, Published::Suppressed)
    }
    /// The value, when shown.
    pub fn shown(&self) -> Option<&Value> {
        match self {
            Published::Shown(v) => Some(v),
            Published::Suppressed => None,
        }
    }
}

/// One published cell.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PublishedCell {
    pub key: Key,
    pub value: Published,
}

/// A [`Table`] ready to leave the unit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PublishedTable {
    pub indicator: IndicatorId,
    pub version: u32,
    pub period: Period,
    pub breakdown: Breakdown,
    pub unit: Option<UnitId>,
    /// The threshold used.
    pub threshold: u32,
    pub total: Published,
    pub cells: Vec<PublishedCell>,
}

/// Suppress one table: the group is its cells and its total.
pub fn suppress(table: &Table, threshold: u32) -> PublishedTable {
    let persons: Vec<u32> = table
        .cells
        .iter()
        .map(|c| c.value.persons)
        .chain([table.total.persons])
        .collect();
    let group: Vec<usize> = (0..persons.len()).collect();
    let hidden = hidden_cells(&persons, &[group], threshold);
    publish(table, threshold, &hidden)
}

/// Suppress a series of tables of one indicator and breakdown (e.g. the 12
/// months and the year). Each table's cells and total form a group; when the
/// indicator's values add up over time (see
/// [`crate::Indicator::adds_up_over_time`]) and the tables share their keys,
/// each key across the tables (the months and the year) is a group too.
pub fn suppress_series(tables: &[Table], threshold: u32) -> Vec<PublishedTable> {
    // Cell index: table t, position c (cells then total) -> t * width + c.
    let Some(first) = tables.first() else {
        return Vec::new();
    };
    let width = first.cells.len() + 1;
    let same_keys = tables.iter().all(|t| {
        t.cells.len() + 1 == width
            && t.cells
                .iter()
                .zip(&first.cells)
                .all(|(a, b)| a.key == b.key)
    });
    let mut persons = Vec::with_capacity(tables.len() * width);
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut offsets = Vec::with_capacity(tables.len());
    for t in tables {
        let base = persons.len();
        offsets.push(base);
        persons.extend(t.cells.iter().map(|c| c.value.persons));
        persons.push(t.total.persons);
        groups.push((base..persons.len()).collect());
    }
    if same_keys && tables.len() > 1 && first.indicator.info().adds_up_over_time() {
        for c in 0..width {
            groups.push(offsets.iter().map(|o| o + c).collect());
        }
    }
    let hidden = hidden_cells(&persons, &groups, threshold);
    tables
        .iter()
        .zip(offsets)
        .map(|(t, o)| publish(t, threshold, &hidden[o..o + t.cells.len() + 1]))
        .collect()
}

/// `hidden` has one flag per cell, then one for the total.
fn publish(table: &Table, threshold: u32, hidden: &[bool]) -> PublishedTable {
    let show = |v: &Value, i: usize| {
        // A missing flag hides: never show by mistake.
        if hidden.get(i).copied().unwrap_or(true) {
            Published::Suppressed
        } else {
            Published::Shown(*v)
        }
    };
    PublishedTable {
        indicator: table.indicator,
        version: table.version,
        period: table.period,
        breakdown: table.breakdown,
        unit: table.unit,
        threshold,
        total: show(&table.total, table.cells.len()),
        cells: table
            .cells
            .iter()
            .enumerate()
            .map(|(i, c)| PublishedCell {
                key: c.key,
                value: show(&c.value, i),
            })
            .collect(),
    }
}

/// Which cells to hide, given each cell's persons and the groups of cells
/// that belong together (indexes into `persons`). The core of [`suppress`],
/// usable for any table shape.
///
/// Afterwards no cell with `0 < persons < threshold` is shown, and no group
/// of two or more cells has exactly one hidden cell.
pub fn hidden_cells(persons: &[u32], groups: &[Vec<usize>], threshold: u32) -> Vec<bool> {
    let mut hidden: Vec<bool> = persons.iter().map(|&p| p > 0 && p < threshold).collect();
    loop {
        let mut changed = false;
        for g in groups {
            let n_hidden = g
                .iter()
                .filter(|&&i| hidden.get(i).copied().unwrap_or(false))
                .count();
            if n_hidden != 1 {
                continue;
            }
            let pick = g
                .iter()
                .copied()
                .filter(|&i| i < hidden.len() && !hidden[i])
                .min_by_key(|&i| (persons[i] == 0, persons[i], i));
            if let Some(i) = pick {
                hidden[i] = true;
                changed = true;
            }
        }
        if !changed {
            return hidden;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_small_part_takes_the_next_smallest_with_it() {
        // Boys 3, girls 12, unknown 0, total 15.
        let persons = [3, 12, 0, 15];
        let hidden = hidden_cells(&persons, &[vec![0, 1, 2, 3]], 5);
        assert_eq!(hidden, [true, true, false, false]);
    }

    #[test]
    fn nothing_small_nothing_hidden() {
        let persons = [0, 12, 5, 17];
        let hidden = hidden_cells(&persons, &[vec![0, 1, 2, 3]], 5);
        assert_eq!(hidden, [false; 4]);
    }

    #[test]
    fn a_small_total_hides_with_its_only_part() {
        let persons = [3, 0, 0, 3];
        let hidden = hidden_cells(&persons, &[vec![0, 1, 2, 3]], 5);
        assert_eq!(hidden, [true, false, false, true]);
    }
}
