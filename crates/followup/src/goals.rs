//! Goals and their follow-up: the tree KF inriktningsmål -> KF-mål ->
//! nämndmål -> enhetsmål, each with indicators and targets, activities, and
//! assessments (a status judged by a person, with an analysis).
//!
//! Pure data and validation; the store keeps the goals and hands them to the
//! reports. Messages are Swedish: they are shown to the unit manager who
//! edits the goal.
//!
//! ## History across plan periods
//!
//! A goal belongs to one [`PlanPeriod`] (e.g. `2025-2026`). A new plan
//! period gets new goals: [`carry_over`] makes a copy for the new period that
//! points back with [`Goal::replaces`], and the old goal keeps its
//! indicators, activities and assessments untouched. A goal that is not
//! carried over is marked with [`Goal::dropped_in`]; it is never deleted, so
//! an old report can be printed again as it was.
//!
//! ```
//! use tillit_followup::goals::*;
//! use tillit_followup::IndicatorId;
//!
//! let period: PlanPeriod = "2025-2026".parse()?;
//! let mut goal = Goal::new(GoalId(1), GoalLevel::Namndmal, Some(GoalId(0)), period,
//!                          "Barn och unga ska få stöd i tid");
//! goal.indicators.push(GoalIndicator::computed(IndicatorId::UtredningarInom4Man)
//!     .with_annual_target(Target::Number(90.0))
//!     .with_council_target(Target::Text("tas fram av nämnd".into())));
//! let parent = Goal::new(GoalId(0), GoalLevel::KfMal, None, period, "Trygg uppväxt");
//! assert!(validate_goal(&goal, Some(&parent)).is_ok());
//! assert_eq!(GoalStatus::DelvisUppfyllt.label(), "Delvis uppfyllt");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::indicator::{IndicatorId, MeasureUnit};
use crate::period::Period;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::fmt;
use tillit_domain::{UnitId, UserId};

// The vocabulary (ids, levels, statuses, perspectives, directions, sources,
// targets, plan periods) is the domain's, shared with the store and the demo.
pub use tillit_domain::goal::{
    ActivityId, Direction, GoalId, GoalIndicatorId, GoalLevel, GoalStatus, IndicatorSource,
    Perspective, PlanPeriod, PlanPeriodError, Target, TargetKind,
};

/// What a goal indicator follows: an indicator computed from the records, or
/// a series entered by hand (see [`crate::manual`]), by its code.
///
/// Serialized as `{"computed": "aktualiseringar"}` or
/// `{"manual": "sjukfranvaro"}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorRef {
    Computed(#[serde(with = "indicator_code")] IndicatorId),
    Manual(String),
}

impl IndicatorRef {
    /// The stable code: the indicator's or the series' code.
    pub fn code(&self) -> &str {
        match self {
            Self::Computed(id) => id.code(),
            Self::Manual(code) => code,
        }
    }

    /// Where its figures come from.
    pub fn source(&self) -> IndicatorSource {
        match self {
            Self::Computed(_) => IndicatorSource::Computed,
            Self::Manual(_) => IndicatorSource::Manual,
        }
    }

    /// The reference stored as `source` and `code`. A computed source whose
    /// code the catalogue does not know is read as a manual series of that
    /// code (its figures are then "uppgift saknas", never a failure).
    pub fn from_parts(source: IndicatorSource, code: &str) -> Self {
        match (source, IndicatorId::from_code(code)) {
            (IndicatorSource::Computed, Some(id)) => Self::Computed(id),
            _ => Self::Manual(code.to_string()),
        }
    }

    /// The computed indicator, if any. A manual series whose code is a
    /// catalogue indicator's code (e.g. `nki`) is that indicator too.
    pub fn indicator(&self) -> Option<IndicatorId> {
        match self {
            Self::Computed(id) => Some(*id),
            Self::Manual(code) => IndicatorId::from_code(code),
        }
    }
}

impl fmt::Display for IndicatorRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Serde for an [`IndicatorId`] as its stable code, both ways.
pub mod indicator_code {
    use crate::indicator::IndicatorId;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(id: &IndicatorId, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(id.code())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<IndicatorId, D::Error> {
        let code = String::deserialize(d)?;
        IndicatorId::from_code(&code)
            .ok_or_else(|| serde::de::Error::custom(format!("okänd indikator \"{code}\"")))
    }
}

/// One indicator a goal is followed up by, with its targets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoalIndicator {
    pub indicator: IndicatorRef,
    /// Årsmål: the target for the year.
    pub annual_target: Option<Target>,
    /// KF-mål: the council's target, often for the end of the plan period.
    pub council_target: Option<Target>,
    #[serde(default)]
    pub direction: Direction,
}

