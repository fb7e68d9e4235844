//! Every register's records in three tables (migration 8): the entries
//! (`register_entries`, JSON payloads, key `(record_id, version)`), the
//! head of each record (`register_records`: the read model lists and
//! reports use, and the stream head a write compares and sets) and what is
//! due (`register_deadlines`, replaced with every write).
//!
//! Typed by the register (`tillit_domain::register::Register`): a record
//! is read back as its entries and the state folded from them; a write is
//! built with [`RecordWrite::new`] from the state the caller read and the
//! entries the domain decided, so the head and deadlines stored are the
//! domain's. A new register needs nothing here.

use crate::codec::{RowExt, bool_int, date_text, int_version, timestamp_text, version_int};
use crate::{Store, StoreError};
use jiff::Timestamp;
use jiff::civil::Date;
use sqlx::AnyConnection;
use tillit_domain::register::{Register, RegisterDeadline, RegisterKind, Written, fold};
use tillit_domain::{RecordId, UnitId, UserId};

/// One record of register `R`, read back.
#[derive(Clone, Debug)]
pub struct Record<R: Register> {
    pub id: RecordId,
    /// The running number within the register (the record's reference).
    pub number: u64,
    pub version: u64,
    pub entries: Vec<Written<R::Entry>>,
    pub state: R::State,
}

/// A record's head as stored: what a list shows without the entries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordHead {
    pub id: RecordId,
    pub register: RegisterKind,
    pub number: u64,
    pub version: u64,
    pub unit: UnitId,
    pub reported_by: Option<UserId>,
    pub handler: Option<UserId>,
    pub opened_on: Date,
    pub closed_on: Option<Date>,
    pub status: String,
    pub category: Option<String>,
    pub serious: bool,
    pub reported_externally: bool,
    pub measures: u32,
    pub measures_done: u32,
    pub gender: Option<tillit_domain::catalog::Gender>,
    pub age_band: Option<String>,
}

/// Which heads to list.
#[derive(Clone, Debug, Default)]
pub struct RecordFilter {
    pub unit: Option<UnitId>,
    /// Only the records this user reported.
    pub reported_by: Option<UserId>,
    /// Only those opened in this calendar year.
    pub year: Option<i16>,
    pub open_only: bool,
}

/// Something due in a record, as the worklist lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordDeadline {
    pub record: RecordId,
    pub register: RegisterKind,
    pub number: u64,
    pub unit: UnitId,
    pub what: String,
    pub label: String,
    pub due: Date,
    pub citation: String,
}

/// A write to one record, type-erased so that records of different
/// registers can be written in one transaction (an incident raised to a
/// Lex Sarah report).
#[derive(Clone, Debug)]
pub struct RecordWrite {
    id: RecordId,
    register: RegisterKind,
    expected_version: u64,
    head: tillit_domain::register::Head,
    deadlines: Vec<RegisterDeadline>,
    /// (kind, JSON payload, by, at, on)
    entries: Vec<(&'static str, String, UserId, Timestamp, Date)>,
}

impl RecordWrite {
    /// Append `entries` to the record `id` whose state the caller read at
    /// `expected_version` (0 and the default state for a new record).
    pub fn new<R: Register>(
        id: RecordId,
        expected_version: u64,
        state: &R::State,
        entries: &[Written<R::Entry>],
    ) -> Result<Self, StoreError> {
        let mut next = state.clone();
        let mut encoded = Vec::with_capacity(entries.len());
        for w in entries {
            R::apply(&mut next, w);
            let payload = serde_json::to_string(&w.entry)
                .map_err(|e| StoreError::Invalid(format!("posten kunde inte sparas: {e}")))?;
            encoded.push((R::entry_code(&w.entry), payload, w.by, w.at, w.on));
        }
        let head = R::head(&next)
            .ok_or_else(|| StoreError::Invalid("posten saknar sin första uppgift".into()))?;
        Ok(Self {
            id,
            register: R::KIND,
            expected_version,
            head,
            deadlines: R::deadlines(&next),
            entries: encoded,
        })
    }

