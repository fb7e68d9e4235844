//! The riksnorm of a year as data (`/admin/riksnorm`, the system
//! administrator, [`Permission::ManageUsers`](crate::permissions::Permission)
//! like the other administration pages): the years Tillit does not ship
//! (`tillit_domain::assistance::norm::TABLES`) are entered here from the
//! published source, in the shipped tables' structure.
//!
//! - `GET /admin/riksnorm`: the shipped years (not changeable here), the
//!   entered years with every version (who, when, what was corrected), and
//!   the form; `?year=YYYY` fills it with the year's version in force to
//!   correct it.
//! - `POST /admin/riksnorm`, `step=review`: the form read
//!   ([`parse_entered`], every error at once, what was typed kept); if
//!   well-formed, the table shown for review, nothing stored yet.
//!   `step=edit` goes back to the form with the values; `step=save` reads
//!   the values again and stores them as the year's next version
//!   ([`tillit_store::Store::enter_riksnorm`], refused if someone else
//!   changed the year since), logged as an `admin` entry of the access log.
//!
//! A year shipped in code is refused (decided: not overwritten here, since
//! its table was checked against its source; a wrong shipped table is a
//! fix of Tillit). Should a later release ship a year already entered, the
//! shipped table is used and this page says so beside the entered one.

use crate::AppState;
use crate::audit::Reader;
use crate::error::WebError;
use crate::forms::{Errors, Field, FieldView, FormData, Kind, Query, Refused, Shown, SummaryItem};
use crate::i18n::Tr;
use crate::request::ClientAddr;
use crate::session::CurrentUser;
use crate::time::format_timestamp;
use crate::view::{Layout, Section, html_status};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use tillit_domain::assistance::money::group_thousands;
use tillit_domain::assistance::norm::{AgeBand, NormTable, TABLES, table_for};
use tillit_domain::assistance::norm_entry::{
    CHILD_FIELDS, COHABITING_FIELD, COMMON_FIELDS, EnteredNorm, LUNCH_FIELDS, SINGLE_FIELD,
    SOURCE_FIELD, URL_FIELD, YEAR_FIELD, field_label, parse_entered,
};
use tillit_store::{AccessKind, RiksnormVersion, StoreError};

/// The page's path.
pub const PATH: &str = "/admin/riksnorm";
/// The hidden field: the version being corrected (0 for a new year).
const CORRECTS: &str = "corrects";
/// What was corrected and why (a correction only).
const NOTE: &str = "note";
const NOTE_MAX: usize = 1000;

/// The tables entered by the administrator, as the norm computes with
/// them (each year's version in force).
pub(crate) async fn entered_tables(state: &AppState) -> Result<Vec<NormTable>, WebError> {
    Ok(state
        .store()
        .riksnorm_in_force()
        .await?
        .iter()
        .map(|v| v.table.table(v.version))
        .collect())
}

/// One table as the review and the lists show it.
struct TableView {
    year: String,
    /// (band, with lunch at home, without lunch or "–").
    children: Vec<(String, String, String)>,
    single: String,
    cohabiting: String,
    /// (persons, amount).
    common: Vec<(String, String)>,
    beyond_seven: String,
    source: String,
    source_url: String,
}

impl TableView {
    fn of(t: &EnteredNorm) -> Self {
        let kr = |v: i64| format!("{} kr", group_thousands(v));
        TableView {
            year: t.year.to_string(),
            children: AgeBand::ALL
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    (
                        b.label().to_string(),
                        kr(t.child[i]),
                        t.child_lunch_at_preschool
                            .get(i)
                            .map_or_else(|| "–".to_string(), |v| kr(*v)),
                    )
                })
                .collect(),
            single: kr(t.single_adult),
            cohabiting: kr(t.cohabiting_adults),
            common: t
                .common
                .iter()
                .enumerate()
                .map(|(i, v)| ((i + 1).to_string(), kr(*v)))
                .collect(),
            beyond_seven: kr(t.common[6] - t.common[5]),
            source: t.source.clone(),
            source_url: t.source_url.clone(),
        }
    }
}

