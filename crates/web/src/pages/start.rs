//! The start page: the worklist ("Min arbetslista") for those who handle
//! cases; for other roles, what they can do.

use crate::AppState;
use crate::audit::PageLog;
use crate::error::WebError;
use crate::forms::Query;
use crate::i18n::Tr;
use crate::permissions::{CaseScope, Permission, allowed, may_read_case, sees_protected_in_case};
use crate::session::CurrentUser;
use crate::view::{DueStatus, Layout, NavItem, PersonView, Section, html};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use std::collections::HashMap;
use tillit_domain::person::Person;
use tillit_domain::{PersonId, UserId};
use tillit_store::{AccessKind, WorklistFilter};

#[derive(Debug, Default, Deserialize)]
pub struct StartQuery {
    /// `unit` for the unit's worklist (team leads and unit managers).
    #[serde(default)]
    view: String,
    /// `changed` after the user changed their password.
    #[serde(default)]
    password: String,
}

/// How far back the unit manager's start page lists the administrator's
/// changes to the unit's users.
const ADMIN_CHANGES_DAYS: i64 = 30;

/// A change the system administrator made to a user of the unit, as the
/// unit manager's start page lists it.
struct AdminChange {
    at: String,
    what: String,
    detail: String,
    reviewed: bool,
}

struct SummaryItem {
    text: String,
    class: &'static str,
    /// The caseload list filtered by this status.
    href: String,
}

struct Row {
    what: String,
    child: PersonView,
    legal_date: String,
    planning_date: String,
    citation: String,
    status: String,
    status_class: &'static str,
    case_href: String,
    /// The form of the step that clears the deadline.
    step_href: String,
    /// Hand the case to another caseworker (the unit's list, managers only).
    reassign_href: Option<String>,
    /// The caseworker's name (the unit's list only).
    caseworker: String,
}

struct Group {
    id: &'static str,
    heading: String,
    rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "worklist.html")]
struct WorklistPage {
    l: Layout,
    heading: String,
    tabs: Vec<NavItem>,
    show_caseworker: bool,
    today: String,
    summary: Vec<SummaryItem>,
    groups: Vec<Group>,
    notice: Option<String>,
    /// Unit managers: the administrator's changes to the unit's users
    /// (new users, roles, one-time passwords) of the last days.
    admin_changes: Vec<AdminChange>,
    password_changed: bool,
}

#[derive(Template)]
#[template(path = "start_other.html")]
struct OtherStartPage {
    l: Layout,
    heading: String,
    role_text: String,
    password_changed: bool,
    /// What is due in the registers the user handles (the quality lead's
    /// worklist).
    due: Vec<crate::pages::registers::DueRow>,
    /// The role's work: a card per part of Tillit the role uses.
    cards: Vec<WorkCard>,
    /// Figures of the role's work (the administrator's users).
    figures: Vec<String>,
}

/// A part of Tillit a role works in, as a card on the start page.
struct WorkCard {
    href: &'static str,
    title: String,
    text: String,
}

