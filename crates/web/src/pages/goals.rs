//! Goals: the goal tree for a unit and a year, with each goal's status,
//! indicators (outcome, last year, targets), activities and history; and the
//! small forms unit managers edit it with.
//!
//! - `GET /goals?year=&unit=` shows the goals followed in the year: the
//!   shared goals above the unit (KF inriktningsmål, KF-mål, nämndmål) and
//!   the unit's enhetsmål. Managers see their own unit with exact figures;
//!   analysts choose a unit and see published figures (small cells hidden).
//! - `GET /goals/form?form=<kind>&goal=&activity=&year=` shows one form;
//!   `POST /goals/form` checks it with the follow-up crate's rules
//!   ([`validate_goal`], [`validate_assessment`]) and stores it, or shows it
//!   again with Swedish messages beside the fields, everything typed kept and
//!   nothing stored (422). Forms: add a goal under a parent, edit a goal's
//!   texts, add an indicator with its targets, change an indicator's
//!   targets, remove an indicator, add an activity, follow up an activity,
//!   remove an activity, set a goal's status with an analysis, end a goal,
//!   and carry the goals of a plan period over to the next one.
//!
//! Nothing is deleted or overwritten in the store: edits are revisions,
//! statuses and targets are appended (the history shows every judgement,
//! who and when), and a removed indicator or activity is marked so, with
//! who and when, not deleted.
//! Goals above the unit are shared by every unit and belong to the analyst
//! (utvecklingsledare/controller), who keeps the committee's follow-up; a
//! unit manager edits the enhetsmål of their own unit, and may hang a new
//! one under a nämndmål, but changes no shared goal and carries nothing
//! over ([`crate::permissions::may_edit_goal`]).

use crate::AppState;
use crate::error::{WebError, store_refusal};
use crate::followup_data::{all_series, goals_from_records, manual_values, part_of};
use crate::followup_view::{Scope, Tab, decimals, figure, scope, show, tabs};
use crate::forms::{
    Errors, Field, FieldView, FormData, Kind, Query, SummaryItem, parse_date, read, year_param,
};
use crate::i18n::Tr;
use crate::permissions::may_edit_goal as may_edit_goal_of;
use crate::session::CurrentUser;
use crate::time::format_timestamp;
use crate::view::Opt;
use crate::view::{Layout, NavItem, Section, html, html_status};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::collections::HashMap;
use tillit_domain::UserId;
use tillit_followup::goals::{
    Activity, ActivityId, Assessment, Direction, Goal, GoalError, GoalId, GoalIndicator, GoalLevel,
    GoalStatus, IndicatorRef, IndicatorSource, MAX_TEXT_CHARS, MAX_TITLE_CHARS, Perspective,
    PlanPeriod, Target, TargetKind, check_target, validate_assessment, validate_goal,
};
use tillit_followup::manual::{ManualError, ManualSeries, manual_table, parse_value};
use tillit_followup::{
    Breakdown, DEFAULT_THRESHOLD, Filter, IndicatorId, Period, Published, compute,
    computed_indicators, suppress,
};
use tillit_store::{
    ActivityRow, GoalIndicatorRow, GoalRecords, NewActivity, NewGoal, NewGoalIndicator, Stamp,
    StoreError,
};

// The tree --------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
pub struct GoalsQuery {
    #[serde(default)]
    year: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    saved: String,
    /// After a carry-over: how many goals, and to which plan period.
    #[serde(default)]
    carried: String,
    #[serde(default)]
    plan: String,
}

struct StatusView {
    symbol: &'static str,
    code: &'static str,
    label: String,
    period: String,
    analysis: String,
    by: String,
}

struct IndicatorView {
    name: String,
    href: String,
    outcome: String,
    boys: String,
    girls: String,
    last_year: String,
    annual_target: String,
    council_target: String,
    meets: String,
    /// The forms changing its targets and removing it (empty when the user
    /// may not edit the goal).
    targets_href: String,
    drop_href: String,
}

struct ActivityView {
    title: String,
    start: String,
    end: String,
    deviation: String,
    analysis: String,
    written: String,
    follow_up_href: String,
    /// The form removing it (empty when the user may not edit the goal).
    drop_href: String,
}

struct GoalView {
    id: i64,
    depth: u8,
    level_label: String,
    title: String,
    description: String,
    expected_result: String,
    perspective: String,
    plan: String,
    status: Option<StatusView>,
    history: Vec<StatusView>,
    indicators: Vec<IndicatorView>,
    activities: Vec<ActivityView>,
    replaces: String,
    links: Vec<NavItem>,
    /// The user may edit this goal: its indicators and activities get links.
    editable: bool,
}

#[derive(Template)]
#[template(path = "followup_goals.html")]
struct GoalsPage {
    l: Layout,
    tabs: Vec<NavItem>,
    scope: Scope,
    year: i16,
    years: Vec<Opt>,
    goals: Vec<GoalView>,
    may_edit: bool,
    add_href: String,
    carry_over_href: String,
    notice: Option<String>,
}

fn year_options(year: i16, today_year: i16) -> Vec<Opt> {
    let last = today_year.max(year) + 1;
    (last - 7..=last)
        .rev()
        .map(|y| Opt {
            value: y.to_string(),
            label: y.to_string(),
            selected: y == year,
        })
        .collect()
}

fn user_name(names: &HashMap<UserId, String>, tr: Tr, id: UserId) -> String {
    names
        .get(&id)
        .cloned()
        .unwrap_or_else(|| tr.t1("user-unknown", "id", id.0.to_string()))
}

fn target_text(t: &Option<Target>, unit: Option<tillit_followup::MeasureUnit>, d: u8) -> String {
    match t {
        None => String::new(),
        Some(Target::Text(s)) => s.clone(),
        Some(Target::Number(n)) => match unit {
            Some(u) => figure(u, d, *n),
            None => tillit_reports::format::number(*n, d),
        },
    }
}

/// Whether a goal shows for `unit` in `year`: followed that year, and an
/// enhetsmål only for its own unit (every unit's when `unit` is `None`).
fn shown(g: &Goal, year: i16, unit: Option<tillit_domain::UnitId>) -> bool {
    g.is_active_in(year)
        && match (unit, g.level) {
            (Some(u), GoalLevel::Enhetsmal) => g.unit == Some(u),
            _ => true,
        }
}

/// May `user` edit this goal? The one rule, [`may_edit_goal_of`]: shared
/// goals the analyst, an enhetsmål its unit's manager.
fn may_edit_goal(user: &CurrentUser, g: &Goal) -> bool {
    may_edit_goal_of(user.subject(), g.unit)
}

/// May `user` add a goal of `level`? An enhetsmål belongs to the user's
/// unit (a user without one adds none), every other level to no unit.
fn may_add_goal(user: &CurrentUser, level: GoalLevel) -> bool {
    if level == GoalLevel::Enhetsmal {
        user.unit.is_some() && may_edit_goal_of(user.subject(), user.unit)
    } else {
        may_edit_goal_of(user.subject(), None)
    }
}

/// May `user` add a goal under `parent`?
fn may_add_under(user: &CurrentUser, parent: &Goal) -> bool {
    parent
        .level
        .child_level()
        .is_some_and(|l| may_add_goal(user, l))
}

