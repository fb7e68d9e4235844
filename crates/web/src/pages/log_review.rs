//! Log review (loggkontroll) for unit managers: who read which person's
//! data, searched by person (personnummer), user and period, with flags for
//! protected persons, other units, emergency access, reads outside office
//! hours and many persons read in a short time; each entry can be marked
//! reviewed with a comment.
//!
//! A manager sees the entries written by the users of their unit and the
//! entries about their unit's cases and users (the administrator's changes
//! to them, flagged). The search itself is logged (kind `log_search`), and
//! so is every person the list names (kind `list`, in the same write), and
//! each review (kind `review`, referring to the entry, which is never
//! changed).
//!
//! Lists and extracts (kinds `list`, `export`) log one row per person: in
//! the review they are one row per page view ("Lista, 12 personer"), except
//! when searching by person, where each is the person's own row.

use crate::AppState;
use crate::access::cases_of_person;
use crate::audit::{
    MANY_PERSONS_WINDOW, PageLog, Reader, log_reads, many_persons, outside_office_hours,
};
use crate::error::WebError;
use crate::forms::{FormData, Query};
use crate::i18n::Tr;
use crate::permissions::{CaseScope, current_cases, may_read_case, sees_protected_identity};
use crate::request::ClientAddr;
use crate::session::CurrentUser;
use crate::time::{format_timestamp, stockholm};
use crate::view::{Layout, PersonView, Section, html_status};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use tillit_domain::identity::IdentityNumber;
use tillit_domain::person::Person;
use tillit_domain::{PersonId, UnitId, UserId};
use tillit_store::{AccessFlag, AccessKind, AccessLogFilter, LoggedEntry};

/// The most entries one search shows.
pub const MAX_ENTRIES: u32 = 500;
/// The period searched when none is given: this many days up to today.
pub const DEFAULT_DAYS: i64 = 30;
/// The longest review comment, in characters.
pub const COMMENT_MAX_CHARS: usize = 1000;

/// The kinds the review lists one row each: reads of persons, emergency
/// grants, and the administrator's changes to users and their passwords.
const REVIEWED_KINDS: [AccessKind; 9] = [
    AccessKind::Case,
    AccessKind::Person,
    AccessKind::Relation,
    AccessKind::Search,
    AccessKind::EmergencyGrant,
    AccessKind::Admin,
    AccessKind::PasswordReset,
    AccessKind::PasswordChanged,
    AccessKind::Register,
];

/// Kinds written one row per person of a page of many: shown one row per
/// page view unless searching by person.
const LIST_KINDS: [AccessKind; 2] = [AccessKind::List, AccessKind::Export];

/// The most list rows read to group into page views.
const MAX_LIST_ROWS: u32 = 20_000;

/// May an entry of `kind` be reviewed (and listed)?
fn reviewable(kind: AccessKind) -> bool {
    REVIEWED_KINDS.contains(&kind) || LIST_KINDS.contains(&kind)
}

/// A flag as the review shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReviewFlag {
    Protected,
    OtherUnit,
    Emergency,
    OutsideOfficeHours,
    ManyPersons,
    /// The system administrator set a one-time password for a user of the
    /// unit.
    PasswordReset,
    /// The system administrator created a user of the unit or changed one's
    /// role, unit or team, or activated one.
    UserChanged,
    /// A one-time password was replaced from the same address as the one
    /// it was set from: the administrator may have used it.
    SameAddressAsReset,
    /// An extract or report with a row per person or case.
    Export,
}

impl ReviewFlag {
    #[cfg(test)]
    pub const ALL: [ReviewFlag; 9] = [
        Self::Protected,
        Self::OtherUnit,
        Self::Emergency,
        Self::OutsideOfficeHours,
        Self::ManyPersons,
        Self::PasswordReset,
        Self::UserChanged,
        Self::SameAddressAsReset,
        Self::Export,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Protected => "protected",
            Self::OtherUnit => "other-unit",
            Self::Emergency => "emergency",
            Self::OutsideOfficeHours => "outside-hours",
            Self::ManyPersons => "many-persons",
            Self::PasswordReset => "password-reset",
            Self::UserChanged => "user-changed",
            Self::SameAddressAsReset => "same-address",
            Self::Export => "export",
        }
    }
}

