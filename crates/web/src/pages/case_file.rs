//! The case file (akten): every recorded step of a case in the order it
//! happened, each as what was recorded (who, when, what and why: the
//! report's text and reporter, the concerns, the reasoning of the
//! skyddsbedömning and förhandsbedömning, the reasons for extensions, the
//! decisions with motivation, legal basis and delegate, the interventions
//! with provider and dates, the reviews), the signed journal interleaved,
//! a correction shown beside the entry it corrects.
//!
//! - `GET /cases/{id}/file?kind=...`: the file, filtered by kind (the
//!   filter is in the URL; every item has an anchor, `#e{version}`).
//! - `GET /cases/{id}/file/extract?recipient=...&withhold=...&kind=...`:
//!   a printable extract (PDF) for a party's access to the file
//!   (partsinsyn) or for the administrative court, with what is secret from
//!   the recipient marked and, when asked, left out (a reporter's identity,
//!   26 kap. 5 § OSL; a protected child's whereabouts, 26 kap. 2 § OSL).
//!   Every extract is written to the access log (kind `export`, `detail`
//!   says the recipient and what was left out) before it is sent.
//!
//! Access is the case page's ([`crate::access::read_case`]: need-to-know,
//! the read logged first). A protected child's texts and whereabouts are
//! shown only to those who see the child ([`shows_whereabouts`]): for
//! anyone else every free text is withheld, as on the self-audit's read.
//! An extract is made only by those who may write in the case and see the
//! child (never through emergency access).

use crate::AppState;
use crate::audit::{Reader, log_reads};
use crate::error::WebError;
use crate::forms::FormData;
use crate::i18n::Tr;
use crate::permissions::{may_write_case, sees_protected_in_case, shows_whereabouts};
use crate::session::CurrentUser;
use crate::time::format_timestamp;
use crate::view::{Layout, PersonView, Section, html};
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use tillit_domain::case::{CaseEvent, RecordedEvent, Reporter};
use tillit_domain::catalog::InterventionKind;
use tillit_domain::{ItemId, UserId};
use tillit_reports::case_file::{Extract, ExtractField, ExtractItem, ExtractValue};
use tillit_store::AccessKind;

/// The kinds of the file's items, the filter's choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// Reports (aktualiseringar) and what was done with them.
    Report,
    /// Skyddsbedömning and förhandsbedömning.
    Assessment,
    Investigation,
    /// Decisions, emergency removals and their court steps.
    Decision,
    /// Interventions, reviews and follow-ups.
    Intervention,
    Journal,
    /// Opened, assigned, closed.
    Case,
}

impl FileKind {
    pub const ALL: [FileKind; 7] = [
        FileKind::Report,
        FileKind::Assessment,
        FileKind::Investigation,
        FileKind::Decision,
        FileKind::Intervention,
        FileKind::Journal,
        FileKind::Case,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Report => "report",
            Self::Assessment => "assessment",
            Self::Investigation => "investigation",
            Self::Decision => "decision",
            Self::Intervention => "intervention",
            Self::Journal => "journal",
            Self::Case => "case",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The kind an event is filed under.
    pub fn of(e: &CaseEvent) -> FileKind {
        use CaseEvent::*;
        match e {
            ReportReceived { .. } | ReporterInformed { .. } | ReportAddedToInvestigation { .. } => {
                Self::Report
            }
            SafetyAssessed { .. } | PreAssessmentExtended { .. } | PreAssessmentDecided { .. } => {
                Self::Assessment
            }
            InvestigationOpened { .. }
            | InvestigationExtended { .. }
            | InvestigationClosed { .. } => Self::Investigation,
            DecisionTaken { .. }
            | EmergencyRemovalDecided { .. }
            | EmergencyRemovalReferred { .. }
            | CareApplicationSubmitted { .. }
            | EmergencyRemovalEnded { .. } => Self::Decision,
            InterventionStarted { .. }
            | InterventionEnded { .. }
            | ReviewHeld { .. }
            | FollowUpPlanned { .. }
            | FollowUpCompleted { .. } => Self::Intervention,
            JournalEntrySigned { .. } => Self::Journal,
            CaseOpened { .. } | CaseAssigned { .. } | CaseClosed { .. } => Self::Case,
        }
    }
}

/// What may be secret from the recipient of an extract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Secret {
    /// The reporter's name and contact (26 kap. 5 § OSL).
    ReporterIdentity,
    /// A protected child's whereabouts: the placement's kind and provider
    /// (26 kap. 2 § OSL).
    Whereabouts,
}

