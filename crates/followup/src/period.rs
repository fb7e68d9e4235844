//! Follow-up periods: month, tertial, delår, half year, quarter, year,
//! rolling 12 months and any date range. A [`Period`] can only hold a valid
//! period; it is parsed once at the edge from codes such as `2025-T2`.

use crate::day::{Day, add_months, date_of, day_number, days_in_month, from_civil, to_civil};
use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// The kind of a period, with its place in the year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PeriodKind {
    /// Calendar year.
    Year { year: i16 },
    /// Half year: 1 = January-June, 2 = July-December.
    Half { year: i16, half: u8 },
    /// Tertial: 1 = January-April, 2 = May-August, 3 = September-December.
    Tertial { year: i16, tertial: u8 },
    /// Quarter (IVO reporting): 1 = January-March ... 4 = October-December.
    Quarter { year: i16, quarter: u8 },
    /// Calendar month, 1-12.
    Month { year: i16, month: u8 },
    /// Delår, cumulative from January: 1 = January-April, 2 = January-August.
    Interim { year: i16, part: u8 },
    /// Rolling 12 months ending with (and including) `month` of `year`.
    Rolling12 { year: i16, month: u8 },
    /// Any range of days, both ends included.
    Range,
}

/// A follow-up period: a kind and the first and last day it covers (both
/// included).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    kind: PeriodKind,
    start: Day,
    end: Day,
}

/// Why a period could not be made or parsed. Messages are Swedish: they are
/// shown to the person who typed the period.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error(
        "Okänd period \"{0}\". Ange t.ex. 2025, 2025-T2, 2025-Q3, 2025-M05, 2025-H1, 2025-D2, R12:2025-06 eller 2025-03-01..2025-06-30."
    )]
    Unrecognised(String),
    #[error("Året {0} ligger utanför det som kan följas upp (1000-9998).")]
    YearOutOfRange(i32),
    #[error("{what} {value} finns inte.")]
    OutOfRange { what: &'static str, value: u32 },
    #[error("Periodens slut ({end}) ligger före dess början ({start}).")]
    EndBeforeStart { start: Date, end: Date },
}

