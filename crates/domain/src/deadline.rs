//! Deadlines: a pure function from a case's state and a date to what is due.
//!
//! Every deadline has a legal date (counted in calendar days or months from the
//! event, as the law counts), a planning date (the last working day on or
//! before the legal date, which is what the worklist sorts by; see
//! [`planning_date`]), the citation valid for the date of the event that
//! started it, and whether it is overdue. A deadline is listed until the step
//! that clears it is recorded.

use crate::calendar::{add_days, add_months, last_working_day_on_or_before};
use crate::case::{CaseState, DecisionKind, LegalBasis, ReviewKind};
use crate::ids::{ItemId, UserId};
use crate::law::{Rule, citation};
use jiff::civil::{Date, DateTime, Time};
use serde::Serialize;

/// What is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    SafetyAssessment,
    PreAssessment,
    ReporterFeedback,
    InvestigationEnd,
    Consideration,
    Reconsideration,
    CustodyTransfer,
    UnexecutedDecision,
    EmergencyFosterHomeLimit,
    EmergencyRemovalReferral,
    CareApplication,
    FollowUp,
}

impl DeadlineKind {
    pub const ALL: [DeadlineKind; 12] = [
        Self::SafetyAssessment,
        Self::PreAssessment,
        Self::ReporterFeedback,
        Self::InvestigationEnd,
        Self::Consideration,
        Self::Reconsideration,
        Self::CustodyTransfer,
        Self::UnexecutedDecision,
        Self::EmergencyFosterHomeLimit,
        Self::EmergencyRemovalReferral,
        Self::CareApplication,
        Self::FollowUp,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::SafetyAssessment => "safety_assessment",
            Self::PreAssessment => "pre_assessment",
            Self::ReporterFeedback => "reporter_feedback",
            Self::InvestigationEnd => "investigation_end",
            Self::Consideration => "consideration",
            Self::Reconsideration => "reconsideration",
            Self::CustodyTransfer => "custody_transfer",
            Self::UnexecutedDecision => "unexecuted_decision",
            Self::EmergencyFosterHomeLimit => "emergency_foster_home_limit",
            Self::EmergencyRemovalReferral => "emergency_removal_referral",
            Self::CareApplication => "care_application",
            Self::FollowUp => "follow_up",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Swedish label for the worklist.
    pub fn label(self) -> &'static str {
        match self {
            Self::SafetyAssessment => "Omedelbar skyddsbedömning",
            Self::PreAssessment => "Förhandsbedömning",
            Self::ReporterFeedback => "Information till anmälaren",
            Self::InvestigationEnd => "Utredningen ska vara slutförd",
            Self::Consideration => "Övervägande av vården",
            Self::Reconsideration => "Omprövning av LVU-vården",
            Self::CustodyTransfer => "Övervägande om vårdnadsöverflyttning",
            Self::UnexecutedDecision => "Gynnande beslut ska verkställas",
            Self::EmergencyFosterHomeLimit => "Jourhemsplacering högst två månader",
            Self::EmergencyRemovalReferral => "Underställ förvaltningsrätten",
            Self::CareApplication => "Ansök om vård enligt LVU",
            Self::FollowUp => "Uppföljning",
        }
    }
}

/// One thing that is due in a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    /// The item the deadline is about (report, investigation, intervention, ...).
    pub item: Option<ItemId>,
    /// The date of the event that started the clock.
    pub from: Date,
    /// The date the law sets.
    pub legal_date: Date,
    /// The last working day on or before the legal date.
    pub planning_date: Date,
    /// The paragraph, valid for the date of the starting event.
    pub citation: &'static str,
    /// Whose it is: the case's caseworker, or `None` for the unit.
    pub owner: Option<UserId>,
    /// The legal date has passed.
    pub overdue: bool,
}

/// "Late in the day" for the omedelbar skyddsbedömning: a report received at
/// or after 16:00 (Stockholm time, the time the report is registered with) is
/// assessed at the latest the following calendar day. Less than a working
/// hour is left of the office day, and the evening belongs to the social
/// emergency service (socialjour).
pub const LATE_IN_THE_DAY: Time = Time::constant(16, 0, 0, 0);

/// The legal date of the omedelbar skyddsbedömning for a report received at
/// `received` (Stockholm time).
///
/// 20 kap. 1 § SoL (2025:400) (11 kap. 1 a § SoL 2001:453) says *genast*:
/// the same day the report comes in, or at the latest the following day when
/// it comes in late in the day (prop. 2012/13:10 s. 60). Late in the day is
/// [`LATE_IN_THE_DAY`] or later. Evenings, weekends and holidays are covered
/// by the social emergency service (socialjour), so the date never waits for
/// a working day: a report received on julafton at 09:00 is due on julafton,
/// one received on skärtorsdag evening on långfredag.
pub fn safety_assessment_due(received: DateTime) -> Date {
    let day = received.date();
    if received.time() < LATE_IN_THE_DAY {
        day
    } else {
        add_days(day, 1)
    }
}

