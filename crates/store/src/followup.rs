//! Follow-up: goals, manual series, report texts, and what the follow-up
//! needs from the rest of the store.
//!
//! The store keeps the records and their history; what they mean (which
//! level may stand under which, what a status is, whether a value is in
//! range) is the follow-up crate's business, checked before anything is
//! written here. Levels, statuses, perspectives, directions, sources and
//! target kinds are the domain's vocabulary ([`tillit_domain::goal`]), stored
//! as their codes; measure units and period codes are stored as the
//! follow-up crate's codes. A row whose code this version does not know (a
//! newer version wrote it, or it is damaged) is left out with a warning in
//! the log rather than failing every follow-up page.
//!
//! ## Goals
//!
//! The tree KF inriktningsmål -> KF-mål -> nämndmål -> enhetsmål, each goal
//! for a plan period of whole years. Goals above the unit are shared
//! (`unit: None`); an enhetsmål belongs to a unit. Nothing is deleted:
//! - a goal, a goal's indicator or an activity that is no longer followed is
//!   marked dropped (a goal names the plan period it was dropped in), and
//!   stays for the reports of the years it was followed;
//! - a goal's texts are edited by appending a revision ([`Store::goal_revisions`]);
//! - targets, activity follow-ups and assessments are appended, and the newest
//!   per key is the current one ([`GoalRecords`] has helpers that pick it);
//! - a new plan period gets the goals of the previous one by
//!   [`Store::carry_over_goals`]: new rows that point back at the old ones
//!   (`replaces`), so the old period's goals stay exactly as they were.
//!
//! ## Manual series
//!
//! Figures the case records cannot know (survey results, sick leave, summer
//! jobs) are entered by hand per series code, period code, unit (or the
//! whole area) and gender (or the total). A value may be missing ("uppgift
//! saknas", never 0) and may be marked as an estimate. A new value for the
//! same series, unit, period and gender supersedes the old one, which is
//! kept: [`Store::manual_values`] gives every row, oldest first (the newest
//! per key holds), [`Store::current_manual_values`] only the current ones.
//! The standard series are known to the follow-up crate; only series a
//! municipality adds are stored ([`Store::create_manual_series`]).
//!
//! Numbers people type (targets, manual values) are stored as text in Rust's
//! shortest round-trip form, so what was entered is what is read back, on
//! both databases.

use crate::codec::{RowExt, bool_int, date_text, timestamp_text};
use crate::error::{is_foreign_key_violation, is_unique_violation, missing_reference};
use crate::{Store, StoreError};
use jiff::Timestamp;
use jiff::civil::Date;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use std::collections::{HashMap, HashSet};
use tillit_domain::case::{CaseEvent, RecordedEvent};
use tillit_domain::catalog::Gender;
use tillit_domain::goal::{
    ActivityId, Direction, GoalId, GoalIndicatorId, GoalLevel, GoalStatus, IndicatorSource,
    Perspective, PlanPeriod, Target, TargetKind,
};
use tillit_domain::person::Person;
use tillit_domain::{CaseId, UnitId, UserId};

/// Who did something, and when (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub by: UserId,
    pub at: Timestamp,
}

/// The tables whose rows are dropped (kept, marked) rather than deleted.
#[derive(Clone, Copy)]
enum DroppedTable {
    GoalIndicators,
    GoalActivities,
}

impl Stamp {
    pub fn new(by: UserId, at: Timestamp) -> Self {
        Self { by, at }
    }

    /// `by`, now.
    pub fn now(by: UserId) -> Self {
        Self {
            by,
            at: Timestamp::now(),
        }
    }
}

/// How a goal was dropped: the plan period it was dropped in, why, who, when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalDropped {
    pub dropped_in: PlanPeriod,
    pub reason: String,
    pub stamp: Stamp,
}

/// A goal as stored: the current texts; earlier texts are revisions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalRow {
    pub id: GoalId,
    pub level: GoalLevel,
    pub parent: Option<GoalId>,
    pub plan: PlanPeriod,
    /// The unit of an enhetsmål; `None` for goals above the unit.
    pub unit: Option<UnitId>,
    /// The kvalitetsberättelse perspective, if any.
    pub perspective: Option<Perspective>,
    /// Order among its siblings.
    pub position: i64,
    pub title: String,
    pub description: String,
    pub expected_result: String,
    /// The goal of the previous plan period this one continues.
    pub replaces: Option<GoalId>,
    pub created: Stamp,
    pub dropped: Option<GoalDropped>,
}

/// A goal to add.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewGoal {
    pub level: GoalLevel,
    /// Must exist and not be dropped.
    pub parent: Option<GoalId>,
    pub plan: PlanPeriod,
    pub unit: Option<UnitId>,
    pub perspective: Option<Perspective>,
    pub title: String,
    pub description: String,
    pub expected_result: String,
}

/// A goal's texts (for an edit, and as a revision).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalText {
    pub title: String,
    pub description: String,
    pub expected_result: String,
    pub perspective: Option<Perspective>,
}

/// One version of a goal's texts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalRevision {
    pub goal: GoalId,
    pub text: GoalText,
    pub changed: Stamp,
}

/// An indicator that follows a goal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalIndicatorRow {
    pub id: GoalIndicatorId,
    pub goal: GoalId,
    /// A catalogue indicator (computed) or a manual series.
    pub source: IndicatorSource,
    /// The indicator's or the series' code.
    pub code: String,
    /// Which way is better.
    pub direction: Direction,
    pub position: i64,
    pub created: Stamp,
    pub dropped: Option<Stamp>,
}

/// An indicator to attach to a goal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewGoalIndicator {
    pub goal: GoalId,
    pub source: IndicatorSource,
    pub code: String,
    pub direction: Direction,
}

/// A target of a goal indicator as set (`value: None`: removed).
#[derive(Clone, Debug, PartialEq)]
pub struct TargetRow {
    pub goal_indicator: GoalIndicatorId,
    pub kind: TargetKind,
    pub value: Option<Target>,
    pub set: Stamp,
}

/// An activity under a goal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivityRow {
    pub id: ActivityId,
    pub goal: GoalId,
    pub title: String,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
    pub position: i64,
    pub created: Stamp,
    pub dropped: Option<Stamp>,
}

/// An activity to add.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewActivity {
    pub goal: GoalId,
    pub title: String,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
}

/// The follow-up of an activity: deviation (avvikelse, empty when none) and
/// analysis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivityFollowUp {
    pub activity: ActivityId,
    pub deviation: String,
    pub analysis: String,
    pub written: Stamp,
}

/// A person's judgement of a goal for a period (an assessment), as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssessmentRow {
    pub id: i64,
    pub goal: GoalId,
    /// A period code (`2025`, `2025-T2`, ...).
    pub period: String,
    pub status: GoalStatus,
    pub analysis: String,
    pub assessed: Stamp,
}

/// Every goal with everything attached, dropped items and superseded rows
/// included. Goals are in tree order (parents before children, siblings by
/// position); every other list in the order written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GoalRecords {
    pub goals: Vec<GoalRow>,
    pub indicators: Vec<GoalIndicatorRow>,
    pub targets: Vec<TargetRow>,
    pub activities: Vec<ActivityRow>,
    pub activity_followups: Vec<ActivityFollowUp>,
    pub assessments: Vec<AssessmentRow>,
}