    /// The record's version after the write.
    pub fn new_version(&self) -> u64 {
        self.expected_version + self.entries.len() as u64
    }
}

const HEAD_COLUMNS: &str = "id, register, number, version, unit_id, reported_by, handler_id, \
     opened_on, closed_on, status, category, serious, external, measures, measures_done, gender, age_band";

fn head_of(r: &sqlx::any::AnyRow) -> Result<RecordHead, StoreError> {
    let code = r.text("register")?;
    Ok(RecordHead {
        id: r.parsed("id")?,
        register: RegisterKind::from_code(&code)
            .ok_or_else(|| StoreError::corrupt(format!("okänt register {code}")))?,
        number: int_version(r.int("number")?)?,
        version: int_version(r.int("version")?)?,
        unit: UnitId(r.int("unit_id")?),
        reported_by: r.opt_int("reported_by")?.map(UserId),
        handler: r.opt_int("handler_id")?.map(UserId),
        opened_on: r.parsed("opened_on")?,
        closed_on: r.opt_parsed("closed_on")?,
        status: r.text("status")?,
        category: r.opt_text("category")?,
        serious: r.flag("serious")?,
        reported_externally: r.flag("external")?,
        measures: count(r.int("measures")?)?,
        measures_done: count(r.int("measures_done")?)?,
        gender: match r.opt_text("gender")? {
            None => None,
            Some(code) => Some(
                tillit_domain::catalog::Gender::from_code(&code)
                    .ok_or_else(|| StoreError::corrupt(format!("okänt kön {code}")))?,
            ),
        },
        age_band: r.opt_text("age_band")?,
    })
}

fn count(v: i64) -> Result<u32, StoreError> {
    u32::try_from(v).map_err(|_| StoreError::corrupt(format!("antal {v} utanför intervallet")))
}

impl Store {
    /// Write to records of registers, all or nothing. A record whose
    /// version moved on since the caller read it refuses the whole write
    /// with [`StoreError::RecordChanged`].
    pub async fn write_records(&self, writes: Vec<RecordWrite>) -> Result<(), StoreError> {
        self.write(move |tx| Box::pin(async move { write_records_tx(tx, &writes).await }))
            .await
    }

    /// Record `id` of register `R`, with its entries and state; `None` if
    /// there is none in this register.
    pub async fn record<R: Register>(&self, id: RecordId) -> Result<Option<Record<R>>, StoreError> {
        let Some(head) = sqlx::query(
            "SELECT number, version FROM register_records WHERE id = $1 AND register = $2",
        )
        .bind(id.to_string())
        .bind(R::KIND.code())
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let rows = sqlx::query(
            "SELECT payload, written_by, written_at, written_on FROM register_entries \
             WHERE record_id = $1 ORDER BY version",
        )
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await?;
        let mut entries = Vec::with_capacity(rows.len());
        for r in &rows {
            let payload = r.text("payload")?;
            let entry = serde_json::from_str(&payload)
                .map_err(|e| StoreError::corrupt(format!("en post i registret: {e}")))?;
            entries.push(Written {
                entry,
                by: UserId(r.int("written_by")?),
                at: r.parsed("written_at")?,
                on: r.parsed("written_on")?,
            });
        }
        let version = int_version(head.int("version")?)?;
        if entries.len() as u64 != version {
            return Err(StoreError::corrupt(format!(
                "posten har {} rader men version {version}",
                entries.len()
            )));
        }
        let state = fold::<R>(&entries);
        Ok(Some(Record {
            id,
            number: int_version(head.int("number")?)?,
            version,
            entries,
            state,
        }))
    }

