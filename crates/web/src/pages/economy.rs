//! The economy (`/economy`): budget, outcome, forecast and the cost of
//! care, computed (`tillit_reports::economy`), never typed.
//!
//! - `GET /economy?year=&point=` ([`Permission::ViewEconomy`]): the
//!   income statement, per responsibility, activity and project, the key
//!   figures per årsplacering, bought care against the ledger and the chart
//!   of budget against cumulative outcome. A unit manager sees their own
//!   unit's responsibilities (exact figures); analysts, quality leads and
//!   economists see every one (published: small groups hidden). Unit
//!   managers get their forecast list beside it.
//! - `GET/POST /economy/forecast` ([`Permission::EnterForecast`]): the
//!   unit manager's forecast for one activity or project of their own
//!   responsibility at a point (T1, T2, T3), with a comment, beside the
//!   computed suggestion. A key outside their responsibility is "not
//!   found".
//! - `GET/POST /economy/import` ([`Permission::ManageEconomy`]): upload
//!   an SIE 4 or CSV file; the receipt of what changed, or every error with
//!   its line (nothing stored).
//! - `GET /economy/budget`, `POST /economy/budget` (one line, typed on
//!   screen) and `POST /economy/budget/file` (Excel or CSV): the budget as
//!   decided and its revisions (ombudgetering) with day and reason.
//! - `GET/POST /economy/providers`: the providers' catalogue, daily prices
//!   and own family homes' monthly fees with their validity.
//!
//! No page here lists a placement or a child: prices of single placements
//! are case data, shown only on the case's own (logged) page; the economy
//! shows sums, and the key figures hide groups of fewer than five
//! children when published.

use crate::AppState;
use crate::error::WebError;
use crate::forms::{FormData, Query};
use crate::i18n::Tr;
use crate::permissions::{Permission, Subject, allowed, may_see_responsibility};
use crate::session::CurrentUser;
use crate::view::{Layout, Opt, Section, html_status};
use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tillit_app::economy_data::{ImportError, economy_input, import_ledger, receipt_lines};
use tillit_app::followup_data::names;
use tillit_domain::UnitId;
use tillit_domain::catalog::InterventionKind;
use tillit_domain::economy::budget::{BudgetKey, BudgetLine, Revision, typed_amount};
use tillit_domain::economy::care::{DailyPrice, MonthlyFee, Provider, ProviderCategory};
use tillit_domain::economy::chart::Chart;
use tillit_domain::economy::statement::{ForecastPoint, Lines};
use tillit_domain::economy::structure::parse_code;
use tillit_domain::economy::{Money, StatementLine, Validity};
use tillit_reports::{Publication, ReportInput};
use tillit_store::{NewForecast, Stamp};

/// Longest forecast comment and budget reason, in characters.
const COMMENT_MAX: usize = 2000;

#[derive(Debug, Default, Deserialize)]
pub struct EconomyQuery {
    #[serde(default)]
    year: String,
    #[serde(default)]
    point: String,
    #[serde(default)]
    key: String,
    #[serde(default)]
    saved: String,
}

fn subject(user: &CurrentUser) -> Subject {
    Subject {
        user: user.id,
        role: user.role,
        unit: user.unit,
    }
}

/// The unit whose economy `user` sees: their own for a unit manager, all
/// (`None`) for the roles that see every responsibility.
fn scope_unit(user: &CurrentUser) -> Result<Option<UnitId>, WebError> {
    match user.role {
        tillit_domain::role::Role::UnitManager => user.unit.map(Some).ok_or(WebError::Forbidden),
        _ if may_see_responsibility(subject(user), None) => Ok(None),
        _ => Err(WebError::Forbidden),
    }
}

fn point_param(text: &str, default: ForecastPoint) -> ForecastPoint {
    ForecastPoint::from_code(text).unwrap_or(default)
}

fn default_year(today: jiff::civil::Date) -> i16 {
    today.year()
}

fn default_point(today: jiff::civil::Date) -> ForecastPoint {
    match today.month() {
        1..=4 => ForecastPoint::T3,
        5..=8 => ForecastPoint::T1,
        _ => ForecastPoint::T2,
    }
}

fn points(tr: Tr, chosen: ForecastPoint) -> Vec<Opt> {
    ForecastPoint::ALL
        .iter()
        .map(|p| Opt {
            value: p.code().into(),
            label: tr.t(&format!("economy-point-{}", p.code().to_lowercase())),
            selected: *p == chosen,
        })
        .collect()
}

