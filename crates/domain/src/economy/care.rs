//! The cost of care from the case records: the providers' catalogue
//! (own family homes, contracted HVB and family-home organisations, SiS)
//! with daily prices and their validity, and each placement's cost per
//! period from its care days and the price in force.
//!
//! - **Care days** are nights in care, as the follow-up counts vårddygn:
//!   from the placement's first day up to but not including the day it
//!   ended; a placement still running counts up to and including the day
//!   given as "known until" (the follow-up's as-of day), or to any later
//!   day for what is committed ([`care_days`]).
//! - **The price in force** on a day ([`Catalogue::price_on`]): the
//!   catalogue's daily price for the provider and the kind of care valid
//!   that day, when the catalogue has the provider; else the daily price
//!   recorded with the placement (`price_per_day` of
//!   `CaseEvent::InterventionStarted`); else none, and the days are
//!   counted as unpriced, never as free.
//! - **Own family homes** (familjehem, nätverkshem, jourhem of a provider
//!   the catalogue lists as the municipality's own) are paid per month: the fee (arvode) and the
//!   expense reimbursement (omkostnadsersättning) in force, each times the
//!   month's care days over the month's days (a full month pays the whole
//!   fee).
//!
//! Costs are negative, as the income statement signs them.

use crate::case::CaseEvent;
use crate::catalog::{InterventionKind, ProviderKind};
use crate::economy::Money;
use crate::economy::structure::{Month, PlacementType, Validity};
use crate::{CaseId, ItemId, UnitId};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What kind of provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderCategory {
    /// The municipality's own family home (paid fee and reimbursement).
    OwnFamilyHome,
    /// A contracted HVB (hem för vård eller boende).
    ContractedHvb,
    /// A family-home organisation (konsulentstödd familjehemsvård).
    FamilyHomeOrganisation,
    /// Supported housing (stödboende) bought from a provider.
    Housing,
    /// Statens institutionsstyrelse.
    Sis,
}

impl ProviderCategory {
    pub const ALL: [ProviderCategory; 5] = [
        Self::OwnFamilyHome,
        Self::ContractedHvb,
        Self::FamilyHomeOrganisation,
        Self::Housing,
        Self::Sis,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::OwnFamilyHome => "eget_familjehem",
            Self::ContractedHvb => "hvb",
            Self::FamilyHomeOrganisation => "familjehemsorganisation",
            Self::Housing => "stodboende",
            Self::Sis => "sis",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::OwnFamilyHome => "Eget familjehem",
            Self::ContractedHvb => "HVB (avtal)",
            Self::FamilyHomeOrganisation => "Familjehemsorganisation (konsulentstödd)",
            Self::Housing => "Stödboende",
            Self::Sis => "SiS",
        }
    }

    /// Bought care (booked on the purchase accounts) rather than the
    /// municipality's own.
    pub fn is_bought(self) -> bool {
        self != Self::OwnFamilyHome
    }
}

/// A daily price valid for a time, for one kind of care or every kind the
/// provider gives (`kind` `None`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyPrice {
    pub valid: Validity,
    pub kind: Option<InterventionKind>,
    /// Per care day (positive; the cost is its negative).
    pub per_day: Money,
}

/// An own family home's monthly payment, valid for a time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyFee {
    pub valid: Validity,
    /// Arvode per month.
    pub fee: Money,
    /// Omkostnadsersättning per month.
    pub expenses: Money,
}

/// One provider of the catalogue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provider {
    /// Short stable code.
    pub code: String,
    /// The name caseworkers record on the placement (matched without
    /// regard to case and surrounding spaces).
    pub name: String,
    pub category: ProviderCategory,
    pub valid: Validity,
    pub prices: Vec<DailyPrice>,
    pub fees: Vec<MonthlyFee>,
}

/// Where a day's price came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceSource {
    Catalogue,
    Placement,
    MonthlyFee,
}

/// The providers' catalogue.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogue {
    pub providers: Vec<Provider>,
}

fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

impl Catalogue {
    /// The provider a placement names.
    pub fn provider(&self, name: &str) -> Option<&Provider> {
        self.providers.iter().find(|p| same_name(&p.name, name))
    }

