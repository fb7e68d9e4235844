//! The events of a child's case. The event log is the source of truth; state,
//! deadlines, worklists and indicators are functions of it.

use crate::catalog::{
    ClosureReason, ConcernCategory, InterventionEndReason, InterventionKind, ProviderKind,
    ReportKind, ReporterCategory, catalog,
};
use crate::ids::{ItemId, PersonId, UnitId, UserId};
use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use serde::{Deserialize, Serialize};

/// Who made a report. Anonymous only for private persons.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reporter {
    pub category: ReporterCategory,
    pub anonymous: bool,
    /// Name and contact, empty when anonymous.
    pub name: Option<String>,
    pub contact: Option<String>,
    /// The reporter asked to be told whether an investigation was opened (19 kap. 6 §).
    pub wants_feedback: bool,
}

catalog!(
    /// The outcome of a förhandsbedömning.
    PreAssessmentOutcome {
        /// Inleda utredning.
        OpenInvestigation => ("open_investigation", "Inleda utredning"),
        /// Inte inleda utredning.
        NoInvestigation => ("no_investigation", "Inte inleda utredning"),
    }
);

catalog!(
    /// How an investigation ended.
    InvestigationOutcome {
        /// Leads to a decision on intervention.
        Intervention => ("intervention", "Insats beviljas"),
        /// Closed without measure.
        NoMeasure => ("no_measure", "Ingen åtgärd"),
        /// Application for care under LVU.
        LvuApplication => ("lvu_application", "Ansökan om vård enligt LVU"),
    }
);

catalog!(
    /// The legal basis of a decision.
    LegalBasis {
        /// Bistånd under SoL (11 kap. 1 § 2025:400 / 4 kap. 1 § 2001:453).
        SolAssistance => ("sol_assistance", "SoL bistånd"),
        /// Service intervention without formal decision of assistance (SoL 10 kap.).
        SolService => ("sol_service", "SoL serviceinsats"),
        /// LVU 2 §: home environment.
        Lvu2 => ("lvu2", "2 § LVU"),
        /// LVU 3 §: the young person's own behaviour.
        Lvu3 => ("lvu3", "3 § LVU"),
    }
);

impl LegalBasis {
    pub fn is_lvu(self) -> bool {
        matches!(self, Self::Lvu2 | Self::Lvu3)
    }
}

catalog!(
    /// What was decided.
    DecisionKind {
        /// Decision on an intervention (bistånd/insats).
        Intervention => ("intervention", "Beslut om insats"),
        /// No measure.
        NoMeasure => ("no_measure", "Ingen åtgärd"),
        /// Application to the administrative court for care under LVU.
        LvuApplication => ("lvu_application", "Ansökan om vård enligt LVU"),
        /// Care under LVU ordered by the court (recorded when the judgment is final).
        LvuCareOrdered => ("lvu_care_ordered", "Vård enligt LVU beslutad"),
        /// Care under LVU ends.
        LvuCareEnds => ("lvu_care_ends", "Vård enligt LVU upphör"),
    }
);

catalog!(
    /// Övervägande or omprövning.
    ReviewKind {
        /// Övervägande: is care still needed? Every 6 months (22 kap. 13 § SoL; LVU 13 § 1 st.).
        Consideration => ("consideration", "Övervägande"),
        /// Omprövning: LVU 3 § care formally re-decided every 6 months (LVU 13 § 2 st.).
        Reconsideration => ("reconsideration", "Omprövning"),
        /// Särskilt övervägande om vårdnadsöverflyttning after 2 years in the same family home (22 kap. 14 §).
        CustodyTransfer => ("custody_transfer", "Övervägande om vårdnadsöverflyttning"),
    }
);

