//! The unit overview for team leads and unit managers: reports this month,
//! open pre-assessments and investigations, overdue deadlines and children
//! in out-of-home care, for the unit, per team and per caseworker, with the
//! placed children and the overdue deadlines listed.
//!
//! The figures are counted by the store from its read models
//! ([`tillit_store::Store::unit_overview`]); nothing here folds events.
//! Every child listed is written to the access log (kind `list`, one row
//! each, one write) before the page is sent.

use crate::AppState;
use crate::audit::PageLog;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::pages::steps::link_for_deadline;
use crate::permissions::{CaseScope, sees_protected_in_case};
use crate::session::CurrentUser;
use crate::view::{Layout, PersonView, Section, html};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use std::collections::{BTreeMap, HashMap};
use tillit_domain::{TeamId, UserId};
use tillit_store::{AccessKind, CaseworkerFigures, WorklistFilter};

/// The most overdue deadlines listed (the figures count them all).
const MAX_OVERDUE_ROWS: usize = 100;

struct FigureRow {
    name: String,
    reports: u64,
    open_cases: u64,
    pre_assessments: u64,
    investigations: u64,
    overdue: u64,
    placed: u64,
}

impl FigureRow {
    fn new(name: String, f: &CaseworkerFigures) -> Self {
        Self {
            name,
            reports: f.reports_received,
            open_cases: f.open_cases,
            pre_assessments: f.open_pre_assessments,
            investigations: f.open_investigations,
            overdue: f.overdue,
            placed: f.placed_children,
        }
    }
}

struct Card {
    label: String,
    value: u64,
    class: &'static str,
}

struct PlacedRow {
    child: PersonView,
    caseworker: String,
    href: String,
}

struct OverdueRow {
    what: String,
    child: PersonView,
    caseworker: String,
    legal_date: String,
    href: String,
}

#[derive(Template)]
#[template(path = "overview.html")]
struct OverviewPage {
    l: Layout,
    heading: String,
    period: String,
    notice: Option<String>,
    cards: Vec<Card>,
    teams: Vec<FigureRow>,
    caseworkers: Vec<FigureRow>,
    total: Option<FigureRow>,
    placed: Vec<PlacedRow>,
    overdue: Vec<OverdueRow>,
    more_overdue: usize,
}

