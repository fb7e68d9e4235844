//! The event log of cases and the read models kept beside it.
//!
//! Every append runs in one transaction that
//! 1. compares and sets the case's version in its `cases` row (the stream
//!    head): the row is inserted for a new case (a second writer hits the
//!    primary key) or updated `WHERE version = expected` (a second writer
//!    updates no row);
//! 2. inserts the events under the primary key `(case_id, version)`;
//! 3. rebuilds the case's read models (`cases` summary, `deadlines`) by
//!    folding all its events with [`CaseState::from_events`].
//!
//! A refused write rolls back whole and is reported as
//! [`StoreError::Conflict`] with the version the case actually has.

use crate::Backend;
use crate::codec::{RowExt, bool_int, date_text, int_version, timestamp_text, version_int};
use crate::error::is_unique_violation;
use crate::{Store, StoreError};
use jiff::Timestamp;
use jiff::civil::Date;
use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection};
use std::collections::HashMap;
use tillit_domain::case::{CaseEvent, CaseState, RecordedEvent};
use tillit_domain::{CaseId, ItemId, PersonId, UnitId, UserId};

/// An event to append, with who recorded it and when.
#[derive(Clone, Debug, PartialEq)]
pub struct NewEvent {
    pub recorded_by: UserId,
    /// When it was written down (UTC).
    pub recorded_at: Timestamp,
    /// When the thing happened (civil date, Europe/Stockholm).
    pub occurred_on: Date,
    pub event: CaseEvent,
}

/// A case as lists show it (the `cases` read model).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseSummary {
    pub id: CaseId,
    pub child: PersonId,
    pub unit: UnitId,
    pub caseworker: Option<UserId>,
    /// [`tillit_domain::case::Phase::code`].
    pub phase: String,
    pub opened_on: Date,
    pub closed_on: Option<Date>,
    /// Number of events in the case: the version to pass to the next append.
    pub version: u64,
    /// The child is in out-of-home care now.
    pub placed: bool,
}

/// Which cases [`Store::list_cases`] returns. The default is every open case.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseFilter {
    pub unit: Option<UnitId>,
    pub caseworker: Option<UserId>,
    pub include_closed: bool,
}

/// Which deadlines [`Store::worklist`] returns. The default is all of them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorklistFilter {
    /// Deadlines owned by this caseworker.
    pub caseworker: Option<UserId>,
    /// Deadlines of cases in this unit.
    pub unit: Option<UnitId>,
    /// Only deadlines whose planning date is on or before this date.
    pub until: Option<Date>,
}

/// One row of a worklist: a deadline of a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorklistItem {
    pub case: CaseId,
    pub child: PersonId,
    /// The deadline's owner: the case's caseworker, if assigned.
    pub caseworker: Option<UserId>,
    pub unit: UnitId,
    /// [`tillit_domain::deadline::DeadlineKind::code`].
    pub kind_code: String,
    /// Swedish label of the kind.
    pub label: String,
    /// The item the deadline is about (report, investigation, ...), so a
    /// worklist can link straight to the step that clears it.
    pub item: Option<ItemId>,
    pub legal_date: Date,
    pub planning_date: Date,
    pub citation: String,
    /// The legal date is before the `today` the worklist was asked for.
    pub overdue: bool,
}

/// Rows to insert at the end of a batch.
#[derive(Default)]
struct Pending {
    /// (case, event) in append order.
    events: Vec<(CaseId, RecordedEvent)>,
    /// Each touched case's whole stream (loaded + appended), so that a case
    /// appearing twice in one batch folds what the batch already added.
    streams: HashMap<CaseId, Vec<RecordedEvent>>,
    /// Cases whose read models must be written, in first-touched order.
    touched: Vec<CaseId>,
    /// Touched cases that had events before this batch (old deadlines to drop).
    preexisting: std::collections::HashSet<CaseId>,
}

/// The outcome of appending to one case inside a transaction.
pub(crate) enum Refusal {
    /// Stale expected version (the actual version is looked up afterwards).
    Conflict {
        case: CaseId,
        expected: u64,
    },
    Other(StoreError),
}

impl From<StoreError> for Refusal {
    fn from(e: StoreError) -> Self {
        Refusal::Other(e)
    }
}

