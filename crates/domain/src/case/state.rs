//! The current state of a case: a left fold over its events.

use super::event::{
    CaseEvent, DecisionKind, InvestigationOutcome, LegalBasis, PreAssessmentOutcome, RecordedEvent,
    Reporter, ReviewKind,
};
use crate::catalog::{
    ClosureReason, ConcernCategory, InterventionEndReason, InterventionKind, ProviderKind,
    ReportKind,
};
use crate::ids::{ItemId, PersonId, UnitId, UserId};
use jiff::civil::{Date, DateTime};
use serde::Serialize;

/// One aktualisering in the case.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportState {
    pub id: ItemId,
    pub kind: ReportKind,
    pub received_at: DateTime,
    pub reporter: Reporter,
    pub concerns: Vec<ConcernCategory>,
    pub summary: String,
    pub safety_assessed_on: Option<Date>,
    pub immediate_protection_needed: Option<bool>,
    /// Extended due date for the pre-assessment (synnerliga skäl).
    pub pre_assessment_extended_to: Option<Date>,
    pub pre_assessment: Option<(PreAssessmentOutcome, Date)>,
    /// The report was added to a running investigation instead of a pre-assessment.
    pub added_to_investigation: Option<ItemId>,
    /// The day the report was added to a running investigation.
    pub added_to_investigation_on: Option<Date>,
    pub reporter_informed_on: Option<Date>,
}

impl ReportState {
    /// The förhandsbedömning is settled: decided, or not needed because the
    /// report was added to a running investigation.
    pub fn pre_assessment_settled(&self) -> bool {
        self.pre_assessment.is_some() || self.added_to_investigation.is_some()
    }
    /// The omedelbar skyddsbedömning is still to be made.
    pub fn awaits_safety_assessment(&self) -> bool {
        self.safety_assessed_on.is_none()
    }
    /// The förhandsbedömning can be decided: not settled, the safety
    /// assessment made.
    pub fn awaits_pre_assessment(&self) -> bool {
        !self.pre_assessment_settled() && self.safety_assessed_on.is_some()
    }
    /// The reporter is to be told whether an investigation was opened: the
    /// pre-assessment settled, a reporter with a name, not told yet.
    pub fn awaits_reporter_informed(&self) -> bool {
        self.pre_assessment_settled()
            && !self.reporter.anonymous
            && self.reporter_informed_on.is_none()
    }
}

/// An investigation (utredning).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InvestigationState {
    pub id: ItemId,
    pub opened_on: Date,
    pub reports: Vec<ItemId>,
    /// Extensions, in order: (reason, new due date, recorded on).
    pub extensions: Vec<(String, Date, Date)>,
    pub closed: Option<(Date, InvestigationOutcome)>,
}

impl InvestigationState {
    pub fn is_open(&self) -> bool {
        self.closed.is_none()
    }
    /// The approved end date, if extended.
    pub fn extended_to(&self) -> Option<Date> {
        self.extensions.last().map(|e| e.1)
    }
}

/// A decision (beslut).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DecisionState {
    pub id: ItemId,
    pub kind: DecisionKind,
    pub legal_basis: LegalBasis,
    pub intervention_kind: Option<InterventionKind>,
    pub favourable: bool,
    pub decided_by: UserId,
    pub decided_on: Date,
    pub text: String,
}

/// A review held on an intervention.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReviewState {
    pub kind: ReviewKind,
    pub held_on: Date,
    pub care_continues: bool,
}

/// An intervention or placement (insats).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InterventionState {
    pub id: ItemId,
    pub decision: Option<ItemId>,
    pub kind: InterventionKind,
    pub provider: ProviderKind,
    pub provider_name: String,
    pub price_per_day: Option<i64>,
    pub start: Date,
    pub ended: Option<(Date, InterventionEndReason)>,
    pub reviews: Vec<ReviewState>,
}

impl InterventionState {
    pub fn is_active(&self) -> bool {
        self.ended.is_none()
    }
}

/// An LVU 6 § emergency removal.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EmergencyRemovalState {
    pub id: ItemId,
    pub legal_basis: LegalBasis,
    pub decided_on: Date,
    pub executed_on: Date,
    pub referred_on: Option<Date>,
    pub application_on: Option<Date>,
    pub ended_on: Option<Date>,
}