/// The search form (all optional). Also carried through a review so the
/// manager comes back to the same list.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct ReviewQuery {
    #[serde(default)]
    pub person: String,
    #[serde(default)]
    pub user: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    /// "1": only flagged entries.
    #[serde(default)]
    pub flagged: String,
    /// "1": hide entries already reviewed.
    #[serde(default)]
    pub unreviewed: String,
}

struct UserOption {
    id: String,
    name: String,
    selected: bool,
}

struct FlagView {
    code: &'static str,
    label: String,
}

struct ReviewView {
    comment: String,
    by: String,
    at: String,
}

struct Row {
    seq: u64,
    at: String,
    user: String,
    role: String,
    unit: String,
    what: String,
    case_href: Option<String>,
    person: Option<PersonView>,
    /// The person the row names (for the access log; not rendered).
    named: Option<Person>,
    client_addr: String,
    reason: String,
    flags: Vec<FlagView>,
    reviews: Vec<ReviewView>,
}

#[derive(Template)]
#[template(path = "log_review.html")]
struct LogReviewPage {
    l: Layout,
    q: ReviewQuery,
    users: Vec<UserOption>,
    errors: Vec<(String, String)>,
    rows: Vec<Row>,
    capped: bool,
    no_unit: bool,
    comment_error: Option<(u64, String)>,
}

impl LogReviewPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

/// A date of the search, optional: `ÅÅÅÅ-MM-DD` in the window every typed
/// date has ([`crate::forms::parse_date`]), or the message saying why not.
fn parse_date(tr: Tr, s: &str) -> Result<Option<Date>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    crate::forms::parse_date(tr, s).map(Some)
}

/// Midnight at the start of `d`, Stockholm time.
fn start_of(d: Date) -> Result<Timestamp, WebError> {
    d.to_zoned(stockholm().clone())
        .map(|z| z.timestamp())
        .map_err(|_| WebError::BadRequest)
}

/// `GET /log-review`.
pub async fn page(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    ClientAddr(addr): ClientAddr,
    Query(q): Query<ReviewQuery>,
) -> Result<Response, WebError> {
    render(&state, tr, &user, &addr, q, None).await
}

