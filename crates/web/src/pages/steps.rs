//! The steps of a case: one form per step, each a `GET` that shows it and a
//! `POST` that records it.
//!
//! Every step goes the same way: the form is parsed into a
//! [`CaseCommand`] (dates, amounts and choices become types here, with a
//! Swedish message at the field when they cannot), the case's events are
//! loaded and folded, [`decide`] checks the command, and the events are
//! appended with the version the form was shown at. A refusal is shown
//! beside the field it names (and in a summary at the top), a stale
//! version as "the case has changed"; in both cases every typed value is
//! kept and nothing is stored. Irreversible steps need a ticked
//! "Jag bekräftar ..." box.
//!
//! The case page and the worklist link here; [`next_steps`] says which
//! steps the case's state makes possible, and [`link_for_deadline`] which
//! step clears a deadline.

use crate::AppState;
use crate::error::{WebError, store_refusal};
use crate::forms::{Errors, Field, FieldView, FormData, Kind, SummaryItem, parse_date, views};
use crate::i18n::Tr;
use crate::pages::login::ClientAddr;
use crate::permissions::{
    Access, Permission, allowed, handles_cases, is_manager, may_write_case, sees_protected_in_case,
    shows_whereabouts,
};
use crate::session::CurrentUser;
use crate::view::{Layout, PersonView, Section, html_status};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use jiff::civil::Date;
use tillit_domain::case::{
    CaseCommand, CaseState, DecisionKind, InvestigationOutcome, LegalBasis, PreAssessmentOutcome,
    RecordedEvent, ReviewKind, decide,
};
use tillit_domain::catalog::{
    ClosureReason, InterventionEndReason, InterventionKind, ProviderKind,
};
use tillit_domain::{CaseId, ItemId, UserId};
use tillit_store::{CaseSummary, NewEvent, StoreError};

/// A case as a step (or the journal) needs it, after the access check.
pub(crate) struct LoadedCase {
    pub id: CaseId,
    pub summary: CaseSummary,
    pub events: Vec<RecordedEvent>,
    pub state: CaseState,
    pub child: PersonView,
    /// Where the child is (placement kind, provider) may be shown to the
    /// user ([`shows_whereabouts`]): false for a protected child unless the
    /// user is the assigned caseworker or a manager of the unit.
    pub whereabouts: bool,
}

impl LoadedCase {
    pub fn href(&self) -> String {
        format!("/cases/{}", self.id)
    }
}

/// The outcome of [`load_case`].
pub(crate) enum Loaded {
    Case(Box<LoadedCase>),
    /// The "not found" page to answer with (the same for a case that does
    /// not exist and one the user may not read).
    Refused(Response),
}

/// Open a case for a step's or the journal's page through
/// [`crate::access::read_case`]: by unit, assignment or emergency access,
/// the read written to the access log before anything is shown.
pub(crate) async fn load_case(
    state: &AppState,
    tr: Tr,
    user: &CurrentUser,
    addr: &str,
    id: &str,
) -> Result<Loaded, WebError> {
    let opened = match crate::access::read_case(state, tr, user, addr, id).await? {
        crate::access::CaseAccess::Granted(opened) => *opened,
        crate::access::CaseAccess::Refused(page) => return Ok(Loaded::Refused(page)),
    };
    let summary = opened.summary;
    let events = state.store().load_case(summary.id).await?;
    let case_state = CaseState::from_events(&events);
    let child = match &opened.child {
        Some(p) => PersonView::new(tr, p, sees_protected_in_case(user.subject(), opened.scope)),
        None => PersonView::missing(tr),
    };
    // A child the store lacks is treated as protected: nothing is known.
    let protected = opened.child.as_ref().is_none_or(|p| p.protected);
    let whereabouts = shows_whereabouts(user.subject(), opened.scope, protected);
    Ok(Loaded::Case(Box::new(LoadedCase {
        id: summary.id,
        summary,
        events,
        state: case_state,
        child,
        whereabouts,
    })))
}

/// `let case = opened!(load_case(...))`: the case, or return the refusal page.
macro_rules! opened {
    ($loaded:expr) => {
        match $loaded {
            $crate::pages::steps::Loaded::Case(c) => *c,
            $crate::pages::steps::Loaded::Refused(page) => return Ok(page),
        }
    };
}
pub(crate) use opened;

/// Every step with a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

impl Step {
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

