//! The national norm (riksnormen) for försörjningsstöd, as data per year,
//! and the norm of a household as a pure function.
//!
//! The government sets the amounts each calendar year (2 kap. 1 §
//! socialtjänstförordningen (2001:937); the norm itself 12 kap. 7 § andra
//! stycket SoL (2025:400), before 2025-07-01 4 kap. 3 § SoL (2001:453)).
//! The norm of a household is the sum of the personal costs of every member
//! and the household's common costs:
//!
//! - a child or school youth at home: by age band (under 1, 1-2, 3, 4-6,
//!   7-10, 11-14, 15-18, 19-20); for ages 0-6 a lower amount when the child
//!   has lunch at preschool five days a week ("ej lunch 5 dagar/vecka");
//! - the adults: one amount for a single adult, one for cohabiting adults
//!   together;
//! - common costs by the number of persons in the household (1-7); for more
//!   than seven, each further person adds the difference between seven and
//!   six;
//! - an adult sharing the household without being a partner is a case of
//!   their own: single adult's personal costs plus the household's common
//!   costs divided by its number of members. Tillit generalises this to the
//!   application's household sharing a dwelling with `others_in_dwelling`
//!   persons: its share of the common costs is its members' share.
//!
//! A child's age is counted in whole years on the **last day of the month
//! applied for** (a child who turns 7 during the month is 7-10 that month;
//! a child born during the month is counted). Only the years whose table
//! could be checked against a public source are shipped ([`TABLES`]); the
//! test `each_table_matches_its_source` reads the amounts as the source
//! prints them (`crates/domain/tests/riksnorm/`).

use super::money::{Kronor, YearMonth};
use jiff::civil::Date;
use std::borrow::Cow;

/// A child's age band in the norm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AgeBand {
    Under1,
    From1To2,
    Age3,
    From4To6,
    From7To10,
    From11To14,
    From15To18,
    From19To20,
}

impl AgeBand {
    pub const ALL: [AgeBand; 8] = [
        AgeBand::Under1,
        AgeBand::From1To2,
        AgeBand::Age3,
        AgeBand::From4To6,
        AgeBand::From7To10,
        AgeBand::From11To14,
        AgeBand::From15To18,
        AgeBand::From19To20,
    ];

    /// The band of a child of `age` whole years; `None` from 21 (an adult).
    pub fn of_age(age: u8) -> Option<AgeBand> {
        Some(match age {
            0 => AgeBand::Under1,
            1..=2 => AgeBand::From1To2,
            3 => AgeBand::Age3,
            4..=6 => AgeBand::From4To6,
            7..=10 => AgeBand::From7To10,
            11..=14 => AgeBand::From11To14,
            15..=18 => AgeBand::From15To18,
            19..=20 => AgeBand::From19To20,
            _ => return None,
        })
    }

    fn index(self) -> usize {
        self as usize
    }

    pub fn label(self) -> &'static str {
        match self {
            AgeBand::Under1 => "under 1 år",
            AgeBand::From1To2 => "1–2 år",
            AgeBand::Age3 => "3 år",
            AgeBand::From4To6 => "4–6 år",
            AgeBand::From7To10 => "7–10 år",
            AgeBand::From11To14 => "11–14 år",
            AgeBand::From15To18 => "15–18 år",
            AgeBand::From19To20 => "19–20 år",
        }
    }
}

/// Where a table Tillit computes with comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NormOrigin {
    /// Shipped in code ([`TABLES`]), checked against its source.
    Shipped,
    /// Entered by the system administrator (`/admin/riksnorm`); `version`
    /// counts the corrections (1 the first entry).
    Entered { version: u32 },
}

/// One year's riksnorm, with where it was published.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NormTable {
    pub year: i16,
    /// Personal costs per child at home, by [`AgeBand`], all meals at home.
    pub child: [i64; 8],
    /// The same for ages 0-6 when the child has lunch at preschool five
    /// days a week (bands under 1, 1-2, 3, 4-6).
    pub child_lunch_at_preschool: [i64; 4],
    pub single_adult: i64,
    /// Two cohabiting adults together.
    pub cohabiting_adults: i64,
    /// Common household costs for 1-7 persons.
    pub common: [i64; 7],
    /// The published source the amounts were checked against.
    pub source: Cow<'static, str>,
    /// A link to the source (may be empty for an entered table).
    pub source_url: Cow<'static, str>,
    /// In force 1 January to 31 December of `year`.
    pub valid_from: Date,
    pub valid_to: Date,
    /// Shipped in code or entered by the administrator.
    pub origin: NormOrigin,
}

