//! Self-audits of documentation (egenkontroll): the plan (unit, period,
//! number of case files, seed), the draw (the unit's cases opened in the
//! period, sampled by the domain's `draw_sample`), one answer per sampled
//! case file (every checklist item yes, no or not applicable, and a
//! comment), and the close. The rules are the domain's
//! (`tillit_domain::register::self_audit`); the pages are `registers.rs`.
//!
//! A sampled case file is read from the audit's page through
//! `/self-audits/{id}/cases/{case}`: the auditor (the quality lead, who
//! reads no case otherwise, or the unit's manager) sees the case page, and
//! the read is logged with the audit as its reason.

use crate::AppState;
use crate::audit::{Reader, log_reads};
use crate::error::WebError;
use crate::forms::{Field, Input, Kind};
use crate::i18n::Tr;
use crate::pages::registers::{FormCtx, REPORT_FORM, RegisterPage, register_routes};
use crate::permissions::{CaseScope, handles_record};
use crate::request::ClientAddr;
use crate::session::CurrentUser;
use axum::extract::{Path, State};
use axum::response::Response;
use jiff::civil::Date;
use tillit_domain::register::Register;
use tillit_domain::register::self_audit::{
    Answer, Candidate, Checklist, ItemAnswer, ITEMS_MAX, SelfAudit, SelfAuditEntry, draw_sample,
};
use tillit_domain::role::Role;
use tillit_domain::{CaseId, RecordId, UnitId};
use tillit_store::AccessKind;

/// The form names of the checklist's items, in order (a form's field
/// names are static).
const ITEM_FIELDS: [&str; ITEMS_MAX] = [
    "item-1", "item-2", "item-3", "item-4", "item-5", "item-6", "item-7", "item-8", "item-9",
    "item-10", "item-11", "item-12", "item-13", "item-14", "item-15", "item-16", "item-17",
    "item-18", "item-19", "item-20",
];

/// Seeds drawn at random are below this: short enough to write down.
const RANDOM_SEED_BELOW: u64 = 1_000_000_000;

/// A case file's reference as the audit shows it: `Ä-` and the first 8
/// hex digits of its id (names nobody; the reports use the same).
pub fn case_ref(case: CaseId) -> String {
    let hex = case.0.simple().to_string().to_uppercase();
    format!("Ä-{}", &hex[..8])
}

/// The page of sampled case `case` in audit `record`.
pub fn case_href(record: RecordId, case: CaseId) -> String {
    format!("{}/{record}/cases/{case}", <SelfAudit as RegisterPage>::BASE)
}

/// The text of item `code` in the current checklist, else the default
/// one, else the code.
fn item_text(current: &Checklist, code: &str) -> String {
    current
        .items
        .iter()
        .chain(Checklist::sosfs_2014_5().items.iter())
        .find(|i| i.code == code)
        .map_or_else(|| code.to_string(), |i| i.text.clone())
}

impl RegisterPage for SelfAudit {
    const BASE: &'static str = "/self-audits";
    const HANDLERS_OPEN: bool = true;

    fn new_label(tr: Tr) -> String {
        tr.t("self-audit-new")
    }

    fn title(tr: Tr) -> String {
        tr.t("self-audit-title")
    }

    fn intro(tr: Tr) -> String {
        tr.t("self-audit-intro")
    }

    fn forms(tr: Tr, s: &SelfAudit) -> Vec<(&'static str, String)> {
        if s.closed_on.is_some() || s.planned.is_none() {
            Vec::new()
        } else if s.drawn_on.is_none() {
            vec![("draw", tr.t("self-audit-draw"))]
        } else if !s.unanswered().is_empty() {
            vec![("answer", tr.t("self-audit-answer"))]
        } else {
            vec![("close", tr.t("self-audit-close"))]
        }
    }

    /// The quality lead draws and closes; the unit's manager plans and
    /// answers.
    fn may_fill(code: &str, user: &CurrentUser, _s: &SelfAudit) -> bool {
        !matches!(code, "draw" | "close") || user.role == Role::QualityLead
    }

    fn cases_opened(code: &str, s: &SelfAudit) -> Option<(UnitId, Date, Date)> {
        let (from, to) = s.period?;
        (code == "draw").then_some((s.unit?, from, to))
    }

