//! Incident categories as data (`/admin/incident-categories`, the system
//! administrator): the built-in list (`register::incident::IncidentCategory`)
//! is kept; categories are added with the day they are valid from (and
//! optionally to), and ended with a last day. A code is never removed,
//! reused or renamed, so an incident keeps its category's name (the name
//! is also recorded in the incident, `AddedCategoryRef`). Stored in
//! `catalog_entries` (migration 12, `Store::add_catalog_entry`); each
//! change is an `admin` entry of the access log.

use crate::forms::SavedQuery;
use crate::AppState;
use crate::audit::Reader;
use crate::error::{WebError, store_refusal};
use crate::forms::{Field, FieldView, FormData, Kind, Query, Refused, Shown, SummaryItem, read};
use crate::i18n::Tr;
use crate::request::ClientAddr;
use crate::session::CurrentUser;
use crate::view::{Layout, Section, html_status};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use tillit_domain::register::incident::{
    AddedCategory, CATEGORY_CODE_MAX, IncidentCategory, check_new_category,
};
use tillit_store::{AccessKind, CatalogRow, StoreError};

/// The catalogue's name in the store.
const CATALOG: &str = "incident";

/// The added incident categories, valid or ended.
pub(crate) async fn added(state: &AppState) -> Result<Vec<AddedCategory>, WebError> {
    Ok(state
        .store()
        .catalog_entries(CATALOG)
        .await?
        .into_iter()
        .map(|r| AddedCategory {
            code: r.code,
            label: r.label,
            valid_from: r.valid_from,
            valid_to: r.valid_to,
        })
        .collect())
}

struct Row {
    code: String,
    label: String,
    valid_from: String,
    valid_to: String,
    built_in: bool,
}

#[derive(Template)]
#[template(path = "admin_categories.html")]
struct Page {
    l: Layout,
    rows: Vec<Row>,
    summary: Vec<SummaryItem>,
    add_fields: Vec<FieldView>,
    end_fields: Vec<FieldView>,
    notice: Option<String>,
}

fn add_fields(tr: Tr) -> Vec<Field> {
    vec![
        Field::new("code", Kind::Text, tr.t("categories-code"))
            .hint(tr.n("categories-code-hint", CATEGORY_CODE_MAX))
            .required(),
        Field::new("label", Kind::Text, tr.t("categories-label")).required(),
        Field::new("valid_from", Kind::Date, tr.t("categories-valid-from"))
            .hint(tr.t("form-date-hint"))
            .required(),
        Field::new("valid_to", Kind::Date, tr.t("categories-valid-to"))
            .hint(tr.t("categories-valid-to-hint")),
    ]
}

fn end_fields(tr: Tr, added: &[AddedCategory]) -> Vec<Field> {
    let mut options = vec![(String::new(), tr.t("form-choose"))];
    options.extend(
        added
            .iter()
            .map(|a| (a.code.clone(), format!("{} ({})", a.label, a.code))),
    );
    vec![
        Field::new("end_code", Kind::Select, tr.t("categories-end-code"))
            .options(options)
            .required(),
        Field::new("end_on", Kind::Date, tr.t("categories-end-on"))
            .hint(tr.t("form-date-hint"))
            .required(),
    ]
}

async fn render(
    state: &AppState,
    tr: Tr,
    me: &CurrentUser,
    data: &FormData,
    refused: Refused,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let added = added(state).await?;
    let mut rows: Vec<Row> = IncidentCategory::ENTRIES
        .iter()
        .map(|e| Row {
            code: e.code.to_string(),
            label: tr.label("register-category", e.code, e.label),
            valid_from: e.valid_from.to_string(),
            valid_to: e.valid_to.map(|d| d.to_string()).unwrap_or_default(),
            built_in: true,
        })
        .collect();
    rows.extend(added.iter().map(|a| Row {
        code: a.code.clone(),
        label: a.label.clone(),
        valid_from: a.valid_from.to_string(),
        valid_to: a.valid_to.map(|d| d.to_string()).unwrap_or_default(),
        built_in: false,
    }));
    let mut fields = add_fields(tr);
    let split = fields.len();
    fields.extend(end_fields(tr, &added));
    let title = tr.t("categories-title");
    let mut shown = Shown::new(tr, &title, &fields, data, &refused.errors);
    let end_fields = shown.fields.split_off(split);
    let page = Page {
        l: Layout::new(tr, me, shown.title, Section::Categories),
        rows,
        summary: shown.summary,
        add_fields: shown.fields,
        end_fields,
        notice,
    };
    html_status(refused.status, &page)
}