    /// The catalogue's daily price for `kind` at the provider named `name`
    /// on `day` (a price for the kind before one for every kind).
    pub fn catalogue_price(&self, name: &str, kind: InterventionKind, day: Date) -> Option<Money> {
        let p = self.provider(name)?;
        let valid = p.prices.iter().filter(|d| d.valid.contains(day));
        valid
            .clone()
            .find(|d| d.kind == Some(kind))
            .or_else(|| valid.clone().find(|d| d.kind.is_none()))
            .map(|d| d.per_day)
    }

    /// The own family home's monthly fee in force on `day`.
    pub fn fee_on(&self, name: &str, day: Date) -> Option<&MonthlyFee> {
        let p = self.provider(name)?;
        (p.category == ProviderCategory::OwnFamilyHome)
            .then(|| p.fees.iter().find(|f| f.valid.contains(day)))
            .flatten()
    }

    /// The daily price in force on `day` for a placement (see the module's
    /// documentation), and where it came from.
    pub fn price_on(&self, p: &Placement, day: Date) -> Option<(Money, PriceSource)> {
        if let Some(m) = self.catalogue_price(&p.provider_name, p.kind, day) {
            return Some((m, PriceSource::Catalogue));
        }
        p.price_per_day.map(|m| (m, PriceSource::Placement))
    }
}

/// A placement as the economy sees it: from the case events.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    pub case: CaseId,
    pub intervention: ItemId,
    /// The case's unit on the day it started.
    pub unit: Option<UnitId>,
    pub kind: InterventionKind,
    pub provider: ProviderKind,
    pub provider_name: String,
    /// As recorded with the placement (öre per day).
    pub price_per_day: Option<Money>,
    pub start: Date,
    /// The day it ended (not a care day); `None` while running.
    pub end: Option<Date>,
}

impl Placement {
    pub fn placement_type(&self) -> Option<PlacementType> {
        PlacementType::of(self.kind)
    }
}

/// The placements (out-of-home care) in one case's events, in order.
pub fn placements_of_case<'a>(
    case: CaseId,
    events: impl IntoIterator<Item = (Date, &'a CaseEvent)>,
) -> Vec<Placement> {
    let mut unit: Option<UnitId> = None;
    let mut out: Vec<Placement> = Vec::new();
    for (_, e) in events {
        match e {
            CaseEvent::CaseOpened { unit: u, .. } | CaseEvent::CaseAssigned { unit: u, .. } => {
                unit = Some(*u);
            }
            CaseEvent::InterventionStarted {
                intervention,
                kind,
                provider,
                provider_name,
                price_per_day,
                start,
                ..
            } if kind.is_placement() => out.push(Placement {
                case,
                intervention: *intervention,
                unit,
                kind: *kind,
                provider: *provider,
                provider_name: provider_name.clone(),
                price_per_day: price_per_day.map(Money),
                start: *start,
                end: None,
            }),
            CaseEvent::InterventionEnded {
                intervention, end, ..
            } => {
                if let Some(p) = out.iter_mut().find(|p| p.intervention == *intervention) {
                    p.end = Some(*end);
                }
            }
            _ => {}
        }
    }
    out
}

/// Care days of `p` in `[from, to)`; a running placement counts up to
/// and including `known_until` (`None`: without end, for what is
/// committed).
pub fn care_days(p: &Placement, from: Date, to: Date, known_until: Option<Date>) -> i64 {
    let end = match (p.end, known_until) {
        (Some(e), _) => e,
        (None, Some(k)) => k.tomorrow().unwrap_or(k),
        (None, None) => to,
    };
    let a = p.start.max(from);
    let b = end.min(to);
    if b > a { (b - a).get_days().into() } else { 0 }
}

/// A placement's cost in a month.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareCost {
    pub days: i64,
    /// Days with a price (the rest had none and cost nothing here).
    pub priced_days: i64,
    /// Negative: a cost (every part below included).
    pub cost: Money,
    /// Of `cost`, an own family home's fee (arvode, booked as staff cost).
    pub fee: Money,
    /// Of `cost`, an own family home's expense reimbursement.
    pub expenses: Money,
}