impl GoalRecords {
    pub fn goal(&self, id: GoalId) -> Option<&GoalRow> {
        self.goals.iter().find(|g| g.id == id)
    }

    /// The goals directly under `parent` (`None`: the roots), by position.
    pub fn children(&self, parent: Option<GoalId>) -> impl Iterator<Item = &GoalRow> {
        self.goals.iter().filter(move |g| g.parent == parent)
    }

    /// The indicators of a goal (dropped ones included), by position.
    pub fn indicators_of(&self, goal: GoalId) -> impl Iterator<Item = &GoalIndicatorRow> {
        self.indicators.iter().filter(move |i| i.goal == goal)
    }

    /// The activities of a goal (dropped ones included), by position.
    pub fn activities_of(&self, goal: GoalId) -> impl Iterator<Item = &ActivityRow> {
        self.activities.iter().filter(move |a| a.goal == goal)
    }

    /// The current target of an indicator (`None` when never set or removed).
    pub fn target(&self, indicator: GoalIndicatorId, kind: TargetKind) -> Option<&Target> {
        self.targets
            .iter()
            .rev()
            .find(|t| t.goal_indicator == indicator && t.kind == kind)
            .and_then(|t| t.value.as_ref())
    }

    /// The current follow-up of an activity.
    pub fn activity_followup(&self, activity: ActivityId) -> Option<&ActivityFollowUp> {
        self.activity_followups
            .iter()
            .rev()
            .find(|f| f.activity == activity)
    }

    /// The current assessment of a goal for a period.
    pub fn assessment(&self, goal: GoalId, period: &str) -> Option<&AssessmentRow> {
        self.assessments
            .iter()
            .rev()
            .find(|a| a.goal == goal && a.period == period)
    }

    /// Every assessment of a goal, oldest first.
    pub fn assessments_of(&self, goal: GoalId) -> impl Iterator<Item = &AssessmentRow> {
        self.assessments.iter().filter(move |a| a.goal == goal)
    }
}

/// A series defined by the municipality.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManualSeriesRow {
    /// Stable code (snake_case), unique.
    pub code: String,
    pub name: String,
    pub description: String,
    /// The measure unit's code (`antal`, `procent`, ...).
    pub unit_code: String,
    /// The value counts persons (suppressed like computed counts).
    pub counts_persons: bool,
    pub created: Stamp,
}

/// A series to create.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewManualSeries {
    pub code: String,
    pub name: String,
    pub description: String,
    pub unit_code: String,
    pub counts_persons: bool,
}

/// One value of a manual series as entered.
#[derive(Clone, Debug, PartialEq)]
pub struct ManualValueRow {
    pub id: i64,
    pub series: String,
    /// `None`: the whole area.
    pub unit: Option<UnitId>,
    /// A period code (`2025`, `2025-T2`, `2025-M03`, ...).
    pub period: String,
    /// `None`: the total (all genders).
    pub gender: Option<Gender>,
    /// `None`: uppgift saknas (never 0).
    pub value: Option<f64>,
    pub estimate: bool,
    /// Persons behind the figure when known (respondents).
    pub base: Option<u32>,
    pub note: String,
    pub entered: Stamp,
}

/// A value to enter.
#[derive(Clone, Debug, PartialEq)]
pub struct NewManualValue {
    pub series: String,
    pub unit: Option<UnitId>,
    pub period: String,
    pub gender: Option<Gender>,
    pub value: Option<f64>,
    pub estimate: bool,
    pub base: Option<u32>,
    pub note: String,
}

/// A text written for a report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportText {
    /// `None`: the whole area.
    pub unit: Option<UnitId>,
    /// The report kind's code.
    pub report_kind: String,
    /// A period code.
    pub period: String,
    /// Which text (`summary`, `economy`, ...).
    pub section: String,
    pub text: String,
    pub written: Stamp,
}

/// A cheap fingerprint of what the follow-up's facts are built from: when it
/// is unchanged, facts built earlier are still right (the event log is
/// append-only, so its length changes with every write).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FactsStamp {
    pub events: u64,
    pub persons: u64,
    /// The change sequence (migration 19): bumped by every write of a case
    /// or a person, so a snapshot knows what was written after it.
    pub changes: u64,
}

/// The code stored for a manual value's gender.
const TOTAL_CODE: &str = "totalt";

fn gender_text(g: Option<Gender>) -> &'static str {
    g.map_or(TOTAL_CODE, Gender::code)
}

fn gender_from_text(code: &str) -> Result<Option<Gender>, StoreError> {
    if code == TOTAL_CODE {
        return Ok(None);
    }
    Gender::from_code(code)
        .map(Some)
        .ok_or_else(|| StoreError::corrupt(format!("okänt kön {code:?}")))
}

/// A number as stored: Rust's shortest round-trip text. NaN and infinities
/// are refused.
fn number_text(v: f64) -> Result<String, StoreError> {
    if v.is_finite() {
        Ok(format!("{v}"))
    } else {
        Err(StoreError::Invalid("talet måste vara ändligt".into()))
    }
}

fn stamp(r: &AnyRow, by: &str, at: &str) -> Result<Stamp, StoreError> {
    Ok(Stamp {
        by: UserId(r.int(by)?),
        at: r.parsed(at)?,
    })
}

fn dropped_stamp(r: &AnyRow) -> Result<Option<Stamp>, StoreError> {
    match r.opt_parsed::<Timestamp>("dropped_at")? {
        None => Ok(None),
        Some(at) => Ok(Some(Stamp {
            by: UserId(r.opt_int("dropped_by")?.unwrap_or_default()),
            at,
        })),
    }
}

/// A required text, trimmed; `what` names it in the refusal.
fn required(text: &str, what: &str) -> Result<String, StoreError> {
    let t = text.trim();
    if t.is_empty() {
        Err(StoreError::Invalid(format!("{what} saknas")))
    } else {
        Ok(t.to_string())
    }
}

/// A column holding a code of the vocabulary: `None` (with a warning) when
/// this version does not know it.
fn known_code<T>(
    r: &AnyRow,
    column: &str,
    from_code: fn(&str) -> Option<T>,
) -> Result<Option<T>, StoreError> {
    let code = r.text(column)?;
    let value = from_code(&code);
    if value.is_none() {
        tracing::warn!(
            column,
            code,
            "a follow-up row with an unknown code left out"
        );
    }
    Ok(value)
}

fn plan_period(first: i64, last: i64) -> Result<PlanPeriod, StoreError> {
    let year = |y: i64| i16::try_from(y).map_err(|_| StoreError::corrupt(format!("år {y}")));
    PlanPeriod::new(year(first)?, year(last)?)
        .map_err(|_| StoreError::corrupt(format!("planperiod {first}-{last}")))
}

const GOAL_COLUMNS: &str = "id, level, parent_id, plan_first_year, plan_last_year, unit_id, \
     perspective, position, title, description, expected_result, replaces_id, created_by, \
     created_at, dropped_first_year, dropped_last_year, dropped_reason, dropped_by, dropped_at";

