//! The Swedish calendar: public holidays (allmänna helgdagar, lag 1989:253),
//! the days treated like them at work (midsommarafton, julafton, nyårsafton),
//! working days, and date arithmetic the way the law counts.
//!
//! Supported years: 1900-2100 (the functions work outside that range too, but
//! the holiday rules are those in force today; nationaldagen is a holiday from
//! 2005, before that annandag pingst was).

use jiff::ToSpan;
use jiff::civil::{Date, Weekday, date};

/// A public holiday or a day off treated as one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Holiday {
    pub date: Date,
    /// Swedish name, e.g. "långfredagen".
    pub name: &'static str,
}

/// Easter Sunday (påskdagen) in the Gregorian calendar (the anonymous
/// Gregorian algorithm, Meeus/Jones/Butcher).
pub fn easter_sunday(year: i16) -> Date {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = ((h + l - 7 * m + 114) % 31) + 1;
    // month is 3 or 4 and day 1..=31 by construction.
    date(year, month as i8, day as i8)
}

/// `day` moved by `n` days, saturating at the ends of the supported range
/// (years -9999..=9999) instead of failing.
fn shift_days(day: Date, n: i64) -> Date {
    day.checked_add(n.days())
        .unwrap_or(if n < 0 { Date::MIN } else { Date::MAX })
}

/// The first day of `weekday` on or after `from`.
fn first_on_or_after(from: Date, weekday: Weekday) -> Date {
    let mut d = from;
    while d.weekday() != weekday {
        if d == Date::MAX {
            break;
        }
        d = shift_days(d, 1);
    }
    d
}

/// Every public holiday and holiday-like day off of a year, in date order.
pub fn holidays(year: i16) -> Vec<Holiday> {
    let easter = easter_sunday(year);
    let shift = |days: i64| shift_days(easter, days);
    let mut v = vec![
        Holiday {
            date: date(year, 1, 1),
            name: "nyårsdagen",
        },
        Holiday {
            date: date(year, 1, 6),
            name: "trettondedag jul",
        },
        Holiday {
            date: shift(-2),
            name: "långfredagen",
        },
        Holiday {
            date: easter,
            name: "påskdagen",
        },
        Holiday {
            date: shift(1),
            name: "annandag påsk",
        },
        Holiday {
            date: date(year, 5, 1),
            name: "första maj",
        },
        Holiday {
            date: shift(39),
            name: "Kristi himmelsfärdsdag",
        },
        Holiday {
            date: shift(49),
            name: "pingstdagen",
        },
    ];
    if year >= 2005 {
        v.push(Holiday {
            date: date(year, 6, 6),
            name: "nationaldagen",
        });
    } else {
        v.push(Holiday {
            date: shift(50),
            name: "annandag pingst",
        });
    }
    // Midsommardagen: the Saturday in 20-26 June (since 1953); afton the day before.
    let midsummer_day = first_on_or_after(date(year, 6, 20), Weekday::Saturday);
    v.push(Holiday {
        date: shift_days(midsummer_day, -1),
        name: "midsommarafton",
    });
    v.push(Holiday {
        date: midsummer_day,
        name: "midsommardagen",
    });
    // Alla helgons dag: the Saturday in 31 October - 6 November.
    v.push(Holiday {
        date: first_on_or_after(date(year, 10, 31), Weekday::Saturday),
        name: "alla helgons dag",
    });
    v.extend([
        Holiday {
            date: date(year, 12, 24),
            name: "julafton",
        },
        Holiday {
            date: date(year, 12, 25),
            name: "juldagen",
        },
        Holiday {
            date: date(year, 12, 26),
            name: "annandag jul",
        },
        Holiday {
            date: date(year, 12, 31),
            name: "nyårsafton",
        },
    ]);
    v.sort_by_key(|h| h.date);
    v
}

/// The holiday on this date, if any.
pub fn holiday(day: Date) -> Option<Holiday> {
    holidays(day.year()).into_iter().find(|h| h.date == day)
}

/// A public holiday or holiday-like day off.
pub fn is_holiday(day: Date) -> bool {
    holiday(day).is_some()
}

/// Monday-Friday and not a holiday.
pub fn is_working_day(day: Date) -> bool {
    !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) && !is_holiday(day)
}

/// The last working day on or before `day` (the planning date of a deadline).
pub fn last_working_day_on_or_before(day: Date) -> Date {
    let mut d = day;
    while !is_working_day(d) && d != Date::MIN {
        d = shift_days(d, -1);
    }
    d
}

/// The first working day on or after `day`.
pub fn next_working_day_on_or_after(day: Date) -> Date {
    let mut d = day;
    while !is_working_day(d) && d != Date::MAX {
        d = shift_days(d, 1);
    }
    d
}

/// `day` plus `n` calendar days.
pub fn add_days(day: Date, n: i64) -> Date {
    shift_days(day, n)
}

/// `day` plus `n` calendar months, the way the law counts: the same day of the
/// month, or the last day of the month when it has no such day
/// (2026-10-31 + 4 months = 2027-02-28).
pub fn add_months(day: Date, n: i32) -> Date {
    day.checked_add(n.months())
        .unwrap_or(if n < 0 { Date::MIN } else { Date::MAX })
}