impl EmergencyRemovalState {
    pub fn is_active(&self) -> bool {
        self.ended_on.is_none()
    }
    /// Still to be referred to the administrative court.
    pub fn awaits_referral(&self) -> bool {
        self.is_active() && self.referred_on.is_none()
    }
    /// The application for care still to be made.
    pub fn awaits_application(&self) -> bool {
        self.is_active() && self.application_on.is_none()
    }
}

/// A planned follow-up after the end (23 kap.).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FollowUpState {
    pub id: ItemId,
    pub from: Date,
    pub planned_on: Date,
    pub completed_on: Option<Date>,
}

impl FollowUpState {
    pub fn is_running(&self) -> bool {
        self.completed_on.is_none()
    }
}

/// A signed journal entry (journalanteckning). Signed entries are never
/// changed; a correction is a new entry, and the old one records which
/// entry corrected it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JournalEntryState {
    pub id: ItemId,
    pub text: String,
    pub signed_on: Date,
    /// The entry this one corrects.
    pub corrects: Option<ItemId>,
    /// The entry that corrected this one, if any.
    pub corrected_by: Option<ItemId>,
}

/// Where the case stands, for lists and the case page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Reports received, pre-assessment pending.
    Received,
    /// Pre-assessment done, no investigation, not closed.
    Assessed,
    Investigating,
    /// Interventions running.
    Intervening,
    /// Following up after an end.
    FollowingUp,
    Closed,
    /// Every intervention (and emergency removal) has ended, nothing has
    /// happened in the case since, and it is not closed: the case waits to
    /// be closed or followed up (23 kap. SoL), not for a pre-assessment.
    InterventionEnded,
}

impl Phase {
    pub fn label(self) -> &'static str {
        match self {
            Self::Received => "Förhandsbedömning pågår",
            Self::Assessed => "Förhandsbedömd",
            Self::Investigating => "Utredning pågår",
            Self::Intervening => "Insats pågår",
            Self::FollowingUp => "Uppföljning",
            Self::Closed => "Avslutat",
            Self::InterventionEnded => "Insats avslutad",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::Assessed => "assessed",
            Self::Investigating => "investigating",
            Self::Intervening => "intervening",
            Self::FollowingUp => "following_up",
            Self::Closed => "closed",
            Self::InterventionEnded => "intervention_ended",
        }
    }
}

/// The state of one child's case.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CaseState {
    /// Number of events applied (the stream version).
    pub version: u64,
    pub child: Option<PersonId>,
    pub unit: Option<UnitId>,
    pub caseworker: Option<UserId>,
    pub opened_on: Option<Date>,
    pub reports: Vec<ReportState>,
    pub investigations: Vec<InvestigationState>,
    pub decisions: Vec<DecisionState>,
    pub interventions: Vec<InterventionState>,
    pub removals: Vec<EmergencyRemovalState>,
    pub follow_ups: Vec<FollowUpState>,
    /// Signed journal entries, in signing order.
    pub journal: Vec<JournalEntryState>,
    pub closed: Option<(Date, ClosureReason)>,
}

impl Default for CaseState {
    fn default() -> Self {
        Self::new()
    }
}

impl CaseState {
    /// The state before any event.
    pub fn new() -> Self {
        Self {
            version: 0,
            child: None,
            unit: None,
            caseworker: None,
            opened_on: None,
            reports: Vec::new(),
            investigations: Vec::new(),
            decisions: Vec::new(),
            interventions: Vec::new(),
            removals: Vec::new(),
            follow_ups: Vec::new(),
            journal: Vec::new(),
            closed: None,
        }
    }

