//! From the store's follow-up records to the follow-up crate's types, and
//! everything a report is built from.
//!
//! The store keeps goals, manual values and report texts as rows with
//! history ([`tillit_store::GoalRecords`], [`ManualValueRow`]), in the
//! domain's vocabulary ([`tillit_domain::goal`]); the follow-up and reports
//! crates work on [`Goal`] trees, [`ManualSeries`] and [`ManualValue`]. This
//! module assembles them, for the web pages and `tillit report` alike, so a
//! report is the same from the browser and from the command line.
//!
//! Rows the store could not read in this version's vocabulary are left out
//! by the store; rows whose period or measure unit the follow-up crate does
//! not know are left out here, each with a warning in the log rather than
//! failing the whole page.

use crate::time::stockholm;
use jiff::civil::Date;
use std::collections::HashMap;
use std::sync::Arc;
use tillit_domain::UnitId;
use tillit_domain::goal::TargetKind;
use tillit_followup::goals::{Activity, Assessment, Goal, GoalIndicator, IndicatorRef};
use tillit_followup::manual::{ManualSeries, ManualValue, measure_unit_code, standard_series};
use tillit_followup::{Facts, Period};
use tillit_reports::{
    ControlRow, Names, Narrative, Publication, RegisterRecord, ReportInput, ReportKind,
};
use tillit_store::{GoalRecords, ManualSeriesRow, ManualValueRow, Stamp, Store, StoreError};

/// The sections of a report's texts, as stored (`report_texts.section`).
pub const NARRATIVE_SECTIONS: [&str; 5] = [
    "summary",
    "economy",
    "internal_control",
    "quality_work",
    "staff",
];

/// Whether an indicator or activity removed at `dropped` (if at all) is part
/// of its goal in `year` (`None`: now): removed in a later year, it still is.
pub fn part_of(dropped: &Option<Stamp>, year: Option<i16>) -> bool {
    match (dropped, year) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(d), Some(y)) => d.at.to_zoned(stockholm().clone()).year() > y,
    }
}

/// Every goal of every plan period, as the follow-up crate's [`Goal`]s, as
/// they stood in `year`: an indicator or activity removed in a later year is
/// still part of that year's goals (and of its reports); one removed in or
/// before `year` is left out. `None`: as they stand now (every removed one
/// left out). Dropped goals are kept, marked with the plan period they were
/// dropped in.
pub fn goals_from_records(r: &GoalRecords, year: Option<i16>) -> Vec<Goal> {
    let live = |dropped: &Option<Stamp>| part_of(dropped, year);
    let mut out = Vec::with_capacity(r.goals.len());
    for g in &r.goals {
        let indicators = r
            .indicators_of(g.id)
            .filter(|i| live(&i.dropped))
            .map(|i| GoalIndicator {
                indicator: IndicatorRef::from_parts(i.source, &i.code),
                annual_target: r.target(i.id, TargetKind::Annual).cloned(),
                council_target: r.target(i.id, TargetKind::Council).cloned(),
                direction: i.direction,
            })
            .collect();
        let activities = r
            .activities_of(g.id)
            .filter(|a| live(&a.dropped))
            .map(|a| {
                let f = r.activity_followup(a.id);
                Activity {
                    title: a.title.clone(),
                    start: a.starts_on,
                    end: a.ends_on,
                    deviation: f.map(|f| f.deviation.clone()).unwrap_or_default(),
                    analysis: f.map(|f| f.analysis.clone()).unwrap_or_default(),
                }
            })
            .collect();
        let assessments = r
            .assessments_of(g.id)
            .filter_map(|a| {
                let Ok(period) = a.period.parse::<Period>() else {
                    tracing::warn!(
                        assessment = a.id,
                        "assessment with an unknown period left out"
                    );
                    return None;
                };
                Some(Assessment {
                    status: a.status,
                    analysis: a.analysis.clone(),
                    set_by: a.assessed.by,
                    set_at: a.assessed.at,
                    period,
                })
            })
            .collect();
        out.push(Goal {
            id: g.id,
            level: g.level,
            parent: g.parent,
            plan_period: g.plan,
            unit: g.unit,
            perspective: g.perspective,
            title: g.title.clone(),
            description: g.description.clone(),
            expected_result: g.expected_result.clone(),
            indicators,
            activities,
            assessments,
            replaces: g.replaces,
            dropped_in: g.dropped.as_ref().map(|d| d.dropped_in),
        });
    }
    out
}

