//! What the follow-up pages (key figures, goals, manual series, reports)
//! share: the unit a user may look at, how a figure is printed, the tabs.

use crate::AppState;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::permissions::{Permission, allowed};
use crate::session::CurrentUser;
use crate::view::{NavItem, Opt};
use tillit_domain::UnitId;
use tillit_followup::{IndicatorId, MeasureUnit, Published, Value};
pub(crate) use tillit_reports::decimals;
use tillit_reports::format;

/// Which unit a user looks at, and whether exactly.
#[derive(Clone, Debug)]
pub(crate) struct Scope {
    /// `None`: the whole area (every unit).
    pub unit: Option<UnitId>,
    /// Exact figures (the unit's own managers) or published ones (small
    /// cells hidden).
    pub exact: bool,
    /// The units the user may choose (empty when there is no choice).
    pub options: Vec<Opt>,
    /// The chosen unit's name, or "all units".
    pub label: String,
}

/// The unit a follow-up page shows: a manager's own unit (exact figures);
/// for others, the requested unit (`""`/`alla`: every unit) as published.
pub(crate) async fn scope(
    state: &AppState,
    tr: Tr,
    user: &CurrentUser,
    requested: &str,
) -> Result<Scope, WebError> {
    let units = state.store().units().await?;
    let name = |id: UnitId| {
        units
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    if allowed(user.role, Permission::ViewExactFigures)
        && let Some(own) = user.unit
    {
        return Ok(Scope {
            unit: Some(own),
            exact: true,
            options: Vec::new(),
            label: name(own),
        });
    }
    let wanted: Option<UnitId> = requested
        .trim()
        .parse::<i64>()
        .ok()
        .map(UnitId)
        .filter(|id| units.iter().any(|u| u.id == *id));
    let mut options = vec![Opt {
        value: "alla".into(),
        label: tr.t("followup-all-units"),
        selected: wanted.is_none(),
    }];
    options.extend(units.iter().map(|u| Opt {
        value: u.id.to_string(),
        label: u.name.clone(),
        selected: wanted == Some(u.id),
    }));
    Ok(Scope {
        unit: wanted,
        exact: false,
        options,
        label: wanted.map_or_else(|| tr.t("followup-all-units"), name),
    })
}

/// A number in an indicator's unit, Swedish style.
pub(crate) fn figure(unit: MeasureUnit, decimals: u8, n: f64) -> String {
    match unit {
        MeasureUnit::Procent => format::percent(n, decimals),
        _ => format::number(n, decimals),
    }
}

/// How a figure is printed: the number, `saknas` when it cannot be given,
/// `..` when hidden.
pub(crate) fn show(id: IndicatorId, p: &Published) -> String {
    match p {
        Published::Suppressed => tillit_reports::model::SUPPRESSED.to_string(),
        Published::Shown(v) => show_value(id, v),
    }
}

pub(crate) fn show_value(id: IndicatorId, v: &Value) -> String {
    match v.number {
        Some(n) => figure(id.info().unit, decimals(id), n),
        None => tillit_reports::model::MISSING.to_string(),
    }
}

/// The follow-up's sub-pages, as tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tab {
    KeyFigures,
    Goals,
    Manual,
    Reports,
    /// Economic assistance's key figures (`pages/assistance.rs`).
    Assistance,
}

pub(crate) fn tabs(tr: Tr, current: Tab) -> Vec<NavItem> {
    [
        (Tab::KeyFigures, "/followup", "followup-tab-key-figures"),
        (Tab::Goals, "/goals", "followup-tab-goals"),
        (Tab::Manual, "/manual", "followup-tab-manual"),
        (Tab::Reports, "/reports", "followup-tab-reports"),
        (
            Tab::Assistance,
            "/assistance/figures",
            "followup-tab-assistance",
        ),
    ]
    .into_iter()
    .map(|(tab, href, key)| NavItem {
        href: href.into(),
        label: tr.t(key),
        current: tab == current,
    })
    .collect()
}
