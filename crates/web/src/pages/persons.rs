//! Finding a person, and the person page.

use crate::AppState;
use crate::access::{
    Found, cases_of_person, cases_of_persons, emergency_cases, found_by_number, sees_person,
    with_emergency,
};
use crate::audit::{Reader, log_reads};
use crate::error::WebError;
use crate::forms::Query;
use crate::i18n::Tr;
use crate::permissions::{
    CaseScope, Permission, allowed, current_cases, handles_cases, lists_relative, may_read_case,
    may_view_person, sees_protected_identity, shows_address, shows_relations,
};
use crate::request::ClientAddr;
use crate::session::CurrentUser;
use crate::view::{Layout, PersonView, Section, html};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use tillit_domain::case::Phase;
use tillit_domain::identity::{IdentityKind, IdentityNumber};
use tillit_domain::person::Person;
use tillit_domain::person_query::{MAX_NAME_WORDS, PersonQuery, PersonQueryError};
use tillit_domain::{CaseId, PersonId, UnitId};
use tillit_store::{AccessKind, CaseSummary, NameSearch, PersonScope, Store};

/// The most hits a name search shows.
const MAX_HITS: u32 = 50;

#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

struct Hit {
    person: PersonView,
    birth_date: String,
}

#[derive(Template)]
#[template(path = "persons.html")]
struct SearchPage {
    l: Layout,
    q: String,
    error: Option<String>,
    searched: bool,
    hits: Vec<Hit>,
    /// Units whose cases hold the person searched for by number, when the
    /// user may see none of them (with the way to emergency access).
    other_units: Vec<ElsewhereCase>,
    /// There are more hits than shown: how to narrow the search.
    more: Option<String>,
}

struct RelationRow {
    kind: String,
    person: PersonView,
}

struct CaseRow {
    href: String,
    opened_on: String,
    closed_on: String,
    phase: String,
    unit: String,
}

#[derive(Template)]
#[template(path = "person.html")]
struct PersonPage {
    l: Layout,
    person: PersonView,
    kind: String,
    birth_date: String,
    gender: String,
    address: Option<String>,
    relations: Vec<RelationRow>,
    children: Vec<RelationRow>,
    /// The person is masked: their relations are not shown either.
    relations_hidden: bool,
    cases: Vec<CaseRow>,
    hidden_cases: usize,
    /// The hidden cases, with the way to emergency access.
    other_units: Vec<ElsewhereCase>,
}

/// A case the user may not read, offered for emergency access.
struct ElsewhereCase {
    unit: String,
    href: String,
}

