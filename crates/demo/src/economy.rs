//! The demo municipality's economy: five years of budget and monthly
//! outcome, consistent with its placements and staff.
//!
//! - **Structure.** One responsibility (ansvar) per unit (4110
//!   Mottagningen ... 4140 Familjehemsenheten), activities for the
//!   authority's work (4010), each placement type (4021 institution, 4022
//!   familjehem, 4023 stödboende, 4024 SiS) and open care (4030), two
//!   projects with grant financing.
//! - **Providers.** Every provider the placements name: the bought ones
//!   by the care they give (HVB, SiS, stödboende, konsulentstödda
//!   familjehem), three HVB with a contract price list (the placements'
//!   mean price, 4 % more from the last year), and the municipality's own
//!   family homes ("Egen regi") with a monthly fee and expense
//!   reimbursement rising 3 % a year.
//! - **Outcome**, per month up to the last whole month: salaries for the
//!   unit's staff (with social fees, vacancies and noise), premises,
//!   supplies and travel; bought care as the placements' care days at the
//!   price in force (`tillit_domain::economy::care`), invoiced with a small
//!   difference; own family homes' fees and reimbursements; the parents'
//!   fees as income; the projects. Written as one SIE 4 file a year (what
//!   the demo loader imports), the year before the last with an HVB invoice
//!   in March booked on the wrong responsibility, corrected by a CSV file
//!   for that March (the demo's import correction).
//! - **Budget**, per year: staff and premises as planned, care at last
//!   year's computed cost plus 3 %; one ombudgetering (the year before the
//!   last, in June: vacancies at Barnenheten finance more institutional
//!   care).
//! - A forecast at T1 of the current year by two unit managers, and an
//!   economist (`ebba`) who imports the ledger.

use crate::{DemoData, DemoUser};
use jiff::civil::{Date, date};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;
use tillit_domain::catalog::{InterventionKind, ProviderKind};
use tillit_domain::economy::budget::{BudgetKey, BudgetLine, Revision};
use tillit_domain::economy::care::{
    Catalogue, DailyPrice, MonthlyFee, Placement, Provider, ProviderCategory, cost_in_month,
    is_bought, placements_of_case,
};
use tillit_domain::economy::ledger::{LedgerKey, LedgerLine};
use tillit_domain::economy::sie::{SieHeader, write_period_balances};
use tillit_domain::economy::statement::ForecastPoint;
use tillit_domain::economy::structure::{Financing, FinancingKind};
use tillit_domain::economy::{
    Activity, Money, Month, PlacementType, Project, Responsibility, Structure, Validity,
};
use tillit_domain::role::Role;
use tillit_domain::{UnitId, UserId};

/// The demo's economist: imports the ledger, keeps the budget.
pub const ECONOMIST: (&str, &str) = ("ebba", "Ebba Lindberg");

/// A forecast the demo enters, by a user name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoForecast {
    pub username: &'static str,
    pub year: i16,
    pub point: ForecastPoint,
    pub responsibility: String,
    pub activity: String,
    pub project: String,
    pub amounts: [Money; 3],
    pub comment: String,
}

/// A budget as decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoBudget {
    pub year: i16,
    pub decided_on: Date,
    pub reason: String,
    pub lines: Vec<BudgetLine>,
}

/// The demo's economy.
#[derive(Clone, Debug)]
pub struct DemoEconomy {
    pub structure: Structure,
    pub catalogue: Catalogue,
    pub budgets: Vec<DemoBudget>,
    /// (year, revision): the ombudgetering.
    pub revisions: Vec<(i16, Revision)>,
    /// Ledger files in the order the economist imports them: (file name,
    /// bytes). One SIE 4 file a year, then the correction (CSV).
    pub ledger_files: Vec<(String, Vec<u8>)>,
    pub forecasts: Vec<DemoForecast>,
    /// Every outcome line as finally booked (after the correction), for
    /// the tests.
    pub outcome: Vec<LedgerLine>,
}

