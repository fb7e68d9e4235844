//! Amounts in whole kronor and the month an application is for: the two
//! values a caseworker types on every economic-assistance form, each with a
//! total parser that says in Swedish what is wrong.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The largest amount a form accepts (ten million kronor): far above any
/// month's assistance, low enough that sums of a year never overflow.
pub const AMOUNT_MAX: i64 = 10_000_000;

/// An amount in whole kronor. Assistance is decided and paid in whole
/// kronor; öre are not kept.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Kronor(pub i64);

impl Kronor {
    pub const ZERO: Kronor = Kronor(0);

    /// Swedish display: thousands separated by a space, "kr" after
    /// (`12 345 kr`, `-200 kr`).
    pub fn display(self) -> String {
        format!("{} kr", group_thousands(self.0))
    }
}

impl fmt::Display for Kronor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

impl std::ops::Add for Kronor {
    type Output = Kronor;
    fn add(self, o: Kronor) -> Kronor {
        Kronor(self.0.saturating_add(o.0))
    }
}

impl std::ops::Sub for Kronor {
    type Output = Kronor;
    fn sub(self, o: Kronor) -> Kronor {
        Kronor(self.0.saturating_sub(o.0))
    }
}

impl std::iter::Sum for Kronor {
    fn sum<I: Iterator<Item = Kronor>>(iter: I) -> Kronor {
        iter.fold(Kronor::ZERO, |a, b| a + b)
    }
}

/// `12345` as `12 345`; negative numbers keep their sign.
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// Why an amount was not accepted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("Skriv ett belopp i kronor.")]
    Empty,
    #[error("Beloppet kan inte vara negativt. Skriv 0 om det inte finns något.")]
    Negative,
    #[error("Skriv beloppet i hela kronor med siffror, till exempel 4 250.")]
    NotANumber,
    #[error("Beloppet får vara högst 10 000 000 kr.")]
    TooLarge,
}

/// Parse an amount as a caseworker types it: digits with optional spaces
/// (also non-breaking) between groups, an optional `kr` after, and an
/// optional `,00` / `.00` (öre are not kept, so only zero öre are
/// accepted). Never negative. Total: every string gives an amount or a
/// Swedish error.
pub fn parse_amount(text: &str) -> Result<Kronor, AmountError> {
    let t = text.trim();
    let t = t
        .strip_suffix("kronor")
        .or_else(|| t.strip_suffix("kr"))
        .or_else(|| t.strip_suffix(":-"))
        .unwrap_or(t)
        .trim_end();
    if t.is_empty() {
        return Err(AmountError::Empty);
    }
    let (t, negative) = match t.strip_prefix(['-', '−']) {
        Some(rest) => (rest.trim_start(), true),
        None => (t, false),
    };
    let t = match t.rsplit_once([',', '.']) {
        Some((whole, ore)) if ore.len() == 2 && ore.bytes().all(|b| b == b'0') => whole,
        Some(_) => return Err(AmountError::NotANumber),
        None => t,
    };
    let mut value: i64 = 0;
    let mut any = false;
    for c in t.chars() {
        match c {
            '0'..='9' => {
                any = true;
                value = value
                    .checked_mul(10)
                    .and_then(|v| v.checked_add(i64::from(c as u8 - b'0')))
                    .ok_or(AmountError::TooLarge)?;
                if value > AMOUNT_MAX {
                    return Err(AmountError::TooLarge);
                }
            }
            ' ' | '\u{a0}' | '\u{202f}' => {}
            _ => return Err(AmountError::NotANumber),
        }
    }
    if !any {
        return Err(AmountError::NotANumber);
    }
    if negative && value != 0 {
        return Err(AmountError::Negative);
    }
    Ok(Kronor(value))
}

/// A calendar month (`2026-03`): what an application is for and what the
/// statistics count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: i16,
    /// 1-12.
    pub month: i8,
}

impl YearMonth {
    /// `None` unless `month` is 1-12 and `year` 1900-2200.
    pub fn new(year: i16, month: i8) -> Option<YearMonth> {
        ((1900..=2200).contains(&year) && (1..=12).contains(&month))
            .then_some(YearMonth { year, month })
    }

    /// The month a date falls in.
    pub fn of(d: Date) -> YearMonth {
        YearMonth {
            year: d.year(),
            month: d.month(),
        }
    }

    pub fn first_day(self) -> Date {
        Date::new(self.year, self.month, 1).unwrap_or(Date::MIN)
    }

    pub fn last_day(self) -> Date {
        self.first_day().last_of_month()
    }

    /// The month `n` months later (earlier for negative `n`).
    pub fn plus(self, n: i32) -> YearMonth {
        let index = i32::from(self.year) * 12 + i32::from(self.month) - 1 + n;
        YearMonth {
            year: i16::try_from(index.div_euclid(12)).unwrap_or(i16::MAX),
            month: i8::try_from(index.rem_euclid(12) + 1).unwrap_or(1),
        }
    }

    /// Months from `self` to `other` (positive when `other` is later).
    pub fn months_until(self, other: YearMonth) -> i32 {
        (i32::from(other.year) - i32::from(self.year)) * 12
            + (i32::from(other.month) - i32::from(self.month))
    }

