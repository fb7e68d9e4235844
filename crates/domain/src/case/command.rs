//! Commands: what a user asks to do with a case. [`decide`] checks a command
//! against the case's current state and either yields the events to record or
//! refuses with a Swedish message that says why and, where it can, what to do.

use super::event::{
    CaseEvent, DecisionKind, InvestigationOutcome, LegalBasis, PreAssessmentOutcome, Reporter,
    ReviewKind,
};
use super::state::CaseState;
use crate::catalog::{
    ClosureReason, ConcernCategory, InterventionEndReason, InterventionKind, ProviderKind,
    ReportKind,
};
use crate::ids::{ItemId, PersonId, UnitId, UserId};
use jiff::civil::{Date, DateTime, date};
use serde::Serialize;
use std::fmt;

/// A report as entered (one per child; a report about several children gives
/// one command per child with the others listed as siblings).
#[derive(Clone, Debug, PartialEq)]
pub struct NewReport {
    pub report: ItemId,
    pub kind: ReportKind,
    pub received_at: DateTime,
    pub reporter: Reporter,
    pub concerns: Vec<ConcernCategory>,
    pub siblings: Vec<PersonId>,
    pub summary: String,
}

/// Everything a user can ask to do with a case.
#[derive(Clone, Debug, PartialEq)]
pub enum CaseCommand {
    /// Open a new case for a child with its first report.
    OpenCase {
        child: PersonId,
        unit: UnitId,
        caseworker: Option<UserId>,
        report: NewReport,
    },
    /// A further report about a child whose case is open.
    ReceiveReport(NewReport),
    AssessSafety {
        report: ItemId,
        immediate_protection_needed: bool,
        notes: String,
    },
    ExtendPreAssessment {
        report: ItemId,
        exceptional_reasons: String,
        new_due: Date,
    },
    /// Decide the förhandsbedömning; opening an investigation needs a new
    /// investigation id.
    DecidePreAssessment {
        report: ItemId,
        outcome: PreAssessmentOutcome,
        reasoning: String,
        investigation: Option<ItemId>,
    },
    InformReporter {
        report: ItemId,
    },
    ExtendInvestigation {
        investigation: ItemId,
        reason: String,
        new_due: Date,
    },
    CloseInvestigation {
        investigation: ItemId,
        outcome: InvestigationOutcome,
    },
    TakeDecision {
        decision: ItemId,
        kind: DecisionKind,
        legal_basis: LegalBasis,
        intervention_kind: Option<InterventionKind>,
        favourable: bool,
        decided_by: UserId,
        text: String,
    },
    StartIntervention {
        intervention: ItemId,
        decision: Option<ItemId>,
        kind: InterventionKind,
        provider: ProviderKind,
        provider_name: String,
        price_per_day: Option<i64>,
    },
    EndIntervention {
        intervention: ItemId,
        reason: InterventionEndReason,
    },
    DecideEmergencyRemoval {
        removal: ItemId,
        legal_basis: LegalBasis,
        decided_by: UserId,
        executed_on: Date,
    },
    ReferEmergencyRemoval {
        removal: ItemId,
    },
    SubmitCareApplication {
        removal: ItemId,
    },
    EndEmergencyRemoval {
        removal: ItemId,
    },
    HoldReview {
        intervention: ItemId,
        kind: ReviewKind,
        care_continues: bool,
        notes: String,
    },
    PlanFollowUp {
        follow_up: ItemId,
        planned_on: Date,
    },
    CompleteFollowUp {
        follow_up: ItemId,
        notes: String,
    },
    Assign {
        caseworker: Option<UserId>,
        unit: UnitId,
    },
    CloseCase {
        reason: ClosureReason,
    },
    /// Sign a journal entry; `corrects` names the earlier entry that this
    /// one corrects (the earlier one is never changed).
    SignJournalEntry {
        entry: ItemId,
        text: String,
        corrects: Option<ItemId>,
    },
}

/// A command refused: which field (form name) is wrong, if one is, and a
/// Swedish message saying why and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Refusal {
    pub field: Option<&'static str>,
    pub message: String,
}