/// `GET /goals`.
pub async fn page(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<GoalsQuery>,
) -> Result<Response, WebError> {
    let today = state.today();
    let year = year_param(&q.year, today.year());
    let Ok(year_period) = Period::year(year) else {
        return Err(WebError::BadRequest);
    };
    let scope = scope(&state, tr, &user, &q.unit).await?;
    let store = state.store();
    let records = store.goal_records().await?;
    let goals = goals_from_records(&records, Some(year));
    let series = all_series(&store.manual_series().await?);
    let values = manual_values(&store.manual_values().await?);
    let names: HashMap<UserId, String> = store
        .users()
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let facts = state.facts().await?;
    let filter = Filter { unit: scope.unit };
    let prev = year_period.previous_year();
    let mut views = Vec::new();
    for row in &records.goals {
        let Some(g) = goals.iter().find(|g| g.id.0 == row.id.0) else {
            continue;
        };
        if !shown(g, year, scope.unit) {
            continue;
        }
        let status_view = |a: &Assessment| StatusView {
            symbol: a.status.symbol(),
            code: a.status.code(),
            label: tr.label("goal-status", a.status.code(), a.status.label()),
            period: a.period.label(),
            analysis: a.analysis.clone(),
            by: tr.args(
                "goals-assessed-by",
                &fluent_args(&[
                    ("who", user_name(&names, tr, a.set_by)),
                    ("when", format_timestamp(a.set_at)),
                ]),
            ),
        };
        let editable = may_edit_goal(&user, g);
        // The goal's indicators are its stored ones that were part of it in
        // `year`, in the same order (see `goals_from_records`); one removed
        // since is shown for the history, without links to change it.
        let stored_indicators = records
            .indicators_of(row.id)
            .filter(|i| part_of(&i.dropped, Some(year)));
        let mut indicators = Vec::new();
        for (gi, stored) in g.indicators.iter().zip(stored_indicators) {
            let mut view = indicator_view(
                tr,
                gi,
                &facts,
                &year_period,
                &prev,
                &filter,
                scope.exact,
                &series,
                &values,
                scope.unit,
            )?;
            if editable && stored.dropped.is_none() {
                let href = |form: GoalForm| {
                    format!(
                        "/goals/form?form={}&goal_indicator={}&year={year}",
                        form.slug(),
                        stored.id
                    )
                };
                view.targets_href = href(GoalForm::Targets);
                view.drop_href = href(GoalForm::DropIndicator);
            }
            indicators.push(view);
        }
        let stored_activities: Vec<_> = records
            .activities_of(row.id)
            .filter(|a| part_of(&a.dropped, Some(year)))
            .collect();
        let activities = stored_activities
            .iter()
            .map(|a| {
                let f = records.activity_followup(a.id);
                ActivityView {
                    title: a.title.clone(),
                    start: a.starts_on.map(|d| d.to_string()).unwrap_or_default(),
                    end: a.ends_on.map(|d| d.to_string()).unwrap_or_default(),
                    deviation: f.map(|f| f.deviation.clone()).unwrap_or_default(),
                    analysis: f.map(|f| f.analysis.clone()).unwrap_or_default(),
                    written: f
                        .map(|f| {
                            tr.args(
                                "goals-written-by",
                                &fluent_args(&[
                                    ("who", user_name(&names, tr, f.written.by)),
                                    ("when", format_timestamp(f.written.at)),
                                ]),
                            )
                        })
                        .unwrap_or_default(),
                    follow_up_href: if editable && a.dropped.is_none() {
                        format!(
                            "/goals/form?form=activity-followup&activity={}&year={year}",
                            a.id
                        )
                    } else {
                        String::new()
                    },
                    drop_href: if editable && a.dropped.is_none() {
                        format!(
                            "/goals/form?form={}&activity={}&year={year}",
                            GoalForm::DropActivity.slug(),
                            a.id
                        )
                    } else {
                        String::new()
                    },
                }
            })
            .collect();
        let mut links = Vec::new();
        if editable {
            for (form, key) in [
                (GoalForm::EditGoal, "goals-link-edit"),
                (GoalForm::Assess, "goals-link-assess"),
                (GoalForm::Indicator, "goals-link-indicator"),
                (GoalForm::Activity, "goals-link-activity"),
                (GoalForm::Drop, "goals-link-drop"),
            ] {
                links.push(NavItem {
                    href: format!("/goals/form?form={}&goal={}&year={year}", form.slug(), g.id),
                    label: tr.t(key),
                    current: false,
                });
            }
        }
        if may_add_under(&user, g) {
            links.push(NavItem {
                href: format!("/goals/form?form=add-goal&goal={}&year={year}", g.id),
                label: tr.t1(
                    "goals-link-add-child",
                    "level",
                    g.level
                        .child_level()
                        .map(|l| tr.label("goal-level", l.code(), l.label()))
                        .unwrap_or_default(),
                ),
                current: false,
            });
        }
        let current = g.latest_assessment_until(&year_period);
        views.push(GoalView {
            id: g.id.0,
            depth: g.level.depth(),
            level_label: level_label(tr, g.level),
            title: g.title.clone(),
            description: g.description.clone(),
            expected_result: g.expected_result.clone(),
            perspective: g
                .perspective
                .map(|p| tr.label("perspective", p.code(), p.label()))
                .unwrap_or_default(),
            plan: g.plan_period.label(),
            status: current.map(status_view),
            history: g.assessments.iter().rev().map(status_view).collect(),
            indicators,
            activities,
            replaces: g
                .replaces
                .and_then(|r| goals.iter().find(|x| x.id == r))
                .map(|r| tr.t1("goals-replaces", "plan", r.plan_period.label()))
                .unwrap_or_default(),
            links,
            editable,
        });
    }
    // Adding a KF inriktningsmål and carrying every goal over change the
    // shared goals: the analyst's.
    let may_edit = may_add_goal(&user, GoalLevel::KfInriktningsmal);
    let carried = q.carried.trim().parse::<usize>().ok();
    let carried_to = q.plan.parse::<PlanPeriod>().ok();
    let notice = match (carried, carried_to) {
        (Some(count), Some(plan)) => {
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("count", count);
            args.set("plan", plan.label());
            Some(tr.args("goals-carried-over", &args))
        }
        _ if q.saved.is_empty() => None,
        _ => Some(tr.t("goals-saved")),
    };
    let p = GoalsPage {
        l: Layout::new(tr, &user, tr.t("goals-title"), Section::FollowUp),
        tabs: tabs(tr, Tab::Goals),
        scope,
        year,
        years: year_options(year, today.year()),
        goals: views,
        may_edit,
        add_href: format!("/goals/form?form=add-goal&year={year}"),
        carry_over_href: format!(
            "/goals/form?form={}&year={year}",
            GoalForm::CarryOver.slug()
        ),
        notice,
    };
    html(&p)
}

fn fluent_args(pairs: &[(&str, String)]) -> fluent_bundle::FluentArgs<'static> {
    let mut a = fluent_bundle::FluentArgs::new();
    for (k, v) in pairs {
        a.set(k.to_string(), v.clone());
    }
    a
}

