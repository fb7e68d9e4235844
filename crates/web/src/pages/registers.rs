//! Every register's pages, written once: the quality hub (`/quality`), a
//! register's list, its report form, a record's page and its entry forms.
//! A register's own page module (`lex_sarah.rs`, `incidents.rs`) says only
//! what differs: its forms' fields and how they parse into the domain's
//! entries ([`RegisterPage`]), how an entry reads, and its routes through
//! [`register_routes!`].
//!
//! Who sees what is [`record_view`]: a record's handlers see everything; the
//! reporter sees their own report's status, never the investigation; anyone
//! else gets "not found". Every full view of a record is access-logged
//! (kind `register`, the record's unit as `case_unit`) before it is sent.

use crate::forms::SavedQuery;
use crate::AppState;
use crate::audit::{Reader, log_reads};
use crate::error::WebError;
use crate::forms::{Field, FieldView, FormData, Input, Refused, Shown, SummaryItem, read};
use crate::i18n::Tr;
use crate::permissions::{
    Permission, RecordView, allowed, handles_permission, handles_record, record_view,
};
use crate::request::ClientAddr;
use crate::session::CurrentUser;
use crate::view::{Layout, Section, html, html_status};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use jiff::civil::Date;
use std::collections::HashMap;
use tillit_domain::register::{Register, RegisterKind, Writer, decide};
use tillit_domain::{RecordId, UnitId, UserId};
use tillit_store::{AccessKind, CaseSummary, RecordFilter, RecordHead, RecordWrite, StoreError};

/// The code of the form that opens a record (the report).
pub const REPORT_FORM: &str = "report";

/// What a register's forms and entry views may need.
pub struct FormCtx<'a> {
    pub tr: Tr,
    pub user: &'a CurrentUser,
    pub today: Date,
    /// Every unit: (id, name).
    pub units: Vec<(UnitId, String)>,
    /// Every active member of staff: (id, name).
    pub staff: Vec<(UserId, String)>,
    /// The cases a form asked for ([`RegisterPage::cases_opened`]; empty
    /// for every other form).
    pub cases: Vec<CaseSummary>,
    /// The incident categories the administrator added
    /// (`pages/categories.rs`), valid or ended.
    pub added_categories: Vec<tillit_domain::register::incident::AddedCategory>,
    /// The self-audit checklist a new audit is planned with
    /// (`pages/checklist.rs`).
    pub checklist: tillit_domain::register::self_audit::Checklist,
    /// The contracted providers of the economy's catalogue a report may
    /// name: (code, name); loaded for registers with
    /// [`RegisterPage::USES_PROVIDERS`] only.
    pub providers: Vec<(String, String)>,
    /// The case a form's look-up found ([`RegisterPage::case_field`]):
    /// `Ok(None)` for an empty field, `Err` the Swedish reason.
    pub case_lookup: Option<Result<Option<tillit_domain::CaseId>, String>>,
    /// The cases the record shown concerns, as the reader may see them.
    pub linked: Vec<LinkedCase>,
}

/// A case a register's record is linked to, as the reader may see it.
#[derive(Clone, Debug)]
pub struct LinkedCase {
    pub case: tillit_domain::CaseId,
    /// The reader may read the case: the link and the child (masked if
    /// protected and hidden from the reader); else only that there is one.
    pub visible: bool,
    /// The child as the reader may see them ("Skyddad identitet" when
    /// masked); empty when not visible.
    pub child: String,
}

