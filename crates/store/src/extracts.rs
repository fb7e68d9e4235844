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
        let mut cases = Vec::with_capacity(rows.len());
        for r in &rows {
            let version = r.int("version")?;
            let current = r.opt_int("x_version")? == Some(version);
            let data = if current { r.opt_text("data")? } else { None };
            let version =
                u64::try_from(version).map_err(|_| StoreError::corrupt("negativ version"))?;
            cases.push((r.parsed("id")?, version, data));
        }
        Ok(FollowUpSources { cases })
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
    /// another stamp, or while one is being written (parts of two stamps).
    pub async fn followup_snapshot(
        &self,
        stamp: FactsStamp,
    ) -> Result<Option<Vec<String>>, StoreError> {
        let rows = sqlx::query("SELECT part, stamp, data FROM followup_snapshot ORDER BY part")
            .fetch_all(&self.pool)
            .await?;
        let want = stamp_text(stamp);
        let Some((header, parts)) = rows.split_first() else {
            return Ok(None);
        };
        if header.int("part")? != 0
            || header.text("stamp")? != want
            || header.text("data")? != parts.len().to_string()
        {
            return Ok(None);
        }
        let mut out = Vec::with_capacity(parts.len());
        for (i, r) in parts.iter().enumerate() {
            if r.int("part")? != i as i64 + 1 || r.text("stamp")? != want {
                return Ok(None);
            }
            out.push(r.text("data")?);
        }
        Ok(Some(out))
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
    format!("{}:{}", s.events, s.persons)
}
