//! Facts: compact rows extracted once from the case events, so that every
//! indicator is a scan over a few flat tables of plain values.
//!
//! Each table is a `Vec` of small `Copy` structs with one field per column:
//! dates are day numbers ([`Day`], `i32`), persons, cases, units and users are
//! dense indexes (`u32`/`u16`) into the [`Facts`] lookup tables, and category
//! values are the domain's one-byte enums. Ten million events give a few
//! hundred megabytes at most and scan at memory speed.
//!
//! Rows are sorted by their main date (see each table), which lets a
//! computation find the rows of a period by binary search.
//!
//! ## Which unit a row belongs to
//!
//! A row belongs to the unit responsible for the case at the end of the day of
//! the row's main event (a report: the day it was received; an investigation:
//! the day it was opened; a decision: the day it was taken; an intervention: the
//! day it started; an emergency removal: the day it was decided; a review: the
//! unit of its intervention). "End of the day" matters when a case is handed to
//! another unit on the day an investigation opens: the investigation is that
//! unit's.

use crate::day::{
    Day, NO_DAY, UNKNOWN_AGE, add_months, age_on, date_of, day_number, whole_months_between,
};
use jiff::civil::Date;
use std::collections::HashMap;

mod extract;
mod snapshot;
pub use extract::{CaseExtract, EXTRACT_FORMAT};
pub use snapshot::{Changes as SnapshotChanges, SNAPSHOT_FORMAT, Snapshot};
use tillit_domain::case::{
    CaseEvent, DecisionKind, InvestigationOutcome, LegalBasis, PreAssessmentOutcome, RecordedEvent,
    ReviewKind,
};
use tillit_domain::catalog::{
    ConcernCategory, Gender, InterventionEndReason, InterventionKind, ProviderKind, ReportKind,
    ReporterCategory,
};
use tillit_domain::deadline::{execution_due, extension_in_time};
use tillit_domain::economy::care::Placement;
use tillit_domain::person::Person;
use tillit_domain::{CaseId, ItemId, PersonId, UnitId, UserId};

/// Anything that is an event with the day it happened: a stored
/// [`RecordedEvent`], a `(Date, &CaseEvent)` pair (the demo's events), or a
/// `(Date, CaseEvent)` pair.
pub trait EventRef {
    /// When the thing happened (civil date).
    fn occurred_on(&self) -> Date;
    fn event(&self) -> &CaseEvent;
}

impl EventRef for RecordedEvent {
    fn occurred_on(&self) -> Date {
        self.occurred_on
    }
    fn event(&self) -> &CaseEvent {
        &self.event
    }
}

impl EventRef for (Date, CaseEvent) {
    fn occurred_on(&self) -> Date {
        self.0
    }
    fn event(&self) -> &CaseEvent {
        &self.1
    }
}

impl EventRef for (Date, &CaseEvent) {
    fn occurred_on(&self) -> Date {
        self.0
    }
    fn event(&self) -> &CaseEvent {
        self.1
    }
}

impl<T: EventRef + ?Sized> EventRef for &T {
    fn occurred_on(&self) -> Date {
        (**self).occurred_on()
    }
    fn event(&self) -> &CaseEvent {
        (**self).event()
    }
}

/// Where a report's förhandsbedömning stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum PreAssessment {
    /// Not decided yet.
    Pending,
    /// Decided: open an investigation.
    OpenInvestigation,
    /// Decided: no investigation.
    NoInvestigation,
    /// Not needed: the report was added to a running investigation.
    AddedToInvestigation,
}

/// A person as the follow-up needs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PersonFact {
    pub gender: Gender,
    /// Birth date, or [`NO_DAY`] when unknown.
    pub birth: Day,
}

impl PersonFact {
    /// What the follow-up keeps of a person: gender and birth date.
    pub fn of(p: &Person) -> PersonFact {
        PersonFact {
            gender: p.gender,
            birth: p.birth_date.map(day_number).unwrap_or(NO_DAY),
        }
    }
}

/// One aktualisering (report, application or other information) about one
/// child. Sorted by `received`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReportFact {
    pub received: Day,
    /// The day the förhandsbedömning was decided, or [`NO_DAY`].
    pub decided: Day,
    /// Person index (see [`Facts::person`]).
    pub person: u32,
    /// Case index (see [`Facts::case_id`]).
    pub case: u32,
    /// Concern categories: bit `i` is `ConcernCategory::ENTRIES[i]`.
    pub concerns: u16,
    /// Unit index (see [`Facts::unit_id`]).
    pub unit: u16,
    pub kind: ReportKind,
    pub reporter: ReporterCategory,
    pub pre_assessment: PreAssessment,
    pub gender: Gender,
    /// Age on the day of receipt, or [`UNKNOWN_AGE`].
    pub age: u8,
    /// Whole months since the child was last known to the service (had a case
    /// open) before this report: 0 when a case was open on the day of receipt,
    /// 255 when never known (or 255 months or more ago).
    pub known_months_ago: u8,
}

/// One investigation (utredning). Sorted by `opened`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InvestigationFact {
    pub opened: Day,
    /// The day it was closed, or [`NO_DAY`] while open.
    pub closed: Day,
    /// The legal end: four months from opening.
    pub due: Day,
    /// The end of the last extension decided in time (on or before the end
    /// then in force), or [`NO_DAY`]. An extension decided after the end in
    /// force had passed is left out: the investigation was already late.
    pub extended_to: Day,
    pub person: u32,
    pub case: u32,
    pub unit: u16,
    pub outcome: Option<InvestigationOutcome>,
    pub gender: Gender,
    /// Age on the day it was opened.
    pub age: u8,
}

impl InvestigationFact {
    /// The last day the investigation is in time: four months from opening,
    /// or the end of the last extension decided in time
    /// ([`tillit_domain::deadline::investigation_in_time_until`]). The day
    /// after it the investigation became late if it was still open; an
    /// extension decided after that does not undo it.
    pub fn effective_due(&self) -> Day {
        if self.extended_to == NO_DAY {
            self.due
        } else {
            self.extended_to
        }
    }
}