    fn fields(code: &str, c: &FormCtx<'_>, s: &SelfAudit) -> Option<Vec<Field>> {
        let tr = c.tr;
        Some(match code {
            REPORT_FORM => {
                // A unit manager audits their own unit.
                let own = c.user.unit.map(|u| u.0.to_string());
                let units = c
                    .unit_options()
                    .into_iter()
                    .filter(|(id, _)| {
                        c.user.role == Role::QualityLead || Some(id) == own.as_ref()
                    })
                    .collect();
                vec![
                    Field::new("unit", Kind::Select, tr.t("register-unit"))
                        .options(units)
                        .required(),
                    Field::new("period_from", Kind::Date, tr.t("self-audit-period-from")).required(),
                    Field::new("period_to", Kind::Date, tr.t("self-audit-period-to")).required(),
                    Field::new("sample_size", Kind::Text, tr.t("self-audit-sample-size"))
                        .hint(tr.t("self-audit-sample-size-hint"))
                        .required(),
                    Field::new("seed", Kind::Text, tr.t("self-audit-seed"))
                        .hint(tr.t("self-audit-seed-hint")),
                ]
            }
            "draw" => vec![
                Field::new("candidates", Kind::Fixed, tr.t("self-audit-candidates")).options(vec![(
                    c.cases.len().to_string(),
                    {
                        let mut args = fluent_bundle::FluentArgs::new();
                        args.set("candidates", c.cases.len());
                        args.set("size", s.sample_size);
                        tr.args("self-audit-draw-summary", &args)
                    },
                )]),
                Field::confirm("confirm", tr.t("self-audit-draw-confirm"), String::new()),
            ],
            "answer" => {
                let mut fields = vec![
                    Field::new("case", Kind::Select, tr.t("self-audit-case"))
                        .options(
                            s.unanswered()
                                .into_iter()
                                .map(|id| (id.to_string(), case_ref(id)))
                                .collect(),
                        )
                        .required(),
                ];
                let answers: Vec<(String, String)> = Answer::ALL
                    .iter()
                    .map(|a| {
                        (
                            a.code().to_string(),
                            tr.label("self-audit-answer", a.code(), a.label()),
                        )
                    })
                    .collect();
                let items = s.checklist.as_ref().map(|l| &l.items[..]).unwrap_or(&[]);
                for (item, name) in items.iter().zip(ITEM_FIELDS) {
                    fields.push(
                        Field::new(name, Kind::Radios, item.text.clone())
                            .options(answers.clone())
                            .required(),
                    );
                }
                fields.push(Field::new("comment", Kind::TextArea, tr.t("self-audit-comment")));
                fields
            }
            "close" => vec![
                Field::new("conclusion", Kind::TextArea, tr.t("self-audit-conclusion")).required(),
                Field::confirm("confirm", tr.t("self-audit-close-confirm"), String::new()),
            ],
            _ => return None,
        })
    }

    fn parse(
        code: &str,
        input: &mut Input<'_>,
        c: &FormCtx<'_>,
        s: &SelfAudit,
    ) -> Option<SelfAuditEntry> {
        let tr = c.tr;
        Some(match code {
            REPORT_FORM => {
                let unit = c.parse_unit(input, "unit");
                if let Some(u) = unit
                    && c.user.role != Role::QualityLead
                    && c.user.unit != Some(u)
                {
                    input.field("unit", tr.t("self-audit-unit-not-own"));
                    return None;
                }
                let from = input.date("period_from");
                let to = input.date("period_to");
                let size = input.data.trimmed("sample_size").parse::<u32>().ok();
                let size = input.require("sample_size", size, tr.t("self-audit-sample-size-invalid"));
                let seed_text = input.text("seed");
                let seed = if seed_text.is_empty() {
                    match getrandom::u64() {
                        Ok(v) => Some(v % RANDOM_SEED_BELOW),
                        Err(_) => {
                            input.field("seed", tr.t("self-audit-seed-random-failed"));
                            None
                        }
                    }
                } else {
                    let v = seed_text.parse::<u64>().ok();
                    input.require("seed", v, tr.t("self-audit-seed-invalid"))
                };
                SelfAuditEntry::Planned {
                    unit: unit?,
                    period_from: from?,
                    period_to: to?,
                    sample_size: size?,
                    seed: seed?,
                    checklist: c.checklist.clone(),
                }
            }
            "draw" => {
                let candidates: Vec<Candidate> = c
                    .cases
                    .iter()
                    .map(|k| Candidate {
                        case: k.id,
                        stratum: k.phase.clone(),
                    })
                    .collect();
                SelfAuditEntry::Drawn {
                    cases: draw_sample(&candidates, s.sample_size as usize, s.seed),
                    candidates: u32::try_from(candidates.len()).unwrap_or(u32::MAX),
                }
            }
            "answer" => {
                let open = s.unanswered();
                let case = input.choice("case", |code| {
                    open.iter().copied().find(|id| id.to_string() == code)
                });
                let items = s.checklist.as_ref().map(|l| &l.items[..]).unwrap_or(&[]);
                let mut answers = Vec::new();
                let mut complete = true;
                for (item, name) in items.iter().zip(ITEM_FIELDS) {
                    match input.choice(name, Answer::from_code) {
                        Some(answer) => answers.push(ItemAnswer {
                            item: item.code.clone(),
                            answer,
                        }),
                        None => complete = false,
                    }
                }
                let comment = input.raw("comment");
                if !complete {
                    return None;
                }
                SelfAuditEntry::Answered {
                    case: case?,
                    answers,
                    comment: (!comment.trim().is_empty()).then_some(comment),
                }
            }
            "close" => SelfAuditEntry::Closed {
                conclusion: input.raw("conclusion"),
            },
            _ => return None,
        })
    }

