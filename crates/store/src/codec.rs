//! How values are written to and read from columns. The same representation is
//! used on both databases:
//!
//! - civil dates: ISO `TEXT` (`2026-03-01`), which sorts as dates do;
//! - timestamps: RFC 3339 `TEXT` in UTC with exactly nine fractional digits
//!   (`2026-03-01T08:15:00.000000000Z`), fixed width so that it sorts as time does;
//! - ids: UUIDs as `TEXT`, numeric ids as `BIGINT`;
//! - booleans: `BIGINT` 0/1 (sqlx's `Any` driver cannot decode SQLite booleans);
//! - versions: `BIGINT` (a stream will never reach 2^63 events).

use crate::StoreError;
use jiff::Timestamp;
use jiff::civil::Date;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::str::FromStr;

pub(crate) fn date_text(d: Date) -> String {
    d.to_string()
}

pub(crate) fn timestamp_text(t: Timestamp) -> String {
    format!("{t:.9}")
}

pub(crate) fn bool_int(b: bool) -> i64 {
    i64::from(b)
}

pub(crate) fn version_int(v: u64) -> Result<i64, StoreError> {
    i64::try_from(v).map_err(|_| StoreError::Invalid(format!("versionen {v} är för stor")))
}

pub(crate) fn int_version(v: i64) -> Result<u64, StoreError> {
    u64::try_from(v).map_err(|_| StoreError::corrupt(format!("negativ version {v}")))
}

fn parse<T: FromStr>(column: &str, text: &str) -> Result<T, StoreError>
where
    T::Err: std::fmt::Display,
{
    text.parse()
        .map_err(|e| StoreError::corrupt(format!("kolumnen {column}: {e}")))
}

/// Typed column access with errors that name the column.
pub(crate) trait RowExt {
    fn text(&self, column: &str) -> Result<String, StoreError>;
    fn opt_text(&self, column: &str) -> Result<Option<String>, StoreError>;
    fn int(&self, column: &str) -> Result<i64, StoreError>;
    fn opt_int(&self, column: &str) -> Result<Option<i64>, StoreError>;

    fn flag(&self, column: &str) -> Result<bool, StoreError> {
        Ok(self.int(column)? != 0)
    }
    fn parsed<T: FromStr>(&self, column: &str) -> Result<T, StoreError>
    where
        T::Err: std::fmt::Display,
    {
        parse(column, &self.text(column)?)
    }
    fn opt_parsed<T: FromStr>(&self, column: &str) -> Result<Option<T>, StoreError>
    where
        T::Err: std::fmt::Display,
    {
        self.opt_text(column)?
            .map(|t| parse(column, &t))
            .transpose()
    }
}

fn column_error(column: &str, e: sqlx::Error) -> StoreError {
    StoreError::corrupt(format!("kolumnen {column}: {e}"))
}

impl RowExt for AnyRow {
    fn text(&self, column: &str) -> Result<String, StoreError> {
        self.try_get::<String, _>(column)
            .map_err(|e| column_error(column, e))
    }
    fn opt_text(&self, column: &str) -> Result<Option<String>, StoreError> {
        self.try_get::<Option<String>, _>(column)
            .map_err(|e| column_error(column, e))
    }
    fn int(&self, column: &str) -> Result<i64, StoreError> {
        self.try_get::<i64, _>(column)
            .map_err(|e| column_error(column, e))
    }
    fn opt_int(&self, column: &str) -> Result<Option<i64>, StoreError> {
        self.try_get::<Option<i64>, _>(column)
            .map_err(|e| column_error(column, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_fixed_width_and_round_trip() {
        let a: Timestamp = "2026-03-01T08:15:00Z".parse().unwrap();
        let b: Timestamp = "2026-03-01T08:15:00.5Z".parse().unwrap();
        let (ta, tb) = (timestamp_text(a), timestamp_text(b));
        assert_eq!(ta, "2026-03-01T08:15:00.000000000Z");
        assert_eq!(ta.len(), tb.len());
        assert!(ta < tb);
        assert_eq!(ta.parse::<Timestamp>().unwrap(), a);
        assert_eq!(tb.parse::<Timestamp>().unwrap(), b);
    }

    #[test]
    fn dates_sort_as_text() {
        let a = jiff::civil::date(2026, 2, 28);
        let b = jiff::civil::date(2026, 10, 1);
        assert!(date_text(a) < date_text(b));
    }
}