#[allow(clippy::too_many_arguments)]
fn indicator_view(
    tr: Tr,
    gi: &GoalIndicator,
    facts: &tillit_followup::Facts,
    year: &Period,
    prev: &Period,
    filter: &Filter,
    exact: bool,
    series: &[ManualSeries],
    values: &[tillit_followup::manual::ManualValue],
    unit: Option<tillit_domain::UnitId>,
) -> Result<IndicatorView, WebError> {
    let missing = tillit_reports::model::MISSING.to_string();
    match &gi.indicator {
        IndicatorRef::Computed(id) if id.info().source == tillit_followup::Source::Computed => {
            let id = *id;
            let info = id.info();
            let publish = |t: &tillit_followup::Table| -> (Published, Vec<Published>) {
                if exact {
                    (
                        Published::Shown(t.total),
                        t.cells.iter().map(|c| Published::Shown(c.value)).collect(),
                    )
                } else {
                    let p = suppress(t, DEFAULT_THRESHOLD);
                    (p.total, p.cells.iter().map(|c| c.value).collect())
                }
            };
            let now = compute(facts, id, year, Breakdown::Gender, filter)
                .map_err(WebError::internal("indicator not computable"))?;
            let before = compute(facts, id, prev, Breakdown::Gender, filter)
                .map_err(WebError::internal("indicator not computable"))?;
            let (total, cells) = publish(&now);
            let (prev_total, _) = publish(&before);
            let cell = |i: usize| cells.get(i).map(|p| show(id, p)).unwrap_or_default();
            let meets = match total {
                Published::Shown(v) => gi.meets_annual_target(v.number),
                Published::Suppressed => None,
            };
            Ok(IndicatorView {
                name: info.name.to_string(),
                href: format!("/followup/indicator?id={}", info.code()),
                outcome: show(id, &total),
                // Gender cells are pojkar, flickor, okänt, in that order.
                boys: cell(0),
                girls: cell(1),
                last_year: show(id, &prev_total),
                annual_target: target_text(&gi.annual_target, Some(info.unit), decimals(id)),
                council_target: target_text(&gi.council_target, Some(info.unit), decimals(id)),
                meets: meets_text(tr, meets),
                targets_href: String::new(),
                drop_href: String::new(),
            })
        }
        r => {
            let code = r.code();
            let Some(s) = series.iter().find(|s| s.code == code) else {
                return Ok(IndicatorView {
                    name: code.to_string(),
                    href: String::new(),
                    outcome: missing.clone(),
                    boys: missing.clone(),
                    girls: missing.clone(),
                    last_year: missing,
                    annual_target: target_text(&gi.annual_target, None, 1),
                    council_target: target_text(&gi.council_target, None, 1),
                    meets: String::new(),
                    targets_href: String::new(),
                    drop_href: String::new(),
                });
            };
            let d = if s.unit == tillit_followup::MeasureUnit::Antal {
                0
            } else {
                1
            };
            let fmt = |v: &tillit_followup::Value| match v.number {
                Some(n) => figure(s.unit, d, n),
                None => missing.clone(),
            };
            let now = manual_table(s, values, year, unit);
            let before = manual_table(s, values, prev, unit);
            let gender = |g: tillit_domain::catalog::Gender| {
                now.cell(tillit_followup::Key::Gender(g))
                    .map(fmt)
                    .unwrap_or_default()
            };
            let mut outcome = fmt(&now.total);
            if now.estimate {
                outcome.push('*');
            }
            Ok(IndicatorView {
                name: s.name.clone(),
                href: String::new(),
                outcome,
                boys: gender(tillit_domain::catalog::Gender::Male),
                girls: gender(tillit_domain::catalog::Gender::Female),
                last_year: fmt(&before.total),
                annual_target: target_text(&gi.annual_target, Some(s.unit), d),
                council_target: target_text(&gi.council_target, Some(s.unit), d),
                meets: meets_text(tr, gi.meets_annual_target(now.total.number)),
                targets_href: String::new(),
                drop_href: String::new(),
            })
        }
    }
}

fn meets_text(tr: Tr, meets: Option<bool>) -> String {
    match meets {
        Some(true) => tr.t("goals-target-met"),
        Some(false) => tr.t("goals-target-not-met"),
        None => String::new(),
    }
}

// The forms ---------------------------------------------------------------------

/// Which form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum GoalForm {
    AddGoal,
    EditGoal,
    Indicator,
    Activity,
    ActivityFollowUp,
    Assess,
    /// Stop following a goal from a plan period (never deleted).
    Drop,
    /// Change the targets of an indicator already on a goal.
    Targets,
    /// Stop following an indicator under its goal (kept in the history).
    DropIndicator,
    /// Stop following an activity (kept in the history).
    DropActivity,
    /// Start a new plan period from the goals of one (as `tillit goals
    /// carry-over` does).
    CarryOver,
}

impl GoalForm {
    const ALL: [GoalForm; 11] = [
        Self::AddGoal,
        Self::EditGoal,
        Self::Indicator,
        Self::Activity,
        Self::ActivityFollowUp,
        Self::Assess,
        Self::Drop,
        Self::Targets,
        Self::DropIndicator,
        Self::DropActivity,
        Self::CarryOver,
    ];

    fn slug(self) -> &'static str {
        match self {
            Self::AddGoal => "add-goal",
            Self::EditGoal => "edit-goal",
            Self::Indicator => "indicator",
            Self::Activity => "activity",
            Self::ActivityFollowUp => "activity-followup",
            Self::Assess => "assess",
            Self::Drop => "drop",
            Self::Targets => "targets",
            Self::DropIndicator => "drop-indicator",
            Self::DropActivity => "drop-activity",
            Self::CarryOver => "carry-over",
        }
    }

    /// Missing: adding a goal (the link of "Nytt mål"); unknown: refused
    /// with the Swedish reason, never another form.
    fn from_slug(tr: Tr, s: &str) -> Result<Self, WebError> {
        if s.trim().is_empty() {
            return Ok(Self::AddGoal);
        }
        Self::ALL
            .into_iter()
            .find(|f| f.slug() == s.trim())
            .ok_or_else(|| {
                WebError::Unknown(tr.t1("goals-form-unknown", "form", s.trim().to_string()))
            })
    }
}

/// What a form is about, loaded once per request.
struct Ctx {
    records: GoalRecords,
    goals: Vec<Goal>,
    series: Vec<ManualSeries>,
    year: i16,
}

impl Ctx {
    async fn load(state: &AppState, year: i16) -> Result<Ctx, WebError> {
        let store = state.store();
        let records = store.goal_records().await?;
        let goals = goals_from_records(&records, None);
        Ok(Ctx {
            goals,
            series: all_series(&store.manual_series().await?),
            records,
            year,
        })
    }

    fn goal(&self, id: &str) -> Option<&Goal> {
        let id: i64 = id.trim().parse().ok()?;
        self.goals.iter().find(|g| g.id.0 == id)
    }

    /// An indicator on a goal that has not been removed.
    fn live_indicator(&self, id: &str) -> Option<&GoalIndicatorRow> {
        let id: i64 = id.trim().parse().ok()?;
        self.records
            .indicators
            .iter()
            .find(|i| i.id.0 == id && i.dropped.is_none())
    }

    /// An indicator on a goal, removed or not (a form posted twice finds
    /// it removed and says so).
    fn indicator_row(&self, id: &str) -> Option<&GoalIndicatorRow> {
        let id: i64 = id.trim().parse().ok()?;
        self.records.indicators.iter().find(|i| i.id.0 == id)
    }

    /// An activity, removed or not.
    fn activity_row(&self, id: &str) -> Option<&ActivityRow> {
        let id: i64 = id.trim().parse().ok()?;
        self.records.activities.iter().find(|a| a.id.0 == id)
    }

    /// An activity that has not been removed.
    fn live_activity(&self, id: &str) -> Option<&ActivityRow> {
        let id: i64 = id.trim().parse().ok()?;
        self.records
            .activities
            .iter()
            .find(|a| a.id.0 == id && a.dropped.is_none())
    }

    /// An indicator's name: the catalogue's, or the manual series'.
    fn indicator_name(&self, row: &GoalIndicatorRow) -> String {
        match IndicatorRef::from_parts(row.source, &row.code) {
            IndicatorRef::Computed(id) => id.info().name.to_string(),
            IndicatorRef::Manual(code) => self
                .series
                .iter()
                .find(|s| s.code == code)
                .map(|s| s.name.clone())
                .unwrap_or(code),
        }
    }

    /// A stored indicator as the follow-up crate's (without its targets:
    /// the form's are checked in their place).
    fn goal_indicator(&self, row: &GoalIndicatorRow) -> GoalIndicator {
        GoalIndicator {
            indicator: IndicatorRef::from_parts(row.source, &row.code),
            annual_target: None,
            council_target: None,
            direction: row.direction,
        }
    }

