//! Applying the record rules of [`crate::permissions`] to what the store
//! holds: opening a case for reading (by unit, assignment or emergency
//! access, logged before anything is shown) and deciding whether a person
//! may be shown.
//!
//! Handlers that show a case call [`read_case`]; the rules themselves stay
//! in `permissions.rs`.

use crate::AppState;
use crate::audit::{Reader, log_reads};
use crate::error::WebError;
use crate::i18n::Tr;
use crate::pages::emergency::case_not_found;
use crate::permissions::{
    CaseScope, Subject, current_cases, may_read_case, may_view_person, sees_protected_identity,
};
use crate::session::CurrentUser;
use axum::response::Response;
use jiff::Timestamp;
use std::collections::{HashMap, HashSet};
use tillit_domain::person::Person;
use tillit_domain::{CaseId, PersonId};
use tillit_store::{AccessEntry, AccessKind, CaseSummary, EmergencyGrant, Store};

/// A case the user may read, its read already logged.
#[derive(Clone, Debug)]
pub struct OpenedCase {
    pub summary: CaseSummary,
    pub scope: CaseScope,
    /// The case's child (`None` only if the store lacks the person).
    pub child: Option<Person>,
    /// Set when the user reads the case through emergency access.
    pub emergency: Option<EmergencyGrant>,
}

/// The outcome of [`read_case`].
#[derive(Debug)]
pub enum CaseAccess {
    Granted(Box<OpenedCase>),
    /// The "not found" page to answer with: the same for a case that does
    /// not exist and one the user may not read, with the way to ask for
    /// emergency access for those who may.
    Refused(Response),
}

/// Open case `id` (as written in the URL) for reading by `user`: by unit or
/// assignment, or through valid emergency access. The read of the child is
/// written to the access log before this returns; if that fails, so does
/// this, and nothing may be shown.
pub async fn read_case(
    state: &AppState,
    tr: Tr,
    user: &CurrentUser,
    client_addr: &str,
    id: &str,
) -> Result<CaseAccess, WebError> {
    let refused = || case_not_found(tr, user, id);
    let Ok(case_id) = id.parse::<CaseId>() else {
        return Ok(CaseAccess::Refused(refused()?));
    };
    let store = state.store();
    let Some(summary) = store.case_summary(case_id).await? else {
        return Ok(CaseAccess::Refused(refused()?));
    };
    let scope = CaseScope::of(&summary);
    let emergency = if may_read_case(user.subject(), scope) {
        None
    } else {
        match store
            .emergency_access(user.id, case_id, Timestamp::now())
            .await?
        {
            Some(g) if crate::permissions::handles_cases(user.role) => Some(g),
            _ => {
                tracing::info!(user_id = %user.id, "case refused: not in the user's unit or assignment");
                return Ok(CaseAccess::Refused(refused()?));
            }
        }
    };
    let child = store.person(summary.child).await?;
    if let Some(p) = &child {
        let reader = Reader::new(user, client_addr)?;
        let entry = reader.person_read(AccessKind::Case, p, Some(&summary), emergency.as_ref());
        log_reads(state, &[entry]).await?;
    }
    Ok(CaseAccess::Granted(Box::new(OpenedCase {
        summary,
        scope,
        child,
        emergency,
    })))
}

/// The cases a person is part of: their own, and those of the children
/// they are related to (guardian, parent, sibling, network), without
/// duplicates.
pub async fn cases_of_person(
    store: &Store,
    person: PersonId,
) -> Result<Vec<CaseSummary>, WebError> {
    let mut cases = store.cases_for_person(person).await?;
    let mut seen: HashSet<CaseId> = cases.iter().map(|c| c.id).collect();
    for (_, child) in store.related_children(person).await? {
        for c in store.cases_for_person(child.id).await? {
            if seen.insert(c.id) {
                cases.push(c);
            }
        }
    }
    Ok(cases)
}