/// The planning date of a deadline started on `from` with the legal date
/// `legal`: the last working day on or before the legal date, so that a
/// date on a weekend or holiday is planned before it. Never later than the
/// legal date, and never before the event that started the clock: when no
/// working day lies between the two (a skyddsbedömning due on a weekend or
/// a holiday, done by the socialjour), the planning date is the legal date.
pub fn planning_date(from: Date, legal: Date) -> Date {
    let working = last_working_day_on_or_before(legal);
    if working < from { legal } else { working }
}

/// The last day a favourable decision on an intervention may be executed in
/// time: three months from the day of the decision, counted as the law
/// counts (2025-05-31 + 3 months = 2025-08-31; 2025-11-30 + 3 months =
/// 2026-02-28). 34 kap. 1 § SoL (2025:400), 16 kap. 6 f § SoL (2001:453):
/// a decision "inte har verkställts inom tre månader från dagen för
/// beslutet" is reported to IVO and the auditors, every quarter.
pub fn execution_due(decided: Date) -> Date {
    add_months(decided, 3)
}

/// The one rule of 34 kap. 1 § for a decision taken on `decided`: an
/// execution on `executed` is in time when it is on or before
/// [`execution_due`]. Everything that counts late decisions follows from it:
/// a decision executed after that day was executed late, and a decision not
/// executed by the end of a day `d` has not been executed within three months
/// when an execution on the next day would no longer be in time (that is,
/// from the end of the due day itself).
pub fn executed_in_time(decided: Date, executed: Date) -> bool {
    executed <= execution_due(decided)
}

/// Whether a favourable decision taken on `decided` and executed on
/// `executed` (or not yet) has not been executed within three months, as of
/// the end of `day` (vid utgången av dagen): not executed by then, and an
/// execution the next day would be late. By [`executed_in_time`].
pub fn unexecuted_beyond_three_months(decided: Date, executed: Option<Date>, day: Date) -> bool {
    executed.is_none_or(|e| e > day) && !executed_in_time(decided, add_days(day, 1))
}

/// Whether an extension of an investigation decided on `decided_on` moves
/// its end date. The investigation is to be finished within four months
/// (20 kap. 3 § SoL 2025:400, 11 kap. 2 § SoL 2001:453) or within an
/// extension the committee decides for särskilda skäl. An extension decided
/// on or before the end date in force moves it; one decided after that day
/// does not undo the delay: the investigation was late from the day after
/// the end date ("dagen efter att fyra månader gått utan förlängning") and
/// stays late for the follow-up. `current_due` is the end date in force:
/// four months from opening, or the end of the last extension decided in time.
pub fn extension_in_time(current_due: Date, decided_on: Date) -> bool {
    decided_on <= current_due
}

/// The last day an investigation opened on `opened` is in time, given its
/// extensions in order as (decided on, new end date): four months from
/// opening, moved by each extension decided in time ([`extension_in_time`]);
/// the first one decided too late ends the chain. The day after is the day
/// the investigation became late, if it was still open.
pub fn investigation_in_time_until(opened: Date, extensions: &[(Date, Date)]) -> Date {
    let mut due = investigation_due(opened);
    for &(decided_on, new_due) in extensions {
        if !extension_in_time(due, decided_on) {
            break;
        }
        due = due.max(new_due);
    }
    due
}

/// The legal date of the förhandsbedömning: 14 days from receipt.
pub fn pre_assessment_due(received: Date) -> Date {
    add_days(received, 14)
}

/// The legal date of an investigation: 4 months from opening.
pub fn investigation_due(opened: Date) -> Date {
    add_months(opened, 4)
}