    /// The heads of a register's records, newest first.
    pub async fn records(
        &self,
        register: RegisterKind,
        filter: &RecordFilter,
    ) -> Result<Vec<RecordHead>, StoreError> {
        let mut sql = format!("SELECT {HEAD_COLUMNS} FROM register_records WHERE register = $1");
        let mut n = 1;
        let mut next = |sql: &mut String, cond: &str| {
            n += 1;
            sql.push_str(&format!(" AND {cond} ${n}"));
        };
        if filter.unit.is_some() {
            next(&mut sql, "unit_id =");
        }
        if filter.reported_by.is_some() {
            next(&mut sql, "reported_by =");
        }
        if filter.year.is_some() {
            next(&mut sql, "opened_on >=");
            next(&mut sql, "opened_on <");
        }
        if filter.open_only {
            sql.push_str(" AND closed_on IS NULL");
        }
        sql.push_str(" ORDER BY opened_on DESC, number DESC");
        let mut q = sqlx::query(&sql).bind(register.code());
        if let Some(u) = filter.unit {
            q = q.bind(u.0);
        }
        if let Some(u) = filter.reported_by {
            q = q.bind(u.0);
        }
        if let Some(y) = filter.year {
            q = q
                .bind(format!("{y:04}-01-01"))
                .bind(format!("{:04}-01-01", i32::from(y) + 1));
        }
        q.fetch_all(&self.pool).await?.iter().map(head_of).collect()
    }

    /// The head of record `id`, whatever its register.
    pub async fn record_head(&self, id: RecordId) -> Result<Option<RecordHead>, StoreError> {
        sqlx::query(&format!(
            "SELECT {HEAD_COLUMNS} FROM register_records WHERE id = $1"
        ))
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(head_of)
        .transpose()
    }

    /// What is due in open records of `registers` (of `unit`, or all),
    /// earliest first.
    pub async fn record_deadlines(
        &self,
        registers: &[RegisterKind],
        unit: Option<UnitId>,
    ) -> Result<Vec<RecordDeadline>, StoreError> {
        if registers.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (1..=registers.len()).map(|i| format!("${i}")).collect();
        let mut sql = format!(
            "SELECT d.record_id, d.register, r.number, d.unit_id, d.what, d.label, d.due_on, d.citation \
             FROM register_deadlines d JOIN register_records r ON r.id = d.record_id \
             WHERE d.register IN ({})",
            marks.join(", ")
        );
        if unit.is_some() {
            sql.push_str(&format!(" AND d.unit_id = ${}", registers.len() + 1));
        }
        sql.push_str(" ORDER BY d.due_on, r.number");
        let mut q = sqlx::query(&sql);
        for r in registers {
            q = q.bind(r.code());
        }
        if let Some(u) = unit {
            q = q.bind(u.0);
        }
        q.fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                let code = r.text("register")?;
                Ok(RecordDeadline {
                    record: r.parsed("record_id")?,
                    register: RegisterKind::from_code(&code)
                        .ok_or_else(|| StoreError::corrupt(format!("okänt register {code}")))?,
                    number: int_version(r.int("number")?)?,
                    unit: UnitId(r.int("unit_id")?),
                    what: r.text("what")?,
                    label: r.text("label")?,
                    due: r.parsed("due_on")?,
                    citation: r.text("citation")?,
                })
            })
            .collect()
    }
}

