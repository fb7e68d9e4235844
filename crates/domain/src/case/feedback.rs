//! Information to the reporter (återkoppling, 19 kap. 6 § SoL 2025:400 as
//! amended by SFS 2025:1501, in force 2026-01-15).
//!
//! The law, in short: the committee *may* tell one who reported under
//! 19 kap. 1, 2 or 3 § (a mandatory reporter, familjerådgivning, the
//! Barnombudsman) that an investigation *has been opened*, *has not been
//! opened* or *is already running*; nothing else (the rest is secret under
//! 26 kap. 1 § offentlighets- och sekretesslagen). When such a reporter asks
//! for it, the committee *shall* tell them, unless unsuitable in the
//! circumstances, at the latest one week after the decision to open or not
//! open an investigation; a request that comes later, or a report about a
//! child whose investigation is already running, is answered at once
//! (genast).
//!
//! What this module decides, as pure functions of the case's state: whom
//! the law lets the committee inform ([`may_be_informed`]), what it may say
//! ([`outcome`]: one of three sentences and a date), and when it is due
//! ([`due`]: also before the decision, counted from the report's arrival,
//! since the decision itself is due 14 days after it).

use super::event::{PreAssessmentOutcome, Reporter};
use super::state::{CaseState, ReportState};
use crate::calendar::add_days;
use crate::deadline::pre_assessment_due;
use crate::law::REPORTER_FEEDBACK_IN_FORCE;
use jiff::civil::Date;

/// Days after the decision the reporter is to be told (en vecka).
pub const FEEDBACK_DAYS: i64 = 7;

/// What the reporter may be told: exactly one of the three things the law
/// names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedbackOutcome {
    /// The committee decided on `on` to open an investigation.
    Opened { on: Date },
    /// The committee decided on `on` not to open an investigation.
    NotOpened { on: Date },
    /// An investigation was already running when the report came in.
    Ongoing,
}

impl FeedbackOutcome {
    /// The one sentence the letter may say about the matter.
    pub fn sentence(self) -> String {
        match self {
            Self::Opened { on } => {
                format!("Socialnämnden beslutade den {on} att inleda utredning.")
            }
            Self::NotOpened { on } => {
                format!("Socialnämnden beslutade den {on} att inte inleda utredning.")
            }
            Self::Ongoing => "En utredning pågår redan.".to_string(),
        }
    }

    /// A stable code (for the access log's detail and the tests).
    pub fn code(self) -> &'static str {
        match self {
            Self::Opened { .. } => "opened",
            Self::NotOpened { .. } => "not_opened",
            Self::Ongoing => "ongoing",
        }
    }
}

/// Whether the law lets the committee inform this reporter: one who
/// reported by name as a mandatory reporter (19 kap. 1-3 §). A private
/// person (19 kap. 4 §) is not covered, named or not.
pub fn may_be_informed(reporter: &Reporter) -> bool {
    !reporter.anonymous && reporter.category.is_mandatory_reporter()
}

/// What the reporter of `report` may be told now: `None` until the
/// förhandsbedömning is settled (decided, or the report added to an
/// investigation).
pub fn outcome(state: &CaseState, report: &ReportState) -> Option<FeedbackOutcome> {
    if let Some((decided, on)) = report.pre_assessment {
        return Some(match decided {
            PreAssessmentOutcome::OpenInvestigation => FeedbackOutcome::Opened { on },
            PreAssessmentOutcome::NoInvestigation => FeedbackOutcome::NotOpened { on },
        });
    }
    let inv = state.investigation(report.added_to_investigation?)?;
    // A report waiting for its förhandsbedömning when another report's
    // opened the investigation joined it then: for its reporter the
    // investigation was opened that day. One received while it ran found
    // it running.
    if report.received_at.date() < inv.opened_on {
        Some(FeedbackOutcome::Opened { on: inv.opened_on })
    } else {
        Some(FeedbackOutcome::Ongoing)
    }
}