struct VersionRow {
    year: String,
    version: String,
    source: String,
    by: String,
    at: String,
    note: String,
    in_force: bool,
    /// A table shipped in code for the year is used instead.
    shipped_instead: Option<String>,
}

struct ShippedRow {
    year: String,
    source: String,
}

/// A group of the form's fields (a fieldset).
struct Group {
    legend: String,
    fields: Vec<FieldView>,
}

#[derive(Template)]
#[template(path = "admin_riksnorm.html")]
struct Page {
    l: Layout,
    notice: Option<String>,
    shipped: Vec<ShippedRow>,
    versions: Vec<VersionRow>,
    summary: Vec<SummaryItem>,
    form_heading: String,
    corrects: u32,
    groups: Vec<Group>,
    /// The table to review, with the values to send on.
    review: Option<(TableView, Vec<(String, String)>)>,
}

fn amount_field(name: &'static str) -> Field {
    Field::new(name, Kind::Text, field_label(name)).required()
}

/// The form's fields by group; `correcting` the year in force's version.
fn groups(correcting: Option<(i16, u32)>) -> Vec<(String, Vec<Field>)> {
    let year = match correcting {
        Some((y, _)) => Field::new(YEAR_FIELD, Kind::Fixed, field_label(YEAR_FIELD))
            .options(vec![(y.to_string(), y.to_string())]),
        None => Field::new(YEAR_FIELD, Kind::Text, field_label(YEAR_FIELD))
            .hint("Året tabellen gäller, 1 januari–31 december, till exempel 2026.".into())
            .required(),
    };
    let mut source = vec![
        Field::new(SOURCE_FIELD, Kind::Text, field_label(SOURCE_FIELD))
            .hint("Var beloppen är hämtade, till exempel \"SFS 2025:1234, socialtjänstförordningen (2001:937) 2 kap. 1 §\".".into())
            .required(),
        Field::new(URL_FIELD, Kind::Text, field_label(URL_FIELD))
            .hint("Frivillig. En adress som börjar med https://.".into()),
    ];
    if correcting.is_some() {
        source.push(
            Field::new(NOTE, Kind::TextArea, "Vad rättas och varför".into())
                .hint("Sparas med rättelsen; den tidigare versionen finns kvar.".into())
                .required(),
        );
    }
    vec![
        ("År".into(), vec![year]),
        (
            "Personliga kostnader per hemmavarande barn och skolungdom (med lunch hemma)".into(),
            CHILD_FIELDS.iter().map(|f| amount_field(f)).collect(),
        ),
        (
            "Barn 0–6 år som inte äter lunch hemma 5 dagar/vecka (lunch i förskolan)".into(),
            LUNCH_FIELDS.iter().map(|f| amount_field(f)).collect(),
        ),
        (
            "Personliga kostnader, vuxna".into(),
            vec![amount_field(SINGLE_FIELD), amount_field(COHABITING_FIELD)],
        ),
        (
            "Gemensamma hushållskostnader efter antal personer (fler än 7: skillnaden mellan 6 och 7 per person)".into(),
            COMMON_FIELDS.iter().map(|f| amount_field(f)).collect(),
        ),
        ("Källa".into(), source),
    ]
}

fn user_names(users: &[tillit_store::User]) -> HashMap<i64, String> {
    users
        .iter()
        .map(|u| (u.id.0, u.display_name.clone()))
        .collect()
}