    /// The last part of the step's path; also the message-key stem.
    pub fn slug(self) -> &'static str {
        match self {
            Step::SafetyAssessment => "safety-assessment",
            Step::PreAssessment => "pre-assessment",
            Step::PreAssessmentExtension => "pre-assessment-extension",
            Step::InformReporter => "inform-reporter",
            Step::InvestigationExtension => "investigation-extension",
            Step::InvestigationClosing => "investigation-closing",
            Step::Decision => "decision",
            Step::InterventionStart => "intervention-start",
            Step::InterventionEnd => "intervention-end",
            Step::EmergencyRemoval => "emergency-removal",
            Step::EmergencyRemovalReferral => "emergency-removal-referral",
            Step::CareApplication => "care-application",
            Step::EmergencyRemovalEnd => "emergency-removal-end",
            Step::Review => "review",
            Step::FollowUpPlan => "follow-up-plan",
            Step::FollowUpCompletion => "follow-up-completion",
            Step::CaseClosing => "closing",
            Step::Reassign => "reassign",
        }
    }

    /// The route pattern.
    pub fn path(self) -> &'static str {
        match self {
            Step::SafetyAssessment => "/cases/{id}/safety-assessment",
            Step::PreAssessment => "/cases/{id}/pre-assessment",
            Step::PreAssessmentExtension => "/cases/{id}/pre-assessment-extension",
            Step::InformReporter => "/cases/{id}/inform-reporter",
            Step::InvestigationExtension => "/cases/{id}/investigation-extension",
            Step::InvestigationClosing => "/cases/{id}/investigation-closing",
            Step::Decision => "/cases/{id}/decision",
            Step::InterventionStart => "/cases/{id}/intervention-start",
            Step::InterventionEnd => "/cases/{id}/intervention-end",
            Step::EmergencyRemoval => "/cases/{id}/emergency-removal",
            Step::EmergencyRemovalReferral => "/cases/{id}/emergency-removal-referral",
            Step::CareApplication => "/cases/{id}/care-application",
            Step::EmergencyRemovalEnd => "/cases/{id}/emergency-removal-end",
            Step::Review => "/cases/{id}/review",
            Step::FollowUpPlan => "/cases/{id}/follow-up-plan",
            Step::FollowUpCompletion => "/cases/{id}/follow-up-completion",
            Step::CaseClosing => "/cases/{id}/closing",
            Step::Reassign => "/cases/{id}/reassign",
        }
    }

    /// Who may use the step's form.
    pub fn permission(self) -> Permission {
        match self {
            Step::Reassign => Permission::ReassignCase,
            _ => Permission::RecordCaseStep,
        }
    }

    /// Irreversible steps ask for a ticked confirmation box.
    fn irreversible(self) -> bool {
        matches!(
            self,
            Step::Decision | Step::CaseClosing | Step::EmergencyRemoval
        )
    }

    /// The form field naming the item the step is about, if it is about one.
    fn item_field(self) -> Option<&'static str> {
        match self {
            Step::SafetyAssessment
            | Step::PreAssessment
            | Step::PreAssessmentExtension
            | Step::InformReporter => Some("report"),
            Step::InvestigationExtension | Step::InvestigationClosing => Some("investigation"),
            Step::InterventionEnd | Step::Review => Some("intervention"),
            Step::EmergencyRemovalReferral | Step::CareApplication | Step::EmergencyRemovalEnd => {
                Some("removal")
            }
            Step::FollowUpCompletion => Some("follow_up"),
            Step::InterventionStart => Some("decision"),
            Step::Decision
            | Step::EmergencyRemoval
            | Step::FollowUpPlan
            | Step::CaseClosing
            | Step::Reassign => None,
        }
    }

    /// The items the step can be about now, with a label for each. Without
    /// `whereabouts` ([`shows_whereabouts`]) a label says nothing of where
    /// the child is: no kind of placement, no provider.
    fn items(self, s: &CaseState, tr: Tr, whereabouts: bool) -> Vec<(String, String)> {
        let report_label = |r: &tillit_domain::case::ReportState| {
            tr.t1(
                "step-item-report",
                "when",
                format!(
                    "{} {}, {}",
                    r.received_at.date(),
                    r.received_at.time().strftime("%H:%M"),
                    tr.label(
                        "cat-reporter",
                        r.reporter.category.code(),
                        r.reporter.category.label()
                    )
                ),
            )
        };
        let reports = |keep: &dyn Fn(&tillit_domain::case::ReportState) -> bool| {
            s.reports
                .iter()
                .filter(|r| keep(r))
                .map(|r| (r.id.to_string(), report_label(r)))
                .collect::<Vec<_>>()
        };
        let removal_label = |r: &tillit_domain::case::EmergencyRemovalState| {
            tr.t1("step-item-removal", "date", r.decided_on.to_string())
        };
        let active_removals = || s.removals.iter().filter(|r| r.ended_on.is_none());
        match self {
            Step::SafetyAssessment => reports(&|r| r.safety_assessed_on.is_none()),
            Step::PreAssessment => {
                reports(&|r| !r.pre_assessment_settled() && r.safety_assessed_on.is_some())
            }
            Step::PreAssessmentExtension => reports(&|r| !r.pre_assessment_settled()),
            Step::InformReporter => reports(&|r| {
                r.pre_assessment_settled()
                    && !r.reporter.anonymous
                    && r.reporter_informed_on.is_none()
            }),
            Step::InvestigationExtension | Step::InvestigationClosing => s
                .open_investigation()
                .map(|i| {
                    vec![(
                        i.id.to_string(),
                        tr.t1("step-item-investigation", "date", i.opened_on.to_string()),
                    )]
                })
                .unwrap_or_default(),
            Step::InterventionEnd => s
                .active_interventions()
                .map(|i| (i.id.to_string(), intervention_label(tr, i, whereabouts)))
                .collect(),
            Step::Review => s
                .active_interventions()
                .filter(|i| i.kind.is_placement())
                .map(|i| (i.id.to_string(), intervention_label(tr, i, whereabouts)))
                .collect(),
            Step::EmergencyRemovalReferral => active_removals()
                .filter(|r| r.referred_on.is_none())
                .map(|r| (r.id.to_string(), removal_label(r)))
                .collect(),
            Step::CareApplication => active_removals()
                .filter(|r| r.application_on.is_none())
                .map(|r| (r.id.to_string(), removal_label(r)))
                .collect(),
            Step::EmergencyRemovalEnd => active_removals()
                .map(|r| (r.id.to_string(), removal_label(r)))
                .collect(),
            Step::FollowUpCompletion => s
                .follow_ups
                .iter()
                .filter(|f| f.completed_on.is_none())
                .map(|f| {
                    (
                        f.id.to_string(),
                        tr.t1("step-item-follow-up", "date", f.planned_on.to_string()),
                    )
                })
                .collect(),
            Step::InterventionStart => {
                let mut out: Vec<(String, String)> = s
                    .decisions
                    .iter()
                    .filter(|d| {
                        d.favourable
                            && !s
                                .interventions
                                .iter()
                                .any(|i| i.decision == Some(d.id) && i.is_active())
                    })
                    .map(|d| {
                        let what = d
                            .intervention_kind
                            .map(|k| intervention_kind_label(tr, k, whereabouts))
                            .unwrap_or_else(|| {
                                tr.label(
                                    "cat-decision-kind",
                                    decision_kind_code(d.kind),
                                    d.kind.label(),
                                )
                            });
                        (
                            d.id.to_string(),
                            tr.t1(
                                "step-item-decision",
                                "what",
                                format!("{} {what}", d.decided_on),
                            ),
                        )
                    })
                    .collect();
                if active_removals().next().is_some() {
                    out.push((NO_DECISION.to_string(), tr.t("step-item-no-decision")));
                }
                out
            }
            Step::Decision
            | Step::EmergencyRemoval
            | Step::FollowUpPlan
            | Step::CaseClosing
            | Step::Reassign => Vec::new(),
        }
    }

    /// The case's state makes the step possible now.
    pub fn available(self, s: &CaseState, tr: Tr) -> bool {
        if s.is_closed() {
            return false;
        }
        match self {
            Step::Decision => !s.investigations.is_empty(),
            Step::EmergencyRemoval => !s.removals.iter().any(|r| r.ended_on.is_none()),
            Step::FollowUpPlan => {
                follow_up_from(s).is_some_and(|from| !s.follow_ups.iter().any(|f| f.from >= from))
            }
            Step::CaseClosing => closable(s),
            Step::Reassign => true,
            _ => !self.items(s, tr, false).is_empty(),
        }
    }
}