/// One decision (beslut). Sorted by `decided`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DecisionFact {
    pub decided: Day,
    /// The last day a favourable decision is executed in time: three months
    /// from the decision ([`tillit_domain::deadline::execution_due`], 34 kap.
    /// 1 § SoL 2025:400, 16 kap. 6 f § SoL 2001:453).
    pub execution_due: Day,
    /// The first day an intervention started on this decision, or [`NO_DAY`].
    pub executed: Day,
    /// The day the case was closed (the decision then lapses), or [`NO_DAY`].
    pub case_closed: Day,
    pub person: u32,
    pub case: u32,
    /// User index of the delegate who decided (see [`Facts::user_id`]).
    pub delegate: u32,
    pub unit: u16,
    pub kind: DecisionKind,
    pub legal_basis: LegalBasis,
    pub intervention: Option<InterventionKind>,
    pub favourable: bool,
    pub gender: Gender,
    pub age: u8,
}

impl DecisionFact {
    /// A favourable decision on an intervention: the kind SoL 34 kap. reports.
    pub fn is_reportable(&self) -> bool {
        self.kind == DecisionKind::Intervention && self.favourable
    }

    /// An execution on `day` would be late. The one rule of
    /// [`tillit_domain::deadline::executed_in_time`] on day numbers: in time
    /// up to and including [`DecisionFact::execution_due`].
    fn late_if_executed_on(&self, day: Day) -> bool {
        day > self.execution_due
    }

    /// Executed, and later than three months from the decision
    /// ("Gynnande beslut verkställda efter mer än tre månader").
    pub fn executed_late(&self) -> bool {
        self.executed != NO_DAY && self.late_if_executed_on(self.executed)
    }

    /// Not executed within three months as of the end of `day` (vid
    /// utgången av dagen): not executed by then, and an execution the next
    /// day would be late ([`tillit_domain::deadline::unexecuted_beyond_three_months`]).
    /// The same rule as [`DecisionFact::executed_late`]: a decision counted
    /// here on its due day and executed the day after is counted there.
    pub fn unexecuted_at_end_of(&self, day: Day) -> bool {
        (self.executed == NO_DAY || self.executed > day) && self.late_if_executed_on(day + 1)
    }
}

/// One intervention or placement (insats). Sorted by `start`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InterventionFact {
    pub start: Day,
    /// The day it ended, or [`NO_DAY`] while running. Care days are the days
    /// from `start` up to but not including `end` (nights in care).
    pub end: Day,
    pub person: u32,
    pub case: u32,
    /// Price per day in öre, or -1 when unknown.
    pub price_per_day: i32,
    pub unit: u16,
    pub kind: InterventionKind,
    pub provider: ProviderKind,
    pub end_reason: Option<InterventionEndReason>,
    /// SoL or LVU: the legal basis of the decision it executes; for a
    /// placement without decision, the emergency removal or LVU care in force
    /// when it started; `None` when unknown.
    pub legal_basis: Option<LegalBasis>,
    pub gender: Gender,
    /// Age on the day it started.
    pub age: u8,
    /// Another intervention of the same child was running on the end day (or
    /// started that day): the child did not leave the service.
    pub other_active_at_end: bool,
    /// A new report about the child was received within 12 months after the end.
    pub reported_within_12_months: bool,
    /// For placements: within 6 months of the start it ended unplanned (by
    /// breakdown, or by an unplanned return home: see [`ends_unplanned`]), or
    /// the child was placed at a higher level of care (HVB, SiS).
    pub unsafe_within_6_months: bool,
}

/// One LVU 6 § emergency removal (omedelbart omhändertagande). Sorted by `decided`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RemovalFact {
    pub decided: Day,
    pub executed: Day,
    /// The day it ceased, or [`NO_DAY`].
    pub ended: Day,
    pub person: u32,
    pub case: u32,
    pub unit: u16,
    pub legal_basis: LegalBasis,
    pub gender: Gender,
    pub age: u8,
}

/// One six-monthly review (övervägande or omprövning) that fell due for a
/// placement: the first six months from the start, then six months from the
/// last review held (the domain's deadline rule). Sorted by `due`.
///
/// A review not held is listed once, at its first due date, if that date is
/// on or before [`Facts::as_of`]; reviews that are not yet due are not listed.
/// No review is due once the placement has ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReviewFact {
    pub due: Day,
    /// The day the review was held, or [`NO_DAY`].
    pub held: Day,
    pub person: u32,
    pub case: u32,
    pub unit: u16,
    /// The placement's kind, provider and legal basis.
    pub kind: InterventionKind,
    pub provider: ProviderKind,
    pub legal_basis: Option<LegalBasis>,
    pub gender: Gender,
    /// Age on the due day.
    pub age: u8,
}

/// How far past a row's sort date the other dates of the same row can lie;
/// lets a computation that selects rows by another date (closed, decided,
/// ended) find them with one binary search on the sort date.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Lags {
    /// Longest time from receipt to förhandsbedömning.
    pub report_decided: i32,
    /// Longest time from opening to closing (or to `as_of` while open), or to
    /// the day after the effective due date.
    pub investigation: i32,
    /// Longest time a favourable decision waited (to execution, closure or `as_of`).
    pub decision: i32,
    /// Longest intervention (to `as_of` while running).
    pub intervention: i32,
}