impl From<sqlx::Error> for Refusal {
    fn from(e: sqlx::Error) -> Self {
        Refusal::Other(e.into())
    }
}

/// Rows per multi-row `INSERT` (7 parameters per event row: well under
/// SQLite's and PostgreSQL's parameter limits).
pub(crate) const INSERT_CHUNK: usize = 200;

pub(crate) const CASE_COLUMNS: &str =
    "id, child_id, unit_id, caseworker_id, phase, opened_on, closed_on, version, placed";

impl Store {
    /// Append events to a case whose current version the caller read as
    /// `expected_version` (0 for a new case, whose first event must be
    /// [`CaseEvent::CaseOpened`]). Returns the new version. If the case has
    /// moved on, nothing is written and [`StoreError::Conflict`] is returned.
    pub async fn append(
        &self,
        case: CaseId,
        expected_version: u64,
        events: Vec<NewEvent>,
    ) -> Result<u64, StoreError> {
        let new_version = expected_version + events.len() as u64;
        self.append_many(vec![(case, expected_version, events)])
            .await?;
        Ok(new_version)
    }

    /// Append to many cases in one transaction (bulk import, demo data): all
    /// or nothing. A case may appear more than once; each entry's expected
    /// version then counts the events of the earlier entries.
    pub async fn append_many(
        &self,
        batch: Vec<(CaseId, u64, Vec<NewEvent>)>,
    ) -> Result<(), StoreError> {
        self.write_unbounded(move |tx| {
            Box::pin(async move {
                let result = append_in_tx(tx, batch).await;
                settle(tx, result).await
            })
        })
        .await
    }

