//! # tillit-followup
//!
//! The unit's key figures, computed from the case records: pure computation
//! over facts handed to it. Knows nothing of HTTP or SQL.
//!
//! 1. [`Facts`]: compact rows extracted once from the case events (reports,
//!    investigations, decisions, interventions, emergency removals, reviews),
//!    with dates as day numbers and categories as one-byte enums.
//! 2. [`Period`]: month, tertial, delår, half year, quarter, year, rolling 12
//!    months, any range; parsed from codes such as `2025-T2` or `R12:2025-06`,
//!    with Swedish labels and [`Period::previous_year`].
//! 3. The indicator catalogue ([`catalogue`], [`IndicatorId`], [`Indicator`]):
//!    id, Swedish name and definition, unit, counting rule, breakdowns,
//!    definition version, and whether it is computed or entered by hand.
//! 4. [`compute`]: one indicator, one period, one [`Breakdown`], one
//!    [`Filter`]; [`compute_year_set`]: every computed indicator for the 12
//!    months and the year, by gender and by unit.
//! 5. [`suppress`]: small-cell suppression with secondary suppression for
//!    published output.
//!
//! ```
//! use tillit_followup::*;
//! # use tillit_domain::{CaseId, case::RecordedEvent};
//! # let persons = Vec::new();
//! # let log: Vec<(CaseId, RecordedEvent)> = Vec::new();
//! // `log` as the store's `all_events()` returns it; the facts know the
//! // world up to today.
//! let mut builder = FactsBuilder::new(&persons).as_of(jiff::civil::date(2026, 1, 15));
//! builder.add_event_log(&log);
//! let facts = builder.finish();
//! let period: Period = "2025-T2".parse()?;
//! let table = compute(&facts, IndicatorId::Aktualiseringar, &period,
//!                     Breakdown::Gender, &Filter::default())?;
//! assert_eq!(table.total.number, Some(0.0)); // nothing received: 0, not missing
//! let published = suppress(&table, DEFAULT_THRESHOLD);
//! assert_eq!(published.cells.len(), 3); // pojkar, flickor, okänt
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Conventions
//!
//! - Counts of an empty period are 0. A figure that cannot be given (a share
//!   of nothing, a period that has not started) is `None`: "uppgift saknas"
//!   is never 0.
//! - Gender cells (pojkar/män, flickor/kvinnor, okänt) are always all present,
//!   and for counts they add up to the total. Shares, means and medians are
//!   computed on each part's own rows.
//! - The facts know the world up to [`Facts::as_of`]: a stock for a period not
//!   yet ended is taken on that day, and running placements count care days
//!   up to and including it.

pub mod assistance;
pub mod breakdown;
pub mod compute;
pub mod day;
pub mod facts;
pub mod goals;
pub mod indicator;
pub mod manual;
pub mod period;
pub mod service;
pub mod suppress;

pub use breakdown::{AgeBands, Breakdown, BreakdownKind, Key, LegalGroup};
pub use compute::{
    Cell, ComputeError, Filter, Series, Table, Value, YearSet, compute, compute_series,
    compute_year_set, persons_behind,
};
pub use facts::{
    CaseExtract, EXTRACT_FORMAT, EventRef, Facts, FactsBuilder, PersonFact, SNAPSHOT_FORMAT,
    Snapshot, SnapshotChanges,
};
pub use indicator::{
    Aggregate, Counted, CountingRule, Indicator, IndicatorId, MeasureUnit, Source, catalogue,
    computed_indicators,
};
pub use period::{Period, PeriodError, PeriodKind};
pub use suppress::{
    DEFAULT_THRESHOLD, Published, PublishedCell, PublishedTable, hidden_cells, suppress,
    suppress_series,
};