/// Everything the indicators are computed from. Build with
/// [`Facts::from_cases`], [`Facts::from_event_log`] or a [`FactsBuilder`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    as_of: Day,
    events: u64,
    skipped_cases: u32,
    person_ids: Vec<PersonId>,
    persons: Vec<PersonFact>,
    case_ids: Vec<CaseId>,
    units: Vec<UnitId>,
    users: Vec<UserId>,
    reports: Vec<ReportFact>,
    investigations: Vec<InvestigationFact>,
    decisions: Vec<DecisionFact>,
    interventions: Vec<InterventionFact>,
    removals: Vec<RemovalFact>,
    reviews: Vec<ReviewFact>,
    /// Every placement as the economy sees it (unit, provider, price,
    /// dates), in case order: the cost of care is computed from these.
    placements: Vec<Placement>,
    pub(crate) lags: Lags,
}

impl Facts {
    /// Facts from cases given as `(case id, events in order)`. Works with the
    /// demo data (`demo.cases`, each event's `occurred_on` and `event`) and
    /// with anything else that yields [`EventRef`]s:
    ///
    /// ```
    /// # use tillit_followup::Facts;
    /// # use tillit_domain::{CaseId, case::CaseEvent};
    /// # use jiff::civil::Date;
    /// let cases: Vec<(CaseId, Vec<(Date, CaseEvent)>)> = Vec::new();
    /// let facts = Facts::from_cases(
    ///     &[],
    ///     cases.iter().map(|(id, events)| (*id, events.iter().map(|(d, e)| (*d, e)))),
    /// );
    /// assert_eq!(facts.events(), 0);
    /// ```
    pub fn from_cases<I, C, E>(persons: &[Person], cases: I) -> Facts
    where
        I: IntoIterator<Item = (CaseId, C)>,
        C: IntoIterator<Item = E>,
        E: EventRef,
    {
        let mut b = FactsBuilder::new(persons);
        for (id, events) in cases {
            b.add_case(id, events);
        }
        b.finish()
    }

    /// Facts from the store's event log (`all_events()`): `(case id, event)`
    /// pairs. Events of one case need not be next to each other; within a case
    /// they are taken in `version` order.
    pub fn from_event_log(persons: &[Person], log: &[(CaseId, RecordedEvent)]) -> Facts {
        let mut b = FactsBuilder::new(persons);
        b.add_event_log(log);
        b.finish()
    }