    /// Fold recorded events into a state.
    pub fn from_events<'a>(events: impl IntoIterator<Item = &'a RecordedEvent>) -> Self {
        let mut s = Self::new();
        for e in events {
            s.apply(e.occurred_on, &e.event);
        }
        s
    }

    /// The LVU ground the child is cared for or removed under now (LVU 2 §
    /// or 3 §: care ordered, or an emergency removal not ended), or `None`
    /// (SoL): what the caseload lists filter by.
    pub fn lvu_ground_now(&self) -> Option<LegalBasis> {
        self.lvu_basis().or_else(|| {
            self.removals
                .iter()
                .rev()
                .find(|r| r.ended_on.is_none())
                .map(|r| r.legal_basis)
        })
    }

    /// The state after `events`, and the day the case entered its current
    /// [`Phase`] (the occurred-on day of the event that moved it there;
    /// `None` for no events): what "days in stage" counts from.
    pub fn with_phase_since<'a>(
        events: impl IntoIterator<Item = &'a RecordedEvent>,
    ) -> (Self, Option<Date>) {
        let mut s = Self::new();
        let mut since = None;
        let mut phase = None;
        for e in events {
            s.apply(e.occurred_on, &e.event);
            let now = s.phase();
            if phase != Some(now) {
                phase = Some(now);
                since = Some(e.occurred_on);
            }
        }
        (s, since)
    }

    pub fn exists(&self) -> bool {
        self.version > 0
    }
    pub fn is_closed(&self) -> bool {
        self.closed.is_some()
    }

    pub fn report(&self, id: ItemId) -> Option<&ReportState> {
        self.reports.iter().find(|r| r.id == id)
    }
    fn report_mut(&mut self, id: ItemId) -> Option<&mut ReportState> {
        self.reports.iter_mut().find(|r| r.id == id)
    }
    pub fn open_investigation(&self) -> Option<&InvestigationState> {
        self.investigations.iter().find(|i| i.is_open())
    }
    pub fn investigation(&self, id: ItemId) -> Option<&InvestigationState> {
        self.investigations.iter().find(|i| i.id == id)
    }
    pub fn decision(&self, id: ItemId) -> Option<&DecisionState> {
        self.decisions.iter().find(|d| d.id == id)
    }
    pub fn intervention(&self, id: ItemId) -> Option<&InterventionState> {
        self.interventions.iter().find(|i| i.id == id)
    }
    pub fn removal(&self, id: ItemId) -> Option<&EmergencyRemovalState> {
        self.removals.iter().find(|r| r.id == id)
    }
    pub fn journal_entry(&self, id: ItemId) -> Option<&JournalEntryState> {
        self.journal.iter().find(|j| j.id == id)
    }
    pub fn active_interventions(&self) -> impl Iterator<Item = &InterventionState> {
        self.interventions.iter().filter(|i| i.is_active())
    }
    /// The child is in out-of-home care now (a placement is active).
    pub fn is_placed(&self) -> bool {
        self.active_interventions().any(|i| i.kind.is_placement())
    }

    /// An emergency removal (6 § LVU) is running.
    pub fn has_active_removal(&self) -> bool {
        self.removals.iter().any(|r| r.is_active())
    }

    /// A favourable decision that no running intervention carries out yet.
    pub fn awaits_execution(&self, d: &DecisionState) -> bool {
        d.favourable
            && !self
                .interventions
                .iter()
                .any(|i| i.decision == Some(d.id) && i.is_active())
    }

    /// Where a follow-up would count from: the latest investigation closed
    /// without measure, or placement ended (23 kap. 1-2 § SoL).
    pub fn follow_up_from(&self) -> Option<Date> {
        let inv_end = self
            .investigations
            .iter()
            .filter_map(|i| match i.closed {
                Some((d, InvestigationOutcome::NoMeasure)) => Some(d),
                _ => None,
            })
            .max();
        let placement_end = self
            .interventions
            .iter()
            .filter(|i| i.kind.is_placement())
            .filter_map(|i| i.ended.map(|e| e.0))
            .max();
        inv_end.max(placement_end)
    }

    /// Why a follow-up cannot be planned now (a Swedish sentence), or
    /// `None` when it can.
    pub fn follow_up_blocker(&self) -> Option<&'static str> {
        let Some(from) = self.follow_up_from() else {
            return Some(
                "Uppföljning kan beslutas när en utredning avslutats utan insats eller en placering upphört (23 kap. 1-2 § SoL).",
            );
        };
        if self.follow_ups.iter().any(|f| f.is_running()) {
            return Some("Det finns redan en pågående uppföljning.");
        }
        if self.follow_ups.iter().any(|f| f.from >= from) {
            return Some(
                "Uppföljningen efter det senaste avslutet är redan beslutad. En ny uppföljning kan beslutas efter nästa avslut.",
            );
        }
        None
    }

    /// Why the case cannot be closed now (a Swedish sentence that says what
    /// to do first), or `None` when nothing is left running.
    pub fn closing_blocker(&self) -> Option<&'static str> {
        if self.reports.iter().any(|r| !r.pre_assessment_settled()) {
            Some(
                "Det finns en anmälan utan förhandsbedömning. Besluta förhandsbedömningen innan ärendet avslutas.",
            )
        } else if self.open_investigation().is_some() {
            Some("Utredningen pågår. Avsluta utredningen innan ärendet avslutas.")
        } else if self.active_interventions().next().is_some() {
            Some("Det finns pågående insatser. Avsluta dem innan ärendet avslutas.")
        } else if self.has_active_removal() {
            Some("Ett omedelbart omhändertagande pågår.")
        } else if self.follow_ups.iter().any(|f| f.is_running()) {
            Some("En uppföljning pågår. Registrera den som genomförd först.")
        } else {
            None
        }
    }

    /// Where the case stands.
    pub fn phase(&self) -> Phase {
        if self.closed.is_some() {
            Phase::Closed
        } else if self.open_investigation().is_some() {
            Phase::Investigating
        } else if self.active_interventions().next().is_some()
            || self.removals.iter().any(|r| r.ended_on.is_none())
        {
            Phase::Intervening
        } else if self.reports.iter().any(|r| !r.pre_assessment_settled()) {
            Phase::Received
        } else if self.follow_ups.iter().any(|f| f.completed_on.is_none()) {
            Phase::FollowingUp
        } else if self.ended_last() {
            Phase::InterventionEnded
        } else {
            Phase::Assessed
        }
    }

    /// The latest thing settled in the case is the end of an intervention
    /// or an emergency removal: no pre-assessment decided and no
    /// investigation closed after it (then the case is pre-assessed again).
    fn ended_last(&self) -> bool {
        let ended = self
            .interventions
            .iter()
            .filter_map(|i| i.ended.map(|(d, _)| d))
            .chain(self.removals.iter().filter_map(|r| r.ended_on))
            .max();
        let Some(ended) = ended else {
            return false;
        };
        let settled = self
            .reports
            .iter()
            .filter_map(|r| r.pre_assessment.map(|(_, d)| d))
            .chain(
                self.investigations
                    .iter()
                    .filter_map(|i| i.closed.map(|(d, _)| d)),
            )
            .max();
        settled.is_none_or(|s| s <= ended)
    }

    /// The most recent legal basis of care (LVU 2 §, 3 §) from decisions on LVU care.
    pub fn lvu_basis(&self) -> Option<LegalBasis> {
        let mut basis = None;
        for d in &self.decisions {
            match d.kind {
                DecisionKind::LvuCareOrdered => basis = Some(d.legal_basis),
                DecisionKind::LvuCareEnds => basis = None,
                _ => {}
            }
        }
        basis
    }

    /// Apply one event. Events are facts: applying never fails; an event that
    /// refers to an unknown item is ignored (the domain never emits one).
    pub fn apply(&mut self, occurred_on: Date, event: &CaseEvent) {
        self.version += 1;
        match event {
            CaseEvent::CaseOpened { child, unit } => {
                self.child = Some(*child);
                self.unit = Some(*unit);
                self.opened_on = Some(occurred_on);
            }
            CaseEvent::ReportReceived {
                report,
                kind,
                received_at,
                reporter,
                concerns,
                siblings: _,
                summary,
            } => self.reports.push(ReportState {
                id: *report,
                kind: *kind,
                received_at: *received_at,
                reporter: reporter.clone(),
                concerns: concerns.clone(),
                summary: summary.clone(),
                safety_assessed_on: None,
                immediate_protection_needed: None,
                pre_assessment_extended_to: None,
                pre_assessment: None,
                added_to_investigation: None,
                added_to_investigation_on: None,
                reporter_informed_on: None,
            }),
            CaseEvent::SafetyAssessed {
                report,
                immediate_protection_needed,
                ..
            } => {
                if let Some(r) = self.report_mut(*report) {
                    r.safety_assessed_on = Some(occurred_on);
                    r.immediate_protection_needed = Some(*immediate_protection_needed);
                }
            }
            CaseEvent::PreAssessmentExtended {
                report, new_due, ..
            } => {
                if let Some(r) = self.report_mut(*report) {
                    r.pre_assessment_extended_to = Some(*new_due);
                }
            }
            CaseEvent::PreAssessmentDecided {
                report, outcome, ..
            } => {
                if let Some(r) = self.report_mut(*report) {
                    r.pre_assessment = Some((*outcome, occurred_on));
                }
            }
            CaseEvent::ReportAddedToInvestigation {
                report,
                investigation,
            } => {
                if let Some(r) = self.report_mut(*report) {
                    r.added_to_investigation = Some(*investigation);
                    r.added_to_investigation_on = Some(occurred_on);
                }
                if let Some(i) = self
                    .investigations
                    .iter_mut()
                    .find(|i| i.id == *investigation)
                {
                    i.reports.push(*report);
                }
            }
            CaseEvent::ReporterInformed { report } => {
                if let Some(r) = self.report_mut(*report) {
                    r.reporter_informed_on = Some(occurred_on);
                }
            }
            CaseEvent::InvestigationOpened {
                investigation,
                reports,
            } => self.investigations.push(InvestigationState {
                id: *investigation,
                opened_on: occurred_on,
                reports: reports.clone(),
                extensions: Vec::new(),
                closed: None,
            }),
            CaseEvent::InvestigationExtended {
                investigation,
                reason,
                new_due,
            } => {
                if let Some(i) = self
                    .investigations
                    .iter_mut()
                    .find(|i| i.id == *investigation)
                {
                    i.extensions.push((reason.clone(), *new_due, occurred_on));
                }
            }
            CaseEvent::InvestigationClosed {
                investigation,
                outcome,
            } => {
                if let Some(i) = self
                    .investigations
                    .iter_mut()
                    .find(|i| i.id == *investigation)
                {
                    i.closed = Some((occurred_on, *outcome));
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
                text,
            } => self.decisions.push(DecisionState {
                id: *decision,
                kind: *kind,
                legal_basis: *legal_basis,
                intervention_kind: *intervention_kind,
                favourable: *favourable,
                decided_by: *decided_by,
                decided_on: *decided_on,
                text: text.clone(),
            }),
            CaseEvent::InterventionStarted {
                intervention,
                decision,
                kind,
                provider,
                provider_name,
                price_per_day,
                start,
            } => self.interventions.push(InterventionState {
                id: *intervention,
                decision: *decision,
                kind: *kind,
                provider: *provider,
                provider_name: provider_name.clone(),
                price_per_day: *price_per_day,
                start: *start,
                ended: None,
                reviews: Vec::new(),
            }),
            CaseEvent::InterventionEnded {
                intervention,
                end,
                reason,
            } => {
                if let Some(i) = self
                    .interventions
                    .iter_mut()
                    .find(|i| i.id == *intervention)
                {
                    i.ended = Some((*end, *reason));
                }
            }
            CaseEvent::EmergencyRemovalDecided {
                removal,
                legal_basis,
                decided_on,
                executed_on,
                ..
            } => self.removals.push(EmergencyRemovalState {
                id: *removal,
                legal_basis: *legal_basis,
                decided_on: *decided_on,
                executed_on: *executed_on,
                referred_on: None,
                application_on: None,
                ended_on: None,
            }),
            CaseEvent::EmergencyRemovalReferred { removal, on } => {
                if let Some(r) = self.removals.iter_mut().find(|r| r.id == *removal) {
                    r.referred_on = Some(*on);
                }
            }
            CaseEvent::CareApplicationSubmitted { removal, on } => {
                if let Some(r) = self.removals.iter_mut().find(|r| r.id == *removal) {
                    r.application_on = Some(*on);
                }
            }
            CaseEvent::EmergencyRemovalEnded { removal, on } => {
                if let Some(r) = self.removals.iter_mut().find(|r| r.id == *removal) {
                    r.ended_on = Some(*on);
                }
            }
            CaseEvent::ReviewHeld {
                intervention,
                kind,
                held_on,
                care_continues,
                ..
            } => {
                if let Some(i) = self
                    .interventions
                    .iter_mut()
                    .find(|i| i.id == *intervention)
                {
                    i.reviews.push(ReviewState {
                        kind: *kind,
                        held_on: *held_on,
                        care_continues: *care_continues,
                    });
                }
            }
            CaseEvent::FollowUpPlanned {
                follow_up,
                from,
                planned_on,
            } => self.follow_ups.push(FollowUpState {
                id: *follow_up,
                from: *from,
                planned_on: *planned_on,
                completed_on: None,
            }),
            CaseEvent::FollowUpCompleted { follow_up, on, .. } => {
                if let Some(f) = self.follow_ups.iter_mut().find(|f| f.id == *follow_up) {
                    f.completed_on = Some(*on);
                }
            }
            CaseEvent::CaseAssigned { caseworker, unit } => {
                self.caseworker = *caseworker;
                self.unit = Some(*unit);
            }
            CaseEvent::CaseClosed { reason, on } => {
                self.closed = Some((*on, *reason));
            }
            CaseEvent::JournalEntrySigned {
                entry,
                text,
                corrects,
            } => {
                if let Some(old) =
                    corrects.and_then(|c| self.journal.iter_mut().find(|j| j.id == c))
                {
                    old.corrected_by = Some(*entry);
                }
                self.journal.push(JournalEntryState {
                    id: *entry,
                    text: text.clone(),
                    signed_on: occurred_on,
                    corrects: *corrects,
                    corrected_by: None,
                });
            }
        }
    }
}

