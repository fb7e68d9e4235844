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
//!
//! The page also lists the municipality's own series (who created each and
//! when), and unit managers ([`Permission::DefineManualSeries`]) get the form "Ny
//! egen serie", posted to `POST /manual` with `action=create-series`: name,
//! code (formed from the name when left empty, see [`code_from_name`]),
//! measure unit, description and whether the series counts persons. A code
//! or name already used by a series (standard or own), or a code of a
//! catalogue indicator, is refused beside the field, as are the follow-up
//! crate's rules ([`validate_series`]); nothing is stored on an error. A
//! created series can at once be chosen and given values.

use crate::AppState;
use crate::error::{WebError, store_refusal};
use crate::followup_data::{all_series, manual_values};
use crate::followup_view::{Scope, Tab, figure, scope, tabs};
use crate::forms::{
    Errors, Field, FieldView, FormData, Kind, Query, Refused, SummaryItem, read, views,
};
use crate::i18n::Tr;
use crate::permissions::{Permission, allowed};
use crate::session::CurrentUser;
use crate::time::format_timestamp;
use crate::view::Opt;
use crate::view::{Layout, NavItem, Section, html_status};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::collections::HashMap;
use tillit_domain::catalog::Gender;
use tillit_domain::{UnitId, UserId};
use tillit_followup::manual::{
    ManualError, ManualSeries, ManualValue, latest_values, measure_unit_code, parse_value,
    validate_series, validate_value,
};
use tillit_followup::{IndicatorId, MeasureUnit, Period};
use tillit_store::{ManualSeriesRow, NewManualSeries, NewManualValue, Stamp, StoreError};

#[derive(Debug, Default, Deserialize)]
pub struct ManualQuery {
    #[serde(default)]
    series: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    saved: String,
    /// After "Ny egen serie": the created series' code.
    #[serde(default)]
    created: String,
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
    custom: Vec<CustomRow>,
    may_define: bool,
    new_fields: Vec<FieldView>,
    new_summary: Vec<SummaryItem>,
}

/// One of the municipality's own series, as listed.
struct CustomRow {
    name: String,
    code: String,
    unit: String,
    counts_persons: bool,
    created: String,
}

/// The `action` of the form "Ny egen serie" (`POST /manual`).
const CREATE_SERIES: &str = "create-series";

/// Longest name and description of a series, in characters.
const NAME_MAX: usize = 120;
const DESCRIPTION_MAX: usize = 2000;
/// Longest code (the follow-up crate's limit, [`validate_series`]).
const CODE_MAX: usize = 64;

/// The measure units a series can have, in the order offered.
const UNITS: [MeasureUnit; 6] = [
    MeasureUnit::Antal,
    MeasureUnit::Procent,
    MeasureUnit::Dagar,
    MeasureUnit::Arsplaceringar,
    MeasureUnit::Tkr,
    MeasureUnit::Index,
];

/// A measure unit's label in the form and the list.
fn unit_label(tr: Tr, unit: MeasureUnit) -> String {
    match unit {
        MeasureUnit::Antal => tr.t("manual-unit-antal"),
        MeasureUnit::Procent => tr.t("manual-unit-procent"),
        MeasureUnit::Dagar => tr.t("manual-unit-dagar"),
        MeasureUnit::Arsplaceringar => tr.t("manual-unit-arsplaceringar"),
        MeasureUnit::Tkr => tr.t("manual-unit-tkr"),
        MeasureUnit::Index => tr.t("manual-unit-index"),
    }
}

/// The code formed from a series' name: lowercase ASCII, å and ä become
/// `a`, ö becomes `o` (other accented letters their base letter), and
/// spaces and other characters `_` (never two in a row, none at the ends).
pub fn code_from_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'a'..='z' | '0'..='9' => Some(c),
            'å' | 'ä' | 'á' | 'à' | 'â' | 'ã' => Some('a'),
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' | 'õ' => Some('o'),
            'é' | 'è' | 'ê' | 'ë' => Some('e'),
            'ü' | 'ú' | 'ù' | 'û' => Some('u'),
            'í' | 'ì' | 'î' | 'ï' => Some('i'),
            _ => None,
        };
        match mapped {
            Some(c) => out.push(c),
            None if !out.is_empty() && !out.ends_with('_') => out.push('_'),
            None => {}
        }
    }
    out.truncate(CODE_MAX);
    out.trim_end_matches('_').to_string()
}