impl FormCtx<'_> {
    pub fn unit_name(&self, id: UnitId) -> String {
        self.units
            .iter()
            .find(|(u, _)| *u == id)
            .map_or_else(|| format!("Enhet {id}"), |(_, n)| n.clone())
    }

    pub fn staff_name(&self, id: UserId) -> String {
        self.staff
            .iter()
            .find(|(u, _)| *u == id)
            .map_or_else(|| format!("Användare {}", id.0), |(_, n)| n.clone())
    }

    /// The units as a select's options, the user's own first.
    pub fn unit_options(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        if let Some(own) = self.user.unit {
            out.push((own.0.to_string(), self.unit_name(own)));
        }
        for (id, name) in &self.units {
            if Some(*id) != self.user.unit {
                out.push((id.0.to_string(), name.clone()));
            }
        }
        out
    }

    /// The providers as a select's options, "none" first.
    pub fn provider_options(&self) -> Vec<(String, String)> {
        std::iter::once((String::new(), self.tr.t("provider-none")))
            .chain(self.providers.iter().cloned())
            .collect()
    }

    /// A provider chosen on a form: `Some(None)` for none.
    pub fn parse_provider(
        &self,
        input: &mut Input<'_>,
        name: &str,
    ) -> Option<Option<(String, String)>> {
        let providers = &self.providers;
        let m = self.tr.t("form-choose-one");
        input.optional_pick(name, m, |code| {
            providers.iter().find(|(c, _)| c == code).cloned()
        })
    }

    /// The case the form's look-up field `name` found (see
    /// [`RegisterPage::case_field`]): `Some(None)` when left empty, `None`
    /// with the reason beside the field when nothing the user may read was
    /// found.
    pub fn parse_case(
        &self,
        input: &mut Input<'_>,
        name: &str,
    ) -> Option<Option<tillit_domain::CaseId>> {
        match &self.case_lookup {
            None => Some(None),
            Some(r) => input.parsed(name, r.clone()),
        }
    }

    /// How a linked case reads on the record's page.
    pub fn case_line(&self, case: tillit_domain::CaseId) -> String {
        match self.linked.iter().find(|l| l.case == case) {
            Some(l) if l.visible => self.tr.t1("register-case-linked", "child", l.child.clone()),
            _ => self.tr.t("register-case-hidden"),
        }
    }

    /// The link to a linked case, if the reader may follow it.
    pub fn case_link(&self, case: tillit_domain::CaseId) -> Option<(String, String)> {
        self.linked
            .iter()
            .find(|l| l.case == case && l.visible)
            .map(|_| (format!("/cases/{case}"), self.tr.t("register-case-open")))
    }

    /// A unit chosen on a form.
    pub fn parse_unit(&self, input: &mut Input<'_>, name: &str) -> Option<UnitId> {
        let units = &self.units;
        input.choice(name, |code| {
            let id = code.parse::<i64>().ok()?;
            units.iter().find(|(u, _)| u.0 == id).map(|(u, _)| *u)
        })
    }
}

