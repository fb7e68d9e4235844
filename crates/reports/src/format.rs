//! Swedish number formatting, shared by every renderer so that a figure
//! reads the same everywhere.

use crate::model::{CellValue, MISSING, SUPPRESSED};

/// No-break space: the thousands separator on screen and in PDF.
pub const THOUSANDS: char = '\u{a0}';

/// `value` rounded to `decimals`, with a decimal comma and a no-break space
/// between thousands: `1 234,5`. Negative numbers get a hyphen-minus.
pub fn number(value: f64, decimals: u8) -> String {
    group(&plain(value, decimals), THOUSANDS)
}

/// `value` rounded to `decimals` with a decimal comma and no thousands
/// separator: `1234,5` (CSV, as Swedish Excel reads it).
pub fn plain(value: f64, decimals: u8) -> String {
    let d = usize::from(decimals.min(6));
    let mut s = format!("{value:.d$}");
    // "-0" and "-0,0" read as a sign error: print 0.
    if s.starts_with('-') && s[1..].bytes().all(|b| b == b'0' || b == b'.') {
        s.remove(0);
    }
    s.replace('.', ",")
}

/// Insert `sep` between groups of three digits of the integer part.
fn group(s: &str, sep: char) -> String {
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", s),
    };
    let (int, frac) = match rest.split_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let mut out = String::with_capacity(s.len() + int.len() / 3);
    out.push_str(sign);
    let n = int.chars().count();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push(',');
        out.push_str(f);
    }
    out
}

/// A percent: `85,3 %` (no-break space before the sign).
pub fn percent(value: f64, decimals: u8) -> String {
    format!("{}{THOUSANDS}%", number(value, decimals))
}

/// How a cell is printed in HTML and PDF.
pub fn cell_text(cell: &CellValue) -> String {
    match cell {
        CellValue::Number {
            value,
            decimals,
            unit,
            estimate,
            ..
        } => {
            let mut s = number(*value, *decimals);
            if let Some(u) = unit {
                s.push(THOUSANDS);
                s.push_str(u);
            }
            if *estimate {
                s.push('*');
            }
            s
        }
        CellValue::Percent {
            value,
            decimals,
            estimate,
            ..
        } => {
            let mut s = percent(*value, *decimals);
            if *estimate {
                s.push('*');
            }
            s
        }
        CellValue::Text(t) => t.clone(),
        CellValue::Date(d) => d.to_string(),
        CellValue::Status(s) => format!("{} {}", s.symbol(), s.label()),
        CellValue::Suppressed => SUPPRESSED.to_string(),
        CellValue::Missing => MISSING.to_string(),
        CellValue::Empty => String::new(),
    }
}

/// A signed change: `+12`, `-3,5`, `0`.
pub fn signed(value: f64, decimals: u8) -> String {
    let s = number(value, decimals);
    if s.starts_with('-') || s.chars().all(|c| c == '0' || c == ',') {
        s
    } else {
        format!("+{s}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_numbers() {
        assert_eq!(number(1234567.0, 0), "1\u{a0}234\u{a0}567");
        assert_eq!(number(1234.56, 1), "1\u{a0}234,6");
        assert_eq!(number(-1234.0, 0), "-1\u{a0}234");
        assert_eq!(number(-0.01, 1), "0,0");
        assert_eq!(number(999.0, 0), "999");
        assert_eq!(plain(1234.5, 1), "1234,5");
        assert_eq!(percent(85.294, 1), "85,3\u{a0}%");
        assert_eq!(signed(3.0, 0), "+3");
        assert_eq!(signed(-3.0, 0), "-3");
        assert_eq!(signed(0.0, 1), "0,0");
    }
}