/// [`cases_of_person`] for many persons at once, in three queries whatever
/// their number (a search's hits): each person's own cases, then the cases
/// of the children they are related to.
pub async fn cases_of_persons(
    store: &Store,
    persons: &[PersonId],
) -> Result<HashMap<PersonId, Vec<CaseSummary>>, WebError> {
    let links = store.children_related_to(persons).await?;
    let mut children: Vec<PersonId> = persons.to_vec();
    children.extend(links.iter().map(|(_, child)| *child));
    children.sort();
    children.dedup();
    let mut by_child: HashMap<PersonId, Vec<CaseSummary>> = HashMap::new();
    for c in store.cases_for_persons(&children).await? {
        by_child.entry(c.child).or_default().push(c);
    }
    let mut out = HashMap::new();
    for p in persons {
        let mut cases: Vec<CaseSummary> = by_child.get(p).cloned().unwrap_or_default();
        let mut seen: HashSet<CaseId> = cases.iter().map(|c| c.id).collect();
        for (_, child) in links.iter().filter(|(other, _)| other == p) {
            for c in by_child.get(child).into_iter().flatten() {
                if seen.insert(c.id) {
                    cases.push(c.clone());
                }
            }
        }
        out.insert(*p, cases);
    }
    Ok(out)
}

/// The cases the user holds valid emergency access to now.
pub async fn emergency_cases(
    store: &Store,
    user: &CurrentUser,
) -> Result<HashSet<CaseId>, WebError> {
    Ok(store
        .emergency_access_of_user(user.id, Timestamp::now())
        .await?
        .into_iter()
        .map(|g| g.case)
        .collect())
}

/// Which of `cases` the user holds valid emergency access to.
pub async fn with_emergency(
    store: &Store,
    user: &CurrentUser,
    cases: &[CaseSummary],
) -> Result<Vec<(CaseScope, bool)>, WebError> {
    let grants: HashSet<CaseId> = if cases.is_empty() {
        HashSet::new()
    } else {
        store
            .emergency_access_of_user(user.id, Timestamp::now())
            .await?
            .into_iter()
            .map(|g| g.case)
            .collect()
    };
    Ok(cases
        .iter()
        .map(|c| (CaseScope::of(c), grants.contains(&c.id)))
        .collect())
}

/// May `who` see the identity of `p`? Unprotected persons: yes. Protected:
/// only through one of their current cases ([`current_cases`],
/// [`sees_protected_identity`]).
pub async fn sees_person(store: &Store, who: Subject, p: &Person) -> Result<bool, WebError> {
    if !p.protected {
        return Ok(true);
    }
    let cases = cases_of_person(store, p.id).await?;
    Ok(sees_protected_identity(who, &current_cases(&cases)))
}

/// A person found by identity number, as the user may be told of them.
#[derive(Debug)]
pub enum Found {
    /// The user may see the person: by name, or masked ("Skyddad identitet")
    /// when protected and `may_see` is false.
    Shown { may_see: bool },
    /// The person is only in cases the user may not read: the user may be
    /// told which units have them (with the way to emergency access), and
    /// nothing more: no name, no protection.
    Elsewhere(Vec<CaseSummary>),
}

/// What `user` may be told about `p`, found by identity number: the one rule
/// for the person search and the report form's look-up of a child. Returns
/// the access-log entry that records the look-up (kind `search`; for a
/// person only in other units' cases, it names the first such case and is
/// flagged *other unit*); the caller writes it before showing anything.
pub async fn found_by_number(
    store: &Store,
    user: &CurrentUser,
    reader: &Reader<'_>,
    p: &Person,
) -> Result<(Found, AccessEntry), WebError> {
    let who = user.subject();
    let cases = cases_of_person(store, p.id).await?;
    let scopes = with_emergency(store, user, &cases).await?;
    if may_view_person(who, &scopes) {
        let may_see = sees_person(store, who, p).await?;
        let entry = reader.person_read(AccessKind::Search, p, None, None);
        return Ok((Found::Shown { may_see }, entry));
    }
    let hidden: Vec<CaseSummary> = cases
        .iter()
        .zip(&scopes)
        .filter(|(_, (scope, emergency))| !*emergency && !may_read_case(who, *scope))
        .map(|(c, _)| c.clone())
        .collect();
    let entry = reader.person_read(AccessKind::Search, p, hidden.first(), None);
    Ok((Found::Elsewhere(hidden), entry))
}
