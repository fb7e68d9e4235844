//! Person search by name at a city's size (issue 11, migration 18).
//!
//! `person_name_index` holds one row per word key of a person's name (`w:`
//! and a folded word, `s:` and its sound key, see [`crate::persons`]) with
//! the person's *sort key* (folded family name, given name, id:
//! [`sort_key`]) and year of birth. Its primary key is `(name_key,
//! sort_key)`, so the persons with one key come out of the index already in
//! the order of the hit list: the first 51 Anderssons are the first 51
//! index entries of `w:andersson`, whatever the number of Anderssons.
//!
//! A query word matches every key that starts with `w:` + the word, and its
//! sound key. The keys a word starts are listed first, by a walk over the
//! index that reads one entry per distinct key (at most
//! [`MAX_PREFIX_KEYS`]); each key is then read in order up to the limit and
//! the branches merged (`UNION`, which also drops a person found twice).
//! Only a word so short that it starts more keys than that (one or two
//! letters) falls back to reading every entry of its range and sorting.
//!
//! With several words the longest drives (its keys are read in order), and
//! every other word is checked per candidate on the index by person. A year
//! of birth is checked on the index row itself. A [`PersonScope`] limits
//! the hits to the persons a user may see, checked per candidate on
//! `cases` and `relations`, so that a caseworker gets the first persons
//! *they* may see, not the first of the whole register.

use crate::codec::RowExt;
use crate::events::{INSERT_CHUNK, values_list};
use crate::persons::{person_from_row, search_key, sound_key};
use crate::{Store, StoreError};
use tillit_domain::person::Person;
use tillit_domain::{CaseId, UnitId, UserId};

/// A word that starts more distinct name keys than this is matched by a
/// range scan and a sort instead of one ordered read per key.
pub(crate) const MAX_PREFIX_KEYS: i64 = 64;

/// Persons read per page when migration 18 fills the index.
const REBUILD_PAGE: i64 = 5_000;

/// The persons a case-handling user may see in a search: every person in
/// no case at all (their own, or a child's they are related to), and every
/// person with such a case in `unit`, assigned to `caseworker`, or among
/// `cases` (valid emergency access). This is the web crate's
/// `may_view_person` as a condition on the database; protected persons are
/// the caller's to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonScope {
    pub unit: Option<UnitId>,
    pub caseworker: UserId,
    pub cases: Vec<CaseId>,
}

/// A search by name ([`Store::search_persons`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct NameSearch<'a> {
    /// The name words: each must match the start of a word of the name, or
    /// sound like one ([`sound_key`]).
    pub query: &'a str,
    /// Only persons born this year.
    pub birth_year: Option<i16>,
    /// Only persons in this scope; `None`: everyone.
    pub scope: Option<&'a PersonScope>,
    /// Only hits after this one ([`NameHit::sort_key`]): the next page.
    pub after: Option<&'a str>,
    /// At most this many hits.
    pub limit: u32,
}

/// A person found by name, with their place in the hit list.
#[derive(Clone, Debug, PartialEq)]
pub struct NameHit {
    pub person: Person,
    /// Pass as [`NameSearch::after`] to continue after this hit.
    pub sort_key: String,
}

/// The order of the hit list: folded family name, folded given name, id,
/// separated by U+0001 (below every character of a folded name, so that
/// "Ander" comes before "Andersson").
pub(crate) fn sort_key(p: &Person) -> String {
    format!(
        "{}\u{1}{}\u{1}{}",
        search_key(&p.family_name),
        search_key(&p.given_name),
        p.id
    )
}

/// The index rows of a person: (name key, sort key, person, year of birth).
fn index_rows(p: &Person, keys: Vec<String>) -> Vec<(String, String, String, Option<i64>)> {
    let sort = sort_key(p);
    let year = p.birth_date.map(|d| i64::from(d.year()));
    keys.into_iter()
        .map(|k| (k, sort.clone(), p.id.to_string(), year))
        .collect()
}

/// Insert the index rows of these persons (none of them may have any yet).
pub(crate) async fn insert_index_rows(
    tx: &mut sqlx::AnyConnection,
    persons: &[&Person],
) -> Result<(), StoreError> {
    let rows: Vec<_> = persons
        .iter()
        .flat_map(|p| index_rows(p, crate::persons::name_keys(p)))
        .collect();
    for chunk in rows.chunks(INSERT_CHUNK) {
        let sql = format!(
            "INSERT INTO person_name_index (name_key, sort_key, person_id, birth_year) \
             VALUES {} ON CONFLICT DO NOTHING",
            values_list(&*tx, chunk.len(), 4)
        );
        let mut q = sqlx::query(&sql);
        for (k, s, id, year) in chunk {
            q = q
                .bind(k.clone())
                .bind(s.clone())
                .bind(id.clone())
                .bind(*year);
        }
        q.execute(&mut *tx).await?;
    }
    Ok(())
}

