//! Days as integers: the number of days since 1970-01-01 in the proleptic
//! Gregorian calendar. Facts store dates this way so that a row is a handful
//! of machine words and comparisons are integer comparisons.

use jiff::civil::Date;

/// A civil date as days since 1970-01-01 (negative before).
pub type Day = i32;

/// "No date": the event has not happened (an open investigation's closing
/// day, a placement still running).
pub const NO_DAY: Day = i32::MIN;

/// Days since 1970-01-01 of a civil date.
pub fn day_number(date: Date) -> Day {
    from_civil(
        i32::from(date.year()),
        date.month() as u32,
        date.day() as u32,
    )
}

/// The civil date of a day number, or `None` outside the years jiff supports
/// (-9999..=9999).
pub fn date_of(day: Day) -> Option<Date> {
    if day == NO_DAY {
        return None;
    }
    let (y, m, d) = to_civil(day);
    let y = i16::try_from(y).ok()?;
    Date::new(y, m as i8, d as i8).ok()
}

/// Days since 1970-01-01 of year, month (1-12), day (1-31). Howard Hinnant's
/// `days_from_civil`, exact for the whole proleptic Gregorian calendar.
pub fn from_civil(year: i32, month: u32, day: u32) -> Day {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = (y - era * 400) as u32; // [0, 399]
    let mp = (month + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + day - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe as i32 - 719_468
}

/// Year, month (1-12) and day (1-31) of a day number (Hinnant's `civil_from_days`).
pub fn to_civil(day: Day) -> (i32, u32, u32) {
    let z = day + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = (z - era * 146_097) as u32; // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let y = yoe as i32 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let d = doy - (153 * mp + 2) / 5 + 1; // [1, 31]
    let m = if mp < 10 { mp + 3 } else { mp - 9 }; // [1, 12]
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Whole years from `birth` to `on` (the age on that day), or `None` when
/// either is unknown or `on` is before `birth`.
pub fn age_on(birth: Day, on: Day) -> Option<u8> {
    if birth == NO_DAY || on == NO_DAY || on < birth {
        return None;
    }
    let (by, bm, bd) = to_civil(birth);
    let (y, m, d) = to_civil(on);
    let mut age = y - by;
    if (m, d) < (bm, bd) {
        age -= 1;
    }
    u8::try_from(age).ok().filter(|a| *a < UNKNOWN_AGE)
}

/// The stored age when the birth date is unknown.
pub const UNKNOWN_AGE: u8 = u8::MAX;

/// Number of days in `year` (365 or 366).
pub fn days_in_year(year: i32) -> i32 {
    from_civil(year + 1, 1, 1) - from_civil(year, 1, 1)
}

/// Number of days in `month` (1-12) of `year`.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    (from_civil(ny, nm, 1) - from_civil(year, month, 1)) as u32
}

/// `day` plus `n` calendar months, the way the law counts: the same day of the
/// month, or the last day of the month when it has no such day
/// (31 October + 4 months = 28 February). The same rule as
/// `tillit_domain::calendar::add_months`.
pub fn add_months(day: Day, n: i32) -> Day {
    let (y, m, d) = to_civil(day);
    let total = y * 12 + (m as i32 - 1) + n;
    let (y2, m2) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
    from_civil(y2, m2, d.min(days_in_month(y2, m2)))
}

/// Whole months from `from` to `to`: the largest `n` such that
/// `add_months(from, n) <= to`. `None` when either is unknown or `to < from`.
pub fn whole_months_between(from: Day, to: Day) -> Option<u32> {
    if from == NO_DAY || to == NO_DAY || to < from {
        return None;
    }
    let (fy, fm, _) = to_civil(from);
    let (ty, tm, _) = to_civil(to);
    let mut n = (ty - fy) * 12 + tm as i32 - fm as i32;
    while n > 0 && add_months(from, n) > to {
        n -= 1;
    }
    u32::try_from(n).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn round_trip_against_jiff() {
        let epoch = date(1970, 1, 1);
        let mut d = date(1899, 12, 25);
        let end = date(2101, 3, 5);
        while d <= end {
            let n = day_number(d);
            assert_eq!(i64::from(n), (d - epoch).get_days() as i64, "{d}");
            assert_eq!(date_of(n), Some(d));
            d = d.tomorrow().unwrap();
        }
    }

    #[test]
    fn ages_turn_on_the_birthday() {
        let b = day_number(date(2010, 3, 15));
        assert_eq!(age_on(b, day_number(date(2020, 3, 14))), Some(9));
        assert_eq!(age_on(b, day_number(date(2020, 3, 15))), Some(10));
        assert_eq!(age_on(b, day_number(date(2009, 1, 1))), None);
        // Born on 29 February: a year older on 1 March in common years.
        let leap = day_number(date(2008, 2, 29));
        assert_eq!(age_on(leap, day_number(date(2009, 2, 28))), Some(0));
        assert_eq!(age_on(leap, day_number(date(2009, 3, 1))), Some(1));
    }

    #[test]
    fn whole_months_count_like_the_law() {
        let m = |a: Date, b: Date| whole_months_between(day_number(a), day_number(b));
        assert_eq!(m(date(2025, 1, 31), date(2025, 2, 28)), Some(1));
        assert_eq!(m(date(2025, 1, 31), date(2025, 2, 27)), Some(0));
        assert_eq!(m(date(2024, 5, 10), date(2025, 5, 9)), Some(11));
        assert_eq!(m(date(2024, 5, 10), date(2025, 5, 10)), Some(12));
        assert_eq!(m(date(2024, 5, 10), date(2024, 5, 1)), None);
        assert_eq!(days_in_year(2024), 366);
        assert_eq!(days_in_year(2025), 365);
    }

    #[test]
    fn add_months_agrees_with_the_domain() {
        let mut d = date(2023, 1, 1);
        while d <= date(2025, 12, 31) {
            for n in [-12, -1, 1, 3, 4, 6, 12] {
                assert_eq!(
                    date_of(add_months(day_number(d), n)),
                    Some(tillit_domain::calendar::add_months(d, n)),
                    "{d} + {n}"
                );
            }
            d = d.tomorrow().unwrap();
        }
    }
}
