//! A large demo municipality (`tillit demo --cases N`): districts of about
//! the default demo's size, generated one at a time so that a million cases
//! never sit in memory at once.
//!
//! District 0 is the default demo's municipality (its four units, its 25
//! users and their logins); every later district has four units of its own
//! ("Mottagningen, område 2", ...) and 21 unit staff in the same roles. Each
//! district runs the same seeded process as the default demo over the same
//! years, so the per-case distributions are the same; the number of
//! districts and their report rate are chosen so that the cases add up to
//! about N (the process decides the exact count; each district's rate is
//! corrected by what the earlier ones gave).
//!
//! Identities: Skatteverket's test personnummer first (shared by all
//! districts, each used once), then reservnummer ([`crate::ReserveNumbers`]),
//! which can never be valid personnummer.

use crate::identities::IdentityPools;
use crate::sim::{District, generate_district};
use crate::{DemoConfig, DemoData};
use jiff::civil::Date;

/// Cases in a district by default: about the default demo's 13,775 (five years and
/// two of warm-up at 2,000 reports a year), the size of a Stockholm district.
pub const DISTRICT_CASES: u64 = 13_800;

/// Cases one report a year gives over the simulated years (5 + 2 warm-up),
/// measured on the default demo; the first guess, corrected as districts
/// are generated.
const CASES_PER_YEARLY_REPORT: f64 = 6.9;

/// Staff of a later district (the unit staff of the default demo).
const DISTRICT_USERS: i64 = 21;

/// Users of district 0 (the default demo's).
const FIRST_DISTRICT_USERS: i64 = 25;

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LargeConfig {
    pub seed: u64,
    /// The last day of history (normally today).
    pub end: Date,
    /// Cases wanted (about).
    pub cases: u64,
    /// Cases per district (about); [`DISTRICT_CASES`] unless testing.
    pub district_cases: u64,
}

impl LargeConfig {
    pub fn new(seed: u64, end: Date, cases: u64) -> Self {
        Self {
            seed,
            end,
            cases,
            district_cases: DISTRICT_CASES,
        }
    }

    /// How many districts the municipality gets.
    pub fn districts(&self) -> u32 {
        let per = self.district_cases.max(1) as f64;
        ((self.cases as f64 / per).round() as u32).max(1)
    }
}

/// The districts, one [`DemoData`] at a time (units, users, persons and
/// cases of that district only; ids follow the earlier districts').
pub struct Districts {
    cfg: LargeConfig,
    planned: u32,
    next: u32,
    pools: Option<IdentityPools>,
    cases: u64,
    rates: f64,
}

impl Districts {
    pub fn new(cfg: LargeConfig) -> Self {
        let planned = cfg.districts();
        Districts {
            cfg,
            planned,
            next: 0,
            pools: None,
            cases: 0,
            rates: 0.0,
        }
    }

    /// How many districts there will be.
    pub fn planned(&self) -> u32 {
        self.planned
    }

    /// Reservnummer handed out so far (the test personnummer ran out).
    pub fn reservnummer_issued(&self) -> u64 {
        self.pools
            .as_ref()
            .and_then(|p| p.reserve.as_ref())
            .map_or(0, |r| r.issued())
    }

    /// The district after `index`'s first unit, user and item ids.
    fn district(index: u32) -> District {
        let i = i64::from(index);
        District {
            index,
            first_unit: 1 + 4 * i,
            first_user: if index == 0 {
                1
            } else {
                1 + FIRST_DISTRICT_USERS + DISTRICT_USERS * (i - 1)
            },
            first_item: 1 + (u128::from(index) << 64),
        }
    }

