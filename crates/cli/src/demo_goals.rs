//! Loading the demo's goals and figures entered by hand
//! ([`tillit_demo::goals`]) into a store that has the demo's units and users.

use anyhow::{Context, Result, anyhow};
use std::collections::HashMap;
use tillit_demo::DemoData;
use tillit_demo::goals::{DemoGoals, DemoTarget};
use tillit_domain::UserId;
use tillit_store::{
    GoalId, NewActivity, NewGoal, NewGoalIndicator, NewManualValue, PlanYears, Stamp, Store,
    TargetValue,
};

fn target(t: &Option<DemoTarget>) -> Option<TargetValue> {
    t.as_ref().map(|t| match t {
        DemoTarget::Number(n) => TargetValue::Number(*n),
        DemoTarget::Text(s) => TargetValue::Text((*s).to_string()),
    })
}

/// Write the goals and values of `goals` to `store`; users are named by
/// username in `data`.
pub async fn load(store: &Store, data: &DemoData, goals: &DemoGoals) -> Result<()> {
    let user = |name: &str| -> Result<UserId> {
        data.user(name)
            .map(|u| u.id)
            .ok_or_else(|| anyhow!("demoanvändaren {name} finns inte"))
    };
    // Goals are written by the analyst who keeps the plan (utvecklingsledaren).
    let writer = user("sofia")?;
    let plan = PlanYears::new(goals.plan_first_year, goals.plan_last_year)?;
    let created = Stamp::new(
        writer,
        jiff::civil::date(goals.plan_first_year, 1, 2)
            .at(9, 0, 0, 0)
            .to_zoned(jiff::tz::TimeZone::UTC)
            .map(|z| z.timestamp())
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH),
    );
    let mut ids: HashMap<&str, GoalId> = HashMap::new();
    for g in &goals.goals {
        let parent = match &g.parent {
            Some(p) => Some(
                *ids.get(p.as_str())
                    .ok_or_else(|| anyhow!("demomålet {} saknar sitt överordnade mål", g.key))?,
            ),
            None => None,
        };
        let id = store
            .add_goal(
                &NewGoal {
                    level: g.level.into(),
                    parent,
                    plan,
                    unit: g.unit,
                    perspective: g.perspective.map(str::to_string),
                    title: g.title.into(),
                    description: g.description.into(),
                    expected_result: g.expected_result.into(),
                },
                created,
            )
            .await
            .with_context(|| format!("kunde inte skapa demomålet {}", g.key))?;
        ids.insert(g.key.as_str(), id);
        for i in &g.indicators {
            store
                .add_goal_indicator_with_targets(
                    &NewGoalIndicator {
                        goal: id,
                        source: i.source.into(),
                        code: i.code.into(),
                        direction: i.direction.into(),
                    },
                    target(&i.annual).as_ref(),
                    target(&i.council).as_ref(),
                    created,
                )
                .await?;
        }
        for a in &g.activities {
            let aid = store
                .add_activity(
                    &NewActivity {
                        goal: id,
                        title: a.title.into(),
                        starts_on: Some(a.start),
                        ends_on: Some(a.end),
                    },
                    created,
                )
                .await?;
            if !a.analysis.is_empty() || !a.deviation.is_empty() {
                let by = g.unit.map_or(Ok(writer), |u| {
                    data.users
                        .iter()
                        .find(|x| {
                            x.unit == Some(u) && x.role == tillit_domain::role::Role::UnitManager
                        })
                        .map(|x| x.id)
                        .ok_or_else(|| anyhow!("enhet {u} saknar enhetschef"))
                })?;
                let at = goals
                    .goals
                    .iter()
                    .flat_map(|g| g.assessments.iter())
                    .map(|a| a.at)
                    .max()
                    .unwrap_or(created.at);
                store
                    .follow_up_activity(aid, a.deviation, a.analysis, Stamp::new(by, at))
                    .await?;
            }
        }
        for a in &g.assessments {
            store
                .assess_goal(
                    id,
                    &a.period,
                    a.status,
                    a.analysis,
                    Stamp::new(user(a.by)?, a.at),
                )
                .await?;
        }
    }
    let mut values = goals.values.clone();
    values.sort_by_key(|v| v.at);
    for v in &values {
        store
            .enter_manual_value(
                &NewManualValue {
                    series: v.series.into(),
                    unit: v.unit,
                    period: v.period.clone(),
                    gender: v.gender,
                    value: v.value,
                    estimate: v.estimate,
                    base: v.base,
                    note: v.note.into(),
                },
                Stamp::new(user(v.by)?, v.at),
            )
            .await?;
    }
    Ok(())
}