impl Secret {
    pub const ALL: [Secret; 2] = [Secret::ReporterIdentity, Secret::Whereabouts];

    pub fn code(self) -> &'static str {
        match self {
            Self::ReporterIdentity => "reporter",
            Self::Whereabouts => "whereabouts",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The ground as printed beside a marked or left-out value.
    pub fn ground(self, tr: Tr) -> String {
        tr.t(&format!("file-secret-{}", self.code()))
    }
}

/// A labelled value of an item.
#[derive(Clone, Debug)]
pub struct FileField {
    pub label: String,
    pub value: String,
    /// A free text (kept in lines).
    pub long: bool,
    /// A link to the item this one refers to.
    pub href: Option<String>,
    /// Secret from a party (marked on screen, left out of an extract when
    /// asked).
    pub secret: Option<Secret>,
    /// [`Secret::ground`], for the page.
    pub secret_label: String,
}

/// A correction of a journal entry, shown beside it.
#[derive(Clone, Debug)]
pub struct Correction {
    pub href: String,
    pub at: String,
    pub by: String,
    pub text: String,
}

/// One recorded step.
#[derive(Clone, Debug)]
pub struct FileItem {
    /// The anchor (`e{version}`).
    pub anchor: String,
    pub kind: FileKind,
    pub kind_label: String,
    pub title: String,
    pub occurred_on: String,
    pub recorded_by: String,
    pub recorded_at: String,
    pub fields: Vec<FileField>,
    /// Later entries that correct this one.
    pub corrections: Vec<Correction>,
    /// The entry this one corrects: (link, label).
    pub corrects: Option<(String, String)>,
}

/// What the items are built from besides the events.
pub struct Names<'a> {
    pub users: &'a HashMap<UserId, String>,
    /// The reader may see where the (protected) child is and the free texts
    /// ([`shows_whereabouts`]).
    pub whereabouts: bool,
    /// The child is protected: a placement's kind and provider are secret
    /// from the parents.
    pub child_protected: bool,
}

impl Names<'_> {
    fn user(&self, tr: Tr, u: UserId) -> String {
        self.users
            .get(&u)
            .cloned()
            .unwrap_or_else(|| tr.t1("user-unknown", "id", u.0.to_string()))
    }
}

struct Builder<'a> {
    tr: Tr,
    n: &'a Names<'a>,
    /// Link base: "" on the file itself, `/cases/{id}/file` elsewhere.
    base: String,
    /// What an item id refers to: (anchor, short label).
    refs: HashMap<ItemId, (String, String)>,
}