/// A register's page: its forms and how its entries read.
pub trait RegisterPage: Register {
    /// The path of the register's list, e.g. `/lex-sarah` (the routes are
    /// registered with the same literal by [`register_routes!`]).
    const BASE: &'static str;
    /// The register's name as a heading.
    fn title(tr: Tr) -> String;
    /// What the register is for, and for the report form what the law asks.
    fn intro(tr: Tr) -> String;
    /// The forms a handler may fill in now: (code, label).
    fn forms(tr: Tr, state: &Self::State) -> Vec<(&'static str, String)>;
    /// The fields of form `code` ([`REPORT_FORM`] opens a record); `None`
    /// for a form the register does not have.
    fn fields(code: &str, ctx: &FormCtx<'_>, state: &Self::State) -> Option<Vec<Field>>;
    /// Form `code` parsed into an entry (errors beside the fields).
    fn parse(
        code: &str,
        input: &mut Input<'_>,
        ctx: &FormCtx<'_>,
        state: &Self::State,
    ) -> Option<Self::Entry>;
    /// An entry as shown on the record's page: its heading and its lines.
    fn show(entry: &Self::Entry, ctx: &FormCtx<'_>) -> (String, Vec<(String, String)>);
    /// Links beside the forms on the record's page: (href, label) (the
    /// e-service's report links to the intake form it is registered with).
    fn record_links(_tr: Tr, _id: RecordId, _state: &Self::State) -> Vec<(String, String)> {
        Vec::new()
    }
    /// Other records written in the same transaction as `entry` (an incident
    /// raised to a Lex Sarah report writes that report).
    fn linked_writes(
        _entry: &Self::Entry,
        _state: &Self::State,
        _ctx: &FormCtx<'_>,
        _at: Timestamp,
    ) -> Result<Vec<RecordWrite>, StoreError> {
        Ok(Vec::new())
    }
    /// Whether `user` (who handles the record) may fill in form `code` now
    /// (the self-audit's draw and close are the quality lead's).
    fn may_fill(_code: &str, _user: &CurrentUser, _state: &Self::State) -> bool {
        true
    }
    /// The cases form `code` chooses from: those of a unit opened in a
    /// period (unit, from, to), loaded into [`FormCtx::cases`].
    fn cases_opened(_code: &str, _state: &Self::State) -> Option<(UnitId, Date, Date)> {
        None
    }
    /// Only the register's handlers open a record (a self-audit is planned,
    /// not reported): the list offers the report form to them alone (the
    /// domain refuses anyone else).
    const HANDLERS_OPEN: bool = false;
    /// The label of the list's button to the report form.
    fn new_label(tr: Tr) -> String {
        tr.t("register-report-new")
    }
    /// Links an entry shows below its lines (href, text), for record `id`.
    fn links(_entry: &Self::Entry, _id: RecordId, _ctx: &FormCtx<'_>) -> Vec<(String, String)> {
        Vec::new()
    }
    /// The register's forms name a provider of the economy's catalogue
    /// ([`FormCtx::providers`]).
    const USES_PROVIDERS: bool = false;
    /// The field of form `code` in which a case is looked up by the
    /// child's personnummer ([`lookup_case`]; the result is
    /// [`FormCtx::case_lookup`]).
    fn case_field(_code: &str) -> Option<&'static str> {
        None
    }
    /// The cases the record concerns (a report of concern registered to
    /// them): their children are named in the access-log rows of every
    /// read of the record, so a log review by person finds it.
    fn concerns(_state: &Self::State) -> Vec<tillit_domain::CaseId> {
        Vec::new()
    }
}

/// Register a register's routes: the list, the report form, a record's
/// page (everyone who may report: what they see is [`record_view`]) and the
/// entry forms (the register's handlers).
macro_rules! register_routes {
    ($r:expr, $register:ty, $base:literal) => {{
        use crate::pages::registers as reg;
        use crate::permissions::Access::Requires;
        use crate::permissions::Permission::ReportToRegister;
        register_routes!($r, $register, $base, no_report_form)
            .get(
                concat!($base, "/new"),
                Requires(ReportToRegister),
                reg::new_form::<$register>,
            )
            .post(
                concat!($base, "/new"),
                Requires(ReportToRegister),
                reg::new_submit::<$register>,
            )
    }};
    // A register whose records come from elsewhere (the public e-service):
    // no report form of its own.
    ($r:expr, $register:ty, $base:literal, no_report_form) => {{
        use crate::pages::registers as reg;
        use crate::permissions::Access::Requires;
        use crate::permissions::Permission::ReportToRegister;
        let handle = crate::permissions::handles_permission(
            <$register as tillit_domain::register::Register>::KIND,
        );
        $r.get($base, Requires(ReportToRegister), reg::list::<$register>)
            .get(
                concat!($base, "/{id}"),
                Requires(ReportToRegister),
                reg::record::<$register>,
            )
            .get(
                concat!($base, "/{id}/{form}"),
                Requires(handle),
                reg::entry_form::<$register>,
            )
            .post(
                concat!($base, "/{id}/{form}"),
                Requires(handle),
                reg::entry_submit::<$register>,
            )
    }};
}
pub(crate) use register_routes;

/// The form context: units and staff from the directory, and the
/// providers for a register that names them.
async fn ctx<'a, R: RegisterPage>(
    state: &AppState,
    tr: Tr,
    user: &'a CurrentUser,
) -> Result<FormCtx<'a>, WebError> {
    let providers = if R::USES_PROVIDERS {
        contracted_providers(state).await?
    } else {
        Vec::new()
    };
    let units = state
        .store()
        .units()
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let staff = state
        .store()
        .users()
        .await?
        .into_iter()
        .filter(|u| u.active)
        .map(|u| (u.id, u.display_name))
        .collect();
    Ok(FormCtx {
        tr,
        user,
        today: state.today(),
        units,
        staff,
        cases: Vec::new(),
        added_categories: crate::pages::categories::added(state).await?,
        checklist: crate::pages::checklist::current(state).await?,
        providers,
        case_lookup: None,
        linked: Vec::new(),
    })
}

/// The catalogue's contracted providers (every one but the municipality's
/// own family homes, which are private homes): (code, name), by name.
pub async fn contracted_providers(state: &AppState) -> Result<Vec<(String, String)>, WebError> {
    Ok(state
        .store()
        .providers()
        .await?
        .providers
        .into_iter()
        .filter(|p| p.category.is_bought())
        .map(|p| (p.code, p.name))
        .collect())
}

