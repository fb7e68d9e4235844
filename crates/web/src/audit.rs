//! Logging every read of a person's data, and the flags of the log review.
//!
//! A handler that shows personal data builds one [`AccessEntry`] per person
//! shown with a [`Reader`] and writes them with [`log_reads`] **before** it
//! answers: if the entry cannot be written, the handler fails with an error
//! page and the data is not shown. See `tillit_store`'s `audit` module for
//! the hash chain.
//!
//! What is logged, one row per person per page view (rows of one view share
//! a request id):
//!
//! | what the user opens | kind | person |
//! |---|---|---|
//! | a case page, a step's form, the journal | `case` | the case's child |
//! | a sampled case file opened from a self-audit (`reason`: `Egenkontroll EK-n`) | `case` | the case's child |
//! | a person page | `person`, and `relation` for everyone listed on it | each |
//! | a search, the report form's look-up of a child by number | `search` | each person found |
//! | a worklist (own or the unit's), the unit overview, the log review | `list` | each person listed |
//! | a report or extract with a row per decision or report (delegation list, list of ej verkställda beslut, NUSO extract) | `export` | each person in it |
//! | emergency access granted | `emergency_grant` | the case's child |
//! | a search in the access log | `log_search` | the person searched for |
//! | a log entry marked reviewed | `review` | - (refers to the entry) |
//! | a user, unit or team changed | `admin` | - (`case_unit`: the user's unit) |
//! | a one-time password set by the administrator | `password_reset` | - (`case_unit`: the user's unit) |
//! | a one-time password replaced by the user | `password_changed` | - (refers to the entry that set it) |
//! | a register's record opened in full (Lex Sarah, incident) | `register` | - (`detail`: `register:number`; `case_unit`: the record's unit) |
//! | a register's record that concerns cases (an e-service report registered to them: `RegisterPage::concerns`) | `register` | each case's child (`detail`: `register:number`; `case`, `case_unit`: the case's) |
//!
//! Every page that shows a person's name logs one row per person shown, all
//! rows of the page in one [`log_reads`] call (one `Store::log_access`),
//! before the page is sent ([`PageLog`] collects them). A masked protected
//! person counts: the row says that they were on the page. Entries about a
//! user (`admin`, `password_reset`) carry the user's unit in `case_unit`,
//! so that they reach the log review of that unit's manager.
//!
//! Flags written with the entry: protected person, other unit, emergency
//! access. Flags the log review computes: outside office hours
//! ([`outside_office_hours`]) and many persons in a short time
//! ([`many_persons`]).

use crate::AppState;
use crate::error::WebError;
use crate::session::CurrentUser;
use crate::time::stockholm;
use jiff::{SignedDuration, Timestamp};
use std::collections::HashSet;
use tillit_domain::calendar::is_working_day;
use tillit_domain::person::Person;
use tillit_domain::{CaseId, PersonId, UnitId};
use tillit_store::{AccessEntry, AccessFlag, AccessKind, CaseSummary, EmergencyGrant};

/// Office hours start at this hour, Stockholm time (a read before is flagged).
pub const OFFICE_OPENS_HOUR: i8 = 7;
/// Office hours end at this hour, Stockholm time (a read at or after is flagged).
pub const OFFICE_CLOSES_HOUR: i8 = 18;
/// A user reading more than this many different persons ...
pub const MANY_PERSONS: usize = 20;
/// ... within this long is flagged.
pub const MANY_PERSONS_WINDOW: SignedDuration = SignedDuration::from_mins(10);

/// Who reads, from where, in which page view.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    user: &'a CurrentUser,
    client_addr: String,
    request_id: String,
    at: Timestamp,
}

/// A new random request id: 16 bytes from the operating system, hex.
fn request_id() -> Result<String, WebError> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(WebError::internal("random source unavailable"))?;
    Ok(hex::encode(b))
}

impl<'a> Reader<'a> {
    pub fn new(user: &'a CurrentUser, client_addr: &str) -> Result<Self, WebError> {
        Ok(Self {
            user,
            client_addr: client_addr.to_string(),
            request_id: request_id()?,
            at: Timestamp::now(),
        })
    }

    /// The time of this page view (every row of it has the same).
    pub fn at(&self) -> Timestamp {
        self.at
    }