impl Builder<'_> {
    fn field(&self, label_key: &str, value: String) -> FileField {
        FileField {
            label: self.tr.t(label_key),
            value,
            long: false,
            href: None,
            secret: None,
            secret_label: String::new(),
        }
    }

    /// A free text; withheld from a reader who may not see the child.
    fn text(&self, label_key: &str, text: &str) -> FileField {
        let mut f = self.field(label_key, String::new());
        if !self.n.whereabouts {
            f.value = self.tr.t("file-text-withheld");
        } else if text.trim().is_empty() {
            f.value = self.tr.t("file-text-empty");
        } else {
            f.value = text.to_string();
            f.long = true;
        }
        f
    }

    fn secret(&self, mut f: FileField, s: Secret) -> FileField {
        f.secret = Some(s);
        f.secret_label = s.ground(self.tr);
        f
    }

    fn refers(&self, label_key: &str, item: ItemId) -> FileField {
        let (value, href) = match self.refs.get(&item) {
            Some((anchor, label)) => (label.clone(), Some(format!("{}#{anchor}", self.base))),
            None => (self.tr.t("unknown"), None),
        };
        let mut f = self.field(label_key, value);
        f.href = href;
        f
    }

    fn yes_no(&self, b: bool) -> String {
        self.tr.t(if b { "form-yes" } else { "form-no" })
    }

    fn intervention_kind(&self, k: InterventionKind) -> String {
        if !self.n.whereabouts && k.is_placement() {
            self.tr.t("step-item-placement-hidden")
        } else {
            self.tr.label("cat-intervention", k.code(), k.label())
        }
    }

    fn reporter(&self, r: &Reporter, fields: &mut Vec<FileField>) {
        let tr = self.tr;
        fields.push(self.field(
            "file-reporter-category",
            tr.label("cat-reporter", r.category.code(), r.category.label()),
        ));
        if r.anonymous {
            fields.push(self.field("file-reporter", tr.t("file-reporter-anonymous")));
        } else {
            let name = r.name.clone().filter(|s| !s.trim().is_empty());
            let contact = r.contact.clone().filter(|s| !s.trim().is_empty());
            let f = self.field(
                "file-reporter",
                name.unwrap_or_else(|| tr.t("file-not-given")),
            );
            fields.push(self.secret(f, Secret::ReporterIdentity));
            if let Some(c) = contact {
                let f = self.field("file-reporter-contact", c);
                fields.push(self.secret(f, Secret::ReporterIdentity));
            }
        }
        fields.push(self.field("file-wants-feedback", self.yes_no(r.wants_feedback)));
    }

    fn fields(&self, e: &RecordedEvent) -> Vec<FileField> {
        use CaseEvent::*;
        let tr = self.tr;
        let mut f = Vec::new();
        match &e.event {
            CaseOpened { .. } => {}
            ReportReceived {
                kind,
                received_at,
                reporter,
                concerns,
                siblings,
                summary,
                ..
            } => {
                f.push(self.field(
                    "file-report-kind",
                    tr.label("cat-report-kind", kind.code(), kind.label()),
                ));
                f.push(self.field(
                    "file-received-at",
                    received_at.strftime("%Y-%m-%d %H:%M").to_string(),
                ));
                self.reporter(reporter, &mut f);
                let concerns: Vec<String> = concerns
                    .iter()
                    .map(|c| tr.label("cat-concern", c.code(), c.label()))
                    .collect();
                f.push(self.field(
                    "file-concerns",
                    if concerns.is_empty() {
                        tr.t("file-not-given")
                    } else {
                        concerns.join(", ")
                    },
                ));
                if !siblings.is_empty() {
                    f.push(self.field(
                        "file-siblings",
                        tr.n("file-siblings-count", siblings.len()),
                    ));
                }
                f.push(self.text("file-report-text", summary));
            }
            SafetyAssessed {
                report,
                immediate_protection_needed,
                notes,
            } => {
                f.push(self.refers("file-concerns-report", *report));
                f.push(self.field(
                    "file-protection-needed",
                    self.yes_no(*immediate_protection_needed),
                ));
                f.push(self.text("file-assessment", notes));
            }
            PreAssessmentExtended {
                report,
                exceptional_reasons,
                new_due,
            } => {
                f.push(self.refers("file-concerns-report", *report));
                f.push(self.field("file-new-due", new_due.to_string()));
                f.push(self.text("file-exceptional-reasons", exceptional_reasons));
            }
            PreAssessmentDecided {
                report,
                outcome,
                reasoning,
            } => {
                f.push(self.refers("file-concerns-report", *report));
                f.push(self.field(
                    "file-outcome",
                    tr.t(&format!("file-pre-{}", outcome.code())),
                ));
                f.push(self.text("file-reasoning", reasoning));
            }
            ReportAddedToInvestigation {
                report,
                investigation,
            } => {
                f.push(self.refers("file-concerns-report", *report));
                f.push(self.refers("file-investigation", *investigation));
            }
            ReporterInformed { report } => {
                f.push(self.refers("file-concerns-report", *report));
            }
            InvestigationOpened { reports, .. } => {
                for r in reports {
                    f.push(self.refers("file-based-on", *r));
                }
            }
            InvestigationExtended {
                investigation,
                reason,
                new_due,
            } => {
                f.push(self.refers("file-investigation", *investigation));
                f.push(self.field("file-new-due", new_due.to_string()));
                f.push(self.text("file-extension-reason", reason));
            }
            InvestigationClosed {
                investigation,
                outcome,
            } => {
                f.push(self.refers("file-investigation", *investigation));
                f.push(self.field(
                    "file-outcome",
                    tr.label(
                        "cat-investigation-outcome",
                        outcome.code(),
                        outcome.label(),
                    ),
                ));
            }
            DecisionTaken {
                kind,
                legal_basis,
                intervention_kind,
                favourable,
                decided_by,
                decided_on,
                text,
                ..
            } => {
                f.push(self.field(
                    "file-decision-kind",
                    tr.label("cat-decision-kind", kind.code(), kind.label()),
                ));
                f.push(self.field(
                    "file-legal-basis",
                    tr.label("cat-legal-basis", legal_basis.code(), legal_basis.label()),
                ));
                if let Some(k) = intervention_kind {
                    f.push(self.field("file-intervention-kind", self.intervention_kind(*k)));
                }
                f.push(self.field("file-favourable", self.yes_no(*favourable)));
                f.push(self.field("file-decided-by", self.n.user(tr, *decided_by)));
                f.push(self.field("file-decided-on", decided_on.to_string()));
                f.push(self.text("file-motivation", text));
            }
            InterventionStarted {
                decision,
                kind,
                provider,
                provider_name,
                start,
                ..
            } => {
                if let Some(d) = decision {
                    f.push(self.refers("file-decision", *d));
                }
                let mut k = self.field("file-intervention-kind", self.intervention_kind(*kind));
                if self.n.child_protected && kind.is_placement() {
                    k = self.secret(k, Secret::Whereabouts);
                }
                f.push(k);
                if self.n.whereabouts {
                    let mut p = self.field(
                        "file-provider",
                        format!(
                            "{}{}",
                            tr.label("cat-provider", provider.code(), provider.label()),
                            if provider_name.trim().is_empty() {
                                String::new()
                            } else {
                                format!(": {provider_name}")
                            }
                        ),
                    );
                    if self.n.child_protected {
                        p = self.secret(p, Secret::Whereabouts);
                    }
                    f.push(p);
                }
                f.push(self.field("file-start", start.to_string()));
            }
            InterventionEnded {
                intervention,
                end,
                reason,
            } => {
                f.push(self.refers("file-intervention", *intervention));
                f.push(self.field("file-end", end.to_string()));
                f.push(self.field(
                    "file-end-reason",
                    tr.label("cat-end-reason", reason.code(), reason.label()),
                ));
            }
            EmergencyRemovalDecided {
                legal_basis,
                decided_by,
                decided_on,
                executed_on,
                ..
            } => {
                f.push(self.field(
                    "file-legal-basis",
                    tr.label("cat-legal-basis", legal_basis.code(), legal_basis.label()),
                ));
                f.push(self.field("file-decided-by", self.n.user(tr, *decided_by)));
                f.push(self.field("file-decided-on", decided_on.to_string()));
                f.push(self.field("file-executed-on", executed_on.to_string()));
            }
            EmergencyRemovalReferred { removal, on }
            | CareApplicationSubmitted { removal, on }
            | EmergencyRemovalEnded { removal, on } => {
                f.push(self.refers("file-removal", *removal));
                f.push(self.field("file-on", on.to_string()));
            }
            ReviewHeld {
                intervention,
                kind,
                held_on,
                care_continues,
                notes,
            } => {
                f.push(self.refers("file-intervention", *intervention));
                f.push(self.field(
                    "file-review-kind",
                    tr.label("cat-review-kind", kind.code(), kind.label()),
                ));
                f.push(self.field("file-held-on", held_on.to_string()));
                f.push(self.field("file-care-continues", self.yes_no(*care_continues)));
                f.push(self.text("file-notes", notes));
            }
            FollowUpPlanned {
                from, planned_on, ..
            } => {
                f.push(self.field("file-follow-up-from", from.to_string()));
                f.push(self.field("file-planned-on", planned_on.to_string()));
            }
            FollowUpCompleted {
                follow_up,
                on,
                notes,
            } => {
                f.push(self.refers("file-follow-up", *follow_up));
                f.push(self.field("file-on", on.to_string()));
                f.push(self.text("file-notes", notes));
            }
            CaseAssigned { caseworker, .. } => {
                f.push(self.field(
                    "file-caseworker",
                    caseworker
                        .map(|u| self.n.user(tr, u))
                        .unwrap_or_else(|| tr.t("case-unassigned")),
                ));
            }
            CaseClosed { reason, on } => {
                f.push(self.field(
                    "file-closure-reason",
                    tr.label("cat-closure", reason.code(), reason.label()),
                ));
                f.push(self.field("file-on", on.to_string()));
            }
            JournalEntrySigned { text, .. } => {
                f.push(self.text("file-journal-text", text));
            }
        }
        f
    }
}

