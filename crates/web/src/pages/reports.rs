//! Reports and national extracts from the browser.
//!
//! - `GET /reports?kind=&year=&period=&unit=` chooses a report
//!   (verksamhetsberättelse, delårsrapport, kvalitetsberättelse,
//!   delegationsbeslut, ej verkställda beslut) and shows it on screen. The
//!   unit's own managers see exact values on screen, labelled as such;
//!   everyone else sees it as published.
//!   Above the download links: the review before publishing
//!   ([`tillit_reports::review`]: placeholders left in, texts not written,
//!   missing and estimated values, totals), a check list for whoever
//!   publishes that never blocks a download.
//! - `GET /reports/download?...&format=pdf|xlsx|csv|html` sends the report
//!   as a file (`Content-Disposition: attachment`). A download can leave the
//!   unit, so it is always published: small cells hidden, whoever asks.
//! - `POST /reports/texts` saves the texts a unit manager writes for a
//!   report of the unit, or the analyst for the municipality's (the same
//!   owners as the goals, [`crate::permissions::may_edit_goal`]): summary
//!   analysis, economy, internal control, quality work, staff; the report
//!   prints them.
//! - `GET /exports/nuso?period=&format=csv|xlsx` is the NUSO-style extract
//!   of every aktualisering in a period; `GET /exports/kolada?year=` the
//!   unit's indicators as Kolada-shaped JSON (suppressed).
//!
//! Row-level content (a row per decision or report: the delegation list,
//! the per-decision list of ej verkställda beslut, the NUSO extract) is for
//! the unit manager of the unit it covers
//! ([`crate::permissions::may_see_row_level`]); analysts, quality leads and
//! team leads get the aggregates (the delegation list and the NUSO extract
//! are refused with a Swedish 403 page, ej verkställda beslut is shown as
//! published). Such a document says first what it contains, and every
//! child in it is written to the access log (kind `export`, one row each,
//! one write) before it is shown or sent.
//!
//! Reports are built by the reports crate ([`tillit_reports::build`]) from
//! the same facts, goals, manual values and texts as `tillit report`
//! ([`crate::followup_data::ReportData`]); the work runs on a blocking
//! thread.

use crate::AppState;
use crate::audit::log_extract;
use crate::error::{WebError, store_refusal};
use crate::followup_data::{NARRATIVE_SECTIONS, ReportData, narrative, report_period_code};
use crate::followup_view::{Scope, Tab, scope, tabs};
use crate::forms::{Errors, FormData, Query, year_param};
use crate::i18n::Tr;
use crate::permissions::{may_edit_goal, may_see_row_level};
use crate::request::ClientAddr;
use crate::session::CurrentUser;
use crate::view::Opt;
use crate::view::{Layout, NavItem, Section, html_status};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tillit_domain::UnitId;
use tillit_followup::Period;
use tillit_reports::{OutputFormat, Publication, ReportKind};
use tillit_store::{ReportText, Stamp};

/// Longest report text accepted (characters).
const MAX_TEXT_CHARS: usize = 20_000;

#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    format: String,
    #[serde(default)]
    saved: String,
}

struct TextField {
    name: &'static str,
    id: String,
    label: String,
    value: String,
    error: Option<String>,
}

/// One finding of the review before publishing, as shown.
struct FindingView {
    /// The finding's kind.
    kind: String,
    /// Where: section, table, row.
    place: String,
    /// What, in Swedish (the report's language).
    message: String,
}

#[derive(Template)]
#[template(path = "followup_reports.html")]
struct ReportsPage {
    l: Layout,
    tabs: Vec<NavItem>,
    scope: Scope,
    kinds: Vec<Opt>,
    years: Vec<Opt>,
    periods: Vec<Opt>,
    formats: Vec<Opt>,
    error: Option<String>,
    notice: Option<String>,
    /// The report on screen (HTML fragment from the reports crate).
    report: Option<String>,
    /// The findings of the check before publishing (empty: nothing to remark).
    findings: Vec<FindingView>,
    exact: bool,
    download_links: Vec<NavItem>,
    may_write: bool,
    csrf: String,
    texts: Vec<TextField>,
    hidden: Vec<(String, String)>,
    export_year: String,
    export_period: String,
    /// The user may take out row-level extracts (the NUSO extract) of the
    /// unit shown.
    row_level: bool,
}

