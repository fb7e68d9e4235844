//! The access log (behandlingshistorik, lag 2001:454 and GDPR art. 32): who
//! read which person's data, when, from where, and why.
//!
//! ## A hash chain
//!
//! The table `access_log` is append-only. Every row has a number `seq`
//! (1, 2, 3, ... without gaps), `prev_hash` (the hash of row `seq - 1`, or
//! [`GENESIS_HASH`] for the first) and
//!
//! ```text
//! hash = lowercase hex SHA-256( prev_hash + "\n" + canonical content )
//! ```
//!
//! where the canonical content is a JSON array of every other column in a
//! fixed order (see [`canonical`]), computed from the stored text exactly as
//! it is, so that one changed byte in any column changes the hash. The table
//! `access_log_head` holds the last `seq` and `hash`.
//!
//! [`Store::verify_access_log`] walks the whole table in order and reports
//! the first row where the chain breaks:
//!
//! - a changed row fails at that row (its content no longer gives its hash;
//!   if the hash was rewritten too, the next row's link fails);
//! - a deleted row fails at the next row (its number does not follow);
//! - rows removed from the end fail against the head.
//!
//! A chain cannot by itself stop someone with full write access from
//! rewriting every row from some point on and the head with them. Against
//! that, `tillit audit verify` prints the head hash: recorded outside the
//! database (a printout, another system), it pins everything before it.
//!
//! ## No forks
//!
//! Appends are serialised, so two writers never chain onto the same row:
//! on SQLite the write transaction (`BEGIN IMMEDIATE`) holds the database's
//! write lock; on PostgreSQL the append reads the head row `FOR UPDATE`,
//! and the row lock makes the next writer wait until the commit. `seq` is
//! the primary key besides, so a fork could not be stored.
//!
//! ## What a row is
//!
//! One row per person per read: a case page logs the case's child, a person
//! page the person and every related person listed, a search one row per
//! person in the hit list (all rows of one page view share a `request_id`).
//! Emergency-access grants, log reviews, searches in the log and changes of
//! users are logged in the same chain. A review refers to the entry it
//! reviews (`ref_seq`); the reviewed entry itself is never changed.

use crate::codec::{RowExt, timestamp_text};
use crate::events::values_list;
use crate::{Backend, Store, StoreError};
use jiff::Timestamp;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use tillit_domain::role::Role;
use tillit_domain::{CaseId, PersonId, UnitId, UserId};

/// The `prev_hash` of the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Version tag at the start of every canonical content.
const CANONICAL_VERSION: &str = "tillit-access-log-v1";

/// Rows per multi-row insert (18 parameters each; see
/// [`crate::events::values_list`] for why SQLite's are anonymous).
const LOG_INSERT_CHUNK: usize = 64;

/// Rows read per page when verifying.
const VERIFY_PAGE: i64 = 5_000;

/// What an entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccessKind {
    /// A case page was shown (the person is the case's child).
    Case,
    /// A person page was shown.
    Person,
    /// A person was listed on another person's page (relations).
    Relation,
    /// A person was in a search's hit list.
    Search,
    /// Emergency access to a case was granted (the reason is required).
    EmergencyGrant,
    /// A log entry was marked reviewed (`ref_seq` names it; the comment is
    /// the reason).
    Review,
    /// The access log was searched (loggkontroll).
    LogSearch,
    /// A user, unit or team was created or changed by an administrator.
    Admin,
    /// A person was listed on a page of many (a worklist, the unit
    /// overview, the log review).
    List,
    /// A person was in a report or an extract with data about single
    /// persons or cases (delegation list, NUSO extract, ...).
    Export,
    /// The system administrator set a one-time password for a user.
    PasswordReset,
    /// A user replaced a one-time password with their own (`ref_seq` names
    /// the entry that recorded who set the one-time password).
    PasswordChanged,
    /// A register's record was opened (Lex Sarah, incident, ...); `detail`
    /// names it (`register:number`), `case_unit` is the record's unit.
    Register,
}

