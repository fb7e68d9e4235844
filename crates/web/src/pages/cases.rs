//! The case page: who and where, what is due, and every event. Read-only
//! for now; the forms for each step come with the caseworker's application.

use crate::AppState;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::permissions::{CaseScope, may_read_case, sees_protected_in_case};
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
}

/// `GET /cases/{id}`. A case the user may not read is "not found": a
/// guessed id confirms nothing.
pub async fn case_page(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id: CaseId = id.parse().map_err(|_| WebError::NotFound)?;
    let store = state.store();
    let summary = store.case_summary(id).await?.ok_or(WebError::NotFound)?;
    let scope = CaseScope {
        unit: summary.unit,
        caseworker: summary.caseworker,
    };
    let who = user.subject();
    if !may_read_case(who, scope) {
        tracing::info!(user_id = %user.id, case = %id, "case refused: other unit");
        return Err(WebError::NotFound);
    }

    let events = store.load_case(id).await?;
    let case = CaseState::from_events(&events);
    let today = state.today();

    let users: HashMap<_, _> = store
        .users()
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let unit = store
        .units()
        .await?
        .into_iter()
        .find(|u| u.id == summary.unit)
        .map(|u| u.name)
        .unwrap_or_else(|| tr.t("unknown"));
    let child = match store.person(summary.child).await? {
        Some(p) => PersonView::new(tr, &p, sees_protected_in_case(who, scope)),
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
            occurred_on: e.occurred_on.to_string(),
            recorded_by: name_of(e.recorded_by),
            recorded_at: format_timestamp(e.recorded_at),
        })
        .collect();

    let phase = case.phase();
    let title = tr.t("case-title");
    let p = CasePage {
        l: Layout::new(tr, &user, title, Section::None),
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
    };
    html(&p)
}
