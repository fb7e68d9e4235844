//! The caseload lists: "Mina ärenden" (`GET /caseload`, the cases assigned
//! to the user) and "Enhetens ärenden" (`GET /caseload/unit`, every open
//! case of the manager's unit): child, age, phase and days in it, the next
//! deadline with its status, caseworker, opened. Filtered by phase, deadline
//! status, caseworker, team, age and legal basis, sorted by any column
//! (`aria-sort` on the sorted one), 25 a page; the whole choice is in the
//! URL, so a filtered list can be bookmarked and the worklist's count chips
//! link here.
//!
//! The cases come from one store query ([`tillit_store::Store::caseload`]);
//! the filters that depend on today (deadline status, age) and the sorting
//! and paging are done here. Only the children on the page shown are
//! written to the access log (kind `list`). A protected child the user may
//! not see is listed masked; they sort under the masked name and have no
//! age (an age would narrow down who they are), so an age filter never
//! finds them.

use crate::AppState;
use crate::audit::PageLog;
use crate::error::WebError;
use crate::forms::FormData;
use crate::i18n::Tr;
use crate::permissions::{CaseScope, Permission, allowed, may_read_case, sees_protected_in_case};
use crate::session::CurrentUser;
use crate::view::{DueStatus, Layout, PersonView, Section, html};
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use jiff::civil::Date;
use std::cmp::Ordering;
use tillit_domain::case::Phase;
use tillit_domain::{TeamId, UserId};
use tillit_store::{AccessKind, CaseloadFilter, CaseloadRow};

/// Rows a page.
pub const PER_PAGE: usize = 25;

/// The open phases, in the order a case goes through them.
const PHASES: [Phase; 6] = [
    Phase::Received,
    Phase::Assessed,
    Phase::Investigating,
    Phase::Intervening,
    Phase::FollowingUp,
    Phase::InterventionEnded,
];

/// Age bands: code, first and last year of age.
const AGES: [(&str, i16, i16); 4] = [
    ("0-6", 0, 6),
    ("7-12", 7, 12),
    ("13-17", 13, 17),
    ("18-", 18, 200),
];

/// The sortable columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SortKey {
    Child,
    Age,
    Phase,
    Days,
    Deadline,
    Caseworker,
    Opened,
}

impl SortKey {
    const ALL: [SortKey; 7] = [
        SortKey::Child,
        SortKey::Age,
        SortKey::Phase,
        SortKey::Days,
        SortKey::Deadline,
        SortKey::Caseworker,
        SortKey::Opened,
    ];

