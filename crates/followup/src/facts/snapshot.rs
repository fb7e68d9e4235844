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
use std::iter::Peekable;
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
        let totals = (self.persons.len() as u64, self.cases.len() as u64);
        let part = |persons: &[(PersonId, PersonFact)], cases: &[(CaseId, CaseExtract)]| {
            encode_part(
                totals,
                persons.iter().map(person_row).collect(),
                cases.to_vec(),
            )
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
                let rows = part.persons.into_iter().map(person_fact);
                let merged = merge_in(rows, &mut persons, &mut last_person, |c| Some(*c))?;
                out.push(encode_part(
                    t,
                    merged.iter().map(person_row).collect(),
                    Vec::new(),
                ));
            }
            if part.cases.is_empty() {
                continue;
            }
            if !in_cases {
                // The changed persons after the snapshot's last, before the
                // first case.
                let rest: Vec<_> = persons.by_ref().map(person_row).collect();
                if !rest.is_empty() {
                    out.push(encode_part(t, rest, Vec::new()));
                }
                in_cases = true;
            }
            let merged = merge_in(part.cases, &mut cases, &mut last_case, extract)?;
            if !merged.is_empty() {
                out.push(encode_part(t, Vec::new(), merged));
            }
        }
        let t = totals.unwrap_or((changes.persons.len() as u64, changes.cases.len() as u64));
        let rest: Vec<_> = persons.map(person_row).collect();
        if !rest.is_empty() {
            out.push(encode_part(t, rest, Vec::new()));
        }
        let rest: Vec<_> = cases.filter_map(extract).collect();
        if !rest.is_empty() || out.is_empty() {
            out.push(encode_part(t, Vec::new(), rest));
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
        if !part.persons.is_empty() {
            if self.persons_done {
                return None;
            }
            let rows = part.persons.into_iter().map(person_fact);
            let merged = merge_in(rows, &mut self.persons, &mut self.last_person, |c| Some(*c))?;
            for (id, p) in merged {
                self.person(id, p);
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
        let changed = |(id, x): &(CaseId, Option<CaseExtract>)| x.clone().map(|x| (*id, x));
        let merged = merge_in(part.cases, &mut self.cases, &mut self.last_case, changed)?;
        for (id, x) in &merged {
            self.b.add_extract(*id, x);
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

/// Merge `changes` (by id) into one part's `rows` (by id): a changed row
/// takes the place of the part's, a new one goes in its place by id, and
/// `changed` gives the row a change stands for (`None`: left out). Changes
/// after the part's last row stay for the next part. `None` when the rows
/// are not in increasing order after `last` (the previous part's last).
fn merge_in<K: Ord + Copy, R, C>(
    rows: impl IntoIterator<Item = (K, R)>,
    changes: &mut Peekable<std::slice::Iter<'_, (K, C)>>,
    last: &mut Option<K>,
    changed: impl Fn(&(K, C)) -> Option<(K, R)>,
) -> Option<Vec<(K, R)>> {
    let rows = rows.into_iter();
    let mut merged = Vec::with_capacity(rows.size_hint().0);
    for (id, row) in rows {
        if last.is_some_and(|l| l >= id) {
            return None;
        }
        *last = Some(id);
        while let Some(new) = changes.next_if(|(c, _)| *c < id) {
            merged.extend(changed(new));
        }
        match changes.next_if(|(c, _)| *c == id) {
            Some(change) => merged.extend(changed(change)),
            None => merged.push((id, row)),
        }
    }
    Some(merged)
}

/// A person's row in a part.
fn person_row((id, p): &(PersonId, PersonFact)) -> (PersonId, Gender, Day) {
    (*id, p.gender, p.birth)
}

/// A person's row in a part, as the builder takes it.
fn person_fact((id, gender, birth): (PersonId, Gender, Day)) -> (PersonId, PersonFact) {
    (id, PersonFact { gender, birth })
}

/// The stored text of one part: `<format>:<base64 of postcard>`.
fn encode_part(
    totals: (u64, u64),
    persons: Vec<(PersonId, Gender, Day)>,
    cases: Vec<(CaseId, CaseExtract)>,
) -> String {
    let part = Part {
        total_persons: totals.0,
        total_cases: totals.1,
        persons,
        cases,
    };
    // Serializing plain data to a Vec cannot fail; an empty part would only
    // make the snapshot unreadable.
    let bytes = postcard::to_allocvec(&part).unwrap_or_default();
    format!("{SNAPSHOT_FORMAT}:{}", STANDARD_NO_PAD.encode(bytes))
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

    proptest! {
        /// Merging changes part by part is the same as applying them to a
        /// map of every row: a change replaces or adds its row, `None`
        /// removes it.
        #[test]
        fn changes_merged_part_by_part_are_the_map_with_the_changes(
            rows in proptest::collection::btree_map(0u16..200, 0u8..10, 0..60),
            changes in proptest::collection::btree_map(0u16..200, proptest::option::of(10u8..20), 0..30),
            part in 1usize..7,
        ) {
            let rows: Vec<(u16, u8)> = rows.into_iter().collect();
            let changes: Vec<(u16, Option<u8>)> = changes.into_iter().collect();
            let mut want: std::collections::BTreeMap<u16, u8> = rows.iter().copied().collect();
            for (k, c) in &changes {
                match c {
                    Some(v) => { want.insert(*k, *v); }
                    None => { want.remove(k); }
                }
            }
            let mut pending = changes.iter().peekable();
            let mut last = None;
            let mut got = Vec::new();
            for chunk in rows.chunks(part) {
                got.extend(merge_in(chunk.to_vec(), &mut pending, &mut last, |(k, c)| c.map(|v| (*k, v))).unwrap());
            }
            got.extend(pending.filter_map(|(k, c)| c.map(|v| (*k, v))));
            prop_assert_eq!(got, want.into_iter().collect::<Vec<_>>());
        }
    }

    #[test]
    fn rows_out_of_order_are_no_merge() {
        let changes: Vec<(u16, Option<u8>)> = vec![(5, Some(1))];
        let mut pending = changes.iter().peekable();
        let mut last = None;
        assert_eq!(
            merge_in(
                vec![(3u16, 0u8), (2, 0)],
                &mut pending,
                &mut last,
                |(k, c)| c.map(|v| (*k, v))
            ),
            None
        );
        // Nor a part that starts at or before the previous part's last row.
        let mut last = Some(7u16);
        assert_eq!(
            merge_in(
                vec![(7u16, 0u8)],
                &mut changes.iter().peekable(),
                &mut last,
                |(k, c)| c.map(|v| (*k, v))
            ),
            None
        );
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