impl GoalIndicator {
    pub fn new(indicator: IndicatorRef) -> Self {
        Self {
            indicator,
            annual_target: None,
            council_target: None,
            direction: Direction::default(),
        }
    }

    pub fn computed(id: IndicatorId) -> Self {
        Self::new(IndicatorRef::Computed(id))
    }

    pub fn manual(code: impl Into<String>) -> Self {
        Self::new(IndicatorRef::Manual(code.into()))
    }

    pub fn with_annual_target(mut self, target: Target) -> Self {
        self.annual_target = Some(target);
        self
    }

    pub fn with_council_target(mut self, target: Target) -> Self {
        self.council_target = Some(target);
        self
    }

    pub fn with_direction(mut self, direction: Direction) -> Self {
        self.direction = direction;
        self
    }

    /// Whether `value` meets the annual target: `None` when the value is
    /// missing or the target is not a number. A help for the reader, not the
    /// goal's status (which a person sets).
    pub fn meets_annual_target(&self, value: Option<f64>) -> Option<bool> {
        let target = self.annual_target.as_ref()?.number()?;
        let value = value?;
        Some(match self.direction {
            Direction::HigherIsBetter => value >= target,
            Direction::LowerIsBetter => value <= target,
        })
    }
}

/// An activity planned to reach a goal.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub title: String,
    pub start: Option<Date>,
    pub end: Option<Date>,
    /// Avvikelse: how it went against the plan ("" when none).
    #[serde(default)]
    pub deviation: String,
    /// Analys.
    #[serde(default)]
    pub analysis: String,
}

/// A goal's status for a period, set by a person with an analysis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub status: GoalStatus,
    pub analysis: String,
    pub set_by: UserId,
    pub set_at: Timestamp,
    /// The period assessed (the year, a delår, a tertial).
    pub period: Period,
}

/// One goal of the tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    pub id: GoalId,
    pub level: GoalLevel,
    /// The goal one level up; `None` only for KF inriktningsmål.
    pub parent: Option<GoalId>,
    pub plan_period: PlanPeriod,
    /// The unit an enhetsmål belongs to (`None` for goals above the unit).
    #[serde(default)]
    pub unit: Option<UnitId>,
    /// The kvalitetsberättelse perspective the goal belongs to; `None`:
    /// shown under Verksamhet.
    #[serde(default)]
    pub perspective: Option<Perspective>,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Förväntat resultat.
    #[serde(default)]
    pub expected_result: String,
    #[serde(default)]
    pub indicators: Vec<GoalIndicator>,
    #[serde(default)]
    pub activities: Vec<Activity>,
    /// Every assessment ever set, oldest first; none is overwritten.
    #[serde(default)]
    pub assessments: Vec<Assessment>,
    /// The goal of the previous plan period this one continues.
    #[serde(default)]
    pub replaces: Option<GoalId>,
    /// The plan period in which the goal was dropped (not carried over). A
    /// dropped goal keeps its history and still shows in reports of the
    /// years it was active.
    #[serde(default)]
    pub dropped_in: Option<PlanPeriod>,
}

impl Goal {
    /// A goal with a title and nothing else.
    pub fn new(
        id: GoalId,
        level: GoalLevel,
        parent: Option<GoalId>,
        plan_period: PlanPeriod,
        title: impl Into<String>,
    ) -> Self {
        Self {
            id,
            level,
            parent,
            plan_period,
            unit: None,
            perspective: None,
            title: title.into(),
            description: String::new(),
            expected_result: String::new(),
            indicators: Vec::new(),
            activities: Vec::new(),
            assessments: Vec::new(),
            replaces: None,
            dropped_in: None,
        }
    }

    /// Whether the goal is followed up in `year`: in its plan period and not
    /// dropped in a plan period that starts at or before `year`.
    pub fn is_active_in(&self, year: i16) -> bool {
        self.plan_period.contains_year(year)
            && self.dropped_in.is_none_or(|d| year < d.first_year())
    }

    /// The latest assessment of exactly `period` (by `set_at`).
    pub fn assessment_for(&self, period: &Period) -> Option<&Assessment> {
        self.assessments
            .iter()
            .filter(|a| a.period == *period)
            .max_by_key(|a| a.set_at)
    }

    /// The latest assessment of a period that ends on or before `period`'s
    /// last day (the year's assessment for a year report, else the last
    /// delår's); `None` when nothing has been assessed.
    pub fn latest_assessment_until(&self, period: &Period) -> Option<&Assessment> {
        self.assessments
            .iter()
            .filter(|a| a.period.end() <= period.end())
            .max_by_key(|a| (a.period.end(), a.set_at))
    }