    /// The current version of a case (0 if it has no events).
    pub async fn case_version(&self, case: CaseId) -> Result<u64, StoreError> {
        let row = sqlx::query("SELECT version FROM cases WHERE id = $1")
            .bind(case.to_string())
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(r) => int_version(r.int("version")?),
            None => Ok(0),
        }
    }

    /// Every event of a case, in order; empty if there is no such case.
    pub async fn load_case(&self, case: CaseId) -> Result<Vec<RecordedEvent>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        load_stream(&mut conn, case).await
    }

    /// The summary of a case.
    pub async fn case_summary(&self, case: CaseId) -> Result<Option<CaseSummary>, StoreError> {
        let sql = format!("SELECT {CASE_COLUMNS} FROM cases WHERE id = $1");
        sqlx::query(&sql)
            .bind(case.to_string())
            .fetch_optional(&self.pool)
            .await?
            .map(|r| summary_from_row(&r))
            .transpose()
    }

    /// Every case of a child, oldest first.
    pub async fn cases_for_person(&self, person: PersonId) -> Result<Vec<CaseSummary>, StoreError> {
        let sql =
            format!("SELECT {CASE_COLUMNS} FROM cases WHERE child_id = $1 ORDER BY opened_on, id");
        sqlx::query(&sql)
            .bind(person.to_string())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(summary_from_row)
            .collect()
    }

    /// Every case of any of these children (in no particular order): one
    /// query per 500 children.
    pub async fn cases_for_persons(
        &self,
        children: &[PersonId],
    ) -> Result<Vec<CaseSummary>, StoreError> {
        let mut out = Vec::new();
        for chunk in children.chunks(500) {
            let params: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT {CASE_COLUMNS} FROM cases WHERE child_id IN ({}) ORDER BY opened_on, id",
                params.join(", ")
            );
            let mut q = sqlx::query(&sql);
            for c in chunk {
                q = q.bind(c.to_string());
            }
            for r in q.fetch_all(&self.pool).await? {
                out.push(summary_from_row(&r)?);
            }
        }
        Ok(out)
    }

    /// The child's open case, if any (the newest, should there be several).
    pub async fn open_case_for_child(
        &self,
        child: PersonId,
    ) -> Result<Option<CaseSummary>, StoreError> {
        let sql = format!(
            "SELECT {CASE_COLUMNS} FROM cases WHERE child_id = $1 AND closed_on IS NULL \
             ORDER BY opened_on DESC, id LIMIT 1"
        );
        sqlx::query(&sql)
            .bind(child.to_string())
            .fetch_optional(&self.pool)
            .await?
            .map(|r| summary_from_row(&r))
            .transpose()
    }

    /// Cases matching the filter, newest first.
    pub async fn list_cases(&self, filter: &CaseFilter) -> Result<Vec<CaseSummary>, StoreError> {
        let mut conditions = Vec::new();
        let mut params = Vec::new();
        if let Some(unit) = filter.unit {
            params.push(unit.0);
            conditions.push(format!("unit_id = ${}", params.len()));
        }
        if let Some(cw) = filter.caseworker {
            params.push(cw.0);
            conditions.push(format!("caseworker_id = ${}", params.len()));
        }
        if !filter.include_closed {
            conditions.push("closed_on IS NULL".to_string());
        }
        let sql = format!(
            "SELECT {CASE_COLUMNS} FROM cases{} ORDER BY opened_on DESC, id",
            where_clause(&conditions)
        );
        let mut query = sqlx::query(&sql);
        for p in params {
            query = query.bind(p);
        }
        query
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(summary_from_row)
            .collect()
    }

    /// The cases of `unit` opened from `from` to `to` (both included),
    /// open or closed, oldest first: the case files a self-audit of that
    /// unit and period draws its sample from.
    pub async fn cases_opened(
        &self,
        unit: UnitId,
        from: Date,
        to: Date,
    ) -> Result<Vec<CaseSummary>, StoreError> {
        let sql = format!(
            "SELECT {CASE_COLUMNS} FROM cases \
             WHERE unit_id = $1 AND opened_on >= $2 AND opened_on <= $3 \
             ORDER BY opened_on, id"
        );
        sqlx::query(&sql)
            .bind(unit.0)
            .bind(date_text(from))
            .bind(date_text(to))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(summary_from_row)
            .collect()
    }

    /// Deadlines matching the filter, by planning date, then legal date.
    /// `overdue` is computed against `today`.
    pub async fn worklist(
        &self,
        filter: &WorklistFilter,
        today: Date,
    ) -> Result<Vec<WorklistItem>, StoreError> {
        let mut conditions = Vec::new();
        let mut ints = Vec::new();
        if let Some(cw) = filter.caseworker {
            ints.push(cw.0);
            conditions.push(format!("d.owner_id = ${}", ints.len()));
        }
        if let Some(unit) = filter.unit {
            ints.push(unit.0);
            conditions.push(format!("d.unit_id = ${}", ints.len()));
        }
        if filter.until.is_some() {
            conditions.push(format!("d.planning_date <= ${}", ints.len() + 1));
        }
        let sql = format!(
            "SELECT d.case_id, c.child_id, d.owner_id, d.unit_id, d.kind, d.label, d.item, \
                    d.legal_date, d.planning_date, d.citation \
             FROM deadlines d JOIN cases c ON c.id = d.case_id{} \
             ORDER BY d.planning_date, d.legal_date, d.case_id, d.seq",
            where_clause(&conditions)
        );
        let mut query = sqlx::query(&sql);
        for p in ints {
            query = query.bind(p);
        }
        if let Some(until) = filter.until {
            query = query.bind(date_text(until));
        }
        query
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                let legal_date: Date = r.parsed("legal_date")?;
                Ok(WorklistItem {
                    case: r.parsed("case_id")?,
                    child: r.parsed("child_id")?,
                    caseworker: r.opt_int("owner_id")?.map(UserId),
                    unit: UnitId(r.int("unit_id")?),
                    kind_code: r.text("kind")?,
                    label: r.text("label")?,
                    item: r.opt_parsed("item")?,
                    legal_date,
                    planning_date: r.parsed("planning_date")?,
                    citation: r.text("citation")?,
                    overdue: legal_date < today,
                })
            })
            .collect()
    }

    /// Every event of every case, by case and version. Loads everything into
    /// memory: for follow-up computations and checks, not for pages.
    pub async fn all_events(&self) -> Result<Vec<(CaseId, RecordedEvent)>, StoreError> {
        sqlx::query(
            "SELECT case_id, version, recorded_by, recorded_at, occurred_on, payload \
             FROM events ORDER BY case_id, version",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok((r.parsed("case_id")?, event_from_row(r)?)))
        .collect()
    }
}

fn where_clause(conditions: &[String]) -> String {
    if conditions.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conditions.join(" AND "))
    }
}