/// Number of working days in the half-open range `[from, to)`.
pub fn working_days_between(from: Date, to: Date) -> i64 {
    let mut n = 0;
    let mut d = from;
    while d < to {
        if is_working_day(d) {
            n += 1;
        }
        d = shift_days(d, 1);
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_known_years() {
        // Dates from the Swedish almanac.
        for (y, m, d) in [
            (1900, 4, 15),
            (1943, 4, 25),
            (1954, 4, 18),
            (2000, 4, 23),
            (2008, 3, 23),
            (2011, 4, 24),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
            (2100, 3, 28),
        ] {
            assert_eq!(easter_sunday(y), date(y, m, d), "easter {y}");
        }
    }

    #[test]
    fn holidays_2026() {
        let names: Vec<(Date, &str)> = holidays(2026).iter().map(|h| (h.date, h.name)).collect();
        let expected = [
            (date(2026, 1, 1), "nyårsdagen"),
            (date(2026, 1, 6), "trettondedag jul"),
            (date(2026, 4, 3), "långfredagen"),
            (date(2026, 4, 5), "påskdagen"),
            (date(2026, 4, 6), "annandag påsk"),
            (date(2026, 5, 1), "första maj"),
            (date(2026, 5, 14), "Kristi himmelsfärdsdag"),
            (date(2026, 5, 24), "pingstdagen"),
            (date(2026, 6, 6), "nationaldagen"),
            (date(2026, 6, 19), "midsommarafton"),
            (date(2026, 6, 20), "midsommardagen"),
            (date(2026, 10, 31), "alla helgons dag"),
            (date(2026, 12, 24), "julafton"),
            (date(2026, 12, 25), "juldagen"),
            (date(2026, 12, 26), "annandag jul"),
            (date(2026, 12, 31), "nyårsafton"),
        ];
        assert_eq!(names, expected);
    }

    #[test]
    fn midsummer_and_all_saints_are_saturdays_in_their_windows() {
        for y in 1900..=2100 {
            for h in holidays(y) {
                match h.name {
                    "midsommardagen" => {
                        assert_eq!(h.date.weekday(), Weekday::Saturday);
                        assert!(h.date >= date(y, 6, 20) && h.date <= date(y, 6, 26));
                    }
                    "alla helgons dag" => {
                        assert_eq!(h.date.weekday(), Weekday::Saturday);
                        assert!(h.date >= date(y, 10, 31) && h.date <= date(y, 11, 6));
                    }
                    "långfredagen" => assert_eq!(h.date.weekday(), Weekday::Friday),
                    "Kristi himmelsfärdsdag" => assert_eq!(h.date.weekday(), Weekday::Thursday),
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn working_days_around_easter_midsummer_christmas() {
        // Easter 2026: Thursday 2 April is a working day, Friday-Monday are not.
        assert!(is_working_day(date(2026, 4, 2)));
        for d in 3..=6 {
            assert!(!is_working_day(date(2026, 4, d)));
        }
        assert_eq!(
            last_working_day_on_or_before(date(2026, 4, 6)),
            date(2026, 4, 2)
        );
        assert_eq!(
            next_working_day_on_or_after(date(2026, 4, 3)),
            date(2026, 4, 7)
        );
        // Midsummer 2026: Friday 19 June off.
        assert_eq!(
            last_working_day_on_or_before(date(2026, 6, 21)),
            date(2026, 6, 18)
        );
        // Christmas 2026: 24-27 December off (Thu-Sun), Monday 28 works.
        assert_eq!(
            last_working_day_on_or_before(date(2026, 12, 27)),
            date(2026, 12, 23)
        );
        assert_eq!(
            next_working_day_on_or_after(date(2026, 12, 24)),
            date(2026, 12, 28)
        );
        // New year 2026/27: 31 Dec and 1 Jan off.
        assert_eq!(
            next_working_day_on_or_after(date(2026, 12, 31)),
            date(2027, 1, 4)
        );
    }

    #[test]
    fn months_are_counted_as_the_law_counts() {
        assert_eq!(add_months(date(2026, 10, 31), 4), date(2027, 2, 28));
        assert_eq!(add_months(date(2027, 10, 31), 4), date(2028, 2, 29));
        assert_eq!(add_months(date(2026, 1, 31), 1), date(2026, 2, 28));
        assert_eq!(add_months(date(2026, 3, 15), 6), date(2026, 9, 15));
        assert_eq!(add_months(date(2026, 8, 31), 6), date(2027, 2, 28));
        assert_eq!(add_days(date(2026, 12, 20), 14), date(2027, 1, 3));
    }

    #[test]
    fn the_ends_of_the_date_range_saturate_instead_of_panicking() {
        assert_eq!(add_days(Date::MAX, 14), Date::MAX);
        assert_eq!(add_months(date(9999, 11, 30), 4), Date::MAX);
        assert_eq!(add_days(Date::MIN, -1), Date::MIN);
        assert!(next_working_day_on_or_after(date(9999, 12, 31)) <= Date::MAX);
        assert!(!holidays(9999).is_empty());
        assert!(!holidays(-9999).is_empty());
    }

    #[test]
    fn working_days_in_december_2026() {
        // 23 weekdays, minus 24, 25, 31 (26 is a Saturday).
        assert_eq!(
            working_days_between(date(2026, 12, 1), date(2027, 1, 1)),
            20
        );
    }
}