    /// The last day the facts know about: the latest date of any event, unless
    /// set with [`FactsBuilder::as_of`] (set it to today so that a unit with
    /// no events this month still counts its running placements).
    /// [`NO_DAY`] for facts without events and no as-of day: every figure is
    /// then "uppgift saknas". Running placements count care days up
    /// to and including this day; stocks of periods not yet ended are taken on it.
    pub fn as_of(&self) -> Day {
        self.as_of
    }
    /// Number of events read.
    pub fn events(&self) -> u64 {
        self.events
    }
    /// Cases skipped because they had no `CaseOpened` event (no child).
    pub fn skipped_cases(&self) -> u32 {
        self.skipped_cases
    }
    pub fn persons(&self) -> &[PersonFact] {
        &self.persons
    }
    pub fn person(&self, index: u32) -> Option<&PersonFact> {
        self.persons.get(index as usize)
    }
    pub fn person_id(&self, index: u32) -> Option<PersonId> {
        self.person_ids.get(index as usize).copied()
    }
    pub fn case_count(&self) -> usize {
        self.case_ids.len()
    }
    pub fn case_id(&self, index: u32) -> Option<CaseId> {
        self.case_ids.get(index as usize).copied()
    }
    /// The units that appear in the facts, in order of their index.
    pub fn units(&self) -> &[UnitId] {
        &self.units
    }
    pub fn unit_id(&self, index: u16) -> Option<UnitId> {
        self.units.get(usize::from(index)).copied()
    }
    /// The index of a unit, if it appears in the facts.
    pub fn unit_index(&self, unit: UnitId) -> Option<u16> {
        self.units
            .iter()
            .position(|u| *u == unit)
            .and_then(|i| u16::try_from(i).ok())
    }
    /// The users who took decisions, in order of their index.
    pub fn users(&self) -> &[UserId] {
        &self.users
    }
    pub fn user_id(&self, index: u32) -> Option<UserId> {
        self.users.get(index as usize).copied()
    }
    /// The cases (indices, see [`Facts::case_id`]) each of `persons` has a
    /// row in, at `unit` if given: `(person, case)` pairs, sorted, once
    /// each. With [`crate::persons_behind`] it follows a figure to the cases
    /// behind it.
    pub fn cases_of(&self, persons: &[u32], unit: Option<UnitId>) -> Vec<(u32, u32)> {
        let wanted: std::collections::HashSet<u32> = persons.iter().copied().collect();
        let unit = unit.map(|u| self.unit_index(u).unwrap_or(u16::MAX));
        let ok = |p: u32, u: u16| wanted.contains(&p) && unit.is_none_or(|f| f == u);
        // Every kind of row, as (person, case, unit).
        let rows = self
            .reports
            .iter()
            .map(|r| (r.person, r.case, r.unit))
            .chain(
                self.investigations
                    .iter()
                    .map(|r| (r.person, r.case, r.unit)),
            )
            .chain(self.decisions.iter().map(|r| (r.person, r.case, r.unit)))
            .chain(
                self.interventions
                    .iter()
                    .map(|r| (r.person, r.case, r.unit)),
            )
            .chain(self.removals.iter().map(|r| (r.person, r.case, r.unit)))
            .chain(self.reviews.iter().map(|r| (r.person, r.case, r.unit)));
        let mut out: Vec<(u32, u32)> = rows
            .filter(|&(p, _, u)| ok(p, u))
            .map(|(p, c, _)| (p, c))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    pub fn reports(&self) -> &[ReportFact] {
        &self.reports
    }
    pub fn investigations(&self) -> &[InvestigationFact] {
        &self.investigations
    }
    pub fn decisions(&self) -> &[DecisionFact] {
        &self.decisions
    }
    pub fn interventions(&self) -> &[InterventionFact] {
        &self.interventions
    }
    pub fn removals(&self) -> &[RemovalFact] {
        &self.removals
    }
    pub fn reviews(&self) -> &[ReviewFact] {
        &self.reviews
    }

    /// Bytes held by the facts' tables (capacity, not just length).
    pub fn heap_bytes(&self) -> usize {
        fn bytes<T>(v: &Vec<T>) -> usize {
            v.capacity() * std::mem::size_of::<T>()
        }
        bytes(&self.person_ids)
            + bytes(&self.persons)
            + bytes(&self.case_ids)
            + bytes(&self.units)
            + bytes(&self.users)
            + bytes(&self.reports)
            + bytes(&self.investigations)
            + bytes(&self.decisions)
            + bytes(&self.interventions)
            + bytes(&self.removals)
            + bytes(&self.reviews)
            + bytes(&self.placements)
            + self
                .placements
                .iter()
                .map(|p| p.provider_name.capacity())
                .sum::<usize>()
    }

    /// Every placement of every case, as `tillit_domain::economy::care`
    /// reads them from the case's events (the same as the store's
    /// `placements`, without reading the log).
    pub fn placements(&self) -> &[Placement] {
        &self.placements
    }

    /// The same history happening to `copies` times as many children: every
    /// person and case is repeated with fresh ids and every row with the
    /// copy's person and case. For load tests and benchmarks (a large city
    /// from a small demo municipality); the copies share units and users.
    /// The number of copies is capped so that person and case indexes fit `u32`.
    pub fn replicated(&self, copies: u32) -> Facts {
        let n_persons = u32::try_from(self.persons.len()).unwrap_or(u32::MAX).max(1);
        let n_cases = u32::try_from(self.case_ids.len())
            .unwrap_or(u32::MAX)
            .max(1);
        let copies = copies
            .max(1)
            .min(u32::MAX / n_persons)
            .min(u32::MAX / n_cases);
        let shift = |k: u32| u128::from(k) << 64;
        let mut out = Facts {
            as_of: self.as_of,
            events: self.events * u64::from(copies),
            skipped_cases: self.skipped_cases * copies,
            units: self.units.clone(),
            users: self.users.clone(),
            lags: self.lags,
            ..Facts::default()
        };
        for k in 0..copies {
            out.persons.extend_from_slice(&self.persons);
            out.person_ids.extend(
                self.person_ids
                    .iter()
                    .map(|p| PersonId::from_u128(p.0.as_u128() ^ shift(k))),
            );
            out.case_ids.extend(
                self.case_ids
                    .iter()
                    .map(|c| CaseId::from_u128(c.0.as_u128() ^ shift(k))),
            );
        }
        // Each row is followed by its copies, so every table stays sorted.
        macro_rules! copy_rows {
            ($table:ident) => {
                out.$table.reserve(self.$table.len() * copies as usize);
                for row in &self.$table {
                    for k in 0..copies {
                        let mut r = *row;
                        r.person += k * n_persons;
                        r.case += k * n_cases;
                        out.$table.push(r);
                    }
                }
            };
        }
        copy_rows!(reports);
        copy_rows!(investigations);
        copy_rows!(decisions);
        copy_rows!(interventions);
        copy_rows!(removals);
        copy_rows!(reviews);
        out
    }
}

fn concern_bit(c: ConcernCategory) -> u16 {
    // 16 categories fit the 16 bits; checked by a test.
    1u16 << (c as u16).min(15)
}

/// The level of care of a placement, for "re-placed at a higher level".
fn care_level(kind: InterventionKind) -> u8 {
    match kind {
        InterventionKind::SecureUnit => 3,
        InterventionKind::Hvb => 2,
        _ => 1,
    }
}

/// A placement that ended for this reason ended unplanned, "på ett sådant
/// sätt och/eller vid en sådan tidpunkt att det är uppenbart att detta inte
/// var vad socialtjänsten planerat" (Socialstyrelsen, Oplanerade avbrott i
/// familjehemsplaceringar, 2012): a breakdown (sammanbrott), or an unplanned
/// return home (oplanerad hemgång, seed 004), recorded as the young person or
/// the guardian declining further care: the consent to care under SoL was
/// withdrawn and the child went home before the plan said so.
pub fn ends_unplanned(reason: InterventionEndReason) -> bool {
    matches!(
        reason,
        InterventionEndReason::Breakdown | InterventionEndReason::ClientDeclined
    )
}

/// One case's rows while its events are read: what a [`CaseExtract`]
/// keeps. Its person, unit and user indices (`child`, `assignments`,
/// decisions' `delegate`) are the builder's; every other index is set by
/// `finish_case`.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct CaseRows {
    child: Option<u32>,
    closed: Day,
    opened: Day,
    assignments: Vec<(Day, u16)>,
    reports: Vec<(ItemId, ReportFact)>,
    investigations: Vec<(ItemId, InvestigationFact)>,
    decisions: Vec<(ItemId, DecisionFact)>,
    interventions: Vec<(ItemId, InterventionFact)>,
    removals: Vec<(ItemId, RemovalFact)>,
    /// (intervention, held on) for six-monthly reviews.
    reviews: Vec<(ItemId, Day)>,
    lvu_care: Option<LegalBasis>,
    /// The case's placements for the economy (their `case` is set when the
    /// case is finished: an extract does not know its case).
    placements: Vec<Placement>,
}

impl CaseRows {
    fn clear(&mut self) {
        self.child = None;
        self.closed = NO_DAY;
        self.opened = NO_DAY;
        self.assignments.clear();
        self.reports.clear();
        self.investigations.clear();
        self.decisions.clear();
        self.interventions.clear();
        self.removals.clear();
        self.reviews.clear();
        self.lvu_care = None;
        self.placements.clear();
    }
}