/// The value of the "no decision" choice when starting a placement during
/// an emergency removal.
const NO_DECISION: &str = "none";

/// An intervention as an item of a form: kind, start and provider; without
/// `whereabouts` only "Placering" (or the kind, for an intervention that is
/// not a placement) and the start.
fn intervention_label(
    tr: Tr,
    i: &tillit_domain::case::InterventionState,
    whereabouts: bool,
) -> String {
    let kind = intervention_kind_label(tr, i.kind, whereabouts);
    let mut s = tr.t1("step-item-intervention", "date", i.start.to_string());
    s = format!("{kind}, {s}");
    if whereabouts && !i.provider_name.is_empty() {
        s = format!("{s} ({})", i.provider_name);
    }
    s
}

/// The kind of an intervention; a placement's kind (familjehem, HVB, SiS,
/// ...) says where the child is, so without `whereabouts` it is only
/// "Placering".
fn intervention_kind_label(tr: Tr, kind: InterventionKind, whereabouts: bool) -> String {
    if !whereabouts && kind.is_placement() {
        tr.t("step-item-placement-hidden")
    } else {
        tr.label("cat-intervention", kind.code(), kind.label())
    }
}

/// Where a follow-up would count from: the latest investigation closed
/// without measure, or placement ended (as the domain counts it).
fn follow_up_from(s: &CaseState) -> Option<Date> {
    let inv_end = s
        .investigations
        .iter()
        .filter_map(|i| match i.closed {
            Some((d, InvestigationOutcome::NoMeasure)) => Some(d),
            _ => None,
        })
        .max();
    let placement_end = s
        .interventions
        .iter()
        .filter(|i| i.kind.is_placement())
        .filter_map(|i| i.ended.map(|e| e.0))
        .max();
    inv_end.max(placement_end)
}

/// Nothing left running that stops the case from being closed.
fn closable(s: &CaseState) -> bool {
    s.reports.iter().all(|r| r.pre_assessment_settled())
        && s.open_investigation().is_none()
        && s.active_interventions().next().is_none()
        && s.removals.iter().all(|r| r.ended_on.is_some())
        && s.follow_ups.iter().all(|f| f.completed_on.is_some())
}

// Codes of the domain's choice lists that are not catalogs -------------------

const PRE_ASSESSMENT_OUTCOMES: [(PreAssessmentOutcome, &str); 2] = [
    (
        PreAssessmentOutcome::OpenInvestigation,
        "open_investigation",
    ),
    (PreAssessmentOutcome::NoInvestigation, "no_investigation"),
];

const INVESTIGATION_OUTCOMES: [(InvestigationOutcome, &str); 3] = [
    (InvestigationOutcome::Intervention, "intervention"),
    (InvestigationOutcome::NoMeasure, "no_measure"),
    (InvestigationOutcome::LvuApplication, "lvu_application"),
];

const DECISION_KINDS: [(DecisionKind, &str); 5] = [
    (DecisionKind::Intervention, "intervention"),
    (DecisionKind::NoMeasure, "no_measure"),
    (DecisionKind::LvuApplication, "lvu_application"),
    (DecisionKind::LvuCareOrdered, "lvu_care_ordered"),
    (DecisionKind::LvuCareEnds, "lvu_care_ends"),
];

const LEGAL_BASES: [(LegalBasis, &str); 4] = [
    (LegalBasis::SolAssistance, "sol_assistance"),
    (LegalBasis::SolService, "sol_service"),
    (LegalBasis::Lvu2, "lvu2"),
    (LegalBasis::Lvu3, "lvu3"),
];

const REVIEW_KINDS: [(ReviewKind, &str); 3] = [
    (ReviewKind::Consideration, "consideration"),
    (ReviewKind::Reconsideration, "reconsideration"),
    (ReviewKind::CustodyTransfer, "custody_transfer"),
];

fn decision_kind_code(k: DecisionKind) -> &'static str {
    DECISION_KINDS
        .iter()
        .find(|(x, _)| *x == k)
        .map(|(_, c)| *c)
        .unwrap_or("")
}

