//! The riksnorm of the years the system administrator enters
//! (`/admin/riksnorm`), versioned: no migration, the rows are the generic
//! catalogue's (`catalog_entries`, migration 12) in the catalogue
//! `riksnorm`, one row per version of a year:
//!
//! - `code`: `YYYY/NNNNN` (the year, the version from 1);
//! - `label`: the table and the note of the change as JSON
//!   ([`tillit_domain::assistance::norm_entry::EnteredNorm`]);
//! - `valid_from`, `valid_to`: 1 January and 31 December of the year;
//! - `created_by`, `created_at`: who entered the version, when.
//!
//! A correction is a new version; the old ones are kept (a catalogue row is
//! never removed). The latest version of a year is the one in force. A
//! write names the version it corrects (0 for a year's first entry): if
//! someone else got there first nothing is written
//! ([`StoreError::RecordChanged`]).

use crate::codec::{RowExt, date_text, timestamp_text};
use crate::error::is_unique_violation;
use crate::{Store, StoreError};
use jiff::Timestamp;
use jiff::civil::Date;
use tillit_domain::UserId;
use tillit_domain::assistance::norm_entry::EnteredNorm;

/// The catalogue's name.
const CATALOG: &str = "riksnorm";

/// One version of a year's entered riksnorm.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiksnormVersion {
    pub table: EnteredNorm,
    /// 1 for the first entry, then one more per correction.
    pub version: u32,
    /// What was corrected and why (empty for a first entry).
    pub note: String,
    pub entered_by: UserId,
    pub entered_at: Timestamp,
}

/// The label's JSON: `{"table": {...}, "note": "..."}`.
fn label_of(table: &EnteredNorm, note: &str) -> Result<String, StoreError> {
    let table = serde_json::to_value(table).map_err(|e| StoreError::Invalid(e.to_string()))?;
    Ok(serde_json::json!({ "table": table, "note": note }).to_string())
}

fn from_label(code: &str, label: &str) -> Result<(EnteredNorm, String), StoreError> {
    let bad = |e: &dyn std::fmt::Display| StoreError::corrupt(format!("riksnormen {code}: {e}"));
    let mut v: serde_json::Value = serde_json::from_str(label).map_err(|e| bad(&e))?;
    let note = v["note"].as_str().unwrap_or_default().to_string();
    let table = serde_json::from_value(v["table"].take()).map_err(|e| bad(&e))?;
    Ok((table, note))
}

fn code(year: i16, version: u32) -> String {
    format!("{year}/{version:05}")
}

fn parse_code(code: &str) -> Result<(i16, u32), StoreError> {
    let bad = || StoreError::corrupt(format!("riksnormens kod {code}"));
    let (y, v) = code.split_once('/').ok_or_else(bad)?;
    Ok((y.parse().map_err(|_| bad())?, v.parse().map_err(|_| bad())?))
}

impl Store {
    /// Every version of every entered year, by year then version.
    pub async fn riksnorm_versions(&self) -> Result<Vec<RiksnormVersion>, StoreError> {
        let rows = sqlx::query(
            "SELECT code, label, created_by, created_at FROM catalog_entries \
             WHERE catalog = $1 ORDER BY code",
        )
        .bind(CATALOG)
        .fetch_all(&self.pool)
        .await?;
        let mut out = rows
            .iter()
            .map(|r| {
                let code = r.text("code")?;
                let (year, version) = parse_code(&code)?;
                let (table, note) = from_label(&code, &r.text("label")?)?;
                if table.year != year {
                    return Err(StoreError::corrupt(format!("riksnormen {code}: året")));
                }
                Ok(RiksnormVersion {
                    table,
                    version,
                    note,
                    entered_by: UserId(r.int("created_by")?),
                    entered_at: r.parsed("created_at")?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        out.sort_by_key(|v| (v.table.year, v.version));
        Ok(out)
    }

    /// The version in force of every entered year (its latest), by year.
    pub async fn riksnorm_in_force(&self) -> Result<Vec<RiksnormVersion>, StoreError> {
        let mut latest: Vec<RiksnormVersion> = Vec::new();
        for v in self.riksnorm_versions().await? {
            match latest.last_mut() {
                Some(last) if last.table.year == v.table.year => *last = v,
                _ => latest.push(v),
            }
        }
        Ok(latest)
    }

    /// Enter `table` as the next version of its year: `corrects` is the
    /// version in force the administrator saw (0 when the year had none).
    /// Someone else's version since is [`StoreError::RecordChanged`],
    /// nothing written. The new version's number is returned.
    pub async fn enter_riksnorm(
        &self,
        table: &EnteredNorm,
        corrects: u32,
        note: &str,
        by: UserId,
    ) -> Result<u32, StoreError> {
        let year = table.year;
        let day =
            |m, d| Date::new(year, m, d).map_err(|_| StoreError::Invalid(format!("året {year}")));
        let valid = (date_text(day(1, 1)?), date_text(day(12, 31)?));
        let label = label_of(table, note)?;
        let at = timestamp_text(Timestamp::now());
        let version = corrects
            .checked_add(1)
            .ok_or_else(|| StoreError::Invalid("för många versioner".into()))?;
        self.write(move |tx| {
            Box::pin(async move {
                let rows = sqlx::query(
                    "SELECT code FROM catalog_entries WHERE catalog = $1 AND valid_from = $2",
                )
                .bind(CATALOG)
                .bind(valid.0.clone())
                .fetch_all(&mut *tx)
                .await?;
                let mut actual = 0u32;
                for r in &rows {
                    let (y, v) = parse_code(&r.text("code")?)?;
                    if y == year {
                        actual = actual.max(v);
                    }
                }
                if actual != corrects {
                    return Err(StoreError::RecordChanged {
                        expected: u64::from(corrects),
                        actual: u64::from(actual),
                    });
                }
                let done = sqlx::query(
                    "INSERT INTO catalog_entries (catalog, code, label, valid_from, valid_to, created_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(CATALOG)
                .bind(code(year, version))
                .bind(label)
                .bind(valid.0)
                .bind(valid.1)
                .bind(by.0)
                .bind(at)
                .execute(&mut *tx)
                .await;
                match done {
                    Ok(_) => Ok(version),
                    Err(e) if is_unique_violation(&e) => Err(StoreError::RecordChanged {
                        expected: u64::from(corrects),
                        actual: u64::from(version),
                    }),
                    Err(e) => Err(e.into()),
                }
            })
        })
        .await
    }
}
