//! The follow-up section's key-figures page (nyckeltal): the unit's key
//! figures for a chosen period, and each indicator's definition.
//!
//! `GET /followup` shows every indicator computed from the case records for
//! the period (year, tertial, quarter, month, rolling 12 months) and unit:
//! total, pojkar, flickor, okänt, and the same period last year, with a
//! monthly chart beside the table; then the figures entered by hand for the
//! period. `GET /followup/indicator?id=<code>` shows an indicator's
//! definition, counting rule and version.
//!
//! Who sees what (see `permissions.rs`): team leads and unit managers see
//! their own unit's exact figures; analysts choose any unit or the whole
//! area and see the figures as published, with cells of fewer than five
//! persons hidden (and secondary suppression). The page says which.
//!
//! What it shares with the goals, manual-series and reports pages is in
//! `followup_view.rs`.

use crate::AppState;
use crate::error::WebError;
use crate::followup_data::{all_series, manual_values};
use crate::followup_view::{Scope, Tab, figure, scope, show, tabs};
use crate::forms::Query;
use crate::i18n::Tr;
use crate::session::CurrentUser;
use crate::time::format_timestamp;
use crate::view::{Layout, NavItem, Opt, OptGroup, Section, html};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use jiff::civil::Date;
use serde::Deserialize;
use std::collections::HashMap;
use tillit_domain::catalog::Gender;
use tillit_domain::{UnitId, UserId};
use tillit_followup::manual::manual_table;
use tillit_followup::{
    Aggregate, Breakdown, Counted, CountingRule, DEFAULT_THRESHOLD, Facts, Filter, IndicatorId,
    Key, MeasureUnit, Period, PeriodKind, Published, Source, Table, Value, catalogue, compute,
    compute_series, computed_indicators, hidden_cells, suppress, suppress_series,
};
use tillit_reports::{Chart, ChartKind, ChartSeries};

/// The period chosen on a page, with the choices for the form.
pub(crate) struct PeriodChoice {
    pub period: Period,
    pub years: Vec<Opt>,
    pub parts: Vec<OptGroup>,
    /// Why the asked-for period was not used.
    pub error: Option<String>,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];

/// The part of the year a period is (`Y`, `T2`, `Q3`, `M05`, `R06`), for the
/// form's selection.
fn part_code(p: &Period) -> String {
    match p.kind() {
        PeriodKind::Year { .. } => "Y".into(),
        PeriodKind::Tertial { tertial, .. } => format!("T{tertial}"),
        PeriodKind::Quarter { quarter, .. } => format!("Q{quarter}"),
        PeriodKind::Month { month, .. } => format!("M{month:02}"),
        PeriodKind::Rolling12 { month, .. } => format!("R{month:02}"),
        _ => String::new(),
    }
}

/// A period from a year and a part code (see [`part_code`]).
fn period_of(year: i16, part: &str) -> Option<Period> {
    let part = part.trim().to_ascii_uppercase();
    if part.is_empty() || part == "Y" {
        return Period::year(year).ok();
    }
    // A character, not a byte: `Ö1` is refused, not cut inside the `Ö`.
    let mut chars = part.chars();
    let letter = chars.next()?;
    let n: u8 = chars.as_str().parse().ok()?;
    match letter {
        'T' => Period::tertial(year, n).ok(),
        'Q' => Period::quarter(year, n).ok(),
        'M' => Period::month(year, n).ok(),
        'R' => Period::rolling_12(year, n).ok(),
        _ => None,
    }
}

