//! Registers: the records that are not a child's case but live beside the
//! cases, each with its own deadlines and report section. The quality
//! system's registers first: Lex Sarah ([`lex_sarah`]) and incidents
//! ([`incident`]).
//!
//! A register record is kept as a case is: a stream of **entries**, each
//! written once by a user at a time and never changed, and a state folded
//! from them. A register says, as pure functions of its state:
//!
//! - whether an entry may be written now, and by whom ([`Register::check`],
//!   with a Swedish refusal);
//! - the record's **head** ([`Head`]): the unit, when it was opened and
//!   closed, its status and category, whether it is serious: what lists,
//!   worklists and report sections read without decoding entries;
//! - what is due ([`Register::deadlines`]), each with its citation.
//!
//! The store keeps every register in the same two tables (entries and
//! heads), so a new register needs no migration and no store code, and the
//! reports count every register's heads the same way. Adding a register is
//! a file here with its entries and rules, one line in [`RegisterKind`] and
//! one `mod`, then its page in the web crate (see `docs/architecture.md`,
//! "Adding a register").

pub mod assistance;
pub mod complaint;
pub mod incident;
pub mod internal_control;
pub mod lex_sarah;
pub mod self_audit;
pub mod service;
pub mod submission;

use crate::catalog::catalog;
use crate::{UnitId, UserId};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt::Debug;

catalog!(
    /// Every register, with its stable code (the store's `register` column)
    /// and its Swedish name.
    RegisterKind {
        LexSarah => ("lex_sarah", "Lex Sarah"),
        Incident => ("incident", "Avvikelser"),
        Complaint => ("complaint", "Synpunkter och klagomål"),
        InternalControl => ("internal_control", "Internkontrollplan"),
        Service => ("service", "Serviceinsatser"),
        Submission => ("submission", "Anmälningar från e-tjänsten"),
        SelfAudit => ("self_audit", "Egenkontroll av dokumentation"),
        Assistance => ("assistance", "Ekonomiskt bistånd"),
    }
);

/// An entry as written: what, by whom, when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written<E> {
    pub entry: E,
    pub by: UserId,
    pub at: Timestamp,
    /// The day it was written, in Stockholm (the day the law counts from).
    pub on: Date,
}

/// What the lists, worklists and report sections read of a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head {
    /// The unit the record is about (the reporter's unit when none was named).
    pub unit: UnitId,
    /// Who wrote the first entry (the reporter); `None` for what came from
    /// the public (a complaint through the e-service).
    pub reported_by: Option<UserId>,
    pub opened_on: Date,
    pub closed_on: Option<Date>,
    /// The status code (the register's own list of statuses).
    pub status: &'static str,
    /// The category code, if the register has categories.
    pub category: Option<String>,
    /// Serious (Lex Sarah: an allvarligt missförhållande).
    pub serious: bool,
    /// Who handles it now (the investigator), if anyone.
    pub handler: Option<UserId>,
    /// Reported to a supervising authority (Lex Sarah: to IVO).
    pub reported_externally: bool,
    /// Measures decided, and of them carried out (a service matter: its
    /// contacts).
    pub measures: u32,
    pub measures_done: u32,
    /// The gender of the person the record is for, where the follow-up
    /// counts it (service matters).
    pub gender: Option<crate::catalog::Gender>,
    /// The age band's code, likewise.
    pub age_band: Option<String>,
}

/// Something due in a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisterDeadline {
    /// A stable code ("investigate", "report_to_ivo", ...).
    pub what: &'static str,
    /// Swedish: what is to be done.
    pub label: &'static str,
    pub due: Date,
    /// The rule it rests on (the paragraph, or the föreskrift).
    pub citation: &'static str,
}

/// Why an entry may not be written now (Swedish, said to the user).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refusal(pub String);

impl Refusal {
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }
}

/// Who writes an entry, as the register's rules need to know them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Writer {
    pub user: UserId,
    /// The user handles this register's records (the quality lead for Lex
    /// Sarah, a unit's managers for incidents): the route permission says
    /// who; the register's rules say what they may do.
    pub handles: bool,
}

/// A register: its entries, its state and its rules.
pub trait Register: 'static {
    const KIND: RegisterKind;
    /// One entry of a record (serialised as the store's payload).
    type Entry: Serialize + DeserializeOwned + Clone + Debug + Send + Sync + 'static;
    /// The record folded from its entries.
    type State: Default + Clone + Debug;

    /// The entry's stable code (`"reported"`, `"closed"`, ...).
    fn entry_code(entry: &Self::Entry) -> &'static str;

    /// The record after `entry`.
    fn apply(state: &mut Self::State, entry: &Written<Self::Entry>);

    /// Whether `entry` may be written now by `writer` on `today`.
    fn check(
        state: &Self::State,
        entry: &Self::Entry,
        writer: Writer,
        today: Date,
    ) -> Result<(), Refusal>;

    /// The head of a record with at least one entry; `None` for an empty one.
    fn head(state: &Self::State) -> Option<Head>;

    /// What is due in the record.
    fn deadlines(state: &Self::State) -> Vec<RegisterDeadline>;
}

/// The state of a record from its entries, in order.
pub fn fold<R: Register>(entries: &[Written<R::Entry>]) -> R::State {
    let mut state = R::State::default();
    for e in entries {
        R::apply(&mut state, e);
    }
    state
}