    /// The plan periods that have goals (not ended), oldest first.
    fn plan_periods(&self) -> Vec<PlanPeriod> {
        let mut out: Vec<PlanPeriod> = self
            .goals
            .iter()
            .filter(|g| g.dropped_in.is_none())
            .map(|g| g.plan_period)
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// What the carry-over form suggests: from the plan period most of the
    /// shown year's goals follow (else the year alone), to the period of
    /// the same length right after it.
    fn carry_over_defaults(&self) -> (String, String) {
        let mut counts: HashMap<PlanPeriod, usize> = HashMap::new();
        for g in self
            .goals
            .iter()
            .filter(|g| g.dropped_in.is_none() && g.plan_period.contains_year(self.year))
        {
            *counts.entry(g.plan_period).or_default() += 1;
        }
        let from = counts
            .into_iter()
            .max_by_key(|(p, n)| (*n, p.first_year()))
            .map(|(p, _)| p)
            .or_else(|| PlanPeriod::year(self.year).ok());
        let Some(from) = from else {
            return (self.year.to_string(), String::new());
        };
        let length = from.last_year() - from.first_year();
        let to = from
            .last_year()
            .checked_add(1)
            .and_then(|first| Some((first, first.checked_add(length)?)))
            .and_then(|(first, last)| PlanPeriod::new(first, last).ok())
            .map(|p| p.code())
            .unwrap_or_default();
        (from.code(), to)
    }
}

fn level_label(tr: Tr, l: GoalLevel) -> String {
    tr.label("goal-level", l.code(), l.label())
}

fn perspective_options(tr: Tr) -> Vec<(String, String)> {
    let mut out = vec![(String::new(), tr.t("goals-no-perspective"))];
    out.extend(Perspective::ALL.into_iter().map(|p| {
        (
            p.code().to_string(),
            tr.label("perspective", p.code(), p.label()),
        )
    }));
    out
}

fn fields(form: GoalForm, ctx: &Ctx, tr: Tr, user: &CurrentUser) -> Vec<Field> {
    match form {
        GoalForm::AddGoal => {
            let mut parents = Vec::new();
            if may_add_goal(user, GoalLevel::KfInriktningsmal) {
                parents.push((String::new(), tr.t("goals-parent-none")));
            } else {
                parents.push((String::new(), tr.t("form-choose")));
            }
            parents.extend(
                ctx.goals
                    .iter()
                    .filter(|g| {
                        g.dropped_in.is_none() && g.is_active_in(ctx.year) && may_add_under(user, g)
                    })
                    .map(|g| {
                        (
                            g.id.to_string(),
                            format!("{}: {}", level_label(tr, g.level), g.title),
                        )
                    }),
            );
            vec![
                Field::new("parent", Kind::Select, tr.t("goals-field-parent"))
                    .hint(tr.t("goals-field-parent-hint"))
                    .options(parents),
                Field::new("title", Kind::Text, tr.t("goals-field-title")).required(),
                Field::new(
                    "description",
                    Kind::TextArea,
                    tr.t("goals-field-description"),
                ),
                Field::new(
                    "expected_result",
                    Kind::TextArea,
                    tr.t("goals-field-expected-result"),
                ),
                Field::new("perspective", Kind::Select, tr.t("goals-field-perspective"))
                    .options(perspective_options(tr)),
                Field::new("plan", Kind::Text, tr.t("goals-field-plan"))
                    .hint(tr.t("goals-field-plan-hint"))
                    .required(),
            ]
        }
        GoalForm::EditGoal => vec![
            Field::new("title", Kind::Text, tr.t("goals-field-title")).required(),
            Field::new(
                "description",
                Kind::TextArea,
                tr.t("goals-field-description"),
            ),
            Field::new(
                "expected_result",
                Kind::TextArea,
                tr.t("goals-field-expected-result"),
            ),
            Field::new("perspective", Kind::Select, tr.t("goals-field-perspective"))
                .options(perspective_options(tr)),
        ],
        GoalForm::Indicator => {
            let mut options = vec![(String::new(), tr.t("goals-choose-indicator"))];
            options.extend(computed_indicators().map(|i| {
                (
                    format!("{}:{}", IndicatorSource::Computed.code(), i.code()),
                    i.name.to_string(),
                )
            }));
            options.extend(ctx.series.iter().map(|s| {
                (
                    format!("{}:{}", IndicatorSource::Manual.code(), s.code),
                    format!("{} ({})", s.name, tr.t("goals-manual-series")),
                )
            }));
            vec![
                Field::new("indicator", Kind::Select, tr.t("goals-field-indicator"))
                    .options(options)
                    .required(),
                Field::new(
                    "annual_target",
                    Kind::Text,
                    tr.t("goals-field-annual-target"),
                )
                .hint(tr.t("goals-field-target-hint")),
                Field::new(
                    "council_target",
                    Kind::Text,
                    tr.t("goals-field-council-target"),
                )
                .hint(tr.t("goals-field-target-hint")),
                Field::new("direction", Kind::Radios, tr.t("goals-field-direction")).options(vec![
                    (
                        Direction::HigherIsBetter.code().into(),
                        tr.t("goals-direction-higher"),
                    ),
                    (
                        Direction::LowerIsBetter.code().into(),
                        tr.t("goals-direction-lower"),
                    ),
                ]),
            ]
        }
        GoalForm::Targets => vec![
            Field::new(
                "annual_target",
                Kind::Text,
                tr.t("goals-field-annual-target"),
            )
            .hint(tr.t("goals-field-target-hint")),
            Field::new(
                "council_target",
                Kind::Text,
                tr.t("goals-field-council-target"),
            )
            .hint(tr.t("goals-field-target-hint")),
        ],
        GoalForm::DropIndicator => vec![Field::confirm(
            "confirm",
            tr.t("goals-drop-indicator-confirm"),
            tr.t("goals-drop-indicator-confirm-missing"),
        )],
        GoalForm::DropActivity => vec![Field::confirm(
            "confirm",
            tr.t("goals-drop-activity-confirm"),
            tr.t("goals-drop-activity-confirm-missing"),
        )],
        GoalForm::CarryOver => vec![
            Field::new("from", Kind::Text, tr.t("goals-field-carry-from"))
                .hint(tr.t("goals-field-carry-from-hint"))
                .required(),
            Field::new("to", Kind::Text, tr.t("goals-field-carry-to"))
                .hint(tr.t("goals-field-carry-to-hint"))
                .required(),
        ],
        GoalForm::Activity => vec![
            Field::new("title", Kind::Text, tr.t("goals-field-activity")).required(),
            Field::new("start", Kind::Date, tr.t("goals-field-start"))
                .hint(tr.t("goals-field-date-hint")),
            Field::new("end", Kind::Date, tr.t("goals-field-end"))
                .hint(tr.t("goals-field-date-hint")),
        ],
        GoalForm::Drop => vec![
            Field::new("dropped_in", Kind::Text, tr.t("goals-field-dropped-in"))
                .hint(tr.t("goals-field-dropped-in-hint"))
                .required(),
            Field::new("reason", Kind::TextArea, tr.t("goals-field-reason")).required(),
        ],
        GoalForm::ActivityFollowUp => vec![
            Field::new("deviation", Kind::Text, tr.t("goals-field-deviation"))
                .hint(tr.t("goals-field-deviation-hint")),
            Field::new("analysis", Kind::TextArea, tr.t("goals-field-analysis")),
        ],
        GoalForm::Assess => vec![
            Field::new("period", Kind::Text, tr.t("goals-field-period"))
                .hint(tr.t("goals-field-period-hint"))
                .required(),
            Field::new("status", Kind::Radios, tr.t("goals-field-status"))
                .options(
                    GoalStatus::ALL
                        .into_iter()
                        .map(|s| {
                            (
                                s.code().to_string(),
                                format!(
                                    "{} {}",
                                    s.symbol(),
                                    tr.label("goal-status", s.code(), s.label())
                                ),
                            )
                        })
                        .collect(),
                )
                .required(),
            Field::new("analysis", Kind::TextArea, tr.t("goals-field-analysis"))
                .hint(tr.t("goals-field-analysis-hint")),
        ],
    }
}

#[derive(Template)]
#[template(path = "followup_form.html")]
struct FormPage {
    l: Layout,
    heading: String,
    intro: String,
    about: String,
    back_href: String,
    action: String,
    csrf: String,
    hidden: Vec<(String, String)>,
    fields: Vec<FieldView>,
    summary: Vec<SummaryItem>,
    submit: String,
}

/// Everything the form page needs besides the fields.
struct Subject<'a> {
    form: GoalForm,
    goal: Option<&'a Goal>,
    activity: String,
    /// The goal indicator's id (the targets and remove-indicator forms).
    goal_indicator: String,
}