    /// An entry of `kind` about no person or case yet.
    pub fn entry(&self, kind: AccessKind) -> AccessEntry {
        AccessEntry {
            at: self.at,
            user: self.user.id,
            username: self.user.username.clone(),
            role: self.user.role,
            user_unit: self.user.unit,
            client_addr: self.client_addr.clone(),
            kind,
            case: None,
            case_unit: None,
            person: None,
            request_id: self.request_id.clone(),
            reason: None,
            flags: Vec::new(),
            ref_seq: None,
            detail: None,
        }
    }

    /// A read of `person`'s data, in `case` if it is about one, through
    /// `emergency` access if so.
    pub fn person_read(
        &self,
        kind: AccessKind,
        person: &Person,
        case: Option<&CaseSummary>,
        emergency: Option<&EmergencyGrant>,
    ) -> AccessEntry {
        self.person_in(kind, person, case.map(|c| (c.id, c.unit)), emergency)
    }

    /// [`Self::person_read`] with the case given as (id, unit).
    pub fn person_in(
        &self,
        kind: AccessKind,
        person: &Person,
        case: Option<(CaseId, UnitId)>,
        emergency: Option<&EmergencyGrant>,
    ) -> AccessEntry {
        let mut e = self.entry(kind);
        e.person = Some(person.id);
        if person.protected {
            e.flags.push(AccessFlag::Protected);
        }
        if let Some((id, unit)) = case {
            e.case = Some(id);
            e.case_unit = Some(unit);
            if self.user.unit != Some(unit) {
                e.flags.push(AccessFlag::OtherUnit);
            }
        }
        if let Some(g) = emergency {
            e.flags.push(AccessFlag::Emergency);
            e.reason = Some(g.reason.clone());
        }
        e
    }
}

/// The persons one page shows: one entry per person (the first place the
/// person appears names the case), written by [`PageLog::write`] in one
/// [`log_reads`] call before the page is sent.
pub struct PageLog<'a> {
    reader: Reader<'a>,
    kind: AccessKind,
    detail: Option<String>,
    entries: Vec<AccessEntry>,
    seen: HashSet<PersonId>,
}

impl<'a> PageLog<'a> {
    /// A page view by `user` whose persons are logged as `kind`.
    pub fn new(
        user: &'a CurrentUser,
        client_addr: &str,
        kind: AccessKind,
    ) -> Result<Self, WebError> {
        Ok(Self {
            reader: Reader::new(user, client_addr)?,
            kind,
            detail: None,
            entries: Vec::new(),
            seen: HashSet::new(),
        })
    }

    /// What the page or file was (no personal data), on every entry.
    pub fn with_detail(mut self, detail: String) -> Self {
        self.detail = Some(detail);
        self
    }

    /// `person` is on the page, in the case (id, unit) if it is about one.
    pub fn add(&mut self, person: &Person, case: Option<(CaseId, UnitId)>) {
        if self.seen.insert(person.id) {
            let mut e = self.reader.person_in(self.kind, person, case, None);
            e.detail = self.detail.clone();
            self.entries.push(e);
        }
    }

    /// An entry already made (e.g. of another kind) for this page view.
    pub fn push(&mut self, entry: AccessEntry) {
        if let Some(p) = entry.person {
            self.seen.insert(p);
        }
        self.entries.push(entry);
    }

    /// The reader, for entries of other kinds in the same page view.
    pub fn reader(&self) -> &Reader<'a> {
        &self.reader
    }

    /// Write every entry in one call; an error must stop the page.
    pub async fn write(self, state: &AppState) -> Result<(), WebError> {
        log_reads(state, &self.entries).await
    }
}

/// Log a report or extract that lists children one by one (kind `export`):
/// one entry per child in `subjects` (person, case), the cases of `unit`,
/// with `detail` saying which report or extract. One write; an error must
/// stop the file or page.
pub async fn log_extract(
    state: &AppState,
    user: &CurrentUser,
    client_addr: &str,
    subjects: &[(PersonId, CaseId)],
    unit: Option<UnitId>,
    detail: String,
) -> Result<(), WebError> {
    if subjects.is_empty() {
        return Ok(());
    }
    let ids: Vec<PersonId> = subjects.iter().map(|(p, _)| *p).collect();
    let persons: std::collections::HashMap<PersonId, Person> = state
        .store()
        .persons(&ids)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut log = PageLog::new(user, client_addr, AccessKind::Export)?.with_detail(detail);
    for (p, case) in subjects {
        if let Some(person) = persons.get(p) {
            log.add(person, unit.map(|u| (*case, u)));
        }
    }
    log.write(state).await
}