/// The case a child's personnummer typed on a register's form leads to,
/// as need-to-know allows: among the child's cases those `user` may read
/// (by unit or assignment; never through emergency access), the open one
/// opened last, else the one opened last. A number that is not a child's
/// in Tillit, a child whose cases the user may not read, and a protected
/// child the user may not see all get the same answer, so the look-up
/// tells nobody more than they may know. Empty: no case.
pub async fn lookup_case(
    state: &AppState,
    tr: Tr,
    user: &CurrentUser,
    typed: &str,
) -> Result<Result<Option<tillit_domain::CaseId>, String>, WebError> {
    use crate::permissions::{CaseScope, may_read_case, sees_protected_in_case};
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(Ok(None));
    }
    let Ok(number) = tillit_domain::identity::IdentityNumber::parse(typed, state.today()) else {
        return Ok(Err(tr.t("register-case-number-invalid")));
    };
    let not_found = || Ok(Err(tr.t("register-case-not-found")));
    let Some(person) = state
        .store()
        .person_by_identity_number(&number.format_long())
        .await?
    else {
        return not_found();
    };
    let mut cases: Vec<CaseSummary> = state
        .store()
        .cases_for_person(person.id)
        .await?
        .into_iter()
        .filter(|c| c.child == person.id && may_read_case(user.subject(), CaseScope::of(c)))
        .filter(|c| !person.protected || sees_protected_in_case(user.subject(), CaseScope::of(c)))
        .collect();
    cases.sort_by_key(|c| (c.closed_on.is_none(), c.opened_on));
    match cases.last() {
        Some(c) => Ok(Ok(Some(c.id))),
        None => not_found(),
    }
}

/// [`ctx`] with the cases form `code` of record `state` chooses from.
async fn form_ctx<'a, R: RegisterPage>(
    state: &AppState,
    tr: Tr,
    user: &'a CurrentUser,
    code: &str,
    record: &R::State,
) -> Result<FormCtx<'a>, WebError> {
    let mut c = ctx::<R>(state, tr, user).await?;
    if let Some((unit, from, to)) = R::cases_opened(code, record) {
        c.cases = state.store().cases_opened(unit, from, to).await?;
    }
    Ok(c)
}

fn see_other(to: String) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, to)]).into_response()
}

// --- The hub -----------------------------------------------------------------

struct HubRow {
    href: String,
    title: String,
    open: usize,
    /// Everyone may report to it (else only its handlers add records).
    reports: bool,
    /// Its report form, if it has one.
    new_href: Option<String>,
}

#[derive(Template)]
#[template(path = "quality.html")]
struct HubPage {
    l: Layout,
    registers: Vec<HubRow>,
    due: Vec<DueRow>,
    /// The quality lead's other pages the user may open: (href, label).
    tools: Vec<(String, String)>,
}

/// A deadline of a register, as the hub and the start page list it.
pub struct DueRow {
    pub href: String,
    pub reference: String,
    pub register: String,
    pub unit: String,
    pub label: String,
    pub due: String,
    pub overdue: bool,
    pub citation: String,
}

/// The register deadlines `user` handles, earliest first.
pub async fn due_rows(state: &AppState, user: &CurrentUser) -> Result<Vec<DueRow>, WebError> {
    let kinds: Vec<RegisterKind> = RegisterKind::all()
        .filter(|k| allowed(user.role, handles_permission(*k)))
        .collect();
    let all = state.store().record_deadlines(&kinds, None).await?;
    let today = state.today();
    let units: HashMap<UnitId, String> = state
        .store()
        .units()
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(all
        .into_iter()
        .filter(|d| handles_record(user.subject(), d.register, d.unit))
        .map(|d| DueRow {
            href: format!("{}/{}", base(d.register), d.record),
            reference: d.register.reference(d.number),
            register: d.register.label().to_string(),
            unit: units
                .get(&d.unit)
                .cloned()
                .unwrap_or_else(|| format!("Enhet {}", d.unit)),
            label: d.label,
            overdue: d.due < today,
            due: d.due.to_string(),
            citation: d.citation,
        })
        .collect())
}

/// The list path of `register`.
fn base(register: RegisterKind) -> &'static str {
    match register {
        RegisterKind::LexSarah => <tillit_domain::register::lex_sarah::LexSarah as RegisterPage>::BASE,
        RegisterKind::Incident => <tillit_domain::register::incident::Incident as RegisterPage>::BASE,
        RegisterKind::Complaint => {
            <tillit_domain::register::complaint::Complaint as RegisterPage>::BASE
        }
        RegisterKind::InternalControl => {
            <tillit_domain::register::internal_control::Control as RegisterPage>::BASE
        }
        RegisterKind::Service => {
            <tillit_domain::register::service::ServiceMatter as RegisterPage>::BASE
        }
        RegisterKind::Submission => {
            <tillit_domain::register::submission::Submission as RegisterPage>::BASE
        }
        RegisterKind::SelfAudit => {
            <tillit_domain::register::self_audit::SelfAudit as RegisterPage>::BASE
        }
        RegisterKind::Assistance => crate::pages::assistance::BASE,
    }
}

