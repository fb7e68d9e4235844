//! Which steps a case's state makes possible now, and what each can be
//! about: the one answer that the case page (which steps it offers) and
//! [`decide`](super::decide) (what it accepts) share. The rules themselves
//! are the predicates of the state ([`ReportState::awaits_safety_assessment`],
//! [`CaseState::follow_up_from`], [`CaseState::closing_blocker`], ...);
//! `decide` refuses with a message per predicate, this module lists.

use super::command::CaseCommand;
use super::state::{
    CaseState, DecisionState, EmergencyRemovalState, FollowUpState, InterventionState,
    InvestigationState, ReportState,
};
use crate::ids::ItemId;

/// Every step a user takes on an open case with a form of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    SafetyAssessment,
    PreAssessment,
    PreAssessmentExtension,
    InformReporter,
    InvestigationExtension,
    InvestigationClosing,
    Decision,
    InterventionStart,
    InterventionEnd,
    EmergencyRemoval,
    EmergencyRemovalReferral,
    CareApplication,
    EmergencyRemovalEnd,
    Review,
    FollowUpPlan,
    FollowUpCompletion,
    CaseClosing,
    Reassign,
}

/// What a step can be about.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StepItem<'a> {
    Report(&'a ReportState),
    Investigation(&'a InvestigationState),
    Decision(&'a DecisionState),
    Intervention(&'a InterventionState),
    Removal(&'a EmergencyRemovalState),
    FollowUp(&'a FollowUpState),
    /// Starting a placement without a decision, during an emergency
    /// removal (6 § LVU).
    NoDecision,
}

impl StepItem<'_> {
    /// The item's id; `None` for [`StepItem::NoDecision`].
    pub fn id(&self) -> Option<ItemId> {
        match self {
            StepItem::Report(r) => Some(r.id),
            StepItem::Investigation(i) => Some(i.id),
            StepItem::Decision(d) => Some(d.id),
            StepItem::Intervention(i) => Some(i.id),
            StepItem::Removal(r) => Some(r.id),
            StepItem::FollowUp(f) => Some(f.id),
            StepItem::NoDecision => None,
        }
    }
}

impl Step {
    /// In the order a case goes.
    pub const ALL: [Step; 18] = [
        Step::SafetyAssessment,
        Step::PreAssessment,
        Step::PreAssessmentExtension,
        Step::InformReporter,
        Step::InvestigationExtension,
        Step::InvestigationClosing,
        Step::Decision,
        Step::InterventionStart,
        Step::InterventionEnd,
        Step::EmergencyRemoval,
        Step::EmergencyRemovalReferral,
        Step::CareApplication,
        Step::EmergencyRemovalEnd,
        Step::Review,
        Step::FollowUpPlan,
        Step::FollowUpCompletion,
        Step::CaseClosing,
        Step::Reassign,
    ];

    /// The step is about one item of the case (a report, a removal, ...).
    pub fn has_item(self) -> bool {
        !matches!(
            self,
            Step::Decision
                | Step::EmergencyRemoval
                | Step::FollowUpPlan
                | Step::CaseClosing
                | Step::Reassign
        )
    }

    /// The items the step can be about now (empty for a step without one,
    /// and for any step of a closed case).
    pub fn items(self, s: &CaseState) -> Vec<StepItem<'_>> {
        if s.is_closed() {
            return Vec::new();
        }
        let reports = |keep: fn(&ReportState) -> bool| {
            s.reports
                .iter()
                .filter(|r| keep(r))
                .map(StepItem::Report)
                .collect::<Vec<_>>()
        };
        let removals = |keep: fn(&EmergencyRemovalState) -> bool| {
            s.removals
                .iter()
                .filter(|r| keep(r))
                .map(StepItem::Removal)
                .collect::<Vec<_>>()
        };
        match self {
            Step::SafetyAssessment => reports(ReportState::awaits_safety_assessment),
            Step::PreAssessment => reports(ReportState::awaits_pre_assessment),
            Step::PreAssessmentExtension => reports(|r| !r.pre_assessment_settled()),
            Step::InformReporter => reports(ReportState::awaits_reporter_informed),
            Step::InvestigationExtension | Step::InvestigationClosing => s
                .open_investigation()
                .map(StepItem::Investigation)
                .into_iter()
                .collect(),
            Step::InterventionStart => {
                let mut out: Vec<StepItem<'_>> = s
                    .decisions
                    .iter()
                    .filter(|d| s.awaits_execution(d))
                    .map(StepItem::Decision)
                    .collect();
                if s.has_active_removal() {
                    out.push(StepItem::NoDecision);
                }
                out
            }
            Step::InterventionEnd => s
                .active_interventions()
                .map(StepItem::Intervention)
                .collect(),
            Step::Review => s
                .active_interventions()
                .filter(|i| i.kind.is_placement())
                .map(StepItem::Intervention)
                .collect(),
            Step::EmergencyRemovalReferral => removals(EmergencyRemovalState::awaits_referral),
            Step::CareApplication => removals(EmergencyRemovalState::awaits_application),
            Step::EmergencyRemovalEnd => removals(EmergencyRemovalState::is_active),
            Step::FollowUpCompletion => s
                .follow_ups
                .iter()
                .filter(|f| f.is_running())
                .map(StepItem::FollowUp)
                .collect(),
            Step::Decision
            | Step::EmergencyRemoval
            | Step::FollowUpPlan
            | Step::CaseClosing
            | Step::Reassign => Vec::new(),
        }
    }

    /// The case's state makes the step possible now: exactly when
    /// [`decide`](super::decide) accepts some command of the step (the
    /// test below checks it for every state it reaches).
    pub fn is_possible(self, s: &CaseState) -> bool {
        if !s.exists() || s.is_closed() {
            return false;
        }
        match self {
            Step::Decision => !s.investigations.is_empty(),
            Step::EmergencyRemoval => !s.has_active_removal(),
            Step::FollowUpPlan => s.follow_up_blocker().is_none(),
            Step::CaseClosing => s.closing_blocker().is_none(),
            Step::Reassign => true,
            _ => !self.items(s).is_empty(),
        }
    }
}

/// The steps the case's state makes possible now, in the order a case goes.
pub fn possible_steps(s: &CaseState) -> Vec<Step> {
    Step::ALL
        .into_iter()
        .filter(|step| step.is_possible(s))
        .collect()
}

impl CaseCommand {
    /// The step whose form gives this command (`None` for opening a case,
    /// a further report and a journal entry, which have forms of their own).
    pub fn step(&self) -> Option<Step> {
        Some(match self {
            CaseCommand::OpenCase { .. }
            | CaseCommand::ReceiveReport(_)
            | CaseCommand::SignJournalEntry { .. } => return None,
            CaseCommand::AssessSafety { .. } => Step::SafetyAssessment,
            CaseCommand::DecidePreAssessment { .. } => Step::PreAssessment,
            CaseCommand::ExtendPreAssessment { .. } => Step::PreAssessmentExtension,
            CaseCommand::InformReporter { .. } => Step::InformReporter,
            CaseCommand::ExtendInvestigation { .. } => Step::InvestigationExtension,
            CaseCommand::CloseInvestigation { .. } => Step::InvestigationClosing,
            CaseCommand::TakeDecision { .. } => Step::Decision,
            CaseCommand::StartIntervention { .. } => Step::InterventionStart,
            CaseCommand::EndIntervention { .. } => Step::InterventionEnd,
            CaseCommand::DecideEmergencyRemoval { .. } => Step::EmergencyRemoval,
            CaseCommand::ReferEmergencyRemoval { .. } => Step::EmergencyRemovalReferral,
            CaseCommand::SubmitCareApplication { .. } => Step::CareApplication,
            CaseCommand::EndEmergencyRemoval { .. } => Step::EmergencyRemovalEnd,
            CaseCommand::HoldReview { .. } => Step::Review,
            CaseCommand::PlanFollowUp { .. } => Step::FollowUpPlan,
            CaseCommand::CompleteFollowUp { .. } => Step::FollowUpCompletion,
            CaseCommand::CloseCase { .. } => Step::CaseClosing,
            CaseCommand::Assign { .. } => Step::Reassign,
        })
    }

    /// The item the command is about, for a step that has one.
    pub fn item(&self) -> Option<ItemId> {
        match self {
            CaseCommand::AssessSafety { report, .. }
            | CaseCommand::DecidePreAssessment { report, .. }
            | CaseCommand::ExtendPreAssessment { report, .. }
            | CaseCommand::InformReporter { report } => Some(*report),
            CaseCommand::ExtendInvestigation { investigation, .. }
            | CaseCommand::CloseInvestigation { investigation, .. } => Some(*investigation),
            CaseCommand::StartIntervention { decision, .. } => *decision,
            CaseCommand::EndIntervention { intervention, .. }
            | CaseCommand::HoldReview { intervention, .. } => Some(*intervention),
            CaseCommand::ReferEmergencyRemoval { removal }
            | CaseCommand::SubmitCareApplication { removal }
            | CaseCommand::EndEmergencyRemoval { removal } => Some(*removal),
            CaseCommand::CompleteFollowUp { follow_up, .. } => Some(*follow_up),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{
        CaseEvent, DecisionKind, InvestigationOutcome, LegalBasis, NewReport, PreAssessmentOutcome,
        Reporter, ReviewKind, decide,
    };
    use crate::catalog::{
        ClosureReason, ConcernCategory, InterventionEndReason, InterventionKind, ProviderKind,
        ReportKind, ReporterCategory,
    };
    use crate::ids::{PersonId, UnitId, UserId};
    use jiff::civil::{Date, date};
    use proptest::prelude::*;

    const DAY: Date = date(2026, 3, 10);

    fn report(on: Date, anonymous: bool) -> NewReport {
        NewReport {
            report: ItemId::new_random(),
            kind: ReportKind::Report,
            received_at: on.at(9, 0, 0, 0),
            reporter: Reporter {
                category: if anonymous {
                    ReporterCategory::Anonymous
                } else {
                    ReporterCategory::School
                },
                anonymous,
                name: None,
                contact: None,
                wants_feedback: true,
            },
            concerns: vec![ConcernCategory::NeglectOfCare],
            siblings: Vec::new(),
            summary: String::new(),
        }
    }

    /// Every command of `step` worth trying in `s`: one per item of the
    /// case (all of them, not only those [`Step::items`] offers) and per
    /// choice that changes what `decide` says.
    fn candidates(step: Step, s: &CaseState, on: Date) -> Vec<CaseCommand> {
        let text = || "Anteckning.".to_string();
        let day = |d: Date| d.checked_add(jiff::ToSpan::days(1)).unwrap();
        let reports = s.reports.iter();
        match step {
            Step::SafetyAssessment => reports
                .map(|r| CaseCommand::AssessSafety {
                    report: r.id,
                    immediate_protection_needed: false,
                    notes: text(),
                })
                .collect(),
            Step::PreAssessment => reports
                .flat_map(|r| {
                    [
                        PreAssessmentOutcome::NoInvestigation,
                        PreAssessmentOutcome::OpenInvestigation,
                    ]
                    .map(|outcome| CaseCommand::DecidePreAssessment {
                        report: r.id,
                        outcome,
                        reasoning: text(),
                        investigation: Some(ItemId::new_random()),
                    })
                })
                .collect(),
            Step::PreAssessmentExtension => reports
                .map(|r| CaseCommand::ExtendPreAssessment {
                    report: r.id,
                    exceptional_reasons: text(),
                    new_due: day(r.pre_assessment_extended_to.unwrap_or_else(|| {
                        crate::deadline::pre_assessment_due(r.received_at.date())
                    })),
                })
                .collect(),
            Step::InformReporter => reports
                .map(|r| CaseCommand::InformReporter { report: r.id })
                .collect(),
            Step::InvestigationExtension => s
                .investigations
                .iter()
                .map(|i| CaseCommand::ExtendInvestigation {
                    investigation: i.id,
                    reason: text(),
                    new_due: day(i
                        .extended_to()
                        .unwrap_or_else(|| crate::deadline::investigation_due(i.opened_on))),
                })
                .collect(),
            Step::InvestigationClosing => s
                .investigations
                .iter()
                .flat_map(|i| {
                    [
                        InvestigationOutcome::NoMeasure,
                        InvestigationOutcome::Intervention,
                    ]
                    .map(|outcome| CaseCommand::CloseInvestigation {
                        investigation: i.id,
                        outcome,
                    })
                })
                .collect(),
            Step::Decision => [
                (DecisionKind::NoMeasure, false, None),
                (
                    DecisionKind::Intervention,
                    true,
                    Some(InterventionKind::FosterHome),
                ),
                (
                    DecisionKind::Intervention,
                    true,
                    Some(InterventionKind::CommunityCare),
                ),
            ]
            .map(
                |(kind, favourable, intervention_kind)| CaseCommand::TakeDecision {
                    decision: ItemId::new_random(),
                    kind,
                    legal_basis: LegalBasis::SolAssistance,
                    intervention_kind,
                    favourable,
                    decided_by: UserId(1),
                    text: text(),
                },
            )
            .to_vec(),
            Step::InterventionStart => {
                let start = |decision: Option<ItemId>, kind| CaseCommand::StartIntervention {
                    intervention: ItemId::new_random(),
                    decision,
                    kind,
                    provider: ProviderKind::Own,
                    provider_name: String::new(),
                    price_per_day: None,
                };
                let mut out: Vec<CaseCommand> = s
                    .decisions
                    .iter()
                    .map(|d| {
                        start(
                            Some(d.id),
                            d.intervention_kind.unwrap_or(InterventionKind::FosterHome),
                        )
                    })
                    .collect();
                out.push(start(None, InterventionKind::FosterHome));
                out
            }
            Step::InterventionEnd => s
                .interventions
                .iter()
                .map(|i| CaseCommand::EndIntervention {
                    intervention: i.id,
                    reason: InterventionEndReason::GoalsMet,
                })
                .collect(),
            Step::EmergencyRemoval => vec![CaseCommand::DecideEmergencyRemoval {
                removal: ItemId::new_random(),
                legal_basis: LegalBasis::Lvu2,
                decided_by: UserId(1),
                executed_on: on,
            }],
            Step::EmergencyRemovalReferral => s
                .removals
                .iter()
                .map(|r| CaseCommand::ReferEmergencyRemoval { removal: r.id })
                .collect(),
            Step::CareApplication => s
                .removals
                .iter()
                .map(|r| CaseCommand::SubmitCareApplication { removal: r.id })
                .collect(),
            Step::EmergencyRemovalEnd => s
                .removals
                .iter()
                .map(|r| CaseCommand::EndEmergencyRemoval { removal: r.id })
                .collect(),
            Step::Review => s
                .interventions
                .iter()
                .map(|i| CaseCommand::HoldReview {
                    intervention: i.id,
                    kind: ReviewKind::Consideration,
                    care_continues: true,
                    notes: text(),
                })
                .collect(),
            Step::FollowUpPlan => vec![CaseCommand::PlanFollowUp {
                follow_up: ItemId::new_random(),
                planned_on: on,
            }],
            Step::FollowUpCompletion => s
                .follow_ups
                .iter()
                .map(|f| CaseCommand::CompleteFollowUp {
                    follow_up: f.id,
                    notes: text(),
                })
                .collect(),
            Step::CaseClosing => vec![CaseCommand::CloseCase {
                reason: ClosureReason::Other,
            }],
            Step::Reassign => vec![CaseCommand::Assign {
                caseworker: Some(UserId(i64::from(s.version as u16) + 100)),
                unit: UnitId(1),
            }],
        }
    }

    fn accepted(s: &CaseState, c: &CaseCommand, on: Date) -> Option<Vec<CaseEvent>> {
        decide(s, c, on, on).ok()
    }

    /// Every rule of the page against `decide` in state `s`.
    fn offered_is_accepted(s: &CaseState, on: Date) -> Result<(), TestCaseError> {
        for step in Step::ALL {
            let tried = candidates(step, s, on);
            let ok: Vec<&CaseCommand> = tried
                .iter()
                .filter(|c| accepted(s, c, on).is_some())
                .collect();
            prop_assert_eq!(
                step.is_possible(s),
                !ok.is_empty(),
                "{:?} in {:?}",
                step,
                s.phase()
            );
            if step.has_item() {
                let offered: Vec<Option<ItemId>> = step.items(s).iter().map(|i| i.id()).collect();
                let mut taken: Vec<Option<ItemId>> = ok.iter().map(|c| c.item()).collect();
                taken.dedup();
                for item in &taken {
                    prop_assert!(offered.contains(item), "{:?}: {:?} not offered", step, item);
                }
                for item in &offered {
                    prop_assert!(taken.contains(item), "{:?}: {:?} refused", step, item);
                }
            }
            for c in &tried {
                prop_assert_eq!(c.step(), Some(step));
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// For every state a case reaches (random steps, each applied when
        /// `decide` accepts it), the steps offered are exactly the steps
        /// `decide` accepts, and each step's items exactly those it accepts.
        #[test]
        fn the_steps_offered_are_the_steps_decide_accepts(
            moves in proptest::collection::vec((0usize..20, 0usize..8), 0..60)
        ) {
            let mut s = CaseState::new();
            let open = CaseCommand::OpenCase {
                child: PersonId::new_random(),
                unit: UnitId(1),
                caseworker: None,
                report: report(DAY, false),
            };
            for e in decide(&s, &open, DAY, DAY).unwrap() {
                s.apply(DAY, &e);
            }
            offered_is_accepted(&s, DAY)?;
            // A day passes with every move: follow-ups and ends fall on
            // different days.
            for (n, (which, pick)) in moves.into_iter().enumerate() {
                let on = DAY.checked_add(jiff::ToSpan::days(n as i64)).unwrap();
                let tried = match Step::ALL.get(which) {
                    Some(step) => candidates(*step, &s, on),
                    None => vec![CaseCommand::ReceiveReport(report(on, pick % 2 == 0))],
                };
                let Some(c) = tried.get(pick % tried.len().max(1)) else { continue };
                if let Some(events) = accepted(&s, c, on) {
                    for e in events {
                        s.apply(on, &e);
                    }
                    offered_is_accepted(&s, on)?;
                }
            }
        }
    }
}
