//! The case page: who and where, what is due, and every event. Read-only
//! for now; the forms for each step come with the caseworker's application.

use crate::AppState;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::permissions::sees_protected_in_case;
use crate::session::CurrentUser;
use crate::time::format_timestamp;
use crate::view::{DueStatus, Layout, PersonView, Section, html};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use std::collections::HashMap;
use tillit_domain::CaseId;
use tillit_domain::case::CaseState;
use tillit_domain::deadline::deadlines;

struct DeadlineRow {
    what: String,
    from: String,
    legal_date: String,
    planning_date: String,
    citation: String,
    status: String,
    status_class: &'static str,
}

struct EventRow {
    label: String,
    /// The step in the case file.
    href: String,
    occurred_on: String,
    recorded_by: String,
    recorded_at: String,
}

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage {
    l: Layout,
    child: PersonView,
    phase: String,
    caseworker: String,
    unit: String,
    opened_on: String,
    closed_on: Option<String>,
    deadlines: Vec<DeadlineRow>,
    events: Vec<EventRow>,
    /// The next possible steps, as buttons to their forms (empty for a
    /// user who may not write in the case).
    steps: Vec<crate::pages::steps::StepLink>,
    journal_href: String,
    /// The case file (akten).
    file_href: String,
    /// The journal's link (not for a self-audit's reader, who reads the
    /// case page only).
    show_journal: bool,
    journal_count: usize,
    /// A self-audit's read: the signed journal entries, read-only, newest
    /// last; `None` on the ordinary case page (the journal has its own).
    audit_journal: Option<AuditJournal>,
    /// "Saved" after a step's form was sent.
    notice: Option<String>,
    /// The user has an unsigned journal draft in the case.
    draft: bool,
}

/// The journal as a self-audit reads it: every signed entry (signed at,
/// by whom, the text), or why it is not shown.
struct AuditJournal {
    entries: Vec<(String, String, String)>,
    /// A protected child the reader may not see: the journal's text may say
    /// where they are, so it is not shown.
    withheld: bool,
}

/// `?done=<step>` after a step was recorded (and `count` children for a report).
#[derive(Debug, Default, serde::Deserialize)]
pub struct CaseQuery {
    #[serde(default)]
    done: String,
    #[serde(default)]
    count: String,
}

/// The confirmation shown after a step was recorded.
fn done_notice(tr: Tr, q: &CaseQuery) -> Option<String> {
    if q.done == "report" {
        let n = q.count.parse::<usize>().unwrap_or(1);
        return Some(tr.n("intake-done", n));
    }
    use crate::pages::steps::StepForm;
    crate::pages::steps::Step::ALL
        .into_iter()
        .find(|s| s.slug() == q.done)
        .map(|s| tr.t(&format!("step-{}-done", s.slug())))
}

/// `GET /cases/{id}`. A case the user may not read is "not found": a
/// guessed id confirms nothing.
pub async fn case_page(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    crate::request::ClientAddr(addr): crate::request::ClientAddr,
    Path(id): Path<String>,
    crate::forms::Query(q): crate::forms::Query<CaseQuery>,
) -> Result<Response, WebError> {
    // Access by unit, assignment or emergency access; the read is logged
    // before anything is shown (see access.rs).
    let opened = match crate::access::read_case(&state, tr, &user, &addr, &id).await? {
        crate::access::CaseAccess::Granted(opened) => *opened,
        crate::access::CaseAccess::Refused(not_found) => return Ok(not_found),
    };
    let notice = done_notice(tr, &q);
    let banner = opened
        .emergency
        .as_ref()
        .map(|g| crate::pages::emergency::banner(tr, g));
    render(&state, tr, &user, opened, notice, banner, true).await
}