/// `GET /quality`: the registers, how many of their records are open, and
/// what is due in those the user handles.
pub async fn hub(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
) -> Result<Response, WebError> {
    let mut registers = Vec::new();
    for kind in RegisterKind::all() {
        // Economic assistance is casework with its own section.
        if kind == RegisterKind::Assistance {
            continue;
        }
        if !kind.open_to_all() && !allowed(user.role, handles_permission(kind)) {
            continue;
        }
        let filter = list_filter(&user, kind, true);
        let open = state.store().records(kind, &filter).await?;
        let open = open
            .iter()
            .filter(|h| record_view(user.subject(), kind, h.unit, h.reported_by).is_some())
            .count();
        registers.push(HubRow {
            href: base(kind).to_string(),
            title: tr.label("register", kind.code(), kind.label()),
            open,
            reports: kind.open_to_all(),
            new_href: kind
                .has_report_form()
                .then(|| format!("{}/new", base(kind))),
        });
    }
    let due = due_rows(&state, &user).await?;
    let mut tools = Vec::new();
    if allowed(user.role, Permission::HandleSelfAudits) {
        tools.push(("/quality/checklist".to_string(), tr.t("quality-link-checklist")));
    }
    if allowed(user.role, Permission::ViewProviders) {
        tools.push(("/providers".to_string(), tr.t("quality-link-providers")));
    }
    let p = HubPage {
        l: Layout::new(tr, &user, tr.t("quality-title"), Section::Quality),
        registers,
        due,
        tools,
    };
    html(&p)
}

/// Which records the user's list shows: a handler's (every unit for the
/// quality lead, the own unit for a manager), else the user's own reports.
fn list_filter(user: &CurrentUser, kind: RegisterKind, open_only: bool) -> RecordFilter {
    let handles = allowed(user.role, handles_permission(kind));
    let everywhere = handles
        && (kind == RegisterKind::LexSarah
            || matches!(
                user.role,
                tillit_domain::role::Role::QualityLead | tillit_domain::role::Role::Analyst
            ));
    RecordFilter {
        unit: if handles && !everywhere { user.unit } else { None },
        reported_by: if handles { None } else { Some(user.id) },
        year: None,
        open_only,
    }
}

// --- The list --------------------------------------------------------------------

struct ListRow {
    href: String,
    reference: String,
    opened_on: String,
    unit: String,
    category: String,
    status: String,
    serious: bool,
}

#[derive(Template)]
#[template(path = "register_list.html")]
struct ListPage {
    l: Layout,
    intro: String,
    /// The report form, for registers that have one.
    new_href: Option<String>,
    /// The report form's button (empty: not offered).
    new_label: String,
    rows: Vec<ListRow>,
    handles: bool,
    serious_label: String,
}

fn category_label(c: &FormCtx<'_>, kind: RegisterKind, code: &Option<String>) -> String {
    let Some(code) = code else {
        return String::new();
    };
    if let Some((_, l)) = kind.categories().into_iter().find(|(k, _)| k == code) {
        return c.tr.label("register-category", code, l);
    }
    // A category the administrator added: its name, in every language.
    c.added_categories
        .iter()
        .find(|a| kind == RegisterKind::Incident && &a.code == code)
        .map_or_else(|| code.clone(), |a| a.label.clone())
}

/// `GET BASE`: the register's records the user may see.
pub async fn list<R: RegisterPage>(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
) -> Result<Response, WebError> {
    let kind = R::KIND;
    let heads = state
        .store()
        .records(kind, &list_filter(&user, kind, false))
        .await?;
    let c = ctx::<R>(&state, tr, &user).await?;
    let rows = heads
        .iter()
        .filter(|h| record_view(user.subject(), kind, h.unit, h.reported_by).is_some())
        .map(|h| ListRow {
            href: format!("{}/{}", R::BASE, h.id),
            reference: kind.reference(h.number),
            opened_on: h.opened_on.to_string(),
            unit: c.unit_name(h.unit),
            category: category_label(&c, kind, &h.category),
            status: tr.label("register-status", &h.status, &kind.status_label(&h.status)),
            serious: h.serious,
        })
        .collect();
    let p = ListPage {
        l: Layout::new(tr, &user, R::title(tr), Section::Quality),
        intro: R::intro(tr),
        new_href: kind
            .has_report_form()
            .then(|| format!("{}/new", R::BASE)),
        new_label: if R::HANDLERS_OPEN && !allowed(user.role, handles_permission(kind)) {
            String::new()
        } else {
            R::new_label(tr)
        },
        rows,
        handles: allowed(user.role, handles_permission(kind)),
        serious_label: kind.serious_label().to_string(),
    };
    html(&p)
}