/// Write the index of every stored person (migration 18), a page of
/// persons at a time so that a city's register is never all in memory.
pub(crate) async fn rebuild_name_index(tx: &mut sqlx::AnyConnection) -> Result<(), StoreError> {
    let columns = crate::persons::PERSON_COLUMNS;
    let mut after = String::new();
    loop {
        let sql = format!("SELECT {columns} FROM persons WHERE id > $1 ORDER BY id LIMIT $2");
        let persons: Vec<Person> = sqlx::query(&sql)
            .bind(after.clone())
            .bind(REBUILD_PAGE)
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(person_from_row)
            .collect::<Result<_, _>>()?;
        let Some(last) = persons.last() else {
            return Ok(());
        };
        after = last.id.to_string();
        let refs: Vec<&Person> = persons.iter().collect();
        insert_index_rows(tx, &refs).await?;
    }
}

/// Bind parameters collected while an SQL text is built: each call returns
/// its placeholder (`$n`).
#[derive(Default)]
struct Params {
    values: Vec<Param>,
}

enum Param {
    Text(String),
    Int(i64),
}

impl Params {
    fn text(&mut self, value: impl Into<String>) -> String {
        self.values.push(Param::Text(value.into()));
        format!("${}", self.values.len())
    }

    fn int(&mut self, value: i64) -> String {
        self.values.push(Param::Int(value));
        format!("${}", self.values.len())
    }

    fn bind<'q>(
        &'q self,
        mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        for v in &self.values {
            q = match v {
                Param::Text(s) => q.bind(s.as_str()),
                Param::Int(i) => q.bind(*i),
            };
        }
        q
    }
}

/// The condition that `alias.name_key` matches `word`: starts with it, or
/// sounds the same.
fn word_condition(p: &mut Params, alias: &str, word: &str) -> String {
    let start = format!("w:{word}");
    let mut alternatives = Vec::new();
    match crate::persons::prefix_end(&start) {
        Some(end) => {
            let (a, b) = (p.text(start), p.text(end));
            alternatives.push(format!(
                "({alias}.name_key >= {a} AND {alias}.name_key < {b})"
            ));
        }
        None => {
            let a = p.text(start);
            alternatives.push(format!("{alias}.name_key >= {a}"));
        }
    }
    let sound = sound_key(word);
    if !sound.is_empty() {
        let s = p.text(format!("s:{sound}"));
        alternatives.push(format!("{alias}.name_key = {s}"));
    }
    alternatives.join(" OR ")
}

/// The condition that the candidate `k.person_id` is in `scope`, checked
/// per candidate on the covering indexes `cases_child` and
/// `relations_other`. `fence` ends each subquery: on PostgreSQL `OFFSET 0`,
/// which keeps the planner from turning the checks into hashes of every
/// case and relation (a sequential scan of both tables per search).
fn scope_condition(p: &mut Params, scope: &PersonScope, fence: &str) -> String {
    let mut readable = vec![format!("c.caseworker_id = {}", p.int(scope.caseworker.0))];
    if let Some(unit) = scope.unit {
        readable.insert(0, format!("c.unit_id = {}", p.int(unit.0)));
    }
    if !scope.cases.is_empty() {
        let ids: Vec<String> = scope.cases.iter().map(|c| p.text(c.to_string())).collect();
        readable.push(format!("c.id IN ({})", ids.join(", ")));
    }
    let readable = readable.join(" OR ");
    let own = "SELECT 1 FROM cases c WHERE c.child_id = k.person_id";
    let related = "SELECT 1 FROM relations r JOIN cases c ON c.child_id = r.child_id \
                   WHERE r.other_id = k.person_id";
    format!(
        "(EXISTS ({own} AND ({readable}){fence}) OR EXISTS ({related} AND ({readable}){fence}) \
         OR (NOT EXISTS ({own}{fence}) AND NOT EXISTS ({related}{fence})))"
    )
}

