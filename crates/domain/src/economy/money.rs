//! Money: whole öre in an `i64`.
//!
//! **Decision.** Every amount in the economy is an integer number of öre
//! ([`Money`]). The ledger (SIE files, CSV exports) carries öre, daily prices
//! in the case records are already öre (`price_per_day`), and sums of
//! integers are exact: the parts of a table add up to its total to the öre,
//! whatever order they are added in. Reports print kronor or tkr, rounded
//! only when printed (`kr()`, `tkr()`); a deviation or a sum is never
//! computed from rounded figures. `i64` öre holds ±92 billion billion kr:
//! no municipality's ledger overflows it, and arithmetic saturates rather
//! than wraps if a hostile file tries.
//!
//! **Sign.** Amounts in the economy's tables are signed as in the
//! committee's income statement (seed 001's summary): intäkter positive,
//! kostnader negative, netto their sum (a net cost is negative). The ledger
//! books the other way round (debet positive, kredit negative); the import
//! turns it ([`Money::from_ledger`]).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

/// An amount in whole öre (1 kr = 100 öre).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(pub i64);

/// The largest amount a parser accepts: 10¹³ kr (ten thousand billion),
/// far above any municipality's budget and far below `i64::MAX` öre, so
/// that sums of many parsed amounts cannot overflow.
pub const MAX_PARSED: Money = Money(1_000_000_000_000_000);

impl Money {
    pub const ZERO: Money = Money(0);

    pub const fn ore(ore: i64) -> Self {
        Money(ore)
    }

    pub const fn kronor(kr: i64) -> Self {
        Money(kr.saturating_mul(100))
    }

