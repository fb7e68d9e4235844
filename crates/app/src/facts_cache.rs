//! The follow-up's facts, built once and kept while they are current.
//!
//! Every follow-up page, report and export computes from
//! [`tillit_followup::Facts`]: compact rows extracted from every case's
//! events, with the persons' gender and birth date. A build ([`load_facts`])
//! reads each case's **extract** (`tillit_followup::CaseExtract`, kept by the
//! store beside the events with the case version it was made from) and
//! decodes events only for cases written since; it then keeps new extracts
//! for those, so a restarted server or a cold `tillit report` reads no event
//! log at all. The facts are kept in memory and rebuilt only when something
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
use std::collections::HashMap;
use std::sync::Arc;
use tillit_domain::CaseId;
use tillit_domain::case::RecordedEvent;
use tillit_followup::{CaseExtract, Facts, FactsBuilder};
use tillit_store::{FactsStamp, FollowUpSources, Store, StoreError};

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

    /// The heap bytes of the facts kept, or `None` while a build runs.
    pub fn kept_bytes(&self) -> Option<usize> {
        self.cache.kept_bytes()
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
    /// The heap bytes of the facts kept (0 when none), or `None` while a
    /// build runs.
    pub fn kept_bytes(&self) -> Option<usize> {
        let slot = self.slot.try_lock().ok()?;
        Some(slot.as_ref().map_or(0, |c| c.facts.heap_bytes()))
    }

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
        // At most one set kept: the old one goes before the new is built
        // (requests still computing with it keep their own reference).
        *slot = None;
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

/// Build the facts as of `as_of` from every person and every case: from
/// the case's extract where the store has a current one, else from its
/// events; then keep the extracts made from events, so that the next build
/// (in this process or a fresh one) reads no events for those cases.
///
/// A database that has (nearly) no extracts yet, one written by an older
/// release or loaded by the demo, is read from its whole event log in one
/// pass, as before extracts existed; its extracts are written once.
pub async fn load_facts(store: &Store, as_of: Date) -> Result<Facts, StoreError> {
    let started = std::time::Instant::now();
    let parallel = matches!(
        tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()),
        Ok(tokio::runtime::RuntimeFlavor::MultiThread)
    );
    let (persons, sources) = if parallel {
        let persons = {
            let store = store.clone();
            tokio::spawn(async move { store.persons_for_followup().await })
        };
        let sources = store.followup_sources().await?;
        // A panicked task is a bug: pass it on.
        let persons = persons
            .await
            .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))?;
        (persons, sources)
    } else {
        (
            store.persons_for_followup().await?,
            store.followup_sources().await?,
        )
    };
    // Decode the extracts (CPU work) before asking for events: one that
    // does not decode is read from its events too.
    let decode = move || decode_sources(sources);
    let cases = if parallel {
        tokio::task::block_in_place(decode)
    } else {
        decode()
    };
    let missing: Vec<CaseId> = cases
        .iter()
        .filter(|c| c.2.is_none())
        .map(|c| c.0)
        .collect();
    let log = if missing.len() * 4 > cases.len() {
        store.events_for_followup(None, None).await?
    } else {
        store.events_of_cases(&missing).await?
    };
    tracing::debug!(
        cases = cases.len(),
        from_events = missing.len(),
        events_read = log.len(),
        persons = persons.len(),
        ms = started.elapsed().as_millis() as u64,
        "extracts, events and persons read"
    );
    let build = move || build_facts(&persons, &cases, &log, as_of);
    // The extraction is CPU work: off the async threads when the runtime
    // allows it, inline otherwise (a current-thread runtime).
    let (facts, made) = if parallel {
        tokio::task::block_in_place(build)
    } else {
        build()
    };
    if !made.is_empty() {
        let n = made.len();
        let kept = store.put_case_extracts(made).await?;
        tracing::info!(made = n, kept, "follow-up case extracts written");
    }
    Ok(facts)
}

/// A case to build: id, version, and its extract when it decodes and was
/// made from that version.
type Source = (CaseId, u64, Option<CaseExtract>);

fn decode_sources(sources: FollowUpSources) -> Vec<Source> {
    sources
        .cases
        .into_iter()
        .map(|(case, version, text)| {
            let x = text
                .as_deref()
                .and_then(CaseExtract::decode)
                .filter(|x| x.events() == version);
            (case, version, x)
        })
        .collect()
}

/// The facts from the cases in order (each from its extract, else from its
/// events in `log`), and the extracts made from events, to keep.
fn build_facts(
    persons: &[tillit_domain::person::Person],
    cases: &[Source],
    log: &[(CaseId, RecordedEvent)],
    as_of: Date,
) -> (Facts, Vec<(CaseId, u64, String)>) {
    // Where each case's events are in the log (sorted by case and version).
    let mut at: HashMap<CaseId, (usize, usize)> = HashMap::new();
    let mut i = 0;
    while i < log.len() {
        let case = log[i].0;
        let mut j = i;
        while j < log.len() && log[j].0 == case {
            j += 1;
        }
        at.insert(case, (i, j));
        i = j;
    }
    let mut b = FactsBuilder::new(persons).as_of(as_of);
    let mut made = Vec::new();
    for (case, _, extract) in cases {
        if let Some(x) = extract {
            b.add_extract(*case, x);
        } else if let Some(&(from, to)) = at.get(case) {
            let events = &log[from..to];
            b.add_case(*case, events.iter().map(|e| &e.1));
            let x = CaseExtract::of_case(events.iter().map(|e| &e.1));
            made.push((*case, x.events(), x.encode()));
        }
    }
    (b.finish(), made)
}