fn render(
    tr: Tr,
    user: &CurrentUser,
    ctx: &Ctx,
    shown: &Subject<'_>,
    data: &FormData,
    errors: &Errors,
    status: StatusCode,
) -> Result<Response, WebError> {
    let heading = match (shown.form, shown.goal) {
        (GoalForm::AddGoal, Some(parent)) => tr.t1(
            "goals-form-add-child",
            "level",
            parent
                .level
                .child_level()
                .map(|l| level_label(tr, l))
                .unwrap_or_default(),
        ),
        (f, _) => tr.t(&format!("goals-form-{}", f.slug())),
    };
    let form = crate::forms::Shown::new(
        tr,
        &heading,
        &fields(shown.form, ctx, tr, user),
        data,
        errors,
    );
    let about = match shown.goal {
        Some(g) if shown.form == GoalForm::AddGoal => tr.t1(
            "goals-form-under",
            "goal",
            format!("{}: {}", level_label(tr, g.level), g.title),
        ),
        Some(g) => {
            let goal = format!("{}: {}", level_label(tr, g.level), g.title);
            let item = match shown.form {
                GoalForm::Targets | GoalForm::DropIndicator => ctx
                    .live_indicator(&shown.goal_indicator)
                    .map(|i| tr.t1("goals-form-about-indicator", "name", ctx.indicator_name(i))),
                GoalForm::DropActivity => ctx
                    .live_activity(&shown.activity)
                    .map(|a| tr.t1("goals-form-about-activity", "title", a.title.clone())),
                _ => None,
            };
            match item {
                Some(item) => format!("{goal} · {item}"),
                None => goal,
            }
        }
        None => String::new(),
    };
    let mut hidden = vec![
        ("form".to_string(), shown.form.slug().to_string()),
        ("year".to_string(), ctx.year.to_string()),
    ];
    if let Some(g) = shown.goal
        && shown.form != GoalForm::AddGoal
    {
        hidden.push(("goal".into(), g.id.to_string()));
    }
    match shown.form {
        GoalForm::ActivityFollowUp | GoalForm::DropActivity => {
            hidden.push(("activity".into(), shown.activity.clone()));
        }
        GoalForm::Targets | GoalForm::DropIndicator => {
            hidden.push(("goal_indicator".into(), shown.goal_indicator.clone()));
        }
        _ => {}
    }
    let page = FormPage {
        l: Layout::new(tr, user, form.title, Section::FollowUp),
        intro: tr.t(&format!("goals-form-{}-intro", shown.form.slug())),
        heading,
        about,
        back_href: format!("/goals?year={}", ctx.year),
        action: "/goals/form".into(),
        csrf: user.csrf.clone(),
        hidden,
        fields: form.fields,
        summary: form.summary,
        submit: tr.t(&format!("goals-form-{}-submit", shown.form.slug())),
    };
    html_status(status, &page)
}

#[derive(Debug, Default, Deserialize)]
pub struct FormQuery {
    #[serde(default)]
    form: String,
    #[serde(default)]
    goal: String,
    #[serde(default)]
    activity: String,
    #[serde(default)]
    goal_indicator: String,
    #[serde(default)]
    year: String,
}

/// The goal, activity or goal indicator a form is about, checked: they exist
/// (an activity or indicator to remove or change: not removed already) and
/// the user may edit the goal (else "not found").
fn about<'a>(
    ctx: &'a Ctx,
    user: &CurrentUser,
    form: GoalForm,
    goal: &str,
    activity: &str,
    goal_indicator: &str,
) -> Result<Option<&'a Goal>, WebError> {
    let goal = match form {
        GoalForm::DropActivity => {
            let a = ctx.activity_row(activity).ok_or(WebError::NotFound)?;
            ctx.goals.iter().find(|g| g.id.0 == a.goal.0)
        }
        GoalForm::Targets | GoalForm::DropIndicator => {
            let i = ctx
                .indicator_row(goal_indicator)
                .ok_or(WebError::NotFound)?;
            ctx.goals.iter().find(|g| g.id.0 == i.goal.0)
        }
        GoalForm::CarryOver => None,
        GoalForm::ActivityFollowUp => {
            let id: i64 = activity.trim().parse().map_err(|_| WebError::NotFound)?;
            let a = ctx
                .records
                .activities
                .iter()
                .find(|a| a.id.0 == id)
                .ok_or(WebError::NotFound)?;
            ctx.goals.iter().find(|g| g.id.0 == a.goal.0)
        }
        GoalForm::AddGoal if goal.trim().is_empty() => None,
        _ => ctx.goal(goal),
    };
    match (form, goal) {
        // Carrying over changes every goal, the shared ones too.
        (GoalForm::CarryOver, _) if !may_add_goal(user, GoalLevel::KfInriktningsmal) => {
            Err(WebError::Forbidden)
        }
        (GoalForm::AddGoal | GoalForm::CarryOver, None) => Ok(None),
        (GoalForm::AddGoal, Some(p)) if may_add_under(user, p) => Ok(Some(p)),
        (GoalForm::AddGoal, Some(_)) => Err(WebError::NotFound),
        (_, None) => Err(WebError::NotFound),
        (_, Some(g)) if !may_edit_goal(user, g) => Err(WebError::NotFound),
        (_, Some(g)) => Ok(Some(g)),
    }
}

/// `GET /goals/form`.
pub async fn form(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<FormQuery>,
) -> Result<Response, WebError> {
    let year = year_param(&q.year, state.today().year());
    let ctx = Ctx::load(&state, year).await?;
    let form = GoalForm::from_slug(tr, &q.form)?;
    let goal = about(&ctx, &user, form, &q.goal, &q.activity, &q.goal_indicator)?;
    // A form about an indicator or activity already removed is not offered
    // (a posted one says "already removed").
    let gone = match form {
        GoalForm::Targets | GoalForm::DropIndicator => {
            ctx.live_indicator(&q.goal_indicator).is_none()
        }
        GoalForm::DropActivity => ctx.live_activity(&q.activity).is_none(),
        _ => false,
    };
    if gone {
        return Err(WebError::NotFound);
    }
    let mut data = FormData::default();
    match (form, goal) {
        (GoalForm::AddGoal, parent) => {
            if let Some(p) = parent {
                data.set("parent", p.id.to_string());
                data.set("plan", p.plan_period.code());
            } else {
                data.set("plan", year.to_string());
            }
        }
        (GoalForm::EditGoal, Some(g)) => {
            data.set("title", g.title.clone());
            data.set("description", g.description.clone());
            data.set("expected_result", g.expected_result.clone());
            data.set(
                "perspective",
                g.perspective.map(|p| p.code()).unwrap_or_default(),
            );
        }
        (GoalForm::Indicator, _) => data.set("direction", Direction::default().code()),
        (GoalForm::Targets, _) => {
            if let Some(i) = ctx.live_indicator(&q.goal_indicator) {
                for (name, kind) in [
                    ("annual_target", TargetKind::Annual),
                    ("council_target", TargetKind::Council),
                ] {
                    data.set(name, target_input(ctx.records.target(i.id, kind)));
                }
            }
        }
        (GoalForm::CarryOver, _) => {
            let (from, to) = ctx.carry_over_defaults();
            data.set("from", from);
            data.set("to", to);
        }
        (GoalForm::Drop, Some(g)) => {
            // By default from the year after the plan period's first.
            let from = (g.plan_period.first_year() + 1).max(year);
            data.set("dropped_in", from.to_string());
        }
        (GoalForm::Assess, Some(g)) => {
            data.set("period", year.to_string());
            if let Ok(p) = Period::year(year)
                && let Some(a) = g.assessment_for(&p)
            {
                data.set("status", a.status.code());
                data.set("analysis", a.analysis.clone());
            }
        }
        (GoalForm::ActivityFollowUp, _) => {
            let id: i64 = q.activity.trim().parse().unwrap_or_default();
            if let Some(f) = ctx
                .records
                .activity_followups
                .iter()
                .rev()
                .find(|f| f.activity.0 == id)
            {
                data.set("deviation", f.deviation.clone());
                data.set("analysis", f.analysis.clone());
            }
        }
        _ => {}
    }
    let shown = Subject {
        form,
        goal,
        activity: q.activity.trim().to_string(),
        goal_indicator: q.goal_indicator.trim().to_string(),
    };
    render(
        tr,
        &user,
        &ctx,
        &shown,
        &data,
        &Errors::new(),
        StatusCode::OK,
    )
}