/// What was asked for, checked.
struct Asked {
    kind: ReportKind,
    year: i16,
    /// The part after the year (`T1`, `Q3`, `M05`), or empty.
    period: String,
}

/// An empty kind is the first report (the page as first opened); an
/// unknown one is refused with the Swedish reason, never another report.
fn asked(
    tr: Tr,
    q_kind: &str,
    q_year: &str,
    q_period: &str,
    default_year: i16,
) -> Result<Asked, WebError> {
    let kind = match q_kind.trim() {
        "" => ReportKind::Verksamhetsberattelse,
        code => ReportKind::from_code(code).ok_or_else(|| {
            WebError::Unknown(tr.t1("reports-kind-unknown", "kind", code.to_string()))
        })?,
    };
    Ok(Asked {
        kind,
        year: year_param(q_year, default_year),
        period: q_period.trim().to_ascii_uppercase(),
    })
}

/// Reports that list single decisions and have no aggregate version: only
/// for those who may see rows ([`may_see_row_level`]).
fn row_level_only(kind: ReportKind) -> bool {
    kind == ReportKind::Delegationsbeslut
}

/// The report kinds the user may choose.
fn kind_options(tr: Tr, chosen: ReportKind, rows: bool) -> Vec<Opt> {
    ReportKind::ALL
        .into_iter()
        .filter(|k| rows || !row_level_only(*k))
        .map(|k| Opt {
            value: k.code().into(),
            label: tr.label("report-kind", k.code(), k.label()),
            selected: k == chosen,
        })
        .collect()
}

fn period_options(tr: Tr, chosen: &str) -> Vec<Opt> {
    let mut out = vec![Opt {
        value: String::new(),
        label: tr.t("reports-period-none"),
        selected: chosen.is_empty(),
    }];
    let mut push = |v: String, label: String| {
        let selected = v == chosen;
        out.push(Opt {
            value: v,
            label,
            selected,
        })
    };
    for t in 1..=2 {
        push(
            format!("T{t}"),
            tr.t1("reports-period-tertial", "n", t.to_string()),
        );
    }
    for q in 1..=4 {
        push(
            format!("Q{q}"),
            tr.t1("reports-period-quarter", "n", q.to_string()),
        );
    }
    for m in 1..=12 {
        push(
            format!("M{m:02}"),
            tr.t1("reports-period-month", "n", m.to_string()),
        );
    }
    out
}

fn format_options(tr: Tr, chosen: &str) -> Vec<Opt> {
    [
        (OutputFormat::Pdf, "reports-format-pdf"),
        (OutputFormat::Xlsx, "reports-format-xlsx"),
        (OutputFormat::Csv, "reports-format-csv"),
        (OutputFormat::Html, "reports-format-html"),
    ]
    .into_iter()
    .map(|(f, key)| Opt {
        value: f.code().into(),
        label: tr.t(key),
        selected: f.code() == chosen,
    })
    .collect()
}

/// Build (and optionally render) a report on a blocking thread.
async fn build(
    state: &AppState,
    unit: Option<UnitId>,
    a: &Asked,
    publication: Publication,
    format: Option<OutputFormat>,
) -> Result<Result<(tillit_reports::Document, Vec<u8>), String>, WebError> {
    let facts = state.facts().await?;
    let data = ReportData::load(state.store(), facts, &state.municipality().name, a.year).await?;
    let code = report_period_code(a.year, Some(&a.period));
    let text = narrative(state.store(), unit, a.kind, &code).await?;
    let (kind, year, period) = (a.kind, a.year, a.period.clone());
    tokio::task::spawn_blocking(move || {
        let input = data.input(unit, &text, publication);
        let period = Some(period.as_str()).filter(|p| !p.is_empty());
        let doc = tillit_reports::build(kind, &input, year, period).map_err(|e| e.to_string())?;
        let bytes = match format {
            Some(f) => tillit_reports::render(&doc, f).map_err(|e| e.to_string())?,
            None => Vec::new(),
        };
        Ok((doc, bytes))
    })
    .await
    .map_err(WebError::internal("report build failed"))
}