/// `GET /admin/incident-categories`.
pub async fn page(
    State(state): State<AppState>,
    tr: Tr,
    me: CurrentUser,
    Query(q): Query<SavedQuery>,
) -> Result<Response, WebError> {
    let notice = (q.saved()).then(|| tr.t("admin-saved"));
    let mut data = FormData::default();
    data.prefill("valid_from", state.today().to_string());
    data.prefill("end_on", state.today().to_string());
    render(&state, tr, &me, &data, Refused::none(), notice).await
}

/// `POST /admin/incident-categories`: `action=add` adds a category,
/// `action=end` ends one.
pub async fn submit(
    State(state): State<AppState>,
    tr: Tr,
    me: CurrentUser,
    ClientAddr(addr): ClientAddr,
    data: FormData,
) -> Result<Response, WebError> {
    let existing = added(&state).await?;
    let store = state.store();
    let detail = if data.get("action") == "end" {
        let fields = end_fields(tr, &existing);
        let parsed = read(tr, &fields, &data, None, |input| {
            let code = input.text("end_code");
            let known = existing.iter().any(|a| a.code == code);
            let code = input.require("end_code", known.then_some(code), tr.t("form-choose-one"));
            let on = input.date("end_on");
            Some((code?, on?))
        });
        let (code, on) = match parsed {
            Ok(v) => v,
            Err(r) => return render(&state, tr, &me, &data, r, None).await,
        };
        if let Some(a) = existing.iter().find(|a| a.code == code)
            && on < a.valid_from
        {
            let r = Refused::field("end_on", tr.t("categories-end-before-start"));
            return render(&state, tr, &me, &data, r, None).await;
        }
        if let Err(e) = store.end_catalog_entry(CATALOG, &code, on).await {
            let r = Refused::field("end_code", store_refusal(tr, e)?);
            return render(&state, tr, &me, &data, r, None).await;
        }
        format!("avslutade avvikelsekategori {code} ({on})")
    } else {
        let fields = add_fields(tr);
        let parsed = read(tr, &fields, &data, None, |input| {
            let from = input.date("valid_from");
            let to = if input.text("valid_to").is_empty() {
                Some(None)
            } else {
                input.date("valid_to").map(Some)
            };
            let new = AddedCategory {
                code: input.text("code"),
                label: input.text("label"),
                valid_from: from?,
                valid_to: to?,
            };
            if let Err(refusal) = check_new_category(&new, &existing) {
                let field = if refusal.0.contains("Koden") {
                    "code"
                } else if refusal.0.contains("namn") {
                    "label"
                } else {
                    "valid_to"
                };
                input.field(field, refusal.0);
                return None;
            }
            Some(new)
        });
        let new = match parsed {
            Ok(v) => v,
            Err(r) => return render(&state, tr, &me, &data, r, None).await,
        };
        let row = CatalogRow {
            catalog: CATALOG.to_string(),
            code: new.code.clone(),
            label: new.label.clone(),
            valid_from: new.valid_from,
            valid_to: new.valid_to,
        };
        if let Err(e) = store.add_catalog_entry(&row, me.id).await {
            let r = match e {
                StoreError::AlreadyExists(_) => {
                    Refused::field("code", tr.t("categories-code-taken"))
                }
                e => Refused::field("code", store_refusal(tr, e)?),
            };
            return render(&state, tr, &me, &data, r, None).await;
        }
        format!("lade till avvikelsekategori {} ({})", new.code, new.valid_from)
    };
    let reader = Reader::new(&me, &addr)?;
    let mut entry = reader.entry(AccessKind::Admin);
    entry.detail = Some(detail);
    crate::audit::log_reads(&state, &[entry]).await?;
    tracing::info!(admin = %me.id, "incident categories changed");
    Ok((
        StatusCode::SEE_OTHER,
        [(LOCATION, "/admin/incident-categories?saved=1")],
    )
        .into_response())
}

/// This page's routes, each with the access it requires.
pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::{Access::*, Permission::*};
    r.get("/admin/incident-categories", Requires(ManageUsers), page)
        .post("/admin/incident-categories", Requires(ManageUsers), submit)
}