/// Everything due in the case as of `today`, ordered by planning date.
/// A closed case has no deadlines.
pub fn deadlines(state: &CaseState, today: Date) -> Vec<Deadline> {
    let mut out = Vec::new();
    if state.is_closed() {
        return out;
    }
    let owner = state.caseworker;
    let mut push =
        |kind: DeadlineKind, item: Option<ItemId>, from: Date, legal: Date, rule: Rule| {
            out.push(Deadline {
                kind,
                item,
                from,
                legal_date: legal,
                planning_date: planning_date(from, legal),
                citation: citation(rule, from),
                owner,
                overdue: legal < today,
            });
        };

    for r in &state.reports {
        let received = r.received_at.date();
        if r.safety_assessed_on.is_none() {
            push(
                DeadlineKind::SafetyAssessment,
                Some(r.id),
                received,
                safety_assessment_due(r.received_at),
                Rule::SafetyAssessment,
            );
        }
        if !r.pre_assessment_settled() {
            let legal = r
                .pre_assessment_extended_to
                .unwrap_or_else(|| pre_assessment_due(received));
            push(
                DeadlineKind::PreAssessment,
                Some(r.id),
                received,
                legal,
                Rule::PreAssessment,
            );
        }
        // 19 kap. 6 §: where the reporter asked (crate::case::feedback).
        if let Some((from, legal)) = crate::case::feedback::due(state, r) {
            push(
                DeadlineKind::ReporterFeedback,
                Some(r.id),
                from,
                legal,
                Rule::ReporterFeedback,
            );
        }
    }

    for inv in &state.investigations {
        match inv.closed {
            None => {
                let legal = inv
                    .extended_to()
                    .unwrap_or_else(|| investigation_due(inv.opened_on));
                push(
                    DeadlineKind::InvestigationEnd,
                    Some(inv.id),
                    inv.opened_on,
                    legal,
                    Rule::Investigation,
                );
            }
            Some((closed_on, _)) => {
                // A child in a jourhem may stay at most two months after the
                // investigation was closed.
                for i in state.active_interventions() {
                    if i.kind == crate::catalog::InterventionKind::EmergencyFosterHome
                        && i.start <= closed_on
                    {
                        push(
                            DeadlineKind::EmergencyFosterHomeLimit,
                            Some(i.id),
                            closed_on,
                            add_months(closed_on, 2),
                            Rule::EmergencyFosterHome,
                        );
                    }
                }
            }
        }
    }

    // Favourable decisions on an intervention must be executed within 3 months.
    for d in &state.decisions {
        if d.kind == DecisionKind::Intervention
            && d.favourable
            && !state.interventions.iter().any(|i| i.decision == Some(d.id))
        {
            push(
                DeadlineKind::UnexecutedDecision,
                Some(d.id),
                d.decided_on,
                execution_due(d.decided_on),
                Rule::UnexecutedDecision,
            );
        }
    }

    let lvu = state.lvu_basis();
    for i in state
        .active_interventions()
        .filter(|i| i.kind.is_placement())
    {
        // Övervägande (SoL and LVU 2 §) or omprövning (LVU 3 §): within 6
        // months of the start, then within 6 months of the last one.
        let (kind, rule) = match lvu {
            Some(LegalBasis::Lvu3) => (DeadlineKind::Reconsideration, Rule::LvuReconsideration),
            Some(_) => (DeadlineKind::Consideration, Rule::LvuConsideration),
            None => (DeadlineKind::Consideration, Rule::SolConsideration),
        };
        // Both kinds of six-monthly review restart the clock.
        let last = i
            .reviews
            .iter()
            .filter(|r| r.kind != ReviewKind::CustodyTransfer)
            .map(|r| r.held_on)
            .max()
            .unwrap_or(i.start);
        push(kind, Some(i.id), last, add_months(last, 6), rule);

        if i.kind.is_family_home() {
            let last_transfer = i
                .reviews
                .iter()
                .filter(|r| r.kind == ReviewKind::CustodyTransfer)
                .map(|r| r.held_on)
                .max();
            let (from, legal) = match last_transfer {
                None => (i.start, add_months(i.start, 24)),
                Some(held) => (held, add_months(held, 12)),
            };
            push(
                DeadlineKind::CustodyTransfer,
                Some(i.id),
                from,
                legal,
                Rule::CustodyTransfer,
            );
        }
    }

    for r in state.removals.iter().filter(|r| r.ended_on.is_none()) {
        if r.referred_on.is_none() {
            push(
                DeadlineKind::EmergencyRemovalReferral,
                Some(r.id),
                r.decided_on,
                add_days(r.decided_on, 7),
                Rule::EmergencyRemovalReferral,
            );
        }
        if r.application_on.is_none() {
            push(
                DeadlineKind::CareApplication,
                Some(r.id),
                r.executed_on,
                add_days(r.executed_on, 28),
                Rule::CareApplication,
            );
        }
    }

    for f in state.follow_ups.iter().filter(|f| f.completed_on.is_none()) {
        push(
            DeadlineKind::FollowUp,
            Some(f.id),
            f.from,
            f.planned_on,
            Rule::FollowUp,
        );
    }

    out.sort_by(|a, b| {
        (a.planning_date, a.legal_date, a.kind.code()).cmp(&(
            b.planning_date,
            b.legal_date,
            b.kind.code(),
        ))
    });
    out
}