async fn render(
    state: &AppState,
    tr: Tr,
    me: &CurrentUser,
    data: &FormData,
    refused: Refused,
    notice: Option<String>,
    review: Option<&EnteredNorm>,
) -> Result<Response, WebError> {
    let versions = state.store().riksnorm_versions().await?;
    let names = user_names(&state.store().users().await?);
    let corrects: u32 = data.trimmed(CORRECTS).parse().unwrap_or(0);
    let correcting = (corrects > 0)
        .then(|| data.trimmed(YEAR_FIELD).parse::<i16>().ok())
        .flatten()
        .map(|y| (y, corrects));
    let mut rows: Vec<VersionRow> = Vec::new();
    for v in &versions {
        let latest = versions
            .iter()
            .filter(|o| o.table.year == v.table.year)
            .map(|o| o.version)
            .max()
            == Some(v.version);
        rows.push(version_row(v, latest, &names));
    }
    // Newest year first, each year's versions newest first.
    rows.reverse();
    let spec = groups(correcting);
    let fields: Vec<Field> = spec.iter().flat_map(|(_, f)| f.clone()).collect();
    let heading = match correcting {
        Some((y, v)) => format!("Rätta riksnormen för {y} (version {v})"),
        None => "Lägg in riksnormen för ett år".to_string(),
    };
    let mut shown = Shown::new(tr, "Riksnormen per år", &fields, data, &refused.errors);
    let mut groups = Vec::new();
    for (legend, f) in &spec {
        let rest = shown.fields.split_off(f.len());
        groups.push(Group {
            legend: legend.clone(),
            fields: std::mem::replace(&mut shown.fields, rest),
        });
    }
    let review = review.map(|t| {
        let mut values: Vec<(String, String)> = t
            .form_values()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        values.push((CORRECTS.into(), corrects.to_string()));
        if corrects > 0 {
            values.push((NOTE.into(), data.trimmed(NOTE).to_string()));
        }
        (TableView::of(t), values)
    });
    let page = Page {
        l: Layout::new(tr, me, shown.title, Section::Riksnorm),
        notice,
        shipped: TABLES
            .iter()
            .map(|t| ShippedRow {
                year: t.year.to_string(),
                source: t.source.to_string(),
            })
            .collect(),
        versions: rows,
        summary: shown.summary,
        form_heading: heading,
        corrects,
        groups,
        review,
    };
    html_status(refused.status, &page)
}

