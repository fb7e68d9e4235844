//! A contracted provider's own record: `/providers` lists the contracted
//! providers of the economy's catalogue (HVB, family-home organisations,
//! supported housing, SiS; never the municipality's own family homes, which
//! are private homes), `/providers/{id}` shows one: its Lex Sarah reports
//! (those that chose it from the catalogue, and older ones that named it as
//! free text), its reports to IVO under 27 kap. 7 § SoL, and its daily
//! prices.
//!
//! Who: [`Permission::ViewProviders`] (the quality lead, unit managers, the
//! economist). Each report is listed only as [`record_view`] allows (the
//! quality lead every one; anyone else the reports they made, with their
//! status); a report to IVO, part of the handling, only to those who handle
//! the report; the prices only with [`Permission::ViewEconomy`]. No person
//! is named on the page: a report's row is its reference, dates, unit,
//! topic and status, as in the register's own list, so the page is not
//! access-logged (opening a report is, on the report's page).

use crate::AppState;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::permissions::{Permission, RecordView, allowed, record_view};
use crate::session::CurrentUser;
use crate::view::{Layout, Section, html};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use std::collections::HashMap;
use tillit_domain::economy::care::Provider;
use tillit_domain::register::lex_sarah::{LexSarah, LexSarahEntry};
use tillit_domain::register::{Register, RegisterKind};
use tillit_domain::UnitId;
use tillit_store::Record;

/// Whether a report is about `p`: chosen from the catalogue, or (a report
/// from before the catalogue was used) naming it as free text.
fn about(r: &Record<LexSarah>, p: &Provider) -> Option<bool> {
    match (&r.state.provider_code, &r.state.provider) {
        (Some(code), _) => (code == &p.code).then_some(true),
        (None, Some(name)) => {
            (name.trim().to_lowercase() == p.name.trim().to_lowercase()).then_some(false)
        }
        (None, None) => None,
    }
}

/// What the user sees of a Lex Sarah report.
fn view_of(user: &CurrentUser, r: &Record<LexSarah>) -> Option<RecordView> {
    let head = LexSarah::head(&r.state)?;
    record_view(user.subject(), RegisterKind::LexSarah, head.unit, head.reported_by)
}

/// The catalogue's contracted providers.
async fn contracted(state: &AppState) -> Result<Vec<Provider>, WebError> {
    Ok(state
        .store()
        .providers()
        .await?
        .providers
        .into_iter()
        .filter(|p| p.category.is_bought())
        .collect())
}

struct ListRow {
    href: String,
    name: String,
    category: String,
    reports: usize,
    ivo: usize,
}

#[derive(Template)]
#[template(path = "providers.html")]
struct ListPage {
    l: Layout,
    rows: Vec<ListRow>,
}

/// `GET /providers`: the contracted providers, with the Lex Sarah reports
/// the user may see and the reports to IVO under 27 kap. 7 §.
pub async fn list(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
) -> Result<Response, WebError> {
    let providers = contracted(&state).await?;
    let records = state.store().all_records::<LexSarah>(None).await?;
    let rows = providers
        .iter()
        .map(|p| {
            let seen: Vec<(&Record<LexSarah>, RecordView)> = records
                .iter()
                .filter(|r| about(r, p).is_some())
                .filter_map(|r| view_of(&user, r).map(|v| (r, v)))
                .collect();
            ListRow {
                href: format!("/providers/{}", p.code),
                name: p.name.clone(),
                category: tr.label("cat-provider", p.category.code(), p.category.label()),
                reports: seen.len(),
                ivo: seen
                    .iter()
                    .filter(|(r, v)| *v == RecordView::Handle && r.state.provider_reported.is_some())
                    .count(),
            }
        })
        .collect();
    html(&ListPage {
        l: Layout::new(tr, &user, tr.t("provider-list-title"), Section::Quality),
        rows,
    })
}

