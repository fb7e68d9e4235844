//! Stockholm time. Legal deadlines are civil dates in Europe/Stockholm;
//! timestamps are stored in UTC and shown in Stockholm time.
//!
//! The time zone database is compiled into the binary (jiff's
//! `tzdb-bundle-always`), so this works on machines without
//! `/usr/share/zoneinfo`.

use jiff::Timestamp;
pub use tillit_app::time::{stockholm, today};

/// `2026-03-14 09:05`, Stockholm time.
pub fn format_timestamp(ts: Timestamp) -> String {
    ts.to_zoned(stockholm().clone())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

/// `09:05`, Stockholm time.
pub fn format_clock(ts: Timestamp) -> String {
    ts.to_zoned(stockholm().clone())
        .strftime("%H:%M")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stockholm_is_known_and_summer_time_applies() {
        let ts: Timestamp = "2026-07-01T10:00:00Z".parse().unwrap();
        assert_eq!(format_timestamp(ts), "2026-07-01 12:00");
        let ts: Timestamp = "2026-01-01T22:30:00Z".parse().unwrap();
        assert_eq!(format_timestamp(ts), "2026-01-01 23:30");
        assert_eq!(format_clock(ts), "23:30");
    }
}