const FIRST_DAY: Date = date(2015, 1, 1);

fn responsibility_of(unit: UnitId) -> String {
    format!("41{}0", unit.0)
}

const ACT_AUTHORITY: &str = "4010";
const ACT_OPEN: &str = "4030";

fn activity_of(t: PlacementType) -> &'static str {
    match t {
        PlacementType::Institution => "4021",
        PlacementType::FamilyHome => "4022",
        PlacementType::Housing => "4023",
        PlacementType::Sis => "4024",
    }
}

/// The structure: responsibilities for the demo's units, activities,
/// projects.
pub fn structure(data: &DemoData, first_year: i16) -> Structure {
    let valid = Validity::from(FIRST_DAY);
    let responsibilities = data
        .units
        .iter()
        .filter(|u| u.id.0 <= 4)
        .map(|u| Responsibility {
            code: responsibility_of(u.id),
            name: u.name.clone(),
            unit: Some(u.id),
            valid,
        })
        .collect();
    let act = |code: &str, name: &str, t: Option<PlacementType>| Activity {
        code: code.into(),
        name: name.into(),
        placement_type: t,
        valid,
    };
    let activities = vec![
        act(ACT_AUTHORITY, "Myndighetsutövning barn och unga", None),
        act(
            "4021",
            "Institutionsvård barn och unga",
            Some(PlacementType::Institution),
        ),
        act(
            "4022",
            "Familjehemsvård barn och unga",
            Some(PlacementType::FamilyHome),
        ),
        act(
            "4023",
            "Stödboende barn och unga",
            Some(PlacementType::Housing),
        ),
        act(
            "4024",
            "Vård vid SiS särskilda ungdomshem",
            Some(PlacementType::Sis),
        ),
        act(ACT_OPEN, "Öppenvård barn och unga", None),
    ];
    let y1 = first_year + 1;
    let projects = vec![
        Project {
            code: "P-SKOLA".into(),
            name: "Tidiga insatser i skolan".into(),
            responsibility: Some("4110".into()),
            financing: (y1..=y1 + 2)
                .flat_map(|y| {
                    [
                        Financing {
                            kind: FinancingKind::StateGrant,
                            source: "Socialstyrelsen".into(),
                            year: y,
                            amount: Money::kronor(600_000),
                        },
                        Financing {
                            kind: FinancingKind::Own,
                            source: "Socialnämnden".into(),
                            year: y,
                            amount: Money::kronor(0),
                        },
                    ]
                })
                .filter(|f| !f.amount.is_zero())
                .collect(),
            valid: Validity {
                from: date(y1, 1, 1),
                to: Some(date(y1 + 2, 12, 31)),
            },
        },
        Project {
            code: "P-ARBETE".into(),
            name: "Unga vuxna till arbete".into(),
            responsibility: Some("4130".into()),
            financing: (first_year + 3..=first_year + 4)
                .flat_map(|y| {
                    [
                        Financing {
                            kind: FinancingKind::CoordinationAssociation,
                            source: "Samordningsförbundet Tillköping".into(),
                            year: y,
                            amount: Money::kronor(900_000),
                        },
                        Financing {
                            kind: FinancingKind::Own,
                            source: "Socialnämnden".into(),
                            year: y,
                            amount: Money::kronor(150_000),
                        },
                    ]
                })
                .collect(),
            valid: Validity {
                from: date(first_year + 3, 1, 1),
                to: Some(date(first_year + 4, 12, 31)),
            },
        },
    ];
    Structure {
        responsibilities,
        activities,
        projects,
    }
}

/// The placements of the demo's cases.
pub fn placements(data: &DemoData) -> Vec<Placement> {
    data.cases
        .iter()
        .flat_map(|c| placements_of_case(c.id, c.events.iter().map(|e| (e.occurred_on, &e.event))))
        .collect()
}