pub(crate) fn summary_from_row(r: &AnyRow) -> Result<CaseSummary, StoreError> {
    Ok(CaseSummary {
        id: r.parsed("id")?,
        child: r.parsed("child_id")?,
        unit: UnitId(r.int("unit_id")?),
        caseworker: r.opt_int("caseworker_id")?.map(UserId),
        phase: r.text("phase")?,
        opened_on: r.parsed("opened_on")?,
        closed_on: r.opt_parsed("closed_on")?,
        version: int_version(r.int("version")?)?,
        placed: r.flag("placed")?,
    })
}

pub(crate) fn event_from_row(r: &AnyRow) -> Result<RecordedEvent, StoreError> {
    let payload = r.text("payload")?;
    let event: CaseEvent = serde_json::from_str(&payload)
        .map_err(|e| StoreError::corrupt(format!("händelse: {e}")))?;
    Ok(RecordedEvent {
        version: int_version(r.int("version")?)?,
        recorded_by: UserId(r.int("recorded_by")?),
        recorded_at: r.parsed("recorded_at")?,
        occurred_on: r.parsed("occurred_on")?,
        event,
    })
}

async fn load_stream(
    conn: &mut AnyConnection,
    case: CaseId,
) -> Result<Vec<RecordedEvent>, StoreError> {
    sqlx::query(
        "SELECT version, recorded_by, recorded_at, occurred_on, payload \
         FROM events WHERE case_id = $1 ORDER BY version",
    )
    .bind(case.to_string())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(event_from_row)
    .collect()
}

/// Inside a write job: a refusal as the store's error. A conflict names the
/// version the case has now (read in the same transaction).
pub(crate) async fn settle(
    tx: &mut AnyConnection,
    result: Result<(), Refusal>,
) -> Result<(), StoreError> {
    match result {
        Ok(()) => Ok(()),
        Err(Refusal::Other(e)) => Err(e),
        Err(Refusal::Conflict { case, expected }) => {
            crate::writer::undo_job(tx).await?;
            let row = sqlx::query("SELECT version FROM cases WHERE id = $1")
                .bind(case.to_string())
                .fetch_optional(&mut *tx)
                .await?;
            let actual = match row {
                Some(r) => int_version(r.int("version")?)?,
                None => 0,
            };
            Err(StoreError::Conflict {
                case,
                expected,
                actual,
            })
        }
    }
}

/// The whole batch inside the caller's transaction.
pub(crate) async fn append_in_tx(
    tx: &mut AnyConnection,
    batch: Vec<(CaseId, u64, Vec<NewEvent>)>,
) -> Result<(), Refusal> {
    let mut pending = Pending::default();
    for (case, expected, events) in batch {
        append_one(tx, &mut pending, case, expected, events).await?;
    }
    insert_events(tx, &pending.events).await?;
    write_deadlines(tx, &pending).await?;
    Ok(())
}

/// Check and set the version of one case and queue its events.
async fn append_one(
    tx: &mut AnyConnection,
    pending: &mut Pending,
    case: CaseId,
    expected: u64,
    events: Vec<NewEvent>,
) -> Result<(), Refusal> {
    let conflict = Refusal::Conflict { case, expected };
    let mut stream = match pending.streams.remove(&case) {
        Some(s) => s,
        None => {
            pending.touched.push(case);
            if expected == 0 {
                Vec::new()
            } else {
                pending.preexisting.insert(case);
                load_stream(&mut *tx, case).await?
            }
        }
    };
    if stream.len() as u64 != expected {
        return Err(conflict);
    }
    if events.is_empty() {
        pending.streams.insert(case, stream);
        return Ok(());
    }
    if expected == 0 && !matches!(events[0].event, CaseEvent::CaseOpened { .. }) {
        // A stale writer of an existing case gets the conflict, not this.
        let exists = sqlx::query("SELECT version FROM cases WHERE id = $1")
            .bind(case.to_string())
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
        if exists {
            return Err(conflict);
        }
        return Err(StoreError::Invalid(
            "ett ärendes första händelse måste vara att ärendet öppnas".into(),
        )
        .into());
    }
    for (i, e) in events.into_iter().enumerate() {
        let recorded = RecordedEvent {
            version: expected + 1 + i as u64,
            recorded_by: e.recorded_by,
            recorded_at: e.recorded_at,
            occurred_on: e.occurred_on,
            event: e.event,
        };
        pending.events.push((case, recorded.clone()));
        stream.push(recorded);
    }
    let (state, since) = CaseState::with_phase_since(&stream);
    let mut row = CaseRow::from_state(case, &state)?;
    row.phase_since = since.map(date_text);
    row.lvu_ground = state.lvu_ground_now().map(|b| b.code());

    let changed = next_change(&mut *tx).await?;
    if expected == 0 {
        let sql = format!(
            "INSERT INTO cases ({CASE_COLUMNS}, phase_since, lvu_ground, changed) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
        );
        let inserted = row
            .bind(sqlx::query(&sql))
            .bind(changed)
            .execute(&mut *tx)
            .await;
        match inserted {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => return Err(conflict),
            Err(e) => return Err(e.into()),
        }
    } else {
        // Compare and set: a concurrent writer that got here first has
        // changed the version, so this updates no row.
        let sql = "UPDATE cases SET child_id = $2, unit_id = $3, caseworker_id = $4, \
                   phase = $5, opened_on = $6, closed_on = $7, version = $8, placed = $9, \
                   phase_since = $10, lvu_ground = $11, changed = $13 \
                   WHERE id = $1 AND version = $12";
        let done = row
            .bind(sqlx::query(sql))
            .bind(version_int(expected)?)
            .bind(changed)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            return Err(conflict);
        }
    }
    pending.streams.insert(case, stream);
    Ok(())
}