fn query_string(a: &Asked, unit: Option<UnitId>) -> String {
    let mut pairs = vec![
        ("kind", a.kind.code().to_string()),
        ("year", a.year.to_string()),
    ];
    if !a.period.is_empty() {
        pairs.push(("period", a.period.clone()));
    }
    if let Some(u) = unit {
        pairs.push(("unit", u.to_string()));
    }
    serde_urlencoded::to_string(&pairs).unwrap_or_default()
}

/// What is logged about a report's download or view (no personal data).
fn detail_of(a: &Asked, format: &str) -> String {
    let period = if a.period.is_empty() {
        a.year.to_string()
    } else if a.period.contains("..") {
        a.period.clone()
    } else {
        format!("{}-{}", a.year, a.period)
    };
    format!("rapport {} {period} ({format})", a.kind.code())
}

#[allow(clippy::too_many_arguments)]
async fn render_page(
    state: &AppState,
    tr: Tr,
    user: &CurrentUser,
    addr: &str,
    scope: Scope,
    a: &Asked,
    shown: bool,
    texts_data: Option<(&FormData, &Errors)>,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let rows = may_see_row_level(user.subject(), scope.unit);
    if shown && row_level_only(a.kind) && !rows {
        return refused(tr, user, tr.t("reports-row-level-refused"));
    }
    let mut error = None;
    let mut report = None;
    let mut findings = Vec::new();
    // Exact figures for the unit's managers; a per-decision list only for
    // those who may see rows.
    let exact = scope.exact && (rows || a.kind != ReportKind::EjVerkstalldaBeslut);
    if shown {
        let publication = if exact {
            Publication::internal()
        } else {
            Publication::published()
        };
        match build(state, scope.unit, a, publication, None).await? {
            Ok((doc, _)) => {
                log_extract(
                    state,
                    user,
                    addr,
                    &doc.subjects,
                    scope.unit,
                    detail_of(a, "skärm"),
                )
                .await?;
                findings = tillit_reports::review(&doc)
                    .into_iter()
                    .map(|f| FindingView {
                        kind: tr.t(&format!("reports-review-kind-{}", f.kind.code())),
                        place: f.place(),
                        message: f.message,
                    })
                    .collect();
                report = Some(tillit_reports::render_html_fragment(&doc));
            }
            Err(e) => error = Some(e),
        }
    }
    let qs = query_string(a, scope.unit);
    let download_links = if shown && report.is_some() {
        [
            (OutputFormat::Pdf, "reports-download-pdf"),
            (OutputFormat::Xlsx, "reports-download-xlsx"),
            (OutputFormat::Csv, "reports-download-csv"),
        ]
        .into_iter()
        .map(|(f, key)| NavItem {
            href: format!("/reports/download?{qs}&format={}", f.code()),
            label: tr.t(key),
            current: false,
        })
        .collect()
    } else {
        Vec::new()
    };
    // Report texts follow the goals: the unit's manager writes the unit's,
    // the analyst the municipality's.
    let may_write = may_edit_goal(user.subject(), scope.unit);
    let period_code = report_period_code(a.year, Some(&a.period));
    let stored = if may_write {
        state
            .store()
            .report_texts(scope.unit, a.kind.code(), &period_code)
            .await?
    } else {
        Vec::new()
    };
    let texts = NARRATIVE_SECTIONS
        .iter()
        .map(|section| {
            let name = *section;
            let value = match texts_data {
                Some((data, _)) => data.get(name).to_string(),
                None => stored
                    .iter()
                    .find(|t| t.section == name)
                    .map(|t| t.text.clone())
                    .unwrap_or_default(),
            };
            TextField {
                name,
                id: format!("f-{}", name.replace('_', "-")),
                label: tr.t(&format!("reports-text-{}", name.replace('_', "-"))),
                value,
                error: texts_data.and_then(|(_, e)| e.get(name).map(str::to_string)),
            }
        })
        .collect();
    let today = state.today();
    let years = (today.year() - 6..=today.year())
        .rev()
        .map(|y| Opt {
            value: y.to_string(),
            label: y.to_string(),
            selected: y == a.year,
        })
        .collect();
    let title = tr.t("reports-title");
    let p = ReportsPage {
        l: Layout::new(tr, user, title, Section::FollowUp),
        tabs: tabs(tr, Tab::Reports),
        kinds: kind_options(tr, a.kind, rows),
        years,
        periods: period_options(tr, &a.period),
        formats: format_options(tr, "pdf"),
        error,
        notice,
        report,
        findings,
        exact,
        download_links,
        may_write,
        csrf: user.csrf.clone(),
        texts,
        hidden: vec![
            ("kind".into(), a.kind.code().into()),
            ("year".into(), a.year.to_string()),
            ("period".into(), a.period.clone()),
        ],
        export_year: (today.year() - 1).to_string(),
        export_period: (today.year() - 1).to_string(),
        row_level: rows,
        scope,
    };
    html_status(status, &p)
}

