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
//! kept and nothing is stored. The förhandsbedömning, a decision and
//! closing the case are shown first as a review ("Kontrollera dina
//! uppgifter": [`StepForm::reviewed`]) and stored only when confirmed
//! there; the emergency removal needs a ticked "Jag bekräftar ..." box.
//!
//! The case page and the worklist link here; [`next_steps`] says which
//! steps the case's state makes possible, and [`link_for_deadline`] which
//! step clears a deadline.

use crate::AppState;
use crate::error::WebError;
use crate::forms::{
    Errors, Field, FieldView, FormData, Input, Kind, Refused, Shown, SummaryItem, read,
};
use crate::i18n::Tr;
use crate::permissions::{
    Access, Permission, allowed, handles_cases, is_manager, may_write_case, sees_protected_in_case,
    shows_whereabouts,
};
use crate::request::ClientAddr;
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
    RecordedEvent, ReviewKind, StepItem, decide,
};
use tillit_domain::catalog::{
    CatalogEntry, ClosureReason, InterventionEndReason, InterventionKind, ProviderKind,
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

pub use tillit_domain::case::Step;

/// What the web adds to a step of the domain: its page.
pub trait StepForm: Copy {
    /// The last part of the step's path; also the message-key stem.
    fn slug(self) -> &'static str;
    /// The route pattern.
    fn path(self) -> &'static str;
    /// Who may use the step's form.
    fn permission(self) -> Permission;
    /// Irreversible steps are confirmed: by a review, or by a ticked box.
    fn irreversible(self) -> bool;
    /// Irreversible steps confirmed on a review page ("Kontrollera dina
    /// uppgifter") rather than by a box: nothing is stored until the user
    /// has seen exactly what will be and confirmed it.
    fn reviewed(self) -> bool;
    /// The form field naming the item the step is about, if it is about one.
    fn item_field(self) -> Option<&'static str>;
    /// The items the step can be about now (the domain's
    /// [`Step::items`]), with a label for each.
    fn labelled_items(self, s: &CaseState, tr: Tr, whereabouts: bool) -> Vec<(String, String)>;
}

/// `slug => path` for every step.
macro_rules! step_pages {
    ($($step:ident => $slug:literal),+ $(,)?) => {
        fn slug_of(step: Step) -> &'static str {
            match step { $(Step::$step => $slug),+ }
        }
        fn path_of(step: Step) -> &'static str {
            match step { $(Step::$step => concat!("/cases/{id}/", $slug)),+ }
        }
    };
}

step_pages! {
    SafetyAssessment => "safety-assessment",
    PreAssessment => "pre-assessment",
    PreAssessmentExtension => "pre-assessment-extension",
    InformReporter => "inform-reporter",
    InvestigationExtension => "investigation-extension",
    InvestigationClosing => "investigation-closing",
    Decision => "decision",
    InterventionStart => "intervention-start",
    InterventionEnd => "intervention-end",
    EmergencyRemoval => "emergency-removal",
    EmergencyRemovalReferral => "emergency-removal-referral",
    CareApplication => "care-application",
    EmergencyRemovalEnd => "emergency-removal-end",
    Review => "review",
    FollowUpPlan => "follow-up-plan",
    FollowUpCompletion => "follow-up-completion",
    CaseClosing => "closing",
    Reassign => "reassign",
}