/// A goal row; `None` when its level is unknown to this version.
fn goal_from_row(r: &AnyRow) -> Result<Option<GoalRow>, StoreError> {
    let Some(level) = known_code(r, "level", GoalLevel::from_code)? else {
        return Ok(None);
    };
    let dropped = match r.opt_parsed::<Timestamp>("dropped_at")? {
        None => None,
        Some(at) => {
            let first = r.opt_int("dropped_first_year")?.unwrap_or_default();
            let last = r.opt_int("dropped_last_year")?.unwrap_or(first);
            Some(GoalDropped {
                dropped_in: plan_period(first, last)?,
                reason: r.opt_text("dropped_reason")?.unwrap_or_default(),
                stamp: Stamp {
                    by: UserId(r.opt_int("dropped_by")?.unwrap_or_default()),
                    at,
                },
            })
        }
    };
    Ok(Some(GoalRow {
        id: GoalId(r.int("id")?),
        level,
        parent: r.opt_int("parent_id")?.map(GoalId),
        plan: plan_period(r.int("plan_first_year")?, r.int("plan_last_year")?)?,
        unit: r.opt_int("unit_id")?.map(UnitId),
        perspective: perspective(r)?,
        position: r.int("position")?,
        title: r.text("title")?,
        description: r.text("description")?,
        expected_result: r.text("expected_result")?,
        replaces: r.opt_int("replaces_id")?.map(GoalId),
        created: stamp(r, "created_by", "created_at")?,
        dropped,
    }))
}

/// The perspective column: `None` when empty, or unknown (with a warning).
fn perspective(r: &AnyRow) -> Result<Option<Perspective>, StoreError> {
    Ok(match r.opt_text("perspective")? {
        None => None,
        Some(code) if code.is_empty() => None,
        Some(code) => {
            let p = Perspective::from_code(&code);
            if p.is_none() {
                tracing::warn!(code, "a goal's unknown perspective left out");
            }
            p
        }
    })
}

const INDICATOR_COLUMNS: &str = "id, goal_id, source, code, direction, position, created_by, created_at, dropped_by, dropped_at";

/// An indicator row; `None` when its source or direction is unknown.
fn indicator_from_row(r: &AnyRow) -> Result<Option<GoalIndicatorRow>, StoreError> {
    let (Some(source), Some(direction)) = (
        known_code(r, "source", IndicatorSource::from_code)?,
        known_code(r, "direction", Direction::from_code)?,
    ) else {
        return Ok(None);
    };
    Ok(Some(GoalIndicatorRow {
        id: GoalIndicatorId(r.int("id")?),
        goal: GoalId(r.int("goal_id")?),
        source,
        code: r.text("code")?,
        direction,
        position: r.int("position")?,
        created: stamp(r, "created_by", "created_at")?,
        dropped: dropped_stamp(r)?,
    }))
}

/// A target row; `None` when its kind is unknown.
fn target_from_row(r: &AnyRow) -> Result<Option<TargetRow>, StoreError> {
    let Some(kind) = known_code(r, "kind", TargetKind::from_code)? else {
        return Ok(None);
    };
    let value = match (r.opt_parsed::<f64>("number")?, r.opt_text("text")?) {
        (Some(n), _) => Some(Target::Number(n)),
        (None, Some(t)) => Some(Target::Text(t)),
        (None, None) => None,
    };
    Ok(Some(TargetRow {
        goal_indicator: GoalIndicatorId(r.int("goal_indicator_id")?),
        kind,
        value,
        set: stamp(r, "set_by", "set_at")?,
    }))
}

const ACTIVITY_COLUMNS: &str = "id, goal_id, title, starts_on, ends_on, position, created_by, created_at, dropped_by, dropped_at";

fn activity_from_row(r: &AnyRow) -> Result<ActivityRow, StoreError> {
    Ok(ActivityRow {
        id: ActivityId(r.int("id")?),
        goal: GoalId(r.int("goal_id")?),
        title: r.text("title")?,
        starts_on: r.opt_parsed("starts_on")?,
        ends_on: r.opt_parsed("ends_on")?,
        position: r.int("position")?,
        created: stamp(r, "created_by", "created_at")?,
        dropped: dropped_stamp(r)?,
    })
}

fn activity_followup_from_row(r: &AnyRow) -> Result<ActivityFollowUp, StoreError> {
    Ok(ActivityFollowUp {
        activity: ActivityId(r.int("activity_id")?),
        deviation: r.text("deviation")?,
        analysis: r.text("analysis")?,
        written: stamp(r, "written_by", "written_at")?,
    })
}

/// An assessment row; `None` when its status is unknown.
fn assessment_from_row(r: &AnyRow) -> Result<Option<AssessmentRow>, StoreError> {
    let Some(status) = known_code(r, "status", GoalStatus::from_code)? else {
        return Ok(None);
    };
    Ok(Some(AssessmentRow {
        id: r.int("id")?,
        goal: GoalId(r.int("goal_id")?),
        period: r.text("period")?,
        status,
        analysis: r.text("analysis")?,
        assessed: stamp(r, "assessed_by", "assessed_at")?,
    }))
}

const SERIES_COLUMNS: &str =
    "code, name, description, unit_code, counts_persons, created_by, created_at";

fn series_from_row(r: &AnyRow) -> Result<ManualSeriesRow, StoreError> {
    Ok(ManualSeriesRow {
        code: r.text("code")?,
        name: r.text("name")?,
        description: r.text("description")?,
        unit_code: r.text("unit_code")?,
        counts_persons: r.flag("counts_persons")?,
        created: stamp(r, "created_by", "created_at")?,
    })
}

const VALUE_COLUMNS: &str = "id, series_code, unit_id, period, gender, value, estimate, base, note, \
     entered_by, entered_at";

fn value_from_row(r: &AnyRow) -> Result<ManualValueRow, StoreError> {
    let base = r
        .opt_int("base")?
        .map(|b| u32::try_from(b).map_err(|_| StoreError::corrupt(format!("antal {b}"))))
        .transpose()?;
    Ok(ManualValueRow {
        id: r.int("id")?,
        series: r.text("series_code")?,
        unit: r.opt_int("unit_id")?.map(UnitId),
        period: r.text("period")?,
        gender: gender_from_text(&r.text("gender")?)?,
        value: r.opt_parsed::<f64>("value")?,
        estimate: r.flag("estimate")?,
        base,
        note: r.text("note")?,
        entered: stamp(r, "entered_by", "entered_at")?,
    })
}

/// A goal that must exist and not be dropped, read inside a transaction.
async fn live_goal(tx: &mut AnyConnection, id: GoalId) -> Result<GoalRow, StoreError> {
    let sql = format!("SELECT {GOAL_COLUMNS} FROM goals WHERE id = $1");
    let goal = sqlx::query(&sql)
        .bind(id.0)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| goal_from_row(&r))
        .transpose()?
        .flatten()
        .ok_or_else(|| StoreError::NotFound("målet".into()))?;
    if goal.dropped.is_some() {
        return Err(StoreError::Invalid(
            "målet är avslutat och kan inte ändras".into(),
        ));
    }
    Ok(goal)
}