    fn show(e: &SelfAuditEntry, c: &FormCtx<'_>) -> (String, Vec<(String, String)>) {
        let tr = c.tr;
        let l = |key: &str, v: String| (tr.t(key), v);
        match e {
            SelfAuditEntry::Planned {
                unit,
                period_from,
                period_to,
                sample_size,
                seed,
                checklist,
            } => {
                let mut lines = vec![
                    l("register-unit", c.unit_name(*unit)),
                    l("self-audit-period", format!("{period_from} – {period_to}")),
                    l("self-audit-sample-size", sample_size.to_string()),
                    l("self-audit-seed", seed.to_string()),
                    l(
                        "self-audit-checklist",
                        tr.t1("self-audit-checklist-version", "version", checklist.version.to_string()),
                    ),
                ];
                for (i, item) in checklist.items.iter().enumerate() {
                    lines.push((format!("{}. {}", i + 1, item.code), item.text.clone()));
                }
                (tr.t("self-audit-entry-planned"), lines)
            }
            SelfAuditEntry::Drawn { cases, candidates } => (
                tr.t("self-audit-entry-drawn"),
                vec![
                    l("self-audit-candidates", candidates.to_string()),
                    l("self-audit-sample", cases.len().to_string()),
                ],
            ),
            SelfAuditEntry::Answered {
                case,
                answers,
                comment,
            } => {
                let mut lines = vec![l("self-audit-case", case_ref(*case))];
                for a in answers {
                    lines.push((
                        item_text(&c.checklist, &a.item),
                        tr.label("self-audit-answer", a.answer.code(), a.answer.label()),
                    ));
                }
                if let Some(comment) = comment {
                    lines.push(l("self-audit-comment", comment.clone()));
                }
                (tr.t("self-audit-entry-answered"), lines)
            }
            SelfAuditEntry::Closed { conclusion } => (
                tr.t("self-audit-close"),
                vec![l("self-audit-conclusion", conclusion.clone())],
            ),
        }
    }

    /// The sampled case files, each opened through the audit.
    fn links(e: &SelfAuditEntry, id: RecordId, _c: &FormCtx<'_>) -> Vec<(String, String)> {
        match e {
            SelfAuditEntry::Drawn { cases, .. } => cases
                .iter()
                .map(|c| (case_href(id, *c), case_ref(*c)))
                .collect(),
            SelfAuditEntry::Answered { case, .. } => vec![(case_href(id, *case), case_ref(*case))],
            _ => Vec::new(),
        }
    }
}

/// `GET /self-audits/{id}/cases/{case}`: a sampled case file read for the
/// audit. Only for those who handle the audit, while it is open, and only
/// for a case of its sample (anything else is "not found"); the read is
/// logged with the audit as its reason before anything is shown. A
/// protected child stays masked for whoever would not see them on the case
/// page (`sees_protected_in_case`: the quality lead never does).
pub async fn audit_case(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    ClientAddr(addr): ClientAddr,
    Path((id, case)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let id: RecordId = id.parse().map_err(|_| WebError::NotFound)?;
    let case: CaseId = case.parse().map_err(|_| WebError::NotFound)?;
    let store = state.store();
    let head = store
        .record_head(id)
        .await?
        .filter(|h| h.register == SelfAudit::KIND)
        .ok_or(WebError::NotFound)?;
    if !handles_record(user.subject(), SelfAudit::KIND, head.unit) {
        return Err(WebError::NotFound);
    }
    let record = store
        .record::<SelfAudit>(id)
        .await?
        .ok_or(WebError::NotFound)?;
    if record.state.closed_on.is_some() || !record.state.sample.contains(&case) {
        return Err(WebError::NotFound);
    }
    let summary = store.case_summary(case).await?.ok_or(WebError::NotFound)?;
    let child = store.person(summary.child).await?;
    let reference = SelfAudit::KIND.reference(head.number);
    if let Some(p) = &child {
        let reader = Reader::new(&user, &addr)?;
        let mut entry = reader.person_read(AccessKind::Case, p, Some(&summary), None);
        entry.reason = Some(format!("Egenkontroll {reference}"));
        entry.detail = Some(format!("{}:{}", SelfAudit::KIND.code(), head.number));
        log_reads(&state, &[entry]).await?;
    }
    let opened = crate::access::OpenedCase {
        scope: CaseScope::of(&summary),
        summary,
        child,
        emergency: None,
    };
    let banner = tr.t1("self-audit-case-banner", "audit", reference);
    crate::pages::cases::render(&state, tr, &user, opened, None, Some(banner), false).await
}

pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::Access::Requires;
    use crate::permissions::Permission::HandleSelfAudits;
    register_routes!(r, SelfAudit, "/self-audits").get(
        "/self-audits/{id}/cases/{case}",
        Requires(HandleSelfAudits),
        audit_case,
    )
}
