//! Economic assistance in the demo: a unit of its own ("Ekonomiskt
//! bistånd", kind `ekonomiskt_bistand`) with four staff, and a caseload of
//! households over the demo's years with the distributions the seeds show
//! (seed 001: average support time about 6 months a year, a third of the
//! households long-term, one in six 18-24 years old with shorter times,
//! about 8 000-11 000 kr per household and month; seed 003: 119-142
//! households a month in a small municipality). Every entry is written
//! through the domain's `decide`.
//!
//! The riksnorm of a month is the shipped table's where Tillit has the
//! year; for the other years the demo records the norm as computed by hand
//! (the application's `norm` is empty), from the 2021 table raised by an
//! approximate yearly index ([`HAND_INDEX`]): plausible amounts, not the
//! published ones.

use crate::DemoData;
use jiff::civil::Date;
use jiff::{Timestamp, tz::TimeZone};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashSet;
use tillit_domain::assistance::decision::{
    Hinder, Income, IncomeKind, ItemDecision, Need, NeedKind, Outcome,
};
use tillit_domain::assistance::money::{Kronor, YearMonth};
use tillit_domain::assistance::norm::{NormHousehold, norm, norm_for_month, table_for};
use tillit_domain::catalog::Gender;
use tillit_domain::identity::IdentityNumber;
use tillit_domain::person::Person;
use tillit_domain::register::assistance::{
    AssistanceEntry, Household, Member, MemberRole, PersonIncome, RecoveryGround, UNIT_KIND,
};
use tillit_domain::register::{Register, Writer, Written, decide};
use tillit_domain::role::Role;
use tillit_domain::{PersonId, RecordId, UnitId, UserId};

/// The unit's name.
pub const UNIT_NAME: &str = "Ekonomiskt bistånd";

/// The unit's staff: (username, name, role).
pub const STAFF: [(&str, &str, Role); 4] = [
    ("amira", "Amira Haddad", Role::Caseworker),
    ("oskar", "Oskar Lindgren", Role::Caseworker),
    ("nora", "Nora Blom", Role::TeamLead),
    ("gustav", "Gustav Ek", Role::UnitManager),
];

/// The 2021 norm raised by this factor in years Tillit has no table for
/// (approximately the government's yearly raises).
pub const HAND_INDEX: [(i16, f64); 6] = [
    (2022, 1.023),
    (2023, 1.111),
    (2024, 1.208),
    (2025, 1.238),
    (2026, 1.262),
    (2027, 1.290),
];

/// The demo's households: the unit and staff ids it expects, the persons
/// and the records (entries in order).
#[derive(Clone, Debug)]
pub struct DemoAssistance {
    pub unit: UnitId,
    /// (id, username, name, role)
    pub staff: Vec<(UserId, &'static str, &'static str, Role)>,
    pub persons: Vec<Person>,
    pub records: Vec<DemoRecord>,
}

/// A household's record: its id and its entries in order.
pub type DemoRecord = (RecordId, Vec<Written<AssistanceEntry>>);

struct Builder {
    state: Household,
    entries: Vec<Written<AssistanceEntry>>,
}

impl Builder {
    fn write(&mut self, entry: AssistanceEntry, user: UserId, on: Date) -> bool {
        let at = on
            .at(10, 0, 0, 0)
            .to_zoned(TimeZone::UTC)
            .map(|z| z.timestamp())
            .unwrap_or(Timestamp::UNIX_EPOCH);
        let w = Writer {
            user,
            handles: true,
        };
        match decide::<Household>(&self.state, &entry, w, on, at) {
            Ok((next, written)) => {
                self.state = next;
                self.entries.push(written);
                true
            }
            Err(_) => false,
        }
    }
}

/// A pool of test personnummer not used by the rest of the demo, by birth
/// year.
struct Pool {
    by_year: std::collections::BTreeMap<i16, Vec<IdentityNumber>>,
}

impl Pool {
    fn new(numbers: Vec<IdentityNumber>, used: &HashSet<String>) -> Pool {
        let mut by_year: std::collections::BTreeMap<i16, Vec<IdentityNumber>> = Default::default();
        for n in numbers {
            if !used.contains(&n.format_long()) {
                by_year.entry(n.birth_date().year()).or_default().push(n);
            }
        }
        Pool { by_year }
    }