const MONTHS_SHORT: [&str; 12] = [
    "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];

fn check_year(year: i16) -> Result<(), PeriodError> {
    if (1000..=9998).contains(&year) {
        Ok(())
    } else {
        Err(PeriodError::YearOutOfRange(i32::from(year)))
    }
}

fn check_index(what: &'static str, value: u8, max: u8) -> Result<(), PeriodError> {
    if (1..=max).contains(&value) {
        Ok(())
    } else {
        Err(PeriodError::OutOfRange {
            what,
            value: u32::from(value),
        })
    }
}

/// First day of `month` (1-12) of `year`.
fn first_of(year: i16, month: u8) -> Day {
    from_civil(i32::from(year), u32::from(month), 1)
}

/// Last day of `month` (1-12) of `year`.
fn last_of(year: i16, month: u8) -> Day {
    from_civil(
        i32::from(year),
        u32::from(month),
        days_in_month(i32::from(year), u32::from(month)),
    )
}

impl Period {
    fn months_span(kind: PeriodKind, year: i16, first: u8, last: u8) -> Self {
        Self {
            kind,
            start: first_of(year, first),
            end: last_of(year, last),
        }
    }

    /// A calendar year.
    pub fn year(year: i16) -> Result<Self, PeriodError> {
        check_year(year)?;
        Ok(Self::months_span(PeriodKind::Year { year }, year, 1, 12))
    }

    /// Half year 1 (January-June) or 2 (July-December).
    pub fn half(year: i16, half: u8) -> Result<Self, PeriodError> {
        check_year(year)?;
        check_index("Halvår", half, 2)?;
        let first = (half - 1) * 6 + 1;
        Ok(Self::months_span(
            PeriodKind::Half { year, half },
            year,
            first,
            first + 5,
        ))
    }

    /// Tertial 1 (January-April), 2 (May-August) or 3 (September-December).
    pub fn tertial(year: i16, tertial: u8) -> Result<Self, PeriodError> {
        check_year(year)?;
        check_index("Tertial", tertial, 3)?;
        let first = (tertial - 1) * 4 + 1;
        Ok(Self::months_span(
            PeriodKind::Tertial { year, tertial },
            year,
            first,
            first + 3,
        ))
    }

    /// Quarter 1-4.
    pub fn quarter(year: i16, quarter: u8) -> Result<Self, PeriodError> {
        check_year(year)?;
        check_index("Kvartal", quarter, 4)?;
        let first = (quarter - 1) * 3 + 1;
        Ok(Self::months_span(
            PeriodKind::Quarter { year, quarter },
            year,
            first,
            first + 2,
        ))
    }

    /// A calendar month, 1-12.
    pub fn month(year: i16, month: u8) -> Result<Self, PeriodError> {
        check_year(year)?;
        check_index("Månad", month, 12)?;
        Ok(Self::months_span(
            PeriodKind::Month { year, month },
            year,
            month,
            month,
        ))
    }

    /// Delår: 1 = January-April, 2 = January-August.
    pub fn interim(year: i16, part: u8) -> Result<Self, PeriodError> {
        check_year(year)?;
        check_index("Delår", part, 2)?;
        Ok(Self::months_span(
            PeriodKind::Interim { year, part },
            year,
            1,
            part * 4,
        ))
    }

    /// The 12 months ending with (and including) `month` of `year`.
    pub fn rolling_12(year: i16, month: u8) -> Result<Self, PeriodError> {
        check_year(year)?;
        check_index("Månad", month, 12)?;
        let end = last_of(year, month);
        let start = add_months(first_of(year, month), -11);
        Ok(Self {
            kind: PeriodKind::Rolling12 { year, month },
            start,
            end,
        })
    }

    /// Any range of days, both ends included.
    pub fn range(start: Date, end: Date) -> Result<Self, PeriodError> {
        if end < start {
            return Err(PeriodError::EndBeforeStart { start, end });
        }
        check_year(start.year())?;
        check_year(end.year())?;
        Ok(Self {
            kind: PeriodKind::Range,
            start: day_number(start),
            end: day_number(end),
        })
    }

    /// A range from day numbers, already checked to be in order and in range.
    fn range_days(start: Day, end: Day) -> Self {
        Self {
            kind: PeriodKind::Range,
            start,
            end,
        }
    }

    pub fn kind(&self) -> PeriodKind {
        self.kind
    }

    /// First day of the period (day number).
    pub fn first_day(&self) -> Day {
        self.start
    }

    /// Last day of the period, included (day number).
    pub fn last_day(&self) -> Day {
        self.end
    }

    /// First day of the period.
    pub fn start(&self) -> Date {
        // Valid by construction: both ends are checked to lie in 1000..=9998.
        date_of(self.start).unwrap_or(Date::MIN)
    }

    /// Last day of the period, included.
    pub fn end(&self) -> Date {
        // Valid by construction, as in `start`.
        date_of(self.end).unwrap_or(Date::MAX)
    }

    /// Number of days in the period.
    pub fn days(&self) -> i32 {
        self.end - self.start + 1
    }

    pub fn contains(&self, date: Date) -> bool {
        let d = day_number(date);
        self.start <= d && d <= self.end
    }

    /// The same period one year earlier (for "samma period föregående år").
    /// A range moves both ends back 12 months (29 February becomes 28 February).
    pub fn previous_year(&self) -> Self {
        let shifted = match self.kind {
            PeriodKind::Year { year } => Self::year(year - 1).ok(),
            PeriodKind::Half { year, half } => Self::half(year - 1, half).ok(),
            PeriodKind::Tertial { year, tertial } => Self::tertial(year - 1, tertial).ok(),
            PeriodKind::Quarter { year, quarter } => Self::quarter(year - 1, quarter).ok(),
            PeriodKind::Month { year, month } => Self::month(year - 1, month).ok(),
            PeriodKind::Interim { year, part } => Self::interim(year - 1, part).ok(),
            PeriodKind::Rolling12 { year, month } => Self::rolling_12(year - 1, month).ok(),
            PeriodKind::Range => None,
        };
        // A range, or a period of the year 1000 (whose previous year is out
        // of range for the named kinds): the same days 12 months earlier.
        shifted.unwrap_or_else(|| {
            Self::range_days(add_months(self.start, -12), add_months(self.end, -12))
        })
    }

    /// The calendar months the period covers, in order. Whole months are
    /// [`PeriodKind::Month`]; where a range covers part of a month, that part
    /// is a range, so the months always add up to the period.
    pub fn months(&self) -> Vec<Period> {
        let mut out = Vec::new();
        let (y0, m0, _) = to_civil(self.start);
        let (mut y, mut m) = (y0, m0);
        loop {
            let first = from_civil(y, m, 1);
            if first > self.end {
                break;
            }
            let last = from_civil(y, m, days_in_month(y, m));
            let (s, e) = (first.max(self.start), last.min(self.end));
            // Years here lie in 1000..=9998 (checked when the period was made).
            let whole = s == first && e == last;
            out.push(match (whole, i16::try_from(y), u8::try_from(m)) {
                (true, Ok(yy), Ok(mm)) => Self::months_span(
                    PeriodKind::Month {
                        year: yy,
                        month: mm,
                    },
                    yy,
                    mm,
                    mm,
                ),
                _ => Self::range_days(s, e),
            });
            if m == 12 {
                y += 1;
                m = 1;
            } else {
                m += 1;
            }
        }
        out
    }

    /// Stable code, the form [`FromStr`] parses: `2025`, `2025-H1`, `2025-T2`,
    /// `2025-Q3`, `2025-M05`, `2025-D2`, `R12:2025-06`, `2025-03-01..2025-06-30`.
    pub fn code(&self) -> String {
        match self.kind {
            PeriodKind::Year { year } => format!("{year}"),
            PeriodKind::Half { year, half } => format!("{year}-H{half}"),
            PeriodKind::Tertial { year, tertial } => format!("{year}-T{tertial}"),
            PeriodKind::Quarter { year, quarter } => format!("{year}-Q{quarter}"),
            PeriodKind::Month { year, month } => format!("{year}-M{month:02}"),
            PeriodKind::Interim { year, part } => format!("{year}-D{part}"),
            PeriodKind::Rolling12 { year, month } => format!("R12:{year}-{month:02}"),
            PeriodKind::Range => format!("{}..{}", self.start(), self.end()),
        }
    }

    /// Swedish label for tables and headings: `2025`, `jan-jun 2025`,
    /// `T2 2025`, `kvartal 3 2025`, `maj 2025`, `jan-aug 2025`,
    /// `12 mån t.o.m. jun 2025`, `2025-03-01–2025-06-30`.
    pub fn label(&self) -> String {
        let month = |m: u8| MONTHS_SHORT[usize::from(m.clamp(1, 12) - 1)];
        match self.kind {
            PeriodKind::Year { year } => format!("{year}"),
            PeriodKind::Half { year, half } => {
                format!("{}-{} {year}", month(half * 6 - 5), month(half * 6))
            }
            PeriodKind::Tertial { year, tertial } => format!("T{tertial} {year}"),
            PeriodKind::Quarter { year, quarter } => format!("kvartal {quarter} {year}"),
            PeriodKind::Month { year, month: m } => format!("{} {year}", month(m)),
            PeriodKind::Interim { year, part } => format!("jan-{} {year}", month(part * 4)),
            PeriodKind::Rolling12 { year, month: m } => {
                format!("12 mån t.o.m. {} {year}", month(m))
            }
            PeriodKind::Range => format!("{}–{}", self.start(), self.end()),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

fn parse_year(s: &str) -> Option<i16> {
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

fn parse_small(s: &str) -> Option<u8> {
    if (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let s = input.trim();
        let bad = || PeriodError::Unrecognised(input.to_string());
        if let Some((a, b)) = s.split_once("..") {
            let a: Date = a.trim().parse().map_err(|_| bad())?;
            let b: Date = b.trim().parse().map_err(|_| bad())?;
            return Self::range(a, b);
        }
        let upper = s.to_ascii_uppercase();
        if let Some(rest) = upper.strip_prefix("R12:") {
            let (y, m) = rest.split_once('-').ok_or_else(bad)?;
            let m = m.strip_prefix('M').unwrap_or(m);
            let (y, m) = (
                parse_year(y).ok_or_else(bad)?,
                parse_small(m).ok_or_else(bad)?,
            );
            return Self::rolling_12(y, m);
        }
        if let Some(y) = parse_year(&upper) {
            return Self::year(y);
        }
        let (y, rest) = upper.split_once('-').ok_or_else(bad)?;
        let y = parse_year(y).ok_or_else(bad)?;
        if let Some(n) = parse_small(rest) {
            return Self::month(y, n);
        }
        // The kind's letter is a character, not a byte: a code such as
        // `2025-Ö1` must be refused, not cut inside its first letter.
        let mut chars = rest.chars();
        let letter = chars.next().ok_or_else(bad)?;
        let n = parse_small(chars.as_str()).ok_or_else(bad)?;
        match letter {
            'M' => Self::month(y, n),
            'T' => Self::tertial(y, n),
            'Q' | 'K' => Self::quarter(y, n),
            'H' => Self::half(y, n),
            'D' => Self::interim(y, n),
            _ => Err(bad()),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.code())
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    #[test]
    fn codes_parse_to_the_right_days() {
        let cases = [
            ("2025", date(2025, 1, 1), date(2025, 12, 31), "2025"),
            ("2025-T1", date(2025, 1, 1), date(2025, 4, 30), "T1 2025"),
            ("2025-T2", date(2025, 5, 1), date(2025, 8, 31), "T2 2025"),
            ("2025-t3", date(2025, 9, 1), date(2025, 12, 31), "T3 2025"),
            (
                "2025-Q3",
                date(2025, 7, 1),
                date(2025, 9, 30),
                "kvartal 3 2025",
            ),
            ("2024-M02", date(2024, 2, 1), date(2024, 2, 29), "feb 2024"),
            ("2025-05", date(2025, 5, 1), date(2025, 5, 31), "maj 2025"),
            (
                "2025-H1",
                date(2025, 1, 1),
                date(2025, 6, 30),
                "jan-jun 2025",
            ),
            (
                "2025-H2",
                date(2025, 7, 1),
                date(2025, 12, 31),
                "jul-dec 2025",
            ),
            (
                "2025-D1",
                date(2025, 1, 1),
                date(2025, 4, 30),
                "jan-apr 2025",
            ),
            (
                "2025-D2",
                date(2025, 1, 1),
                date(2025, 8, 31),
                "jan-aug 2025",
            ),
            (
                "R12:2025-06",
                date(2024, 7, 1),
                date(2025, 6, 30),
                "12 mån t.o.m. jun 2025",
            ),
            (
                "2025-03-01..2025-06-30",
                date(2025, 3, 1),
                date(2025, 6, 30),
                "2025-03-01–2025-06-30",
            ),
        ];
        for (code, start, end, label) in cases {
            let period = p(code);
            assert_eq!((period.start(), period.end()), (start, end), "{code}");
            assert_eq!(period.label(), label, "{code}");
            assert_eq!(p(&period.code()), period, "{code} round trip");
        }
        assert_eq!(p("2024").days(), 366);
    }

    #[test]
    fn bad_codes_are_refused() {
        for bad in [
            "",
            "25",
            "2025-T4",
            "2025-Q0",
            "2025-M13",
            "2025-X1",
            "2025-H3",
            "2025-D3",
            "R12:2025",
            "2025-06-30..2025-03-01",
            "0999",
            "2025-Ö1",
            "2025-é",
            "R12:2025-Ö",
            "Ö",
            "2025-",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn previous_year_and_months() {
        assert_eq!(p("2025-T2").previous_year(), p("2024-T2"));
        assert_eq!(p("R12:2025-06").previous_year(), p("R12:2024-06"));
        assert_eq!(
            p("2024-02-29..2024-03-10").previous_year(),
            p("2023-02-28..2023-03-10")
        );
        let months = p("2025").months();
        assert_eq!(months.len(), 12);
        assert_eq!(months[4], p("2025-M05"));
        assert_eq!(months.iter().map(Period::days).sum::<i32>(), 365);
        let parts = p("2025-01-15..2025-03-10").months();
        assert_eq!(
            parts,
            vec![
                p("2025-01-15..2025-01-31"),
                p("2025-M02"),
                p("2025-03-01..2025-03-10")
            ]
        );
        assert_eq!(p("R12:2025-06").months().len(), 12);
    }

    #[test]
    fn serde_uses_the_code() {
        let json = serde_json::to_string(&p("2025-T2")).unwrap();
        assert_eq!(json, "\"2025-T2\"");
        let back: Period = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p("2025-T2"));
        assert!(serde_json::from_str::<Period>("\"2025-T9\"").is_err());
    }
}