// --- Forms -------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "register_form.html")]
struct FormPage {
    l: Layout,
    heading: String,
    intro: String,
    action: String,
    back: String,
    version: Option<u64>,
    fields: Vec<FieldView>,
    summary: Vec<SummaryItem>,
}

#[allow(clippy::too_many_arguments)]
fn form_page(
    tr: Tr,
    user: &CurrentUser,
    heading: String,
    intro: String,
    action: String,
    back: String,
    version: Option<u64>,
    fields: &[Field],
    data: &FormData,
    refused: Refused,
) -> Result<Response, WebError> {
    let shown = Shown::new(tr, &heading, fields, data, &refused.errors);
    let p = FormPage {
        l: Layout::new(tr, user, shown.title, Section::Quality),
        heading,
        intro,
        action,
        back,
        version,
        fields: shown.fields,
        summary: shown.summary,
    };
    html_status(refused.status, &p)
}

/// `GET BASE/new`: the report form.
pub async fn new_form<R: RegisterPage>(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
) -> Result<Response, WebError> {
    let c = ctx::<R>(&state, tr, &user).await?;
    let fields = R::fields(REPORT_FORM, &c, &R::State::default()).ok_or(WebError::NotFound)?;
    let mut data = FormData::new(Vec::new());
    if let Some(unit) = user.unit {
        data.prefill("unit", unit.0.to_string());
    }
    data.prefill("happened_on", c.today.to_string());
    form_page(
        tr,
        &user,
        tr.t1("register-new-title", "register", R::title(tr)),
        R::intro(tr),
        format!("{}/new", R::BASE),
        R::BASE.to_string(),
        None,
        &fields,
        &data,
        Refused::none(),
    )
}

/// `POST BASE/new`: open a record with the report.
pub async fn new_submit<R: RegisterPage>(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    data: FormData,
) -> Result<Response, WebError> {
    let mut c = ctx::<R>(&state, tr, &user).await?;
    if let Some(name) = R::case_field(REPORT_FORM) {
        c.case_lookup = Some(lookup_case(&state, tr, &user, data.get(name)).await?);
    }
    let empty = R::State::default();
    let fields = R::fields(REPORT_FORM, &c, &empty).ok_or(WebError::NotFound)?;
    let id = RecordId::new_random();
    let outcome = write_entry::<R>(&state, &c, &fields, &data, id, 0, &empty, REPORT_FORM, None).await?;
    match outcome {
        Ok(()) => Ok(see_other(format!("{}/{id}?saved=1", R::BASE))),
        Err(refused) => form_page(
            tr,
            &user,
            tr.t1("register-new-title", "register", R::title(tr)),
            R::intro(tr),
            format!("{}/new", R::BASE),
            R::BASE.to_string(),
            None,
            &fields,
            &data,
            refused,
        ),
    }
}

/// Read form `code`, decide its entry and write it (with any linked
/// records): `Ok(Err(refused))` shows the form again.
#[allow(clippy::too_many_arguments)]
async fn write_entry<R: RegisterPage>(
    state: &AppState,
    c: &FormCtx<'_>,
    fields: &[Field],
    data: &FormData,
    id: RecordId,
    version: u64,
    record: &R::State,
    code: &str,
    current: Option<u64>,
) -> Result<Result<(), Refused>, WebError> {
    let tr = c.tr;
    let entry = match read(tr, fields, data, current, |input| {
        R::parse(code, input, c, record)
    }) {
        Ok(e) => e,
        Err(refused) => return Ok(Err(refused)),
    };
    let writer = Writer {
        user: c.user.id,
        handles: allowed(c.user.role, handles_permission(R::KIND)),
    };
    let at = Timestamp::now();
    let (_, written) = match decide::<R>(record, &entry, writer, c.today, at) {
        Ok(x) => x,
        Err(refusal) => {
            return Ok(Err(Refused::general(
                refusal.0,
                StatusCode::UNPROCESSABLE_ENTITY,
            )));
        }
    };
    let mut writes = R::linked_writes(&entry, record, c, at)?;
    writes.push(RecordWrite::new::<R>(id, version, record, &[written])?);
    match state.store().write_records(writes).await {
        Ok(()) => Ok(Ok(())),
        Err(e) => Ok(Err(Refused::store(tr, e)?)),
    }
}

