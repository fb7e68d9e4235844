//! The caseload lists (my cases, the unit's cases): the open cases with
//! their child, phase and the day it began, the LVU ground, the next
//! deadline and whether a journal draft is waiting. Two statements whatever
//! the number of cases: the cases with their child and caseworker, and the
//! deadlines of those cases.

use crate::codec::{RowExt, date_text};
use crate::{Store, StoreError};
use jiff::civil::Date;
use std::collections::HashMap;
use tillit_domain::case::{CaseState, RecordedEvent};
use tillit_domain::person::Person;
use tillit_domain::{CaseId, ItemId, UnitId, UserId};

/// Which open cases [`Store::caseload`] returns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseloadFilter {
    /// Cases of this unit.
    pub unit: Option<UnitId>,
    /// Cases assigned to one of these (`None`: anyone or no one).
    pub caseworkers: Option<Vec<UserId>>,
    /// Only unassigned cases.
    pub unassigned: bool,
    /// Only these phases (codes of [`tillit_domain::case::Phase`]; empty:
    /// every open phase).
    pub phases: Vec<String>,
    /// `Some(None)`: SoL only (no LVU ground now); `Some(Some(code))`: this
    /// LVU ground (`lvu2`, `lvu3`); `None`: any.
    pub lvu_ground: Option<Option<String>>,
    /// Any LVU ground (care or emergency removal).
    pub any_lvu: bool,
}

/// The first deadline of a case (by planning date, then legal date).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextDeadline {
    pub kind_code: String,
    pub label: String,
    pub item: Option<ItemId>,
    pub legal_date: Date,
    pub planning_date: Date,
    pub citation: String,
}

/// An open case as the caseload lists show it.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseloadRow {
    pub case: CaseId,
    pub child: Person,
    pub unit: UnitId,
    pub caseworker: Option<UserId>,
    /// The caseworker's display name ("" when unassigned).
    pub caseworker_name: String,
    pub phase: String,
    /// The day the case entered its phase (`None` only for a case stored
    /// before it was recorded and never backfilled).
    pub phase_since: Option<Date>,
    pub opened_on: Date,
    pub lvu_ground: Option<String>,
    pub next: Option<NextDeadline>,
    /// Number of deadlines running.
    pub deadlines: usize,
    /// Someone has an unsigned journal draft in the case.
    pub has_draft: bool,
}

