//! The unit overview for managers: a few figures per caseworker, counted in
//! the database from the read models (`cases`, `deadlines`) and, for reports
//! received, from the event log (indexed by event type and date).

use crate::codec::{RowExt, date_text};
use crate::events::CaseSummary;
use crate::{Store, StoreError};
use jiff::civil::Date;
use std::collections::BTreeMap;
use tillit_domain::{UnitId, UserId};

/// The figures of one caseworker (or of the unassigned cases, `caseworker`
/// `None`) in a unit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseworkerFigures {
    pub caseworker: Option<UserId>,
    /// Reports (aktualiseringar) received in the period, in the caseworker's cases.
    pub reports_received: u64,
    /// Open cases.
    pub open_cases: u64,
    /// Reports waiting for a förhandsbedömning.
    pub open_pre_assessments: u64,
    /// Investigations running.
    pub open_investigations: u64,
    /// Deadlines whose legal date has passed.
    pub overdue: u64,
    /// Children in out-of-home care (a placement is active).
    pub placed_children: u64,
}

impl CaseworkerFigures {
    /// Add another row's figures to this one.
    pub fn add(&mut self, other: &CaseworkerFigures) {
        self.reports_received += other.reports_received;
        self.open_cases += other.open_cases;
        self.open_pre_assessments += other.open_pre_assessments;
        self.open_investigations += other.open_investigations;
        self.overdue += other.overdue;
        self.placed_children += other.placed_children;
    }
}

fn count(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

impl Store {
    /// The figures of `unit` per caseworker: reports received from `from` to
    /// `to` (inclusive), and the state as of `today` (overdue = legal date
    /// before `today`). Sorted with the unassigned row first, then by user id.
    pub async fn unit_overview(
        &self,
        unit: UnitId,
        from: Date,
        to: Date,
        today: Date,
    ) -> Result<Vec<CaseworkerFigures>, StoreError> {
        let mut rows: BTreeMap<Option<i64>, CaseworkerFigures> = BTreeMap::new();
        fn row(
            rows: &mut BTreeMap<Option<i64>, CaseworkerFigures>,
            cw: Option<i64>,
        ) -> &mut CaseworkerFigures {
            rows.entry(cw).or_insert_with(|| CaseworkerFigures {
                caseworker: cw.map(UserId),
                ..CaseworkerFigures::default()
            })
        }

        for r in sqlx::query(
            "SELECT c.caseworker_id AS cw, COUNT(*) AS n FROM events e \
             JOIN cases c ON c.id = e.case_id \
             WHERE e.event_type = 'report_received' AND e.occurred_on >= $1 \
               AND e.occurred_on <= $2 AND c.unit_id = $3 \
             GROUP BY c.caseworker_id",
        )
        .bind(date_text(from))
        .bind(date_text(to))
        .bind(unit.0)
        .fetch_all(&self.pool)
        .await?
        {
            row(&mut rows, r.opt_int("cw")?).reports_received = count(r.int("n")?);
        }

        for r in sqlx::query(
            "SELECT caseworker_id AS cw, COUNT(*) AS n, \
                    COUNT(DISTINCT CASE WHEN placed = 1 THEN child_id END) AS placed \
             FROM cases WHERE unit_id = $1 AND closed_on IS NULL GROUP BY caseworker_id",
        )
        .bind(unit.0)
        .fetch_all(&self.pool)
        .await?
        {
            let f = row(&mut rows, r.opt_int("cw")?);
            f.open_cases = count(r.int("n")?);
            f.placed_children = count(r.int("placed")?);
        }

        for r in sqlx::query(
            "SELECT owner_id AS cw, kind, COUNT(*) AS n, \
                    SUM(CASE WHEN legal_date < $2 THEN 1 ELSE 0 END) AS late \
             FROM deadlines WHERE unit_id = $1 GROUP BY owner_id, kind",
        )
        .bind(unit.0)
        .bind(date_text(today))
        .fetch_all(&self.pool)
        .await?
        {
            let f = row(&mut rows, r.opt_int("cw")?);
            let n = count(r.int("n")?);
            match r.text("kind")?.as_str() {
                "pre_assessment" => f.open_pre_assessments += n,
                "investigation_end" => f.open_investigations += n,
                _ => {}
            }
            f.overdue += count(r.opt_int("late")?.unwrap_or(0));
        }
        Ok(rows.into_values().collect())
    }

    /// The open cases of `unit` whose child is in out-of-home care now.
    pub async fn placed_cases(&self, unit: UnitId) -> Result<Vec<CaseSummary>, StoreError> {
        let sql = format!(
            "SELECT {} FROM cases WHERE unit_id = $1 AND closed_on IS NULL AND placed = 1 \
             ORDER BY opened_on DESC, id",
            crate::events::CASE_COLUMNS
        );
        sqlx::query(&sql)
            .bind(unit.0)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(crate::events::summary_from_row)
            .collect()
    }
}