/// The `cases` row of a case, from its folded state.
struct CaseRow {
    id: String,
    child: String,
    unit: i64,
    caseworker: Option<i64>,
    phase: &'static str,
    opened_on: String,
    closed_on: Option<String>,
    version: i64,
    placed: i64,
    /// The day the case entered its phase (`$10`).
    phase_since: Option<String>,
    /// The LVU ground now (`$11`).
    lvu_ground: Option<&'static str>,
}

impl CaseRow {
    fn from_state(case: CaseId, state: &CaseState) -> Result<Self, StoreError> {
        let missing =
            || StoreError::Invalid("ärendet saknar barn eller enhet (händelsen CaseOpened)".into());
        Ok(CaseRow {
            id: case.to_string(),
            child: state.child.ok_or_else(missing)?.to_string(),
            unit: state.unit.ok_or_else(missing)?.0,
            caseworker: state.caseworker.map(|u| u.0),
            phase: state.phase().code(),
            opened_on: date_text(state.opened_on.ok_or_else(missing)?),
            closed_on: state.closed.map(|(d, _)| date_text(d)),
            version: version_int(state.version)?,
            placed: bool_int(state.is_placed()),
            phase_since: None,
            lvu_ground: None,
        })
    }

    /// Bind as `$1..$9` in [`CASE_COLUMNS`] order, then `phase_since` and
    /// `lvu_ground` as `$10`, `$11`.
    fn bind<'q>(
        self,
        q: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>> {
        q.bind(self.id)
            .bind(self.child)
            .bind(self.unit)
            .bind(self.caseworker)
            .bind(self.phase)
            .bind(self.opened_on)
            .bind(self.closed_on)
            .bind(self.version)
            .bind(self.placed)
            .bind(self.phase_since)
            .bind(self.lvu_ground)
    }
}

/// `($1, $2, ...), ($n+1, ...)` for `rows` rows of `cols` parameters, as
/// the database behind `conn` numbers them: on SQLite anonymous `?`, bound
/// in order. (The SQLite driver looks each numbered parameter's name up in
/// a list as long as the statement's, so binding n of them costs n²: a
/// hundred access-log rows of 18 values took milliseconds.)
/// The next value of the change sequence (migration 19), for the case or
/// person written in this transaction: the follow-up reads what was
/// written after its snapshot by it.
pub(crate) async fn next_change(tx: &mut AnyConnection) -> Result<i64, StoreError> {
    sqlx::query("UPDATE change_sequence SET last = last + 1 WHERE id = 1 RETURNING last")
        .fetch_one(&mut *tx)
        .await?
        .int("last")
}

pub(crate) fn values_list(conn: &AnyConnection, rows: usize, cols: usize) -> String {
    values_list_for(Backend::of(conn), rows, cols)
}