/// A case's placements as the economy reads them from its events; their
/// `case` is set by `finish_case`.
fn placements_of<E: EventRef>(events: &[E]) -> Vec<Placement> {
    tillit_domain::economy::care::placements_of_case(
        CaseId::from_u128(0),
        events.iter().map(|e| (e.occurred_on(), e.event())),
    )
}

fn find<T>(rows: &mut [(ItemId, T)], id: ItemId) -> Option<&mut T> {
    rows.iter_mut().find(|(i, _)| *i == id).map(|(_, r)| r)
}

/// A case's span, for "known to the service before".
#[derive(Clone, Copy)]
struct CaseSpan {
    person: u32,
    opened: Day,
    closed: Day,
    /// Row index of the case's first report, or `u32::MAX`.
    first_report: u32,
}

/// Builds [`Facts`] case by case.
pub struct FactsBuilder {
    person_index: rustc_hash::FxHashMap<PersonId, u32>,
    unit_index: HashMap<UnitId, u16>,
    user_index: HashMap<UserId, u32>,
    facts: Facts,
    spans: Vec<CaseSpan>,
    case: CaseRows,
    latest: Day,
    as_of: Option<Day>,
}

impl FactsBuilder {
    /// A builder that knows these persons (gender and birth date). A child
    /// not among them counts with unknown gender and age.
    pub fn new(persons: &[Person]) -> Self {
        let mut b = FactsBuilder {
            person_index: rustc_hash::FxHashMap::with_capacity_and_hasher(
                persons.len(),
                Default::default(),
            ),
            unit_index: HashMap::new(),
            user_index: HashMap::new(),
            facts: Facts::default(),
            spans: Vec::new(),
            case: CaseRows::default(),
            latest: NO_DAY,
            as_of: None,
        };
        for p in persons {
            b.person(p.id, p.gender, p.birth_date);
        }
        b
    }

    /// Make room for `persons` more persons.
    pub fn reserve_persons(&mut self, persons: usize) {
        self.person_index.reserve(persons);
        self.facts.person_ids.reserve(persons);
        self.facts.persons.reserve(persons);
    }

    /// Make room for about `cases` cases whose rows are like those of
    /// `sample` (a few thousand extracts of the same register), so that a
    /// large build grows no vector by copying it.
    pub fn reserve_like(&mut self, cases: usize, sample: &[&CaseExtract]) {
        let scale = |n: usize| {
            if sample.is_empty() {
                0
            } else {
                // A tenth more than the sample says, for the spread.
                (n as f64 * cases as f64 / sample.len() as f64 * 1.1) as usize
            }
        };
        let rows = |f: fn(&CaseRows) -> usize| scale(sample.iter().map(|x| f(x.rows())).sum());
        self.facts.case_ids.reserve(cases);
        self.spans.reserve(cases);
        self.facts.reports.reserve(rows(|r| r.reports.len()));
        self.facts
            .investigations
            .reserve(rows(|r| r.investigations.len()));
        self.facts.decisions.reserve(rows(|r| r.decisions.len()));
        self.facts
            .interventions
            .reserve(rows(|r| r.interventions.len()));
        self.facts.removals.reserve(rows(|r| r.removals.len()));
        self.facts.reviews.reserve(rows(|r| r.reviews.len()));
        self.facts.placements.reserve(rows(|r| r.placements.len()));
    }

    /// Set the last day the facts know about instead of the latest event date.
    pub fn as_of(mut self, day: Date) -> Self {
        self.as_of = Some(day_number(day));
        self
    }

    /// Know this person (as [`FactsBuilder::new`] does for each of its
    /// persons) unless already known.
    pub fn person_fact(&mut self, id: PersonId, p: PersonFact) {
        let i = u32::try_from(self.facts.persons.len()).unwrap_or(u32::MAX);
        if let std::collections::hash_map::Entry::Vacant(e) = self.person_index.entry(id) {
            e.insert(i);
            self.facts.person_ids.push(id);
            self.facts.persons.push(p);
        }
    }