    fn take(
        &mut self,
        rng: &mut ChaCha8Rng,
        born_from: i16,
        born_to: i16,
    ) -> Option<IdentityNumber> {
        let years: Vec<i16> = self
            .by_year
            .range(born_from..=born_to)
            .filter(|(_, v)| !v.is_empty())
            .map(|(y, _)| *y)
            .collect();
        if years.is_empty() {
            return None;
        }
        let y = years[rng.random_range(0..years.len())];
        let v = self.by_year.get_mut(&y)?;
        let i = rng.random_range(0..v.len());
        Some(v.swap_remove(i))
    }
}

const GIVEN_F: [&str; 10] = [
    "Amina", "Sara", "Linnea", "Fatima", "Elin", "Maja", "Noor", "Ida", "Hanna", "Leila",
];
const GIVEN_M: [&str; 10] = [
    "Ahmed", "Johan", "Mikael", "Omar", "Viktor", "Ali", "Daniel", "Emil", "Yusuf", "Anton",
];
const FAMILY: [&str; 12] = [
    "Testsson",
    "Provare",
    "Exempelsson",
    "Demoberg",
    "Fiktivsson",
    "Påhittad",
    "Provström",
    "Testlund",
    "Övningsson",
    "Låtsasdotter",
    "Modellberg",
    "Mallsson",
];

fn person(rng: &mut ChaCha8Rng, n: IdentityNumber, family: &str) -> Person {
    let gender = n.gender();
    let given = match gender {
        Gender::Female => GIVEN_F[rng.random_range(0..GIVEN_F.len())],
        _ => GIVEN_M[rng.random_range(0..GIVEN_M.len())],
    };
    Person {
        id: PersonId::new_random_from(rng),
        identity_number: Some(n.format_long()),
        given_name: given.into(),
        family_name: family.into(),
        gender,
        birth_date: Some(n.birth_date()),
        protected: false,
        address: None,
    }
}

trait FromRng {
    fn new_random_from(rng: &mut ChaCha8Rng) -> Self;
}

impl FromRng for PersonId {
    fn new_random_from(rng: &mut ChaCha8Rng) -> Self {
        PersonId::from_u128(rng.random::<u128>())
    }
}

/// The norm of `h` in `m`: the table's, or by hand from 2021's.
fn month_norm(h: &Household, m: YearMonth) -> (Kronor, bool) {
    let nh: NormHousehold = h.norm_household(m, &[]);
    if let Ok(n) = norm_for_month(m, &nh) {
        return (n.total, true);
    }
    let base = table_for(2021)
        .and_then(|t| norm(t, &nh).ok())
        .map_or(5_000, |n| n.total.0);
    let factor = HAND_INDEX
        .iter()
        .find(|(y, _)| *y == m.year)
        .map_or(1.0, |(_, f)| *f);
    (
        Kronor(((base as f64 * factor) / 10.0).round() as i64 * 10),
        false,
    )
}

/// Generate the demo's economic assistance for `data` (the unit and staff
/// come after `data`'s): households from five years before `data.end` to
/// its month, about 125 a month.
pub fn generate(data: &DemoData, seed: u64) -> DemoAssistance {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xEB_0000_0001);
    let unit = UnitId(data.units.iter().map(|u| u.id.0).max().unwrap_or(0) + 1);
    let first_user = data.users.iter().map(|u| u.id.0).max().unwrap_or(0) + 1;
    let staff: Vec<(UserId, &'static str, &'static str, Role)> = STAFF
        .iter()
        .enumerate()
        .map(|(i, (u, n, r))| (UserId(first_user + i as i64), *u, *n, *r))
        .collect();
    let caseworkers: Vec<UserId> = staff
        .iter()
        .filter(|s| s.3 == Role::Caseworker)
        .map(|s| s.0)
        .collect();
    let used: HashSet<String> = data
        .persons
        .iter()
        .filter_map(|p| p.identity_number.clone())
        .collect();
    let mut pool = Pool::new(crate::test_personnummer(), &used);
    let end = YearMonth::of(data.end);
    let start = end.plus(-(12 * 5 - 1));
    let mut persons = Vec::new();
    let mut records = Vec::new();
    // New households per month so that about 125 have assistance each
    // month with an average spell of six months.
    let mut families = 0usize;
    for offset in -36..=start.months_until(end) {
        let month = start.plus(offset);
        let starts = if offset < 0 {
            8
        } else {
            rng.random_range(12..=18)
        };
        for _ in 0..starts {
            families += 1;
            let family = FAMILY[families % FAMILY.len()];
            if let Some((ps, rec)) = household(
                &mut rng,
                &mut pool,
                family,
                unit,
                &caseworkers,
                month,
                end,
                data.end,
            ) {
                persons.extend(ps);
                records.push(rec);
            }
        }
    }
    DemoAssistance {
        unit,
        staff,
        persons,
        records,
    }
}