    /// The status for `period`: the exact period's assessment, else
    /// [`GoalStatus::IngenBedomning`].
    pub fn status_for(&self, period: &Period) -> GoalStatus {
        self.assessment_for(period)
            .map_or(GoalStatus::IngenBedomning, |a| a.status)
    }
}

/// Why a goal cannot be saved. Messages are Swedish.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GoalError {
    #[error("Målet måste ha en rubrik.")]
    TitleRequired,
    #[error("Rubriken får vara högst {max} tecken.")]
    TitleTooLong { max: usize },
    #[error(
        "Ange planperioden som ett år eller ett årsintervall, t.ex. 2025 eller 2025-2026 (fick \"{0}\")."
    )]
    PlanPeriodInvalid(String),
    #[error("Ett KF inriktningsmål har inget överordnat mål.")]
    RootHasParent,
    #[error("{} måste höra till {}.", capitalise(.level.label_with_article()), .expected.label_with_article())]
    ParentRequired {
        level: GoalLevel,
        expected: GoalLevel,
    },
    #[error("Det överordnade målet finns inte (id {0}).")]
    ParentNotFound(GoalId),
    #[error("Ett mål kan inte vara överordnat sig självt.")]
    ParentIsSelf,
    #[error(
        "Det överordnade målet måste vara {}, men är {}.",
        .expected.label_with_article(),
        .found.label_with_article()
    )]
    ParentWrongLevel {
        expected: GoalLevel,
        found: GoalLevel,
    },
    #[error(
        "Det överordnade målet gäller planperioden {parent}, som inte överlappar målets planperiod {child}."
    )]
    ParentOtherPlanPeriod {
        parent: PlanPeriod,
        child: PlanPeriod,
    },
    #[error("Det överordnade målet är avslutat från planperioden {0} och kan inte få nya delmål.")]
    ParentDropped(PlanPeriod),
    #[error("Målen bildar en slinga: ett mål kan inte ligga under sig självt.")]
    Cycle,
    #[error("Ett enhetsmål måste höra till en enhet.")]
    UnitRequired,
    #[error("Indikatorn {0} förekommer flera gånger under samma mål.")]
    DuplicateIndicator(String),
    #[error("Ange koden för den manuella serien.")]
    ManualSeriesCodeRequired,
    #[error("Målvärdet för {0} måste vara ett ändligt tal.")]
    TargetNotFinite(String),
    #[error("Målvärdet för {indicator} ({value}) ligger utanför 0-100 %.")]
    TargetOutOfRange { indicator: String, value: String },
    #[error("Målvärdet för {indicator} kan inte användas: {problem}")]
    TargetUnreasonable { indicator: String, problem: String },
    #[error("Ett textmålvärde för {0} får inte vara tomt.")]
    TargetTextEmpty(String),
    #[error(
        "Ett textmålvärde för {indicator} får ha högst {max} tecken. Skriv det kort, t.ex. \"tas fram av nämnden\"."
    )]
    TargetTextTooLong { indicator: String, max: usize },
    #[error("{what} får ha högst {max} tecken. Korta texten.")]
    TextTooLong {
        /// The form field: `description`, `expected_result`.
        field: &'static str,
        what: &'static str,
        max: usize,
    },
    #[error("Aktivitet {0} saknar rubrik.")]
    ActivityTitleRequired(usize),
    #[error("Aktivitetens rubrik (aktivitet {index}) får ha högst {max} tecken.")]
    ActivityTitleTooLong { index: usize, max: usize },
    #[error(
        "Uppföljningen av aktivitet {index} får ha högst {max} tecken i avvikelsen och {max_analysis} i analysen."
    )]
    ActivityTextTooLong {
        index: usize,
        max: usize,
        max_analysis: usize,
    },
    #[error("Aktivitet {index} slutar ({end}) före sin start ({start}).")]
    ActivityEndBeforeStart {
        index: usize,
        start: Date,
        end: Date,
    },
    #[error("Bedömningen \"{0}\" måste ha en analys.")]
    AnalysisRequired(GoalStatus),
    #[error("Analysen får ha högst {0} tecken. Korta texten.")]
    AnalysisTooLong(usize),
    #[error("Bedömningsperioden {period} ligger utanför målets planperiod {plan}.")]
    AssessmentOutsidePlanPeriod { period: String, plan: PlanPeriod },
    #[error(
        "Målet avslutas från planperioden {dropped}, som måste komma efter målets planperiod {plan} har börjat."
    )]
    DroppedBeforeStart {
        dropped: PlanPeriod,
        plan: PlanPeriod,
    },
}