async fn render(
    state: &AppState,
    tr: Tr,
    user: &CurrentUser,
    addr: &str,
    mut q: ReviewQuery,
    comment_error: Option<(u64, String)>,
) -> Result<Response, WebError> {
    let store = state.store();
    let today = state.today();
    let mut errors: Vec<(String, String)> = Vec::new();

    // The period: default the last DEFAULT_DAYS days.
    if q.from.trim().is_empty() && q.to.trim().is_empty() {
        q.from = today
            .checked_sub(jiff::Span::new().days(DEFAULT_DAYS))
            .unwrap_or(today)
            .to_string();
        q.to = today.to_string();
    }
    let from = parse_date(tr, &q.from).unwrap_or_else(|m| {
        errors.push(("from".into(), m));
        None
    });
    let to = parse_date(tr, &q.to).unwrap_or_else(|m| {
        errors.push(("to".into(), m));
        None
    });
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        errors.push(("to".into(), tr.t("log-review-period-reversed")));
    }

    let mut person_filter: Option<Person> = None;
    let person_text = q.person.trim().to_string();
    if !person_text.is_empty() {
        match IdentityNumber::parse(&person_text, today) {
            Err(e) => errors.push(("person".into(), e.to_string())),
            Ok(n) => match store.person_by_identity_number(&n.format_long()).await? {
                Some(p) => person_filter = Some(p),
                None => errors.push(("person".into(), tr.t("log-review-person-unknown"))),
            },
        }
    }
    let users = store.users().await?;
    let user_filter: Option<UserId> = match q.user.trim() {
        "" => None,
        s => match s.parse::<i64>().ok().map(UserId) {
            Some(id) if users.iter().any(|u| u.id == id) => Some(id),
            _ => {
                errors.push(("user".into(), tr.t("log-review-user-unknown")));
                None
            }
        },
    };

    let Some(unit) = user.unit else {
        return finish(
            state,
            tr,
            user,
            q,
            users,
            errors,
            Vec::new(),
            false,
            true,
            comment_error,
        );
    };
    if !errors.is_empty() {
        return finish(
            state,
            tr,
            user,
            q,
            users,
            errors,
            Vec::new(),
            false,
            false,
            comment_error,
        );
    }

    // Every read of a person in one of the unit's cases concerns the unit,
    // whoever read it: searched by such a person, the unit limit is lifted.
    let person_in_unit = match &person_filter {
        Some(p) => cases_of_person(store, p.id)
            .await?
            .iter()
            .any(|c| c.unit == unit),
        None => false,
    };
    let by_person = person_filter.is_some();
    let mut filter = AccessLogFilter {
        person: person_filter.as_ref().map(|p| p.id),
        user: user_filter,
        from: from.map(start_of).transpose()?,
        until: to
            .and_then(|d| d.tomorrow().ok())
            .map(start_of)
            .transpose()?,
        unit: (!person_in_unit).then_some(unit),
        kinds: REVIEWED_KINDS.to_vec(),
        limit: MAX_ENTRIES,
    };
    if by_person {
        filter.kinds.extend(LIST_KINDS);
    }
    let mut entries: Vec<(LoggedEntry, usize)> = store
        .access_log(&filter)
        .await?
        .into_iter()
        .map(|e| (e, 1))
        .collect();
    let mut capped = entries.len() >= MAX_ENTRIES as usize;
    if !by_person {
        // One row per page view of a list or extract, with its number of
        // persons (the first row of the view stands for it).
        filter.kinds = LIST_KINDS.to_vec();
        filter.limit = MAX_LIST_ROWS;
        let listed = store.access_log(&filter).await?;
        capped |= listed.len() >= MAX_LIST_ROWS as usize;
        let mut views: Vec<(LoggedEntry, usize)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for e in listed {
            match index.get(&e.entry.request_id) {
                Some(&i) => views[i].1 += 1,
                None => {
                    index.insert(e.entry.request_id.clone(), views.len());
                    views.push((e, 1));
                }
            }
        }
        entries.extend(views);
        entries.sort_by_key(|e| std::cmp::Reverse(e.0.seq));
        if entries.len() > MAX_ENTRIES as usize {
            entries.truncate(MAX_ENTRIES as usize);
            capped = true;
        }
    }

    // The search is itself a read of the log: logged before it is shown,
    // with every person the list names, in one write.
    let mut log = PageLog::new(user, addr, AccessKind::List)?;
    let mut search = log.reader().entry(AccessKind::LogSearch);
    if let Some(p) = &person_filter {
        search.person = Some(p.id);
        if p.protected {
            search.flags.push(AccessFlag::Protected);
        }
    }
    search.detail = Some(format!(
        "enhet {unit}; användare {}; period {}–{}; {} poster",
        user_filter
            .map(|u| u.0.to_string())
            .unwrap_or_else(|| "alla".into()),
        from.map(|d| d.to_string()).unwrap_or_default(),
        to.map(|d| d.to_string()).unwrap_or_default(),
        entries.len()
    ));
    log.push(search);
    let rows = rows_of(state, tr, user, &entries, &users, by_person).await?;
    let rows: Vec<Row> = rows
        .into_iter()
        .filter(|r| q.flagged != "1" || !r.flags.is_empty())
        .filter(|r| q.unreviewed != "1" || r.reviews.is_empty())
        .collect();
    for r in &rows {
        if let Some(p) = &r.named {
            log.add(p, None);
        }
    }
    log.write(state).await?;
    finish(
        state,
        tr,
        user,
        q,
        users,
        errors,
        rows,
        capped,
        false,
        comment_error,
    )
}

