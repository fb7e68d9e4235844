//! Economic assistance (ekonomiskt bistånd): the unit's worklist, a
//! household's page, and its forms. The record is the domain's register
//! ([`tillit_domain::register::assistance`]); these pages are its own
//! (not the generic register pages) because they name persons and compute
//! the riksnorm item by item.
//!
//! - `GET /assistance`: applications waiting for a decision with days
//!   waited against the target time (`TILLIT_ASSISTANCE_TARGET_DAYS`,
//!   default 10), planned and overdue follow-ups, the unit's households.
//! - `GET|POST /assistance/new`: a household with its applicant (identity
//!   number; the person register's person, created if new: person and
//!   record in one transaction).
//! - `GET /assistance/{id}`: the household: members by month, each
//!   month's needs, decision, sum and payments. Logged (kind `register`,
//!   one row per member) before it is sent.
//! - `GET|POST /assistance/{id}/apply?month=YYYY-MM`: the application; the
//!   riksnorm for the month is computed and shown item by item.
//! - `GET|POST /assistance/{id}/decide/{month}`, `/pay/{month}`: the
//!   decision per need, the payment (or a correction).
//! - `GET /assistance/{id}/letter/{month}`: the decision letter as PDF.
//! - `GET|POST /assistance/{id}/form/{form}`: member, leave, plan,
//!   follow-up, recovery, close.
//!
//! Who: the caseworkers, team leads and unit managers of a unit of kind
//! `ekonomiskt_bistand` ([`Permission::HandleAssistance`] and
//! [`handles_record`]); anyone else gets "not found" for a household. A
//! protected member is shown only to the household's caseworker and the
//! unit's managers ([`sees_protected_in_case`]).

use crate::forms::SavedQuery;
use crate::AppState;
use crate::audit::{Reader, log_reads};
use crate::error::WebError;
use crate::forms::{Field, FieldView, FormData, Input, Kind, Refused, Shown, SummaryItem, read};
use crate::i18n::Tr;
use crate::permissions::{CaseScope, Permission, handles_record, sees_protected_in_case};
use crate::request::ClientAddr;
use crate::session::CurrentUser;
use crate::view::{Layout, Section, html, html_status};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use jiff::civil::Date;
use std::collections::HashMap;
use tillit_domain::assistance::decision::{
    Hinder, Income, IncomeKind, ItemDecision, Need, NeedKind, Outcome,
};
use tillit_domain::assistance::money::{Kronor, YearMonth, parse_amount, parse_month};
use tillit_domain::assistance::norm::{
    NormBreakdown, NormError, NormOrigin, age_in_month, norm_for_month_with,
};
use tillit_domain::identity::IdentityNumber;
use tillit_domain::person::Person;
use tillit_domain::register::assistance::{
    APPEAL, AssistanceEntry, Household, Member, MemberRole, PersonIncome, RecoveryGround,
    UNIT_KIND,
};
use tillit_domain::register::{Register, RegisterKind, Writer, decide};
use tillit_domain::{PersonId, RecordId, UnitId};
use tillit_store::{AccessKind, Record, RecordWrite};

/// The list's path.
pub const BASE: &str = "/assistance";

/// The target time for a decision, in days from receipt: the
/// municipality's setting `TILLIT_ASSISTANCE_TARGET_DAYS` (1-90), else the
/// domain's default.
pub fn target_days() -> i64 {
    std::env::var("TILLIT_ASSISTANCE_TARGET_DAYS")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|d| (1..=90).contains(d))
        .unwrap_or(tillit_domain::register::assistance::DEFAULT_TARGET_DAYS)
}

/// Form names per need: (code, amount, outcome, granted, reason).
const NEED_NAMES: [(&str, &str, &str, &str, &str); 13] = [
    ("riksnorm", "need_riksnorm", "out_riksnorm", "gr_riksnorm", "why_riksnorm"),
    ("boende", "need_boende", "out_boende", "gr_boende", "why_boende"),
    ("hushallsel", "need_hushallsel", "out_hushallsel", "gr_hushallsel", "why_hushallsel"),
    ("arbetsresor", "need_arbetsresor", "out_arbetsresor", "gr_arbetsresor", "why_arbetsresor"),
    ("hemforsakring", "need_hemforsakring", "out_hemforsakring", "gr_hemforsakring", "why_hemforsakring"),
    ("fack_akassa", "need_fack_akassa", "out_fack_akassa", "gr_fack_akassa", "why_fack_akassa"),
    ("lakarvard", "need_lakarvard", "out_lakarvard", "gr_lakarvard", "why_lakarvard"),
    ("glasogon", "need_glasogon", "out_glasogon", "gr_glasogon", "why_glasogon"),
    ("tandvard", "need_tandvard", "out_tandvard", "gr_tandvard", "why_tandvard"),
    ("mobler", "need_mobler", "out_mobler", "gr_mobler", "why_mobler"),
    ("barns_fritid", "need_barns_fritid", "out_barns_fritid", "gr_barns_fritid", "why_barns_fritid"),
    ("tillfalligt_boende", "need_tillfalligt_boende", "out_tillfalligt_boende", "gr_tillfalligt_boende", "why_tillfalligt_boende"),
    ("ovrigt", "need_ovrigt", "out_ovrigt", "gr_ovrigt", "why_ovrigt"),
];
/// Form names per income: (code, applicant's, partner's).
const INCOME_NAMES: [(&str, &str, &str); 12] = [
    ("lon", "inc_a_lon", "inc_p_lon"),
    ("a_kassa", "inc_a_a_kassa", "inc_p_a_kassa"),
    ("sjukpenning", "inc_a_sjukpenning", "inc_p_sjukpenning"),
    ("aktivitetsstod", "inc_a_aktivitetsstod", "inc_p_aktivitetsstod"),
    ("foraldrapenning", "inc_a_foraldrapenning", "inc_p_foraldrapenning"),
    ("barnbidrag", "inc_a_barnbidrag", "inc_p_barnbidrag"),
    ("underhall", "inc_a_underhall", "inc_p_underhall"),
    ("bostadsbidrag", "inc_a_bostadsbidrag", "inc_p_bostadsbidrag"),
    ("pension", "inc_a_pension", "inc_p_pension"),
    ("studiemedel", "inc_a_studiemedel", "inc_p_studiemedel"),
    ("barns_arbete", "inc_a_barns_arbete", "inc_p_barns_arbete"),
    ("ovrig_inkomst", "inc_a_ovrig_inkomst", "inc_p_ovrig_inkomst"),
];

fn see_other(to: String) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, to)]).into_response()
}

fn need_names(kind: NeedKind) -> (&'static str, &'static str, &'static str, &'static str) {
    NEED_NAMES
        .iter()
        .find(|n| n.0 == kind.code())
        .map_or(("", "", "", ""), |n| (n.1, n.2, n.3, n.4))
}

/// The user's unit, if it is one that handles economic assistance.
async fn own_unit(
    state: &AppState,
    user: &CurrentUser,
) -> Result<Option<(UnitId, String)>, WebError> {
    let Some(u) = user.unit else {
        return Ok(None);
    };
    Ok(state
        .store()
        .units()
        .await?
        .into_iter()
        .find(|x| x.id == u && x.kind_code == UNIT_KIND)
        .map(|x| (x.id, x.name)))
}

async fn unit_name(state: &AppState, unit: Option<UnitId>) -> Result<String, WebError> {
    Ok(state
        .store()
        .units()
        .await?
        .into_iter()
        .find(|u| Some(u.id) == unit)
        .map_or_else(String::new, |u| u.name))
}

