//! The self-audit's checklist, editable and versioned
//! (`/quality/checklist`): everyone who handles self-audits reads the
//! current version; the quality lead writes the next one (1-20 questions,
//! each a code and a question). A new audit is planned with the current
//! version and keeps it whole (`SelfAuditEntry::Planned`), so an old
//! audit's answers never change meaning. Version 1 is the built-in
//! SOSFS 2014:5 list (`Checklist::sosfs_2014_5`); later versions are rows
//! of `catalog_entries` (migration 12) in the catalogue
//! `self_audit_checklist`, one per question, coded `v<version>:<position>:<code>`
//! (`v0002:03:consent`) so that they read back in order. Each new version
//! is an `admin` entry of the access log.

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
use tillit_domain::register::self_audit::{Checklist, ChecklistItem, ITEMS_MAX};
use tillit_domain::role::Role;
use tillit_store::{AccessKind, CatalogRow};

const CATALOG: &str = "self_audit_checklist";

const CODE_FIELDS: [&str; ITEMS_MAX] = [
    "code-1", "code-2", "code-3", "code-4", "code-5", "code-6", "code-7", "code-8", "code-9",
    "code-10", "code-11", "code-12", "code-13", "code-14", "code-15", "code-16", "code-17",
    "code-18", "code-19", "code-20",
];
const TEXT_FIELDS: [&str; ITEMS_MAX] = [
    "text-1", "text-2", "text-3", "text-4", "text-5", "text-6", "text-7", "text-8", "text-9",
    "text-10", "text-11", "text-12", "text-13", "text-14", "text-15", "text-16", "text-17",
    "text-18", "text-19", "text-20",
];

/// The checklist a new audit is planned with: the newest version stored,
/// else the built-in version 1.
pub(crate) async fn current(state: &AppState) -> Result<Checklist, WebError> {
    let rows = state.store().catalog_entries(CATALOG).await?;
    let mut newest: Option<Checklist> = None;
    // Codes sort by version, then position.
    for r in rows {
        let mut parts = r.code.splitn(3, ':');
        let (Some(v), Some(_pos), Some(code)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let Some(version) = v.strip_prefix('v').and_then(|v| v.parse::<u32>().ok()) else {
            continue;
        };
        if newest.as_ref().is_none_or(|c| c.version != version) {
            newest = Some(Checklist {
                version,
                items: Vec::new(),
            });
        }
        if let Some(c) = newest.as_mut() {
            c.items.push(ChecklistItem {
                code: code.to_string(),
                text: r.label,
            });
        }
    }
    Ok(newest.unwrap_or_else(Checklist::sosfs_2014_5))
}

#[derive(Template)]
#[template(path = "checklist.html")]
struct Page {
    l: Layout,
    version: u32,
    items: Vec<(String, String)>,
    editable: bool,
    summary: Vec<SummaryItem>,
    fields: Vec<FieldView>,
    notice: Option<String>,
}

fn fields(tr: Tr) -> Vec<Field> {
    let mut f = Vec::new();
    for i in 0..ITEMS_MAX {
        let n = (i + 1).to_string();
        f.push(Field::new(
            CODE_FIELDS[i],
            Kind::Text,
            tr.t1("checklist-code", "n", n.clone()),
        ));
        f.push(Field::new(
            TEXT_FIELDS[i],
            Kind::Text,
            tr.t1("checklist-text", "n", n),
        ));
    }
    f
}

async fn render(
    state: &AppState,
    tr: Tr,
    me: &CurrentUser,
    data: &FormData,
    refused: Refused,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let list = current(state).await?;
    let mut data = data.clone();
    if data.get(CODE_FIELDS[0]).is_empty() && data.get(TEXT_FIELDS[0]).is_empty() {
        for (i, item) in list.items.iter().enumerate().take(ITEMS_MAX) {
            data.prefill(CODE_FIELDS[i], item.code.clone());
            data.prefill(TEXT_FIELDS[i], item.text.clone());
        }
    }
    let title = tr.t("checklist-title");
    let shown = Shown::new(tr, &title, &fields(tr), &data, &refused.errors);
    let page = Page {
        l: Layout::new(tr, me, shown.title, Section::Quality),
        version: list.version,
        items: list.items.into_iter().map(|i| (i.code, i.text)).collect(),
        editable: me.role == Role::QualityLead,
        summary: shown.summary,
        fields: shown.fields,
        notice,
    };
    html_status(refused.status, &page)
}

/// `GET /quality/checklist`.
pub async fn page(
    State(state): State<AppState>,
    tr: Tr,
    me: CurrentUser,
    Query(q): Query<SavedQuery>,
) -> Result<Response, WebError> {
    let notice = (q.saved()).then(|| tr.t("checklist-saved"));
    render(&state, tr, &me, &FormData::default(), Refused::none(), notice).await
}

/// `POST /quality/checklist`: the next version, from the rows filled in
/// (empty rows are left out).
pub async fn submit(
    State(state): State<AppState>,
    tr: Tr,
    me: CurrentUser,
    ClientAddr(addr): ClientAddr,
    data: FormData,
) -> Result<Response, WebError> {
    if me.role != Role::QualityLead {
        let r = Refused::general(tr.t("checklist-quality-lead-only"), StatusCode::UNPROCESSABLE_ENTITY);
        return render(&state, tr, &me, &data, r, None).await;
    }
    let list = current(&state).await?;
    let parsed = read(tr, &fields(tr), &data, None, |input| {
        let items: Vec<(String, String)> = (0..ITEMS_MAX)
            .map(|i| (input.text(CODE_FIELDS[i]), input.raw(TEXT_FIELDS[i])))
            .filter(|(c, t)| !c.is_empty() || !t.trim().is_empty())
            .collect();
        match list.next_version(&items) {
            Ok(next) => Some(next),
            Err(refusal) => {
                input.errors.general(refusal.0);
                None
            }
        }
    });
    let next = match parsed {
        Ok(v) => v,
        Err(r) => return render(&state, tr, &me, &data, r, None).await,
    };
    let today = state.today();
    let rows: Vec<CatalogRow> = next
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| CatalogRow {
            catalog: CATALOG.to_string(),
            code: format!("v{:04}:{:02}:{}", next.version, i + 1, item.code),
            label: item.text.clone(),
            valid_from: today,
            valid_to: None,
        })
        .collect();
    if let Err(e) = state.store().add_catalog_entries(&rows, me.id).await {
        // Someone saved a version meanwhile: the same code exists.
        let r = Refused::general(store_refusal(tr, e)?, StatusCode::CONFLICT);
        return render(&state, tr, &me, &data, r, None).await;
    }
    let reader = Reader::new(&me, &addr)?;
    let mut entry = reader.entry(AccessKind::Admin);
    entry.detail = Some(format!(
        "ny checklista för egenkontroll, version {}",
        next.version
    ));
    crate::audit::log_reads(&state, &[entry]).await?;
    tracing::info!(user_id = %me.id, version = next.version, "self-audit checklist saved");
    Ok((StatusCode::SEE_OTHER, [(LOCATION, "/quality/checklist?saved=1")]).into_response())
}

/// This page's routes, each with the access it requires.
pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::{Access::*, Permission::*};
    r.get("/quality/checklist", Requires(HandleSelfAudits), page)
        .post("/quality/checklist", Requires(HandleSelfAudits), submit)
}