impl AccessKind {
    pub const ALL: [AccessKind; 13] = [
        Self::Case,
        Self::Person,
        Self::Relation,
        Self::Search,
        Self::EmergencyGrant,
        Self::Review,
        Self::LogSearch,
        Self::Admin,
        Self::List,
        Self::Export,
        Self::PasswordReset,
        Self::PasswordChanged,
        Self::Register,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Case => "case",
            Self::Person => "person",
            Self::Relation => "relation",
            Self::Search => "search",
            Self::EmergencyGrant => "emergency_grant",
            Self::Review => "review",
            Self::LogSearch => "log_search",
            Self::Admin => "admin",
            Self::List => "list",
            Self::Export => "export",
            Self::PasswordReset => "password_reset",
            Self::PasswordChanged => "password_changed",
            Self::Register => "register",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Kinds that show a person's data (what "many persons read" counts).
    /// Lists and extracts ([`Self::List`], [`Self::Export`]) name many
    /// persons at once by design and are not counted.
    pub fn reads_person(self) -> bool {
        matches!(
            self,
            Self::Case | Self::Person | Self::Relation | Self::Search | Self::Register
        )
    }
}

/// A flag set when the entry is written (the log review adds flags it can
/// compute from the time and from other entries).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccessFlag {
    /// The person has protected personal data (skyddade personuppgifter).
    Protected,
    /// The case belongs to another unit than the reader's.
    OtherUnit,
    /// Read through emergency access.
    Emergency,
}

impl AccessFlag {
    pub const ALL: [AccessFlag; 3] = [Self::Protected, Self::OtherUnit, Self::Emergency];

    pub fn code(self) -> &'static str {
        match self {
            Self::Protected => "protected",
            Self::OtherUnit => "other_unit",
            Self::Emergency => "emergency",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// An entry to append.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessEntry {
    /// When (UTC).
    pub at: Timestamp,
    pub user: UserId,
    /// The username at the time (kept in the entry: users can be renamed).
    pub username: String,
    /// The user's role at the time.
    pub role: Role,
    /// The user's unit at the time.
    pub user_unit: Option<UnitId>,
    /// The client's IP address as the server saw it.
    pub client_addr: String,
    pub kind: AccessKind,
    pub case: Option<CaseId>,
    /// The unit the case belonged to when it was read.
    pub case_unit: Option<UnitId>,
    pub person: Option<PersonId>,
    /// Groups the rows written for one page view.
    pub request_id: String,
    /// Why: the reason given for emergency access, or a review's comment.
    pub reason: Option<String>,
    /// Stored sorted and without duplicates.
    pub flags: Vec<AccessFlag>,
    /// The entry a review refers to.
    pub ref_seq: Option<u64>,
    /// More about what was done (no personal data), e.g. an admin change.
    pub detail: Option<String>,
}

impl AccessEntry {
    /// Whether the entry has `flag`.
    pub fn has(&self, flag: AccessFlag) -> bool {
        self.flags.contains(&flag)
    }
}

/// An entry as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedEntry {
    pub seq: u64,
    pub entry: AccessEntry,
    pub prev_hash: String,
    pub hash: String,
}

/// The columns of a row exactly as stored: what the hash covers.
#[derive(Clone, Debug, PartialEq, Eq)]
struct RawRow {
    seq: i64,
    at: String,
    user_id: i64,
    username: String,
    role: String,
    user_unit_id: Option<i64>,
    client_addr: String,
    kind: String,
    case_id: Option<String>,
    case_unit_id: Option<i64>,
    person_id: Option<String>,
    request_id: String,
    reason: Option<String>,
    flags: String,
    ref_seq: Option<i64>,
    detail: Option<String>,
}

const CONTENT_COLUMNS: &str = "seq, at, user_id, username, role, user_unit_id, client_addr, kind, \
     case_id, case_unit_id, person_id, request_id, reason, flags, ref_seq, detail";

impl RawRow {
    fn from_entry(seq: i64, e: &AccessEntry) -> Result<RawRow, StoreError> {
        Ok(RawRow {
            seq,
            at: timestamp_text(e.at),
            user_id: e.user.0,
            username: e.username.clone(),
            role: e.role.code().to_string(),
            user_unit_id: e.user_unit.map(|u| u.0),
            client_addr: e.client_addr.clone(),
            kind: e.kind.code().to_string(),
            case_id: e.case.map(|c| c.to_string()),
            case_unit_id: e.case_unit.map(|u| u.0),
            person_id: e.person.map(|p| p.to_string()),
            request_id: e.request_id.clone(),
            reason: e.reason.clone(),
            flags: flags_text(&e.flags),
            ref_seq: e.ref_seq.map(crate::codec::version_int).transpose()?,
            detail: e.detail.clone(),
        })
    }

