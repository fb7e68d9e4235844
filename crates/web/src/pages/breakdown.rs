//! The follow-up's breakdown page (fördelning): one indicator for a period
//! split by any breakdown it supports, on screen with a bar chart beside
//! the table, and downloaded as Excel, CSV or PDF.
//!
//! `GET /followup/breakdown?id=<indicator>&by=<breakdown>&year=&part=&unit=`
//! shows it; `&format=xlsx|csv|pdf` downloads it. The figures are the
//! reports' (`tillit_reports::fordelning`), so screen and file agree.
//!
//! Who sees what is the key-figures page's rule (`followup_view::scope`):
//! a unit's own managers see its exact figures on screen; everyone else
//! sees published figures (cells of fewer than five persons hidden). A
//! downloaded file is always published, as every report download is. The
//! page shows no person, so nothing is access-logged.

use crate::AppState;
use crate::error::WebError;
use crate::followup_view::{Scope, Tab, scope, tabs};
use crate::forms::Query;
use crate::i18n::Tr;
use crate::pages::key_figures::choose_period;
use crate::audit::log_extract;
use crate::permissions::may_see_row_level;
use crate::request::ClientAddr;
use crate::session::CurrentUser;
use crate::view::{Layout, NavItem, Opt, OptGroup, Section, html};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tillit_followup::{BreakdownKind, IndicatorId, Period, computed_indicators};
use tillit_reports::{OutputFormat, Publication, ReportInput};

#[derive(Debug, Default, Deserialize)]
pub struct BreakdownQuery {
    #[serde(default)]
    id: String,
    #[serde(default)]
    by: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    part: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    format: String,
}

#[derive(Template)]
#[template(path = "followup_breakdown.html")]
struct BreakdownPage {
    l: Layout,
    tabs: Vec<NavItem>,
    scope: Scope,
    indicators: Vec<Opt>,
    kinds: Vec<Opt>,
    years: Vec<Opt>,
    parts: Vec<OptGroup>,
    errors: Vec<String>,
    /// The document as HTML (escaped by the renderer).
    report: Option<String>,
    /// `?id=..&by=..&period=..&unit=..` for the download links.
    query: String,
    /// For a unit's own manager: each row's link to the cases behind it.
    drill: Vec<Opt>,
}

/// What was asked for, each part the asked one or a default with a reason.
struct Asked {
    id: IndicatorId,
    kind: BreakdownKind,
    errors: Vec<String>,
}

/// The indicator and breakdown asked for: an unknown or manual indicator
/// falls back to the first computed one, a breakdown it does not support
/// to its first, each with a Swedish reason.
fn asked(tr: Tr, id: &str, by: &str) -> Asked {
    let mut errors = Vec::new();
    let computed: Vec<_> = computed_indicators().collect();
    let first = computed
        .first()
        .map(|i| i.id)
        .unwrap_or(IndicatorId::Aktualiseringar);
    let id = match id.trim() {
        "" => first,
        code => match computed.iter().find(|i| i.code() == code) {
            Some(i) => i.id,
            None => {
                errors.push(tr.t1("breakdown-indicator-unknown", "id", code.to_string()));
                first
            }
        },
    };
    let supported = id.info().breakdowns;
    let fallback = supported
        .iter()
        .copied()
        .find(|k| *k != BreakdownKind::Gender)
        .or_else(|| supported.first().copied())
        .unwrap_or(BreakdownKind::Gender);
    let kind = match by.trim() {
        "" => fallback,
        code => match BreakdownKind::from_code(code) {
            Some(k) if supported.contains(&k) => k,
            Some(k) => {
                let mut args = fluent_bundle::FluentArgs::new();
                args.set("breakdown", k.label().to_lowercase());
                args.set(
                    "supported",
                    supported
                        .iter()
                        .map(|k| k.label().to_lowercase())
                        .collect::<Vec<_>>()
                        .join(", "),
                );
                errors.push(tr.args("breakdown-unsupported", &args));
                fallback
            }
            None => {
                errors.push(tr.t1("breakdown-unknown", "by", code.to_string()));
                fallback
            }
        },
    };
    Asked { id, kind, errors }
}