fn find_code<T: Copy>(table: &[(T, &'static str)], code: &str) -> Option<T> {
    table.iter().find(|(_, c)| *c == code).map(|(v, _)| *v)
}

/// Everything a step's form needs besides the submitted values.
struct Ctx<'a> {
    tr: Tr,
    case: &'a LoadedCase,
    today: Date,
    user: &'a CurrentUser,
    /// Who may be named as the delegate of a decision: the user, then the
    /// managers of the case's unit.
    delegates: Vec<(UserId, String)>,
    /// Who a case can be assigned to: the case-handling users of the unit.
    colleagues: Vec<(UserId, String)>,
}

impl<'a> Ctx<'a> {
    async fn new(
        state: &AppState,
        tr: Tr,
        user: &'a CurrentUser,
        case: &'a LoadedCase,
    ) -> Result<Ctx<'a>, WebError> {
        let users = state.store().users().await?;
        let mut delegates = vec![(user.id, user.display_name.clone())];
        let mut colleagues = Vec::new();
        for u in users
            .iter()
            .filter(|u| u.active && u.unit == Some(case.summary.unit))
        {
            if is_manager(u.role) && u.id != user.id {
                delegates.push((
                    u.id,
                    format!(
                        "{} ({})",
                        u.display_name,
                        tr.label("role", u.role.code(), u.role.label())
                    ),
                ));
            }
            if handles_cases(u.role) {
                colleagues.push((u.id, u.display_name.clone()));
            }
        }
        Ok(Ctx {
            tr,
            case,
            today: state.today(),
            user,
            delegates,
            colleagues,
        })
    }

    fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    fn on_field(&self, label_key: &str) -> Field {
        self.date_field("on", label_key)
    }

    /// A required date with the date format's hint.
    fn date_field(&self, name: &'static str, label_key: &str) -> Field {
        Field::new(name, Kind::Date, self.t(label_key))
            .hint(self.t("form-date-hint"))
            .required()
    }

    fn yes_no(&self, name: &'static str, label_key: &str) -> Field {
        Field::new(name, Kind::Radios, self.t(label_key))
            .options(vec![
                ("yes".into(), self.t("form-yes")),
                ("no".into(), self.t("form-no")),
            ])
            .required()
    }

    fn text_area(&self, name: &'static str, label_key: &str) -> Field {
        Field::new(name, Kind::TextArea, self.t(label_key)).required()
    }

    fn select<T: Copy>(
        &self,
        name: &'static str,
        label_key: &str,
        group: &str,
        entries: impl Iterator<Item = (T, &'static str, &'static str)>,
        empty: Option<&str>,
    ) -> Field {
        let mut options = Vec::new();
        if let Some(e) = empty {
            options.push((String::new(), self.t(e)));
        }
        options.extend(
            entries.map(|(_, code, label)| (code.to_string(), self.tr.label(group, code, label))),
        );
        Field::new(name, Kind::Select, self.t(label_key)).options(options)
    }

    /// The item field: fixed when there is one choice, a select otherwise.
    fn item_field(&self, step: Step) -> Option<Field> {
        let name = step.item_field()?;
        let items = step.items(&self.case.state, self.tr, self.case.whereabouts);
        let label = self.t(&format!("step-field-{}", name.replace('_', "-")));
        Some(if items.len() == 1 && name != "decision" {
            Field::new(name, Kind::Fixed, label).options(items)
        } else {
            let mut options = vec![(String::new(), self.t("form-choose"))];
            options.extend(items);
            Field::new(name, Kind::Select, label)
                .options(options)
                .required()
        })
    }

    /// The fields of a step's form, in order.
    fn fields(&self, step: Step) -> Vec<Field> {
        let mut f: Vec<Field> = self.item_field(step).into_iter().collect();
        match step {
            Step::SafetyAssessment => {
                f.push(self.yes_no(
                    "immediate_protection_needed",
                    "step-field-protection-needed",
                ));
                f.push(self.text_area("notes", "step-field-safety-notes"));
                f.push(self.on_field("step-field-on-assessed"));
            }
            Step::PreAssessment => {
                f.push(
                    Field::new("outcome", Kind::Radios, self.t("step-field-pre-outcome"))
                        .options(vec![
                            ("open_investigation".into(), self.t("step-pre-open")),
                            ("no_investigation".into(), self.t("step-pre-no")),
                        ])
                        .required(),
                );
                f.push(self.text_area("reasoning", "step-field-reasoning"));
                f.push(self.on_field("step-field-on-decided"));
            }
            Step::PreAssessmentExtension => {
                f.push(
                    self.text_area("exceptional_reasons", "step-field-exceptional-reasons")
                        .hint(self.t("step-field-exceptional-reasons-hint")),
                );
                f.push(self.date_field("new_due", "step-field-new-due"));
                f.push(self.on_field("step-field-on-decided"));
            }
            Step::InformReporter => {
                f.push(self.on_field("step-field-on-informed"));
            }
            Step::InvestigationExtension => {
                f.push(
                    self.text_area("reason", "step-field-extension-reason")
                        .hint(self.t("step-field-extension-reason-hint")),
                );
                f.push(self.date_field("new_due", "step-field-new-due"));
                f.push(self.on_field("step-field-on-decided"));
            }
            Step::InvestigationClosing => {
                f.push(
                    self.select(
                        "outcome",
                        "step-field-investigation-outcome",
                        "cat-investigation-outcome",
                        INVESTIGATION_OUTCOMES
                            .iter()
                            .map(|(v, c)| (*v, *c, v.label())),
                        Some("form-choose"),
                    )
                    .required(),
                );
                f.push(self.on_field("step-field-on-closed"));
            }
            Step::Decision => {
                f.push(
                    self.select(
                        "kind",
                        "step-field-decision-kind",
                        "cat-decision-kind",
                        DECISION_KINDS.iter().map(|(v, c)| (*v, *c, v.label())),
                        Some("form-choose"),
                    )
                    .required(),
                );
                f.push(
                    self.select(
                        "legal_basis",
                        "step-field-legal-basis",
                        "cat-legal-basis",
                        LEGAL_BASES.iter().map(|(v, c)| (*v, *c, v.label())),
                        Some("form-choose"),
                    )
                    .required(),
                );
                f.push(
                    self.select(
                        "intervention_kind",
                        "step-field-intervention-kind",
                        "cat-intervention",
                        InterventionKind::ENTRIES
                            .iter()
                            .map(|e| (e.value, e.code, e.label)),
                        Some("step-no-intervention"),
                    )
                    .hint(self.t("step-field-intervention-kind-hint")),
                );
                f.push(self.yes_no("favourable", "step-field-favourable"));
                f.push(
                    Field::new("decided_by", Kind::Select, self.t("step-field-decided-by"))
                        .hint(self.t("step-field-decided-by-hint"))
                        .options(
                            self.delegates
                                .iter()
                                .map(|(id, name)| (id.0.to_string(), name.clone()))
                                .collect(),
                        )
                        .required(),
                );
                f.push(self.text_area("text", "step-field-decision-text"));
                f.push(self.on_field("step-field-on-decided"));
            }
            Step::InterventionStart => {
                f.push(
                    self.select(
                        "kind",
                        "step-field-intervention-kind",
                        "cat-intervention",
                        InterventionKind::ENTRIES
                            .iter()
                            .map(|e| (e.value, e.code, e.label)),
                        Some("form-choose"),
                    )
                    .required(),
                );
                f.push(
                    Field::new("provider", Kind::Radios, self.t("step-field-provider"))
                        .options(
                            ProviderKind::ENTRIES
                                .iter()
                                .map(|e| {
                                    (
                                        e.code.to_string(),
                                        self.tr.label("cat-provider", e.code, e.label),
                                    )
                                })
                                .collect(),
                        )
                        .required(),
                );
                f.push(Field::new(
                    "provider_name",
                    Kind::Text,
                    self.t("step-field-provider-name"),
                ));
                f.push(
                    Field::new("price_per_day", Kind::Text, self.t("step-field-price"))
                        .hint(self.t("step-field-price-hint")),
                );
                f.push(self.on_field("step-field-on-started"));
            }
            Step::InterventionEnd => {
                f.push(
                    self.select(
                        "reason",
                        "step-field-end-reason",
                        "cat-end-reason",
                        InterventionEndReason::ENTRIES
                            .iter()
                            .map(|e| (e.value, e.code, e.label)),
                        Some("form-choose"),
                    )
                    .required(),
                );
                f.push(self.on_field("step-field-on-ended"));
            }
            Step::EmergencyRemoval => {
                f.push(
                    self.select(
                        "legal_basis",
                        "step-field-legal-basis",
                        "cat-legal-basis",
                        LEGAL_BASES
                            .iter()
                            .filter(|(v, _)| v.is_lvu())
                            .map(|(v, c)| (*v, *c, v.label())),
                        Some("form-choose"),
                    )
                    .required(),
                );
                f.push(
                    Field::new("decided_by", Kind::Select, self.t("step-field-decided-by"))
                        .hint(self.t("step-field-decided-by-hint"))
                        .options(
                            self.delegates
                                .iter()
                                .map(|(id, name)| (id.0.to_string(), name.clone()))
                                .collect(),
                        )
                        .required(),
                );
                f.push(self.on_field("step-field-on-decided"));
                f.push(
                    Field::new("executed_on", Kind::Date, self.t("step-field-executed-on"))
                        .hint(self.t("form-date-hint"))
                        .required(),
                );
            }
            Step::EmergencyRemovalReferral => f.push(self.on_field("step-field-on-referred")),
            Step::CareApplication => f.push(self.on_field("step-field-on-applied")),
            Step::EmergencyRemovalEnd => f.push(self.on_field("step-field-on-ended")),
            Step::Review => {
                f.push(
                    self.select(
                        "kind",
                        "step-field-review-kind",
                        "cat-review-kind",
                        REVIEW_KINDS.iter().map(|(v, c)| (*v, *c, v.label())),
                        None,
                    )
                    .required(),
                );
                f.push(self.yes_no("care_continues", "step-field-care-continues"));
                f.push(self.text_area("notes", "step-field-review-notes"));
                f.push(self.on_field("step-field-on-held"));
            }
            Step::FollowUpPlan => {
                f.push(
                    Field::new("planned_on", Kind::Date, self.t("step-field-planned-on"))
                        .hint(self.t("step-field-planned-on-hint"))
                        .required(),
                );
                f.push(self.on_field("step-field-on-decided"));
            }
            Step::FollowUpCompletion => {
                f.push(self.text_area("notes", "step-field-follow-up-notes"));
                f.push(self.on_field("step-field-on-done"));
            }
            Step::CaseClosing => {
                f.push(
                    self.select(
                        "reason",
                        "step-field-closure-reason",
                        "cat-closure",
                        ClosureReason::ENTRIES
                            .iter()
                            .map(|e| (e.value, e.code, e.label)),
                        Some("form-choose"),
                    )
                    .required(),
                );
                f.push(self.on_field("step-field-on-closed"));
            }
            Step::Reassign => {
                let mut options = vec![(String::new(), self.t("step-reassign-nobody"))];
                options.extend(
                    self.colleagues
                        .iter()
                        .map(|(id, name)| (id.0.to_string(), name.clone())),
                );
                f.push(
                    Field::new("caseworker", Kind::Select, self.t("step-field-caseworker"))
                        .options(options),
                );
            }
        }
        if step.irreversible() {
            f.push(Field::new(
                "confirm",
                Kind::Confirm,
                self.t(&format!("step-{}-confirm", step.slug())),
            ));
        }
        f
    }

    /// Values shown before anything is typed.
    fn defaults(&self, step: Step, data: &mut FormData) {
        data.prefill("on", self.today.to_string());
        if let Some(name) = step.item_field() {
            let items = step.items(&self.case.state, self.tr, self.case.whereabouts);
            if items.len() == 1 {
                data.prefill(name, items[0].0.clone());
            }
        }
        match step {
            Step::Decision | Step::EmergencyRemoval => {
                data.prefill("decided_by", self.user.id.0.to_string());
            }
            Step::Review => {
                let kind = if self.case.state.lvu_basis() == Some(LegalBasis::Lvu3) {
                    "reconsideration"
                } else {
                    "consideration"
                };
                data.prefill("kind", kind);
            }
            Step::Reassign => {
                data.prefill(
                    "caseworker",
                    self.case
                        .summary
                        .caseworker
                        .map(|u| u.0.to_string())
                        .unwrap_or_default(),
                );
            }
            _ => {}
        }
        if step == Step::EmergencyRemoval {
            data.prefill("executed_on", self.today.to_string());
        }
    }

    /// Parse the form into a command and the date it happened on. Problems
    /// with what was typed go to `errors` (then `None`).
    fn command(
        &self,
        step: Step,
        data: &FormData,
        errors: &mut Errors,
    ) -> Option<(CaseCommand, Date)> {
        let tr = self.tr;
        let date_of = |name: &str, errors: &mut Errors| -> Option<Date> {
            match parse_date(tr, data.get(name)) {
                Ok(d) => Some(d),
                Err(m) => {
                    errors.field(name, m);
                    None
                }
            }
        };
        let on = if step == Step::Reassign {
            Some(self.today)
        } else {
            date_of("on", errors)
        };
        let item = |errors: &mut Errors| -> Option<ItemId> {
            let name = step.item_field()?;
            let value = data.trimmed(name);
            let known = step
                .items(&self.case.state, tr, false)
                .iter()
                .any(|(v, _)| v == value);
            match value.parse::<ItemId>() {
                Ok(id) if known => Some(id),
                _ => {
                    errors.field(
                        name,
                        tr.t(&format!("step-field-{}-missing", name.replace('_', "-"))),
                    );
                    None
                }
            }
        };
        let choice = |name: &str, errors: &mut Errors| -> Option<bool> {
            match data.get(name) {
                "yes" => Some(true),
                "no" => Some(false),
                _ => {
                    errors.field(name, tr.t("form-choose-yes-no"));
                    None
                }
            }
        };
        let pick = |name: &str, found: Option<()>, errors: &mut Errors| {
            if found.is_none() {
                errors.field(name, tr.t("form-choose-one"));
            }
        };
        let text = |name: &str| data.get(name).to_string();
        let delegate = |errors: &mut Errors| -> Option<UserId> {
            let v = data.trimmed("decided_by");
            let found = self
                .delegates
                .iter()
                .find(|(id, _)| id.0.to_string() == v)
                .map(|(id, _)| *id);
            if found.is_none() {
                errors.field("decided_by", tr.t("step-field-decided-by-missing"));
            }
            found
        };

        let command = match step {
            Step::SafetyAssessment => {
                let report = item(errors);
                let needed = choice("immediate_protection_needed", errors);
                CaseCommand::AssessSafety {
                    report: report?,
                    immediate_protection_needed: needed?,
                    notes: text("notes"),
                }
            }
            Step::PreAssessment => {
                let report = item(errors);
                let outcome = find_code(&PRE_ASSESSMENT_OUTCOMES, data.get("outcome"));
                pick("outcome", outcome.map(|_| ()), errors);
                let outcome = outcome?;
                CaseCommand::DecidePreAssessment {
                    report: report?,
                    outcome,
                    reasoning: text("reasoning"),
                    investigation: (outcome == PreAssessmentOutcome::OpenInvestigation)
                        .then(ItemId::new_random),
                }
            }
            Step::PreAssessmentExtension => {
                let report = item(errors);
                let new_due = date_of("new_due", errors);
                CaseCommand::ExtendPreAssessment {
                    report: report?,
                    exceptional_reasons: text("exceptional_reasons"),
                    new_due: new_due?,
                }
            }
            Step::InformReporter => CaseCommand::InformReporter {
                report: item(errors)?,
            },
            Step::InvestigationExtension => {
                let investigation = item(errors);
                let new_due = date_of("new_due", errors);
                CaseCommand::ExtendInvestigation {
                    investigation: investigation?,
                    reason: text("reason"),
                    new_due: new_due?,
                }
            }
            Step::InvestigationClosing => {
                let investigation = item(errors);
                let outcome = find_code(&INVESTIGATION_OUTCOMES, data.get("outcome"));
                pick("outcome", outcome.map(|_| ()), errors);
                CaseCommand::CloseInvestigation {
                    investigation: investigation?,
                    outcome: outcome?,
                }
            }
            Step::Decision => {
                let kind = find_code(&DECISION_KINDS, data.get("kind"));
                pick("kind", kind.map(|_| ()), errors);
                let basis = find_code(&LEGAL_BASES, data.get("legal_basis"));
                pick("legal_basis", basis.map(|_| ()), errors);
                let ik = data.get("intervention_kind");
                let intervention_kind = if ik.is_empty() {
                    Some(None)
                } else {
                    InterventionKind::from_code(ik).map(Some)
                };
                pick("intervention_kind", intervention_kind.map(|_| ()), errors);
                let favourable = choice("favourable", errors);
                let decided_by = delegate(errors);
                CaseCommand::TakeDecision {
                    decision: ItemId::new_random(),
                    kind: kind?,
                    legal_basis: basis?,
                    intervention_kind: intervention_kind?,
                    favourable: favourable?,
                    decided_by: decided_by?,
                    text: text("text"),
                }
            }
            Step::InterventionStart => {
                let d = data.trimmed("decision");
                let decision = if d == NO_DECISION
                    && step
                        .items(&self.case.state, tr, false)
                        .iter()
                        .any(|(v, _)| v == NO_DECISION)
                {
                    Some(None)
                } else {
                    item(errors).map(Some)
                };
                let kind = InterventionKind::from_code(data.get("kind"));
                pick("kind", kind.map(|_| ()), errors);
                let provider = ProviderKind::from_code(data.get("provider"));
                pick("provider", provider.map(|_| ()), errors);
                let price = match crate::forms::parse_kronor(tr, data.get("price_per_day")) {
                    Ok(p) => Some(p),
                    Err(m) => {
                        errors.field("price_per_day", m);
                        None
                    }
                };
                CaseCommand::StartIntervention {
                    intervention: ItemId::new_random(),
                    decision: decision?,
                    kind: kind?,
                    provider: provider?,
                    provider_name: data.trimmed("provider_name").to_string(),
                    price_per_day: price?,
                }
            }
            Step::InterventionEnd => {
                let intervention = item(errors);
                let reason = InterventionEndReason::from_code(data.get("reason"));
                pick("reason", reason.map(|_| ()), errors);
                CaseCommand::EndIntervention {
                    intervention: intervention?,
                    reason: reason?,
                }
            }
            Step::EmergencyRemoval => {
                let basis = find_code(&LEGAL_BASES, data.get("legal_basis"));
                pick("legal_basis", basis.map(|_| ()), errors);
                let decided_by = delegate(errors);
                let executed_on = date_of("executed_on", errors);
                CaseCommand::DecideEmergencyRemoval {
                    removal: ItemId::new_random(),
                    legal_basis: basis?,
                    decided_by: decided_by?,
                    executed_on: executed_on?,
                }
            }
            Step::EmergencyRemovalReferral => CaseCommand::ReferEmergencyRemoval {
                removal: item(errors)?,
            },
            Step::CareApplication => CaseCommand::SubmitCareApplication {
                removal: item(errors)?,
            },
            Step::EmergencyRemovalEnd => CaseCommand::EndEmergencyRemoval {
                removal: item(errors)?,
            },
            Step::Review => {
                let intervention = item(errors);
                let kind = find_code(&REVIEW_KINDS, data.get("kind"));
                pick("kind", kind.map(|_| ()), errors);
                let continues = choice("care_continues", errors);
                CaseCommand::HoldReview {
                    intervention: intervention?,
                    kind: kind?,
                    care_continues: continues?,
                    notes: text("notes"),
                }
            }
            Step::FollowUpPlan => CaseCommand::PlanFollowUp {
                follow_up: ItemId::new_random(),
                planned_on: date_of("planned_on", errors)?,
            },
            Step::FollowUpCompletion => CaseCommand::CompleteFollowUp {
                follow_up: item(errors)?,
                notes: text("notes"),
            },
            Step::CaseClosing => {
                let reason = ClosureReason::from_code(data.get("reason"));
                pick("reason", reason.map(|_| ()), errors);
                CaseCommand::CloseCase { reason: reason? }
            }
            Step::Reassign => {
                let v = data.trimmed("caseworker");
                let caseworker = if v.is_empty() {
                    Some(None)
                } else {
                    self.colleagues
                        .iter()
                        .find(|(id, _)| id.0.to_string() == v)
                        .map(|(id, _)| Some(*id))
                };
                pick("caseworker", caseworker.map(|_| ()), errors);
                CaseCommand::Assign {
                    caseworker: caseworker?,
                    unit: self.case.summary.unit,
                }
            }
        };
        Some((command, on?))
    }
}