/// Every provider the placements name (see the module's documentation).
pub fn catalogue(placements: &[Placement], last_year: i16) -> Catalogue {
    let mut by_name: BTreeMap<&str, Vec<&Placement>> = BTreeMap::new();
    for p in placements {
        by_name.entry(p.provider_name.as_str()).or_default().push(p);
    }
    let mut providers = Vec::new();
    let mut hvb_with_contract = 0;
    for (name, ps) in by_name {
        let code = format!("u{}", providers.len() + 1);
        if ps.iter().all(|p| p.provider == ProviderKind::Own) {
            providers.push(Provider {
                code,
                name: name.to_string(),
                category: ProviderCategory::OwnFamilyHome,
                valid: Validity::from(FIRST_DAY),
                prices: vec![],
                fees: (2015..=last_year)
                    .map(|y| {
                        let f = 1.03f64.powi(i32::from(y - 2015));
                        MonthlyFee {
                            valid: Validity {
                                from: date(y, 1, 1),
                                to: Some(date(y, 12, 31)),
                            },
                            fee: Money::kronor((9_800.0 * f).round() as i64),
                            expenses: Money::kronor((5_400.0 * f).round() as i64),
                        }
                    })
                    .collect(),
            });
            continue;
        }
        let has = |k: InterventionKind| ps.iter().any(|p| p.kind == k);
        let category = if has(InterventionKind::Hvb) {
            ProviderCategory::ContractedHvb
        } else if has(InterventionKind::SecureUnit) {
            ProviderCategory::Sis
        } else if has(InterventionKind::SupportedHousing) {
            ProviderCategory::Housing
        } else {
            ProviderCategory::FamilyHomeOrganisation
        };
        let mut prices = Vec::new();
        if category == ProviderCategory::ContractedHvb && hvb_with_contract < 3 {
            let hvb: Vec<i64> = ps
                .iter()
                .filter(|p| p.kind == InterventionKind::Hvb)
                .filter_map(|p| p.price_per_day.map(|m| m.0))
                .collect();
            if !hvb.is_empty() {
                hvb_with_contract += 1;
                let mean = hvb.iter().sum::<i64>() / hvb.len() as i64 / 100 * 100;
                prices.push(DailyPrice {
                    valid: Validity {
                        from: FIRST_DAY,
                        to: Some(date(last_year - 1, 12, 31)),
                    },
                    kind: Some(InterventionKind::Hvb),
                    per_day: Money(mean),
                });
                prices.push(DailyPrice {
                    valid: Validity::from(date(last_year, 1, 1)),
                    kind: Some(InterventionKind::Hvb),
                    per_day: Money(mean * 104 / 10_000 * 100),
                });
            }
        }
        providers.push(Provider {
            code,
            name: name.to_string(),
            category,
            valid: Validity::from(FIRST_DAY),
            prices,
            fees: vec![],
        });
    }
    Catalogue { providers }
}

fn key(month: Month, account: &str, resp: &str, act: &str, proj: &str) -> LedgerKey {
    LedgerKey {
        month,
        account: account.into(),
        responsibility: resp.into(),
        activity: act.into(),
        project: proj.into(),
    }
}

/// Monthly salary per person in `year`.
fn salary(year: i16) -> i64 {
    (41_500.0 * 1.03f64.powi(i32::from(year - 2020))).round() as i64
}

const SOCIAL_FEES_PERMILLE: i64 = 3142;