impl CareCost {
    pub fn add(&mut self, o: &CareCost) {
        self.days += o.days;
        self.priced_days += o.priced_days;
        self.cost += o.cost;
        self.fee += o.fee;
        self.expenses += o.expenses;
    }
    pub fn unpriced_days(&self) -> i64 {
        self.days - self.priced_days
    }
}

/// The cost of `p` in `month` (see the module's documentation for the
/// price and the days).
pub fn cost_in_month(
    catalogue: &Catalogue,
    p: &Placement,
    month: Month,
    known_until: Option<Date>,
) -> CareCost {
    let (from, to) = (month.first_day(), month.end_exclusive());
    let days = care_days(p, from, to, known_until);
    if days == 0 {
        return CareCost::default();
    }
    let first = p.start.max(from);
    let family_home = p.placement_type() == Some(PlacementType::FamilyHome);
    if let Some(fee) = catalogue
        .fee_on(&p.provider_name, first)
        .filter(|_| family_home)
    {
        let f = -fee.fee.ratio(days, month.days());
        let e = -fee.expenses.ratio(days, month.days());
        return CareCost {
            days,
            priced_days: days,
            cost: f + e,
            fee: f,
            expenses: e,
        };
    }
    let mut cost = Money::ZERO;
    let mut priced = 0;
    let mut day = first;
    for _ in 0..days {
        if let Some((price, _)) = catalogue.price_on(p, day) {
            cost -= price;
            priced += 1;
        }
        day = day.tomorrow().unwrap_or(day);
    }
    CareCost {
        days,
        priced_days: priced,
        cost,
        ..CareCost::default()
    }
}

/// The committed cost of `p` from `after` (exclusive) to the end of
/// `after`'s year: what it costs if it runs to the year's end at the
/// prices in force (a placement that has ended commits nothing more).
pub fn committed_to_year_end(catalogue: &Catalogue, p: &Placement, after: Date) -> CareCost {
    let mut total = CareCost::default();
    if p.end
        .is_some_and(|e| e <= after.tomorrow().unwrap_or(after))
    {
        return total;
    }
    let start = after.tomorrow().unwrap_or(after);
    let Some(mut m) = Month::new(start.year(), start.month()) else {
        return total;
    };
    while m.year == after.year() {
        // Only the days after `after` in its own month.
        let mut q = p.clone();
        q.start = q.start.max(start);
        total.add(&cost_in_month(catalogue, &q, m, None));
        m = m.next();
    }
    total
}

/// The cost of care summed per month, placement type and whether bought.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CareCosts {
    pub by: BTreeMap<(Month, PlacementType, bool, Option<UnitId>), CareCost>,
}

impl CareCosts {
    /// Every placement's cost in every month of `months`.
    pub fn compute(
        catalogue: &Catalogue,
        placements: &[Placement],
        months: impl IntoIterator<Item = Month> + Clone,
        known_until: Date,
    ) -> Self {
        let mut by: BTreeMap<_, CareCost> = BTreeMap::new();
        for p in placements {
            let Some(t) = p.placement_type() else {
                continue;
            };
            let bought = is_bought(catalogue, p);
            for m in months.clone() {
                let c = cost_in_month(catalogue, p, m, Some(known_until));
                if c.days > 0 {
                    by.entry((m, t, bought, p.unit)).or_default().add(&c);
                }
            }
        }
        Self { by }
    }

    /// The sum over the months in `[from, to]`, for a type (or all), bought
    /// or not (or both), a unit (or all).
    pub fn sum(
        &self,
        from: Month,
        to: Month,
        t: Option<PlacementType>,
        bought: Option<bool>,
        unit: Option<UnitId>,
    ) -> CareCost {
        let mut c = CareCost::default();
        for ((m, pt, b, u), v) in &self.by {
            if *m >= from
                && *m <= to
                && t.is_none_or(|t| t == *pt)
                && bought.is_none_or(|x| x == *b)
                && unit.is_none_or(|x| Some(x) == *u)
            {
                c.add(v);
            }
        }
        c
    }
}