#[derive(Template)]
#[template(path = "step.html")]
struct StepPage {
    l: Layout,
    heading: String,
    intro: String,
    case_href: String,
    child_name: String,
    action: String,
    csrf: String,
    version: u64,
    fields: Vec<FieldView>,
    summary: Vec<SummaryItem>,
    submit: String,
    unavailable: Option<String>,
}

fn render(
    step: Step,
    ctx: &Ctx<'_>,
    data: &FormData,
    errors: &Errors,
    version: u64,
    status: StatusCode,
) -> Result<Response, WebError> {
    let tr = ctx.tr;
    let fields = ctx.fields(step);
    let order: Vec<&str> = fields.iter().map(|f| f.name).collect();
    let summary = errors.summary(&order);
    let available = step.available(&ctx.case.state, tr);
    let heading = tr.t(&format!("step-{}-title", step.slug()));
    let title = if summary.is_empty() {
        heading.clone()
    } else {
        format!("{} {heading}", tr.t("form-error-title-prefix"))
    };
    let page = StepPage {
        l: Layout::new(tr, ctx.user, title, Section::None),
        heading,
        intro: tr.t(&format!("step-{}-intro", step.slug())),
        case_href: ctx.case.href(),
        child_name: ctx.case.child.name.clone(),
        action: step.path().replace("{id}", &ctx.case.id.to_string()),
        csrf: ctx.user.csrf.clone(),
        version,
        fields: views(&fields, data, errors),
        summary,
        submit: tr.t(&format!("step-{}-submit", step.slug())),
        unavailable: (!available && errors.is_empty()).then(|| tr.t("step-unavailable")),
    };
    html_status(status, &page)
}