    fn read(r: &AnyRow) -> Result<RawRow, StoreError> {
        Ok(RawRow {
            seq: r.int("seq")?,
            at: r.text("at")?,
            user_id: r.int("user_id")?,
            username: r.text("username")?,
            role: r.text("role")?,
            user_unit_id: r.opt_int("user_unit_id")?,
            client_addr: r.text("client_addr")?,
            kind: r.text("kind")?,
            case_id: r.opt_text("case_id")?,
            case_unit_id: r.opt_int("case_unit_id")?,
            person_id: r.opt_text("person_id")?,
            request_id: r.text("request_id")?,
            reason: r.opt_text("reason")?,
            flags: r.text("flags")?,
            ref_seq: r.opt_int("ref_seq")?,
            detail: r.opt_text("detail")?,
        })
    }

    fn to_entry(&self) -> Result<AccessEntry, StoreError> {
        let parse_err = |what: &str| StoreError::corrupt(format!("loggpost {}: {what}", self.seq));
        Ok(AccessEntry {
            at: self.at.parse().map_err(|_| parse_err("tidpunkt"))?,
            user: UserId(self.user_id),
            username: self.username.clone(),
            role: Role::from_code(&self.role).ok_or_else(|| parse_err("roll"))?,
            user_unit: self.user_unit_id.map(UnitId),
            client_addr: self.client_addr.clone(),
            kind: AccessKind::from_code(&self.kind).ok_or_else(|| parse_err("slag"))?,
            case: self
                .case_id
                .as_deref()
                .map(str::parse)
                .transpose()
                .map_err(|_| parse_err("ärende"))?,
            case_unit: self.case_unit_id.map(UnitId),
            person: self
                .person_id
                .as_deref()
                .map(str::parse)
                .transpose()
                .map_err(|_| parse_err("person"))?,
            request_id: self.request_id.clone(),
            reason: self.reason.clone(),
            flags: self
                .flags
                .split(',')
                .filter(|f| !f.is_empty())
                .map(|f| AccessFlag::from_code(f).ok_or_else(|| parse_err("flagga")))
                .collect::<Result<_, _>>()?,
            ref_seq: self
                .ref_seq
                .map(u64::try_from)
                .transpose()
                .map_err(|_| parse_err("hänvisning"))?,
            detail: self.detail.clone(),
        })
    }

    /// The canonical content: a JSON array of the columns in a fixed order.
    fn canonical(&self) -> String {
        serde_json::json!([
            CANONICAL_VERSION,
            self.seq,
            self.at,
            self.user_id,
            self.username,
            self.role,
            self.user_unit_id,
            self.client_addr,
            self.kind,
            self.case_id,
            self.case_unit_id,
            self.person_id,
            self.request_id,
            self.reason,
            self.flags,
            self.ref_seq,
            self.detail,
        ])
        .to_string()
    }
}

fn flags_text(flags: &[AccessFlag]) -> String {
    let mut v: Vec<AccessFlag> = flags.to_vec();
    v.sort_unstable();
    v.dedup();
    v.iter().map(|f| f.code()).collect::<Vec<_>>().join(",")
}