/// Whether a placement's cost is paid from the care accounts: bought
/// care (group 46), or an own family home paid a monthly fee (522, 459).
/// Other own care (an own stödboende) is paid through the unit's staff and
/// premises, and commits nothing of its own.
pub fn paid_as_care(catalogue: &Catalogue, p: &Placement) -> bool {
    is_bought(catalogue, p)
        || (p.placement_type() == Some(PlacementType::FamilyHome)
            && catalogue
                .provider(&p.provider_name)
                .is_some_and(|c| c.category == ProviderCategory::OwnFamilyHome))
}

/// Whether a placement is bought care: the catalogue's category when the
/// catalogue has the provider, else the placement's own provider kind.
pub fn is_bought(catalogue: &Catalogue, p: &Placement) -> bool {
    catalogue
        .provider(&p.provider_name)
        .map_or(p.provider == ProviderKind::Bought, |c| {
            c.category.is_bought()
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn placement(start: Date, end: Option<Date>, price: Option<i64>) -> Placement {
        Placement {
            case: CaseId::from_u128(1),
            intervention: ItemId::from_u128(2),
            unit: Some(UnitId(2)),
            kind: InterventionKind::Hvb,
            provider: ProviderKind::Bought,
            provider_name: "Solgården HVB".into(),
            price_per_day: price.map(|p| Money(p * 100)),
            start,
            end,
        }
    }

    #[test]
    fn nights_in_care_and_the_price_in_force() {
        let p = placement(date(2025, 1, 10), Some(date(2025, 2, 5)), Some(3000));
        let jan = Month::new(2025, 1).unwrap();
        let feb = Month::new(2025, 2).unwrap();
        let empty = Catalogue::default();
        assert_eq!(cost_in_month(&empty, &p, jan, None).days, 22);
        assert_eq!(cost_in_month(&empty, &p, feb, None).days, 4);
        assert_eq!(
            cost_in_month(&empty, &p, jan, None).cost,
            Money::kronor(-66_000)
        );
        // The catalogue's price from 2025-02-01 replaces the placement's.
        let cat = Catalogue {
            providers: vec![Provider {
                code: "solg".into(),
                name: "solgården hvb ".into(),
                category: ProviderCategory::ContractedHvb,
                valid: Validity::from(date(2020, 1, 1)),
                prices: vec![DailyPrice {
                    valid: Validity::from(date(2025, 2, 1)),
                    kind: None,
                    per_day: Money::kronor(3500),
                }],
                fees: vec![],
            }],
        };
        assert_eq!(
            cost_in_month(&cat, &p, jan, None).cost,
            Money::kronor(-66_000)
        );
        assert_eq!(
            cost_in_month(&cat, &p, feb, None).cost,
            Money::kronor(-14_000)
        );
        let unpriced = placement(date(2025, 1, 10), None, None);
        let c = cost_in_month(&empty, &unpriced, jan, Some(date(2025, 1, 19)));
        assert_eq!((c.days, c.priced_days, c.cost), (10, 0, Money::ZERO));
    }

    #[test]
    fn own_family_homes_pay_per_month() {
        let mut p = placement(date(2025, 4, 16), None, None);
        p.kind = InterventionKind::FosterHome;
        p.provider = ProviderKind::Own;
        p.provider_name = "Familjen Ek".into();
        let cat = Catalogue {
            providers: vec![Provider {
                code: "ek".into(),
                name: "Familjen Ek".into(),
                category: ProviderCategory::OwnFamilyHome,
                valid: Validity::from(date(2020, 1, 1)),
                prices: vec![],
                fees: vec![MonthlyFee {
                    valid: Validity::from(date(2020, 1, 1)),
                    fee: Money::kronor(12_000),
                    expenses: Money::kronor(6_000),
                }],
            }],
        };
        let apr = Month::new(2025, 4).unwrap();
        assert_eq!(
            cost_in_month(&cat, &p, apr, None).cost,
            Money::kronor(-9_000)
        );
        assert!(!is_bought(&cat, &p));
        let after = committed_to_year_end(&cat, &p, date(2025, 8, 31));
        assert_eq!(after.days, 122);
        assert_eq!(after.cost, Money::kronor(-72_000));
    }
}
