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
use tillit_followup::{CaseExtract, Facts, FactsBuilder, PersonFact, Snapshot, SnapshotChanges};
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
    /// When this process last kept a snapshot.
    snapshot_kept: tokio::sync::Mutex<Option<std::time::Instant>>,
}

/// How often a server keeps the follow-up's snapshot (at most).
const SNAPSHOT_EVERY: std::time::Duration = std::time::Duration::from_secs(600);

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
        // A snapshot at most every few minutes: a city's is a few hundred
        // megabytes to write, and a busy server rebuilds after every write.
        let mut last = self.snapshot_kept.lock().await;
        let keep_snapshot = last.is_none_or(|at| at.elapsed() >= SNAPSHOT_EVERY);
        let options = BuildOptions {
            keep_snapshot,
            stamp: Some(stamp),
            ..BuildOptions::default()
        };
        let facts = Arc::new(load_facts_with(store, today, options).await?);
        if keep_snapshot {
            *last = Some(std::time::Instant::now());
        }
        drop(last);
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

/// How many cases a build takes at a time: the events it reads and the
/// extracts it makes are those of one window, so a first build (no
/// extracts yet: a database from an older release, or a large demo) needs
/// memory for a window's events, not the whole log's.
const WINDOW: usize = 20_000;

/// Changes since a snapshot that make a build bring it up to date: a few
/// thousand cases read by index cost a fraction of writing a city's
/// snapshot (a few hundred megabytes).
const MERGE_FROM: usize = 2_000;

/// How a build runs ([`load_facts_with`]).
#[derive(Clone, Copy, Debug)]
pub struct BuildOptions {
    /// Cases taken at a time (at least one); the facts do not depend on
    /// it, only the memory and the number of queries do.
    pub window: usize,
    /// Keep a snapshot of the inputs when the build could not use one.
    pub keep_snapshot: bool,
    /// The store's stamp read just before, if the caller has it.
    pub stamp: Option<FactsStamp>,
    /// With `keep_snapshot`, bring a snapshot up to date when at least this
    /// many cases and persons were written since it was made (fewer are
    /// cheaper to read again than the snapshot is to write).
    pub merge_from: usize,
}

impl Default for BuildOptions {
    fn default() -> Self {
        Self {
            window: WINDOW,
            keep_snapshot: true,
            stamp: None,
            merge_from: MERGE_FROM,
        }
    }
}

/// Build the facts as of `as_of` (with [`BuildOptions::default`]).
pub async fn load_facts(store: &Store, as_of: Date) -> Result<Facts, StoreError> {
    load_facts_with(store, as_of, BuildOptions::default()).await
}