/// The hash of a row: SHA-256 over the previous hash, a newline and the
/// canonical content, as lowercase hex.
fn chain_hash(prev_hash: &str, canonical: &str) -> String {
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(b"\n");
    h.update(canonical.as_bytes());
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Append entries inside the caller's write transaction; returns their
/// numbers. Serialised against other appenders (see the module docs).
pub(crate) async fn append_entries(
    tx: &mut AnyConnection,
    backend: Backend,
    entries: &[AccessEntry],
) -> Result<Vec<u64>, StoreError> {
    let (seqs, new_head) = append_entries_deferring_head(tx, backend, entries).await?;
    sqlx::query(&new_head).execute(&mut *tx).await?;
    Ok(seqs)
}

/// [`append_entries`] without the last statement, the update of the head,
/// which is returned (without parameters) for the caller to run before
/// anything else reads the head: the writer sends it together with the
/// savepoint's release.
pub(crate) async fn append_entries_deferring_head(
    tx: &mut AnyConnection,
    backend: Backend,
    entries: &[AccessEntry],
) -> Result<(Vec<u64>, String), StoreError> {
    if entries.is_empty() {
        // Nothing to chain: a no-op in place of the head's update.
        return Ok((Vec::new(), "SELECT 1".to_string()));
    }
    let head_sql = match backend {
        // The write transaction already holds SQLite's write lock.
        Backend::Sqlite => "SELECT seq, hash FROM access_log_head WHERE id = 1",
        // The row lock makes the next appender wait for this commit.
        Backend::Postgres => "SELECT seq, hash FROM access_log_head WHERE id = 1 FOR UPDATE",
    };
    let head = sqlx::query(head_sql)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::corrupt("åtkomstloggens huvud saknas"))?;
    let mut seq = head.int("seq")?;
    let mut prev = head.text("hash")?;

    let mut rows: Vec<(RawRow, String, String)> = Vec::with_capacity(entries.len());
    let mut seqs = Vec::with_capacity(entries.len());
    for e in entries {
        if e.username.is_empty() || e.request_id.is_empty() {
            return Err(StoreError::Invalid(
                "loggposten saknar användare eller begäran".into(),
            ));
        }
        seq += 1;
        let raw = RawRow::from_entry(seq, e)?;
        let hash = chain_hash(&prev, &raw.canonical());
        seqs.push(u64::try_from(seq).map_err(|_| StoreError::corrupt("negativt loggnummer"))?);
        rows.push((raw, prev.clone(), hash.clone()));
        prev = hash;
    }

    for chunk in rows.chunks(LOG_INSERT_CHUNK) {
        let sql = format!(
            "INSERT INTO access_log ({CONTENT_COLUMNS}, prev_hash, hash) VALUES {}",
            values_list(&*tx, chunk.len(), 18)
        );
        let mut q = sqlx::query(&sql);
        for (r, prev_hash, hash) in chunk {
            q = q
                .bind(r.seq)
                .bind(r.at.clone())
                .bind(r.user_id)
                .bind(r.username.clone())
                .bind(r.role.clone())
                .bind(r.user_unit_id)
                .bind(r.client_addr.clone())
                .bind(r.kind.clone())
                .bind(r.case_id.clone())
                .bind(r.case_unit_id)
                .bind(r.person_id.clone())
                .bind(r.request_id.clone())
                .bind(r.reason.clone())
                .bind(r.flags.clone())
                .bind(r.ref_seq)
                .bind(r.detail.clone())
                .bind(prev_hash.clone())
                .bind(hash.clone());
        }
        q.execute(&mut *tx).await?;
    }
    // Both values are made here (a number and a hex digest), never typed by
    // anyone: written into the statement, which then needs no parameters.
    debug_assert!(prev.bytes().all(|b| b.is_ascii_hexdigit()));
    Ok((
        seqs,
        format!("UPDATE access_log_head SET seq = {seq}, hash = '{prev}' WHERE id = 1"),
    ))
}

/// Which entries [`Store::access_log`] returns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccessLogFilter {
    pub person: Option<PersonId>,
    pub user: Option<UserId>,
    /// From this time on (inclusive).
    pub from: Option<Timestamp>,
    /// Before this time (exclusive).
    pub until: Option<Timestamp>,
    /// Entries by users of this unit, or about cases of this unit.
    pub unit: Option<UnitId>,
    /// Only these kinds (empty: every kind).
    pub kinds: Vec<AccessKind>,
    /// At most this many (newest first); 0 means 500.
    pub limit: u32,
}

/// The result of [`Store::verify_access_log`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainReport {
    /// Rows read and checked.
    pub checked: u64,
    /// The last intact entry's number and hash (0 and [`GENESIS_HASH`] for
    /// an empty log).
    pub last_seq: u64,
    pub last_hash: String,
    /// The first place the chain is broken, if any.
    pub broken: Option<ChainBreak>,
}

/// Where and how the chain is broken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainBreak {
    /// The number of the first entry that fails.
    pub seq: u64,
    /// What is wrong, in Swedish.
    pub problem: String,
}

impl ChainReport {
    pub fn is_intact(&self) -> bool {
        self.broken.is_none()
    }
}

impl Store {
    /// Append entries to the access log in one transaction (all or none).
    /// Returns their numbers. A caller that shows personal data must call
    /// this, and succeed, before showing it.
    pub async fn log_access(&self, entries: &[AccessEntry]) -> Result<Vec<u64>, StoreError> {
        if entries.is_empty() {
            return Ok(Vec::new());
        }
        // Group commit: chained with the other entries waiting (writer.rs).
        self.writer.log(self.wait, entries.to_vec()).await
    }

