//! The demo loader: the demo municipality ([`tillit_demo::generate`]) and,
//! if asked, its goals and figures entered by hand
//! ([`tillit_demo::goals`]), written to an empty store.
//!
//! One copy for every caller: `tillit demo` and `tillit serve --demo` (with
//! progress bars), the browser tests' demo server, the web crate's
//! follow-up tests and its benchmarks. Units and users get the ids the demo
//! gave them (the load refuses a store where they would not), every user
//! the same password, hashed once (argon2 is slow on purpose).

use crate::password::{PasswordError, hash_password};
use std::collections::HashMap;
use tillit_demo::goals::DemoGoals;
use tillit_demo::large::{Districts, LargeConfig};
use tillit_demo::{DemoCase, DemoData, DemoUser};
use tillit_domain::UserId;
use tillit_domain::goal::{GoalId, PlanPeriod};
use tillit_domain::role::Role;
use tillit_store::{
    NewActivity, NewEvent, NewGoal, NewGoalIndicator, NewManualValue, NewUser, Stamp, Store,
    StoreError,
};

/// Why the demo could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DemoLoadError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("kunde inte skapa lösenordshash: {0}")]
    Password(#[from] PasswordError),
    #[error("kunde inte skapa demomålet {key}: {source}")]
    Goal { key: String, source: StoreError },
    /// The store was not empty, or the demo data does not hang together.
    #[error("{0}")]
    Mismatch(String),
}

/// Told how far the load has come (the command line draws progress bars;
/// everyone else passes [`Quiet`]).
pub trait Progress {
    /// A new stage of `total` steps begins.
    fn stage(&mut self, _what: &str, _total: u64) {}
    /// `n` more steps of the stage are done.
    fn advance(&mut self, _n: u64) {}
    /// The stage is done.
    fn finish(&mut self) {}
}

/// No progress shown.
pub struct Quiet;

impl Progress for Quiet {}

/// Write `data` to an empty store: units, users (every one with
/// `password`), persons and their relations, and the cases' events; then,
/// when `goals` is given, the goal tree and the figures entered by hand.
pub async fn load(
    store: &Store,
    data: &DemoData,
    password: &str,
    goals: Option<&DemoGoals>,
    progress: &mut (dyn Progress + Send),
) -> Result<(), DemoLoadError> {
    let hash = hash_password(password)?;
    progress.stage("Skapar användare", data.users.len() as u64);
    create_units_and_users(store, data, &hash).await?;
    progress.advance(data.users.len() as u64);
    progress.finish();

    progress.stage("Skapar personer", data.persons.len() as u64);
    for chunk in data.persons.chunks(500) {
        store.upsert_persons(chunk).await?;
        progress.advance(chunk.len() as u64);
    }
    store.add_relations(&data.relations).await?;
    progress.finish();

    progress.stage("Skriver ärenden", data.cases.len() as u64);
    append_cases(store, &data.cases, CASES_PER_APPEND, progress).await?;
    progress.finish();
    load_registers(store, data).await?;
    crate::demo_assistance::load_assistance(store, data, &hash).await?;
    if let Some(goals) = goals {
        load_goals(store, data, goals).await?;
    }
    progress.stage("Läser in ekonomin", 1);
    load_economy(store, data, &hash).await?;
    progress.advance(1);
    progress.finish();
    Ok(())
}

/// The demo's economy ([`tillit_demo::economy`]): its economist (with the
/// demo's password hash), the structure and providers, five years of
/// budget with the ombudgetering, the ledger imported year by year through
/// the same import as `tillit economy import` (the last file the
/// correction of a month), and the forecasts the unit managers entered.
pub async fn load_economy(
    store: &Store,
    data: &DemoData,
    password_hash: &str,
) -> Result<(), DemoLoadError> {
    let e = tillit_demo::economy::generate(data, 0);
    let (username, display_name) = tillit_demo::economy::ECONOMIST;
    let economist = store
        .create_user(&NewUser {
            username: username.to_string(),
            display_name: display_name.to_string(),
            role: Role::Economist,
            unit: None,
            password_hash: password_hash.to_string(),
        })
        .await?;
    store.save_structure(e.structure.clone()).await?;
    store.save_providers(e.catalogue.providers.clone()).await?;
    // Written as of the end of the demo's history.
    let at = |d: jiff::civil::Date| {
        d.to_zoned(jiff::tz::TimeZone::UTC)
            .map(|z| z.timestamp())
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
    };
    for b in &e.budgets {
        store
            .set_decided_budget(
                b.year,
                b.lines.clone(),
                b.decided_on,
                b.reason.clone(),
                Stamp {
                    by: economist,
                    at: at(b.decided_on),
                },
            )
            .await?;
    }
    for (year, r) in &e.revisions {
        store
            .add_budget_revision(
                *year,
                r.clone(),
                Stamp {
                    by: economist,
                    at: at(r.decided_on),
                },
            )
            .await?;
    }
    for (name, bytes) in &e.ledger_files {
        crate::economy_data::import_ledger(store, name, bytes, economist, at(data.end))
            .await
            .map_err(|err| DemoLoadError::Mismatch(format!("demons fil {name}: {err}")))?;
    }
    for f in &e.forecasts {
        let Some(user) = data.user(f.username) else {
            continue;
        };
        store
            .enter_forecast(
                tillit_store::NewForecast {
                    year: f.year,
                    point: f.point,
                    responsibility: f.responsibility.clone(),
                    activity: f.activity.clone(),
                    project: f.project.clone(),
                    amounts: f.amounts,
                    comment: f.comment.clone(),
                },
                Stamp {
                    by: user.id,
                    at: at(jiff::civil::date(f.year, 5, 12)),
                },
            )
            .await?;
    }
    Ok(())
}