/// The unit names, by id.
async fn unit_names(store: &Store) -> Result<HashMap<UnitId, String>, WebError> {
    Ok(store
        .units()
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

fn elsewhere(
    tr: Tr,
    units: &HashMap<UnitId, String>,
    cases: &[&CaseSummary],
) -> Vec<ElsewhereCase> {
    cases
        .iter()
        .map(|c| ElsewhereCase {
            unit: units
                .get(&c.unit)
                .cloned()
                .unwrap_or_else(|| tr.t("unknown")),
            href: format!("/emergency?case={}", c.id),
        })
        .collect()
}

/// `GET /persons?q=`: by identity number in any written form, or by name
/// with an optional year of birth ([`PersonQuery`] says which).
///
/// Only persons the user may see are listed: persons in cases the user may
/// read (or holds emergency access to), and persons in no case yet. A
/// search by number shows the one person, masked if protected; a person
/// known only in other units' cases is not shown, but the search says which
/// units have them and offers emergency access. A search by name lists the
/// first [`MAX_HITS`] persons *the user* may see, in name order
/// ([`visible_by_name`]), and says when there are more; it also leaves out
/// protected persons the user may not see: listing them, even masked, would
/// tell that someone by that name is protected, and they are not counted
/// either. Every person listed is written to the access log (one row per
/// person) before the page is shown.
pub async fn search(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    ClientAddr(addr): ClientAddr,
    Query(sq): Query<SearchQuery>,
) -> Result<Response, WebError> {
    let q = sq.q.trim().to_string();
    let store = state.store();
    let reader = Reader::new(&user, &addr)?;
    let mut logged = Vec::new();
    let mut error = None;
    let mut hits = Vec::new();
    let mut other_units = Vec::new();
    let mut more = false;
    let searched = !q.is_empty();
    if searched {
        match PersonQuery::parse(&q, state.today()) {
            Err(e) => error = Some(query_error(tr, e)),
            Ok(PersonQuery::Empty) => {}
            Ok(PersonQuery::Number(n)) => {
                if let Some(p) = store.person_by_identity_number(&n.format_long()).await? {
                    let (found, entry) = found_by_number(store, &user, &reader, &p).await?;
                    logged.push(entry);
                    match found {
                        Found::Shown { may_see } => hits.push(hit(tr, &p, may_see)),
                        Found::Elsewhere(hidden) => {
                            let units = unit_names(store).await?;
                            let hidden: Vec<&CaseSummary> = hidden.iter().collect();
                            other_units = elsewhere(tr, &units, &hidden);
                        }
                    }
                }
            }
            Ok(PersonQuery::Name { words, birth_year }) => {
                let found = visible_by_name(store, &user, &words, birth_year).await?;
                more = found.len() > MAX_HITS as usize;
                for p in found.iter().take(MAX_HITS as usize) {
                    logged.push(reader.person_read(AccessKind::Search, p, None, None));
                    hits.push(hit(tr, p, true));
                }
            }
        }
    }
    log_reads(&state, &logged).await?;
    tracing::info!(user_id = %user.id, hits = hits.len(), "person search");
    let p = SearchPage {
        l: Layout::new(tr, &user, tr.t("persons-title"), Section::Persons),
        q,
        error,
        searched,
        hits,
        other_units,
        more: more.then(|| tr.t1("persons-more", "max", MAX_HITS)),
    };
    html(&p)
}

/// The hits of a name search that `user` may see, sorted, at most
/// `MAX_HITS + 1` (one more than shown, to tell that there are more).
///
/// The store reads the name index in the hit list's order, limited to the
/// persons `user` may view ([`may_view_person`] as a condition on the
/// database: [`search_scope`]), so a caseworker gets the first persons
/// they may see however many of that name the register holds. Every
/// candidate is then checked again here with the rules themselves, and a
/// protected person the user may not see ([`sees_protected_identity`]) is
/// dropped without being counted; if that leaves too few, the next page
/// of the index is read (after the last candidate).
async fn visible_by_name(
    store: &Store,
    user: &CurrentUser,
    words: &str,
    birth_year: Option<i16>,
) -> Result<Vec<Person>, WebError> {
    let who = user.subject();
    if !handles_cases(user.role) {
        return Ok(Vec::new());
    }
    let grants = emergency_cases(store, user).await?;
    let scope = search_scope(user, &grants);
    let wanted = MAX_HITS as usize + 1;
    let mut accepted: Vec<Person> = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let batch = store
            .search_persons(&NameSearch {
                query: words,
                birth_year,
                scope: Some(&scope),
                after: after.as_deref(),
                limit: MAX_HITS + 1,
            })
            .await?;
        let exhausted = batch.len() <= MAX_HITS as usize;
        after = batch.last().map(|h| h.sort_key.clone());
        // The same rules as person_visible and sees, for every candidate at
        // once: a few queries, not a few per candidate.
        let ids: Vec<PersonId> = batch.iter().map(|h| h.person.id).collect();
        let cases = cases_of_persons(store, &ids).await?;
        for h in batch {
            let p = h.person;
            let mine = cases.get(&p.id).map(Vec::as_slice).unwrap_or_default();
            let scopes: Vec<(CaseScope, bool)> = mine
                .iter()
                .map(|c| (CaseScope::of(c), grants.contains(&c.id)))
                .collect();
            let visible = may_view_person(who, &scopes);
            let sees = !p.protected || sees_protected_identity(who, &current_cases(mine));
            if visible && sees {
                accepted.push(p);
                if accepted.len() == wanted {
                    return Ok(accepted);
                }
            }
        }
        if exhausted {
            return Ok(accepted);
        }
    }
}

/// [`may_view_person`] as the store applies it to a search: persons in no
/// case, and persons with a case (their own or a related child's) in the
/// user's unit, assigned to the user, or under the user's valid emergency
/// access.
fn search_scope(user: &CurrentUser, grants: &HashSet<CaseId>) -> PersonScope {
    let mut cases: Vec<CaseId> = grants.iter().copied().collect();
    cases.sort();
    PersonScope {
        unit: user.unit,
        caseworker: user.id,
        cases,
    }
}

/// The message for a query that cannot be searched.
fn query_error(tr: Tr, e: PersonQueryError) -> String {
    match e {
        PersonQueryError::Number(e) => e.to_string(),
        PersonQueryError::YearWithoutName => tr.t("persons-error-year-without-name"),
        PersonQueryError::SeveralYears => tr.t("persons-error-several-years"),
        PersonQueryError::NameWithDigits => tr.t("persons-error-name-with-digits"),
        PersonQueryError::TooManyWords => tr.t1("persons-error-too-many-words", "max", MAX_NAME_WORDS),
    }
}

fn hit(tr: Tr, p: &Person, may_see: bool) -> Hit {
    let person = PersonView::new(tr, p, may_see);
    let birth_date = if person.masked {
        String::new()
    } else {
        p.birth_date.map(|d| d.to_string()).unwrap_or_default()
    };
    Hit { person, birth_date }
}

/// `GET /persons/{id}`: identity, relations, cases. A person the user may
/// not see (only in other units' cases) is "not found". The person and
/// everyone listed on the page are written to the access log first.
pub async fn person_page(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id: PersonId = id.parse().map_err(|_| WebError::NotFound)?;
    let store = state.store();
    let p = store.person(id).await?.ok_or(WebError::NotFound)?;
    let who = user.subject();
    let all_cases = cases_of_person(store, id).await?;
    let all_scopes = with_emergency(store, &user, &all_cases).await?;
    if !may_view_person(who, &all_scopes) {
        tracing::info!(user_id = %user.id, "person refused: only in other units' cases");
        return Err(WebError::NotFound);
    }
    let cases = store.cases_for_person(id).await?;
    let scopes: Vec<CaseScope> = cases.iter().map(CaseScope::of).collect();
    let emergency: Vec<bool> = cases
        .iter()
        .map(|c| {
            all_cases
                .iter()
                .zip(&all_scopes)
                .any(|(a, (_, e))| a.id == c.id && *e)
        })
        .collect();
    let may_see = !p.protected || sees_protected_identity(who, &current_cases(&all_cases));
    let person = PersonView::new(tr, &p, may_see);

    let units = unit_names(store).await?;
    let mut hidden: Vec<&CaseSummary> = Vec::new();
    let mut case_rows = Vec::new();
    for ((c, scope), emergency) in cases.iter().zip(&scopes).zip(&emergency) {
        if !may_read_case(who, *scope) && !*emergency {
            hidden.push(c);
            continue;
        }
        let phase = phase_label(tr, &c.phase);
        case_rows.push(CaseRow {
            href: format!("/cases/{}", c.id),
            opened_on: c.opened_on.to_string(),
            closed_on: c.closed_on.map(|d| d.to_string()).unwrap_or_default(),
            phase,
            unit: units
                .get(&c.unit)
                .cloned()
                .unwrap_or_else(|| tr.t("unknown")),
        });
    }
    let hidden_cases = hidden.len();
    let other_units = if allowed(user.role, Permission::RequestEmergencyAccess) {
        elsewhere(tr, &units, &hidden)
    } else {
        Vec::new()
    };

    // The person and everyone listed, in one write before the page is sent.
    // A protected person's relations are protected with them (see
    // permissions.rs): a masked person's page lists nobody, a protected
    // relative the user may not see is listed nowhere, and the address of
    // anyone related to such a relative is not shown.
    let reader = Reader::new(&user, &addr)?;
    let mut logged = vec![reader.person_read(AccessKind::Person, &p, None, None)];
    let masked = person.masked;
    let mut relatives: Vec<(bool, bool)> = Vec::new();
    let mut relations = Vec::new();
    let mut children = Vec::new();
    let related = store
        .relations(id)
        .await?
        .into_iter()
        .map(|r| (false, r))
        .chain(
            store
                .related_children(id)
                .await?
                .into_iter()
                .map(|r| (true, r)),
        );
    for (is_child, (kind, other)) in related {
        let may = sees_person(store, who, &other).await?;
        relatives.push((other.protected, may));
        if !shows_relations(masked) || !lists_relative(other.protected, may) {
            continue;
        }
        logged.push(reader.person_read(AccessKind::Relation, &other, None, None));
        let row = RelationRow {
            kind: tr.label("relation", relation_code(kind), kind.label()),
            person: PersonView::new(tr, &other, may),
        };
        if is_child {
            children.push(row);
        } else {
            relations.push(row);
        }
    }
    log_reads(&state, &logged).await?;

    let address = if masked || !shows_address(p.protected, may_see, &relatives) {
        None
    } else {
        p.address.clone()
    };
    let title = tr.t("person-title");
    let page = PersonPage {
        l: Layout::new(tr, &user, title, Section::Persons),
        kind: if masked {
            String::new()
        } else {
            p.identity_number
                .as_deref()
                .and_then(|n| IdentityNumber::parse_long_form(n).ok())
                .map(|n| n.kind())
                // Only worth saying when it is not an ordinary personnummer.
                .filter(|k| *k != IdentityKind::Personnummer)
                .map(|k| k.label().to_string())
                .unwrap_or_default()
        },
        birth_date: if masked {
            String::new()
        } else {
            p.birth_date.map(|d| d.to_string()).unwrap_or_default()
        },
        gender: if masked {
            String::new()
        } else {
            tr.label("gender", p.gender.code(), p.gender.label())
        },
        person,
        address,
        relations,
        children,
        relations_hidden: !shows_relations(masked),
        cases: case_rows,
        hidden_cases,
        other_units,
    };
    html(&page)
}

fn relation_code(kind: tillit_domain::person::RelationKind) -> &'static str {
    use tillit_domain::person::RelationKind::*;
    match kind {
        Guardian => "guardian",
        Parent => "parent",
        Sibling => "sibling",
        Network => "network",
    }
}

/// Every phase, for reading the store's phase codes back.
const PHASES: [Phase; 7] = [
    Phase::Received,
    Phase::Assessed,
    Phase::Investigating,
    Phase::Intervening,
    Phase::FollowingUp,
    Phase::InterventionEnded,
    Phase::Closed,
];

fn phase_label(tr: Tr, code: &str) -> String {
    PHASES
        .iter()
        .find(|p| p.code() == code)
        .map(|p| tr.label("phase", p.code(), p.label()))
        .unwrap_or_else(|| code.to_string())
}

/// This page's routes, each with the access it requires.
pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::{Access::*, Permission::*};
    r.get("/persons", Requires(SearchPersons), search).get(
        "/persons/{id}",
        Requires(ViewPerson),
        person_page,
    )
}