/// Build the facts as of `as_of`.
///
/// 1. When the store has a snapshot (`tillit_followup::Snapshot`) made at
///    its current stamp, from that alone: a few dozen rows, however many
///    cases and persons.
/// 2. Else from every person and every case: from the case's extract where
///    the store has a current one, else from its events; the extracts made
///    from events are kept, so that the next build (in this process or a
///    fresh one) reads no events for those cases. The cases are taken a
///    window at a time, in the event log's order: a window that (nearly)
///    lacks extracts is read as one slice of the log, one with a few stale
///    cases reads just their events, and a window's extracts are kept
///    before the next is read. Then, if asked, the inputs are kept as the
///    snapshot at the stamp read before the build (a write during the
///    build changes the stamp, so that snapshot is never used for data it
///    lacks).
pub async fn load_facts_with(
    store: &Store,
    as_of: Date,
    options: BuildOptions,
) -> Result<Facts, StoreError> {
    let window_size = options.window.max(1);
    let started = std::time::Instant::now();
    let parallel = matches!(
        tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()),
        Ok(tokio::runtime::RuntimeFlavor::MultiThread)
    );
    let stamp = match options.stamp {
        Some(s) => s,
        None => store.facts_stamp().await?,
    };
    if let Some((at, parts)) = store.latest_followup_snapshot().await? {
        let n = parts.len();
        if at == stamp {
            let facts = cpu(parallel, || Snapshot::facts_from_parts(parts, as_of));
            if let Some(facts) = facts {
                tracing::debug!(
                    parts = n,
                    ms = started.elapsed().as_millis() as u64,
                    "follow-up facts built from the snapshot"
                );
                return Ok(facts);
            }
        } else if at.changes <= stamp.changes {
            let changes = snapshot_changes(store, at.changes, parallel).await?;
            let changed = changes.cases.len();
            let built = cpu(parallel, || {
                Snapshot::facts_from_parts_with(parts, as_of, &changes)
            });
            // The merge must account for every event and person the stamp
            // counts; a write between the stamp and the changes, or a
            // snapshot whose order does not merge, is built the long way.
            match built {
                Some((facts, persons))
                    if facts.events() == stamp.events && persons == stamp.persons =>
                {
                    tracing::debug!(
                        parts = n,
                        changed,
                        ms = started.elapsed().as_millis() as u64,
                        "follow-up facts built from the snapshot and the cases changed since"
                    );
                    if options.keep_snapshot
                        && changed + changes.persons.len() >= options.merge_from.max(1)
                    {
                        merge_snapshot(store, at, stamp, &changes, parallel).await?;
                    }
                    return Ok(facts);
                }
                _ => tracing::debug!(changed, "the snapshot and its changes do not add up"),
            }
        }
    }
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
    let mut cases = cpu(parallel, move || decode_sources(sources));
    // By id, in this process's order of ids (the store gives them so): the
    // order a snapshot is kept in and changes are merged by.
    cases.sort_by_key(|c| c.0);
    let mut persons = persons;
    persons.sort_by_key(|p| p.id);
    let mut builder = FactsBuilder::new(&persons).as_of(as_of);
    let person_count = persons.len();
    drop(persons);
    let mut snapshot = Snapshot::default();
    if options.keep_snapshot {
        snapshot.persons = builder.person_facts().collect();
        snapshot.cases.reserve(cases.len());
    }
    let (mut from_events, mut events_read, mut kept) = (0, 0, 0);
    let mut first = 0;
    while first < cases.len() {
        let end = (first + window_size).min(cases.len());
        let next = cases.get(end).map(|c| c.0.to_string());
        let window = &mut cases[first..end];
        first = end;
        let missing: Vec<CaseId> = window
            .iter()
            .filter(|c| c.2.is_none())
            .map(|c| c.0)
            .collect();
        let log = if missing.is_empty() {
            Vec::new()
        } else if missing.len() * 4 > window.len() {
            let from = window[0].0.to_string();
            store
                .events_for_followup(Some(&from), next.as_deref())
                .await?
        } else {
            store.events_of_cases(&missing).await?
        };
        from_events += missing.len();
        events_read += log.len();
        let made = cpu(parallel, || add_window(&mut builder, window, &log));
        drop(log);
        let encoded: Vec<(CaseId, u64, String)> = made
            .iter()
            .map(|(case, x)| (*case, x.events(), x.encode()))
            .collect();
        if options.keep_snapshot {
            // The window's cases in order: each with its extract, stored
            // or just made (a case without events has neither).
            let mut made = made.into_iter().peekable();
            for (case, _, extract) in window.iter_mut() {
                if let Some(x) = extract.take() {
                    snapshot.cases.push((*case, x));
                } else if made.peek().is_some_and(|(c, _)| c == case) {
                    snapshot.cases.extend(made.next());
                }
            }
        }
        if !encoded.is_empty() {
            kept += store.put_case_extracts(encoded).await?;
        }
    }
    tracing::debug!(
        cases = cases.len(),
        from_events,
        events_read,
        extracts_kept = kept,
        persons = person_count,
        ms = started.elapsed().as_millis() as u64,
        "extracts, events and persons read"
    );
    if kept > 0 {
        tracing::info!(made = from_events, kept, "follow-up case extracts written");
    }
    drop(cases);
    let facts = cpu(parallel, move || builder.finish());
    if options.keep_snapshot {
        let parts = cpu(parallel, move || snapshot.encode());
        let n = parts.len();
        store.put_followup_snapshot(stamp, parts).await?;
        tracing::info!(parts = n, "follow-up snapshot written");
    }
    Ok(facts)
}