/// Check `entry` against the record and return the record after it: the one
/// way an entry is written.
pub fn decide<R: Register>(
    state: &R::State,
    entry: &R::Entry,
    writer: Writer,
    today: Date,
    at: Timestamp,
) -> Result<(R::State, Written<R::Entry>), Refusal> {
    R::check(state, entry, writer, today)?;
    let written = Written {
        entry: entry.clone(),
        by: writer.user,
        at,
        on: today,
    };
    let mut next = state.clone();
    R::apply(&mut next, &written);
    if R::head(&next).is_none() {
        return Err(Refusal::new("Posten saknar sin första uppgift."));
    }
    Ok((next, written))
}

/// A text the user writes in a register: trimmed, not empty, at most
/// `max` characters. `what` names the field in the refusal.
pub fn text(what: &str, value: &str, max: usize) -> Result<String, Refusal> {
    let t = value.trim();
    if t.is_empty() {
        return Err(Refusal::new(format!("Skriv {what}.")));
    }
    let n = t.chars().count();
    if n > max {
        return Err(Refusal::new(format!(
            "{what} får vara högst {max} tecken (nu {n}). Korta texten."
        )));
    }
    Ok(t.to_string())
}

/// The longest free text of a register entry, in characters.
pub const TEXT_MAX: usize = 10_000;

impl RegisterKind {
    /// The register's statuses in order: (code, Swedish label).
    pub fn statuses(self) -> &'static [(&'static str, &'static str)] {
        match self {
            RegisterKind::LexSarah => lex_sarah::STATUSES,
            RegisterKind::Incident => incident::STATUSES,
            RegisterKind::Complaint => complaint::STATUSES,
            RegisterKind::InternalControl => internal_control::STATUSES,
            RegisterKind::Service => service::STATUSES,
            RegisterKind::Submission => submission::STATUSES,
            RegisterKind::SelfAudit => self_audit::STATUSES,
            RegisterKind::Assistance => assistance::STATUSES,
        }
    }

    /// The Swedish label of a status code (the code itself if unknown).
    pub fn status_label(self, code: &str) -> String {
        self.statuses()
            .iter()
            .find(|(c, _)| *c == code)
            .map_or_else(|| code.to_string(), |(_, l)| (*l).to_string())
    }

    /// The register's categories in order: (code, Swedish label).
    pub fn categories(self) -> Vec<(&'static str, &'static str)> {
        match self {
            RegisterKind::LexSarah => lex_sarah::LexSarahTopic::ENTRIES
                .iter()
                .map(|e| (e.code, e.label))
                .collect(),
            RegisterKind::Incident => incident::IncidentCategory::ENTRIES
                .iter()
                .map(|e| (e.code, e.label))
                .collect(),
            RegisterKind::Complaint => complaint::ComplaintKind::ENTRIES
                .iter()
                .map(|e| (e.code, e.label))
                .collect(),
            RegisterKind::InternalControl => internal_control::ControlArea::ENTRIES
                .iter()
                .map(|e| (e.code, e.label))
                .collect(),
            RegisterKind::Service => service::ServiceKind::ENTRIES
                .iter()
                .map(|e| (e.code, e.label))
                .collect(),
            RegisterKind::Submission => crate::catalog::ReporterCategory::ENTRIES
                .iter()
                .map(|e| (e.code, e.label))
                .collect(),
            RegisterKind::SelfAudit => self_audit::CATEGORIES.to_vec(),
            RegisterKind::Assistance => crate::assistance::decision::HouseholdType::ENTRIES
                .iter()
                .map(|e| (e.code, e.label))
                .collect(),
        }
    }

    /// What [`Head::serious`] means in this register, for reports.
    pub fn serious_label(self) -> &'static str {
        match self {
            RegisterKind::LexSarah => "Allvarliga missförhållanden",
            RegisterKind::Incident => "Lyfta till lex Sarah",
            RegisterKind::Complaint => "Lyfta till lex Sarah eller avvikelse",
            RegisterKind::InternalControl => "Hög risk (riskvärde 9-16)",
            RegisterKind::Service => "Särskilt uppmärksammade",
            RegisterKind::Submission => "Akut fara enligt anmälaren",
            RegisterKind::SelfAudit => "Med brister (något nej)",
            RegisterKind::Assistance => "Särskilt uppmärksammade",
        }
    }

    /// Whether every member of staff reports to the register (Lex Sarah,
    /// incidents, complaints); the internal control plan is its handlers'
    /// own.
    pub fn open_to_all(self) -> bool {
        !matches!(
            self,
            RegisterKind::InternalControl
                | RegisterKind::Service
                | RegisterKind::Submission
                | RegisterKind::SelfAudit
                | RegisterKind::Assistance
        )
    }

    /// Whether staff open records on a form of the register's own (the
    /// e-service's reports come from the public form only).
    pub fn has_report_form(self) -> bool {
        !matches!(self, RegisterKind::Submission)
    }

    /// Whether the register is counted in the reports' quality sections
    /// (Kvalitetsarbete; Avvikelser och lex Sarah). The internal control
    /// plan and service matters have sections of their own.
    pub fn in_quality_sections(self) -> bool {
        !matches!(
            self,
            RegisterKind::InternalControl
                | RegisterKind::Service
                | RegisterKind::Submission
                | RegisterKind::SelfAudit
                | RegisterKind::Assistance
        )
    }

    /// A record's reference: a prefix and its running number.
    pub fn reference(self, number: u64) -> String {
        let prefix = match self {
            RegisterKind::LexSarah => "LS",
            RegisterKind::Incident => "AV",
            RegisterKind::Complaint => "SY",
            RegisterKind::InternalControl => "IK",
            RegisterKind::Service => "SE",
            RegisterKind::Submission => "EA",
            RegisterKind::SelfAudit => "EK",
            RegisterKind::Assistance => "EB",
        };
        format!("{prefix}-{number}")
    }
}