/// The short label of what an event creates, for links to it.
fn ref_label(tr: Tr, e: &RecordedEvent, whereabouts: bool) -> Option<(ItemId, String)> {
    use CaseEvent::*;
    Some(match &e.event {
        ReportReceived {
            report,
            received_at,
            reporter,
            ..
        } => (
            *report,
            tr.t1(
                "step-item-report",
                "when",
                format!(
                    "{}, {}",
                    received_at.strftime("%Y-%m-%d %H:%M"),
                    tr.label(
                        "cat-reporter",
                        reporter.category.code(),
                        reporter.category.label()
                    )
                ),
            ),
        ),
        InvestigationOpened { investigation, .. } => (
            *investigation,
            tr.t1("step-item-investigation", "date", e.occurred_on.to_string()),
        ),
        DecisionTaken {
            decision,
            kind,
            decided_on,
            ..
        } => (
            *decision,
            format!(
                "{} {decided_on}",
                tr.label("cat-decision-kind", kind.code(), kind.label())
            ),
        ),
        InterventionStarted {
            intervention,
            kind,
            start,
            ..
        } => {
            let k = if !whereabouts && kind.is_placement() {
                tr.t("step-item-placement-hidden")
            } else {
                tr.label("cat-intervention", kind.code(), kind.label())
            };
            (*intervention, format!("{k} {start}"))
        }
        EmergencyRemovalDecided {
            removal,
            decided_on,
            ..
        } => (
            *removal,
            tr.t1("step-item-removal", "date", decided_on.to_string()),
        ),
        FollowUpPlanned {
            follow_up,
            planned_on,
            ..
        } => (
            *follow_up,
            tr.t1("step-item-follow-up", "date", planned_on.to_string()),
        ),
        JournalEntrySigned { entry, .. } => (
            *entry,
            tr.t1(
                "file-journal-entry-of",
                "at",
                format_timestamp(e.recorded_at),
            ),
        ),
        _ => return None,
    })
}

