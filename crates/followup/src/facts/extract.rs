//! Case extracts: one case's facts, kept beside its events so that the
//! follow-up can be built without reading the event log.
//!
//! An extract is what [`FactsBuilder`] reads from one case's events before
//! it turns them into rows ([`CaseRows`]), with the persons, units and
//! users it names in a small dictionary of its own. Adding it to a builder
//! ([`FactsBuilder::add_extract`]) maps the dictionary onto the builder's
//! and makes the same rows, in the same order, as adding the case's events
//! ([`FactsBuilder::add_case`]): a test builds both ways and compares.
//!
//! An extract knows how many events it was made from (`events`): it is
//! current while that is the case's version, and the store keeps it with
//! that version, so a stale one is never used. Its text form
//! ([`CaseExtract::encode`]) is postcard in base64 behind a format number;
//! another format number, or text that does not decode, is no extract
//! ([`CaseExtract::decode`] gives `None`) and the case is read from its
//! events again.

use super::{CaseRows, EventRef, FactsBuilder};
use crate::day::{Day, day_number};
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use serde::{Deserialize, Serialize};
use tillit_domain::catalog::Gender;
use tillit_domain::{CaseId, PersonId, UnitId, UserId};

/// The encoding's version: bump it when [`CaseRows`] or a fact row changes
/// shape, and every stored extract is made again from its events.
pub const EXTRACT_FORMAT: u32 = 2;

/// One case's facts, before rows (see the module).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseExtract {
    /// Events read: the case's version when the extract was made.
    events: u64,
    /// The latest day any event names.
    latest: Day,
    persons: Vec<PersonId>,
    units: Vec<UnitId>,
    users: Vec<UserId>,
    rows: CaseRows,
}

impl CaseExtract {
    /// The extract of one case's events, in order.
    pub fn of_case<E: EventRef>(events: impl IntoIterator<Item = E>) -> CaseExtract {
        let mut b = FactsBuilder::new(&[]);
        let mut c = CaseRows::default();
        c.clear();
        let events: Vec<E> = events.into_iter().collect();
        for e in &events {
            b.facts.events += 1;
            let on = day_number(e.occurred_on());
            b.latest = b.latest.max(on);
            b.apply(&mut c, on, e.event());
        }
        c.placements = super::placements_of(&events);
        CaseExtract {
            events: b.facts.events,
            latest: b.latest,
            persons: std::mem::take(&mut b.facts.person_ids),
            units: std::mem::take(&mut b.facts.units),
            users: std::mem::take(&mut b.facts.users),
            rows: c,
        }
    }

    /// The number of events it was made from.
    pub fn events(&self) -> u64 {
        self.events
    }

    pub(crate) fn rows(&self) -> &CaseRows {
        &self.rows
    }

    /// The text the store keeps: `<format>:<base64 of postcard>`.
    pub fn encode(&self) -> String {
        // Serializing plain data to a Vec cannot fail; an empty text would
        // only make the case read from its events again.
        let bytes = postcard::to_allocvec(self).unwrap_or_default();
        format!("{EXTRACT_FORMAT}:{}", STANDARD_NO_PAD.encode(bytes))
    }

    /// The extract in `text`, or `None` when it is of another format or
    /// does not decode (never a panic, whatever the text).
    pub fn decode(text: &str) -> Option<CaseExtract> {
        let (format, body) = text.split_once(':')?;
        if format.parse::<u32>().ok()? != EXTRACT_FORMAT {
            return None;
        }
        let bytes = STANDARD_NO_PAD.decode(body).ok()?;
        Self::checked(postcard::from_bytes(&bytes).ok()?)
    }

    /// The extract if its indices point into its dictionaries, else `None`.
    pub(super) fn checked(x: CaseExtract) -> Option<CaseExtract> {
        let ok = x.rows.child.is_none_or(|p| (p as usize) < x.persons.len())
            && x.rows
                .assignments
                .iter()
                .all(|a| usize::from(a.1) < x.units.len())
            && x.rows
                .decisions
                .iter()
                .all(|(_, d)| (d.delegate as usize) < x.users.len());
        ok.then_some(x)
    }
}

impl FactsBuilder {
    /// Add one case from its extract: the rows [`FactsBuilder::add_case`]
    /// makes from the case's events.
    pub fn add_extract(&mut self, id: CaseId, x: &CaseExtract) {
        let persons: Vec<u32> = x
            .persons
            .iter()
            .map(|p| self.person(*p, Gender::Unknown, None))
            .collect();
        let units: Vec<u16> = x.units.iter().map(|u| self.unit(*u)).collect();
        let users: Vec<u32> = x.users.iter().map(|u| self.user(*u)).collect();
        let mut c = std::mem::take(&mut self.case);
        c.clone_from(&x.rows);
        c.child = c.child.and_then(|i| persons.get(i as usize).copied());
        for a in &mut c.assignments {
            a.1 = units.get(usize::from(a.1)).copied().unwrap_or(0);
        }
        for (_, d) in &mut c.decisions {
            d.delegate = users.get(d.delegate as usize).copied().unwrap_or(0);
        }
        self.facts.events += x.events;
        self.latest = self.latest.max(x.latest);
        self.finish_case(id, &mut c);
        self.case = c;
    }
}