/// The demo's economy for `data` (its years are the five before `end`).
pub fn generate(data: &DemoData, seed: u64) -> DemoEconomy {
    let last_year = data.end.year();
    let first_year = last_year - 4;
    // The last whole month before the demo's end.
    let last_month = Month::of(data.end.first_of_month().yesterday().unwrap_or(data.end));
    let structure = structure(data, first_year);
    let placements = placements(data);
    let catalogue = catalogue(&placements, last_year);
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xEC0_0000);
    let staff: BTreeMap<UnitId, i64> =
        data.users
            .iter()
            .filter_map(|u| u.unit)
            .fold(BTreeMap::new(), |mut m, u| {
                *m.entry(u).or_default() += 1;
                m
            });
    let units: Vec<UnitId> = staff.keys().copied().filter(|u| u.0 <= 4).collect();

    // Care cost per month, responsibility and activity: bought, own family
    // homes' fees and reimbursements, other own care (an own stödboende:
    // its staff and premises); and the care days.
    let mut care: BTreeMap<(Month, String, &str), [Money; 4]> = BTreeMap::new();
    let mut care_days: BTreeMap<(Month, String, &str), i64> = BTreeMap::new();
    for p in &placements {
        let (Some(t), Some(unit)) = (p.placement_type(), p.unit) else {
            continue;
        };
        if unit.0 > 4 {
            continue;
        }
        let bought = is_bought(&catalogue, p);
        let mut m = Month::new(first_year - 1, 1).unwrap_or(last_month);
        while m <= last_month {
            let c = cost_in_month(&catalogue, p, m, Some(last_month.last_day()));
            if c.days > 0 {
                let k = (m, responsibility_of(unit), activity_of(t));
                let e = care.entry(k.clone()).or_default();
                if bought {
                    e[0] += c.cost;
                } else if c.fee != Money::ZERO || c.expenses != Money::ZERO {
                    e[1] += c.fee;
                    e[2] += c.expenses;
                } else {
                    e[3] += c.cost;
                }
                *care_days.entry(k).or_default() += c.days;
            }
            m = m.next();
        }
    }

    // Outcome.
    let mut outcome: BTreeMap<LedgerKey, Money> = BTreeMap::new();
    let mut add = |k: LedgerKey, m: Money| *outcome.entry(k).or_default() += m;
    let mut m = Month::new(first_year, 1).unwrap_or(last_month);
    while m <= last_month {
        let y = m.year;
        for &u in &units {
            let r = responsibility_of(u);
            let mut n = staff[&u];
            if rng.random_bool(0.2) {
                n -= 1; // a vacancy this month
            }
            let noise = rng.random_range(970..=1030);
            let pay = n * salary(y) * noise / 1000;
            add(key(m, "5010", &r, ACT_AUTHORITY, ""), Money::kronor(-pay));
            add(
                key(m, "5610", &r, ACT_AUTHORITY, ""),
                Money::kronor(-pay * SOCIAL_FEES_PERMILLE / 10_000),
            );
            add(
                key(m, "6010", &r, ACT_AUTHORITY, ""),
                Money::kronor(-38_000 - 1_000 * i64::from(y - first_year)),
            );
            add(
                key(m, "6410", &r, ACT_AUTHORITY, ""),
                Money::kronor(-rng.random_range(2_500..6_000)),
            );
            add(
                key(m, "7050", &r, ACT_AUTHORITY, ""),
                Money::kronor(-rng.random_range(1_500..5_000)),
            );
        }
        for ((cm, r, a), v) in care.range((m, String::new(), "")..) {
            if *cm != m {
                break;
            }
            if !v[0].is_zero() {
                // Invoices differ a little from what the records give.
                let f = rng.random_range(985..=1015);
                add(key(m, "46310", r, a, ""), v[0].ratio(f, 1000));
            }
            if !v[1].is_zero() {
                add(key(m, "52210", r, a, ""), v[1]);
                add(key(m, "45910", r, a, ""), v[2]);
            }
            if !v[3].is_zero() {
                let staff = v[3].ratio(70, 100);
                add(key(m, "5010", r, a, ""), staff);
                add(key(m, "6010", r, a, ""), v[3] - staff);
            }
            let days = care_days[&(m, r.clone(), *a)];
            // Parents' fees: about 60 kr a care day.
            add(key(m, "31110", r, a, ""), Money::kronor(days * 60));
        }
        // Projects.
        if (first_year + 1..=first_year + 3).contains(&y) {
            add(
                key(m, "35110", "4110", ACT_OPEN, "P-SKOLA"),
                Money::kronor(50_000),
            );
            add(
                key(m, "5010", "4110", ACT_OPEN, "P-SKOLA"),
                Money::kronor(-30_000 - rng.random_range(0..4_000)),
            );
            add(
                key(m, "5610", "4110", ACT_OPEN, "P-SKOLA"),
                Money::kronor(-10_000),
            );
            add(
                key(m, "7050", "4110", ACT_OPEN, "P-SKOLA"),
                Money::kronor(-rng.random_range(0..2_000)),
            );
        }
        if (first_year + 3..=first_year + 4).contains(&y) {
            add(
                key(m, "35110", "4130", ACT_OPEN, "P-ARBETE"),
                Money::kronor(75_000),
            );
            add(
                key(m, "5010", "4130", ACT_OPEN, "P-ARBETE"),
                Money::kronor(-52_000 - rng.random_range(0..5_000)),
            );
            add(
                key(m, "5610", "4130", ACT_OPEN, "P-ARBETE"),
                Money::kronor(-16_300),
            );
            add(
                key(m, "47010", "4130", ACT_OPEN, "P-ARBETE"),
                Money::kronor(-rng.random_range(0..15_000)),
            );
        }
        m = m.next();
    }
    let outcome: Vec<LedgerLine> = outcome
        .into_iter()
        .filter(|(_, a)| !a.is_zero())
        .map(|(key, amount)| LedgerLine { key, amount })
        .collect();

    // Budgets: staff and premises as planned, care at last year's computed
    // cost plus 3 % (for the first year, its own computed cost).
    let mut budgets = Vec::new();
    for y in first_year..=last_year {
        let mut lines: BTreeMap<BudgetKey, Money> = BTreeMap::new();
        let mut put = |r: &str, a: &str, p: &str, account: &str, m: Money| {
            *lines
                .entry(BudgetKey {
                    year: y,
                    responsibility: r.into(),
                    activity: a.into(),
                    project: p.into(),
                    account: account.into(),
                })
                .or_default() += m;
        };
        for &u in &units {
            let r = responsibility_of(u);
            let pay = staff[&u] * salary(y) * 12;
            put(&r, ACT_AUTHORITY, "", "5010", Money::kronor(-pay));
            put(
                &r,
                ACT_AUTHORITY,
                "",
                "5610",
                Money::kronor(-pay * SOCIAL_FEES_PERMILLE / 10_000),
            );
            put(
                &r,
                ACT_AUTHORITY,
                "",
                "6010",
                Money::kronor(-12 * (38_000 + 1_000 * i64::from(y - first_year))),
            );
            put(&r, ACT_AUTHORITY, "", "6410", Money::kronor(-50_000));
            put(&r, ACT_AUTHORITY, "", "7050", Money::kronor(-40_000));
        }
        let base = if y == first_year { y } else { y - 1 };
        let mut year_care: BTreeMap<(String, &str), ([Money; 4], i64)> = BTreeMap::new();
        for ((cm, r, a), v) in &care {
            if cm.year == base {
                let e = year_care.entry((r.clone(), *a)).or_default();
                for (sum, part) in e.0.iter_mut().zip(v) {
                    *sum += *part;
                }
                e.1 += care_days[&(*cm, r.clone(), *a)];
            }
        }
        for ((r, a), (v, days)) in year_care {
            let up = |m: Money| m.ratio(103, 100).ratio(1, 1000).times(1000);
            put(&r, a, "", "46310", up(v[0]));
            put(&r, a, "", "52210", up(v[1]));
            put(&r, a, "", "45910", up(v[2]));
            put(&r, a, "", "5010", up(v[3].ratio(70, 100)));
            put(&r, a, "", "6010", up(v[3] - v[3].ratio(70, 100)));
            put(&r, a, "", "31110", Money::kronor(days * 60 / 1000 * 1000));
        }
        if (first_year + 1..=first_year + 3).contains(&y) {
            put("4110", ACT_OPEN, "P-SKOLA", "35110", Money::kronor(600_000));
            put("4110", ACT_OPEN, "P-SKOLA", "5010", Money::kronor(-380_000));
            put("4110", ACT_OPEN, "P-SKOLA", "5610", Money::kronor(-120_000));
            put("4110", ACT_OPEN, "P-SKOLA", "7050", Money::kronor(-12_000));
        }
        if (first_year + 3..=first_year + 4).contains(&y) {
            put(
                "4130",
                ACT_OPEN,
                "P-ARBETE",
                "35110",
                Money::kronor(900_000),
            );
            put(
                "4130",
                ACT_OPEN,
                "P-ARBETE",
                "5010",
                Money::kronor(-650_000),
            );
            put(
                "4130",
                ACT_OPEN,
                "P-ARBETE",
                "5610",
                Money::kronor(-196_000),
            );
            put(
                "4130",
                ACT_OPEN,
                "P-ARBETE",
                "47010",
                Money::kronor(-90_000),
            );
        }
        budgets.push(DemoBudget {
            year: y,
            decided_on: date(y - 1, 11, 24),
            reason: format!("Kommunfullmäktige {}-11-24: budget {y}", y - 1),
            lines: lines
                .into_iter()
                .filter(|(_, a)| !a.is_zero())
                .map(|(key, amount)| BudgetLine { key, amount })
                .collect(),
        });
    }

    // The ombudgetering: the year before the last, in June.
    let ry = last_year - 1;
    let moved = Money::kronor(1_200_000);
    let revision = Revision {
        decided_on: date(ry, 6, 17),
        reason: format!(
            "Socialnämnden {ry}-06-17 § 64: vakanta tjänster på Barnenheten finansierar fler placeringar på HVB"
        ),
        changes: vec![
            BudgetLine {
                key: BudgetKey {
                    year: ry,
                    responsibility: "4120".into(),
                    activity: ACT_AUTHORITY.into(),
                    project: String::new(),
                    account: "5010".into(),
                },
                amount: moved,
            },
            BudgetLine {
                key: BudgetKey {
                    year: ry,
                    responsibility: "4120".into(),
                    activity: "4021".into(),
                    project: String::new(),
                    account: "46310".into(),
                },
                amount: -moved,
            },
        ],
    };

    // Ledger files: a year each; the year before the last first with an
    // HVB invoice in March on the wrong responsibility, then corrected.
    let mut account_names: Vec<(String, String)> = [
        ("31110", "Föräldraavgifter placerade barn"),
        ("35110", "Riktade statsbidrag och bidrag"),
        ("45910", "Omkostnadsersättningar familjehem"),
        ("46310", "Köp av vård, barn och unga"),
        ("47010", "Konsulttjänster"),
        ("5010", "Månadslöner"),
        ("52210", "Arvoden familjehem"),
        ("5610", "Sociala avgifter"),
        ("6010", "Lokalhyror"),
        ("6410", "Förbrukningsmaterial"),
        ("7050", "Resor"),
    ]
    .iter()
    .map(|(a, n)| (a.to_string(), n.to_string()))
    .collect();
    account_names.sort();
    let mut object_names: Vec<(String, String, String)> = structure
        .responsibilities
        .iter()
        .map(|r| ("ansvar".to_string(), r.code.clone(), r.name.clone()))
        .chain(
            structure
                .activities
                .iter()
                .map(|a| ("verksamhet".to_string(), a.code.clone(), a.name.clone())),
        )
        .chain(
            structure
                .projects
                .iter()
                .map(|p| ("projekt".to_string(), p.code.clone(), p.name.clone())),
        )
        .collect();
    object_names.sort();
    let march = Month::new(ry, 3).unwrap_or(last_month);
    // An HVB invoice of Barnenheten's, or (a demo without one that month)
    // its salaries.
    let wrong = outcome
        .iter()
        .find(|l| {
            l.key.month == march && l.key.account == "46310" && l.key.responsibility == "4120"
        })
        .or_else(|| {
            outcome.iter().find(|l| {
                l.key.month == march && l.key.account == "5010" && l.key.responsibility == "4120"
            })
        })
        .map(|l| l.key.clone());
    let mut ledger_files = Vec::new();
    for y in first_year..=last_year {
        let mut lines: Vec<LedgerLine> = outcome
            .iter()
            .filter(|l| l.key.month.year == y)
            .cloned()
            .collect();
        if y == ry
            && let Some(k) = &wrong
        {
            // 180 000 kr of Barnenheten's March booked on Ungdomsenheten.
            let misbooked = Money::kronor(-180_000);
            for l in lines.iter_mut() {
                if &l.key == k {
                    l.amount -= misbooked;
                }
            }
            let mut other = k.clone();
            other.responsibility = "4130".into();
            match lines.iter_mut().find(|l| l.key == other) {
                Some(l) => l.amount += misbooked,
                None => lines.push(LedgerLine {
                    key: other,
                    amount: misbooked,
                }),
            }
            lines.sort_by(|a, b| a.key.cmp(&b.key));
        }
        let generated = if y == last_year {
            data.end
        } else {
            date(y + 1, 1, 20)
        };
        let header = SieHeader {
            program: "Ekonomisystemet",
            organisation: data.municipality,
            generated,
            year: y,
            account_names: &account_names,
            object_names: &object_names,
        };
        ledger_files.push((
            format!("tillkoping-utfall-{y}.se"),
            write_period_balances(&header, &lines),
        ));
    }
    if wrong.is_some() {
        let mut csv = String::from("period;konto;ansvar;verksamhet;projekt;belopp\n");
        for l in outcome.iter().filter(|l| l.key.month == march) {
            let booked = -l.amount;
            csv.push_str(&format!(
                "{};{};{};{};{};{}\n",
                l.key.month.code(),
                l.key.account,
                l.key.responsibility,
                l.key.activity,
                l.key.project,
                booked.display_ore().replace('\u{a0}', "")
            ));
        }
        ledger_files.push((
            format!("tillkoping-rattelse-{}.csv", march.code()),
            csv.into_bytes(),
        ));
    }

    // Forecasts at T1 of the current year, by two unit managers.
    let mut forecasts = Vec::new();
    if last_month >= Month::new(last_year, 4).unwrap_or(last_month) {
        for (username, r, comment) in [
            (
                "peter",
                "4120",
                "Två placeringar på HVB har förlängts till hösten; en ny placering väntas i maj.",
            ),
            (
                "eva",
                "4130",
                "Färre placeringar på SiS än budgeterat; prognosen bygger på nuvarande placeringar.",
            ),
        ] {
            let to = Month::new(last_year, 4).unwrap_or(last_month);
            let so_far: [Money; 3] = outcome
                .iter()
                .filter(|l| {
                    l.key.month.year == last_year
                        && l.key.month <= to
                        && l.key.responsibility == r
                        && l.key.activity == "4021"
                })
                .fold([Money::ZERO; 3], |mut acc, l| {
                    if let Some(line) = tillit_domain::economy::chart::line_of(&l.key.account) {
                        acc[tillit_domain::economy::statement::index(line)] += l.amount;
                    }
                    acc
                });
            forecasts.push(DemoForecast {
                username,
                year: last_year,
                point: ForecastPoint::T1,
                responsibility: r.into(),
                activity: "4021".into(),
                project: String::new(),
                amounts: so_far.map(|m| m.times(3)),
                comment: comment.into(),
            });
        }
    }

    DemoEconomy {
        structure,
        catalogue,
        budgets,
        revisions: vec![(ry, revision)],
        ledger_files,
        forecasts,
        outcome,
    }
}

/// The economist as a demo user (the loader creates them after the staff).
pub fn economist(id: UserId) -> DemoUser {
    DemoUser {
        id,
        username: ECONOMIST.0.into(),
        display_name: ECONOMIST.1.into(),
        role: Role::Economist,
        unit: None,
    }
}