impl StepForm for Step {
    fn slug(self) -> &'static str {
        slug_of(self)
    }

    fn path(self) -> &'static str {
        path_of(self)
    }

    fn permission(self) -> Permission {
        match self {
            Step::Reassign => Permission::ReassignCase,
            _ => Permission::RecordCaseStep,
        }
    }

    fn irreversible(self) -> bool {
        matches!(
            self,
            Step::Decision | Step::CaseClosing | Step::EmergencyRemoval | Step::PreAssessment
        )
    }

    fn reviewed(self) -> bool {
        matches!(self, Step::PreAssessment | Step::Decision | Step::CaseClosing)
    }

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

    /// Without `whereabouts` ([`shows_whereabouts`]) a label says nothing of
    /// where the child is: no kind of placement, no provider.
    fn labelled_items(self, s: &CaseState, tr: Tr, whereabouts: bool) -> Vec<(String, String)> {
        Step::items(self, s)
            .into_iter()
            .map(|item| {
                let id = item.id().map(|i| i.to_string());
                let label = match item {
                    StepItem::Report(r) => tr.t1(
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
                    ),
                    StepItem::Investigation(i) => {
                        tr.t1("step-item-investigation", "date", i.opened_on.to_string())
                    }
                    StepItem::Intervention(i) => intervention_label(tr, i, whereabouts),
                    StepItem::Removal(r) => {
                        tr.t1("step-item-removal", "date", r.decided_on.to_string())
                    }
                    StepItem::FollowUp(f) => {
                        tr.t1("step-item-follow-up", "date", f.planned_on.to_string())
                    }
                    StepItem::Decision(d) => {
                        let what = d
                            .intervention_kind
                            .map(|k| intervention_kind_label(tr, k, whereabouts))
                            .unwrap_or_else(|| {
                                tr.label("cat-decision-kind", d.kind.code(), d.kind.label())
                            });
                        tr.t1(
                            "step-item-decision",
                            "what",
                            format!("{} {what}", d.decided_on),
                        )
                    }
                    StepItem::NoDecision => tr.t("step-item-no-decision"),
                };
                (id.unwrap_or_else(|| NO_DECISION.to_string()), label)
            })
            .collect()
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
    /// Every user's display name (the reports shown above the form).
    names: std::collections::HashMap<UserId, String>,
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
        let names = users.into_iter().map(|u| (u.id, u.display_name)).collect();
        Ok(Ctx {
            tr,
            case,
            today: state.today(),
            user,
            delegates,
            colleagues,
            names,
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

    /// A choice from a catalogue of the domain.
    fn select<'e, T: 'static>(
        &self,
        name: &'static str,
        label_key: &str,
        group: &str,
        entries: impl Iterator<Item = &'e CatalogEntry<T>>,
        empty: Option<&str>,
    ) -> Field {
        let mut options = Vec::new();
        if let Some(e) = empty {
            options.push((String::new(), self.t(e)));
        }
        options
            .extend(entries.map(|e| (e.code.to_string(), self.tr.label(group, e.code, e.label))));
        Field::new(name, Kind::Select, self.t(label_key)).options(options)
    }

    /// The delegate who decided: the user or a manager of the unit.
    fn decided_by(&self) -> Field {
        let options = self
            .delegates
            .iter()
            .map(|(id, name)| (id.0.to_string(), name.clone()))
            .collect();
        Field::new("decided_by", Kind::Select, self.t("step-field-decided-by"))
            .hint(self.t("step-field-decided-by-hint"))
            .options(options)
            .required()
    }

    /// The item field: fixed when there is one choice, a select otherwise.
    fn item_field(&self, step: Step) -> Option<Field> {
        let name = step.item_field()?;
        let items = step.labelled_items(&self.case.state, self.tr, self.case.whereabouts);
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
                            (
                                PreAssessmentOutcome::OpenInvestigation.code().into(),
                                self.t("step-pre-open"),
                            ),
                            (
                                PreAssessmentOutcome::NoInvestigation.code().into(),
                                self.t("step-pre-no"),
                            ),
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
                        InvestigationOutcome::ENTRIES.iter(),
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
                        DecisionKind::ENTRIES.iter(),
                        Some("form-choose"),
                    )
                    .required(),
                );
                f.push(
                    self.select(
                        "legal_basis",
                        "step-field-legal-basis",
                        "cat-legal-basis",
                        LegalBasis::ENTRIES.iter(),
                        Some("form-choose"),
                    )
                    .required(),
                );
                f.push(
                    self.select(
                        "intervention_kind",
                        "step-field-intervention-kind",
                        "cat-intervention",
                        InterventionKind::ENTRIES.iter(),
                        Some("step-no-intervention"),
                    )
                    .hint(self.t("step-field-intervention-kind-hint"))
                    .required_if(self.t("step-field-intervention-kind-required-if")),
                );
                f.push(self.yes_no("favourable", "step-field-favourable"));
                f.push(self.decided_by());
                f.push(self.text_area("text", "step-field-decision-text"));
                f.push(self.on_field("step-field-on-decided"));
            }
            Step::InterventionStart => {
                f.push(
                    self.select(
                        "kind",
                        "step-field-intervention-kind",
                        "cat-intervention",
                        InterventionKind::ENTRIES.iter(),
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
                        InterventionEndReason::ENTRIES.iter(),
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
                        LegalBasis::ENTRIES.iter().filter(|e| e.value.is_lvu()),
                        Some("form-choose"),
                    )
                    .required(),
                );
                f.push(self.decided_by());
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
                        ReviewKind::ENTRIES.iter(),
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
                        ClosureReason::ENTRIES.iter(),
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
        if step.irreversible() && !step.reviewed() {
            f.push(Field::confirm(
                "confirm",
                self.t(&format!("step-{}-confirm", step.slug())),
                String::new(),
            ));
        }
        f
    }

    /// Values shown before anything is typed.
    fn defaults(&self, step: Step, data: &mut FormData) {
        data.prefill("on", self.today.to_string());
        if let Some(name) = step.item_field() {
            let items = step.labelled_items(&self.case.state, self.tr, self.case.whereabouts);
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
    /// with what was typed go beside their field (then `None`).
    fn command(&self, step: Step, input: &mut Input<'_>) -> Option<(CaseCommand, Date)> {
        let tr = self.tr;
        let on = if step == Step::Reassign {
            Some(self.today)
        } else {
            input.date("on")
        };
        // The item: one the step can be about now, else a message.
        let item = |input: &mut Input<'_>| -> Option<ItemId> {
            let name = step.item_field()?;
            let value = input.text(name);
            let known = step
                .labelled_items(&self.case.state, tr, false)
                .iter()
                .any(|(v, _)| *v == value);
            let found = value.parse::<ItemId>().ok().filter(|_| known);
            let message = tr.t(&format!("step-field-{}-missing", name.replace('_', "-")));
            input.require(name, found, message)
        };
        // One of the listed users, by id.
        let user_in = |list: &[(UserId, String)], v: &str| {
            list.iter()
                .find(|(id, _)| id.0.to_string() == v)
                .map(|(id, _)| *id)
        };
        let delegate = |input: &mut Input<'_>| {
            let m = tr.t("step-field-decided-by-missing");
            input.pick("decided_by", m, |v| user_in(&self.delegates, v))
        };

        let command = match step {
            Step::SafetyAssessment => {
                let report = item(input);
                let needed = input.yes_no("immediate_protection_needed");
                CaseCommand::AssessSafety {
                    report: report?,
                    immediate_protection_needed: needed?,
                    notes: input.raw("notes"),
                }
            }
            Step::PreAssessment => {
                let report = item(input);
                let outcome = input.choice("outcome", PreAssessmentOutcome::from_code)?;
                CaseCommand::DecidePreAssessment {
                    report: report?,
                    outcome,
                    reasoning: input.raw("reasoning"),
                    investigation: (outcome == PreAssessmentOutcome::OpenInvestigation)
                        .then(ItemId::new_random),
                }
            }
            Step::PreAssessmentExtension => {
                let report = item(input);
                let new_due = input.date("new_due");
                CaseCommand::ExtendPreAssessment {
                    report: report?,
                    exceptional_reasons: input.raw("exceptional_reasons"),
                    new_due: new_due?,
                }
            }
            Step::InformReporter => CaseCommand::InformReporter {
                report: item(input)?,
            },
            Step::InvestigationExtension => {
                let investigation = item(input);
                let new_due = input.date("new_due");
                CaseCommand::ExtendInvestigation {
                    investigation: investigation?,
                    reason: input.raw("reason"),
                    new_due: new_due?,
                }
            }
            Step::InvestigationClosing => {
                let investigation = item(input);
                let outcome = input.choice("outcome", InvestigationOutcome::from_code);
                CaseCommand::CloseInvestigation {
                    investigation: investigation?,
                    outcome: outcome?,
                }
            }
            Step::Decision => {
                let kind = input.choice("kind", DecisionKind::from_code);
                let basis = input.choice("legal_basis", LegalBasis::from_code);
                let m = tr.t("form-choose-one");
                let intervention_kind =
                    input.optional_pick("intervention_kind", m, InterventionKind::from_code);
                let favourable = input.yes_no("favourable");
                let decided_by = delegate(input);
                CaseCommand::TakeDecision {
                    decision: ItemId::new_random(),
                    kind: kind?,
                    legal_basis: basis?,
                    intervention_kind: intervention_kind?,
                    favourable: favourable?,
                    decided_by: decided_by?,
                    text: input.raw("text"),
                }
            }
            Step::InterventionStart => {
                let without =
                    input.text("decision") == NO_DECISION && self.case.state.has_active_removal();
                let decision = if without {
                    Some(None)
                } else {
                    item(input).map(Some)
                };
                let kind = input.choice("kind", InterventionKind::from_code);
                let provider = input.choice("provider", ProviderKind::from_code);
                let price = input.kronor("price_per_day");
                CaseCommand::StartIntervention {
                    intervention: ItemId::new_random(),
                    decision: decision?,
                    kind: kind?,
                    provider: provider?,
                    provider_name: input.text("provider_name"),
                    price_per_day: price?,
                }
            }
            Step::InterventionEnd => {
                let intervention = item(input);
                let reason = input.choice("reason", InterventionEndReason::from_code);
                CaseCommand::EndIntervention {
                    intervention: intervention?,
                    reason: reason?,
                }
            }
            Step::EmergencyRemoval => {
                let basis = input.choice("legal_basis", LegalBasis::from_code);
                let decided_by = delegate(input);
                let executed_on = input.date("executed_on");
                CaseCommand::DecideEmergencyRemoval {
                    removal: ItemId::new_random(),
                    legal_basis: basis?,
                    decided_by: decided_by?,
                    executed_on: executed_on?,
                }
            }
            Step::EmergencyRemovalReferral => CaseCommand::ReferEmergencyRemoval {
                removal: item(input)?,
            },
            Step::CareApplication => CaseCommand::SubmitCareApplication {
                removal: item(input)?,
            },
            Step::EmergencyRemovalEnd => CaseCommand::EndEmergencyRemoval {
                removal: item(input)?,
            },
            Step::Review => {
                let intervention = item(input);
                let kind = input.choice("kind", ReviewKind::from_code);
                let continues = input.yes_no("care_continues");
                CaseCommand::HoldReview {
                    intervention: intervention?,
                    kind: kind?,
                    care_continues: continues?,
                    notes: input.raw("notes"),
                }
            }
            Step::FollowUpPlan => CaseCommand::PlanFollowUp {
                follow_up: ItemId::new_random(),
                planned_on: input.date("planned_on")?,
            },
            Step::FollowUpCompletion => CaseCommand::CompleteFollowUp {
                follow_up: item(input)?,
                notes: input.raw("notes"),
            },
            Step::CaseClosing => CaseCommand::CloseCase {
                reason: input.choice("reason", ClosureReason::from_code)?,
            },
            Step::Reassign => {
                let m = tr.t("form-choose-one");
                let caseworker =
                    input.optional_pick("caseworker", m, |v| user_in(&self.colleagues, v));
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
    /// Letters to download before the step is recorded (the feedback
    /// letter to the reporter: `pages/feedback.rs`).
    letters: Vec<(String, String)>,
    /// The report(s) the step is about, as the case file shows them.
    items: Vec<crate::pages::case_file::FileItem>,
    /// The case file.
    file_href: String,
}

/// The reports a step is about: a report's step its report(s); an
/// investigation's step the reports the investigation is based on; a
/// decision the reports of the latest investigation.
fn concerned_reports(step: Step, s: &CaseState) -> Vec<ItemId> {
    let mut out = Vec::new();
    match step.item_field() {
        Some("report") | Some("investigation") => {
            for item in Step::items(step, s) {
                match item {
                    StepItem::Report(r) => out.push(r.id),
                    StepItem::Investigation(i) => out.extend(i.reports.iter().copied()),
                    _ => {}
                }
            }
        }
        _ if step == Step::Decision => {
            if let Some(i) = s.investigations.last() {
                out.extend(i.reports.iter().copied());
            }
        }
        _ => {}
    }
    out
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
    let heading = tr.t(&format!("step-{}-title", step.slug()));
    let shown = Shown::new(tr, &heading, &ctx.fields(step), data, errors);
    let available = step.is_possible(&ctx.case.state);
    let reports = concerned_reports(step, &ctx.case.state);
    let file_href = format!("{}/file", ctx.case.href());
    let items = if reports.is_empty() {
        Vec::new()
    } else {
        let names = crate::pages::case_file::Names {
            users: &ctx.names,
            whereabouts: ctx.case.whereabouts,
            child_protected: ctx.case.child.protected,
        };
        crate::pages::case_file::report_items(tr, &ctx.case.events, &reports, &names, &file_href)
    };
    let page = StepPage {
        l: Layout::new(tr, ctx.user, shown.title, Section::None),
        heading,
        intro: tr.t(&format!("step-{}-intro", step.slug())),
        case_href: ctx.case.href(),
        child_name: ctx.case.child.name.clone(),
        action: step.path().replace("{id}", &ctx.case.id.to_string()),
        csrf: ctx.user.csrf.clone(),
        version,
        fields: shown.fields,
        summary: shown.summary,
        submit: if step.reviewed() {
            tr.t("step-check-next")
        } else {
            tr.t(&format!("step-{}-submit", step.slug()))
        },
        unavailable: (!available && errors.is_empty()).then(|| tr.t("step-unavailable")),
        letters: if step == Step::InformReporter {
            crate::pages::feedback::letters(tr, ctx.case.id, &ctx.case.state)
        } else {
            Vec::new()
        },
        items,
        file_href,
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

/// `POST /cases/{id}/<step>`: read the form ([`read`]: duplicates, the
/// version, the confirmation), let [`decide`] check the command, and
/// append its events at the version the form was shown at.
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
    let fields = ctx.fields(step);
    if step.reviewed() && data.get("action") == "edit" {
        // "Ändra" on the review: the form again with everything typed, at
        // the version it was first shown at (a change by someone else
        // meanwhile is still caught when it is sent).
        let version = data.trimmed("version").parse().unwrap_or(current);
        return render(step, &ctx, &data, &Errors::new(), version, StatusCode::OK);
    }
    let again = |r: Refused, version: u64| render(step, &ctx, &data, &r.errors, version, r.status);
    let (command, on) = match read(tr, &fields, &data, Some(current), |input| {
        ctx.command(step, input)
    }) {
        Ok(parsed) => parsed,
        Err(r) => return again(r, current),
    };
    let events = match decide(&case.state, &command, on, ctx.today) {
        Ok(events) => events,
        Err(refusal) => {
            let mut errors = Errors::new();
            let present = |name: &str| fields.iter().any(|f| f.name == name);
            errors.refusal(&refusal, &present, &|_| None);
            return again(Refused::new(errors), current);
        }
    };
    // A reviewed step: every field read and the command decided, nothing
    // stored yet. The review shows what will be; "Bekräfta och spara" sends
    // the same values again (hidden), and they are read, checked against
    // the version and decided again here before anything is stored.
    if step.reviewed() && data.get("confirmed") != "1" {
        return review(step, &ctx, &fields, &data);
    }
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
    if let Err(e) = state.store().append(case.id, current, events).await {
        // Someone else recorded something meanwhile (shown at the new
        // version), the database too busy, or a refusal of the store: on
        // the form, with what was typed.
        let version = match e {
            StoreError::Conflict { .. } => state.store().case_version(case.id).await?,
            _ => current,
        };
        return again(Refused::store(tr, e)?, version);
    }
    tracing::info!(user_id = %user.id, case = %case.id, step = step.slug(), "case step recorded");
    Ok(redirect(&format!("{}?done={}", case.href(), step.slug())))
}

/// A line of a step's review: a field's label and what will be stored.
struct ReviewLine {
    label: String,
    value: String,
    /// Free text, shown with its line breaks.
    long: bool,
}

#[derive(Template)]
#[template(path = "step_review.html")]
struct StepReviewPage {
    l: Layout,
    heading: String,
    case_href: String,
    child_name: String,
    action: String,
    csrf: String,
    /// Every submitted value (the version too), sent again on confirming.
    hidden: Vec<(String, String)>,
    lines: Vec<ReviewLine>,
}

/// What a field will store, as the user chose it: the option's label for
/// a choice, the text for the rest, "(inget angivet)" for nothing.
fn review_value(tr: Tr, f: &FieldView) -> String {
    let chosen: Vec<&str> = f
        .options
        .iter()
        .filter(|o| o.selected)
        .map(|o| o.label.as_str())
        .collect();
    let text = match f.kind {
        "fixed" => f.fixed_text.clone(),
        "select" | "radios" | "checkboxes" => chosen.join(", "),
        "checkbox" => {
            if f.value.is_empty() {
                tr.t("form-no")
            } else {
                tr.t("form-yes")
            }
        }
        _ => f.value.trim().to_string(),
    };
    if text.trim().is_empty() {
        tr.t("step-check-empty")
    } else {
        text
    }
}

/// "Kontrollera dina uppgifter": the step's every field as it will be
/// stored, with "Bekräfta och spara" and "Ändra".
fn review(step: Step, ctx: &Ctx<'_>, fields: &[Field], data: &FormData) -> Result<Response, WebError> {
    let tr = ctx.tr;
    let heading = tr.t(&format!("step-{}-title", step.slug()));
    let lines = crate::forms::views(fields, data, &Errors::new())
        .iter()
        .filter(|f| f.kind != "confirm")
        .map(|f| ReviewLine {
            label: f.label.clone(),
            value: review_value(tr, f),
            long: f.kind == "textarea",
        })
        .collect();
    let hidden = data
        .pairs()
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "csrf" | "action" | "confirmed"))
        .cloned()
        .collect();
    let title = format!("{}: {heading}", tr.t("step-check-title"));
    let page = StepReviewPage {
        l: Layout::new(tr, ctx.user, title, Section::None),
        heading,
        case_href: ctx.case.href(),
        child_name: ctx.case.child.name.clone(),
        action: step.path().replace("{id}", &ctx.case.id.to_string()),
        csrf: ctx.user.csrf.clone(),
        hidden,
        lines,
    };
    html_status(StatusCode::OK, &page)
}

fn redirect(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, to.to_string())]).into_response()
}