/// The period asked for: a full code (`period=2025-T2`), or a year and a
/// part (`year=2025&part=T2`); else `default`.
pub(crate) fn choose_period(
    tr: Tr,
    code: &str,
    year: &str,
    part: &str,
    today: Date,
    default: Period,
) -> PeriodChoice {
    let mut error = None;
    let asked = if !code.trim().is_empty() {
        match code.parse::<Period>() {
            Ok(p) => Some(p),
            Err(e) => {
                error = Some(e.to_string());
                None
            }
        }
    } else if !year.trim().is_empty() {
        match year
            .trim()
            .parse::<i16>()
            .ok()
            .and_then(|y| period_of(y, part))
        {
            Some(p) => Some(p),
            None => {
                error = Some(tr.t1(
                    "followup-period-invalid",
                    "value",
                    format!("{} {}", year.trim(), part.trim()),
                ));
                None
            }
        }
    } else {
        None
    };
    let period = asked.unwrap_or(default);
    let year = period.start().year();
    let last_year = today.year().max(year);
    let years = (last_year - 6..=last_year)
        .rev()
        .map(|y| Opt {
            value: y.to_string(),
            label: y.to_string(),
            selected: y == year,
        })
        .collect();
    let chosen = part_code(&period);
    let opt = |value: String, label: String| Opt {
        selected: value == chosen,
        value,
        label,
    };
    let parts = vec![
        OptGroup {
            label: tr.t("followup-part-year"),
            options: vec![opt("Y".into(), tr.t("followup-part-whole-year"))],
        },
        OptGroup {
            label: tr.t("followup-part-tertial"),
            options: (1..=3)
                .map(|t| opt(format!("T{t}"), format!("T{t}")))
                .collect(),
        },
        OptGroup {
            label: tr.t("followup-part-quarter"),
            options: (1..=4)
                .map(|q| opt(format!("Q{q}"), format!("Q{q}")))
                .collect(),
        },
        OptGroup {
            label: tr.t("followup-part-month"),
            options: (1..=12)
                .map(|m| opt(format!("M{m:02}"), MONTHS[m - 1].to_string()))
                .collect(),
        },
        OptGroup {
            label: tr.t("followup-part-rolling"),
            options: (1..=12)
                .map(|m| {
                    opt(
                        format!("R{m:02}"),
                        tr.t1("followup-part-rolling-to", "month", MONTHS[m - 1]),
                    )
                })
                .collect(),
        },
    ];
    PeriodChoice {
        period,
        years,
        parts,
        error,
    }
}

/// A table's total and gender cells, exact or suppressed.
fn gender_row(t: &Table, exact: bool) -> (Published, [Published; 3]) {
    let find = |cells: &[(Key, Published)], g: Gender| {
        cells
            .iter()
            .find(|(k, _)| *k == Key::Gender(g))
            .map(|(_, p)| *p)
            .unwrap_or(Published::Suppressed)
    };
    let (total, cells): (Published, Vec<(Key, Published)>) = if exact {
        (
            Published::Shown(t.total),
            t.cells
                .iter()
                .map(|c| (c.key, Published::Shown(c.value)))
                .collect(),
        )
    } else {
        let p = suppress(t, DEFAULT_THRESHOLD);
        (p.total, p.cells.iter().map(|c| (c.key, c.value)).collect())
    };
    (
        total,
        [
            find(&cells, Gender::Male),
            find(&cells, Gender::Female),
            find(&cells, Gender::Unknown),
        ],
    )
}

/// The label of the period "last year" is compared with: the same period a
/// year earlier, cut at the same day when the period is still running.
fn comparison(period: &Period, as_of: Date) -> Period {
    let prev = period.previous_year();
    if period.end() <= as_of || as_of < period.start() {
        return prev;
    }
    let cut = as_of
        .checked_sub(jiff::Span::new().years(1))
        .unwrap_or(prev.end());
    Period::range(prev.start(), cut.max(prev.start())).unwrap_or(prev)
}

// The key-figures page --------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
pub struct FollowUpQuery {
    #[serde(default)]
    period: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    part: String,
    #[serde(default)]
    unit: String,
}

struct FigureRow {
    label: String,
    total: String,
    boys: String,
    girls: String,
    unknown: String,
}

struct IndicatorBlock {
    code: &'static str,
    name: &'static str,
    unit: &'static str,
    rows: Vec<FigureRow>,
    chart: String,
}

struct ManualBlock {
    code: String,
    name: String,
    rows: Vec<FigureRow>,
    entered: Vec<String>,
    estimate: bool,
}

#[derive(Template)]
#[template(path = "followup_key_figures.html")]
struct FollowUpPage {
    l: Layout,
    tabs: Vec<NavItem>,
    period_label: String,
    /// The period's code, for links that keep it.
    period_code: String,
    as_of: String,
    scope: Scope,
    years: Vec<Opt>,
    parts: Vec<OptGroup>,
    error: Option<String>,
    indicators: Vec<IndicatorBlock>,
    manual: Vec<ManualBlock>,
    /// The period and unit shown, as a query (`&year=2025&part=T2&unit=3`):
    /// carried to an indicator's definition and back.
    keep: String,
}

