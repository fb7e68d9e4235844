//! The follow-up's case extracts (migration 13): derived data kept beside
//! the events so that the follow-up is built without decoding the event
//! log. The store keeps each as text with the case version it was made
//! from and hands out only the current ones; what is in the text is the
//! follow-up's business (`tillit_followup::CaseExtract`).
//!
//! Written after the fact, not in the events' transaction: the store may
//! not know the follow-up (the house's direction), and it need not, since
//! an extract counts only while its version is the case's. A case written
//! since is "stale": its events are read instead, and its extract is made
//! again by whoever built the follow-up ([`Store::put_case_extracts`]).

use crate::codec::RowExt;
use crate::followup::followup_event;
use crate::{FactsStamp, Store, StoreError};
use tillit_domain::CaseId;
use tillit_domain::case::RecordedEvent;

/// Where the follow-up's facts come from: every case in case order, with
/// its current extract where there is one.
#[derive(Debug, Default)]
pub struct FollowUpSources {
    /// `(case, version, current extract)`, in the order the event log is
    /// read in (`events_for_followup`).
    pub cases: Vec<(CaseId, u64, Option<String>)>,
}

impl FollowUpSources {
    /// The cases without a current extract.
    pub fn stale(&self) -> impl Iterator<Item = CaseId> + '_ {
        self.cases.iter().filter(|c| c.2.is_none()).map(|c| c.0)
    }
}

/// What was written since a follow-up snapshot ([`Store::followup_changes`]).
#[derive(Debug, Default)]
pub struct FollowUpChanges {
    /// `(case, version, current extract)` by case id.
    pub cases: Vec<(CaseId, u64, Option<String>)>,
    /// The persons written, by id, as the follow-up needs them.
    pub persons: Vec<tillit_domain::person::Person>,
}

/// A `(case, version, current extract)` from a row of `cases` joined with
/// `case_extracts`.
fn source_of_row(r: &sqlx::any::AnyRow) -> Result<(CaseId, u64, Option<String>), StoreError> {
    let version = r.int("version")?;
    let current = r.opt_int("x_version")? == Some(version);
    let data = if current { r.opt_text("data")? } else { None };
    let version = u64::try_from(version).map_err(|_| StoreError::corrupt("negativ version"))?;
    Ok((r.parsed("id")?, version, data))
}

/// How many cases one statement asks for or one transaction writes.
const CHUNK: usize = 500;

impl Store {
    /// Every case with its version and its extract, when the extract was
    /// made from that version.
    pub async fn followup_sources(&self) -> Result<FollowUpSources, StoreError> {
        let rows = sqlx::query(
            "SELECT c.id, c.version, x.version AS x_version, x.data \
             FROM cases c LEFT JOIN case_extracts x ON x.case_id = c.id ORDER BY c.id",
        )
        .fetch_all(&self.pool)
        .await?;
        let cases = rows.iter().map(source_of_row).collect::<Result<_, _>>()?;
        Ok(FollowUpSources { cases })
    }