/// Bring the snapshot made at `at` up to `stamp` with `changes` (the
/// cases and persons written since), part by part, unless another process
/// replaced it meanwhile.
async fn merge_snapshot(
    store: &Store,
    at: FactsStamp,
    stamp: FactsStamp,
    changes: &SnapshotChanges,
    parallel: bool,
) -> Result<(), StoreError> {
    let Some((again, parts)) = store.latest_followup_snapshot().await? else {
        return Ok(());
    };
    if again != at {
        return Ok(());
    }
    if let Some(merged) = cpu(parallel, || Snapshot::merge_parts(parts, changes)) {
        let n = merged.len();
        store.put_followup_snapshot(stamp, merged).await?;
        tracing::info!(parts = n, "follow-up snapshot brought up to date");
    }
    Ok(())
}

/// What was written after the change sequence stood at `since`: the
/// persons, and the cases with their current extracts (made from their
/// events, and kept, for the cases that lack one).
async fn snapshot_changes(
    store: &Store,
    since: u64,
    parallel: bool,
) -> Result<SnapshotChanges, StoreError> {
    let changes = store.followup_changes(since).await?;
    let persons = changes
        .persons
        .iter()
        .map(|p| (p.id, PersonFact::of(p)))
        .collect();
    let mut cases = decode_sources(FollowUpSources {
        cases: changes.cases,
    });
    let stale: Vec<CaseId> = cases
        .iter()
        .filter(|c| c.2.is_none())
        .map(|c| c.0)
        .collect();
    if !stale.is_empty() {
        let log = store.events_of_cases(&stale).await?;
        let made = cpu(parallel, || {
            let mut made = Vec::new();
            for_each_case(&log, |case, events| {
                made.push((case, CaseExtract::of_case(events.iter().map(|e| &e.1))));
            });
            made
        });
        drop(log);
        let encoded = made
            .iter()
            .map(|(case, x)| (*case, x.events(), x.encode()))
            .collect();
        store.put_case_extracts(encoded).await?;
        let mut made: HashMap<CaseId, CaseExtract> = made.into_iter().collect();
        for c in &mut cases {
            if c.2.is_none() {
                c.2 = made.remove(&c.0);
            }
        }
    }
    let mut cases: Vec<(CaseId, Option<CaseExtract>)> =
        cases.into_iter().map(|(case, _, x)| (case, x)).collect();
    cases.sort_by_key(|c| c.0);
    Ok(SnapshotChanges { persons, cases })
}

/// CPU work off the async threads when the runtime allows it (`parallel`),
/// inline otherwise (a current-thread runtime).
fn cpu<T>(parallel: bool, work: impl FnOnce() -> T) -> T {
    if parallel {
        tokio::task::block_in_place(work)
    } else {
        work()
    }
}

/// Call `f` with each case's events in `log` (sorted by case and version).
fn for_each_case(
    log: &[(CaseId, RecordedEvent)],
    mut f: impl FnMut(CaseId, &[(CaseId, RecordedEvent)]),
) {
    let mut i = 0;
    while i < log.len() {
        let case = log[i].0;
        let mut j = i;
        while j < log.len() && log[j].0 == case {
            j += 1;
        }
        f(case, &log[i..j]);
        i = j;
    }
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

/// Add a window of cases to the builder in order (each from its extract,
/// else from its events in `log`), and return the extracts made from
/// events, in the same order.
fn add_window(
    b: &mut FactsBuilder,
    cases: &[Source],
    log: &[(CaseId, RecordedEvent)],
) -> Vec<(CaseId, CaseExtract)> {
    // Where each case's events are in the log (sorted by case and version).
    let mut at: HashMap<CaseId, (usize, usize)> = HashMap::new();
    let mut from = 0;
    for_each_case(log, |case, events| {
        at.insert(case, (from, from + events.len()));
        from += events.len();
    });
    let mut made = Vec::new();
    for (case, _, extract) in cases {
        if let Some(x) = extract {
            b.add_extract(*case, x);
        } else if let Some(&(from, to)) = at.get(case) {
            let events = &log[from..to];
            b.add_case(*case, events.iter().map(|e| &e.1));
            made.push((*case, CaseExtract::of_case(events.iter().map(|e| &e.1))));
        }
    }
    made
}