    /// One entry by number.
    pub async fn access_log_entry(&self, seq: u64) -> Result<Option<LoggedEntry>, StoreError> {
        let sql =
            format!("SELECT {CONTENT_COLUMNS}, prev_hash, hash FROM access_log WHERE seq = $1");
        sqlx::query(&sql)
            .bind(crate::codec::version_int(seq)?)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| logged_from_row(&r))
            .transpose()
    }

    /// Entries matching the filter, newest first.
    pub async fn access_log(&self, f: &AccessLogFilter) -> Result<Vec<LoggedEntry>, StoreError> {
        let mut conditions: Vec<String> = Vec::new();
        let mut n = 0;
        let mut next = || {
            n += 1;
            format!("${n}")
        };
        if f.person.is_some() {
            conditions.push(format!("person_id = {}", next()));
        }
        if f.user.is_some() {
            conditions.push(format!("user_id = {}", next()));
        }
        if f.from.is_some() {
            conditions.push(format!("at >= {}", next()));
        }
        if f.until.is_some() {
            conditions.push(format!("at < {}", next()));
        }
        if f.unit.is_some() {
            let a = next();
            let b = next();
            conditions.push(format!("(user_unit_id = {a} OR case_unit_id = {b})"));
        }
        if !f.kinds.is_empty() {
            let list: Vec<String> = f.kinds.iter().map(|_| next()).collect();
            conditions.push(format!("kind IN ({})", list.join(", ")));
        }
        let limit_param = next();
        let where_clause = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let sql = format!(
            "SELECT {CONTENT_COLUMNS}, prev_hash, hash FROM access_log {where_clause} \
             ORDER BY seq DESC LIMIT {limit_param}"
        );
        let mut q = sqlx::query(&sql);
        if let Some(p) = f.person {
            q = q.bind(p.to_string());
        }
        if let Some(u) = f.user {
            q = q.bind(u.0);
        }
        if let Some(t) = f.from {
            q = q.bind(timestamp_text(t));
        }
        if let Some(t) = f.until {
            q = q.bind(timestamp_text(t));
        }
        if let Some(u) = f.unit {
            q = q.bind(u.0).bind(u.0);
        }
        for k in &f.kinds {
            q = q.bind(k.code());
        }
        let limit = if f.limit == 0 { 500 } else { f.limit };
        q.bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(logged_from_row)
            .collect()
    }

    /// The system administrator's changes in a unit ([`AccessKind::Admin`]
    /// and [`AccessKind::PasswordReset`] entries whose case unit is `unit`)
    /// from `from` on, newest first, at most `limit`. Answered from an index
    /// of those entries alone (migration 7), however long the log grows.
    pub async fn admin_changes(
        &self,
        unit: UnitId,
        from: Timestamp,
        limit: u32,
    ) -> Result<Vec<LoggedEntry>, StoreError> {
        // The kinds are written out, not bound: only then can the database
        // see that the partial index covers the query.
        let sql = format!(
            "SELECT {CONTENT_COLUMNS}, prev_hash, hash FROM access_log \
             WHERE kind IN ('{}', '{}') AND case_unit_id = $1 AND at >= $2 \
             ORDER BY seq DESC LIMIT $3",
            AccessKind::Admin.code(),
            AccessKind::PasswordReset.code()
        );
        sqlx::query(&sql)
            .bind(unit.0)
            .bind(timestamp_text(from))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(logged_from_row)
            .collect()
    }

    /// The reviews ([`AccessKind::Review`]) of the given entries, oldest first.
    pub async fn reviews_of(&self, seqs: &[u64]) -> Result<Vec<LoggedEntry>, StoreError> {
        let mut out = Vec::new();
        for chunk in seqs.chunks(500) {
            let params: Vec<String> = (2..chunk.len() + 2).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT {CONTENT_COLUMNS}, prev_hash, hash FROM access_log \
                 WHERE kind = $1 AND ref_seq IN ({}) ORDER BY seq",
                params.join(", ")
            );
            let mut q = sqlx::query(&sql).bind(AccessKind::Review.code());
            for s in chunk {
                q = q.bind(crate::codec::version_int(*s)?);
            }
            for r in q.fetch_all(&self.pool).await? {
                out.push(logged_from_row(&r)?);
            }
        }
        Ok(out)
    }

    /// When each person was read by `user` in `[from, until)`: (time, person)
    /// for every entry of a kind that shows a person, oldest first. For the
    /// "many persons in a short time" flag of the log review.
    pub async fn person_reads(
        &self,
        user: UserId,
        from: Timestamp,
        until: Timestamp,
    ) -> Result<Vec<(Timestamp, PersonId)>, StoreError> {
        let kinds: Vec<AccessKind> = AccessKind::ALL
            .into_iter()
            .filter(|k| k.reads_person())
            .collect();
        let params: Vec<String> = (4..kinds.len() + 4).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT at, person_id FROM access_log WHERE user_id = $1 AND at >= $2 AND at < $3 \
             AND person_id IS NOT NULL AND kind IN ({}) ORDER BY at, seq",
            params.join(", ")
        );
        let mut q = sqlx::query(&sql)
            .bind(user.0)
            .bind(timestamp_text(from))
            .bind(timestamp_text(until));
        for k in &kinds {
            q = q.bind(k.code());
        }
        q.fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((r.parsed("at")?, r.parsed("person_id")?)))
            .collect()
    }

    /// Check the whole chain from the first entry to the head. Reads the
    /// table in pages, so memory stays small however long the log is.
    pub async fn verify_access_log(&self) -> Result<ChainReport, StoreError> {
        let mut checked: u64 = 0;
        let mut expected_seq: i64 = 1;
        let mut prev_hash = GENESIS_HASH.to_string();
        let broken = |seq: i64, problem: String| ChainBreak {
            seq: u64::try_from(seq).unwrap_or(0),
            problem,
        };
        let report = |checked, seq: i64, hash: &str, b: Option<ChainBreak>| ChainReport {
            checked,
            last_seq: u64::try_from(seq).unwrap_or(0),
            last_hash: hash.to_string(),
            broken: b,
        };
        let mut after: i64 = 0;
        loop {
            let sql = format!(
                "SELECT {CONTENT_COLUMNS}, prev_hash, hash FROM access_log \
                 WHERE seq > $1 ORDER BY seq LIMIT $2"
            );
            let rows = sqlx::query(&sql)
                .bind(after)
                .bind(VERIFY_PAGE)
                .fetch_all(&self.pool)
                .await?;
            if rows.is_empty() {
                break;
            }
            for r in &rows {
                // The number first: everything else is checked against it.
                let seq = match r.int("seq") {
                    Ok(s) => s,
                    Err(_) => {
                        let b = broken(expected_seq, "postens nummer kan inte läsas".into());
                        return Ok(report(checked, expected_seq - 1, &prev_hash, Some(b)));
                    }
                };
                after = seq;
                checked += 1;
                if seq != expected_seq {
                    let problem = if seq > expected_seq {
                        if seq == expected_seq + 1 {
                            format!(
                                "post {expected_seq} saknas: posten före den här har tagits bort"
                            )
                        } else {
                            format!(
                                "posterna {expected_seq}–{} saknas: poster före den här har tagits bort",
                                seq - 1
                            )
                        }
                    } else {
                        format!("postens nummer {seq} följer inte på {}", expected_seq - 1)
                    };
                    return Ok(report(
                        checked - 1,
                        expected_seq - 1,
                        &prev_hash,
                        Some(broken(seq, problem)),
                    ));
                }
                let raw = match RawRow::read(r) {
                    Ok(raw) => raw,
                    Err(e) => {
                        let b = broken(seq, format!("posten kan inte läsas ({e})"));
                        return Ok(report(checked - 1, seq - 1, &prev_hash, Some(b)));
                    }
                };
                let (stored_prev, stored_hash) = match (r.text("prev_hash"), r.text("hash")) {
                    (Ok(p), Ok(h)) => (p, h),
                    _ => {
                        let b = broken(seq, "postens kontrollsummor kan inte läsas".into());
                        return Ok(report(checked - 1, seq - 1, &prev_hash, Some(b)));
                    }
                };
                if stored_prev != prev_hash {
                    let b = broken(
                        seq,
                        "länken till föregående post stämmer inte: föregående post har ändrats eller tagits bort"
                            .into(),
                    );
                    return Ok(report(checked - 1, seq - 1, &prev_hash, Some(b)));
                }
                let computed = chain_hash(&prev_hash, &raw.canonical());
                if computed != stored_hash {
                    let b = broken(
                        seq,
                        "innehållet stämmer inte med postens kontrollsumma: posten har ändrats"
                            .into(),
                    );
                    return Ok(report(checked - 1, seq - 1, &prev_hash, Some(b)));
                }
                prev_hash = stored_hash;
                expected_seq += 1;
            }
        }
        let last = expected_seq - 1;
        let head = sqlx::query("SELECT seq, hash FROM access_log_head WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?;
        let Some(head) = head else {
            let b = broken(last + 1, "åtkomstloggens huvud saknas".into());
            return Ok(report(checked, last, &prev_hash, Some(b)));
        };
        let (head_seq, head_hash) = match (head.int("seq"), head.text("hash")) {
            (Ok(s), Ok(h)) => (s, h),
            _ => {
                let b = broken(last + 1, "åtkomstloggens huvud kan inte läsas".into());
                return Ok(report(checked, last, &prev_hash, Some(b)));
            }
        };
        if head_seq > last {
            let problem = if head_seq == last + 1 {
                format!("post {head_seq} saknas: den sista posten har tagits bort")
            } else {
                format!(
                    "posterna {}–{head_seq} saknas: de sista posterna har tagits bort",
                    last + 1
                )
            };
            return Ok(report(
                checked,
                last,
                &prev_hash,
                Some(broken(last + 1, problem)),
            ));
        }
        if head_seq != last || head_hash != prev_hash {
            let b = broken(
                last,
                "åtkomstloggens huvud stämmer inte med den sista posten".into(),
            );
            return Ok(report(checked, last, &prev_hash, Some(b)));
        }
        Ok(report(checked, last, &prev_hash, None))
    }
}

