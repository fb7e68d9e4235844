//! A snapshot of what the facts are built from: every person the follow-up
//! knows (gender and birth day) and every case's extract, in the event
//! log's order, kept by the store in a few large parts.
//!
//! Case extracts ([`CaseExtract`]) spare a build the event log, but it
//! still reads a row per case and a row per person, and at a city's
//! million cases and nearly two million persons that row-by-row reading is
//! most of a cold build. A snapshot is the same inputs in parts of tens of
//! thousands (postcard in base64 behind a format number), read in a few
//! dozen rows. It is made at a stamp of the store (the event log's and the
//! persons' lengths) and is only used while the store is at that stamp;
//! otherwise the build goes case by case as before and may make a new one.

use super::{FactsBuilder, PersonFact};
use crate::day::Day;
use crate::facts::CaseExtract;
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use tillit_domain::catalog::Gender;
use tillit_domain::{CaseId, PersonId};

/// The encoding's version; another one in a stored part is no snapshot.
/// It includes the extracts' format, so a change there is a new snapshot.
/// 2 000: the persons come first, in parts of their own, and every part
/// carries the totals.
pub const SNAPSHOT_FORMAT: u32 = 2_000 + super::EXTRACT_FORMAT;

/// Cases in one part.
const PART_CASES: usize = 20_000;

/// Persons in one part (a person is a few bytes, a case a few hundred).
const PART_PERSONS: usize = 200_000;

/// The inputs of a build, in the order a build takes them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    /// Every person the follow-up knows, in the order they are known.
    pub persons: Vec<(PersonId, PersonFact)>,
    /// Every case with its extract, in the event log's order.
    pub cases: Vec<(CaseId, CaseExtract)>,
}

/// One stored part: persons or cases (the persons' parts first, so that a
/// build knows every person before its first case), with the snapshot's
/// totals so that a build can make room for everything at once.
#[derive(Serialize, Deserialize)]
struct Part {
    total_persons: u64,
    total_cases: u64,
    persons: Vec<(PersonId, Gender, Day)>,
    cases: Vec<(CaseId, CaseExtract)>,
}

impl Snapshot {
    /// The parts the store keeps: `<format>:<base64 of postcard>` each, at
    /// least one (an empty snapshot is one empty part).
    pub fn encode(&self) -> Vec<String> {
        self.encode_in_parts_of(PART_PERSONS, PART_CASES)
    }

    /// [`Snapshot::encode`] with `persons` persons or `cases` cases a part
    /// (at least one each).
    pub fn encode_in_parts_of(&self, persons: usize, cases: usize) -> Vec<String> {
        let part = |persons: &[(PersonId, PersonFact)], cases: &[(CaseId, CaseExtract)]| {
            let part = Part {
                total_persons: self.persons.len() as u64,
                total_cases: self.cases.len() as u64,
                persons: persons
                    .iter()
                    .map(|(id, p)| (*id, p.gender, p.birth))
                    .collect(),
                cases: cases.to_vec(),
            };
            // Serializing plain data to a Vec cannot fail; an empty part
            // would only make the snapshot unreadable.
            let bytes = postcard::to_allocvec(&part).unwrap_or_default();
            format!("{SNAPSHOT_FORMAT}:{}", STANDARD_NO_PAD.encode(bytes))
        };
        let mut parts: Vec<String> = self
            .persons
            .chunks(persons.max(1))
            .map(|p| part(p, &[]))
            .chain(self.cases.chunks(cases.max(1)).map(|c| part(&[], c)))
            .collect();
        if parts.is_empty() {
            parts.push(part(&[], &[]));
        }
        parts
    }