#[cfg(test)]
mod phase_since_tests {
    use super::*;
    use crate::case::{CaseEvent, PreAssessmentOutcome, RecordedEvent, Reporter};
    use crate::catalog::{ReportKind, ReporterCategory};
    use crate::ids::{ItemId, PersonId, UnitId, UserId};
    use jiff::civil::date;

    fn at(version: u64, day: Date, event: CaseEvent) -> RecordedEvent {
        RecordedEvent {
            version,
            recorded_by: UserId(1),
            recorded_at: jiff::Timestamp::UNIX_EPOCH,
            occurred_on: day,
            event,
        }
    }

    #[test]
    fn the_phase_counts_from_the_event_that_moved_the_case_there() {
        let report = ItemId::new_random();
        let d1 = date(2026, 3, 2);
        let d2 = date(2026, 3, 3);
        let d3 = date(2026, 3, 9);
        let mut events = vec![
            at(
                1,
                d1,
                CaseEvent::CaseOpened {
                    child: PersonId::new_random(),
                    unit: UnitId(1),
                },
            ),
            at(
                2,
                d1,
                CaseEvent::ReportReceived {
                    report,
                    kind: ReportKind::Report,
                    received_at: d1.at(9, 0, 0, 0),
                    reporter: Reporter {
                        category: ReporterCategory::School,
                        anonymous: true,
                        name: None,
                        contact: None,
                        wants_feedback: false,
                    },
                    concerns: vec![],
                    siblings: vec![],
                    summary: String::new(),
                },
            ),
            // Does not change the phase.
            at(
                3,
                d2,
                CaseEvent::SafetyAssessed {
                    report,
                    immediate_protection_needed: false,
                    notes: "x".into(),
                },
            ),
        ];
        let (s, since) = CaseState::with_phase_since(&events);
        assert_eq!((s.phase(), since), (Phase::Received, Some(d1)));
        events.push(at(
            4,
            d3,
            CaseEvent::PreAssessmentDecided {
                report,
                outcome: PreAssessmentOutcome::NoInvestigation,
                reasoning: "y".into(),
            },
        ));
        let (s, since) = CaseState::with_phase_since(&events);
        assert_eq!((s.phase(), since), (Phase::Assessed, Some(d3)));
        assert_eq!(CaseState::with_phase_since(&[]).1, None);
    }
}