macro_rules! table {
    ($year:literal, child: $child:expr, lunch: $lunch:expr, single: $single:literal, cohabiting: $co:literal, common: $common:expr, source: $source:literal, url: $url:literal) => {
        NormTable {
            year: $year,
            child: $child,
            child_lunch_at_preschool: $lunch,
            single_adult: $single,
            cohabiting_adults: $co,
            common: $common,
            source: Cow::Borrowed($source),
            source_url: Cow::Borrowed($url),
            valid_from: jiff::civil::date($year, 1, 1),
            valid_to: jiff::civil::date($year, 12, 31),
            origin: NormOrigin::Shipped,
        }
    };
}

/// The years shipped: each checked against the published table named in
/// `source`. Years not here (2016, 2018, 2020, 2022 onwards) could not be
/// verified from a public source when this was written; a month in such a
/// year gets no computed norm (the caseworker is told so).
pub const TABLES: &[NormTable] = &[
    table!(2013,
        child: [1740, 1980, 1730, 1980, 2410, 2840, 3250, 3280],
        lunch: [1610, 1800, 1550, 1730],
        single: 2950, cohabiting: 5320,
        common: [930, 1040, 1310, 1490, 1710, 1950, 2120],
        source: "Socialstyrelsen, nyhet 2013-11-19 \"Oförändrade belopp i riksnormen för 2014\" (2014 års belopp oförändrade i förhållande till 2013)",
        url: "http://www.socialstyrelsen.se/nyheter/2013november/oforandradebeloppiriksnormenfor2014"),
    table!(2014,
        child: [1740, 1980, 1730, 1980, 2410, 2840, 3250, 3280],
        lunch: [1610, 1800, 1550, 1730],
        single: 2950, cohabiting: 5320,
        common: [930, 1040, 1310, 1490, 1710, 1950, 2120],
        source: "Socialstyrelsen, nyhet 2013-11-19 \"Oförändrade belopp i riksnormen för 2014\"",
        url: "http://www.socialstyrelsen.se/nyheter/2013november/oforandradebeloppiriksnormenfor2014"),
    table!(2015,
        child: [1740, 1980, 1730, 1980, 2410, 2840, 3250, 3280],
        lunch: [1610, 1800, 1550, 1730],
        single: 2950, cohabiting: 5320,
        common: [930, 1040, 1310, 1490, 1710, 1950, 2120],
        source: "Socialstyrelsen, \"Riksnormen för försörjningsstöd\", tabellerna för 2015 (gäller till och med 31 december 2015)",
        url: "http://www.socialstyrelsen.se/ekonomisktbistand/riksnormen"),
    table!(2017,
        child: [1860, 2100, 1850, 2100, 2690, 3120, 3540, 3570],
        lunch: [1730, 1920, 1670, 1850],
        single: 2980, cohabiting: 5370,
        common: [950, 1060, 1330, 1520, 1740, 1980, 2150],
        source: "Socialstyrelsen, information 2016-10-07 \"Riksnormen för försörjningsstöd 2017\", dnr 3.8-27193/2016",
        url: "https://studylibsv.com/doc/981717/riksnormen-f%C3%B6r-f%C3%B6rs%C3%B6rjningsst%C3%B6d-2017"),
    table!(2019,
        child: [2130, 2380, 2120, 2380, 2990, 3440, 3880, 3910],
        lunch: [2000, 2190, 1940, 2120],
        single: 3090, cohabiting: 5570,
        common: [990, 1100, 1380, 1570, 1810, 2050, 2220],
        source: "Socialstyrelsen, \"Riksnormen för försörjningsstöd\", riksnormen för 2019 (gäller från och med 1 januari 2019)",
        url: "https://www.socialstyrelsen.se/ekonomisktbistand/riksnormen"),
    table!(2021,
        child: [2180, 2440, 2170, 2440, 3060, 3520, 3970, 4000],
        lunch: [2050, 2240, 1990, 2170],
        single: 3160, cohabiting: 5700,
        common: [1020, 1130, 1420, 1610, 1860, 2100, 2270],
        source: "SFS 2020:1013, förordning om ändring i socialtjänstförordningen (2001:937), 2 kap. 1 §, riksnormen under 2021",
        url: "https://www.lagboken.se/Lagboken/start/sfs/sfs/2020/1000-1099/d_4150301-sfs-2020_1013-forordning-om-andring-i-socialtjanstforordningen-2001_937"),
];