/// Register the routes of every step: `GET` and `POST` on [`Step::path`].
pub(crate) fn routes(mut routes: crate::routes::Routes) -> crate::routes::Routes {
    for step in Step::ALL {
        let access = Access::Requires(step.permission());
        routes = routes
            .get(
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
            .post(
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
    /// How the button looks: `primary` for the step the first deadline
    /// asks for, `danger` for drastic steps (emergency removal, closing the
    /// case), `secondary` for the rest.
    pub class: &'static str,
}

/// Drastic steps: shown last and apart, and confirmed on their forms.
fn drastic(s: Step) -> bool {
    matches!(s, Step::EmergencyRemoval | Step::CaseClosing)
}

/// The steps the case's state makes possible, for this user: first the
/// step the earliest deadline asks for (primary), then the routine steps
/// in the order a case goes, the drastic ones last.
pub fn next_steps(
    tr: Tr,
    user: &CurrentUser,
    case: CaseId,
    state: &CaseState,
    today: Date,
) -> Vec<StepLink> {
    let due = tillit_domain::deadline::deadlines(state, today)
        .into_iter()
        .min_by_key(|d| (d.planning_date, d.legal_date))
        .and_then(|d| step_for_deadline(d.kind.code()));
    let mut out: Vec<(u8, StepLink)> = Step::ALL
        .into_iter()
        .filter(|s| allowed(user.role, s.permission()) && s.is_possible(state))
        .map(|s| {
            let mut href = s.path().replace("{id}", &case.to_string());
            if let Some(name) = s.item_field() {
                let items = s.labelled_items(state, tr, false);
                if items.len() == 1 && items[0].0 != NO_DECISION {
                    href = format!("{href}?{name}={}", items[0].0);
                }
            }
            let (rank, class) = if drastic(s) {
                (2, "danger")
            } else if Some(s) == due {
                (0, "primary")
            } else {
                (1, "secondary")
            };
            (
                rank,
                StepLink {
                    href,
                    label: tr.t(&format!("step-{}-title", s.slug())),
                    class,
                },
            )
        })
        .collect();
    out.sort_by_key(|(rank, _)| *rank);
    out.into_iter().map(|(_, l)| l).collect()
}

/// The step that clears a deadline of `kind_code`.
fn step_for_deadline(kind_code: &str) -> Option<Step> {
    Some(match kind_code {
        "safety_assessment" => Step::SafetyAssessment,
        "pre_assessment" => Step::PreAssessment,
        "reporter_feedback" => Step::InformReporter,
        "investigation_end" => Step::InvestigationClosing,
        "consideration" | "reconsideration" | "custody_transfer" => Step::Review,
        "unexecuted_decision" => Step::InterventionStart,
        "emergency_foster_home_limit" => Step::InterventionEnd,
        "emergency_removal_referral" => Step::EmergencyRemovalReferral,
        "care_application" => Step::CareApplication,
        "follow_up" => Step::FollowUpCompletion,
        _ => return None,
    })
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
                if s.reviewed() {
                    assert!(s.irreversible(), "{s:?}");
                }
                if s.irreversible() && !s.reviewed() {
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
