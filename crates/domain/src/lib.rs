//! # tillit-domain
//!
//! The pure rules of Tillit. No IO, no async, no clock: every function takes the
//! date it needs as an argument, so that everything here can be tested exactly.
//!
//! - [`identity`]: personnummer, samordningsnummer and reservnummer (interim numbers).
//! - [`calendar`]: Swedish public holidays, working days, and date arithmetic as the law counts.
//! - [`catalog`]: the category lists every follow-up uses (reporter, concern, intervention types).
//! - [`case`]: the child's case as commands -> events -> state, with Swedish refusals.
//! - [`deadline`]: what is due in a case on a given date, with the law citation.
//! - [`economy`]: budget, outcome (SIE 4 and CSV), forecast, the cost of care and the
//!   income statement, with one sign convention.
//! - [`goal`]: the follow-up's vocabulary (goal levels, statuses, perspectives, directions,
//!   indicator sources, targets, plan periods), one type and one code per concept.
//! - [`law`]: citations of the paragraphs, valid for the date of the event.
//! - [`register`]: the registers beside the cases (Lex Sarah, incidents), each a stream
//!   of entries with its own rules, head and deadlines.

pub mod assistance;
pub mod calendar;
pub mod case;
pub mod catalog;
pub mod deadline;
pub mod economy;
pub mod goal;
pub mod identity;
pub mod ids;
pub mod law;
pub mod person;
pub mod person_query;
pub mod register;
pub mod role;

pub use ids::{CaseId, ItemId, PersonId, RecordId, TeamId, UnitId, UserId};