/// When the reporter of `report` is to be told: `(from, legal date)`, or
/// `None` when no information is owed (not asked for, a reporter the law
/// does not cover, already told, or a decision before the amendment's day,
/// when the law set no time).
///
/// - decided (opened or not): one week after the decision;
/// - added to a running investigation: at once, the day it was added;
/// - not yet decided: counted from the report's arrival, one week after
///   the day the decision is due (14 days, or the extension), the latest
///   the law allows; it moves to the decision's week once decided.
pub fn due(state: &CaseState, report: &ReportState) -> Option<(Date, Date)> {
    if !report.reporter.wants_feedback
        || !may_be_informed(&report.reporter)
        || report.reporter_informed_on.is_some()
    {
        return None;
    }
    let (from, legal) = match outcome(state, report) {
        Some(FeedbackOutcome::Opened { on } | FeedbackOutcome::NotOpened { on }) => {
            (on, add_days(on, FEEDBACK_DAYS))
        }
        Some(FeedbackOutcome::Ongoing) => {
            let on = report
                .added_to_investigation_on
                .unwrap_or(report.received_at.date());
            (on, on)
        }
        None => {
            let received = report.received_at.date();
            let decision_due = report
                .pre_assessment_extended_to
                .unwrap_or_else(|| pre_assessment_due(received));
            if decision_due < REPORTER_FEEDBACK_IN_FORCE {
                return None;
            }
            (received, add_days(decision_due, FEEDBACK_DAYS))
        }
    };
    // Settled before the amendment's day: the law then set no time.
    (from >= REPORTER_FEEDBACK_IN_FORCE || outcome(state, report).is_none())
        .then_some((from, legal))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{CaseCommand, NewReport, decide};
    use crate::catalog::{ConcernCategory, ReportKind, ReporterCategory};
    use crate::ids::{ItemId, PersonId, UnitId, UserId};
    use jiff::civil::date;

    const TODAY: Date = date(2026, 12, 1);

    fn reporter(category: ReporterCategory, wants: bool) -> Reporter {
        Reporter {
            category,
            anonymous: false,
            name: Some("Lärare Lind".into()),
            contact: Some("skolan".into()),
            wants_feedback: wants,
        }
    }

    fn new_report(n: u128, at: &str, who: Reporter) -> NewReport {
        NewReport {
            report: ItemId::from_u128(n),
            kind: ReportKind::Report,
            received_at: at.parse().unwrap(),
            reporter: who,
            concerns: vec![ConcernCategory::NeglectOfCare],
            siblings: vec![],
            summary: "Oro.".into(),
        }
    }

    fn run(state: &mut CaseState, cmd: CaseCommand, on: Date) {
        for e in decide(state, &cmd, on, TODAY).unwrap() {
            state.apply(on, &e);
        }
    }

    fn opened(who: Reporter, at: &str, on: Date) -> CaseState {
        let mut s = CaseState::new();
        run(
            &mut s,
            CaseCommand::OpenCase {
                child: PersonId::from_u128(1),
                unit: UnitId(1),
                caseworker: Some(UserId(7)),
                report: new_report(10, at, who),
            },
            on,
        );
        s
    }

    fn decide_pre(s: &mut CaseState, outcome: PreAssessmentOutcome, on: Date) {
        run(
            s,
            CaseCommand::AssessSafety {
                report: ItemId::from_u128(10),
                immediate_protection_needed: false,
                notes: "x".into(),
            },
            on,
        );
        run(
            s,
            CaseCommand::DecidePreAssessment {
                report: ItemId::from_u128(10),
                outcome,
                reasoning: "Skälen, som aldrig får stå i brevet.".into(),
                investigation: Some(ItemId::from_u128(20)),
            },
            on,
        );
    }

    #[test]
    fn before_the_decision_the_week_counts_from_the_latest_decision_day() {
        let s = opened(
            reporter(ReporterCategory::School, true),
            "2026-03-02T09:30",
            date(2026, 3, 2),
        );
        let r = &s.reports[0];
        assert_eq!(outcome(&s, r), None);
        // 14 days for the decision, then one week: 2026-03-16 + 7.
        assert_eq!(due(&s, r), Some((date(2026, 3, 2), date(2026, 3, 23))));
    }

    #[test]
    fn after_the_decision_one_week_from_it_and_the_sentence_says_only_the_outcome() {
        for (decided, code, sentence) in [
            (
                PreAssessmentOutcome::OpenInvestigation,
                "opened",
                "Socialnämnden beslutade den 2026-03-05 att inleda utredning.",
            ),
            (
                PreAssessmentOutcome::NoInvestigation,
                "not_opened",
                "Socialnämnden beslutade den 2026-03-05 att inte inleda utredning.",
            ),
        ] {
            let mut s = opened(
                reporter(ReporterCategory::Police, true),
                "2026-03-02T09:30",
                date(2026, 3, 2),
            );
            decide_pre(&mut s, decided, date(2026, 3, 5));
            let r = &s.reports[0];
            let o = outcome(&s, r).unwrap();
            assert_eq!(o.code(), code);
            assert_eq!(o.sentence(), sentence);
            assert!(!o.sentence().contains("Skälen"));
            assert_eq!(due(&s, r), Some((date(2026, 3, 5), date(2026, 3, 12))));
            run(
                &mut s,
                CaseCommand::InformReporter {
                    report: ItemId::from_u128(10),
                },
                date(2026, 3, 6),
            );
            assert_eq!(due(&s, &s.reports[0]), None, "told: nothing owed");
        }
    }

    #[test]
    fn a_report_to_a_running_investigation_is_answered_at_once() {
        let mut s = opened(
            reporter(ReporterCategory::School, false),
            "2026-03-02T09:30",
            date(2026, 3, 2),
        );
        decide_pre(
            &mut s,
            PreAssessmentOutcome::OpenInvestigation,
            date(2026, 3, 3),
        );
        run(
            &mut s,
            CaseCommand::ReceiveReport(new_report(
                11,
                "2026-04-08T10:00",
                reporter(ReporterCategory::HealthCare, true),
            )),
            date(2026, 4, 8),
        );
        let r = s.report(ItemId::from_u128(11)).unwrap();
        assert_eq!(outcome(&s, r), Some(FeedbackOutcome::Ongoing));
        assert_eq!(due(&s, r), Some((date(2026, 4, 8), date(2026, 4, 8))));
        // The first reporter did not ask: nothing owed.
        assert_eq!(due(&s, &s.reports[0]), None);
    }

    #[test]
    fn private_persons_anonymous_reporters_and_the_old_law_owe_nothing() {
        for who in [
            reporter(ReporterCategory::Relative, true),
            Reporter {
                anonymous: true,
                name: None,
                contact: None,
                ..reporter(ReporterCategory::Anonymous, true)
            },
        ] {
            let s = opened(who, "2026-03-02T09:30", date(2026, 3, 2));
            assert_eq!(due(&s, &s.reports[0]), None);
        }
        // Decided before 2026-01-15: the law then set no time.
        let mut s = opened(
            reporter(ReporterCategory::School, true),
            "2026-01-05T09:30",
            date(2026, 1, 5),
        );
        assert!(
            due(&s, &s.reports[0]).is_some(),
            "the decision is due after the amendment"
        );
        decide_pre(
            &mut s,
            PreAssessmentOutcome::NoInvestigation,
            date(2026, 1, 7),
        );
        assert_eq!(due(&s, &s.reports[0]), None);
        let s = opened(
            reporter(ReporterCategory::School, true),
            "2025-11-01T09:30",
            date(2025, 11, 1),
        );
        assert_eq!(
            due(&s, &s.reports[0]),
            None,
            "decision due before the amendment"
        );
    }
}
