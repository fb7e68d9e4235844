//! Manual series: figures the case records cannot know (survey results, sick
//! leave, summer jobs), entered by hand per period and gender.
//!
//! `GET /manual?series=&unit=` shows a series' current values for the unit
//! (who entered each, when, whether it is an estimate) and every superseded
//! value; team leads and unit managers also get the form, `POST /manual`,
//! which enters the total and the gender parts for one period. An empty
//! field is not entered; "uppgift saknas" (or `-`, `..`) enters a missing
//! value, which is never 0. A new value supersedes the old one, which stays
//! in the history. The values are checked with the follow-up crate's rules
//! ([`validate_value`]): on an error the form is shown again with the
//! message beside the field, everything typed kept, and nothing stored.

use crate::AppState;
use crate::error::WebError;
use crate::followup_data::{all_series, manual_values};
use crate::forms::{Errors, Field, FieldView, FormData, Kind, SummaryItem, views};
use crate::i18n::Tr;
use crate::pages::followup::{Opt, Scope, Tab, figure, scope, tabs};
use crate::permissions::{Permission, allowed};
use crate::session::CurrentUser;
use crate::time::format_timestamp;
use crate::view::{Layout, NavItem, Section, html_status};
use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::collections::HashMap;
use tillit_domain::catalog::Gender;
use tillit_domain::{UnitId, UserId};
use tillit_followup::manual::{ManualSeries, ManualValue, parse_value, validate_value};
use tillit_followup::{MeasureUnit, Period};
use tillit_store::{NewManualValue, Stamp};

#[derive(Debug, Default, Deserialize)]
pub struct ManualQuery {
    #[serde(default)]
    series: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    saved: String,
}

struct ValueRow {
    period: String,
    gender: String,
    value: String,
    estimate: bool,
    note: String,
    entered: String,
}

#[derive(Template)]
#[template(path = "followup_manual.html")]
struct ManualPage {
    l: Layout,
    tabs: Vec<NavItem>,
    scope: Scope,
    series: Vec<Opt>,
    name: String,
    description: String,
    unit_label: String,
    current: Vec<ValueRow>,
    history: Vec<ValueRow>,
    may_enter: bool,
    csrf: String,
    fields: Vec<FieldView>,
    summary: Vec<SummaryItem>,
    notice: Option<String>,
}

/// The four parts a form enters: total, pojkar, flickor, okänt.
const PARTS: [(Option<Gender>, &str, &str); 4] = [
    (None, "value_total", "estimate_total"),
    (Some(Gender::Male), "value_male", "estimate_male"),
    (Some(Gender::Female), "value_female", "estimate_female"),
    (Some(Gender::Unknown), "value_unknown", "estimate_unknown"),
];

fn part_label(tr: Tr, g: Option<Gender>) -> String {
    match g {
        None => tr.t("followup-total"),
        Some(Gender::Male) => tr.t("followup-boys"),
        Some(Gender::Female) => tr.t("followup-girls"),
        Some(Gender::Unknown) => tr.t("followup-unknown"),
    }
}

fn form_fields(tr: Tr, series: &[ManualSeries]) -> Vec<Field> {
    let mut f = vec![
        Field::new("series", Kind::Select, tr.t("manual-field-series"))
            .options(
                series
                    .iter()
                    .map(|s| (s.code.clone(), s.name.clone()))
                    .collect(),
            )
            .required(),
        Field::new("period", Kind::Text, tr.t("manual-field-period"))
            .hint(tr.t("manual-field-period-hint"))
            .required(),
    ];
    for (g, value, estimate) in PARTS {
        let part = part_label(tr, g);
        f.push(
            Field::new(
                value,
                Kind::Text,
                tr.t1("manual-field-value", "part", part.clone()),
            )
            .hint(tr.t("manual-field-value-hint")),
        );
        f.push(Field::new(
            estimate,
            Kind::Checkbox,
            tr.t1("manual-field-estimate", "part", part),
        ));
    }
    f.push(Field::new(
        "note",
        Kind::TextArea,
        tr.t("manual-field-note"),
    ));
    f
}

struct Loaded {
    scope: Scope,
    series: Vec<ManualSeries>,
    values: Vec<ManualValue>,
    names: HashMap<UserId, String>,
}

async fn load(
    state: &AppState,
    tr: Tr,
    user: &CurrentUser,
    unit: &str,
) -> Result<Loaded, WebError> {
    let store = state.store();
    Ok(Loaded {
        scope: scope(state, tr, user, unit).await?,
        series: all_series(&store.manual_series().await?),
        values: manual_values(&store.manual_values().await?),
        names: store
            .users()
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect(),
    })
}