    /// The snapshot in these parts, in order, or `None` when one of them is
    /// of another format or does not decode (never a panic, whatever the
    /// text). The parts are decoded on as many threads as there are cores.
    pub fn decode<S: AsRef<str> + Sync>(parts: &[S]) -> Option<Snapshot> {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 8);
        let per_thread = parts.len().div_ceil(threads).max(1);
        let decoded: Vec<Option<Snapshot>> = std::thread::scope(|s| {
            let handles: Vec<_> = parts
                .chunks(per_thread)
                .map(|chunk| s.spawn(move || Self::decode_in_order(chunk)))
                .collect();
            handles
                .into_iter()
                // A panic while decoding is a bug: pass it on.
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        let mut out = Snapshot::default();
        for part in decoded {
            let part = part?;
            out.persons.extend(part.persons);
            out.cases.extend(part.cases);
        }
        Some(out)
    }

    fn decode_in_order<S: AsRef<str>>(parts: &[S]) -> Option<Snapshot> {
        let mut out = Snapshot::default();
        for text in parts {
            let part = decode_part(text.as_ref())?;
            out.persons.extend(
                part.persons
                    .into_iter()
                    .map(|(id, gender, birth)| (id, PersonFact { gender, birth })),
            );
            out.cases.extend(part.cases);
        }
        Some(out)
    }

    /// The facts as of `as_of` straight from the stored parts, or `None`
    /// when one of them is of another format or does not decode: the same
    /// facts as [`Snapshot::decode`] then [`Snapshot::facts`], without
    /// holding the whole snapshot. The parts are decoded on other threads,
    /// a part or two ahead of the builder, and each text is dropped once
    /// decoded, so a city's build needs memory for its facts and a few
    /// parts rather than for every extract at once.
    pub fn facts_from_parts(parts: Vec<String>, as_of: Date) -> Option<super::Facts> {
        Self::facts_from_parts_with(parts, as_of, &Changes::default()).map(|(facts, _)| facts)
    }

    /// [`Snapshot::facts_from_parts`] with what was written since the
    /// snapshot was made: a changed person or case takes the place of the
    /// snapshot's, a new one its place by id, a case without an extract
    /// now is left out. Gives the facts and the number of persons taken
    /// (for the caller to check against the store's stamp), the same
    /// facts as a build from the store's current persons and extracts.
    /// `None` also when the snapshot's persons or cases are not in id order
    /// (the order its parts are made in), since then no merge is exact.
    pub fn facts_from_parts_with(
        parts: Vec<String>,
        as_of: Date,
        changes: &Changes,
    ) -> Option<(super::Facts, u64)> {
        let n = parts.len();
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 4)
            .min(n.max(1));
        // Part i is decoded by thread i % threads.
        let mut shares: Vec<Vec<String>> = (0..threads).map(|_| Vec::new()).collect();
        for (i, text) in parts.into_iter().enumerate() {
            shares[i % threads].push(text);
        }
        std::thread::scope(|s| {
            let receivers: Vec<_> = shares
                .into_iter()
                .map(|share| {
                    let (tx, rx) = std::sync::mpsc::sync_channel::<Option<Part>>(1);
                    s.spawn(move || {
                        for text in share {
                            let part = decode_part(&text);
                            drop(text);
                            let failed = part.is_none();
                            // The builder stops at a part that does not
                            // decode, and then hangs up.
                            if tx.send(part).is_err() || failed {
                                break;
                            }
                        }
                    });
                    rx
                })
                .collect();
            let mut m = Merge::new(as_of, changes);
            for i in 0..n {
                // A decoder that stopped early (a part that did not
                // decode) is no snapshot.
                let part = receivers[i % threads].recv().ok().flatten()?;
                m.add_part(i, part)?;
            }
            Some(m.finish())
        })
    }