#[allow(clippy::too_many_arguments)]
fn finish(
    _state: &AppState,
    tr: Tr,
    user: &CurrentUser,
    q: ReviewQuery,
    users: Vec<tillit_store::User>,
    errors: Vec<(String, String)>,
    rows: Vec<Row>,
    capped: bool,
    no_unit: bool,
    comment_error: Option<(u64, String)>,
) -> Result<Response, WebError> {
    let selected = q.user.trim().to_string();
    let users = users
        .into_iter()
        .map(|u| UserOption {
            selected: u.id.0.to_string() == selected,
            id: u.id.0.to_string(),
            name: format!("{} ({})", u.display_name, u.username),
        })
        .collect();
    let status = if errors.is_empty() && comment_error.is_none() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let p = LogReviewPage {
        l: Layout::new(tr, user, tr.t("log-review-title"), Section::LogReview),
        q,
        users,
        errors,
        rows,
        capped,
        no_unit,
        comment_error,
    };
    html_status(status, &p)
}

/// The rows of the list: names, flags and reviews filled in. `entries` are
/// (entry, persons it stands for); a page view of a list or extract names
/// nobody unless searching by person.
async fn rows_of(
    state: &AppState,
    tr: Tr,
    user: &CurrentUser,
    entries: &[(LoggedEntry, usize)],
    users: &[tillit_store::User],
    by_person: bool,
) -> Result<Vec<Row>, WebError> {
    let store = state.store();
    let who = user.subject();
    let names: HashMap<UserId, String> = users
        .iter()
        .map(|u| (u.id, u.display_name.clone()))
        .collect();
    let units: HashMap<UnitId, String> = store
        .units()
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();

    // Persons, masked as the manager may see them; a grouped page view
    // names nobody.
    let names_person =
        |e: &LoggedEntry, n: usize| by_person || (n == 1 && !LIST_KINDS.contains(&e.entry.kind));
    let mut persons: HashMap<PersonId, Option<(Person, PersonView)>> = HashMap::new();
    for (e, n) in entries {
        if let Some(pid) = e.entry.person
            && names_person(e, *n)
            && !persons.contains_key(&pid)
        {
            let view = match store.person(pid).await? {
                Some(p) => {
                    let may = !p.protected || {
                        let cases = cases_of_person(store, pid).await?;
                        sees_protected_identity(who, &current_cases(&cases))
                    };
                    let view = PersonView::new(tr, &p, may);
                    Some((p, view))
                }
                None => None,
            };
            persons.insert(pid, view);
        }
    }
    // A one-time password replaced: from where it was set?
    let mut set_from: HashMap<u64, String> = HashMap::new();
    for (e, _) in entries {
        if e.entry.kind == AccessKind::PasswordChanged
            && let Some(r) = e.entry.ref_seq
            && !set_from.contains_key(&r)
            && let Some(set) = store.access_log_entry(r).await?
        {
            set_from.insert(r, set.entry.client_addr);
        }
    }

    // Many persons in a short time: the readers' reads around the entries.
    let mut reads_by_user: HashMap<UserId, Vec<(Timestamp, PersonId)>> = HashMap::new();
    let readers: HashSet<UserId> = entries.iter().map(|(e, _)| e.entry.user).collect();
    for r in readers {
        let times: Vec<Timestamp> = entries
            .iter()
            .filter(|(e, _)| e.entry.user == r)
            .map(|(e, _)| e.entry.at)
            .collect();
        let (Some(min), Some(max)) = (times.iter().min(), times.iter().max()) else {
            continue;
        };
        let from = min.checked_sub(MANY_PERSONS_WINDOW).unwrap_or(*min);
        let until = max
            .checked_add(jiff::SignedDuration::from_nanos(1))
            .unwrap_or(*max);
        reads_by_user.insert(r, store.person_reads(r, from, until).await?);
    }

    let seqs: Vec<u64> = entries.iter().map(|(e, _)| e.seq).collect();
    let mut reviews: HashMap<u64, Vec<ReviewView>> = HashMap::new();
    for r in store.reviews_of(&seqs).await? {
        if let Some(of) = r.entry.ref_seq {
            reviews.entry(of).or_default().push(ReviewView {
                comment: r.entry.reason.clone().unwrap_or_default(),
                by: names
                    .get(&r.entry.user)
                    .cloned()
                    .unwrap_or_else(|| r.entry.username.clone()),
                at: format_timestamp(r.entry.at),
            });
        }
    }

    let mut rows = Vec::with_capacity(entries.len());
    for (e, n) in entries {
        let x = &e.entry;
        let mut flags = Vec::new();
        for (stored, flag) in [
            (AccessFlag::Protected, ReviewFlag::Protected),
            (AccessFlag::OtherUnit, ReviewFlag::OtherUnit),
            (AccessFlag::Emergency, ReviewFlag::Emergency),
        ] {
            if x.has(stored) {
                flags.push(flag);
            }
        }
        if outside_office_hours(x.at) {
            flags.push(ReviewFlag::OutsideOfficeHours);
        }
        if x.kind.reads_person()
            && reads_by_user
                .get(&x.user)
                .is_some_and(|reads| many_persons(reads, x.at))
        {
            flags.push(ReviewFlag::ManyPersons);
        }
        match x.kind {
            AccessKind::PasswordReset => flags.push(ReviewFlag::PasswordReset),
            AccessKind::Admin if x.case_unit.is_some() => flags.push(ReviewFlag::UserChanged),
            AccessKind::Export => flags.push(ReviewFlag::Export),
            AccessKind::PasswordChanged
                if x.ref_seq
                    .and_then(|r| set_from.get(&r))
                    .is_some_and(|a| *a == x.client_addr) =>
            {
                flags.push(ReviewFlag::SameAddressAsReset);
            }
            _ => {}
        }
        let named = x
            .person
            .filter(|_| names_person(e, *n))
            .and_then(|p| persons.get(&p).cloned().flatten());
        // The manager may open the case if it is the unit's.
        let case_href = match (x.case, x.case_unit) {
            (Some(c), Some(cu))
                if may_read_case(
                    who,
                    CaseScope {
                        unit: cu,
                        caseworker: None,
                    },
                ) =>
            {
                Some(format!("/cases/{c}"))
            }
            _ => None,
        };
        rows.push(Row {
            seq: e.seq,
            at: format_timestamp(x.at),
            user: names
                .get(&x.user)
                .cloned()
                .unwrap_or_else(|| x.username.clone()),
            role: tr.label("role", x.role.code(), x.role.label()),
            unit: x
                .user_unit
                .and_then(|u| units.get(&u).cloned())
                .unwrap_or_else(|| "–".into()),
            what: if names_person(e, *n) {
                tr.t(&format!("access-kind-{}", x.kind.code()))
            } else {
                format!(
                    "{} ({})",
                    tr.t(&format!("access-kind-{}", x.kind.code())),
                    tr.n("log-review-persons", *n)
                )
            },
            case_href: case_href.filter(|_| names_person(e, *n)),
            person: named.as_ref().map(|(_, v)| v.clone()),
            named: named.map(|(p, _)| p),
            client_addr: x.client_addr.clone(),
            // Why, or for the administrator's changes what was done.
            reason: x
                .reason
                .clone()
                .or_else(|| x.detail.clone().filter(|_| x.kind != AccessKind::LogSearch))
                .unwrap_or_default(),
            flags: flags
                .into_iter()
                .map(|f| FlagView {
                    code: f.code(),
                    label: tr.t(&format!("flag-{}", f.code())),
                })
                .collect(),
            reviews: reviews.remove(&e.seq).unwrap_or_default(),
        });
    }
    Ok(rows)
}