    /// Swedish: `mars 2026`.
    pub fn label(self) -> String {
        const NAMES: [&str; 12] = [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ];
        let i = usize::try_from(self.month - 1).unwrap_or(0).min(11);
        format!("{} {}", NAMES[i], self.year)
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for YearMonth {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        parse_month(&s).map_err(serde::de::Error::custom)
    }
}

/// Why a month was not accepted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MonthError {
    #[error("Skriv vilken månad ansökan gäller, som år och månad: 2026-03.")]
    Empty,
    #[error("Skriv månaden som år och månad med siffror: 2026-03.")]
    Format,
    #[error("Månaden ska vara 01-12 och året 1900-2200.")]
    OutOfRange,
}

/// Parse `YYYY-MM` (also `YYYYMM` and `YYYY-M`). Total.
pub fn parse_month(text: &str) -> Result<YearMonth, MonthError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(MonthError::Empty);
    }
    let (y, m) = match t.split_once(['-', '/', ' ']) {
        Some((y, m)) => (y.trim(), m.trim()),
        None if t.len() == 6 && t.is_ascii() => t.split_at(4),
        None => return Err(MonthError::Format),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if y.len() != 4 || !all_digits(y) || m.len() > 2 || !all_digits(m) {
        return Err(MonthError::Format);
    }
    let year: i16 = y.parse().map_err(|_| MonthError::Format)?;
    let month: i8 = m.parse().map_err(|_| MonthError::Format)?;
    YearMonth::new(year, month).ok_or(MonthError::OutOfRange)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    #[test]
    fn amounts_as_caseworkers_type_them() {
        assert_eq!(parse_amount("4250"), Ok(Kronor(4250)));
        assert_eq!(parse_amount(" 12 345 kr "), Ok(Kronor(12345)));
        assert_eq!(parse_amount("12\u{a0}345,00"), Ok(Kronor(12345)));
        assert_eq!(parse_amount("0"), Ok(Kronor(0)));
        assert_eq!(parse_amount("-0"), Ok(Kronor(0)));
        assert_eq!(parse_amount("-200"), Err(AmountError::Negative));
        assert_eq!(parse_amount("−200 kr"), Err(AmountError::Negative));
        assert_eq!(parse_amount(""), Err(AmountError::Empty));
        assert_eq!(parse_amount("12,50"), Err(AmountError::NotANumber));
        assert_eq!(parse_amount("tolv"), Err(AmountError::NotANumber));
        assert_eq!(parse_amount("10000001"), Err(AmountError::TooLarge));
        assert_eq!(
            parse_amount("99999999999999999999999"),
            Err(AmountError::TooLarge)
        );
        assert_eq!(Kronor(1234567).display(), "1 234 567 kr");
        assert_eq!(Kronor(-200).display(), "-200 kr");
        assert_eq!(Kronor(999).display(), "999 kr");
    }

    #[test]
    fn months_parse_count_and_read() {
        assert_eq!(parse_month("2026-03"), Ok(YearMonth::new(2026, 3).unwrap()));
        assert_eq!(parse_month("202603"), Ok(YearMonth::new(2026, 3).unwrap()));
        assert_eq!(parse_month("2026-3"), Ok(YearMonth::new(2026, 3).unwrap()));
        assert_eq!(parse_month("2026-13"), Err(MonthError::OutOfRange));
        assert_eq!(parse_month("mars"), Err(MonthError::Format));
        assert_eq!(parse_month(""), Err(MonthError::Empty));
        let m = YearMonth::new(2025, 11).unwrap();
        assert_eq!(m.plus(3), YearMonth::new(2026, 2).unwrap());
        assert_eq!(m.plus(-11), YearMonth::new(2024, 12).unwrap());
        assert_eq!(m.months_until(m.plus(14)), 14);
        assert_eq!(m.last_day(), date(2025, 11, 30));
        assert_eq!(m.label(), "november 2025");
        assert_eq!(
            YearMonth::of(date(2024, 2, 29)).last_day(),
            date(2024, 2, 29)
        );
    }

    proptest! {
        #[test]
        fn parse_amount_is_total(s in any::<String>()) {
            match parse_amount(&s) {
                Ok(k) => prop_assert!((0..=AMOUNT_MAX).contains(&k.0)),
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
        }

        #[test]
        fn an_amount_shown_parses_back(n in 0i64..=AMOUNT_MAX) {
            prop_assert_eq!(parse_amount(&Kronor(n).display()), Ok(Kronor(n)));
            prop_assert_eq!(parse_amount(&n.to_string()), Ok(Kronor(n)));
        }

        #[test]
        fn a_negative_amount_is_refused_as_negative(n in 1i64..=AMOUNT_MAX) {
            prop_assert_eq!(parse_amount(&format!("-{n}")), Err(AmountError::Negative));
        }

        #[test]
        fn parse_month_is_total(s in any::<String>()) {
            if let Ok(m) = parse_month(&s) {
                prop_assert!((1..=12).contains(&m.month));
                prop_assert_eq!(parse_month(&m.to_string()), Ok(m));
            }
        }

        #[test]
        fn a_month_round_trips_and_counts(y in 1901i16..2199, mo in 1i8..=12, n in -1000i32..1000) {
            let m = YearMonth::new(y, mo).unwrap();
            prop_assert_eq!(parse_month(&m.to_string()), Ok(m));
            let json = serde_json::to_string(&m).unwrap();
            prop_assert_eq!(serde_json::from_str::<YearMonth>(&json).unwrap(), m);
            prop_assert_eq!(m.months_until(m.plus(n)), n);
            prop_assert_eq!(m.plus(n).plus(-n), m);
        }
    }
}