/// Cases per [`Store::append_many`] (one transaction each).
pub const CASES_PER_APPEND: usize = 500;

/// Append every event of `cases` (new cases), `chunk` cases per transaction.
async fn append_cases(
    store: &Store,
    cases: &[DemoCase],
    chunk: usize,
    progress: &mut (dyn Progress + Send),
) -> Result<(), DemoLoadError> {
    for chunk in cases.chunks(chunk.max(1)) {
        let batch = chunk
            .iter()
            .map(|c| {
                let events = c
                    .events
                    .iter()
                    .map(|e| NewEvent {
                        recorded_by: e.recorded_by,
                        recorded_at: e.recorded_at,
                        occurred_on: e.occurred_on,
                        event: e.event.clone(),
                    })
                    .collect();
                (c.id, 0, events)
            })
            .collect();
        store.append_many(batch).await?;
        progress.advance(chunk.len() as u64);
    }
    Ok(())
}

/// Cases per transaction of [`load_large`] by default, as in [`load`]:
/// larger transactions (2,000 and 5,000 cases) did not load faster on
/// SQLite (`docs/performance.md`, *Large datasets*).
pub const CASES_PER_LARGE_APPEND: u64 = 500;

/// What [`load_large`] wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LargeLoad {
    pub districts: u32,
    pub units: usize,
    pub users: usize,
    pub persons: usize,
    pub cases: u64,
    pub events: u64,
    /// Persons with a reservnummer (the test personnummer ran out).
    pub reservnummer: u64,
}

/// Districts generated ahead of the one being written (bounded memory:
/// this many, the one being written and the one being generated).
const DISTRICTS_AHEAD: usize = 1;

/// Generate a large demo municipality ([`tillit_demo::large`]) and write it
/// to an empty store district by district, `chunk` cases per transaction:
/// the next district is generated on a thread of its own while one is
/// written, and no more than three districts are in memory at once. Every
/// user gets `password`; with `goals`, the default demo's goals and figures
/// entered by hand are written for district 0 (the default demo's units).
///
/// `progress` gets one stage of `cfg.cases` steps (about the cases written;
/// the last step may overshoot or fall short by a few per cent).
pub async fn load_large(
    store: &Store,
    cfg: LargeConfig,
    password: &str,
    goals: bool,
    chunk: usize,
    progress: &mut (dyn Progress + Send),
) -> Result<LargeLoad, DemoLoadError> {
    let hash = hash_password(password)?;
    let end = cfg.end;
    progress.stage("Skriver ärenden", cfg.cases);
    let (tx, mut rx) = tokio::sync::mpsc::channel::<DemoData>(DISTRICTS_AHEAD);
    let generator = tokio::task::spawn_blocking(move || {
        let mut districts = Districts::new(cfg);
        for d in districts.by_ref() {
            if tx.blocking_send(d).is_err() {
                break; // the writer gave up
            }
        }
        districts.reservnummer_issued()
    });
    let mut done = LargeLoad::default();
    while let Some(data) = rx.recv().await {
        create_units_and_users(store, &data, &hash).await?;
        for persons in data.persons.chunks(500) {
            store.upsert_persons(persons).await?;
        }
        store.add_relations(&data.relations).await?;
        append_cases(store, &data.cases, chunk, progress).await?;
        if done.districts == 0 {
            // The registers and goals of the first district (the demo's own).
            load_registers(store, &data).await?;
            if goals {
                load_goals_for(store, &data.users, &tillit_demo::goals::generate(end)).await?;
            }
        }
        done.districts += 1;
        done.units += data.units.len();
        done.users += data.users.len();
        done.persons += data.persons.len();
        done.cases += data.cases.len() as u64;
        done.events += data.stats.events as u64;
    }
    done.reservnummer = generator
        .await
        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
    progress.finish();
    Ok(done)
}

