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
pub const SNAPSHOT_FORMAT: u32 = 1_000 + super::EXTRACT_FORMAT;

/// Cases in one part (persons are spread over the same number of parts).
const PART_CASES: usize = 20_000;

/// The inputs of a build, in the order a build takes them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    /// Every person the follow-up knows, in the order they are known.
    pub persons: Vec<(PersonId, PersonFact)>,
    /// Every case with its extract, in the event log's order.
    pub cases: Vec<(CaseId, CaseExtract)>,
}

#[derive(Serialize, Deserialize)]
struct Part {
    persons: Vec<(PersonId, Gender, Day)>,
    cases: Vec<(CaseId, CaseExtract)>,
}

impl Snapshot {
    /// The parts the store keeps: `<format>:<base64 of postcard>` each, at
    /// least one (an empty snapshot is one empty part).
    pub fn encode(&self) -> Vec<String> {
        let n = self.cases.len().div_ceil(PART_CASES).max(1);
        let persons_per_part = self.persons.len().div_ceil(n).max(1);
        let mut persons = self.persons.chunks(persons_per_part);
        let mut cases = self.cases.chunks(PART_CASES);
        (0..n)
            .map(|_| {
                let part = Part {
                    persons: persons
                        .next()
                        .unwrap_or_default()
                        .iter()
                        .map(|(id, p)| (*id, p.gender, p.birth))
                        .collect(),
                    cases: cases.next().unwrap_or_default().to_vec(),
                };
                // Serializing plain data to a Vec cannot fail; an empty
                // part would only make the snapshot unreadable.
                let bytes = postcard::to_allocvec(&part).unwrap_or_default();
                format!("{SNAPSHOT_FORMAT}:{}", STANDARD_NO_PAD.encode(bytes))
            })
            .collect()
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
            let (format, body) = text.as_ref().split_once(':')?;
            if format.parse::<u32>().ok()? != SNAPSHOT_FORMAT {
                return None;
            }
            let bytes = STANDARD_NO_PAD.decode(body).ok()?;
            let part: Part = postcard::from_bytes(&bytes).ok()?;
            out.persons.extend(
                part.persons
                    .into_iter()
                    .map(|(id, gender, birth)| (id, PersonFact { gender, birth })),
            );
            for (id, x) in part.cases {
                // The extract's own checks: its indices point into its
                // dictionaries.
                out.cases.push((id, CaseExtract::checked(x)?));
            }
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