/// The table in force in `year`, if Tillit has it.
pub fn table_for(year: i16) -> Option<&'static NormTable> {
    TABLES.iter().find(|t| t.year == year)
}

/// The years Tillit has a table for, as Swedish text ("2013, 2014, ...").
pub fn years_text() -> String {
    TABLES
        .iter()
        .map(|t| t.year.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

impl NormTable {
    /// Common costs for a household of `persons` (at least 1): the table up
    /// to seven, then seven's amount plus, for each further person, the
    /// difference between seven and six.
    pub fn common_costs(&self, persons: u32) -> i64 {
        let n = persons.max(1);
        if n <= 7 {
            return self.common[(n - 1) as usize];
        }
        let step = self.common[6] - self.common[5];
        self.common[6] + step * i64::from(n - 7)
    }

    /// Personal costs of a child of `band`; `lunch_at_preschool` only for
    /// the bands up to 4-6.
    pub fn child_costs(&self, band: AgeBand, lunch_at_preschool: bool) -> Option<i64> {
        if lunch_at_preschool {
            self.child_lunch_at_preschool.get(band.index()).copied()
        } else {
            Some(self.child[band.index()])
        }
    }
}

/// The adults of the application's household.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Adults {
    Single,
    Cohabiting,
}

/// A child (or school youth up to 20) at home, as the norm sees them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NormChild {
    /// Whole years on the last day of the month.
    pub age: u8,
    /// Lunch at preschool five days a week (ages 0-6 only).
    pub lunch_at_preschool: bool,
}

/// What the norm is computed for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NormHousehold {
    pub adults: Adults,
    pub children: Vec<NormChild>,
    /// Persons sharing the dwelling who are not in this application (an
    /// adult child, a lodger, a relative): they make the household larger
    /// for the common costs, of which this application gets its members'
    /// share.
    pub others_in_dwelling: u32,
}

impl NormHousehold {
    /// The persons of the application (adults and children).
    pub fn members(&self) -> u32 {
        let adults = match self.adults {
            Adults::Single => 1,
            Adults::Cohabiting => 2,
        };
        adults + u32::try_from(self.children.len()).unwrap_or(u32::MAX - 2)
    }
}

/// What a line of the norm is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NormLineKind {
    Adults,
    Child { band: AgeBand, age: u8 },
    Common,
}

/// One line of the computed norm, shown item by item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NormLine {
    pub kind: NormLineKind,
    /// Swedish: what the line is.
    pub label: String,
    pub amount: Kronor,
}

/// The norm of a household in a month, item by item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NormBreakdown {
    pub year: i16,
    pub lines: Vec<NormLine>,
    pub total: Kronor,
    pub source: String,
    /// The table's origin: shipped, or entered (which version).
    pub origin: NormOrigin,
}

/// Why the norm could not be computed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NormError {
    #[error(
        "Riksnormen för {0} finns inte i Tillit (Tillit har {1}). Systemförvaltaren lägger in årets riksnorm under Administration, Riksnorm; till dess räknar du normen för hand och skriver beloppet."
    )]
    NoTable(i16, String),
    #[error(
        "Barnet som är {0} år räknas som vuxen i riksnormen (barn och skolungdomar upp till 20 år). Registrera personen som annan vuxen."
    )]
    ChildTooOld(u8),
    #[error(
        "Lunch i förskolan ger lägre norm bara för barn upp till 6 år; barnet är {0} år. Ta bort valet."
    )]
    LunchOnlyUpTo6(u8),
}

