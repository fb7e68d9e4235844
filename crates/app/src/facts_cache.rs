//! The follow-up's facts, built once and kept while they are current.
//!
//! Every follow-up page, report and export computes from
//! [`tillit_followup::Facts`]: compact rows extracted from every case event,
//! with the persons' gender and birth date. Building them reads the whole
//! event log, so they are kept in memory and rebuilt only when something
//! changed:
//!
//! - the event log is append-only, so its length changes with every write;
//!   with the number of persons it is the cheap check
//!   ([`tillit_store::Store::facts_stamp`], two `COUNT(*)`s);
//! - the facts know the world up to today (`as_of`): a new day rebuilds them,
//!   so that running placements count today's care day and stocks of the
//!   running period are taken today.
//!
//! The stamp is read before the events, so a write that lands during a
//! rebuild makes the next request rebuild again rather than be missed. One
//! rebuild runs at a time; requests that arrive meanwhile wait for it and use
//! its result. The CPU work runs on a blocking thread.

use jiff::civil::Date;
use std::sync::Arc;
use tillit_followup::{Facts, FactsBuilder};
use tillit_store::{FactsStamp, Store, StoreError};

/// The municipality the reports are about (its name on the title page, its
/// four-digit code in the Kolada extract).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Municipality {
    pub name: String,
    pub code: String,
}

impl Municipality {
    /// From `TILLIT_MUNICIPALITY` and `TILLIT_MUNICIPALITY_CODE`, else
    /// "Kommunen" and "0000".
    pub fn from_env() -> Self {
        let var = |name: &str, default: &str| {
            std::env::var(name)
                .ok()
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| default.to_string())
        };
        Self {
            name: var("TILLIT_MUNICIPALITY", "Kommunen"),
            code: var("TILLIT_MUNICIPALITY_CODE", "0000"),
        }
    }
}

/// The follow-up's shared state: the facts cache and the municipality.
pub struct FollowUp {
    cache: FactsCache,
    municipality: Municipality,
}

impl FollowUp {
    pub fn new(municipality: Municipality) -> Self {
        Self {
            cache: FactsCache::default(),
            municipality,
        }
    }

    pub fn from_env() -> Self {
        Self::new(Municipality::from_env())
    }

    pub fn municipality(&self) -> &Municipality {
        &self.municipality
    }

    /// The facts as of `today`, rebuilt if the records changed since they
    /// were last built.
    pub async fn facts(&self, store: &Store, today: Date) -> Result<Arc<Facts>, StoreError> {
        self.cache.get(store, today).await
    }
}

struct Cached {
    stamp: FactsStamp,
    as_of: Date,
    facts: Arc<Facts>,
}

/// Facts kept while the store's [`FactsStamp`] and the day are unchanged.
#[derive(Default)]
pub struct FactsCache {
    slot: tokio::sync::Mutex<Option<Cached>>,
}

impl FactsCache {
    /// The facts as of `today`: the kept ones when the store has not
    /// changed, else freshly built.
    pub async fn get(&self, store: &Store, today: Date) -> Result<Arc<Facts>, StoreError> {
        let mut slot = self.slot.lock().await;
        let stamp = store.facts_stamp().await?;
        if let Some(c) = slot.as_ref()
            && c.stamp == stamp
            && c.as_of == today
        {
            return Ok(c.facts.clone());
        }
        let started = std::time::Instant::now();
        let facts = Arc::new(load_facts(store, today).await?);
        tracing::info!(
            events = facts.events(),
            ms = started.elapsed().as_millis() as u64,
            "follow-up facts built"
        );
        *slot = Some(Cached {
            stamp,
            as_of: today,
            facts: facts.clone(),
        });
        Ok(facts)
    }
}

/// Build the facts from the whole event log and every person, as of `as_of`.
///
/// Reading and decoding the events is most of the time a build takes (the
/// store decodes them on every core); the persons are read beside them when
/// a multi-threaded runtime runs this.
pub async fn load_facts(store: &Store, as_of: Date) -> Result<Facts, StoreError> {
    let started = std::time::Instant::now();
    let parallel = matches!(
        tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()),
        Ok(tokio::runtime::RuntimeFlavor::MultiThread)
    );
    let (persons, log) = if parallel {
        let persons = {
            let store = store.clone();
            tokio::spawn(async move { store.persons_for_followup().await })
        };
        let log = store.events_for_followup(None, None).await?;
        // A panicked task is a bug: pass it on.
        let persons = persons
            .await
            .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))?;
        (persons, log)
    } else {
        (
            store.persons_for_followup().await?,
            store.events_for_followup(None, None).await?,
        )
    };
    tracing::debug!(
        events = log.len(),
        persons = persons.len(),
        ms = started.elapsed().as_millis() as u64,
        "events and persons read"
    );
    let build = move || {
        let mut b = FactsBuilder::new(&persons).as_of(as_of);
        b.add_event_log(&log);
        b.finish()
    };
    // The extraction is CPU work: off the async threads when the runtime
    // allows it, inline otherwise (a current-thread runtime).
    if parallel {
        Ok(tokio::task::block_in_place(build))
    } else {
        Ok(build())
    }
}