    fn code(self) -> &'static str {
        match self {
            Self::Child => "child",
            Self::Age => "age",
            Self::Phase => "phase",
            Self::Days => "days",
            Self::Deadline => "deadline",
            Self::Caseworker => "caseworker",
            Self::Opened => "opened",
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// What the URL asks for; every value checked, anything unknown ignored.
#[derive(Clone, Debug, Default, PartialEq)]
struct Asked {
    phases: Vec<&'static str>,
    due: Option<&'static str>,
    /// `Some(None)`: unassigned.
    caseworker: Option<Option<UserId>>,
    team: Option<TeamId>,
    age: Option<&'static str>,
    basis: Option<&'static str>,
    sort: Option<SortKey>,
    desc: bool,
    page: usize,
}

/// The deadline-status filter's values: [`DueStatus`] codes and `none`.
const DUE_CODES: [&str; 5] = ["overdue", "today", "this-week", "later", "none"];
/// The legal-basis filter's values.
const BASIS_CODES: [&str; 4] = ["sol", "lvu", "lvu2", "lvu3"];

fn asked(q: &FormData) -> Asked {
    let pick = |name: &str, list: &[&'static str]| -> Option<&'static str> {
        let v = q.trimmed(name);
        list.iter().find(|c| **c == v).copied()
    };
    let mut phases: Vec<&'static str> = q
        .all("phase")
        .into_iter()
        .filter_map(|v| PHASES.iter().find(|p| p.code() == v).map(|p| p.code()))
        .collect();
    phases.dedup();
    let ages: Vec<&'static str> = AGES.iter().map(|a| a.0).collect();
    let caseworker = match q.trimmed("cw") {
        "none" => Some(None),
        v => v.parse::<i64>().ok().map(|i| Some(UserId(i))),
    };
    Asked {
        phases,
        due: pick("due", &DUE_CODES),
        caseworker,
        team: q.trimmed("team").parse::<i64>().ok().map(TeamId),
        age: pick("age", &ages),
        basis: pick("basis", &BASIS_CODES),
        sort: SortKey::from_code(q.trimmed("sort")),
        desc: q.trimmed("dir") == "desc",
        page: q
            .trimmed("page")
            .parse::<usize>()
            .ok()
            .filter(|p| *p >= 1 && *p <= 100_000)
            .unwrap_or(1),
    }
}

impl Asked {
    /// The query string of this choice (`page` and the sort left out when
    /// `None`), for links.
    fn query(&self, sort: Option<(SortKey, bool)>, page: Option<usize>) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        for p in &self.phases {
            pairs.push(("phase", p.to_string()));
        }
        if let Some(d) = self.due {
            pairs.push(("due", d.into()));
        }
        match self.caseworker {
            Some(Some(u)) => pairs.push(("cw", u.0.to_string())),
            Some(None) => pairs.push(("cw", "none".into())),
            None => {}
        }
        if let Some(t) = self.team {
            pairs.push(("team", t.0.to_string()));
        }
        if let Some(a) = self.age {
            pairs.push(("age", a.into()));
        }
        if let Some(b) = self.basis {
            pairs.push(("basis", b.into()));
        }
        if let Some((k, desc)) = sort {
            pairs.push(("sort", k.code().into()));
            if desc {
                pairs.push(("dir", "desc".into()));
            }
        }
        if let Some(p) = page.filter(|p| *p > 1) {
            pairs.push(("page", p.to_string()));
        }
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    }
}

/// A row as shown.
pub struct ListRow {
    case_href: String,
    child: PersonView,
    age: String,
    phase: String,
    draft: bool,
    days: String,
    next_what: String,
    next_date: String,
    next_href: String,
    status: String,
    status_class: &'static str,
    caseworker: String,
    opened_on: String,
}

/// A column heading, with its sort link.
pub struct Head {
    label: String,
    href: String,
    /// `ascending`/`descending` on the sorted column.
    aria_sort: Option<&'static str>,
}

/// A choice of a filter's select.
pub struct Opt {
    value: String,
    label: String,
    selected: bool,
}

/// A count that links to the list filtered by it.
pub struct Chip {
    text: String,
    href: String,
    class: &'static str,
    current: bool,
}

#[derive(Template)]
#[template(path = "caseload.html")]
struct CaseloadPage {
    l: Layout,
    heading: String,
    action: String,
    unit_view: bool,
    tabs: Vec<crate::view::NavItem>,
    phases: Vec<Opt>,
    dues: Vec<Opt>,
    caseworkers: Vec<Opt>,
    teams: Vec<Opt>,
    ages: Vec<Opt>,
    bases: Vec<Opt>,
    sort: String,
    dir: String,
    heads: Vec<Head>,
    chips: Vec<Chip>,
    rows: Vec<ListRow>,
    total: usize,
    /// "26–50".
    range: String,
    /// "2 / 6".
    page_label: String,
    pages: usize,
    prev_href: Option<String>,
    next_href: Option<String>,
    filtered: bool,
    notice: Option<String>,
}

/// A case of the list, with what filtering and sorting need.
struct Item {
    row: CaseloadRow,
    sees: bool,
    age: Option<i16>,
    days: Option<i64>,
    status: Option<DueStatus>,
    sort_name: String,
}

fn age_on(birth: Date, today: Date) -> i16 {
    let mut years = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years.max(0)
}

fn phase_rank(code: &str) -> usize {
    PHASES
        .iter()
        .position(|p| p.code() == code)
        .unwrap_or(PHASES.len())
}

/// `None` sorts last whichever the direction.
fn cmp_opt<T: Ord>(a: &Option<T>, b: &Option<T>, desc: bool) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => {
            if desc {
                y.cmp(x)
            } else {
                x.cmp(y)
            }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn compare(a: &Item, b: &Item, key: SortKey, desc: bool) -> Ordering {
    let flip = |o: Ordering| if desc { o.reverse() } else { o };
    let primary = match key {
        SortKey::Child => flip(a.sort_name.cmp(&b.sort_name)),
        SortKey::Age => cmp_opt(&a.age, &b.age, desc),
        SortKey::Phase => flip(phase_rank(&a.row.phase).cmp(&phase_rank(&b.row.phase))),
        SortKey::Days => cmp_opt(&a.days, &b.days, desc),
        SortKey::Deadline => cmp_opt(
            &a.row.next.as_ref().map(|n| (n.planning_date, n.legal_date)),
            &b.row.next.as_ref().map(|n| (n.planning_date, n.legal_date)),
            desc,
        ),
        SortKey::Caseworker => flip(a.row.caseworker_name.cmp(&b.row.caseworker_name)),
        SortKey::Opened => flip(a.row.opened_on.cmp(&b.row.opened_on)),
    };
    primary.then_with(|| a.row.case.to_string().cmp(&b.row.case.to_string()))
}

/// `GET /caseload`: the user's own cases.
pub async fn mine(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    crate::request::ClientAddr(addr): crate::request::ClientAddr,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    list(state, tr, user, addr, query, false).await
}

/// `GET /caseload/unit`: every open case of the manager's unit.
pub async fn unit(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    crate::request::ClientAddr(addr): crate::request::ClientAddr,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    list(state, tr, user, addr, query, true).await
}

async fn list(
    state: AppState,
    tr: Tr,
    user: CurrentUser,
    addr: String,
    query: Option<String>,
    unit_view: bool,
) -> Result<Response, WebError> {
    let q = FormData::parse(query.unwrap_or_default().as_bytes());
    let a = asked(&q);
    let today = state.today();
    let store = state.store();
    let who = user.subject();
    let users = store.users().await?;
    let teams: Vec<tillit_store::Team> = match user.unit {
        Some(u) if unit_view => store
            .teams()
            .await?
            .into_iter()
            .filter(|t| t.unit == u)
            .collect(),
        _ => Vec::new(),
    };
    let mut notice = None;
    // What the store filters: the unit or the user, the phases, the basis.
    let mut filter = CaseloadFilter {
        phases: a.phases.iter().map(|p| p.to_string()).collect(),
        ..Default::default()
    };
    match a.basis {
        Some("sol") => filter.lvu_ground = Some(None),
        Some("lvu") => filter.any_lvu = true,
        Some(code) => filter.lvu_ground = Some(Some(code.to_string())),
        None => {}
    }
    let mut unit_caseworkers: Vec<(UserId, String)> = Vec::new();
    if unit_view {
        let Some(unit) = user.unit else {
            notice = Some(tr.t("worklist-no-unit"));
            return render(tr, &user, &a, unit_view, Vec::new(), 0, notice, &[], &[], today);
        };
        filter.unit = Some(unit);
        unit_caseworkers = users
            .iter()
            .filter(|u| u.unit == Some(unit) && crate::permissions::handles_cases(u.role))
            .map(|u| (u.id, u.display_name.clone()))
            .collect();
        match a.caseworker {
            Some(Some(cw)) => filter.caseworkers = Some(vec![cw]),
            Some(None) => filter.unassigned = true,
            None => {}
        }
        if let Some(team) = a.team {
            let members: Vec<UserId> = users
                .iter()
                .filter(|u| u.team == Some(team) && u.unit == Some(unit))
                .map(|u| u.id)
                .collect();
            filter.caseworkers = Some(match &filter.caseworkers {
                Some(one) => one.iter().filter(|u| members.contains(u)).copied().collect(),
                None => members,
            });
        }
    } else {
        filter.caseworkers = Some(vec![user.id]);
    }
    let rows = store.caseload(&filter).await?;

    let mut items: Vec<Item> = rows
        .into_iter()
        .filter_map(|row| {
            let scope = CaseScope {
                unit: row.unit,
                caseworker: row.caseworker,
            };
            // The filter already limits the list; the rule stays in one place.
            if !may_read_case(who, scope) {
                return None;
            }
            let sees = sees_protected_in_case(who, scope);
            let masked = row.child.protected && !sees;
            let age = if masked {
                None
            } else {
                row.child.birth_date.map(|b| age_on(b, today))
            };
            let sort_name = if masked {
                tr.t("protected-identity").to_lowercase()
            } else {
                format!("{} {}", row.child.family_name, row.child.given_name).to_lowercase()
            };
            let status = row
                .next
                .as_ref()
                .map(|n| DueStatus::of(n.legal_date < today, n.planning_date, today));
            let days = row.phase_since.map(|d| (today - d).get_days().into());
            Some(Item {
                row,
                sees,
                age,
                days,
                status,
                sort_name,
            })
        })
        .collect();
    // Age, then count the deadline statuses (the chips) before that filter.
    if let Some(code) = a.age
        && let Some((_, from, to)) = AGES.iter().find(|x| x.0 == code)
    {
        items.retain(|i| i.age.is_some_and(|y| y >= *from && y <= *to));
    }
    let mut counts = [0usize; 5];
    for i in &items {
        let idx = match i.status {
            Some(s) => DueStatus::ALL.iter().position(|x| *x == s).unwrap_or(3),
            None => 4,
        };
        counts[idx] += 1;
    }
    let before_due = items.len();
    if let Some(due) = a.due {
        items.retain(|i| match i.status {
            Some(s) => s.code() == due,
            None => due == "none",
        });
    }
    let key = a.sort.unwrap_or(SortKey::Deadline);
    items.sort_by(|x, y| compare(x, y, key, a.desc));

    let total = items.len();
    let pages = total.div_ceil(PER_PAGE).max(1);
    let page = a.page.min(pages);
    let start = (page - 1) * PER_PAGE;
    let page_items: Vec<Item> = items.into_iter().skip(start).take(PER_PAGE).collect();

    // Only the children shown are logged, before the page is sent.
    let mut log = PageLog::new(&user, &addr, AccessKind::List)?;
    let shown: Vec<ListRow> = page_items
        .into_iter()
        .map(|i| {
            log.add(&i.row.child, Some((i.row.case, i.row.unit)));
            let phase = PHASES
                .iter()
                .chain(std::iter::once(&Phase::Closed))
                .find(|p| p.code() == i.row.phase)
                .map(|p| tr.label("phase", p.code(), p.label()))
                .unwrap_or_else(|| i.row.phase.clone());
            let (next_what, next_date, next_href) = match &i.row.next {
                Some(n) => (
                    tr.label("deadline", &n.kind_code, &n.label),
                    n.planning_date.to_string(),
                    crate::pages::steps::link_for_deadline(i.row.case, &n.kind_code, n.item),
                ),
                None => (tr.t("caseload-no-deadline"), String::new(), String::new()),
            };
            ListRow {
                case_href: format!("/cases/{}", i.row.case),
                child: PersonView::new(tr, &i.row.child, i.sees),
                age: i.age.map(|y| y.to_string()).unwrap_or_default(),
                phase,
                draft: i.row.has_draft,
                days: i.days.map(|d| d.to_string()).unwrap_or_default(),
                next_what,
                next_date,
                next_href,
                status: i
                    .status
                    .map(|s| s.label(tr))
                    .unwrap_or_else(|| tr.t("caseload-due-none")),
                status_class: i.status.map(|s| s.code()).unwrap_or("none"),
                caseworker: if i.row.caseworker.is_some() {
                    i.row.caseworker_name.clone()
                } else {
                    tr.t("case-unassigned")
                },
                opened_on: i.row.opened_on.to_string(),
            }
        })
        .collect();
    log.write(&state).await?;
    if total == 0 {
        notice = Some(tr.t("caseload-empty"));
    }
    let chips = {
        let base = if unit_view { "/caseload/unit" } else { "/caseload" };
        let mut out = vec![Chip {
            text: tr.n("caseload-count-all", before_due),
            href: {
                let mut x = a.clone();
                x.due = None;
                format!("{base}?{}", x.query(a.sort.map(|k| (k, a.desc)), None))
            },
            class: "total",
            current: a.due.is_none(),
        }];
        for (idx, code) in DUE_CODES.iter().enumerate() {
            let mut x = a.clone();
            x.due = Some(code);
            out.push(Chip {
                text: tr.n(&format!("caseload-count-{code}"), counts[idx]),
                href: format!("{base}?{}", x.query(a.sort.map(|k| (k, a.desc)), None)),
                class: code,
                current: a.due == Some(*code),
            });
        }
        out
    };
    let mut p = render_page(tr, &user, &a, unit_view, shown, total, notice, &unit_caseworkers, &teams, page, pages);
    p.chips = chips;
    html(&p)
}

#[allow(clippy::too_many_arguments)]
fn render(
    tr: Tr,
    user: &CurrentUser,
    a: &Asked,
    unit_view: bool,
    rows: Vec<ListRow>,
    total: usize,
    notice: Option<String>,
    caseworkers: &[(UserId, String)],
    teams: &[tillit_store::Team],
    _today: Date,
) -> Result<Response, WebError> {
    html(&render_page(
        tr,
        user,
        a,
        unit_view,
        rows,
        total,
        notice,
        caseworkers,
        teams,
        1,
        1,
    ))
}

#[allow(clippy::too_many_arguments)]
fn render_page(
    tr: Tr,
    user: &CurrentUser,
    a: &Asked,
    unit_view: bool,
    rows: Vec<ListRow>,
    total: usize,
    notice: Option<String>,
    caseworkers: &[(UserId, String)],
    teams: &[tillit_store::Team],
    page: usize,
    pages: usize,
) -> CaseloadPage {
    let base = if unit_view { "/caseload/unit" } else { "/caseload" };
    let key = a.sort.unwrap_or(SortKey::Deadline);
    let mut keys = vec![SortKey::Child, SortKey::Age, SortKey::Phase, SortKey::Days, SortKey::Deadline];
    if unit_view {
        keys.push(SortKey::Caseworker);
    }
    keys.push(SortKey::Opened);
    let heads = keys
        .into_iter()
        .map(|k| {
            let sorted = k == key;
            // A click on the sorted column turns it; on another sorts it
            // ascending.
            let desc = sorted && !a.desc;
            Head {
                label: tr.t(&format!("caseload-col-{}", k.code())),
                href: format!("{base}?{}", a.query(Some((k, desc)), None)),
                aria_sort: sorted.then_some(if a.desc { "descending" } else { "ascending" }),
            }
        })
        .collect();
    let opt = |value: String, label: String, selected: bool| Opt {
        value,
        label,
        selected,
    };
    let any = |selected: bool| opt(String::new(), tr.t("caseload-any"), selected);
    let mut phases = vec![any(a.phases.is_empty())];
    phases.extend(PHASES.iter().map(|p| {
        opt(
            p.code().into(),
            tr.label("phase", p.code(), p.label()),
            a.phases.len() == 1 && a.phases[0] == p.code(),
        )
    }));
    let mut dues = vec![any(a.due.is_none())];
    dues.extend(DUE_CODES.iter().map(|c| {
        opt(
            c.to_string(),
            tr.t(&format!("caseload-due-{c}")),
            a.due == Some(*c),
        )
    }));
    let mut cws = vec![any(a.caseworker.is_none())];
    if unit_view {
        cws.push(opt(
            "none".into(),
            tr.t("case-unassigned"),
            a.caseworker == Some(None),
        ));
        cws.extend(caseworkers.iter().map(|(id, name)| {
            opt(id.0.to_string(), name.clone(), a.caseworker == Some(Some(*id)))
        }));
    }
    let mut team_opts = vec![any(a.team.is_none())];
    team_opts.extend(
        teams
            .iter()
            .map(|t| opt(t.id.0.to_string(), t.name.clone(), a.team == Some(t.id))),
    );
    let mut ages = vec![any(a.age.is_none())];
    ages.extend(AGES.iter().map(|(c, _, _)| {
        opt(
            c.to_string(),
            tr.t1("caseload-age-band", "band", c.to_string()),
            a.age == Some(*c),
        )
    }));
    let mut bases = vec![any(a.basis.is_none())];
    bases.extend(BASIS_CODES.iter().map(|c| {
        opt(
            c.to_string(),
            tr.t(&format!("caseload-basis-{c}")),
            a.basis == Some(*c),
        )
    }));
    let heading = if unit_view {
        tr.t("caseload-title-unit")
    } else {
        tr.t("caseload-title")
    };
    let tabs = if allowed(user.role, Permission::ViewUnitWorklist) {
        vec![
            crate::view::NavItem {
                href: "/caseload".into(),
                label: tr.t("caseload-tab-mine"),
                current: !unit_view,
            },
            crate::view::NavItem {
                href: "/caseload/unit".into(),
                label: tr.t("caseload-tab-unit"),
                current: unit_view,
            },
        ]
    } else {
        Vec::new()
    };
    let shown_from = if total == 0 { 0 } else { (page - 1) * PER_PAGE + 1 };
    let shown_to = ((page - 1) * PER_PAGE + rows.len()).min(total);
    let sort = a.sort.map(|k| k.code()).unwrap_or_default().to_string();
    CaseloadPage {
        l: Layout::new(tr, user, heading.clone(), Section::Caseload),
        heading,
        action: base.into(),
        unit_view,
        tabs,
        phases,
        dues,
        caseworkers: cws,
        teams: team_opts,
        ages,
        bases,
        sort,
        dir: if a.desc { "desc".into() } else { String::new() },
        heads,
        chips: Vec::new(),
        rows,
        total,
        range: format!("{shown_from}–{shown_to}"),
        page_label: format!("{page} / {pages}"),
        pages,
        prev_href: (page > 1)
            .then(|| format!("{base}?{}", a.query(a.sort.map(|k| (k, a.desc)), Some(page - 1)))),
        next_href: (page < pages)
            .then(|| format!("{base}?{}", a.query(a.sort.map(|k| (k, a.desc)), Some(page + 1)))),
        filtered: *a != Asked {
            sort: a.sort,
            desc: a.desc,
            page: a.page,
            ..Default::default()
        },
        notice,
    }
}

/// This page's routes, each with the access it requires.
pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::{Access::*, Permission::*};
    r.get("/caseload", Requires(ViewOwnWorklist), mine)
        .get("/caseload/unit", Requires(ViewUnitWorklist), unit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_choice_round_trips_through_the_url() {
        let a = Asked {
            phases: vec!["received", "investigating"],
            due: Some("overdue"),
            caseworker: Some(Some(UserId(7))),
            team: Some(TeamId(2)),
            age: Some("13-17"),
            basis: Some("lvu2"),
            sort: Some(SortKey::Days),
            desc: true,
            page: 3,
        };
        let q = a.query(Some((SortKey::Days, true)), Some(3));
        assert_eq!(asked(&FormData::parse(q.as_bytes())), a);
        assert_eq!(age_on(jiff::civil::date(2010, 3, 11), jiff::civil::date(2026, 3, 10)), 15);
        assert_eq!(age_on(jiff::civil::date(2010, 3, 10), jiff::civil::date(2026, 3, 10)), 16);
    }

    proptest! {
        // Whatever the URL says, the choice is made of known values.
        #[test]
        fn any_query_gives_a_known_choice(s in any::<String>()) {
            let a = asked(&FormData::parse(s.as_bytes()));
            prop_assert!(a.page >= 1);
            prop_assert!(a.due.is_none_or(|d| DUE_CODES.contains(&d)));
            prop_assert!(a.basis.is_none_or(|b| BASIS_CODES.contains(&b)));
            let again = asked(&FormData::parse(a.query(a.sort.map(|k| (k, a.desc)), Some(a.page)).as_bytes()));
            prop_assert_eq!(again, a);
        }
    }
}
