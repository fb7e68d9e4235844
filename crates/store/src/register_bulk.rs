//! Two additions to the register tables for registers whose records name
//! persons and are counted whole (economic assistance): a write of records
//! together with the persons they name, in one transaction, and every
//! record of a register read back at once for the follow-up. No new table:
//! the persons are the person register's, the records the register
//! tables'.

use crate::codec::RowExt;
use crate::persons::insert_persons_tx;
use crate::registers::write_records_tx;
use crate::{Record, RecordWrite, Store, StoreError};
use std::collections::HashMap;
use tillit_domain::person::Person;
use tillit_domain::register::{Register, Written, fold};
use tillit_domain::{RecordId, UnitId, UserId};

impl Store {
    /// Insert (or replace) `persons` and write `writes`, all or nothing: a
    /// household registered with a new person stores both or neither.
    pub async fn write_records_with_persons(
        &self,
        persons: Vec<Person>,
        writes: Vec<RecordWrite>,
    ) -> Result<(), StoreError> {
        self.write(move |tx| {
            Box::pin(async move {
                let refs: Vec<&Person> = persons.iter().collect();
                if !refs.is_empty() {
                    insert_persons_tx(tx, &refs).await?;
                }
                write_records_tx(tx, &writes).await
            })
        })
        .await
    }

    /// Every record of register `R` (of `unit`, or of every unit), read
    /// back and folded, ordered by number. Two queries whatever the number
    /// of records.
    pub async fn all_records<R: Register>(
        &self,
        unit: Option<UnitId>,
    ) -> Result<Vec<Record<R>>, StoreError> {
        let unit_cond = if unit.is_some() {
            " AND unit_id = $2"
        } else {
            ""
        };
        let head_sql = format!(
            "SELECT id, number, version FROM register_records WHERE register = $1{unit_cond} ORDER BY number"
        );
        let mut hq = sqlx::query(&head_sql).bind(R::KIND.code());
        if let Some(u) = unit {
            hq = hq.bind(u.0);
        }
        let heads = hq.fetch_all(&self.pool).await?;
        let entry_sql = format!(
            "SELECT e.record_id, e.payload, e.written_by, e.written_at, e.written_on \
             FROM register_entries e JOIN register_records r ON r.id = e.record_id \
             WHERE r.register = $1{} ORDER BY e.record_id, e.version",
            if unit.is_some() {
                " AND r.unit_id = $2"
            } else {
                ""
            }
        );
        let mut eq = sqlx::query(&entry_sql).bind(R::KIND.code());
        if let Some(u) = unit {
            eq = eq.bind(u.0);
        }
        let mut by_record: HashMap<String, Vec<Written<R::Entry>>> = HashMap::new();
        for r in eq.fetch_all(&self.pool).await? {
            let payload = r.text("payload")?;
            let entry = serde_json::from_str(&payload)
                .map_err(|e| StoreError::corrupt(format!("en post i registret: {e}")))?;
            by_record
                .entry(r.text("record_id")?)
                .or_default()
                .push(Written {
                    entry,
                    by: UserId(r.int("written_by")?),
                    at: r.parsed("written_at")?,
                    on: r.parsed("written_on")?,
                });
        }
        let mut out = Vec::with_capacity(heads.len());
        for h in &heads {
            let key = h.text("id")?;
            let id: RecordId = h.parsed("id")?;
            let entries = by_record.remove(&key).unwrap_or_default();
            let version = crate::codec::int_version(h.int("version")?)?;
            if entries.len() as u64 != version {
                return Err(StoreError::corrupt(format!(
                    "posten har {} rader men version {version}",
                    entries.len()
                )));
            }
            let state = fold::<R>(&entries);
            out.push(Record {
                id,
                number: crate::codec::int_version(h.int("number")?)?,
                version,
                entries,
                state,
            });
        }
        Ok(out)
    }
}
