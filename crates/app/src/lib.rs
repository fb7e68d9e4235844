//! # tillit-app
//!
//! The application layer: what the web application (`tillit-web`) and the
//! command line (`tillit-cli`) share, above the store, the follow-up and
//! the reports and below both front ends. Nothing here knows HTTP or a
//! terminal.
//!
//! - [`facts_cache`]: the follow-up's facts built from the event log, kept
//!   while they are current; the municipality the reports are about.
//! - [`followup_data`]: the store's follow-up rows as the follow-up crate's
//!   goals, series and values, and everything a report is built from, so a
//!   report is the same from the browser and from `tillit report`.
//! - [`economy_data`]: the economy from the store as the reports read it,
//!   and the one ledger import (`tillit economy import`, the upload page).
//! - [`demo`]: the one demo loader (`tillit demo`, `tillit serve --demo`,
//!   the browser tests, the web tests and the benchmarks).
//! - [`password`]: password hashing (argon2id), used by the web's login and
//!   account forms and by the demo loader.
//! - [`time`]: Stockholm time, the zone every date and year is read in.

pub mod demo;
pub mod demo_assistance;
pub mod economy_data;
pub mod facts_cache;
pub mod followup_data;
pub mod password;
pub mod retention;
pub mod time;