fn version_row(v: &RiksnormVersion, in_force: bool, names: &HashMap<i64, String>) -> VersionRow {
    VersionRow {
        year: v.table.year.to_string(),
        version: v.version.to_string(),
        source: v.table.source.clone(),
        by: names
            .get(&v.entered_by.0)
            .cloned()
            .unwrap_or_else(|| format!("användare {}", v.entered_by.0)),
        at: format_timestamp(v.entered_at),
        note: v.note.clone(),
        in_force,
        shipped_instead: table_for(v.table.year).map(|t| t.source.to_string()),
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    saved: String,
    #[serde(default)]
    year: String,
}

/// `GET /admin/riksnorm[?year=YYYY][&saved=YYYY]`.
pub async fn page(
    State(state): State<AppState>,
    tr: Tr,
    me: CurrentUser,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    let notice = (!q.saved.is_empty() && q.saved.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("Riksnormen för {} är sparad och används från och med nu.", q.saved));
    let mut data = FormData::default();
    if let Ok(year) = q.year.trim().parse::<i16>()
        && let Some(v) = state
            .store()
            .riksnorm_in_force()
            .await?
            .into_iter()
            .find(|v| v.table.year == year)
    {
        for (k, value) in v.table.form_values() {
            data.prefill(k, value);
        }
        data.prefill(CORRECTS, v.version.to_string());
    }
    render(&state, tr, &me, &data, Refused::none(), notice, None).await
}

/// Read the posted table and, for a correction, the note: every error at
/// once.
fn read_form(data: &FormData, latest: Option<u32>) -> Result<(EnteredNorm, u32, String), Refused> {
    let mut errors = Errors::new();
    let corrects: u32 = match data.trimmed(CORRECTS) {
        "" => 0,
        t => match t.parse() {
            Ok(v) => v,
            Err(_) => {
                return Err(Refused::general(
                    "Formuläret saknar vilken version som rättas. Öppna sidan igen.".into(),
                    StatusCode::UNPROCESSABLE_ENTITY,
                ));
            }
        },
    };
    let parsed = parse_entered(|f| data.trimmed(f).to_string());
    if let Err(errs) = &parsed {
        for e in errs {
            errors.field(e.field, e.message.clone());
        }
    }
    let note = data.trimmed(NOTE).to_string();
    if corrects > 0 {
        if note.is_empty() {
            errors.field(NOTE, "Vad rättas och varför: skriv vad som rättas och varför.");
        } else if note.chars().count() > NOTE_MAX {
            errors.field(NOTE, format!("Vad rättas och varför: skriv högst {NOTE_MAX} tecken."));
        }
    }
    if let Ok(t) = &parsed {
        match (latest, corrects) {
            (Some(v), 0) => errors.field(
                YEAR_FIELD,
                format!(
                    "År: riksnormen för {} är redan inlagd (version {v}). Välj Rätta vid året i listan för att ändra den.",
                    t.year
                ),
            ),
            (latest, c) if c > 0 && latest != Some(c) => {
                return Err(Refused::general(
                    format!(
                        "Riksnormen för {} har ändrats av någon annan sedan du öppnade den. Öppna året igen från listan och gör rättelsen på nytt.",
                        t.year
                    ),
                    StatusCode::CONFLICT,
                ));
            }
            _ => {}
        }
    }
    match parsed {
        Ok(t) if errors.is_empty() => Ok((t, corrects, note)),
        _ => Err(Refused::new(errors)),
    }
}

/// `POST /admin/riksnorm`: `step=review` (the default), `edit`, `save`.
pub async fn submit(
    State(state): State<AppState>,
    tr: Tr,
    me: CurrentUser,
    ClientAddr(addr): ClientAddr,
    data: FormData,
) -> Result<Response, WebError> {
    let fields: Vec<Field> = groups(Some((0, 1)))
        .into_iter()
        .flat_map(|(_, f)| f)
        .collect();
    let conflicts = {
        let mut e = Errors::new();
        e.conflicts(tr, &data, &[], &|name| {
            name == CORRECTS || fields.iter().any(|f| f.name == name)
        });
        e
    };
    if !conflicts.is_empty() {
        return render(&state, tr, &me, &data, Refused::new(conflicts), None, None).await;
    }
    if data.get("step") == "edit" {
        return render(&state, tr, &me, &data, Refused::none(), None, None).await;
    }
    let year: Option<i16> = data.trimmed(YEAR_FIELD).parse().ok();
    let latest = match year {
        Some(y) => state
            .store()
            .riksnorm_in_force()
            .await?
            .into_iter()
            .find(|v| v.table.year == y)
            .map(|v| v.version),
        None => None,
    };
    let (table, corrects, note) = match read_form(&data, latest) {
        Ok(v) => v,
        Err(r) => return render(&state, tr, &me, &data, r, None, None).await,
    };
    if data.get("step") != "save" {
        return render(&state, tr, &me, &data, Refused::none(), None, Some(&table)).await;
    }
    let version = match state
        .store()
        .enter_riksnorm(&table, corrects, &note, me.id)
        .await
    {
        Ok(v) => v,
        Err(e @ StoreError::RecordChanged { .. }) => {
            tracing::info!(error = %e, "riksnorm changed by someone else");
            let r = Refused::general(
                format!(
                    "Riksnormen för {} har ändrats av någon annan sedan du öppnade den. Öppna året igen från listan och gör rättelsen på nytt.",
                    table.year
                ),
                StatusCode::CONFLICT,
            );
            return render(&state, tr, &me, &data, r, None, None).await;
        }
        Err(e) => {
            let r = Refused::store(tr, e)?;
            return render(&state, tr, &me, &data, r, None, None).await;
        }
    };
    let reader = Reader::new(&me, &addr)?;
    let mut entry = reader.entry(AccessKind::Admin);
    entry.detail = Some(if corrects == 0 {
        format!("lade in riksnormen för {} (version {version})", table.year)
    } else {
        format!(
            "rättade riksnormen för {} (version {corrects} till {version})",
            table.year
        )
    });
    crate::audit::log_reads(&state, &[entry]).await?;
    tracing::info!(admin = %me.id, year = table.year, version, "riksnorm entered");
    Ok((
        StatusCode::SEE_OTHER,
        [(LOCATION, format!("{PATH}?saved={}", table.year))],
    )
        .into_response())
}

/// This page's routes, each with the access it requires.
pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::{Access::*, Permission::*};
    r.get(PATH, Requires(ManageUsers), page)
        .post(PATH, Requires(ManageUsers), submit)
}