/// The units and users of `data`, with the ids the demo gave them.
async fn create_units_and_users(
    store: &Store,
    data: &DemoData,
    hash: &str,
) -> Result<(), DemoLoadError> {
    for u in &data.units {
        let id = store.create_unit(&u.name, u.kind_code).await?;
        if id != u.id {
            return Err(DemoLoadError::Mismatch(format!(
                "enheten {} fick id {id} i stället för {}; databasen var inte tom",
                u.name, u.id
            )));
        }
    }
    for u in &data.users {
        let id = store
            .create_user(&NewUser {
                username: u.username.clone(),
                display_name: u.display_name.clone(),
                role: u.role,
                unit: u.unit,
                password_hash: hash.to_string(),
            })
            .await?;
        if id != u.id {
            return Err(DemoLoadError::Mismatch(format!(
                "användaren {} fick id {id} i stället för {}",
                u.username, u.id
            )));
        }
    }
    Ok(())
}

/// Write the demo's register records (Lex Sarah, incidents, a self-audit), generated
/// from `data` (see `tillit_demo::registers`).
pub async fn load_registers(store: &Store, data: &DemoData) -> Result<(), DemoLoadError> {
    use tillit_demo::registers::{DemoRecord, generate};
    use tillit_domain::register::incident::Incident;
    use tillit_domain::register::lex_sarah::LexSarah;
    use tillit_store::RecordWrite;
    let writes = generate(data, 0)
        .iter()
        .map(|r| match r {
            DemoRecord::LexSarah(id, entries) => {
                RecordWrite::new::<LexSarah>(*id, 0, &LexSarah::default(), entries)
            }
            DemoRecord::Incident(id, entries) => {
                RecordWrite::new::<Incident>(*id, 0, &Incident::default(), entries)
            }
            DemoRecord::Submission(id, entries) => RecordWrite::new::<
                tillit_domain::register::submission::Submission,
            >(
                *id, 0, &Default::default(), entries
            ),
            DemoRecord::Service(id, entries) => RecordWrite::new::<
                tillit_domain::register::service::ServiceMatter,
            >(*id, 0, &Default::default(), entries),
            DemoRecord::Control(id, entries) => RecordWrite::new::<
                tillit_domain::register::internal_control::Control,
            >(*id, 0, &Default::default(), entries),
            DemoRecord::Complaint(id, entries) => RecordWrite::new::<
                tillit_domain::register::complaint::Complaint,
            >(
                *id, 0, &Default::default(), entries
            ),
            DemoRecord::SelfAudit(id, entries) => {
                use tillit_domain::register::self_audit::SelfAudit;
                RecordWrite::new::<SelfAudit>(*id, 0, &SelfAudit::default(), entries)
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    store.write_records(writes).await?;
    Ok(())
}

/// Write the goals and values of `goals` to `store`, which has the demo's
/// units and users (named by username in `data`).
pub async fn load_goals(
    store: &Store,
    data: &DemoData,
    goals: &DemoGoals,
) -> Result<(), DemoLoadError> {
    load_goals_for(store, &data.users, goals).await
}

async fn load_goals_for(
    store: &Store,
    users: &[DemoUser],
    goals: &DemoGoals,
) -> Result<(), DemoLoadError> {
    let user = |name: &str| -> Result<UserId, DemoLoadError> {
        users
            .iter()
            .find(|u| u.username == name)
            .map(|u| u.id)
            .ok_or_else(|| DemoLoadError::Mismatch(format!("demoanvändaren {name} finns inte")))
    };
    // Goals are written by the analyst who keeps the plan (utvecklingsledaren).
    let writer = user("sofia")?;
    let plan = PlanPeriod::new(goals.plan_first_year, goals.plan_last_year)
        .map_err(|e| DemoLoadError::Mismatch(e.to_string()))?;
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
            Some(p) => Some(*ids.get(p.as_str()).ok_or_else(|| {
                DemoLoadError::Mismatch(format!("demomålet {} saknar sitt överordnade mål", g.key))
            })?),
            None => None,
        };
        let id = store
            .add_goal(
                &NewGoal {
                    level: g.level,
                    parent,
                    plan,
                    unit: g.unit,
                    perspective: g.perspective,
                    title: g.title.into(),
                    description: g.description.into(),
                    expected_result: g.expected_result.into(),
                },
                created,
            )
            .await
            .map_err(|source| DemoLoadError::Goal {
                key: g.key.clone(),
                source,
            })?;
        ids.insert(g.key.as_str(), id);
        for i in &g.indicators {
            store
                .add_goal_indicator_with_targets(
                    &NewGoalIndicator {
                        goal: id,
                        source: i.source,
                        code: i.code.into(),
                        direction: i.direction,
                    },
                    i.annual.as_ref(),
                    i.council.as_ref(),
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
                    users
                        .iter()
                        .find(|x| x.unit == Some(u) && x.role == Role::UnitManager)
                        .map(|x| x.id)
                        .ok_or_else(|| {
                            DemoLoadError::Mismatch(format!("enhet {u} saknar enhetschef"))
                        })
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