    /// The parts of the snapshot with `changes` merged in (what
    /// [`Snapshot::facts_from_parts_with`] builds from), made part by part:
    /// each changed person or case goes into the part whose ids it falls
    /// among, the ones after the last into the last, so that only one
    /// decoded part is held at a time. `None` when a part does not decode
    /// or the snapshot is not in id order.
    pub fn merge_parts(parts: Vec<String>, changes: &Changes) -> Option<Vec<String>> {
        let mut persons = changes.persons.iter().peekable();
        let mut cases = changes.cases.iter().peekable();
        let mut out = Vec::with_capacity(parts.len() + 2);
        let mut totals = None;
        let encode = |totals: (u64, u64),
                      persons: Vec<(PersonId, Gender, Day)>,
                      cases: Vec<(CaseId, CaseExtract)>| {
            let part = Part {
                total_persons: totals.0,
                total_cases: totals.1,
                persons,
                cases,
            };
            // As in `encode_in_parts_of`.
            let bytes = postcard::to_allocvec(&part).unwrap_or_default();
            format!("{SNAPSHOT_FORMAT}:{}", STANDARD_NO_PAD.encode(bytes))
        };
        let fact = |(id, p): &(PersonId, PersonFact)| (*id, p.gender, p.birth);
        let extract = |(id, x): &(CaseId, Option<CaseExtract>)| x.clone().map(|x| (*id, x));
        let (mut last_person, mut last_case, mut in_cases) = (None, None, false);
        for text in parts {
            let part = decode_part(&text)?;
            drop(text);
            // The totals are only for making room: about right is enough.
            let t = *totals.get_or_insert((
                part.total_persons + changes.persons.len() as u64,
                part.total_cases + changes.cases.len() as u64,
            ));
            if !part.persons.is_empty() {
                if in_cases {
                    return None;
                }
                let mut merged = Vec::with_capacity(part.persons.len());
                for (id, gender, birth) in part.persons {
                    if last_person.is_some_and(|l| l >= id) {
                        return None;
                    }
                    last_person = Some(id);
                    while let Some(new) = persons.next_if(|(c, _)| *c < id) {
                        merged.push(fact(new));
                    }
                    match persons.next_if(|(c, _)| *c == id) {
                        Some(changed) => merged.push(fact(changed)),
                        None => merged.push((id, gender, birth)),
                    }
                }
                out.push(encode(t, merged, Vec::new()));
            }
            if part.cases.is_empty() {
                continue;
            }
            if !in_cases {
                // The changed persons after the snapshot's last, before the
                // first case.
                let rest: Vec<_> = persons.by_ref().map(fact).collect();
                if !rest.is_empty() {
                    out.push(encode(t, rest, Vec::new()));
                }
                in_cases = true;
            }
            let mut merged = Vec::with_capacity(part.cases.len());
            for (id, x) in part.cases {
                if last_case.is_some_and(|l| l >= id) {
                    return None;
                }
                last_case = Some(id);
                while let Some(new) = cases.next_if(|(c, _)| *c < id) {
                    merged.extend(extract(new));
                }
                match cases.next_if(|(c, _)| *c == id) {
                    Some(changed) => merged.extend(extract(changed)),
                    None => merged.push((id, x)),
                }
            }
            if !merged.is_empty() {
                out.push(encode(t, Vec::new(), merged));
            }
        }
        let t = totals.unwrap_or((changes.persons.len() as u64, changes.cases.len() as u64));
        let rest: Vec<_> = persons.map(fact).collect();
        if !rest.is_empty() {
            out.push(encode(t, rest, Vec::new()));
        }
        let rest: Vec<_> = cases.filter_map(extract).collect();
        if !rest.is_empty() || out.is_empty() {
            out.push(encode(t, Vec::new(), rest));
        }
        Some(out)
    }

    /// The facts as of `as_of` from these inputs: the facts a build from the
    /// same persons and extracts makes.
    pub fn facts(&self, as_of: Date) -> super::Facts {
        let mut b = FactsBuilder::new(&[]).as_of(as_of);
        for (id, p) in &self.persons {
            b.person_fact(*id, *p);
        }
        for (id, x) in &self.cases {
            b.add_extract(*id, x);
        }
        b.finish()
    }
}

/// What was written after a snapshot was made: persons and cases, each
/// list by id. A case's extract is `None` when it has none now (no
/// events), and the case is left out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Changes {
    pub persons: Vec<(PersonId, PersonFact)>,
    pub cases: Vec<(CaseId, Option<CaseExtract>)>,
}

/// A build from a snapshot's parts with its changes merged in by id.
struct Merge<'a> {
    b: FactsBuilder,
    persons: std::iter::Peekable<std::slice::Iter<'a, (PersonId, PersonFact)>>,
    cases: std::iter::Peekable<std::slice::Iter<'a, (CaseId, Option<CaseExtract>)>>,
    last_person: Option<PersonId>,
    last_case: Option<CaseId>,
    persons_done: bool,
    persons_taken: u64,
    reserved: bool,
}