#[derive(Debug, Default, Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    entry: String,
    #[serde(default)]
    comment: String,
    #[serde(flatten)]
    back: ReviewQuery,
}

/// `POST /log-review/reviewed`: mark an entry reviewed with a comment. The
/// review is appended to the log; the entry is not changed.
pub async fn mark_reviewed(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    ClientAddr(addr): ClientAddr,
    data: FormData,
) -> Result<Response, WebError> {
    let f: ReviewForm = data.decode()?;
    let comment = f.comment.trim().to_string();
    let seq: Option<u64> = f.entry.trim().parse().ok();
    let problem = if !data.conflicts(&[]).is_empty() {
        Some(tr.t("form-duplicate"))
    } else if comment.is_empty() {
        Some(tr.t("log-review-comment-missing"))
    } else if comment.chars().count() > COMMENT_MAX_CHARS {
        Some(tr.n("log-review-comment-long", COMMENT_MAX_CHARS))
    } else {
        None
    };
    if let Some(msg) = problem {
        return render(
            &state,
            tr,
            &user,
            &addr,
            f.back,
            Some((seq.unwrap_or(0), msg)),
        )
        .await;
    }
    let seq = seq.ok_or(WebError::NotFound)?;
    let unit = user.unit.ok_or(WebError::NotFound)?;
    let entry = state
        .store()
        .access_log_entry(seq)
        .await?
        .ok_or(WebError::NotFound)?;
    let x = &entry.entry;
    let in_scope = x.user_unit == Some(unit) || x.case_unit == Some(unit);
    if !in_scope || !reviewable(x.kind) {
        return Err(WebError::NotFound);
    }
    let reader = Reader::new(&user, &addr)?;
    let mut review = reader.entry(AccessKind::Review);
    review.ref_seq = Some(seq);
    review.reason = Some(comment);
    log_reads(&state, &[review]).await?;
    tracing::info!(user_id = %user.id, reviewed = seq, "access log entry reviewed");
    let back = serde_urlencoded::to_string(&f.back).unwrap_or_default();
    let target = format!("/log-review?{back}#entry-{seq}");
    Ok((StatusCode::SEE_OTHER, [(LOCATION, target)]).into_response())
}

