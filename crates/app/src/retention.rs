//! Gallring (retention): erase what the retention rules say is no longer to
//! be kept. Safe to run again: what is erased is gone, so a second run
//! finds nothing.
//!
//! The rule (`tillit_domain::register::complaint`): a complaint's (synpunkt
//! or klagomål) contact details are erased
//! [`CONTACT_RETENTION_YEARS`](tillit_domain::register::complaint::CONTACT_RETENTION_YEARS)
//! years after it was closed; the complaint itself stays. Reports of
//! concern from the e-service are not erased here: registered, they belong
//! to the child's case and follow its retention (issue 15).

use jiff::civil::Date;
use tillit_domain::register::RegisterKind;
use tillit_domain::register::complaint::{Complaint, contact_expired, without_contact};
use tillit_store::{RecordFilter, Store, StoreError};

/// Erase the contact details of every complaint closed at least `years`
/// years before `today`; the number of entries changed.
pub async fn erase_complaint_contacts(
    store: &Store,
    today: Date,
    years: i16,
) -> Result<usize, StoreError> {
    let mut erased = 0;
    for head in store
        .records(RegisterKind::Complaint, &RecordFilter::default())
        .await?
    {
        let Some(closed) = head.closed_on else {
            continue;
        };
        if !contact_expired(closed, today, years) {
            continue;
        }
        let Some(record) = store.record::<Complaint>(head.id).await? else {
            continue;
        };
        for (i, w) in record.entries.iter().enumerate() {
            if let Some(entry) = without_contact(&w.entry) {
                store
                    .redact_entry::<Complaint>(head.id, i as u64 + 1, &entry)
                    .await?;
                erased += 1;
            }
        }
    }
    Ok(erased)
}