#[allow(clippy::too_many_arguments)]
fn household(
    rng: &mut ChaCha8Rng,
    pool: &mut Pool,
    family: &str,
    unit: UnitId,
    caseworkers: &[UserId],
    first: YearMonth,
    end: YearMonth,
    today: Date,
) -> Option<(Vec<Person>, DemoRecord)> {
    let by = caseworkers[rng.random_range(0..caseworkers.len())];
    let year = first.year;
    // One household in six is 18-24; shorter spells for them.
    let young = rng.random_bool(0.17);
    let (born_from, born_to) = if young {
        (year - 24, year - 19)
    } else {
        (year - 64, year - 25)
    };
    let applicant_no = pool.take(rng, born_from, born_to)?;
    let applicant = person(rng, applicant_no, family);
    let mut ps = vec![applicant.clone()];
    let r: f64 = rng.random();
    let (partner, kids) = if young {
        (false, usize::from(r < 0.12))
    } else if r < 0.45 {
        (false, 0)
    } else if r < 0.66 {
        (false, rng.random_range(1..=3))
    } else if r < 0.71 {
        (true, 0)
    } else if r < 0.82 {
        (true, rng.random_range(1..=4))
    } else {
        (false, 0)
    };
    let on = first.first_day().max(first.first_day());
    let mut b = Builder {
        state: Household::default(),
        entries: Vec::new(),
    };
    let member = |p: &Person, role: MemberRole| Member {
        person: p.id,
        role,
        birth_date: p.birth_date.unwrap_or(on),
        gender: p.gender,
        from: first,
    };
    if !b.write(
        AssistanceEntry::Opened {
            unit,
            applicant: member(&applicant, MemberRole::Applicant),
        },
        by,
        on,
    ) {
        return None;
    }
    let mut partner_id = None;
    if partner && let Some(n) = pool.take(rng, born_from, born_to) {
        let p = person(rng, n, family);
        if b.write(
            AssistanceEntry::Joined {
                member: member(&p, MemberRole::Partner),
            },
            by,
            on,
        ) {
            partner_id = Some(p.id);
            ps.push(p);
        }
    }
    for _ in 0..kids {
        if let Some(n) = pool.take(rng, year - 16, year - 1) {
            let c = person(rng, n, family);
            if b.write(
                AssistanceEntry::Joined {
                    member: member(&c, MemberRole::Child),
                },
                by,
                on,
            ) {
                ps.push(c);
            }
        }
    }
    // The spell: short, medium or long (a third of households long-term).
    let s: f64 = rng.random();
    let months = if young {
        if s < 0.55 {
            rng.random_range(1..=3)
        } else if s < 0.9 {
            rng.random_range(4..=9)
        } else {
            rng.random_range(10..=18)
        }
    } else if s < 0.40 {
        rng.random_range(1..=3)
    } else if s < 0.62 {
        rng.random_range(4..=9)
    } else {
        rng.random_range(12..=48)
    };
    let hinder_a = pick_hinder(rng);
    let hinder_p = pick_hinder(rng);
    let rent = 4_800 + 900 * i64::try_from(ps.len()).unwrap_or(1) + rng.random_range(-600..=1_400);
    let temporary = rng.random_bool(0.03);
    let mut planned = false;
    for k in 0..months {
        let m = first.plus(k);
        if m > end {
            break;
        }
        let received = m
            .first_day()
            .checked_sub(jiff::Span::new().days(rng.random_range(2..=12)))
            .unwrap_or(m.first_day());
        if received > today {
            break;
        }
        let (norm_amount, computed) = month_norm(&b.state, m);
        let mut needs = vec![Need {
            kind: NeedKind::Norm,
            amount: norm_amount,
            note: if computed {
                String::new()
            } else {
                "Beräknad för hand".into()
            },
        }];
        if temporary && k < 3 {
            needs.push(Need {
                kind: NeedKind::TemporaryHousing,
                amount: Kronor(rng.random_range(6_000..=14_000)),
                note: "Vandrarhem".into(),
            });
        } else {
            needs.push(Need {
                kind: NeedKind::Housing,
                amount: Kronor(rent),
                note: String::new(),
            });
            needs.push(Need {
                kind: NeedKind::Electricity,
                amount: Kronor(rng.random_range(250..=600)),
                note: String::new(),
            });
        }
        let children_now = b.state.children_in(m).len();
        if children_now > 0 && rng.random_bool(0.12) {
            needs.push(Need {
                kind: NeedKind::ChildLeisure,
                amount: Kronor(rng.random_range(300..=900)),
                note: "Terminsavgift".into(),
            });
        }
        if rng.random_bool(0.06) {
            needs.push(Need {
                kind: NeedKind::Dental,
                amount: Kronor(rng.random_range(800..=4_000)),
                note: String::new(),
            });
        }
        let mut incomes = Vec::new();
        if children_now > 0 {
            incomes.push(PersonIncome {
                person: applicant.id,
                income: Income {
                    kind: IncomeKind::ChildAllowance,
                    amount: Kronor(1_250 * i64::try_from(children_now).unwrap_or(1)),
                },
            });
        }
        if rng.random_bool(0.25) {
            incomes.push(PersonIncome {
                person: applicant.id,
                income: Income {
                    kind: IncomeKind::Unemployment,
                    amount: Kronor(rng.random_range(1_000..=6_000)),
                },
            });
        }
        let mut hinder = vec![(applicant.id, hinder_a)];
        if let Some(p) = partner_id {
            hinder.push((p, hinder_p));
        }
        if !b.write(
            AssistanceEntry::Applied {
                month: m,
                received_on: received,
                needs: needs.clone(),
                norm: computed.then_some(norm_amount),
                incomes,
                assets: Vec::new(),
                hinder,
                lunch_at_preschool: Vec::new(),
            },
            by,
            received,
        ) {
            break;
        }
        // The newest applications wait for a decision.
        let decided_on = received
            .checked_add(jiff::Span::new().days(rng.random_range(1..=12)))
            .unwrap_or(received);
        if decided_on > today {
            break;
        }
        let items: Vec<ItemDecision> = needs
            .iter()
            .map(|n| {
                let o: f64 = rng.random();
                if n.kind == NeedKind::Housing && o < 0.08 {
                    let granted = Kronor((n.amount.0 * 85 / 100).max(1));
                    ItemDecision {
                        kind: n.kind,
                        applied: n.amount,
                        outcome: Outcome::PartlyGranted,
                        granted,
                        reason: "Hyran är högre än kommunens riktlinje för hushållets storlek."
                            .into(),
                    }
                } else if n.kind == NeedKind::Dental && o < 0.3 {
                    ItemDecision {
                        kind: n.kind,
                        applied: n.amount,
                        outcome: Outcome::Refused,
                        granted: Kronor::ZERO,
                        reason: "Behandlingen är inte akut.".into(),
                    }
                } else {
                    ItemDecision {
                        kind: n.kind,
                        applied: n.amount,
                        outcome: Outcome::Granted,
                        granted: n.amount,
                        reason: String::new(),
                    }
                }
            })
            .collect();
        let all_granted = items.iter().all(|i| i.outcome == Outcome::Granted);
        if !b.write(
            AssistanceEntry::Decided {
                month: m,
                items,
                special_rule: false,
                reasoning: if all_granted {
                    String::new()
                } else {
                    "Se skälen per behov.".into()
                },
                delegate: "Delegationsordning 3.1, socialsekreterare".into(),
            },
            by,
            decided_on,
        ) {
            break;
        }
        let payable = b
            .state
            .applications
            .get(&m)
            .and_then(|a| a.decision.as_ref())
            .map_or(0, |d| d.sum.payable.0);
        if payable > 0 {
            b.write(
                AssistanceEntry::Paid {
                    month: m,
                    amount: payable,
                    paid_on: decided_on,
                    to: "Sökande".into(),
                    corrects: None,
                    note: String::new(),
                },
                by,
                decided_on,
            );
        }
        if k == 3 && !planned {
            let follow = decided_on
                .checked_add(jiff::Span::new().days(rng.random_range(20..=75)))
                .unwrap_or(decided_on);
            planned = b.write(
                AssistanceEntry::Planned { plan: "Inskrivning på Arbetsförmedlingen och SFI; uppföljning av aktivitetsplanen.".into(), follow_up_on: follow },
                by,
                decided_on,
            );
            if planned && follow < today && rng.random_bool(0.8) {
                b.write(
                    AssistanceEntry::FollowedUp {
                        on: follow,
                        note: "Aktiviteterna pågår enligt planen.".into(),
                    },
                    by,
                    follow,
                );
            }
        }
    }
    // Recovery now and then, and the ended spells closed.
    let paid: i64 = b.state.applications.values().map(|a| a.paid()).sum();
    let last = b
        .state
        .applications
        .values()
        .next_back()
        .map(|a| a.received_on);
    if paid > 5_000
        && rng.random_bool(0.02)
        && let Some(d) = last
    {
        let on = d
            .checked_add(jiff::Span::new().days(20))
            .unwrap_or(d)
            .min(today);
        b.write(
            AssistanceEntry::Recovery {
                amount: Kronor(rng.random_range(1_000..=5_000)),
                ground: RecoveryGround::WrongInformation,
                reason: "Inkomst som inte uppgavs i ansökan.".into(),
                decided_on: on,
            },
            by,
            on,
        );
    }
    let ended = first.plus(months) <= end;
    if ended && let Some(d) = last {
        let on = d
            .checked_add(jiff::Span::new().days(45))
            .unwrap_or(d)
            .min(today);
        b.write(
            AssistanceEntry::Closed {
                on,
                reason: "Egen försörjning eller flytt.".into(),
            },
            by,
            on,
        );
    }
    let _ = Household::head(&b.state)?;
    Some((ps, (RecordId::from_u128(rng.random::<u128>()), b.entries)))
}