    /// An amount booked in the ledger (debet +, kredit −) as the income
    /// statement signs it (intäkter +, kostnader −).
    pub fn from_ledger(booked: Money) -> Self {
        -booked
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Kronor as a float, for charts and spreadsheets only.
    pub fn as_kr(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// Thousands of kronor as a float (for tables in tkr).
    pub fn as_tkr(self) -> f64 {
        self.0 as f64 / 100_000.0
    }

    /// Whole kronor, rounded half away from zero.
    pub fn round_kr(self) -> i64 {
        let q = self.0 / 100;
        let r = self.0 % 100;
        if r >= 50 {
            q + 1
        } else if r <= -50 {
            q - 1
        } else {
            q
        }
    }

    /// `self × n`, saturating.
    pub fn times(self, n: i64) -> Self {
        Money(self.0.saturating_mul(n))
    }

    /// `self × num / den`, rounded half away from zero (exact in i128).
    /// `den` 0 gives zero.
    pub fn ratio(self, num: i64, den: i64) -> Self {
        if den == 0 {
            return Money::ZERO;
        }
        let p = i128::from(self.0) * i128::from(num);
        let d = i128::from(den);
        let q = p / d;
        let r = p % d;
        let q = if 2 * r.abs() >= d.abs() {
            if (p < 0) != (d < 0) { q - 1 } else { q + 1 }
        } else {
            q
        };
        Money(q.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64)
    }

    /// Parse an amount as people and exports write it: `1234`, `-1 234,50`,
    /// `1234.5`, `−850 000` (a Unicode minus), thousands separated by spaces
    /// (also no-break spaces) or nothing; at most two decimals; at most
    /// [`MAX_PARSED`]. Total: any text gives an amount or a Swedish reason.
    pub fn parse(text: &str) -> Result<Money, String> {
        let t = text.trim();
        if t.is_empty() {
            return Err("beloppet saknas".into());
        }
        let mut negative = false;
        let mut digits = String::new();
        let mut decimals: Option<String> = None;
        for (i, c) in t.chars().enumerate() {
            match c {
                '-' | '\u{2212}' if i == 0 => negative = true,
                '+' if i == 0 => {}
                '0'..='9' => match &mut decimals {
                    Some(d) => d.push(c),
                    None => digits.push(c),
                },
                ' ' | '\u{a0}' | '\u{202f}' if decimals.is_none() && !digits.is_empty() => {}
                ',' | '.' if decimals.is_none() => decimals = Some(String::new()),
                _ => return Err(format!("\"{t}\" är inget belopp")),
            }
        }
        if digits.is_empty() && decimals.as_deref().is_none_or(str::is_empty) {
            return Err(format!("\"{t}\" är inget belopp"));
        }
        let decimals = decimals.unwrap_or_default();
        if decimals.chars().count() > 2 {
            return Err(format!("\"{t}\" har fler än två decimaler"));
        }
        if digits.len() > 16 {
            return Err(format!("\"{t}\" är för stort"));
        }
        let whole: i64 = if digits.is_empty() {
            0
        } else {
            digits
                .parse()
                .map_err(|_| format!("\"{t}\" är inget belopp"))?
        };
        let frac: i64 = match decimals.len() {
            0 => 0,
            1 => decimals.parse::<i64>().unwrap_or(0) * 10,
            _ => decimals.parse::<i64>().unwrap_or(0),
        };
        let ore = whole
            .checked_mul(100)
            .and_then(|w| w.checked_add(frac))
            .filter(|v| *v <= MAX_PARSED.0)
            .ok_or_else(|| format!("\"{t}\" är för stort"))?;
        Ok(Money(if negative { -ore } else { ore }))
    }

    /// `-1 234,50` (no-break spaces between thousands, decimal comma, always
    /// two decimals): for receipts and forms.
    pub fn display_ore(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{},{:02}", group(abs / 100), abs % 100)
    }

    /// Whole kronor with thousands separated: `-1 235`.
    pub fn display_kr(self) -> String {
        let v = self.round_kr();
        let sign = if v < 0 { "-" } else { "" };
        format!("{sign}{}", group(v.unsigned_abs()))
    }
}

/// Digits grouped by three with no-break spaces.
fn group(mut n: u64) -> String {
    let mut parts = Vec::new();
    loop {
        if n < 1000 {
            parts.push(n.to_string());
            break;
        }
        parts.push(format!("{:03}", n % 1000));
        n /= 1000;
    }
    parts.reverse();
    parts.join("\u{a0}")
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display_ore())
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money(self.0.saturating_add(o.0))
    }
}
impl Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        Money(self.0.saturating_sub(o.0))
    }
}
impl AddAssign for Money {
    fn add_assign(&mut self, o: Money) {
        *self = *self + o;
    }
}
impl SubAssign for Money {
    fn sub_assign(&mut self, o: Money) {
        *self = *self - o;
    }
}
impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(self.0.saturating_neg())
    }
}
impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}
impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + *b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_people_write() {
        assert_eq!(Money::parse("1234"), Ok(Money(123_400)));
        assert_eq!(Money::parse("-1 234,50"), Ok(Money(-123_450)));
        assert_eq!(Money::parse("1234.5"), Ok(Money(123_450)));
        assert_eq!(Money::parse("\u{2212}850\u{a0}000"), Ok(Money(-85_000_000)));
        assert_eq!(Money::parse("0.07"), Ok(Money(7)));
        assert_eq!(Money::parse(",5"), Ok(Money(50)));
        assert!(Money::parse("1,234,5").is_err());
        assert!(Money::parse("12.345").is_err());
        assert!(Money::parse("-").is_err());
        assert!(Money::parse("1e5").is_err());
        assert!(Money::parse("").is_err());
        assert!(Money::parse("99999999999999999999").is_err());
    }

    #[test]
    fn prints_swedish() {
        assert_eq!(Money(-123_450).display_ore(), "-1\u{a0}234,50");
        assert_eq!(Money(-123_450).display_kr(), "-1\u{a0}235");
        assert_eq!(Money(5).display_ore(), "0,05");
        assert_eq!(Money(-49).round_kr(), 0);
    }

    #[test]
    fn ratio_rounds_half_away_from_zero() {
        assert_eq!(Money(100).ratio(1, 3), Money(33));
        assert_eq!(Money(150).ratio(1, 100), Money(2));
        assert_eq!(Money(-150).ratio(1, 100), Money(-2));
        assert_eq!(Money(10).ratio(1, 0), Money(0));
    }

    #[test]
    fn the_ledger_sign_turns() {
        assert_eq!(Money::from_ledger(Money(500)), Money(-500));
    }
}