fn new_series_fields(tr: Tr) -> Vec<Field> {
    vec![
        Field::new("new_name", Kind::Text, tr.t("manual-new-field-name"))
            .hint(tr.t("manual-new-field-name-hint"))
            .required(),
        Field::new("new_code", Kind::Text, tr.t("manual-new-field-code"))
            .hint(tr.t("manual-new-field-code-hint")),
        Field::new("new_unit", Kind::Select, tr.t("manual-new-field-unit"))
            .options(
                UNITS
                    .iter()
                    .map(|u| (measure_unit_code::code(*u).to_string(), unit_label(tr, *u)))
                    .collect(),
            )
            .required(),
        Field::new(
            "new_description",
            Kind::TextArea,
            tr.t("manual-new-field-description"),
        )
        .hint(tr.t("manual-new-field-description-hint")),
        Field::new(
            "new_counts_persons",
            Kind::Checkbox,
            tr.t("manual-new-field-counts-persons"),
        )
        .hint(tr.t("manual-new-field-counts-persons-hint")),
    ]
}

/// A form's submitted (or prefilled) values and its errors.
struct FormState {
    data: FormData,
    errors: Errors,
}

impl FormState {
    fn blank_new_series() -> Self {
        let mut data = FormData::default();
        data.set("new_unit", measure_unit_code::code(MeasureUnit::Antal));
        Self {
            data,
            errors: Errors::new(),
        }
    }
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
    /// The municipality's own series as stored.
    custom: Vec<ManualSeriesRow>,
    /// The standard series and the own ones.
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
    let custom = store.manual_series().await?;
    Ok(Loaded {
        scope: scope(state, tr, user, unit).await?,
        series: all_series(&custom),
        custom,
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
    values_form: &FormState,
    series_form: &FormState,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let (data, errors) = (&values_form.data, &values_form.errors);
    let Some(series) = loaded
        .series
        .iter()
        .find(|s| s.code == code)
        .or(loaded.series.first())
    else {
        return Err(WebError::Internal {
            what: "no manual series",
            cause: None,
        });
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
    // The latest entry (by when it was entered) per period and gender
    // holds; the rest is history.
    let mut current: Vec<&ManualValue> = latest_values(&loaded.values)
        .into_iter()
        .filter(|v| v.series == series.code && v.unit == unit)
        .collect();
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
    let new_fields = new_series_fields(tr);
    let new_order: Vec<&str> = new_fields.iter().map(|f| f.name).collect();
    let new_summary = series_form.errors.summary(&new_order);
    let user_name = |id: UserId| {
        loaded
            .names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| tr.t1("user-unknown", "id", id.0.to_string()))
    };
    let custom = loaded
        .custom
        .iter()
        .map(|c| CustomRow {
            name: c.name.clone(),
            code: c.code.clone(),
            unit: measure_unit_code::from_code(&c.unit_code)
                .map(|u| unit_label(tr, u))
                .unwrap_or_else(|| c.unit_code.clone()),
            counts_persons: c.counts_persons,
            created: format!(
                "{}, {}",
                user_name(c.created.by),
                format_timestamp(c.created.at)
            ),
        })
        .collect();
    let title = crate::forms::page_title(
        tr,
        &tr.t("manual-title"),
        !summary.is_empty() || !new_summary.is_empty(),
    );
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
        custom,
        may_define: allowed(user.role, Permission::DefineManualSeries),
        new_fields: views(&new_fields, &series_form.data, &series_form.errors),
        new_summary,
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
    let created = q.created.trim();
    let notice = if created.is_empty() {
        q.saved
            .parse::<usize>()
            .ok()
            .map(|n| tr.n("manual-saved", n))
    } else {
        loaded
            .series
            .iter()
            .find(|s| s.code == created)
            .map(|s| tr.t1("manual-created", "name", s.name.clone()))
    };
    render(
        tr,
        &user,
        &loaded,
        q.series.trim(),
        &blank_values_form(&state),
        &FormState::blank_new_series(),
        notice,
        StatusCode::OK,
    )
}

/// The values form as first shown: last year's period.
fn blank_values_form(state: &AppState) -> FormState {
    let mut data = FormData::default();
    data.set("period", (state.today().year() - 1).to_string());
    FormState {
        data,
        errors: Errors::new(),
    }
}

/// `POST /manual`: enter the values of one period.
pub async fn submit(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    data: FormData,
) -> Result<Response, WebError> {
    if data.trimmed("action") == CREATE_SERIES {
        return create_series(&state, tr, &user, data).await;
    }
    let loaded = load(&state, tr, &user, "").await?;
    let code = data.trimmed("series").to_string();
    let again = |r: Refused| {
        let values = FormState {
            data: data.clone(),
            errors: r.errors,
        };
        let blank = FormState::blank_new_series();
        render(tr, &user, &loaded, &code, &values, &blank, None, r.status)
    };
    let stamp = Stamp::now(user.id);
    let parsed = read(tr, &form_fields(tr, &loaded.series), &data, None, |input| {
        let errors = &mut input.errors;
        let series = loaded.series.iter().find(|s| s.code == code);
        if series.is_none() {
            errors.field("series", tr.t("manual-series-unknown"));
        }
        // Values are entered for periods that have begun (next year at most,
        // for a budget), and not before the earliest date anyone types.
        let latest_year = state.today().year().saturating_add(1);
        let period = match data.trimmed("period").parse::<Period>() {
            Ok(p) if p.start() < crate::forms::EARLIEST_DATE || p.end().year() > latest_year => {
                let mut args = fluent_bundle::FluentArgs::new();
                args.set("period", p.label());
                args.set("first", crate::forms::EARLIEST_DATE.year().to_string());
                args.set("last", latest_year.to_string());
                errors.field("period", tr.args("manual-period-out-of-range", &args));
                None
            }
            other => errors.take("period", other),
        };
        // Values are entered for the manager's own unit.
        let unit = user.unit;
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
                            ManualError::NoteTooLong(_) => errors.field("note", e.to_string()),
                            ManualError::EstimateOfMissing => {
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
        Some(entries)
    });
    let entries = match parsed {
        Ok(entries) => entries,
        Err(r) => return again(r),
    };
    if let Err(e) = state.store().enter_manual_values(&entries, stamp).await {
        return again(Refused::store(tr, e)?);
    }
    tracing::info!(user_id = %user.id, series = %code, count = entries.len(), "manual values entered");
    let to = format!("/manual?series={code}&saved={}", entries.len());
    Ok((StatusCode::SEE_OTHER, [(LOCATION, to)]).into_response())
}

/// What is wrong with a new series' code, if anything: used by another
/// series (standard or own) or by a catalogue indicator. `derived`: the
/// code was formed from the name.
fn code_clash(tr: Tr, loaded: &Loaded, code: &str, derived: bool) -> Option<String> {
    let user_of = loaded
        .series
        .iter()
        .find(|s| s.code == code)
        .map(|s| s.name.clone())
        .or_else(|| {
            // An own series the page leaves out (unknown unit) still holds its code.
            loaded
                .custom
                .iter()
                .find(|c| c.code == code)
                .map(|c| c.name.clone())
        })
        .or_else(|| IndicatorId::from_code(code).map(|i| i.info().name.to_string()))?;
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("code", code.to_string());
    args.set("name", user_of);
    Some(tr.args(
        if derived {
            "manual-new-code-taken-derived"
        } else {
            "manual-new-code-taken"
        },
        &args,
    ))
}

/// `POST /manual` with `action=create-series`: "Ny egen serie" (unit
/// managers).
async fn create_series(
    state: &AppState,
    tr: Tr,
    user: &CurrentUser,
    data: FormData,
) -> Result<Response, WebError> {
    if !allowed(user.role, Permission::DefineManualSeries) {
        return Err(WebError::Forbidden);
    }
    let loaded = load(state, tr, user, "").await?;
    // A field sent twice; the form's own checks follow, all shown at once.
    let mut errors = match read(tr, &new_series_fields(tr), &data, None, |_| Some(())) {
        Ok(()) => Errors::new(),
        Err(r) => r.errors,
    };

    let name = data.trimmed("new_name").to_string();
    if name.is_empty() {
        errors.field("new_name", tr.t("manual-new-name-missing"));
    } else if name.chars().count() > NAME_MAX {
        errors.field(
            "new_name",
            tr.t1("manual-new-name-too-long", "max", NAME_MAX),
        );
    } else if let Some(other) = loaded
        .series
        .iter()
        .find(|s| s.name.trim().to_lowercase() == name.to_lowercase())
    {
        errors.field(
            "new_name",
            tr.t1("manual-new-name-taken", "name", other.name.clone()),
        );
    }

    let typed_code = data.trimmed("new_code").to_string();
    let derived = typed_code.is_empty();
    let code = if derived {
        code_from_name(&name)
    } else {
        typed_code
    };
    if derived && code.is_empty() && !name.is_empty() {
        errors.field("new_code", tr.t("manual-new-code-underivable"));
    }

    let unit = measure_unit_code::from_code(data.trimmed("new_unit"));
    if unit.is_none() {
        errors.field("new_unit", tr.t("manual-new-unit-unknown"));
    }

    let description = data.trimmed("new_description").to_string();
    if description.chars().count() > DESCRIPTION_MAX {
        errors.field(
            "new_description",
            tr.t1("manual-new-description-too-long", "max", DESCRIPTION_MAX),
        );
    }

    let counts_persons = data.checked("new_counts_persons");
    if counts_persons && unit.is_some_and(|u| u != MeasureUnit::Antal) {
        errors.field(
            "new_counts_persons",
            tr.t("manual-new-counts-persons-not-antal"),
        );
    }

    // The follow-up crate's rules for a series (the code's form).
    let candidate = ManualSeries {
        code: code.clone(),
        name: name.clone(),
        unit: unit.unwrap_or(MeasureUnit::Antal),
        description: description.clone(),
        counts_persons,
    };
    if !code.is_empty()
        && let Err(found) = validate_series(&candidate)
    {
        for e in found {
            if let ManualError::CodeInvalid(_) = e {
                errors.field("new_code", e.to_string());
            }
        }
    }
    if !code.is_empty()
        && errors.get("new_code").is_none()
        && let Some(message) = code_clash(tr, &loaded, &code, derived)
    {
        errors.field("new_code", message);
    }

    if errors.is_empty() {
        let Some(unit) = unit else {
            return Err(WebError::Internal {
                what: "unit checked above",
                cause: None,
            });
        };
        let new = NewManualSeries {
            code: code.clone(),
            name: name.clone(),
            description,
            unit_code: measure_unit_code::code(unit).to_string(),
            counts_persons,
        };
        match state
            .store()
            .create_manual_series(&new, Stamp::now(user.id))
            .await
        {
            Ok(()) => {
                tracing::info!(user_id = %user.id, series = %code, "manual series created");
                let to = format!("/manual?series={code}&created={code}");
                return Ok((StatusCode::SEE_OTHER, [(LOCATION, to)]).into_response());
            }
            // Created by someone else since the page was loaded.
            Err(StoreError::AlreadyExists(_)) => {
                errors.field(
                    "new_code",
                    tr.t1("manual-new-code-in-use", "code", code.clone()),
                );
            }
            Err(e) => errors.general(store_refusal(tr, e)?),
        }
    }
    render(
        tr,
        user,
        &loaded,
        "",
        &blank_values_form(state),
        &FormState { data, errors },
        None,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
}

/// This page's routes, each with the access it requires.
pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::{Access::*, Permission::*};
    r.get("/manual", Requires(ViewFollowUp), page).post(
        "/manual",
        Requires(EnterManualValues),
        submit,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_formed_from_names() {
        assert_eq!(code_from_name("Nöjdhet i enkät"), "nojdhet_i_enkat");
        assert_eq!(code_from_name("  Årets Övertid  "), "arets_overtid");
        assert_eq!(
            code_from_name("Feriearbeten, ungdomar (16-18 år)"),
            "feriearbeten_ungdomar_16_18_ar"
        );
        assert_eq!(code_from_name("Café-besök"), "cafe_besok");
        assert_eq!(code_from_name("???"), "");
        assert_eq!(code_from_name(&"a".repeat(100)).len(), CODE_MAX);
        for name in ["Sjukfrånvaro", "Nöjdhet i enkät", "Feriearbeten 2025"] {
            assert!(
                tillit_followup::manual::validate_series_code(&code_from_name(name)).is_ok(),
                "{name}"
            );
        }
    }

    #[test]
    fn every_measure_unit_is_offered() {
        for u in UNITS {
            assert_eq!(
                measure_unit_code::from_code(measure_unit_code::code(u)),
                Some(u)
            );
        }
        let codes: std::collections::HashSet<&str> =
            UNITS.iter().map(|u| measure_unit_code::code(*u)).collect();
        assert_eq!(codes.len(), UNITS.len());
    }
}
