//! Service matters (serviceinsatser: råd och stöd without investigation or
//! decision) counted for the follow-up: opened or closed in a year, by kind
//! and by gender or age band, with row, column and grand totals, and which
//! cells published output hides (every group of a row or a column with its
//! total, and the totals row with the grand total, through
//! [`hidden_cells`]).
//!
//! A matter is about one person (or an anonymous one, counted by gender and
//! age band only), so a count of matters is checked as a count of persons.

use crate::suppress::hidden_cells;
use jiff::civil::Date;
use tillit_domain::UnitId;
use tillit_domain::catalog::{CatalogEntry, Gender};
use tillit_domain::register::service::{AgeBand, ServiceKind};

/// One service matter as the follow-up counts it (no name, no text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServiceMatterFact {
    pub unit: UnitId,
    pub kind: ServiceKind,
    pub gender: Gender,
    pub age_band: AgeBand,
    pub opened_on: Date,
    pub closed_on: Option<Date>,
}

/// Which matters a table counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceCount {
    /// Started in the year.
    Opened,
    /// Ended in the year.
    Closed,
}

/// The columns of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceSplit {
    Gender,
    AgeBand,
}

impl ServiceSplit {
    /// (code, label) of every column, in order.
    pub fn columns(self) -> Vec<(&'static str, &'static str)> {
        fn of<T>(entries: &[CatalogEntry<T>]) -> Vec<(&'static str, &'static str)> {
            entries.iter().map(|e| (e.code, e.label)).collect()
        }
        match self {
            Self::Gender => of(Gender::ENTRIES),
            Self::AgeBand => of(AgeBand::ENTRIES),
        }
    }

    fn column_of(self, f: &ServiceMatterFact) -> usize {
        let code = match self {
            Self::Gender => f.gender.code(),
            Self::AgeBand => f.age_band.code(),
        };
        self.columns()
            .iter()
            .position(|(c, _)| *c == code)
            .unwrap_or(0)
    }
}

/// Matters per kind (rows, in the catalogue's order) and column, with the
/// totals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceTable {
    pub count: ServiceCount,
    pub split: ServiceSplit,
    pub columns: Vec<(&'static str, &'static str)>,
    /// Per kind: a count per column.
    pub rows: Vec<(ServiceKind, Vec<u32>)>,
}

impl ServiceTable {
    /// The row's total.
    pub fn row_total(&self, row: usize) -> u32 {
        self.rows.get(row).map_or(0, |(_, c)| c.iter().sum())
    }

    /// The column's total.
    pub fn column_total(&self, col: usize) -> u32 {
        self.rows
            .iter()
            .map(|(_, c)| c.get(col).copied().unwrap_or(0))
            .sum()
    }

    /// Every matter counted.
    pub fn total(&self) -> u32 {
        (0..self.rows.len()).map(|r| self.row_total(r)).sum()
    }

    /// Which cells published output hides: a grid of `rows + 1` rows (the
    /// last the column totals) and `columns + 1` columns (the last the row
    /// totals, the bottom right the grand total). No cell under `threshold`
    /// (and over 0) is shown, and no row or column has exactly one hidden
    /// cell, which its total would give away.
    pub fn hidden(&self, threshold: u32) -> Vec<Vec<bool>> {
        let (nr, nc) = (self.rows.len() + 1, self.columns.len() + 1);
        let at = |r: usize, c: usize| r * nc + c;
        let mut persons = vec![0u32; nr * nc];
        for (r, (_, counts)) in self.rows.iter().enumerate() {
            for (c, n) in counts.iter().enumerate() {
                persons[at(r, c)] = *n;
            }
            persons[at(r, nc - 1)] = self.row_total(r);
        }
        for c in 0..self.columns.len() {
            persons[at(nr - 1, c)] = self.column_total(c);
        }
        persons[at(nr - 1, nc - 1)] = self.total();
        let mut groups: Vec<Vec<usize>> = (0..nr)
            .map(|r| (0..nc).map(|c| at(r, c)).collect())
            .collect();
        groups.extend((0..nc).map(|c| (0..nr).map(|r| at(r, c)).collect()));
        let flat = hidden_cells(&persons, &groups, threshold);
        flat.chunks(nc).map(<[bool]>::to_vec).collect()
    }
}

/// The matters of `unit` (or all) opened or closed (`count`) in `year`, by
/// kind and `split`.
pub fn service_table(
    facts: &[ServiceMatterFact],
    year: i16,
    unit: Option<UnitId>,
    count: ServiceCount,
    split: ServiceSplit,
) -> ServiceTable {
    let columns = split.columns();
    let mut rows: Vec<(ServiceKind, Vec<u32>)> = ServiceKind::all()
        .map(|k| (k, vec![0; columns.len()]))
        .collect();
    for f in facts {
        if unit.is_some_and(|u| u != f.unit) {
            continue;
        }
        let day = match count {
            ServiceCount::Opened => Some(f.opened_on),
            ServiceCount::Closed => f.closed_on,
        };
        if day.is_none_or(|d| d.year() != year) {
            continue;
        }
        if let Some((_, counts)) = rows.iter_mut().find(|(k, _)| *k == f.kind)
            && let Some(n) = counts.get_mut(split.column_of(f))
        {
            *n += 1;
        }
    }
    ServiceTable {
        count,
        split,
        columns,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn fact(
        kind: ServiceKind,
        gender: Gender,
        band: AgeBand,
        closed: Option<Date>,
    ) -> ServiceMatterFact {
        ServiceMatterFact {
            unit: UnitId(1),
            kind,
            gender,
            age_band: band,
            opened_on: date(2025, 3, 1),
            closed_on: closed,
        }
    }

    #[test]
    fn a_lone_small_cell_takes_another_with_it_in_its_row_and_column() {
        let mut facts = Vec::new();
        for _ in 0..12 {
            facts.push(fact(
                ServiceKind::Advice,
                Gender::Female,
                AgeBand::Adult,
                None,
            ));
            facts.push(fact(
                ServiceKind::Advice,
                Gender::Male,
                AgeBand::Adult,
                None,
            ));
        }
        for _ in 0..2 {
            facts.push(fact(ServiceKind::Talks, Gender::Male, AgeBand::Adult, None));
        }
        let t = service_table(
            &facts,
            2025,
            None,
            ServiceCount::Opened,
            ServiceSplit::Gender,
        );
        assert_eq!(t.total(), 26);
        let h = t.hidden(5);
        // Talks, boys: 2 (small); its row total is 2 too; its column
        // (boys: 12 + 2) must hide another: Advice, boys.
        let talks = t
            .rows
            .iter()
            .position(|(k, _)| *k == ServiceKind::Talks)
            .unwrap();
        let male = t.columns.iter().position(|(c, _)| *c == "pojke").unwrap();
        assert!(h[talks][male]);
        for row in &h {
            assert_ne!(row.iter().filter(|x| **x).count(), 1, "{h:?}");
        }
        for c in 0..h[0].len() {
            assert_ne!(h.iter().filter(|r| r[c]).count(), 1, "{h:?}");
        }
        assert!(
            t.hidden(0).iter().flatten().all(|x| !x),
            "internal: nothing hidden"
        );
    }
}