/// Build the document (and the file, when a format is given) on a
/// blocking thread.
async fn build(
    state: &AppState,
    scope: &Scope,
    a: &Asked,
    period: Period,
    publication: Publication,
    format: Option<OutputFormat>,
) -> Result<Result<(tillit_reports::Document, Vec<u8>), String>, WebError> {
    let facts = state.facts().await?;
    let names = tillit_app::followup_data::names(state.store()).await?;
    let municipality = state.municipality().name.clone();
    let (unit, id, kind) = (scope.unit, a.id, a.kind);
    tokio::task::spawn_blocking(move || {
        let input = ReportInput {
            municipality: &municipality,
            unit,
            names: &names,
            publication,
            ..ReportInput::new(&facts)
        };
        let doc =
            tillit_reports::fordelning(&input, id, &period, kind).map_err(|e| e.to_string())?;
        let bytes = match format {
            Some(f) => tillit_reports::render(&doc, f).map_err(|e| e.to_string())?,
            None => Vec::new(),
        };
        Ok((doc, bytes))
    })
    .await
    .map_err(WebError::internal("breakdown build failed"))
}

/// `GET /followup/breakdown`.
pub async fn page(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<BreakdownQuery>,
) -> Result<Response, WebError> {
    let today = state.today();
    let scope = scope(&state, tr, &user, &q.unit).await?;
    let default = Period::year(today.year()).map_err(|_| WebError::BadRequest)?;
    let choice = choose_period(tr, &q.period, &q.year, &q.part, today, default);
    let mut a = asked(tr, &q.id, &q.by);
    if let Some(e) = &choice.error {
        a.errors.push(e.clone());
    }
    let format = match q.format.trim() {
        "" | "html" => None,
        f => match OutputFormat::from_code(f) {
            Some(f) => Some(f),
            None => {
                a.errors.push(tr.t1("breakdown-format-unknown", "format", f.to_string()));
                None
            }
        },
    };
    // A file only for exactly what was asked: never a fallback's figures.
    if let Some(format) = format.filter(|_| a.errors.is_empty()) {
        return match build(
            &state,
            &scope,
            &a,
            choice.period,
            Publication::published(),
            Some(format),
        )
        .await?
        {
            Ok((doc, bytes)) => {
                let name = format!(
                    "fordelning-{}-{}-{}.{}",
                    a.id.info().code(),
                    a.kind.code(),
                    doc.period_code.replace("..", "_"),
                    format.code()
                );
                tracing::info!(user_id = %user.id, indicator = a.id.info().code(), "breakdown downloaded");
                Ok((
                    StatusCode::OK,
                    [
                        (CONTENT_TYPE, format.content_type().to_string()),
                        (CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
                    ],
                    bytes,
                )
                    .into_response())
            }
            Err(e) => {
                a.errors.push(e);
                render(&state, tr, &user, scope, a, choice, None).await
            }
        };
    }
    let publication = if scope.exact {
        Publication::internal()
    } else {
        Publication::published()
    };
    let report = match build(&state, &scope, &a, choice.period, publication, None).await? {
        Ok((doc, _)) => {
            let labels = doc
                .tables()
                .next()
                .map(|(_, t)| t.rows.iter().map(|r| r.label.clone()).collect())
                .unwrap_or_default();
            Some((tillit_reports::render_html_fragment(&doc), labels))
        }
        Err(e) => {
            a.errors.push(e);
            None
        }
    };
    render(&state, tr, &user, scope, a, choice, report).await
}

async fn render(
    _state: &AppState,
    tr: Tr,
    user: &CurrentUser,
    scope: Scope,
    a: Asked,
    choice: crate::pages::key_figures::PeriodChoice,
    report: Option<(String, Vec<String>)>,
) -> Result<Response, WebError> {
    let indicators = computed_indicators()
        .map(|i| Opt {
            value: i.code().to_string(),
            label: i.name.to_string(),
            selected: i.id == a.id,
        })
        .collect();
    let kinds = BreakdownKind::ALL
        .iter()
        .map(|k| Opt {
            value: k.code().to_string(),
            label: k.label().to_string(),
            selected: *k == a.kind,
        })
        .collect();
    let mut pairs = vec![
        ("id", a.id.info().code().to_string()),
        ("by", a.kind.code().to_string()),
        ("period", choice.period.code()),
    ];
    if let Some(u) = scope.unit {
        pairs.push(("unit", u.to_string()));
    }
    let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    // Row labels in order, then the total: the cell parameter is the index.
    let drill = match &report {
        Some((_, labels)) if may_see_row_level(user.subject(), scope.unit) => labels
            .iter()
            .enumerate()
            .map(|(i, label)| Opt {
                value: format!("/followup/breakdown/cases?{query}&cell={i}"),
                label: label.clone(),
                selected: false,
            })
            .chain([Opt {
                value: format!("/followup/breakdown/cases?{query}&cell=totalt"),
                label: tr.t("breakdown-total"),
                selected: false,
            }])
            .collect(),
        _ => Vec::new(),
    };
    let report = report.map(|(html, _)| html);
    let p = BreakdownPage {
        l: Layout::new(tr, user, tr.t("breakdown-title"), Section::FollowUp),
        tabs: tabs(tr, Tab::KeyFigures),
        scope,
        indicators,
        kinds,
        years: choice.years,
        parts: choice.parts,
        errors: a.errors,
        report,
        query,
        drill,
    };
    let mut r = html(&p)?;
    if !p.errors.is_empty() {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

#[derive(Debug, Default, Deserialize)]
pub struct CasesQuery {
    #[serde(flatten)]
    q: BreakdownQuery,
    #[serde(default)]
    cell: String,
}

/// One case behind a figure.
struct CaseRow {
    href: String,
    reference: String,
    gender: String,
    age: String,
}

#[derive(Template)]
#[template(path = "followup_breakdown_cases.html")]
struct CasesPage {
    l: Layout,
    tabs: Vec<NavItem>,
    indicator: String,
    breakdown: String,
    cell: String,
    period: String,
    unit: String,
    persons: usize,
    rows: Vec<CaseRow>,
    back: String,
}

/// `GET /followup/breakdown/cases?…&cell=<row index>|totalt` (no cell: the
/// total): the cases of
/// the children a figure counts, for the unit's own manager only (the rule
/// of every row-level list, `may_see_row_level`). Cases are named by
/// reference, never by name or personnummer; every child listed is logged
/// as an extract before the page is sent. The case page itself applies
/// need-to-know again.
pub async fn cases(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    ClientAddr(addr): ClientAddr,
    Query(cq): Query<CasesQuery>,
) -> Result<Response, WebError> {
    let q = cq.q;
    let scope = scope(&state, tr, &user, &q.unit).await?;
    if !may_see_row_level(user.subject(), scope.unit) {
        return Err(WebError::Forbidden);
    }
    let today = state.today();
    let default = Period::year(today.year()).map_err(|_| WebError::BadRequest)?;
    let choice = choose_period(tr, &q.period, &q.year, &q.part, today, default);
    let a = asked(tr, &q.id, &q.by);
    if !a.errors.is_empty() || choice.error.is_some() {
        return Err(WebError::NotFound);
    }
    let period = choice.period;
    let facts = state.facts().await?;
    let names = tillit_app::followup_data::names(state.store()).await?;
    let (unit, id, kind) = (scope.unit, a.id, a.kind);
    let cell = cq.cell.trim().to_string();
    let facts2 = facts.clone();
    let found = tokio::task::spawn_blocking(move || {
        let facts = facts2;
        let breakdown = tillit_followup::Breakdown::from(kind);
        let filter = tillit_followup::Filter { unit };
        let table = tillit_followup::compute(&facts, id, &period, breakdown, &filter).ok()?;
        let key = if cell.is_empty() || cell == "totalt" {
            None
        } else {
            let i: usize = cell.parse().ok()?;
            Some(table.cells.get(i)?.key)
        };
        let persons =
            tillit_followup::persons_behind(&facts, id, &period, breakdown, &filter, key).ok()?;
        let pairs = facts.cases_of(&persons, unit);
        Some((key, persons.len(), pairs))
    })
    .await
    .map_err(WebError::internal("breakdown cases failed"))?;
    let Some((key, persons, pairs)) = found else {
        return Err(WebError::NotFound);
    };
    let end = period.end().min(today);
    let mut subjects = Vec::new();
    let mut rows = Vec::new();
    for (person, case) in pairs {
        let (Some(pid), Some(cid)) = (facts.person_id(person), facts.case_id(case)) else {
            continue;
        };
        subjects.push((pid, cid));
        let p = facts.person(person);
        rows.push(CaseRow {
            href: format!("/cases/{cid}"),
            reference: names.case_ref(cid),
            gender: match p.map(|p| p.gender) {
                Some(tillit_domain::catalog::Gender::Male) => tr.t("followup-boys"),
                Some(tillit_domain::catalog::Gender::Female) => tr.t("followup-girls"),
                _ => tr.t("followup-unknown"),
            },
            age: p
                .and_then(|p| tillit_followup::day::age_on(p.birth, tillit_followup::day::day_number(end)))
                .filter(|a| *a != tillit_followup::day::UNKNOWN_AGE)
                .map(|a| a.to_string())
                .unwrap_or_else(|| tr.t("breakdown-age-unknown")),
        });
    }
    let detail = format!(
        "fördelning {} per {} {} ({})",
        id.info().code(),
        kind.code(),
        period.code(),
        key.map(|k| k.label()).unwrap_or_else(|| "totalt".into())
    );
    log_extract(&state, &user, &addr, &subjects, unit, detail).await?;
    let cell_label = match key {
        None => tr.t("breakdown-total"),
        Some(tillit_followup::Key::Unit(u)) => names.unit(u),
        Some(tillit_followup::Key::Delegate(u)) => names.user(u),
        Some(k) => k.label(),
    };
    let mut back = vec![
        ("id", id.info().code().to_string()),
        ("by", kind.code().to_string()),
        ("period", period.code()),
    ];
    if let Some(u) = unit {
        back.push(("unit", u.to_string()));
    }
    let p = CasesPage {
        l: Layout::new(tr, &user, tr.t("breakdown-cases-title"), Section::FollowUp),
        tabs: tabs(tr, Tab::KeyFigures),
        indicator: id.info().name.to_string(),
        breakdown: kind.label().to_string(),
        cell: cell_label,
        period: period.label(),
        unit: scope.label,
        persons,
        rows,
        back: format!(
            "/followup/breakdown?{}",
            serde_urlencoded::to_string(&back).unwrap_or_default()
        ),
    };
    html(&p)
}

/// This page's routes, each with the access it requires.
pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::{Access::*, Permission::*};
    r.get("/followup/breakdown", Requires(ViewFollowUp), page).get(
        "/followup/breakdown/cases",
        Requires(ViewRowLevelReports),
        cases,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Any indicator and breakdown code give a supported pair, with a
        /// reason whenever it is not the one asked for.
        #[test]
        fn any_codes_give_a_supported_breakdown(id in ".{0,40}", by in ".{0,40}") {
            let a = asked(Tr::new(Lang::Sv), &id, &by);
            proptest::prop_assert!(a.id.info().breakdowns.contains(&a.kind));
            let exact = computed_indicators().any(|i| i.code() == id.trim())
                && BreakdownKind::from_code(&by) == Some(a.kind);
            let defaulted = id.trim().is_empty() || by.trim().is_empty();
            if !exact && !defaulted {
                proptest::prop_assert!(!a.errors.is_empty());
            }
        }
    }

    #[test]
    fn a_breakdown_the_indicator_lacks_is_refused_with_the_ones_it_has() {
        let id = computed_indicators()
            .find(|i| !i.breakdowns.contains(&BreakdownKind::Delegate))
            .map(|i| i.id);
        let Some(id) = id else {
            panic!("every indicator supports delegates: pick another breakdown");
        };
        let a = asked(Tr::new(Lang::Sv), id.info().code(), "beslutsfattare");
        assert_ne!(a.kind, BreakdownKind::Delegate);
        assert_eq!(a.errors.len(), 1, "{:?}", a.errors);
        assert!(a.errors[0].contains("beslutsfattare"), "{}", a.errors[0]);
    }
}