/// Every event of the case as an item of the file, in the order recorded,
/// corrections attached to the entries they correct. `base` is the link
/// base for references ("" on the file's own page).
pub fn build_items(tr: Tr, events: &[RecordedEvent], n: &Names<'_>, base: &str) -> Vec<FileItem> {
    let mut refs = HashMap::new();
    for e in events {
        if let Some((id, label)) = ref_label(tr, e, n.whereabouts) {
            refs.insert(id, (format!("e{}", e.version), label));
        }
    }
    let b = Builder {
        tr,
        n,
        base: base.to_string(),
        refs,
    };
    let mut items: Vec<FileItem> = events
        .iter()
        .map(|e| {
            let kind = FileKind::of(&e.event);
            FileItem {
                anchor: format!("e{}", e.version),
                kind,
                kind_label: tr.t(&format!("file-kind-{}", kind.code())),
                title: tr.label("event", e.event.type_name(), e.event.label()),
                occurred_on: e.occurred_on.to_string(),
                recorded_by: n.user(tr, e.recorded_by),
                recorded_at: format_timestamp(e.recorded_at),
                fields: b.fields(e),
                corrections: Vec::new(),
                corrects: None,
            }
        })
        .collect();
    // Corrections beside what they correct (both ways linked).
    for (i, e) in events.iter().enumerate() {
        if let CaseEvent::JournalEntrySigned {
            corrects: Some(old),
            text,
            ..
        } = &e.event
            && let Some((anchor, label)) = b.refs.get(old).cloned()
        {
            items[i].corrects = Some((format!("{base}#{anchor}"), label));
            if let Some(target) = items.iter_mut().find(|it| it.anchor == anchor) {
                target.corrections.push(Correction {
                    href: format!("{base}#e{}", e.version),
                    at: format_timestamp(e.recorded_at),
                    by: n.user(tr, e.recorded_by),
                    text: if n.whereabouts {
                        text.clone()
                    } else {
                        tr.t("file-text-withheld")
                    },
                });
            }
        }
    }
    items
}