/// The period and unit of a follow-up page as a query to carry on
/// (`&`-prefixed, or "" for the defaults). Only the known names are kept.
fn keep_query(period: &str, year: &str, part: &str, unit: &str) -> String {
    let pairs: Vec<(&str, &str)> = [
        ("period", period),
        ("year", year),
        ("part", part),
        ("unit", unit),
    ]
    .into_iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("&{}", serde_urlencoded::to_string(&pairs).unwrap_or_default())
    }
}

/// The months a chart shows for a period: its months, or the 12 months
/// ending with it when it is a single month.
fn chart_months(period: &Period) -> Vec<Period> {
    match period.kind() {
        PeriodKind::Month { year, month } => Period::rolling_12(year, month)
            .map(|r| r.months())
            .unwrap_or_else(|_| vec![*period]),
        _ => period.months(),
    }
}

fn chart(
    tr: Tr,
    facts: &Facts,
    id: IndicatorId,
    months: &[Period],
    filter: &Filter,
    exact: bool,
) -> Result<String, WebError> {
    let prev: Vec<Period> = months.iter().map(Period::previous_year).collect();
    let series = |periods: &[Period]| -> Result<Vec<Option<f64>>, WebError> {
        let tables = compute_series(facts, id, periods, Breakdown::Total, filter)
            .map_err(WebError::internal("indicator not computable"))?;
        Ok(if exact {
            tables.iter().map(|t| t.total.number).collect()
        } else {
            suppress_series(&tables, DEFAULT_THRESHOLD)
                .iter()
                .map(|p| p.total.shown().and_then(|v| v.number))
                .collect()
        })
    };
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return Ok(String::new());
    };
    let this_label = if first.start().year() == last.end().year() {
        first.start().year().to_string()
    } else {
        format!("{}–{}", first.start().year(), last.end().year())
    };
    let info = id.info();
    let kind = if info.adds_up_over_time() {
        ChartKind::Bar
    } else {
        ChartKind::Line
    };
    let c = Chart {
        id: format!("chart-{}", info.code()),
        kind,
        title: tr.t1("followup-chart-title", "name", info.name),
        unit: match info.unit {
            MeasureUnit::Procent => "%".into(),
            u => u.label().into(),
        },
        categories: months
            .iter()
            .map(|m| {
                let month = usize::try_from(m.start().month() - 1).unwrap_or(0);
                MONTHS[month.min(11)].to_string()
            })
            .collect(),
        series: vec![
            ChartSeries {
                name: this_label.clone(),
                values: series(months)?,
            },
            ChartSeries {
                name: tr.t("followup-chart-previous-year"),
                values: series(&prev)?,
            },
        ],
        description: tr.t1("followup-chart-description", "name", info.name),
    };
    Ok(tillit_reports::svg::chart_svg(&c, "system-ui, sans-serif"))
}

/// `GET /followup`.
pub async fn page(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<FollowUpQuery>,
) -> Result<Response, WebError> {
    let today = state.today();
    let scope = scope(&state, tr, &user, &q.unit).await?;
    let default = Period::year(today.year()).map_err(|_| WebError::BadRequest)?;
    let choice = choose_period(tr, &q.period, &q.year, &q.part, today, default);
    let period = choice.period;
    let facts = state.facts().await?;
    let as_of = tillit_followup::day::date_of(facts.as_of()).unwrap_or(today);
    let cmp = comparison(&period, as_of);
    let filter = Filter { unit: scope.unit };
    let months = chart_months(&period);
    let facts2 = facts.clone();
    let exact = scope.exact;
    let current_label = period.label();
    let cmp_label = tr.t1("followup-last-year-row", "period", cmp.label());
    let indicators =
        tokio::task::spawn_blocking(move || -> Result<Vec<IndicatorBlock>, WebError> {
            let facts = facts2;
            let mut out = Vec::new();
            for info in computed_indicators() {
                let id = info.id;
                let mut rows = Vec::new();
                for (label, p) in [(&current_label, &period), (&cmp_label, &cmp)] {
                    let t = compute(&facts, id, p, Breakdown::Gender, &filter)
                        .map_err(WebError::internal("indicator not computable"))?;
                    let (total, [b, g, u]) = gender_row(&t, exact);
                    rows.push(FigureRow {
                        label: label.clone(),
                        total: show(id, &total),
                        boys: show(id, &b),
                        girls: show(id, &g),
                        unknown: show(id, &u),
                    });
                }
                out.push(IndicatorBlock {
                    code: info.code(),
                    name: info.name,
                    unit: info.unit.label(),
                    rows,
                    chart: chart(tr, &facts, id, &months, &filter, exact)?,
                });
            }
            Ok(out)
        })
        .await
        .map_err(WebError::internal("follow-up computation failed"))??;

    let manual = manual_blocks(&state, tr, &period, scope.unit, scope.exact).await?;
    let title = tr.t("followup-title");
    let p = FollowUpPage {
        l: Layout::new(tr, &user, title, Section::FollowUp),
        tabs: tabs(tr, Tab::KeyFigures),
        period_label: period.label(),
        period_code: period.code(),
        as_of: as_of.to_string(),
        scope,
        years: choice.years,
        parts: choice.parts,
        error: choice.error,
        indicators,
        manual,
        keep: keep_query(&q.period, &q.year, &q.part, &q.unit),
    };
    html(&p)
}