/// The norm of `household` by `table`. Lines: the adults, each child in
/// the order given, the common costs (or the application's share of them).
pub fn norm(table: &NormTable, household: &NormHousehold) -> Result<NormBreakdown, NormError> {
    let mut lines = Vec::with_capacity(household.children.len() + 2);
    let (label, amount) = match household.adults {
        Adults::Single => (
            "Personliga kostnader, ensamstående vuxen",
            table.single_adult,
        ),
        Adults::Cohabiting => (
            "Personliga kostnader, sammanboende vuxna",
            table.cohabiting_adults,
        ),
    };
    lines.push(NormLine {
        kind: NormLineKind::Adults,
        label: label.to_string(),
        amount: Kronor(amount),
    });
    for child in &household.children {
        let band = AgeBand::of_age(child.age).ok_or(NormError::ChildTooOld(child.age))?;
        let amount = table
            .child_costs(band, child.lunch_at_preschool)
            .ok_or(NormError::LunchOnlyUpTo6(child.age))?;
        let lunch = if child.lunch_at_preschool {
            ", lunch i förskolan"
        } else {
            ""
        };
        lines.push(NormLine {
            kind: NormLineKind::Child {
                band,
                age: child.age,
            },
            label: format!(
                "Personliga kostnader, barn {} år ({}{lunch})",
                child.age,
                band.label()
            ),
            amount: Kronor(amount),
        });
    }
    let members = household.members();
    let persons = members.saturating_add(household.others_in_dwelling);
    let whole = table.common_costs(persons);
    let (label, amount) = if household.others_in_dwelling == 0 {
        (
            format!(
                "Gemensamma hushållskostnader, {persons} {}",
                persons_word(persons)
            ),
            whole,
        )
    } else {
        // Half up to whole kronor.
        let share =
            (whole * i64::from(members) * 2 + i64::from(persons)) / (2 * i64::from(persons));
        (
            format!(
                "Gemensamma hushållskostnader, {members} av {persons} personer i hushållet ({} × {members}/{persons})",
                Kronor(whole)
            ),
            share,
        )
    };
    lines.push(NormLine {
        kind: NormLineKind::Common,
        label,
        amount: Kronor(amount),
    });
    let total = lines.iter().map(|l| l.amount).sum();
    Ok(NormBreakdown {
        year: table.year,
        lines,
        total,
        source: table.source.to_string(),
        origin: table.origin,
    })
}

/// The norm of `household` for `month`, with the shipped table of its year.
pub fn norm_for_month(
    month: YearMonth,
    household: &NormHousehold,
) -> Result<NormBreakdown, NormError> {
    norm_for_month_with(month, household, &[])
}

/// The table Tillit computes with in `year`: the shipped one if there is
/// one (checked against its source; it takes precedence over a table
/// entered for the same year, which the administrator's page says), else
/// the one `entered` for the year.
pub fn table_in_force(year: i16, entered: &[NormTable]) -> Option<&NormTable> {
    table_for(year).or_else(|| entered.iter().find(|t| t.year == year))
}

/// The norm of `household` for `month` with the table in force in its year
/// ([`table_in_force`]): `entered` are the tables the administrator
/// entered (their latest versions).
pub fn norm_for_month_with(
    month: YearMonth,
    household: &NormHousehold,
    entered: &[NormTable],
) -> Result<NormBreakdown, NormError> {
    let Some(table) = table_in_force(month.year, entered) else {
        let mut years: Vec<i16> = TABLES
            .iter()
            .map(|t| t.year)
            .chain(entered.iter().map(|t| t.year))
            .collect();
        years.sort_unstable();
        years.dedup();
        let text = years
            .iter()
            .map(i16::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        return Err(NormError::NoTable(month.year, text));
    };
    norm(table, household)
}

fn persons_word(n: u32) -> &'static str {
    if n == 1 { "person" } else { "personer" }
}

/// A person's age in whole years on `on`; `None` if born after `on`.
pub fn age_on(birth: Date, on: Date) -> Option<u8> {
    if birth > on {
        return None;
    }
    let mut age = i32::from(on.year()) - i32::from(birth.year());
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    u8::try_from(age.max(0)).ok()
}