/// The parts of Tillit `user`'s role works in, each only if the role may
/// open it.
fn work_cards(tr: Tr, user: &CurrentUser) -> Vec<WorkCard> {
    use Permission::*;
    let all: [(&'static str, Permission, &str); 11] = [
        ("/followup", ViewFollowUp, "key-figures"),
        ("/goals", ViewFollowUp, "goals"),
        ("/reports", ViewFollowUp, "reports"),
        ("/manual", ViewFollowUp, "manual"),
        ("/internal-control", HandleInternalControl, "internal-control"),
        ("/lex-sarah", HandleLexSarah, "lex-sarah"),
        ("/incidents", HandleIncidents, "incidents"),
        ("/complaints", HandleComplaints, "complaints"),
        ("/self-audits", HandleSelfAudits, "self-audits"),
        ("/admin/users", ManageUsers, "users"),
        ("/admin/units", ManageUsers, "units"),
    ];
    let mut out: Vec<WorkCard> = all
        .into_iter()
        .filter(|(_, p, _)| allowed(user.role, *p))
        .map(|(href, _, key)| WorkCard {
            href,
            title: tr.t(&format!("start-card-{key}")),
            text: tr.t(&format!("start-card-{key}-text")),
        })
        .collect();
    // A contracted provider's record: its Lex Sarah reports, its reports
    // to IVO under 27 kap. 7 § and its prices.
    if allowed(user.role, ViewProviders) {
        out.push(WorkCard {
            href: "/providers",
            title: tr.t("start-card-providers"),
            text: tr.t("start-card-providers-text"),
        });
    }
    out.push(WorkCard {
        href: "/quality",
        title: tr.t("start-card-quality"),
        text: tr.t("start-card-quality-text"),
    });
    out
}

/// The administrator's changes to users of the unit manager's unit (user
/// created or changed, one-time password set) in the last
/// [`ADMIN_CHANGES_DAYS`], newest first, with whether each is reviewed.
/// Nobody can make them go away before their time, not even by reviewing
/// them: a manager whose own password was reset sees it here when they are
/// back.
async fn admin_changes(
    state: &AppState,
    tr: Tr,
    user: &CurrentUser,
) -> Result<Vec<AdminChange>, WebError> {
    let Some(unit) = user
        .unit
        .filter(|_| allowed(user.role, Permission::ReviewAccessLog))
    else {
        return Ok(Vec::new());
    };
    let from = jiff::Timestamp::now()
        .checked_sub(jiff::SignedDuration::from_hours(24 * ADMIN_CHANGES_DAYS))
        .unwrap_or(jiff::Timestamp::MIN);
    let entries = state.store().admin_changes(unit, from, 50).await?;
    let seqs: Vec<u64> = entries.iter().map(|e| e.seq).collect();
    let reviewed: std::collections::HashSet<u64> = state
        .store()
        .reviews_of(&seqs)
        .await?
        .into_iter()
        .filter_map(|r| r.entry.ref_seq)
        .collect();
    Ok(entries
        .iter()
        .map(|e| AdminChange {
            at: crate::time::format_timestamp(e.entry.at),
            what: tr.t(&format!("access-kind-{}", e.entry.kind.code())),
            detail: e.entry.detail.clone().unwrap_or_default(),
            reviewed: reviewed.contains(&e.seq),
        })
        .collect())
}

/// `GET /`. The worklist names children: every child listed is written to
/// the access log (kind `list`, one row each, one write) before the page is
/// sent.
pub async fn start(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    crate::request::ClientAddr(addr): crate::request::ClientAddr,
    Query(q): Query<StartQuery>,
) -> Result<Response, WebError> {
    let password_changed = q.password == "changed";
    if !allowed(user.role, Permission::ViewOwnWorklist) {
        let p = OtherStartPage {
            l: Layout::new(tr, &user, tr.t("start-title"), Section::Start),
            heading: tr.t("start-title"),
            role_text: tr.t(&format!("start-role-{}", user.role.code())),
            password_changed,
            due: crate::pages::registers::due_rows(&state, &user).await?,
            cards: work_cards(tr, &user),
            figures: if allowed(user.role, Permission::ManageUsers) {
                let users = state.store().users().await?;
                let active = users.iter().filter(|u| u.active).count();
                let one_time = users
                    .iter()
                    .filter(|u| u.active && u.must_change_password)
                    .count();
                vec![
                    tr.n("start-admin-active-users", active),
                    tr.n("start-admin-one-time", one_time),
                ]
            } else {
                Vec::new()
            },
        };
        return html(&p);
    }

    let today = state.today();
    let may_unit = allowed(user.role, Permission::ViewUnitWorklist);
    let unit_view = may_unit && q.view == "unit";
    let mut notice = None;
    let items = if unit_view {
        match user.unit {
            Some(unit) => {
                let filter = WorklistFilter {
                    unit: Some(unit),
                    ..WorklistFilter::default()
                };
                state.store().worklist(&filter, today).await?
            }
            None => {
                notice = Some(tr.t("worklist-no-unit"));
                Vec::new()
            }
        }
    } else {
        let filter = WorklistFilter {
            caseworker: Some(user.id),
            ..WorklistFilter::default()
        };
        state.store().worklist(&filter, today).await?
    };

    let names: HashMap<UserId, String> = if unit_view {
        state
            .store()
            .users()
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect()
    } else {
        HashMap::new()
    };
    let who = user.subject();
    let mut log = PageLog::new(&user, &addr, AccessKind::List)?;
    // Every child of the list in one query, not one per row.
    let mut ids: Vec<PersonId> = items.iter().map(|i| i.child).collect();
    ids.sort();
    ids.dedup();
    let persons: HashMap<PersonId, Person> = state
        .store()
        .persons(&ids)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut groups: Vec<Group> = DueStatus::ALL
        .into_iter()
        .map(|s| Group {
            id: s.code(),
            heading: tr.t(&format!("worklist-group-{}", s.code())),
            rows: Vec::new(),
        })
        .collect();
    for item in items {
        let scope = CaseScope {
            unit: item.unit,
            caseworker: item.caseworker,
        };
        // The filter already limits the list; this keeps the rule in one
        // place should the filter ever widen.
        if !may_read_case(who, scope) {
            continue;
        }
        let child = match persons.get(&item.child) {
            Some(p) => {
                log.add(p, Some((item.case, item.unit)));
                PersonView::new(tr, p, sees_protected_in_case(who, scope))
            }
            None => PersonView::missing(tr),
        };
        let status = DueStatus::of(item.overdue, item.planning_date, today);
        let row = Row {
            what: tr.label("deadline", &item.kind_code, &item.label),
            child,
            legal_date: item.legal_date.to_string(),
            planning_date: item.planning_date.to_string(),
            citation: item.citation,
            status: status.label(tr),
            status_class: status.code(),
            case_href: format!("/cases/{}", item.case),
            step_href: crate::pages::steps::link_for_deadline(
                item.case,
                &item.kind_code,
                item.item,
            ),
            reassign_href: (unit_view && allowed(user.role, Permission::ReassignCase))
                .then(|| format!("/cases/{}/reassign", item.case)),
            caseworker: match item.caseworker {
                Some(id) => names
                    .get(&id)
                    .cloned()
                    .unwrap_or_else(|| tr.t1("user-unknown", "id", id.0.to_string())),
                None => tr.t("case-unassigned"),
            },
        };
        let index = match status {
            DueStatus::Overdue => 0,
            DueStatus::Today => 1,
            DueStatus::ThisWeek => 2,
            DueStatus::Later => 3,
        };
        groups[index].rows.push(row);
    }

    let counts: Vec<usize> = groups.iter().map(|g| g.rows.len()).collect();
    let total: usize = counts.iter().sum();
    let list = if unit_view {
        "/caseload/unit"
    } else {
        "/caseload"
    };
    let mut summary = vec![SummaryItem {
        text: tr.n("worklist-count-total", total),
        class: "total",
        href: list.to_string(),
    }];
    for (g, n) in groups.iter().zip(&counts) {
        summary.push(SummaryItem {
            text: tr.n(&format!("worklist-count-{}", g.id), *n),
            class: g.id,
            href: format!("{list}?due={}", g.id),
        });
    }
    if total == 0 && notice.is_none() {
        notice = Some(tr.t("worklist-empty"));
    }
    groups.retain(|g| !g.rows.is_empty());

    let tabs = if may_unit {
        vec![
            NavItem {
                href: "/".into(),
                label: tr.t("worklist-tab-mine"),
                current: !unit_view,
            },
            NavItem {
                href: "/?view=unit".into(),
                label: tr.t("worklist-tab-unit"),
                current: unit_view,
            },
        ]
    } else {
        Vec::new()
    };
    let heading = if unit_view {
        tr.t("worklist-title-unit")
    } else {
        tr.t("worklist-title")
    };
    log.write(&state).await?;
    let admin_changes = admin_changes(&state, tr, &user).await?;
    let p = WorklistPage {
        l: Layout::new(tr, &user, heading.clone(), Section::Start),
        heading,
        tabs,
        show_caseworker: unit_view,
        today: today.to_string(),
        summary,
        groups,
        notice,
        admin_changes,
        password_changed,
    };
    html(&p)
}

/// This page's routes, each with the access it requires.
pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::{Access::*, Permission::*};
    r.get("/", Requires(ViewStartPage), start)
}