    /// The seed of district `index`: the demo's own for district 0.
    fn seed(&self, index: u32) -> u64 {
        if index == 0 {
            self.cfg.seed
        } else {
            // SplitMix64's increment and finaliser: well-spread seeds.
            let mut z = self
                .cfg
                .seed
                .wrapping_add(u64::from(index).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
    }

    /// The report rate that should give the district its share of the
    /// cases still wanted, by what the earlier districts gave per report.
    fn rate(&self) -> u32 {
        let left = self.planned - self.next;
        let wanted = self.cfg.cases.saturating_sub(self.cases) as f64 / f64::from(left.max(1));
        let per_rate = if self.cases > 0 && self.rates > 0.0 {
            self.cases as f64 / self.rates
        } else {
            CASES_PER_YEARLY_REPORT
        };
        ((wanted / per_rate).round() as u32).max(1)
    }
}

impl Iterator for Districts {
    type Item = DemoData;

    fn next(&mut self) -> Option<DemoData> {
        if self.next >= self.planned {
            return None;
        }
        let index = self.next;
        let rate = self.rate();
        let cfg = DemoConfig {
            reports_per_year: rate,
            ..DemoConfig::new(self.seed(index), self.cfg.end)
        };
        let (data, pools) = generate_district(
            &cfg,
            &Self::district(index),
            self.pools.take(),
            true,
            &mut |_, _| {},
        );
        self.pools = Some(pools);
        self.cases += data.cases.len() as u64;
        self.rates += f64::from(rate);
        self.next += 1;
        Some(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use std::collections::HashSet;
    use tillit_domain::identity::{IdentityKind, IdentityNumber};

    fn small() -> LargeConfig {
        LargeConfig {
            seed: 7,
            end: date(2026, 3, 10),
            cases: 600,
            district_cases: 200,
        }
    }

    #[test]
    fn districts_have_their_own_ids_and_add_up_to_about_the_cases_asked() {
        let cfg = small();
        let all: Vec<DemoData> = Districts::new(cfg.clone()).collect();
        assert_eq!(all.len(), 3);
        let cases: usize = all.iter().map(|d| d.cases.len()).sum();
        assert!(
            (450..=750).contains(&cases),
            "{cases} cases for {} asked",
            cfg.cases
        );
        // District 0 keeps the demo's logins; the others their own units.
        assert!(all[0].user("david").is_some());
        assert_eq!(all[0].users.len(), 25);
        assert_eq!(all[1].users.len(), 21);
        assert_eq!(all[1].units[0].id.0, 5);
        assert_eq!(all[1].users[0].id.0, 26);
        assert_eq!(all[2].users[0].id.0, 47);
        let mut units = HashSet::new();
        let mut users = HashSet::new();
        let mut names = HashSet::new();
        let mut case_ids = HashSet::new();
        for (i, d) in all.iter().enumerate() {
            let own: HashSet<_> = d.units.iter().map(|u| u.id).collect();
            for u in &d.units {
                assert!(units.insert(u.id));
                assert!(names.insert(u.name.clone()), "{}", u.name);
            }
            for u in &d.users {
                assert!(users.insert(u.username.clone()), "{}", u.username);
                assert!(u.unit.is_none() || own.contains(&u.unit.unwrap()));
            }
            for c in &d.cases {
                assert!(case_ids.insert(c.id));
                for e in &c.events {
                    let by = d.users.iter().any(|u| u.id == e.recorded_by);
                    assert!(by, "district {i}: an event by someone else's staff");
                }
            }
        }
    }

    #[test]
    fn identities_are_test_personnummer_then_reservnummer_and_unique() {
        // Enough children to use up the test personnummer of some years.
        let cfg = LargeConfig {
            seed: 3,
            end: date(2026, 3, 10),
            cases: 40_000,
            district_cases: 13_000,
        };
        let tests: HashSet<String> = crate::test_personnummer()
            .iter()
            .map(|n| n.format_long())
            .collect();
        let mut districts = Districts::new(cfg);
        let mut seen = HashSet::new();
        let mut reserve = 0;
        for d in districts.by_ref() {
            for p in &d.persons {
                let text = p.identity_number.clone().unwrap();
                let n = IdentityNumber::parse_long_form(&text).unwrap();
                match n.kind() {
                    IdentityKind::Personnummer => assert!(tests.contains(&text), "{text}"),
                    IdentityKind::Reservnummer => reserve += 1,
                    other => panic!("{text} is a {other:?}"),
                }
                assert!(seen.insert(text.clone()), "{text} used twice");
            }
        }
        assert!(reserve > 0, "the test personnummer never ran out");
        assert_eq!(districts.reservnummer_issued(), reserve);
    }
}