/// A child's age as the norm counts it for `month`: on the month's last day.
pub fn age_in_month(birth: Date, month: YearMonth) -> Option<u8> {
    age_on(birth, month.last_day())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn child(age: u8) -> NormChild {
        NormChild {
            age,
            lunch_at_preschool: false,
        }
    }

    fn single_with(children: Vec<NormChild>) -> NormHousehold {
        NormHousehold {
            adults: Adults::Single,
            children,
            others_in_dwelling: 0,
        }
    }

    /// The golden example: a single adult with two children of 5 and 12,
    /// worked by hand from each year's published table.
    #[test]
    fn a_single_adult_with_children_of_5_and_12() {
        let h = single_with(vec![child(5), child(12)]);
        // 2021 (SFS 2020:1013): 3 160 + 2 440 (4–6) + 3 520 (11–14) + 1 420 (3 pers.) = 10 540.
        let n = norm(table_for(2021).unwrap(), &h).unwrap();
        let amounts: Vec<i64> = n.lines.iter().map(|l| l.amount.0).collect();
        assert_eq!(amounts, vec![3160, 2440, 3520, 1420]);
        assert_eq!(n.total, Kronor(10_540));
        assert_eq!(n.lines[1].label, "Personliga kostnader, barn 5 år (4–6 år)");
        assert_eq!(n.lines[3].label, "Gemensamma hushållskostnader, 3 personer");
        // 2019: 3 090 + 2 380 + 3 440 + 1 380 = 10 290.
        assert_eq!(
            norm(table_for(2019).unwrap(), &h).unwrap().total,
            Kronor(10_290)
        );
        // 2014: 2 950 + 1 980 + 2 840 + 1 310 = 9 080.
        assert_eq!(
            norm(table_for(2014).unwrap(), &h).unwrap().total,
            Kronor(9_080)
        );
        // The 5-year-old with lunch at preschool, 2021: 2 170 instead of 2 440.
        let h = single_with(vec![
            NormChild {
                age: 5,
                lunch_at_preschool: true,
            },
            child(12),
        ]);
        assert_eq!(
            norm(table_for(2021).unwrap(), &h).unwrap().total,
            Kronor(10_270)
        );
    }

    #[test]
    fn cohabiting_adults_and_a_large_household() {
        // 2017: two adults, children 0, 3, 8, 16, 19 and 20: 8 persons.
        // 5 370 + 1 860 + 1 850 + 2 690 + 3 540 + 3 570 + 3 570 = 22 450,
        // common for 8: 2 150 + (2 150 − 1 980) = 2 320. Total 24 770.
        let h = NormHousehold {
            adults: Adults::Cohabiting,
            children: [0, 3, 8, 16, 19, 20].into_iter().map(child).collect(),
            others_in_dwelling: 0,
        };
        let n = norm(table_for(2017).unwrap(), &h).unwrap();
        assert_eq!(n.lines.last().unwrap().amount, Kronor(2320));
        assert_eq!(n.total, Kronor(24_770));
        // The regulation's own example (Socialstyrelsen 2017): an adult in a
        // household of 5 without being a partner: 1 740 / 5 + 2 980 = 3 328.
        let lodger = NormHousehold {
            adults: Adults::Single,
            children: vec![],
            others_in_dwelling: 4,
        };
        assert_eq!(
            norm(table_for(2017).unwrap(), &lodger).unwrap().total,
            Kronor(3328)
        );
        // And 2014's: 1 710 / 5 + 2 950 = 3 292.
        assert_eq!(
            norm(table_for(2014).unwrap(), &lodger).unwrap().total,
            Kronor(3292)
        );
    }

    #[test]
    fn errors_are_said_in_swedish() {
        let t = table_for(2021).unwrap();
        assert_eq!(
            norm(t, &single_with(vec![child(21)])),
            Err(NormError::ChildTooOld(21))
        );
        let lunch = NormChild {
            age: 7,
            lunch_at_preschool: true,
        };
        assert_eq!(
            norm(t, &single_with(vec![lunch])),
            Err(NormError::LunchOnlyUpTo6(7))
        );
        let e = norm_for_month(YearMonth::new(2026, 3).unwrap(), &single_with(vec![])).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("Riksnormen för 2026 finns inte i Tillit"),
            "{e}"
        );
    }

    #[test]
    fn ages_are_counted_on_the_months_last_day() {
        let m = YearMonth::new(2021, 3).unwrap();
        assert_eq!(age_in_month(date(2014, 3, 31), m), Some(7));
        assert_eq!(age_in_month(date(2014, 4, 1), m), Some(6));
        assert_eq!(age_in_month(date(2021, 3, 15), m), Some(0));
        assert_eq!(age_in_month(date(2021, 4, 1), m), None);
        assert_eq!(age_on(date(2000, 2, 29), date(2021, 2, 28)), Some(20));
        assert_eq!(age_on(date(2000, 2, 29), date(2021, 3, 1)), Some(21));
    }

    #[test]
    fn every_table_is_ordered_as_the_tables_are() {
        for t in TABLES {
            assert_eq!(t.valid_from, date(t.year, 1, 1));
            assert_eq!(t.valid_to, date(t.year, 12, 31));
            assert!(t.common.windows(2).all(|w| w[0] < w[1]), "{}", t.year);
            for (with, without) in t.child.iter().zip(t.child_lunch_at_preschool) {
                assert!(without < *with, "{}", t.year);
            }
            assert!(t.cohabiting_adults > t.single_adult);
            assert!(!t.source.is_empty() && t.source_url.starts_with("http"));
        }
        let years: Vec<i16> = TABLES.iter().map(|t| t.year).collect();
        let mut sorted = years.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(years, sorted);
    }

    fn household() -> impl Strategy<Value = NormHousehold> {
        (
            any::<bool>(),
            prop::collection::vec((0u8..=20, any::<bool>()), 0..10),
            0u32..5,
        )
            .prop_map(|(co, kids, others)| NormHousehold {
                adults: if co {
                    Adults::Cohabiting
                } else {
                    Adults::Single
                },
                children: kids
                    .into_iter()
                    .map(|(age, lunch)| NormChild {
                        age,
                        lunch_at_preschool: lunch && age <= 6,
                    })
                    .collect(),
                others_in_dwelling: others,
            })
    }

    proptest! {
        #[test]
        fn lines_add_up_to_the_total(h in household(), ti in 0usize..TABLES.len()) {
            let n = norm(&TABLES[ti], &h).unwrap();
            prop_assert_eq!(n.lines.iter().map(|l| l.amount.0).sum::<i64>(), n.total.0);
            prop_assert_eq!(n.lines.len(), h.children.len() + 2);
        }

        #[test]
        fn more_members_never_lower_the_norm(
            h in household(),
            age in 0u8..=20,
            lunch in any::<bool>(),
            ti in 0usize..TABLES.len(),
        ) {
            let t = &TABLES[ti];
            let before = norm(t, &h).unwrap().total;
            let mut more = h.clone();
            more.children.push(NormChild { age, lunch_at_preschool: lunch && age <= 6 });
            prop_assert!(norm(t, &more).unwrap().total > before);
            if h.adults == Adults::Single {
                let mut partner = h.clone();
                partner.adults = Adults::Cohabiting;
                prop_assert!(norm(t, &partner).unwrap().total > before);
            }
        }

        #[test]
        fn a_child_moving_up_a_band_changes_only_its_own_part(
            h in household(),
            age in 0u8..20,
            ti in 0usize..TABLES.len(),
        ) {
            let t = &TABLES[ti];
            let mut a = h.clone();
            a.children.push(child(age));
            let mut b = h.clone();
            b.children.push(child(age + 1));
            let (na, nb) = (norm(t, &a).unwrap(), norm(t, &b).unwrap());
            let k = h.children.len() + 1;
            for (i, (la, lb)) in na.lines.iter().zip(&nb.lines).enumerate() {
                if i != k {
                    prop_assert_eq!(la, lb);
                }
            }
            let band = |n: u8| AgeBand::of_age(n).unwrap();
            let own = nb.lines[k].amount.0 - na.lines[k].amount.0;
            prop_assert_eq!(own, t.child[band(age + 1).index()] - t.child[band(age).index()]);
            prop_assert_eq!(nb.total.0 - na.total.0, own);
            if band(age) == band(age + 1) {
                prop_assert_eq!(na.total, nb.total);
            }
        }

        #[test]
        fn common_costs_beyond_seven_follow_the_rule(n in 8u32..40, ti in 0usize..TABLES.len()) {
            let t = &TABLES[ti];
            prop_assert_eq!(t.common_costs(n) - t.common_costs(n - 1), t.common[6] - t.common[5]);
        }
    }
}