fn values_list_for(backend: Backend, rows: usize, cols: usize) -> String {
    (0..rows)
        .map(|r| {
            let params: Vec<String> = (1..=cols)
                .map(|c| match backend {
                    Backend::Sqlite => "?".to_string(),
                    Backend::Postgres => format!("${}", r * cols + c),
                })
                .collect();
            format!("({})", params.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

async fn insert_events(
    tx: &mut AnyConnection,
    events: &[(CaseId, RecordedEvent)],
) -> Result<(), Refusal> {
    for chunk in events.chunks(INSERT_CHUNK) {
        let sql = format!(
            "INSERT INTO events (case_id, version, event_type, recorded_by, recorded_at, \
             occurred_on, payload) VALUES {}",
            values_list(&*tx, chunk.len(), 7)
        );
        let mut query = sqlx::query(&sql);
        for (case, e) in chunk {
            let payload = serde_json::to_string(&e.event)
                .map_err(|err| StoreError::Invalid(format!("händelsen kan inte sparas: {err}")))?;
            query = query
                .bind(case.to_string())
                .bind(version_int(e.version)?)
                .bind(e.event.type_name())
                .bind(e.recorded_by.0)
                .bind(timestamp_text(e.recorded_at))
                .bind(date_text(e.occurred_on))
                .bind(payload);
        }
        match query.execute(&mut *tx).await {
            Ok(_) => {}
            // The version checks make this unreachable in practice; the key is
            // the last line of defence against two writers adding version N.
            Err(e) if is_unique_violation(&e) => {
                let (case, e0) = &chunk[0];
                return Err(Refusal::Conflict {
                    case: *case,
                    expected: e0.version - 1,
                });
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Replace the `deadlines` rows of every touched case.
async fn write_deadlines(tx: &mut AnyConnection, pending: &Pending) -> Result<(), Refusal> {
    struct Row {
        case: String,
        seq: i64,
        kind: &'static str,
        label: &'static str,
        item: Option<String>,
        legal: String,
        planning: String,
        citation: String,
        owner: Option<i64>,
        unit: i64,
    }
    let mut rows = Vec::new();
    for case in &pending.touched {
        let stream = pending.streams.get(case).map(Vec::as_slice).unwrap_or(&[]);
        if pending.preexisting.contains(case) {
            // The case existed before this batch: drop its old deadlines.
            sqlx::query("DELETE FROM deadlines WHERE case_id = $1")
                .bind(case.to_string())
                .execute(&mut *tx)
                .await?;
        }
        let state = CaseState::from_events(stream);
        let Some(unit) = state.unit else { continue };
        // `today` only decides `overdue`, which the worklist computes when asked.
        let today = state.opened_on.unwrap_or(jiff::civil::date(2000, 1, 1));
        for (seq, d) in tillit_domain::deadline::deadlines(&state, today)
            .into_iter()
            .enumerate()
        {
            rows.push(Row {
                case: case.to_string(),
                seq: seq as i64,
                kind: d.kind.code(),
                label: d.kind.label(),
                item: d.item.map(|i| i.to_string()),
                legal: date_text(d.legal_date),
                planning: date_text(d.planning_date),
                citation: d.citation.to_string(),
                owner: d.owner.map(|u| u.0),
                unit: unit.0,
            });
        }
    }
    for chunk in rows.chunks(INSERT_CHUNK) {
        let sql = format!(
            "INSERT INTO deadlines (case_id, seq, kind, label, item, legal_date, planning_date, \
             citation, owner_id, unit_id) VALUES {}",
            values_list(&*tx, chunk.len(), 10)
        );
        let mut query = sqlx::query(&sql);
        for r in chunk {
            query = query
                .bind(r.case.clone())
                .bind(r.seq)
                .bind(r.kind)
                .bind(r.label)
                .bind(r.item.clone())
                .bind(r.legal.clone())
                .bind(r.planning.clone())
                .bind(r.citation.clone())
                .bind(r.owner)
                .bind(r.unit);
        }
        query.execute(&mut *tx).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_lists_number_parameters_in_order() {
        assert_eq!(
            values_list_for(Backend::Postgres, 2, 3),
            "($1, $2, $3), ($4, $5, $6)"
        );
        assert_eq!(
            values_list_for(Backend::Sqlite, 2, 3),
            "(?, ?, ?), (?, ?, ?)"
        );
    }
}