/// Household `id` if the user handles it; "not found" otherwise (an
/// unknown id, another register's record, another unit's household).
async fn household(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> Result<Record<Household>, WebError> {
    let id: RecordId = id.parse().map_err(|_| WebError::NotFound)?;
    let head = state
        .store()
        .record_head(id)
        .await?
        .filter(|h| h.register == RegisterKind::Assistance)
        .ok_or(WebError::NotFound)?;
    if !handles_record(user.subject(), RegisterKind::Assistance, head.unit) {
        return Err(WebError::NotFound);
    }
    state
        .store()
        .record::<Household>(id)
        .await?
        .ok_or(WebError::NotFound)
}

fn scope(h: &Household) -> CaseScope {
    CaseScope {
        unit: h.unit.unwrap_or(UnitId(0)),
        caseworker: h.opened.map(|(_, by)| by),
    }
}

/// The persons of a household, by id.
async fn persons_of(
    state: &AppState,
    h: &Household,
) -> Result<HashMap<PersonId, Person>, WebError> {
    let ids: Vec<PersonId> = h.members.iter().map(|m| m.member.person).collect();
    Ok(state
        .store()
        .persons(&ids)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect())
}

/// (name, identity number) of a person as this viewer may see them.
fn shown_person(persons: &HashMap<PersonId, Person>, id: PersonId, sees: bool) -> (String, String) {
    match persons.get(&id) {
        Some(p) if p.protected && !sees => ("Skyddad identitet".into(), String::new()),
        Some(p) => (
            p.full_name(),
            p.identity_number.clone().unwrap_or_default(),
        ),
        None => ("Okänd person".into(), String::new()),
    }
}

/// Log the view of household `rec` (one row per member, kind `register`)
/// before anything of it is sent.
async fn log_household(
    state: &AppState,
    user: &CurrentUser,
    addr: &str,
    rec: &Record<Household>,
    persons: &HashMap<PersonId, Person>,
    what: &str,
) -> Result<(), WebError> {
    let reader = Reader::new(user, addr)?;
    let detail = format!("assistance:{}:{what}", rec.number);
    let mut entries = Vec::new();
    let mut seen = Vec::new();
    for ms in &rec.state.members {
        if seen.contains(&ms.member.person) {
            continue;
        }
        seen.push(ms.member.person);
        if let Some(p) = persons.get(&ms.member.person) {
            let mut e = reader.person_in(AccessKind::Register, p, None, None);
            e.case_unit = rec.state.unit;
            e.detail = Some(detail.clone());
            entries.push(e);
        }
    }
    if entries.is_empty() {
        let mut e = reader.entry(AccessKind::Register);
        e.case_unit = rec.state.unit;
        e.detail = Some(detail);
        entries.push(e);
    }
    log_reads(state, &entries).await
}

/// Decide `entry` on household `rec` (or a new one) and write it with any
/// new persons, all or nothing: `Ok(Err(refused))` shows the form again.
#[allow(clippy::too_many_arguments)]
async fn write(
    state: &AppState,
    tr: Tr,
    user: &CurrentUser,
    id: RecordId,
    version: u64,
    current: &Household,
    entry: AssistanceEntry,
    persons: Vec<Person>,
) -> Result<Result<(), Refused>, WebError> {
    let writer = Writer {
        user: user.id,
        handles: true,
    };
    let (_, written) = match decide::<Household>(current, &entry, writer, state.today(), Timestamp::now()) {
        Ok(x) => x,
        Err(r) => return Ok(Err(Refused::general(r.0, StatusCode::UNPROCESSABLE_ENTITY))),
    };
    let w = RecordWrite::new::<Household>(id, version, current, &[written])?;
    match state.store().write_records_with_persons(persons, vec![w]).await {
        Ok(()) => Ok(Ok(())),
        Err(e) => Ok(Err(Refused::store(tr, e)?)),
    }
}

// --- Form pages ------------------------------------------------------------

struct MonthPicker {
    month: String,
    /// (person id, label, ticked)
    children: Vec<(String, String, bool)>,
}

struct NormView {
    month: String,
    error: Option<String>,
    lines: Vec<(String, String)>,
    total: String,
    source: String,
}

impl NormView {
    fn of(month: YearMonth, norm: &Result<NormBreakdown, NormError>) -> NormView {
        match norm {
            Ok(n) => NormView {
                month: month.label(),
                error: None,
                lines: n
                    .lines
                    .iter()
                    .map(|l| (l.label.clone(), l.amount.display()))
                    .collect(),
                total: n.total.display(),
                source: match n.origin {
                    NormOrigin::Shipped => format!("riksnormen {}: {}", n.year, n.source),
                    NormOrigin::Entered { version } => format!(
                        "riksnormen {}: {}; tabellen inlagd av systemförvaltaren, version {version}",
                        n.year, n.source
                    ),
                },
            },
            Err(e) => NormView {
                month: month.label(),
                error: Some(e.to_string()),
                lines: Vec::new(),
                total: String::new(),
                source: String::new(),
            },
        }
    }
}

#[derive(Template)]
#[template(path = "assistance_form.html")]
struct FormPage {
    l: Layout,
    heading: String,
    intro: String,
    back: String,
    action: String,
    version: Option<u64>,
    fields: Vec<FieldView>,
    summary: Vec<SummaryItem>,
    submit: String,
    month_picker: Option<MonthPicker>,
    norm: Option<NormView>,
    show_form: bool,
}

struct FormSpec {
    heading: String,
    intro: String,
    back: String,
    action: String,
    version: Option<u64>,
    submit: String,
    month_picker: Option<MonthPicker>,
    norm: Option<NormView>,
    show_form: bool,
}

fn form_page(
    tr: Tr,
    user: &CurrentUser,
    spec: FormSpec,
    fields: &[Field],
    data: &FormData,
    refused: Refused,
) -> Result<Response, WebError> {
    let shown = Shown::new(tr, &spec.heading, fields, data, &refused.errors);
    let p = FormPage {
        l: Layout::new(tr, user, shown.title, Section::None),
        heading: spec.heading,
        intro: spec.intro,
        back: spec.back,
        action: spec.action,
        version: spec.version,
        fields: shown.fields,
        summary: shown.summary,
        submit: spec.submit,
        month_picker: spec.month_picker,
        norm: spec.norm,
        show_form: spec.show_form,
    };
    html_status(refused.status, &p)
}

fn month_field(name: &'static str, label: &str) -> Field {
    Field::new(name, Kind::Text, label.to_string())
        .hint("År och månad, till exempel 2026-03.".into())
        .required()
}

fn amount_field(name: &'static str, label: String) -> Field {
    Field::new(name, Kind::Text, label).hint("Hela kronor. Lämna tomt om inget.".into())
}

/// An optional amount: empty is `Some(None)`, a bad one `None` with the
/// error beside the field.
fn optional_amount(input: &mut Input<'_>, name: &str) -> Option<Option<Kronor>> {
    if input.text(name).is_empty() {
        return Some(None);
    }
    let r = parse_amount(input.data.get(name));
    input.parsed(name, r).map(Some)
}

fn month_in(input: &mut Input<'_>, name: &str) -> Option<YearMonth> {
    let r = parse_month(input.data.get(name));
    input.parsed(name, r)
}

// --- The worklist ----------------------------------------------------------------

struct WaitingRow {
    href: String,
    reference: String,
    applicant: String,
    month: String,
    received: String,
    days: i64,
    overdue: bool,
}

struct FollowUpRow {
    href: String,
    reference: String,
    applicant: String,
    due: String,
    overdue: bool,
}

struct HouseholdRow {
    href: String,
    reference: String,
    applicant: String,
    household_type: String,
    latest: String,
    status: String,
}

#[derive(Template)]
#[template(path = "assistance_list.html")]
struct ListPage {
    l: Layout,
    message: Option<String>,
    may_open: bool,
    target_days: i64,
    waiting: Vec<WaitingRow>,
    follow_ups: Vec<FollowUpRow>,
    households: Vec<HouseholdRow>,
}

/// `GET /assistance`: the unit's worklist.
pub async fn list(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    ClientAddr(addr): ClientAddr,
) -> Result<Response, WebError> {
    let title = "Ekonomiskt bistånd".to_string();
    let Some((unit, unit_name)) = own_unit(&state, &user).await? else {
        let p = ListPage {
            l: Layout::new(tr, &user, title, Section::None),
            message: Some(
                "Din enhet handlägger inte ekonomiskt bistånd. Ekonomiskt bistånd handläggs av enheten för ekonomiskt bistånd."
                    .into(),
            ),
            may_open: false,
            target_days: target_days(),
            waiting: Vec::new(),
            follow_ups: Vec::new(),
            households: Vec::new(),
        };
        return html(&p);
    };
    let records = state.store().all_records::<Household>(Some(unit)).await?;
    let today = state.today();
    let target = target_days();
    let applicant_ids: Vec<PersonId> = records
        .iter()
        .filter_map(|r| r.state.applicant().map(|a| a.person))
        .collect();
    let persons: HashMap<PersonId, Person> = state
        .store()
        .persons(&applicant_ids)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut waiting = Vec::new();
    let mut follow_ups = Vec::new();
    let mut households = Vec::new();
    let reader = Reader::new(&user, &addr)?;
    let mut log = Vec::new();
    for r in &records {
        let h = &r.state;
        let href = format!("{BASE}/{}", r.id);
        let reference = RegisterKind::Assistance.reference(r.number);
        let sees = sees_protected_in_case(user.subject(), scope(h));
        let applicant = h
            .applicant()
            .map_or_else(String::new, |a| shown_person(&persons, a.person, sees).0);
        if let Some(p) = h.applicant().and_then(|a| persons.get(&a.person)) {
            let mut e = reader.person_in(AccessKind::List, p, None, None);
            e.case_unit = h.unit;
            e.detail = Some(format!("assistance:{}", r.number));
            log.push(e);
        }
        for a in h.waiting() {
            let days = (today - a.received_on).get_days().into();
            waiting.push(WaitingRow {
                href: href.clone(),
                reference: reference.clone(),
                applicant: applicant.clone(),
                month: a.month.label(),
                received: a.received_on.to_string(),
                days,
                overdue: days > target,
            });
        }
        if let Some((_, on)) = &h.plan
            && h.closed_on.is_none()
            && !h.follow_ups.iter().any(|(d, _)| d >= on)
        {
            follow_ups.push(FollowUpRow {
                href: href.clone(),
                reference: reference.clone(),
                applicant: applicant.clone(),
                due: on.to_string(),
                overdue: *on < today,
            });
        }
        let latest = h.applications.keys().next_back().copied();
        households.push(HouseholdRow {
            href,
            reference,
            applicant,
            household_type: latest
                .and_then(|m| h.household_type(m))
                .map_or_else(String::new, |t| t.label().to_string()),
            latest: latest.map_or_else(String::new, YearMonth::label),
            status: RegisterKind::Assistance.status_label(
                Household::head(h).map_or("active", |hd| hd.status),
            ),
        });
    }
    log_reads(&state, &log).await?;
    waiting.sort_by_key(|w| std::cmp::Reverse(w.days));
    follow_ups.sort_by(|a, b| a.due.cmp(&b.due));
    households.reverse();
    let p = ListPage {
        l: Layout::new(tr, &user, format!("{title}, {unit_name}"), Section::None),
        message: None,
        may_open: true,
        target_days: target,
        waiting,
        follow_ups,
        households,
    };
    html(&p)
}

// --- A new household ---------------------------------------------------------------

fn person_fields(with_role: bool) -> Vec<Field> {
    let mut f = vec![
        Field::new("identity", Kind::Text, "Personnummer".into())
            .hint("12 siffror, till exempel 19880601-9802.".into())
            .required(),
        Field::new("given", Kind::Text, "Förnamn".into())
            .hint("Används om personen inte redan finns i Tillit.".into()),
        Field::new("family", Kind::Text, "Efternamn".into()),
        Field::new("protected", Kind::Checkbox, "Skyddade personuppgifter".into()),
    ];
    if with_role {
        f.push(
            Field::new("role", Kind::Select, "Roll i hushållet".into())
                .options(
                    [MemberRole::Partner, MemberRole::Child, MemberRole::OtherAdult]
                        .into_iter()
                        .map(|r| (r.code().to_string(), r.label().to_string()))
                        .collect(),
                )
                .required(),
        );
    }
    f.push(month_field("from", "Hör till hushållet från och med månaden"));
    f
}

/// A person typed on a form: the identity number parsed, the names.
struct TypedPerson {
    number: IdentityNumber,
    given: String,
    family: String,
    protected: bool,
}

fn parse_person(input: &mut Input<'_>, today: Date) -> Option<TypedPerson> {
    let r = IdentityNumber::parse(input.data.get("identity"), today);
    let number = input.parsed("identity", r);
    let given = input.text("given");
    let family = input.text("family");
    Some(TypedPerson {
        number: number?,
        given,
        family,
        protected: input.data.checked("protected"),
    })
}

/// The person register's person for `typed`: the one with that number, or
/// a new one (to be written with the record). Errors: names missing for a
/// new person.
async fn resolve_person(
    state: &AppState,
    typed: &TypedPerson,
) -> Result<Result<(Person, bool), Refused>, WebError> {
    let long = typed.number.format_long();
    if let Some(p) = state.store().person_by_identity_number(&long).await? {
        return Ok(Ok((p, false)));
    }
    let mut errors = crate::forms::Errors::new();
    for (name, value, what) in [("given", &typed.given, "förnamnet"), ("family", &typed.family, "efternamnet")] {
        if let Err(e) = tillit_domain::register::text(what, value, 100) {
            errors.field(name, format!("Personen finns inte i Tillit. {e}"));
        }
    }
    if !errors.is_empty() {
        return Ok(Err(Refused::new(errors)));
    }
    Ok(Ok((
        Person {
            id: PersonId::new_random(),
            identity_number: Some(long),
            given_name: typed.given.clone(),
            family_name: typed.family.clone(),
            gender: typed.number.gender(),
            birth_date: Some(typed.number.birth_date()),
            protected: typed.protected,
            address: None,
        },
        true,
    )))
}

fn new_spec() -> FormSpec {
    FormSpec {
        heading: "Registrera ett hushåll".into(),
        intro: "Hushållet registreras med den sökande. Make, maka, sambo och barn läggs till på hushållets sida.".into(),
        back: BASE.into(),
        action: format!("{BASE}/new"),
        version: None,
        submit: "Registrera hushållet".into(),
        month_picker: None,
        norm: None,
        show_form: true,
    }
}

/// `GET /assistance/new`.
pub async fn new_form(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
) -> Result<Response, WebError> {
    own_unit(&state, &user).await?.ok_or(WebError::NotFound)?;
    let mut data = FormData::new(Vec::new());
    data.prefill("from", YearMonth::of(state.today()).to_string());
    form_page(tr, &user, new_spec(), &person_fields(false), &data, Refused::none())
}

/// `POST /assistance/new`.
pub async fn new_submit(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    data: FormData,
) -> Result<Response, WebError> {
    let (unit, _) = own_unit(&state, &user).await?.ok_or(WebError::NotFound)?;
    let fields = person_fields(false);
    let today = state.today();
    let typed = match read(tr, &fields, &data, None, |input| {
        let p = parse_person(input, today);
        let from = month_in(input, "from");
        Some((p?, from?))
    }) {
        Ok(x) => x,
        Err(refused) => return form_page(tr, &user, new_spec(), &fields, &data, refused),
    };
    let (typed, from) = typed;
    let (person, is_new) = match resolve_person(&state, &typed).await? {
        Ok(x) => x,
        Err(refused) => return form_page(tr, &user, new_spec(), &fields, &data, refused),
    };
    let entry = AssistanceEntry::Opened {
        unit,
        applicant: Member {
            person: person.id,
            role: MemberRole::Applicant,
            birth_date: typed.number.birth_date(),
            gender: person.gender,
            from,
        },
    };
    let id = RecordId::new_random();
    let persons = if is_new { vec![person] } else { Vec::new() };
    match write(&state, tr, &user, id, 0, &Household::default(), entry, persons).await? {
        Ok(()) => Ok(see_other(format!("{BASE}/{id}?saved=1"))),
        Err(refused) => form_page(tr, &user, new_spec(), &fields, &data, refused),
    }
}

// --- The household ---------------------------------------------------------------

struct MemberRow {
    name: String,
    number: String,
    role: String,
    born: String,
    from: String,
    until: String,
}

struct ItemRow {
    need: String,
    applied: String,
    outcome: String,
    granted: String,
    reason: String,
}

struct MonthView {
    label: String,
    received: String,
    norm: Option<String>,
    items: Vec<ItemRow>,
    incomes: String,
    sum: Option<String>,
    payments: Vec<String>,
    actions: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "assistance_household.html")]