pub(crate) async fn write_records_tx(
    tx: &mut AnyConnection,
    writes: &[RecordWrite],
) -> Result<(), StoreError> {
    for w in writes {
        let id = w.id.to_string();
        let h = &w.head;
        let new_version = version_int(w.new_version())?;
        if w.expected_version == 0 {
            if sqlx::query("SELECT 1 FROM register_records WHERE id = $1")
                .bind(&id)
                .fetch_optional(&mut *tx)
                .await?
                .is_some()
            {
                return Err(record_changed(tx, &id, 0).await);
            }
            let number: i64 = {
                use sqlx::Row;
                sqlx::query(
                    "SELECT COALESCE(MAX(number), 0) + 1 AS n FROM register_records WHERE register = $1",
                )
                .bind(w.register.code())
                .fetch_one(&mut *tx)
                .await?
                .try_get("n")?
            };
            sqlx::query(&format!(
                "INSERT INTO register_records ({HEAD_COLUMNS}) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"
            ))
            .bind(&id)
            .bind(w.register.code())
            .bind(number)
            .bind(new_version)
            .bind(h.unit.0)
            .bind(h.reported_by.map(|u| u.0))
            .bind(h.handler.map(|u| u.0))
            .bind(date_text(h.opened_on))
            .bind(h.closed_on.map(date_text))
            .bind(h.status)
            .bind(h.category.clone())
            .bind(bool_int(h.serious))
            .bind(bool_int(h.reported_externally))
            .bind(i64::from(h.measures))
            .bind(i64::from(h.measures_done))
            .bind(h.gender.map(|g| g.code()))
            .bind(h.age_band.clone())
            .execute(&mut *tx)
            .await?;
        } else {
            let done = sqlx::query(
                "UPDATE register_records SET version = $1, unit_id = $2, handler_id = $3, \
                 closed_on = $4, status = $5, category = $6, serious = $7, external = $8, \
                 measures = $9, measures_done = $10, gender = $11, age_band = $12 \
                 WHERE id = $13 AND register = $14 AND version = $15",
            )
            .bind(new_version)
            .bind(h.unit.0)
            .bind(h.handler.map(|u| u.0))
            .bind(h.closed_on.map(date_text))
            .bind(h.status)
            .bind(h.category.clone())
            .bind(bool_int(h.serious))
            .bind(bool_int(h.reported_externally))
            .bind(i64::from(h.measures))
            .bind(i64::from(h.measures_done))
            .bind(h.gender.map(|g| g.code()))
            .bind(h.age_band.clone())
            .bind(&id)
            .bind(w.register.code())
            .bind(version_int(w.expected_version)?)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(record_changed(tx, &id, w.expected_version).await);
            }
        }
        for (i, (kind, payload, by, at, on)) in w.entries.iter().enumerate() {
            sqlx::query(
                "INSERT INTO register_entries (record_id, version, kind, payload, written_by, written_at, written_on) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&id)
            .bind(version_int(w.expected_version + i as u64 + 1)?)
            .bind(*kind)
            .bind(payload.clone())
            .bind(by.0)
            .bind(timestamp_text(*at))
            .bind(date_text(*on))
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("DELETE FROM register_deadlines WHERE record_id = $1")
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        for d in &w.deadlines {
            sqlx::query(
                "INSERT INTO register_deadlines (record_id, register, unit_id, what, label, due_on, citation) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&id)
            .bind(w.register.code())
            .bind(h.unit.0)
            .bind(d.what)
            .bind(d.label)
            .bind(date_text(d.due))
            .bind(d.citation)
            .execute(&mut *tx)
            .await?;
        }
    }
    Ok(())
}

/// The refusal of a stale write, with the version the record has.
async fn record_changed(tx: &mut AnyConnection, id: &str, expected: u64) -> StoreError {
    if let Err(e) = crate::writer::undo_job(tx).await {
        return e;
    }
    let actual = match sqlx::query("SELECT version FROM register_records WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
    {
        Ok(Some(r)) => r.int("version").and_then(int_version).unwrap_or(0),
        Ok(None) => 0,
        Err(e) => return e.into(),
    };
    StoreError::RecordChanged { expected, actual }
}

impl Store {
    /// Gallring: replace the stored payload of entry `version` (1-based) of
    /// record `id` with `entry` (the same entry with personal data removed,
    /// as the domain's retention rule makes it). The entry's kind, writer
    /// and dates stay; heads and deadlines do not change. A record or
    /// version not there is [`StoreError::NotFound`].
    pub async fn redact_entry<R: Register>(
        &self,
        id: RecordId,
        version: u64,
        entry: &R::Entry,
    ) -> Result<(), StoreError> {
        let payload = serde_json::to_string(entry)
            .map_err(|e| StoreError::Invalid(format!("posten kunde inte skrivas: {e}")))?;
        let id = id.to_string();
        let version = version_int(version)?;
        self.write(move |tx| {
            Box::pin(async move {
                let done = sqlx::query(
                    "UPDATE register_entries SET payload = $1 WHERE record_id = $2 AND version = $3",
                )
                .bind(payload)
                .bind(id)
                .bind(version)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::NotFound("posten".into()));
                }
                Ok(())
            })
        })
        .await
    }
}
