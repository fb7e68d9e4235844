//! Journal drafts, and writes that must be all or nothing across tables.
//!
//! A draft is the text a user is writing in a case's journal, saved on the
//! server as they type: one per case and user, replaced on every save and
//! deleted in the same transaction that appends the signed entry. Signed
//! entries themselves are case events ([`CaseEvent::JournalEntrySigned`]).
//!
//! [`Store::register_report`] writes a report about several children in one
//! transaction: the persons that were new, their sibling relations and one
//! case stream per child. Either everything is written or nothing is.

use crate::codec::{RowExt, timestamp_text};
use crate::error::{is_foreign_key_violation, missing_reference};
use crate::events::{NewEvent, Refusal, append_in_tx, settle, values_list};
use crate::persons::{insert_persons_tx, relation_code};
use crate::{Store, StoreError};
use jiff::Timestamp;
use sqlx::AnyConnection;
use tillit_domain::case::CaseEvent;
use tillit_domain::person::{Person, RelationKind};
use tillit_domain::{CaseId, ItemId, PersonId, UserId};

/// A journal text being written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JournalDraft {
    pub text: String,
    /// The signed entry this draft is a correction of, if it is one.
    pub corrects: Option<ItemId>,
    /// When it was last saved (UTC).
    pub updated_at: Timestamp,
}

impl Store {
    /// Save (replace) `user`'s draft in `case`. The case must exist.
    pub async fn save_draft(
        &self,
        case: CaseId,
        user: UserId,
        text: &str,
        corrects: Option<ItemId>,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        let text = text.to_string();
        self.write(move |tx| {
            Box::pin(async move {
                let done = sqlx::query(
                    "INSERT INTO journal_drafts (case_id, user_id, text, corrects, updated_at) \
                     VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (case_id, user_id) DO UPDATE SET text = excluded.text, \
                       corrects = excluded.corrects, updated_at = excluded.updated_at",
                )
                .bind(case.to_string())
                .bind(user.0)
                .bind(text)
                .bind(corrects.map(|c| c.to_string()))
                .bind(timestamp_text(at))
                .execute(&mut *tx)
                .await;
                done.map(|_| ())
                    .map_err(missing_reference("ärendet eller användaren"))
            })
        })
        .await
    }

    /// `user`'s draft in `case`, if there is one.
    pub async fn draft(
        &self,
        case: CaseId,
        user: UserId,
    ) -> Result<Option<JournalDraft>, StoreError> {
        sqlx::query(
            "SELECT text, corrects, updated_at FROM journal_drafts \
             WHERE case_id = $1 AND user_id = $2",
        )
        .bind(case.to_string())
        .bind(user.0)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| {
            Ok(JournalDraft {
                text: r.text("text")?,
                corrects: r.opt_parsed("corrects")?,
                updated_at: r.parsed("updated_at")?,
            })
        })
        .transpose()
    }

    /// Delete `user`'s draft in `case` (nothing happens if there is none).
    pub async fn delete_draft(&self, case: CaseId, user: UserId) -> Result<(), StoreError> {
        self.write(move |tx| {
            Box::pin(async move {
                sqlx::query("DELETE FROM journal_drafts WHERE case_id = $1 AND user_id = $2")
                    .bind(case.to_string())
                    .bind(user.0)
                    .execute(&mut *tx)
                    .await?;
                Ok(())
            })
        })
        .await
    }

    /// Append a signed journal entry (or any events) to `case` and delete
    /// `user`'s draft there, in one transaction: the text is never both lost
    /// and unsigned. A stale `expected_version` is [`StoreError::Conflict`]
    /// and leaves the draft in place.
    pub async fn append_and_clear_draft(
        &self,
        case: CaseId,
        expected_version: u64,
        events: Vec<NewEvent>,
        user: UserId,
    ) -> Result<u64, StoreError> {
        let new_version = expected_version + events.len() as u64;
        self.write(move |tx| {
            Box::pin(async move {
                let result = match append_in_tx(tx, vec![(case, expected_version, events)]).await {
                    Ok(()) => sqlx::query(
                        "DELETE FROM journal_drafts WHERE case_id = $1 AND user_id = $2",
                    )
                    .bind(case.to_string())
                    .bind(user.0)
                    .execute(&mut *tx)
                    .await
                    .map(|_| ())
                    .map_err(Refusal::from),
                    Err(r) => Err(r),
                };
                settle(tx, result).await
            })
        })
        .await?;
        Ok(new_version)
    }

    /// Register one report about several children, all or nothing: insert
    /// the persons that were not known (`new_persons`), record every child
    /// as a sibling of the others, and append each child's events (a new
    /// case with expected version 0, or an open case with its version). A
    /// conflict on any case ([`StoreError::Conflict`]) writes nothing at all.
    pub async fn register_report(
        &self,
        new_persons: &[Person],
        siblings: &[PersonId],
        batch: Vec<(CaseId, u64, Vec<NewEvent>)>,
    ) -> Result<(), StoreError> {
        self.register_report_with(new_persons, siblings, batch, Vec::new())
            .await
    }

    /// [`Store::register_report`], and writes to register records in the
    /// same transaction (an e-service report marked registered with its
    /// cases): all or nothing.
    pub async fn register_report_with(
        &self,
        new_persons: &[Person],
        siblings: &[PersonId],
        batch: Vec<(CaseId, u64, Vec<NewEvent>)>,
        records: Vec<crate::RecordWrite>,
    ) -> Result<(), StoreError> {
        if batch.iter().any(|(_, v, e)| {
            *v == 0
                && !matches!(
                    e.first().map(|x| &x.event),
                    Some(CaseEvent::CaseOpened { .. })
                )
        }) {
            return Err(StoreError::Invalid(
                "ett nytt ärendes första händelse måste vara att ärendet öppnas".into(),
            ));
        }
        let new_persons = new_persons.to_vec();
        let mut relations = Vec::new();
        for a in siblings {
            for b in siblings {
                if a != b {
                    relations.push((*a, *b));
                }
            }
        }
        relations.sort();
        relations.dedup();
        self.write(move |tx| {
            Box::pin(async move {
                let persons: Vec<&Person> = new_persons.iter().collect();
                insert_persons_tx(tx, &persons).await?;
                insert_siblings_tx(tx, &relations).await?;
                let result = append_in_tx(tx, batch).await;
                settle(tx, result).await?;
                crate::registers::write_records_tx(tx, &records).await
            })
        })
        .await
    }
}

/// `(child, sibling)` pairs as sibling relations, inside the transaction.
async fn insert_siblings_tx(
    tx: &mut AnyConnection,
    pairs: &[(PersonId, PersonId)],
) -> Result<(), StoreError> {
    for chunk in pairs.chunks(crate::events::INSERT_CHUNK) {
        let sql = format!(
            "INSERT INTO relations (child_id, other_id, kind) VALUES {} \
             ON CONFLICT (child_id, other_id, kind) DO NOTHING",
            values_list(&*tx, chunk.len(), 3)
        );
        let mut q = sqlx::query(&sql);
        for (child, other) in chunk {
            q = q
                .bind(child.to_string())
                .bind(other.to_string())
                .bind(relation_code(RelationKind::Sibling));
        }
        match q.execute(&mut *tx).await {
            Ok(_) => {}
            Err(e) if is_foreign_key_violation(&e) => {
                return Err(StoreError::NotFound("personen i relationen".into()));
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}