/// Put the follow-up crate's goal errors beside the form's fields.
fn goal_errors(
    errors: &mut Errors,
    found: Vec<GoalError>,
    field_of: &dyn Fn(&GoalError) -> &'static str,
) {
    for e in found {
        let f = field_of(&e);
        if f.is_empty() {
            errors.general(e.to_string());
        } else {
            errors.field(f, e.to_string());
        }
    }
}

/// A target as typed: a number (`95`, `85,5 %`), a text ("tas fram av
/// nämnd"), or nothing. What is written with digits, signs and separators
/// only (`-1`, `1e308`, 400 digits) is meant as a number: it must be one
/// (`Err` says why), not be kept as a text.
fn parse_target(text: &str) -> Result<Option<Target>, ManualError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let number_like = t.chars().any(|c| c.is_ascii_digit())
        && t.chars().all(|c| {
            c.is_ascii_digit()
                || c.is_whitespace()
                || matches!(c, ',' | '.' | '-' | '+' | '−' | '%' | 'e' | 'E')
        });
    match parse_value(t) {
        Ok(Some(n)) => Ok(Some(Target::Number(n))),
        Ok(None) => Ok(None),
        Err(e) if number_like => Err(e),
        Err(_) => Ok(Some(Target::Text(t.to_string()))),
    }
}

/// Both targets of a form, each parsed beside its field.
fn targets(data: &FormData, errors: &mut Errors) -> (Option<Target>, Option<Target>) {
    let mut one = |name: &str| errors.take(name, parse_target(data.get(name))).flatten();
    (one("annual_target"), one("council_target"))
}

/// The perspective chosen: none, or one of the list (an unknown code is an
/// error at the field, never silently none).
fn perspective(tr: Tr, data: &FormData, errors: &mut Errors) -> Option<Perspective> {
    let code = data.trimmed("perspective");
    if code.is_empty() {
        return None;
    }
    let p = Perspective::from_code(code);
    if p.is_none() {
        errors.field("perspective", tr.t("goals-perspective-unknown"));
    }
    p
}

/// A text of a form that the follow-up crate's rules do not see: at most
/// `max` characters, else an error at the field.
fn check_length(tr: Tr, data: &FormData, name: &str, max: usize, errors: &mut Errors) {
    if data.trimmed(name).chars().count() > max {
        errors.field(name, tr.n("goals-text-too-long", max));
    }
}

/// A stored target as it is typed in the form: `95`, `85,5`, or the text.
fn target_input(v: Option<&Target>) -> String {
    match v {
        None => String::new(),
        Some(Target::Number(n)) => n.to_string().replace('.', ","),
        Some(Target::Text(t)) => t.clone(),
    }
}

/// Check the targets of indicator `gi` under goal `g` with the follow-up
/// crate's rules, each target on its own so that a message lands beside the
/// field it is about (`annual_target`, `council_target`).
fn check_targets(
    errors: &mut Errors,
    ctx: &Ctx,
    g: &Goal,
    gi: &GoalIndicator,
    annual: &Option<Target>,
    council: &Option<Target>,
) {
    let parent = g.parent.and_then(|p| ctx.goals.iter().find(|x| x.id == p));
    // A manual series' unit is known here, not to the goal rules.
    let manual_unit = match &gi.indicator {
        IndicatorRef::Manual(code) => ctx.series.iter().find(|s| &s.code == code).map(|s| s.unit),
        IndicatorRef::Computed(_) => None,
    };
    for (field, t) in [("annual_target", annual), ("council_target", council)] {
        if let (Some(unit), Some(t)) = (manual_unit, t)
            && let Err(e) = check_target(gi.indicator.code(), Some(unit), t)
        {
            errors.field(field, e.to_string());
            continue;
        }
        let mut one = g.clone();
        one.indicators = vec![GoalIndicator {
            annual_target: t.clone(),
            council_target: None,
            ..gi.clone()
        }];
        if let Err(found) = validate_goal(&one, parent) {
            goal_errors(errors, found, &|e| match e.field() {
                "indicators" => field,
                _ => "",
            });
        }
    }
}

fn redirect(to: String) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, to)]).into_response()
}