/// Every event of a case. The names are in the past tense: things that happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CaseEvent {
    /// The case was opened for a child (always the first event).
    CaseOpened { child: PersonId, unit: UnitId },
    /// Aktualisering: a report of concern, an application or other information.
    ReportReceived {
        report: ItemId,
        kind: ReportKind,
        received_at: DateTime,
        reporter: Reporter,
        concerns: Vec<ConcernCategory>,
        /// Other children the same report was about (each has a case of their own).
        siblings: Vec<PersonId>,
        summary: String,
    },
    /// Omedelbar skyddsbedömning.
    SafetyAssessed {
        report: ItemId,
        immediate_protection_needed: bool,
        notes: String,
    },
    /// Förhandsbedömning extended; only for synnerliga skäl, which are recorded.
    PreAssessmentExtended {
        report: ItemId,
        exceptional_reasons: String,
        new_due: Date,
    },
    /// Förhandsbedömning decided.
    PreAssessmentDecided {
        report: ItemId,
        outcome: PreAssessmentOutcome,
        reasoning: String,
    },
    /// A report received while an investigation was running was added to it.
    ReportAddedToInvestigation {
        report: ItemId,
        investigation: ItemId,
    },
    /// The reporter was told whether an investigation was opened (19 kap. 6 §).
    ReporterInformed { report: ItemId },
    /// Utredning inledd.
    InvestigationOpened {
        investigation: ItemId,
        /// The reports the investigation is based on.
        reports: Vec<ItemId>,
    },
    /// Utredning förlängd, for särskilda skäl, to a set date.
    InvestigationExtended {
        investigation: ItemId,
        reason: String,
        new_due: Date,
    },
    /// Utredning avslutad.
    InvestigationClosed {
        investigation: ItemId,
        outcome: InvestigationOutcome,
    },
    /// Beslut.
    DecisionTaken {
        decision: ItemId,
        kind: DecisionKind,
        legal_basis: LegalBasis,
        /// The intervention decided on, where the decision is about one.
        intervention_kind: Option<InterventionKind>,
        favourable: bool,
        /// The delegate who decided (delegationsordning).
        decided_by: UserId,
        decided_on: Date,
        text: String,
    },
    /// Insats or placement started (verkställd).
    InterventionStarted {
        intervention: ItemId,
        decision: Option<ItemId>,
        kind: InterventionKind,
        provider: ProviderKind,
        provider_name: String,
        /// Price per day in öre, where known.
        price_per_day: Option<i64>,
        start: Date,
    },
    /// Insats or placement ended.
    InterventionEnded {
        intervention: ItemId,
        end: Date,
        reason: InterventionEndReason,
    },
    /// LVU 6 §: omedelbart omhändertagande.
    EmergencyRemovalDecided {
        removal: ItemId,
        legal_basis: LegalBasis,
        decided_by: UserId,
        decided_on: Date,
        /// The day the removal was executed (verkställt).
        executed_on: Date,
    },
    /// LVU 7 §: the removal was referred to the administrative court.
    EmergencyRemovalReferred { removal: ItemId, on: Date },
    /// LVU 8 §: application for care submitted.
    CareApplicationSubmitted { removal: ItemId, on: Date },
    /// The emergency removal ceased (care order, lapse or lifted).
    EmergencyRemovalEnded { removal: ItemId, on: Date },
    /// Övervägande, omprövning or custody-transfer consideration held.
    ReviewHeld {
        intervention: ItemId,
        kind: ReviewKind,
        held_on: Date,
        care_continues: bool,
        notes: String,
    },
    /// Uppföljning decided after an investigation without measure or after a placement (23 kap.).
    FollowUpPlanned {
        follow_up: ItemId,
        /// The end the follow-up counts from (investigation closed or placement ended).
        from: Date,
        planned_on: Date,
    },
    /// Uppföljning done.
    FollowUpCompleted {
        follow_up: ItemId,
        on: Date,
        notes: String,
    },
    /// Case handed to a caseworker and/or team.
    CaseAssigned {
        caseworker: Option<UserId>,
        unit: UnitId,
    },
    /// Ärende avslutat.
    CaseClosed { reason: ClosureReason, on: Date },
    /// A journal entry was signed. A signed entry is never edited; a
    /// correction is a new entry that names the entry it corrects.
    JournalEntrySigned {
        entry: ItemId,
        text: String,
        /// The earlier entry this one corrects (rättelse).
        corrects: Option<ItemId>,
    },
}