/// The reports a step's form is about, as the file shows them (for
/// `step.html`): those `reports` among the case's events.
pub(crate) fn report_items(
    tr: Tr,
    events: &[RecordedEvent],
    reports: &[ItemId],
    n: &Names<'_>,
    base: &str,
) -> Vec<FileItem> {
    let items = build_items(tr, events, n, base);
    events
        .iter()
        .zip(items)
        .filter(|(e, _)| {
            matches!(&e.event, CaseEvent::ReportReceived { report, .. } if reports.contains(report))
        })
        .map(|(_, i)| i)
        .collect()
}

/// The users' display names.
pub(crate) async fn user_names(state: &AppState) -> Result<HashMap<UserId, String>, WebError> {
    Ok(state
        .store()
        .users()
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

/// A filter choice.
pub struct KindChoice {
    pub code: &'static str,
    pub label: String,
    pub count: usize,
    pub checked: bool,
}

/// A recipient of an extract.
pub struct RecipientChoice {
    pub code: &'static str,
    pub label: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "case_file.html")]
struct FilePage {
    l: Layout,
    child: PersonView,
    case_href: String,
    file_href: String,
    kinds: Vec<KindChoice>,
    /// The kinds chosen (empty: all).
    chosen: Vec<&'static str>,
    items: Vec<FileItem>,
    total: usize,
    /// The extract form (`None` for a reader who may not make one).
    extract: Option<ExtractForm>,
    /// Free texts are withheld from this reader (a protected child).
    withheld: bool,
}

struct ExtractForm {
    action: String,
    recipients: Vec<RecipientChoice>,
    secrets: Vec<KindChoice>,
}

/// The kinds asked for in a query (`kind=...`, repeated); unknown values
/// are ignored.
fn chosen_kinds(q: &FormData) -> Vec<FileKind> {
    let mut out: Vec<FileKind> = q
        .all("kind")
        .into_iter()
        .filter_map(FileKind::from_code)
        .collect();
    out.dedup();
    out
}

/// `GET /cases/{id}/file`.
pub async fn file_page(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    crate::request::ClientAddr(addr): crate::request::ClientAddr,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    let opened = match crate::access::read_case(&state, tr, &user, &addr, &id).await? {
        crate::access::CaseAccess::Granted(opened) => *opened,
        crate::access::CaseAccess::Refused(not_found) => return Ok(not_found),
    };
    let q = FormData::parse(query.unwrap_or_default().as_bytes());
    let chosen = chosen_kinds(&q);
    let who = user.subject();
    let protected = opened.child.as_ref().is_none_or(|p| p.protected);
    let whereabouts = shows_whereabouts(who, opened.scope, protected);
    let events = state.store().load_case(opened.summary.id).await?;
    let users = user_names(&state).await?;
    let names = Names {
        users: &users,
        whereabouts,
        child_protected: protected,
    };
    let all = build_items(tr, &events, &names, "");
    let kinds = FileKind::ALL
        .into_iter()
        .map(|k| KindChoice {
            code: k.code(),
            label: tr.t(&format!("file-kind-{}", k.code())),
            count: all.iter().filter(|i| i.kind == k).count(),
            checked: chosen.contains(&k),
        })
        .collect();
    let total = all.len();
    let items: Vec<FileItem> = all
        .into_iter()
        .filter(|i| chosen.is_empty() || chosen.contains(&i.kind))
        .collect();
    let child = match &opened.child {
        Some(p) => PersonView::new(tr, p, sees_protected_in_case(who, opened.scope)),
        None => PersonView::missing(tr),
    };
    let case_href = format!("/cases/{}", opened.summary.id);
    let extract = may_extract(&user, &opened, whereabouts).then(|| ExtractForm {
        action: format!("{case_href}/file/extract"),
        recipients: Recipient::ALL
            .into_iter()
            .map(|r| RecipientChoice {
                code: r.code(),
                label: tr.t(&format!("file-recipient-{}", r.code())),
                checked: r == Recipient::Party,
            })
            .collect(),
        secrets: Secret::ALL
            .into_iter()
            .map(|s| KindChoice {
                code: s.code(),
                label: tr.t(&format!("file-withhold-{}", s.code())),
                count: 0,
                checked: true,
            })
            .collect(),
    });
    let mut l = Layout::new(tr, &user, tr.t("file-title"), Section::None);
    l.banner = opened
        .emergency
        .as_ref()
        .map(|g| crate::pages::emergency::banner(tr, g));
    html(&FilePage {
        l,
        child,
        file_href: format!("{case_href}/file"),
        case_href,
        kinds,
        chosen: chosen.iter().map(|k| k.code()).collect(),
        items,
        total,
        extract,
        withheld: !whereabouts,
    })
}

/// Who an extract is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recipient {
    /// A party (the child's guardian, the child), partsinsyn.
    Party,
    /// The administrative court (an LVU matter).
    Court,
}

