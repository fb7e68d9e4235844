//! Citations of the law, valid for the date of the event.
//!
//! Socialtjänstlagen (2025:400) is in force from 2025-07-01; before that the
//! older SoL (2001:453) applies. A deadline cites the law that applied on the
//! day of the event that started it.

use jiff::civil::{Date, date};

/// The day Socialtjänstlag (2025:400) came into force.
pub const SOL_2025_IN_FORCE: Date = date(2025, 7, 1);

/// The day the duty to inform a reporter within one week came into force
/// (19 kap. 6 § SoL 2025:400, as amended by 2025:1501).
pub const REPORTER_FEEDBACK_IN_FORCE: Date = date(2026, 1, 15);

/// A rule of law that a deadline or a step rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    /// Omedelbar skyddsbedömning.
    SafetyAssessment,
    /// Förhandsbedömning within 14 days.
    PreAssessment,
    /// Information to the reporter within one week.
    ReporterFeedback,
    /// Investigation within 4 months, extension for särskilda skäl.
    Investigation,
    /// Decision on intervention (bistånd).
    Assistance,
    /// Övervägande every 6 months for care under SoL.
    SolConsideration,
    /// Övervägande every 6 months for LVU 2 § care.
    LvuConsideration,
    /// Omprövning every 6 months for LVU 3 § care.
    LvuReconsideration,
    /// Custody transfer considered after 2 years in the same family home, then yearly.
    CustodyTransfer,
    /// Favourable decision not executed within 3 months is reported to IVO.
    UnexecutedDecision,
    /// Follow-up after an investigation or placement ends, at most 6 months.
    FollowUp,
    /// Jourhem at most 2 months after the investigation was closed.
    EmergencyFosterHome,
    /// LVU 6 §: referral to the administrative court within one week (7 §).
    EmergencyRemovalReferral,
    /// LVU 8 §: application for care within four weeks.
    CareApplication,
}

/// The citation of `rule` for an event on `event_date`.
pub fn citation(rule: Rule, event_date: Date) -> &'static str {
    let new_law = event_date >= SOL_2025_IN_FORCE;
    match (rule, new_law) {
        (Rule::SafetyAssessment, true) => "20 kap. 1 § SoL (2025:400)",
        (Rule::SafetyAssessment, false) => "11 kap. 1 a § SoL (2001:453)",
        (Rule::PreAssessment, true) => "20 kap. 2 § SoL (2025:400)",
        (Rule::PreAssessment, false) => "11 kap. 1 a § SoL (2001:453)",
        (Rule::ReporterFeedback, true) => "19 kap. 6 § SoL (2025:400)",
        (Rule::ReporterFeedback, false) => "14 kap. 1 b § SoL (2001:453)",
        (Rule::Investigation, true) => "20 kap. 3 § SoL (2025:400)",
        (Rule::Investigation, false) => "11 kap. 2 § SoL (2001:453)",
        (Rule::Assistance, true) => "11 kap. 1 § SoL (2025:400)",
        (Rule::Assistance, false) => "4 kap. 1 § SoL (2001:453)",
        (Rule::SolConsideration, true) => "22 kap. 13 § SoL (2025:400)",
        (Rule::SolConsideration, false) => "6 kap. 8 § SoL (2001:453)",
        (Rule::LvuConsideration, _) => "13 § första stycket LVU",
        (Rule::LvuReconsideration, _) => "13 § andra stycket LVU",
        (Rule::CustodyTransfer, true) => "22 kap. 14 § SoL (2025:400)",
        (Rule::CustodyTransfer, false) => "6 kap. 8 § andra stycket SoL (2001:453)",
        (Rule::UnexecutedDecision, true) => "34 kap. 1 § SoL (2025:400)",
        (Rule::UnexecutedDecision, false) => "16 kap. 6 f § SoL (2001:453)",
        (Rule::FollowUp, true) => "23 kap. 5 § SoL (2025:400)",
        (Rule::FollowUp, false) => "11 kap. 4 c § SoL (2001:453)",
        (Rule::EmergencyFosterHome, true) => "22 kap. 4 § SoL (2025:400)",
        (Rule::EmergencyFosterHome, false) => "6 kap. 6 § SoL (2001:453)",
        (Rule::EmergencyRemovalReferral, _) => "7 § LVU",
        (Rule::CareApplication, _) => "8 § LVU",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citation_follows_the_law_in_force_on_the_event_date() {
        assert_eq!(
            citation(Rule::Investigation, date(2025, 6, 30)),
            "11 kap. 2 § SoL (2001:453)"
        );
        assert_eq!(
            citation(Rule::Investigation, date(2025, 7, 1)),
            "20 kap. 3 § SoL (2025:400)"
        );
        assert_eq!(citation(Rule::CareApplication, date(2020, 1, 1)), "8 § LVU");
    }
}