fn years(chosen: i16, today: jiff::civil::Date) -> Vec<Opt> {
    (today.year() - 5..=today.year() + 1)
        .rev()
        .map(|y| Opt {
            value: y.to_string(),
            label: y.to_string(),
            selected: y == chosen,
        })
        .collect()
}

/// An amount as people type it (costs positive).
fn typed(line: StatementLine, m: Money) -> String {
    m.times(line.typed_sign()).display_kr().replace('\u{a0}', " ")
}

struct ForecastRow {
    label: String,
    budget: String,
    outcome: String,
    suggestion: String,
    entered: String,
    comment: String,
    href: String,
}

#[derive(Template)]
#[template(path = "economy.html")]
struct EconomyPage {
    l: Layout,
    years: Vec<Opt>,
    points: Vec<Opt>,
    manage: bool,
    forecasts: Vec<ForecastRow>,
    may_forecast: bool,
    point_label: String,
    notice: Option<String>,
    exact: bool,
    report: String,
}

fn net(l: &Lines) -> Money {
    l.iter().copied().sum()
}

/// `GET /economy`.
pub async fn page(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<EconomyQuery>,
) -> Result<Response, WebError> {
    let unit = scope_unit(&user)?;
    let today = state.today();
    let year = crate::forms::year_param(&q.year, default_year(today));
    let point = point_param(&q.point, default_point(today));
    let facts = state.facts().await?;
    let store = state.store();
    let names = names(store).await?;
    let economy = economy_input(store, &names, &facts).await?;
    let exact = unit.is_some();
    let publication = if exact {
        Publication::internal()
    } else {
        Publication::published()
    };
    let may_forecast = allowed(user.role, Permission::EnterForecast) && unit.is_some();
    let forecasts = if may_forecast {
        tillit_reports::forecast_views(&economy, unit, year, point)
            .into_iter()
            .map(|v| ForecastRow {
                href: format!(
                    "/economy/forecast?year={year}&point={}&key={}",
                    point.code(),
                    key_code(&v.responsibility, &v.activity, &v.project)
                ),
                label: v.label,
                budget: net(&v.budget).display_kr(),
                outcome: net(&v.outcome).display_kr(),
                suggestion: net(&v.suggestion).display_kr(),
                entered: v
                    .entered
                    .as_ref()
                    .map(|(l, _)| net(l).display_kr())
                    .unwrap_or_default(),
                comment: v.entered.map(|(_, c)| c).unwrap_or_default(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let report = tokio::task::spawn_blocking(move || {
        let mut input = ReportInput::new(&facts);
        input.unit = unit;
        input.names = &names;
        input.economy = &economy;
        input.publication = publication;
        let closed = point == ForecastPoint::T3;
        tillit_reports::economy_document(&input, year, (!closed).then_some(point))
            .map(|d| tillit_reports::render_html_fragment(&d))
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(WebError::internal("economy page failed"))?;
    let report = match report {
        Ok(r) => r,
        Err(e) => format!("<p class=\"field-error\">{}</p>", html_escape(&e)),
    };
    let p = EconomyPage {
        l: Layout::new(tr, &user, tr.t("economy-title"), Section::Economy),
        years: years(year, today),
        points: points(tr, point),
        manage: allowed(user.role, Permission::ManageEconomy),
        forecasts,
        may_forecast,
        point_label: tr.t(&format!("economy-point-{}", point.code().to_lowercase())),
        notice: (!q.saved.is_empty()).then(|| tr.t("economy-forecast-saved")),
        exact,
        report,
    };
    html_status(StatusCode::OK, &p)
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `resp|activity|project` as one form value.
fn key_code(r: &str, a: &str, p: &str) -> String {
    format!("{r}|{a}|{p}")
}

fn parse_key(text: &str) -> Option<(String, String, String)> {
    let mut parts = text.split('|');
    let (r, a, p) = (parts.next()?, parts.next()?, parts.next()?);
    parts.next().is_none().then(|| (r.to_string(), a.to_string(), p.to_string()))
}

#[derive(Template)]
#[template(path = "economy_forecast.html")]
struct ForecastPage {
    l: Layout,
    year: i16,
    point: String,
    point_label: String,
    key: String,
    label: String,
    /// (line label, field name, budget, outcome, suggestion, value)
    lines: Vec<(String, &'static str, String, String, String, String)>,
    comment: String,
    errors: Vec<(&'static str, String)>,
}

impl ForecastPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

const LINE_FIELDS: [&str; 3] = ["income", "staff", "other"];

/// The forecast view of `key` in the user's own scope, else not found.
async fn forecast_view(
    state: &AppState,
    user: &CurrentUser,
    year: i16,
    point: ForecastPoint,
    key: &str,
) -> Result<tillit_reports::ForecastView, WebError> {
    let unit = scope_unit(user)?;
    let (r, a, p) = parse_key(key).ok_or(WebError::NotFound)?;
    let store = state.store();
    let names = names(store).await?;
    let facts = state.facts().await?;
    let economy = economy_input(store, &names, &facts).await?;
    // Only the user's own responsibility (a key outside it is not found).
    let responsibility = economy
        .structure
        .responsibility(&r)
        .ok_or(WebError::NotFound)?;
    if !may_see_responsibility(subject(user), responsibility.unit) || unit.is_none() {
        return Err(WebError::NotFound);
    }
    let views = tillit_reports::forecast_views(&economy, unit, year, point);
    views
        .into_iter()
        .find(|v| v.responsibility == r && v.activity == a && v.project == p)
        .ok_or(WebError::NotFound)
}

#[allow(clippy::too_many_arguments)] // the page's parts, each used once
fn forecast_page(
    tr: Tr,
    user: &CurrentUser,
    year: i16,
    point: ForecastPoint,
    key: &str,
    v: &tillit_reports::ForecastView,
    typed_values: Option<([String; 3], String)>,
    errors: Vec<(&'static str, String)>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let (values, comment) = typed_values.unwrap_or_else(|| {
        let from = v.entered.as_ref().map_or(v.suggestion, |(l, _)| *l);
        let comment = v
            .entered
            .as_ref()
            .map(|(_, c)| c.rsplit_once(" (").map_or(c.as_str(), |(t, _)| t).to_string())
            .unwrap_or_default();
        (
            StatementLine::ALL.map(|l| typed(l, from[tillit_domain::economy::statement::index(l)])),
            comment,
        )
    });
    let lines = StatementLine::ALL
        .iter()
        .enumerate()
        .map(|(i, l)| {
            (
                l.label().to_string(),
                LINE_FIELDS[i],
                typed(*l, v.budget[i]),
                typed(*l, v.outcome[i]),
                typed(*l, v.suggestion[i]),
                values[i].clone(),
            )
        })
        .collect();
    let p = ForecastPage {
        l: Layout::new(tr, user, tr.t("economy-forecast-title"), Section::Economy),
        year,
        point: point.code().into(),
        point_label: tr.t(&format!("economy-point-{}", point.code().to_lowercase())),
        key: key.to_string(),
        label: v.label.clone(),
        lines,
        comment,
        errors,
    };
    html_status(status, &p)
}

/// `GET /economy/forecast?year=&point=&key=`.
pub async fn forecast_form(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<EconomyQuery>,
) -> Result<Response, WebError> {
    let today = state.today();
    let year = crate::forms::year_param(&q.year, default_year(today));
    let point = point_param(&q.point, default_point(today));
    if q.key.is_empty() {
        // No activity chosen: the list to choose from.
        return Ok(to_economy(year, point));
    }
    let v = forecast_view(&state, &user, year, point, &q.key).await?;
    forecast_page(tr, &user, year, point, &q.key, &v, None, Vec::new(), StatusCode::OK)
}

/// `POST /economy/forecast`.
pub async fn forecast_submit(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    form: FormData,
) -> Result<Response, WebError> {
    let today = state.today();
    let year = crate::forms::year_param(form.get("year"), default_year(today));
    let point = point_param(form.get("point"), default_point(today));
    let key = form.get("key").to_string();
    if key.is_empty() {
        return Ok(to_economy(year, point));
    }
    let v = forecast_view(&state, &user, year, point, &key).await?;
    let mut errors = Vec::new();
    let mut amounts = [Money::ZERO; 3];
    let values: [String; 3] = LINE_FIELDS.map(|f| form.get(f).to_string());
    for (i, l) in StatementLine::ALL.iter().enumerate() {
        match Money::parse(&values[i]) {
            Ok(m) => amounts[i] = m.times(l.typed_sign()),
            Err(e) => errors.push((LINE_FIELDS[i], format!("{}: {e}", l.label()))),
        }
    }
    let comment = form.get("comment").trim().to_string();
    if comment.is_empty() {
        errors.push(("comment", tr.t("economy-comment-missing")));
    } else if comment.chars().count() > COMMENT_MAX {
        errors.push(("comment", tr.n("economy-comment-long", COMMENT_MAX)));
    }
    if !form.conflicts(&[]).is_empty() {
        errors.push(("comment", tr.t("form-duplicate")));
    }
    if !errors.is_empty() {
        return forecast_page(
            tr,
            &user,
            year,
            point,
            &key,
            &v,
            Some((values, comment)),
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    state
        .store()
        .enter_forecast(
            NewForecast {
                year,
                point,
                responsibility: v.responsibility.clone(),
                activity: v.activity.clone(),
                project: v.project.clone(),
                amounts,
                comment,
            },
            Stamp::now(user.id),
        )
        .await?;
    Ok((
        StatusCode::SEE_OTHER,
        [(
            LOCATION,
            format!("/economy?year={year}&point={}&saved=1", point.code()),
        )],
    )
        .into_response())
}

/// Back to the economy page (no activity was chosen).
fn to_economy(year: i16, point: ForecastPoint) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(
            LOCATION,
            format!("/economy?year={year}&point={}", point.code()),
        )],
    )
        .into_response()
}

// --- Import ---------------------------------------------------------------

struct ImportRow {
    at: String,
    file: String,
    format: String,
    months: String,
    summary: String,
}

#[derive(Template)]
#[template(path = "economy_import.html")]
struct ImportPage {
    l: Layout,
    receipt: Vec<String>,
    errors: Vec<String>,
    imports: Vec<ImportRow>,
}

async fn import_page(
    state: &AppState,
    tr: Tr,
    user: &CurrentUser,
    receipt: Vec<String>,
    errors: Vec<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let imports = state
        .store()
        .ledger_imports()
        .await?
        .into_iter()
        .take(50)
        .map(|i| ImportRow {
            at: crate::time::format_timestamp(i.at),
            file: i.file_name,
            format: tillit_domain::economy::LedgerFormat::from_code(&i.format)
                .map_or(i.format.clone(), |f| f.label().to_string()),
            months: match (i.months.first(), i.months.last()) {
                (Some(a), Some(b)) if a == b => a.to_string(),
                (Some(a), Some(b)) => format!("{a} – {b}"),
                _ => String::new(),
            },
            summary: i.receipt.summary(),
        })
        .collect();
    let p = ImportPage {
        l: Layout::new(tr, user, tr.t("economy-import-title"), Section::Economy),
        receipt,
        errors,
        imports,
    };
    html_status(status, &p)
}

/// `GET /economy/import`.
pub async fn import_form(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
) -> Result<Response, WebError> {
    import_page(&state, tr, &user, Vec::new(), Vec::new(), StatusCode::OK).await
}

/// The uploaded file and the other fields of a multipart form.
/// A form that is not an upload (no multipart body) has no file.
type Upload = Result<Multipart, axum::extract::multipart::MultipartRejection>;

async fn read_upload(
    m: Upload,
) -> Result<(String, Vec<u8>, std::collections::HashMap<String, String>), WebError> {
    let mut name = String::new();
    let mut bytes = Vec::new();
    let mut fields = std::collections::HashMap::new();
    let Ok(mut m) = m else {
        return Ok((name, bytes, fields));
    };
    while let Some(field) = m.next_field().await.map_err(|_| WebError::BadRequest)? {
        let field_name = field.name().unwrap_or_default().to_string();
        if field_name == "file" {
            name = field.file_name().unwrap_or("fil").to_string();
            bytes = field.bytes().await.map_err(|_| WebError::BadRequest)?.to_vec();
        } else {
            let text = field.text().await.map_err(|_| WebError::BadRequest)?;
            fields.entry(field_name).or_insert(text);
        }
    }
    Ok((name, bytes, fields))
}

/// `POST /economy/import` (multipart: the file).
pub async fn import_submit(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    upload: Upload,
) -> Result<Response, WebError> {
    let (name, bytes, _) = read_upload(upload).await?;
    if bytes.is_empty() {
        return import_page(
            &state,
            tr,
            &user,
            Vec::new(),
            vec![tr.t("economy-file-missing")],
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    match import_ledger(state.store(), &name, &bytes, user.id, jiff::Timestamp::now()).await {
        Ok(i) => {
            import_page(&state, tr, &user, receipt_lines(&i), Vec::new(), StatusCode::OK).await
        }
        Err(ImportError::File(e)) => {
            let mut errors: Vec<String> = e.errors.iter().map(ToString::to_string).collect();
            if e.more > 0 {
                errors.push(format!("... och {} fel till", e.more));
            }
            import_page(
                &state,
                tr,
                &user,
                Vec::new(),
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(ImportError::Store(e)) => Err(e.into()),
    }
}

// --- Budget -----------------------------------------------------------------

struct RevisionRow {
    number: String,
    decided_on: String,
    reason: String,
    net: String,
}

struct BudgetRow {
    label: String,
    decided: String,
    in_force: String,
}

#[derive(Template)]
#[template(path = "economy_budget.html")]
struct BudgetPage {
    l: Layout,
    year: i16,
    years: Vec<Opt>,
    revisions: Vec<RevisionRow>,
    rows: Vec<BudgetRow>,
    total_decided: String,
    total_in_force: String,
    messages: Vec<String>,
    errors: Vec<String>,
    values: std::collections::HashMap<String, String>,
}

impl BudgetPage {
    fn value(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }
}

#[allow(clippy::too_many_arguments)] // the page's parts, each used once
async fn budget_page(
    state: &AppState,
    tr: Tr,
    user: &CurrentUser,
    year: i16,
    messages: Vec<String>,
    errors: Vec<String>,
    values: std::collections::HashMap<String, String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let store = state.store();
    let (budget, heads) = store.budget(year).await?;
    let structure = store.economy_structure().await?;
    let revisions = heads
        .iter()
        .map(|h| RevisionRow {
            number: if h.revision == 0 {
                tr.t("economy-budget-decided")
            } else {
                h.revision.to_string()
            },
            decided_on: h.decided_on.to_string(),
            reason: h.reason.clone(),
            net: if h.revision == 0 {
                budget.decided.iter().map(|l| l.amount).sum::<Money>().display_kr()
            } else {
                budget
                    .revisions
                    .get((h.revision - 1) as usize)
                    .map_or(Money::ZERO, Revision::net)
                    .display_kr()
            },
        })
        .collect();
    let in_force = budget.in_force(None);
    let mut by: std::collections::BTreeMap<(String, String), (Money, Money)> =
        std::collections::BTreeMap::new();
    for l in &budget.decided {
        by.entry((l.key.responsibility.clone(), l.key.activity.clone()))
            .or_default()
            .0 += l.amount;
    }
    for l in &in_force {
        by.entry((l.key.responsibility.clone(), l.key.activity.clone()))
            .or_default()
            .1 += l.amount;
    }
    let name = |r: &str, a: &str| {
        let rn = structure.responsibility(r).map_or(String::new(), |x| x.name.clone());
        let an = structure.activity(a).map_or(String::new(), |x| x.name.clone());
        format!("{r} {rn} / {a} {an}")
    };
    let rows = by
        .iter()
        .map(|((r, a), (d, f))| BudgetRow {
            label: name(r, a),
            decided: d.display_kr(),
            in_force: f.display_kr(),
        })
        .collect();
    let today = state.today();
    let p = BudgetPage {
        l: Layout::new(tr, user, tr.t("economy-budget-title"), Section::Economy),
        year,
        years: years(year, today),
        revisions,
        rows,
        total_decided: budget.decided.iter().map(|l| l.amount).sum::<Money>().display_kr(),
        total_in_force: in_force.iter().map(|l| l.amount).sum::<Money>().display_kr(),
        messages,
        errors,
        values,
    };
    html_status(status, &p)
}

/// `GET /economy/budget?year=`.
pub async fn budget_view(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<EconomyQuery>,
) -> Result<Response, WebError> {
    let year = crate::forms::year_param(&q.year, default_year(state.today()));
    budget_page(
        &state,
        tr,
        &user,
        year,
        Vec::new(),
        Vec::new(),
        Default::default(),
        StatusCode::OK,
    )
    .await
}

fn parse_day(text: &str) -> Option<jiff::civil::Date> {
    let d: jiff::civil::Date = text.trim().parse().ok()?;
    (crate::forms::EARLIEST_DATE..=crate::forms::LATEST_DATE)
        .contains(&d)
        .then_some(d)
}

/// `POST /economy/budget`: one line typed on screen. Before the year has a
/// revision it is part of the budget as decided; after, it is an
/// ombudgetering with its day and reason.
pub async fn budget_line(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    form: FormData,
) -> Result<Response, WebError> {
    let today = state.today();
    let year = crate::forms::year_param(form.get("year"), default_year(today));
    let values: std::collections::HashMap<String, String> = [
        "responsibility",
        "activity",
        "project",
        "account",
        "amount",
        "decided_on",
        "reason",
    ]
    .iter()
    .map(|k| (k.to_string(), form.get(k).to_string()))
    .collect();
    let mut errors = Vec::new();
    let code = |k: &str, optional: bool| -> Result<String, String> {
        let v = form.get(k);
        if optional && v.trim().is_empty() {
            Ok(String::new())
        } else {
            parse_code(v)
        }
    };
    let r = code("responsibility", false).map_err(|e| errors.push(format!("Ansvar: {e}")));
    let a = code("activity", true).map_err(|e| errors.push(format!("Verksamhet: {e}")));
    let p = code("project", true).map_err(|e| errors.push(format!("Projekt: {e}")));
    let account = form.get("account").trim().to_string();
    let typed_value = Money::parse(form.get("amount"));
    let amount = match (&typed_value, Chart::is_account_code(&account)) {
        (Ok(m), true) => match typed_amount(&account, *m) {
            Some(a) => Some(a),
            None => {
                errors.push(tr.t("economy-account-outside"));
                None
            }
        },
        (Ok(_), false) => {
            errors.push(tr.t("economy-account-invalid"));
            None
        }
        (Err(e), _) => {
            errors.push(format!("Belopp: {e}"));
            None
        }
    };
    let day = parse_day(form.get("decided_on"));
    if day.is_none() {
        errors.push(tr.t("economy-day-invalid"));
    }
    let reason = form.get("reason").trim().to_string();
    if reason.is_empty() || reason.chars().count() > COMMENT_MAX {
        errors.push(tr.t("economy-reason-missing"));
    }
    let (Ok(r), Ok(a), Ok(p), Some(amount), Some(day), true) = (r, a, p, amount, day, errors.is_empty())
    else {
        return budget_page(
            &state,
            tr,
            &user,
            year,
            Vec::new(),
            errors,
            values,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let line = BudgetLine {
        key: BudgetKey {
            year,
            responsibility: r,
            activity: a,
            project: p,
            account,
        },
        amount,
    };
    let store = state.store();
    let (budget, heads) = store.budget(year).await?;
    let result = if heads.iter().all(|h| h.revision == 0) {
        // Still the budget being decided: the line's new amount in it.
        let mut lines: Vec<BudgetLine> = budget
            .decided
            .into_iter()
            .filter(|l| l.key != line.key)
            .collect();
        lines.push(line);
        store
            .set_decided_budget(year, lines, day, reason, Stamp::now(user.id))
            .await
            .map(|()| tr.t("economy-budget-line-saved"))
    } else {
        let rev = Revision::to_reach(&budget.in_force(None), &[line], day, reason);
        store
            .add_budget_revision(year, rev, Stamp::now(user.id))
            .await
            .map(|n| format!("{} {n}.", tr.t("economy-budget-revision-saved")))
    };
    match result {
        Ok(message) => {
            budget_page(
                &state,
                tr,
                &user,
                year,
                vec![message],
                Vec::new(),
                Default::default(),
                StatusCode::OK,
            )
            .await
        }
        Err(tillit_store::StoreError::Invalid(reason)) => {
            budget_page(
                &state,
                tr,
                &user,
                year,
                Vec::new(),
                vec![reason],
                values,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /economy/budget/file` (multipart: file, decided_on, reason,
/// revision).
pub async fn budget_file(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    upload: Upload,
) -> Result<Response, WebError> {
    let (name, bytes, fields) = read_upload(upload).await?;
    let get = |k: &str| fields.get(k).map_or("", String::as_str);
    let today = state.today();
    let year = crate::forms::year_param(get("year"), default_year(today));
    let mut errors = Vec::new();
    let day = parse_day(get("decided_on"));
    if day.is_none() {
        errors.push(tr.t("economy-day-invalid"));
    }
    let reason = get("reason").trim().to_string();
    if reason.is_empty() || reason.chars().count() > COMMENT_MAX {
        errors.push(tr.t("economy-reason-missing"));
    }
    if bytes.is_empty() {
        errors.push(tr.t("economy-file-missing"));
    }
    let parsed = if errors.is_empty() {
        match tillit_app::economy_data::parse_budget_file(&name, &bytes) {
            Ok(p) => Some(p),
            Err(e) => {
                errors.extend(e.errors.iter().map(ToString::to_string));
                None
            }
        }
    } else {
        None
    };
    let (Some((file_years, lines)), Some(day)) = (parsed, day) else {
        return budget_page(
            &state,
            tr,
            &user,
            year,
            Vec::new(),
            errors,
            Default::default(),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let revision = get("revision") == "yes";
    let store = state.store();
    let mut messages = Vec::new();
    let mut shown_year = year;
    for y in file_years {
        shown_year = y;
        let of_year: Vec<BudgetLine> = lines.iter().filter(|l| l.key.year == y).cloned().collect();
        let result = if revision {
            let (budget, _) = store.budget(y).await?;
            let rev = Revision::to_reach(&budget.in_force(None), &of_year, day, reason.clone());
            store
                .add_budget_revision(y, rev, Stamp::now(user.id))
                .await
                .map(|n| format!("{y}: {} {n}.", tr.t("economy-budget-revision-saved")))
        } else {
            let n = of_year.len();
            store
                .set_decided_budget(y, of_year, day, reason.clone(), Stamp::now(user.id))
                .await
                .map(|()| format!("{y}: {n} {}", tr.t("economy-budget-lines-saved")))
        };
        match result {
            Ok(m) => messages.push(m),
            Err(tillit_store::StoreError::Invalid(r)) => errors.push(format!("{y}: {r}")),
            Err(e) => return Err(e.into()),
        }
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    budget_page(
        &state,
        tr,
        &user,
        shown_year,
        messages,
        errors,
        Default::default(),
        status,
    )
    .await
}

// --- Providers --------------------------------------------------------------

struct ProviderRow {
    name: String,
    category: String,
    prices: String,
}

#[derive(Template)]
#[template(path = "economy_providers.html")]
struct ProvidersPage {
    l: Layout,
    providers: Vec<ProviderRow>,
    categories: Vec<Opt>,
    kinds: Vec<Opt>,
    messages: Vec<String>,
    errors: Vec<String>,
}

async fn providers_page(
    state: &AppState,
    tr: Tr,
    user: &CurrentUser,
    messages: Vec<String>,
    errors: Vec<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let cat = state.store().providers().await?;
    let today = state.today();
    let providers = cat
        .providers
        .iter()
        .map(|p| {
            let mut prices: Vec<String> = p
                .prices
                .iter()
                .filter(|d| d.valid.contains(today) || d.valid.from > today)
                .map(|d| {
                    format!(
                        "{} kr/dygn{} från {}",
                        d.per_day.display_kr(),
                        d.kind.map(|k| format!(" ({})", k.label())).unwrap_or_default(),
                        d.valid.from
                    )
                })
                .collect();
            prices.extend(
                p.fees
                    .iter()
                    .filter(|f| f.valid.contains(today) || f.valid.from > today)
                    .map(|f| {
                        format!(
                            "arvode {} kr/mån, omkostnader {} kr/mån från {}",
                            f.fee.display_kr(),
                            f.expenses.display_kr(),
                            f.valid.from
                        )
                    }),
            );
            ProviderRow {
                name: p.name.clone(),
                category: p.category.label().into(),
                prices: if prices.is_empty() {
                    tr.t("economy-price-from-placement")
                } else {
                    prices.join("; ")
                },
            }
        })
        .collect();
    let p = ProvidersPage {
        l: Layout::new(tr, user, tr.t("economy-providers-title"), Section::Economy),
        providers,
        categories: ProviderCategory::ALL
            .iter()
            .map(|c| Opt {
                value: c.code().into(),
                label: c.label().into(),
                selected: false,
            })
            .collect(),
        kinds: InterventionKind::all()
            .filter(|k| k.is_placement())
            .map(|k| Opt {
                value: k.code().into(),
                label: k.label().into(),
                selected: false,
            })
            .collect(),
        messages,
        errors,
    };
    html_status(status, &p)
}

/// `GET /economy/providers`.
pub async fn providers_view(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
) -> Result<Response, WebError> {
    providers_page(&state, tr, &user, Vec::new(), Vec::new(), StatusCode::OK).await
}

/// `POST /economy/providers`: a provider (new or by its name) and a price
/// or a monthly fee from a day; the price in force until then ends the day
/// before.
pub async fn providers_submit(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    form: FormData,
) -> Result<Response, WebError> {
    let mut errors = Vec::new();
    let name = form.get("name").trim().to_string();
    if name.is_empty() || name.chars().count() > 200 {
        errors.push(tr.t("economy-provider-name-missing"));
    }
    let category = ProviderCategory::from_code(form.get("category"));
    if category.is_none() {
        errors.push(tr.t("economy-provider-category-missing"));
    }
    let from = parse_day(form.get("valid_from"));
    if from.is_none() {
        errors.push(tr.t("economy-day-invalid"));
    }
    let kind = match form.get("kind") {
        "" => None,
        k => match InterventionKind::from_code(k) {
            Some(k) => Some(k),
            None => {
                errors.push(tr.t("economy-kind-invalid"));
                None
            }
        },
    };
    let amount = |k: &str| -> Result<Option<Money>, String> {
        let t = form.get(k);
        if t.trim().is_empty() {
            return Ok(None);
        }
        match Money::parse(t) {
            Ok(m) if m.0 >= 0 && m.0 <= 100_000_000 => Ok(Some(m)),
            Ok(_) => Err(tr.t("economy-price-range")),
            Err(e) => Err(e),
        }
    };
    let per_day = amount("per_day").map_err(|e| errors.push(format!("Dagspris: {e}")));
    let fee = amount("fee").map_err(|e| errors.push(format!("Arvode: {e}")));
    let expenses = amount("expenses").map_err(|e| errors.push(format!("Omkostnader: {e}")));
    if !errors.is_empty() {
        return providers_page(&state, tr, &user, Vec::new(), errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let (Some(category), Some(from), Ok(per_day), Ok(fee), Ok(expenses)) =
        (category, from, per_day, fee, expenses)
    else {
        return Err(WebError::BadRequest);
    };
    if per_day.is_none() && fee.is_none() {
        return providers_page(
            &state,
            tr,
            &user,
            Vec::new(),
            vec![tr.t("economy-price-missing")],
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let store = state.store();
    let cat = store.providers().await?;
    let mut p = cat.provider(&name).cloned().unwrap_or_else(|| Provider {
        code: format!("p{}", cat.providers.len() + 1),
        name: name.clone(),
        category,
        valid: Validity::from(from),
        prices: Vec::new(),
        fees: Vec::new(),
    });
    p.category = category;
    let until = from.yesterday().ok();
    if let Some(per_day) = per_day {
        for d in p.prices.iter_mut().filter(|d| d.kind == kind && d.valid.to.is_none() && d.valid.from < from) {
            d.valid.to = until;
        }
        p.prices.retain(|d| !(d.kind == kind && d.valid.from == from));
        p.prices.push(DailyPrice {
            valid: Validity::from(from),
            kind,
            per_day,
        });
    }
    if let Some(fee) = fee {
        for f in p.fees.iter_mut().filter(|f| f.valid.to.is_none() && f.valid.from < from) {
            f.valid.to = until;
        }
        p.fees.retain(|f| f.valid.from != from);
        p.fees.push(MonthlyFee {
            valid: Validity::from(from),
            fee,
            expenses: expenses.unwrap_or_default(),
        });
    }
    match store.save_providers(vec![p]).await {
        Ok(()) => {
            providers_page(&state, tr, &user, vec![tr.t("economy-provider-saved")], Vec::new(), StatusCode::OK)
                .await
        }
        Err(tillit_store::StoreError::Invalid(r)) => {
            providers_page(&state, tr, &user, Vec::new(), vec![r], StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::{Access::*, Permission::*};
    r.get("/economy", Requires(ViewEconomy), page)
        .get("/economy/forecast", Requires(EnterForecast), forecast_form)
        .post("/economy/forecast", Requires(EnterForecast), forecast_submit)
        .get("/economy/import", Requires(ManageEconomy), import_form)
        .post("/economy/import", Requires(ManageEconomy), import_submit)
        .get("/economy/budget", Requires(ManageEconomy), budget_view)
        .post("/economy/budget", Requires(ManageEconomy), budget_line)
        .post("/economy/budget/file", Requires(ManageEconomy), budget_file)
        .get("/economy/providers", Requires(ManageEconomy), providers_view)
        .post("/economy/providers", Requires(ManageEconomy), providers_submit)
}