impl Recipient {
    pub const ALL: [Recipient; 2] = [Recipient::Party, Recipient::Court];

    pub fn code(self) -> &'static str {
        match self {
            Self::Party => "party",
            Self::Court => "court",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// May the user make an extract of this case? Those who may write in it,
/// not through emergency access, and who see the child.
fn may_extract(
    user: &CurrentUser,
    opened: &crate::access::OpenedCase,
    whereabouts: bool,
) -> bool {
    opened.emergency.is_none() && whereabouts && may_write_case(user, &opened.summary)
}

/// The file's items as an extract's, secret values marked or left out.
pub fn extract_items(items: &[FileItem], withhold: &[Secret], tr: Tr) -> Vec<ExtractItem> {
    items
        .iter()
        .map(|i| {
            let mut fields: Vec<ExtractField> = i
                .fields
                .iter()
                .map(|f| ExtractField {
                    label: f.label.clone(),
                    value: match f.secret {
                        Some(s) if withhold.contains(&s) => ExtractValue::Withheld {
                            ground: s.ground(tr),
                        },
                        Some(s) => ExtractValue::Secret {
                            text: f.value.clone(),
                            ground: s.ground(tr),
                        },
                        None => ExtractValue::Text(f.value.clone()),
                    },
                })
                .collect();
            if let Some((_, label)) = &i.corrects {
                fields.push(ExtractField {
                    label: tr.t("file-corrects"),
                    value: ExtractValue::Text(label.clone()),
                });
            }
            for c in &i.corrections {
                fields.push(ExtractField {
                    label: tr.t1("file-corrected-by", "at", c.at.clone()),
                    value: ExtractValue::Text(c.text.clone()),
                });
            }
            ExtractItem {
                heading: i.title.clone(),
                occurred_on: i.occurred_on.clone(),
                recorded: tr.t1(
                    "file-recorded",
                    "who",
                    format!("{}, {}", i.recorded_by, i.recorded_at),
                ),
                fields,
            }
        })
        .collect()
}

/// `GET /cases/{id}/file/extract`: the extract as PDF, logged first.
pub async fn extract(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    crate::request::ClientAddr(addr): crate::request::ClientAddr,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    let opened = match crate::access::read_case(&state, tr, &user, &addr, &id).await? {
        crate::access::CaseAccess::Granted(opened) => *opened,
        crate::access::CaseAccess::Refused(not_found) => return Ok(not_found),
    };
    let who = user.subject();
    let protected = opened.child.as_ref().is_none_or(|p| p.protected);
    let whereabouts = shows_whereabouts(who, opened.scope, protected);
    if !may_extract(&user, &opened, whereabouts) {
        return Err(WebError::Forbidden);
    }
    let q = FormData::parse(query.unwrap_or_default().as_bytes());
    let chosen = chosen_kinds(&q);
    let recipient = Recipient::from_code(q.get("recipient")).unwrap_or(Recipient::Party);
    let mut withhold: Vec<Secret> = q
        .all("withhold")
        .into_iter()
        .filter_map(Secret::from_code)
        .collect();
    withhold.dedup();
    let events = state.store().load_case(opened.summary.id).await?;
    let users = user_names(&state).await?;
    let names = Names {
        users: &users,
        whereabouts,
        child_protected: protected,
    };
    let items: Vec<FileItem> = build_items(tr, &events, &names, "")
        .into_iter()
        .filter(|i| chosen.is_empty() || chosen.contains(&i.kind))
        .collect();
    let Some(child) = opened.child.as_ref() else {
        return Err(WebError::NotFound);
    };
    let unit = state
        .store()
        .units()
        .await?
        .into_iter()
        .find(|u| u.id == opened.summary.unit)
        .map(|u| u.name)
        .unwrap_or_else(|| tr.t("unknown"));
    let today = state.today();
    let kinds_label = if chosen.is_empty() {
        tr.t("file-kind-all")
    } else {
        chosen
            .iter()
            .map(|k| tr.t(&format!("file-kind-{}", k.code())))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let left_out: Vec<String> = withhold.iter().map(|s| s.ground(tr)).collect();
    let doc = Extract {
        title: tr.t("file-extract-title"),
        header: vec![
            (
                tr.t("case-child"),
                format!(
                    "{}, {}",
                    child.full_name(),
                    child.identity_number.clone().unwrap_or_default()
                ),
            ),
            (tr.t("file-case-number"), opened.summary.id.to_string()),
            (tr.t("case-unit"), unit),
            (
                tr.t("file-recipient"),
                tr.t(&format!("file-recipient-{}", recipient.code())),
            ),
            (tr.t("file-covers"), kinds_label),
            (
                tr.t("file-made-by"),
                format!("{}, {}", user.display_name, today),
            ),
        ],
        secrecy_note: if left_out.is_empty() {
            tr.t("file-extract-nothing-left-out")
        } else {
            tr.t1("file-extract-left-out", "what", left_out.join("; "))
        },
        items: extract_items(&items, &withhold, tr),
        made_on: today,
    };
    // Logged before anything is sent: who made which extract for whom.
    let reader = Reader::new(&user, &addr)?;
    let mut entry = reader.person_read(AccessKind::Export, child, Some(&opened.summary), None);
    entry.detail = Some(format!(
        "akt-utdrag mottagare={} utelämnat={}",
        recipient.code(),
        if withhold.is_empty() {
            "inget".to_string()
        } else {
            withhold
                .iter()
                .map(|s| s.code())
                .collect::<Vec<_>>()
                .join(",")
        }
    ));
    log_reads(&state, &[entry]).await?;
    let pdf = tokio::task::spawn_blocking(move || tillit_reports::case_file::render_extract_pdf(&doc))
        .await
        .map_err(WebError::internal("extract task"))?
        .map_err(WebError::internal("extract pdf"))?;
    tracing::info!(user_id = %user.id, recipient = recipient.code(), "case file extract made");
    let name = format!("utdrag-{}-{today}.pdf", opened.summary.id);
    Ok((
        StatusCode::OK,
        [
            (CONTENT_TYPE, "application/pdf".to_string()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        pdf,
    )
        .into_response())
}

/// This page's routes, each with the access it requires.
pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::{Access::*, Permission::*};
    r.get("/cases/{id}/file", Requires(ViewCase), file_page)
        .get("/cases/{id}/file/extract", Requires(ViewCase), extract)
}
