//! The seeded random process that writes the demo history.

use crate::identities::{IdentityPools, ReserveNumbers};
use crate::names;
use crate::{DemoCase, DemoConfig, DemoData, DemoEvent, DemoStats, DemoUnit, DemoUser};
use jiff::ToSpan;
use jiff::civil::{Date, DateTime, Time, date};
use jiff::tz::TimeZone;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use tillit_domain::calendar::{add_days, is_working_day, next_working_day_on_or_after};
use tillit_domain::case::*;
use tillit_domain::catalog::*;
use tillit_domain::identity::IdentityNumber;
use tillit_domain::person::{Person, RelationKind};
use tillit_domain::role::Role;
use tillit_domain::{CaseId, ItemId, PersonId, UnitId, UserId};

/// Years simulated before the history of interest (the municipality did not
/// start from nothing).
const WARMUP_YEARS: i16 = 2;

/// Mixed into the seed of the edge-case stream.
const EDGE_STREAM: u64 = 0x6564_6765_5f63_6173;

/// Mixed into the seed of a later district's staff names.
const STAFF_STREAM: u64 = 0x7374_6166_665f_6e6d;

/// Share of extensions decided after the investigation's time had run out
/// (the follow-up still counts the investigation as late).
const LATE_EXTENSION_SHARE: f64 = 0.15;

/// Share of reports about a child with an open case that are registered as a
/// case of their own (the young person's own application, a report handled
/// by another unit): the child then has two cases open at once.
const PARALLEL_CASE_SHARE: f64 = 0.03;

const INTAKE: UnitId = UnitId(1);
const CHILDREN: UnitId = UnitId(2);
const YOUTH: UnitId = UnitId(3);
const FOSTER: UnitId = UnitId(4);

/// The four units of a district: names and kinds, in id order.
const UNIT_KINDS: [(&str, &str); 4] = [
    ("Mottagningen", "mottagning"),
    ("Barnenheten", "barn"),
    ("Ungdomsenheten", "ungdom"),
    ("Familjehemsenheten", "familjehem"),
];

/// Which district of the municipality a simulation writes. The default demo
/// is district 0 alone; `tillit demo --cases` adds districts 1, 2, ... with
/// four units and 21 unit staff each, ids following the earlier districts'.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct District {
    pub index: u32,
    /// The id of the district's first unit (its intake unit).
    pub first_unit: i64,
    /// The id of the district's first user.
    pub first_user: i64,
    /// Item ids (reports, decisions, ...) of the district start after this.
    pub first_item: u128,
}

impl District {
    /// The default demo: units 1-4, users 1-25.
    pub const FIRST: District = District {
        index: 0,
        first_unit: 1,
        first_user: 1,
        first_item: 1,
    };

    fn unit(&self, offset: i64) -> UnitId {
        UnitId(self.first_unit + offset)
    }

    fn units(&self) -> Vec<DemoUnit> {
        UNIT_KINDS
            .iter()
            .enumerate()
            .map(|(i, (name, kind))| DemoUnit {
                id: self.unit(i as i64),
                name: if self.index == 0 {
                    (*name).to_string()
                } else {
                    format!("{name}, område {}", self.index + 1)
                },
                kind_code: kind,
            })
            .collect()
    }

    /// The staff: the default demo's 25, or for a later district its 21
    /// unit staff in the same roles with other (fictional) names.
    fn users(&self, seed: u64) -> Vec<DemoUser> {
        if self.index == 0 {
            return users();
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ STAFF_STREAM);
        users()
            .into_iter()
            .filter_map(|u| u.unit.map(|unit| (u.role, unit.0 - 1)))
            .enumerate()
            .map(|(i, (role, offset))| {
                let id = UserId(self.first_user + i as i64);
                let woman = rng.random_bool(0.7);
                let given = if woman {
                    *names::WOMEN.choose(&mut rng).unwrap_or(&"Eva")
                } else {
                    *names::MEN.choose(&mut rng).unwrap_or(&"Per")
                };
                let family = *names::FAMILY.choose(&mut rng).unwrap_or(&"Berg");
                DemoUser {
                    id,
                    username: format!("{}{}", ascii_lower(given), id.0),
                    display_name: format!("{given} {family}"),
                    role,
                    unit: Some(self.unit(offset)),
                }
            })
            .collect()
    }
}

/// A name as a user name: lower case, without å, ä, ö and accents.
fn ascii_lower(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ó' | 'ø' => 'o',
            'é' | 'è' | 'ë' => 'e',
            'ü' | 'ú' => 'u',
            'í' | 'ï' => 'i',
            c => c,
        })
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// The staff. Usernames are easy to type; display names are fictional.
fn users() -> Vec<DemoUser> {
    let spec: &[(&str, &str, Role, Option<UnitId>)] = &[
        ("anna", "Anna Lindqvist", Role::Caseworker, Some(INTAKE)),
        ("erik", "Erik Holm", Role::Caseworker, Some(INTAKE)),
        ("sara", "Sara Nyberg", Role::Caseworker, Some(INTAKE)),
        ("jonas", "Jonas Falk", Role::Caseworker, Some(INTAKE)),
        ("lena", "Lena Ek", Role::TeamLead, Some(INTAKE)),
        ("maria", "Maria Sandell", Role::UnitManager, Some(INTAKE)),
        ("karin", "Karin Björk", Role::Caseworker, Some(CHILDREN)),
        ("david", "David Ström", Role::Caseworker, Some(CHILDREN)),
        ("frida", "Frida Wall", Role::Caseworker, Some(CHILDREN)),
        ("niklas", "Niklas Berg", Role::Caseworker, Some(CHILDREN)),
        ("helena", "Helena Dahl", Role::TeamLead, Some(CHILDREN)),
        ("peter", "Peter Lund", Role::UnitManager, Some(CHILDREN)),
        ("johanna", "Johanna Strand", Role::Caseworker, Some(YOUTH)),
        ("marcus", "Marcus Ekman", Role::Caseworker, Some(YOUTH)),
        ("linda", "Linda Åberg", Role::Caseworker, Some(YOUTH)),
        ("tobias", "Tobias Sjö", Role::TeamLead, Some(YOUTH)),
        ("eva", "Eva Norén", Role::UnitManager, Some(YOUTH)),
        ("malin", "Malin Hedin", Role::Caseworker, Some(FOSTER)),
        ("henrik", "Henrik Borg", Role::Caseworker, Some(FOSTER)),
        ("ulrika", "Ulrika Fors", Role::UnitManager, Some(FOSTER)),
        ("sofia", "Sofia Kron", Role::Analyst, None),
        ("therese", "Therese Ahl", Role::QualityLead, None),
        ("patrik", "Patrik Rask", Role::Registrar, None),
        ("stefan", "Stefan Vik", Role::SystemAdministrator, None),
        ("camilla", "Camilla Ros", Role::Caseworker, Some(CHILDREN)),
    ];
    spec.iter()
        .enumerate()
        .map(|(i, (u, n, r, unit))| DemoUser {
            id: UserId(i as i64 + 1),
            username: (*u).to_string(),
            display_name: (*n).to_string(),
            role: *r,
            unit: *unit,
        })
        .collect()
}