impl Refusal {
    fn new(message: impl Into<String>) -> Self {
        Self {
            field: None,
            message: message.into(),
        }
    }
    fn field(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field: Some(field),
            message: message.into(),
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Refusal {}

/// The longest free text accepted in one field (a journal-length text).
pub const MAX_TEXT_LEN: usize = 100_000;

/// The longest short text accepted: a name, a contact, a provider.
pub const MAX_SHORT_TEXT_LEN: usize = 200;

/// The earliest date of anything recorded in a case. An earlier date is a
/// typing error (a wrong year), never a real event in a child's case.
pub const EARLIEST_DATE: Date = date(1900, 1, 1);

/// How far ahead of today a deadline may be moved (an extension's new end):
/// the law extends "för viss tid", and a year is far beyond any extension
/// a pre-assessment or an investigation gets.
pub const MAX_DEADLINE_AHEAD_MONTHS: i32 = 12;

/// The highest price per care day, in öre (1 000 000 kr): far above any
/// placement's cost, so a larger figure is a typing error.
pub const MAX_PRICE_PER_DAY_ORE: i64 = 100_000_000;

fn check_short_text(field: &'static str, text: &str, what: &str) -> Result<(), Refusal> {
    if text.chars().count() > MAX_SHORT_TEXT_LEN {
        return Err(Refusal::field(
            field,
            format!(
                "{what} får ha högst {MAX_SHORT_TEXT_LEN} tecken. Korta texten; mer kan skrivas i en journalanteckning."
            ),
        ));
    }
    Ok(())
}

/// A date no earlier than [`EARLIEST_DATE`].
fn check_not_ancient(field: &'static str, on: Date) -> Result<(), Refusal> {
    if on < EARLIEST_DATE {
        return Err(Refusal::field(
            field,
            format!(
                "Datumet {} ligger före {}. Kontrollera årtalet.",
                fmt_date(on),
                fmt_date(EARLIEST_DATE)
            ),
        ));
    }
    Ok(())
}

/// A new end of a deadline: at most [`MAX_DEADLINE_AHEAD_MONTHS`] after today.
fn check_deadline_ahead(field: &'static str, due: Date, today: Date) -> Result<(), Refusal> {
    let limit = crate::calendar::add_months(today, MAX_DEADLINE_AHEAD_MONTHS);
    if due > limit {
        return Err(Refusal::field(
            field,
            format!(
                "Det nya slutdatumet {} ligger mer än ett år fram i tiden. Förläng till en viss tid, senast {}.",
                fmt_date(due),
                fmt_date(limit)
            ),
        ));
    }
    Ok(())
}

fn check_text(field: &'static str, text: &str, required: bool, what: &str) -> Result<(), Refusal> {
    if required && text.trim().is_empty() {
        return Err(Refusal::field(field, format!("Skriv {what}.")));
    }
    if text.chars().count() > MAX_TEXT_LEN {
        return Err(Refusal::field(
            field,
            format!(
                "Texten är för lång: högst {MAX_TEXT_LEN} tecken. Korta texten eller dela upp den."
            ),
        ));
    }
    Ok(())
}

fn fmt_date(d: Date) -> String {
    d.to_string()
}

fn check_not_future(field: &'static str, on: Date, today: Date) -> Result<(), Refusal> {
    if on > today {
        return Err(Refusal::field(
            field,
            format!(
                "Datumet {} ligger i framtiden. Ange det datum då det hände (senast {}).",
                fmt_date(on),
                fmt_date(today)
            ),
        ));
    }
    Ok(())
}

fn check_not_before(
    field: &'static str,
    on: Date,
    earliest: Date,
    what: &str,
) -> Result<(), Refusal> {
    if on < earliest {
        return Err(Refusal::field(
            field,
            format!(
                "Datumet {} är före {what} ({}). Ange ett datum från och med {}.",
                fmt_date(on),
                fmt_date(earliest),
                fmt_date(earliest)
            ),
        ));
    }
    Ok(())
}

fn check_report(r: &NewReport, today: Date) -> Result<(), Refusal> {
    check_not_future("received_at", r.received_at.date(), today)?;
    check_not_ancient("received_at", r.received_at.date())?;
    if let Some(name) = &r.reporter.name {
        check_short_text("reporter_name", name, "Anmälarens namn")?;
    }
    if let Some(contact) = &r.reporter.contact {
        check_short_text("reporter_contact", contact, "Anmälarens kontaktuppgift")?;
    }
    if r.reporter.anonymous && !r.reporter.category.may_be_anonymous() {
        return Err(Refusal::field(
            "anonymous",
            format!(
                "En anmälare i kategorin {} kan inte vara anonym. Bara privatpersoner får vara anonyma; ange anmälarens namn och kontaktuppgift.",
                r.reporter.category.label().to_lowercase()
            ),
        ));
    }
    if r.reporter.category == crate::catalog::ReporterCategory::Anonymous && !r.reporter.anonymous {
        return Err(Refusal::field(
            "anonymous",
            "Kategorin Anonym kräver att anmälan markeras som anonym.",
        ));
    }
    if r.kind == ReportKind::Report && r.concerns.is_empty() {
        return Err(Refusal::field(
            "concerns",
            "Välj minst en orsak till anmälan (oro): det krävs när aktualiseringen är en anmälan.",
        ));
    }
    let mut seen = std::collections::HashSet::new();
    if let Some(dup) = r.concerns.iter().find(|c| !seen.insert(**c)) {
        return Err(Refusal::field(
            "concerns",
            format!("Orsaken {} är vald två gånger.", dup.label()),
        ));
    }
    check_text("summary", &r.summary, false, "en sammanfattning")?;
    Ok(())
}

fn report_received_event(r: &NewReport) -> CaseEvent {
    CaseEvent::ReportReceived {
        report: r.report,
        kind: r.kind,
        received_at: r.received_at,
        reporter: r.reporter.clone(),
        concerns: r.concerns.clone(),
        siblings: r.siblings.clone(),
        summary: r.summary.clone(),
    }
}

fn no_such(what: &str) -> Refusal {
    Refusal::new(format!(
        "{what} finns inte i ärendet. Ladda om sidan och välj igen."
    ))
}

/// Check `command`, happening on `on`, against `state`, with `today` as the
/// latest allowed date. Yields the events to record, or a refusal.
pub fn decide(
    state: &CaseState,
    command: &CaseCommand,
    on: Date,
    today: Date,
) -> Result<Vec<CaseEvent>, Refusal> {
    if let CaseCommand::OpenCase {
        child,
        unit,
        caseworker,
        report,
    } = command
    {
        if state.exists() {
            return Err(Refusal::new("Ärendet finns redan."));
        }
        check_report(report, today)?;
        let mut events = vec![CaseEvent::CaseOpened {
            child: *child,
            unit: *unit,
        }];
        if caseworker.is_some() {
            events.push(CaseEvent::CaseAssigned {
                caseworker: *caseworker,
                unit: *unit,
            });
        }
        events.push(report_received_event(report));
        return Ok(events);
    }

    if !state.exists() {
        return Err(Refusal::new(
            "Ärendet finns inte. Registrera en aktualisering först.",
        ));
    }
    if let Some((closed_on, _)) = state.closed {
        return Err(Refusal::new(format!(
            "Ärendet avslutades {}. Ett avslutat ärende kan inte ändras; en ny aktualisering öppnar ett nytt ärende.",
            fmt_date(closed_on)
        )));
    }
    check_not_future("on", on, today)?;
    check_not_ancient("on", on)?;
    let opened = state.opened_on.unwrap_or(on);

    match command {
        CaseCommand::OpenCase { .. } => unreachable!("handled above"),
        CaseCommand::ReceiveReport(r) => {
            check_report(r, today)?;
            if state.report(r.report).is_some() {
                return Err(Refusal::new("Anmälan är redan registrerad."));
            }
            let mut events = vec![report_received_event(r)];
            // A förhandsbedömning is not needed when an investigation is running:
            // the report is added to it (20 kap. 2 § SoL).
            if let Some(inv) = state.open_investigation() {
                events.push(CaseEvent::ReportAddedToInvestigation {
                    report: r.report,
                    investigation: inv.id,
                });
            }
            Ok(events)
        }
        CaseCommand::AssessSafety {
            report,
            immediate_protection_needed,
            notes,
        } => {
            let r = state.report(*report).ok_or_else(|| no_such("Anmälan"))?;
            if !r.awaits_safety_assessment() {
                return Err(Refusal::new(
                    "Den omedelbara skyddsbedömningen är redan gjord för den här anmälan.",
                ));
            }
            check_not_before("on", on, r.received_at.date(), "anmälan kom in")?;
            check_text("notes", notes, true, "skyddsbedömningens motivering")?;
            Ok(vec![CaseEvent::SafetyAssessed {
                report: *report,
                immediate_protection_needed: *immediate_protection_needed,
                notes: notes.clone(),
            }])
        }
        CaseCommand::ExtendPreAssessment {
            report,
            exceptional_reasons,
            new_due,
        } => {
            let r = state.report(*report).ok_or_else(|| no_such("Anmälan"))?;
            if r.pre_assessment_settled() {
                return Err(Refusal::new(
                    "Förhandsbedömningen är redan klar och kan inte förlängas.",
                ));
            }
            if exceptional_reasons.trim().is_empty() {
                return Err(Refusal::field(
                    "exceptional_reasons",
                    "Tiden för förhandsbedömning får bara förlängas om det finns synnerliga skäl (20 kap. 2 § SoL). Skriv skälen.",
                ));
            }
            check_text(
                "exceptional_reasons",
                exceptional_reasons,
                true,
                "de synnerliga skälen",
            )?;
            let current = r
                .pre_assessment_extended_to
                .unwrap_or_else(|| crate::deadline::pre_assessment_due(r.received_at.date()));
            if *new_due <= current {
                return Err(Refusal::field(
                    "new_due",
                    format!(
                        "Det nya slutdatumet måste vara efter {}.",
                        fmt_date(current)
                    ),
                ));
            }
            check_deadline_ahead("new_due", *new_due, today)?;
            Ok(vec![CaseEvent::PreAssessmentExtended {
                report: *report,
                exceptional_reasons: exceptional_reasons.clone(),
                new_due: *new_due,
            }])
        }
        CaseCommand::DecidePreAssessment {
            report,
            outcome,
            reasoning,
            investigation,
        } => {
            let r = state.report(*report).ok_or_else(|| no_such("Anmälan"))?;
            if r.pre_assessment_settled() {
                return Err(Refusal::new(
                    "Förhandsbedömningen för den här anmälan är redan beslutad.",
                ));
            }
            if !r.awaits_pre_assessment() {
                return Err(Refusal::new(
                    "Gör den omedelbara skyddsbedömningen först; den ska göras genast när anmälan kommer in (20 kap. 1 § SoL).",
                ));
            }
            check_not_before("on", on, r.received_at.date(), "anmälan kom in")?;
            check_text(
                "reasoning",
                reasoning,
                true,
                "motiveringen till förhandsbedömningen",
            )?;
            let mut events = vec![CaseEvent::PreAssessmentDecided {
                report: *report,
                outcome: *outcome,
                reasoning: reasoning.clone(),
            }];
            if *outcome == PreAssessmentOutcome::OpenInvestigation {
                if state.open_investigation().is_some() {
                    return Err(Refusal::new(
                        "Det pågår redan en utredning i ärendet. Två utredningar kan inte vara öppna samtidigt; anmälan läggs till den pågående utredningen.",
                    ));
                }
                let Some(inv) = investigation else {
                    return Err(Refusal::new("Intern fel: utredningen saknar id."));
                };
                events.push(CaseEvent::InvestigationOpened {
                    investigation: *inv,
                    reports: vec![*report],
                });
                // Other reports still waiting for a förhandsbedömning join the
                // investigation now running (20 kap. 2 § SoL).
                for other in state
                    .reports
                    .iter()
                    .filter(|x| x.id != *report && !x.pre_assessment_settled())
                {
                    events.push(CaseEvent::ReportAddedToInvestigation {
                        report: other.id,
                        investigation: *inv,
                    });
                }
            }
            Ok(events)
        }
        CaseCommand::InformReporter { report } => {
            let r = state.report(*report).ok_or_else(|| no_such("Anmälan"))?;
            if r.reporter.anonymous {
                return Err(Refusal::new("Anmälaren är anonym och kan inte informeras."));
            }
            if r.reporter_informed_on.is_some() {
                return Err(Refusal::new("Anmälaren är redan informerad."));
            }
            if !r.pre_assessment_settled() {
                return Err(Refusal::new(
                    "Förhandsbedömningen är inte klar. Anmälaren informeras om huruvida utredning inleddes när beslutet är fattat.",
                ));
            }
            Ok(vec![CaseEvent::ReporterInformed { report: *report }])
        }
        CaseCommand::ExtendInvestigation {
            investigation,
            reason,
            new_due,
        } => {
            let inv = state
                .investigation(*investigation)
                .ok_or_else(|| no_such("Utredningen"))?;
            if !inv.is_open() {
                return Err(Refusal::new(
                    "Utredningen är avslutad och kan inte förlängas.",
                ));
            }
            check_text(
                "reason",
                reason,
                true,
                "de särskilda skälen för förlängningen (20 kap. 3 § SoL)",
            )?;
            check_not_before("on", on, inv.opened_on, "utredningen inleddes")?;
            let current = inv
                .extended_to()
                .unwrap_or_else(|| crate::deadline::investigation_due(inv.opened_on));
            if *new_due <= current {
                return Err(Refusal::field(
                    "new_due",
                    format!(
                        "Det nya slutdatumet måste vara efter nuvarande slutdatum {}. Förlängning sker till en viss tid.",
                        fmt_date(current)
                    ),
                ));
            }
            check_deadline_ahead("new_due", *new_due, today)?;
            Ok(vec![CaseEvent::InvestigationExtended {
                investigation: *investigation,
                reason: reason.clone(),
                new_due: *new_due,
            }])
        }
        CaseCommand::CloseInvestigation {
            investigation,
            outcome,
        } => {
            let inv = state
                .investigation(*investigation)
                .ok_or_else(|| no_such("Utredningen"))?;
            if !inv.is_open() {
                return Err(Refusal::new("Utredningen är redan avslutad."));
            }
            check_not_before("on", on, inv.opened_on, "utredningen inleddes")?;
            Ok(vec![CaseEvent::InvestigationClosed {
                investigation: *investigation,
                outcome: *outcome,
            }])
        }
        CaseCommand::TakeDecision {
            decision,
            kind,
            legal_basis,
            intervention_kind,
            favourable,
            decided_by,
            text,
        } => {
            if state.decision(*decision).is_some() {
                return Err(Refusal::new("Beslutet är redan registrerat."));
            }
            let Some(inv) = state.investigations.last() else {
                return Err(Refusal::new(
                    "Ärendet har ingen utredning. Ett beslut om insats eller vård fattas efter utredning; inled en utredning först.",
                ));
            };
            check_not_before("on", on, inv.opened_on, "utredningen inleddes")?;
            check_text("text", text, true, "beslutets innehåll")?;
            match kind {
                DecisionKind::Intervention => {
                    if intervention_kind.is_none() && *favourable {
                        return Err(Refusal::field(
                            "intervention_kind",
                            "Välj vilken insats beslutet gäller: det krävs när beslutet gäller en insats och är gynnande (beviljar).",
                        ));
                    }
                    if legal_basis.is_lvu() && intervention_kind.is_some_and(|k| !k.is_placement())
                    {
                        return Err(Refusal::field(
                            "intervention_kind",
                            "Vård enligt LVU ges utanför det egna hemmet; välj en placeringsform.",
                        ));
                    }
                    if legal_basis.is_lvu() && state.lvu_basis().is_none() {
                        return Err(Refusal::field(
                            "legal_basis",
                            "Det finns ingen beslutad LVU-vård i ärendet. Välj SoL, eller registrera först att vård enligt LVU beslutats.",
                        ));
                    }
                }
                DecisionKind::LvuApplication | DecisionKind::LvuCareOrdered => {
                    if !legal_basis.is_lvu() {
                        return Err(Refusal::field(
                            "legal_basis",
                            "Välj grund enligt LVU: 2 § eller 3 §.",
                        ));
                    }
                    if *kind == DecisionKind::LvuCareOrdered
                        && !state
                            .decisions
                            .iter()
                            .any(|d| d.kind == DecisionKind::LvuApplication)
                    {
                        return Err(Refusal::new(
                            "Det finns ingen ansökan om vård enligt LVU i ärendet. Registrera ansökan först.",
                        ));
                    }
                }
                DecisionKind::LvuCareEnds => {
                    if state.lvu_basis().is_none() {
                        return Err(Refusal::new("Det pågår ingen vård enligt LVU i ärendet."));
                    }
                }
                DecisionKind::NoMeasure => {
                    if *favourable {
                        return Err(Refusal::field(
                            "favourable",
                            "Ett beslut om ingen åtgärd kan inte vara gynnande.",
                        ));
                    }
                }
            }
            Ok(vec![CaseEvent::DecisionTaken {
                decision: *decision,
                kind: *kind,
                legal_basis: *legal_basis,
                intervention_kind: *intervention_kind,
                favourable: *favourable,
                decided_by: *decided_by,
                decided_on: on,
                text: text.clone(),
            }])
        }
        CaseCommand::StartIntervention {
            intervention,
            decision,
            kind,
            provider,
            provider_name,
            price_per_day,
        } => {
            if state.intervention(*intervention).is_some() {
                return Err(Refusal::new("Insatsen är redan registrerad."));
            }
            if price_per_day.is_some_and(|p| p < 0) {
                return Err(Refusal::field(
                    "price_per_day",
                    "Dygnskostnaden kan inte vara negativ.",
                ));
            }
            if price_per_day.is_some_and(|p| p > MAX_PRICE_PER_DAY_ORE) {
                return Err(Refusal::field(
                    "price_per_day",
                    format!(
                        "Dygnskostnaden är orimligt hög: högst {} kr per dygn. Kontrollera beloppet.",
                        MAX_PRICE_PER_DAY_ORE / 100
                    ),
                ));
            }
            check_short_text("provider_name", provider_name, "Utförarens namn")?;
            match decision {
                Some(d) => {
                    let d = state.decision(*d).ok_or_else(|| no_such("Beslutet"))?;
                    if !d.favourable {
                        return Err(Refusal::field(
                            "decision",
                            "Beslutet är inte gynnande; en insats verkställs bara på ett beviljande beslut.",
                        ));
                    }
                    if d.intervention_kind.is_some_and(|k| k != *kind) {
                        return Err(Refusal::field(
                            "kind",
                            format!(
                                "Beslutet gäller {}, inte {}. Välj samma insats som i beslutet.",
                                d.intervention_kind.map(|k| k.label()).unwrap_or(""),
                                kind.label()
                            ),
                        ));
                    }
                    if !state.awaits_execution(d) {
                        return Err(Refusal::field(
                            "decision",
                            "Beslutet verkställs redan genom en pågående insats.",
                        ));
                    }
                    check_not_before("on", on, d.decided_on, "beslutet fattades")?;
                }
                None => {
                    if !(kind.is_placement() && state.has_active_removal()) {
                        return Err(Refusal::field(
                            "decision",
                            "Välj det beslut som insatsen verkställer. Utan beslut kan bara en placering vid omedelbart omhändertagande (6 § LVU) registreras.",
                        ));
                    }
                }
            }
            check_not_before("on", on, opened, "ärendet öppnades")?;
            Ok(vec![CaseEvent::InterventionStarted {
                intervention: *intervention,
                decision: *decision,
                kind: *kind,
                provider: *provider,
                provider_name: provider_name.clone(),
                price_per_day: *price_per_day,
                start: on,
            }])
        }
        CaseCommand::EndIntervention {
            intervention,
            reason,
        } => {
            let i = state
                .intervention(*intervention)
                .ok_or_else(|| no_such("Insatsen"))?;
            if let Some((end, _)) = i.ended {
                return Err(Refusal::new(format!(
                    "Insatsen avslutades redan {}.",
                    fmt_date(end)
                )));
            }
            if on < i.start {
                return Err(Refusal::field(
                    "on",
                    format!(
                        "Slutdatumet {} är före startdatumet {}. En insats kan inte sluta innan den börjat.",
                        fmt_date(on),
                        fmt_date(i.start)
                    ),
                ));
            }
            Ok(vec![CaseEvent::InterventionEnded {
                intervention: *intervention,
                end: on,
                reason: *reason,
            }])
        }
        CaseCommand::DecideEmergencyRemoval {
            removal,
            legal_basis,
            decided_by,
            executed_on,
        } => {
            if !legal_basis.is_lvu() {
                return Err(Refusal::field(
                    "legal_basis",
                    "Ett omedelbart omhändertagande grundas på 2 § eller 3 § LVU.",
                ));
            }
            if state.has_active_removal() {
                return Err(Refusal::new(
                    "Det finns redan ett pågående omedelbart omhändertagande i ärendet.",
                ));
            }
            check_not_before("executed_on", *executed_on, on, "beslutet")?;
            check_not_future("executed_on", *executed_on, today)?;
            Ok(vec![CaseEvent::EmergencyRemovalDecided {
                removal: *removal,
                legal_basis: *legal_basis,
                decided_by: *decided_by,
                decided_on: on,
                executed_on: *executed_on,
            }])
        }
        CaseCommand::ReferEmergencyRemoval { removal } => {
            let r = state
                .removal(*removal)
                .ok_or_else(|| no_such("Omhändertagandet"))?;
            if r.referred_on.is_some() {
                return Err(Refusal::new(
                    "Beslutet är redan underställt förvaltningsrätten.",
                ));
            }
            if r.ended_on.is_some() {
                return Err(Refusal::new("Omhändertagandet har upphört."));
            }
            check_not_before("on", on, r.decided_on, "beslutet om omhändertagande")?;
            Ok(vec![CaseEvent::EmergencyRemovalReferred {
                removal: *removal,
                on,
            }])
        }
        CaseCommand::SubmitCareApplication { removal } => {
            let r = state
                .removal(*removal)
                .ok_or_else(|| no_such("Omhändertagandet"))?;
            if r.application_on.is_some() {
                return Err(Refusal::new("Ansökan om vård är redan registrerad."));
            }
            if r.ended_on.is_some() {
                return Err(Refusal::new("Omhändertagandet har upphört."));
            }
            check_not_before("on", on, r.decided_on, "beslutet om omhändertagande")?;
            Ok(vec![CaseEvent::CareApplicationSubmitted {
                removal: *removal,
                on,
            }])
        }
        CaseCommand::EndEmergencyRemoval { removal } => {
            let r = state
                .removal(*removal)
                .ok_or_else(|| no_such("Omhändertagandet"))?;
            if r.ended_on.is_some() {
                return Err(Refusal::new("Omhändertagandet har redan upphört."));
            }
            check_not_before("on", on, r.decided_on, "beslutet om omhändertagande")?;
            Ok(vec![CaseEvent::EmergencyRemovalEnded {
                removal: *removal,
                on,
            }])
        }
        CaseCommand::HoldReview {
            intervention,
            kind,
            care_continues,
            notes,
        } => {
            let i = state
                .intervention(*intervention)
                .ok_or_else(|| no_such("Placeringen"))?;
            if !i.kind.is_placement() {
                return Err(Refusal::new(
                    "Övervägande och omprövning görs för placeringar utanför det egna hemmet.",
                ));
            }
            if !i.is_active() {
                return Err(Refusal::new("Placeringen är avslutad."));
            }
            if *kind == ReviewKind::Reconsideration && state.lvu_basis() != Some(LegalBasis::Lvu3) {
                return Err(Refusal::field(
                    "kind",
                    "Omprövning görs vid vård enligt 3 § LVU. Välj övervägande.",
                ));
            }
            if *kind == ReviewKind::CustodyTransfer && !i.kind.is_family_home() {
                return Err(Refusal::field(
                    "kind",
                    "Övervägande om vårdnadsöverflyttning gäller placering i familjehem.",
                ));
            }
            check_not_before("on", on, i.start, "placeringen började")?;
            check_text("notes", notes, true, "vad som övervägdes och slutsatsen")?;
            Ok(vec![CaseEvent::ReviewHeld {
                intervention: *intervention,
                kind: *kind,
                held_on: on,
                care_continues: *care_continues,
                notes: notes.clone(),
            }])
        }
        CaseCommand::PlanFollowUp {
            follow_up,
            planned_on,
        } => {
            if let Some(why) = state.follow_up_blocker() {
                return Err(Refusal::new(why));
            }
            let Some(from) = state.follow_up_from() else {
                return Err(Refusal::new("Intern fel: uppföljningen saknar avslut."));
            };
            let limit = crate::calendar::add_months(from, 6);
            if *planned_on < on || *planned_on > limit {
                return Err(Refusal::field(
                    "planned_on",
                    format!(
                        "Uppföljningen ska avslutas senast sex månader efter avslutet, {} (23 kap. 5 § SoL). Välj ett datum mellan {} och {}.",
                        fmt_date(limit),
                        fmt_date(on),
                        fmt_date(limit)
                    ),
                ));
            }
            Ok(vec![CaseEvent::FollowUpPlanned {
                follow_up: *follow_up,
                from,
                planned_on: *planned_on,
            }])
        }
        CaseCommand::CompleteFollowUp { follow_up, notes } => {
            let f = state
                .follow_ups
                .iter()
                .find(|f| f.id == *follow_up)
                .ok_or_else(|| no_such("Uppföljningen"))?;
            if f.completed_on.is_some() {
                return Err(Refusal::new("Uppföljningen är redan genomförd."));
            }
            check_not_before("on", on, f.from, "avslutet som uppföljningen gäller")?;
            check_text("notes", notes, true, "vad uppföljningen visade")?;
            Ok(vec![CaseEvent::FollowUpCompleted {
                follow_up: *follow_up,
                on,
                notes: notes.clone(),
            }])
        }
        CaseCommand::Assign { caseworker, unit } => {
            if state.caseworker == *caseworker && state.unit == Some(*unit) {
                return Err(Refusal::new(
                    "Ärendet har redan den handläggaren och enheten.",
                ));
            }
            Ok(vec![CaseEvent::CaseAssigned {
                caseworker: *caseworker,
                unit: *unit,
            }])
        }
        CaseCommand::CloseCase { reason } => {
            if let Some(why) = state.closing_blocker() {
                return Err(Refusal::new(why));
            }
            let last_activity = last_activity_date(state);
            check_not_before("on", on, last_activity, "ärendets senaste händelse")?;
            Ok(vec![CaseEvent::CaseClosed {
                reason: *reason,
                on,
            }])
        }
        CaseCommand::SignJournalEntry {
            entry,
            text,
            corrects,
        } => {
            if state.journal_entry(*entry).is_some() {
                return Err(Refusal::new("Anteckningen är redan signerad."));
            }
            check_text("text", text, true, "anteckningens text")?;
            if let Some(old) = corrects {
                let Some(old) = state.journal_entry(*old) else {
                    return Err(Refusal::field(
                        "corrects",
                        "Anteckningen som ska rättas finns inte i ärendet. Välj en signerad anteckning i journalen och tryck på Rätta.",
                    ));
                };
                if old.corrected_by.is_some() {
                    return Err(Refusal::field(
                        "corrects",
                        "Anteckningen är redan rättad. Rätta den senaste versionen i stället.",
                    ));
                }
                check_not_before("on", on, old.signed_on, "anteckningen som rättas")?;
            }
            check_not_before("on", on, opened, "ärendet öppnades")?;
            Ok(vec![CaseEvent::JournalEntrySigned {
                entry: *entry,
                text: text.clone(),
                corrects: *corrects,
            }])
        }
    }
}

/// The latest date anything happened in the case.
pub fn last_activity_date(state: &CaseState) -> Date {
    let mut d = state.opened_on.unwrap_or(Date::MIN);
    let mut see = |x: Date| {
        if x > d {
            d = x;
        }
    };
    for r in &state.reports {
        see(r.received_at.date());
        if let Some(x) = r.safety_assessed_on {
            see(x);
        }
        if let Some((_, x)) = r.pre_assessment {
            see(x);
        }
    }
    for i in &state.investigations {
        see(i.opened_on);
        if let Some((x, _)) = i.closed {
            see(x);
        }
    }
    for x in &state.decisions {
        see(x.decided_on);
    }
    for i in &state.interventions {
        see(i.start);
        if let Some((x, _)) = i.ended {
            see(x);
        }
    }
    for f in &state.follow_ups {
        if let Some(x) = f.completed_on {
            see(x);
        }
    }
    d
}