/// `POST /goals/form`.
pub async fn submit(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    data: FormData,
) -> Result<Response, WebError> {
    let year = year_param(data.get("year"), state.today().year());
    let ctx = Ctx::load(&state, year).await?;
    let form = GoalForm::from_slug(tr, data.get("form"))?;
    let goal = about(
        &ctx,
        &user,
        form,
        data.get("goal"),
        data.get("activity"),
        data.get("goal_indicator"),
    )?;
    let shown = Subject {
        form,
        goal,
        activity: data.trimmed("activity").to_string(),
        goal_indicator: data.trimmed("goal_indicator").to_string(),
    };
    // What every form checks (a field sent twice, the confirmation box);
    // each form's own parse and rules follow.
    if let Err(r) = read(
        tr,
        &fields(form, &ctx, tr, &user),
        &data,
        None,
        |_| Some(()),
    ) {
        return render(tr, &user, &ctx, &shown, &data, &r.errors, r.status);
    }
    let mut errors = Errors::new();
    // Every form but adding a goal and carrying over is about a goal
    // ([`about`] has checked that there is one).
    let the_goal = || goal.ok_or(WebError::NotFound);
    let stamp = Stamp::now(user.id);
    let store = state.store();
    // A store refusal (a goal ended or removed meanwhile, a record that is
    // not there any more): shown on the form, typed values kept.
    let refused = |errors: &mut Errors, e: StoreError| -> Result<(), WebError> {
        errors.general(store_refusal(tr, e)?);
        Ok(())
    };
    let saved: Option<i64> = match form {
        GoalForm::AddGoal => {
            let parent = if data.trimmed("parent").is_empty() {
                None
            } else {
                match ctx.goal(data.get("parent")) {
                    Some(p) if may_add_under(&user, p) => Some(p),
                    _ => {
                        errors.field("parent", tr.t("goals-parent-unknown"));
                        None
                    }
                }
            };
            let level = match parent {
                None => Some(GoalLevel::KfInriktningsmal),
                Some(p) => p.level.child_level(),
            };
            if parent.is_none()
                && errors.get("parent").is_none()
                && !may_add_goal(&user, GoalLevel::KfInriktningsmal)
            {
                errors.field("parent", tr.t("goals-parent-required"));
            }
            let plan = errors.take("plan", data.trimmed("plan").parse::<PlanPeriod>());
            match (level, plan) {
                (None, _) => {
                    errors.field("parent", tr.t("goals-parent-is-unit-goal"));
                    None
                }
                (Some(level), Some(plan)) if errors.is_empty() => {
                    let mut g = Goal::new(
                        GoalId(0),
                        level,
                        parent.map(|p| p.id),
                        plan,
                        data.trimmed("title"),
                    );
                    g.unit = if level == GoalLevel::Enhetsmal {
                        user.unit
                    } else {
                        None
                    };
                    g.description = data.trimmed("description").to_string();
                    g.expected_result = data.trimmed("expected_result").to_string();
                    g.perspective = perspective(tr, &data, &mut errors);
                    if let Err(found) = validate_goal(&g, parent) {
                        goal_errors(&mut errors, found, &|e| match e.field() {
                            "title" => "title",
                            "parent" => "parent",
                            "plan_period" => "plan",
                            "description" => "description",
                            "expected_result" => "expected_result",
                            _ => "",
                        });
                    }
                    if errors.is_empty() {
                        let added = store
                            .add_goal(
                                &NewGoal {
                                    level,
                                    parent: parent.map(|p| p.id),
                                    plan,
                                    unit: g.unit,
                                    perspective: g.perspective,
                                    title: g.title.clone(),
                                    description: g.description.clone(),
                                    expected_result: g.expected_result.clone(),
                                },
                                stamp,
                            )
                            .await;
                        match added {
                            Ok(id) => Some(id.0),
                            Err(e) => {
                                refused(&mut errors, e)?;
                                None
                            }
                        }
                    } else {
                        None
                    }
                }
                _ => None,
            }
        }
        GoalForm::EditGoal => {
            let g = the_goal()?;
            let mut edited = g.clone();
            edited.title = data.trimmed("title").to_string();
            edited.description = data.trimmed("description").to_string();
            edited.expected_result = data.trimmed("expected_result").to_string();
            edited.perspective = perspective(tr, &data, &mut errors);
            let parent = g.parent.and_then(|p| ctx.goals.iter().find(|x| x.id == p));
            if let Err(found) = validate_goal(&edited, parent) {
                goal_errors(&mut errors, found, &|e| match e.field() {
                    "title" => "title",
                    "description" => "description",
                    "expected_result" => "expected_result",
                    _ => "",
                });
            }
            if errors.is_empty()
                && let Err(e) = store
                    .edit_goal(
                        g.id,
                        &tillit_store::GoalText {
                            title: edited.title.clone(),
                            description: edited.description.clone(),
                            expected_result: edited.expected_result.clone(),
                            perspective: edited.perspective,
                        },
                        stamp,
                    )
                    .await
            {
                refused(&mut errors, e)?;
            }
            errors.is_empty().then_some(g.id.0)
        }
        GoalForm::Indicator => {
            let g = the_goal()?;
            let chosen = data.trimmed("indicator");
            let source = chosen
                .split_once(':')
                .and_then(|(source, code)| Some((IndicatorSource::from_code(source)?, code)));
            let indicator = match source {
                Some((IndicatorSource::Computed, code)) => IndicatorId::from_code(code)
                    .filter(|i| i.info().source == tillit_followup::Source::Computed)
                    .map(IndicatorRef::Computed),
                Some((IndicatorSource::Manual, code)) => ctx
                    .series
                    .iter()
                    .find(|s| s.code == code)
                    .map(|s| IndicatorRef::Manual(s.code.clone())),
                _ => None,
            };
            let direction = Direction::from_code(data.trimmed("direction"));
            if direction.is_none() {
                errors.field("direction", tr.t("form-choose-one"));
            }
            let (annual, council) = targets(&data, &mut errors);
            if indicator.is_none() {
                errors.field("indicator", tr.t("goals-indicator-unknown"));
            }
            match indicator {
                None => None,
                Some(r) => {
                    // Checked with either direction when none was chosen
                    // (the error beside it keeps anything from being stored).
                    let direction = direction.unwrap_or(Direction::HigherIsBetter);
                    let parent = g.parent.and_then(|p| ctx.goals.iter().find(|x| x.id == p));
                    let gi = GoalIndicator {
                        indicator: r,
                        annual_target: None,
                        council_target: None,
                        direction,
                    };
                    check_targets(&mut errors, &ctx, g, &gi, &annual, &council);
                    let mut all = g.clone();
                    all.indicators.push(gi.clone());
                    if let Err(found) = validate_goal(&all, parent) {
                        for e in found {
                            if matches!(e, GoalError::DuplicateIndicator(_)) {
                                errors.field("indicator", e.to_string());
                            }
                        }
                    }
                    if errors.is_empty()
                        && let Err(e) = store
                            .add_goal_indicator_with_targets(
                                &NewGoalIndicator {
                                    goal: g.id,
                                    source: gi.indicator.source(),
                                    code: gi.indicator.code().to_string(),
                                    direction,
                                },
                                annual.as_ref(),
                                council.as_ref(),
                                stamp,
                            )
                            .await
                    {
                        refused(&mut errors, e)?;
                    }
                    errors.is_empty().then_some(g.id.0)
                }
            }
        }
        GoalForm::Targets => {
            let (g, row) = (the_goal()?, ctx.indicator_row(&shown.goal_indicator));
            let row = row.ok_or(WebError::NotFound)?;
            if row.dropped.is_some() {
                errors.general(tr.t("goals-indicator-already-removed"));
            }
            let (annual, council) = targets(&data, &mut errors);
            check_targets(
                &mut errors,
                &ctx,
                g,
                &ctx.goal_indicator(row),
                &annual,
                &council,
            );
            if errors.is_empty() {
                // Only what changed is written (appended: the earlier
                // targets stay in the history); an emptied field removes
                // the target.
                // Both in one transaction: all or nothing.
                let values = [(TargetKind::Annual, annual), (TargetKind::Council, council)];
                let changed: Vec<(TargetKind, Option<&Target>)> = values
                    .iter()
                    .filter(|(kind, value)| ctx.records.target(row.id, *kind) != value.as_ref())
                    .map(|(kind, value)| (*kind, value.as_ref()))
                    .collect();
                if !changed.is_empty()
                    && let Err(e) = store.set_targets(row.id, &changed, stamp).await
                {
                    refused(&mut errors, e)?;
                }
                errors.is_empty().then_some(g.id.0)
            } else {
                None
            }
        }
        GoalForm::DropIndicator => {
            let (g, row) = (the_goal()?, ctx.indicator_row(&shown.goal_indicator));
            let row = row.ok_or(WebError::NotFound)?;
            if row.dropped.is_some() {
                errors.general(tr.t("goals-indicator-already-removed"));
            }
            if errors.is_empty()
                && let Err(e) = store.drop_goal_indicator(row.id, stamp).await
            {
                // Removed by someone else in the meantime.
                refused(&mut errors, e)?;
            }
            errors.is_empty().then_some(g.id.0)
        }
        GoalForm::DropActivity => {
            let g = the_goal()?;
            let a = ctx
                .activity_row(&shown.activity)
                .ok_or(WebError::NotFound)?;
            if a.dropped.is_some() {
                errors.general(tr.t("goals-activity-already-removed"));
            }
            if errors.is_empty()
                && let Err(e) = store.drop_activity(a.id, stamp).await
            {
                refused(&mut errors, e)?;
            }
            errors.is_empty().then_some(g.id.0)
        }
        GoalForm::CarryOver => {
            let plan = |name: &str, errors: &mut Errors| {
                errors.take(name, data.trimmed(name).parse::<PlanPeriod>())
            };
            let from = plan("from", &mut errors);
            let to = plan("to", &mut errors);
            if let (Some(from), Some(to)) = (from, to) {
                let (from_years, to_years) = (from, to);
                // The store's rules, checked first so that the message
                // lands beside its field.
                let pair = fluent_args(&[("from", from.label()), ("to", to.label())]);
                let already = tr.args("goals-carry-over-already", &pair);
                if to.first_year() <= from.first_year() {
                    errors.field("to", tr.args("goals-carry-over-not-later", &pair));
                } else if ctx.records.goals.iter().any(|g| {
                    g.plan == to_years
                        && g.replaces
                            .and_then(|r| ctx.records.goal(r))
                            .is_some_and(|p| p.plan == from_years)
                }) {
                    errors.field("to", already.clone());
                }
                if !ctx
                    .records
                    .goals
                    .iter()
                    .any(|g| g.plan == from_years && g.dropped.is_none())
                {
                    let periods: Vec<String> =
                        ctx.plan_periods().iter().map(|p| p.label()).collect();
                    let message = if periods.is_empty() {
                        tr.t("goals-carry-over-no-goals")
                    } else {
                        tr.args(
                            "goals-carry-over-nothing",
                            &fluent_args(&[("plan", from.label()), ("plans", periods.join(", "))]),
                        )
                    };
                    errors.field("from", message);
                }
                if errors.is_empty() {
                    match store.carry_over_goals(from_years, to_years, stamp).await {
                        Ok(count) => {
                            tracing::info!(
                                user_id = %user.id,
                                form = form.slug(),
                                from = %from,
                                to = %to,
                                count,
                                "goals carried over"
                            );
                            return Ok(redirect(format!(
                                "/goals?year={}&carried={count}&plan={}",
                                to.first_year(),
                                to.code()
                            )));
                        }
                        // Carried over by someone else meanwhile.
                        Err(StoreError::AlreadyExists(_)) => errors.field("to", already),
                        Err(e) => refused(&mut errors, e)?,
                    }
                }
            }
            None
        }
        GoalForm::Activity => {
            let g = the_goal()?;
            let date = |name: &str, errors: &mut Errors| {
                let t = data.trimmed(name);
                if t.is_empty() {
                    return None;
                }
                errors.take(name, parse_date(tr, t))
            };
            let start = date("start", &mut errors);
            let end = date("end", &mut errors);
            let mut with = g.clone();
            with.indicators.clear();
            with.assessments.clear();
            with.activities = vec![Activity {
                title: data.trimmed("title").to_string(),
                start,
                end,
                deviation: String::new(),
                analysis: String::new(),
            }];
            let parent = g.parent.and_then(|p| ctx.goals.iter().find(|x| x.id == p));
            if let Err(found) = validate_goal(&with, parent) {
                goal_errors(&mut errors, found, &|e| match e {
                    GoalError::ActivityTitleRequired(_)
                    | GoalError::ActivityTitleTooLong { .. } => "title",
                    GoalError::ActivityEndBeforeStart { .. } => "end",
                    _ => "",
                });
            }
            // Messages about the goal itself (not this form's business) are
            // not shown: only the activity's.
            if errors.is_empty()
                && let Err(e) = store
                    .add_activity(
                        &NewActivity {
                            goal: g.id,
                            title: data.trimmed("title").to_string(),
                            starts_on: start,
                            ends_on: end,
                        },
                        stamp,
                    )
                    .await
            {
                refused(&mut errors, e)?;
            }
            errors.is_empty().then_some(g.id.0)
        }
        GoalForm::Drop => {
            let g = the_goal()?;
            let reason = data.trimmed("reason");
            if reason.is_empty() {
                errors.field("reason", tr.t("goals-reason-missing"));
            }
            check_length(tr, &data, "reason", MAX_TEXT_CHARS, &mut errors);
            match data.trimmed("dropped_in").parse::<PlanPeriod>() {
                // Ended already (the form sent twice, or by someone else):
                // said on the form, nothing written.
                _ if g.dropped_in.is_some() => errors.general(tr.t1(
                    "goals-already-dropped",
                    "plan",
                    g.dropped_in.map(|d| d.label()).unwrap_or_default(),
                )),
                Err(e) => errors.field("dropped_in", e.to_string()),
                Ok(d) => {
                    let mut dropped = g.clone();
                    dropped.dropped_in = Some(d);
                    let parent = g.parent.and_then(|p| ctx.goals.iter().find(|x| x.id == p));
                    if let Err(found) = validate_goal(&dropped, parent) {
                        goal_errors(&mut errors, found, &|e| match e {
                            GoalError::DroppedBeforeStart { .. } => "dropped_in",
                            _ => "",
                        });
                    }
                    if errors.is_empty()
                        && let Err(e) = store.drop_goal(g.id, d, reason, stamp).await
                    {
                        refused(&mut errors, e)?;
                    }
                }
            }
            errors.is_empty().then_some(g.id.0)
        }
        GoalForm::ActivityFollowUp => {
            let g = the_goal()?;
            let id: i64 = data
                .trimmed("activity")
                .parse()
                .map_err(|_| WebError::NotFound)?;
            if data.trimmed("deviation").is_empty() && data.trimmed("analysis").is_empty() {
                errors.field("analysis", tr.t("goals-followup-empty"));
            }
            check_length(tr, &data, "deviation", MAX_TITLE_CHARS, &mut errors);
            check_length(tr, &data, "analysis", MAX_TEXT_CHARS, &mut errors);
            if errors.is_empty()
                && let Err(e) = store
                    .follow_up_activity(
                        ActivityId(id),
                        data.trimmed("deviation"),
                        data.trimmed("analysis"),
                        stamp,
                    )
                    .await
            {
                refused(&mut errors, e)?;
            }
            errors.is_empty().then_some(g.id.0)
        }
        GoalForm::Assess => {
            let g = the_goal()?;
            let period = errors.take("period", data.trimmed("period").parse::<Period>());
            let status = GoalStatus::from_code(data.trimmed("status"));
            if status.is_none() {
                errors.field("status", tr.t("goals-status-missing"));
            }
            if let (Some(period), Some(status)) = (period, status) {
                let a = Assessment {
                    status,
                    analysis: data.trimmed("analysis").to_string(),
                    set_by: user.id,
                    set_at: stamp.at,
                    period,
                };
                if let Err(found) = validate_assessment(g, &a) {
                    goal_errors(&mut errors, found, &|e| match e {
                        GoalError::AnalysisRequired(_) | GoalError::AnalysisTooLong(_) => {
                            "analysis"
                        }
                        GoalError::AssessmentOutsidePlanPeriod { .. } => "period",
                        _ => "",
                    });
                }
                if errors.is_empty()
                    && let Err(e) = store
                        .assess_goal(g.id, &period.code(), status, &a.analysis, stamp)
                        .await
                {
                    refused(&mut errors, e)?;
                }
            }
            errors.is_empty().then_some(g.id.0)
        }
    };
    match saved {
        Some(id) if errors.is_empty() => {
            tracing::info!(user_id = %user.id, form = form.slug(), goal = id, "goal form saved");
            Ok(redirect(format!("/goals?year={year}&saved=1#goal-{id}")))
        }
        _ => {
            if errors.is_empty() {
                errors.general(tr.t("goals-form-incomplete"));
            }
            render(
                tr,
                &user,
                &ctx,
                &shown,
                &data,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    }
}

/// This page's routes, each with the access it requires.
pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::{Access::*, Permission::*};
    r.get("/goals", Requires(ViewFollowUp), page)
        .get("/goals/form", Requires(ManageGoals), form)
        .post("/goals/form", Requires(ManageGoals), submit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    proptest::proptest! {
        /// Any text names a form or is refused with a reason; a form is
        /// never taken for another.
        #[test]
        fn any_form_kind_is_a_form_or_refused(s in proptest::prelude::any::<String>()) {
            match GoalForm::from_slug(Tr::new(Lang::Sv), &s) {
                Ok(f) => proptest::prop_assert!(s.trim().is_empty() || f.slug() == s.trim()),
                Err(e) => proptest::prop_assert!(matches!(e, WebError::Unknown(_))),
            }
        }
    }

    #[test]
    fn an_unknown_form_is_refused_not_another() {
        let tr = Tr::new(Lang::Sv);
        assert_eq!(GoalForm::from_slug(tr, "").ok(), Some(GoalForm::AddGoal));
        match GoalForm::from_slug(tr, "radera-allt") {
            Err(WebError::Unknown(why)) => assert!(why.contains("finns inte"), "{why}"),
            other => panic!("{:?}", other.ok()),
        }
    }

    /// Each form's heading, introduction and button (keys built from the
    /// slug) exist in both languages, and each slug finds its form.
    #[test]
    fn every_form_has_its_slug_and_messages() {
        for form in GoalForm::ALL {
            let tr = Tr::new(Lang::Sv);
            assert_eq!(GoalForm::from_slug(tr, form.slug()).ok(), Some(form));
            for suffix in ["", "-intro", "-submit"] {
                let key = format!("goals-form-{}{suffix}", form.slug());
                let sv = Tr::new(Lang::Sv).t(&key);
                assert_ne!(sv, key, "missing in Swedish: {key}");
                assert_ne!(Tr::new(Lang::En).t(&key), sv, "missing in English: {key}");
            }
        }
    }

    /// A stored target is shown in the targets form as it is typed, and
    /// reads back the same.
    #[test]
    fn targets_read_back_as_they_are_shown() {
        for (stored, typed) in [
            (Target::Number(92.5), "92,5"),
            (Target::Number(90.0), "90"),
            (
                Target::Text("tas fram av nämnd".into()),
                "tas fram av nämnd",
            ),
        ] {
            assert_eq!(target_input(Some(&stored)), typed);
            assert_eq!(parse_target(typed).unwrap(), Some(stored));
        }
        assert_eq!(target_input(None), "");
        assert_eq!(parse_target("  "), Ok(None));
        // Written as a number, it must be one: not kept as a text.
        for bad in ["1e308", &"9".repeat(400), "1,2,3", "--1"] {
            assert!(parse_target(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_target("-1"), Ok(Some(Target::Number(-1.0))));
        assert_eq!(
            parse_target("minst 3 per månad"),
            Ok(Some(Target::Text("minst 3 per månad".into())))
        );
    }
}