/// A step scheduled for a day.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    /// A new aktualisering about one or more children (indexes into `children`).
    Report {
        children: Vec<usize>,
    },
    SafetyAssess {
        case: usize,
        report: ItemId,
    },
    PreAssess {
        case: usize,
        report: ItemId,
    },
    InformReporter {
        case: usize,
        report: ItemId,
    },
    ExtendInvestigation {
        case: usize,
        inv: ItemId,
        days: i64,
    },
    CloseInvestigation {
        case: usize,
        inv: ItemId,
    },
    Decide {
        case: usize,
        plan: Plan,
    },
    Start {
        case: usize,
        decision: ItemId,
        kind: InterventionKind,
    },
    StartOnRemoval {
        case: usize,
    },
    Review {
        case: usize,
        intervention: ItemId,
    },
    CustodyReview {
        case: usize,
        intervention: ItemId,
    },
    End {
        case: usize,
        intervention: ItemId,
        reason: InterventionEndReason,
    },
    Refer {
        case: usize,
        removal: ItemId,
    },
    Apply {
        case: usize,
        removal: ItemId,
    },
    LvuOrdered {
        case: usize,
        basis: LegalBasis,
    },
    EndRemoval {
        case: usize,
        removal: ItemId,
    },
    PlanFollowUp {
        case: usize,
        days: i64,
    },
    CompleteFollowUp {
        case: usize,
        follow_up: ItemId,
    },
    Close {
        case: usize,
        reason: ClosureReason,
    },
}

/// What an investigation leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Plan {
    Intervention(InterventionKind, bool),
    LvuApplication(bool),
    NoMeasure,
}

struct Child {
    person: PersonId,
    identity: IdentityNumber,
    open_case: Option<usize>,
}

struct SimCase {
    id: CaseId,
    child: usize,
    state: CaseState,
    events: Vec<DemoEvent>,
}

struct Sim<'a> {
    cfg: &'a DemoConfig,
    intake: UnitId,
    children_unit: UnitId,
    youth: UnitId,
    rng: ChaCha8Rng,
    /// A second stream for the edge cases the follow-up must count right
    /// (late extensions, parallel cases), so that adding one leaves the
    /// draws of the main process as they were.
    edge: ChaCha8Rng,
    users: Vec<DemoUser>,
    persons: Vec<Person>,
    relations: Vec<(PersonId, PersonId, RelationKind)>,
    children: Vec<Child>,
    /// Unused identity numbers (test personnummer, then reservnummer).
    pools: IdentityPools,
    cases: Vec<SimCase>,
    queue: BinaryHeap<Reverse<(Date, u64, Step)>>,
    seq: u64,
    ids: u128,
    stats: DemoStats,
}

/// Generate the demo municipality. `progress(done, total)` is called as the
/// simulated days pass.
pub fn generate(cfg: &DemoConfig, progress: &mut dyn FnMut(u64, u64)) -> DemoData {
    generate_district(cfg, &District::FIRST, None, false, progress).0
}

/// Generate one district. The first draws its identities from the test
/// personnummer (shuffled with its seed); a later one goes on with the
/// numbers the earlier districts left (`pools`).
pub(crate) fn generate_district(
    cfg: &DemoConfig,
    district: &District,
    pools: Option<IdentityPools>,
    reserve: bool,
    progress: &mut dyn FnMut(u64, u64),
) -> (DemoData, IdentityPools) {
    let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
    let pools = match pools {
        Some(p) => p,
        None => IdentityPools::test_personnummer(&mut rng, reserve.then(ReserveNumbers::new)),
    };
    let mut sim = Sim {
        cfg,
        intake: district.unit(0),
        children_unit: district.unit(1),
        youth: district.unit(2),
        rng,
        edge: ChaCha8Rng::seed_from_u64(cfg.seed ^ EDGE_STREAM),
        users: district.users(cfg.seed),
        persons: Vec::new(),
        relations: Vec::new(),
        children: Vec::new(),
        pools,
        cases: Vec::new(),
        queue: BinaryHeap::new(),
        seq: 0,
        ids: district.first_item,
        stats: DemoStats::default(),
    };
    // Two years of warm-up before the five, so that placements and open
    // investigations are at their steady level when the history of interest begins.
    let start = date(
        cfg.end.year() - cfg.years - WARMUP_YEARS,
        cfg.end.month(),
        1,
    );
    sim.schedule_arrivals(start);
    let total = (cfg.end - start).get_days().max(1) as u64;
    let mut last_reported = 0;
    while let Some(Reverse((day, _, step))) = sim.queue.pop() {
        if day > cfg.end {
            break;
        }
        sim.run(day, step);
        let done = (day - start).get_days().max(0) as u64;
        if done >= last_reported + 30 || done == total {
            last_reported = done;
            progress(done, total);
        }
    }
    progress(total, total);
    sim.mark_protected();
    sim.stats.events = sim.cases.iter().map(|c| c.events.len()).sum();
    let data = DemoData {
        municipality: "Tillköpings kommun",
        end: cfg.end,
        units: district.units(),
        users: sim.users,
        persons: sim.persons,
        relations: sim.relations,
        cases: sim
            .cases
            .into_iter()
            .map(|c| DemoCase {
                id: c.id,
                events: c.events,
            })
            .collect(),
        stats: sim.stats,
    };
    (data, sim.pools)
}

/// Reporter categories with the shares of seed 000 (Piteå 2011): polis 11 %,
/// skola/förskola (BUN) 61 %, anhöriga 5 %, hälso- och sjukvård 4 %, den
/// enskilde/vårdnadshavare 10 %, socialtjänsten 5 %, anonym 2 %, övriga 2 %.
const REPORTER_SHARES: &[(ReporterCategory, u32)] = &[
    (ReporterCategory::Police, 11),
    (ReporterCategory::School, 52),
    (ReporterCategory::Preschool, 9),
    (ReporterCategory::Relative, 5),
    (ReporterCategory::HealthCare, 4),
    (ReporterCategory::SelfOrGuardian, 10),
    (ReporterCategory::SocialServices, 5),
    (ReporterCategory::Anonymous, 2),
    (ReporterCategory::Other, 2),
];