/// The series a municipality has: the standard ones and its own.
pub fn all_series(custom: &[ManualSeriesRow]) -> Vec<ManualSeries> {
    let mut out = standard_series();
    for c in custom {
        if out.iter().any(|s| s.code == c.code) {
            continue;
        }
        let Some(unit) = measure_unit_code::from_code(&c.unit_code) else {
            tracing::warn!(series = %c.code, "series with an unknown unit left out");
            continue;
        };
        let mut s = ManualSeries::new(c.code.clone(), c.name.clone(), unit)
            .with_description(c.description.clone());
        s.counts_persons = c.counts_persons;
        out.push(s);
    }
    out
}

/// Manual values as entered (oldest first), as the follow-up crate's values.
pub fn manual_values(rows: &[ManualValueRow]) -> Vec<ManualValue> {
    rows.iter()
        .filter_map(|r| {
            let Ok(period) = r.period.parse::<Period>() else {
                tracing::warn!(value = r.id, "manual value with an unknown period left out");
                return None;
            };
            Some(ManualValue {
                series: r.series.clone(),
                period,
                gender: r.gender,
                unit: r.unit,
                value: r.value,
                estimate: r.estimate,
                base: r.base,
                entered_by: r.entered.by,
                entered_at: r.entered.at,
                note: r.note.clone(),
            })
        })
        .collect()
}

/// Unit and staff names for reports.
pub async fn names(store: &Store) -> Result<Names, StoreError> {
    Ok(Names {
        units: store
            .units()
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect(),
        users: store
            .users()
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect(),
        case_refs: HashMap::new(),
        categories: store
            .catalog_entries("incident")
            .await?
            .into_iter()
            .map(|c| {
                (
                    (tillit_domain::register::RegisterKind::Incident, c.code),
                    c.label,
                )
            })
            .collect(),
    })
}

/// The texts written for a report of `kind` for `period_code` and `unit`.
pub async fn narrative(
    store: &Store,
    unit: Option<UnitId>,
    kind: ReportKind,
    period_code: &str,
) -> Result<Narrative, StoreError> {
    let mut n = Narrative::default();
    for t in store.report_texts(unit, kind.code(), period_code).await? {
        let text = Some(t.text).filter(|s| !s.trim().is_empty());
        match t.section.as_str() {
            "summary" => n.summary = text,
            "economy" => n.economy = text,
            "internal_control" => n.internal_control = text,
            "quality_work" => n.quality_work = text,
            "staff" => n.staff = text,
            _ => {}
        }
    }
    Ok(n)
}

/// Everything the reports are built from, loaded once.
pub struct ReportData {
    pub facts: Arc<Facts>,
    pub municipality: String,
    pub names: Names,
    pub goals: Vec<Goal>,
    pub series: Vec<ManualSeries>,
    pub values: Vec<ManualValue>,
    /// Every register's records, as the reports count them.
    pub registers: Vec<RegisterRecord>,
    /// The internal control plans.
    pub controls: Vec<ControlRow>,
    /// Every self-audit's answers per checklist item.
    pub self_audits: Vec<tillit_reports::SelfAuditResult>,
    /// Every household of economic assistance (counted, never listed).
    pub assistance: Vec<tillit_domain::register::assistance::Household>,
    /// The economy (budget, outcome, forecasts, providers, placements).
    pub economy: tillit_reports::EconomyInput,
}

/// Every self-audit whose sample was drawn, with its answers counted per
/// checklist item (no case, no person): one read per audit.
pub async fn self_audit_results(
    store: &Store,
) -> Result<Vec<tillit_reports::SelfAuditResult>, StoreError> {
    use tillit_domain::register::self_audit::SelfAudit;
    use tillit_reports::{SelfAuditItem, SelfAuditResult};
    let mut out = Vec::new();
    let heads = store
        .records(
            tillit_domain::register::RegisterKind::SelfAudit,
            &tillit_store::RecordFilter::default(),
        )
        .await?;
    for h in heads {
        let Some(record) = store.record::<SelfAudit>(h.id).await? else {
            continue;
        };
        let s = &record.state;
        let (Some(drawn_on), Some(list)) = (s.drawn_on, &s.checklist) else {
            continue;
        };
        let items = s
            .results()
            .into_iter()
            .map(|(item, n)| SelfAuditItem {
                code: item.code,
                text: item.text,
                yes: n[0],
                no: n[1],
                not_applicable: n[2],
            })
            .collect();
        out.push(SelfAuditResult {
            unit: h.unit,
            drawn_on,
            checklist_version: list.version,
            answered: u32::try_from(s.answered.len()).unwrap_or(u32::MAX),
            items,
        });
    }
    Ok(out)
}

