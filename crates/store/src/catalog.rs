//! Categories added to a domain catalogue by the system administrator
//! (migration 12): incident categories beside the built-in list, each with
//! the dates it is valid. A code is never removed or renamed (a record
//! written with it keeps its name); a category is ended with a last day.

use crate::codec::{RowExt, date_text, timestamp_text};
use crate::error::is_unique_violation;
use crate::{Store, StoreError};
use jiff::Timestamp;
use jiff::civil::Date;
use tillit_domain::UserId;

/// One added category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogRow {
    /// Which catalogue (`incident`).
    pub catalog: String,
    pub code: String,
    pub label: String,
    pub valid_from: Date,
    pub valid_to: Option<Date>,
}

impl Store {
    /// The categories added to `catalog`, by code.
    pub async fn catalog_entries(&self, catalog: &str) -> Result<Vec<CatalogRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT catalog, code, label, valid_from, valid_to FROM catalog_entries \
             WHERE catalog = $1 ORDER BY code",
        )
        .bind(catalog.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(CatalogRow {
                    catalog: r.text("catalog")?,
                    code: r.text("code")?,
                    label: r.text("label")?,
                    valid_from: r.parsed("valid_from")?,
                    valid_to: r.opt_parsed("valid_to")?,
                })
            })
            .collect()
    }

    /// Add a category; a code already in the catalogue is
    /// [`StoreError::AlreadyExists`], nothing written.
    pub async fn add_catalog_entry(&self, row: &CatalogRow, by: UserId) -> Result<(), StoreError> {
        self.add_catalog_entries(std::slice::from_ref(row), by)
            .await
    }

    /// Add several entries all or nothing (a checklist's questions); a code
    /// already there is [`StoreError::AlreadyExists`], nothing written.
    pub async fn add_catalog_entries(
        &self,
        rows: &[CatalogRow],
        by: UserId,
    ) -> Result<(), StoreError> {
        let rows = rows.to_vec();
        let at = timestamp_text(Timestamp::now());
        self.write(move |tx| {
            Box::pin(async move {
                for row in rows {
                    let done = sqlx::query(
                        "INSERT INTO catalog_entries (catalog, code, label, valid_from, valid_to, created_by, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(row.catalog.clone())
                    .bind(row.code.clone())
                    .bind(row.label.clone())
                    .bind(date_text(row.valid_from))
                    .bind(row.valid_to.map(date_text))
                    .bind(by.0)
                    .bind(at.clone())
                    .execute(&mut *tx)
                    .await;
                    match done {
                        Ok(_) => {}
                        Err(e) if is_unique_violation(&e) => {
                            return Err(StoreError::AlreadyExists(format!("koden {}", row.code)));
                        }
                        Err(e) => return Err(e.into()),
                    }
                }
                Ok(())
            })
        })
        .await
    }

    /// Set the last day `code` of `catalog` is valid
    /// ([`StoreError::NotFound`] for a code not added).
    pub async fn end_catalog_entry(
        &self,
        catalog: &str,
        code: &str,
        valid_to: Date,
    ) -> Result<(), StoreError> {
        let (catalog, code) = (catalog.to_string(), code.to_string());
        self.write(move |tx| {
            Box::pin(async move {
                let done = sqlx::query(
                    "UPDATE catalog_entries SET valid_to = $1 WHERE catalog = $2 AND code = $3",
                )
                .bind(date_text(valid_to))
                .bind(catalog)
                .bind(code)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound("kategorin".into()));
                }
                Ok(())
            })
        })
        .await
    }
}