impl<'a> Merge<'a> {
    fn new(as_of: Date, changes: &'a Changes) -> Self {
        Merge {
            b: FactsBuilder::new(&[]).as_of(as_of),
            persons: changes.persons.iter().peekable(),
            cases: changes.cases.iter().peekable(),
            last_person: None,
            last_case: None,
            persons_done: false,
            persons_taken: 0,
            reserved: false,
        }
    }

    fn person(&mut self, id: PersonId, p: PersonFact) {
        self.b.person_fact(id, p);
        self.persons_taken += 1;
    }

    fn case(&mut self, id: CaseId, x: &Option<CaseExtract>) {
        if let Some(x) = x {
            self.b.add_extract(id, x);
        }
    }

    /// Every changed person left (those after the snapshot's last), before
    /// the first case.
    fn finish_persons(&mut self) {
        if !self.persons_done {
            while let Some((id, p)) = self.persons.next() {
                self.person(*id, *p);
            }
            self.persons_done = true;
        }
    }

    fn add_part(&mut self, i: usize, part: Part) -> Option<()> {
        if i == 0 {
            self.b
                .reserve_persons(part.total_persons as usize + self.persons.len());
        }
        for (id, gender, birth) in part.persons {
            if self.persons_done || self.last_person.is_some_and(|last| last >= id) {
                return None;
            }
            self.last_person = Some(id);
            while let Some((new, p)) = self.persons.next_if(|(c, _)| *c < id) {
                self.person(*new, *p);
            }
            match self.persons.next_if(|(c, _)| *c == id) {
                Some((_, p)) => self.person(id, *p),
                None => self.person(id, PersonFact { gender, birth }),
            }
        }
        if part.cases.is_empty() {
            return Some(());
        }
        self.finish_persons();
        if !self.reserved {
            // The first part of cases is the sample for the rest.
            let sample: Vec<&CaseExtract> = part.cases.iter().map(|(_, x)| x).collect();
            let total = part.total_cases as usize + self.cases.len();
            self.b.reserve_like(total, &sample);
            self.reserved = true;
        }
        for (id, x) in part.cases {
            if self.last_case.is_some_and(|last| last >= id) {
                return None;
            }
            self.last_case = Some(id);
            while let Some((new, x)) = self.cases.next_if(|(c, _)| *c < id) {
                self.case(*new, x);
            }
            match self.cases.next_if(|(c, _)| *c == id) {
                Some((_, changed)) => self.case(id, changed),
                None => self.b.add_extract(id, &x),
            }
        }
        Some(())
    }

    fn finish(mut self) -> (super::Facts, u64) {
        self.finish_persons();
        while let Some((id, x)) = self.cases.next() {
            self.case(*id, x);
        }
        (self.b.finish(), self.persons_taken)
    }
}

/// One stored part, its extracts checked (their indices point into their
/// dictionaries), or `None`.
fn decode_part(text: &str) -> Option<Part> {
    let (format, body) = text.split_once(':')?;
    if format.parse::<u32>().ok()? != SNAPSHOT_FORMAT {
        return None;
    }
    let bytes = STANDARD_NO_PAD.decode(body).ok()?;
    let mut part: Part = postcard::from_bytes(&bytes).ok()?;
    drop(bytes);
    let cases = std::mem::take(&mut part.cases);
    part.cases = cases
        .into_iter()
        .map(|(id, x)| CaseExtract::checked(x).map(|x| (id, x)))
        .collect::<Option<_>>()?;
    Some(part)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_parts_decode_to_a_snapshot_or_nothing(parts in proptest::collection::vec(".*", 0..4)) {
            let _ = Snapshot::decode(&parts);
        }

        #[test]
        fn a_part_with_a_valid_header_and_any_body_never_panics(body in "[A-Za-z0-9+/]{0,200}") {
            let _ = Snapshot::decode(&[format!("{SNAPSHOT_FORMAT}:{body}")]);
        }
    }

    #[test]
    fn an_empty_snapshot_is_one_part_and_reads_back() {
        let parts = Snapshot::default().encode();
        assert_eq!(parts.len(), 1);
        assert_eq!(Snapshot::decode(&parts), Some(Snapshot::default()));
        assert_eq!(
            Snapshot::decode(&["1:".to_string()]),
            None,
            "another format"
        );
    }
}