    /// The persons known so far, in order (what a [`Snapshot`] keeps).
    pub fn person_facts(&self) -> impl Iterator<Item = (PersonId, PersonFact)> + '_ {
        self.facts
            .person_ids
            .iter()
            .copied()
            .zip(self.facts.persons.iter().copied())
    }

    fn person(&mut self, id: PersonId, gender: Gender, birth: Option<Date>) -> u32 {
        if let Some(&i) = self.person_index.get(&id) {
            return i;
        }
        let i = u32::try_from(self.facts.persons.len()).unwrap_or(u32::MAX);
        self.person_index.insert(id, i);
        self.facts.person_ids.push(id);
        self.facts.persons.push(PersonFact {
            gender,
            birth: birth.map(day_number).unwrap_or(NO_DAY),
        });
        i
    }

    fn unit(&mut self, id: UnitId) -> u16 {
        let next = u16::try_from(self.facts.units.len()).unwrap_or(u16::MAX);
        *self.unit_index.entry(id).or_insert_with(|| {
            self.facts.units.push(id);
            next
        })
    }

    fn user(&mut self, id: UserId) -> u32 {
        let next = u32::try_from(self.facts.users.len()).unwrap_or(u32::MAX);
        *self.user_index.entry(id).or_insert_with(|| {
            self.facts.users.push(id);
            next
        })
    }

    /// Read the store's event log (`all_events()`): `(case id, event)` pairs.
    /// Events of one case need not be next to each other; within a case they
    /// are taken in `version` order.
    pub fn add_event_log(&mut self, log: &[(CaseId, RecordedEvent)]) {
        let sorted = log
            .windows(2)
            .all(|w| (w[0].0, w[0].1.version) <= (w[1].0, w[1].1.version));
        let mut order: Vec<usize> = (0..log.len()).collect();
        if !sorted {
            order.sort_by_key(|&i| (log[i].0, log[i].1.version));
        }
        let mut i = 0;
        while i < order.len() {
            let case = log[order[i]].0;
            let mut j = i;
            while j < order.len() && log[order[j]].0 == case {
                j += 1;
            }
            self.add_case(case, order[i..j].iter().map(|&k| &log[k].1));
            i = j;
        }
    }

    /// Read one case's events, in order.
    pub fn add_case<E: EventRef>(&mut self, id: CaseId, events: impl IntoIterator<Item = E>) {
        let mut c = std::mem::take(&mut self.case);
        c.clear();
        let events: Vec<E> = events.into_iter().collect();
        for e in &events {
            self.facts.events += 1;
            let on = day_number(e.occurred_on());
            self.latest = self.latest.max(on);
            self.apply(&mut c, on, e.event());
        }
        c.placements = placements_of(&events);
        self.finish_case(id, &mut c);
        self.case = c;
    }

    fn apply(&mut self, c: &mut CaseRows, on: Day, event: &CaseEvent) {
        match event {
            CaseEvent::CaseOpened { child, unit } => {
                let p = self.person(*child, Gender::Unknown, None);
                c.child = Some(p);
                c.opened = on;
                let u = self.unit(*unit);
                c.assignments.push((on, u));
            }
            CaseEvent::CaseAssigned { unit, .. } => {
                let u = self.unit(*unit);
                c.assignments.push((on, u));
            }
            CaseEvent::ReportReceived {
                report,
                kind,
                received_at,
                reporter,
                concerns,
                ..
            } => {
                let received = day_number(received_at.date());
                self.latest = self.latest.max(received);
                c.reports.push((
                    *report,
                    ReportFact {
                        received,
                        decided: NO_DAY,
                        person: 0,
                        case: 0,
                        concerns: concerns.iter().fold(0, |acc, x| acc | concern_bit(*x)),
                        unit: 0,
                        kind: *kind,
                        reporter: reporter.category,
                        pre_assessment: PreAssessment::Pending,
                        gender: Gender::Unknown,
                        age: UNKNOWN_AGE,
                        known_months_ago: 0,
                    },
                ));
            }
            CaseEvent::PreAssessmentDecided {
                report, outcome, ..
            } => {
                if let Some(r) = find(&mut c.reports, *report) {
                    r.decided = on;
                    r.pre_assessment = match outcome {
                        PreAssessmentOutcome::OpenInvestigation => PreAssessment::OpenInvestigation,
                        PreAssessmentOutcome::NoInvestigation => PreAssessment::NoInvestigation,
                    };
                }
            }
            CaseEvent::ReportAddedToInvestigation { report, .. } => {
                if let Some(r) = find(&mut c.reports, *report)
                    && r.pre_assessment == PreAssessment::Pending
                {
                    r.pre_assessment = PreAssessment::AddedToInvestigation;
                }
            }
            CaseEvent::InvestigationOpened { investigation, .. } => c.investigations.push((
                *investigation,
                InvestigationFact {
                    opened: on,
                    closed: NO_DAY,
                    due: add_months(on, 4),
                    extended_to: NO_DAY,
                    person: 0,
                    case: 0,
                    unit: 0,
                    outcome: None,
                    gender: Gender::Unknown,
                    age: UNKNOWN_AGE,
                },
            )),
            CaseEvent::InvestigationExtended {
                investigation,
                new_due,
                ..
            } => {
                // Only an extension decided while the investigation was still
                // in time moves its end (20 kap. 3 § SoL): one decided later
                // leaves it late from the day after the end in force.
                if let Some(i) = find(&mut c.investigations, *investigation) {
                    let current = i.effective_due();
                    if let (Some(due), Some(decided)) = (date_of(current), date_of(on))
                        && extension_in_time(due, decided)
                    {
                        i.extended_to = current.max(day_number(*new_due));
                    }
                }
            }
            CaseEvent::InvestigationClosed {
                investigation,
                outcome,
            } => {
                if let Some(i) = find(&mut c.investigations, *investigation) {
                    i.closed = on;
                    i.outcome = Some(*outcome);
                }
            }
            CaseEvent::DecisionTaken {
                decision,
                kind,
                legal_basis,
                intervention_kind,
                favourable,
                decided_by,
                decided_on,
                ..
            } => {
                match kind {
                    DecisionKind::LvuCareOrdered => c.lvu_care = Some(*legal_basis),
                    DecisionKind::LvuCareEnds => c.lvu_care = None,
                    _ => {}
                }
                let decided = day_number(*decided_on);
                self.latest = self.latest.max(decided);
                let delegate = self.user(*decided_by);
                c.decisions.push((
                    *decision,
                    DecisionFact {
                        decided,
                        execution_due: day_number(execution_due(*decided_on)),
                        executed: NO_DAY,
                        case_closed: NO_DAY,
                        person: 0,
                        case: 0,
                        delegate,
                        unit: 0,
                        kind: *kind,
                        legal_basis: *legal_basis,
                        intervention: *intervention_kind,
                        favourable: *favourable,
                        gender: Gender::Unknown,
                        age: UNKNOWN_AGE,
                    },
                ));
            }
            CaseEvent::InterventionStarted {
                intervention,
                decision,
                kind,
                provider,
                price_per_day,
                start,
                ..
            } => {
                let start = day_number(*start);
                self.latest = self.latest.max(start);
                let mut basis = None;
                if let Some(d) = decision.and_then(|d| find(&mut c.decisions, d)) {
                    basis = Some(d.legal_basis);
                    if d.executed == NO_DAY || start < d.executed {
                        d.executed = start;
                    }
                }
                if basis.is_none() && kind.is_placement() {
                    basis = c
                        .removals
                        .iter()
                        .rev()
                        .find(|(_, r)| r.ended == NO_DAY || r.ended > start)
                        .map(|(_, r)| r.legal_basis)
                        .or(c.lvu_care);
                }
                c.interventions.push((
                    *intervention,
                    InterventionFact {
                        start,
                        end: NO_DAY,
                        person: 0,
                        case: 0,
                        price_per_day: price_per_day
                            .and_then(|p| i32::try_from(p).ok())
                            .unwrap_or(-1),
                        unit: 0,
                        kind: *kind,
                        provider: *provider,
                        end_reason: None,
                        legal_basis: basis,
                        gender: Gender::Unknown,
                        age: UNKNOWN_AGE,
                        other_active_at_end: false,
                        reported_within_12_months: false,
                        unsafe_within_6_months: false,
                    },
                ));
            }
            CaseEvent::InterventionEnded {
                intervention,
                end,
                reason,
            } => {
                let end = day_number(*end);
                self.latest = self.latest.max(end);
                if let Some(i) = find(&mut c.interventions, *intervention) {
                    i.end = end;
                    i.end_reason = Some(*reason);
                }
            }
            CaseEvent::EmergencyRemovalDecided {
                removal,
                legal_basis,
                decided_on,
                executed_on,
                ..
            } => {
                let decided = day_number(*decided_on);
                self.latest = self.latest.max(decided);
                c.removals.push((
                    *removal,
                    RemovalFact {
                        decided,
                        executed: day_number(*executed_on),
                        ended: NO_DAY,
                        person: 0,
                        case: 0,
                        unit: 0,
                        legal_basis: *legal_basis,
                        gender: Gender::Unknown,
                        age: UNKNOWN_AGE,
                    },
                ));
            }
            CaseEvent::EmergencyRemovalEnded { removal, on: ended } => {
                if let Some(r) = find(&mut c.removals, *removal) {
                    r.ended = day_number(*ended);
                }
            }
            // Custody-transfer considerations do not restart the six-month clock.
            CaseEvent::ReviewHeld {
                intervention,
                kind,
                held_on,
                ..
            } if *kind != ReviewKind::CustodyTransfer => {
                c.reviews.push((*intervention, day_number(*held_on)));
            }
            CaseEvent::CaseClosed { on: closed, .. } => {
                c.closed = day_number(*closed);
            }
            // Safety assessments, extensions of pre-assessments, feedback to
            // reporters, court referrals, follow-ups, journal entries and any
            // event added later do not enter an indicator (yet).
            _ => {}
        }
    }

    fn finish_case(&mut self, id: CaseId, c: &mut CaseRows) {
        self.facts
            .placements
            .extend(c.placements.drain(..).map(|mut p| {
                p.case = id;
                p
            }));
        let Some(person) = c.child else {
            self.facts.skipped_cases += 1;
            return;
        };
        let case = u32::try_from(self.facts.case_ids.len()).unwrap_or(u32::MAX);
        self.facts.case_ids.push(id);
        let pf = self.facts.persons[person as usize];
        c.assignments.sort_by_key(|a| a.0);
        let assignments = &c.assignments;
        // The unit at the end of `day`: the last assignment on or before it
        // (the first one for a row dated before the case was opened).
        let unit_at = |day: Day| {
            let n = assignments.partition_point(|a| a.0 <= day);
            assignments
                .get(n.saturating_sub(1))
                .map(|a| a.1)
                .unwrap_or(0)
        };
        let age = |day: Day| age_on(pf.birth, day).unwrap_or(UNKNOWN_AGE);

        let first_report = u32::try_from(self.facts.reports.len()).unwrap_or(u32::MAX);
        for (_, r) in &c.reports {
            self.facts.reports.push(ReportFact {
                person,
                case,
                unit: unit_at(r.received),
                gender: pf.gender,
                age: age(r.received),
                ..*r
            });
        }
        self.spans.push(CaseSpan {
            person,
            opened: c.opened,
            closed: c.closed,
            first_report: if c.reports.is_empty() {
                u32::MAX
            } else {
                first_report
            },
        });
        for (_, i) in &c.investigations {
            self.facts.investigations.push(InvestigationFact {
                person,
                case,
                unit: unit_at(i.opened),
                gender: pf.gender,
                age: age(i.opened),
                ..*i
            });
        }
        for (_, d) in &c.decisions {
            self.facts.decisions.push(DecisionFact {
                person,
                case,
                unit: unit_at(d.decided),
                gender: pf.gender,
                age: age(d.decided),
                case_closed: c.closed,
                ..*d
            });
        }
        for (_, r) in &c.removals {
            self.facts.removals.push(RemovalFact {
                person,
                case,
                unit: unit_at(r.decided),
                gender: pf.gender,
                age: age(r.decided),
                ..*r
            });
        }
        let mut held: Vec<Day> = Vec::new();
        for (item, i) in &c.interventions {
            let row = InterventionFact {
                person,
                case,
                unit: unit_at(i.start),
                gender: pf.gender,
                age: age(i.start),
                ..*i
            };
            self.facts.interventions.push(row);
            if !row.kind.is_placement() {
                continue;
            }
            held.clear();
            held.extend(
                c.reviews
                    .iter()
                    .filter(|(iv, _)| iv == item)
                    .map(|(_, d)| *d),
            );
            held.sort_unstable();
            // Due six months from the start, then six months from the last
            // review held; each review held answers the next due date.
            let mut last = row.start;
            let mut next = held.iter().copied().filter(|h| *h >= row.start);
            loop {
                let due = add_months(last, 6);
                if row.end != NO_DAY && row.end <= due {
                    break;
                }
                let h = next.next();
                self.facts.reviews.push(ReviewFact {
                    due,
                    held: h.unwrap_or(NO_DAY),
                    person,
                    case,
                    unit: row.unit,
                    kind: row.kind,
                    provider: row.provider,
                    legal_basis: row.legal_basis,
                    gender: pf.gender,
                    age: age(due),
                });
                match h {
                    Some(h) => last = h,
                    None => break,
                }
            }
        }
    }

    /// Link rows across cases, sort every table by its main date, and hand
    /// over the facts.
    pub fn finish(mut self) -> Facts {
        let as_of = self.as_of.unwrap_or(self.latest);
        let mut f = std::mem::take(&mut self.facts);
        f.as_of = as_of;
        known_before(&mut f.reports, &mut self.spans);
        link_interventions(&mut f.interventions, &f.reports);
        f.reviews.retain(|r| r.held != NO_DAY || r.due <= as_of);

        f.reports.sort_by_key(|r| r.received);
        f.investigations.sort_by_key(|r| r.opened);
        f.decisions.sort_by_key(|r| r.decided);
        f.interventions.sort_by_key(|r| r.start);
        f.removals.sort_by_key(|r| r.decided);
        f.reviews.sort_by_key(|r| r.due);

        let open_end = |d: Day| if d == NO_DAY { as_of + 1 } else { d };
        f.lags = Lags {
            report_decided: f
                .reports
                .iter()
                .filter(|r| r.decided != NO_DAY)
                .map(|r| r.decided - r.received)
                .max()
                .unwrap_or(0)
                .max(0),
            investigation: f
                .investigations
                .iter()
                .map(|i| (open_end(i.closed) - i.opened).max(i.effective_due() + 1 - i.opened))
                .max()
                .unwrap_or(0)
                .max(0),
            decision: f
                .decisions
                .iter()
                .map(|d| {
                    let waited = open_end(d.executed).min(open_end(d.case_closed));
                    let executed = if d.executed == NO_DAY {
                        d.decided
                    } else {
                        d.executed
                    };
                    waited.max(d.execution_due + 1).max(executed) - d.decided
                })
                .max()
                .unwrap_or(0)
                .max(0),
            intervention: f
                .interventions
                .iter()
                .map(|i| open_end(i.end) - i.start)
                .max()
                .unwrap_or(0)
                .max(0),
        };
        f
    }
}