    /// What was written after the change sequence (migration 19) stood at
    /// `since`: those cases (as [`Store::followup_sources`] gives them) and
    /// those persons (as [`Store::persons_for_followup`]), each by id. Read
    /// by index, however large the registers.
    pub async fn followup_changes(&self, since: u64) -> Result<FollowUpChanges, StoreError> {
        let since = i64::try_from(since).map_err(|_| StoreError::corrupt("för stort löpnummer"))?;
        let rows = sqlx::query(
            "SELECT c.id, c.version, x.version AS x_version, x.data \
             FROM cases c LEFT JOIN case_extracts x ON x.case_id = c.id \
             WHERE c.changed > $1",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        // Sorted here: an ORDER BY id would make SQLite walk the primary
        // key's index over every row instead of the few that changed.
        let mut cases: Vec<_> = rows.iter().map(source_of_row).collect::<Result<_, _>>()?;
        cases.sort_by_key(|c| c.0);
        let mut persons = crate::followup::persons_for_followup_where(
            &self.pool,
            "WHERE changed > $1",
            Some(since),
        )
        .await?;
        persons.sort_by_key(|p| p.id);
        Ok(FollowUpChanges { cases, persons })
    }

    /// The events of these cases, case by case in the event log's order
    /// (by case, then version).
    pub async fn events_of_cases(
        &self,
        cases: &[CaseId],
    ) -> Result<Vec<(CaseId, RecordedEvent)>, StoreError> {
        let mut ids: Vec<String> = cases.iter().map(|c| c.to_string()).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut out = Vec::new();
        for chunk in ids.chunks(CHUNK) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT case_id, version, recorded_by, recorded_at, occurred_on, payload \
                 FROM events WHERE case_id IN ({}) ORDER BY case_id, version",
                marks.join(", ")
            );
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(id.clone());
            }
            for r in q.fetch_all(&self.pool).await? {
                out.push(followup_event(&r)?);
            }
        }
        Ok(out)
    }

    /// Keep these extracts, each `(case, version it was made from, text)`.
    /// One whose case has moved on since (another version) is not kept.
    /// Written in transactions of a few hundred, each all or nothing;
    /// returns how many were kept.
    pub async fn put_case_extracts(
        &self,
        extracts: Vec<(CaseId, u64, String)>,
    ) -> Result<u64, StoreError> {
        let mut kept = 0;
        let mut rest = extracts;
        while !rest.is_empty() {
            let tail = rest.split_off(rest.len().min(CHUNK));
            let chunk = std::mem::replace(&mut rest, tail);
            kept += self
                .write_unbounded(move |tx| {
                    Box::pin(async move {
                        let mut n = 0;
                        for (case, version, data) in chunk {
                            let version = i64::try_from(version)
                                .map_err(|_| StoreError::corrupt("för stor version"))?;
                            // Only while the case is at that version; the
                            // WHERE also keeps SQLite's upsert unambiguous.
                            let done = sqlx::query(
                                "INSERT INTO case_extracts (case_id, version, data) \
                                 SELECT id, version, $3 FROM cases WHERE id = $1 AND version = $2 \
                                 ON CONFLICT (case_id) DO UPDATE SET version = excluded.version, \
                                 data = excluded.data",
                            )
                            .bind(case.to_string())
                            .bind(version)
                            .bind(data)
                            .execute(&mut *tx)
                            .await?;
                            n += done.rows_affected();
                        }
                        Ok(n)
                    })
                })
                .await?;
        }
        Ok(kept)
    }

    /// The follow-up's snapshot (migration 17) if it was made at `stamp`:
    /// its parts in order. `None` when there is none, when it was made at
    /// another stamp, or while one is being written.
    pub async fn followup_snapshot(
        &self,
        stamp: FactsStamp,
    ) -> Result<Option<Vec<String>>, StoreError> {
        Ok(self
            .latest_followup_snapshot()
            .await?
            .filter(|(at, _)| *at == stamp)
            .map(|(_, parts)| parts))
    }

    /// The follow-up's snapshot and the stamp it was made at, whatever the
    /// store's stamp now: its parts in order. `None` when there is none or
    /// while one is being written (parts of two stamps).
    pub async fn latest_followup_snapshot(
        &self,
    ) -> Result<Option<(FactsStamp, Vec<String>)>, StoreError> {
        use futures_util::TryStreamExt;
        // Row by row: a city's parts are a few hundred megabytes, each is
        // copied out of its row and the row dropped.
        let mut rows = sqlx::query("SELECT part, stamp, data FROM followup_snapshot ORDER BY part")
            .fetch(&self.pool);
        let Some(header) = rows.try_next().await? else {
            return Ok(None);
        };
        let want = header.text("stamp")?;
        let (Some(stamp), Ok(count)) = (
            stamp_from_text(&want),
            header.text("data")?.parse::<usize>(),
        ) else {
            return Ok(None);
        };
        if header.int("part")? != 0 {
            return Ok(None);
        }
        let mut out = Vec::with_capacity(count.min(10_000));
        while let Some(r) = rows.try_next().await? {
            if r.int("part")? != out.len() as i64 + 1 || r.text("stamp")? != want {
                return Ok(None);
            }
            out.push(r.text("data")?);
        }
        Ok((out.len() == count).then_some((stamp, out)))
    }

    /// Keep `parts` as the follow-up's snapshot made at `stamp`. Each part
    /// is written in a transaction of its own (a city's snapshot is a few
    /// hundred megabytes: the writer is not held for all of it) and the
    /// header last, so a reader sees the old snapshot, none, or the new.
    pub async fn put_followup_snapshot(
        &self,
        stamp: FactsStamp,
        parts: Vec<String>,
    ) -> Result<(), StoreError> {
        let stamp = stamp_text(stamp);
        let count = parts.len();
        // The header first goes stale, so that no reader takes a mix.
        let header_stamp = stamp.clone();
        self.write_unbounded(move |tx| {
            Box::pin(async move {
                sqlx::query("DELETE FROM followup_snapshot WHERE part = 0")
                    .execute(&mut *tx)
                    .await?;
                Ok(())
            })
        })
        .await?;
        for (i, data) in parts.into_iter().enumerate() {
            let stamp = stamp.clone();
            self.write_unbounded(move |tx| {
                Box::pin(async move {
                    sqlx::query(
                        "INSERT INTO followup_snapshot (part, stamp, data) VALUES ($1, $2, $3) \
                         ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp, data = excluded.data",
                    )
                    .bind(i as i64 + 1)
                    .bind(stamp)
                    .bind(data)
                    .execute(&mut *tx)
                    .await?;
                    Ok(())
                })
            })
            .await?;
        }
        self.write_unbounded(move |tx| {
            Box::pin(async move {
                sqlx::query("DELETE FROM followup_snapshot WHERE part > $1")
                    .bind(count as i64)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("INSERT INTO followup_snapshot (part, stamp, data) VALUES (0, $1, $2)")
                    .bind(header_stamp)
                    .bind(count.to_string())
                    .execute(&mut *tx)
                    .await?;
                Ok(())
            })
        })
        .await
    }
}

/// A stamp as the snapshot keeps it.
fn stamp_text(s: FactsStamp) -> String {
    format!("{}:{}:{}", s.events, s.persons, s.changes)
}

/// The stamp in [`stamp_text`]'s form, or `None` (an older form too).
fn stamp_from_text(text: &str) -> Option<FactsStamp> {
    let mut numbers = text.split(':').map(|n| n.parse::<u64>().ok());
    let stamp = FactsStamp {
        events: numbers.next()??,
        persons: numbers.next()??,
        changes: numbers.next()??,
    };
    numbers.next().is_none().then_some(stamp)
}