fn pick_hinder(rng: &mut ChaCha8Rng) -> Hinder {
    let r: f64 = rng.random();
    match r {
        x if x < 0.22 => Hinder::UnemployedNoBenefit,
        x if x < 0.34 => Hinder::UnemployedInsufficient,
        x if x < 0.42 => Hinder::UnemployedWaiting,
        x if x < 0.50 => Hinder::UnemployedEstablishment,
        x if x < 0.60 => Hinder::SickCertified,
        x if x < 0.65 => Hinder::SicknessCompensation,
        x if x < 0.80 => Hinder::SocialReasons,
        x if x < 0.85 => Hinder::IllHealth,
        x if x < 0.89 => Hinder::ParentalLeave,
        x if x < 0.94 => Hinder::InsufficientWork,
        x if x < 0.97 => Hinder::Studying,
        _ => Hinder::Other,
    }
}

/// The unit's kind, for the loader.
pub const KIND: &str = UNIT_KIND;

#[cfg(test)]
mod tests {
    use super::*;
    use tillit_domain::register::fold;

    #[test]
    fn the_demo_caseload_looks_like_a_municipalitys() {
        let mut cfg = crate::DemoConfig::new(7, jiff::civil::date(2026, 12, 7));
        cfg.reports_per_year = 100;
        let data = crate::generate(&cfg, &mut |_, _| {});
        let demo = generate(&data, 0);
        assert_eq!(demo.staff.len(), 4);
        assert!(demo.records.len() > 500, "{}", demo.records.len());
        let states: Vec<Household> = demo
            .records
            .iter()
            .map(|(_, e)| fold::<Household>(e))
            .collect();
        let refs: Vec<&Household> = states.iter().collect();
        let ym = |y, m| YearMonth::new(y, m).unwrap();
        for year in 2022..=2025 {
            let f = tillit_followup_free::figures(&refs, ym(year, 1), ym(year, 12));
            let per_month = f.0 as f64 / 12.0;
            let support = f.0 as f64 / f.1 as f64;
            assert!(
                (80.0..=200.0).contains(&per_month),
                "{year}: {per_month} households a month"
            );
            assert!(
                (4.0..=8.5).contains(&support),
                "{year}: support time {support}"
            );
            let avg = f.2 as f64 / f.0 as f64;
            assert!(
                (7_000.0..=16_000.0).contains(&avg),
                "{year}: {avg} kr a month"
            );
        }
        // Persons unique by identity number and none of the rest of the demo's.
        let mut seen = HashSet::new();
        for p in &demo.persons {
            assert!(seen.insert(p.identity_number.clone().unwrap()));
        }
        assert!(
            data.persons
                .iter()
                .all(|p| !seen.contains(p.identity_number.as_ref().unwrap()))
        );
    }

    /// A small independent count (the follow-up crate does the real one):
    /// (assistance months, households, paid) of a period.
    mod tillit_followup_free {
        use super::*;
        pub fn figures(hs: &[&Household], from: YearMonth, to: YearMonth) -> (u32, u32, i64) {
            let (mut months, mut households, mut paid) = (0, 0, 0);
            for h in hs {
                let mut n = 0;
                for (m, a) in &h.applications {
                    if *m >= from && *m <= to && a.paid() > 0 {
                        n += 1;
                        paid += a.paid();
                    }
                }
                if n > 0 {
                    households += 1;
                    months += n;
                }
            }
            (months, households, paid)
        }
    }
}
