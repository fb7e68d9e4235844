//! Identity numbers for the demo's persons: Skatteverket's test personnummer
//! first, and once they run out (a large municipality, `tillit demo --cases`)
//! reservnummer, which can never be valid personnummer (a letter stands
//! first in the serial).

use jiff::civil::Date;
use rand::Rng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use std::collections::{BTreeMap, HashMap};
use tillit_domain::catalog::Gender;
use tillit_domain::identity::{IdentityNumber, RESERVE_LETTERS};

/// Serials per birth date and gender: 11 letters times 50 two-digit
/// endings of the right parity.
const SERIALS_PER_DAY: u16 = RESERVE_LETTERS.len() as u16 * 50;

/// Hands out reservnummer, each once: per birth date and gender the next
/// free serial (letter, digit, digit of the gender's parity).
#[derive(Debug, Default)]
pub struct ReserveNumbers {
    used: HashMap<(Date, bool), u16>,
    issued: u64,
}

impl ReserveNumbers {
    pub fn new() -> Self {
        Self::default()
    }

    /// How many have been handed out.
    pub fn issued(&self) -> u64 {
        self.issued
    }

    /// A new reservnummer of someone born on `born` (or, when that day's
    /// serials are all taken, the next day that still has one).
    pub fn next(&mut self, born: Date, gender: Gender) -> IdentityNumber {
        let male = gender == Gender::Male;
        let mut day = born;
        loop {
            let used = self.used.entry((day, male)).or_insert(0);
            if *used < SERIALS_PER_DAY {
                let s = *used;
                *used += 1;
                let letter = usize::from(s % RESERVE_LETTERS.len() as u16);
                let rest = s / RESERVE_LETTERS.len() as u16; // 0..50
                let first = (rest % 10) as u8;
                let last = 2 * (rest / 10) as u8 + u8::from(male);
                if let Some(n) = IdentityNumber::reservnummer(day, letter, first * 10 + last) {
                    self.issued += 1;
                    return n;
                }
            }
            day = day.tomorrow().unwrap_or(day);
        }
    }
}

/// The numbers a simulation draws persons' identities from.
pub(crate) struct IdentityPools {
    /// Unused test personnummer of children, by birth year.
    pub child_pool: BTreeMap<i16, Vec<IdentityNumber>>,
    /// Unused test personnummer of adults (guardians).
    pub adult_pool: Vec<IdentityNumber>,
    /// Reservnummer once the test personnummer run out; `None` for the
    /// default demo, which never runs out (and must stay as it is).
    pub reserve: Option<ReserveNumbers>,
}

impl IdentityPools {
    /// Skatteverket's test personnummer in shuffled pools.
    pub fn test_personnummer(rng: &mut ChaCha8Rng, reserve: Option<ReserveNumbers>) -> Self {
        let mut child_pool: BTreeMap<i16, Vec<IdentityNumber>> = BTreeMap::new();
        let mut adult_pool = Vec::new();
        for id in crate::test_personnummer() {
            let y = id.birth_date().year();
            if (1965..=1998).contains(&y) {
                adult_pool.push(id);
            } else if y >= 1999 {
                child_pool.entry(y).or_default().push(id);
            }
        }
        adult_pool.shuffle(rng);
        for v in child_pool.values_mut() {
            v.shuffle(rng);
        }
        IdentityPools {
            child_pool,
            adult_pool,
            reserve,
        }
    }

    /// A reservnummer of a random day in `first..=last` with a random gender.
    pub fn reserve_between(
        &mut self,
        rng: &mut ChaCha8Rng,
        first: Date,
        last: Date,
    ) -> Option<IdentityNumber> {
        let reserve = self.reserve.as_mut()?;
        let span = (last - first).get_days().max(0);
        let born = first
            .checked_add(jiff::Span::new().days(rng.random_range(0..=span)))
            .unwrap_or(first);
        let gender = if rng.random_bool(0.5) {
            Gender::Male
        } else {
            Gender::Female
        };
        Some(reserve.next(born, gender))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;
    use std::collections::HashSet;
    use tillit_domain::identity::IdentityKind;

    proptest! {
        /// Every reservnummer handed out fails as a personnummer (it is a
        /// reservnummer, with a letter), parses back, has the asked gender
        /// and is never handed out twice, nor equal to a test personnummer.
        #[test]
        fn reserve_numbers_are_unique_and_never_personnummer(
            asks in proptest::collection::vec((0i64..400, any::<bool>(), 1usize..40), 1..12),
        ) {
            let tests: HashSet<String> =
                crate::test_personnummer().iter().map(|n| n.format_long()).collect();
            let mut reserve = ReserveNumbers::new();
            let mut seen = HashSet::new();
            for (day, male, count) in asks {
                let born = date(2010, 1, 1).checked_add(jiff::Span::new().days(day)).unwrap();
                let gender = if male { Gender::Male } else { Gender::Female };
                for _ in 0..count {
                    let n = reserve.next(born, gender);
                    let text = n.format_long();
                    prop_assert_eq!(n.kind(), IdentityKind::Reservnummer);
                    prop_assert_ne!(n.kind(), IdentityKind::Personnummer);
                    let parsed = IdentityNumber::parse_long_form(&text).unwrap();
                    prop_assert_eq!(parsed.kind(), IdentityKind::Reservnummer);
                    prop_assert!(text.bytes().any(|b| b.is_ascii_alphabetic()), "{}", text);
                    prop_assert_eq!(n.gender(), gender);
                    prop_assert_eq!(n.birth_date(), born);
                    prop_assert!(!tests.contains(&text), "{} is a test personnummer", text);
                    prop_assert!(seen.insert(text.clone()), "{} handed out twice", text);
                }
            }
            prop_assert_eq!(reserve.issued(), seen.len() as u64);
        }
    }

    #[test]
    fn a_full_day_moves_on_to_the_next_day() {
        let mut reserve = ReserveNumbers::new();
        let born = date(2012, 6, 1);
        let mut seen = HashSet::new();
        for _ in 0..SERIALS_PER_DAY {
            let n = reserve.next(born, Gender::Female);
            assert_eq!(n.birth_date(), born);
            assert!(seen.insert(n.format_long()));
        }
        let next = reserve.next(born, Gender::Female);
        assert_eq!(next.birth_date(), date(2012, 6, 2));
        assert!(seen.insert(next.format_long()));
    }
}