/// `GET /reports`: the choice, and the report on screen when one is chosen.
pub async fn page(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    ClientAddr(addr): ClientAddr,
    Query(q): Query<ReportQuery>,
) -> Result<Response, WebError> {
    let scope = scope(&state, tr, &user, &q.unit).await?;
    let default_year = crate::followup_data::default_report_year(state.today());
    let a = asked(tr, &q.kind, &q.year, &q.period, default_year)?;
    let shown = !q.kind.trim().is_empty();
    let notice = (!q.saved.is_empty()).then(|| tr.t("reports-texts-saved"));
    render_page(
        &state,
        tr,
        &user,
        &addr,
        scope,
        &a,
        shown,
        None,
        notice,
        StatusCode::OK,
    )
    .await
}

/// `GET /reports/download`: the report as a file, always published
/// (suppressed). A file that lists children one by one is logged first.
pub async fn download(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    ClientAddr(addr): ClientAddr,
    Query(q): Query<ReportQuery>,
) -> Result<Response, WebError> {
    let scope = scope(&state, tr, &user, &q.unit).await?;
    if q.kind.trim().is_empty() {
        return message(tr, &user, tr.t("reports-choose-kind"));
    }
    let Some(format) = OutputFormat::from_code(&q.format) else {
        return message(tr, &user, tr.t("reports-choose-format"));
    };
    let default_year = crate::followup_data::default_report_year(state.today());
    let a = asked(tr, &q.kind, &q.year, &q.period, default_year)?;
    if row_level_only(a.kind) && !may_see_row_level(user.subject(), scope.unit) {
        return refused(tr, &user, tr.t("reports-row-level-refused"));
    }
    match build(
        &state,
        scope.unit,
        &a,
        Publication::published(),
        Some(format),
    )
    .await?
    {
        Ok((doc, bytes)) => {
            log_extract(
                &state,
                &user,
                &addr,
                &doc.subjects,
                scope.unit,
                detail_of(&a, format.code()),
            )
            .await?;
            let name = tillit_reports::file_name(&doc, format);
            tracing::info!(user_id = %user.id, kind = a.kind.code(), format = format.code(), "report downloaded");
            Ok(file(format.content_type(), &name, bytes))
        }
        Err(e) => message(tr, &user, e),
    }
}