fn logged_from_row(r: &AnyRow) -> Result<LoggedEntry, StoreError> {
    let raw = RawRow::read(r)?;
    Ok(LoggedEntry {
        seq: u64::try_from(raw.seq).map_err(|_| StoreError::corrupt("negativt loggnummer"))?,
        entry: raw.to_entry()?,
        prev_hash: r.text("prev_hash")?,
        hash: r.text("hash")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> AccessEntry {
        AccessEntry {
            at: "2026-03-10T08:15:00Z".parse().unwrap(),
            user: UserId(3),
            username: "anna".into(),
            role: Role::Caseworker,
            user_unit: Some(UnitId(1)),
            client_addr: "192.0.2.1".into(),
            kind: AccessKind::Case,
            case: Some(CaseId::from_u128(1)),
            case_unit: Some(UnitId(2)),
            person: Some(PersonId::from_u128(2)),
            request_id: "r1".into(),
            reason: Some("Akut placering, \"jour\"".into()),
            flags: vec![
                AccessFlag::OtherUnit,
                AccessFlag::Emergency,
                AccessFlag::OtherUnit,
            ],
            ref_seq: None,
            detail: None,
        }
    }

    #[test]
    fn canonical_content_is_fixed_and_covers_every_column() {
        let raw = RawRow::from_entry(7, &entry()).unwrap();
        assert_eq!(raw.flags, "other_unit,emergency");
        let c = raw.canonical();
        assert!(c.starts_with(
            "[\"tillit-access-log-v1\",7,\"2026-03-10T08:15:00.000000000Z\",3,\"anna\""
        ));
        assert!(c.contains("\\\"jour\\\""), "quotes are escaped: {c}");
        // Any change to any column changes the hash.
        let base = chain_hash(GENESIS_HASH, &c);
        let mut changed = raw.clone();
        changed.client_addr = "192.0.2.2".into();
        assert_ne!(chain_hash(GENESIS_HASH, &changed.canonical()), base);
        let mut changed = raw.clone();
        changed.reason = None;
        assert_ne!(chain_hash(GENESIS_HASH, &changed.canonical()), base);
        // And so does the previous hash.
        assert_ne!(chain_hash(&"1".repeat(64), &c), base);
        assert_eq!(base.len(), 64);
        // Round trip.
        assert_eq!(
            raw.to_entry().unwrap().flags,
            vec![AccessFlag::OtherUnit, AccessFlag::Emergency]
        );
    }

    #[test]
    fn codes_round_trip() {
        for k in AccessKind::ALL {
            assert_eq!(AccessKind::from_code(k.code()), Some(k));
        }
        for f in AccessFlag::ALL {
            assert_eq!(AccessFlag::from_code(f.code()), Some(f));
        }
    }
}