struct HouseholdPage {
    l: Layout,
    saved: bool,
    status: String,
    opened_on: String,
    unit: String,
    due: Vec<(String, String, bool, String)>,
    actions: Vec<(String, String)>,
    members: Vec<MemberRow>,
    plan: Option<(String, String)>,
    follow_ups: Vec<(String, String)>,
    months: Vec<MonthView>,
    recoveries: Vec<String>,
}

fn incomes_text(a: &tillit_domain::register::assistance::Application) -> String {
    a.incomes
        .iter()
        .map(|i| format!("{} {}", i.income.kind.label(), i.income.amount))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `GET /assistance/{id}`.
pub async fn page(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
    crate::forms::Query(q): crate::forms::Query<SavedQuery>,
) -> Result<Response, WebError> {
    let rec = household(&state, &user, &id).await?;
    let h = &rec.state;
    let persons = persons_of(&state, h).await?;
    log_household(&state, &user, &addr, &rec, &persons, "hushåll").await?;
    let sees = sees_protected_in_case(user.subject(), scope(h));
    let today = state.today();
    let base = format!("{BASE}/{}", rec.id);
    let members = h
        .members
        .iter()
        .map(|ms| {
            let (name, number) = shown_person(&persons, ms.member.person, sees);
            let masked = name == "Skyddad identitet";
            MemberRow {
                name,
                number,
                role: ms.member.role.label().into(),
                born: if masked {
                    String::new()
                } else {
                    ms.member.birth_date.to_string()
                },
                from: ms.member.from.label(),
                until: ms.until.map_or_else(String::new, YearMonth::label),
            }
        })
        .collect();
    let open = h.closed_on.is_none();
    let months = h
        .applications
        .values()
        .rev()
        .map(|a| {
            let m = a.month.to_string();
            let mut actions = Vec::new();
            let items = match &a.decision {
                Some(d) => d
                    .items
                    .iter()
                    .map(|i| ItemRow {
                        need: i.kind.label().into(),
                        applied: i.applied.display(),
                        outcome: i.outcome.label().into(),
                        granted: i.granted.display(),
                        reason: i.reason.clone(),
                    })
                    .collect(),
                None => a
                    .needs
                    .iter()
                    .map(|n| ItemRow {
                        need: n.kind.label().into(),
                        applied: n.amount.display(),
                        outcome: "Väntar på beslut".into(),
                        granted: String::new(),
                        reason: n.note.clone(),
                    })
                    .collect(),
            };
            let sum = a.decision.as_ref().map(|d| {
                format!(
                    "Beviljat {}, inkomster som räknas {}, att betala ut {}. Utbetalt {}.",
                    d.sum.livelihood + d.sum.other_living,
                    d.sum.income_counted,
                    d.sum.payable,
                    Kronor(a.paid())
                )
            });
            if open {
                if a.decision.is_none() {
                    actions.push((format!("{base}/decide/{m}"), format!("Fatta beslut för {}", a.month.label())));
                } else {
                    actions.push((format!("{base}/pay/{m}"), "Registrera utbetalning".into()));
                }
            }
            if a.decision.is_some() {
                actions.push((format!("{base}/letter/{m}"), "Beslutsbrev (PDF)".into()));
            }
            MonthView {
                label: a.month.label(),
                received: a.received_on.to_string(),
                norm: a.norm.map(Kronor::display),
                items,
                incomes: incomes_text(a),
                sum,
                payments: a
                    .payments
                    .iter()
                    .enumerate()
                    .map(|(i, p)| match p.corrects {
                        Some(n) => format!(
                            "Rättelse {} av utbetalning {n}: {} kr, {} ({})",
                            i + 1,
                            p.amount,
                            p.paid_on,
                            p.note
                        ),
                        None => format!(
                            "Utbetalning {}: {} till {}, {}",
                            i + 1,
                            Kronor(p.amount),
                            p.to,
                            p.paid_on
                        ),
                    })
                    .collect(),
                actions,
            }
        })
        .collect();
    let mut actions = Vec::new();
    if open {
        actions.push((format!("{base}/apply"), "Registrera en ansökan".to_string()));
        for (code, label) in SIMPLE_FORMS {
            if *code == "followup" && h.plan.is_none() {
                continue;
            }
            actions.push((format!("{base}/form/{code}"), (*label).to_string()));
        }
    }
    let head = Household::head(h);
    let p = HouseholdPage {
        l: Layout::new(
            tr,
            &user,
            format!("Ekonomiskt bistånd {}", RegisterKind::Assistance.reference(rec.number)),
            Section::None,
        ),
        saved: q.saved(),
        status: RegisterKind::Assistance
            .status_label(head.as_ref().map_or("active", |x| x.status)),
        opened_on: h.opened.map_or_else(String::new, |(d, _)| d.to_string()),
        unit: unit_name(&state, h.unit).await?,
        due: Household::deadlines(h)
            .into_iter()
            .map(|d| (d.label.to_string(), d.due.to_string(), d.due < today, d.citation.to_string()))
            .collect(),
        actions,
        members,
        plan: h.plan.as_ref().map(|(p, d)| (p.clone(), d.to_string())),
        follow_ups: h
            .follow_ups
            .iter()
            .map(|(d, n)| (d.to_string(), n.clone()))
            .collect(),
        months,
        recoveries: h
            .recoveries
            .iter()
            .map(|r| format!("{} {}: {} ({})", r.decided_on, r.amount, r.reason, r.ground.label()))
            .collect(),
    };
    html(&p)
}

// --- The application -------------------------------------------------------------

/// The month and the lunch choices in the query (`?month=&lunch=..`).
fn month_query(data: &FormData) -> (String, Vec<PersonId>) {
    let lunch = data
        .all("lunch")
        .iter()
        .flat_map(|v| v.split(','))
        .filter_map(|v| v.trim().parse().ok())
        .collect();
    (data.trimmed("month").to_string(), lunch)
}

fn apply_fields(h: &Household, month: YearMonth, norm: &Result<NormBreakdown, NormError>, lunch: &[PersonId], persons: &HashMap<PersonId, Person>, sees: bool) -> Vec<Field> {
    let mut f = vec![
        Field::new("month", Kind::Fixed, "Månad".into())
            .options(vec![(month.to_string(), month.label())]),
        Field::new("lunch", Kind::Fixed, "Lunch i förskolan".into()).options(vec![(
            lunch.iter().map(ToString::to_string).collect::<Vec<_>>().join(","),
            if lunch.is_empty() {
                "Inget barn".into()
            } else {
                lunch
                    .iter()
                    .map(|p| shown_person(persons, *p, sees).0)
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        )]),
        Field::new("received_on", Kind::Date, "Ansökan kom in".into())
            .hint("ÅÅÅÅ-MM-DD".into())
            .required(),
    ];
    match norm {
        Ok(n) => f.push(
            Field::new("need_riksnorm", Kind::Fixed, "Riksnormen".into())
                .options(vec![(n.total.0.to_string(), format!("{} (beräknad ovan)", n.total))]),
        ),
        Err(_) => f.push(amount_field(
            "need_riksnorm",
            "Riksnormen, beräknad för hand (kronor)".into(),
        )),
    }
    for kind in NeedKind::all().filter(|k| *k != NeedKind::Norm) {
        let (name, _, _, _) = need_names(kind);
        f.push(amount_field(name, format!("{} (kronor)", kind.label())));
    }
    let adults = h.adults_in(month);
    for adult in &adults {
        let partner = adult.role == MemberRole::Partner;
        let who = if partner { "Make/maka/sambo" } else { "Sökande" };
        for (code, a, p) in INCOME_NAMES {
            let kind = IncomeKind::from_code(code).unwrap_or(IncomeKind::Other);
            f.push(amount_field(
                if partner { p } else { a },
                format!("{who}: {} (kronor)", kind.label()),
            ));
        }
        f.push(
            Field::new(
                if partner { "hinder_p" } else { "hinder_a" },
                Kind::Select,
                format!("{who}: försörjningshinder"),
            )
            .options(
                std::iter::once((String::new(), "Välj".to_string()))
                    .chain(Hinder::all().map(|x| (x.code().to_string(), x.label().to_string())))
                    .collect(),
            )
            .required(),
        );
    }
    f
}

fn apply_spec(rec: &Record<Household>, month: Option<YearMonth>, picker: MonthPicker, norm: Option<NormView>) -> FormSpec {
    FormSpec {
        heading: "Registrera en ansökan om ekonomiskt bistånd".into(),
        intro: "Välj månad och vilka barn som äter lunch i förskolan; riksnormen räknas fram post för post. Fyll sedan i de skäliga kostnaderna, övriga behov, inkomster och försörjningshinder.".into(),
        back: format!("{BASE}/{}", rec.id),
        action: format!("{BASE}/{}/apply", rec.id),
        version: Some(rec.version),
        submit: "Registrera ansökan".into(),
        month_picker: Some(picker),
        norm,
        show_form: month.is_some(),
    }
}

fn picker(h: &Household, month_text: &str, month: Option<YearMonth>, lunch: &[PersonId], persons: &HashMap<PersonId, Person>, sees: bool) -> MonthPicker {
    let children = month.map_or_else(Vec::new, |m| {
        h.children_in(m)
            .into_iter()
            .filter(|c| age_in_month(c.birth_date, m).is_some_and(|a| a <= 6))
            .map(|c| {
                let (name, _) = shown_person(persons, c.person, sees);
                (
                    c.person.to_string(),
                    format!("{name} ({} år)", age_in_month(c.birth_date, m).unwrap_or(0)),
                    lunch.contains(&c.person),
                )
            })
            .collect()
    });
    MonthPicker {
        month: month_text.to_string(),
        children,
    }
}

/// `GET /assistance/{id}/apply?month=YYYY-MM&lunch=...`.
pub async fn apply_form(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
    query: axum::extract::RawQuery,
) -> Result<Response, WebError> {
    let rec = household(&state, &user, &id).await?;
    let h = &rec.state;
    let persons = persons_of(&state, h).await?;
    log_household(&state, &user, &addr, &rec, &persons, "ansökan").await?;
    let sees = sees_protected_in_case(user.subject(), scope(h));
    let data = FormData::parse(query.0.unwrap_or_default().as_bytes());
    let (mut month_text, lunch) = month_query(&data);
    if month_text.is_empty() {
        month_text = YearMonth::of(state.today()).to_string();
    }
    let month = parse_month(&month_text).ok();
    let mut refused = Refused::none();
    if month.is_none() && !data.trimmed("month").is_empty() {
        refused = Refused::general(
            parse_month(&month_text).err().map_or_else(String::new, |e| e.to_string()),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let picker = picker(h, &month_text, month, &lunch, &persons, sees);
    let entered = crate::pages::riksnorm::entered_tables(&state).await?;
    let (fields, norm) = match month {
        Some(m) => {
            let n = norm_for_month_with(m, &h.norm_household(m, &lunch), &entered);
            (apply_fields(h, m, &n, &lunch, &persons, sees), Some(NormView::of(m, &n)))
        }
        None => (Vec::new(), None),
    };
    let mut form = FormData::new(Vec::new());
    form.prefill("received_on", state.today().to_string());
    form_page(tr, &user, apply_spec(&rec, month, picker, norm), &fields, &form, refused)
}

/// `POST /assistance/{id}/apply`.
pub async fn apply_submit(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, WebError> {
    let rec = household(&state, &user, &id).await?;
    let h = &rec.state;
    let persons = persons_of(&state, h).await?;
    let sees = sees_protected_in_case(user.subject(), scope(h));
    let (_, lunch) = month_query(&data);
    let month = match parse_month(data.get("month")) {
        Ok(m) => m,
        Err(e) => {
            // The month comes from the page's own hidden field: without it
            // the month is chosen again.
            let p = picker(h, data.get("month"), None, &lunch, &persons, sees);
            return form_page(
                tr,
                &user,
                apply_spec(&rec, None, p, None),
                &[],
                &data,
                Refused::general(e.to_string(), StatusCode::UNPROCESSABLE_ENTITY),
            );
        }
    };
    let entered = crate::pages::riksnorm::entered_tables(&state).await?;
    let norm = norm_for_month_with(month, &h.norm_household(month, &lunch), &entered);
    let fields = apply_fields(h, month, &norm, &lunch, &persons, sees);
    let spec = || {
        apply_spec(
            &rec,
            Some(month),
            picker(h, &month.to_string(), Some(month), &lunch, &persons, sees),
            Some(NormView::of(month, &norm)),
        )
    };
    let adults: Vec<(PersonId, bool)> = h
        .adults_in(month)
        .iter()
        .map(|a| (a.person, a.role == MemberRole::Partner))
        .collect();
    let parsed = read(tr, &fields, &data, Some(rec.version), |input| {
        let received = input.date("received_on");
        let mut needs = Vec::new();
        let mut ok = true;
        match &norm {
            Ok(n) => needs.push(Need {
                kind: NeedKind::Norm,
                amount: n.total,
                // Which table: an entered one is named with its version.
                note: match n.origin {
                    NormOrigin::Shipped => String::new(),
                    NormOrigin::Entered { version } => {
                        format!("Inlagd riksnorm {}, version {version}", n.year)
                    }
                },
            }),
            Err(_) => match optional_amount(input, "need_riksnorm") {
                Some(Some(a)) => needs.push(Need {
                    kind: NeedKind::Norm,
                    amount: a,
                    note: "Beräknad för hand".into(),
                }),
                Some(None) => {}
                None => ok = false,
            },
        }
        for kind in NeedKind::all().filter(|k| *k != NeedKind::Norm) {
            let (name, _, _, _) = need_names(kind);
            match optional_amount(input, name) {
                Some(Some(a)) => needs.push(Need {
                    kind,
                    amount: a,
                    note: String::new(),
                }),
                Some(None) => {}
                None => ok = false,
            }
        }
        let mut incomes = Vec::new();
        let mut hinder = Vec::new();
        for (person, partner) in &adults {
            for (code, a, p) in INCOME_NAMES {
                let name = if *partner { p } else { a };
                let kind = IncomeKind::from_code(code).unwrap_or(IncomeKind::Other);
                match optional_amount(input, name) {
                    Some(Some(amount)) => incomes.push(PersonIncome {
                        person: *person,
                        income: Income { kind, amount },
                    }),
                    Some(None) => {}
                    None => ok = false,
                }
            }
            let name = if *partner { "hinder_p" } else { "hinder_a" };
            match input.choice(name, Hinder::from_code) {
                Some(x) => hinder.push((*person, x)),
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        Some(AssistanceEntry::Applied {
            month,
            received_on: received?,
            needs,
            norm: norm.as_ref().ok().map(|n| n.total),
            incomes,
            assets: Vec::new(),
            hinder,
            lunch_at_preschool: lunch.clone(),
        })
    });
    let entry = match parsed {
        Ok(e) => e,
        Err(refused) => return form_page(tr, &user, spec(), &fields, &data, refused),
    };
    match write(&state, tr, &user, rec.id, rec.version, h, entry, Vec::new()).await? {
        Ok(()) => Ok(see_other(format!("{BASE}/{}?saved=1", rec.id))),
        Err(refused) => form_page(tr, &user, spec(), &fields, &data, refused),
    }
}

// --- The decision ----------------------------------------------------------------

fn outcome_options() -> Vec<(String, String)> {
    [Outcome::Granted, Outcome::PartlyGranted, Outcome::Refused]
        .into_iter()
        .map(|o| (o.code().to_string(), o.label().to_string()))
        .collect()
}

fn decide_fields(a: &tillit_domain::register::assistance::Application) -> Vec<Field> {
    let mut f = Vec::new();
    for n in &a.needs {
        let (_, out, gr, why) = need_names(n.kind);
        let label = format!("{}, sökt {}", n.kind.label(), n.amount);
        f.push(
            Field::new(out, Kind::Radios, label.clone())
                .options(outcome_options())
                .required(),
        );
        f.push(
            Field::new(gr, Kind::Text, format!("{}: beviljat belopp vid delvis bifall", n.kind.label()))
                .hint("Hela kronor; bara vid delvis bifall.".into()),
        );
        f.push(Field::new(why, Kind::Text, format!("{}: skäl (vid delvis bifall eller avslag)", n.kind.label())));
    }
    f.push(Field::new("special_rule", Kind::Checkbox, "Särskild beräkningsregel: en fjärdedel av lönen räknas inte (12 kap. 8 § SoL)".into()));
    f.push(Field::new("reasoning", Kind::TextArea, "Motivering".into()).hint("Krävs när något behov inte beviljas helt.".into()));
    f.push(Field::new("delegate", Kind::Text, "Delegation (punkt i delegationsordningen)".into()).required());
    f
}

fn application<'a>(
    h: &'a Household,
    month: &str,
) -> Result<(YearMonth, &'a tillit_domain::register::assistance::Application), WebError> {
    let m = parse_month(month).map_err(|_| WebError::NotFound)?;
    h.applications
        .get(&m)
        .map(|a| (m, a))
        .ok_or(WebError::NotFound)
}

fn decide_spec(rec: &Record<Household>, m: YearMonth, a: &tillit_domain::register::assistance::Application) -> FormSpec {
    FormSpec {
        heading: format!("Beslut om ekonomiskt bistånd för {}", m.label()),
        intro: format!(
            "Ansökan kom in {}. Inkomster: {}. Beslutet gäller varje sökt behov; summan blir beviljade behov minus inkomster.",
            a.received_on,
            if a.incomes.is_empty() { "inga".to_string() } else { incomes_text(a) }
        ),
        back: format!("{BASE}/{}", rec.id),
        action: format!("{BASE}/{}/decide/{m}", rec.id),
        version: Some(rec.version),
        submit: "Fatta beslut".into(),
        month_picker: None,
        norm: None,
        show_form: true,
    }
}

/// `GET /assistance/{id}/decide/{month}`.
pub async fn decide_form(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path((id, month)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let rec = household(&state, &user, &id).await?;
    let (m, a) = application(&rec.state, &month)?;
    let mut data = FormData::new(Vec::new());
    for n in &a.needs {
        data.prefill(need_names(n.kind).1, Outcome::Granted.code());
    }
    form_page(tr, &user, decide_spec(&rec, m, a), &decide_fields(a), &data, Refused::none())
}

/// `POST /assistance/{id}/decide/{month}`.
pub async fn decide_submit(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path((id, month)): Path<(String, String)>,
    data: FormData,
) -> Result<Response, WebError> {
    let rec = household(&state, &user, &id).await?;
    let (m, a) = application(&rec.state, &month)?;
    let fields = decide_fields(a);
    let parsed = read(tr, &fields, &data, Some(rec.version), |input| {
        let mut items = Vec::new();
        let mut ok = true;
        for n in &a.needs {
            let (_, out, gr, why) = need_names(n.kind);
            let Some(outcome) = input.choice(out, Outcome::from_code) else {
                ok = false;
                continue;
            };
            let granted = match outcome {
                Outcome::Granted => n.amount,
                Outcome::Refused => Kronor::ZERO,
                Outcome::PartlyGranted => {
                    let r = parse_amount(input.data.get(gr));
                    match input.parsed(gr, r) {
                        Some(k) => k,
                        None => {
                            ok = false;
                            continue;
                        }
                    }
                }
            };
            let item = ItemDecision {
                kind: n.kind,
                applied: n.amount,
                outcome,
                granted,
                reason: input.text(why),
            };
            if let Err(e) = item.check() {
                let at = if outcome == Outcome::PartlyGranted && !e.contains("skäl") { gr } else { why };
                input.field(at, e);
                ok = false;
            }
            items.push(item);
        }
        let delegate = input.text("delegate");
        if delegate.is_empty() {
            input.field("delegate", "Skriv vilken punkt i delegationsordningen beslutet fattas enligt.");
            ok = false;
        }
        if !ok {
            return None;
        }
        Some(AssistanceEntry::Decided {
            month: m,
            items,
            special_rule: input.data.checked("special_rule"),
            reasoning: input.raw("reasoning").trim().to_string(),
            delegate,
        })
    });
    let entry = match parsed {
        Ok(e) => e,
        Err(refused) => return form_page(tr, &user, decide_spec(&rec, m, a), &fields, &data, refused),
    };
    match write(&state, tr, &user, rec.id, rec.version, &rec.state, entry, Vec::new()).await? {
        Ok(()) => Ok(see_other(format!("{BASE}/{}?saved=1", rec.id))),
        Err(refused) => form_page(tr, &user, decide_spec(&rec, m, a), &fields, &data, refused),
    }
}

// --- Payments ------------------------------------------------------------------------

fn pay_fields(a: &tillit_domain::register::assistance::Application) -> Vec<Field> {
    let mut corrects = vec![(String::new(), "Ny utbetalning".to_string())];
    for (i, p) in a.payments.iter().enumerate() {
        corrects.push(((i + 1).to_string(), format!("Rättelse av utbetalning {} ({} kr, {})", i + 1, p.amount, p.paid_on)));
    }
    vec![
        Field::new("amount", Kind::Text, "Belopp (kronor)".into())
            .hint("En rättelse som minskar utbetalt belopp skrivs med minus, till exempel -240.".into())
            .required(),
        Field::new("paid_on", Kind::Date, "Utbetalningsdag".into()).required(),
        Field::new("to", Kind::Text, "Till".into()).hint("Den sökande, eller till exempel hyresvärden.".into()).required(),
        Field::new("corrects", Kind::Select, "Gäller".into()).options(corrects),
        Field::new("note", Kind::Text, "Anteckning (skäl vid rättelse)".into()),
    ]
}

fn pay_spec(rec: &Record<Household>, m: YearMonth, a: &tillit_domain::register::assistance::Application) -> FormSpec {
    let payable = a.decision.as_ref().map_or(Kronor::ZERO, |d| d.sum.payable);
    FormSpec {
        heading: format!("Utbetalning för {}", m.label()),
        intro: format!(
            "Beslutat att betala ut {payable}; utbetalt hittills {}. En utbetalning ändras aldrig: ett fel rättas med en ny post.",
            Kronor(a.paid())
        ),
        back: format!("{BASE}/{}", rec.id),
        action: format!("{BASE}/{}/pay/{m}", rec.id),
        version: Some(rec.version),
        submit: "Registrera utbetalningen".into(),
        month_picker: None,
        norm: None,
        show_form: true,
    }
}

/// `GET /assistance/{id}/pay/{month}`.
pub async fn pay_form(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path((id, month)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let rec = household(&state, &user, &id).await?;
    let (m, a) = application(&rec.state, &month)?;
    let payable = a.decision.as_ref().map_or(0, |d| d.sum.payable.0);
    let mut data = FormData::new(Vec::new());
    data.prefill("amount", (payable - a.paid()).max(0).to_string());
    data.prefill("paid_on", state.today().to_string());
    data.prefill("to", "Sökande");
    form_page(tr, &user, pay_spec(&rec, m, a), &pay_fields(a), &data, Refused::none())
}

/// `POST /assistance/{id}/pay/{month}`.
pub async fn pay_submit(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path((id, month)): Path<(String, String)>,
    data: FormData,
) -> Result<Response, WebError> {
    let rec = household(&state, &user, &id).await?;
    let (m, a) = application(&rec.state, &month)?;
    let fields = pay_fields(a);
    let parsed = read(tr, &fields, &data, Some(rec.version), |input| {
        let corrects = match input.text("corrects").as_str() {
            "" => Some(None),
            v => {
                let r = v.parse::<u32>().map_err(|_| "Välj en av utbetalningarna.");
                input.parsed("corrects", r).map(Some)
            }
        };
        let text = input.text("amount");
        let (negative, digits) = match text.strip_prefix(['-', '−']) {
            Some(rest) => (true, rest.to_string()),
            None => (false, text.clone()),
        };
        let r = parse_amount(&digits);
        let amount = input.parsed("amount", r).map(|k| if negative { -k.0 } else { k.0 });
        let paid_on = input.date("paid_on");
        let to = input.text("to");
        Some(AssistanceEntry::Paid {
            month: m,
            amount: amount?,
            paid_on: paid_on?,
            to,
            corrects: corrects?,
            note: input.text("note"),
        })
    });
    let entry = match parsed {
        Ok(e) => e,
        Err(refused) => return form_page(tr, &user, pay_spec(&rec, m, a), &fields, &data, refused),
    };
    match write(&state, tr, &user, rec.id, rec.version, &rec.state, entry, Vec::new()).await? {
        Ok(()) => Ok(see_other(format!("{BASE}/{}?saved=1", rec.id))),
        Err(refused) => form_page(tr, &user, pay_spec(&rec, m, a), &fields, &data, refused),
    }
}

// --- The decision letter -----------------------------------------------------------

/// `GET /assistance/{id}/letter/{month}`: the decision letter as PDF.
pub async fn letter(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientAddr(addr): ClientAddr,
    Path((id, month)): Path<(String, String)>,
) -> Result<Response, WebError> {
    use tillit_reports::letter::{DecisionLetter, LetterItem, render_decision_letter};
    let rec = household(&state, &user, &id).await?;
    let h = &rec.state;
    let (m, a) = application(h, &month)?;
    let d = a.decision.as_ref().ok_or(WebError::NotFound)?;
    let persons = persons_of(&state, h).await?;
    log_household(&state, &user, &addr, &rec, &persons, "beslutsbrev").await?;
    // The letter goes to the applicants: their names in full.
    let addressees = h
        .adults_in(m)
        .iter()
        .map(|x| {
            let (name, number) = shown_person(&persons, x.person, true);
            format!("{name}, {number}")
        })
        .collect();
    let decider = state
        .store()
        .users()
        .await?
        .into_iter()
        .find(|u| u.id == d.by)
        .map_or_else(String::new, |u| u.display_name);
    let mut sum = vec![
        ("Beviljat försörjningsstöd".to_string(), d.sum.livelihood.display()),
        ("Beviljat till livsföringen i övrigt".to_string(), d.sum.other_living.display()),
        ("Inkomster som räknas".to_string(), d.sum.income_counted.display()),
    ];
    if d.sum.income_disregarded.0 > 0 {
        sum.push(("Inkomster som inte räknas (12 kap. 8-9 §§ SoL)".into(), d.sum.income_disregarded.display()));
    }
    sum.push(("Att betala ut".into(), d.sum.payable.display()));
    if d.sum.surplus.0 > 0 {
        sum.push(("Överskott (inkomster över behoven)".into(), d.sum.surplus.display()));
    }
    let l = DecisionLetter {
        municipality: state.municipality().name.clone(),
        unit: unit_name(&state, h.unit).await?,
        reference: RegisterKind::Assistance.reference(rec.number),
        addressees,
        month: m.label(),
        received_on: a.received_on,
        decided_on: d.decided_on,
        items: d
            .items
            .iter()
            .map(|i| LetterItem {
                need: i.kind.label().into(),
                applied: i.applied.display(),
                outcome: i.outcome.label().into(),
                granted: i.granted.display(),
                reason: i.reason.clone(),
            })
            .collect(),
        incomes: a
            .incomes
            .iter()
            .map(|i| (i.income.kind.label().to_string(), i.income.amount.display()))
            .collect(),
        sum,
        reasoning: d.reasoning.clone(),
        legal_basis: tillit_domain::register::assistance::CITE_ASSISTANCE.into(),
        delegate: d.delegate.clone(),
        decided_by: decider,
        appeal: APPEAL.into(),
    };
    let pdf = render_decision_letter(&l).map_err(WebError::internal("beslutsbrev"))?;
    Ok((
        StatusCode::OK,
        [
            (CONTENT_TYPE, "application/pdf".to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"beslut-{}-{m}.pdf\"", l.reference),
            ),
        ],
        pdf,
    )
        .into_response())
}

// --- The simple forms --------------------------------------------------------------

/// The forms of a household besides the application, the decision and the
/// payment: (code, label).
const SIMPLE_FORMS: &[(&str, &str)] = &[
    ("member", "Lägg till en person i hushållet"),
    ("leave", "En person lämnar hushållet"),
    ("plan", "Planering mot egen försörjning"),
    ("followup", "Följ upp planeringen"),
    ("recovery", "Återkrav"),
    ("close", "Avsluta ärendet"),
];

fn simple_fields(code: &str, h: &Household, persons: &HashMap<PersonId, Person>, sees: bool) -> Option<Vec<Field>> {
    Some(match code {
        "member" => person_fields(true),
        "leave" => vec![
            Field::new("person", Kind::Select, "Person".into())
                .options(
                    h.members
                        .iter()
                        .filter(|m| m.until.is_none() && m.member.role != MemberRole::Applicant)
                        .map(|m| {
                            (
                                m.member.person.to_string(),
                                format!("{} ({})", shown_person(persons, m.member.person, sees).0, m.member.role.label()),
                            )
                        })
                        .collect(),
                )
                .required(),
            month_field("last", "Sista månaden i hushållet"),
        ],
        "plan" => vec![
            Field::new("plan", Kind::TextArea, "Planering mot egen försörjning".into()).required(),
            Field::new("follow_up_on", Kind::Date, "Följs upp".into()).required(),
        ],
        "followup" => vec![
            Field::new("on", Kind::Date, "Datum".into()).required(),
            Field::new("note", Kind::TextArea, "Vad uppföljningen visade".into()).required(),
        ],
        "recovery" => vec![
            Field::new("amount", Kind::Text, "Belopp som krävs tillbaka (kronor)".into()).required(),
            Field::new("ground", Kind::Radios, "Grund".into())
                .options(RecoveryGround::ALL.iter().map(|g| (g.code().to_string(), g.label().to_string())).collect())
                .required(),
            Field::new("reason", Kind::TextArea, "Skäl".into()).required(),
            Field::new("on", Kind::Date, "Beslutsdag".into()).required(),
        ],
        "close" => vec![
            Field::new("on", Kind::Date, "Avslutas".into()).required(),
            Field::new("reason", Kind::Text, "Skäl".into()).hint("Till exempel: egen försörjning genom arbete.".into()).required(),
        ],
        _ => return None,
    })
}

fn simple_spec(rec: &Record<Household>, code: &str) -> FormSpec {
    let label = SIMPLE_FORMS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("", |(_, l)| l);
    FormSpec {
        heading: label.to_string(),
        intro: String::new(),
        back: format!("{BASE}/{}", rec.id),
        action: format!("{BASE}/{}/form/{code}", rec.id),
        version: Some(rec.version),
        submit: "Spara".into(),
        month_picker: None,
        norm: None,
        show_form: true,
    }
}

/// `GET /assistance/{id}/form/{form}`.
pub async fn simple_form(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    ClientAddr(addr): ClientAddr,
    Path((id, code)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let rec = household(&state, &user, &id).await?;
    let persons = persons_of(&state, &rec.state).await?;
    let sees = sees_protected_in_case(user.subject(), scope(&rec.state));
    let fields = simple_fields(&code, &rec.state, &persons, sees).ok_or(WebError::NotFound)?;
    if code == "leave" {
        log_household(&state, &user, &addr, &rec, &persons, "formulär").await?;
    }
    let mut data = FormData::new(Vec::new());
    for f in ["on", "follow_up_on"] {
        data.prefill(f, state.today().to_string());
    }
    data.prefill("from", YearMonth::of(state.today()).to_string());
    data.prefill("last", YearMonth::of(state.today()).to_string());
    form_page(tr, &user, simple_spec(&rec, &code), &fields, &data, Refused::none())
}

/// `POST /assistance/{id}/form/{form}`.
pub async fn simple_submit(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path((id, code)): Path<(String, String)>,
    data: FormData,
) -> Result<Response, WebError> {
    let rec = household(&state, &user, &id).await?;
    let h = &rec.state;
    let persons = persons_of(&state, h).await?;
    let sees = sees_protected_in_case(user.subject(), scope(h));
    let fields = simple_fields(&code, h, &persons, sees).ok_or(WebError::NotFound)?;
    let today = state.today();
    let mut new_person = None;
    let entry = if code == "member" {
        let typed = match read(tr, &fields, &data, Some(rec.version), |input| {
            let p = parse_person(input, today);
            let role = input.choice("role", MemberRole::from_code);
            let from = month_in(input, "from");
            Some((p?, role?, from?))
        }) {
            Ok(x) => x,
            Err(refused) => return form_page(tr, &user, simple_spec(&rec, &code), &fields, &data, refused),
        };
        let (typed, role, from) = typed;
        let (person, is_new) = match resolve_person(&state, &typed).await? {
            Ok(x) => x,
            Err(refused) => return form_page(tr, &user, simple_spec(&rec, &code), &fields, &data, refused),
        };
        let entry = AssistanceEntry::Joined {
            member: Member {
                person: person.id,
                role,
                birth_date: typed.number.birth_date(),
                gender: person.gender,
                from,
            },
        };
        if is_new {
            new_person = Some(person);
        }
        entry
    } else {
        match read(tr, &fields, &data, Some(rec.version), |input| parse_simple(&code, input)) {
            Ok(e) => e,
            Err(refused) => return form_page(tr, &user, simple_spec(&rec, &code), &fields, &data, refused),
        }
    };
    match write(&state, tr, &user, rec.id, rec.version, h, entry, new_person.into_iter().collect()).await? {
        Ok(()) => Ok(see_other(format!("{BASE}/{}?saved=1", rec.id))),
        Err(refused) => form_page(tr, &user, simple_spec(&rec, &code), &fields, &data, refused),
    }
}

fn parse_simple(code: &str, input: &mut Input<'_>) -> Option<AssistanceEntry> {
    Some(match code {
        "leave" => {
            let person = input.choice("person", |v| v.parse::<PersonId>().ok());
            let last = month_in(input, "last");
            AssistanceEntry::Left {
                person: person?,
                last: last?,
            }
        }
        "plan" => {
            let on = input.date("follow_up_on");
            AssistanceEntry::Planned {
                plan: input.raw("plan").trim().to_string(),
                follow_up_on: on?,
            }
        }
        "followup" => {
            let on = input.date("on");
            AssistanceEntry::FollowedUp {
                on: on?,
                note: input.raw("note").trim().to_string(),
            }
        }
        "recovery" => {
            let r = parse_amount(input.data.get("amount"));
            let amount = input.parsed("amount", r);
            let ground = input.choice("ground", RecoveryGround::from_code);
            let on = input.date("on");
            AssistanceEntry::Recovery {
                amount: amount?,
                ground: ground?,
                reason: input.raw("reason").trim().to_string(),
                decided_on: on?,
            }
        }
        "close" => {
            let on = input.date("on");
            AssistanceEntry::Closed {
                on: on?,
                reason: input.text("reason"),
            }
        }
        _ => return None,
    })
}

pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::Access::Requires;
    let p = Requires(Permission::HandleAssistance);
    r.get(BASE, p, list)
        .get(
            "/assistance/figures",
            Requires(Permission::ViewFollowUp),
            figures_page,
        )
        .get("/assistance/extract", Requires(Permission::ViewExactFigures), extract)
        .get("/assistance/new", p, new_form)
        .post("/assistance/new", p, new_submit)
        .get("/assistance/{id}", p, page)
        .get("/assistance/{id}/apply", p, apply_form)
        .post("/assistance/{id}/apply", p, apply_submit)
        .get("/assistance/{id}/decide/{month}", p, decide_form)
        .post("/assistance/{id}/decide/{month}", p, decide_submit)
        .get("/assistance/{id}/pay/{month}", p, pay_form)
        .post("/assistance/{id}/pay/{month}", p, pay_submit)
        .get("/assistance/{id}/letter/{month}", p, letter)
        .get("/assistance/{id}/form/{form}", p, simple_form)
        .post("/assistance/{id}/form/{form}", p, simple_submit)
}

// --- Key figures and the monthly extract -------------------------------------------

struct BreakdownTable {
    title: String,
    rows: Vec<(String, String, String, String)>,
}

#[derive(Template)]
#[template(path = "assistance_figures.html")]
struct FiguresPage {
    l: Layout,
    tabs: Vec<crate::view::NavItem>,
    period_code: String,
    period_label: String,
    error: Option<String>,
    scope: String,
    suppressed: bool,
    threshold: u32,
    rows: Vec<(String, String)>,
    breakdowns: Vec<BreakdownTable>,
    extract_month: String,
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct PeriodQuery {
    #[serde(default)]
    period: String,
    #[serde(default)]
    month: String,
}

fn decimal(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "saknas".into(), |x| format!("{x:.digits$}").replace('.', ","))
}

/// The households whose figures `user` may see: a manager's own unit, the
/// analyst's and quality lead's every unit; `None` for anyone else.
async fn figure_scope(state: &AppState, user: &CurrentUser) -> Result<Option<(Option<UnitId>, String)>, WebError> {
    use tillit_domain::role::Role;
    Ok(match user.role {
        Role::TeamLead | Role::UnitManager => own_unit(state, user).await?.map(|(u, name)| (Some(u), name)),
        Role::Analyst | Role::QualityLead => Some((None, "Alla enheter".into())),
        _ => None,
    })
}

/// `GET /assistance/figures?period=2021`: the key figures of economic
/// assistance. Exact for the unit's managers; published (small numbers
/// hidden) for the analyst and the quality lead.
pub async fn figures_page(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    crate::forms::Query(q): crate::forms::Query<PeriodQuery>,
) -> Result<Response, WebError> {
    use tillit_followup::assistance::{AssistanceBreakdown, breakdown, figures};
    use tillit_followup::suppress::hidden_cells;
    let Some((unit, scope_name)) = figure_scope(&state, &user).await? else {
        let p = ListPage {
            l: Layout::new(tr, &user, "Nyckeltal för ekonomiskt bistånd".into(), Section::FollowUp),
            message: Some("Din enhet handlägger inte ekonomiskt bistånd.".into()),
            may_open: false,
            target_days: target_days(),
            waiting: Vec::new(),
            follow_ups: Vec::new(),
            households: Vec::new(),
        };
        return html(&p);
    };
    let suppressed = !crate::permissions::is_manager(user.role);
    let threshold = tillit_followup::DEFAULT_THRESHOLD;
    let default_year = state.today().year() - 1;
    let code = if q.period.trim().is_empty() {
        default_year.to_string()
    } else {
        q.period.trim().to_string()
    };
    let (period, error) = match code.parse::<tillit_followup::Period>() {
        Ok(p) => (p, None),
        Err(e) => (
            default_year.to_string().parse::<tillit_followup::Period>().map_err(WebError::internal("period"))?,
            Some(format!("Perioden kunde inte läsas: {e}. Visar {default_year}.")),
        ),
    };
    let (from, to) = (YearMonth::of(period.start()), YearMonth::of(period.end()));
    let records = state.store().all_records::<Household>(unit).await?;
    let hs: Vec<&Household> = records.iter().map(|r| &r.state).collect();
    let f = figures(&hs, from, to);
    let small = |n: u32| suppressed && n > 0 && n < threshold;
    let count = |n: u32| if small(n) { "..".to_string() } else { n.to_string() };
    let based = |base: u32, v: String| if small(base) { "..".to_string() } else { v };
    let kr = |v: Option<f64>| v.map_or_else(|| "saknas".into(), |x| Kronor(x.round() as i64).display());
    let rows = vec![
        ("Antal hushåll som förekommit minst en gång".to_string(), count(f.households)),
        ("Antal biståndsmånader under perioden".into(), based(f.households, f.months.to_string())),
        ("Genomsnittligt antal biståndshushåll per månad".into(), based(f.households, decimal(f.average_households_per_month(), 0))),
        ("Genomsnittlig biståndstid per hushåll (månader)".into(), based(f.households, decimal(f.average_support_time(), 2))),
        ("Andel hushåll med bistånd 10 månader eller mer av de senaste 12 (%)".into(), based(f.window_households, decimal(f.long_term_share(), 0))),
        ("Antal hushåll 18–24 år som förekommit minst en gång".into(), count(f.young_households)),
        ("Andel hushåll 18–24 år med bistånd 10 månader eller mer av de senaste 12 (%)".into(), based(f.young_window_households, decimal(f.young_long_term_share(), 0))),
        ("Genomsnittlig biståndstid per hushåll 18–24 år (månader)".into(), based(f.young_households, decimal(f.young_support_time(), 2))),
        ("Genomsnittligt bistånd per hushåll och månad".into(), based(f.households, kr(f.average_per_household_month()))),
        ("Antal hushåll med minderåriga barn".into(), count(f.households_with_children)),
        ("Antal barn i hushåll med ekonomiskt bistånd".into(), count(f.children)),
        ("Antal flickor med bistånd till fritidsaktivitet".into(), count(f.leisure_girls)),
        ("Antal pojkar med bistånd till fritidsaktivitet".into(), count(f.leisure_boys)),
        ("Bistånd till boende på hotell, vandrarhem och härbärge".into(), Kronor(f.temporary_housing).display()),
    ];
    let mut breakdowns = Vec::new();
    for by in AssistanceBreakdown::ALL {
        let rows = breakdown(&hs, from, to, by);
        let mut persons: Vec<u32> = rows.iter().map(|r| r.households).collect();
        persons.push(f.households);
        let hidden = if suppressed {
            hidden_cells(&persons, &[(0..persons.len()).collect()], threshold)
        } else {
            vec![false; persons.len()]
        };
        let mut out: Vec<(String, String, String, String)> = rows
            .iter()
            .zip(&hidden)
            .map(|(r, h)| {
                if *h {
                    (r.label.to_string(), "..".into(), "..".into(), "..".into())
                } else {
                    (r.label.to_string(), r.households.to_string(), r.months.to_string(), decimal(r.support_time(), 2))
                }
            })
            .collect();
        out.push((
            "Totalt".into(),
            count(f.households),
            based(f.households, f.months.to_string()),
            based(f.households, decimal(f.average_support_time(), 2)),
        ));
        breakdowns.push(BreakdownTable {
            title: by.label().into(),
            rows: out,
        });
    }
    let p = FiguresPage {
        l: Layout::new(tr, &user, "Nyckeltal för ekonomiskt bistånd".into(), Section::FollowUp),
        tabs: crate::followup_view::tabs(tr, crate::followup_view::Tab::Assistance),
        period_code: code,
        period_label: period.label(),
        error,
        scope: scope_name,
        suppressed,
        threshold,
        rows,
        breakdowns,
        extract_month: to.to_string(),
    };
    html(&p)
}

/// The monthly extract as CSV (UTF-8 with BOM, `;`, CRLF), one line per
/// household with assistance in the month.
pub fn extract_csv(rows: &[tillit_followup::assistance::ExtractRow]) -> String {
    use tillit_followup::assistance::EXTRACT_FIELDS;
    let mut s = String::from("\u{feff}");
    s.push_str(&EXTRACT_FIELDS.join(";"));
    s.push_str("\r\n");
    for r in rows {
        let fields = [
            r.month.clone(),
            r.household.clone(),
            r.amount.to_string(),
            r.household_type.to_string(),
            r.children.to_string(),
            r.hinder_applicant.to_string(),
            r.hinder_partner.to_string(),
        ];
        s.push_str(&fields.iter().map(|f| tillit_reports::csv::field(f)).collect::<Vec<_>>().join(";"));
        s.push_str("\r\n");
    }
    s
}

/// `GET /assistance/extract?month=YYYY-MM`: the monthly extract for
/// Socialstyrelsen's statistics, for the unit's managers (it names no
/// person; a household by its reference).
pub async fn extract(
    State(state): State<AppState>,
    user: CurrentUser,
    crate::forms::Query(q): crate::forms::Query<PeriodQuery>,
) -> Result<Response, WebError> {
    if !crate::permissions::is_manager(user.role) {
        return Err(WebError::NotFound);
    }
    let (unit, _) = own_unit(&state, &user).await?.ok_or(WebError::NotFound)?;
    // The month asked for, else last month.
    let month = parse_month(&q.month).unwrap_or_else(|_| YearMonth::of(state.today()).plus(-1));
    let records = state.store().all_records::<Household>(Some(unit)).await?;
    let refs: Vec<(String, &Household)> = records
        .iter()
        .map(|r| (RegisterKind::Assistance.reference(r.number), &r.state))
        .collect();
    let rows = tillit_followup::assistance::monthly_extract(&refs, month);
    Ok((
        StatusCode::OK,
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"ekonomiskt-bistand-{month}.csv\""),
            ),
        ],
        extract_csv(&rows),
    )
        .into_response())
}