impl From<PlanPeriodError> for GoalError {
    fn from(e: PlanPeriodError) -> Self {
        Self::PlanPeriodInvalid(e.0)
    }
}

impl GoalError {
    /// The form field the error belongs to, for showing it beside the field:
    /// `title`, `plan_period`, `parent`, `unit`, `indicators`, `activities`,
    /// `assessment`, `dropped_in`.
    pub fn field(&self) -> &'static str {
        match self {
            Self::TitleRequired | Self::TitleTooLong { .. } => "title",
            Self::PlanPeriodInvalid(_) => "plan_period",
            Self::RootHasParent
            | Self::ParentRequired { .. }
            | Self::ParentNotFound(_)
            | Self::ParentIsSelf
            | Self::ParentWrongLevel { .. }
            | Self::ParentOtherPlanPeriod { .. }
            | Self::ParentDropped(_)
            | Self::Cycle => "parent",
            Self::UnitRequired => "unit",
            Self::DuplicateIndicator(_)
            | Self::ManualSeriesCodeRequired
            | Self::TargetNotFinite(_)
            | Self::TargetOutOfRange { .. }
            | Self::TargetUnreasonable { .. }
            | Self::TargetTextEmpty(_)
            | Self::TargetTextTooLong { .. } => "indicators",
            Self::TextTooLong { field, .. } => field,
            Self::ActivityTitleRequired(_)
            | Self::ActivityTitleTooLong { .. }
            | Self::ActivityTextTooLong { .. }
            | Self::ActivityEndBeforeStart { .. } => "activities",
            Self::AnalysisRequired(_)
            | Self::AnalysisTooLong(_)
            | Self::AssessmentOutsidePlanPeriod { .. } => "assessment",
            Self::DroppedBeforeStart { .. } => "dropped_in",
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Longest title accepted (a goal's, an activity's), and longest
/// deviation of an activity's follow-up.
pub const MAX_TITLE_CHARS: usize = 300;

/// Longest text accepted: a goal's description and expected result, an
/// analysis, the reason for ending a goal.
pub const MAX_TEXT_CHARS: usize = 10_000;

/// Longest text target ("tas fram av nämnden").
pub const MAX_TARGET_TEXT_CHARS: usize = 200;

/// Check one goal on its own and against its parent (`None` when it has
/// none or the parent could not be found; pass the parent whenever
/// `goal.parent` is set). Returns every problem found, in form order.
pub fn validate_goal(goal: &Goal, parent: Option<&Goal>) -> Result<(), Vec<GoalError>> {
    let mut errors = Vec::new();
    let title = goal.title.trim();
    if title.is_empty() {
        errors.push(GoalError::TitleRequired);
    } else if title.chars().count() > MAX_TITLE_CHARS {
        errors.push(GoalError::TitleTooLong {
            max: MAX_TITLE_CHARS,
        });
    }
    for (field, what, text) in [
        ("description", "Beskrivningen", &goal.description),
        (
            "expected_result",
            "Det förväntade resultatet",
            &goal.expected_result,
        ),
    ] {
        if text.chars().count() > MAX_TEXT_CHARS {
            errors.push(GoalError::TextTooLong {
                field,
                what,
                max: MAX_TEXT_CHARS,
            });
        }
    }
    match (goal.level.parent_level(), goal.parent) {
        (None, Some(_)) => errors.push(GoalError::RootHasParent),
        (None, None) => {}
        (Some(expected), None) => errors.push(GoalError::ParentRequired {
            level: goal.level,
            expected,
        }),
        (Some(expected), Some(pid)) => {
            if pid == goal.id {
                errors.push(GoalError::ParentIsSelf);
            } else {
                match parent {
                    None => errors.push(GoalError::ParentNotFound(pid)),
                    Some(p) if p.id != pid => errors.push(GoalError::ParentNotFound(pid)),
                    Some(p) => {
                        if p.level != expected {
                            errors.push(GoalError::ParentWrongLevel {
                                expected,
                                found: p.level,
                            });
                        }
                        if !p.plan_period.overlaps(&goal.plan_period) {
                            errors.push(GoalError::ParentOtherPlanPeriod {
                                parent: p.plan_period,
                                child: goal.plan_period,
                            });
                        }
                        if let Some(d) = p.dropped_in
                            && d.first_year() <= goal.plan_period.first_year()
                        {
                            errors.push(GoalError::ParentDropped(d));
                        }
                    }
                }
            }
        }
    }
    if goal.level == GoalLevel::Enhetsmal && goal.unit.is_none() {
        errors.push(GoalError::UnitRequired);
    }
    let mut seen = HashSet::new();
    for gi in &goal.indicators {
        let code = gi.indicator.code().trim().to_string();
        if code.is_empty() {
            errors.push(GoalError::ManualSeriesCodeRequired);
            continue;
        }
        if !seen.insert(code.clone()) {
            errors.push(GoalError::DuplicateIndicator(code.clone()));
        }
        // A computed indicator's unit is known here; a manual series' is
        // checked by whoever knows the series (`check_target`).
        let unit = gi.indicator.indicator().map(|i| i.info().unit);
        for t in [&gi.annual_target, &gi.council_target]
            .into_iter()
            .flatten()
        {
            if let Err(e) = check_target(&code, unit, t) {
                errors.push(e);
            }
        }
    }
    for (i, a) in goal.activities.iter().enumerate() {
        let n = i + 1;
        if a.title.trim().is_empty() {
            errors.push(GoalError::ActivityTitleRequired(n));
        } else if a.title.chars().count() > MAX_TITLE_CHARS {
            errors.push(GoalError::ActivityTitleTooLong {
                index: n,
                max: MAX_TITLE_CHARS,
            });
        }
        if a.deviation.chars().count() > MAX_TITLE_CHARS
            || a.analysis.chars().count() > MAX_TEXT_CHARS
        {
            errors.push(GoalError::ActivityTextTooLong {
                index: n,
                max: MAX_TITLE_CHARS,
                max_analysis: MAX_TEXT_CHARS,
            });
        }
        if let (Some(start), Some(end)) = (a.start, a.end)
            && end < start
        {
            errors.push(GoalError::ActivityEndBeforeStart {
                index: n,
                start,
                end,
            });
        }
    }
    for a in &goal.assessments {
        if let Err(e) = validate_assessment(goal, a) {
            errors.extend(e);
        }
    }
    if let Some(d) = goal.dropped_in
        && d.first_year() <= goal.plan_period.first_year()
    {
        errors.push(GoalError::DroppedBeforeStart {
            dropped: d,
            plan: goal.plan_period,
        });
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Check one target of indicator `code`, whose unit is `unit` when known: a
/// number is a sensible figure in the unit (0-100 for percentages and
/// indexes, not negative for counts and days, at most
/// [`crate::manual::MAX_MAGNITUDE`]); a text is not empty and at most
/// [`MAX_TARGET_TEXT_CHARS`].
pub fn check_target(code: &str, unit: Option<MeasureUnit>, t: &Target) -> Result<(), GoalError> {
    match t {
        Target::Number(n) if !n.is_finite() => Err(GoalError::TargetNotFinite(code.to_string())),
        Target::Number(n) if unit == Some(MeasureUnit::Procent) && !(0.0..=100.0).contains(n) => {
            Err(GoalError::TargetOutOfRange {
                indicator: code.to_string(),
                value: n.to_string(),
            })
        }
        Target::Number(n) => {
            // Of unknown unit: only the size is checked (kronor may be
            // negative, so sign is the unit's business).
            let checked = crate::manual::check_figure(unit.unwrap_or(MeasureUnit::Tkr), *n);
            checked.map_err(|e| GoalError::TargetUnreasonable {
                indicator: code.to_string(),
                problem: e.to_string(),
            })
        }
        Target::Text(s) if s.trim().is_empty() => Err(GoalError::TargetTextEmpty(code.to_string())),
        Target::Text(s) if s.chars().count() > MAX_TARGET_TEXT_CHARS => {
            Err(GoalError::TargetTextTooLong {
                indicator: code.to_string(),
                max: MAX_TARGET_TEXT_CHARS,
            })
        }
        Target::Text(_) => Ok(()),
    }
}

/// Check a new assessment of `goal`: an analysis unless "ingen bedömning",
/// and a period inside the plan period.
pub fn validate_assessment(goal: &Goal, a: &Assessment) -> Result<(), Vec<GoalError>> {
    let mut errors = Vec::new();
    if a.status.requires_analysis() && a.analysis.trim().is_empty() {
        errors.push(GoalError::AnalysisRequired(a.status));
    }
    if a.analysis.chars().count() > MAX_TEXT_CHARS {
        errors.push(GoalError::AnalysisTooLong(MAX_TEXT_CHARS));
    }
    let (first, last) = (a.period.start().year(), a.period.end().year());
    if !goal.plan_period.contains_year(first) || !goal.plan_period.contains_year(last) {
        errors.push(GoalError::AssessmentOutsidePlanPeriod {
            period: a.period.label(),
            plan: goal.plan_period,
        });
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Check a whole set of goals: each goal against its parent, and no cycles.
/// Returns the problems per goal id.
pub fn validate_tree(goals: &[Goal]) -> Vec<(GoalId, GoalError)> {
    let by_id: HashMap<GoalId, &Goal> = goals.iter().map(|g| (g.id, g)).collect();
    let mut out = Vec::new();
    for g in goals {
        let parent = g.parent.and_then(|p| by_id.get(&p).copied());
        if let Err(errs) = validate_goal(g, parent) {
            out.extend(errs.into_iter().map(|e| (g.id, e)));
        }
        // Walk up: more steps than goals means a cycle.
        let mut cur = g.parent;
        let mut steps = 0;
        while let Some(p) = cur {
            steps += 1;
            if p == g.id || steps > goals.len() {
                out.push((g.id, GoalError::Cycle));
                break;
            }
            cur = by_id.get(&p).and_then(|pg| pg.parent);
        }
    }
    out
}

/// A goal and its children, in tree order.
#[derive(Clone, Debug, PartialEq)]
pub struct GoalNode<'a> {
    pub goal: &'a Goal,
    pub children: Vec<GoalNode<'a>>,
}

impl GoalNode<'_> {
    /// This goal and every goal under it, depth first.
    pub fn walk(&self) -> Vec<&Goal> {
        let mut out = vec![self.goal];
        for c in &self.children {
            out.extend(c.walk());
        }
        out
    }
}

/// The goals active in `year` as a forest, roots first, children in id
/// order. When `unit` is given, enhetsmål of other units are left out (and
/// goals above the unit are kept). A goal whose parent is not among the
/// active goals becomes a root of its own, so nothing is lost.
pub fn tree_for_year(goals: &[Goal], year: i16, unit: Option<UnitId>) -> Vec<GoalNode<'_>> {
    let mut active: Vec<&Goal> = goals
        .iter()
        .filter(|g| g.is_active_in(year))
        .filter(|g| match (unit, g.level) {
            (Some(u), GoalLevel::Enhetsmal) => g.unit == Some(u),
            _ => true,
        })
        .collect();
    active.sort_by_key(|g| (g.level, g.id));
    let ids: HashSet<GoalId> = active.iter().map(|g| g.id).collect();
    let mut children: HashMap<GoalId, Vec<&Goal>> = HashMap::new();
    let mut roots = Vec::new();
    for g in &active {
        match g.parent {
            Some(p) if ids.contains(&p) && p != g.id => children.entry(p).or_default().push(g),
            _ => roots.push(*g),
        }
    }
    fn build<'a>(
        g: &'a Goal,
        children: &HashMap<GoalId, Vec<&'a Goal>>,
        depth: usize,
    ) -> GoalNode<'a> {
        GoalNode {
            goal: g,
            // Depth bound: a cycle (rejected by validation) cannot recurse
            // forever.
            children: if depth > GoalLevel::ALL.len() {
                Vec::new()
            } else {
                children
                    .get(&g.id)
                    .map(|cs| cs.iter().map(|c| build(c, children, depth + 1)).collect())
                    .unwrap_or_default()
            },
        }
    }
    roots.into_iter().map(|r| build(r, &children, 0)).collect()
}

/// A copy of `goal` for a new plan period, with a new id and the same texts,
/// unit and indicators (targets included, to be revised), but no activities
/// and no assessments: those belong to the old period. `new_parent` is the
/// parent's copy in the new period. The old goal is left as it was.
pub fn carry_over(
    goal: &Goal,
    new_id: GoalId,
    new_period: PlanPeriod,
    new_parent: Option<GoalId>,
) -> Goal {
    Goal {
        id: new_id,
        level: goal.level,
        parent: new_parent,
        plan_period: new_period,
        unit: goal.unit,
        perspective: goal.perspective,
        title: goal.title.clone(),
        description: goal.description.clone(),
        expected_result: goal.expected_result.clone(),
        indicators: goal.indicators.clone(),
        activities: Vec::new(),
        assessments: Vec::new(),
        replaces: Some(goal.id),
        dropped_in: None,
    }
}

/// The chain of earlier versions of a goal, newest first (following
/// [`Goal::replaces`]), for showing a goal's history across plan periods.
pub fn history(goals: &[Goal], id: GoalId) -> Vec<&Goal> {
    let by_id: HashMap<GoalId, &Goal> = goals.iter().map(|g| (g.id, g)).collect();
    let mut out = Vec::new();
    let mut cur = by_id.get(&id).and_then(|g| g.replaces);
    while let Some(prev) = cur.and_then(|p| by_id.get(&p).copied()) {
        if out.iter().any(|g: &&Goal| g.id == prev.id) || prev.id == id {
            break;
        }
        out.push(prev);
        cur = prev.replaces;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pp(s: &str) -> PlanPeriod {
        s.parse().unwrap()
    }

    fn tree() -> Vec<Goal> {
        let p = pp("2025-2026");
        let mut e = Goal::new(GoalId(4), GoalLevel::Enhetsmal, Some(GoalId(3)), p, "Enhet");
        e.unit = Some(UnitId(1));
        vec![
            Goal::new(
                GoalId(1),
                GoalLevel::KfInriktningsmal,
                None,
                p,
                "Inriktning",
            ),
            Goal::new(GoalId(2), GoalLevel::KfMal, Some(GoalId(1)), p, "KF"),
            Goal::new(GoalId(3), GoalLevel::Namndmal, Some(GoalId(2)), p, "Nämnd"),
            e,
        ]
    }

    #[test]
    fn a_valid_tree_has_no_errors() {
        assert_eq!(validate_tree(&tree()), vec![]);
        let goals = tree();
        let forest = tree_for_year(&goals, 2025, None);
        assert_eq!(forest.len(), 1);
        assert_eq!(forest[0].walk().len(), 4);
        assert!(tree_for_year(&tree(), 2027, None).is_empty());
        // Another unit's enhetsmål is left out.
        assert_eq!(
            tree_for_year(&tree(), 2025, Some(UnitId(2)))[0]
                .walk()
                .len(),
            3
        );
    }

    #[test]
    fn parent_must_be_one_level_up() {
        let goals = tree();
        let mut g = goals[3].clone();
        g.parent = Some(GoalId(2));
        let errs = validate_goal(&g, Some(&goals[1])).unwrap_err();
        assert_eq!(
            errs,
            vec![GoalError::ParentWrongLevel {
                expected: GoalLevel::Namndmal,
                found: GoalLevel::KfMal
            }]
        );
        assert_eq!(
            errs[0].to_string(),
            "Det överordnade målet måste vara ett nämndmål, men är ett KF-mål."
        );
        g.parent = None;
        let errs = validate_goal(&g, None).unwrap_err();
        assert_eq!(
            errs[0].to_string(),
            "Ett enhetsmål måste höra till ett nämndmål."
        );
        let mut root = goals[0].clone();
        root.parent = Some(GoalId(9));
        assert_eq!(
            validate_goal(&root, None).unwrap_err(),
            vec![GoalError::RootHasParent]
        );
    }

    #[test]
    fn title_and_targets_and_activities_are_checked() {
        let mut g = tree()[2].clone();
        g.title = "  ".into();
        g.indicators = vec![
            GoalIndicator::computed(IndicatorId::UtredningarInom4Man)
                .with_annual_target(Target::Number(120.0)),
            GoalIndicator::computed(IndicatorId::UtredningarInom4Man),
            GoalIndicator::manual("sjukfranvaro").with_council_target(Target::Text(" ".into())),
        ];
        g.activities = vec![Activity {
            title: String::new(),
            start: Some(jiff::civil::date(2025, 5, 1)),
            end: Some(jiff::civil::date(2025, 4, 1)),
            ..Activity::default()
        }];
        let errs = validate_goal(&g, Some(&tree()[1])).unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field()).collect();
        assert_eq!(
            fields,
            [
                "title",
                "indicators",
                "indicators",
                "indicators",
                "activities",
                "activities"
            ]
        );
        assert_eq!(errs[0].to_string(), "Målet måste ha en rubrik.");
    }

    #[test]
    fn assessments_need_an_analysis_and_a_period_in_the_plan() {
        let mut g = tree()[2].clone();
        let a = Assessment {
            status: GoalStatus::DelvisUppfyllt,
            analysis: String::new(),
            set_by: UserId(1),
            set_at: Timestamp::UNIX_EPOCH,
            period: "2027".parse().unwrap(),
        };
        let errs = validate_assessment(&g, &a).unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(
            errs[0].to_string(),
            "Bedömningen \"Delvis uppfyllt\" måste ha en analys."
        );
        let ok = Assessment {
            status: GoalStatus::IngenBedomning,
            period: "2025-T2".parse().unwrap(),
            ..a
        };
        assert!(validate_assessment(&g, &ok).is_ok());
        g.assessments.push(ok.clone());
        let later = Assessment {
            status: GoalStatus::Uppfyllt,
            analysis: "Klart.".into(),
            set_at: Timestamp::from_second(100).unwrap(),
            ..ok.clone()
        };
        g.assessments.push(later);
        assert_eq!(g.status_for(&ok.period), GoalStatus::Uppfyllt);
        assert_eq!(
            g.status_for(&"2025".parse().unwrap()),
            GoalStatus::IngenBedomning
        );
        assert!(
            g.latest_assessment_until(&"2025".parse().unwrap())
                .is_some()
        );
    }

    /// Every text of a goal has a length limit, every target a range.
    #[test]
    fn texts_and_targets_have_limits() {
        let t = tree();
        let mut g = t[0].clone();
        g.description = "x".repeat(MAX_TEXT_CHARS + 1);
        g.expected_result = "x".repeat(1_000_000);
        let e = validate_goal(&g, None).unwrap_err();
        let fields: Vec<&str> = e.iter().map(GoalError::field).collect();
        assert_eq!(fields, vec!["description", "expected_result"]);
        assert!(e[0].to_string().contains("högst 10000 tecken"), "{}", e[0]);
        let mut g = t[0].clone();
        g.indicators.push(GoalIndicator {
            indicator: IndicatorRef::Manual("egen".into()),
            annual_target: Some(Target::Number(1e308)),
            council_target: Some(Target::Text("x".repeat(MAX_TARGET_TEXT_CHARS + 1))),
            direction: Direction::HigherIsBetter,
        });
        g.activities.push(Activity {
            title: "x".repeat(MAX_TITLE_CHARS + 1),
            start: None,
            end: None,
            deviation: String::new(),
            analysis: String::new(),
        });
        let e = validate_goal(&g, None).unwrap_err();
        assert!(
            matches!(e[0], GoalError::TargetUnreasonable { .. }),
            "{e:?}"
        );
        assert!(e[0].to_string().contains("orimligt stort"), "{}", e[0]);
        assert!(matches!(e[1], GoalError::TargetTextTooLong { .. }));
        assert!(matches!(e[2], GoalError::ActivityTitleTooLong { .. }));
        assert!(
            check_target("x", Some(MeasureUnit::Antal), &Target::Number(-1.0))
                .unwrap_err()
                .to_string()
                .contains("negativt")
        );
    }

    #[test]
    fn cycles_are_found() {
        let mut goals = tree();
        goals[1].parent = Some(GoalId(3));
        let errs = validate_tree(&goals);
        assert!(errs.iter().any(|(_, e)| *e == GoalError::Cycle));
        // The tree builder does not loop.
        let _ = tree_for_year(&goals, 2025, None);
    }

    #[test]
    fn a_new_plan_period_keeps_the_old_goals() {
        let mut goals = tree();
        goals[2].assessments.push(Assessment {
            status: GoalStatus::Uppfyllt,
            analysis: "Bra.".into(),
            set_by: UserId(1),
            set_at: Timestamp::UNIX_EPOCH,
            period: "2025".parse().unwrap(),
        });
        let next = pp("2027-2028");
        let copy = carry_over(&goals[2], GoalId(13), next, None);
        assert!(copy.assessments.is_empty());
        assert_eq!(copy.replaces, Some(GoalId(3)));
        goals[3].dropped_in = Some(next);
        goals.push(copy);
        assert_eq!(history(&goals, GoalId(13))[0].id, GoalId(3));
        assert!(goals[3].is_active_in(2026));
        assert!(!goals[3].is_active_in(2027));
        assert_eq!(goals[2].assessments.len(), 1);
        let mut bad = goals[3].clone();
        bad.dropped_in = Some(pp("2025"));
        assert!(validate_goal(&bad, Some(&goals[2])).is_err());
    }

    #[test]
    fn goals_round_trip_through_json() {
        let mut g = tree()[2].clone();
        g.indicators.push(
            GoalIndicator::computed(IndicatorId::ForsenadeUtredningar)
                .with_annual_target(Target::Number(0.0))
                .with_council_target(Target::Text("tas fram av nämnd".into()))
                .with_direction(Direction::LowerIsBetter),
        );
        g.indicators.push(GoalIndicator::manual("sjukfranvaro"));
        let json = serde_json::to_string(&g).unwrap();
        assert!(json.contains("\"computed\":\"forsenade_utredningar\""));
        let back: Goal = serde_json::from_str(&json).unwrap();
        assert_eq!(back, g);
        assert_eq!(g.indicators[0].meets_annual_target(Some(1.0)), Some(false));
    }
}