/// The figures entered by hand for the period and unit, one block per
/// series with anything entered.
async fn manual_blocks(
    state: &AppState,
    tr: Tr,
    period: &Period,
    unit: Option<UnitId>,
    exact: bool,
) -> Result<Vec<ManualBlock>, WebError> {
    let store = state.store();
    let series = all_series(&store.manual_series().await?);
    let values = manual_values(&store.manual_values().await?);
    let users: HashMap<UserId, String> = store
        .users()
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let mut out = Vec::new();
    for s in &series {
        let t = manual_table(s, &values, period, unit);
        if t.is_empty() {
            continue;
        }
        let mut persons: Vec<u32> = t.cells.iter().map(|c| c.value.persons).collect();
        persons.push(t.total.persons);
        let group: Vec<usize> = (0..persons.len()).collect();
        let hidden = if exact {
            vec![false; persons.len()]
        } else {
            hidden_cells(&persons, &[group], DEFAULT_THRESHOLD)
        };
        let fmt = |v: &Value, i: usize| -> String {
            if hidden.get(i).copied().unwrap_or(false) {
                return tillit_reports::model::SUPPRESSED.to_string();
            }
            match v.number {
                Some(n) => figure(s.unit, if s.unit == MeasureUnit::Antal { 0 } else { 1 }, n),
                None => tillit_reports::model::MISSING.to_string(),
            }
        };
        let n = t.cells.len();
        let cell = |g: Gender| {
            t.cells
                .iter()
                .position(|c| c.key == Key::Gender(g))
                .map(|i| fmt(&t.cells[i].value, i))
                .unwrap_or_default()
        };
        let rows = vec![FigureRow {
            label: period.label(),
            total: fmt(&t.total, n),
            boys: cell(Gender::Male),
            girls: cell(Gender::Female),
            unknown: cell(Gender::Unknown),
        }];
        let entered = t
            .provenance
            .iter()
            .map(|p| {
                let who = users
                    .get(&p.entered_by)
                    .cloned()
                    .unwrap_or_else(|| tr.t1("user-unknown", "id", p.entered_by.0.to_string()));
                let part = match p.gender {
                    None => tr.t("followup-total"),
                    Some(g) => tr.label("gender", g.code(), g.label()),
                };
                tr.t1(
                    "manual-entered-by",
                    "who",
                    format!(
                        "{part}, {}: {who}, {}{}",
                        p.period.label(),
                        format_timestamp(p.entered_at),
                        if p.estimate {
                            format!(" ({})", tr.t("manual-estimate"))
                        } else {
                            String::new()
                        }
                    ),
                )
            })
            .collect();
        out.push(ManualBlock {
            code: s.code.clone(),
            name: s.name.clone(),
            rows,
            entered,
            estimate: t.estimate,
        });
    }
    Ok(out)
}

// The definition page ------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
pub struct IndicatorQuery {
    #[serde(default)]
    id: String,
    /// The follow-up page's period and unit, kept for the way back.
    #[serde(default)]
    period: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    part: String,
    #[serde(default)]
    unit: String,
}

#[derive(Template)]
#[template(path = "followup_indicator.html")]
struct IndicatorPage {
    l: Layout,
    name: String,
    /// "Tillbaka": the follow-up page with the period and unit it showed.
    back: String,
    /// The same, as hidden fields of the "other indicator" form.
    keep_fields: Vec<(String, String)>,
    definition: String,
    unit: String,
    counted: String,
    rule: String,
    aggregate: String,
    breakdowns: String,
    version: u32,
    source: String,
    others: Vec<Opt>,
}