/// This page's routes, each with the access it requires.
pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::{Access::*, Permission::*};
    r.get("/log-review", Requires(ReviewAccessLog), page).post(
        "/log-review/reviewed",
        Requires(ReviewAccessLog),
        mark_reviewed,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn every_flag_and_kind_has_a_label() {
        for lang in Lang::ALL {
            let tr = Tr::new(lang);
            for f in ReviewFlag::ALL {
                let key = format!("flag-{}", f.code());
                assert_ne!(tr.t(&key), key, "{}", lang.code());
            }
            for k in AccessKind::ALL {
                let key = format!("access-kind-{}", k.code());
                assert_ne!(tr.t(&key), key, "{}", lang.code());
            }
        }
    }

    #[test]
    fn dates_parse_or_say_why() {
        let tr = Tr::new(Lang::Sv);
        assert_eq!(parse_date(tr, ""), Ok(None));
        assert_eq!(
            parse_date(tr, "2026-03-10"),
            Ok(Some(jiff::civil::date(2026, 3, 10)))
        );
        assert!(parse_date(tr, "10/3").unwrap_err().contains("ÅÅÅÅ-MM-DD"));
        assert!(parse_date(tr, "0000-01-01").is_err());
        assert!(parse_date(tr, "9999-12-31").is_err());
    }
}
