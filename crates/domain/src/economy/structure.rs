//! The economy's structure as data: responsibilities (ansvar, the units),
//! activities (verksamheter), projects with their financing, each valid
//! from one day to another; and the month, the ledger's period.

use crate::UnitId;
use crate::economy::Money;
use jiff::civil::{Date, date};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A month of a year: the ledger's period (`202504`, `2025-04`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month {
    pub year: i16,
    /// 1-12.
    pub month: i8,
}

impl Month {
    /// `None` unless the year is 1900-2199 and the month 1-12.
    pub fn new(year: i16, month: i8) -> Option<Self> {
        ((1900..=2199).contains(&year) && (1..=12).contains(&month)).then_some(Self { year, month })
    }

    pub fn of(day: Date) -> Self {
        Self {
            year: day.year(),
            month: day.month(),
        }
    }

    pub fn first_day(self) -> Date {
        date(self.year, self.month, 1)
    }

    /// The day after the month's last day.
    pub fn end_exclusive(self) -> Date {
        self.next().first_day()
    }

    pub fn last_day(self) -> Date {
        self.first_day().last_of_month()
    }

    pub fn days(self) -> i64 {
        i64::from(self.first_day().days_in_month())
    }

    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The twelve months of `year`.
    pub fn of_year(year: i16) -> impl Iterator<Item = Month> {
        (1..=12).map(move |m| Month { year, month: m })
    }

    /// `202504`, as SIE writes a period.
    pub fn code(self) -> String {
        format!("{:04}{:02}", self.year, self.month)
    }

    /// Parse `202504`, `2025-04` or `2025-4`. Total.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        let (y, m) = if let Some((y, m)) = t.split_once('-') {
            (y, m)
        } else if t.len() == 6 && t.is_ascii() {
            t.split_at(4)
        } else {
            return None;
        };
        if y.len() != 4 || m.is_empty() || m.len() > 2 {
            return None;
        }
        if !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        Self::new(y.parse().ok()?, m.parse().ok()?)
    }

    /// Swedish short name: `apr 2025`.
    pub fn label(self) -> String {
        format!("{} {}", MONTH_SHORT[(self.month - 1) as usize], self.year)
    }
}

/// Swedish month abbreviations.
pub const MONTH_SHORT: [&str; 12] = [
    "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Valid from one day to another (inclusive); `to` `None`: still valid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validity {
    pub from: Date,
    pub to: Option<Date>,
}

impl Validity {
    pub fn from(day: Date) -> Self {
        Self {
            from: day,
            to: None,
        }
    }

    pub fn contains(&self, day: Date) -> bool {
        self.from <= day && self.to.is_none_or(|t| day <= t)
    }

    /// Valid on some day of `year`.
    pub fn overlaps_year(&self, year: i16) -> bool {
        self.from <= date(year, 12, 31) && self.to.is_none_or(|t| t >= date(year, 1, 1))
    }
}

/// A code of the structure (ansvar, verksamhet, projekt): 1-20 characters
/// of letters, digits, `-`, `_` and `.`. Total parser.
pub fn parse_code(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("koden saknas".into());
    }
    if t.chars().count() > 20 {
        return Err(format!("koden \"{t}\" är längre än 20 tecken"));
    }
    if !t
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(format!(
            "koden \"{t}\" får bara innehålla bokstäver, siffror, - _ och ."
        ));
    }
    Ok(t.to_string())
}

/// An ansvar: the unit responsible for the figures booked on its code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Responsibility {
    pub code: String,
    pub name: String,
    /// The Tillit unit it is (unit managers see and forecast their own).
    pub unit: Option<UnitId>,
    pub valid: Validity,
}

/// The placement type a care activity pays for: the key figures' split
/// (seed 001: institution, familjehem inkl. jourhem, boende, SiS).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlacementType {
    /// HVB.
    Institution,
    /// Familjehem, nätverkshem and jourhem.
    FamilyHome,
    /// Stödboende (boende utan HVB-tillstånd).
    Housing,
    /// Statens institutionsstyrelse (särskilda ungdomshem).
    Sis,
}