struct ReportRow {
    href: String,
    reference: String,
    opened_on: String,
    unit: String,
    topic: String,
    status: String,
    serious: bool,
    to_ivo: String,
    free_text: bool,
}

struct IvoRow {
    href: String,
    reference: String,
    on: String,
    ground: String,
}

struct PriceRow {
    valid: String,
    kind: String,
    per_day: String,
}

#[derive(Template)]
#[template(path = "provider.html")]
struct ProviderPage {
    l: Layout,
    category: String,
    valid: String,
    handles: bool,
    reports: Vec<ReportRow>,
    ivo: Vec<IvoRow>,
    /// `None`: the user may not see the economy.
    prices: Option<Vec<PriceRow>>,
}

/// `GET /providers/{id}`: one provider's record.
pub async fn page(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let provider = contracted(&state)
        .await?
        .into_iter()
        .find(|p| p.code == id)
        .ok_or(WebError::NotFound)?;
    let units: HashMap<UnitId, String> = state
        .store()
        .units()
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let kind = RegisterKind::LexSarah;
    let mut reports = Vec::new();
    let mut ivo = Vec::new();
    for r in state.store().all_records::<LexSarah>(None).await?.iter().rev() {
        let Some(chosen) = about(r, &provider) else {
            continue;
        };
        let (Some(view), Some(head)) = (view_of(&user, r), LexSarah::head(&r.state)) else {
            continue;
        };
        let handles = view == RecordView::Handle;
        let href = format!("/lex-sarah/{}", r.id);
        let reference = kind.reference(r.number);
        if handles {
            for w in &r.entries {
                if let LexSarahEntry::ProviderReportedToIvo { on, ground } = &w.entry {
                    ivo.push(IvoRow {
                        href: href.clone(),
                        reference: reference.clone(),
                        on: on.to_string(),
                        ground: tr.label("lex-sarah-ground", ground.code(), ground.label()),
                    });
                }
            }
        }
        reports.push(ReportRow {
            href,
            reference,
            opened_on: head.opened_on.to_string(),
            unit: units
                .get(&head.unit)
                .cloned()
                .unwrap_or_else(|| format!("Enhet {}", head.unit)),
            topic: r.state.topic.map_or_else(String::new, |t| {
                tr.label("register-category", t.code(), t.label())
            }),
            status: tr.label("register-status", head.status, &kind.status_label(head.status)),
            serious: handles && head.serious,
            to_ivo: match r.state.reported_to_ivo {
                Some(on) if handles => on.to_string(),
                _ => String::new(),
            },
            free_text: !chosen,
        });
    }
    let prices = allowed(user.role, Permission::ViewEconomy).then(|| {
        provider
            .prices
            .iter()
            .map(|d| PriceRow {
                valid: validity(tr, d.valid.from, d.valid.to),
                kind: d.kind.map_or_else(
                    || tr.t("provider-every-kind"),
                    |k| tr.label("cat-intervention", k.code(), k.label()),
                ),
                per_day: d.per_day.display_kr(),
            })
            .collect()
    });
    html(&ProviderPage {
        l: Layout::new(tr, &user, provider.name.clone(), Section::Quality),
        category: tr.label(
            "cat-provider",
            provider.category.code(),
            provider.category.label(),
        ),
        valid: validity(tr, provider.valid.from, provider.valid.to),
        handles: allowed(user.role, crate::permissions::handles_permission(kind)),
        reports,
        ivo,
        prices,
    })
}

fn validity(tr: Tr, from: jiff::civil::Date, to: Option<jiff::civil::Date>) -> String {
    match to {
        Some(to) => {
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("from", from.to_string());
            args.set("to", to.to_string());
            tr.args("provider-valid-between", &args)
        }
        None => tr.t1("provider-valid-from", "from", from.to_string()),
    }
}

/// This page's routes, each with the access it requires.
pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::Access::Requires;
    r.get("/providers", Requires(Permission::ViewProviders), list)
        .get("/providers/{id}", Requires(Permission::ViewProviders), page)
}