impl Store {
    /// Persons by name ([`NameSearch`]): every word of the query must match
    /// the start of a word of the given or family name, ignoring case and
    /// accents ([`search_key`]), or sound like one ([`sound_key`]): "ann
    /// ost" finds "Anna-Karin Öström". Sorted by folded family name, given
    /// name, id ([`NameHit::sort_key`]); at most `limit`. An empty query
    /// finds no one. See the module's documentation for how it reads no
    /// more of the index than the hits need.
    pub async fn search_persons(&self, s: &NameSearch<'_>) -> Result<Vec<NameHit>, StoreError> {
        let key = search_key(s.query);
        let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
        if s.limit == 0 {
            return Ok(Vec::new());
        }
        // The longest word is read in order; the others are checked.
        let Some((driver_at, driver)) = words
            .iter()
            .enumerate()
            .max_by_key(|(i, w)| (w.len(), *i))
            .map(|(i, w)| (i, *w))
        else {
            return Ok(Vec::new());
        };
        let keys = self.keys_starting_with(driver).await?;

        let mut p = Params::default();
        let limit = p.int(i64::from(s.limit));
        let mut filter = String::new();
        if let Some(year) = s.birth_year {
            filter.push_str(&format!(" AND k.birth_year = {}", p.int(i64::from(year))));
        }
        if let Some(after) = s.after {
            filter.push_str(&format!(" AND k.sort_key > {}", p.text(after)));
        }
        for (i, w) in words.iter().enumerate() {
            if i != driver_at {
                let condition = word_condition(&mut p, "o", w);
                filter.push_str(&format!(
                    " AND EXISTS (SELECT 1 FROM person_name_index o \
                     WHERE o.person_id = k.person_id AND ({condition}))"
                ));
            }
        }
        if let Some(scope) = s.scope {
            filter.push_str(" AND ");
            let fence = match self.backend {
                crate::Backend::Sqlite => "",
                crate::Backend::Postgres => " OFFSET 0",
            };
            filter.push_str(&scope_condition(&mut p, scope, fence));
        }
        // One branch per key reads that key's rows in order (a person has
        // one row per key); the range of a short word may hold a person
        // twice (two of their words start with it), hence DISTINCT there.
        let branch = |n: usize, matches: &str, distinct: &str| {
            format!(
                "SELECT sort_key, person_id FROM (SELECT {distinct}k.sort_key, k.person_id \
                 FROM person_name_index k WHERE {matches}{filter} \
                 ORDER BY k.sort_key LIMIT {limit}) b{n}"
            )
        };
        let branches: Vec<String> = match keys {
            Some(mut keys) => {
                // Every person with a word whose sound key is the driver's
                // has that sound key's row too: one branch reads them all.
                let sound = sound_key(driver);
                if !sound.is_empty() {
                    keys.retain(|k| k.strip_prefix("w:").is_none_or(|w| sound_key(w) != sound));
                    keys.push(format!("s:{sound}"));
                }
                keys.sort();
                keys.dedup();
                keys.into_iter()
                    .enumerate()
                    .map(|(n, k)| {
                        let k = p.text(k);
                        branch(n, &format!("k.name_key = {k}"), "")
                    })
                    .collect()
            }
            None => {
                let condition = word_condition(&mut p, "k", driver);
                vec![branch(0, &format!("({condition})"), "DISTINCT ")]
            }
        };
        let columns = crate::persons::PERSON_COLUMNS
            .split(", ")
            .map(|c| format!("p.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT u.sort_key, {columns} FROM (SELECT m.sort_key, m.person_id FROM ({}) m \
             ORDER BY m.sort_key LIMIT {limit}) u JOIN persons p ON p.id = u.person_id \
             ORDER BY u.sort_key",
            branches.join(" UNION ")
        );
        p.bind(sqlx::query(&sql))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(NameHit {
                    sort_key: r.text("sort_key")?,
                    person: person_from_row(r)?,
                })
            })
            .collect()
    }

    /// The distinct name keys that start with `w:` + `word`, in order, read
    /// one index entry per key; `None` if there are more than
    /// [`MAX_PREFIX_KEYS`].
    async fn keys_starting_with(&self, word: &str) -> Result<Option<Vec<String>>, StoreError> {
        let start = format!("w:{word}");
        let mut p = Params::default();
        let from = p.text(start.clone());
        let upper = |p: &mut Params, alias: &str| match crate::persons::prefix_end(&start) {
            Some(end) => format!(" AND {alias}.name_key < {}", p.text(end)),
            None => String::new(),
        };
        let first_upper = upper(&mut p, "f");
        let next_upper = upper(&mut p, "i");
        let most = p.int(MAX_PREFIX_KEYS);
        let sql = format!(
            "WITH RECURSIVE keys (name_key, n) AS ( \
               SELECT (SELECT f.name_key FROM person_name_index f \
                       WHERE f.name_key >= {from}{first_upper} ORDER BY f.name_key LIMIT 1), 1 \
               UNION ALL \
               SELECT (SELECT i.name_key FROM person_name_index i \
                       WHERE i.name_key > keys.name_key{next_upper} ORDER BY i.name_key LIMIT 1), \
                      keys.n + 1 \
               FROM keys WHERE keys.name_key IS NOT NULL AND keys.n <= {most}) \
             SELECT name_key FROM keys WHERE name_key IS NOT NULL"
        );
        let keys: Vec<String> = p
            .bind(sqlx::query(&sql))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| r.text("name_key"))
            .collect::<Result<_, _>>()?;
        Ok((keys.len() as i64 <= MAX_PREFIX_KEYS).then_some(keys))
    }
}