/// The next position among the children of `goal` in `table`.
async fn next_position(
    tx: &mut AnyConnection,
    table: &str,
    goal: GoalId,
) -> Result<i64, StoreError> {
    let sql = format!("SELECT COALESCE(MAX(position), 0) + 1 AS p FROM {table} WHERE goal_id = $1");
    sqlx::query(&sql)
        .bind(goal.0)
        .fetch_one(&mut *tx)
        .await?
        .int("p")
}

/// The next position among a goal's siblings.
async fn next_goal_position(
    tx: &mut AnyConnection,
    parent: Option<GoalId>,
) -> Result<i64, StoreError> {
    let row = match parent {
        Some(p) => {
            sqlx::query(
                "SELECT COALESCE(MAX(position), 0) + 1 AS p FROM goals WHERE parent_id = $1",
            )
            .bind(p.0)
            .fetch_one(&mut *tx)
            .await?
        }
        None => {
            sqlx::query(
                "SELECT COALESCE(MAX(position), 0) + 1 AS p FROM goals WHERE parent_id IS NULL",
            )
            .fetch_one(&mut *tx)
            .await?
        }
    };
    row.int("p")
}

async fn insert_revision(
    tx: &mut AnyConnection,
    goal: GoalId,
    text: &GoalText,
    at: Stamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO goal_revisions (goal_id, title, description, expected_result, perspective, \
           changed_by, changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(goal.0)
    .bind(text.title.clone())
    .bind(text.description.clone())
    .bind(text.expected_result.clone())
    .bind(text.perspective.map(Perspective::code))
    .bind(at.by.0)
    .bind(timestamp_text(at.at))
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The texts of a goal, trimmed, with the title required.
fn clean_text(t: &GoalText) -> Result<GoalText, StoreError> {
    Ok(GoalText {
        title: required(&t.title, "målets rubrik")?,
        description: t.description.trim().to_string(),
        expected_result: t.expected_result.trim().to_string(),
        perspective: t.perspective,
    })
}

/// Insert a goal and its first revision.
async fn insert_goal(
    tx: &mut AnyConnection,
    g: &NewGoal,
    replaces: Option<GoalId>,
    at: Stamp,
) -> Result<GoalId, StoreError> {
    let text = clean_text(&GoalText {
        title: g.title.clone(),
        description: g.description.clone(),
        expected_result: g.expected_result.clone(),
        perspective: g.perspective,
    })?;
    let position = next_goal_position(tx, g.parent).await?;
    let done = sqlx::query(
        "INSERT INTO goals (level, parent_id, plan_first_year, plan_last_year, unit_id, perspective, \
           position, title, description, expected_result, replaces_id, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(g.level.code())
    .bind(g.parent.map(|p| p.0))
    .bind(i64::from(g.plan.first_year()))
    .bind(i64::from(g.plan.last_year()))
    .bind(g.unit.map(|u| u.0))
    .bind(text.perspective.map(Perspective::code))
    .bind(position)
    .bind(text.title.clone())
    .bind(text.description.clone())
    .bind(text.expected_result.clone())
    .bind(replaces.map(|r| r.0))
    .bind(at.by.0)
    .bind(timestamp_text(at.at))
    .fetch_one(&mut *tx)
    .await;
    let id = match done {
        Ok(row) => GoalId(row.int("id")?),
        Err(e) if is_foreign_key_violation(&e) => {
            return Err(StoreError::NotFound(
                "enheten eller det överordnade målet".into(),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    insert_revision(tx, id, &text, at).await?;
    Ok(id)
}

async fn insert_indicator(
    tx: &mut AnyConnection,
    i: &NewGoalIndicator,
    at: Stamp,
) -> Result<GoalIndicatorId, StoreError> {
    let code = required(&i.code, "indikatorn")?;
    let position = next_position(tx, "goal_indicators", i.goal).await?;
    let row = sqlx::query(
        "INSERT INTO goal_indicators (goal_id, source, code, direction, position, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(i.goal.0)
    .bind(i.source.code())
    .bind(code)
    .bind(i.direction.code())
    .bind(position)
    .bind(at.by.0)
    .bind(timestamp_text(at.at))
    .fetch_one(&mut *tx)
    .await?;
    Ok(GoalIndicatorId(row.int("id")?))
}

async fn insert_target(
    tx: &mut AnyConnection,
    indicator: GoalIndicatorId,
    kind: TargetKind,
    value: Option<&Target>,
    at: Stamp,
) -> Result<(), StoreError> {
    let (number, text) = match value {
        Some(Target::Number(n)) => (Some(number_text(*n)?), None),
        Some(Target::Text(t)) => (None, Some(required(t, "målvärdet")?)),
        None => (None, None),
    };
    let done = sqlx::query(
        "INSERT INTO goal_targets (goal_indicator_id, kind, number, text, set_by, set_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(indicator.0)
    .bind(kind.code())
    .bind(number)
    .bind(text)
    .bind(at.by.0)
    .bind(timestamp_text(at.at))
    .execute(&mut *tx)
    .await;
    match done {
        Ok(_) => Ok(()),
        Err(e) if is_foreign_key_violation(&e) => Err(StoreError::NotFound("indikatorn".into())),
        Err(e) => Err(e.into()),
    }
}

async fn insert_value(
    tx: &mut AnyConnection,
    v: &NewManualValue,
    at: Stamp,
) -> Result<i64, StoreError> {
    let series = required(&v.series, "serien")?;
    let period = required(&v.period, "perioden")?;
    let value = v.value.map(number_text).transpose()?;
    let done = sqlx::query(
        "INSERT INTO manual_values (series_code, unit_id, period, gender, value, estimate, base, \
           note, entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(series)
    .bind(v.unit.map(|u| u.0))
    .bind(period)
    .bind(gender_text(v.gender))
    .bind(value)
    .bind(bool_int(v.estimate))
    .bind(v.base.map(i64::from))
    .bind(v.note.trim().to_string())
    .bind(at.by.0)
    .bind(timestamp_text(at.at))
    .fetch_one(&mut *tx)
    .await;
    match done {
        Ok(row) => Ok(row.int("id")?),
        Err(e) if is_foreign_key_violation(&e) => Err(StoreError::NotFound("enheten".into())),
        Err(e) => Err(e.into()),
    }
}

/// One row of the event log, decoded.
pub(crate) fn followup_event(r: &AnyRow) -> Result<(CaseId, RecordedEvent), StoreError> {
    let payload = r.text("payload")?;
    let event: CaseEvent = serde_json::from_str(&payload)
        .map_err(|e| StoreError::corrupt(format!("händelse: {e}")))?;
    let version =
        u64::try_from(r.int("version")?).map_err(|_| StoreError::corrupt("negativ version"))?;
    Ok((
        r.parsed("case_id")?,
        RecordedEvent {
            version,
            recorded_by: UserId(r.int("recorded_by")?),
            recorded_at: r.parsed("recorded_at")?,
            occurred_on: r.parsed("occurred_on")?,
            event,
        },
    ))
}

/// Read a whole table in id order.
async fn all_rows<T>(
    store: &Store,
    sql: &str,
    decode: fn(&AnyRow) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    sqlx::query(sql)
        .fetch_all(&store.pool)
        .await?
        .iter()
        .map(decode)
        .collect()
}

/// Read a whole table in id order, leaving out the rows `decode` does not
/// know (`None`).
async fn known_rows<T>(
    store: &Store,
    sql: &str,
    decode: fn(&AnyRow) -> Result<Option<T>, StoreError>,
) -> Result<Vec<T>, StoreError> {
    sqlx::query(sql)
        .fetch_all(&store.pool)
        .await?
        .iter()
        .filter_map(|r| decode(r).transpose())
        .collect()
}

/// Parents before children, siblings by position: a walk from the roots. A
/// goal whose parent is missing (cannot happen: a foreign key) comes last.
fn tree_order(rows: Vec<GoalRow>) -> Vec<GoalRow> {
    let mut children: HashMap<Option<GoalId>, Vec<usize>> = HashMap::new();
    for (i, g) in rows.iter().enumerate() {
        children.entry(g.parent).or_default().push(i);
    }
    for list in children.values_mut() {
        list.sort_by_key(|&i| (rows[i].position, rows[i].id));
    }
    let mut order = Vec::with_capacity(rows.len());
    let mut seen = HashSet::new();
    let mut stack: Vec<usize> = children.get(&None).cloned().unwrap_or_default();
    stack.reverse();
    while let Some(i) = stack.pop() {
        if !seen.insert(i) {
            continue;
        }
        order.push(i);
        if let Some(cs) = children.get(&Some(rows[i].id)) {
            stack.extend(cs.iter().rev());
        }
    }
    order.extend((0..rows.len()).filter(|i| !seen.contains(i)));
    let mut slots: Vec<Option<GoalRow>> = rows.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

impl Store {
    // Facts ---------------------------------------------------------------------

    /// Every person as the follow-up needs them: id, gender and birth date.
    /// Names, identity numbers and addresses are left empty: figures never
    /// need them, so they are not read.
    /// They come by id, so that builds and snapshots take them in one order.
    pub async fn persons_for_followup(&self) -> Result<Vec<Person>, StoreError> {
        // Sorted here: on SQLite an ORDER BY id walks the primary key's
        // index and looks every row up, several times slower than a scan.
        let mut persons = persons_for_followup_where(&self.pool, "", None).await?;
        persons.sort_by_key(|p| p.id);
        Ok(persons)
    }

    /// The events of the cases whose id lies in `from..to` (as text; `None`:
    /// no bound), by case and version: the event log in slices that can be
    /// read in parallel (the follow-up's facts read a few slices at once,
    /// each decoded on its own thread). Together the slices `..a`, `a..b`,
    /// `b..` are exactly [`Store::all_events`].
    pub async fn events_for_followup(
        &self,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Vec<(CaseId, RecordedEvent)>, StoreError> {
        let mut conditions = Vec::new();
        if from.is_some() {
            conditions.push(format!("case_id >= ${}", conditions.len() + 1));
        }
        if to.is_some() {
            conditions.push(format!("case_id < ${}", conditions.len() + 1));
        }
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        };
        let sql = format!(
            "SELECT case_id, version, recorded_by, recorded_at, occurred_on, payload \
             FROM events{filter} ORDER BY case_id, version"
        );
        let mut q = sqlx::query(&sql);
        for bound in [from, to].into_iter().flatten() {
            q = q.bind(bound.to_string());
        }
        let rows = q.fetch_all(&self.pool).await?;
        // Decoding the JSON payloads is most of the work: split it over the
        // cores (each chunk keeps its order, so the result does too).
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 8);
        let chunk = rows.len().div_ceil(threads).max(1);
        let parts: Vec<Result<Vec<(CaseId, RecordedEvent)>, StoreError>> =
            std::thread::scope(|s| {
                let handles: Vec<_> = rows
                    .chunks(chunk)
                    .map(|part| s.spawn(move || part.iter().map(followup_event).collect()))
                    .collect();
                handles
                    .into_iter()
                    // A panic while decoding is a bug: pass it on.
                    .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                    .collect()
            });
        let mut out = Vec::with_capacity(rows.len());
        for p in parts {
            out.extend(p?);
        }
        Ok(out)
    }

    /// The number of events and persons: a cheap check whether facts built
    /// from them are still current. The events are counted as the sum of
    /// the cases' versions (a case's version is its number of events, and
    /// both change in one transaction): a city's cases are an eighth of its
    /// events, and counting them took a tenth of the time on PostgreSQL
    /// (0.15 s against 1.6 s at a million cases).
    pub async fn facts_stamp(&self) -> Result<FactsStamp, StoreError> {
        let row = sqlx::query(
            "SELECT (SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM cases) AS events, \
             (SELECT COUNT(*) FROM persons) AS persons, \
             (SELECT last FROM change_sequence WHERE id = 1) AS changes",
        )
        .fetch_one(&self.pool)
        .await?;
        let count = |c: &str| -> Result<u64, StoreError> {
            u64::try_from(row.int(c)?).map_err(|_| StoreError::corrupt("negativt antal"))
        };
        Ok(FactsStamp {
            events: count("events")?,
            persons: count("persons")?,
            changes: count("changes")?,
        })
    }

    // Goals --------------------------------------------------------------------------

    /// Add a goal after its siblings. The texts are trimmed and the title is
    /// required; a parent must exist and not be dropped.
    pub async fn add_goal(&self, g: &NewGoal, at: Stamp) -> Result<GoalId, StoreError> {
        let g = g.clone();
        self.write(move |tx| {
            Box::pin(async move {
                if let Some(parent) = g.parent {
                    live_goal(tx, parent).await?;
                }
                let id = insert_goal(tx, &g, None, at).await?;
                Ok(id)
            })
        })
        .await
    }

    pub async fn goal(&self, id: GoalId) -> Result<Option<GoalRow>, StoreError> {
        let sql = format!("SELECT {GOAL_COLUMNS} FROM goals WHERE id = $1");
        sqlx::query(&sql)
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| goal_from_row(&r))
            .transpose()
            .map(Option::flatten)
    }

    /// Change a goal's texts (a new revision; the old texts stay in
    /// [`Store::goal_revisions`]). A dropped goal cannot be edited.
    pub async fn edit_goal(&self, id: GoalId, t: &GoalText, at: Stamp) -> Result<(), StoreError> {
        let text = clean_text(t)?;
        self.write(move |tx| {
            Box::pin(async move {
                live_goal(tx, id).await?;
                sqlx::query(
                    "UPDATE goals SET title = $1, description = $2, expected_result = $3, perspective = $4 \
                     WHERE id = $5",
                )
                .bind(text.title.clone())
                .bind(text.description.clone())
                .bind(text.expected_result.clone())
                .bind(text.perspective.map(Perspective::code))
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
                insert_revision(tx, id, &text, at).await?;
                Ok(())
            })
        })
        .await
    }

    /// Every version of a goal's texts, oldest first (the first is the text
    /// it was created with).
    pub async fn goal_revisions(&self, id: GoalId) -> Result<Vec<GoalRevision>, StoreError> {
        sqlx::query(
            "SELECT goal_id, title, description, expected_result, perspective, changed_by, changed_at \
             FROM goal_revisions WHERE goal_id = $1 ORDER BY id",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(GoalRevision {
                goal: GoalId(r.int("goal_id")?),
                text: GoalText {
                    title: r.text("title")?,
                    description: r.text("description")?,
                    expected_result: r.text("expected_result")?,
                    perspective: perspective(r)?,
                },
                changed: stamp(r, "changed_by", "changed_at")?,
            })
        })
        .collect()
    }

    /// Mark a goal, and every goal under it that is not dropped yet, as
    /// dropped in the plan period `dropped_in` (followed no more from its
    /// first year). Nothing is deleted.
    pub async fn drop_goal(
        &self,
        id: GoalId,
        dropped_in: PlanPeriod,
        reason: &str,
        at: Stamp,
    ) -> Result<(), StoreError> {
        let reason = reason.to_string();
        self.write(move |tx| {
            Box::pin(async move {
                live_goal(tx, id).await?;
                let sql = format!("SELECT {GOAL_COLUMNS} FROM goals");
                let all: Vec<GoalRow> = sqlx::query(&sql)
                    .fetch_all(&mut *tx)
                    .await?
                    .iter()
                    .filter_map(|r| goal_from_row(r).transpose())
                    .collect::<Result<_, _>>()?;
                let mut subtree: HashSet<GoalId> = HashSet::from([id]);
                loop {
                    let before = subtree.len();
                    for g in &all {
                        if g.parent.is_some_and(|p| subtree.contains(&p)) {
                            subtree.insert(g.id);
                        }
                    }
                    if subtree.len() == before {
                        break;
                    }
                }
                for g in all
                    .iter()
                    .filter(|g| subtree.contains(&g.id) && g.dropped.is_none())
                {
                    sqlx::query(
                        "UPDATE goals SET dropped_first_year = $1, dropped_last_year = $2, \
                           dropped_reason = $3, dropped_by = $4, dropped_at = $5 WHERE id = $6",
                    )
                    .bind(i64::from(dropped_in.first_year()))
                    .bind(i64::from(dropped_in.last_year()))
                    .bind(reason.trim().to_string())
                    .bind(at.by.0)
                    .bind(timestamp_text(at.at))
                    .bind(g.id.0)
                    .execute(&mut *tx)
                    .await?;
                }
                Ok(())
            })
        })
        .await
    }

    /// Attach an indicator to a goal, after its other indicators.
    pub async fn add_goal_indicator(
        &self,
        i: &NewGoalIndicator,
        at: Stamp,
    ) -> Result<GoalIndicatorId, StoreError> {
        let i = i.clone();
        self.write(move |tx| {
            Box::pin(async move {
                live_goal(tx, i.goal).await?;
                let id = insert_indicator(tx, &i, at).await?;
                Ok(id)
            })
        })
        .await
    }

    /// Attach an indicator with its targets in one transaction.
    pub async fn add_goal_indicator_with_targets(
        &self,
        i: &NewGoalIndicator,
        annual: Option<&Target>,
        council: Option<&Target>,
        at: Stamp,
    ) -> Result<GoalIndicatorId, StoreError> {
        let i = i.clone();
        let annual = annual.cloned();
        let council = council.cloned();
        self.write(move |tx| {
            Box::pin(async move {
                live_goal(tx, i.goal).await?;
                let id = insert_indicator(tx, &i, at).await?;
                for (kind, value) in [(TargetKind::Annual, annual), (TargetKind::Council, council)]
                {
                    if value.is_some() {
                        insert_target(tx, id, kind, value.as_ref(), at).await?;
                    }
                }
                Ok(id)
            })
        })
        .await
    }

    pub async fn goal_indicator(
        &self,
        id: GoalIndicatorId,
    ) -> Result<Option<GoalIndicatorRow>, StoreError> {
        let sql = format!("SELECT {INDICATOR_COLUMNS} FROM goal_indicators WHERE id = $1");
        sqlx::query(&sql)
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| indicator_from_row(&r))
            .transpose()
            .map(Option::flatten)
    }

    /// Stop following an indicator under its goal (kept in the history).
    pub async fn drop_goal_indicator(
        &self,
        id: GoalIndicatorId,
        at: Stamp,
    ) -> Result<(), StoreError> {
        self.mark_dropped(DroppedTable::GoalIndicators, id.0, at)
            .await
    }

    /// Set (or with `None` remove) a target of a goal indicator. Appended:
    /// the newest holds.
    pub async fn set_target(
        &self,
        indicator: GoalIndicatorId,
        kind: TargetKind,
        value: Option<&Target>,
        at: Stamp,
    ) -> Result<(), StoreError> {
        self.set_targets(indicator, &[(kind, value)], at).await
    }

    /// Set several targets of a goal indicator at once (annual and council):
    /// all are written or none.
    pub async fn set_targets(
        &self,
        indicator: GoalIndicatorId,
        targets: &[(TargetKind, Option<&Target>)],
        at: Stamp,
    ) -> Result<(), StoreError> {
        let targets: Vec<(TargetKind, Option<Target>)> =
            targets.iter().map(|(k, v)| (*k, v.cloned())).collect();
        self.write(move |tx| {
            Box::pin(async move {
                for (kind, value) in &targets {
                    insert_target(tx, indicator, *kind, value.as_ref(), at).await?;
                }
                Ok(())
            })
        })
        .await
    }

    /// Add an activity under a goal. The end may not lie before the start.
    pub async fn add_activity(&self, a: &NewActivity, at: Stamp) -> Result<ActivityId, StoreError> {
        let title = required(&a.title, "aktivitetens rubrik")?;
        if let (Some(s), Some(e)) = (a.starts_on, a.ends_on)
            && e < s
        {
            return Err(StoreError::Invalid(format!(
                "aktivitetens slutdatum {e} ligger före startdatum {s}"
            )));
        }
        let a = a.clone();
        self.write(move |tx| {
            Box::pin(async move {
                live_goal(tx, a.goal).await?;
                let position = next_position(tx, "goal_activities", a.goal).await?;
                let row = sqlx::query(
                    "INSERT INTO goal_activities (goal_id, title, starts_on, ends_on, position, created_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(a.goal.0)
                .bind(title)
                .bind(a.starts_on.map(date_text))
                .bind(a.ends_on.map(date_text))
                .bind(position)
                .bind(at.by.0)
                .bind(timestamp_text(at.at))
                .fetch_one(&mut *tx)
                .await?;
                let id = ActivityId(row.int("id")?);
                Ok(id)
            })
        })
        .await
    }

    pub async fn activity(&self, id: ActivityId) -> Result<Option<ActivityRow>, StoreError> {
        let sql = format!("SELECT {ACTIVITY_COLUMNS} FROM goal_activities WHERE id = $1");
        sqlx::query(&sql)
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| activity_from_row(&r))
            .transpose()
    }

    /// Write the follow-up of an activity: deviation and analysis (appended).
    pub async fn follow_up_activity(
        &self,
        activity: ActivityId,
        deviation: &str,
        analysis: &str,
        at: Stamp,
    ) -> Result<(), StoreError> {
        let deviation = deviation.trim().to_string();
        let analysis = analysis.trim().to_string();
        self.write(move |tx| {
            Box::pin(async move {
                let done = sqlx::query(
                    "INSERT INTO goal_activity_followups (activity_id, deviation, analysis, written_by, written_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(activity.0)
                .bind(deviation)
                .bind(analysis)
                .bind(at.by.0)
                .bind(timestamp_text(at.at))
                .execute(&mut *tx)
                .await;
                done.map(|_| ()).map_err(missing_reference("aktiviteten"))
            })
        })
        .await
    }

    /// Stop following an activity (kept in the history).
    pub async fn drop_activity(&self, id: ActivityId, at: Stamp) -> Result<(), StoreError> {
        self.mark_dropped(DroppedTable::GoalActivities, id.0, at)
            .await
    }

    /// Mark a row of `table` dropped by `at` (once; a row already dropped
    /// or not there is "not found").
    async fn mark_dropped(
        &self,
        table: DroppedTable,
        id: i64,
        at: Stamp,
    ) -> Result<(), StoreError> {
        let (table, what) = match table {
            DroppedTable::GoalIndicators => ("goal_indicators", "indikatorn"),
            DroppedTable::GoalActivities => ("goal_activities", "aktiviteten"),
        };
        self.write(move |tx| {
            Box::pin(async move {
                let done = sqlx::query(&format!(
                    "UPDATE {table} SET dropped_by = $1, dropped_at = $2 \
                     WHERE id = $3 AND dropped_at IS NULL"
                ))
                .bind(at.by.0)
                .bind(timestamp_text(at.at))
                .bind(id)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound(what.into()));
                }
                Ok(())
            })
        })
        .await
    }

    /// Record a judgement of a goal for a period (a status code and an
    /// analysis). Appended: earlier judgements stay as the history.
    pub async fn assess_goal(
        &self,
        goal: GoalId,
        period: &str,
        status: GoalStatus,
        analysis: &str,
        at: Stamp,
    ) -> Result<i64, StoreError> {
        let period = required(period, "perioden")?;
        let analysis = analysis.to_string();
        self.write(move |tx| {
            Box::pin(async move {
                live_goal(tx, goal).await?;
                let row = sqlx::query(
                    "INSERT INTO goal_assessments (goal_id, period, status, analysis, assessed_by, assessed_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(goal.0)
                .bind(period)
                .bind(status.code())
                .bind(analysis.trim().to_string())
                .bind(at.by.0)
                .bind(timestamp_text(at.at))
                .fetch_one(&mut *tx)
                .await?;
                let id = row.int("id")?;
                Ok(id)
            })
        })
        .await
    }

    /// Every goal of every plan period with everything attached. The goals
    /// of a municipality are a few hundred rows at most: read whole.
    pub async fn goal_records(&self) -> Result<GoalRecords, StoreError> {
        let goals = known_rows(
            self,
            &format!("SELECT {GOAL_COLUMNS} FROM goals ORDER BY id"),
            goal_from_row,
        )
        .await?;
        let goals = tree_order(goals);
        let order: HashMap<GoalId, usize> =
            goals.iter().enumerate().map(|(i, g)| (g.id, i)).collect();
        let mut indicators = known_rows(
            self,
            &format!("SELECT {INDICATOR_COLUMNS} FROM goal_indicators ORDER BY id"),
            indicator_from_row,
        )
        .await?;
        indicators.sort_by_key(|i| (order.get(&i.goal).copied(), i.position, i.id));
        let mut activities = all_rows(
            self,
            &format!("SELECT {ACTIVITY_COLUMNS} FROM goal_activities ORDER BY id"),
            activity_from_row,
        )
        .await?;
        activities.sort_by_key(|a| (order.get(&a.goal).copied(), a.position, a.id));
        Ok(GoalRecords {
            goals,
            indicators,
            targets: known_rows(
                self,
                "SELECT goal_indicator_id, kind, number, text, set_by, set_at \
                 FROM goal_targets ORDER BY id",
                target_from_row,
            )
            .await?,
            activities,
            activity_followups: all_rows(
                self,
                "SELECT activity_id, deviation, analysis, written_by, written_at \
                 FROM goal_activity_followups ORDER BY id",
                activity_followup_from_row,
            )
            .await?,
            assessments: known_rows(
                self,
                "SELECT id, goal_id, period, status, analysis, assessed_by, assessed_at \
                 FROM goal_assessments ORDER BY id",
                assessment_from_row,
            )
            .await?,
        })
    }

    /// Start plan period `to` from plan period `from`: every goal of `from`
    /// that is not dropped, with its indicators that are not dropped and
    /// their current targets, as new rows that point back at the old ones.
    /// Activities and assessments stay with the old period, which is left as
    /// it was. Refused when goals of `from` were carried over to `to`
    /// already. Returns the number of goals carried over.
    pub async fn carry_over_goals(
        &self,
        from: PlanPeriod,
        to: PlanPeriod,
        at: Stamp,
    ) -> Result<usize, StoreError> {
        if from == to || to.first_year() <= from.first_year() {
            return Err(StoreError::Invalid(format!(
                "målen förs över till en senare planperiod (från {}-{} till {}-{})",
                from.first_year(),
                from.last_year(),
                to.first_year(),
                to.last_year()
            )));
        }
        let records = self.goal_records().await?;
        self.write(move |tx| {
            Box::pin(async move {
                let already = sqlx::query(
                    "SELECT COUNT(*) AS n FROM goals g JOIN goals p ON g.replaces_id = p.id \
                     WHERE g.plan_first_year = $1 AND g.plan_last_year = $2 \
                       AND p.plan_first_year = $3 AND p.plan_last_year = $4",
                )
                .bind(i64::from(to.first_year()))
                .bind(i64::from(to.last_year()))
                .bind(i64::from(from.first_year()))
                .bind(i64::from(from.last_year()))
                .fetch_one(&mut *tx)
                .await?
                .int("n")?;
                if already > 0 {
                    return Err(StoreError::AlreadyExists(format!(
                        "målen för planperioden {}-{}",
                        to.first_year(),
                        to.last_year()
                    )));
                }
                let mut new_ids: HashMap<GoalId, GoalId> = HashMap::new();
                // Parents come before children in `records.goals`.
                for g in records
                    .goals
                    .iter()
                    .filter(|g| g.plan == from && g.dropped.is_none())
                {
                    let parent = match g.parent {
                        None => None,
                        // A parent of the same period must have been carried over;
                        // one of another period (a shared goal of a longer plan) is
                        // kept as it is.
                        Some(p) => match new_ids.get(&p) {
                            Some(np) => Some(*np),
                            None if records.goal(p).is_some_and(|pg| pg.plan == from) => continue,
                            None => Some(p),
                        },
                    };
                    let new = NewGoal {
                        level: g.level,
                        parent,
                        plan: to,
                        unit: g.unit,
                        perspective: g.perspective,
                        title: g.title.clone(),
                        description: g.description.clone(),
                        expected_result: g.expected_result.clone(),
                    };
                    let id = insert_goal(tx, &new, Some(g.id), at).await?;
                    new_ids.insert(g.id, id);
                    for i in records.indicators_of(g.id).filter(|i| i.dropped.is_none()) {
                        let ni = insert_indicator(
                            tx,
                            &NewGoalIndicator {
                                goal: id,
                                source: i.source,
                                code: i.code.clone(),
                                direction: i.direction,
                            },
                            at,
                        )
                        .await?;
                        for kind in TargetKind::ALL {
                            if let Some(v) = records.target(i.id, kind) {
                                insert_target(tx, ni, kind, Some(v), at).await?;
                            }
                        }
                    }
                }
                Ok(new_ids.len())
            })
        })
        .await
    }

    // Manual series ---------------------------------------------------------------

    /// Create a series in addition to the standard ones. Codes are unique
    /// ([`StoreError::AlreadyExists`]).
    pub async fn create_manual_series(
        &self,
        s: &NewManualSeries,
        at: Stamp,
    ) -> Result<(), StoreError> {
        let code = required(&s.code, "seriens kod")?;
        let name = required(&s.name, "seriens namn")?;
        let unit_code = required(&s.unit_code, "seriens måttenhet")?;
        let description = s.description.trim().to_string();
        let counts_persons = s.counts_persons;
        self.write(move |tx| {
            Box::pin(async move {
                let done = sqlx::query(
                    "INSERT INTO manual_series (code, name, description, unit_code, counts_persons, created_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(code.clone())
                .bind(name)
                .bind(description)
                .bind(unit_code)
                .bind(bool_int(counts_persons))
                .bind(at.by.0)
                .bind(timestamp_text(at.at))
                .execute(&mut *tx)
                .await;
                match done {
                    Ok(_) => Ok(()),
                    Err(e) if is_unique_violation(&e) => {
                        Err(StoreError::AlreadyExists(format!("serien {code}")))
                    }
                    Err(e) => Err(e.into()),
                }
            })
        })
        .await
    }

    /// The series the municipality has added, by name.
    pub async fn manual_series(&self) -> Result<Vec<ManualSeriesRow>, StoreError> {
        all_rows(
            self,
            &format!("SELECT {SERIES_COLUMNS} FROM manual_series ORDER BY name, code"),
            series_from_row,
        )
        .await
    }

    /// Enter a value. It supersedes the current value for the same series,
    /// unit, period and gender, which is kept.
    pub async fn enter_manual_value(
        &self,
        v: &NewManualValue,
        at: Stamp,
    ) -> Result<i64, StoreError> {
        let v = v.clone();
        self.write(move |tx| {
            Box::pin(async move {
                let id = insert_value(tx, &v, at).await?;
                Ok(id)
            })
        })
        .await
    }

    /// Enter several values (the parts of one period) in one transaction:
    /// all or none.
    pub async fn enter_manual_values(
        &self,
        values: &[NewManualValue],
        at: Stamp,
    ) -> Result<(), StoreError> {
        let values = values.to_vec();
        self.write(move |tx| {
            Box::pin(async move {
                for v in &values {
                    insert_value(tx, v, at).await?;
                }
                Ok(())
            })
        })
        .await
    }

    /// Every value ever entered, superseded ones included, oldest first (the
    /// last per series, unit, period and gender holds).
    pub async fn manual_values(&self) -> Result<Vec<ManualValueRow>, StoreError> {
        all_rows(
            self,
            &format!("SELECT {VALUE_COLUMNS} FROM manual_values ORDER BY id"),
            value_from_row,
        )
        .await
    }

    /// The current values (the newest per series, unit, period and gender).
    pub async fn current_manual_values(&self) -> Result<Vec<ManualValueRow>, StoreError> {
        all_rows(
            self,
            &format!(
                "SELECT {VALUE_COLUMNS} FROM manual_values WHERE id IN \
                   (SELECT MAX(id) FROM manual_values GROUP BY series_code, unit_id, period, gender) \
                 ORDER BY id"
            ),
            value_from_row,
        )
        .await
    }

    // Report texts --------------------------------------------------------------

    /// Write (or rewrite) a text of a report. Appended: the newest per unit,
    /// report kind, period and section holds.
    pub async fn write_report_text(&self, t: &ReportText) -> Result<(), StoreError> {
        let kind = required(&t.report_kind, "rapporttypen")?;
        let period = required(&t.period, "perioden")?;
        let section = required(&t.section, "avsnittet")?;
        let unit = t.unit.map(|u| u.0);
        let text = t.text.trim().to_string();
        let written = t.written;
        self.write(move |tx| {
            Box::pin(async move {
                let done = sqlx::query(
                    "INSERT INTO report_texts (unit_id, report_kind, period, section, text, written_by, written_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(unit)
                .bind(kind)
                .bind(period)
                .bind(section)
                .bind(text)
                .bind(written.by.0)
                .bind(timestamp_text(written.at))
                .execute(&mut *tx)
                .await;
                done.map(|_| ()).map_err(missing_reference("enheten"))
            })
        })
        .await
    }

    /// The current texts of a report (one per section, by section).
    pub async fn report_texts(
        &self,
        unit: Option<UnitId>,
        report_kind: &str,
        period: &str,
    ) -> Result<Vec<ReportText>, StoreError> {
        let unit_filter = if unit.is_some() {
            "unit_id = $3"
        } else {
            "unit_id IS NULL"
        };
        let sql = format!(
            "SELECT id, unit_id, report_kind, period, section, text, written_by, written_at \
             FROM report_texts WHERE report_kind = $1 AND period = $2 AND {unit_filter} ORDER BY id"
        );
        let mut q = sqlx::query(&sql)
            .bind(report_kind.to_string())
            .bind(period.to_string());
        if let Some(u) = unit {
            q = q.bind(u.0);
        }
        let mut latest: Vec<ReportText> = Vec::new();
        for r in q.fetch_all(&self.pool).await? {
            let t = ReportText {
                unit: r.opt_int("unit_id")?.map(UnitId),
                report_kind: r.text("report_kind")?,
                period: r.text("period")?,
                section: r.text("section")?,
                text: r.text("text")?,
                written: stamp(&r, "written_by", "written_at")?,
            };
            latest.retain(|x| x.section != t.section);
            latest.push(t);
        }
        latest.sort_by(|a, b| a.section.cmp(&b.section));
        Ok(latest)
    }
}

/// [`Store::persons_for_followup`] with a condition (`$1` bound to `arg`),
/// in no particular order.
pub(crate) async fn persons_for_followup_where(
    pool: &sqlx::AnyPool,
    condition: &str,
    arg: Option<i64>,
) -> Result<Vec<Person>, StoreError> {
    let sql = format!("SELECT id, gender, birth_date FROM persons {condition}");
    let mut q = sqlx::query(&sql);
    if let Some(a) = arg {
        q = q.bind(a);
    }
    q.fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            let gender = r.text("gender")?;
            Ok(Person {
                id: r.parsed("id")?,
                identity_number: None,
                given_name: String::new(),
                family_name: String::new(),
                gender: Gender::from_code(&gender)
                    .ok_or_else(|| StoreError::corrupt(format!("okänt kön {gender:?}")))?,
                birth_date: r.opt_parsed("birth_date")?,
                protected: false,
                address: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_as_text() {
        for v in [0.0, 84.7, 85.29, 1.0 / 3.0, 1e-7, 12_216.0, -471_500.0] {
            let t = number_text(v).unwrap();
            assert_eq!(t.parse::<f64>().unwrap(), v, "{t}");
        }
        assert!(number_text(f64::NAN).is_err());
        assert!(number_text(f64::INFINITY).is_err());
    }

    #[test]
    fn genders_round_trip() {
        for g in [
            None,
            Some(Gender::Male),
            Some(Gender::Female),
            Some(Gender::Unknown),
        ] {
            assert_eq!(gender_from_text(gender_text(g)).unwrap(), g);
        }
    }
}