impl Store {
    /// The open cases matching `f`, oldest first (sorting and paging are
    /// the page's: every column may be sorted on).
    pub async fn caseload(&self, f: &CaseloadFilter) -> Result<Vec<CaseloadRow>, StoreError> {
        let mut conditions = vec!["c.closed_on IS NULL".to_string()];
        let mut ints: Vec<i64> = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        // Integers are bound first ($1..$n), texts after them.
        if let Some(unit) = f.unit {
            ints.push(unit.0);
            conditions.push(format!("c.unit_id = ${}", ints.len()));
        }
        if let Some(cws) = &f.caseworkers {
            if cws.is_empty() {
                return Ok(Vec::new());
            }
            let mut marks = Vec::new();
            for cw in cws {
                ints.push(cw.0);
                marks.push(format!("${}", ints.len()));
            }
            conditions.push(format!("c.caseworker_id IN ({})", marks.join(", ")));
        }
        if f.unassigned {
            conditions.push("c.caseworker_id IS NULL".to_string());
        }
        let n = ints.len();
        if !f.phases.is_empty() {
            let mut marks = Vec::new();
            for p in &f.phases {
                texts.push(p.clone());
                marks.push(format!("${}", n + texts.len()));
            }
            conditions.push(format!("c.phase IN ({})", marks.join(", ")));
        }
        match &f.lvu_ground {
            Some(None) => conditions.push("c.lvu_ground IS NULL".to_string()),
            Some(Some(code)) => {
                texts.push(code.clone());
                conditions.push(format!("c.lvu_ground = ${}", n + texts.len()));
            }
            None => {}
        }
        if f.any_lvu {
            conditions.push("c.lvu_ground IS NOT NULL".to_string());
        }
        let sql = format!(
            "SELECT c.id AS case_id, c.unit_id, c.caseworker_id, c.phase, c.phase_since, \
                    c.opened_on, c.lvu_ground, \
                    p.id, p.identity_number, p.given_name, p.family_name, p.gender, \
                    p.birth_date, p.protected, p.address, \
                    u.display_name AS caseworker_name, \
                    CASE WHEN EXISTS (SELECT 1 FROM journal_drafts j WHERE j.case_id = c.id) \
                         THEN 1 ELSE 0 END AS has_draft \
             FROM cases c \
             JOIN persons p ON p.id = c.child_id \
             LEFT JOIN users u ON u.id = c.caseworker_id \
             WHERE {} ORDER BY c.opened_on, c.id",
            conditions.join(" AND ")
        );
        let mut q = sqlx::query(&sql);
        for i in ints {
            q = q.bind(i);
        }
        for t in texts {
            q = q.bind(t);
        }
        let rows = q.fetch_all(&self.pool).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(CaseloadRow {
                case: r.parsed("case_id")?,
                child: crate::persons::person_from_row(r)?,
                unit: UnitId(r.int("unit_id")?),
                caseworker: r.opt_int("caseworker_id")?.map(UserId),
                caseworker_name: r.opt_text("caseworker_name")?.unwrap_or_default(),
                phase: r.text("phase")?,
                phase_since: r.opt_parsed("phase_since")?,
                opened_on: r.parsed("opened_on")?,
                lvu_ground: r.opt_text("lvu_ground")?,
                next: None,
                deadlines: 0,
                has_draft: r.int("has_draft")? != 0,
            });
        }
        if out.is_empty() {
            return Ok(out);
        }
        // The deadlines of these cases: of the unit (or the caseworkers),
        // one statement, the first per case kept.
        let mut dconds = Vec::new();
        let mut dints = Vec::new();
        if let Some(unit) = f.unit {
            dints.push(unit.0);
            dconds.push(format!("d.unit_id = ${}", dints.len()));
        }
        if let Some(cws) = &f.caseworkers {
            let mut marks = Vec::new();
            for cw in cws {
                dints.push(cw.0);
                marks.push(format!("${}", dints.len()));
            }
            dconds.push(format!("d.owner_id IN ({})", marks.join(", ")));
        }
        let dsql = format!(
            "SELECT d.case_id, d.kind, d.label, d.item, d.legal_date, d.planning_date, d.citation \
             FROM deadlines d{} ORDER BY d.planning_date, d.legal_date, d.case_id, d.seq",
            if dconds.is_empty() {
                String::new()
            } else {
                format!(" WHERE {}", dconds.join(" AND "))
            }
        );
        let mut dq = sqlx::query(&dsql);
        for i in dints {
            dq = dq.bind(i);
        }
        let index: HashMap<CaseId, usize> =
            out.iter().enumerate().map(|(i, r)| (r.case, i)).collect();
        for r in dq.fetch_all(&self.pool).await? {
            let case: CaseId = r.parsed("case_id")?;
            let Some(&i) = index.get(&case) else {
                continue;
            };
            let row = &mut out[i];
            row.deadlines += 1;
            if row.next.is_none() {
                row.next = Some(NextDeadline {
                    kind_code: r.text("kind")?,
                    label: r.text("label")?,
                    item: r.opt_parsed("item")?,
                    legal_date: r.parsed("legal_date")?,
                    planning_date: r.parsed("planning_date")?,
                    citation: r.text("citation")?,
                });
            }
        }
        Ok(out)
    }

    /// Whether `user` has a journal draft in each of `cases`.
    pub async fn has_draft(&self, case: CaseId, user: UserId) -> Result<bool, StoreError> {
        Ok(
            sqlx::query("SELECT 1 AS one FROM journal_drafts WHERE case_id = $1 AND user_id = $2")
                .bind(case.to_string())
                .bind(user.0)
                .fetch_optional(&self.pool)
                .await?
                .is_some(),
        )
    }
}

/// Migration 11: the phase's first day and the LVU ground of every case
/// stored before, from its events (inside the migration's transaction).
pub(crate) async fn backfill_phase_since(tx: &mut sqlx::AnyConnection) -> Result<(), StoreError> {
    let ids: Vec<String> = sqlx::query("SELECT id FROM cases ORDER BY id")
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| r.text("id"))
        .collect::<Result<_, _>>()?;
    for chunk in ids.chunks(500) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT case_id, version, recorded_by, recorded_at, occurred_on, payload FROM events \
             WHERE case_id IN ({}) ORDER BY case_id, version",
            marks.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for id in chunk {
            q = q.bind(id.clone());
        }
        let mut streams: HashMap<String, Vec<RecordedEvent>> = HashMap::new();
        for r in q.fetch_all(&mut *tx).await? {
            let case = r.text("case_id")?;
            let e = crate::events::event_from_row(&r)?;
            streams.entry(case).or_default().push(e);
        }
        for (case, events) in streams {
            let (state, since) = CaseState::with_phase_since(&events);
            sqlx::query("UPDATE cases SET phase_since = $1, lvu_ground = $2 WHERE id = $3")
                .bind(since.map(date_text))
                .bind(state.lvu_ground_now().map(|b| b.code()))
                .bind(case)
                .execute(&mut *tx)
                .await?;
        }
    }
    Ok(())
}