/// The case page of `opened` (its read already logged), with `notice` and
/// `banner` (emergency access, a self-audit) above it.
pub(crate) async fn render(
    state: &AppState,
    tr: Tr,
    user: &CurrentUser,
    opened: crate::access::OpenedCase,
    notice: Option<String>,
    banner: Option<String>,
    show_journal: bool,
) -> Result<Response, WebError> {
    let id: CaseId = opened.summary.id;
    let store = state.store();
    let summary = opened.summary.clone();
    let scope = opened.scope;
    let who = user.subject();

    let events = store.load_case(id).await?;
    let case = CaseState::from_events(&events);
    let today = state.today();

    // Only the users the page names: a city has thousands.
    let named: std::collections::HashSet<tillit_domain::UserId> = events
        .iter()
        .map(|e| e.recorded_by)
        .chain(summary.caseworker)
        .collect();
    let users: HashMap<_, _> = store
        .users_shared()
        .await?
        .iter()
        .filter(|u| named.contains(&u.id))
        .map(|u| (u.id, u.display_name.clone()))
        .collect();
    let unit = store
        .units_shared()
        .await?
        .iter()
        .find(|u| u.id == summary.unit)
        .map(|u| u.name.clone())
        .unwrap_or_else(|| tr.t("unknown"));
    let child = match &opened.child {
        Some(p) => PersonView::new(tr, p, sees_protected_in_case(who, scope)),
        None => PersonView::missing(tr),
    };
    let name_of = |u: tillit_domain::UserId| {
        users
            .get(&u)
            .cloned()
            .unwrap_or_else(|| tr.t1("user-unknown", "id", u.0.to_string()))
    };

    let deadline_rows = deadlines(&case, today)
        .into_iter()
        .map(|d| {
            let status = DueStatus::of(d.overdue, d.planning_date, today);
            DeadlineRow {
                what: tr.label("deadline", d.kind.code(), d.kind.label()),
                from: d.from.to_string(),
                legal_date: d.legal_date.to_string(),
                planning_date: d.planning_date.to_string(),
                citation: d.citation.to_string(),
                status: status.label(tr),
                status_class: status.code(),
            }
        })
        .collect();

    let event_rows = events
        .iter()
        .map(|e| EventRow {
            label: tr.label("event", e.event.type_name(), e.event.label()),
            href: format!("/cases/{id}/file#e{}", e.version),
            occurred_on: e.occurred_on.to_string(),
            recorded_by: name_of(e.recorded_by),
            recorded_at: format_timestamp(e.recorded_at),
        })
        .collect();

    // Read for a self-audit (no journal page): the signed entries here.
    let audit_journal = (!show_journal).then(|| {
        let protected = opened.child.as_ref().is_some_and(|p| p.protected);
        if protected && !sees_protected_in_case(who, scope) {
            return AuditJournal {
                entries: Vec::new(),
                withheld: true,
            };
        }
        AuditJournal {
            entries: events
                .iter()
                .filter_map(|e| match &e.event {
                    tillit_domain::case::CaseEvent::JournalEntrySigned { text, .. } => Some((
                        format_timestamp(e.recorded_at),
                        name_of(e.recorded_by),
                        text.clone(),
                    )),
                    _ => None,
                })
                .collect(),
            withheld: false,
        }
    });

    let draft = show_journal && store.has_draft(id, user.id).await?;
    let phase = case.phase();
    let title = tr.t("case-title");
    let mut l = Layout::new(tr, user, title, Section::None);
    l.banner = banner;
    let p = CasePage {
        l,
        child,
        phase: tr.label("phase", phase.code(), phase.label()),
        caseworker: summary
            .caseworker
            .map(name_of)
            .unwrap_or_else(|| tr.t("case-unassigned")),
        unit,
        opened_on: summary.opened_on.to_string(),
        closed_on: summary.closed_on.map(|d| d.to_string()),
        deadlines: deadline_rows,
        events: event_rows,
        steps: if crate::permissions::may_write_case(user, &summary) {
            crate::pages::steps::next_steps(tr, user, id, &case, today)
        } else {
            Vec::new()
        },
        journal_href: format!("/cases/{id}/journal"),
        file_href: format!("/cases/{id}/file"),
        show_journal,
        audit_journal,
        journal_count: case.journal.len(),
        notice,
        draft,
    };
    html(&p)
}

/// This page's routes, each with the access it requires.
pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::{Access::*, Permission::*};
    r.get("/cases/{id}", Requires(ViewCase), case_page)
}
