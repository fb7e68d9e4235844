//! Stockholm time. Legal deadlines are civil dates in Europe/Stockholm;
//! timestamps are stored in UTC and shown in Stockholm time.
//!
//! The time zone database is compiled into the binary (jiff's
//! `tzdb-bundle-always`), so this works on machines without
//! `/usr/share/zoneinfo`.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use std::sync::LazyLock;

static STOCKHOLM: LazyLock<TimeZone> = LazyLock::new(|| {
    TimeZone::get("Europe/Stockholm").unwrap_or_else(|e| {
        // Cannot happen with the bundled database; kept as a logged fallback
        // rather than a panic.
        tracing::error!(error = %e, "Europe/Stockholm missing from the time zone database; using UTC");
        TimeZone::UTC
    })
});

pub fn stockholm() -> &'static TimeZone {
    &STOCKHOLM
}

/// Today's date in Stockholm.
pub fn today() -> Date {
    Timestamp::now().to_zoned(stockholm().clone()).date()
}