// --- A record ------------------------------------------------------------------

struct EntryView {
    heading: String,
    when: String,
    by: String,
    lines: Vec<(String, String)>,
    links: Vec<(String, String)>,
}

struct FormLink {
    href: String,
    label: String,
}

#[derive(Template)]
#[template(path = "register_record.html")]
struct RecordPage {
    l: Layout,
    back: String,
    status: String,
    opened_on: String,
    unit: String,
    category: String,
    serious: bool,
    serious_label: String,
    handles: bool,
    saved: bool,
    entries: Vec<EntryView>,
    due: Vec<DueRow>,
    forms: Vec<FormLink>,
}

/// The head of record `id` of register `R` and what `user` sees of it;
/// "not found" for anything else (an unknown id, another register's record,
/// one the user may not see).
async fn visible<R: RegisterPage>(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> Result<(RecordHead, RecordView), WebError> {
    let id: RecordId = id.parse().map_err(|_| WebError::NotFound)?;
    let head = state
        .store()
        .record_head(id)
        .await?
        .filter(|h| h.register == R::KIND)
        .ok_or(WebError::NotFound)?;
    let view = record_view(user.subject(), R::KIND, head.unit, head.reported_by)
        .ok_or(WebError::NotFound)?;
    Ok((head, view))
}

/// `GET BASE/{id}`: the record (its handlers) or its status (its reporter).
pub async fn record<R: RegisterPage>(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
    crate::forms::Query(q): crate::forms::Query<SavedQuery>,
) -> Result<Response, WebError> {
    let (head, view) = visible::<R>(&state, &user, &id).await?;
    let mut c = ctx::<R>(&state, tr, &user).await?;
    let handles = view == RecordView::Handle;
    let mut entries = Vec::new();
    let mut due = Vec::new();
    let mut forms = Vec::new();
    if handles {
        let record = state
            .store()
            .record::<R>(head.id)
            .await?
            .ok_or(WebError::NotFound)?;
        // Logged before anything of it is shown.
        let reader = Reader::new(&user, &addr)?;
        let detail = format!("{}:{}", R::KIND.code(), head.number);
        let mut rows = Vec::new();
        // One row per person the record concerns (the child of each case),
        // else one row about the record alone.
        for case in R::concerns(&record.state) {
            let Some(summary) = state.store().case_summary(case).await? else {
                continue;
            };
            if let Some(child) = state.store().person(summary.child).await? {
                let mut e = reader.person_read(AccessKind::Register, &child, Some(&summary), None);
                e.detail = Some(detail.clone());
                rows.push(e);
                // The link and the child only to a reader of the case; a
                // protected child masked unless the reader may see them.
                let scope = crate::permissions::CaseScope::of(&summary);
                let visible = crate::permissions::may_read_case(user.subject(), scope);
                let child = if !visible {
                    String::new()
                } else if child.protected
                    && !crate::permissions::sees_protected_in_case(user.subject(), scope)
                {
                    tr.t("protected-identity")
                } else {
                    let name = format!("{} {}", child.given_name, child.family_name);
                    match &child.identity_number {
                        Some(n) => format!("{name} ({n})"),
                        None => name,
                    }
                };
                c.linked.push(LinkedCase {
                    case,
                    visible,
                    child,
                });
            }
        }
        if rows.is_empty() {
            let mut entry = reader.entry(AccessKind::Register);
            entry.case_unit = Some(head.unit);
            entry.detail = Some(detail);
            rows.push(entry);
        }
        log_reads(&state, &rows).await?;
        for w in &record.entries {
            let (heading, lines) = R::show(&w.entry, &c);
            entries.push(EntryView {
                heading,
                when: w.on.to_string(),
                by: c.staff_name(w.by),
                lines,
                links: R::links(&w.entry, head.id, &c),
            });
        }
        let today = c.today;
        for d in R::deadlines(&record.state) {
            due.push(DueRow {
                href: String::new(),
                reference: R::KIND.reference(head.number),
                register: R::KIND.label().to_string(),
                unit: c.unit_name(head.unit),
                label: d.label.to_string(),
                overdue: d.due < today,
                due: d.due.to_string(),
                citation: d.citation.to_string(),
            });
        }
        forms = R::record_links(tr, head.id, &record.state)
            .into_iter()
            .map(|(href, label)| FormLink { href, label })
            .chain(
                R::forms(tr, &record.state)
                    .into_iter()
                    .filter(|(code, _)| R::may_fill(code, &user, &record.state))
                    .map(|(code, label)| FormLink {
                        href: format!("{}/{}/{code}", R::BASE, head.id),
                        label,
                    }),
            )
            .collect();
    }
    let p = RecordPage {
        l: Layout::new(
            tr,
            &user,
            format!("{} {}", R::title(tr), R::KIND.reference(head.number)),
            Section::Quality,
        ),
        back: R::BASE.to_string(),
        status: tr.label("register-status", &head.status, &R::KIND.status_label(&head.status)),
        opened_on: head.opened_on.to_string(),
        unit: c.unit_name(head.unit),
        category: category_label(&c, R::KIND, &head.category),
        serious: head.serious,
        serious_label: R::KIND.serious_label().to_string(),
        handles,
        saved: q.saved(),
        entries,
        due,
        forms,
    };
    html(&p)
}

/// The record a handler's form is about, with its form's fields.
async fn handled<R: RegisterPage>(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> Result<tillit_store::Record<R>, WebError> {
    let (head, view) = visible::<R>(state, user, id).await?;
    if view != RecordView::Handle {
        return Err(WebError::Forbidden);
    }
    state
        .store()
        .record::<R>(head.id)
        .await?
        .ok_or(WebError::NotFound)
}

fn form_label<R: RegisterPage>(
    tr: Tr,
    user: &CurrentUser,
    state: &R::State,
    code: &str,
) -> Option<String> {
    if !R::may_fill(code, user, state) {
        return None;
    }
    R::forms(tr, state)
        .into_iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| l)
}

/// `GET BASE/{id}/{form}`: a handler's form.
pub async fn entry_form<R: RegisterPage>(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path((id, form)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let record = handled::<R>(&state, &user, &id).await?;
    let label = form_label::<R>(tr, &user, &record.state, &form).ok_or(WebError::NotFound)?;
    let c = form_ctx::<R>(&state, tr, &user, &form, &record.state).await?;
    let fields = R::fields(&form, &c, &record.state).ok_or(WebError::NotFound)?;
    let mut data = FormData::new(Vec::new());
    for f in ["on", "due"] {
        data.prefill(f, c.today.to_string());
    }
    form_page(
        tr,
        &user,
        label,
        String::new(),
        format!("{}/{}/{form}", R::BASE, record.id),
        format!("{}/{}", R::BASE, record.id),
        Some(record.version),
        &fields,
        &data,
        Refused::none(),
    )
}

/// `POST BASE/{id}/{form}`: write the handler's entry.
pub async fn entry_submit<R: RegisterPage>(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path((id, form)): Path<(String, String)>,
    data: FormData,
) -> Result<Response, WebError> {
    let record = handled::<R>(&state, &user, &id).await?;
    if !R::may_fill(&form, &user, &record.state) {
        return Err(WebError::Forbidden);
    }
    let mut c = form_ctx::<R>(&state, tr, &user, &form, &record.state).await?;
    if let Some(name) = R::case_field(&form) {
        c.case_lookup = Some(lookup_case(&state, tr, &user, data.get(name)).await?);
    }
    // A form the record no longer offers (someone else filled it in) is
    // still read: the version check says what happened, and the domain
    // refuses what may not be written now.
    let fields = R::fields(&form, &c, &record.state).ok_or(WebError::NotFound)?;
    let label = form_label::<R>(tr, &user, &record.state, &form).unwrap_or_else(|| R::title(tr));
    let outcome = write_entry::<R>(
        &state,
        &c,
        &fields,
        &data,
        record.id,
        record.version,
        &record.state,
        &form,
        Some(record.version),
    )
    .await?;
    match outcome {
        Ok(()) => Ok(see_other(format!("{}/{}?saved=1", R::BASE, record.id))),
        Err(refused) => form_page(
            tr,
            &user,
            label,
            String::new(),
            format!("{}/{}/{form}", R::BASE, record.id),
            format!("{}/{}", R::BASE, record.id),
            Some(record.version),
            &fields,
            &data,
            refused,
        ),
    }
}

pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::Access::Requires;
    r.get("/quality", Requires(Permission::ReportToRegister), hub)
}