impl PlacementType {
    pub const ALL: [PlacementType; 4] = [
        Self::Institution,
        Self::FamilyHome,
        Self::Housing,
        Self::Sis,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Institution => "institution",
            Self::FamilyHome => "familjehem",
            Self::Housing => "boende",
            Self::Sis => "sis",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Institution => "Institution (HVB)",
            Self::FamilyHome => "Familjehem inkl. jourhem",
            Self::Housing => "Boende (stödboende)",
            Self::Sis => "SiS",
        }
    }

    /// The placement type of an intervention kind; `None` for care that is
    /// not a placement.
    pub fn of(kind: crate::catalog::InterventionKind) -> Option<Self> {
        use crate::catalog::InterventionKind as K;
        match kind {
            K::Hvb => Some(Self::Institution),
            K::FosterHome | K::NetworkHome | K::EmergencyFosterHome => Some(Self::FamilyHome),
            K::SupportedHousing => Some(Self::Housing),
            K::SecureUnit => Some(Self::Sis),
            K::CommunityCare | K::ContactPerson | K::QualifiedContactPerson => None,
        }
    }

    /// The intervention kinds of this type.
    pub fn kinds(self) -> &'static [crate::catalog::InterventionKind] {
        use crate::catalog::InterventionKind as K;
        match self {
            Self::Institution => &[K::Hvb],
            Self::FamilyHome => &[K::FosterHome, K::NetworkHome, K::EmergencyFosterHome],
            Self::Housing => &[K::SupportedHousing],
            Self::Sis => &[K::SecureUnit],
        }
    }
}

/// A verksamhet (activity code, e.g. 4021 Institutionsvård barn och unga).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub code: String,
    pub name: String,
    /// The placements it pays for, if it is a care activity: its net cost
    /// is the key figures' cost of that placement type, and bought care on
    /// it is reconciled against the care records.
    pub placement_type: Option<PlacementType>,
    pub valid: Validity,
}

/// Where a project's money comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FinancingKind {
    /// Statsbidrag (a state grant).
    StateGrant,
    /// Samordningsförbund (financial coordination association).
    CoordinationAssociation,
    /// EU funds.
    EuFund,
    /// Other public or private grant.
    OtherGrant,
    /// The committee's own budget.
    Own,
}

impl FinancingKind {
    pub const ALL: [FinancingKind; 5] = [
        Self::StateGrant,
        Self::CoordinationAssociation,
        Self::EuFund,
        Self::OtherGrant,
        Self::Own,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::StateGrant => "statsbidrag",
            Self::CoordinationAssociation => "samordningsforbund",
            Self::EuFund => "eu",
            Self::OtherGrant => "annat_bidrag",
            Self::Own => "egen",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::StateGrant => "Statsbidrag",
            Self::CoordinationAssociation => "Samordningsförbund",
            Self::EuFund => "EU-medel",
            Self::OtherGrant => "Annat bidrag",
            Self::Own => "Egen finansiering",
        }
    }
}

/// One source of a project's financing in a year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Financing {
    pub kind: FinancingKind,
    /// Who gives it ("Samordningsförbundet HBS", "Socialstyrelsen").
    pub source: String,
    pub year: i16,
    pub amount: Money,
}

/// A project (seed 001: Paraplyprojektet, IPS, projects on statsbidrag).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub code: String,
    pub name: String,
    /// The responsibility that runs it.
    pub responsibility: Option<String>,
    pub financing: Vec<Financing>,
    pub valid: Validity,
}

impl Project {
    /// The project's financing in `year`, total.
    pub fn financed_in(&self, year: i16) -> Money {
        self.financing
            .iter()
            .filter(|f| f.year == year)
            .map(|f| f.amount)
            .sum()
    }
}

/// The whole structure as of a day or year.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Structure {
    pub responsibilities: Vec<Responsibility>,
    pub activities: Vec<Activity>,
    pub projects: Vec<Project>,
}

impl Structure {
    pub fn responsibility(&self, code: &str) -> Option<&Responsibility> {
        self.responsibilities.iter().find(|r| r.code == code)
    }
    pub fn activity(&self, code: &str) -> Option<&Activity> {
        self.activities.iter().find(|a| a.code == code)
    }
    pub fn project(&self, code: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.code == code)
    }
    /// The responsibilities of a unit.
    pub fn responsibilities_of(&self, unit: UnitId) -> impl Iterator<Item = &Responsibility> {
        self.responsibilities
            .iter()
            .filter(move |r| r.unit == Some(unit))
    }
    /// The activities paying for placements of `t`.
    pub fn activities_for(&self, t: PlacementType) -> impl Iterator<Item = &Activity> {
        self.activities
            .iter()
            .filter(move |a| a.placement_type == Some(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_and_step() {
        assert_eq!(Month::parse("202504"), Month::new(2025, 4));
        assert_eq!(Month::parse("2025-4"), Month::new(2025, 4));
        assert_eq!(Month::parse("2025-13"), None);
        assert_eq!(Month::parse("20251"), None);
        assert_eq!(Month::parse("2Ö2504"), None);
        assert_eq!(
            Month::new(2024, 12).unwrap().next(),
            Month::new(2025, 1).unwrap()
        );
        assert_eq!(Month::new(2024, 2).unwrap().days(), 29);
    }

    #[test]
    fn codes_are_checked() {
        assert_eq!(parse_code(" 4021 "), Ok("4021".into()));
        assert!(parse_code("a b").is_err());
        assert!(parse_code("").is_err());
        assert!(parse_code(&"x".repeat(21)).is_err());
    }
}