impl CaseEvent {
    /// Stable name of the event type (stored beside the payload).
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::CaseOpened { .. } => "case_opened",
            Self::ReportReceived { .. } => "report_received",
            Self::SafetyAssessed { .. } => "safety_assessed",
            Self::PreAssessmentExtended { .. } => "pre_assessment_extended",
            Self::PreAssessmentDecided { .. } => "pre_assessment_decided",
            Self::ReportAddedToInvestigation { .. } => "report_added_to_investigation",
            Self::ReporterInformed { .. } => "reporter_informed",
            Self::InvestigationOpened { .. } => "investigation_opened",
            Self::InvestigationExtended { .. } => "investigation_extended",
            Self::InvestigationClosed { .. } => "investigation_closed",
            Self::DecisionTaken { .. } => "decision_taken",
            Self::InterventionStarted { .. } => "intervention_started",
            Self::InterventionEnded { .. } => "intervention_ended",
            Self::EmergencyRemovalDecided { .. } => "emergency_removal_decided",
            Self::EmergencyRemovalReferred { .. } => "emergency_removal_referred",
            Self::CareApplicationSubmitted { .. } => "care_application_submitted",
            Self::EmergencyRemovalEnded { .. } => "emergency_removal_ended",
            Self::ReviewHeld { .. } => "review_held",
            Self::FollowUpPlanned { .. } => "follow_up_planned",
            Self::FollowUpCompleted { .. } => "follow_up_completed",
            Self::CaseAssigned { .. } => "case_assigned",
            Self::CaseClosed { .. } => "case_closed",
            Self::JournalEntrySigned { .. } => "journal_entry_signed",
        }
    }

    /// Swedish label for timelines.
    pub fn label(&self) -> &'static str {
        match self {
            Self::CaseOpened { .. } => "Ärende öppnat",
            Self::ReportReceived { .. } => "Aktualisering mottagen",
            Self::SafetyAssessed { .. } => "Omedelbar skyddsbedömning",
            Self::PreAssessmentExtended { .. } => "Förhandsbedömning förlängd",
            Self::PreAssessmentDecided { .. } => "Förhandsbedömning beslutad",
            Self::ReportAddedToInvestigation { .. } => "Anmälan tillförd pågående utredning",
            Self::ReporterInformed { .. } => "Anmälaren informerad",
            Self::InvestigationOpened { .. } => "Utredning inledd",
            Self::InvestigationExtended { .. } => "Utredning förlängd",
            Self::InvestigationClosed { .. } => "Utredning avslutad",
            Self::DecisionTaken { .. } => "Beslut",
            Self::InterventionStarted { .. } => "Insats påbörjad",
            Self::InterventionEnded { .. } => "Insats avslutad",
            Self::EmergencyRemovalDecided { .. } => "Omedelbart omhändertagande (6 § LVU)",
            Self::EmergencyRemovalReferred { .. } => "Underställt förvaltningsrätten (7 § LVU)",
            Self::CareApplicationSubmitted { .. } => "Ansökan om vård (8 § LVU)",
            Self::EmergencyRemovalEnded { .. } => "Omedelbart omhändertagande upphört",
            Self::ReviewHeld { .. } => "Övervägande/omprövning",
            Self::FollowUpPlanned { .. } => "Uppföljning beslutad",
            Self::FollowUpCompleted { .. } => "Uppföljning genomförd",
            Self::CaseAssigned { .. } => "Ärende tilldelat",
            Self::CaseClosed { .. } => "Ärende avslutat",
            Self::JournalEntrySigned { .. } => "Journalanteckning signerad",
        }
    }
}

/// An event as stored: the event, its place in the case's stream, and who
/// recorded it when. `occurred_on` is when the thing happened (civil date in
/// Europe/Stockholm); `recorded_at` is when it was written down (UTC).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordedEvent {
    /// 1-based position in the case's stream.
    pub version: u64,
    pub recorded_by: UserId,
    pub recorded_at: Timestamp,
    pub occurred_on: Date,
    pub event: CaseEvent,
}