/// Every risk of the internal control plans, as the appendix prints it.
pub async fn control_rows(store: &Store) -> Result<Vec<ControlRow>, StoreError> {
    use tillit_domain::register::RegisterKind;
    use tillit_domain::register::internal_control::{Control, ControlEntry};
    let mut out = Vec::new();
    for h in store
        .records(
            RegisterKind::InternalControl,
            &tillit_store::RecordFilter::default(),
        )
        .await?
    {
        let Some(r) = store.record::<Control>(h.id).await? else {
            continue;
        };
        let Some(ControlEntry::Identified {
            year,
            unit,
            area,
            risk,
            likelihood,
            consequence,
            control,
            frequency,
            responsible,
            ..
        }) = r.entries.first().map(|w| w.entry.clone())
        else {
            continue;
        };
        out.push(ControlRow {
            unit,
            year,
            area: area.label().to_string(),
            risk,
            likelihood,
            consequence,
            control,
            frequency: frequency.label().to_string(),
            responsible,
            status: RegisterKind::InternalControl.status_label(r.state.status()),
            controls: r.state.controls.len(),
            deviations: r.state.controls.iter().filter(|(_, ok)| !ok).count(),
        });
    }
    Ok(out)
}

/// Every register's records as the reports count them.
pub async fn register_records(store: &Store) -> Result<Vec<RegisterRecord>, StoreError> {
    let mut out = Vec::new();
    for kind in tillit_domain::register::RegisterKind::all() {
        for h in store
            .records(kind, &tillit_store::RecordFilter::default())
            .await?
        {
            out.push(RegisterRecord {
                register: kind,
                unit: h.unit,
                opened_on: h.opened_on,
                category: h.category,
                status: h.status,
                serious: h.serious,
                closed: h.closed_on.is_some(),
                closed_on: h.closed_on,
                reported_externally: h.reported_externally,
                measures: h.measures,
                measures_done: h.measures_done,
                gender: h.gender,
                age_band: h.age_band,
            });
        }
    }
    Ok(out)
}

impl ReportData {
    /// Load goals (as they stood in `year`), series, values and names from
    /// the store, beside `facts`.
    pub async fn load(
        store: &Store,
        facts: Arc<Facts>,
        municipality: &str,
        year: i16,
    ) -> Result<ReportData, StoreError> {
        let names = names(store).await?;
        let economy = crate::economy_data::economy_input(store, &names, &facts).await?;
        Ok(ReportData {
            facts,
            municipality: municipality.to_string(),
            economy,
            names,
            goals: goals_from_records(&store.goal_records().await?, Some(year)),
            series: all_series(&store.manual_series().await?),
            values: manual_values(&store.manual_values().await?),
            registers: register_records(store).await?,
            controls: control_rows(store).await?,
            self_audits: self_audit_results(store).await?,
            assistance: store
                .all_records::<tillit_domain::register::assistance::Household>(None)
                .await?
                .into_iter()
                .map(|r| r.state)
                .collect(),
        })
    }

    /// The input of a report for `unit` (or the whole area).
    pub fn input<'a>(
        &'a self,
        unit: Option<UnitId>,
        narrative: &'a Narrative,
        publication: Publication,
    ) -> ReportInput<'a> {
        ReportInput {
            facts: &self.facts,
            municipality: &self.municipality,
            committee: "Socialnämnden",
            unit,
            names: &self.names,
            goals: &self.goals,
            manual_series: &self.series,
            manual_values: &self.values,
            narrative,
            registers: &self.registers,
            controls: &self.controls,
            self_audits: &self.self_audits,
            economy: &self.economy,
            publication,
            assistance: &self.assistance,
        }
    }
}

/// The period code a report of `kind` is filed under (for its texts): the
/// year, or the year and the part (`2025-T2`, `2025-Q3`).
pub fn report_period_code(year: i16, period: Option<&str>) -> String {
    match period.map(str::trim).filter(|p| !p.is_empty()) {
        None => year.to_string(),
        Some(p) if p.contains('-') || p.contains("..") => p.to_string(),
        Some(p) => format!("{year}-{}", p.to_uppercase()),
    }
}

/// Today's date as a report's default year: last year until the year's
/// reports can be made (a verksamhetsberättelse is about a finished year).
pub fn default_report_year(today: Date) -> i16 {
    today.year() - 1
}