/// Fill in `known_months_ago` for the first report of each case from the
/// child's earlier cases; later reports of a case were received while it was
/// open (0).
fn known_before(reports: &mut [ReportFact], spans: &mut [CaseSpan]) {
    spans.sort_by_key(|s| (s.person, s.opened));
    let mut i = 0;
    while i < spans.len() {
        let person = spans[i].person;
        // Latest closing day of the earlier cases; open = i32::MAX.
        let mut latest_close: Option<Day> = None;
        while i < spans.len() && spans[i].person == person {
            let s = spans[i];
            if let Some(r) = reports.get_mut(s.first_report as usize) {
                r.known_months_ago = match latest_close {
                    None => u8::MAX,
                    Some(c) if c >= r.received => 0,
                    Some(c) => whole_months_between(c, r.received)
                        .and_then(|m| u8::try_from(m).ok())
                        .unwrap_or(u8::MAX),
                };
            }
            let close = if s.closed == NO_DAY {
                i32::MAX
            } else {
                s.closed
            };
            latest_close = Some(latest_close.map_or(close, |c| c.max(close)));
            i += 1;
        }
    }
}

/// Cross-case flags of interventions: another intervention running at the
/// end, a new report within 12 months, an unsafe placement within 6 months.
fn link_interventions(interventions: &mut [InterventionFact], reports: &[ReportFact]) {
    let mut reps: Vec<(u32, Day)> = reports.iter().map(|r| (r.person, r.received)).collect();
    reps.sort_unstable();
    let mut order: Vec<u32> = (0..u32::try_from(interventions.len()).unwrap_or(u32::MAX)).collect();
    order.sort_by_key(|&i| {
        let r = &interventions[i as usize];
        (r.person, r.start)
    });
    let mut g = 0;
    while g < order.len() {
        let person = interventions[order[g] as usize].person;
        let mut h = g;
        while h < order.len() && interventions[order[h] as usize].person == person {
            h += 1;
        }
        let group = &order[g..h];
        let lo = reps.partition_point(|r| r.0 < person);
        let hi = reps.partition_point(|r| r.0 <= person);
        let child_reports = &reps[lo..hi];
        for &a in group {
            let me = interventions[a as usize];
            let mut other_active = false;
            let mut unsafe_6m = false;
            let six = add_months(me.start, 6);
            for &b in group {
                if a == b {
                    continue;
                }
                let o = &interventions[b as usize];
                if me.end != NO_DAY && o.start <= me.end && (o.end == NO_DAY || o.end > me.end) {
                    other_active = true;
                }
                if me.kind.is_placement()
                    && o.kind.is_placement()
                    && o.start > me.start
                    && o.start <= six
                    && care_level(o.kind) > care_level(me.kind)
                {
                    unsafe_6m = true;
                }
            }
            if me.kind.is_placement()
                && me.end_reason.is_some_and(ends_unplanned)
                && me.end != NO_DAY
                && me.end <= six
            {
                unsafe_6m = true;
            }
            let reported = me.end != NO_DAY && {
                let k = child_reports.partition_point(|r| r.1 <= me.end);
                child_reports
                    .get(k)
                    .is_some_and(|r| r.1 <= add_months(me.end, 12))
            };
            let row = &mut interventions[a as usize];
            row.other_active_at_end = other_active;
            row.unsafe_within_6_months = unsafe_6m;
            row.reported_within_12_months = reported;
        }
        g = h;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concern_categories_fit_sixteen_bits() {
        assert!(ConcernCategory::ENTRIES.len() <= 16);
        for (i, e) in ConcernCategory::ENTRIES.iter().enumerate() {
            assert_eq!(e.value as usize, i, "declaration order is entry order");
        }
    }

    #[test]
    fn rows_are_small() {
        assert!(std::mem::size_of::<ReportFact>() <= 32);
        assert!(std::mem::size_of::<InvestigationFact>() <= 32);
        assert!(std::mem::size_of::<InterventionFact>() <= 32);
        assert!(std::mem::size_of::<DecisionFact>() <= 40);
        assert!(std::mem::size_of::<ReviewFact>() <= 24);
    }
}