fn counted_label(tr: Tr, c: Counted) -> String {
    tr.t(match c {
        Counted::Events => "indicator-counted-events",
        Counted::DistinctPersons => "indicator-counted-persons",
        Counted::CareDays => "indicator-counted-care-days",
    })
}

fn rule_label(tr: Tr, r: CountingRule) -> String {
    tr.t(match r {
        CountingRule::Flow => "indicator-rule-flow",
        CountingRule::Stock => "indicator-rule-stock",
        CountingRule::Overlap => "indicator-rule-overlap",
        CountingRule::Weighted => "indicator-rule-weighted",
        CountingRule::WithinDeadline => "indicator-rule-within-deadline",
        CountingRule::Rolling => "indicator-rule-rolling",
    })
}

fn aggregate_label(tr: Tr, a: Aggregate) -> String {
    tr.t(match a {
        Aggregate::Count => "indicator-aggregate-count",
        Aggregate::Persons => "indicator-aggregate-persons",
        Aggregate::Share => "indicator-aggregate-share",
        Aggregate::Mean => "indicator-aggregate-mean",
        Aggregate::Median => "indicator-aggregate-median",
        Aggregate::Rate => "indicator-aggregate-rate",
    })
}

/// `GET /followup/indicator?id=<code>`.
pub async fn indicator(
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<IndicatorQuery>,
) -> Result<Response, WebError> {
    // No id: the first indicator; an unknown one is refused with the
    // Swedish reason, never another indicator.
    let id = match q.id.trim() {
        "" => IndicatorId::Aktualiseringar,
        code => IndicatorId::from_code(code)
            .ok_or_else(|| WebError::Unknown(tr.t1("indicator-unknown", "id", code.to_string())))?,
    };
    let info = id.info();
    let others = catalogue()
        .iter()
        .map(|i| Opt {
            value: i.code().to_string(),
            label: i.name.to_string(),
            selected: i.id == id,
        })
        .collect();
    let keep = keep_query(&q.period, &q.year, &q.part, &q.unit);
    let keep_fields = [
        ("period", &q.period),
        ("year", &q.year),
        ("part", &q.part),
        ("unit", &q.unit),
    ]
    .into_iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .map(|(k, v)| (k.to_string(), v.clone()))
    .collect();
    let p = IndicatorPage {
        l: Layout::new(tr, &user, info.name.to_string(), Section::FollowUp),
        name: info.name.to_string(),
        back: format!(
            "/followup{}#ind-{}",
            keep.replacen('&', "?", 1),
            info.code()
        ),
        keep_fields,
        definition: info.definition.to_string(),
        unit: info.unit.label().to_string(),
        counted: counted_label(tr, info.counted),
        rule: rule_label(tr, info.rule),
        aggregate: aggregate_label(tr, info.aggregate),
        breakdowns: info
            .breakdowns
            .iter()
            .map(|b| b.label())
            .collect::<Vec<_>>()
            .join(", "),
        version: info.version,
        source: tr.t(match info.source {
            Source::Computed => "indicator-source-computed",
            Source::Manual => "indicator-source-manual",
        }),
        others,
    };
    html(&p)
}

/// This page's routes, each with the access it requires.
pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::{Access::*, Permission::*};
    r.get("/followup", Requires(ViewFollowUp), page).get(
        "/followup/indicator",
        Requires(ViewFollowUp),
        indicator,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use jiff::civil::date;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// The period asked for in a query: any code, year and part give a
        /// period (the asked one or the default) and maybe a message, never
        /// a panic (`part=Ö1` once cut inside the `Ö`).
        #[test]
        fn any_period_query_gives_a_period(
            code in proptest::prelude::any::<String>(),
            year in proptest::prelude::any::<String>(),
            part in proptest::prelude::any::<String>(),
            y in proptest::prelude::any::<i16>(),
        ) {
            let tr = Tr::new(Lang::Sv);
            let default = Period::year(2025).expect("a year");
            let today = date(2026, 3, 10);
            let _ = choose_period(tr, &code, &year, &part, today, default);
            let _ = choose_period(tr, "", &y.to_string(), &part, today, default);
            let _ = period_of(y, &part);
        }
    }

    #[test]
    fn parts_with_multi_byte_letters_are_no_period() {
        for part in ["Ö1", "é", "Ö", "ǅ2", "T٣"] {
            assert_eq!(period_of(2025, part), None, "{part}");
        }
        assert_eq!(period_of(2025, "t2"), Period::tertial(2025, 2).ok());
    }
}