/// Benchmarks only (feature `bench-unlogged`): skip the access-log write.
#[cfg(feature = "bench-unlogged")]
pub static SKIP_FOR_BENCHMARK: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// Write the entries, all or none. An error here must stop the page.
pub async fn log_reads(state: &AppState, entries: &[AccessEntry]) -> Result<(), WebError> {
    if entries.is_empty() {
        return Ok(());
    }
    #[cfg(feature = "bench-unlogged")]
    if SKIP_FOR_BENCHMARK.load(std::sync::atomic::Ordering::Relaxed) {
        return Ok(());
    }
    state.store().log_access(entries).await.map_err(|e| {
        // No personal data in the message: the store's errors carry none.
        tracing::error!(error = %e, "access log write failed; the page is not shown");
        WebError::Store(e)
    })?;
    Ok(())
}

/// Before [`OFFICE_OPENS_HOUR`] or from [`OFFICE_CLOSES_HOUR`] Stockholm
/// time, or on a Saturday, Sunday or public holiday (and midsommarafton,
/// julafton, nyårsafton: [`tillit_domain::calendar`]).
pub fn outside_office_hours(at: Timestamp) -> bool {
    let local = at.to_zoned(stockholm().clone());
    let hour = local.hour();
    !is_working_day(local.date()) || !(OFFICE_OPENS_HOUR..OFFICE_CLOSES_HOUR).contains(&hour)
}

/// Did the user read more than [`MANY_PERSONS`] different persons within
/// [`MANY_PERSONS_WINDOW`] up to and including `at`? `reads` are the user's
/// (time, person) reads around `at`, in any order.
pub fn many_persons(reads: &[(Timestamp, PersonId)], at: Timestamp) -> bool {
    let from = at
        .checked_sub(MANY_PERSONS_WINDOW)
        .unwrap_or(Timestamp::MIN);
    let distinct: HashSet<PersonId> = reads
        .iter()
        .filter(|(t, _)| *t > from && *t <= at)
        .map(|(_, p)| *p)
        .collect();
    distinct.len() > MANY_PERSONS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn office_hours_in_stockholm_time() {
        // Tuesday 2026-03-10; Stockholm is UTC+1 in March.
        assert!(!outside_office_hours(ts("2026-03-10T06:00:00Z"))); // 07:00
        assert!(outside_office_hours(ts("2026-03-10T05:59:59Z"))); // 06:59
        assert!(!outside_office_hours(ts("2026-03-10T16:59:59Z"))); // 17:59
        assert!(outside_office_hours(ts("2026-03-10T17:00:00Z"))); // 18:00
        // Summer time: UTC+2.
        assert!(outside_office_hours(ts("2026-06-09T04:30:00Z"))); // 06:30
        assert!(!outside_office_hours(ts("2026-06-09T05:30:00Z"))); // 07:30
        // Saturday, and a holiday (långfredagen 2026-04-03), and julafton.
        assert!(outside_office_hours(ts("2026-03-14T10:00:00Z")));
        assert!(outside_office_hours(ts("2026-04-03T10:00:00Z")));
        assert!(outside_office_hours(ts("2026-12-24T10:00:00Z")));
    }

    #[test]
    fn many_persons_in_a_short_time() {
        let start = ts("2026-03-10T09:00:00Z");
        let at = |s: i64| start.checked_add(SignedDuration::from_secs(s)).unwrap();
        let persons: Vec<PersonId> = (0..30).map(|i| PersonId::from_u128(i + 1)).collect();
        // 21 different persons, one every 20 seconds: the 21st is flagged.
        let reads: Vec<(Timestamp, PersonId)> =
            (0..21).map(|i| (at(i * 20), persons[i as usize])).collect();
        assert!(!many_persons(&reads, at(19 * 20)));
        assert!(many_persons(&reads, at(20 * 20)));
        // The same person many times is not many persons.
        let same: Vec<(Timestamp, PersonId)> = (0..50).map(|i| (at(i), persons[0])).collect();
        assert!(!many_persons(&same, at(49)));
        // 21 persons spread over more than 10 minutes are not either.
        let slow: Vec<(Timestamp, PersonId)> =
            (0..21).map(|i| (at(i * 60), persons[i as usize])).collect();
        assert!(!many_persons(&slow, at(20 * 60)));
        assert_eq!(MANY_PERSONS, 20);
    }
}