/// `GET /overview`.
pub async fn page(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    crate::request::ClientAddr(addr): crate::request::ClientAddr,
) -> Result<Response, WebError> {
    let store = state.store();
    let today = state.today();
    let from = today.first_of_month();
    let period = tr.t1("overview-period", "from", format!("{from} – {today}"));
    let Some(unit) = user.unit else {
        let p = OverviewPage {
            l: Layout::new(tr, &user, tr.t("overview-title"), Section::Overview),
            heading: tr.t("overview-title"),
            period,
            notice: Some(tr.t("worklist-no-unit")),
            cards: Vec::new(),
            teams: Vec::new(),
            caseworkers: Vec::new(),
            total: None,
            placed: Vec::new(),
            overdue: Vec::new(),
            more_overdue: 0,
        };
        return html(&p);
    };
    let unit_name = store
        .units()
        .await?
        .into_iter()
        .find(|u| u.id == unit)
        .map(|u| u.name)
        .unwrap_or_else(|| tr.t("unknown"));
    let users = store.users().await?;
    let names: HashMap<UserId, String> = users
        .iter()
        .map(|u| (u.id, u.display_name.clone()))
        .collect();
    let team_of: HashMap<UserId, Option<TeamId>> = users.iter().map(|u| (u.id, u.team)).collect();
    let team_names: HashMap<TeamId, String> = store
        .teams()
        .await?
        .into_iter()
        .filter(|t| t.unit == unit)
        .map(|t| (t.id, t.name))
        .collect();
    let name_of = |u: Option<UserId>| match u {
        Some(id) => names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| tr.t1("user-unknown", "id", id.0.to_string())),
        None => tr.t("case-unassigned"),
    };

    let figures = store.unit_overview(unit, from, today, today).await?;
    let mut total = CaseworkerFigures::default();
    let mut by_team: BTreeMap<Option<TeamId>, CaseworkerFigures> = BTreeMap::new();
    for f in &figures {
        total.add(f);
        let team = f
            .caseworker
            .and_then(|c| team_of.get(&c).copied().flatten())
            .filter(|t| team_names.contains_key(t));
        by_team.entry(team).or_default().add(f);
    }
    let mut caseworkers: Vec<FigureRow> = figures
        .iter()
        .map(|f| FigureRow::new(name_of(f.caseworker), f))
        .collect();
    caseworkers.sort_by(|a, b| a.name.cmp(&b.name));
    let mut teams: Vec<FigureRow> = by_team
        .iter()
        .map(|(t, f)| {
            let name = t
                .and_then(|t| team_names.get(&t).cloned())
                .unwrap_or_else(|| tr.t("overview-no-team"));
            FigureRow::new(name, f)
        })
        .collect();
    teams.sort_by(|a, b| a.name.cmp(&b.name));
    if team_names.is_empty() {
        teams.clear();
    }

    let cards = vec![
        Card {
            label: tr.t("overview-reports"),
            value: total.reports_received,
            class: "plain",
        },
        Card {
            label: tr.t("overview-pre-assessments"),
            value: total.open_pre_assessments,
            class: "plain",
        },
        Card {
            label: tr.t("overview-investigations"),
            value: total.open_investigations,
            class: "plain",
        },
        Card {
            label: tr.t("overview-overdue"),
            value: total.overdue,
            class: if total.overdue > 0 { "alert" } else { "plain" },
        },
        Card {
            label: tr.t("overview-placed"),
            value: total.placed_children,
            class: "plain",
        },
    ];

    let who = user.subject();
    let mut log = PageLog::new(&user, &addr, AccessKind::List)?;
    let mut placed = Vec::new();
    for c in store.placed_cases(unit).await? {
        let child = match store.person(c.child).await? {
            Some(p) => {
                log.add(&p, Some((c.id, c.unit)));
                PersonView::new(tr, &p, sees_protected_in_case(who, CaseScope::of(&c)))
            }
            None => PersonView::missing(tr),
        };
        placed.push(PlacedRow {
            child,
            caseworker: name_of(c.caseworker),
            href: format!("/cases/{}", c.id),
        });
    }

    let filter = WorklistFilter {
        unit: Some(unit),
        ..WorklistFilter::default()
    };
    let all_overdue: Vec<_> = store
        .worklist(&filter, today)
        .await?
        .into_iter()
        .filter(|i| i.overdue)
        .collect();
    let more_overdue = all_overdue.len().saturating_sub(MAX_OVERDUE_ROWS);
    let mut overdue = Vec::new();
    for i in all_overdue.into_iter().take(MAX_OVERDUE_ROWS) {
        let scope = CaseScope {
            unit: i.unit,
            caseworker: i.caseworker,
        };
        let child = match store.person(i.child).await? {
            Some(p) => {
                log.add(&p, Some((i.case, i.unit)));
                PersonView::new(tr, &p, sees_protected_in_case(who, scope))
            }
            None => PersonView::missing(tr),
        };
        overdue.push(OverdueRow {
            what: tr.label("deadline", &i.kind_code, &i.label),
            child,
            caseworker: name_of(i.caseworker),
            legal_date: i.legal_date.to_string(),
            href: link_for_deadline(i.case, &i.kind_code, i.item),
        });
    }

    log.write(&state).await?;
    let heading = tr.t1("overview-heading", "unit", unit_name);
    let p = OverviewPage {
        l: Layout::new(tr, &user, heading.clone(), Section::Overview),
        heading,
        period,
        notice: None,
        cards,
        teams,
        caseworkers,
        total: Some(FigureRow::new(tr.t("overview-total"), &total)),
        placed,
        overdue,
        more_overdue,
    };
    html(&p)
}

/// This page's routes, each with the access it requires.
pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::{Access::*, Permission::*};
    r.get("/overview", Requires(ViewUnitOverview), page)
}