fn pick_weighted<T: Copy>(rng: &mut ChaCha8Rng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|x| x.1).sum();
    let mut r = rng.random_range(0..total);
    for (v, w) in items {
        if r < *w {
            return *v;
        }
        r -= w;
    }
    items[items.len() - 1].0
}

/// A log-normal draw with the given median and sigma (Box-Muller).
fn lognormal(rng: &mut ChaCha8Rng, median: f64, sigma: f64) -> f64 {
    let u1: f64 = rng.random_range(f64::EPSILON..1.0);
    let u2: f64 = rng.random_range(0.0..1.0);
    let z = (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos();
    median * (sigma * z).exp()
}

impl<'a> Sim<'a> {
    fn next_id(&mut self) -> ItemId {
        self.ids += 1;
        ItemId::from_u128(self.ids)
    }

    fn push(&mut self, day: Date, step: Step) {
        self.seq += 1;
        self.queue.push(Reverse((day, self.seq, step)));
    }

    fn later(&mut self, day: Date, min: i64, max: i64, step: Step) {
        let d = add_days(day, self.rng.random_range(min..=max));
        self.push(d, step);
    }

    fn users_in(&self, unit: UnitId, role: Role) -> Vec<UserId> {
        self.users
            .iter()
            .filter(|u| u.unit == Some(unit) && u.role == role)
            .map(|u| u.id)
            .collect()
    }

    fn pick_user(&mut self, unit: UnitId, role: Role) -> UserId {
        let v = self.users_in(unit, role);
        *v.choose(&mut self.rng).unwrap_or(&UserId(1))
    }

    /// Reports arrive on every day, more on working days, fewer in July.
    fn schedule_arrivals(&mut self, start: Date) {
        let per_day = f64::from(self.cfg.reports_per_year) / 365.25;
        let mut day = start;
        while day <= self.cfg.end {
            let mut rate = if is_working_day(day) {
                per_day * 1.32
            } else {
                per_day * 0.25
            };
            if day.month() == 7 {
                rate *= 0.7;
            }
            // Poisson by inversion.
            let l = (-rate).exp();
            let mut k = 0;
            let mut p = 1.0;
            loop {
                p *= self.rng.random_range(0.0..1.0);
                if p <= l {
                    break;
                }
                k += 1;
            }
            for _ in 0..k {
                let children = self.pick_children(day);
                if !children.is_empty() {
                    self.push(day, Step::Report { children });
                }
            }
            day = add_days(day, 1);
        }
    }

    /// One child, or siblings; known children come back now and then.
    fn pick_children(&mut self, day: Date) -> Vec<usize> {
        let known: Vec<usize> = self
            .children
            .iter()
            .enumerate()
            .filter(|(_, c)| c.identity.age_on(day) < 18)
            .map(|(i, _)| i)
            .collect();
        if !known.is_empty() && self.rng.random_bool(0.36) {
            let i = *known.choose(&mut self.rng).unwrap_or(&0);
            return vec![i];
        }
        let siblings = if self.rng.random_bool(0.12) { 2 } else { 1 };
        self.new_family(day, siblings)
    }

    fn take_child_number(&mut self, day: Date) -> Option<IdentityNumber> {
        // Reports grow with age: weight teenagers more.
        let (lo, hi) = pick_weighted(
            &mut self.rng,
            &[((0i16, 5i16), 24u32), ((6, 12), 34), ((13, 17), 42)],
        );
        let age: i16 = self.rng.random_range(lo..=hi);
        // The wanted birth year first, then the nearest years that still give
        // a child (0-17) on `day`. A number that does not fit stays in its pool.
        let target = day.year() - age;
        let years = (0..=18i16)
            .flat_map(|d| [target - d, target + d])
            .filter(|y| (day.year() - 17..=day.year()).contains(y));
        for y in years {
            if let Some(pool) = self.pools.child_pool.get_mut(&y)
                && let Some(i) = pool
                    .iter()
                    .rposition(|id| id.birth_date() <= day && id.age_on(day) < 18)
            {
                return Some(pool.swap_remove(i));
            }
        }
        // The test personnummer have run out (a large municipality): a
        // reservnummer of someone born in the wanted year, a child on `day`.
        let eighteen_ago = day.checked_sub(18.years()).ok()?.tomorrow().ok()?;
        let first = date(target, 1, 1).max(eighteen_ago);
        let last = date(target, 12, 31).min(day);
        self.pools.reserve_between(&mut self.rng, first, last)
    }

    fn new_family(&mut self, day: Date, n: usize) -> Vec<usize> {
        let family = *names::FAMILY.choose(&mut self.rng).unwrap_or(&"Andersson");
        let mut kids = Vec::new();
        for _ in 0..n {
            let Some(identity) = self.take_child_number(day) else {
                break;
            };
            let gender = identity.gender();
            let given = match gender {
                Gender::Male => *names::BOYS.choose(&mut self.rng).unwrap_or(&"Leo"),
                _ => *names::GIRLS.choose(&mut self.rng).unwrap_or(&"Alva"),
            };
            let person = self.add_person(given, family, identity);
            kids.push(self.children.len());
            self.children.push(Child {
                person,
                identity,
                open_case: None,
            });
        }
        // Guardians: one or two.
        let guardians = if self.rng.random_bool(0.7) { 2 } else { 1 };
        let mut adults = Vec::new();
        for g in 0..guardians {
            let identity = match self.pools.adult_pool.pop() {
                Some(id) => Some(id),
                None => {
                    self.pools
                        .reserve_between(&mut self.rng, date(1965, 1, 1), date(1998, 12, 31))
                }
            };
            let Some(identity) = identity else {
                break;
            };
            let given = match identity.gender() {
                Gender::Male => *names::MEN.choose(&mut self.rng).unwrap_or(&"Per"),
                _ => *names::WOMEN.choose(&mut self.rng).unwrap_or(&"Eva"),
            };
            let fam = if g == 1 && self.rng.random_bool(0.4) {
                *names::FAMILY.choose(&mut self.rng).unwrap_or(&"Berg")
            } else {
                family
            };
            adults.push(self.add_person(given, fam, identity));
        }
        for &k in &kids {
            let child = self.children[k].person;
            for &a in &adults {
                self.relations.push((child, a, RelationKind::Guardian));
            }
            for &s in &kids {
                if s != k {
                    self.relations
                        .push((child, self.children[s].person, RelationKind::Sibling));
                }
            }
        }
        kids
    }

    fn add_person(&mut self, given: &str, family: &str, identity: IdentityNumber) -> PersonId {
        let id = PersonId::from_u128(self.rng.random());
        let street = *names::STREETS.choose(&mut self.rng).unwrap_or(&"Storgatan");
        let number: u32 = self.rng.random_range(1..80);
        self.persons.push(Person {
            id,
            identity_number: Some(identity.format_long()),
            given_name: given.to_string(),
            family_name: family.to_string(),
            gender: identity.gender(),
            birth_date: Some(identity.birth_date()),
            protected: false,
            address: Some(format!("{street} {number}, 123 45 Tillköping")),
        });
        id
    }

    /// A few children have protected personal data (skyddade personuppgifter):
    /// among them one placed child with an open case in the children's unit,
    /// whose caseworker is `david` (the README's demo logins say so). If no
    /// such case of his exists, the first placed child of the unit is handed
    /// to him on the last day, through `decide` like every other step.
    fn mark_protected(&mut self) {
        let mut chosen: Vec<PersonId> = Vec::new();
        let david = self
            .users
            .iter()
            .find(|u| u.username == "david")
            .map(|u| u.id);
        let children_unit = self.children_unit;
        let placed_here = |c: &SimCase| {
            c.state.is_placed() && !c.state.is_closed() && c.state.unit == Some(children_unit)
        };
        let his = self
            .cases
            .iter()
            .position(|c| placed_here(c) && c.state.caseworker == david);
        let case = match his {
            Some(i) => Some(i),
            None => {
                let first = self.cases.iter().position(placed_here);
                if let (Some(i), Some(david)) = (first, david) {
                    let lead = self.pick_user(children_unit, Role::TeamLead);
                    let end = self.cfg.end;
                    self.record(
                        i,
                        end,
                        lead,
                        CaseCommand::Assign {
                            caseworker: Some(david),
                            unit: children_unit,
                        },
                    );
                }
                first
            }
        };
        if let Some(i) = case {
            chosen.push(self.children[self.cases[i].child].person);
        }
        for c in self
            .cases
            .iter()
            .filter(|c| !c.state.is_closed())
            .step_by(97)
        {
            chosen.push(self.children[c.child].person);
        }
        for p in self.persons.iter_mut() {
            if chosen.contains(&p.id) {
                p.protected = true;
                p.address = Some("Skyddad adress".into());
            }
        }
    }

    fn record(
        &mut self,
        case: usize,
        day: Date,
        by: UserId,
        cmd: CaseCommand,
    ) -> Option<Vec<CaseEvent>> {
        let events = match decide(&self.cases[case].state, &cmd, day, day) {
            Ok(e) => e,
            Err(_) => {
                self.stats.refused += 1;
                return None;
            }
        };
        let hour = self.rng.random_range(8..17);
        let minute = self.rng.random_range(0..60);
        let lag = if self.rng.random_bool(0.15) { 1 } else { 0 };
        let recorded_day = add_days(day, lag).min(self.cfg.end);
        let recorded_at = recorded_day
            .to_datetime(Time::constant(hour, minute, 0, 0))
            .to_zoned(TimeZone::get("Europe/Stockholm").unwrap_or(TimeZone::UTC))
            .map(|z| z.timestamp())
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        let c = &mut self.cases[case];
        for e in &events {
            c.state.apply(day, e);
            c.events.push(DemoEvent {
                recorded_by: by,
                recorded_at,
                occurred_on: day,
                event: e.clone(),
            });
        }
        Some(events)
    }

    fn caseworker(&self, case: usize) -> UserId {
        self.cases[case]
            .state
            .caseworker
            .unwrap_or(self.users[0].id)
    }

    /// A step planned earlier may have gone stale: the case was closed or the
    /// placement ended in the meantime. Such a step is dropped, not tried.
    fn is_stale(&self, step: &Step) -> bool {
        let case = match step {
            Step::Report { .. } => return false,
            Step::SafetyAssess { case, .. }
            | Step::PreAssess { case, .. }
            | Step::InformReporter { case, .. }
            | Step::ExtendInvestigation { case, .. }
            | Step::CloseInvestigation { case, .. }
            | Step::Decide { case, .. }
            | Step::Start { case, .. }
            | Step::StartOnRemoval { case }
            | Step::Review { case, .. }
            | Step::CustodyReview { case, .. }
            | Step::End { case, .. }
            | Step::Refer { case, .. }
            | Step::Apply { case, .. }
            | Step::LvuOrdered { case, .. }
            | Step::EndRemoval { case, .. }
            | Step::PlanFollowUp { case, .. }
            | Step::CompleteFollowUp { case, .. }
            | Step::Close { case, .. } => *case,
        };
        let st = &self.cases[case].state;
        if st.is_closed() {
            return true;
        }
        match step {
            Step::Review { intervention, .. } | Step::CustodyReview { intervention, .. } => st
                .intervention(*intervention)
                .is_none_or(|i| !i.is_active()),
            Step::Close { .. } => {
                st.phase() == Phase::Investigating
                    || st.phase() == Phase::Intervening
                    || st.phase() == Phase::Received
                    || st.follow_ups.iter().any(|f| f.completed_on.is_none())
            }
            _ => false,
        }
    }

    fn run(&mut self, day: Date, step: Step) {
        if self.is_stale(&step) {
            return;
        }
        match step {
            Step::Report { children } => self.report(day, children),
            Step::SafetyAssess { case, report } => {
                let by = self.caseworker(case);
                let needed = self.rng.random_bool(0.002);
                let notes = if needed {
                    "Barnet bedöms vara i behov av omedelbart skydd."
                } else {
                    "Inget behov av omedelbart skydd framkommer."
                };
                if self
                    .record(
                        case,
                        day,
                        by,
                        CaseCommand::AssessSafety {
                            report,
                            immediate_protection_needed: needed,
                            notes: notes.into(),
                        },
                    )
                    .is_some()
                {
                    if needed && self.cases[case].state.removals.is_empty() {
                        self.emergency_removal(case, day);
                    }
                    let d = pick_weighted(
                        &mut self.rng,
                        &[(3i64, 30), (8, 40), (13, 22), (17, 4), (24, 4)],
                    );
                    let days = self.rng.random_range((d - 3).max(0)..=d);
                    let step = Step::PreAssess { case, report };
                    if needed {
                        self.push(day, step);
                    } else {
                        self.push(add_days(day, days), step);
                    }
                }
            }
            Step::PreAssess { case, report } => self.pre_assess(day, case, report),
            Step::InformReporter { case, report } => {
                let by = self.caseworker(case);
                self.record(case, day, by, CaseCommand::InformReporter { report });
            }
            Step::ExtendInvestigation { case, inv, days } => {
                let by = self.caseworker(case);
                let current = self.cases[case].state.investigation(inv).map(|i| {
                    i.extended_to()
                        .unwrap_or_else(|| tillit_domain::deadline::investigation_due(i.opened_on))
                });
                if let Some(current) = current {
                    self.record(
                        case,
                        day,
                        by,
                        CaseCommand::ExtendInvestigation {
                            investigation: inv,
                            reason: "Väntar på utlåtande från BUP; särskilda skäl att förlänga."
                                .into(),
                            new_due: add_days(current, days),
                        },
                    );
                }
            }
            Step::CloseInvestigation { case, inv } => self.close_investigation(day, case, inv),
            Step::Decide { case, plan } => self.take_decision(day, case, plan),
            Step::Start {
                case,
                decision,
                kind,
            } => self.start(day, case, Some(decision), kind),
            Step::StartOnRemoval { case } => {
                self.start(day, case, None, InterventionKind::EmergencyFosterHome)
            }
            Step::Review { case, intervention } => {
                let by = self.caseworker(case);
                let kind = if self.cases[case].state.lvu_basis() == Some(LegalBasis::Lvu3) {
                    ReviewKind::Reconsideration
                } else {
                    ReviewKind::Consideration
                };
                if self
                    .record(
                        case,
                        day,
                        by,
                        CaseCommand::HoldReview {
                            intervention,
                            kind,
                            care_continues: true,
                            notes: "Vården behövs fortfarande; inriktningen kvarstår.".into(),
                        },
                    )
                    .is_some()
                {
                    let next = pick_weighted(&mut self.rng, &[(170i64, 85), (185, 10), (200, 5)]);
                    self.later(day, next - 12, next, Step::Review { case, intervention });
                }
            }
            Step::CustodyReview { case, intervention } => {
                let by = self.caseworker(case);
                if self
                    .record(
                        case,
                        day,
                        by,
                        CaseCommand::HoldReview {
                            intervention,
                            kind: ReviewKind::CustodyTransfer,
                            care_continues: true,
                            notes: "Skäl att ansöka om vårdnadsöverflyttning saknas i nuläget."
                                .into(),
                        },
                    )
                    .is_some()
                {
                    self.later(day, 330, 365, Step::CustodyReview { case, intervention });
                }
            }
            Step::End {
                case,
                intervention,
                reason,
            } => {
                let by = self.caseworker(case);
                if self
                    .record(
                        case,
                        day,
                        by,
                        CaseCommand::EndIntervention {
                            intervention,
                            reason,
                        },
                    )
                    .is_some()
                {
                    self.after_end(day, case);
                }
            }
            Step::Refer { case, removal } => {
                let by = self.caseworker(case);
                self.record(
                    case,
                    day,
                    by,
                    CaseCommand::ReferEmergencyRemoval { removal },
                );
            }
            Step::Apply { case, removal } => {
                let by = self.caseworker(case);
                if self
                    .record(
                        case,
                        day,
                        by,
                        CaseCommand::SubmitCareApplication { removal },
                    )
                    .is_some()
                {
                    let basis = self.cases[case]
                        .state
                        .removal(removal)
                        .map(|r| r.legal_basis)
                        .unwrap_or(LegalBasis::Lvu2);
                    let manager = self.manager(case);
                    let decision = self.next_id();
                    self.record(
                        case,
                        day,
                        manager,
                        CaseCommand::TakeDecision {
                            decision,
                            kind: DecisionKind::LvuApplication,
                            legal_basis: basis,
                            intervention_kind: None,
                            favourable: false,
                            decided_by: manager,
                            text: "Nämnden ansöker hos förvaltningsrätten om vård enligt LVU."
                                .into(),
                        },
                    );
                    self.later(day, 21, 40, Step::LvuOrdered { case, basis });
                }
            }
            Step::LvuOrdered { case, basis } => self.lvu_ordered(day, case, basis),
            Step::EndRemoval { case, removal } => {
                let by = self.caseworker(case);
                self.record(case, day, by, CaseCommand::EndEmergencyRemoval { removal });
            }
            Step::PlanFollowUp { case, days } => {
                let by = self.caseworker(case);
                let follow_up = self.next_id();
                if self
                    .record(
                        case,
                        day,
                        by,
                        CaseCommand::PlanFollowUp {
                            follow_up,
                            planned_on: add_days(day, days),
                        },
                    )
                    .is_some()
                {
                    self.later(
                        day,
                        days - 10,
                        days + 3,
                        Step::CompleteFollowUp { case, follow_up },
                    );
                } else {
                    self.push(
                        add_days(day, 2),
                        Step::Close {
                            case,
                            reason: ClosureReason::InterventionsCompleted,
                        },
                    );
                }
            }
            Step::CompleteFollowUp { case, follow_up } => {
                let by = self.caseworker(case);
                if self
                    .record(
                        case,
                        day,
                        by,
                        CaseCommand::CompleteFollowUp {
                            follow_up,
                            notes: "Barnets situation är stabil.".into(),
                        },
                    )
                    .is_some()
                {
                    self.later(
                        day,
                        0,
                        5,
                        Step::Close {
                            case,
                            reason: ClosureReason::InterventionsCompleted,
                        },
                    );
                }
            }
            Step::Close { case, reason } => {
                let by = self.caseworker(case);
                if self
                    .record(case, day, by, CaseCommand::CloseCase { reason })
                    .is_some()
                {
                    let child = self.cases[case].child;
                    if self.children[child].open_case == Some(case) {
                        self.children[child].open_case = None;
                    }
                }
            }
        }
    }

    fn manager(&mut self, case: usize) -> UserId {
        let unit = self.cases[case].state.unit.unwrap_or(self.intake);
        if self.rng.random_bool(0.6) {
            self.pick_user(unit, Role::UnitManager)
        } else {
            self.pick_user(unit, Role::TeamLead)
        }
    }

    fn report(&mut self, day: Date, children: Vec<usize>) {
        let kind = pick_weighted(
            &mut self.rng,
            &[
                (ReportKind::Report, 86),
                (ReportKind::Application, 8),
                (ReportKind::OtherInformation, 6),
            ],
        );
        let category = if kind == ReportKind::Application {
            ReporterCategory::SelfOrGuardian
        } else {
            pick_weighted(&mut self.rng, REPORTER_SHARES)
        };
        let anonymous = category == ReporterCategory::Anonymous;
        let wants_feedback = category.is_mandatory_reporter() && self.rng.random_bool(0.35);
        let n_concerns = pick_weighted(&mut self.rng, &[(1usize, 60), (2, 30), (3, 10)]);
        let concern_weights: &[(ConcernCategory, u32)] = &[
            (ConcernCategory::NeglectOfCare, 20),
            (ConcernCategory::BehaviourProblems, 12),
            (ConcernCategory::DomesticViolence, 10),
            (ConcernCategory::WitnessedViolence, 6),
            (ConcernCategory::ChildAbuse, 6),
            (ConcernCategory::ParentalSubstanceAbuse, 8),
            (ConcernCategory::OwnSubstanceAbuse, 5),
            (ConcernCategory::Crime, 9),
            (ConcernCategory::MentalHealth, 8),
            (ConcernCategory::SchoolAbsence, 7),
            (ConcernCategory::SexualAbuse, 2),
            (ConcernCategory::HonourViolence, 1),
            (ConcernCategory::Homelessness, 1),
            (ConcernCategory::ViolentExtremism, 1),
            (ConcernCategory::Fgm, 1),
            (ConcernCategory::Other, 3),
        ];
        let mut concerns = Vec::new();
        for _ in 0..n_concerns {
            let c = pick_weighted(&mut self.rng, concern_weights);
            if !concerns.contains(&c) {
                concerns.push(c);
            }
        }
        let hour = if is_working_day(day) {
            pick_weighted(
                &mut self.rng,
                &[(8i8, 20), (10, 30), (13, 30), (15, 15), (19, 5)],
            )
        } else {
            self.rng.random_range(0..24)
        };
        let received_at = DateTime::from_parts(day, Time::constant(hour, 0, 0, 0))
            .checked_add(self.rng.random_range(0i64..59).minutes())
            .unwrap_or(DateTime::from_parts(day, Time::midnight()));
        let report_id = self.next_id();
        let persons: Vec<PersonId> = children.iter().map(|&c| self.children[c].person).collect();
        self.stats.reports += children.len();
        let summary = match category {
            ReporterCategory::Police => "Polisen har varit på plats i hemmet efter larm.",
            ReporterCategory::School | ReporterCategory::Preschool => {
                "Skolan/förskolan uttrycker oro för barnets situation."
            }
            ReporterCategory::HealthCare => "Vården uttrycker oro efter besök.",
            ReporterCategory::SelfOrGuardian => "Vårdnadshavaren ansöker om stöd.",
            _ => "Oro för barnets situation.",
        };
        for (i, &child) in children.iter().enumerate() {
            let report = NewReport {
                report: if i == 0 { report_id } else { self.next_id() },
                kind,
                received_at,
                reporter: Reporter {
                    category,
                    anonymous,
                    name: (!anonymous).then(|| category.label().to_string()),
                    contact: (!anonymous).then(|| "Via telefon".to_string()),
                    wants_feedback,
                },
                concerns: concerns.clone(),
                siblings: persons
                    .iter()
                    .copied()
                    .filter(|p| *p != self.children[child].person)
                    .collect(),
                summary: summary.into(),
            };
            let report_item = report.report;
            let parallel = self.children[child].open_case.is_some()
                && self.edge.random_bool(PARALLEL_CASE_SHARE);
            let case = match self.children[child].open_case {
                Some(case) if !parallel => {
                    let by = self.caseworker(case);
                    if self
                        .record(case, day, by, CaseCommand::ReceiveReport(report))
                        .is_none()
                    {
                        continue;
                    }
                    case
                }
                _ => {
                    let case = self.cases.len();
                    let by = self.pick_user(self.intake, Role::Caseworker);
                    self.cases.push(SimCase {
                        id: CaseId::from_u128(self.rng.random()),
                        child,
                        state: CaseState::new(),
                        events: Vec::new(),
                    });
                    let cmd = CaseCommand::OpenCase {
                        child: self.children[child].person,
                        unit: self.intake,
                        caseworker: Some(by),
                        report,
                    };
                    if self.record(case, day, by, cmd).is_none() {
                        self.cases.pop();
                        continue;
                    }
                    // A parallel case runs beside the open one; later
                    // reports still go to the case opened first.
                    if self.children[child].open_case.is_none() {
                        self.children[child].open_case = Some(case);
                    }
                    case
                }
            };
            // Safety assessment: the same day, at times the next working day.
            let due = tillit_domain::deadline::safety_assessment_due(received_at);
            let on = if self.rng.random_bool(0.93) {
                due
            } else {
                next_working_day_on_or_after(add_days(due, 1))
            };
            self.push(
                on,
                Step::SafetyAssess {
                    case,
                    report: report_item,
                },
            );
        }
    }

    fn pre_assess(&mut self, day: Date, case: usize, report: ItemId) {
        let st = &self.cases[case].state;
        if st.report(report).is_none_or(|r| r.pre_assessment_settled()) {
            return;
        }
        let needs_protection = st
            .report(report)
            .and_then(|r| r.immediate_protection_needed)
            == Some(true);
        let violence = st
            .report(report)
            .is_some_and(|r| r.concerns.iter().any(|c| c.is_violence_against_child()));
        let investigation_open = st.open_investigation().is_some();
        let p_open = if needs_protection {
            1.0
        } else if violence {
            0.75
        } else {
            0.33
        };
        let open = !investigation_open && self.rng.random_bool(p_open);
        let by = self.caseworker(case);
        let inv = self.next_id();
        let cmd = CaseCommand::DecidePreAssessment {
            report,
            outcome: if open {
                PreAssessmentOutcome::OpenInvestigation
            } else {
                PreAssessmentOutcome::NoInvestigation
            },
            reasoning: if open {
                "Oron är sådan att en utredning behöver inledas.".into()
            } else {
                "Oron bedöms inte kräva utredning; familjen har fått information om stöd.".into()
            },
            investigation: open.then_some(inv),
        };
        if self.record(case, day, by, cmd).is_none() {
            return;
        }
        let st = &self.cases[case].state;
        if st
            .report(report)
            .is_some_and(|r| r.reporter.wants_feedback && !r.reporter.anonymous)
            && self.rng.random_bool(0.9)
        {
            self.later(day, 0, 2, Step::InformReporter { case, report });
        }
        if open {
            // Hand the investigation to the children's or youth unit.
            let age = self.children[self.cases[case].child].identity.age_on(day);
            let unit = if age >= 13 {
                self.youth
            } else {
                self.children_unit
            };
            let worker = self.pick_user(unit, Role::Caseworker);
            let lead = self.pick_user(unit, Role::TeamLead);
            if self.cases[case].state.caseworker != Some(worker) {
                self.record(
                    case,
                    day,
                    lead,
                    CaseCommand::Assign {
                        caseworker: Some(worker),
                        unit,
                    },
                );
            }
            // Investigation time: log-normal, median 100 days.
            let days = lognormal(&mut self.rng, 100.0, 0.16)
                .round()
                .clamp(20.0, 260.0) as i64;
            let opened = day;
            let due = tillit_domain::deadline::investigation_due(opened);
            let end = add_days(opened, days);
            if end > due && self.rng.random_bool(0.7) {
                let mut extend_on = add_days(due, -self.rng.random_range(3..20));
                let extra = (end - due).get_days() as i64 + self.rng.random_range(3..20);
                // Now and then the extension is decided only after the four
                // months have run out (but before the investigation closes).
                let slack = (end - due).get_days() as i64 - 1;
                if slack >= 1 && self.edge.random_bool(LATE_EXTENSION_SHARE) {
                    extend_on = add_days(due, self.edge.random_range(1..=slack.min(20)));
                }
                self.push(
                    extend_on.max(opened),
                    Step::ExtendInvestigation {
                        case,
                        inv,
                        days: extra,
                    },
                );
            }
            self.push(end, Step::CloseInvestigation { case, inv });
        } else if matches!(
            self.cases[case].state.phase(),
            Phase::Assessed | Phase::InterventionEnded
        ) {
            self.later(
                day,
                3,
                6,
                Step::Close {
                    case,
                    reason: ClosureReason::NoInvestigation,
                },
            );
        }
    }

    fn close_investigation(&mut self, day: Date, case: usize, inv: ItemId) {
        let gender = self.children[self.cases[case].child].identity.gender();
        let age = self.children[self.cases[case].child].identity.age_on(day);
        // Boys are placed somewhat more often (55 % of children in care);
        // the placement weights give about 40 children in care at a time.
        let placement_weight = if gender == Gender::Male { 20 } else { 17 };
        let plan = pick_weighted(
            &mut self.rng,
            &[
                (0u8, 208),            // no measure
                (1, 120),              // öppenvård
                (2, 24),               // kontaktperson
                (3, placement_weight), // placement
                (4, 4),                // LVU
            ],
        );
        let plan = match plan {
            0 => Plan::NoMeasure,
            1 => Plan::Intervention(InterventionKind::CommunityCare, self.rng.random_bool(0.55)),
            2 => Plan::Intervention(InterventionKind::ContactPerson, true),
            3 => {
                let kind = if age >= 16 {
                    pick_weighted(
                        &mut self.rng,
                        &[
                            (InterventionKind::SupportedHousing, 35),
                            (InterventionKind::Hvb, 40),
                            (InterventionKind::FosterHome, 25),
                        ],
                    )
                } else {
                    pick_weighted(
                        &mut self.rng,
                        &[
                            (InterventionKind::FosterHome, 55),
                            (InterventionKind::NetworkHome, 15),
                            (InterventionKind::EmergencyFosterHome, 10),
                            (InterventionKind::Hvb, 20),
                        ],
                    )
                };
                Plan::Intervention(kind, self.rng.random_bool(0.6))
            }
            _ => Plan::LvuApplication(age >= 13 && self.rng.random_bool(0.6)),
        };
        let outcome = match plan {
            Plan::NoMeasure => InvestigationOutcome::NoMeasure,
            Plan::Intervention(..) => InvestigationOutcome::Intervention,
            Plan::LvuApplication(_) => InvestigationOutcome::LvuApplication,
        };
        let by = self.caseworker(case);
        if self
            .record(
                case,
                day,
                by,
                CaseCommand::CloseInvestigation {
                    investigation: inv,
                    outcome,
                },
            )
            .is_none()
        {
            return;
        }
        match plan {
            Plan::NoMeasure => {
                if self.rng.random_bool(0.12) {
                    let days = self.rng.random_range(60..170);
                    self.later(day, 0, 5, Step::PlanFollowUp { case, days });
                } else {
                    self.later(
                        day,
                        0,
                        4,
                        Step::Close {
                            case,
                            reason: ClosureReason::InvestigationWithoutMeasure,
                        },
                    );
                }
            }
            _ => self.later(day, 0, 3, Step::Decide { case, plan }),
        }
    }

    fn take_decision(&mut self, day: Date, case: usize, plan: Plan) {
        let manager = self.manager(case);
        let decision = self.next_id();
        match plan {
            Plan::Intervention(kind, own) => {
                let ok = self
                    .record(
                        case,
                        day,
                        manager,
                        CaseCommand::TakeDecision {
                            decision,
                            kind: DecisionKind::Intervention,
                            legal_basis: LegalBasis::SolAssistance,
                            intervention_kind: Some(kind),
                            favourable: true,
                            decided_by: manager,
                            text: format!(
                                "Bistånd i form av {} beviljas.",
                                kind.label().to_lowercase()
                            ),
                        },
                    )
                    .is_some();
                if ok {
                    // Most start within a month; a few wait past three months.
                    let wait = if self.rng.random_bool(0.03) {
                        self.rng.random_range(95..130)
                    } else {
                        self.rng.random_range(0..30)
                    };
                    let _ = own;
                    self.push(
                        add_days(day, wait),
                        Step::Start {
                            case,
                            decision,
                            kind,
                        },
                    );
                }
            }
            Plan::LvuApplication(lvu3) => {
                let basis = if lvu3 {
                    LegalBasis::Lvu3
                } else {
                    LegalBasis::Lvu2
                };
                if self
                    .record(
                        case,
                        day,
                        manager,
                        CaseCommand::TakeDecision {
                            decision,
                            kind: DecisionKind::LvuApplication,
                            legal_basis: basis,
                            intervention_kind: None,
                            favourable: false,
                            decided_by: manager,
                            text: "Nämnden ansöker hos förvaltningsrätten om vård enligt LVU."
                                .into(),
                        },
                    )
                    .is_some()
                {
                    self.later(day, 21, 45, Step::LvuOrdered { case, basis });
                }
            }
            Plan::NoMeasure => {}
        }
    }

    fn lvu_ordered(&mut self, day: Date, case: usize, basis: LegalBasis) {
        let manager = self.manager(case);
        let ordered = self.next_id();
        if self
            .record(
                case,
                day,
                manager,
                CaseCommand::TakeDecision {
                    decision: ordered,
                    kind: DecisionKind::LvuCareOrdered,
                    legal_basis: basis,
                    intervention_kind: None,
                    favourable: false,
                    decided_by: manager,
                    text: "Förvaltningsrättens dom om vård enligt LVU har vunnit laga kraft."
                        .into(),
                },
            )
            .is_none()
        {
            return;
        }
        // An emergency removal ends when care under LVU begins; the jourhem
        // placement gives way to the planned placement.
        let active_removal = self.cases[case]
            .state
            .removals
            .iter()
            .find(|r| r.ended_on.is_none())
            .map(|r| r.id);
        if let Some(removal) = active_removal {
            self.push(day, Step::EndRemoval { case, removal });
            let jourhem: Vec<ItemId> = self.cases[case]
                .state
                .active_interventions()
                .filter(|i| i.decision.is_none())
                .map(|i| i.id)
                .collect();
            for intervention in jourhem {
                self.push(
                    add_days(day, 1),
                    Step::End {
                        case,
                        intervention,
                        reason: InterventionEndReason::MovedToOtherCare,
                    },
                );
            }
        }
        let kind = if basis == LegalBasis::Lvu3 {
            pick_weighted(
                &mut self.rng,
                &[
                    (InterventionKind::SecureUnit, 50),
                    (InterventionKind::Hvb, 50),
                ],
            )
        } else {
            pick_weighted(
                &mut self.rng,
                &[
                    (InterventionKind::FosterHome, 70),
                    (InterventionKind::Hvb, 30),
                ],
            )
        };
        let decision = self.next_id();
        if self
            .record(
                case,
                day,
                manager,
                CaseCommand::TakeDecision {
                    decision,
                    kind: DecisionKind::Intervention,
                    legal_basis: basis,
                    intervention_kind: Some(kind),
                    favourable: true,
                    decided_by: manager,
                    text: format!(
                        "Den unge placeras i {} med stöd av LVU.",
                        kind.label().to_lowercase()
                    ),
                },
            )
            .is_some()
        {
            self.later(
                day,
                1,
                4,
                Step::Start {
                    case,
                    decision,
                    kind,
                },
            );
        }
    }

    fn emergency_removal(&mut self, case: usize, day: Date) {
        let manager = self.manager(case);
        let removal = self.next_id();
        let age = self.children[self.cases[case].child].identity.age_on(day);
        let basis = if age >= 15 && self.rng.random_bool(0.5) {
            LegalBasis::Lvu3
        } else {
            LegalBasis::Lvu2
        };
        if self
            .record(
                case,
                day,
                manager,
                CaseCommand::DecideEmergencyRemoval {
                    removal,
                    legal_basis: basis,
                    decided_by: manager,
                    executed_on: day,
                },
            )
            .is_none()
        {
            return;
        }
        self.push(day, Step::StartOnRemoval { case });
        self.later(day, 1, 6, Step::Refer { case, removal });
        self.later(day, 10, 26, Step::Apply { case, removal });
    }

    fn start(&mut self, day: Date, case: usize, decision: Option<ItemId>, kind: InterventionKind) {
        let intervention = self.next_id();
        let bought = match kind {
            InterventionKind::Hvb | InterventionKind::SecureUnit => true,
            InterventionKind::CommunityCare => self.rng.random_bool(0.3),
            InterventionKind::FosterHome => self.rng.random_bool(0.35),
            _ => false,
        };
        let price: Option<i64> = match kind {
            InterventionKind::Hvb => Some(self.rng.random_range(3_500..7_500) * 100),
            InterventionKind::SecureUnit => Some(self.rng.random_range(5_000..8_000) * 100),
            InterventionKind::FosterHome | InterventionKind::NetworkHome => Some(
                if bought {
                    self.rng.random_range(1_800..3_200)
                } else {
                    self.rng.random_range(700..1_100)
                } * 100,
            ),
            InterventionKind::EmergencyFosterHome => {
                Some(self.rng.random_range(1_200..1_800) * 100)
            }
            InterventionKind::SupportedHousing => Some(self.rng.random_range(1_500..2_800) * 100),
            _ => None,
        };
        let provider_name = if bought {
            format!(
                "{} AB",
                names::FAMILY.choose(&mut self.rng).unwrap_or(&"Vård")
            )
        } else {
            "Egen regi".to_string()
        };
        let by = self.caseworker(case);
        if self
            .record(
                case,
                day,
                by,
                CaseCommand::StartIntervention {
                    intervention,
                    decision,
                    kind,
                    provider: if bought {
                        ProviderKind::Bought
                    } else {
                        ProviderKind::Own
                    },
                    provider_name,
                    price_per_day: price,
                },
            )
            .is_none()
        {
            return;
        }
        if kind.is_placement() {
            if decision.is_some() {
                let next = self.rng.random_range(150..=178);
                self.push(add_days(day, next), Step::Review { case, intervention });
                if kind.is_family_home() {
                    self.later(day, 700, 728, Step::CustodyReview { case, intervention });
                }
            }
            if decision.is_none() {
                return; // ends when care under LVU begins
            }
        }
        let (median, sigma) = match kind {
            InterventionKind::CommunityCare => (200.0, 0.4),
            InterventionKind::ContactPerson => (330.0, 0.4),
            InterventionKind::QualifiedContactPerson => (250.0, 0.4),
            InterventionKind::FosterHome | InterventionKind::NetworkHome => (330.0, 0.5),
            InterventionKind::EmergencyFosterHome => (70.0, 0.3),
            InterventionKind::Hvb | InterventionKind::SecureUnit => (150.0, 0.5),
            InterventionKind::SupportedHousing => (300.0, 0.4),
        };
        let days = lognormal(&mut self.rng, median, sigma)
            .round()
            .clamp(14.0, 2500.0) as i64;
        let reason = if kind.is_placement() && self.rng.random_bool(0.1) {
            InterventionEndReason::Breakdown
        } else if self.rng.random_bool(0.8) {
            InterventionEndReason::GoalsMet
        } else {
            InterventionEndReason::ClientDeclined
        };
        self.push(
            add_days(day, days),
            Step::End {
                case,
                intervention,
                reason,
            },
        );
    }

    fn after_end(&mut self, day: Date, case: usize) {
        let st = &self.cases[case].state;
        if st.active_interventions().next().is_some()
            || st.removals.iter().any(|r| r.ended_on.is_none())
        {
            return;
        }
        let was_placed = st
            .interventions
            .iter()
            .any(|i| i.kind.is_placement() && i.ended.is_some_and(|(d, _)| d == day));
        if was_placed && self.rng.random_bool(0.3) {
            let days = self.rng.random_range(60..170);
            self.later(day, 0, 5, Step::PlanFollowUp { case, days });
        } else {
            self.later(
                day,
                0,
                10,
                Step::Close {
                    case,
                    reason: ClosureReason::InterventionsCompleted,
                },
            );
        }
    }
}