#[allow(clippy::too_many_arguments)]
fn render(
    tr: Tr,
    user: &CurrentUser,
    loaded: &Loaded,
    code: &str,
    data: &FormData,
    errors: &Errors,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let Some(series) = loaded
        .series
        .iter()
        .find(|s| s.code == code)
        .or(loaded.series.first())
    else {
        return Err(WebError::Internal("no manual series"));
    };
    let unit: Option<UnitId> = loaded.scope.unit;
    let fmt = |v: Option<f64>| match v {
        Some(n) => figure(
            series.unit,
            if series.unit == MeasureUnit::Antal {
                0
            } else {
                2
            },
            n,
        ),
        None => tillit_reports::model::MISSING.to_string(),
    };
    let row = |v: &ManualValue| ValueRow {
        period: v.period.label(),
        gender: part_label(tr, v.gender),
        value: fmt(v.value),
        estimate: v.estimate,
        note: v.note.clone(),
        entered: format!(
            "{}, {}",
            loaded
                .names
                .get(&v.entered_by)
                .cloned()
                .unwrap_or_else(|| tr.t1("user-unknown", "id", v.entered_by.0.to_string())),
            format_timestamp(v.entered_at)
        ),
    };
    let own: Vec<&ManualValue> = loaded
        .values
        .iter()
        .filter(|v| v.series == series.code && v.unit == unit)
        .collect();
    // The newest entry per period and gender holds; the rest is history.
    let mut latest: HashMap<(Period, Option<Gender>), &ManualValue> = HashMap::new();
    for v in &own {
        latest.insert((v.period, v.gender), v);
    }
    let mut current: Vec<&ManualValue> = latest.values().copied().collect();
    let order = |g: Option<Gender>| match g {
        None => 0,
        Some(Gender::Male) => 1,
        Some(Gender::Female) => 2,
        Some(Gender::Unknown) => 3,
    };
    current.sort_by_key(|v| {
        (
            std::cmp::Reverse(v.period.end()),
            v.period.start(),
            order(v.gender),
        )
    });
    let history: Vec<ValueRow> = own
        .iter()
        .rev()
        .filter(|v| !current.iter().any(|c| std::ptr::eq(*c, **v)))
        .map(|v| row(v))
        .collect();
    let fields = form_fields(tr, &loaded.series);
    let order_names: Vec<&str> = fields.iter().map(|f| f.name).collect();
    let summary = errors.summary(&order_names);
    let mut data = data.clone();
    if !data.has("series") {
        data.set("series", series.code.clone());
    }
    let title = if summary.is_empty() {
        tr.t("manual-title")
    } else {
        format!(
            "{} {}",
            tr.t("form-error-title-prefix"),
            tr.t("manual-title")
        )
    };
    let p = ManualPage {
        l: Layout::new(tr, user, title, Section::FollowUp),
        tabs: tabs(tr, Tab::Manual),
        series: loaded
            .series
            .iter()
            .map(|s| Opt {
                value: s.code.clone(),
                label: s.name.clone(),
                selected: s.code == series.code,
            })
            .collect(),
        name: series.name.clone(),
        description: series.description.clone(),
        unit_label: series.unit.label().to_string(),
        current: current.into_iter().map(row).collect(),
        history,
        may_enter: allowed(user.role, Permission::EnterManualValues),
        csrf: user.csrf.clone(),
        fields: views(&fields, &data, errors),
        summary,
        notice,
        scope: loaded.scope.clone(),
    };
    html_status(status, &p)
}

/// `GET /manual`.
pub async fn page(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<ManualQuery>,
) -> Result<Response, WebError> {
    let loaded = load(&state, tr, &user, &q.unit).await?;
    let notice = q
        .saved
        .parse::<usize>()
        .ok()
        .map(|n| tr.n("manual-saved", n));
    let mut data = FormData::default();
    data.set("period", (state.today().year() - 1).to_string());
    render(
        tr,
        &user,
        &loaded,
        q.series.trim(),
        &data,
        &Errors::new(),
        notice,
        StatusCode::OK,
    )
}

/// `POST /manual`: enter the values of one period.
pub async fn submit(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let data = FormData::new(pairs);
    let loaded = load(&state, tr, &user, "").await?;
    let mut errors = Errors::new();
    let code = data.trimmed("series").to_string();
    let series = loaded.series.iter().find(|s| s.code == code);
    if series.is_none() {
        errors.field("series", tr.t("manual-series-unknown"));
    }
    let period = match data.trimmed("period").parse::<Period>() {
        Ok(p) => Some(p),
        Err(e) => {
            errors.field("period", e.to_string());
            None
        }
    };
    // Values are entered for the manager's own unit.
    let unit = user.unit;
    let stamp = Stamp::now(user.id);
    let mut entries: Vec<NewManualValue> = Vec::new();
    if let (Some(series), Some(period)) = (series, period) {
        for (gender, value_field, estimate_field) in PARTS {
            let typed = data.trimmed(value_field);
            if typed.is_empty() {
                continue;
            }
            let value = match parse_value(typed) {
                Ok(v) => v,
                Err(e) => {
                    errors.field(value_field, e.to_string());
                    continue;
                }
            };
            let candidate = ManualValue {
                series: series.code.clone(),
                period,
                gender,
                unit,
                value,
                estimate: data.checked(estimate_field),
                base: None,
                entered_by: user.id,
                entered_at: stamp.at,
                note: data.trimmed("note").to_string(),
            };
            if let Err(found) = validate_value(series, &candidate) {
                for e in found {
                    match e {
                        tillit_followup::manual::ManualError::NoteTooLong(_) => {
                            errors.field("note", e.to_string())
                        }
                        tillit_followup::manual::ManualError::EstimateOfMissing => {
                            errors.field(estimate_field, e.to_string())
                        }
                        _ => errors.field(value_field, e.to_string()),
                    }
                }
                continue;
            }
            entries.push(NewManualValue {
                series: candidate.series,
                unit,
                period: period.code(),
                gender,
                value: candidate.value,
                estimate: candidate.estimate,
                base: None,
                note: candidate.note,
            });
        }
        if entries.is_empty() && errors.is_empty() {
            errors.field("value_total", tr.t("manual-nothing-entered"));
        }
    }
    if !errors.is_empty() {
        return render(
            tr,
            &user,
            &loaded,
            &code,
            &data,
            &errors,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    state.store().enter_manual_values(&entries, stamp).await?;
    tracing::info!(user_id = %user.id, series = %code, count = entries.len(), "manual values entered");
    let to = format!("/manual?series={code}&saved={}", entries.len());
    Ok((StatusCode::SEE_OTHER, [(LOCATION, to)]).into_response())
}