/// A file to download.
fn file(content_type: &'static str, name: &str, bytes: Vec<u8>) -> Response {
    // File names are made of codes and digits (ASCII): safe in the header.
    let disposition = format!("attachment; filename=\"{name}\"");
    (
        StatusCode::OK,
        [
            (CONTENT_TYPE, content_type.to_string()),
            (CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

#[derive(Template)]
#[template(path = "followup_message.html")]
struct MessagePage {
    l: Layout,
    tabs: Vec<NavItem>,
    message: String,
}

/// A refusal as a page (422): the request could not be made into a file.
fn message(tr: Tr, user: &CurrentUser, message: String) -> Result<Response, WebError> {
    message_with(tr, user, message, StatusCode::UNPROCESSABLE_ENTITY)
}

/// A refusal by the permission model as a page (403), saying why.
fn refused(tr: Tr, user: &CurrentUser, message: String) -> Result<Response, WebError> {
    message_with(tr, user, message, StatusCode::FORBIDDEN)
}

fn message_with(
    tr: Tr,
    user: &CurrentUser,
    message: String,
    status: StatusCode,
) -> Result<Response, WebError> {
    let p = MessagePage {
        l: Layout::new(tr, user, tr.t("reports-title"), Section::FollowUp),
        tabs: tabs(tr, Tab::Reports),
        message,
    };
    html_status(status, &p)
}

/// `POST /reports/texts`: the texts of a report, for the manager's unit.
pub async fn save_texts(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    ClientAddr(addr): ClientAddr,
    data: FormData,
) -> Result<Response, WebError> {
    let scope = scope(&state, tr, &user, "").await?;
    if !may_edit_goal(user.subject(), scope.unit) {
        return refused(tr, &user, tr.t("reports-texts-refused"));
    }
    let default_year = crate::followup_data::default_report_year(state.today());
    let a = asked(
        tr,
        data.get("kind"),
        data.get("year"),
        data.get("period"),
        default_year,
    )?;
    let mut errors = Errors::new();
    errors.conflicts(tr, &data, &[], &|n| NARRATIVE_SECTIONS.contains(&n));
    for name in NARRATIVE_SECTIONS {
        if data.get(name).chars().count() > MAX_TEXT_CHARS {
            errors.field(
                name,
                tr.t1("reports-text-too-long", "max", MAX_TEXT_CHARS.to_string()),
            );
        }
    }
    let period_code = report_period_code(a.year, Some(&a.period));
    if period_code.parse::<Period>().is_err() {
        errors.general(tr.t1("followup-period-invalid", "value", period_code.clone()));
    }
    if !errors.is_empty() {
        return render_page(
            &state,
            tr,
            &user,
            &addr,
            scope,
            &a,
            false,
            Some((&data, &errors)),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let stamp = Stamp::now(user.id);
    let stored = state
        .store()
        .report_texts(scope.unit, a.kind.code(), &period_code)
        .await?;
    for name in NARRATIVE_SECTIONS {
        let text = data.trimmed(name);
        let before = stored
            .iter()
            .find(|t| t.section == name)
            .map(|t| t.text.as_str())
            .unwrap_or("");
        // Only what changed is appended.
        if text == before {
            continue;
        }
        if let Err(e) = state
            .store()
            .write_report_text(&ReportText {
                unit: scope.unit,
                report_kind: a.kind.code().into(),
                period: period_code.clone(),
                section: name.into(),
                text: text.to_string(),
                written: stamp,
            })
            .await
        {
            // A unit removed meanwhile: said on the form, typed texts kept
            // (the sections written before this one are saved).
            errors.general(store_refusal(tr, e)?);
            return render_page(
                &state,
                tr,
                &user,
                &addr,
                scope,
                &a,
                false,
                Some((&data, &errors)),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    }
    let to = format!("/reports?{}&saved=1", query_string(&a, None));
    Ok((StatusCode::SEE_OTHER, [(LOCATION, to)]).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    period: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    format: String,
    #[serde(default)]
    unit: String,
}

/// `GET /exports/nuso?period=2025&format=csv|xlsx`: a row per report, so
/// only for the unit manager, of their unit; every child in it is logged
/// before the file is sent.
pub async fn nuso(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    ClientAddr(addr): ClientAddr,
    Query(q): Query<ExportQuery>,
) -> Result<Response, WebError> {
    let scope = scope(&state, tr, &user, &q.unit).await?;
    if !may_see_row_level(user.subject(), scope.unit) {
        return refused(tr, &user, tr.t("exports-nuso-refused"));
    }
    let default_year = crate::followup_data::default_report_year(state.today());
    let code = if q.period.trim().is_empty() {
        default_year.to_string()
    } else {
        q.period.trim().to_string()
    };
    let period = match code.parse::<Period>() {
        Ok(p) => p,
        Err(e) => return message(tr, &user, e.to_string()),
    };
    let format = match q.format.trim() {
        "" | "csv" => OutputFormat::Csv,
        "xlsx" => OutputFormat::Xlsx,
        _ => return message(tr, &user, tr.t("exports-nuso-format")),
    };
    let facts = state.facts().await?;
    let data = ReportData::load(
        state.store(),
        facts,
        &state.municipality().name,
        period.end().year(),
    )
    .await?;
    let unit = scope.unit;
    let built = tokio::task::spawn_blocking(move || {
        let text = tillit_reports::Narrative::default();
        let input = data.input(unit, &text, Publication::published());
        let rows = tillit_reports::export::nuso_rows(&input, &period);
        let subjects = tillit_reports::export::nuso_subjects(&input, &period);
        let bytes = match format {
            OutputFormat::Xlsx => {
                tillit_reports::export::nuso_xlsx(&rows).map_err(|e| e.to_string())
            }
            _ => Ok(tillit_reports::export::nuso_csv(&rows)),
        };
        bytes.map(|b| (b, subjects))
    })
    .await
    .map_err(WebError::internal("export failed"))?;
    match built {
        Ok((bytes, subjects)) => {
            log_extract(
                &state,
                &user,
                &addr,
                &subjects,
                unit,
                format!("NUSO-uttag {} ({})", period.code(), format.code()),
            )
            .await?;
            let safe: String = period
                .code()
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let name = format!("nuso-{safe}.{}", format.code());
            tracing::info!(user_id = %user.id, "NUSO extract downloaded");
            Ok(file(format.content_type(), &name, bytes))
        }
        Err(e) => message(tr, &user, e),
    }
}

/// `GET /exports/kolada?year=2025`: Kolada-shaped JSON, suppressed.
pub async fn kolada(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<ExportQuery>,
) -> Result<Response, WebError> {
    let scope = scope(&state, tr, &user, &q.unit).await?;
    let default_year = crate::followup_data::default_report_year(state.today());
    let year: i16 = match q.year.trim() {
        "" => default_year,
        y => match y.parse::<i16>() {
            Ok(y) if year_param(&y.to_string(), 0) == y => y,
            _ => {
                return message(
                    tr,
                    &user,
                    tr.t1("exports-year-invalid", "value", y.to_string()),
                );
            }
        },
    };
    let facts = state.facts().await?;
    let data = ReportData::load(state.store(), facts, &state.municipality().name, year).await?;
    let code = state.municipality().code.clone();
    let unit = scope.unit;
    let json = tokio::task::spawn_blocking(move || {
        let text = tillit_reports::Narrative::default();
        let input = data.input(unit, &text, Publication::published());
        tillit_reports::export::kolada_json(&input, year, &code).map_err(|e| e.to_string())
    })
    .await
    .map_err(WebError::internal("export failed"))?;
    match json {
        Ok(bytes) => Ok(file(
            "application/json",
            &format!("kolada-{year}.json"),
            bytes,
        )),
        Err(e) => message(tr, &user, e),
    }
}

/// This page's routes, each with the access it requires.
pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::{Access::*, Permission::*};
    r.get("/reports", Requires(ViewFollowUp), page)
        .get("/reports/download", Requires(ViewFollowUp), download)
        .post("/reports/texts", Requires(ManageGoals), save_texts)
        .get("/exports/nuso", Requires(ViewRowLevelReports), nuso)
        .get("/exports/kolada", Requires(ViewFollowUp), kolada)
}