/// `GET /cases/{id}/<step>`: the step's form, with today's date and the
/// item named in the query (`?report=...`) chosen.
pub async fn show(
    step: Step,
    state: AppState,
    tr: Tr,
    user: CurrentUser,
    addr: String,
    id: String,
    query: Vec<(String, String)>,
) -> Result<Response, WebError> {
    let case = opened!(load_case(&state, tr, &user, &addr, &id).await?);
    if !may_write_case(&user, &case.summary) {
        return Err(WebError::Forbidden);
    }
    let ctx = Ctx::new(&state, tr, &user, &case).await?;
    // Only the item and the kind may be chosen by a link.
    let prefill = query
        .into_iter()
        .filter(|(k, _)| Some(k.as_str()) == step.item_field() || k == "kind")
        .collect();
    let mut data = FormData::new(prefill);
    ctx.defaults(step, &mut data);
    render(
        step,
        &ctx,
        &data,
        &Errors::new(),
        case.state.version,
        StatusCode::OK,
    )
}

/// `POST /cases/{id}/<step>`.
pub async fn submit(
    step: Step,
    state: AppState,
    tr: Tr,
    user: CurrentUser,
    addr: String,
    id: String,
    data: FormData,
) -> Result<Response, WebError> {
    let case = opened!(load_case(&state, tr, &user, &addr, &id).await?);
    if !may_write_case(&user, &case.summary) {
        return Err(WebError::Forbidden);
    }
    let ctx = Ctx::new(&state, tr, &user, &case).await?;
    let current = case.state.version;
    let mut errors = Errors::new();
    let fields = ctx.fields(step);
    let multi: Vec<&str> = fields
        .iter()
        .filter(|f| f.kind == Kind::Checkboxes)
        .map(|f| f.name)
        .collect();
    errors.conflicts(tr, &data, &multi, &|name| {
        fields.iter().any(|f| f.name == name)
    });
    if !errors.is_empty() {
        return render(
            step,
            &ctx,
            &data,
            &errors,
            current,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    // The form was shown at a version; someone else may have recorded
    // something since. That is checked first: the case has moved on, so
    // what the form is about may be gone (the other person recorded this
    // very step), and only "someone else has changed the case" tells the
    // user why. Nothing is written; the form is shown again with what was
    // typed, at the current version. A form without its version is refused
    // the same way: it cannot be told from a stale one.
    match data.trimmed("version").parse::<u64>() {
        Ok(shown_at) if shown_at == current => {}
        Ok(_) => {
            errors.general(tr.t("form-conflict"));
            return render(step, &ctx, &data, &errors, current, StatusCode::CONFLICT);
        }
        Err(_) => {
            errors.general(tr.t("form-version-missing"));
            return render(
                step,
                &ctx,
                &data,
                &errors,
                current,
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    }
    let parsed = ctx.command(step, &data, &mut errors);
    if step.irreversible() && !data.checked("confirm") {
        errors.field("confirm", tr.t("form-confirm-missing"));
    }
    let Some((command, on)) = parsed.filter(|_| errors.is_empty()) else {
        if errors.is_empty() {
            errors.general(tr.t("form-incomplete"));
        }
        return render(
            step,
            &ctx,
            &data,
            &errors,
            current,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    };
    let events = match decide(&case.state, &command, on, ctx.today) {
        Ok(events) => events,
        Err(refusal) => {
            let fields = ctx.fields(step);
            let present = |name: &str| fields.iter().any(|f| f.name == name);
            let rename = |f: &str| -> Option<&'static str> {
                match (step, f) {
                    // The intervention's decision is the step's item field.
                    (Step::InterventionStart, "decision") => Some("decision"),
                    _ => None,
                }
            };
            errors.refusal(&refusal, &present, &rename);
            return render(
                step,
                &ctx,
                &data,
                &errors,
                current,
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    let now = Timestamp::now();
    let events = events
        .into_iter()
        .map(|event| NewEvent {
            recorded_by: user.id,
            recorded_at: now,
            occurred_on: on,
            event,
        })
        .collect();
    match state.store().append(case.id, current, events).await {
        Ok(_) => {}
        Err(StoreError::Conflict { .. }) => {
            errors.general(tr.t("form-conflict"));
            let version = state.store().case_version(case.id).await?;
            return render(step, &ctx, &data, &errors, version, StatusCode::CONFLICT);
        }
        Err(e) => {
            // The database too busy to answer in time, or a refusal of the
            // store: either way on the form, with what was typed.
            let status = if e.is_unavailable() {
                errors.general(crate::error::unavailable_on_form(tr, &e));
                StatusCode::SERVICE_UNAVAILABLE
            } else {
                errors.general(store_refusal(tr, e)?);
                StatusCode::UNPROCESSABLE_ENTITY
            };
            return render(step, &ctx, &data, &errors, current, status);
        }
    }
    tracing::info!(user_id = %user.id, case = %case.id, step = step.slug(), "case step recorded");
    Ok(redirect(&format!("{}?done={}", case.href(), step.slug())))
}

fn redirect(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, to.to_string())]).into_response()
}

/// Register the routes of every step: `GET` and `POST` on [`Step::path`].
pub(crate) fn add_routes(mut routes: crate::routes::Routes) -> crate::routes::Routes {
    use axum::http::Method;
    for step in Step::ALL {
        let access = Access::Requires(step.permission());
        routes = routes
            .add(
                Method::GET,
                step.path(),
                access,
                move |State(state): State<AppState>,
                      tr: Tr,
                      user: CurrentUser,
                      ClientAddr(addr): ClientAddr,
                      Path(id): Path<String>,
                      Query(q): Query<Vec<(String, String)>>| {
                    show(step, state, tr, user, addr, id, q)
                },
            )
            .add(
                Method::POST,
                step.path(),
                access,
                move |State(state): State<AppState>,
                      tr: Tr,
                      user: CurrentUser,
                      ClientAddr(addr): ClientAddr,
                      Path(id): Path<String>,
                      data: FormData| {
                    submit(step, state, tr, user, addr, id, data)
                },
            );
    }
    routes
}

/// A button on the case page.
#[derive(Clone, Debug)]
pub struct StepLink {
    pub href: String,
    pub label: String,
    /// Managers' steps (reassign) are shown apart.
    pub secondary: bool,
}

/// The steps the case's state makes possible, for this user, in the order a
/// case goes.
pub fn next_steps(tr: Tr, user: &CurrentUser, case: CaseId, state: &CaseState) -> Vec<StepLink> {
    Step::ALL
        .into_iter()
        .filter(|s| allowed(user.role, s.permission()) && s.available(state, tr))
        .map(|s| {
            let mut href = s.path().replace("{id}", &case.to_string());
            if let Some(name) = s.item_field() {
                let items = s.items(state, tr, false);
                if items.len() == 1 && items[0].0 != NO_DECISION {
                    href = format!("{href}?{name}={}", items[0].0);
                }
            }
            StepLink {
                href,
                label: tr.t(&format!("step-{}-title", s.slug())),
                secondary: s == Step::Reassign,
            }
        })
        .collect()
}

/// The link that clears a deadline of `kind_code` about `item`: straight
/// to the step's form, the item chosen.
pub fn link_for_deadline(case: CaseId, kind_code: &str, item: Option<ItemId>) -> String {
    let (step, extra) = match kind_code {
        "safety_assessment" => (Step::SafetyAssessment, ""),
        "pre_assessment" => (Step::PreAssessment, ""),
        "reporter_feedback" => (Step::InformReporter, ""),
        "investigation_end" => (Step::InvestigationClosing, ""),
        "consideration" => (Step::Review, "&kind=consideration"),
        "reconsideration" => (Step::Review, "&kind=reconsideration"),
        "custody_transfer" => (Step::Review, "&kind=custody_transfer"),
        "unexecuted_decision" => (Step::InterventionStart, ""),
        "emergency_foster_home_limit" => (Step::InterventionEnd, ""),
        "emergency_removal_referral" => (Step::EmergencyRemovalReferral, ""),
        "care_application" => (Step::CareApplication, ""),
        "follow_up" => (Step::FollowUpCompletion, ""),
        _ => return format!("/cases/{case}"),
    };
    let path = step.path().replace("{id}", &case.to_string());
    match (step.item_field(), item) {
        (Some(name), Some(item)) => format!("{path}?{name}={item}{extra}"),
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn every_step_has_its_texts_in_both_languages() {
        for lang in Lang::ALL {
            let tr = Tr::new(lang);
            for s in Step::ALL {
                for part in ["title", "intro", "submit", "done"] {
                    let key = format!("step-{}-{part}", s.slug());
                    assert_ne!(tr.t(&key), key, "{}: {key}", lang.code());
                }
                if s.irreversible() {
                    let key = format!("step-{}-confirm", s.slug());
                    assert_ne!(tr.t(&key), key, "{}: {key}", lang.code());
                }
                if let Some(name) = s.item_field() {
                    for key in [
                        format!("step-field-{}", name.replace('_', "-")),
                        format!("step-field-{}-missing", name.replace('_', "-")),
                    ] {
                        assert_ne!(tr.t(&key), key, "{}: {key}", lang.code());
                    }
                }
                assert!(s.path().ends_with(s.slug()));
            }
        }
    }

    #[test]
    fn deadlines_link_to_the_step_that_clears_them() {
        let case = CaseId::new_random();
        let item = ItemId::new_random();
        assert_eq!(
            link_for_deadline(case, "pre_assessment", Some(item)),
            format!("/cases/{case}/pre-assessment?report={item}")
        );
        assert_eq!(
            link_for_deadline(case, "custody_transfer", Some(item)),
            format!("/cases/{case}/review?intervention={item}&kind=custody_transfer")
        );
        for k in tillit_domain::deadline::DeadlineKind::ALL {
            assert_ne!(
                link_for_deadline(case, k.code(), Some(item)),
                format!("/cases/{case}"),
                "{k:?} has no step"
            );
        }
    }
}
